a = 2 ** 100
b = 3 ** 64
print(a, b, a * b, a // b, a % b, a - b * 1000)
print(-a // 7, -a % 7, a // -7, a % -7, divmod(-a, 12345))
print(2 ** 521 - 1)
f = 1
for i in range(1, 51):
    f *= i
print(f, len(str(f)), f.bit_length())
print(a >> 90, a << 3, -a >> 95, a & (2 ** 64 - 1), a | 1, a ^ (a - 1), ~a)
print(int("9" * 40) + 1, int("-" + "1" * 30) * -1)
print(10 ** 20 == 100000000000000000000, 10 ** 20 > 2 ** 64, hash(2 ** 61 - 1) == 0)
print(abs(-(10 ** 25)), pow(10, 25, 997), (10 ** 25).bit_length())
print(0x7fffffffffffffff + 1, -0x8000000000000000 - 1, 18446744073709551615 * 18446744073709551615)
print(sum(range(10 ** 6)), 123456789 ** 3)
print(int(1e20), int(-1.5e19), float(2 ** 80), 2 ** 80 / 2 ** 70, 2 ** 1023 * 2 // 2 ** 1023)
print(divmod(10 ** 30 + 7, 10 ** 15), (10 ** 30) // (-(10 ** 15) - 1))
