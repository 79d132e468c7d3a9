# Slices with extreme steps and bounds (±sys.maxsize, 2**100) select what CPython selects and never
# overflow: get, delete and assign on bytes, bytearray, list, tuple and str.
import sys
M = sys.maxsize
for seq in (b"abcdefgh", bytearray(b"abcdefgh"), [1, 2, 3, 4, 5, 6, 7, 8], (1, 2, 3, 4, 5, 6, 7, 8), "abcdefgh"):
    out = []
    for sl in (slice(None, None, -M - 1), slice(None, None, M), slice(3, None, M), slice(None, None, -M),
               slice(-M - 5, M + 5, 2), slice(M + 5, -M - 5, -3), slice(2, 6, 2**100), slice(None, None, -2**100)):
        out.append(seq[sl])
    print(type(seq).__name__, out)
l = list(range(10))
del l[::M]
print(l)
l = list(range(10))
l[::-M - 1] = ["x"]
print(l)
ba = bytearray(b"0123456789")
del ba[1::M]
print(ba)
