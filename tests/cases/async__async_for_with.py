class Ticker:
    def __init__(self, n):
        self.n = n
        self.i = 0
    def __aiter__(self):
        return self
    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        await Yield()
        return self.i

class Yield:
    def __await__(self):
        yield

class Lock:
    def __init__(self, name):
        self.name = name
    async def __aenter__(self):
        print("acquire", self.name)
        await Yield()
        return self
    async def __aexit__(self, et, ev, tb):
        print("release", self.name, et.__name__ if et else None)
        return et is KeyError

def run(coro):
    steps = 0
    while True:
        try:
            coro.send(None)
            steps += 1
        except StopIteration as e:
            return e.value, steps

async def main():
    got = []
    async for v in Ticker(3):
        got.append(v)
    async with Lock("L1") as l:
        got.append(l.name)
    async with Lock("L2"):
        raise KeyError("suppressed")
    got.append([x async for x in Ticker(2)])
    return got

print(run(main()))
