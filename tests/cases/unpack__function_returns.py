def minmax(xs):
    return min(xs), max(xs)
lo, hi = minmax([3, 9, 1])
print(lo, hi)
def split_name(full):
    first, *middle, last = full.split()
    return first, " ".join(middle), last
print(split_name("John Ronald Reuel Tolkien"), split_name("Ada Lovelace"))
pairs = [(1, "a"), (2, "b"), (3, "c")]
nums, letters = zip(*pairs)
print(nums, letters)
for idx, (n, l) in enumerate(pairs, start=10):
    print(idx, n, l)
def stats(*xs):
    return {"n": len(xs), "sum": sum(xs)}
s = stats(*range(5))
n, total = s.values()
print(n, total)
(a, b), = [(7, 8)]
print(a, b)
[c] = ["single"]
print(c)
