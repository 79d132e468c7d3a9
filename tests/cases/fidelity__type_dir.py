# dir(cls) asks the metaclass's __dir__ (type.__dir__ merges the class's and its bases' dicts),
# so enum classes and custom metaclasses list what they choose.
import enum


class C(enum.Enum):
    A = 1


print(dir(C))


class M(type):
    def __dir__(cls):
        return ["z", "a"]


class X(metaclass=M):
    pass


print(dir(X))


class A:
    x = 1


class B(A):
    y = 2


class D(B, A):
    z = 3


print(type.__dir__(D)[:4], sorted(type.__dir__(D)) == dir(D))
print(len(dir(int)), "mro" in dir(int), "real" in dir(int), "mro" in dir(type))
print(type.__dir__.__doc__)
try:
    type.__dir__(5)
except TypeError as e:
    print(e)
