# Set algebra between exact sets and frozensets takes a shortcut; results, result types and
# subclass/reflected dispatch stay CPython's.
a, b = {1, 2, 3}, frozenset({2, 3, 4})
for x, y in [(a, b), (b, a), (a, a), (b, b), (set(), b), (b, frozenset())]:
    print(sorted(x | y), sorted(x & y), sorted(x - y), sorted(x ^ y), type(x | y).__name__, type(x & y).__name__)


class S(set):
    def __or__(self, o):
        return "S.__or__"

    def __ror__(self, o):
        return "S.__ror__"


print(a | S({9}), S({9}) | a, type(S({1}) & a).__name__, type(a - S({1})).__name__)
s = {1}
t = s
s |= {2}
print(s is t, sorted(t))
f = frozenset({1})
g = f
f |= {2}
print(f is g, sorted(f), sorted(g))
for bad in [lambda: a | [1], lambda: b & "ab", lambda: a - 1]:
    try:
        bad()
    except TypeError as e:
        print("TypeError", e)
print({1, 2} ^ {2, 3} == {1, 3}, frozenset({1}) | {1} == {1}, hash(frozenset({1, 2}) | frozenset()))
