# concurrent.futures.ThreadPoolExecutor: map (ordered results), submit/result, exception(),
# exceptions re-raised by result() and by map's iterator, as_completed (printed sorted),
# wait(), callbacks, initializer, thread_name_prefix, and shutdown semantics.
import concurrent.futures as cf
import threading


def square(x):
    return x * x


def fail(x):
    raise ValueError(f"bad {x}")


with cf.ThreadPoolExecutor(max_workers=4) as ex:
    print("map:", list(ex.map(square, range(10))))
    print("map two iterables:", list(ex.map(pow, [2, 3, 4], [5, 2, 1])))
    f = ex.submit(square, 12)
    print("submit result:", f.result(), f.done(), f.cancelled(), f.exception())
    g = ex.submit(fail, 7)
    err = g.exception()
    print("exception():", type(err).__name__, err)
    try:
        g.result()
    except ValueError as e:
        print("result() raised:", e)
    fs = [ex.submit(square, i) for i in range(8)]
    print("as_completed:", sorted(f.result() for f in cf.as_completed(fs)))
    done, not_done = cf.wait(fs)
    print("wait:", len(done), len(not_done))
    kw = ex.submit(lambda a, b=0: a - b, 10, b=3)
    print("kwargs:", kw.result())

# The map iterator re-raises the first failing call's exception when it gets there.
with cf.ThreadPoolExecutor(max_workers=2) as ex:
    it = ex.map(lambda x: 10 // x, [5, 2, 0, 1])
    got = []
    try:
        for v in it:
            got.append(v)
    except ZeroDivisionError as e:
        print("map raised after", got, ":", e)

# Callbacks, FIRST_COMPLETED / FIRST_EXCEPTION, timeouts.
gate = threading.Event()
slow_started = threading.Event()
cb = []


def slow_fn():
    slow_started.set()
    return gate.wait()


with cf.ThreadPoolExecutor(max_workers=2) as ex:
    slow = ex.submit(slow_fn)
    fast = ex.submit(square, 3)
    fast.add_done_callback(lambda fut: cb.append(("cb", fut.result())))
    done, pending = cf.wait([slow, fast], return_when=cf.FIRST_COMPLETED)
    print("FIRST_COMPLETED:", [f is fast for f in done], [f is slow for f in pending])
    try:
        slow.result(timeout=0.01)
    except cf.TimeoutError:
        print("result(timeout=0.01): TimeoutError")
    slow_started.wait()
    print("running:", slow.running(), "done:", slow.done())
    gate.set()
    print("slow result:", slow.result())
print("callbacks:", cb)

with cf.ThreadPoolExecutor(max_workers=2) as ex:
    a = ex.submit(fail, 1)
    done, _ = cf.wait([a], return_when=cf.FIRST_EXCEPTION)
    print("FIRST_EXCEPTION:", [type(f.exception()).__name__ for f in done])

# A callback added after completion runs immediately in the calling thread.
with cf.ThreadPoolExecutor(max_workers=1) as ex:
    f = ex.submit(square, 5)
    f.result()
    where = []
    f.add_done_callback(lambda fut: where.append(threading.current_thread() is threading.main_thread()))
    print("late callback in main thread:", where)

# initializer, thread_name_prefix, and work running off the main thread.
inits = []
init_lock = threading.Lock()


def init(tag):
    with init_lock:
        inits.append(tag)


def who(_):
    t = threading.current_thread()
    return (t.name.startswith("pool_"), t is threading.main_thread(), t.daemon)


ex = cf.ThreadPoolExecutor(max_workers=3, thread_name_prefix="pool", initializer=init, initargs=("ok",))
print("who:", sorted(set(ex.map(who, range(20)))))
ex.shutdown(wait=True)
print("initializer ran:", len(inits) >= 1, set(inits))
try:
    ex.submit(square, 1)
except RuntimeError as e:
    print("RuntimeError:", e)

# A failing initializer breaks the pool.
def bad_init():
    raise OSError("init failed")


ex = cf.ThreadPoolExecutor(max_workers=1, initializer=bad_init)
f = ex.submit(square, 2)
try:
    f.result(timeout=5)
except cf.thread.BrokenThreadPool as e:
    print("BrokenThreadPool:", e)
ex.shutdown()

# shutdown(cancel_futures=True) cancels work not yet started.
gate2 = threading.Event()
started = threading.Event()


def blocker():
    started.set()
    gate2.wait()
    return "blocker done"


ex = cf.ThreadPoolExecutor(max_workers=1)
first = ex.submit(blocker)
started.wait()
queued = [ex.submit(square, i) for i in range(3)]
ex.shutdown(wait=False, cancel_futures=True)
gate2.set()
print("first:", first.result())
print("queued cancelled:", [q.cancelled() for q in queued])
try:
    queued[0].result()
except cf.CancelledError:
    print("result() of cancelled: CancelledError")
ex.shutdown(wait=True)  # a second shutdown waits for the worker to exit

# cancel() succeeds only for pending futures.
gate3 = threading.Event()
started3 = threading.Event()


def blocker3():
    started3.set()
    return gate3.wait()


with cf.ThreadPoolExecutor(max_workers=1) as ex:
    running = ex.submit(blocker3)
    started3.wait()
    pending = ex.submit(square, 9)
    print("cancel pending:", pending.cancel(), pending.cancelled())
    print("cancel running:", running.cancel())
    gate3.set()
print("running result:", running.result())
try:
    cf.ThreadPoolExecutor(max_workers=0)
except ValueError as e:
    print("ValueError:", e)
print("threads left:", threading.active_count())
