# socket.sendmsg / recvmsg / recvmsg_into, CMSG_LEN / CMSG_SPACE, passing descriptors with
# SCM_RIGHTS (socket.send_fds / recv_fds, multiprocessing.reduction) and SCM_CREDENTIALS.
import array
import os
import socket
import struct
import warnings
import multiprocessing.reduction as reduction


def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


print([socket.CMSG_LEN(i) for i in range(10)])
print([socket.CMSG_SPACE(i) for i in range(10)])
print(socket.CMSG_LEN(2**31 - 17), socket.CMSG_SPACE(2**31 - 25))
for f in (socket.CMSG_LEN, socket.CMSG_SPACE):
    for arg in (-1, 2**31 - 16, 2**31 - 24, 2**62, 2**64, "a", 1.0):
        t(lambda: f(arg))
t(lambda: socket.CMSG_LEN())
for name in ("SCM_RIGHTS", "SCM_CREDENTIALS", "SO_PASSCRED", "MSG_CMSG_CLOEXEC", "MSG_CTRUNC",
             "MSG_TRUNC", "SOL_SOCKET", "SO_PEERCRED", "SOL_ALG", "ALG_SET_KEY", "CAN_RAW",
             "NETLINK_ROUTE", "VMADDR_CID_ANY", "TIPC_WAIT_FOREVER", "PF_PACKET"):
    print(name, getattr(socket, name))
print(reduction.HAVE_SEND_HANDLE)

a, b = socket.socketpair()
print("-- plain data")
print(a.sendmsg([b"ab", bytearray(b"cd"), memoryview(b"ef")]))
print(b.recvmsg(100))
print(a.sendmsg([]), a.sendmsg((x for x in [b"g", b"h"])), a.sendmsg([b"i"], [], 0, None))
print(b.recvmsg(1))
print(b.recvmsg(100, 0, 0))
a.sendmsg([b"abcdefg"])
buf1, buf2 = bytearray(3), bytearray(5)
print(b.recvmsg_into([buf1, memoryview(buf2)[1:]]), buf1, buf2)
a.sendmsg([b"xyz"])
print(b.recvmsg_into([]), b.recv(10))

print("-- errors")
t(lambda: a.sendmsg(1))
t(lambda: a.sendmsg(["x"]))
t(lambda: a.sendmsg([b"x"], 1))
t(lambda: a.sendmsg([b"x"], [1]))
for item in ("abc", "ab", b"abc", bytearray(b"abc"), {1: 2}, range(3), memoryview(b"abc")):
    t(lambda: a.sendmsg([b"x"], [item]))
t(lambda: a.sendmsg([b"x"], [(1, 2)]))
t(lambda: a.sendmsg([b"x"], [[1, 2, 3, 4]]))
t(lambda: a.sendmsg([b"x"], [(1, 2, 3)]))
t(lambda: a.sendmsg([b"x"], [(1, 2, "s")]))
t(lambda: a.sendmsg([b"x"], [("a", 2, b"")]))
t(lambda: a.sendmsg([b"x"], [], "f"))
t(lambda: a.sendmsg([b"x"], [], 0, None, 5))
t(lambda: a.sendmsg())
t(lambda: a.sendmsg([b"x"], flags=0))
t(lambda: a.sendmsg([b"x"], [(socket.SOL_SOCKET, 999, b"abcd")]))
t(lambda: b.recvmsg())
t(lambda: b.recvmsg(-1))
t(lambda: b.recvmsg(10, -1))
t(lambda: b.recvmsg(10, 0, 0, 0))
t(lambda: b.recvmsg("x"))
t(lambda: b.recvmsg(1.5))
t(lambda: b.recvmsg(2**64))
t(lambda: b.recvmsg_into(1))
t(lambda: b.recvmsg_into([b"x"]))
t(lambda: b.recvmsg_into([bytearray(3)], -1))
t(lambda: b.recvmsg_into(bufsize=3))

print("-- descriptors")
r, w = os.pipe()
os.write(w, b"hello through a passed fd")
print(socket.send_fds(a, [b"msg"], [r, w]))
msg, fds, flags, addr = socket.recv_fds(b, 10, 4)
print(msg, len(fds), flags, addr, fds[0] not in (r, w))
print(os.read(fds[0], 100))
print(os.get_inheritable(fds[0]))
os.write(fds[1], b"and back")
print(os.read(r, 100))
for fd in fds:
    os.close(fd)
reduction.sendfds(a, [w])
(fd,) = reduction.recvfds(b, 1)
os.write(fd, b"via reduction")
print(os.read(r, 100), os.get_inheritable(fd))
os.close(fd)
a.sendmsg([b"x"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [r]))])
m, anc, fl, ad = b.recvmsg(10, socket.CMSG_SPACE(4), socket.MSG_CMSG_CLOEXEC)
fd = array.array("i", anc[0][2])[0]
print(m, anc[0][:2], len(anc[0][2]), fl, ad, os.get_inheritable(fd))
os.close(fd)
# Too small a control buffer: the kernel truncates and sets MSG_CTRUNC.
a.sendmsg([b"y"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [r, w, r]))])
with warnings.catch_warnings(record=True) as wl:
    warnings.simplefilter("always")
    m, anc, fl, ad = b.recvmsg(10, socket.CMSG_LEN(4))
    print(m, [(l, t_, len(d)) for l, t_, d in anc], fl & socket.MSG_CTRUNC != 0, len(wl))
    os.close(array.array("i", anc[0][2])[0])
a.sendmsg([b"z"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [r]))])
print(b.recvmsg(10, 0))
# recvmsg_into with descriptors
a.sendmsg([b"into"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [w]))])
ba = bytearray(8)
n, anc, fl, ad = b.recvmsg_into([ba], socket.CMSG_SPACE(4))
fd = array.array("i", anc[0][2])[0]
os.write(fd, b"!")
print(n, ba, fl, os.read(r, 10))
os.close(fd)

print("-- credentials")
b.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
a.sendmsg([b"cred"])
m, anc, fl, ad = b.recvmsg(10, socket.CMSG_SPACE(12))
level, typ, data = anc[0]
pid, uid, gid = struct.unpack("iII", data)
print(m, level == socket.SOL_SOCKET, typ == socket.SCM_CREDENTIALS, len(data),
      pid == os.getpid(), uid == os.getuid(), gid == os.getgid())

print("-- datagrams with an address")
u1 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u2.bind(("127.0.0.1", 0))
u1.bind(("127.0.0.1", 0))
print(u1.sendmsg([b"dgram", b"!"], [], 0, u2.getsockname()))
m, anc, fl, ad = u2.recvmsg(3)
print(m, anc, fl & socket.MSG_TRUNC != 0, ad == u1.getsockname())
t(lambda: u1.sendmsg([b"x"], [], 0, "nope"))
u1.close()
u2.close()

print("-- timeouts")
b.settimeout(0.05)
t(lambda: b.recvmsg(1))
b.setblocking(False)
t(lambda: b.recvmsg(1))
a.close()
b.setblocking(True)
print(b.recvmsg(10))
b.close()
os.close(r)
os.close(w)
