# multiprocessing with the default (fork) start method: Process + Queue + Lock, Pipe, a
# ProcessPoolExecutor, exit codes, Pool.imap_unordered/apply_async, BoundedSemaphore over-release,
# Event, and a Manager's dict and list.
import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor

def worker(q, lock, n):
    with lock:
        q.put(n * n)

def echo(conn):
    msg = conn.recv()
    conn.send(msg.upper())
    conn.close()

def cube(x):
    return x ** 3

def fail():
    raise SystemExit(7)

if __name__ == "__main__":
    q = mp.Queue()
    lock = mp.Lock()
    ps = [mp.Process(target=worker, args=(q, lock, i)) for i in range(4)]
    for p in ps: p.start()
    got = sorted(q.get() for _ in ps)
    for p in ps: p.join()
    print(got, [p.exitcode for p in ps])
    a, b = mp.Pipe()
    p = mp.Process(target=echo, args=(b,)); p.start()
    a.send("hello"); print(a.recv()); p.join()
    with ProcessPoolExecutor(2) as ex:
        print(list(ex.map(cube, range(6))))
    p = mp.Process(target=fail); p.start(); p.join(); print("exitcode", p.exitcode)
    with mp.Pool(3) as pool:
        print(sorted(pool.imap_unordered(cube, range(5))))
        r = pool.apply_async(cube, (4,)); print(r.get(timeout=5))
    sem = mp.BoundedSemaphore(1)
    sem.acquire(); sem.release()
    try:
        sem.release()
    except ValueError as e:
        print("ValueError", e)
    ev = mp.Event(); ev.set(); print(ev.is_set())
    with mp.Manager() as m:
        d = m.dict(); l = m.list([1, 2])
        d["a"] = 1; l.append(3)
        print(dict(d), list(l))
