class Box:
    def __init__(self, v):
        self.v = v
    def __len__(self):
        return 3
    def __iter__(self):
        return iter([self.v] * 3)
    def __contains__(self, x):
        return x == self.v
    def __bool__(self):
        return self.v != 0
    def __index__(self):
        return self.v
    def __hash__(self):
        return self.v
    def __eq__(self, other):
        return isinstance(other, Box) and other.v == self.v
b = Box(2)
print(len(b), list(b), 2 in b, 3 in b, bool(b), bool(Box(0)), sorted(b), sum(b))
print([10, 20, 30][b], bin(b), hex(b), range(10)[b], "abc"[b])
print(len({b, Box(2), Box(3)}), {b: "x"}[Box(2)], hash(b))
print(max(b), min(b), tuple(b), set(b), dict.fromkeys(b), list(enumerate(b)))
print(divmod(b, 1) if False else "ok", list(zip(b, "xy")))
