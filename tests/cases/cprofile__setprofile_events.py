# The events a profiler sees: native calls (bound methods, method descriptors bound to their
# first argument, class and static methods), and profiling switched on inside a callee.
import sys


def p(frame, event, arg):
    if event.startswith("c_"):
        print(event, str(arg).split(" at ")[0])
    elif event in ("call", "return"):
        print(event, frame.f_code.co_name)


code = []
emit = code.append
sys.setprofile(p)
emit(1)
dict.fromkeys("ab")
[].extend(())
code.append(3)
list.append(code, 3)
len(code)
str.maketrans("a", "b")
try:
    int.from_bytes()
except TypeError:
    pass
sys.setprofile(None)
print(str.maketrans.__repr__().split(" at ")[0])


class P:
    def __enter__(self):
        sys.setprofile(p)
        return self

    def __exit__(self, *a):
        sys.setprofile(None)


def main():
    return 1


def nested():
    with P():
        main()


with P():
    main()
nested()


# Closing a suspended generator throws GeneratorExit into it: 'call' and 'return' events.
def agen():
    yield 1
    yield 2


def pr(frame, event, arg):
    if event in ("call", "return"):
        print(event, frame.f_code.co_name, arg if event == "return" else "")


g = agen()
next(g)
sys.setprofile(pr)
g.close()
g2 = agen()
next(g2)
del g2


def m():
    g3 = agen()
    next(g3)


m()
sys.setprofile(None)


# Slot wrappers (dict.__init__ through super(), int.__add__, list.__len__) are not reported.
class D(dict):
    def __init__(self):
        super().__init__()


sys.setprofile(p)
D()
(1).__add__(2)
int.__add__(1, 2)
[].__len__()
"a".__eq__("b")
object.__init__(D())
sys.setprofile(None)
