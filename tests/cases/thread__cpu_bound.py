# CPU-bound threads that never block: the interpreter must switch between them periodically
# (no thread may starve the others). Only final, scheduling-independent results are printed.
import threading
import time

lists = [[], []]


def fill(k):
    own = lists[k]
    for i in range(200000):
        own.append(i)


ts = [threading.Thread(target=fill, args=(k,)) for k in range(2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("lengths:", [len(x) for x in lists], "last:", [x[-1] for x in lists])

# A thread spinning on a plain variable only stops if the main thread gets to run meanwhile.
state = {"stop": False, "spins": 0}


def spinner():
    n = 0
    while not state["stop"]:
        n += 1
    state["spins"] = n


t = threading.Thread(target=spinner)
t.start()
time.sleep(0.01)
state["stop"] = True
t.join()
print("spinner stopped:", state["spins"] >= 0, t.is_alive())

# Two threads busy-waiting on each other's flag (no locks, no sleeps): needs preemption.
flags = {"a": False, "b": False}
order = []


def side(me, other):
    flags[me] = True
    while not flags[other]:
        pass
    order.append(me)


a = threading.Thread(target=side, args=("a", "b"))
b = threading.Thread(target=side, args=("b", "a"))
a.start()
b.start()
a.join()
b.join()
print("both sides finished:", sorted(order))

# Several CPU-bound threads each computing a result, plus the main thread working meanwhile.
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


res = {}


def compute(n):
    res[n] = fib(n)


ts = [threading.Thread(target=compute, args=(n,)) for n in (15, 16, 17, 18)]
for t in ts:
    t.start()
main_total = sum(i * i for i in range(100000))
for t in ts:
    t.join()
print("fib:", sorted(res.items()), "main:", main_total)

# Unsynchronised list.append from several threads loses nothing (each append is atomic).
shared = []


def appender(base):
    for i in range(20000):
        shared.append(base + i)


ts = [threading.Thread(target=appender, args=(k * 100000,)) for k in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("shared:", len(shared), len(set(shared)))
