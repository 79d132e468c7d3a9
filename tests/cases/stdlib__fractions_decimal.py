from fractions import Fraction
from decimal import Decimal, getcontext
a = Fraction(1, 3) + Fraction(1, 6)
print(a, a.numerator, a.denominator, float(a), Fraction("0.25"), Fraction(0.5), a * 3)
print(sum(Fraction(1, n) for n in range(1, 6)), Fraction(7, 3) // 1, round(Fraction(5, 2)))
print(Decimal("0.1") + Decimal("0.2"), Decimal(1) / Decimal(7), Decimal("1.10") * 3)
getcontext().prec = 6
print(Decimal(1) / Decimal(3), Decimal("2").sqrt(), Decimal("3.14159").quantize(Decimal("0.01")))
