# List slicing and slice assignment with int/None bounds, and the general cases beside them.
l = list(range(10))
print(l[:], l[2:5], l[-3:], l[::2], l[::-1], l[8:2:-2], l[5:2], l[100:], l[-100:2])
m = l[:]
m[2:5] = [20, 30]
print(m)
m[:0] = (1, 2)
print(m)
m[len(m):] = [99]
print(m)
m[3:1] = ["x"]
print(m)
m[:] = m
print(m)
m[-2:] = []
print(m)
m[::2] = [0] * len(m[::2])
print(m)
try:
    m[::2] = [1]
except ValueError as e:
    print("ValueError:", e)


class Idx:
    def __index__(self):
        print("__index__")
        return 2


print(l[Idx():4], l[True:3])
n = list(range(5))
n[Idx():] = "ab"
print(n)


class L(list):
    def __getitem__(self, k):
        return ("L", k)


print(L([1, 2])[0:1])
t = (1, 2, 3)
print(t[:] is t, t[1:], t[::-1])
perm = [3, 1, 2, 0]
k = perm[0]
perm[: k + 1] = perm[k::-1]
print(perm)
