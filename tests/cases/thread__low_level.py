# The _thread module directly: start_new_thread with a lock to wait for completion, args and
# kwargs, get_ident differing between threads and matching Thread.ident, _count,
# get_native_id, allocate_lock, TIMEOUT_MAX, and argument errors.
import threading
import time
import _thread

main_ident = _thread.get_ident()
print("get_ident type:", type(main_ident).__name__, main_ident == threading.get_ident())
print("get_native_id type:", type(_thread.get_native_id()).__name__, type(threading.get_native_id()).__name__)
print("TIMEOUT_MAX:", type(_thread.TIMEOUT_MAX).__name__, _thread.TIMEOUT_MAX > 0, threading.TIMEOUT_MAX == _thread.TIMEOUT_MAX)
print("error is RuntimeError:", _thread.error is RuntimeError, threading.ThreadError is RuntimeError)

lock = _thread.allocate_lock()
out = {}


def body(a, b, *, c=0):
    out["sum"] = a + b + c
    out["ident"] = _thread.get_ident()
    out["differs"] = _thread.get_ident() != main_ident
    out["current_is_main"] = threading.current_thread() is threading.main_thread()
    lock.release()


lock.acquire()
r = _thread.start_new_thread(body, (1, 2), {"c": 3})
print("start_new_thread returns int:", type(r).__name__)
lock.acquire()  # blocks until body releases it
print("sum:", out["sum"], "differs:", out["differs"], "current_is_main:", out["current_is_main"])
print("returned ident matches:", r == out["ident"])
lock.release()

# The dummy Thread object made for a foreign thread.
names = []
done = _thread.allocate_lock()
done.acquire()


def foreign():
    t = threading.current_thread()
    names.append((type(t).__name__, t.daemon, t.ident == _thread.get_ident(), t.name.startswith("Dummy-")))
    done.release()


_thread.start_new_thread(foreign, ())
done.acquire()
print("dummy thread:", names)

# Many raw threads, each handing its ident back through a list; all distinct.
idents = []
mutex = _thread.allocate_lock()
finished = _thread.allocate_lock()
finished.acquire()
N = 8
count = [0]


def record(i):
    with mutex:
        idents.append(_thread.get_ident())
        count[0] += 1
        if count[0] == N:
            finished.release()


for i in range(N):
    _thread.start_new_thread(record, (i,))
finished.acquire()
# (idents of finished threads may be reused, so only the count and the main ident are checked)
print("idents recorded:", len(idents), "main ident not among them:", main_ident not in idents)

# Thread.ident matches get_ident() inside the thread; idents of concurrently alive threads differ.
hold = threading.Event()
inside = {}


def who(k):
    inside[k] = _thread.get_ident()
    hold.wait()


while _thread._count():  # the raw threads above may still be finishing
    time.sleep(0.001)
ts = [threading.Thread(target=who, args=(k,), name=f"w{k}") for k in range(3)]
for t in ts:
    t.start()
print("_count while 3 alive:", _thread._count())
while len(inside) < 3:
    hold.wait(0.001)
print("ident == get_ident inside:", [t.ident == inside[k] for k, t in enumerate(ts)])
print("alive idents distinct:", len({t.ident for t in ts}) == 3)
hold.set()
for t in ts:
    t.join()
print("_count after join:", _thread._count())

# allocate_lock / LockType / RLock.
lk = _thread.allocate_lock()
print("lock:", type(lk) is _thread.LockType, lk.locked(), lk.acquire(), lk.locked(), lk.acquire(False))
lk.release()
print("acquire_lock/release_lock aliases:", lk.acquire_lock(), lk.locked_lock(), lk.release_lock(), lk.locked())
rl = _thread.RLock()
print("RLock:", rl.acquire(), rl.acquire(), rl._is_owned())
rl.release()
rl.release()
print("RLock released:", rl._is_owned())

# Argument errors.
for args in ((1, ()), (print, [1]), (print, (), [])):
    try:
        _thread.start_new_thread(*args)
    except TypeError as e:
        print("TypeError:", e)
print("done")
