import math

print(math.pi, math.e, math.tau, math.inf, -math.inf, math.nan)
for f in (math.sqrt, math.exp, math.sin, math.cos, math.tan, math.atan, math.fabs,
          math.log, math.log2, math.log10, math.degrees, math.radians, math.expm1, math.log1p,
          math.sinh, math.cosh, math.tanh, math.asinh):
    print(f.__name__, f(2), f(0.5))
print(math.asin(0.5), math.acos(0.5), math.atan2(1, -1), math.hypot(3, 4), math.hypot(1, 2, 2))
print(math.floor(2.5), math.floor(-2.5), math.ceil(2.1), math.ceil(-2.1), math.trunc(-3.9))
print(type(math.floor(2.0)).__name__, math.floor(10**30), math.ceil(7))

class F:
    def __floor__(self): return "floored"
    def __ceil__(self): return "ceiled"
    def __trunc__(self): return "truncated"
print(math.floor(F()), math.ceil(F()), math.trunc(F()))
print(math.log(8, 2), math.log(100, 10), math.log(10**500) > 1000, math.log2(2**1000), math.log10(10**400))
print(math.pow(2, 10), math.pow(2, 0.5), math.pow(0, 0), math.pow(math.inf, -1), math.pow(1, math.nan))
print(math.factorial(0), math.factorial(20), math.factorial(30))
print(math.gcd(), math.gcd(12, 18), math.gcd(-12, 18, 27), math.gcd(2**100, 6**50))
print(math.lcm(), math.lcm(4, 6), math.lcm(4, 6, 10), math.lcm(0, 5))
print(math.isqrt(0), math.isqrt(15), math.isqrt(16), math.isqrt(10**40))
print(math.comb(10, 3), math.comb(5, 7), math.comb(100, 50), math.perm(5), math.perm(5, 2), math.perm(3, 4))
print(math.copysign(3, -0.0), math.fmod(7, 3), math.fmod(-7, 3), math.modf(3.25), math.modf(-2.5))
print(math.frexp(8.0), math.frexp(0.0), math.frexp(-3.5), math.ldexp(0.5, 4), math.ldexp(1, -1074))
print(math.isfinite(1.0), math.isfinite(math.inf), math.isinf(-math.inf), math.isnan(math.nan), math.isnan(1))
print(math.isclose(1.0, 1.0 + 1e-10), math.isclose(1.0, 1.1), math.isclose(1, 1.05, rel_tol=0.1),
      math.isclose(0, 1e-12, abs_tol=1e-9), math.isclose(math.inf, math.inf))
print(math.fsum([0.1] * 10), sum([0.1] * 10), math.fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]))
print(math.fsum([]), math.fsum([math.inf, 1]), math.fsum(range(10)))
print(math.prod([1, 2, 3, 4]), math.prod([]), math.prod([2.5, 4]), math.prod([2, 3], start=10))
print(math.dist((0, 0), (3, 4)), math.dist([1, 2, 3], [4, 6, 3]))
print(math.remainder(10, 3), math.remainder(11, 3), math.remainder(5, 2), math.remainder(7, 2))
print(math.gamma(5), math.erf(0), math.erfc(0))
print(math.nextafter(1.0, 2.0), math.ulp(1.0), math.exp2(10))

def err(f, *a, **k):
    try:
        r = f(*a, **k)
        print("no error", r)
    except Exception as e:
        print(type(e).__name__ + ":", e)

err(math.sqrt, -1)
err(math.log, 0)
err(math.log, -1.5)
err(math.log, 0, 10)
err(math.log, 10, 1)
err(math.exp, 1000)
err(math.pow, 0, -1)
err(math.pow, -2, 0.5)
err(math.pow, 10, 400)
err(math.acos, 2)
err(math.factorial, -1)
err(math.factorial, 5.0)
err(math.isqrt, -4)
err(math.comb, -1, 2)
err(math.comb, 5, -2)
err(math.fmod, 1, 0)
err(math.fsum, [math.inf, -math.inf])
err(math.fsum, [1e308, 1e308])
err(math.sqrt, "x")
err(math.sqrt)
err(math.sqrt, 1, 2)
err(math.ldexp, 1.0, 2000)
err(math.isclose, 1, 2, rel_tol=-1)
err(math.dist, (1, 2), (1, 2, 3))
err(math.trunc, "s")
err(math.gcd, 1.5)
err(math.sin, math.inf)
err(math.floor, "x")
