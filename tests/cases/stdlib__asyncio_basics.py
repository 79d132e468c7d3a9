import asyncio

async def worker(name, q, out):
    while True:
        item = await q.get()
        if item is None:
            q.task_done()
            break
        out.append((name, item))
        await asyncio.sleep(0)
        q.task_done()

async def agen(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i * i

class ACM:
    async def __aenter__(self):
        print("enter"); return self
    async def __aexit__(self, *exc):
        print("exit", exc[0]); return False

async def boom():
    await asyncio.sleep(0.001)
    raise ValueError("boom")

async def slow():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("slow cancelled")
        raise

async def main():
    print(await asyncio.gather(asyncio.sleep(0.01, result=1), asyncio.sleep(0, result=2)))
    t = asyncio.create_task(asyncio.sleep(0.001, result="task"))
    print(await t, t.done(), t.result())
    try:
        await asyncio.wait_for(slow(), timeout=0.02)
    except asyncio.TimeoutError as e:
        print("wait_for timeout", type(e).__name__)
    q = asyncio.Queue()
    out = []
    ws = [asyncio.create_task(worker(f"w{i}", q, out)) for i in range(2)]
    for i in range(5):
        await q.put(i)
    for _ in ws:
        await q.put(None)
    await q.join()
    await asyncio.gather(*ws)
    print(sorted(x for _, x in out))
    ev = asyncio.Event()
    async def waiter():
        await ev.wait(); return "woke"
    wt = asyncio.create_task(waiter())
    await asyncio.sleep(0)
    ev.set()
    print(await wt)
    lock = asyncio.Lock()
    sem = asyncio.Semaphore(2)
    order = []
    async def crit(i):
        async with sem:
            async with lock:
                order.append(i)
                await asyncio.sleep(0)
    await asyncio.gather(*(crit(i) for i in range(4)))
    print(order, lock.locked(), sem.locked())
    t = asyncio.create_task(slow())
    await asyncio.sleep(0)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("cancelled", t.cancelled())
    try:
        await boom()
    except ValueError as e:
        print("caught", e)
    r = await asyncio.gather(boom(), asyncio.sleep(0, result=3), return_exceptions=True)
    print([type(x).__name__ if isinstance(x, Exception) else x for x in r])
    print([x async for x in agen(4)])
    async with ACM():
        print("inside")
    try:
        async with ACM():
            raise KeyError("k")
    except KeyError:
        print("keyerror passed")
    done, pending = await asyncio.wait([asyncio.create_task(asyncio.sleep(0, result=i)) for i in range(3)])
    print(sorted(t.result() for t in done), len(pending))
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_soon(fut.set_result, 42)
    print(await fut)
    fut2 = loop.create_future()
    loop.call_later(0.001, fut2.set_result, "later")
    print(await fut2)
    async with asyncio.timeout(0.01) if hasattr(asyncio, "timeout") else ACM():
        pass
    try:
        async with asyncio.timeout(0.01):
            await asyncio.sleep(1)
    except TimeoutError:
        print("timeout ctx")
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(asyncio.sleep(0, result="a"))
        b = tg.create_task(asyncio.sleep(0, result="b"))
    print(a.result(), b.result())
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(boom())
            tg.create_task(slow())
    except* ValueError as eg:
        print("taskgroup", [str(e) for e in eg.exceptions])
    print(asyncio.current_task().get_name(), isinstance(asyncio.current_task(), asyncio.Task))
    return "done"

print(asyncio.run(main()))
