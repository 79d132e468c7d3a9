# The lines a trace function sees follow CPython 3.11's line table: `try:` and `while True:`
# report their own line, a loop's jump back reports none (the loop head is reported again),
# a condition spread over lines reports the lines CPython's jumps carry, `break` out of a loop
# returns from the break's line, decorators are called on their own lines.
import sys, functools

def tracer(frame, event, arg):
    if frame.f_code.co_name != "tracer":
        print(event, frame.f_code.co_name, frame.f_lineno)
    return tracer

def g(n):
    for i in range(n):
        yield i * 2

def w(n):
    while n:
        n -= 1

def br(xs):
    for x in xs:
        if x:
            break
    else:
        return 0

def nested(xs):
    for x in xs:
        if x > 1:
            pass

def wt():
    i = 0
    while True:
        i += 1
        if i > 2:
            break
    return i

def cond(a, b, c, d):
    if (a and
        b and
        c is None and
        d):
        return 1
    return 2

def ifexp(m):
    v = (1
         if m is None else
         2)
    return v

def chain(x):
    if x == 1:
        r = "one"
    elif x == 2:
        r = "two"
    else:
        r = "many"
    return r

def deco(f):
    return f

def decorated():
    @deco
    @functools.wraps(deco)
    def inner():
        pass
    return inner

class K:
    a = 1

sys.settrace(tracer)
list(g(2)); w(2); br([0, 1]); br([]); nested([1, 2]); wt()
cond(1, 1, 2, 1); cond(1, 1, None, 1)
ifexp(None); ifexp(3)
chain(1); chain(2); chain(5)
decorated()
class L(K):
    b = 2
sys.settrace(None)
