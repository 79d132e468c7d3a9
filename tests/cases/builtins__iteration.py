print(list(range(5)), list(range(2, 10, 3)), list(range(5, 0, -2)), len(range(0, 100, 7)))
print(list(enumerate("abc")), list(enumerate("abc", 1)), list(enumerate([], 5)))
print(list(zip("abc", [1, 2, 3], (True, False, None))), list(zip("ab", range(10))))
try:
    list(zip("ab", "c", strict=True))
except ValueError as e:
    print(e)
print(list(map(abs, [-1, 2, -3])), list(map(pow, [2, 3], [3, 2])), list(filter(str.isupper, "aBcD")))
print(sorted([3, 1, 2]), sorted("bca", reverse=True), list(reversed(range(3))), list(reversed("ab")))
it = iter([1, 2])
print(next(it), next(it), next(it, "dflt"))
try:
    next(it)
except StopIteration:
    print("StopIteration")
calls = iter(lambda: calls_list.pop(), 0)
calls_list = [0, 3, 2, 1]
print(list(calls))
print(sum([1, 2, 3]), sum([0.5, 0.5]), sum([[1], [2]], []), sum(range(10), 100))
print(any([]), all([]), any([0, 0, 1]), all([1, "a", [0]]), any(x > 3 for x in range(5)))
r = reversed([1, 2, 3])
print(type(r).__name__, next(r))
print(list(iter("xy")), iter(it) is it)
