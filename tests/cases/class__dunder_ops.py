class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __repr__(self):
        return f"Vec({self.x}, {self.y})"
    def __str__(self):
        return f"<{self.x}, {self.y}>"
    def __eq__(self, other):
        return isinstance(other, Vec) and (self.x, self.y) == (other.x, other.y)
    def __hash__(self):
        return hash((self.x, self.y))
    def __add__(self, other):
        return Vec(self.x + other.x, self.y + other.y)
    def __sub__(self, other):
        return Vec(self.x - other.x, self.y - other.y)
    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)
    __rmul__ = __mul__
    def __neg__(self):
        return Vec(-self.x, -self.y)
    def __abs__(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5
    def __bool__(self):
        return bool(self.x or self.y)
    def __lt__(self, other):
        return abs(self) < abs(other)

a, b = Vec(1, 2), Vec(3, 4)
print(a + b, repr(a - b), a * 3, 2 * a, -a, abs(b))
print(a == Vec(1, 2), a != b, a == 5, bool(Vec(0, 0)), bool(a))
print(sorted([b, a, Vec(0, 1)]))
print(len({a, Vec(1, 2), b}))
print(str([a]), f"{a}", f"{a!r}")
v = a
v += b
print(v, a)
print(max([b, a]), a < b, a > b)
try:
    a <= b
except TypeError as e:
    print(e)
