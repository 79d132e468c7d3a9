# asyncio over the epoll selector: a TCP echo server and clients on 127.0.0.1, timers.
import asyncio
import selectors


async def handle(reader, writer):
    while True:
        line = await reader.readline()
        if not line:
            break
        writer.write(line.upper())
        await writer.drain()
    writer.close()
    await writer.wait_closed()


async def client(port, n):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    got = []
    for i in range(3):
        writer.write(f"client {n} line {i}\n".encode())
        await writer.drain()
        got.append((await reader.readline()).decode().strip())
    writer.close()
    await writer.wait_closed()
    return got


async def ticker(name, delay, times, log):
    for i in range(times):
        await asyncio.sleep(delay)
        log.append(f"{name}{i}")


async def main():
    loop = asyncio.get_running_loop()
    print(type(loop).__name__, type(loop._selector).__name__)
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        results = await asyncio.gather(*(client(port, n) for n in range(4)))
        for r in results:
            print(r)
    log = []
    await asyncio.gather(ticker("a", 0.01, 3, log), ticker("b", 0.035, 1, log))
    print(sorted(log))
    fired = []
    loop.call_later(0.02, fired.append, "later")
    loop.call_soon(fired.append, "soon")
    h = loop.call_later(0.01, fired.append, "cancelled")
    h.cancel()
    await asyncio.sleep(0.05)
    print(fired)
    try:
        await asyncio.wait_for(asyncio.sleep(5), timeout=0.02)
    except asyncio.TimeoutError:
        print("timed out")


print(selectors.DefaultSelector.__name__)
asyncio.run(main())
