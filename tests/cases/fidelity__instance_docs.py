# obj.__doc__ for instances of builtin and native types is the type's docstring (or None), never a
# base class's; classmethod/staticmethod copy the wrapped function's attributes (functools_wraps).
import array
import bz2
import collections
import functools
import itertools
import os
import sys
import types


def f():
    "fdoc"
    yield 1


class P:
    @property
    def x(self):
        "xdoc"

    @classmethod
    def m(cls):
        "mdoc"

    @staticmethod
    def s():
        pass


objs = [classmethod(f), staticmethod(f), P.x, property(), functools.partial(f), types.ModuleType("m"),
        types.ModuleType("m", "mdoc"), types.SimpleNamespace(), f(), f.__code__, sys._getframe(), len, [].append,
        list.append, int.__add__, (1).__add__, int.real, P.__dict__["x"], itertools.count(), collections.deque(),
        array.array("b"), range(3), iter([]), iter(()), iter(""), iter({}), iter(range(2)), reversed([]), {}.keys(),
        iter({}.items()), 5, "a", None, NotImplemented, ..., super(P, P()), memoryview(b""), slice(1), zip(),
        map(f, []), enumerate([]), reversed([]), dict.fromkeys, dict.__dict__["fromkeys"], f, lambda: 0, P, P(),
        P().m, P.__dict__["m"], P.__dict__["s"], sys.flags, sys.float_info, os.terminal_size((1, 2)), os.stat("."),
        bz2.BZ2Compressor(), os.uname()]
for o in objs:
    print(type(o).__name__, repr(o.__doc__))
c = classmethod(f)
print(c.__name__, c.__qualname__, c.__module__, sorted(c.__dict__), c.__wrapped__ is f)
print(sorted(classmethod(len).__dict__), staticmethod(len).__name__)
