a, b = 0b1100, 0b1010
print(a & b, a | b, a ^ b, ~a, a << 2, a >> 2, -a >> 1, -1 >> 100, 1 << 100)
print(17 // 5, 17 % 5, -17 // 5, 17 // -5, 5 * -3, 2 - -3, +-+3)
x = 10
x += 5; x -= 3; x *= 2; x //= 5; x **= 3; x %= 7; x <<= 4; x |= 1; x ^= 0xff; x &= 0x3f; x >>= 1
print(x)
print(max(3, 7, 1), min([4, 2, 8]), abs(-9), sum([1, 2, 3], 10), divmod(100, 7))
print(int.__name__, (5).__class__.__name__, isinstance(5, int), 5 .real)
print(1_000_000 + 0x_ff + 0o_17 + 0b_11, 0xDEADBEEF, 0o777, 0b1111_0000)
print(1 == 1.0, 2 ** 62 + 2 ** 62 == 2 ** 63, (2 ** 63) - 1, -(2 ** 63))
try:
    1 << -1
except ValueError as e:
    print(e)
print(7 .bit_count() if hasattr(7, "bit_count") else "n/a", (-(2 ** 100)).bit_length(), (0).bit_length())
