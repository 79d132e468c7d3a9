class Yield:
    def __await__(self):
        yield "pause"

async def agen(n):
    for i in range(n):
        await Yield()
        yield i * 10
    print("agen exhausted")

async def consumer():
    out = []
    async for v in agen(3):
        out.append(v)
    g = agen(5)
    out.append(await g.__anext__())
    out.append(await g.__anext__())
    await g.aclose()
    try:
        await g.__anext__()
    except StopAsyncIteration:
        out.append("stopped")
    return out

def run(c):
    while True:
        try:
            c.send(None)
        except StopIteration as e:
            return e.value

print(run(consumer()))
print(type(agen(1)).__name__)

async def asend_demo():
    async def acc():
        total = 0
        while True:
            x = yield total
            total += x
    a = acc()
    r = [await a.asend(None), await a.asend(5), await a.asend(7)]
    await a.aclose()
    return r
print(run(asend_demo()))
