def f(a, b, *, c): pass
def g(x, /, y=2): pass
for call in [lambda: f(1), lambda: f(1, 2, 3), lambda: f(1, 2, c=3, d=4), lambda: f(1, 2, a=1, c=0),
             lambda: g(x=1), lambda: f(), lambda: len(), lambda: len(1, 2), lambda: g(1, 2, 3)]:
    try:
        call()
    except TypeError as e:
        print(e)
