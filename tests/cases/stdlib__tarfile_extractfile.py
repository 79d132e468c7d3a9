# xfail: io.BufferedReader subclasses (tarfile.ExFileObject) do not run their own __init__: the native BufferedReader.__new__ builds a _pyio.BufferedReader from the constructor arguments
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
