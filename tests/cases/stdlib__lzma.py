# lzma / _lzma: formats, presets, checks, filter chains (raw, delta, BCJ), incremental
# decompression with max_length, unused_data, concatenated streams, LZMAFile, filter
# properties, and the messages of common misuse.
import _lzma
import copy
import hashlib
import io
import lzma
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


data = b"".join(b"record %05d: %s\n" % (i, b"abc" * (i % 11)) for i in range(12000))
print("data", digest(data))

# Presets and formats: the compressed bytes are CPython's.
for preset in (0, 1, 6, 9 | lzma.PRESET_EXTREME):
    c = lzma.compress(data, preset=preset)
    print("xz preset", preset, digest(c))
    assert lzma.decompress(c) == data
for check in (lzma.CHECK_NONE, lzma.CHECK_CRC32, lzma.CHECK_CRC64, lzma.CHECK_SHA256):
    c = lzma.compress(data, check=check, preset=1)
    d = lzma.LZMADecompressor()
    print("check", check, digest(c), d.check, d.decompress(c) == data, d.check)
alone = lzma.compress(data, format=lzma.FORMAT_ALONE, preset=2)
print("alone", digest(alone), lzma.decompress(alone) == data)
print("auto alone", lzma.LZMADecompressor().decompress(alone) == data)
print("empty", digest(lzma.compress(b"")), lzma.decompress(lzma.compress(b"")))

# Raw filter chains.
chains = [
    [{"id": lzma.FILTER_LZMA2, "preset": 1}],
    [{"id": lzma.FILTER_DELTA, "dist": 4}, {"id": lzma.FILTER_LZMA2, "preset": 3}],
    [{"id": lzma.FILTER_X86}, {"id": lzma.FILTER_LZMA2, "dict_size": 1 << 20, "lc": 3, "lp": 0, "pb": 2}],
    [{"id": lzma.FILTER_LZMA1, "mode": lzma.MODE_FAST, "nice_len": 32, "mf": lzma.MF_HC4, "depth": 8}],
    [{"id": lzma.FILTER_LZMA2, "mode": lzma.MODE_NORMAL, "mf": lzma.MF_BT4}],
]
for chain in chains:
    c = lzma.compress(data, format=lzma.FORMAT_RAW, filters=chain)
    back = lzma.decompress(c, format=lzma.FORMAT_RAW, filters=chain)
    print("raw", [f["id"] for f in chain], digest(c), back == data)
c = lzma.compress(data, filters=chains[1])
print("xz with filters", digest(c), lzma.decompress(c) == data)
c = lzma.compress(data, format=lzma.FORMAT_ALONE, filters=[{"id": lzma.FILTER_LZMA1, "preset": 1}])
print("alone with filters", digest(c), lzma.decompress(c) == data)

# Concatenated streams, trailing garbage.
c = lzma.compress(data, preset=1)
print("concat", lzma.decompress(c + lzma.compress(b"tail")) == data + b"tail")
show(lambda: lzma.decompress(c + b"\0" * 8) == data)
show(lambda: lzma.decompress(c + b"junk"))
show(lambda: lzma.decompress(c[:-5]))
show(lambda: lzma.decompress(b"not xz data at all"))

# Incremental compression and decompression.
co = lzma.LZMACompressor(preset=1)
parts = [co.compress(data[i:i + 7000]) for i in range(0, len(data), 7000)]
parts.append(co.flush())
print("incremental", b"".join(parts) == c, sum(1 for p in parts if p))
d = lzma.LZMADecompressor()
print("fresh", d.eof, d.needs_input, d.unused_data, d.check)
out = b"".join(d.decompress(c[i:i + 501]) for i in range(0, len(c), 501))
print("chunks", out == data, d.eof, d.needs_input, d.check, d.unused_data)
show(lambda: d.decompress(b"x"))

d = lzma.LZMADecompressor()
got = d.decompress(c + b"TRAILER", max_length=100)
print("max100", len(got), d.needs_input, d.eof)
steps = []
while not d.eof:
    part = d.decompress(b"", max_length=40000)
    got += part
    steps.append((len(part), d.needs_input))
print("rest", steps, got == data, d.unused_data)

d = lzma.LZMADecompressor()
print("max0", d.decompress(c, max_length=0), d.needs_input)
small = lzma.compress(b"hello world")
d = lzma.LZMADecompressor(format=lzma.FORMAT_XZ)
print(d.decompress(small[:20]), d.needs_input)
print(d.decompress(small[20:] + b"extra"), d.eof, d.unused_data, d.needs_input)
d = lzma.LZMADecompressor()
print("exact", d.decompress(small, max_length=11), d.eof, d.needs_input)

# LZMAFile over memory.
buf = io.BytesIO()
with lzma.LZMAFile(buf, "wb", preset=2) as f:
    f.write(data)
