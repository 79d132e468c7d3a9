# Anonymous maps, indexing/slicing with steps, iteration, constants, constructor checks and
# the messages of common misuse (closed maps, out-of-range positions, bad values).
import mmap


def t(label, fn):
    try:
        print(label, repr(fn()))
    except Exception as e:
        print(label, type(e).__name__, e)


print(sorted(n for n in dir(mmap) if n.isupper()))
print([(n, getattr(mmap, n)) for n in sorted(dir(mmap)) if n.isupper() and n not in ("PAGESIZE", "ALLOCATIONGRANULARITY")])
print(mmap.PAGESIZE == mmap.ALLOCATIONGRANULARITY, mmap.PAGESIZE > 0)
print(mmap.error is OSError, mmap.mmap.__name__, mmap.mmap.__module__)

a = mmap.mmap(-1, 10)
t("zeros", lambda: a[:])
t("write", lambda: a.write(b"0123456789"))
t("repr", lambda: repr(a))
t("size anon", a.size)
t("index", lambda: (a[0], a[-1], a[True]))
t("index oob", lambda: a[10])
t("index oob neg", lambda: a[-11])
t("index str", lambda: a["x"])
t("index float", lambda: a[1.0])
t("reverse", lambda: a[::-1])
t("step", lambda: a[1:8:3])
t("neg step", lambda: a[8:1:-2])
t("empty slice", lambda: a[5:2])
a[1:8:3] = b"abc"
t("set step", lambda: a[:])
a[::-1] = b"0123456789"
t("set reverse", lambda: a[:])
a[0:2] = bytearray(b"zz")
a[2:4] = memoryview(b"yy")
t("set buffers", lambda: a[:])
t("set wrong size", lambda: a.__setitem__(slice(0, 2), b"abc"))
t("set str", lambda: a.__setitem__(slice(0, 2), "ab"))
t("set value range", lambda: a.__setitem__(0, 256))
t("set value neg", lambda: a.__setitem__(0, -1))
t("set value type", lambda: a.__setitem__(0, b"a"))
t("set index oob", lambda: a.__setitem__(10, 1))
t("set index type", lambda: a.__setitem__("x", 1))
t("del item", lambda: a.__delitem__(0))
t("del slice", lambda: a.__delitem__(slice(0, 1)))
t("iter", lambda: list(a))
t("iter type", lambda: type(iter(a)).__name__)
t("contains", lambda: (b"z" in a, 122 in a, b"zz" in a))
t("enumerate", lambda: list(enumerate(a))[:2])

a.seek(0)
t("seek whence 1", lambda: (a.seek(3, 1), a.tell()))
t("seek whence 2", lambda: (a.seek(-2, 2), a.tell()))
t("seek end", lambda: (a.seek(0, 2), a.tell()))
t("seek neg", lambda: a.seek(-1))
t("seek past", lambda: a.seek(11))
t("seek rel past", lambda: a.seek(1, 1))
t("seek bad whence", lambda: a.seek(0, 3))
t("write at end", lambda: a.write(b"x"))
t("write empty at end", lambda: a.write(b""))
t("write_byte at end", lambda: a.write_byte(1))
t("write_byte range", lambda: a.write_byte(256))
t("write_byte neg", lambda: a.write_byte(-1))
t("write_byte type", lambda: a.write_byte(b"a"))
t("write str", lambda: a.write("x"))
t("read bad", lambda: a.read("x"))
t("read too many args", lambda: a.read(1, 2))
t("find no args", lambda: a.find())
t("find None start", lambda: a.find(b"a", None))
t("find empty range", lambda: a.find(b"", 5, 2))
t("find empty past", lambda: a.find(b"", 20))
t("rfind empty", lambda: a.rfind(b"", 2, 8))
t("move bad", lambda: a.move(0, 0, 11))
t("move neg", lambda: a.move(-1, 0, 1))
t("move args", lambda: a.move(0, 0))
t("flush neg", lambda: a.flush(0, -1))
t("flush neg offset", lambda: a.flush(-1, 1))
t("madvise start", lambda: a.madvise(mmap.MADV_NORMAL, 10))
t("madvise length", lambda: a.madvise(mmap.MADV_NORMAL, 0, -1))
t("madvise no args", lambda: a.madvise())
t("resize neg", lambda: a.resize(-1))
t("resize", lambda: (a.resize(20), len(a), a[-3:]))
t("resize zero", lambda: a.resize(0))
t("bytes", lambda: bytes(a)[:5])
t("bytearray", lambda: bytearray(a))
t("lt", lambda: a < a)
t("add", lambda: a + b"")
t("pickle", lambda: __import__("pickle").dumps(a))

t("anon zero", lambda: mmap.mmap(-1, 0))
t("neg length", lambda: mmap.mmap(-1, -1))
t("neg offset", lambda: mmap.mmap(-1, 10, offset=-1))
t("bad access", lambda: mmap.mmap(-1, 10, access=7))
t("access and prot", lambda: mmap.mmap(-1, 10, access=mmap.ACCESS_READ, prot=mmap.PROT_READ))
t("access and flags", lambda: mmap.mmap(-1, 10, flags=mmap.MAP_PRIVATE, access=mmap.ACCESS_WRITE))
t("huge length", lambda: mmap.mmap(-1, 2**64))
t("bad kw", lambda: mmap.mmap(-1, 10, foo=1))
t("no args", lambda: mmap.mmap())
t("too many", lambda: mmap.mmap(-1, 10, 1, 3, 0, 0, 7))
t("str fd", lambda: mmap.mmap("a", 10))
t("float length", lambda: mmap.mmap(-1, 10.0))
t("flags zero", lambda: mmap.mmap(-1, 10, flags=0))
t("private", lambda: mmap.mmap(-1, 4, mmap.MAP_PRIVATE).write(b"ab"))
t("kw", lambda: repr(mmap.mmap(fileno=-1, length=4, access=mmap.ACCESS_COPY)))
t("prot read", lambda: repr(mmap.mmap(-1, 4, prot=mmap.PROT_READ)))
t("prot write", lambda: repr(mmap.mmap(-1, 4, prot=mmap.PROT_WRITE)))

with mmap.mmap(-1, 3) as z:
    print("with", z.closed, z[:])
print("closed", z.closed, repr(z))
for label, fn in [
    ("len", lambda: len(z)), ("getitem", lambda: z[0]), ("slice", lambda: z[:]),
    ("setitem", lambda: z.__setitem__(0, 1)), ("read", z.read), ("read_byte", z.read_byte),
    ("readline", z.readline), ("write", lambda: z.write(b"")), ("write_byte", lambda: z.write_byte(1)),
    ("find", lambda: z.find(b"")), ("rfind", lambda: z.rfind(b"")), ("flush", z.flush),
    ("madvise", lambda: z.madvise(1)), ("move", lambda: z.move(0, 0, 0)), ("seek", lambda: z.seek(0)),
    ("tell", z.tell), ("size", z.size), ("resize", lambda: z.resize(1)), ("iter", lambda: list(z)),
    ("enter", z.__enter__), ("close again", z.close), ("exit", lambda: z.__exit__(None, None, None)),
]:
    t(label, fn)

# closing during iteration
b = mmap.mmap(-1, 4)
it = iter(b)
print(next(it))
b.close()
t("next after close", lambda: next(it))


class Sub(mmap.mmap):
    pass


s = Sub(-1, 3)
s.extra = 1
print(type(s).__name__, isinstance(s, mmap.mmap), s[:], s.extra)
print(repr(s).replace("__main__.", ""))
