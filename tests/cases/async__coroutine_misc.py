
async def f():
    return 1
c = f()
print(type(c).__name__, c.__name__, c.__qualname__, c.cr_running)
c.close()
class Awaitable:
    def __await__(self):
        return iter([1, 2])
async def g():
    return await Awaitable()
co = g()
print(co.send(None), co.send(None))
try:
    co.send(None)
except StopIteration as e:
    print("result", e.value)
async def bad():
    await 5
b = bad()
try:
    b.send(None)
except TypeError as e:
    print(e)
async def h():
    x = [i async for i in ai()]
    return x
async def ai():
    for i in range(3):
        yield i
hh = h()
try:
    hh.send(None)
except StopIteration as e:
    print(e.value)
