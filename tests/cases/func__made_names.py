# Functions made again and again from one code object (closures, lambdas, comprehensions):
# each starts with the code's name, qualname and the module's __name__, and renaming one
# leaves the others alone.
def outer(k):
    def inner(x):
        return x + k
    return inner


fs = [outer(i) for i in range(3)]
print([f.__name__ for f in fs], [f.__qualname__ for f in fs], {f.__module__ for f in fs})
fs[0].__qualname__ = "renamed"
fs[1].__name__ = "other"
print([f.__name__ for f in fs], [f.__qualname__ for f in fs])
print(fs[2].__qualname__ is fs[2].__code__.co_qualname or fs[2].__qualname__ == fs[2].__code__.co_qualname)
lams = [lambda: i for i in range(2)]
print([l.__name__ for l in lams], [l.__qualname__ for l in lams])
g = {"__name__": "fake_mod"}
exec("def h(): pass\nq = (lambda: 0)", g)
print(g["h"].__module__, g["q"].__module__, g["h"].__qualname__)
g2 = {}
exec("def h(): pass", g2)
print(g2["h"].__module__)
print(sum(x for x in range(10)), [y * 2 for y in range(3)], {z for z in "ab"} == {"a", "b"})
