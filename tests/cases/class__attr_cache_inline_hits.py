# The interpreter's inlined attribute-cache hits (instance values, methods, globals) must
# notice every change that would alter the generic lookup's answer.
class P:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm(self):
        return self.x * self.x + self.y * self.y


def read(objs):
    out = []
    for o in objs:
        out.append((o.x, o.y, o.norm()))
    return out


ps = [P(1, 2), P(3, 4)]
print(read(ps))
q = P(5, 6)
q.z = 1                      # a longer shape
del q.x                      # x now missing: AttributeError through the generic path
try:
    read([q])
except AttributeError as e:
    print("AttributeError", e)
r = P(7, 8)
r.norm = lambda: "shadowed"  # an instance attribute shadows the method
print(read([P(1, 1), r, P(2, 2)]))
P.norm = lambda self: -1     # the class's method replaced
print(read(ps))
P.x = property(lambda self: "prop")  # a data descriptor now wins over the instance value
print(read(ps))
del P.x
print(read(ps))
s = P(9, 9)
s.__dict__["y"] = 10         # written through the dict
print(read([s]))
s.__class__ = type("Q", (P,), {"norm": lambda self: "Q"})
print(read([s]))


def g():
    return helper()


def helper():
    return "first"


print(g())
helper = lambda: "second"    # the global rebound
print(g())
del helper
try:
    g()
except NameError as e:
    print("NameError", e)
import builtins
builtins.helper = lambda: "builtin"
print(g())
helper = lambda: "global again"
print(g())
