# _random.Random itself: the generator CPython's random.Random subclasses, its state, its
# subclassing rules and the errors of wrong uses.
import _random
import random

R = _random.Random
print(R, R.__name__, R.__module__, sorted(k for k in R.__dict__ if not k.startswith("__")))
print(issubclass(random.Random, R), random.Random.__bases__)
print(R(1).random(), R("abc").random(), R(1.5).random(), R(2**100).random(), R(b"abc").random())
print(R(-5).random() == R(5).random(), R(True).random() == R(1).random(), R(0).random() == R().random())
print(R(3).getrandbits(0), R(3).getrandbits(1), R(3).getrandbits(31), R(3).getrandbits(32))
print(R(3).getrandbits(33), R(3).getrandbits(100), R(3).getrandbits(640) % 10**40)
r = R()
r.seed(12)
a = r.random()
r.seed(12)
print(a == r.random(), r.seed() is None, r.seed(None) is None)
st = R(8).getstate()
print(type(st), len(st), st[:3], st[-1])
r = R()
r.setstate(st)
print(r.random() == R(8).random())
r.setstate((2**64 - 1,) * 624 + (624,))
print(r.getstate()[:2], r.random())
r.setstate((0,) * 624 + (0,))
print(r.random())

def attempt(src):
    try:
        out = eval(src)
    except Exception as e:
        print(src, "->", type(e).__name__, e)
    else:
        print(src, "->", out)

for src in ["R(1, 2)", "R(x=1)", "R().seed(1, 2)", "R().seed(x=1)", "R().getrandbits(-1)",
            "R().getrandbits(1.0)", "R().getrandbits(2**40)", "R().getrandbits()", "R().random(1)",
            "R().getstate(1)", "R().setstate()", "R().setstate(1)", "R().setstate([0] * 625)",
            "R().setstate((1, 2))", "R().setstate((0,) * 624 + (625,))", "R().setstate((0,) * 624 + (-1,))",
            "R().setstate(('a',) * 624 + (1,))", "R().setstate((-1,) * 624 + (1,))",
            "R().setstate((2**64,) * 624 + (1,))", "R().setstate((1,) * 624 + ('a',))",
            "R().setstate((1,) * 624 + (2**70,))", "R().setstate((1.0,) * 624 + (1,))",
            "R([])", "R().seed([])", "R().__init__(1, 2)", "R().__init__() is None",
            "random.Random(1, 2)", "random.seed([1])", "random.Random().setstate((3, (), None))",
            "random.getrandbits(-1)", "random.randrange(0)", "random.choice([])",
            "random.sample(range(3), 5)"]:
    attempt(src)

class S(R):
    def __init__(self, a, b):
        self.q = a
print(S(1, 2).random(), S(1, 2).q)

class S2(R):
    pass
attempt("S2(1, x=2)")
print(S2(5).random() == R(5).random(), S2().getstate()[-1])

class S3(R):
    def __init__(self, **kw):
        self.kw = kw
print(S3(x=1).kw, S3(x=1).random())

class S4(R):
    def __new__(cls, *a, **k):
        return super().__new__(cls, *a, **k)
attempt("S4(5, x=1)")
print(S4(5).random() == R(5).random())
