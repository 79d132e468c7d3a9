data = {"b": [3, 1], "a": [2], "c": []}
print({k: sorted(v) for k, v in sorted(data.items()) if v})
print([(k, x) for k, vs in data.items() for x in vs])
print([i for i in range(10) if i % 2][::-1])
print([*range(3), *"ab"], {*range(3), 5}, {**{"x": 1}, **{"y": 2}})
print([f"{i}:{c}" for i, c in enumerate("xyz", 1)])
print([i if i % 2 else -i for i in range(6)])
print([[0] * 3 for _ in range(2)])
