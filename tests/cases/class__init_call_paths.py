# C(...) with a Python __init__ runs __init__ as an ordinary frame: every rule of type_call
# still holds (return value check, keywords, errors, abstract classes, metaclass __call__).
import abc


class P:
    def __init__(self, x, y=2, *, z=3):
        self.t = (x, y, z)


print(P(1).t, P(1, 5).t, P(1, z=9).t, P(y=7, x=0).t)
for args, kw in [((), {}), ((1, 2, 3), {}), ((1,), {"w": 0})]:
    try:
        P(*args, **kw)
    except TypeError as e:
        print("TypeError:", e)


class BadReturn:
    def __init__(self):
        return 42


class GenInit:
    def __init__(self):
        yield 1


for cls in (BadReturn, GenInit):
    try:
        cls()
    except TypeError as e:
        print("TypeError:", e)


class Raises:
    def __init__(self, v):
        raise ValueError(v)


try:
    Raises("boom")
except ValueError as e:
    print("ValueError:", e, e.__traceback__.tb_next.tb_frame.f_code.co_name)


class Abstract(abc.ABC):
    @abc.abstractmethod
    def run(self):
        pass

    def __init__(self):
        print("never")


try:
    Abstract()
except TypeError as e:
    print("TypeError:", e)


class Meta(type):
    def __call__(cls, *args):
        print("Meta.__call__", args)
        return super().__call__(*args)


class WithMeta(metaclass=Meta):
    def __init__(self, a):
        self.a = a


print(WithMeta(4).a)


class CustomNew:
    def __new__(cls, v):
        print("__new__", v)
        return super().__new__(cls)

    def __init__(self, v):
        self.v = v


print(CustomNew(3).v)


class Other:
    pass


class ReturnsOther:
    def __new__(cls):
        return Other()

    def __init__(self):
        print("not called")


print(type(ReturnsOther()).__name__)


class Deep:
    def __init__(self, n):
        self.child = Deep(n - 1) if n else None


d = Deep(300)
depth = 0
while d.child is not None:
    d, depth = d.child, depth + 1
print(depth)


def recurse():
    return Recursive()


class Recursive:
    def __init__(self):
        recurse()


try:
    recurse()
except RecursionError as e:
    print("RecursionError:", e)
