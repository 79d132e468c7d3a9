s, f = {1, 2, 3}, frozenset({2, 3, 4})
print(sorted(s.__rand__(f)), sorted(s.__ror__(f)), sorted(s.__rsub__(f)), sorted(s.__rxor__(f)))
print(type(s.__rsub__(f)).__name__, type(f.__rsub__(s)).__name__, s.__rand__([1]))
print(f.__ror__(s), {"a": 1}.__ror__({"b": 2}), {"a": 1}.__ror__(3))
k = {"a": 1, "b": 2}.keys()
print(sorted({"a", "z"} - k), sorted({"a", "z"} ^ k), sorted(["b"] - k), k.isdisjoint(["x"]), k.isdisjoint("ab"))
print(dict(k.mapping), {"a": 1}.items().mapping["a"], type(k.mapping).__name__)
mp = type.__dict__["__dict__"].__get__(type("C", (), {"x": 1}))
print(type(mp).__name__, sorted(k for k in mp.copy() if k != "__weakref__"), sorted((mp | {"y": 2}).keys())[-2:], list(reversed(type("D", (), {"z": 0}).__dict__))[-1:])
try:
    mp |= {}
except TypeError as e:
    print(e)
l = [1, 2]
l2 = l
l *= 3
print(l, l2 is l, list(l.__reversed__()), bool(range(0)), bool(range(3)), range(5, 1).__bool__())
l *= 0
print(l)
r = reversed([1, 2, 3])
print(r.__length_hint__(), next(r), r.__length_hint__())
it = iter([1, 2, 3, 4])
it.__setstate__(2)
print(list(it))
r = reversed((1, 2, 3))
r.__setstate__(1)
print(list(r))
class P:
    @property
    def x(self):
        return 5
    @x.setter
    def x(self, v):
        print("set", v)
p = P()
P.x.__set__(p, 9)
try:
    P.x.__delete__(p)
except AttributeError as e:
    print(e)
print(P.x.__isabstractmethod__, classmethod(len).__isabstractmethod__, staticmethod(len).__isabstractmethod__)
import abc
class Q(abc.ABC):
    @property
    @abc.abstractmethod
    def y(self): ...
print(Q.__dict__["y"].__isabstractmethod__, sorted(Q.__abstractmethods__))
class R(P):
    def m(self):
        s = super()
        return s.__thisclass__.__name__, s.__self__ is self, s.__self_class__.__name__, s.__get__(self) is s
print(R().m())
def g():
    yield 1
gen = g()
print(gen.gi_code.co_name, gen.gi_suspended)
next(gen)
print(gen.gi_suspended)
print(g.__builtins__ is __builtins__.__dict__ if hasattr(__builtins__, "__dict__") else True, g.__call__().__class__.__name__)
e = Exception(1)
e.__setstate__({"note": 5})
print(e.note, e.__dict__)
import sys
print(sys.getsizeof(0), sys.getsizeof(2**40), sys.getsizeof(1.5), sys.getsizeof(1j), sys.getsizeof(""), sys.getsizeof("abc"), sys.getsizeof("é"), sys.getsizeof("€"))
print(sys.getsizeof(b"ab"), sys.getsizeof(()), sys.getsizeof((1, 2)), sys.getsizeof([]), sys.getsizeof({}), sys.getsizeof({"a": 1}), sys.getsizeof({1: 2}))
print(sys.getsizeof(set()), sys.getsizeof(set(range(10))), sys.getsizeof(range(3)), sys.getsizeof(None), sys.getsizeof(object()), sys.getsizeof(A := type("A", (), {})()))
print((0).__sizeof__(), [].__sizeof__(), ().__sizeof__(), sys.getsizeof(bytearray()), sys.getsizeof(bytearray(b"ab")))