print("file", digest(buf.getvalue()))
buf.seek(0)
with lzma.open(buf, "rt", encoding="ascii") as f:
    print(f.readline(), end="")
    print(len(f.read()))

# Filter properties.
print(lzma._encode_filter_properties({"id": lzma.FILTER_LZMA1, "dict_size": 1 << 20}))
print(lzma._encode_filter_properties({"id": lzma.FILTER_LZMA2, "preset": 9}))
print(lzma._encode_filter_properties({"id": lzma.FILTER_DELTA, "dist": 3}))
print(lzma._encode_filter_properties({"id": lzma.FILTER_X86, "start_offset": 4}))
print(lzma._decode_filter_properties(lzma.FILTER_LZMA1, b"]\x00\x00\x10\x00"))
print(lzma._decode_filter_properties(lzma.FILTER_LZMA2, b"\x10"))
print(lzma._decode_filter_properties(lzma.FILTER_DELTA, b"\x02"))
print(lzma._decode_filter_properties(lzma.FILTER_ARM, b"\x08\x00\x00\x00"))
show(lambda: lzma._decode_filter_properties(99, b"\x02"))

# Module surface.
print(sorted((k, v) for k, v in vars(_lzma).items() if k.isupper()))
print([lzma.is_check_supported(i) for i in (0, 1, 4, 10, 3, 99)])
print(lzma.LZMAError.__module__, lzma.LZMAError.__mro__[1].__name__)

# Misuse.
show(lambda: lzma.LZMACompressor(format=9))
show(lambda: lzma.LZMACompressor(format=lzma.FORMAT_ALONE, check=lzma.CHECK_CRC32))
show(lambda: lzma.LZMACompressor(preset=1, filters=[]))
show(lambda: lzma.LZMACompressor(preset=10))
show(lambda: lzma.LZMACompressor(preset=-1))
show(lambda: lzma.LZMACompressor(preset="a"))
show(lambda: lzma.LZMACompressor(format=lzma.FORMAT_ALONE, preset=10))
show(lambda: lzma.LZMACompressor(format=lzma.FORMAT_RAW))
show(lambda: lzma.LZMACompressor(format=lzma.FORMAT_RAW, filters=[{"id": 99}]))
show(lambda: lzma.LZMACompressor(format=lzma.FORMAT_RAW, filters=[{}]))
show(lambda: lzma.LZMACompressor(format=lzma.FORMAT_RAW, filters=[1]))
show(lambda: lzma.LZMACompressor(format=lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_LZMA2, "foo": 1}]))
show(lambda: lzma.LZMACompressor(format=lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_LZMA2, "preset": 99}]))
show(lambda: lzma.LZMACompressor(format=lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_LZMA2, "dict_size": -1}]))
show(lambda: lzma.LZMACompressor(format=lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_DELTA, "dist": "x"}]))
show(lambda: lzma.LZMACompressor(format=lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_X86, "x": 1}]))
show(lambda: lzma.LZMACompressor(format=lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_LZMA2}] * 5))
show(lambda: lzma.LZMACompressor(format=lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_LZMA2}] * 2))
show(lambda: lzma.LZMACompressor(format=lzma.FORMAT_RAW, filters=[{"id": "x"}]))
show(lambda: lzma.LZMACompressor(format=lzma.FORMAT_RAW, filters={"id": lzma.FILTER_LZMA2}))
show(lambda: lzma.LZMACompressor(format=lzma.FORMAT_ALONE, filters=[{"id": lzma.FILTER_LZMA2}]))
show(lambda: lzma.LZMACompressor(check=99))
show(lambda: lzma.LZMACompressor(1, 2, 3, 4, 5))
show(lambda: lzma.LZMACompressor(bogus=1))
show(lambda: lzma.LZMADecompressor(format=lzma.FORMAT_RAW, memlimit=5))
show(lambda: lzma.LZMADecompressor(format=lzma.FORMAT_RAW))
show(lambda: lzma.LZMADecompressor(filters=[]))
show(lambda: lzma.LZMADecompressor(format=7))
show(lambda: lzma.LZMADecompressor(memlimit=-1))
show(lambda: lzma.LZMADecompressor(memlimit=1024).decompress(lzma.compress(b"x")))
show(lambda: lzma.LZMADecompressor(format=lzma.FORMAT_ALONE).decompress(lzma.compress(b"x")))
show(lambda: lzma.LZMACompressor().compress("text"))
co = lzma.LZMACompressor()
co.flush()
show(lambda: co.compress(b"x"))
show(lambda: co.flush())
for proto in (1, 3):
    show(lambda: pickle.dumps(lzma.LZMACompressor(), proto))
show(lambda: copy.deepcopy(lzma.LZMADecompressor()))
for t in (lzma.LZMACompressor, lzma.LZMADecompressor):
    try:
        class Sub(t):
            pass
    except TypeError:
        print("not subclassable", t.__name__)
