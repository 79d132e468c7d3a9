# Closures and decorators.
def make_adder(n):
    def add(x):
        return x + n
    return add

def twice(f):
    def wrapper(x):
        return f(f(x))
    return wrapper

@twice
def inc(x):
    return x + 1

adders = [make_adder(i) for i in range(10)]
total = 0
for i in range(5_500_000):
    total += adders[i % 10](i) + inc(i)
counter = 0
def bump():
    global counter
    counter += 1
for _ in range(5_500_000):
    bump()
print(total, counter)
