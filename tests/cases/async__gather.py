class Future:
    def __init__(self):
        self.done = False
        self.result = None
        self.callbacks = []
    def set(self, v):
        self.done, self.result = True, v
    def __await__(self):
        while not self.done:
            yield self
        return self.result

def run_all(coros):
    pending = list(coros)
    results = [None] * len(pending)
    live = list(enumerate(pending))
    rounds = 0
    while live:
        rounds += 1
        nxt = []
        for i, c in live:
            try:
                c.send(None)
                nxt.append((i, c))
            except StopIteration as e:
                results[i] = e.value
        live = nxt
    return results, rounds

f = Future()
async def waiter(tag):
    v = await f
    return f"{tag}:{v}"
async def setter():
    for _ in range(3):
        await Future_yield()
    f.set(42)
    return "set"
class Future_yield:
    def __await__(self):
        yield
print(run_all([waiter("a"), setter(), waiter("b")]))
async def compute(x):
    if x:
        await Future_yield()
        return x + await compute(x - 1)
    return 0
print(run_all([compute(4), compute(2)]))
