# tempfile: directories and files are created, used and removed (no random names printed).
import os
import tempfile

with tempfile.TemporaryDirectory() as d:
    print(os.path.isdir(d), os.listdir(d))
    p = os.path.join(d, "a.txt")
    with open(p, "w") as f:
        f.write("hello\n")
    with tempfile.NamedTemporaryFile("w+", dir=d, suffix=".log", delete=False) as t:
        t.write("line1\nline2\n")
        t.seek(0)
        print(t.read().splitlines(), t.name.endswith(".log"))
        name = t.name
    print(sorted(os.path.basename(x).endswith(".log") for x in os.listdir(d)))
    os.unlink(name)
    fd, path = tempfile.mkstemp(dir=d, prefix="pre")
    os.write(fd, b"abc")
    os.close(fd)
    print(os.path.basename(path).startswith("pre"), os.path.getsize(path))
    sub = tempfile.mkdtemp(dir=d)
    print(os.path.isdir(sub))
    with tempfile.TemporaryFile() as tf:
        tf.write(b"xyz")
        tf.seek(0)
        print(tf.read())
    sp = tempfile.SpooledTemporaryFile(max_size=10)
    sp.write(b"0123456789abc")
    sp.seek(0)
    print(sp.read(), sp._rolled)
    sp.close()
print(os.path.exists(d))
print(tempfile.gettempdir() == tempfile.tempdir or tempfile.tempdir is None)
