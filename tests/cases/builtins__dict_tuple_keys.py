# Dict lookups with tuple and str keys compared natively, and the cases that must call __eq__.
d = {("a", 1): "x", (1, 2.0): "y", ((1, 2), "n"): "z", (): "empty"}
print(d[("a", 1)], d[(1, 2)], d[(1.0, 2)], d[((1, 2), "n")], d[()])
print(("a", 2) in d, ("a", 1, 0) in d, (True, 2) in d)


class Eq:
    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        print("Eq.__eq__ called")
        return isinstance(other, Eq) and self.v == other.v

    def __hash__(self):
        return hash(self.v)


e = Eq(3)
d2 = {(e, 1): "eq"}
print(d2[(e, 1)])          # identity: no __eq__ call
print(d2[(Eq(3), 1)])      # __eq__ runs
print((Eq(4), 1) in d2)


class T(tuple):
    def __eq__(self, other):
        print("T.__eq__")
        return tuple.__eq__(self, other)

    __hash__ = tuple.__hash__


d3 = {T((1, 2)): "sub"}
print(d3[(1, 2)])
print(str(5), str("s"), str(b"b"), str(1.5), str(None), type(str(T((1,)))).__name__)


class S(str):
    pass


class A:
    def __str__(self):
        return S("custom")


print(type(str(A())).__name__, str(A()))
try:
    str(1, 2)
except TypeError as e:
    print("TypeError:", e)
