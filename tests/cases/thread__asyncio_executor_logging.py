# asyncio on threads: run_in_executor, to_thread, call_soon_threadsafe from another thread;
# logging through a QueueHandler drained by a QueueListener thread.
import asyncio, time, threading, logging, logging.handlers, queue
def blocking(x):
    time.sleep(0.05)
    return x * 2
async def main():
    loop = asyncio.get_running_loop()
    r = await asyncio.gather(*(loop.run_in_executor(None, blocking, i) for i in range(5)))
    print(r)
    print(await asyncio.to_thread(blocking, 21))
    fut = loop.create_future()
    threading.Thread(target=lambda: loop.call_soon_threadsafe(fut.set_result, "from thread")).start()
    print(await fut)
asyncio.run(main())
q = queue.Queue()
h = logging.handlers.QueueHandler(q)
out = []
class H(logging.Handler):
    def emit(self, rec): out.append(rec.getMessage())
lst = logging.handlers.QueueListener(q, H())
lst.start()
log = logging.getLogger("x"); log.addHandler(h); log.setLevel(logging.INFO)
for i in range(3): log.info("msg %d", i)
lst.stop()
print(out)
