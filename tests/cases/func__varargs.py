def collect(*args, **kwargs):
    return args, kwargs

print(collect())
print(collect(1, 2, x=3))
print(collect(*[1, 2], *(3,), **{"a": 1}, b=2))
nums = [4, 5, 6]
print(max(*nums), min(nums))

def fwd(*a, **k):
    return collect(0, *a, last=True, **k)
print(fwd(1, 2, mid=5))

def total(first, *rest):
    s = first
    for r in rest:
        s += r
    return s
print(total(1), total(1, 2, 3), total("a", "b", "c"))
print(type(collect()[0]).__name__, type(collect()[1]).__name__)
def show(**opts):
    for k, v in opts.items():
        print(" ", k, "=", v)
show(z=1, a=2, m=3)
d = {"x": 1}
print(collect(**d, y=2))
try:
    collect(**{1: 2})
except TypeError as e:
    print(e)
