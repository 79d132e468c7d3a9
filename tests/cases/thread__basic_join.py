# threading.Thread basics: target/args/kwargs, a Thread subclass with run(), join, join(timeout)
# on a live thread, daemon flag and its inheritance, is_alive, name/ident, active_count,
# enumerate, current_thread/main_thread, a thread starting another thread, and the
# RuntimeError messages for misuse.
import threading

results = []


def work(a, b, *, scale=1):
    results.append((a + b) * scale)


t = threading.Thread(target=work, args=(1, 2), kwargs={"scale": 10})
print("before start alive:", t.is_alive(), "ident:", t.ident, "native_id:", t.native_id)
t.start()
t.join()
print("after join alive:", t.is_alive(), "results:", results)
print("ident type:", type(t.ident).__name__, "native_id type:", type(t.native_id).__name__)
print("ident kept after join:", t.ident is not None)


class Adder(threading.Thread):
    def __init__(self, n, name):
        super().__init__(name=name)
        self.n = n
        self.total = None

    def run(self):
        self.total = sum(range(self.n))
        self.seen_name = threading.current_thread().name
        self.is_current = threading.current_thread() is self
        self.main_is_other = threading.main_thread() is not self


adders = [Adder(n, f"adder-{n}") for n in (10, 100, 1000)]
for a in adders:
    a.start()
for a in adders:
    a.join()
for a in adders:
    print(a.name, a.total, a.seen_name, a.is_current, a.main_is_other)

# A Thread with no target does nothing when run.
t = threading.Thread(name="empty")
t.start()
t.join()
print("empty thread done:", t.name, t.is_alive())

# join(timeout) on a live thread returns with the thread still alive.
go = threading.Event()
t = threading.Thread(target=go.wait, name="waiter")
t.start()
t.join(0.02)
print("after join(0.02): alive =", t.is_alive())
t.join(timeout=0)
print("after join(timeout=0): alive =", t.is_alive())
go.set()
t.join()
print("after set + join: alive =", t.is_alive())

# active_count / enumerate with live threads.
release = threading.Event()
ready = threading.Barrier(4)


def hold():
    ready.wait()
    release.wait()


print("active before:", threading.active_count(), len(threading.enumerate()))
hs = [threading.Thread(target=hold, name=f"hold-{i}") for i in range(3)]
for h in hs:
    h.start()
ready.wait()
print("active during:", threading.active_count(), len(threading.enumerate()))
print("names during:", sorted(x.name for x in threading.enumerate()))
print("all in enumerate:", all(h in threading.enumerate() for h in hs))
release.set()
for h in hs:
    h.join()
print("active after:", threading.active_count(), len(threading.enumerate()))
print("enumerate after:", [x.name for x in threading.enumerate()])

# main_thread / current_thread in the main thread.
m = threading.main_thread()
print("main:", m.name, m is threading.current_thread(), m.daemon, m.is_alive())
print("main ident type:", type(m.ident).__name__, m.ident == threading.get_ident())
print("get_native_id type:", type(threading.get_native_id()).__name__)

# daemon flag: explicit, default (inherited from the creating thread), and in a daemon thread.
print("daemon default:", threading.Thread(target=print).daemon)
print("daemon explicit:", threading.Thread(target=print, daemon=True).daemon)
t = threading.Thread(target=print)
t.daemon = True
print("daemon set:", t.daemon)
inherited = []


def spawn_child():
    c = threading.Thread(target=lambda: None, name="child")
    inherited.append(c.daemon)


d = threading.Thread(target=spawn_child, daemon=True, name="daemon-parent")
d.start()
d.join()
n = threading.Thread(target=spawn_child, name="plain-parent")
n.start()
n.join()
print("child daemon inherited:", inherited)

# A thread that starts (and joins) another thread.
log = []


def inner(depth):
    log.append(("inner", depth, threading.current_thread().name))


def outer():
    log.append(("outer", threading.current_thread().name))
    c = threading.Thread(target=inner, args=(2,), name="inner-thread")
    c.start()
    c.join()
    log.append(("outer-after", c.is_alive()))


o = threading.Thread(target=outer, name="outer-thread")
o.start()
o.join()
print("nested:", log)

# Misuse.
t = threading.Thread(target=lambda: None)
try:
    t.join()
except RuntimeError as e:
    print("RuntimeError:", e)
t.start()
try:
    t.start()
except RuntimeError as e:
    print("RuntimeError:", e)
t.join()
try:
    t.start()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    threading.current_thread().join()
except RuntimeError as e:
    print("RuntimeError:", e)

errs = []


def self_join():
    try:
        threading.current_thread().join()
    except RuntimeError as e:
        errs.append(str(e))


t = threading.Thread(target=self_join)
t.start()
t.join()
print("self join in thread:", errs)

gate = threading.Event()
t = threading.Thread(target=gate.wait)
t.start()
try:
    t.daemon = True
except RuntimeError as e:
    print("RuntimeError:", e)
gate.set()
t.join()


class NoInit(threading.Thread):
    def __init__(self):
        pass


try:
    NoInit().start()
except RuntimeError as e:
    print("RuntimeError:", e)
print("done, active:", threading.active_count())
