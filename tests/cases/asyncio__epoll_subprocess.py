# asyncio subprocesses (pipes watched by the epoll selector, child watcher) and socketpairs.
import asyncio
import socket
import sys


async def run(*args, data=None):
    p = await asyncio.create_subprocess_exec(
        *args,
        stdin=asyncio.subprocess.PIPE if data is not None else None,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await p.communicate(data)
    return p.returncode, out.decode(), err.decode()


async def reader_writer():
    a, b = socket.socketpair()
    loop = asyncio.get_running_loop()
    got = loop.create_future()
    a.setblocking(False)
    b.setblocking(False)

    def on_read():
        got.set_result(a.recv(100))
        loop.remove_reader(a)

    loop.add_reader(a, on_read)
    await loop.sock_sendall(b, b"ping")
    print(await got)
    await loop.sock_sendall(a, b"pong")
    print(await loop.sock_recv(b, 100))
    a.close()
    b.close()


async def main():
    print(type(asyncio.get_running_loop()._selector).__name__)
    print(await run("echo", "hello"))
    print(await run("cat", data=b"from stdin\n"))
    print(await run("sh", "-c", "echo out; echo err >&2; exit 3"))
    results = await asyncio.gather(*(run("sh", "-c", f"sleep 0.0{i}; echo {i}") for i in range(3)))
    print(results)
    p = await asyncio.create_subprocess_exec("sleep", "5")
    p.terminate()
    print(await p.wait())
    p = await asyncio.create_subprocess_shell("printf 'a\\nb\\n'", stdout=asyncio.subprocess.PIPE)
    lines = [line async for line in p.stdout]
    await p.wait()
    print(lines, p.returncode)
    await reader_writer()


asyncio.run(main())
print(sys.platform)
