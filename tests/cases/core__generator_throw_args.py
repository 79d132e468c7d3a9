# generator.throw(typ, val, tb) as CPython 3.11: an instance val is raised as is (keeping its
# traceback, which contextlib and unittest rely on), a tuple val becomes the arguments.
def g():
    try:
        yield 1
    except Exception as e:
        print("caught", type(e).__name__, e.args)
        yield 2
for args in [(ValueError,), (ValueError, "v"), (ValueError, ("a", "b")), (ValueError(3),), (ValueError, ValueError(4)), (KeyError, ValueError(5))]:
    it = g(); next(it)
    try:
        print(it.throw(*args))
    except Exception as e:
        print("out", type(e).__name__, e)
it = g(); next(it)
try:
    it.throw(ValueError(1), 2)
except TypeError as e:
    print("TypeError", e)
try:
    it.throw(ValueError, 1, 5)
except TypeError as e:
    print("TypeError", e)

import contextlib
import sys


@contextlib.contextmanager
def part():
    try:
        yield
    except Exception:
        tb = sys.exc_info()[2]
        names = []
        while tb:
            names.append(tb.tb_frame.f_code.co_name)
            tb = tb.tb_next
        print(names)


def inner():
    raise ValueError("x")


def outer():
    with part():
        inner()


outer()
try:
    raise KeyError("k")
except KeyError as e:
    tb = e.__traceback__
    tb.tb_next = None
    for bad in (5, tb):
        try:
            tb.tb_next = bad
        except (TypeError, ValueError) as err:
            print(type(err).__name__, err)
