log = []
def source():
    for i in range(5):
        log.append("produce %d" % i)
        yield i
def doubler(it):
    for x in it:
        log.append("double %d" % x)
        yield x * 2
pipe = doubler(source())
print(log)
print(next(pipe), log)
for v in pipe:
    if v > 4:
        break
print(log)
def infinite():
    n = 0
    while True:
        yield n
        n += 1
def takewhile_(pred, it):
    for x in it:
        if not pred(x):
            return
        yield x
print(list(takewhile_(lambda x: x * x < 50, infinite())))
z = zip(infinite(), "abc")
print(list(z))
print(list(enumerate(takewhile_(lambda c: c != "d", iter("abcdef")), start=1)))
