def g():
    x = yield 1
    print("got", x)
    try:
        yield 2
    except ValueError as e:
        print("thrown", e)
        yield 3
    return "done"
it = g()
print(next(it), it.send("s"), it.throw(ValueError("v")))
try:
    next(it)
except StopIteration as e:
    print("stop", e.value)
def deleg():
    r = yield from g()
    print("r", r)
d = deleg(); print(next(d), d.send(1), d.throw(ValueError("w")))
try: next(d)
except StopIteration: print("end")
import types
class Awaitable:
    def __await__(self):
        v = yield "tick"
        return v * 2
async def co(n):
    a = await Awaitable()
    return a + n
c = co(1)
print(c.send(None))
try:
    c.send(5)
except StopIteration as e:
    print("coro result", e.value)
def match_test(v):
    match v:
        case 0: return "zero"
        case [x, y]: return f"pair {x} {y}"
        case [x, *rest]: return f"seq {x} {rest}"
        case {"k": val, **others}: return f"map {val} {others}"
        case str() as s if len(s) > 2: return "long str " + s
        case int(n) | float(n): return f"num {n}"
        case _: return "other"
for v in [0, [1, 2], [1, 2, 3], {"k": 1, "z": 2}, "hello", "hi", 5, 2.5, None]:
    print(match_test(v))
class P:
    __match_args__ = ("x", "y")
    def __init__(self, x, y): self.x, self.y = x, y
match P(1, 2):
    case P(1, y=yy): print("P", yy)
def deco(f):
    def wrapper(*a, **k):
        print("calling", f.__name__)
        return f(*a, **k)
    return wrapper
@deco
def add(a, b): return a + b
print(add(1, 2))
class CM:
    def __enter__(self): print("enter"); return self
    def __exit__(self, *a): print("exit", a[0].__name__ if a[0] else None); return True
with CM() as cm:
    raise KeyError("x")
print("after with")
try:
    raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
except* ValueError as e:
    print("VE", repr(e.exceptions))
except* TypeError as e:
    print("TE", repr(e.exceptions))
x = 10
def scope():
    global x
    x += 1
scope(); print(x)
print((lambda *a, **k: (a, k))(1, b=2))
print([i for i in range(3)], [(i, j) for i in range(2) for j in "ab"])
print(f"{'nested'!r:>12}", f"{x=}", f"{3+4=}", f"{1/3:.3}")
s = {1, 2}; s.add(3); s.discard(1); print(s, frozenset([3, 1]), {1, 2} | {4}, {1, 2} & {2})
print(type(None), type(1), type(""), type([]), int, object)
print(isinstance(True, int), True + 1, 5 // 2.0, 2 ** 0.5, 10 % 3.5)
print(str(1.0), str(10**20), 1e22, 1.5e-7, 123.456, -1.0/3)
print(list(reversed([1, 2, 3])), list(zip([1, 2], "ab")), dict(a=1, b=2), list(range(10, 0, -3)))
a = [3, 1, 2]; a.sort(key=lambda v: -v); print(a)
print("abc" * 2, [0] * 3, "a,b,,c".split(","), " x ".strip(), "x".center(5, "*"), "Ab".swapcase())
