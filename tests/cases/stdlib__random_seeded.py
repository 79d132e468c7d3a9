# random with fixed seeds gives CPython's sequences: every seed kind, the module functions, the
# distributions, getrandbits of any size, state round trips and independent instances.
import random

def show(tag):
    print(tag, [random.random() for _ in range(3)], random.getrandbits(100))

for seed in (0, 1, 42, -42, 2**32, 2**32 - 1, 2**100 + 7, -(2**200), 123456789012345678901234567890,
             "hello", "", "héllo wörld ✓", b"bytes seed", bytearray(b"ba"), 3.5, -0.0, True, None.__class__):
    if seed is None.__class__:
        continue
    random.seed(seed)
    show(repr(seed))
random.seed("abc", version=1)
show("abc v1")
random.seed(b"abc", version=1)
print(random.random())
random.seed(5)
print(random.randint(1, 6), random.randint(-10**20, 10**20), random.randrange(10), random.randrange(3, 100, 7))
print(random.choice("abcdefgh"), random.choice(range(1000)), random.choice([None, 1, "x"]))
items = list(range(20))
random.shuffle(items)
print(items)
print(random.sample(range(100), 10), random.sample("abcdefgh", 3), random.sample(range(10**9), 3))
print(random.sample(["a", "b", "c"], k=5, counts=[1, 2, 3]))
print(random.choices("abc", k=8), random.choices("abc", weights=[1, 5, 10], k=6))
print(random.choices(range(5), cum_weights=[1, 2, 3, 4, 100], k=5))
print(random.uniform(1, 2), random.triangular(0, 10, 3), random.gauss(0, 1), random.gauss(5, 2))
print(random.normalvariate(0, 1), random.lognormvariate(0, 1), random.expovariate(2))
print(random.vonmisesvariate(1, 2), random.gammavariate(2, 3), random.gammavariate(0.5, 1))
print(random.betavariate(2, 3), random.paretovariate(3), random.weibullvariate(1, 2))
print(random.randbytes(10), random.getrandbits(1), random.getrandbits(32), random.getrandbits(33))
print(random.getrandbits(64), random.getrandbits(1000) % 10**30, random.getrandbits(0))
print(random.randrange(2**100), random.randrange(-5, 5), random.randint(0, 0))

state = random.getstate()
print(type(state), len(state), state[0], len(state[1]), state[1][-1], state[2])
a = [random.random() for _ in range(5)]
random.setstate(state)
b = [random.random() for _ in range(5)]
print(a == b, a)

r1 = random.Random(5)
r2 = random.Random(5)
print(r1.random() == r2.random(), r1.random(), random.Random("x").randint(1, 10**6))
print(type(r1), isinstance(r1, random.Random), random.Random.__mro__)
r3 = random.Random()
r3.setstate(r1.getstate())
print(r3.random() == r1.random())
print(random.Random(7).getstate()[1][:4])
print(random.SystemRandom().random() < 1.0)

# The sequence continues across the 624-word refill.
random.seed(99)
xs = [random.getrandbits(32) for _ in range(1300)]
print(xs[620:630], sum(xs) % 1000003)

class MyRandom(random.Random):
    def __init__(self, seed, extra=0):
        super().__init__(seed)
        self.extra = extra
    def random(self):
        return super().random() / 2
m = MyRandom(3, extra=4)
print(m.extra, m.random(), m.randint(1, 10), m.choice("xyz"))

g = random.Random(11)
g.gauss(0, 1)
st = g.getstate()
print(st[2] is not None, g.gauss(0, 1) == (g.setstate(st) or g.gauss(0, 1)))
