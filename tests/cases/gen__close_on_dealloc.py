# A suspended generator that loses its last reference is closed: its finally blocks and
# context managers run, and an error from them is reported through sys.unraisablehook.
import sys


def counted(log):
    try:
        yield 1
        yield 2
    finally:
        log.append("finally ran")


log = []
g = counted(log)
next(g)
del g
print(log)

# Not started, or finished: nothing to run.
log = []
g = counted(log)
del g
g = counted(log)
list(g)
del g
print(log)


class Resource:
    def __enter__(self):
        print("enter")
        return self

    def __exit__(self, *exc):
        print("exit", exc[0].__name__ if exc[0] else None)


def uses():
    with Resource():
        yield "inside"


it = uses()
print(next(it))
it = None
print("replaced")


# Inside a container that dies, and in a reference cycle collected by gc.
def pipeline():
    try:
        for i in range(10):
            yield i
    finally:
        print("pipeline closed")


holder = [pipeline()]
next(holder[0])
holder.clear()


def selfref():
    me = yield
    try:
        yield
    finally:
        print("cycle closed")


import gc

s = selfref()
next(s)
s.send(s)
del s
gc.collect()
print("after gc")

seen = []
sys.unraisablehook = lambda u: seen.append((u.exc_type.__name__, str(u.exc_value), type(u.object).__name__))


def ignores_exit():
    try:
        yield 1
    finally:
        yield 2


def raises_in_finally():
    try:
        yield 1
    finally:
        raise KeyError("cleanup failed")


for f in (ignores_exit, raises_in_finally):
    x = f()
    next(x)
    del x
sys.unraisablehook = sys.__unraisablehook__
print(seen)
