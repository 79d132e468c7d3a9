# The interpreter's in-place int and float operations (//, %, bit ops, shifts, float
# arithmetic and comparisons, list/tuple indexing) agree with the general paths: signs of
# floor division and modulo, overflow to big ints, NaN comparisons, int/float mixing.
vals = [0, 1, -1, 7, -7, 3, -3, 2**62, -2**63, 2**63 - 1, 5, -5, 64, 63]
out = []
for x in vals:
    for y in vals:
        for op in ("//", "%", "&", "|", "^", ">>", "<<"):
            if op == "<<" and y > 70:
                continue
            try:
                r = eval(f"x {op} y")
            except Exception as e:
                r = type(e).__name__
            out.append(r)
print(out)
a = 17; a //= 5; b = -17; b %= 5; c = 1; c <<= 62
print(a, b, c, -17 // 5, 17 // -5, -17 % 5, 17 % -5, -8 >> 1, 1 << 63, (-2**63) // -1, (-2**63) % -1)
fl = [0.0, -0.0, 1.5, -2.25, 3, 2**53, 2**53 + 1, float("inf"), float("nan"), 1e308]
res = []
for x in fl:
    for y in fl:
        for op in ("+", "-", "*", "/", "<", "<=", "==", "!=", ">", ">="):
            try:
                res.append(repr(eval(f"x {op} y")))
            except Exception as e:
                res.append(type(e).__name__)
print(res)
t = (1, "a", None)
lst = [10, 20, 30]
lst[-1] = 99
lst[0] += 1
print(t[0], t[-1], lst[1], lst[-1], lst)
for bad in [lambda: t[3], lambda: lst[-4], lambda: lst.__setitem__(5, 0)]:
    try:
        bad()
    except IndexError as e:
        print("IndexError:", e)


class L(list):
    def __getitem__(self, i):
        return "sub"


print(L([1, 2])[0], True + 1.5, 2 * 0.5)
