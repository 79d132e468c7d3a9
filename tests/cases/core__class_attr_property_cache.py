# Class attributes and property getters read through the attribute cache: shadowing by the
# instance, class changes, property replaced, __getattr__ fallback, getters that raise.
class A:
    rate = 3
    label = "a"
    ratio = 0.5
    flag = None

    def __init__(self):
        self._v = 10

    @property
    def v(self):
        return self._v * self.rate


def read(o):
    return (o.rate, o.label, o.ratio, o.flag, o.v)


a = A()
print([read(a) for _ in range(2)])
a.rate = 7                      # the instance now shadows the class attribute
print(read(a))
del a.rate
A.rate = 11                     # the class changes
print(read(a))
A.v = property(lambda self: "new getter")
print(read(a))
A.v = 42                        # no longer a property at all
print(read(a))


class B(A):
    label = "b"

    @property
    def v(self):
        raise AttributeError("v is missing")

    def __getattr__(self, name):
        return "fallback " + name


print(read(B()))


class C:
    @property
    def bad(self):
        raise ValueError("getter failed")

    @property
    def gen(self):
        yield 1


c = C()
for _ in range(2):
    try:
        c.bad
    except ValueError as e:
        print("ValueError:", e)
print(type(c.gen).__name__)


class D:
    items = (1, 2)

    def get(self):
        return self.items


d = D()
print(d.get(), [d.items for _ in range(2)])
d.items = [3]
print(d.get())


class P(property):
    def __get__(self, obj, objtype=None):
        return "subclass __get__"


class E:
    x = P(lambda self: "plain getter")


print([E().x for _ in range(2)])
