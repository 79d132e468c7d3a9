# Comparing self-containing containers raises RecursionError "in comparison" instead of
# overflowing the stack; eval/exec of a code object with free variables raise TypeError.
x = {}
x["foo"] = x
y = {"foo": y} if False else {}
y["foo"] = y
for op in ("==", "!="):
    try:
        eval("x " + op + " y")
    except RecursionError as e:
        print(op, "RecursionError", e)
l = []
l.append(l)
m = []
m.append(m)
try:
    l == m
except RecursionError as e:
    print("list RecursionError", e)
try:
    x < y
except TypeError as e:
    print("TypeError", e)
print(l == l, x == x)


def f(x):
    return lambda: x + 1


g = f(3)
for call in (lambda: eval(g.__code__), lambda: exec(g.__code__, {})):
    try:
        call()
    except TypeError as e:
        print("TypeError", e)


# A __call__ that is itself a callable instance recurses: RecursionError, not a crash.
class A:
    pass


A.__call__ = A()
try:
    A()()
except RecursionError as e:
    print("RecursionError", e)
