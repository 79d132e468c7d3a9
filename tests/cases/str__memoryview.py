# memoryview over bytes/bytearray: items, slices, casts, exports, errors.
b = bytearray(b"abcdefgh")
m = memoryview(b)
print(len(m), m[0], m[-1], m[1:3].tobytes(), m[::2].tobytes(), m[::-1].tolist(), bytes(m[2:5]))
print(m.readonly, m.itemsize, m.format, m.ndim, m.shape, m.strides, m.nbytes, m.obj is b, m.contiguous)
m[0] = 65
m[1:3] = b"BC"
print(b, m.tobytes(), m.hex(), m.hex(":", 2), b"abcdef".hex("-", -4))
try:
    b.append(1)
except BufferError as e:
    print("BufferError:", e)
with memoryview(b) as m2:
    print(m2[0:2].tolist())
print(hasattr(m2, "released"))
try:
    m2[0]
except ValueError as e:
    print("ValueError:", e)
m.release()
b.append(33)
print(b)
r = memoryview(b"\x01\x00\x00\x00\x02\x00\x00\x00")
c = r.cast("I")
print(c.tolist(), c.format, c.itemsize, len(c), c.nbytes, r.cast("b").tolist()[:2], c.cast("B").tolist()[:4])
try:
    r[0] = 1
except TypeError as e:
    print("TypeError:", e)
try:
    memoryview(bytearray(3))[0] = 256
except ValueError as e:
    print("ValueError:", e)
try:
    r.cast("I").cast("H")
except TypeError as e:
    print("TypeError:", e)
try:
    memoryview(b"abc").cast("I")
except TypeError as e:
    print("TypeError:", e)
try:
    memoryview("abc")
except TypeError as e:
    print("TypeError:", e)
print(hash(memoryview(b"ab")) == hash(b"ab"), memoryview(b"ab") == b"ab", memoryview(b"ab") == bytearray(b"ab"), memoryview(b"ab") != b"ac")
try:
    hash(memoryview(bytearray(b"ab")))
except ValueError as e:
    print("ValueError:", e)
print(list(memoryview(b"xyz")), b"-".join([memoryview(b"a"), b"b"]), bytearray(memoryview(b"q")), b"ab" + memoryview(b"cd"))
ba = bytearray(b"0123456789")
del ba[1]
del ba[::3]
ba[1:3] = b"XYZ"
ba *= 2
ba.remove(ord("X"))
ba[::2] = b"abcdefgh"[:len(ba[::2])]
print(ba)
try:
    ba[::2] = b"a"
except ValueError as e:
    print("ValueError:", e)
try:
    ba.remove(200)
except ValueError as e:
    print("ValueError:", e)
import re
print(re.findall("[\u0100-\u0200\u4e00]+", "aĀŁ中b"))
