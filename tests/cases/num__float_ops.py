import math
inf, nan = float("inf"), float("nan")
print(inf + 1, inf - inf, inf * 0, -inf < 0 < inf, nan == nan, nan != nan, nan < 1, inf == inf)
print(math.isnan(nan), math.isinf(-inf), math.isfinite(1.0), float("-nan"), abs(-inf))
print(0.0 == -0.0, str(-0.0), 1 / inf, -1 / inf, math.copysign(1, -0.0))
print(max(1.5, 2), min(2, 1.5), max(nan, 1), max(1, nan), sorted([3.5, -1.0, 2]))
print(1e308 * 10, -1e308 * 10, 2.0 ** 1023 * 2, 5e-324 / 2, 1e-320)
try:
    2.0 ** 10000
except OverflowError as e:
    print(e)
try:
    math.sqrt(-1)
except ValueError as e:
    print(e)
print(3.0 == 3, 0.5 + 0.25 == 0.75, 1.1 + 2.2 == 3.3, abs(1.1 + 2.2 - 3.3) < 1e-9)
print(int(2.5e9), float(1 << 62), 1.5 * 2, 7.0 // 2, 7.0 % 2, -7.0 // 2)
print(sum([0.1] * 10), math.fsum([0.1] * 10), round(sum([0.1] * 10), 10))
print(hash(1.0) == hash(1), hash(0.5), hash(-0.0), hash(inf), 1.0.__repr__())
