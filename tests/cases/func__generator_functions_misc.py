def countdown(n):
    while n > 0:
        yield n
        n -= 1
print(list(countdown(5)))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(15)])
def take(n, it):
    for i, x in enumerate(it):
        if i >= n:
            return
        yield x
print(list(take(5, fib())))
print(sum(countdown(100)))
