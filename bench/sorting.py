# List sorting with key functions and comparisons of tuples.
seed = 12345
def rand():
    global seed
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed

data = [rand() % 100000 for _ in range(600_000)]
records = [(x % 100, -x, str(x)) for x in data[:300_000]]
a = sorted(data)
b = sorted(data, key=lambda v: (v % 1000, v))
c = sorted(records)
d = sorted(records, key=lambda r: r[2], reverse=True)
print(a[0], a[-1], b[:3], c[0], d[0], sum(a[::1000]))
