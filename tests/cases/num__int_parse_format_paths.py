# int(text) and format(int) take machine-word shortcuts; these check the edges against the
# general paths (bases, signs, whitespace, leading zeros, limits, subclasses, errors).
tests = ["0", "-0", "+7", "  42  ", "\t-12\n", "007", "123456789012345678", "999999999999999999",
         "1234567890123456789", "-9223372036854775808", "9223372036854775808", "1_000", "1__0",
         "", " ", "-", "+-1", "12a", "１２", "0x10", "00", "0_0"]
for t in tests:
    for base in (10, 0, 16):
        try:
            print(repr(t), base, int(t, base))
        except ValueError as e:
            print(repr(t), base, "ValueError", e)
print(type(int("5")), int("5") is 5 or True)

class I(int):
    def __format__(self, spec):
        return "I<" + spec + ">"

class S(str):
    pass

vals = [0, 7, -7, 255, -255, 2**63 - 1, -(2**63), 2**64 + 5, -(2**70), True, False, I(5)]
specs = ["", "d", "5d", "05d", "<6", "^7", "=+8", "+", " ", "x", "#x", "X", "#X", "o", "#o", "b",
         "#b", ",", "_", "_x", "#_b", "012,d", "c", "n", "e", ".2f", "%", "*^9", "010"]
for v in vals:
    row = []
    for sp in specs:
        try:
            row.append(format(v, sp))
        except (ValueError, OverflowError, TypeError) as e:
            row.append(type(e).__name__ + ":" + str(e))
    print(repr(v), row)
print(f"{3.5:>8.2f}|{'ab':<5}|{S('xy'):>4}|{12:3d}|{-1:05d}")
print(format(1.5, S("08.3f")), format("s", S("^5")))
for bad in [(5, 7), ("x", None), (1.0, 3)]:
    try:
        format(*bad)
    except TypeError as e:
        print("TypeError", e)
for v, sp in [(1, "s"), ("a", "d"), (1.5, "x"), (True, "s"), (1, ".2d"), (1, "z")]:
    try:
        format(v, sp)
    except ValueError as e:
        print("ValueError", e)
print(b"\x00\x0f\xf0\xff".hex(), b"abcdef".hex(":", 2), bytearray(b"\x01\x02").hex("-"), b"".hex())
print("%05d|%x|%-4d|%+d" % (42, 255, 3, 9))
