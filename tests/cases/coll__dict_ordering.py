d = {}
for k in ["zebra", "apple", "mango", "kiwi"]:
    d[k] = len(k)
print(d)
del d["apple"]
d["apple"] = 0
print(list(d))
d["zebra"] = 99
print(list(d.items()))
keys = d.keys()
d["new"] = 1
print(keys, len(keys))
items = d.items()
print(items)
try:
    for k in d:
        d["another"] = 1
except RuntimeError as e:
    print(e)
x = {1: "int", 1.0: "float", True: "bool"}
print(x)
y = {(1, 2): "t", "s": "s", None: "n", 3.5: "f", frozenset([1]): "fs"}
print(y)
print(sorted({"b": 1, "a": 2}), sorted({"b": 1, "a": 2}.items(), key=lambda kv: kv[1]))
inv = {}
for k, v in {"a": 1, "b": 2, "c": 1}.items():
    inv.setdefault(v, []).append(k)
print(inv)
print(dict(sorted({"x": 3, "y": 1, "z": 2}.items(), key=lambda kv: kv[1])))
