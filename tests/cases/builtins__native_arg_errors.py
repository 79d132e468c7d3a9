# Argument errors of native functions in CPython 3.11's wording: argument clinic's
# "'x' is an invalid keyword argument for f()" and "f expected N arguments, got M".
import itertools
import math

calls = [
    "int(foo=1)", "'a'.split(foo=1)", "str(foo=1)", "'a'.encode(foo=1)", "enumerate([], foo=1)",
    "zip(foo=1)", "max(1, 2, foo=1)", "min([1], foo=1)", "round(1, foo=2)", "math.isclose(1, 2, foo=1)",
    "compile('', '', 'exec', foo=1)", "itertools.product(foo=1)", "math.prod([], foo=1)",
    "(lambda: 0).__code__.replace(foo=1)",
    "math.atan2(1)", "math.pow(1)", "math.copysign(1)", "math.log()", "math.log(1, 2, 3)",
    "math.ldexp(1)", "math.comb(1)", "math.dist(1)", "divmod(1)", "isinstance(1)", "hasattr(1)",
    "setattr(1, 2)", "len()", "abs(1, 2)", "math.sqrt()", "getattr(1)",
]
for c in calls:
    try:
        eval(c)
        print(c, "-> no error")
    except TypeError as e:
        print(c, "->", e)
