# Lock / RLock / Condition / Semaphore / BoundedSemaphore across real threads: contention on a
# shared counter, timeouts and non-blocking acquires against a lock held by another thread,
# RLock ownership, a Condition-based producer/consumer, and semaphores bounding concurrency.
import threading
import time
import _thread

# --- Lock contention: 4 threads x 10000 increments under a lock.
lock = threading.Lock()
counter = [0]


def inc(n):
    for _ in range(n):
        with lock:
            v = counter[0]
            counter[0] = v + 1


ts = [threading.Thread(target=inc, args=(10000,)) for _ in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("counter:", counter[0])

# Explicit acquire/release in a loop, with an RLock this time.
rl = threading.RLock()
total = [0]


def inc_rlock(n):
    for _ in range(n):
        rl.acquire()
        try:
            with rl:  # re-entrant
                total[0] += 1
        finally:
            rl.release()


ts = [threading.Thread(target=inc_rlock, args=(5000,)) for _ in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("rlock total:", total[0])

# --- A lock held by another thread.
held = threading.Lock()
holding = threading.Event()
let_go = threading.Event()


def holder():
    with held:
        holding.set()
        let_go.wait()


t = threading.Thread(target=holder)
t.start()
holding.wait()
print("locked() while held:", held.locked())
print("acquire(timeout=0.01):", held.acquire(timeout=0.01))
print("acquire(blocking=False):", held.acquire(blocking=False))
print("acquire(False):", held.acquire(False))
let_go.set()
print("acquire() after release by holder:", held.acquire())
held.release()
t.join()
print("locked() at end:", held.locked())

# A plain Lock may be released by a thread other than the one that acquired it.
handoff = threading.Lock()
handoff.acquire()
out = []


def release_it():
    handoff.release()
    out.append("released by other thread")


t = threading.Thread(target=release_it)
t.start()
t.join()
print(out, handoff.locked())

# Blocking acquire waits for another thread's release.
gate = threading.Lock()
gate.acquire()
order = []


def waiter():
    gate.acquire()
    order.append("waiter got lock")
    gate.release()


t = threading.Thread(target=waiter)
t.start()
t.join(0.02)
order.append("main releasing")
gate.release()
t.join()
print(order)

# Lock errors.
try:
    threading.Lock().release()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    threading.Lock().acquire(blocking=False, timeout=1)
except ValueError as e:
    print("ValueError:", e)
try:
    threading.Lock().acquire(timeout=-5)
except ValueError as e:
    print("ValueError:", e)
print("_thread.allocate_lock is Lock type:", type(_thread.allocate_lock()) is type(threading.Lock()))
print("_thread.LockType:", type(threading.Lock()) is _thread.LockType)

# --- RLock owned by another thread.
r = threading.RLock()
owned = threading.Event()
done = threading.Event()


def rowner():
    r.acquire()
    r.acquire()
    owned.set()
    done.wait()
    r.release()
    r.release()


t = threading.Thread(target=rowner)
t.start()
owned.wait()
try:
    r.release()
except RuntimeError as e:
    print("RLock RuntimeError:", e)
print("RLock acquire(blocking=False) by non-owner:", r.acquire(blocking=False))
print("RLock acquire(timeout=0.01) by non-owner:", r.acquire(timeout=0.01))
done.set()
t.join()
print("RLock acquire after owner released:", r.acquire(blocking=False))
r.release()
try:
    r.release()
except RuntimeError as e:
    print("RLock RuntimeError:", e)

# --- Condition: producer/consumer on a bounded buffer.
cond = threading.Condition()
buf = []
consumed = []
N = 50
CAP = 3


def producer(start):
    for i in range(start, start + N):
        with cond:
            while len(buf) >= CAP:
                cond.wait()
            buf.append(i)
            cond.notify_all()


def consumer(count):
    for _ in range(count):
        with cond:
            while not buf:
                cond.wait()
            consumed.append(buf.pop(0))
            cond.notify_all()


ps = [threading.Thread(target=producer, args=(k * 1000,)) for k in range(2)]
cs = [threading.Thread(target=consumer, args=(N,)) for _ in range(2)]
for t in ps + cs:
    t.start()
for t in ps + cs:
    t.join()
print("consumed:", len(consumed), sorted(consumed) == sorted(list(range(N)) + list(range(1000, 1000 + N))))
print("buffer empty:", buf == [])

# wait_for with a predicate, and a timeout that expires.
c2 = threading.Condition(threading.Lock())
state = {"ready": False}


def setter():
    with c2:
        state["ready"] = True
        c2.notify()


with c2:
    t = threading.Thread(target=setter)
    t.start()
    print("wait_for result:", c2.wait_for(lambda: state["ready"]))
t.join()
with c2:
    print("wait(0.01) timed out:", c2.wait(0.01))
    print("wait_for timed out:", c2.wait_for(lambda: False, timeout=0.01))

# notify(n) wakes at most n waiters; releasing the rest with notify_all.
c3 = threading.Condition()
woken = []
waiting = [0]


def sleeper(i):
    with c3:
        waiting[0] += 1
        c3.wait()
        woken.append(i)


ss = [threading.Thread(target=sleeper, args=(i,)) for i in range(4)]
for t in ss:
    t.start()
while True:
    with c3:
        if waiting[0] == 4:
            c3.notify(2)
            break
    time.sleep(0.001)
while True:
    with c3:
        if len(woken) >= 2:
            break
    time.sleep(0.001)
time.sleep(0.02)  # the other two stay asleep
print("woken after notify(2):", len(woken))
with c3:
    c3.notify_all()
for t in ss:
    t.join()
print("woken after notify_all:", sorted(woken))

try:
    threading.Condition().wait()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    threading.Condition().notify()
except RuntimeError as e:
    print("RuntimeError:", e)

# --- Semaphore bounding concurrency.
sem = threading.Semaphore(2)
active = [0]
peak = [0]
meta = threading.Lock()


def limited():
    with sem:
        with meta:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        for _ in range(2000):
            pass
        with meta:
            active[0] -= 1


ts = [threading.Thread(target=limited) for _ in range(6)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("peak <= 2:", peak[0] <= 2, "active at end:", active[0])

s = threading.Semaphore(0)
print("Semaphore(0) acquire(blocking=False):", s.acquire(blocking=False))
print("Semaphore(0) acquire(timeout=0.01):", s.acquire(timeout=0.01))
t = threading.Thread(target=lambda: s.release(2))
t.start()
t.join()
print("after release(2):", s.acquire(False), s.acquire(False), s.acquire(False))
try:
    threading.Semaphore(-1)
except ValueError as e:
    print("ValueError:", e)
try:
    s.release(0)
except ValueError as e:
    print("ValueError:", e)

b = threading.BoundedSemaphore(2)
b.acquire()
t = threading.Thread(target=b.release)
t.start()
t.join()
try:
    b.release()
except ValueError as e:
    print("BoundedSemaphore ValueError:", e)
print("bounded acquire x2, third:", b.acquire(False), b.acquire(False), b.acquire(False))
