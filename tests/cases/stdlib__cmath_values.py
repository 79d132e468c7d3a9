# cmath over a grid of finite values (signed zeros, tiny, near 1, large): the exact floats.
import cmath
import math


def sign(x):
    return "-" if math.copysign(1.0, x) < 0 else "+"


def show(r):
    if isinstance(r, complex):
        return "%r %s%s" % (r, sign(r.real), sign(r.imag))
    return repr(r)


def attempt(f, *a, **k):
    try:
        return show(f(*a, **k))
    except (ValueError, OverflowError) as e:
        return "%s: %s" % (type(e).__name__, e)


parts = [-1e300, -3.5, -1.0, -0.5, -1e-310, -0.0, 0.0, 1e-310, 1e-160, 0.25, 0.99999999, 1.0, 1.5, 2.0, 7.0,
         30.0, 710.0, 1e17, 1e155, 1.6e308]
names = ["acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "exp", "log", "log10",
         "sin", "sinh", "sqrt", "tan", "tanh"]
for name in names:
    f = getattr(cmath, name)
    print("==", name)
    for x in parts:
        print(x, " ".join(attempt(f, complex(x, y)) for y in parts[::3]))

print("== phase, polar, rect")
for x in parts[::2]:
    for y in parts[1::2]:
        z = complex(x, y)
        print(z, attempt(cmath.phase, z), attempt(cmath.polar, z), attempt(cmath.rect, x, y))

print("== log with a base")
for z in [2, 8.0, -8, 1j, 3 - 4j, 0.5 + 0.5j, 1e-310, 1e308 + 1e308j, 0, -0.0]:
    for b in [2, 10, 0.5, 1j, -1, 1 + 1j, 1e-300, 1]:
        print(repr(z), repr(b), attempt(cmath.log, z, b))

print("== identities on ints, floats and bools")
for v in [0, 1, -1, 2, True, False, 10**20, 0.1, -7.25]:
    print(repr(v), attempt(cmath.sqrt, v), attempt(cmath.exp, v), attempt(cmath.log, v), attempt(cmath.atan, v))

print("== isclose")
pairs = [(1, 1 + 1e-10), (1, 1 + 1e-8), (1j, 1.0000000001j), (0, 1e-300), (1e300, 1.0000000001e300),
         (1 + 1j, 1 + 1j), (0.0, -0.0), (3 + 4j, 3 + 4.00000001j)]
for a, b in pairs:
    print(repr(a), repr(b), cmath.isclose(a, b), cmath.isclose(a, b, rel_tol=1e-7),
          cmath.isclose(a, b, abs_tol=1e-299), cmath.isclose(b=b, a=a, rel_tol=0.0, abs_tol=0.0))

print("== constants")
print(repr(cmath.pi), repr(cmath.e), repr(cmath.tau), repr(cmath.inf), repr(cmath.nan))
print(repr(cmath.infj), repr(cmath.nanj), type(cmath.infj).__name__, type(cmath.pi).__name__)
print(cmath.pi == math.pi, cmath.e == math.e, cmath.tau == math.tau)
print(cmath.__name__, repr(cmath.__doc__))
print(sorted(n for n in dir(cmath) if not n.startswith("_")))
