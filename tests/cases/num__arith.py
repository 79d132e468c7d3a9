print(2**64, -2**63 - 1, (2**100) // 3, (2**100) % 7, -(2**70) // 3, 7 // -2, -7 % 3, 7 % -3)
print(10 / 4, 1e300 * 10, -1e300 * 10, 0.1 * 3, 1.1 + 2.2, 100.0, 1e100, 12345678901234567890.0)
print(round(0.5), round(1.5), round(-0.5), round(2.675, 2), round(1234, -2), round(1250, -2), round(1.23456, 3))
print(int("-0x1f", 16), int("  42  "), int("1_000"), float("  -3.5e2 "), int(True), float(7), divmod(7.5, 2))
print(abs(-2**70), pow(3, 4, 5), pow(2, -1, 7), 5 ** 0, 0 ** 0, (-8) ** (1/3) if False else "skip")
print(3 < 3.5, 2**53 + 1 == float(2**53 + 1), 1 == 1.0, hash(1) == hash(1.0), hash(-1), hash(2**61), hash(1.5))
print(bin(-10), hex(2**70), oct(-8), (255).bit_length(), (-1) >> 3, 1 << 70, ~5, 6 & 3, 6 | 3, 6 ^ 3)
for bad in ["1/0", "1%0", "1.0/0", "int('x')", "float('y')"]:
    try:
        eval(bad)
    except (ZeroDivisionError, ValueError) as e:
        print(type(e).__name__, e)
