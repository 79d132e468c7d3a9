x = "outer"
result = [x for x in range(3)]
print(result, x)
print([x for _ in range(2)])
def f():
    total = 10
    return [total + i for i in range(3)]
print(f())
funcs = [lambda: i for i in range(3)]
print([fn() for fn in funcs])
i = "unchanged"
print([i for i in "ab"], i)
print([[y for y in range(x)] for x in range(4)])
def g():
    vals = [1, 2, 3]
    return {v: [v * w for w in vals] for v in vals}
print(g())
n = 3
print([(a, b) for a in range(n) for b in range(a)])
if [w := v for v in range(3)]:
    pass
print(w)
def counter():
    seen = [last := i for i in range(5)]
    return last, seen
print(counter())
