# zlib over the system library: identical compressed bytes at every level, streaming objects with max_length/unconsumed_tail/unused_data, zdict, copy, checksums, errors.
import zlib
data = b"hello world " * 1000 + bytes(range(256)) * 20
for level in (-1, 0, 1, 6, 9):
    c = zlib.compress(data, level)
    print(level, len(c), zlib.crc32(c), zlib.decompress(c) == data)
print(zlib.compress(b""), zlib.compress(b"x", wbits=-15), zlib.compress(b"x", wbits=31)[:10])
print(zlib.crc32(b"abc"), zlib.crc32(b"abc", 12345), zlib.adler32(b"abc"), zlib.adler32(b""), zlib.crc32(b"", 2**40 + 5))
co = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_FILTERED)
parts = [co.compress(data[i:i + 1000]) for i in range(0, len(data), 1000)]
tail = co.flush()
stream = b"".join(parts) + tail
print(len(stream), zlib.decompress(stream, -15) == data)
do = zlib.decompressobj(-15)
out = b""
chunk = stream
while chunk:
    out += do.decompress(chunk, 500)
    chunk = do.unconsumed_tail
out += do.flush()
print(out == data, do.eof, do.unused_data)
do2 = zlib.decompressobj()
print(do2.decompress(zlib.compress(b"abc") + b"EXTRA"), do2.unused_data, do2.eof)
for bad, kw in [(b"abc", {}), (zlib.compress(b"hello")[:-3], {}), (b"x", {"wbits": 99})]:
    try:
        zlib.decompress(bad, **kw)
    except zlib.error as e:
        print("error:", e)
    except ValueError as e:
        print("ValueError:", e)
try:
    zlib.compress(b"x", 10)
except zlib.error as e:
    print("error:", e)
try:
    zlib.compress("str")
except TypeError as e:
    print("TypeError:", e)
c2 = zlib.compressobj()
head = c2.compress(b"abc")
c3 = c2.copy()
print(zlib.decompress(head + c2.flush()), zlib.decompress(head + c3.flush()))
try:
    c2.flush()
except zlib.error as e:
    print("error:", e)
zd = b"hello world"
cz = zlib.compressobj(zdict=zd)
z = cz.compress(b"hello world hello") + cz.flush()
print(zlib.decompressobj(zdict=zd).decompress(z))
print(zlib.ZLIB_VERSION, zlib.MAX_WBITS, zlib.Z_BEST_COMPRESSION)
