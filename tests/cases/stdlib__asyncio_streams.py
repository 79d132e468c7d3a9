import asyncio, socket

async def handle(reader, writer):
    while True:
        line = await reader.readline()
        if not line:
            break
        writer.write(line.upper())
        await writer.drain()
    print("server peer closed")
    writer.close()
    await writer.wait_closed()

async def main():
    server = await asyncio.start_server(handle, '127.0.0.1', 0)
    host, port = server.sockets[0].getsockname()[:2]
    print(host, type(port).__name__)
    async with server:
        reader, writer = await asyncio.open_connection(host, port)
        for msg in [b"hello\n", b"world\n"]:
            writer.write(msg)
            await writer.drain()
            print(await reader.readline())
        writer.write(b"part1 ")
        writer.write(b"part2\n")
        print(await reader.readuntil(b"\n"))
        writer.write_eof() if writer.can_write_eof() else None
        print(await reader.read())
        writer.close()
        await writer.wait_closed()
    # socketpair streams
    a, b = socket.socketpair()
    r1, w1 = await asyncio.open_connection(sock=a)
    r2, w2 = await asyncio.open_connection(sock=b)
    w1.write(b"x" * 100000)
    await w1.drain()
    data = await r2.readexactly(100000)
    print(len(data))
    w2.write(b"abc")
    print(await r1.read(3))
    w1.close(); w2.close()
    await w1.wait_closed(); await w2.wait_closed()
    try:
        await asyncio.open_connection('127.0.0.1', port)
    except ConnectionRefusedError as e:
        print("refused", e.errno)
    loop = asyncio.get_running_loop()
    s1, s2 = socket.socketpair()
    s1.setblocking(False); s2.setblocking(False)
    await loop.sock_sendall(s1, b"raw")
asyncio.run(main())
