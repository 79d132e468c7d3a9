def worker():
    try:
        yield 1
        yield 2
    except ValueError as e:
        print("worker caught", e)
        yield "recovered"
    finally:
        print("worker cleanup")

w = worker()
print(next(w))
print(w.throw(ValueError("boom")))
try:
    next(w)
except StopIteration:
    print("done")

w2 = worker()
next(w2)
w2.close()
print("closed")
w3 = worker()
try:
    w3.throw(KeyError("early"))
except KeyError as e:
    print("unstarted throw:", repr(e))

def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield "no"
s = stubborn()
next(s)
try:
    s.close()
except RuntimeError as e:
    print(e)

def delegating():
    try:
        yield from worker()
    except ValueError:
        print("never")
d = delegating()
next(d)
print(d.throw(ValueError("through yield from")))
d.close()
