# Slot reads and writes through the attribute cache: unset slots, deletion, subclasses,
# __class__ assignment between same-layout classes, and a class attribute replacing a slot.
class P:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm(self):
        return self.x * self.x + self.y * self.y


class Q(P):
    __slots__ = ("z",)


class R:
    __slots__ = ("x", "y")


ps = [P(i, i + 1) for i in range(5)] + [Q(7, 8)]
print([p.norm() for p in ps])


def read(o):
    return o.x


def write(o, v):
    o.x = v


for o in ps:
    write(o, read(o) + 100)
print([read(o) for o in ps])
p = P(1, 2)
del p.x
for f in (lambda: read(p), lambda: p.norm()):
    try:
        f()
    except AttributeError as e:
        print("AttributeError:", e)
write(p, 5)
print(read(p))
r = R()
r.x = "r"
print(read(r))
p.__class__ = R
print(type(p).__name__, read(p))
write(p, 9)
print(p.x, p.y)
try:
    write(object.__new__(P), 1)
    print("unset written")
except AttributeError as e:
    print("AttributeError:", e)
P.x = "class attribute now"
fresh = P.__new__(P)
print(read(fresh))
try:
    fresh.x = 3
except AttributeError as e:
    print("AttributeError:", e)
