# An mmap as a bytes-like object: bytes(), file writes, re, hashlib, zlib, comparisons
# with bytes, and two maps of one file seeing each other's writes (MAP_SHARED).
import hashlib
import mmap
import os
import re
import shutil
import tempfile
import zlib

d = tempfile.mkdtemp()
try:
    path = os.path.join(d, "f.txt")
    with open(path, "wb") as f:
        f.write(b"alpha=1\nbeta=22\ngamma=333\n")
    with open(path, "r+b") as f:
        m = mmap.mmap(f.fileno(), 0)
        print(bytes(m))
        print([x.group(1) for x in re.finditer(rb"(\w+)=\d+", m)])
        print(re.search(rb"beta=(\d+)", m).group(1))
        print(hashlib.sha256(m).hexdigest()[:16])
        print(zlib.crc32(m))
        print(bytes(m) == m[:], m[:5] == b"alpha")
        out = os.path.join(d, "copy.txt")
        with open(out, "wb") as g:
            print(g.write(m))
        with open(out, "rb") as g:
            print(g.read() == bytes(m))
        other = mmap.mmap(f.fileno(), 0)
        m[0:5] = b"ALPHA"
        print(other[:8])
        other.close()
        print(b"".join([m[:5], b"!"]))
        print(bytearray(b"x") + m[:3])
        m.close()
    with open(path, "rb") as f:
        print(f.read())
finally:
    shutil.rmtree(d)
