# Object-heavy task scheduler (richards-like): classes, attributes, method calls.
class Packet:
    def __init__(self, link, ident, kind):
        self.link = link
        self.ident = ident
        self.kind = kind
        self.datum = 0
        self.data = [0] * 4

class Task:
    def __init__(self, scheduler, ident, priority):
        self.scheduler = scheduler
        self.ident = ident
        self.priority = priority
        self.queue = []
        self.runs = 0

    def run(self, packet):
        self.runs += 1
        if packet is not None:
            packet.datum = (packet.datum + self.ident * 7) % 1009
            packet.data[self.runs % 4] += 1
            target = (self.ident + packet.datum) % len(self.scheduler.tasks)
            self.scheduler.send(target, packet)

class Scheduler:
    def __init__(self, n):
        self.tasks = [Task(self, i, i % 5) for i in range(n)]
        self.processed = 0

    def send(self, ident, packet):
        self.tasks[ident].queue.append(packet)

    def schedule(self, rounds):
        for _ in range(rounds):
            for task in sorted(self.tasks, key=lambda t: -t.priority):
                if task.queue:
                    task.run(task.queue.pop(0))
                    self.processed += 1
                else:
                    task.run(None)

s = Scheduler(20)
for i in range(40):
    s.send(i % 20, Packet(None, i, i % 3))
s.schedule(200_000)
print(s.processed, sum(t.runs for t in s.tasks), sum(p.datum for t in s.tasks for p in t.queue))
