import sys
class Base:
    cls_attr = 7
    def __init__(self, v): self.v = v
    def method(self): return "base"
    @property
    def prop(self): return self.v * 2
    @classmethod
    def make(cls, v): return cls(v)
    @staticmethod
    def st(x): return x + 1
    def __eq__(self, o): return isinstance(o, Base) and self.v == o.v
    def __hash__(self): return hash(self.v)
    def __lt__(self, o): return self.v < o.v
class Child(Base):
    def method(self): return "child+" + super().method()
c = Child.make(3)
print(c.method(), c.prop, Child.st(1), c.cls_attr, type(c).__name__, isinstance(c, Base), issubclass(Child, Base))
print(sorted([Child(3), Base(1), Child(2)]) == [Base(1), Child(2), Child(3)], len({Base(1), Base(1)}))
def kw(a, b=2, *args, c, d=4, **kw): return (a, b, args, c, d, kw)
print(kw(1, c=3), kw(1, 2, 3, 4, c=5, e=6), kw(*[1, 2], **{'c': 0}))
def outer():
    x = 0
    def inc():
        nonlocal x
        x += 1
        return x
    return inc
f = outer(); f(); print(f())
print([x * y for x in range(3) for y in range(3) if x != y], {k: v for k, v in zip("ab", [1, 2])}, {x % 3 for x in range(10)})
print(list(map(lambda t: t[0] + t[1], [(1, 2), (3, 4)])), list(filter(None, [0, 1, '', 'a'])))
a, *b, c = range(5); print(a, b, c)
(x, y), z = (1, 2), 3; print(x, y, z)
print("%s=%d %5.2f %r" % ("k", 42, 3.14159, "s"), "{:>6}|{:<4}|{:^7}".format("a", "b", "c"), "{0}{1}{0}".format("x", "y"))
s = "Hello, World"
print(s.lower(), s.upper(), s.split(", "), s.replace("l", "L"), s[::-1], s[2:5], s.find("W"), s.startswith("He"), "-".join(["a", "b"]))
d = {"b": 2, "a": 1}
d["c"] = 3; del d["b"]
print(d, list(d.items()), d.get("z", 9), "a" in d, len(d))
print(1 < 2 < 3, 1 < 3 < 2, not None, None is None, 3 if True else 4, 0 or "x", 1 and 2)
print(divmod(-7, 2), -7 // 2, -7 % 2, 7 / 2, 2 ** -1, abs(-3.5), round(2.5), round(3.5), round(2.675, 2), int("42"), float("1e3"), int(3.9))
print(0.1 + 0.2, 1e16, 1e-5, 123456789.0 * 1000, float("inf"), -0.0, 1/3)
print(hex(255), oct(8), bin(5), chr(65), ord("a"), repr("a'b"), repr('a"b'), str(b"x"), bytes([65, 66]))
while True:
    break
else:
    print("no")
for i in range(3):
    pass
else:
    print("for-else", i)
try:
    raise KeyError("k")
except (TypeError, KeyError) as e:
    print("caught", repr(e), e.args)
finally:
    print("finally")
def g():
    try:
        return 1
    finally:
        print("in finally")
print(g())
with open("/tmp/pyrite_case_core_mixed.txt", "w") as fh:
    fh.write("line1\nline2\n")
with open("/tmp/pyrite_case_core_mixed.txt") as fh:
    print(fh.readlines())
print(sys.argv[0][-4:], __name__)
x = [1, 2, 3]; x[1:2] = [9, 9]; print(x, x.pop(), x.index(9))
print(any(i > 2 for i in x), all([]), min(3, 1, 2), max([1, 5], key=lambda v: -v), sum([0.5, 0.5]))
class M(type):
    def __new__(mcs, name, bases, ns):
        ns["tag"] = name.lower()
        return super().__new__(mcs, name, bases, ns)
class T(metaclass=M): pass
print(T.tag, type(T).__name__)
print(str(ValueError("v")), repr(ValueError("v", 2)), isinstance(ValueError(), Exception))
