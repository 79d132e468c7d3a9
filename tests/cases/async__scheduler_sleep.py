class Sleep:
    def __init__(self, delay):
        self.delay = delay
    def __await__(self):
        yield self.delay

class Loop:
    def __init__(self):
        self.now = 0
        self.queue = []
        self.seq = 0
    def spawn(self, coro, at=0):
        self.queue.append((at, self.seq, coro))
        self.seq += 1
    def run(self):
        while self.queue:
            self.queue.sort(key=lambda t: (t[0], t[1]))
            at, _, coro = self.queue.pop(0)
            self.now = at
            try:
                delay = coro.send(None)
            except StopIteration as e:
                print(f"t={self.now}: finished -> {e.value}")
                continue
            self.spawn(coro, self.now + delay)

loop = Loop()
async def job(name, delays):
    for d in delays:
        print(f"t={loop.now}: {name} sleeps {d}")
        await Sleep(d)
    return name

loop.spawn(job("fast", [1, 1, 1]))
loop.spawn(job("slow", [3]))
loop.spawn(job("mixed", [2, 0, 1]))
loop.run()
