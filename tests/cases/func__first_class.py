def apply_all(fns, value):
    return [fn(value) for fn in fns]
print(apply_all([abs, str, float, lambda v: v * 3], -4))
ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}
def calc(expr):
    a, op, b = expr.split()
    return ops[op](int(a), int(b))
print([calc(e) for e in ["1 + 2", "7 - 10", "6 * 7"]])
def pipeline(*stages):
    def run(x):
        for s in stages:
            x = s(x)
        return x
    return run
p = pipeline(str.strip, str.upper, lambda s: s + "!")
print(p("  hello "))
def curry(f):
    def a(x):
        def b(y):
            return f(x, y)
        return b
    return a
print(curry(pow)(2)(10))
print(list(map(len, ["a", "bb", "ccc"])), list(map(str.upper, "abc")))
print(sorted(["b", "A", "c"], key=str.lower))
methods = [str.upper, str.title, str.swapcase]
print([m("hello World") for m in methods])
