# cmath at infinities and NaNs (C99 Annex G values, signs of zeros and NaNs shown), its
# ValueError/OverflowError rules, argument conversion and every TypeError message.
import cmath
import math

inf = math.inf
nan = math.nan


def sign(x):
    return "-" if math.copysign(1.0, x) < 0 else "+"


def show(r):
    if isinstance(r, complex):
        return "%r %s%s" % (r, sign(r.real), sign(r.imag))
    if isinstance(r, tuple):
        return "(%s)" % ", ".join(show(x) for x in r)
    if isinstance(r, float):
        return "%r %s" % (r, sign(r))
    return repr(r)


def attempt(f, *a, **k):
    try:
        return show(f(*a, **k))
    except Exception as e:
        return "%s: %s" % (type(e).__name__, e)


# One representative of each class: -inf, negative, -0, +0, positive, +inf, nan.
classes = [-inf, -2.0, -0.0, 0.0, 2.0, inf, nan]
names = ["acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "exp", "log", "log10",
         "sin", "sinh", "sqrt", "tan", "tanh", "phase", "polar", "isfinite", "isinf", "isnan"]
for name in names:
    f = getattr(cmath, name)
    print("==", name)
    for x in classes:
        for y in classes:
            print(" ", x, y, attempt(f, complex(x, y)))

print("== rect")
for r in classes:
    for phi in classes + [1.0, -3.0]:
        print(" ", r, phi, attempt(cmath.rect, r, phi))

print("== isclose with infinities and NaNs")
for a in [complex(inf, 0), complex(-inf, 0), complex(0, inf), complex(nan, 0), 1 + 1j]:
    for b in [complex(inf, 0), complex(0, inf), complex(nan, 0), 1 + 1j]:
        print(" ", a, b, cmath.isclose(a, b), cmath.isclose(a, b, abs_tol=inf))

print("== domain and range errors")
cases = [
    (cmath.log, 0), (cmath.log, -0.0), (cmath.log, 0j), (cmath.log10, 0), (cmath.atanh, 1), (cmath.atanh, -1),
    (cmath.atan, 1j), (cmath.atan, -1j), (cmath.exp, 710), (cmath.exp, complex(709.9, 1)),
    (cmath.exp, complex(1, inf)), (cmath.exp, complex(inf, inf)), (cmath.exp, complex(-inf, inf)),
    (cmath.cosh, 711), (cmath.sinh, -711), (cmath.cosh, complex(1, inf)), (cmath.sinh, complex(nan, inf)),
    (cmath.cos, complex(1000, 0)), (cmath.cos, complex(0, 1000)), (cmath.sin, complex(inf, 1)),
    (cmath.tan, complex(inf, 1)), (cmath.tanh, complex(1, inf)), (cmath.tanh, complex(1000, 1)),
    (cmath.polar, complex(1e308, 1.5e308)), (cmath.phase, complex(1e17, -1e-310)),
    (cmath.phase, complex(1e300, 1e-300)), (cmath.phase, complex(inf, 1e-300)), (cmath.sqrt, complex(-inf, nan)),
]
for f, z in cases:
    print(" ", f.__name__, repr(z), attempt(f, z))
for r, phi in [(1, inf), (-1, -inf), (0, inf), (nan, inf), (1e308, 1.0), (inf, 0.0), (-inf, -0.0)]:
    print("  rect", r, phi, attempt(cmath.rect, r, phi))
for z, b in [(2, 1), (0, 2), (2, 0), (0, 0), (inf, 2), (2, complex(inf, nan)), (1, 1), (complex(nan, 1), 2)]:
    print("  log", repr(z), repr(b), attempt(cmath.log, z, b))


print("== argument conversion")


class C:
    def __complex__(self):
        return 3 + 4j


class F:
    def __float__(self):
        return 0.5


class I:
    def __index__(self):
        return 7


class Both:
    def __complex__(self):
        return 1j

    def __float__(self):
        return 9.0


class BadC:
    def __complex__(self):
        return 1


class BadF:
    def __float__(self):
        return "x"


class Raises:
    def __complex__(self):
        raise KeyError("inside")


class FloatSub(float):
    def __complex__(self):
        return 2j


class ComplexSub(complex):
    pass


for v in [C(), F(), I(), Both(), FloatSub(5.0), ComplexSub(1, -1), 2**1000, 10**400, True, None, "1", [], BadC(),
          BadF(), Raises(), 1 + 0j]:
    print(" ", type(v).__name__, attempt(cmath.sqrt, v), attempt(cmath.phase, v), attempt(cmath.isnan, v))
print(" ", attempt(cmath.rect, F(), I()), attempt(cmath.rect, 1j, 0), attempt(cmath.rect, 1, "a"),
      attempt(cmath.rect, C(), 0))
print(" ", attempt(cmath.log, 8, I()), attempt(cmath.log, C(), C()), attempt(cmath.log, 1, "a"),
      attempt(cmath.log, "a", 1))
print(" ", attempt(cmath.isclose, C(), 3 + 4j), attempt(cmath.isclose, 1, 1.0, rel_tol=F(), abs_tol=I()))

print("== argument count and keyword messages")
calls = [
    lambda: cmath.sqrt(), lambda: cmath.sqrt(1, 2), lambda: cmath.sqrt(z=1), lambda: cmath.exp(),
    lambda: cmath.phase(), lambda: cmath.polar(1, 2), lambda: cmath.isinf(z=1), lambda: cmath.log(),
    lambda: cmath.log(1, 2, 3), lambda: cmath.log(1, base=2), lambda: cmath.rect(), lambda: cmath.rect(1),
    lambda: cmath.rect(1, 2, 3), lambda: cmath.rect(1, phi=2), lambda: cmath.isclose(),
    lambda: cmath.isclose(1), lambda: cmath.isclose(1, 2, 3), lambda: cmath.isclose(1, 2, 3, 4, 5),
    lambda: cmath.isclose(a=1), lambda: cmath.isclose(1, b=2, c=3), lambda: cmath.isclose(1, 2, a=3),
    lambda: cmath.isclose(1, 2, rel_tol=1, abs_tol=2, x=3), lambda: cmath.isclose(b=1, a=2, c=3),
    lambda: cmath.isclose(1, 2, rel_tol=-1), lambda: cmath.isclose(1, 2, abs_tol=-1e-300),
    lambda: cmath.isclose(1, 2, rel_tol="x"), lambda: cmath.isclose(1, 2, abs_tol=1j),
    lambda: cmath.isclose(1, "2"), lambda: cmath.isclose(1, 1, rel_tol=nan),
]
for call in calls:
    print(" ", attempt(call))
