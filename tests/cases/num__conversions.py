print(int(3.99), int(-3.99), int("12"), int(" -7 "), int("0x1F", 16), int("1F", 16), int("11", 2))
print(int(True), int(False), float(3), float("3.5"), float(" -1e-3 "), float(True))
print(bool(0), bool(1), bool(-1), bool(0.0), bool(0j), bool(""), bool("0"), bool([]), bool([0]), bool(None))
print(hex(255), hex(-255), oct(64), bin(10), bin(-10), hex(2 ** 70))
print(int("0b1010", 0), int("0o777", 0), int("0xabc", 0), int("  123  ", 0), int("1_000_000"))
print(str(12), str(-0.5), repr(1e-7), str(2 ** 64), format(255, "x"), format(255, "08b"))
print(float.fromhex("0x1.8p1"), (1.5).hex(), (0.1).as_integer_ratio(), (3.0).is_integer(), (3.5).is_integer())
print((10).bit_length(), (255).to_bytes(2, "big"), int.from_bytes(b"\xff\xff", "little", signed=True))
print((-7).__abs__(), (5).__neg__(), (3).conjugate(), (7).numerator, (7).denominator, (2.5).real)
for s in ["12a", "", "1.5", "0x10"]:
    try:
        int(s)
    except ValueError as e:
        print(e)
try:
    float("1.2.3")
except ValueError as e:
    print(e)
try:
    int(float("inf"))
except OverflowError as e:
    print(e)
try:
    int(float("nan"))
except ValueError as e:
    print(e)
