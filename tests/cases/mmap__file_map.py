# mmap over a regular file: reading, writing, seeking, find/rfind, flush, resize, offsets,
# ACCESS_READ / ACCESS_WRITE / ACCESS_COPY, and the file seeing the writes.
import mmap
import os
import shutil
import tempfile


def t(label, fn):
    try:
        print(label, repr(fn()))
    except Exception as e:
        print(label, type(e).__name__, e)


d = tempfile.mkdtemp()
try:
    path = os.path.join(d, "data.bin")
    with open(path, "wb") as f:
        f.write(b"hello\nworld\nthe quick brown fox\nlast line")

    with open(path, "r+b") as f:
        m = mmap.mmap(f.fileno(), 0)
        t("len", lambda: len(m))
        t("size", lambda: m.size())
        t("repr", lambda: repr(m))
        t("readline1", m.readline)
        t("readline2", m.readline)
        t("tell", m.tell)
        t("read3", lambda: m.read(3))
        t("read_byte", m.read_byte)
        t("read-1", lambda: m.read(-1))
        t("read-at-end", lambda: m.read())
        t("readline-at-end", m.readline)
        t("read_byte-at-end", m.read_byte)
        t("seek0", lambda: m.seek(0))
        t("find o", lambda: m.find(b"o"))
        t("find o 5", lambda: m.find(b"o", 5))
        t("find o 5 7", lambda: m.find(b"o", 5, 7))
        t("find neg", lambda: m.find(b"line", -9))
        t("rfind o", lambda: m.rfind(b"o"))
        t("rfind o 0 10", lambda: m.rfind(b"o", 0, 10))
        t("find missing", lambda: m.find(b"zebra"))
        t("find empty", lambda: m.find(b""))
        t("rfind empty", lambda: m.rfind(b""))
        t("find bytearray", lambda: m.find(bytearray(b"quick")))
        t("find str", lambda: m.find("o"))
        t("find after seek", lambda: (m.seek(20), m.find(b"o"))[1])
        m.seek(0)
        t("write", lambda: m.write(b"HELLO"))
        t("tell", m.tell)
        t("write_byte", lambda: m.write_byte(ord("!")))
        t("getitem", lambda: m[:7])
        m[0] = ord("J")
        m[1:3] = b"EE"
        m[-1] = ord("E")
        t("after sets", lambda: m[:])
        t("flush", m.flush)
        t("flush range", lambda: m.flush(0, 4096 if len(m) >= 4096 else len(m)))
        t("flush bad", lambda: m.flush(0, len(m) + 1))
        t("move", lambda: m.move(0, 6, 5))
        t("after move", lambda: m[:12])
        t("madvise", lambda: m.madvise(mmap.MADV_NORMAL))
        t("madvise range", lambda: m.madvise(mmap.MADV_RANDOM, 0, 10))
        m.close()
    with open(path, "rb") as f:
        print("file now", f.read())

    # resize grows the file too
    with open(path, "r+b") as f:
        m = mmap.mmap(f.fileno(), 0)
        t("resize", lambda: m.resize(100))
        t("len", lambda: len(m))
        t("size", m.size)
        t("tail", lambda: m[-5:])
        t("shrink", lambda: m.resize(10))
        t("content", lambda: m[:])
        m.close()
    print("file size", os.path.getsize(path))

    # offsets must be multiples of ALLOCATIONGRANULARITY
    with open(path, "wb") as f:
        f.write(b"a" * mmap.PAGESIZE + b"b" * 100)
    with open(path, "r+b") as f:
        m = mmap.mmap(f.fileno(), 0, offset=mmap.PAGESIZE)
        t("offset map", lambda: (len(m), m[:3], m[-1]))
        t("offset repr", lambda: repr(m))
        m.close()
        t("bad offset", lambda: mmap.mmap(f.fileno(), 10, offset=1))
        t("offset too big", lambda: mmap.mmap(f.fileno(), 0, offset=mmap.PAGESIZE * 4))
        t("length too big", lambda: mmap.mmap(f.fileno(), mmap.PAGESIZE * 4))
        t("length+offset too big", lambda: mmap.mmap(f.fileno(), 200, offset=mmap.PAGESIZE))

    # access modes
    with open(path, "r+b") as f:
        r = mmap.mmap(f.fileno(), 10, access=mmap.ACCESS_READ)
        t("read repr", lambda: repr(r))
        t("read write", lambda: r.write(b"x"))
        t("read write_byte", lambda: r.write_byte(1))
        t("read setitem", lambda: r.__setitem__(0, 1))
        t("read setslice", lambda: r.__setitem__(slice(0, 1), b"x"))
        t("read move", lambda: r.move(0, 1, 1))
        t("read resize", lambda: r.resize(5))
        t("read flush", r.flush)
        t("read data", lambda: r[:])
        r.close()
        c = mmap.mmap(f.fileno(), 10, access=mmap.ACCESS_COPY)
        c[:] = b"0123456789"
        t("copy data", lambda: c[:])
        t("copy resize", lambda: c.resize(5))
        t("copy flush", c.flush)
        c.close()
        w = mmap.mmap(f.fileno(), 10, access=mmap.ACCESS_WRITE)
        w[:3] = b"xyz"
        t("write repr", lambda: repr(w))
        w.close()
    with open(path, "rb") as f:
        print("file head", f.read(12))

    # prot-derived access
    with open(path, "rb") as f:
        p = mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ)
        t("prot read repr", lambda: repr(p)[:50])
        t("prot read write", lambda: p.write(b"x"))
        p.close()

    # empty file, closed fd, a file object with fileno
    empty = os.path.join(d, "empty")
    open(empty, "wb").close()
    with open(empty, "r+b") as f:
        t("empty", lambda: mmap.mmap(f.fileno(), 0))
    t("bad fd", lambda: mmap.mmap(987, 10))

    # the mapping keeps working after the file is closed (the fd is duplicated)
    f = open(path, "r+b")
    m = mmap.mmap(f.fileno(), 5)
    f.close()
    t("after file close", lambda: (m[:], m.size()))
    m.close()

    # context manager
    with open(path, "r+b") as f:
        with mmap.mmap(f.fileno(), 0) as m:
            print("in with", m.closed, m[:3])
        print("after with", m.closed, repr(m))
finally:
    shutil.rmtree(d)
print("done")
