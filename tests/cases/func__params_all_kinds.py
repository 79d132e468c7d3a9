def f(a, b=2, /, c=3, *args, d, e=5, **kw):
    return (a, b, c, args, d, e, sorted(kw.items()))

print(f(1, d=4))
print(f(1, 20, 30, 40, 50, d=4, z=9, y=8))
print(f(1, c=7, d=0, e=1, a=100))

def pos_only(x, y, /):
    return x - y
print(pos_only(10, 3))
try:
    pos_only(x=1, y=2)
except TypeError as e:
    print(e)

def kw_only(*, key, flag=False):
    return key, flag
print(kw_only(key="k"), kw_only(flag=True, key=0))
try:
    kw_only("k")
except TypeError as e:
    print(e)
try:
    kw_only()
except TypeError as e:
    print(e)
try:
    f(1)
except TypeError as e:
    print(e)
try:
    f(1, d=1, c=2, **{"c": 3})
except TypeError as e:
    print(e)
