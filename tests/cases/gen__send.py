def accumulator():
    total = 0
    while True:
        x = yield total
        if x is None:
            break
        total += x
    return "final %d" % total

g = accumulator()
print(next(g))
print(g.send(5), g.send(10), g.send(-3))
try:
    g.send(None)
except StopIteration as e:
    print("stopped:", e.value)

def echo():
    received = []
    try:
        while True:
            v = yield len(received)
            received.append(v)
    finally:
        print("echo finished with", received)
e = echo()
print(e.send(None), e.send("a"), e.send("b"))
e.close()
print(e.gi_running, e.gi_frame)
try:
    accumulator().send(1)
except TypeError as ex:
    print(ex)
