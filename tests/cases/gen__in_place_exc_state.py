# Generators resumed in place by FOR_ITER/SEND keep their own exception state, see their
# caller's outside it, and survive tracing being switched on and off between items.
import sys


def inner():
    try:
        raise KeyError("inner")
    except KeyError:
        yield sys.exc_info()[0].__name__
        yield sys.exc_info()[0].__name__
    yield sys.exc_info()[0]


def outer():
    yield from inner()
    yield "after"


try:
    raise ValueError("caller")
except ValueError:
    for x in outer():
        print(x, sys.exc_info()[0].__name__)
print(sys.exc_info())

events = []


def tracer(frame, event, arg):
    if frame.f_code.co_name in ("counter", "<genexpr>"):
        events.append((frame.f_code.co_name, event))
    return tracer


def counter(n):
    for i in range(n):
        yield i


total = 0
for i in counter(6):
    if i == 2:
        sys.settrace(tracer)
    if i == 4:
        sys.settrace(None)
    total += i
print(total, events)
print(sum(x * 2 for x in counter(5)), list(zip(counter(3), counter(4))))


def deep(n):
    if n:
        yield from deep(n - 1)
    yield n


print(list(deep(50))[:5])
g = counter(3)
print(next(g), list(g), list(g))
