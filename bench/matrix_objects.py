# Float arithmetic through small objects: a 2D vector class with operator overloading,
# matrix multiply on lists of lists, and attribute-heavy particle updates.
class Vec:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)

    def dot(self, o):
        return self.x * o.x + self.y * o.y


def matmul(a, b):
    bt = list(zip(*b))
    return [[sum(x * y for x, y in zip(row, col)) for col in bt] for row in a]


def particles(steps):
    ps = [Vec(i * 0.5, -i * 0.25) for i in range(200)]
    vs = [Vec(0.01 * (i % 7), 0.02 * (i % 5)) for i in range(200)]
    g = Vec(0.0, -0.001)
    for _ in range(steps):
        for i in range(len(ps)):
            vs[i] = vs[i] + g
            ps[i] = ps[i] + vs[i] * 0.5
    return sum(p.dot(p) for p in ps)


n = 60
a = [[(i * j + 1) % 7 / 7.0 for j in range(n)] for i in range(n)]
m = a
for _ in range(30):
    m = matmul(m, a)
    scale = max(max(r) for r in m)
    m = [[v / scale for v in r] for r in m]
print("%.6f %.6f" % (sum(map(sum, m)), particles(14000)))
