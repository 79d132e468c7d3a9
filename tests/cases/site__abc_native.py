# abc.ABCMeta runs on the native `_abc` module (as CPython's C accelerator): abstract methods,
# register(), the caches, __subclasshook__, cache tokens, and the collection flags that
# structural pattern matching reads.
import abc
import collections.abc as cabc
import io
import sys

print('_py_abc' in sys.modules, type(cabc.Iterable._abc_impl))


class A(abc.ABC):
    @abc.abstractmethod
    def f(self): ...

    @property
    @abc.abstractmethod
    def p(self): ...


class B(A):
    def f(self):
        return 1


print(sorted(A.__abstractmethods__), sorted(B.__abstractmethods__))
try:
    B()
except TypeError as e:
    print(e)


class C(B):
    p = 3


print(C().f(), C.__abstractmethods__)


class V:
    pass


A.register(V)
print(issubclass(V, A), isinstance(V(), A), issubclass(int, A))
try:
    A.register(1)
except TypeError as e:
    print(e)


class D(abc.ABC):
    pass


D.register(D)
print("register(self) is a no-op")


class E(D):
    pass


try:
    E.register(D)
except RuntimeError as e:
    print(e)
t = abc.get_cache_token()


class F(abc.ABC):
    pass


print(F.register(int) is int, abc.get_cache_token() != t, abc.get_cache_token() == abc.get_cache_token())
print(isinstance(3, F), issubclass(bool, F), isinstance('', F))
print(isinstance([], cabc.Sequence), isinstance({}, cabc.Mapping), isinstance(iter([]), cabc.Iterator))
print(issubclass(str, cabc.Hashable), issubclass(list, cabc.Hashable), isinstance(range(3), cabc.Reversible))
print(isinstance(io.StringIO(), io.TextIOBase), isinstance(sys.stdout, io.IOBase))


class H:
    def __iter__(self):
        return self

    def __next__(self):
        raise StopIteration


print(isinstance(H(), cabc.Iterator), issubclass(H, cabc.Iterable), issubclass(H, cabc.Sized))


class NoIter(H):
    __iter__ = None


print(issubclass(NoIter, cabc.Iterable))


class Bad(abc.ABC):
    @classmethod
    def __subclasshook__(cls, C):
        return 1


try:
    issubclass(int, Bad)
except AssertionError as e:
    print("AssertionError:", e)
try:
    issubclass(1, cabc.Iterable)
except TypeError as e:
    print(e)


class MS(cabc.MutableSequence):
    pass


print(sorted(MS.__abstractmethods__))
print('__abc_tpflags__' in cabc.Sequence.__dict__, '__abc_tpflags__' in vars(cabc.Mapping))


class Seq(cabc.Sequence):
    def __getitem__(self, i):
        return [10, 20][i]

    def __len__(self):
        return 2


class MyMap:
    pass


cabc.Mapping.register(MyMap)


class SubMap(MyMap):
    pass


import array
import collections

for obj in [Seq(), MyMap(), SubMap(), [1, 2], {}, "ab", collections.deque([1, 2]), array.array('i', [3, 4]),
            memoryview(b'ab'), collections.UserList([5, 6]), collections.UserDict(), collections.OrderedDict(),
            b'ab', bytearray(b'ab'), range(2)]:
    match obj:
        case {}:
            print(type(obj).__name__, "mapping")
        case [a, b]:
            print(type(obj).__name__, "sequence", a, b)
        case _:
            print(type(obj).__name__, "neither")

try:
    class Both(abc.ABC):
        __abc_tpflags__ = 1 << 5 | 1 << 6
except TypeError as e:
    print(e)

impl = abc._get_dump(F)
print(type(impl).__name__, len(impl), [type(s).__name__ for s in impl[:3]], int in {r() for r in impl[0]})
F._abc_registry_clear()
print(abc._get_dump(F)[0], issubclass(int, F))
F._abc_caches_clear()
print(abc._get_dump(F)[1:3])
import _abc
print(sorted(n for n in dir(_abc) if not n.startswith('__')))
print(_abc._abc_init.__doc__)


class Wrong:
    _abc_impl = 1


try:
    _abc._abc_subclasscheck(Wrong, int)
except TypeError as e:
    print(e)
