a = [1, [2, 3]]
b = a[:]
c = list(a)
b[0] = 99
b[1].append(4)
print(a, b, c, a is b, a[1] is b[1])
d = {"k": [1]}
e = dict(d)
e["k"].append(2)
e["j"] = 0
print(d, e)
x = [1, 2]
y = x
y.append(3)
print(x, x is y, x == [1, 2, 3])
t = ([],)
t[0].append(t)
print(len(t[0]), t[0][0] is t)
l = [1]
l.append(l)
print(l)
dd = {}
dd["self"] = dd
print(dd)
print([] is [], () == (), [None] * 2)
