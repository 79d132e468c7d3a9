def f(a, b, c=3, *, d):
    pass
tests = [
    lambda: f(),
    lambda: f(1),
    lambda: f(1, 2),
    lambda: f(1, 2, 3, 4, d=1),
    lambda: f(1, 2, d=1, e=5),
    lambda: f(1, 2, a=1, d=1),
    lambda: f(1, 2, **{"d": 1, "x": 2}),
    lambda: len(),
    lambda: len([], []),
    lambda: "x".split(1),
    lambda: int("1", base=1),
    lambda: sorted([1], nokey=1),
    lambda: (lambda *, k: k)(),
    lambda: (lambda a, /: a)(a=1),
]
for t in tests:
    try:
        t()
        print("no error")
    except TypeError as e:
        print(e)
    except ValueError as e:
        print("ValueError:", e)
