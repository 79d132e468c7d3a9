# fcntl: flags on a pipe, FD_CLOEXEC, flock/lockf on a temporary file, buffers, errors.
import os, fcntl, tempfile


def err(f, *a):
    try:
        r = f(*a)
        print("no error", r)
    except Exception as e:
        print(type(e).__name__, e.args)


r, w = os.pipe()
fl = fcntl.fcntl(r, fcntl.F_GETFL)
print(type(fl).__name__, bool(fl & os.O_NONBLOCK))
print(fcntl.fcntl(r, fcntl.F_SETFL, fl | os.O_NONBLOCK))
print(bool(fcntl.fcntl(r, fcntl.F_GETFL) & os.O_NONBLOCK), os.get_blocking(r))
err(os.read, r, 1)
fd = fcntl.fcntl(r, fcntl.F_GETFD)
print(fd & fcntl.FD_CLOEXEC == fcntl.FD_CLOEXEC)
fcntl.fcntl(r, fcntl.F_SETFD, 0)
print(fcntl.fcntl(r, fcntl.F_GETFD), os.get_inheritable(r))
fcntl.fcntl(r, fcntl.F_SETFD, fcntl.FD_CLOEXEC)
print(os.get_inheritable(r))
print(fcntl.fcntl(r, fcntl.F_GETPIPE_SZ) > 0)
d = fcntl.fcntl(r, fcntl.F_DUPFD_CLOEXEC, 100)
print(d >= 100)
os.close(d)


class F:
    def fileno(self):
        return w


print(fcntl.fcntl(F(), fcntl.F_GETFL) & os.O_ACCMODE == os.O_WRONLY)
os.close(r)
os.close(w)

with tempfile.TemporaryFile() as f:
    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    fcntl.flock(f.fileno(), fcntl.LOCK_UN)
    fcntl.flock(f, fcntl.LOCK_SH)
    fcntl.flock(f, fcntl.LOCK_UN)
    print(fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB, 10, 0, 0))
    fcntl.lockf(f, fcntl.LOCK_UN)
    fcntl.lockf(f, fcntl.LOCK_SH, 0, 0, os.SEEK_SET)
    fcntl.lockf(f, fcntl.LOCK_UN)
    # A struct flock passed as bytes comes back as bytes of the same length.
    import struct
    lk = struct.pack("hhqqi4x", fcntl.F_WRLCK, 0, 0, 0, 0)
    res = fcntl.fcntl(f, fcntl.F_GETLK, lk)
    print(type(res).__name__, len(res) == len(lk), struct.unpack("hhqqi4x", res)[0] == fcntl.F_UNLCK)

err(fcntl.fcntl, -1, fcntl.F_GETFD)
err(fcntl.fcntl, "x", fcntl.F_GETFD)
err(fcntl.fcntl, 0, fcntl.F_GETFD, b"x" * 1025)
err(fcntl.fcntl, 0, fcntl.F_GETFD, 1.5)
err(fcntl.fcntl, 0, fcntl.F_GETFD, [1])
err(fcntl.fcntl, 999, fcntl.F_GETFD)
err(fcntl.fcntl, 0)
err(fcntl.flock, 999, fcntl.LOCK_EX)
err(fcntl.flock, 0, 2**33)
err(fcntl.lockf, 0, 0)
err(fcntl.ioctl, -1, 1)
err(fcntl.ioctl, 999, 1)
err(fcntl.ioctl, 0, 1, 1.5)
print(fcntl.LOCK_SH, fcntl.LOCK_EX, fcntl.LOCK_NB, fcntl.LOCK_UN, fcntl.F_GETFD, fcntl.F_SETFL)
print(sorted(n for n in dir(fcntl) if not n.startswith("_")))
