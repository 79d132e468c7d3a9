# pickle and copy through object.__getstate__ / __reduce_ex__ (protocols 0-5).
import collections
import copy
import datetime
import pickle
import random


class Plain:
    def __init__(self):
        self.a = 1
        self.b = [1, 2]


class Slotted:
    __slots__ = ("x", "y")


class Empty:
    pass


s = Slotted()
s.x = 5
print(Plain().__getstate__(), s.__getstate__(), Empty().__getstate__())
data = {
    "a": [1, 2.5, (3, "x"), None, True, b"by", 2**70, -3j],
    "od": collections.OrderedDict(x=1, y=2),
    "dd": collections.defaultdict(list, {"k": [1]}),
    "d": datetime.date(2020, 1, 2),
    "set": {1, 2, 3},
    "fs": frozenset({"q"}),
}
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    back = pickle.loads(pickle.dumps(data, proto))
    print(proto, back == data, type(back["od"]).__name__, back["dd"]["k"])
p = pickle.loads(pickle.dumps(Plain()))
print(type(p).__name__, p.a, p.b)
s2 = pickle.loads(pickle.dumps(s))
print(s2.x, hasattr(s2, "y"))
r = random.Random(5)
r.random()
r2 = pickle.loads(pickle.dumps(r))
print(r2.random() == r.random())
print(copy.deepcopy(data) == data, copy.copy(Plain()).b)
