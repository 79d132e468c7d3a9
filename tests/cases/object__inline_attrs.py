# Instance attributes of Python classes are stored inline (shape.rs) until `__dict__` is
# needed; every way of reaching them must agree with a plain dict's behaviour.
import copy
import gc
import pickle
import sys
import weakref


class P:
    kind = "class-level"

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def m(self):
        return "method"


# Insertion order survives whichever order the names were set in.
a = P(1, 2)
b = P(3, 4)
b.z = 5
c = P(6, 7)
del c.x
c.x = 8
print(vars(a), vars(b), vars(c))
print(list(a.__dict__), list(b.__dict__.items()))

# Reads and writes after the dict was materialised go through it.
d = P(1, 2)
dd = d.__dict__
dd["w"] = 9
d.v = 10
print(d.w, d.v, dd, d.__dict__ is dd)
dd.clear()
print(hasattr(d, "x"), d.__dict__)

# Loops that hit the attribute caches, with objects of several shapes at the same site.
objs = [P(i, i) for i in range(5)]
objs[1].extra = 1
objs[2].__dict__
del objs[3].y
objs[3].y = "late"
for _ in range(3):
    print([(o.x, o.y) for o in objs], [o.m() for o in objs], [o.kind for o in objs])

# An instance attribute shadows a method or a class attribute once set, even at a site
# that has called it many times.
s = P(0, 0)
for i in range(100):
    r = s.m()
    k = s.kind
s.m = lambda: "instance function"
s.kind = "instance-level"
print(r, k, s.m(), s.kind, P(0, 0).m(), P(0, 0).kind)
del s.m
print(s.m())

# Stores that add attributes at a cached site, then objects arriving with other shapes.
class Q:
    def __init__(self, first, swap=False):
        if swap:
            self.b = 2
            self.a = first
        else:
            self.a = first
            self.b = 2

    def bump(self):
        self.a += 1
        self.c = self.a * 10


qs = [Q(i, swap=i % 2 == 1) for i in range(6)]
for q in qs:
    q.bump()
    q.bump()
print([vars(q) for q in qs])

# Deleting: a missing name raises, a present one goes.
e = P(1, 2)
try:
    del e.nope
except AttributeError as exc:
    print("AttributeError:", exc)
del e.x
try:
    e.x
except AttributeError as exc:
    print("AttributeError:", exc)
print(vars(e))

# Names that are not identifiers, computed names and str subclasses.
class S(str):
    pass


f = P(1, 2)
setattr(f, "not an identifier", 1)
setattr(f, "".join(["com", "puted"]), 2)
setattr(f, S("sub"), 3)
print(getattr(f, "not an identifier"), f.computed, f.sub, vars(f))
print(type(list(vars(f))[-1]).__name__)

# Assigning __dict__ replaces every attribute.
g = P(1, 2)
g.__dict__ = {"only": 1}
print(vars(g), hasattr(g, "x"))
for bad in (5, [("a", 1)], None):
    try:
        g.__dict__ = bad
    except TypeError as exc:
        print("TypeError:", exc)


class D(dict):
    pass


g.__dict__ = D(sub=True)
print(type(g.__dict__).__name__, g.sub)

# Many attributes, and many distinct attribute names across instances.
h = P(0, 0)
for i in range(100):
    setattr(h, "a%d" % i, i)
print(len(vars(h)), h.a0, h.a99, list(vars(h))[:4])
many = []
for i in range(2000):
    o = P(i, i)
    setattr(o, "n%d" % i, i)
    many.append(o)
print(sum(getattr(o, "n%d" % i) for i, o in enumerate(many)), vars(many[1999]))

# __class__ assignment keeps the attributes.
class P2(P):
    def m(self):
        return "P2 method"


k = P(5, 6)
k.__class__ = P2
print(type(k).__name__, k.x, k.m(), vars(k))

# copy, pickle, dir, getsizeof, weakref, gc of cycles through attributes.
l = P([1, 2], {"k": 3})
l2 = copy.deepcopy(l)
l3 = copy.copy(l)
print(vars(l2), l3.x is l.x, vars(pickle.loads(pickle.dumps(l))))
print(pickle.loads(pickle.dumps(P.__new__(P))).__dict__)
print([n for n in dir(l) if not n.startswith("__")])
print(sys.getsizeof(P(1, 2)) == sys.getsizeof(P.__new__(P)))
w = weakref.ref(l)
print(w() is l)


class Node:
    def __init__(self):
        self.me = self
        self.payload = [0] * 10


gc.collect()
for i in range(50):
    Node()
print(gc.collect() >= 50)


# __slots__ with __dict__, and builtin subclasses with attributes.
class SD:
    __slots__ = ("a", "__dict__")


sd = SD()
sd.a = 1
sd.b = 2
print(sd.a, vars(sd))


class L(list):
    pass


li = L([1])
li.tag = "t"
print(li, li.tag, vars(li))

# __getattr__ is called only for names the instance lacks.
class G:
    def __init__(self):
        self.real = 1

    def __getattr__(self, name):
        return "fallback " + name


gg = G()
print(gg.real, gg.other)
gg.other = 2
print(gg.other)

# __setattr__ overrides still see every store.
class T:
    def __setattr__(self, name, value):
        object.__setattr__(self, name, value * 2)

    def __init__(self):
        self.v = 1


tt = T()
tt.v = 5
print(vars(tt))

# Functions and modules keep their own dicts.
def fn():
    pass


fn.attr = 1
print(fn.attr, fn.__dict__)
