import sys
def numbers(n):
    for i in range(n):
        yield i
def sq(it):
    for x in it:
        yield x * x
print(list(sq(numbers(5))), sum(sq(numbers(10))))
for v in sq(numbers(3)): print(v)
def g():
    try:
        raise KeyError(1)
    except KeyError:
        yield sys.exc_info()[0]
        yield sys.exc_info()[0]
    yield sys.exc_info()[0]
try:
    raise ValueError
except ValueError:
    for x in g():
        print(x, sys.exc_info()[0])
def bad():
    yield 1
    raise StopIteration(5)
try:
    for x in bad(): print(x)
except RuntimeError as e:
    print(repr(e), repr(e.__cause__), e.__suppress_context__)
def inner():
    x = yield 1
    print("got", x)
    y = yield 2
    return x, y
def outer():
    r = yield from inner()
    print("r", r)
    return r
o = outer()
print(next(o), o.send("a"))
try: o.send("b")
except StopIteration as e: print("stop", e.value)
def me():
    yield from me_g
me_g = me()
try: next(me_g)
except ValueError as e: print(e)
def rec(n):
    if n: 
        for x in rec(n-1): yield x
    else: yield 0
try:
    for x in rec(5000): pass
except RecursionError as e: print("rec", e)
import asyncio
async def a(): return 3
async def b(): return await a() + await a()
print(asyncio.run(b()))
def raiser():
    yield 1
    1/0
def tb():
    for x in raiser(): pass
try: tb()
except ZeroDivisionError as e:
    import traceback
    print([(fs.name, fs.lineno, fs.line) for fs in traceback.extract_tb(e.__traceback__)])
g2 = numbers(3)
for x in g2:
    print(x, g2.gi_running, g2.gi_frame is None)
print(g2.gi_frame)
def selfloop():
    yield 1
    for y in it_self:
        yield y
it_self = selfloop()
try:
    for v in it_self: print("self", v)
except ValueError as e:
    print("self:", e)
def delegate():
    try:
        yield from numbers(4)
    except KeyError as e:
        print("delegate caught", repr(e))
        yield "after"
d = delegate()
print(next(d), next(d), d.throw(KeyError("k")))
d.close()
def catcher():
    try:
        yield 1
        yield 2
    finally:
        print("finally runs")
for x in catcher():
    print(x)
    break
print([x for x in numbers(4) if x % 2])
print(dict((k, k * 2) for k in numbers(3)))
async def agen():
    yield 1
async def use_agen():
    return [x async for x in agen()]
print(asyncio.run(use_agen()))
def wrong_send():
    return (yield from iter([1, 2]))
w = wrong_send()
print(next(w), w.send(None))
def unstarted_send():
    yield from fresh
fresh = numbers(2)
u = unstarted_send()
print(next(u), next(u))
