a = {1, 2, 3, 4}
b = {3, 4, 5}
print(a | b, a & b, a - b, b - a, a ^ b)
print(a.union([9]), a.intersection(b, {4}), a.difference({1}), a.symmetric_difference(b))
print(a <= a, {1} < a, a >= {1, 2}, a.issubset(range(10)), a.isdisjoint({7}), {1, 2} == {2, 1})
s = set()
s.add(3); s.add(1); s.add(3); s.update([2, 5], (7,))
print(s, len(s))
s.discard(42); s.remove(5)
print(s, s.pop(), s)
try:
    s.remove(42)
except KeyError as e:
    print("KeyError", e)
print(set([3, 3, 1]), set(), frozenset([2, 1]), frozenset())
fs = frozenset([1, 2])
print({fs: "frozen"}, fs | {3}, type(fs | {3}).__name__, hash(fs) == hash(frozenset([2, 1])))
c = a.copy()
c |= {10}
c &= {1, 10, 2}
c -= {2}
print(c, a)
print(sorted({5, -1, 3}), {x * x for x in range(-3, 4)}, set(range(5)) - {0})
print({10, 20, 30}, {100, 5, 64, 2, 33})
print(min({4, 2, 8}), sum({1, 2, 3}), 3 in {1, 2, 3}, [1, 2] in [{1, 2}])
