# select.epoll: registration, events, errors, closing and the selectors default.
import os
import select
import selectors
import socket


def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


print([n for n in dir(select) if n.startswith("EPOLL")])
print(select.EPOLLIN, select.EPOLLOUT, select.EPOLLPRI, select.EPOLLERR, select.EPOLLHUP)
print(select.EPOLLET, select.EPOLLONESHOT, select.EPOLLEXCLUSIVE, select.EPOLLRDHUP, select.EPOLLMSG)
print(select.EPOLLRDNORM, select.EPOLLRDBAND, select.EPOLLWRNORM, select.EPOLLWRBAND, select.EPOLL_CLOEXEC)
print(select.epoll.__doc__.splitlines()[0])
print(sorted(n for n in dir(select.epoll) if not n.startswith("__") or n in ("__enter__", "__exit__")))

ep = select.epoll()
print(type(ep).__name__, ep.closed, isinstance(ep.fileno(), int))
print(os.get_inheritable(ep.fileno()))
r, w = os.pipe()
names = {r: "r", w: "w"}


def ev(pairs):
    return sorted((names[fd], mask) for fd, mask in pairs)


ep.register(r, select.EPOLLIN)
ep.register(w)
print(ev(ep.poll(0)))
os.write(w, b"x")
print(ev(ep.poll(timeout=0.5)))
print(ep.poll(0, maxevents=1) in ([(r, select.EPOLLIN)], [(w, select.EPOLLOUT)]))
ep.modify(w, 0)
print(ev(ep.poll(0.01)))
ep.unregister(r)
print(ev(ep.poll(0)))
t(lambda: ep.register(r, 1.5))
t(lambda: ep.register(r, "x"))
t(lambda: ep.register(-1))
t(lambda: ep.register(w))
t(lambda: ep.modify(w))
t(lambda: ep.modify(r, select.EPOLLIN))
t(lambda: ep.unregister(r))
t(lambda: ep.unregister(999))
t(lambda: ep.register(r, -1))
t(lambda: ep.register(r, 2**40 + 1))
t(lambda: ep.unregister(r))
t(lambda: ep.poll("x"))
t(lambda: ep.poll(float("nan")))
t(lambda: ep.poll(1e30))
t(lambda: ep.poll(10**20))
t(lambda: ep.poll(2**31 / 1000))
t(lambda: ep.poll(-1e-10))
t(lambda: ep.poll(0, 0))
t(lambda: ep.poll(0, -3))
t(lambda: ep.poll(0, 1.0))
t(lambda: ep.poll(0, 2, 3))
t(lambda: ep.poll(tmeout=1))
t(lambda: select.epoll(0))
t(lambda: select.epoll(-2))
t(lambda: select.epoll(flags=5))
t(lambda: select.epoll(sizehint=2**40))
t(lambda: select.epoll("x"))
t(lambda: select.epoll(1, 2, 3))
t(lambda: select.epoll(x=1))
t(lambda: type(select.epoll(flags=select.EPOLL_CLOEXEC)).__name__)
t(lambda: select.epoll.fromfd())
t(lambda: ep.__exit__(1, 2, 3, 4))
t(lambda: ep.__enter__() is ep)


class F:
    def __init__(self, fd):
        self.fd = fd

    def fileno(self):
        return self.fd


ep2 = select.epoll.fromfd(os.dup(ep.fileno()))
print(type(ep2).__name__, ep2.closed)
ep2.close()
ep2.close()
print(ep2.closed)
ep.register(F(r), select.EPOLLIN)
print(ev(ep.poll(0)))
ep.close()
ep.close()
print(ep.closed)
for name in ["fileno", "poll", "__enter__"]:
    t(lambda: getattr(ep, name)())
t(lambda: ep.register(r))
t(lambda: ep.modify(r, 1))
t(lambda: ep.unregister(r))
t(lambda: ep.__exit__())

try:
    class E(select.epoll):
        pass
except TypeError as e:
    print("TypeError", e)

with select.epoll() as e3:
    print(e3.closed)
print(e3.closed)

# selectors picks epoll, as on CPython.
print(selectors.DefaultSelector.__name__)
a, b = socket.socketpair()
with selectors.DefaultSelector() as sel:
    sel.register(a, selectors.EVENT_READ, "a-data")
    sel.register(b, selectors.EVENT_WRITE, "b-data")
    print(sorted((k.data, ev) for k, ev in sel.select(0)))
    b.send(b"hello")
    print(sorted((k.data, ev) for k, ev in sel.select(1)))
    sel.modify(b, selectors.EVENT_READ, "b2")
    print(sorted((k.data, ev) for k, ev in sel.select(0)))
    print(a.recv(10))
    print(sel.select(0))
a.close()
b.close()
os.close(r)
os.close(w)
