class Sleep:
    def __init__(self, ticks):
        self.ticks = ticks
    def __await__(self):
        for _ in range(self.ticks):
            yield "tick"
        return self.ticks

def run(*coros):
    """Round-robin scheduler driving coroutines with send(None)."""
    tasks = list(enumerate(coros))
    results = {}
    while tasks:
        i, c = tasks.pop(0)
        try:
            c.send(None)
            tasks.append((i, c))
        except StopIteration as e:
            results[i] = e.value
    return [results[i] for i in range(len(coros))]

async def worker(name, n):
    total = 0
    for step in range(n):
        print(f"{name} step {step}")
        total += await Sleep(1)
    return f"{name} done ({total})"

async def main():
    a = await worker("solo", 2)
    return a.upper()

print(run(worker("a", 3), worker("b", 2)))
print(run(main()))
c = worker("x", 0)
print(type(c).__name__)
c.close()
