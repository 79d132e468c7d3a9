# Sorting keys that compare natively (ints, floats, strs, tuples of them) and the cases that
# must take the general path (NaN, subclasses with __lt__, mixed types, errors).
seed = 7
def rnd():
    global seed
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed

ints = [rnd() % 50 - 25 for _ in range(200)]
print(sorted(ints)[:10], sorted(ints, reverse=True)[:10])
big = [10**20, -10**20, 5, True, False, 2**63, -(2**63) - 1, 2**63 - 1, 0]
print(sorted(big))
print(sorted(big, reverse=True))
pairs = [(rnd() % 5, i) for i in range(30)]
print(sorted(pairs, key=lambda p: p[0]))                 # stability
print(sorted(pairs, key=lambda p: p[0], reverse=True))   # stability under reverse
words = ["b", "a", "B", "é", "ab", "", "\U0001f600", "\ud800", "z"]
print(sorted(words), sorted(words, key=len))
print(sorted([(1, "b"), (1, "a"), (0, "z"), (1,), ()]))
floats = [3.5, -0.0, 0.0, 1e300, -1e300, 2.25]
print(sorted(floats))
nan = float("nan")
print(sorted([3.0, nan, 1.0, 2.0]))
print(sorted([3, 1.5, 2, 0.5]))


class Rev(int):
    def __lt__(self, other):
        return int(self) > int(other)


print(sorted([Rev(1), Rev(3), Rev(2)]))
try:
    sorted([1, "a", 2])
except TypeError as e:
    print("TypeError:", e)
try:
    sorted([(1, 2), (1, "x")])
except TypeError as e:
    print("TypeError:", e)
try:
    sorted([None, None])
except TypeError as e:
    print("TypeError:", e)
lst = [5, 3, 9]
lst.sort(key=lambda v: -v)
print(lst)
