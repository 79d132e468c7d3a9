print(list(map(str, [1, 2])), list(map(repr, ["a"])), list(map(int, "123")), list(map(float, ["1", "2.5"])))
print(sorted(["b", "a"], key=str), list(map(len, [[1], [], [1, 2]])), list(map(bool, [0, 1, ""])))
print(tuple(map(type, [1, "a", None])))
print(list(filter(bool, [0, 1, 2, None])), list(filter(lambda c: c in "aeiou", "education")))
print(isinstance(map(str, []), map), type(zip()).__name__, type(filter(None, [])).__name__, type(enumerate([])).__name__)
m = map(lambda x: x * 10, [1, 2, 3])
print(next(m), list(m), list(m))
print(list(zip(*zip("abc", "123"))))
print(dict(map(lambda kv: (kv[1], kv[0]), {"a": 1}.items())))
print(object.__name__, int.__name__, type(object()).__name__)
o = object()
try:
    o.x = 1
except AttributeError as e:
    print(e)
print(repr(NotImplemented), repr(Ellipsis), ..., type(...).__name__)
print(slice(1, 2), repr(slice(None)), type(None)(), bool(NotImplemented) if False else "skip")
