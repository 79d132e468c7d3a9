def f(x):
    return g(x) + 1
def g(x):
    return x[1] * 2
try:
    f([1])
except IndexError:
    raise ValueError("bad")
