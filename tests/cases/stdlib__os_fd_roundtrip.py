import os
print(os.O_RDONLY, os.O_CREAT, os.SEEK_END)
try:
    os.open("no/such/file", os.O_RDONLY)
except OSError as e:
    print(type(e).__name__, e, e.errno, e.filename, e.args)
try:
    os.open("no/such/file", os.O_RDONLY)
except OSError as e:
    pass
try:
    os.close(12345)
except OSError as e:
    print(type(e).__name__, e)
r, w = os.pipe()
print(os.get_inheritable(r), os.get_blocking(w))
print(os.write(w, b"hello"))
print(os.read(r, 10))
os.close(r); os.close(w)
d = "/tmp/pyrite-os-fd-case-%d" % os.getpid()
os.mkdir(d, 0o700)
p = os.path.join(d, "f.txt")
fd = os.open(p, os.O_RDWR | os.O_CREAT, 0o644)
os.write(fd, b"abcdef")
print(os.lseek(fd, 2, os.SEEK_SET), os.read(fd, 2), os.lseek(fd, 0, os.SEEK_CUR), os.lseek(fd, 0, os.SEEK_END))
os.ftruncate(fd, 3); os.lseek(fd, 0, 0); print(os.read(fd, 100))
print(os.fstat(fd).st_size)
fd2 = os.dup(fd); print(os.get_inheritable(fd2)); os.close(fd2)
os.close(fd)
try:
    os.rename(os.path.join(d, "x"), os.path.join(d, "y"))
except OSError as e:
    print(type(e).__name__, e.strerror, os.path.basename(e.filename), os.path.basename(e.filename2))
os.symlink("f.txt", os.path.join(d, "lnk"))
print(os.readlink(os.path.join(d, "lnk")))
with open(os.path.join(d, "g.bin"), "wb") as f:
    f.write(b"\x00\x01")
fd = os.open(os.path.join(d, "g.bin"), os.O_RDONLY)
with open(fd, "rb", closefd=False) as f:
    print(f.read())
print(os.read(fd, 5), os.lseek(fd, 0, os.SEEK_SET))
with open(fd, "rb") as f:
    print(f.read())
try:
    os.fstat(fd)
except OSError as e:
    print(type(e).__name__, e)
try:
    os.open(os.path.join(d, "g.bin"), os.O_CREAT | os.O_EXCL | os.O_WRONLY)
except FileExistsError as e:
    print(type(e).__name__, e.errno, os.path.basename(e.filename))
try:
    os.read(-1, 1)
except OSError as e:
    print(e)
print(os.umask(0o22) >= 0, os.getuid() == os.geteuid(), isinstance(os.getgid(), int))
os.utime(os.path.join(d, "g.bin"), ns=(1_000_000_000, 2_500_000_000))
st = os.stat(os.path.join(d, "g.bin"))
print(st.st_atime_ns, st.st_mtime_ns)
for n in sorted(os.listdir(d)):
    os.unlink(os.path.join(d, n))
os.rmdir(d)
print(os.path.exists(d))
print(os.waitstatus_to_exitcode(3 << 8), os.WIFEXITED(0), os.WEXITSTATUS(256), os.WIFSIGNALED(9), os.WTERMSIG(9))
