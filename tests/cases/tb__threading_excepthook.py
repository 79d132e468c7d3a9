import sys
import threading
import _thread

lock = threading.Lock()
with lock:
    print("locked:", lock.locked())
print("after:", lock.locked())
r = threading.RLock()
with r:
    with r:
        print("rlock reentered")
print(threading.current_thread().name, threading.main_thread() is threading.current_thread())
print(threading.active_count(), isinstance(threading.get_ident(), int))
for size in (-1, 100, 0):
    try:
        print(_thread.stack_size(size))
    except ValueError as e:
        print("ValueError", e)
print(sys.excepthook is sys.__excepthook__)
try:
    sys.excepthook(None, None, None)
except TypeError as e:
    print("TypeError", e)
try:
    1 / 0
except ZeroDivisionError as e:
    sys.excepthook(type(e), e, e.__traceback__)
print("done")
