a = {"x": 1, "y": 2, "z": 3}
b = {"y": 20, "w": 0}
print(a.keys() & b.keys(), sorted(a.keys() | b.keys()), sorted(a.keys() - b.keys()), sorted(a.keys() ^ b.keys()))
print(a.items() & {("x", 1)}, len(a.values()), 3 in a.values(), list(a.values()))
print(type(a.keys()).__name__, type(a.values()).__name__, type(a.items()).__name__)
print(a.keys() == {"x", "y", "z"}, a.keys() == ["x", "y", "z"])
print(repr(a.keys()), repr(a.values()), repr(a.items()))
counts = {}
for w in "a b a c b a".split():
    counts[w] = counts.get(w, 0) + 1
top = max(counts, key=counts.get)
print(counts, top, sorted(counts, key=counts.get, reverse=True))
print(dict(zip(a.values(), a.keys())), {k: v for k, v in a.items() if v > 1})
