# Class-level counters and constants rebound while instances are in use: cached class values
# must follow every rebinding (and only plain data skips the full invalidation), and a store
# site that sees instances of two classes keeps both.
class Base:
    count = 0
    label = "base"
    scale = 1.5

    def __init__(self, v):
        self.v = v
        Base.count += 1

    @property
    def value(self):
        return self._v

    @value.setter
    def value(self, x):
        self._v = x          # sees Base and Sub instances


class Sub(Base):
    label = "sub"


objs = [Base(1), Sub(2), Base(3), Sub(4)]
out = []
for i, o in enumerate(objs):
    o.value = i
    out.append((o.count, o.label, o.scale, o.value))
    Base.count += 10
    Base.scale = Base.scale * 2
    if i == 1:
        Sub.label = "sub2"
    if i == 2:
        Base.label = property(lambda self: "prop")   # plain data replaced by a descriptor
print(out)
Base.label = "plain again"
print([(o.label, o.count) for o in objs])
Base.count = "now a str"
print(objs[0].count, objs[1].count)
del Base.count
try:
    objs[0].count
except AttributeError as e:
    print("AttributeError", e)
Base.__eq__ = lambda self, other: True
print(objs[0] == objs[1], Base.__hash__)
Sub.scale = 7
print([o.scale for o in objs])
