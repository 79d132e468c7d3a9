# A builtin sequence's + and * are sequence slots: the other operand's reflected method is
# tried first, then concatenation/repetition (and its TypeError).
class R:
    def __radd__(self, o):
        return ("radd", type(o).__name__)

    def __rmul__(self, o):
        return ("rmul", type(o).__name__)


class Decline:
    def __radd__(self, o):
        return NotImplemented

    def __rmul__(self, o):
        return NotImplemented


for left in ([0], (1,), "s", b"b", bytearray(b"ba")):
    print(left + R(), left * R())
    for op in ("+", "*"):
        try:
            eval("left %s Decline()" % op)
        except TypeError as e:
            print("TypeError:", e)
l = [0]
l += R()
print(l)
m = [0]
m *= R()
print(m)
n = [1]
n += (2,)
n += "ab"
n *= 2
print(n)
t = (1,)
t += R()
print(t)
print([1] * 3, 3 * [1], "ab" * 2, 2 * "ab", [1] + [2], (1,) + (2,), b"x" * 2, bytearray(b"y") * 2)


class MyList(list):
    def __radd__(self, o):
        return "MyList.__radd__"


print([1] + MyList([2]), MyList([2]) + [1])
