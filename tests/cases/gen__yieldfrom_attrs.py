# gi_yieldfrom / cr_await / ag_await: the delegate a suspended generator or coroutine is
# iterating with yield from / await (None when not delegating or not started).
import asyncio, types
def g():
    yield 1
    yield 2
def h():
    x = yield from g()
    yield "after"
gen = h()
print(gen.gi_yieldfrom)
next(gen)
print(type(gen.gi_yieldfrom).__name__, gen.gi_yieldfrom.gi_yieldfrom)
next(gen); next(gen)
print(gen.gi_yieldfrom)
r = (i for i in range(3)); next(r); print(r.gi_yieldfrom)
def k():
    yield from range(5)
kk = k(); next(kk); print(type(kk.gi_yieldfrom).__name__)
@types.coroutine
def sleeper():
    yield "tick"
async def co():
    await sleeper()
c = co()
print(c.cr_await)
c.send(None)
print(type(c.cr_await).__name__, c.cr_await.gi_yieldfrom)
c.close()
async def ag():
    await sleeper()
    yield 1
a = ag()
print(a.ag_await)
