# _lsprof.Profiler directly: entries, subentries, recursion, flags, timers, errors.
import _lsprof
import sys


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def gen(n):
    for i in range(n):
        yield i


def raiser():
    raise KeyError("k")


def work():
    total = sum(gen(4))
    try:
        raiser()
    except KeyError:
        pass
    items = []
    for i in range(3):
        items.append(len(str(i)))
    return fib(6) + total + len(items)


def name_of(code):
    return code if isinstance(code, str) else code.co_name


def show(p):
    rows = []
    for e in p.getstats():
        name = name_of(e.code)
        if name in ("disable", "<method 'disable' of '_lsprof.Profiler' objects>"):
            continue
        calls = sorted((name_of(s.code), s.callcount, s.reccallcount) for s in e.calls or [])
        rows.append((name, e.callcount, e.reccallcount, calls))
    for r in sorted(rows):
        print(" ", r)


print(_lsprof.__doc__, sorted(n for n in dir(_lsprof) if not n.startswith("__")))
print(_lsprof.Profiler.__doc__.splitlines()[0])
print(_lsprof.profiler_entry.n_fields, _lsprof.profiler_entry.__match_args__)
print(_lsprof.profiler_subentry.n_fields, _lsprof.profiler_subentry.__match_args__)

p = _lsprof.Profiler()
print(p.getstats())
p.enable()
print(sys.getprofile() is p)
r = work()
p.disable()
print(r, sys.getprofile())
show(p)
e = [e for e in p.getstats() if name_of(e.code) == "fib"][0]
print(type(e).__name__, type(e.totaltime).__name__, type(e.inlinetime).__name__, e.totaltime >= e.inlinetime >= 0)
print(len(e), e[0] is e.code, e.calls[0].code is e.code)

print("subcalls=False builtins=False")
p = _lsprof.Profiler(subcalls=False, builtins=False)
p.enable()
work()
p.disable()
show(p)

print("enable(builtins=0) then enable(builtins=1)")
p = _lsprof.Profiler()
p.enable(builtins=0)
len("x")
fib(2)
p.disable()
p.enable(subcalls=0, builtins=1)
len("y")
p.disable()
show(p)
p.clear()
print(p.getstats())

ticks = iter(range(0, 10**6, 10))
p = _lsprof.Profiler(lambda: next(ticks), 0.5)
p.enable()
fib(3)
p.disable()
for e in sorted(p.getstats(), key=lambda e: name_of(e.code)):
    print(name_of(e.code), e.callcount, e.totaltime, e.inlinetime)

clock = iter([x / 4 for x in range(1000)])
p = _lsprof.Profiler(lambda: next(clock))
p.enable()
fib(2)
p.disable()
for e in sorted(p.getstats(), key=lambda e: name_of(e.code)):
    print(name_of(e.code), e.callcount, e.totaltime, e.inlinetime)


class Sub(_lsprof.Profiler):
    def __init__(self):
        super().__init__(builtins=False)
        self.tag = "sub"


s = Sub()
s.enable()
fib(1)
s.disable()
print(s.tag, [name_of(e.code) for e in s.getstats()])

for args, kw in [((1, 2, 3, 4, 5), {}), ((), {"subcalls": "x"}), ((), {"timeunit": "x"}), ((), {"bogus": 1})]:
    try:
        _lsprof.Profiler(*args, **kw)
    except TypeError as exc:
        print("TypeError", exc)
try:
    _lsprof.Profiler().enable(builtins="x")
except TypeError as exc:
    print("TypeError", exc)
try:
    _lsprof.Profiler().enable(1, 2, 3)
except TypeError as exc:
    print("TypeError", exc)
