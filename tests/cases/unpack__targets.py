x = [0] * 5
for x[0] in range(3):
    pass
print(x)
class Box:
    pass
b = Box()
for b.attr in "xyz":
    pass
print(b.attr)
d = {}
for d["key"], d["other"] in [(1, 2), (3, 4)]:
    pass
print(d)
a = [1, 2, 3]
a[1:2] = "xy"
print(a)
del a[0], a[-1]
print(a)
m = n = 0
m += 1
print(m, n)
t = 1,
print(t, len(t))
