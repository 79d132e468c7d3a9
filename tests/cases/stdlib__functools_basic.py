import functools
from functools import reduce, partial, cmp_to_key, lru_cache, wraps, total_ordering, cache

print(reduce(lambda a, b: a + b, [1, 2, 3, 4]), reduce(lambda a, b: a * b, range(1, 6), 10), reduce(max, [], 7))

def f(a, b, c=0, *, d=1):
    return (a, b, c, d)

p = partial(f, 1)
print(p(2), p(2, 3, d=4), p.func is f, p.args, p.keywords)
p2 = partial(p, 5, d=9)
print(p2(), p2.func is f, p2.args, p2.keywords, p2(c=7, d=0))
print(repr(partial(f, 1, d=2)).startswith("functools.partial(<function f at 0x"), repr(partial(f, 1, d=2)).endswith(">, 1, d=2)"))
print(repr(partial(len)), type(p).__name__, callable(p))
print(partial(int, base=2)("101"))

def cmp(a, b):
    return (a > b) - (a < b)
print(sorted([3, 1, 2], key=cmp_to_key(cmp)), sorted("bca", key=cmp_to_key(lambda x, y: cmp(y, x))))
K = cmp_to_key(cmp)
print(K(1) < K(2), K(2) <= K(1), K(3) == K(3), K(1) != K(1))

@lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(60), fib.cache_info().hits > 0)

@cache
def sq(x):
    return x * x
print(sq(4), sq(4), sq.cache_info())

def deco(fn):
    @wraps(fn)
    def inner(*a):
        return fn(*a)
    return inner

@deco
def hello():
    "doc"
    return 1
print(hello.__name__, hello.__doc__, hello.__wrapped__.__name__)

@total_ordering
class V:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return self.v == o.v
    def __lt__(self, o): return self.v < o.v
print(V(1) <= V(2), V(3) >= V(2), V(1) > V(2))

for bad in [lambda: reduce(lambda a, b: a, []), lambda: reduce(len), lambda: partial(), lambda: partial(1),
            lambda: reduce(lambda a, b: a, 5)]:
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)
