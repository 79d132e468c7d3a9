# Printed reports of exception chains: cycles through __cause__/__context__ end (the printer
# remembers what it showed), 'from None' hides the context, and odd __notes__ print as 3.11's.
import sys
# A cause/context cycle printed by sys.excepthook (the default hook) must terminate.
def cyc():
    a = ValueError("a")
    b = KeyError("b")
    a.__context__ = b
    b.__context__ = a
    return a
try:
    raise cyc()
except ValueError as e:
    sys.excepthook(type(e), e, e.__traceback__)
print("--- cause cycle")
a = TypeError("ta"); b = RuntimeError("rb")
a.__cause__ = b; b.__cause__ = a
sys.excepthook(type(a), a, None)
print("--- self context")
s = OSError("self"); s.__context__ = s
sys.excepthook(type(s), s, None)
print("--- cause seen, context not printed")
x = ValueError("x"); y = ValueError("y"); z = ValueError("z")
x.__cause__ = y; y.__cause__ = x; y.__context__ = z; y.__suppress_context__ = False
sys.excepthook(type(x), x, None)
print("--- suppress context")
try:
    try:
        1/0
    except ZeroDivisionError:
        raise KeyError("k") from None
except KeyError as e:
    print(e.__suppress_context__, e.__cause__, type(e.__context__).__name__)
    sys.excepthook(type(e), e, e.__traceback__)
    e.__suppress_context__ = False
    sys.excepthook(type(e), e, e.__traceback__)
print("--- cause then reset")
try:
    try:
        {}[1]
    except KeyError as k:
        raise ValueError("v") from k
except ValueError as e:
    e.__cause__ = None
    print(e.__suppress_context__)
    sys.excepthook(type(e), e, e.__traceback__)
print("--- group cycle")
inner = ValueError("inner")
g = ExceptionGroup("g", [inner])
inner.__context__ = g
sys.excepthook(type(g), g, None)
print("--- notes")


class BadRepr:
    def __repr__(self):
        raise ValueError


for notes in [5, "ab", ["x\ny", 3, b"b"], ("t",), BadRepr(), [BadRepr(), "after"], {"k": 1}, None, range(2)]:
    e = ValueError("n")
    e.__notes__ = notes
    sys.excepthook(type(e), e, None)
    print()
g = ExceptionGroup("g", [ValueError(1), TypeError(2)])
g.add_note("gn")
g.exceptions[0].add_note("in1\nin2")
g.exceptions[1].__notes__ = [1.5]
sys.excepthook(type(g), g, None)
print("--- uncaught: a cycle, then a refused deletion")


def boom():
    p = ValueError("p")
    q = ValueError("q")
    try:
        raise p
    except ValueError:
        try:
            raise q
        except ValueError:
            pass
    p.__context__ = q
    p.__cause__ = None
    p.__suppress_context__ = False
    try:
        raise p
    except ValueError as err:
        del err.__cause__


boom()
