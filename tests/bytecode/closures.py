def counter():
    n = 0
    def inc(step=1):
        nonlocal n
        n += step
        return n
    return inc
squares = [v * v for v in range(5) if v]
gen = (k for k in "abc")
