# math.asinh/acosh/atanh give libm's bits, as CPython's (Rust's own formulas differ in the last ulp).
import math
print([math.asinh(x / 7) for x in range(-20, 20)])
print([math.acosh(1 + x / 3) for x in range(40)])
print([math.atanh(x / 23) for x in range(-22, 23)])
print(math.asinh(3.3), math.asinh(-0.0), math.asinh(1e300), math.acosh(1.0), math.atanh(-0.0))
for f, v in ((math.acosh, 0.5), (math.atanh, 1.0), (math.atanh, -2.0)):
    try:
        f(v)
    except ValueError as e:
        print(f.__name__, "ValueError:", e)
