# Loads done together with the instruction before them: errors still point at the right one.
import os
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))


def second_unbound(flag):
    if flag:
        y = 1
    x = 5
    return x + y


def first_unbound(flag):
    if flag:
        y = 1
    return y + 1


class P:
    def __init__(self):
        self.a = 1


def attr_missing(p):
    return p.a + p.b


for fn, arg in [(second_unbound, False), (first_unbound, False), (attr_missing, P())]:
    try:
        fn(arg)
    except Exception:
        print(traceback.format_exc().replace(HERE, "<HERE>"))

print(second_unbound(True), first_unbound(True))
p = P()
total = 0
for i in range(1000):
    total += p.a + i - 3
print(total)
p.__dict__["a"] = 7
print(p.a)
del p.a
try:
    p.a
except AttributeError as e:
    print("AttributeError", e)
