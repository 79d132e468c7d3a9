import enum, operator, reprlib, functools, collections, itertools, math, time

class Color(enum.Enum):
    RED = 1
    GREEN = 2

class Perm(enum.IntFlag):
    R = 4
    W = 2

print(Color.RED, Color(2), Color["GREEN"].value, list(Color), Color.RED is Color.RED)
print(Perm.R | Perm.W, int(Perm.R | Perm.W))
print(operator.itemgetter(1)([5, 6]), operator.attrgetter("real")(3), operator.add(2, 3))
print(reprlib.repr(list(range(100))))
