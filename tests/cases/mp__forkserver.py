# multiprocessing's forkserver start method: the server process receives descriptors over a
# Unix socket (socket.sendmsg/recvmsg with SCM_RIGHTS) and forks the workers.
import multiprocessing as mp
import os


def square(x):
    return x * x


def child(q, conn, tag):
    q.put((tag, os.getppid() != 0))
    conn.send(sum(range(10)))
    conn.close()


if __name__ == "__main__":
    print("forkserver" in mp.get_all_start_methods())
    ctx = mp.get_context("forkserver")
    print(ctx.get_start_method())
    with ctx.Pool(2) as pool:
        print(pool.map(square, range(8)))
        print(sorted(pool.imap_unordered(square, [3, 1, 2])))
    q = ctx.Queue()
    r, w = ctx.Pipe(duplex=False)
    p = ctx.Process(target=child, args=(q, w, "proc"))
    p.start()
    w.close()
    print(q.get(timeout=5))
    print(r.recv())
    p.join(5)
    print(p.exitcode)
    p = ctx.Process(target=os._exit, args=(3,))
    p.start()
    p.join(5)
    print(p.exitcode)
