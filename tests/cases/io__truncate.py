# truncate() on files from open(): at the current position by default, to a given size
# (shrinking or growing), the position unchanged, buffered writes kept; the size is returned.
import os
import tempfile

fd, path = tempfile.mkstemp()
os.close(fd)
for mode in ("w+", "wb+"):
    with open(path, mode) as f:
        data = "hello world" if "b" not in mode else b"hello world"
        f.write(data)
        f.seek(5)
        print(mode, f.truncate(), f.tell())
        f.seek(0)
        print(repr(f.read()))
        print(f.truncate(3), f.tell())
        f.seek(0)
        print(repr(f.read()))
        print(f.truncate(8), os.path.getsize(path))
        f.seek(0)
        print(repr(f.read()))
        f.write(data[:2])
        print(f.truncate(None), os.path.getsize(path))
with open(path, "r") as f:
    try:
        f.truncate()
    except OSError as e:
        print(type(e).__name__, e.errno, e)
os.remove(path)
