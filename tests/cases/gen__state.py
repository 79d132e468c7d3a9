def g():
    yield 1
gen = g()
print(gen.__name__, gen.__qualname__)
print(gen.gi_running, gen.gi_frame is None, gen.gi_frame.f_lasti if False else "-")
next(gen)
print(gen.gi_running, gen.gi_frame is None)
list(gen)
print(gen.gi_running, gen.gi_frame is None)
def reentrant():
    yield next(me)
me = reentrant()
try:
    next(me)
except ValueError as e:
    print(e)
def empty():
    return
    yield
print(list(empty()))
def with_return():
    yield 1
    return 2
it = with_return()
print(next(it))
try:
    next(it)
except StopIteration as e:
    print("StopIteration value", e.value, e.args)
try:
    next(it)
except StopIteration as e:
    print("again", e.value)
