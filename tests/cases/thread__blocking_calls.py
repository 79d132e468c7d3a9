# Blocking calls release the GIL: sleeping threads overlap, a thread blocked in os.read on a
# pipe lets the main thread write to it, select() waits without stopping other threads, and
# subprocesses run from several threads at once.
import os
import select
import subprocess
import sys
import threading
import time

done = []


def sleeper(i):
    time.sleep(0.3)
    done.append(i)


t0 = time.monotonic()
threads = [threading.Thread(target=sleeper, args=(i,)) for i in range(10)]
for t in threads:
    t.start()
for t in threads:
    t.join()
# Run one after another, the sleeps would take 3 s.
print("sleeps overlapped:", sorted(done), time.monotonic() - t0 < 1.5)

r, w = os.pipe()
got = []
reader = threading.Thread(target=lambda: got.append(os.read(r, 100)))
reader.start()
time.sleep(0.05)
os.write(w, b"through the pipe")
reader.join()
print("read in thread:", got)

r2, w2 = os.pipe()
ready = []
waiter = threading.Thread(target=lambda: ready.append(select.select([r2], [], [], 5)[0] == [r2]))
waiter.start()
time.sleep(0.05)
os.write(w2, b"x")
waiter.join()
print("select woke:", ready)
for fd in (r, w, r2, w2):
    os.close(fd)

outputs = []


def run(n):
    p = subprocess.run([sys.executable, "-c", f"print({n} * 2)"], capture_output=True, text=True)
    outputs.append(p.stdout.strip())


threads = [threading.Thread(target=run, args=(n,)) for n in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("subprocesses:", sorted(outputs))
