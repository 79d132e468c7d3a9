def gen():
    yield 1
    raise StopIteration("inside")
g = gen()
print(next(g))
try:
    next(g)
except RuntimeError as e:
    print("RuntimeError:", e, "| cause:", repr(e.__cause__))
it = iter([1])
print(next(it), next(it, "default"))
next(it)
