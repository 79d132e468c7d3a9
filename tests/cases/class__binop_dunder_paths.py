# a <op> b with Python dunders: forward, NotImplemented, reflected, subclass precedence, errors.
class V:
    def __init__(self, x):
        self.x = x

    def __add__(self, o):
        if isinstance(o, V):
            return V(self.x + o.x)
        if isinstance(o, int):
            return V(self.x + o)
        return NotImplemented

    def __radd__(self, o):
        return V(o * 100 + self.x)

    def __mul__(self, o):
        return NotImplemented

    def __sub__(self, o):
        raise ValueError("no subtraction")

    def __repr__(self):
        return f"V({self.x})"


class W(V):
    def __radd__(self, o):
        return "W.__radd__ first"


class Other:
    def __radd__(self, o):
        return "Other.__radd__"

    def __rmul__(self, o):
        return "Other.__rmul__"


print(V(1) + V(2), V(1) + 5, 5 + V(1), V(1) + W(2), V(1) + Other(), V(1) * Other())
for expr in ("V(1) * V(2)", "V(1) * 3", "V(1) + 'a'", "V(1) - V(2)"):
    try:
        print(eval(expr))
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)


class G:
    def __add__(self, o):
        yield o


print(type(G() + 1).__name__)
acc = V(0)
for i in range(1000):
    acc = acc + V(i)
print(acc)


class Deep:
    def __init__(self, n):
        self.n = n

    def __add__(self, o):
        return Deep(self.n + o.n) if self.n < 200 else self


d = Deep(0)
for _ in range(250):
    d = d + Deep(1)
print(d.n)


class Rec:
    def __add__(self, o):
        return self + o


try:
    Rec() + Rec()
except RecursionError as e:
    print("RecursionError:", e)
