t = (1, "two", 3.0, [4])
print(t, len(t), t[1], t[-1], t[1:3], t[::-1])
print((1,), (), tuple(), tuple([1, 2]), tuple("ab"), (1, 2) + (3,), (0,) * 3)
t[3].append(5)
print(t)
try:
    t[0] = 9
except TypeError as e:
    print(e)
print(t.count(1), t.index("two"), 3.0 in t, (1, 2) < (1, 2, 3), (2,) > (1, 9), (1, 2) == (1, 2))
a, b, *rest = (1, 2, 3, 4)
print(a, b, rest)
print(hash((1, 2)) == hash((1, 2)), {(1, 2): "pair"}[(1, 2)])
try:
    hash((1, [2]))
except TypeError as e:
    print(e)
point = 3, 4
x, y = point
print(x, y, type(point).__name__)
print(max((1, "b"), (1, "a")), sorted([(2, "x"), (1, "y"), (2, "a")]))
print(tuple(i * i for i in range(4)), repr((1, (2, (3,)))))
