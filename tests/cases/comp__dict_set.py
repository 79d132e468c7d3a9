words = ["apple", "banana", "cherry", "avocado", "blueberry"]
print({w: len(w) for w in words})
by_letter = {}
for w in words:
    by_letter.setdefault(w[0], []).append(w)
print(by_letter)
print({k: sorted(v, reverse=True) for k, v in by_letter.items()})
print({v: k for k, v in {"a": 1, "b": 2}.items()})
print(sorted({len(w) for w in words}))
print({x % 5 for x in range(20)})
print({(i, j): i * j for i in range(2) for j in range(2)})
print(dict(zip("abc", range(3))), {**{"a": 1}, "b": 2})
print({c for c in [3, 1, 2, 3, 1]})
print({i: {j for j in range(i)} for i in range(4)})
