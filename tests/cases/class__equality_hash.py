class P:
    def __init__(self, v):
        self.v = v
print(P(1) == P(1), P(1) != P(1))
x = P(1)
print(x == x, x in [x], x in [P(1)])
class Q:
    def __init__(self, v):
        self.v = v
    def __eq__(self, o):
        return isinstance(o, Q) and self.v == o.v
print(Q(1) == Q(1), Q(1) != Q(2), Q.__hash__)
try:
    {Q(1)}
except TypeError as e:
    print(e)
class R:
    def __eq__(self, o):
        return NotImplemented
print(R() == R(), R() != 3)
class Cmp:
    def __init__(self, v): self.v = v
    def __lt__(self, o): return self.v < o.v
    def __repr__(self): return "C%d" % self.v
print(sorted([Cmp(3), Cmp(1), Cmp(2)]), Cmp(5) > Cmp(2))
class Reflect:
    def __eq__(self, o):
        print("Reflect.__eq__ called")
        return True
print(1 == Reflect(), Reflect() == 1)
