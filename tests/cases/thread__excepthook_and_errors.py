# Exceptions escaping a thread's run(): a custom threading.excepthook receives
# (exc_type, exc_value, exc_traceback, thread) in the failing thread; the main thread carries on.
# SystemExit in a thread just ends the thread. Exceptions in _thread.start_new_thread functions
# go to sys.unraisablehook.
import sys
import threading
import _thread

seen = []


def hook(args):
    seen.append((
        args.exc_type.__name__,
        str(args.exc_value),
        args.thread.name,
        args.thread is threading.current_thread(),
        args.exc_traceback is not None and args.exc_traceback.tb_frame is not None,
        type(args).__name__,
    ))


print("default hook:", threading.excepthook is threading.__excepthook__)
threading.excepthook = hook


def boom(msg):
    raise ValueError(msg)


t = threading.Thread(target=boom, args=("bad value",), name="failing-worker")
t.start()
t.join()
print("alive after failure:", t.is_alive())
print(seen.pop())


class Crasher(threading.Thread):
    def run(self):
        self.before = True
        {}["missing"]


c = Crasher(name="crasher")
c.start()
c.join()
print("crasher ran:", c.before, seen.pop())

# Several failing threads: one hook call each.
ts = [threading.Thread(target=boom, args=(f"m{i}",), name=f"f{i}") for i in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted((name, msg) for _, msg, name, *_ in seen))
seen.clear()

# SystemExit also reaches a custom hook (only the default hook ignores it silently).
t = threading.Thread(target=sys.exit, args=(3,), name="exiter")
t.start()
t.join()
print("SystemExit:", seen.pop()[:3])

# The hook's own traceback object points into the failing function.
tbs = []


def tb_hook(args):
    tb = args.exc_traceback
    names = []
    while tb is not None:
        names.append(tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
    tbs.append(names[1:])  # the first frame is threading's bootstrap


def level2():
    raise KeyError("deep")


def level1():
    level2()


threading.excepthook = tb_hook
t = threading.Thread(target=level1, name="deep")
t.start()
t.join()
print("traceback frames:", tbs)

threading.excepthook = threading.__excepthook__
print("restored:", threading.excepthook is threading.__excepthook__)

# The default hook ignores SystemExit: nothing is printed for this thread.
t = threading.Thread(target=sys.exit, args=(0,), name="quiet-exit")
t.start()
t.join()
print("quiet exit done")

# _thread.start_new_thread: an exception in the function goes to sys.unraisablehook.
unraisable = []
done = _thread.allocate_lock()
done.acquire()


def uhook(u):
    unraisable.append((u.exc_type.__name__, str(u.exc_value), u.err_msg, u.object is raw))
    done.release()


def raw():
    raise RuntimeError("raw thread failed")


old = sys.unraisablehook
sys.unraisablehook = uhook
_thread.start_new_thread(raw, ())
done.acquire()
sys.unraisablehook = old
print("unraisable:", unraisable)

# Thread() argument errors.
for bad in (lambda: threading.Thread(1, print), lambda: threading.Thread(group=object())):
    try:
        bad()
    except AssertionError as e:
        print("AssertionError:", e)
try:
    threading.excepthook(None)
except TypeError as e:
    print("TypeError:", e)
print("main finished normally")
