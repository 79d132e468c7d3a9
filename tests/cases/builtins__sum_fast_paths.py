# sum() over small ints, bools and floats (added natively) and everything else (via +).
print(sum([1, 2.5, True]), sum([True, True]), type(sum([True])).__name__)
print(sum([2**62, 2**62, 2**62]), sum([-(2**63), -1]), sum([1.5, 2**60]), sum([2**60, 1.5]))
print(sum([], 0.0), sum([0.1] * 10), sum([1, 2], 0.5), sum([[1], [2]], []))
print(sum(x / 3 for x in range(10)), sum(range(10**6)), sum([1e308, 1e308]), sum([float("nan"), 1]))
print(sum([10**20, 1.0]), sum([1, 10**20, -10**20]), sum((1j, 2)), sum([True, 0.5]))


class N:
    def __init__(self, v):
        self.v = v

    def __radd__(self, o):
        return N(o + self.v)

    def __add__(self, o):
        return N(self.v + o.v)


print(sum([N(1), N(2)]).v)
for bad in (["a"], [b"x"]):
    try:
        sum(bad, bad[0])
    except TypeError as e:
        print("TypeError:", e)
try:
    sum([1, "x"])
except TypeError as e:
    print("TypeError:", e)
