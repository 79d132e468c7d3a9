s = set()
for v in [5, 3, 17, 9, 1, 33, 2, 64, 100, -1, 8]:
    s.add(v)
print(s)
s.discard(17); s.discard(64)
print(s, len(s), 3 in s, 4 in s)
print({"b", "a"} == {"a", "b"}, set("hello") == set("olleh"), frozenset({1, 2}) in {frozenset({1, 2})})
print({1: "a", 2: "b"}.keys(), list({1: "a"}.values()), {1: 2}.items())
d = dict.fromkeys(["x", "y"], 0); d.update(z=1); d.setdefault("w", []).append(1)
print(d, d.pop("x"), d.popitem(), sorted(d))
print(sorted({3: 1, 1: 2}.items(), key=lambda kv: kv[1]))
try:
    {}[[1]] = 2
except TypeError as e:
    print(e)
print(hash((1, 2, 3)), hash(("a", 1.5)), hash(frozenset([1, 2, 3])), hash(""), hash("abc"), hash(b"abc"))
