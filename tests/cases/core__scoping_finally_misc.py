class K:
    items = [1, 2, 3]
    doubled = [i * 2 for i in items]
    total = sum(x for x in items)
    def m(self):
        return [self.items[i] for i in range(2)]
print(K.doubled, K.total, K().m())
def f():
    for i in range(5):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            print("body", i)
        finally:
            print("fin", i)
    return "end"
print(f())
def g():
    try:
        try:
            raise ValueError("inner")
        finally:
            print("inner finally")
    except ValueError as e:
        print("outer caught", e)
    try:
        return "from try"
    finally:
        print("finally runs")
print(g())
def gen_with():
    class C:
        def __enter__(self): print("enter"); return 1
        def __exit__(self, *a): print("exit"); return False
    with C() as c:
        yield c
        yield c + 1
print(list(gen_with()))
print("\x41\u00e9\N{GREEK SMALL LETTER ALPHA}\t|", r"raw\n", b"\x00\xff", "a" "b", len("\U0001F600"))
print(b"abc"[1], b"abc"[1:], bytes(3), bytearray(b"xy"), b"a" + b"b", b"hi".decode(), "hé".encode())
x = [[1, 2], [3, 4]]
print([y for row in x for y in row], [[c * 2 for c in row] for row in x])
def counter():
    count = 0
    def bump():
        nonlocal count
        count += 1
        return count
    return bump, lambda: count
b, get = counter(); b(); b()
print(get())
def kwonly(*, a=1, b): return a, b
print(kwonly(b=2), kwonly(a=3, b=4))
def varargs(*args, **kwargs): return args, sorted(kwargs.items())
print(varargs(1, *[2, 3], x=1, **{"y": 2}))
print(sorted("bca"), sorted([(2, "b"), (1, "z"), (2, "a")]), "".join(reversed("abc")))
a = b = c = 5; print(a, b, c)
t = 1, 2, 3; print(t, t[1:], t * 2, t + (4,), t.index(2), t.count(3))
e = None
try:
    int("x")
except ValueError as e2:
    e = e2
print(type(e).__name__, e)
print(isinstance(e, Exception), e.__class__.__mro__[:3])
print(str.upper("x"), list.__name__, int.__add__(1, 2), (1).__class__, "x".__len__())
print({**{"a": 1}, "b": 2}, [*range(3), *"ab"], (*[1], 2))
import sys as _s
print(_s.version_info[:2], _s.maxsize > 2**32, type(_s.argv))
print(round(-1.5), round(1e16), 1 if [] else 2, [] or {} or "last")
print(chr(233).upper(), "ǅ".lower(), "ﬀ".upper(), "İ".lower().encode())
global_var = 1
def shadow():
    global_var = 2
    return global_var
print(shadow(), global_var)
print(list(map(pow, [2, 3], [3, 2])), list(zip(*[(1, 2), (3, 4)])))
def fact(n): return 1 if n <= 1 else n * fact(n - 1)
print(fact(30), len(str(fact(200))))
print(float("nan") == float("nan"), float("inf") > 1e308, -float("inf"), 1e308 * 10 == float("inf"))
