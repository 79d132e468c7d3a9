# termios: errors on a non-terminal, attributes and window size on a pseudo-terminal, tty/pty.
import os, termios, tty, pty, fcntl, struct


def err(f, *a):
    try:
        r = f(*a)
        print("no error", r)
    except Exception as e:
        print(type(e).__module__, type(e).__name__, e.args)


print(termios.error.__mro__)
r, w = os.pipe()
err(termios.tcgetattr, r)
err(termios.tcsetattr, r, termios.TCSANOW, [0, 0, 0, 0, 0, 0, [b"\0"] * termios.NCCS])
err(termios.tcgetwinsize, r)
err(termios.tcsetwinsize, r, (1, 2))
err(termios.tcdrain, r)
err(termios.tcflush, r, termios.TCIFLUSH)
err(termios.tcflow, r, termios.TCOON)
err(termios.tcsendbreak, r, 0)
err(termios.tcgetattr, -1)
err(termios.tcgetattr, "x")
err(termios.tcsetattr, r, 0, 5)
err(termios.tcsetattr, r, 0, [1, 2])
err(termios.tcsetwinsize, r, 5)
err(termios.tcsetwinsize, r, (1,))
err(termios.tcgetattr)
os.close(r)
os.close(w)

m, s = os.openpty()
print(os.isatty(s), os.get_inheritable(m), os.get_inheritable(s))
a = termios.tcgetattr(s)
print(len(a), [type(x).__name__ for x in a[:6]], len(a[6]) == termios.NCCS)
print(all(type(c) is bytes and len(c) == 1 for c in a[6]), bool(a[3] & termios.ICANON))
tty.setraw(s)
b = termios.tcgetattr(s)
print(bool(b[3] & termios.ICANON), bool(b[3] & termios.ECHO), b[6][termios.VMIN], b[6][termios.VTIME])
termios.tcsetattr(s, termios.TCSANOW, a)
print(termios.tcgetattr(s) == a)
c = termios.tcgetattr(s)
c[4] = c[5] = termios.B9600
termios.tcsetattr(s, termios.TCSADRAIN, c)
print(termios.tcgetattr(s)[4:6] == [termios.B9600, termios.B9600])
bad = list(a)
bad[6] = a[6][:3]
err(termios.tcsetattr, s, termios.TCSANOW, bad)
bad[6] = [1.5] * termios.NCCS
err(termios.tcsetattr, s, termios.TCSANOW, bad)
termios.tcsetwinsize(s, (24, 80))
print(termios.tcgetwinsize(s), os.get_terminal_size(s))
termios.tcsetwinsize(s, [30, 100])
print(struct.unpack("hhhh", fcntl.ioctl(s, termios.TIOCGWINSZ, b"\0" * 8)))
buf = bytearray(8)
print(fcntl.ioctl(s, termios.TIOCGWINSZ, buf), struct.unpack("hhhh", buf))
err(termios.tcsetwinsize, s, (70000, 1))
termios.tcflush(s, termios.TCIOFLUSH)
termios.tcdrain(s)
termios.tcflow(m, termios.TCOON)
os.close(m)
os.close(s)

import sys
sys.stdout.flush()  # (pyrite flushes sys.stdout before os.write(1, ...); CPython does not)
pid, fd = pty.fork()
if pid == 0:
    os.write(1, b"child %d\n" % os.isatty(0))
    os._exit(0)
out = b""
while True:
    try:
        d = os.read(fd, 100)
    except OSError:
        break
    if not d:
        break
    out += d
os.waitpid(pid, 0)
print(out)
print(sorted(n for n in dir(termios) if not n.startswith("_")))
print({n: getattr(termios, n) for n in dir(termios) if n[0].isupper()})
