class V:
    def __init__(self, *c): self.c = list(c)
    def __add__(self, o): return V(*[a + b for a, b in zip(self.c, o.c)])
    def __mul__(self, k): return V(*[a * k for a in self.c])
    __rmul__ = __mul__
    def __len__(self): return len(self.c)
    def __getitem__(self, i): return self.c[i]
    def __iter__(self): return iter(self.c)
    def __contains__(self, x): return x in self.c
    def __repr__(self): return f"V{tuple(self.c)}"
    def __bool__(self): return any(self.c)
    def __eq__(self, o): return isinstance(o, V) and self.c == o.c
    def __call__(self, x): return x * 2
v = V(1, 2) + V(3, 4)
print(v, 2 * v, v * 3, len(v), v[0], list(v), 3 in v, bool(V(0, 0)), v == V(4, 6), v(21))
class Temp:
    def __init__(self): self._c = 0
    @property
    def c(self): return self._c
    @c.setter
    def c(self, val):
        if val < -273: raise ValueError("too cold")
        self._c = val
t = Temp(); t.c = 25; print(t.c)
try:
    t.c = -300
except ValueError as e:
    print(e)
class Base:
    def __init_subclass__(cls, tag="none", **kw):
        super().__init_subclass__(**kw)
        cls.tag = tag
class Sub(Base, tag="sub"): pass
print(Sub.tag, Sub.__mro__, Sub.__name__, Sub.__qualname__)
class Slotted:
    count = 0
    def __new__(cls, *a):
        cls.count += 1
        return super().__new__(cls)
Slotted(); Slotted(); print(Slotted.count)
class Getter:
    def __getattr__(self, name): return name.upper()
print(Getter().hello)
try:
    object().x = 1
except AttributeError as e:
    print(e)
