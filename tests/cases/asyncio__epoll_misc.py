# asyncio on epoll: UDP endpoints, run_in_executor, signal handlers, queues, add_reader on a
# pipe, as_completed timers.
import asyncio, signal, os

class Echo(asyncio.DatagramProtocol):
    def connection_made(self, t): self.t = t
    def datagram_received(self, data, addr): self.t.sendto(data.upper(), addr)

class Client(asyncio.DatagramProtocol):
    def __init__(self, fut): self.fut = fut
    def connection_made(self, t): t.sendto(b"udp hello")
    def datagram_received(self, data, addr): self.fut.set_result(data)

async def main():
    loop = asyncio.get_running_loop()
    st, _ = await loop.create_datagram_endpoint(Echo, local_addr=("127.0.0.1", 0))
    port = st.get_extra_info("sockname")[1]
    fut = loop.create_future()
    ct, _ = await loop.create_datagram_endpoint(lambda: Client(fut), remote_addr=("127.0.0.1", port))
    print(await asyncio.wait_for(fut, 2))
    ct.close(); st.close()
    print(await loop.run_in_executor(None, sum, [1, 2, 3]))
    got = loop.create_future()
    loop.add_signal_handler(signal.SIGUSR1, got.set_result, "sig")
    os.kill(os.getpid(), signal.SIGUSR1)
    print(await asyncio.wait_for(got, 2))
    q = asyncio.Queue()
    async def prod():
        for i in range(5):
            await q.put(i); await asyncio.sleep(0)
        await q.put(None)
    async def cons():
        out = []
        while (x := await q.get()) is not None: out.append(x)
        return out
    print((await asyncio.gather(prod(), cons()))[1])
    async with asyncio.timeout(0.05) if hasattr(asyncio, "timeout") else asyncio.Lock():
        await asyncio.sleep(0.01)
    r, w = os.pipe()
    ev = loop.create_future()
    loop.add_reader(r, lambda: ev.set_result(os.read(r, 10)))
    os.write(w, b"piped")
    print(await ev)
    loop.remove_reader(r)
    os.close(r); os.close(w)
    tasks = [asyncio.create_task(asyncio.sleep(0.01 * i, result=i)) for i in range(5)]
    done = [await t for t in asyncio.as_completed(tasks)]
    print(done)

asyncio.run(main())
