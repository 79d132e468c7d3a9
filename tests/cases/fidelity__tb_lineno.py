# types.TracebackType keeps the tb_lineno it is given (a C int), computing it only for -1.
import sys, types
def g():
    return sys._getframe()
f = g()
for lasti in (0, -1):
    print(lasti, [types.TracebackType(None, f, lasti, n).tb_lineno for n in (-3, -2, 0, 7, 2**31 - 1, -2**31)])
print(types.TracebackType(None, f, -1, -1).tb_lineno == g.__code__.co_firstlineno)
try:
    types.TracebackType(None, f, 0, 2**31)
except OverflowError as e:
    print(e)
try:
    1 / 0
except ZeroDivisionError as e:
    tb = e.__traceback__
    print(tb.tb_lineno, tb.tb_lasti >= 0)
    t2 = types.TracebackType(tb, tb.tb_frame, tb.tb_lasti, -5)
    print(t2.tb_lineno, t2.tb_next.tb_lineno)
    import traceback
    print(traceback.extract_tb(t2)[0].lineno)
