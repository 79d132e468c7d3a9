people = [("alice", 30), ("bob", 25), ("carol", 35), ("dave", 25), ("eve", 30)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: (-p[1], p[0])))
print(sorted(people, key=lambda p: p[1], reverse=True))
print(sorted(["b", "A", "c", "B"]), sorted(["b", "A", "c", "B"], key=str.lower))
nums = [5, 2, 9, 1, 5, 6]
nums.sort()
print(nums)
nums.sort(reverse=True)
print(nums)
words = "the quick brown fox jumps over the lazy dog".split()
words.sort(key=len)
print(words)
print(sorted(words, key=lambda w: (len(w), w)))
print(sorted([[3, 1], [1, 2], [1, 1]]), sorted("hello"), sorted({3: "c", 1: "a"}))
print(sorted([0.5, -1, 3, 2.25]), sorted([True, False, True]))
stable = sorted([(1, "b"), (0, "x"), (1, "a"), (0, "y")], key=lambda t: t[0])
print(stable)
try:
    sorted([1, "a"])
except TypeError as e:
    print(e)
print(sorted([], reverse=True), sorted(range(5), key=lambda n: n % 2))
print(list(reversed(sorted(range(3)))), max(people, key=lambda p: p[1]), min(people, key=lambda p: p[0]))
