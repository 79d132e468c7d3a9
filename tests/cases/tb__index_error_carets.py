def g(x):
    return x[1] * 2
g([1])
