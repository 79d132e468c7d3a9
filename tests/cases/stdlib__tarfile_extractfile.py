# TarFile.extractfile over plain, bz2 and xz archives.
import io
import tarfile

for mode in ("", "bz2", "xz"):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:" + mode) as tf:
        info = tarfile.TarInfo("a.txt")
        info.size = 6
        tf.addfile(info, io.BytesIO(b"hello\n"))
    buf.seek(0)
    with tarfile.open(fileobj=buf, mode="r:" + mode) as tf:
        print(mode, tf.extractfile("a.txt").read())


# A class deriving from io.BufferedReader / io.TextIOWrapper runs its own __init__.
class Upper(io.TextIOWrapper):
    def __init__(self, raw):
        super().__init__(raw, encoding="ascii")
        self.tag = "upper"

    def read(self, *a):
        return super().read(*a).upper()


u = Upper(io.BytesIO(b"shout\n"))
print(u.tag, u.read(), isinstance(u, io.TextIOBase))


class Counting(io.BufferedReader):
    def __init__(self, raw):
        super().__init__(raw)
        self.reads = 0

    def read(self, *a):
        self.reads += 1
        return super().read(*a)


c = Counting(io.BytesIO(b"abcdef"))
print(c.read(2), c.read(), c.reads, isinstance(c, io.BufferedIOBase))
