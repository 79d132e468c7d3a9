def f(*a, **k):
    pass
f(x=1, 2)
