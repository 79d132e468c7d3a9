s = {1, 2, 3}; s |= {4}; print(s); s &= {1, 4, 9}; print(s); s -= {1}; print(s); s ^= {4, 5}; print(s)
a = {1, 2}; print(a.union([3], (4,)), a.intersection({2}, [2, 3]), a.difference({1}), a.symmetric_difference([2, 7]))
a.intersection_update({1}); print(a); a.update([5], {6}); print(a); print({1} < {1, 2}, {1, 2} > {1}, {1}.isdisjoint({2}))
d = {"a": 1, "b": 2}
print(d.keys() & {"a"}, d.keys() | {"z"}, d.items() - {("a", 1)}, list(reversed(d)), d | {"c": 3})
