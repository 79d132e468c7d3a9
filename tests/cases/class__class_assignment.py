# __class__ assignment (object_set_class) and the wording of read-only attribute errors.
class A:
    def who(self):
        return "A"


class B:
    def who(self):
        return "B"


class S1:
    __slots__ = ("x",)


class S2:
    __slots__ = ("y",)


class L(list):
    pass


a = A()
print(a.who(), type(a).__name__)
a.__class__ = B
print(a.who(), type(a).__name__, isinstance(a, B))

for target, value in [(a, 5), (a, int), (S1(), S2), (L(), A), (1, bool), ([], L)]:
    try:
        target.__class__ = value
        print("ok", type(target).__name__)
    except TypeError as e:
        print("TypeError:", e)

import types
m = types.ModuleType("m")
class MyModule(types.ModuleType):
    pass
m.__class__ = MyModule
print(type(m).__name__)


class P:
    @property
    def named(self):
        return 1

P.late = property(lambda self: 2)
p = P()
for attr in ("named", "late"):
    try:
        setattr(p, attr, 0)
    except AttributeError as e:
        print("AttributeError:", e)
    try:
        delattr(p, attr)
    except AttributeError as e:
        print("AttributeError:", e)
print(P.named.fset, P.named.fdel, P.late.fget(p))
copied = P.named.setter(lambda self, v: None)
print(copied.fset is not None)
try:
    (1).real = 2
except AttributeError as e:
    print("AttributeError:", e)
