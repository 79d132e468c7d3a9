# sys.settrace: 'call', 'line', 'return' and 'exception' events in CPython's order, with the
# lines a trace function sees (loops report their head again on each backward jump).
import sys
def tracer(frame, event, arg):
    co = frame.f_code
    a = arg if event != 'exception' else (arg[0].__name__, str(arg[1]))
    print(event, co.co_name, frame.f_lineno, a if not callable(a) else 'fn')
    return tracer

def g(n):
    for i in range(n):
        yield i * 2

def f(x):
    y = x + 1
    try:
        1 / 0
    except ZeroDivisionError:
        y += 1
    total = 0
    for v in g(2):
        total += v
    while x > 0: x -= 1
    return y + total

def h(): return 1

def bad():
    raise ValueError("boom")

def caller():
    try:
        bad()
    except ValueError as e:
        return str(e)

sys.settrace(tracer)
r = f(3)
h()
caller()
[i for i in range(2)]
sys.settrace(None)
print(r)
print(sys.gettrace())
