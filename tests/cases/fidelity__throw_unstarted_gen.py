# throw() into a generator or coroutine that never started raises through its frame: the
# traceback has an entry for the def line.
import os, sys, traceback
HERE = os.path.dirname(os.path.abspath(__file__))
def g():
    yield 1
try:
    g().throw(KeyError)
except KeyError as e:
    print(traceback.format_exc().replace(HERE, "<HERE>"), end="")
    tb = e.__traceback__
    while tb:
        print(tb.tb_frame.f_code.co_name, tb.tb_lineno)
        tb = tb.tb_next
def h():
    x = yield 1
    yield 2
it = h(); next(it)
try:
    it.throw(ValueError('v'))
except ValueError as e:
    tb = e.__traceback__
    while tb:
        print(tb.tb_frame.f_code.co_name, tb.tb_lineno)
        tb = tb.tb_next
async def c():
    pass
co = c()
try:
    co.throw(KeyError)
except KeyError as e:
    tb = e.__traceback__
    while tb:
        print(tb.tb_frame.f_code.co_name, tb.tb_lineno)
        tb = tb.tb_next
def k():
    try:
        yield 1
    finally:
        print('never runs')
try:
    k().throw(RuntimeError('r'))
except RuntimeError as e:
    print(traceback.format_exception_only(e), [f.name for f in traceback.extract_tb(e.__traceback__)])
    print(e.__traceback__.tb_next.tb_lineno == k.__code__.co_firstlineno)
gen = k()
try:
    gen.throw(StopIteration)
except Exception as e:
    print(type(e).__name__, [f.name for f in traceback.extract_tb(e.__traceback__)])
print(list(gen))
