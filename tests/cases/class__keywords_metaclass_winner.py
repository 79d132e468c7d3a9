# Class keywords reach __init_subclass__ only if no metaclass __new__ took them; type(name,
# bases, ns, **kw) hands the whole call to a more derived metaclass's __new__; object's
# __init_subclass__ takes no keywords.
import enum


class Meta(type):
    def __new__(mcls, name, bases, ns, *, flag=None, **kw):
        print("Meta.__new__", name, flag, kw)
        return super().__new__(mcls, name, bases, ns, **kw)


class Base(metaclass=Meta):
    def __init_subclass__(cls, **kw):
        print("__init_subclass__", cls.__name__, kw)


class C(Base, flag=1):
    pass


class D(Base, flag=2, other=3):
    pass


# type() called with the plain metaclass: the winner (Meta) runs its own __new__.
E = type("E", (Base,), {}, flag=4, extra=5)
print(type(E).__name__, E.__mro__[1].__name__)

for src in ("class F(flag=1): pass", "class G(object, x=1): pass", "type('H', (), {}, y=2)"):
    try:
        exec(src)
    except TypeError as e:
        print("TypeError:", e)


class Plain:
    def __init_subclass__(cls):
        pass


try:
    class P(Plain, z=3):
        pass
except TypeError as e:
    print("TypeError:", e)


class Strict(enum.Flag, boundary=enum.STRICT):
    A = enum.auto()
    B = enum.auto()


print(Strict.A | Strict.B, Strict._boundary_)
Made = enum.Flag("Made", "X Y", boundary=enum.CONFORM)
print(Made.X, Made._boundary_)
try:
    Strict(7)
except ValueError as e:
    print("ValueError:", e)
