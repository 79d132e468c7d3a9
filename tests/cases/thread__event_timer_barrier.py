# Event, Timer and Barrier across threads: set/wait/clear, wait(timeout) returning False,
# a Timer that fires and one cancelled before firing, and a 3-party Barrier (wait indices,
# action, n_waiting, timeouts breaking it, abort/reset, BrokenBarrierError).
import threading
import time

# --- Event.
ev = threading.Event()
print("initial is_set:", ev.is_set())
print("wait(0.01) unset:", ev.wait(0.01))
print("wait(timeout=0) unset:", ev.wait(timeout=0))
got = []


def waiter(i):
    r = ev.wait()
    got.append((i, r, ev.is_set()))


ws = [threading.Thread(target=waiter, args=(i,)) for i in range(3)]
for w in ws:
    w.start()
ws[0].join(0.01)
print("waiters still blocked:", [w.is_alive() for w in ws], got)
ev.set()
for w in ws:
    w.join()
print("after set:", sorted(got))
print("wait() when set:", ev.wait(), ev.wait(0))
ev.clear()
print("after clear:", ev.is_set(), ev.wait(0.01))

# Event as a one-shot handshake in both directions.
ping, pong = threading.Event(), threading.Event()
trace = []


def responder():
    ping.wait()
    trace.append("got ping")
    pong.set()


t = threading.Thread(target=responder)
t.start()
trace.append("sending ping")
ping.set()
pong.wait()
trace.append("got pong")
t.join()
print(trace)

# --- Timer.
fired = threading.Event()
calls = []


def on_timer(a, b=None):
    calls.append(("fired", a, b, threading.current_thread().name))
    fired.set()


tm = threading.Timer(0.02, on_timer, args=("x",), kwargs={"b": 2})
tm.name = "my-timer"
print("Timer is a Thread:", isinstance(tm, threading.Thread))
tm.start()
print("fired in time:", fired.wait(5))
tm.join()
print(calls, tm.is_alive())

cancelled = []
tc = threading.Timer(0.05, lambda: cancelled.append("should not run"))
tc.start()
tc.cancel()
tc.join()
print("cancelled timer ran:", cancelled, "alive:", tc.is_alive())
# Cancelling after it fired is harmless.
tm.cancel()
print("cancel after fire ok")

# Timer with zero interval.
z = []
tz = threading.Timer(0, z.append, args=(1,))
tz.start()
tz.join()
print("zero timer:", z)

# --- Barrier with 3 parties.
actions = []
bar = threading.Barrier(3, action=lambda: actions.append("action"))
print("parties:", bar.parties, "n_waiting:", bar.n_waiting, "broken:", bar.broken)
indices = []
after = []


def party(i):
    idx = bar.wait()
    indices.append(idx)
    after.append((i, len(actions)))


ps = [threading.Thread(target=party, args=(i,)) for i in range(2)]
for p in ps:
    p.start()
while bar.n_waiting < 2:
    time.sleep(0.001)
print("n_waiting with two parties:", bar.n_waiting)
idx = bar.wait()
indices.append(idx)
for p in ps:
    p.join()
print("indices:", sorted(indices), "actions:", actions)
print("all saw action first:", sorted(after) == [(0, 1), (1, 1)])
print("n_waiting after:", bar.n_waiting, "broken:", bar.broken)

# The barrier is reusable: a second round.
ps = [threading.Thread(target=bar.wait) for _ in range(2)]
for p in ps:
    p.start()
bar.wait()
for p in ps:
    p.join()
print("second round actions:", len(actions))

# A timeout breaks the barrier, for everybody waiting on it.
b2 = threading.Barrier(3, timeout=5)
errs = []


def party2():
    try:
        b2.wait()
    except threading.BrokenBarrierError as e:
        errs.append(type(e).__name__)


p = threading.Thread(target=party2)
p.start()
while b2.n_waiting < 1:
    time.sleep(0.001)
try:
    b2.wait(timeout=0.02)
except threading.BrokenBarrierError as e:
    print("main got:", type(e).__name__, repr(str(e)))
p.join()
print("other party got:", errs, "broken:", b2.broken)
try:
    b2.wait()
except threading.BrokenBarrierError:
    print("wait on broken barrier raises BrokenBarrierError")
b2.reset()
print("after reset broken:", b2.broken, "n_waiting:", b2.n_waiting)

# abort() wakes waiters with BrokenBarrierError.
b3 = threading.Barrier(2)
errs3 = []


def party3():
    try:
        b3.wait()
    except threading.BrokenBarrierError:
        errs3.append("broken")


p = threading.Thread(target=party3)
p.start()
while b3.n_waiting < 1:
    time.sleep(0.001)
b3.abort()
p.join()
print("abort:", errs3, b3.broken)

# An action that raises breaks the barrier; the thread running it gets the exception.
b4 = threading.Barrier(2, action=lambda: 1 / 0)
res4 = []


def party4():
    try:
        b4.wait()
        res4.append("ok")
    except ZeroDivisionError:
        res4.append("ZeroDivisionError")
    except threading.BrokenBarrierError:
        res4.append("BrokenBarrierError")


p = threading.Thread(target=party4)
p.start()
while b4.n_waiting < 1:
    time.sleep(0.001)
party4()
p.join()
print("raising action:", sorted(res4), b4.broken)
print("BrokenBarrierError is RuntimeError:", issubclass(threading.BrokenBarrierError, RuntimeError))
print("Barrier(1).wait():", threading.Barrier(1).wait())
