# queue.Queue with worker threads: task_done/join, sentinel shutdown, queue.Empty on
# get(timeout=...) and get_nowait, queue.Full on a bounded queue, a bounded queue blocking
# a producer until a consumer makes room, LifoQueue/PriorityQueue/SimpleQueue across threads.
import queue
import threading

q = queue.Queue()
results = []
rlock = threading.Lock()


def worker(wid):
    while True:
        item = q.get()
        if item is None:
            q.task_done()
            break
        with rlock:
            results.append(item * item)
        q.task_done()


workers = [threading.Thread(target=worker, args=(i,), name=f"worker-{i}") for i in range(4)]
for w in workers:
    w.start()
for i in range(100):
    q.put(i)
q.join()
print("after join: processed", len(results), "sum", sum(results))
print("unfinished tasks:", q.unfinished_tasks, "empty:", q.empty(), "qsize:", q.qsize())
for _ in workers:
    q.put(None)
for w in workers:
    w.join()
print("workers alive:", [w.is_alive() for w in workers])
print("sorted head:", sorted(results)[:5])

# Results flowing back on a second queue, in an order forced by sequence numbers.
jobs, done = queue.Queue(), queue.Queue()


def squarer():
    while (job := jobs.get()) is not None:
        n, x = job
        done.put((n, x * 2))


ws = [threading.Thread(target=squarer) for _ in range(3)]
for w in ws:
    w.start()
for n, x in enumerate("abcdefg"):
    jobs.put((n, x))
out = sorted(done.get() for _ in range(7))
for _ in ws:
    jobs.put(None)
for w in ws:
    w.join()
print("results:", [v for _, v in out])

# Empty / Full.
e = queue.Queue()
try:
    e.get(timeout=0.01)
except queue.Empty as ex:
    print("get(timeout=0.01): Empty", repr(str(ex)))
try:
    e.get_nowait()
except queue.Empty:
    print("get_nowait: Empty")
try:
    e.get(block=False)
except queue.Empty:
    print("get(block=False): Empty")
try:
    e.get(timeout=-1)
except ValueError as ex:
    print("ValueError:", ex)
try:
    e.task_done()
except ValueError as ex:
    print("ValueError:", ex)

bq = queue.Queue(maxsize=2)
bq.put(1)
bq.put(2)
print("full:", bq.full(), "qsize:", bq.qsize())
try:
    bq.put_nowait(3)
except queue.Full:
    print("put_nowait: Full")
try:
    bq.put(3, timeout=0.01)
except queue.Full:
    print("put(timeout=0.01): Full")

# A producer blocked on a full queue is released when a consumer takes an item.
put_done = threading.Event()


def producer():
    bq.put(3)  # blocks: the queue is full
    put_done.set()


p = threading.Thread(target=producer)
p.start()
print("producer blocked:", not put_done.wait(0.02), "qsize:", bq.qsize())
print("consumer got", bq.get())
p.join()
print("producer finished:", put_done.is_set(), "qsize:", bq.qsize())
print("drain:", [bq.get() for _ in range(bq.qsize())])

# A consumer blocked on get() receives an item put later by the main thread.
got = []
c = threading.Thread(target=lambda: got.append(e.get(timeout=5)))
c.start()
c.join(0.01)
print("consumer waiting:", c.is_alive(), got)
e.put("hello")
c.join()
print("consumer got:", got)

# LifoQueue / PriorityQueue / SimpleQueue filled by several threads, drained in main.
lq, pq, sq = queue.LifoQueue(), queue.PriorityQueue(), queue.SimpleQueue()


def filler(base):
    for k in range(5):
        lq.put(base + k)
        pq.put((base + k, f"p{base + k}"))
        sq.put(base + k)


fs = [threading.Thread(target=filler, args=(b,)) for b in (10, 20, 30)]
for f in fs:
    f.start()
for f in fs:
    f.join()
print("lifo size:", lq.qsize(), "sorted:", sorted(lq.get() for _ in range(15))[:3])
print("priority order:", [pq.get()[1] for _ in range(15)])
print("simple:", sq.qsize(), sorted(sq.get() for _ in range(15))[-3:], sq.empty())
try:
    sq.get(timeout=0.01)
except queue.Empty:
    print("SimpleQueue get(timeout): Empty")

# LifoQueue order is deterministic when filled by a single thread.
single = queue.LifoQueue()
t = threading.Thread(target=lambda: [single.put(i) for i in range(4)])
t.start()
t.join()
print("lifo single:", [single.get() for _ in range(4)])
