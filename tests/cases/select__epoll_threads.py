# epoll.poll lets other threads run while it waits, and after EINTR runs signal handlers
# and waits for the time left (or raises what a handler raised).
import select, os, threading, time, signal
ep = select.epoll()
r, w = os.pipe()
ep.register(r, select.EPOLLIN)
def writer():
    time.sleep(0.1)
    os.write(w, b"x")
t = threading.Thread(target=writer); t.start()
t0 = time.monotonic()
print(ep.poll(5) == [(r, select.EPOLLIN)], time.monotonic() - t0 < 2)
t.join()
os.read(r, 1)
# EINTR: a signal handler runs and the wait continues with the time left
got = []
signal.signal(signal.SIGALRM, lambda *a: got.append("alarm"))
signal.setitimer(signal.ITIMER_REAL, 0.05)
t0 = time.monotonic()
print(ep.poll(0.3), got, time.monotonic() - t0 >= 0.29)
def boom(*a): raise KeyboardInterrupt
signal.signal(signal.SIGALRM, boom)
signal.setitimer(signal.ITIMER_REAL, 0.05)
try:
    ep.poll(5)
except KeyboardInterrupt:
    print("interrupted")
