# bz2 / _bz2: round trips, byte-identical output, incremental decompression with max_length,
# unused_data, concatenated streams, BZ2File, and the messages of common misuse.
import bz2
import _bz2
import copy
import hashlib
import io
import pickle


def show(f):
    try:
        r = f()
    except Exception as e:
        print("  ", type(e).__name__, e)
    else:
        print("  ok", repr(r)[:70])


def digest(b):
    return len(b), hashlib.sha256(b).hexdigest()[:16]


data = b"".join(b"line %d of some text, %s\n" % (i, b"xyz" * (i % 7)) for i in range(20000))
print("data", digest(data))

# One-shot, every level: the compressed bytes are CPython's.
for level in (1, 2, 5, 9):
    c = bz2.compress(data, level)
    print("level", level, digest(c), c[:10])
    assert bz2.decompress(c) == data
print("empty", bz2.compress(b""), bz2.decompress(bz2.compress(b"")))
print("tiny", bz2.compress(b"a"))

# Concatenated streams and trailing garbage after the first stream.
c = bz2.compress(data)
print("concat", bz2.decompress(c + bz2.compress(b"tail")) == data + b"tail")
print("concat3", len(bz2.decompress(c * 3)))
print("bytearray/memoryview", bz2.decompress(bytearray(c)) == data, bz2.decompress(memoryview(c)) == data)

# Incremental compression in chunks gives the same stream as one-shot.
co = bz2.BZ2Compressor(9)
parts = [co.compress(data[i:i + 5000]) for i in range(0, len(data), 5000)]
parts.append(co.flush())
print("incremental", b"".join(parts) == c, [len(p) for p in parts][:6])

# Incremental decompression, byte by byte-ish.
d = bz2.BZ2Decompressor()
print("fresh", d.eof, d.needs_input, d.unused_data)
out = b"".join(d.decompress(c[i:i + 333]) for i in range(0, len(c), 333))
print("chunks", out == data, d.eof, d.needs_input, d.unused_data)
show(lambda: d.decompress(b"more"))

# max_length and needs_input.
d = bz2.BZ2Decompressor()
got = d.decompress(c + b"TRAILER", max_length=100)
print("max100", len(got), d.needs_input, d.eof)
sizes = []
while not d.eof:
    part = d.decompress(b"", 100000)
    got += part
    sizes.append((len(part), d.needs_input))
print("rest", sizes, got == data, d.unused_data)
d = bz2.BZ2Decompressor()
print("max0", d.decompress(c, 0), d.needs_input)
print("then", len(d.decompress(b"", max_length=7)), d.needs_input)

# unused_data across calls.
d = bz2.BZ2Decompressor()
small = bz2.compress(b"hello world")
print(d.decompress(small[:5]), d.needs_input)
print(d.decompress(small[5:] + b"extra"), d.eof, d.unused_data, d.needs_input)

# BZ2File over memory.
buf = io.BytesIO()
with bz2.BZ2File(buf, "wb", compresslevel=3) as f:
    f.write(data)
    f.write(b"end\n")
print("file", digest(buf.getvalue()))
buf.seek(0)
with bz2.BZ2File(buf) as f:
    print(f.readline(), f.read(20), len(f.read()))
buf.seek(0)
with bz2.open(buf, "rt", encoding="ascii") as f:
    lines = f.readlines()
print(len(lines), lines[-1])
print(bz2.open(io.BytesIO(bz2.compress(b"x") * 2)).read())

# Misuse.
show(lambda: bz2.BZ2Compressor(0))
show(lambda: bz2.BZ2Compressor(10))
show(lambda: bz2.BZ2Compressor("9"))
show(lambda: bz2.BZ2Compressor(compresslevel=3))
show(lambda: bz2.BZ2Compressor(1, 2))
show(lambda: bz2.BZ2Decompressor(1))
show(lambda: bz2.BZ2Compressor().compress("text"))
show(lambda: bz2.BZ2Compressor().compress())
co = bz2.BZ2Compressor()
co.flush()
show(lambda: co.compress(b"x"))
show(lambda: co.flush())
show(lambda: bz2.BZ2Decompressor().decompress(b"not bzip2 data"))
show(lambda: bz2.BZ2Decompressor().decompress())
show(lambda: bz2.decompress(c[:-10]))
show(lambda: bz2.decompress(b"BZh9garbage"))
show(lambda: bz2.decompress(c + b"junk"))
for proto in (0, 2, 4):
    show(lambda: pickle.dumps(bz2.BZ2Compressor(), proto))
show(lambda: pickle.dumps(bz2.BZ2Decompressor()))
show(lambda: copy.copy(bz2.BZ2Decompressor()))
print(_bz2.BZ2Compressor.__module__, _bz2.BZ2Decompressor.__name__)
try:
    class Sub(bz2.BZ2Decompressor):
        pass
except TypeError:
    print("not subclassable")
