# dir() of builtin types matches CPython 3.11 (the .out file is the comparison).
import builtins, types

names = ["int", "float", "complex", "bool", "str", "bytes", "bytearray", "memoryview", "list", "tuple",
         "dict", "set", "frozenset", "range", "slice", "object", "enumerate", "zip", "map", "filter",
         "reversed", "property", "classmethod", "staticmethod", "super", "BaseException", "Exception"]
for n in names:
    print(n, " ".join(sorted(dir(getattr(builtins, n)))))
for t in [types.FunctionType, types.MethodType, types.ModuleType, type(len), type(None), type(NotImplemented),
          type(...), types.SimpleNamespace, types.MappingProxyType, type({}.keys()), type({}.items()),
          type(iter([]))]:
    print(t.__name__, " ".join(sorted(dir(t))))
print(sorted(vars(int)) == sorted(int.__dict__), "__dict__" in object.__dict__, "__module__" in int.__dict__)
print(int.__module__, type.__dict__["__module__"].__get__(int), types.SimpleNamespace.__module__)
print(types.SimpleNamespace.__name__, types.SimpleNamespace.__qualname__, types.SimpleNamespace)


class A:
    pass


class B(A):
    pass


class E(Exception):
    pass


class I(int):
    pass


for c in (A, B, E, I):
    print(c.__name__, [k for k in c.__dict__ if k != "__weakref__"])
a = A()
a.x = 1
print(a.__dict__, vars(a), I(3).__dict__, E().__dict__)
try:
    (5).__module__
except AttributeError as e:
    print(e)
try:
    int.__module__ = "x"
except TypeError as e:
    print(e)
A.__module__ = "mod"
print(A.__module__, A)
print(len.__module__, print.__self__, [].append.__self__, len.__call__([1, 2]))
m = A().__init__
print(m.__name__, m.__call__())
ns = types.SimpleNamespace(a=1, b="x")
ns.c = ns
print(ns, ns == types.SimpleNamespace(a=1, b="x", c=ns), ns.__reduce__()[:2])
try:
    types.SimpleNamespace(1)
except TypeError as e:
    print(e)
