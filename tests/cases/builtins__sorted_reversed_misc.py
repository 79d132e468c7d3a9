data = {"b": 3, "a": 1, "c": 2}
print(sorted(data), sorted(data.values()), sorted(data.items(), key=lambda kv: kv[1]))
print(list(reversed([1, 2, 3])), list(reversed((1, 2))), list(reversed(range(1, 10, 3))), "".join(reversed("abc")))
try:
    reversed({1, 2})
except TypeError as e:
    print(e)
print(list(reversed(data)), list(reversed(data.values())))
print(sorted("Hello World".split(), key=str.casefold), sorted([-3, 2, -1], key=abs))
print(len(sorted(range(1000))), sorted([3, 1, 2], reverse=True), sorted(set([3, 1, 2])))
print(sorted([[2, "b"], [1, "z"], [2, "a"]]), sorted([(1, None), (0, None)]))
