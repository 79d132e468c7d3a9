print(round(0.5), round(1.5), round(2.5), round(-0.5), round(-1.5), round(3.5))
print(round(2.675, 2), round(1.005, 2), round(0.125, 2), round(0.375, 2), round(1234.5678, -2))
print(round(12345, -2), round(12355, -1), round(-12345, -1), round(5, -1), round(15, -1), round(25, -1))
print(round(3.14159, 3), round(-3.14159, 1), round(1e20, -5), round(123.456), type(round(1.5)).__name__)
print(type(round(1.5, 0)).__name__, round(1.5, 0), round(2.5, None), round(0.0), round(-0.4))
print(round(7), round(7, 2), round(10 ** 20 + 5, -1))
import math
print(math.floor(-2.5), math.ceil(-2.5), math.trunc(-2.7), int(-2.7), int(2.9))
print(math.floor(3), math.ceil(1e-9), math.isclose(0.1 + 0.2, 0.3), math.sqrt(16), math.pi)
