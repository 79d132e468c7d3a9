def inner(n):
    for i in range(n):
        got = yield i
        if got:
            print("inner got", got)
    return n * 100

def outer():
    r1 = yield from inner(2)
    print("r1 =", r1)
    r2 = yield from inner(3)
    print("r2 =", r2)
    return r1 + r2

g = outer()
print(next(g))
print(g.send("hello"))
print(list(g))
def gen_return():
    x = yield from outer()
    yield "outer returned %d" % x
print(list(gen_return()))
def chain(*its):
    for it in its:
        yield from it
print(list(chain([1, 2], "ab", range(3), {"k": 1})))
def tree(t):
    if isinstance(t, tuple):
        for c in t:
            yield from tree(c)
    else:
        yield t
print(list(tree((1, (2, 3), ((4,), 5)))))
