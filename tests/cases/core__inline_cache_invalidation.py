# Inline caches (LOAD_GLOBAL / LOAD_ATTR / LOAD_METHOD / STORE_ATTR) must never change results:
# every way a cached answer can go stale is exercised inside one hot loop or function.

def use_len(n):
    out = []
    for i in range(n):
        out.append(len("abc"))
    return out

print(use_len(3))
len = lambda s: 99          # a global now shadows the builtin
print(use_len(2))
del len                     # back to the builtin
print(use_len(2))
import builtins
saved = builtins.len
builtins.len = lambda s: -1  # the builtin itself changes
print(use_len(2))
builtins.len = saved

# The same code object run with different globals dicts.
code = compile("r = value * 2", "<c>", "exec")
for g in ({"value": 1}, {"value": "ab"}, {"value": [0]}):
    exec(code, g)
    print(g["r"])
g = {"value": 5}
exec(code, g)
g.clear()
try:
    exec(code, g)
except NameError as e:
    print("NameError:", e)
# A key that is not the interned name object.
g = {"".join(["val", "ue"]): 7}
exec(code, g)
print(g["r"])

# Globals deleted and re-added between calls.
X = 1
def get_x():
    return X
print(get_x())
del X
try:
    get_x()
except NameError as e:
    print(e)
X = 3
print(get_x())


class A:
    def m(self):
        return "A.m"
    k = "class-k"


class B(A):
    pass


def call_m(objs):
    return [o.m() for o in objs]


def read_k(objs):
    return [o.k for o in objs]


a, b = A(), B()
print(call_m([a, b, a]))
b.m = lambda: "instance m"        # an instance attribute shadows the method
print(call_m([a, b, a]))
del b.m
print(call_m([a, b]))
A.m = lambda self: "new A.m"       # the class changes
print(call_m([a, b]))
B.m = lambda self: "B.m"           # a subclass gains an override
print(call_m([a, b]))
print(read_k([a, b]))
a.k = "inst-k"
print(read_k([a, b]))
A.k = property(lambda self: "prop-k")   # a data descriptor now wins over the instance dict
print(read_k([a, b]))


class P:
    def __init__(self, x):
        self.x = x

    def bump(self):
        self.x = self.x + 1
        return self.x


ps = [P(i) for i in range(3)]
print([p.bump() for p in ps])
P.x = property(lambda self: 100)
try:
    ps[0].bump()
except AttributeError as e:
    print("AttributeError:", e)
del P.x
print([p.bump() for p in ps])


class Q:
    def __init__(self):
        self.x = 0


class R:
    __slots__ = ("y",)


def set_x(o, v):
    o.x = v
    return o.x

q = Q()
for i in range(3):
    set_x(q, i)
print(q.x)
q.__class__ = P
print(set_x(q, 10), type(q).__name__)
try:
    set_x(R(), 1)
except AttributeError as e:
    print("AttributeError:", e)


class Logged:
    def __setattr__(self, name, value):
        print("setattr", name, value)
        object.__setattr__(self, name, value)


lg = Logged()
set_x(lg, 5)
print(lg.x)


class Getattr:
    def __getattr__(self, name):
        return "fallback " + name


gobj = Getattr()
print(read_k([gobj]))
gobj.k = "own"
print(read_k([gobj]))
del gobj.k
print(read_k([gobj]))

# Modules through the attribute cache.
import math
def sq(v):
    return math.sqrt(v)
print(sq(16.0))
math.sqrt = lambda v: "patched"
print(sq(16.0))
del math.sqrt
try:
    sq(1.0)
except AttributeError as e:
    print(e)
