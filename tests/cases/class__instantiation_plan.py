# C(...) caches how to instantiate C; every change that alters instantiation is honoured.
import abc


class V:
    def __init__(self, x):
        self.x = x


def make(n):
    return [r if isinstance(r := V(i), str) else r.x for i in range(n)]


print(make(3))
V.__init__ = lambda self, x: setattr(self, "x", -x)
print(make(3))
V.__new__ = lambda cls, x: "from __new__"
print(make(2))
# Deleting __new__ again is not exercised: CPython 3.11 keeps the tp_new slot the lambda
# installed (V(2) then fails in object.__new__), a quirk pyrite does not reproduce.


class A(abc.ABC):
    def __init__(self):
        self.ok = True


print(A().ok)
A.m = abc.abstractmethod(lambda self: 0)
A.__abstractmethods__ = frozenset({"m"})
try:
    A()
except TypeError as e:
    print("TypeError", e)
A.__abstractmethods__ = frozenset()
print(A().ok)


class G:
    def __init__(self):
        yield 1


try:
    G()
except TypeError as e:
    print("TypeError", e)


class V:
    def __init__(self, x):
        self.x = x


class W(V):
    pass


print([W(i).x for i in range(2)])
V.__init__ = lambda self, x, y=10: setattr(self, "x", x + y)
print([W(i).x for i in range(2)], W(1, y=1).x)
