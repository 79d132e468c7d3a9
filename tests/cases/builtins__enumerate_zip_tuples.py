# enumerate (i64 counter with big-int overflow, start) and zip reuse their result tuple only when nobody kept it.
import sys
e = enumerate("abc", sys.maxsize - 1)
print(list(e))
print(list(enumerate("xy", -2**70)))
z = list(zip([1, 2, 3], "abc"))
print(z, z[0] is z[1])
keep = []
for t in zip([1, 2], [3, 4]):
    keep.append(t)
print(keep, keep[0] is keep[1])
for i, c in enumerate("hey", 1):
    print(i, c, end=" ")
print()
print(list(zip()), list(zip([1])), dict(enumerate("ab")))
try:
    list(zip([1, 2], [1], strict=True))
except ValueError as e:
    print(e)
