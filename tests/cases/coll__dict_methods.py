d = {"b": 2, "a": 1}
d["c"] = 3
d["a"] = 10
print(d, len(d), list(d), list(d.keys()), list(d.values()), list(d.items()))
print(d.get("z"), d.get("z", 0), d.setdefault("e", 5), d.setdefault("a", 99), d)
print(d.pop("b"), d.pop("zz", "none"), d.popitem(), d)
d.update({"x": 1}, y=2)
d.update([("z", 3)])
print(d)
print("x" in d, 1 in d, "a" in d.keys(), 10 in d.values(), ("a", 10) in d.items())
del d["x"]
print(d, dict.fromkeys("ab", 0), dict.fromkeys([1, 2]))
e = d.copy()
e["new"] = 1
print(len(d), len(e), d == e, {"a": 1, "b": 2} == {"b": 2, "a": 1})
print({**d, "a": -1}, d | {"q": 0}, dict(a=1, b=2), dict([(1, 2)]), dict({"k": "v"}, k2="v2"))
d |= {"merged": True}
print(d)
for k, v in sorted(d.items()):
    print(k, "->", v)
print(list(reversed(d)), list(reversed(d.items()))[0])
d.clear()
print(d, bool(d))
try:
    {}["missing"]
except KeyError as e:
    print("KeyError", e)
