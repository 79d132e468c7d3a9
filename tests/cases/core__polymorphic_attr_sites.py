# One attribute site seeing several classes in turn (the two-way cache and its eviction).
class A:
    kind = "a"

    def __init__(self):
        self.v = 1

    def f(self):
        return "A.f"


class B:
    kind = "b"
    __slots__ = ("v",)

    def __init__(self):
        self.v = 2

    def f(self):
        return "B.f"


class C:
    def __init__(self):
        self.v = 3
        self.kind = "c (instance)"

    @property
    def f(self):
        return lambda: "C.f via property"


objs = [A(), B(), C()] * 4
print([(o.v, o.kind, o.f()) for o in objs])
B.kind = "b2"
A.f = lambda self: "A.f2"
print([(o.v, o.kind, o.f()) for o in objs[:3]])
objs[0].__class__ = C
print(objs[0].v, objs[0].f(), hasattr(objs[0], "kind"))
