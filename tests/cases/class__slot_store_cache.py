# Stores to __slots__ members from one site, across classes, deletions and unset slots.
class V:
    __slots__ = ("x", "y")

    def __init__(self, x):
        self.x = x

    def set_y(self, y):
        self.y = y


class W(V):
    __slots__ = ("z",)


class Tracked:
    def __del__(self):
        print("freed", self.tag)

    def __init__(self, tag):
        self.tag = tag


items = [V(1), W(2), V(3), W(4)]
for round_ in range(3):
    for k, it in enumerate(items):
        it.set_y(round_ * 10 + k)
    print([(it.x, it.y) for it in items])
del items[0].y
try:
    items[0].y
except AttributeError as e:
    print("AttributeError", e)
items[0].set_y(Tracked("a"))
items[0].set_y(Tracked("b"))
items[0].set_y(None)
print("done")
try:
    items[1].w = 1
except AttributeError as e:
    print("AttributeError", e)
