# __del__: called once when the last reference goes (del, rebinding, return, containers),
# for unreachable cycles on gc.collect() with the object intact, errors reported as
# unraisable, resurrection, inheritance, and module globals at interpreter exit.
import gc


class A:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        print("del", self.n)


a = A(1)
del a
print("after del")


def f():
    x = A(2)
    print("in f")


f()
print("after f")
b = A(3)
b = A(4)
print("rebound")
b = None
lst = [A(5), A(6), A(7)]
lst.clear()
print("cleared")
d = {"k": A(8)}
d["k"] = 0
print("dict value replaced")

c = A(9)
c.me = c
del c
print("cycle dropped")
gc.collect()
print("collected")


class Raiser:
    """A non-function __del__ (called without self) with a repr free of addresses."""

    def __repr__(self):
        return "<raiser>"

    def __call__(self):
        raise ValueError("in __del__")


class Bad:
    __del__ = Raiser()


Bad()
print("after Bad")

saved = []


class Phoenix:
    count = 0

    def __del__(self):
        Phoenix.count += 1
        print("phoenix del", Phoenix.count)
        saved.append(self)


Phoenix()
print("resurrected:", len(saved))
saved.clear()
print("dropped again, count", Phoenix.count)


class B(A):
    pass


B(10)
print("subclass done")
_private = A("underscore")
z = A("global z")
y = A("global y")
print("end of module")
