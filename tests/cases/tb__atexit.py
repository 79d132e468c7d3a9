# atexit: LIFO order, args/kwargs, unregister, decorator use, a failing callback reported as
# unraisable while the others still run, after the main program's own output.
import atexit


def a(x, y=0):
    print("a", x, y)


class Bad:
    def __repr__(self):
        return "<Bad callback>"

    def __call__(self):
        raise ValueError("boom")


atexit.register(a, 1, y=2)
atexit.register(Bad())
atexit.register(print, "last registered, first run")


def u():
    print("unregistered")


atexit.register(u)
atexit.register(u)
atexit.unregister(u)
r = atexit.register(a, 5)
print(r is a)


@atexit.register
def deco():
    print("decorated")


try:
    atexit.register(1)
except TypeError as e:
    print(e)
print("main done")
