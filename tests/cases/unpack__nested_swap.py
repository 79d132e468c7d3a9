a, b = 1, 2
a, b = b, a
print(a, b)
a, b, c = 1, 2, 3
a, b, c = c, a, b
print(a, b, c)
xs = [0, 1, 2, 3]
xs[0], xs[3] = xs[3], xs[0]
print(xs)
i = 0
i, xs[i] = 2, 99
print(i, xs)
(p, q), (r, s) = (1, 2), "xy"
print(p, q, r, s)
((a, b), c), d = ((1, 2), 3), 4
print(a, b, c, d)
for (k, v), n in zip({"a": 1, "b": 2}.items(), range(2)):
    print(k, v, n)
for i, (x, *rest) in enumerate([[1, 2, 3], [4]]):
    print(i, x, rest)
x = y = z = []
x.append(1)
print(x, y, z, x is z)
a, b = b, a = 5, 6
print(a, b)
d = {}
d["k"], d["j"] = "vk", "vj"
print(d)
class O: pass
o = O()
o.a, o.b = range(2)
print(o.a, o.b)
