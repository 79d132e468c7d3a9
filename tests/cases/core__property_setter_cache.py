# Property setters through the store cache: validation errors, deleters, replaced properties,
# read-only properties, setters that are not Python functions.
class Acc:
    def __init__(self):
        self._b = 0
        self.log = []

    @property
    def b(self):
        return self._b

    @b.setter
    def b(self, v):
        if v < 0:
            raise ValueError("negative")
        self.log.append(v)
        self._b = v
        return "ignored"

    @b.deleter
    def b(self):
        self._b = None


a = Acc()
for i in range(4):
    a.b = i * 10
    a.b += 1
print(a.b, a.log)
try:
    a.b = -1
except ValueError as e:
    print("ValueError:", e)
del a.b
print(a.b)
Acc.b = property(lambda self: "ro")
try:
    a.b = 5
except AttributeError as e:
    print("AttributeError:", e)
Acc.b = 99
a.b = 5
print(a.b, Acc.b)


class Store:
    def setx(self, obj, v):
        print("bound setter", type(obj).__name__, v)


class W:
    x = property(None, Store().setx)


w = W()
for i in range(2):
    w.x = i


class Builtin:
    y = property(None, list.append)


class L(list):
    y = property(None, list.append)


lst = L()
for i in range(3):
    lst.y = i
print(lst)
