# threading.local: per-thread attribute values, the main thread's value unaffected by other
# threads, AttributeError in a fresh thread for an attribute set elsewhere, subclasses whose
# __init__ runs once per thread, __dict__ per thread, and _thread._local being the same type.
import threading
import _thread

data = threading.local()
data.value = "main"
data.shared_name = "only in main"
results = []
rlock = threading.Lock()
step = threading.Barrier(4)


def worker(i):
    try:
        data.value
    except AttributeError as e:
        first = "AttributeError: " + str(e)
    data.value = i * 10
    step.wait()  # all threads have set their own value before anyone reads it back
    mine = data.value
    data.value += 1
    with rlock:
        results.append((i, first, mine, data.value, hasattr(data, "shared_name")))


ts = [threading.Thread(target=worker, args=(i,)) for i in range(3)]
for t in ts:
    t.start()
step.wait()
for t in ts:
    t.join()
for r in sorted(results):
    print(r)
print("main value:", data.value, data.shared_name)
print("main __dict__:", sorted(data.__dict__.items()))

# Attribute deletion is per thread too.
deleted = []


def deleter():
    data.value = "tmp"
    del data.value
    try:
        del data.value
    except AttributeError:
        deleted.append("second del AttributeError")
    deleted.append(hasattr(data, "value"))


t = threading.Thread(target=deleter)
t.start()
t.join()
print("deleter:", deleted, "main still has:", data.value)


# A subclass: __init__ runs in each thread on first use, with the constructor arguments.
class Ctx(threading.local):
    inits = 0
    color = "class-default"

    def __init__(self, start):
        Ctx.inits += 1
        self.items = [start]

    def add(self, x):
        self.items.append(x)
        return list(self.items)


ctx = Ctx("s")
ctx.add("main")
outs = []


def use_ctx(tag):
    r1 = ctx.add(tag)
    r2 = ctx.add(tag + "!")
    with rlock:
        outs.append((tag, r1, r2, ctx.color))


ts = [threading.Thread(target=use_ctx, args=(f"t{i}",)) for i in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
for o in sorted(outs):
    print(o)
print("main items:", ctx.items, "inits:", Ctx.inits)

# Class attributes are shared; instance attributes are not.
ctx.color = "main-color"
seen = []
t = threading.Thread(target=lambda: seen.append(ctx.color))
t.start()
t.join()
print("color in thread:", seen, "main:", ctx.color)

# Two local objects are independent of each other.
a, b = threading.local(), threading.local()
pair = []


def two():
    a.x = 1
    pair.append((a.x, hasattr(b, "x")))


t = threading.Thread(target=two)
t.start()
t.join()
print("two locals:", pair, hasattr(a, "x"))

# The local's per-thread data is dropped when the thread ends; a new thread starts fresh.
again = []
for _ in range(2):
    t = threading.Thread(target=lambda: (again.append(hasattr(data, "value")), setattr(data, "value", 5)))
    t.start()
    t.join()
print("fresh each time:", again)

print("same type:", threading.local is _thread._local)
try:
    threading.local(1)
except TypeError as e:
    print("TypeError:", e)
