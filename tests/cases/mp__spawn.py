# multiprocessing's spawn start method (a fresh interpreter per worker) next to fork.
import multiprocessing as mp
def cube(x):
    return x ** 3
if __name__ == "__main__":
    for method in ("spawn", "fork"):
        ctx = mp.get_context(method)
        with ctx.Pool(2) as pool:
            print(method, pool.map(cube, range(5)))
        q = ctx.Queue()
        p = ctx.Process(target=q.put, args=(method,)); p.start(); print(q.get()); p.join()
