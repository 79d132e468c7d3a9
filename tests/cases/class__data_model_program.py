# A program exercising the data model together: metaclasses with keywords, __init_subclass__,
# abc sequences, total_ordering, cached_property, dataclasses, Flag/str enums, generics, wraps.
import functools, itertools, operator, collections, abc, typing, dataclasses, enum, sys

class Meta(type):
    def __new__(mcls, name, bases, ns, **kw):
        ns["tag"] = kw.get("tag", name.lower())
        return super().__new__(mcls, name, bases, ns)
    def __repr__(cls):
        return f"<class {cls.__name__} tag={cls.tag}>"

class A(metaclass=Meta, tag="aa"):
    def __init_subclass__(cls, **kw):
        super().__init_subclass__()
        cls.sub = True

class B(A):
    pass

print(A, B, B.sub, B.tag, type(B).__mro__)

class Vec(collections.abc.Sequence):
    def __init__(self, *xs): self.xs = list(xs)
    def __len__(self): return len(self.xs)
    def __getitem__(self, i): return self.xs[i]
    def __repr__(self): return f"Vec{tuple(self.xs)}"
    def __eq__(self, o): return isinstance(o, Vec) and self.xs == o.xs
    __hash__ = None

v = Vec(3, 1, 2)
print(list(reversed(v)), v.index(1), 2 in v, sorted(v), v.count(3), isinstance(v, collections.abc.Iterable))
try:
    hash(v)
except TypeError as e:
    print(e)

@functools.total_ordering
class Ver:
    def __init__(self, s): self.t = tuple(map(int, s.split(".")))
    def __eq__(self, o): return self.t == o.t
    def __lt__(self, o): return self.t < o.t
    def __repr__(self): return "Ver(%s)" % ".".join(map(str, self.t))
print(sorted([Ver("1.10"), Ver("1.2"), Ver("1.9.1")]), Ver("2.0") >= Ver("1.9"))

class Cached:
    @functools.cached_property
    def val(self):
        print("computing")
        return 42
c = Cached(); print(c.val, c.val)

@dataclasses.dataclass
class Node:
    val: int
    children: list = dataclasses.field(default_factory=list)
    def __post_init__(self): self.val *= 2
n = Node(1, [Node(2)])
print(n, dataclasses.replace(n, val=5), dataclasses.fields(n)[0].name)

class Perm(enum.Flag):
    R = 4; W = 2; X = 1
print(Perm.R | Perm.W, list(Perm), Perm(6), bool(Perm(0)))

class Color(str, enum.Enum):
    RED = "r"
print(Color.RED, repr(Color.RED), Color("r") is Color.RED, f"{Color.RED}")

T = typing.TypeVar("T")
class Box(typing.Generic[T]):
    def __init__(self, x: T): self.x = x
print(Box[int](3).x, Box.__parameters__, typing.List[int], typing.Union[int, str])

def deco(f):
    @functools.wraps(f)
    def w(*a, **k):
        return f(*a, **k) * 2
    return w
@deco
def g(x: int = 1) -> int:
    "doc"
    return x
print(g(3), g.__name__, g.__doc__, g.__wrapped__(3), g.__annotations__)

class Proxy:
    def __init__(self, o): object.__setattr__(self, "_o", o)
    def __getattr__(self, n): return getattr(self._o, n)
    def __setattr__(self, n, v): setattr(self._o, n, v)
p = Proxy(Node(1)); p.val = 9; print(p.val, p.children)

print(sys.getrecursionlimit(), sorted({"b": 1, "a": 2}, key=lambda k: -len(k)))
gen = (x * x for x in range(3)); print(next(gen), list(gen), list(gen))
def coro():
    x = yield 1
    while True:
        x = yield x * 2
cg = coro(); print(next(cg), cg.send(5), cg.send(7))
print(list(itertools.chain.from_iterable([[1], [2, 3]])), list(itertools.zip_longest("ab", "c", fillvalue="-")))
print(operator.attrgetter("val")(n), operator.itemgetter(1, 0)("ab"), operator.methodcaller("upper")("x"))
