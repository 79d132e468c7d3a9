# Calls that leave trailing parameters to their defaults take a shortcut; its edges.
def f(a, b=2, c=[3]):
    c = c + [a]
    return a, b, c


print(f(1), f(1, 5), f(1, 5, [0]))
f.__defaults__ = (20, [30])
print(f(1))
f.__defaults__ = ([30],)
print(f(1, 2))
try:
    f(1)
except TypeError as e:
    print("TypeError", e)
f.__defaults__ = None
try:
    f(1, 2)
except TypeError as e:
    print("TypeError", e)


def cell(a, b=10):
    return lambda: a + b


print(cell(1)(), cell(1, 2)())


def kwonly(a, b=1, *, c=2):
    return a, b, c


def star(a, b=1, *rest):
    return a, b, rest


print(kwonly(0), kwonly(0, 5), star(0), star(0, 1, 2))


def rec(n, acc=0):
    return acc if n == 0 else rec(n - 1, acc + n)


print(rec(100))


def gen(a, b=3):
    yield a + b


print(list(gen(1)))
try:
    f()
except TypeError as e:
    print("TypeError", e)
