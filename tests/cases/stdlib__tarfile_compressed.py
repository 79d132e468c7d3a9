# tarfile with bz2 and xz compression, and shutil.make_archive/unpack_archive with bztar/xztar,
# in a temporary directory (only names, sizes and contents are printed). Members are read back
# with extractall (TarFile.extractfile is not used: see stdlib__tarfile_extractfile).
import io
import os
import shutil
import tarfile
import tempfile


def tree(dest):
    found = {}
    for root, dirs, names in os.walk(dest):
        for n in names:
            p = os.path.join(root, n)
            with open(p, "rb") as f:
                found[os.path.relpath(p, dest)] = f.read()
    return found


with tempfile.TemporaryDirectory() as tmp:
    src = os.path.join(tmp, "src")
    os.makedirs(os.path.join(src, "sub"))
    files = {"a.txt": b"alpha\n" * 1000, "sub/b.bin": bytes(range(256)) * 40, "sub/empty": b""}
    for name, body in files.items():
        with open(os.path.join(src, name), "wb") as f:
            f.write(body)

    for mode in ("bz2", "xz"):
        path = os.path.join(tmp, "t.tar." + mode)
        with tarfile.open(path, "w:" + mode) as tf:
            for name in sorted(files):
                tf.add(os.path.join(src, name), arcname=name)
        with tarfile.open(path, "r:*") as tf:
            members = tf.getmembers()
            print(mode, [(m.name, m.size) for m in members])
            tf.extractall(os.path.join(tmp, "x_" + mode))
        print(tree(os.path.join(tmp, "x_" + mode)) == files)
        with tarfile.open(path, "r:" + mode) as tf:
            print(tf.getnames())
        print(tarfile.is_tarfile(path))

    # In-memory archives with fixed metadata are byte-stable.
    for mode in ("bz2", "xz"):
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w:" + mode) as tf:
            for name in sorted(files):
                info = tarfile.TarInfo(name)
                info.size = len(files[name])
                info.mtime = 1000000000
                tf.addfile(info, io.BytesIO(files[name]))
        raw = buf.getvalue()
        print(mode, "bytes", len(raw), raw[:6])
        buf.seek(0)
        with tarfile.open(fileobj=buf, mode="r|" + mode) as tf:
            tf.extractall(os.path.join(tmp, "m_" + mode))
        print(tree(os.path.join(tmp, "m_" + mode)) == files)

    # Streaming write then read.
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w|xz") as tf:
        info = tarfile.TarInfo("stream.txt")
        info.size = 6
        tf.addfile(info, io.BytesIO(b"hello\n"))
    buf.seek(0)
    with tarfile.open(fileobj=buf, mode="r:xz") as tf:
        print(tf.getnames())
        tf.extractall(os.path.join(tmp, "s"))
    print(tree(os.path.join(tmp, "s")))

    # A wrong decompressor.
    try:
        tarfile.open(os.path.join(tmp, "t.tar.xz"), "r:bz2")
    except tarfile.ReadError as e:
        print("ReadError", e)

    print(sorted(n for n, _ in shutil.get_archive_formats() if "tar" in n))
    for fmt in ("bztar", "xztar"):
        base = os.path.join(tmp, "arch_" + fmt)
        made = shutil.make_archive(base, fmt, root_dir=src)
        print(fmt, os.path.basename(made))
        dest = os.path.join(tmp, "out_" + fmt)
        shutil.unpack_archive(made, dest)
        found = tree(dest)
        print(sorted(found), found == files)
