# Integer arithmetic in loops.
def work(n):
    total = 0
    for i in range(n):
        total = (total + i * i % 7 - (i >> 2)) & 0xFFFFFFF
    return total
print(work(20_000_000))
