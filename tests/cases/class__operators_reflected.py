class Num:
    def __init__(self, v): self.v = v
    def __repr__(self): return f"Num({self.v})"
    def __add__(self, o):
        if isinstance(o, int): return Num(self.v + o)
        if isinstance(o, Num): return Num(self.v + o.v)
        return NotImplemented
    def __radd__(self, o):
        print("radd with", o)
        return self + o
    def __iadd__(self, o):
        print("iadd")
        self.v += o if isinstance(o, int) else o.v
        return self
    def __truediv__(self, o): return Num(self.v / o)
    def __floordiv__(self, o): return Num(self.v // o)
    def __mod__(self, o): return Num(self.v % o)
    def __pow__(self, o): return Num(self.v ** o)
    def __matmul__(self, o): return "matmul"
    def __lshift__(self, o): return Num(self.v << o)
    def __and__(self, o): return Num(self.v & o)
    def __invert__(self): return Num(~self.v)
    def __index__(self): return self.v
    def __int__(self): return self.v
    def __float__(self): return float(self.v)
n = Num(10)
print(n + 1, 1 + n, n + n, sum([Num(1), Num(2)], Num(0)), sum([Num(1)]))
n += 5
print(n, n / 4, n // 4, n % 4, n ** 2, n @ n, n << 2, n & 6, ~n)
print([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16][n], hex(n), int(n), float(n))
try:
    n + "s"
except TypeError as e:
    print(e)
