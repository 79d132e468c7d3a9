# One attribute site that sees instances of several classes in turn (a method shared by
# subclasses): every class's own layout answers, also after attributes change.
class Base:
    def __init__(self, a, b):
        self.a = a
        self.b = b

    def total(self):
        return self.a + self.b


class Left(Base):
    def __init__(self, a, b):
        self.extra = 0
        super().__init__(a, b)


class Right(Base):
    pass


class Third(Base):
    @property
    def b(self):
        return 100

    @b.setter
    def b(self, v):
        self._b = v


objs = [Left(1, 2), Right(3, 4), Third(5, 6), Left(7, 8), Right(9, 10)]
for round_ in range(3):
    print([o.total() for o in objs])
    objs[1].a += 1000
    objs[0].__dict__["b"] = -1
    del objs[3].a
    objs[3].a = round_
Right.a = "class attr"
r = Right(0, 0)
del r.a
print(r.total() if False else r.a)
