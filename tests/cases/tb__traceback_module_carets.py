# traceback.print_exc()/format_exc() of the traceback module: its carets for binary operators
# and subscripts come from ast.parse (`_extract_caret_anchors_from_line_segment`).
import sys
import traceback


def div(a, b):
    return a / b


def lookup(d, k):
    return d["outer"][k]


def call(f):
    return f(1) + f(2)


def power(x):
    return 2 ** x ** x


for fn, args in [(div, (1, 0)), (lookup, ({"outer": {}}, "key")), (call, (None,)), (power, ("s",))]:
    try:
        fn(*args)
    except Exception:
        traceback.print_exc()

try:
    x = [1, 2]
    y = x[0] + x[5]
except IndexError:
    sys.stderr.write(traceback.format_exc())
print("done")
