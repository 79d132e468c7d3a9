import itertools as it
from itertools import *

print(list(islice(count(), 5)), list(islice(count(10, 3), 4)), list(islice(count(1.5, 0.5), 3)))
c = count(5)
print(repr(c), next(c), repr(c), repr(count(0, 2)), repr(count(1.0, 1)))
print(list(islice(cycle("abc"), 8)), list(cycle([])))
print(list(repeat("x", 3)), list(repeat(1, -2)), repr(repeat(7)), repr(repeat("a", 2)))
print(list(zip(range(3), repeat(0))))
print(list(accumulate([1, 2, 3, 4])), list(accumulate([1, 2, 3], lambda a, b: a * b)),
      list(accumulate([1, 2], initial=100)), list(accumulate([])), list(accumulate([], initial=5)))
print(list(chain("ab", [1, 2], ())), list(chain.from_iterable(["xy", "z"])), list(chain()))
print(list(compress("ABCDEF", [1, 0, 1, 0, 1, 1])))
print(list(dropwhile(lambda x: x < 5, [1, 4, 6, 4, 1])), list(takewhile(lambda x: x < 5, [1, 4, 6, 4, 1])))
print(list(filterfalse(lambda x: x % 2, range(10))), list(filterfalse(None, [0, 1, "", "a", None])))
print([(k, list(g)) for k, g in groupby("AAAABBBCCDAABBB")])
print([(k, list(g)) for k, g in groupby([1, 2, 3, 4, 5, 6], key=lambda x: x // 3)])
groups = groupby("aabbc")
k1, g1 = next(groups)
k2, g2 = next(groups)
print(k1, list(g1), k2, list(g2))
print([k for k, _ in groupby("aaabbbcc")])
print(list(islice("ABCDEFG", 2)), list(islice("ABCDEFG", 2, 4)), list(islice("ABCDEFG", 2, None)),
      list(islice("ABCDEFG", 0, None, 2)), list(islice(range(10), 1, 8, 3)), list(islice("abc", None)))
print(list(pairwise("ABCDE")), list(pairwise("A")), list(pairwise([])))
print(list(starmap(pow, [(2, 5), (3, 2), (10, 3)])))
a, b = tee(iter([1, 2, 3]))
print(next(a), next(a), list(b), list(a))
x, y, z = tee(range(4), 3)
print(list(x), list(y), list(z), tee([1], 0))
print(list(zip_longest("ABCD", "xy", fillvalue="-")), list(zip_longest("ab", range(3))), list(zip_longest()))
print(list(product("AB", "xy")), list(product(range(2), repeat=3)), list(product()), list(product("ab", [])))
print(list(permutations("ABC", 2)), list(permutations(range(3))), list(permutations("ab", 3)))
print(list(combinations("ABCD", 2)), list(combinations(range(4), 3)), list(combinations("ab", 0)), list(combinations("ab", 5)))
print(list(combinations_with_replacement("ABC", 2)), list(combinations_with_replacement([], 2)), list(combinations_with_replacement([], 0)))
print(len(list(permutations(range(5)))), len(list(combinations(range(10), 4))))

print(type(count()).__name__, type(chain()), iter(c) is c)
print(sum(1 for _ in product(range(10), repeat=3)))

class MyChain(chain):
    pass
mc = MyChain([1], [2])
print(type(mc).__name__, list(mc))

def err(f, *a, **k):
    try:
        r = f(*a, **k)
        print("no error", r)
    except Exception as e:
        print(type(e).__name__ + ":", e)

err(islice, range(3), -1)
err(islice, range(3), 1, "x")
err(islice, range(3), 0, 3, 0)
err(islice, range(3))
err(combinations, "abc", -1)
err(permutations, "abc", -1)
err(count, "a")
err(tee, [1], -1)
err(product, "a", repeat=-1)
print(type(chain(1)).__name__)
err(list, chain([1], 2))
err(cycle)
err(next, iter(dropwhile(lambda x: 1 / 0, [1])))
