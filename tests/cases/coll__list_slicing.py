xs = list(range(10))
print(xs[2:5], xs[::3], xs[::-2], xs[-3:], xs[:100])
xs[2:5] = ["a", "b"]
print(xs)
xs[1:1] = [100, 200]
print(xs)
xs[:] = xs[::-1]
print(xs)
del xs[::2]
print(xs)
del xs[1:3]
print(xs)
ys = list(range(8))
ys[::2] = "wxyz"
print(ys)
try:
    ys[::2] = [1, 2]
except ValueError as e:
    print(e)
ys[5:] = []
print(ys)
ys[len(ys):] = [9, 9]
print(ys)
zs = [1, 2, 3]
zs[0:0] = zs
print(zs)
s = slice(1, None, 2)
print(list(range(10))[s], s.start, s.stop, s.step)
