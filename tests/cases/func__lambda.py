sq = lambda x: x * x
print(sq(7), (lambda: "no args")(), (lambda *a, **k: (a, k))(1, z=2))
print(sq.__name__)
pairs = [(3, "c"), (1, "a"), (2, "b")]
print(sorted(pairs, key=lambda p: p[1], reverse=True))
compose = lambda f, g: lambda x: f(g(x))
inc = lambda x: x + 1
print(compose(sq, inc)(3), compose(inc, sq)(3))
print(list(map(lambda x, y: x * y, [1, 2, 3], [4, 5, 6])))
print((lambda x, /, y=2, *, z=3: x + y + z)(1, z=10))
cond = lambda x: "even" if x % 2 == 0 else "odd"
print([cond(i) for i in range(4)])
print((lambda: (yield))().__class__.__name__)
