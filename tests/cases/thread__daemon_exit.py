# Interpreter exit with threads still running: daemon threads blocked forever (on an Event that
# is never set, on a lock never released) or looping do not keep the process alive; a non-daemon
# thread still running when the main module ends is waited for before atexit handlers run.
import atexit
import threading
import time

never = threading.Event()
stuck_lock = threading.Lock()
stuck_lock.acquire()


def blocked_forever():
    never.wait()
    print("unreachable: event was set")


def blocked_on_lock():
    stuck_lock.acquire()
    print("unreachable: lock was released")


def looping():
    while True:
        time.sleep(0.001)


daemons = [
    threading.Thread(target=blocked_forever, daemon=True, name="d-event"),
    threading.Thread(target=blocked_on_lock, daemon=True, name="d-lock"),
    threading.Thread(target=looping, daemon=True, name="d-loop"),
]
for d in daemons:
    d.start()
print("daemons alive:", [(d.name, d.is_alive(), d.daemon) for d in daemons])

# A non-daemon thread that can only finish after the main module has ended.
release = threading.Event()


def late():
    release.wait()
    print("non-daemon thread finishing after the main module")


atexit.register(lambda: print("atexit handler (after non-daemon threads are joined)"))
worker = threading.Thread(target=late, name="late")
worker.start()
print("active threads:", threading.active_count())
print("main module ending")
release.set()
