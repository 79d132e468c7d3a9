# sys._current_frames(): the innermost frame of every thread, by ident, including threads
# blocked in a wait; threading.enumerate() agrees with it.
import sys
import threading
import time

ready = threading.Event()
release = threading.Event()


def blocked_worker():
    ready.set()
    release.wait()


t = threading.Thread(target=blocked_worker, name="blocked")
t.start()
ready.wait()
time.sleep(0.05)
frames = sys._current_frames()
print(sorted(frames) == sorted(th.ident for th in threading.enumerate()))
main = frames[threading.get_ident()]
print(main.f_code.co_name, main.f_lineno > 0)
worker = frames[t.ident]
names = []
f = worker
while f is not None:
    names.append(f.f_code.co_name)
    f = f.f_back
print("blocked_worker" in names, names[-1])
release.set()
t.join()
print(list(sys._current_frames()) == [threading.get_ident()])
