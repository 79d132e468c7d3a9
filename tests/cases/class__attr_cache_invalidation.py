# Type attribute lookups are cached per type; every way a class (or a base, or the MRO) can
# change afterwards must be seen by the next lookup.
class A:
    x = 1
    def f(self):
        return "A.f"

class B(A):
    pass

b = B()
for _ in range(3):
    print(b.x, b.f(), B.x)
A.x = 2
print(b.x, B.x)
A.f = lambda self: "patched"
print(b.f())
B.x = 3
print(b.x, A.x)
del B.x
print(b.x)
del A.f
try:
    b.f()
except AttributeError as e:
    print("AttributeError:", e)

class C:
    def f(self):
        return "C.f"
    x = "C.x"

B.__bases__ = (C,)
print(b.f(), b.x, [k.__name__ for k in B.__mro__])
B.__bases__ = (A,)
print(b.x)

# Special methods found through the cache.
class N:
    def __init__(self, v):
        self.v = v
    def __add__(self, o):
        return N(self.v + o.v)
    def __repr__(self):
        return f"N({self.v})"

n = N(1)
print(n + n)
N.__add__ = lambda self, o: N(self.v * 10 + o.v)
print(n + n)
del N.__add__
try:
    n + n
except TypeError as e:
    print("TypeError:", e)
N.__repr__ = lambda self: "<N>"
print(n, repr(n))

# Negative results are cached too: adding the attribute later must be visible.
class D:
    pass

d = D()
for _ in range(2):
    print(hasattr(d, "late"), getattr(D, "late", None))
D.late = "here"
print(d.late)
setattr(D, "later", 5)
print(d.later)
type.__setattr__(D, "latest", 6)
print(d.latest)

# A metaclass attribute and a class attribute of the same name.
class Meta(type):
    tag = "meta"

class E(metaclass=Meta):
    pass

print(E.tag)
E.tag = "class"
print(E.tag, Meta.tag)
del E.tag
print(E.tag)
Meta.tag = "meta2"
print(E.tag)

# Properties and descriptors added after instances were looked at.
class F:
    def __init__(self):
        self.p = "instance"

f = F()
print(f.p)
F.p = property(lambda self: "property")
print(f.p)

# Classes created and dropped in a loop (type addresses get reused).
for i in range(50):
    class G:
        v = i
    g = G()
    assert g.v == i, (g.v, i)
print("loop ok")

# __slots__ after the MRO changes.
class S1:
    __slots__ = ("a",)

class S2(S1):
    __slots__ = ("b",)

s = S2()
s.a, s.b = 1, 2
try:
    s.c = 3
except AttributeError as e:
    print("AttributeError:", e)
print(s.a, s.b)
