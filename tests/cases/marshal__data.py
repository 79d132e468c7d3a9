# marshal of data values: round trips, CPython's bytes for simple values, files, errors.
import io
import marshal

values = [
    None, True, False, Ellipsis, StopIteration, 0, 1, -1, 255, 256, 257, -5, -6,
    2**31 - 1, -2**31, 2**31, -2**31 - 1, 2**40, -2**70, 10**50, 2**15, 2**30,
    1.5, -0.0, float("inf"), 1e300, 1j, complex(1.5, -2),
    b"", b"bytes\x00\xff", "", "ascii", "é", "\u20ac" * 3, "\ud800x", "x" * 300,
    (), (1, 2), tuple(range(300)), [], [1, [2, [3]]], {}, {"a": 1, 2: (3, 4)},
    set(), {1, 2, 3}, frozenset(), frozenset({"x"}),
]
for v in values:
    data = marshal.dumps(v)
    back = marshal.loads(data)
    same = back == v or (v != v and back != back)
    print(repr(v)[:40], same, type(back).__name__)

# CPython's exact bytes where reference counts do not matter.
for v in [None, True, False, Ellipsis, StopIteration, 1, -1, 300, 2**40, -2**70, 1.5, b"ab"]:
    print(repr(v), marshal.dumps(v))
for v in [1.5, 1j, (1, "a")]:
    for version in range(5):
        print(version, marshal.loads(marshal.dumps(v, version)) == v)
print(marshal.dumps(1.5, 1), marshal.dumps(0.1, 0), marshal.dumps(1e22, 1), marshal.dumps(1e-7, 1))
print(marshal.dumps(bytearray(b"ab")), marshal.dumps(memoryview(b"cd")))
print(marshal.version)

# Shared objects are written once and referenced.
s = "shared string"
t = (s, s, [s])
back = marshal.loads(marshal.dumps(t))
print(back, back[0] is back[1] is back[2][0])
lst = [1, 2]
back = marshal.loads(marshal.dumps([lst, lst]))
print(back, back[0] is back[1])

# Files: several values one after the other.
f = io.BytesIO()
for v in [1, "two", (3,), {"four": 4.0}]:
    marshal.dump(v, f)
marshal.dump([5], f, 2)
f.seek(0)
for _ in range(5):
    print(marshal.load(f))
try:
    marshal.load(f)
except EOFError as e:
    print("EOFError", e)


def t(fn):
    try:
        print(repr(fn()))
    except Exception as e:
        print(type(e).__name__, e)


t(lambda: marshal.loads(b""))
t(lambda: marshal.loads(b"\xe9"))
t(lambda: marshal.loads(b"r\0\0\0\0"))
t(lambda: marshal.loads(b"i\1"))
t(lambda: marshal.loads(b"Q"))
t(lambda: marshal.loads(b"l\1\0\0\0\0\x80"))
t(lambda: marshal.loads(b"l\2\0\0\0\1\0\0\0"))
t(lambda: marshal.loads(b"{i\1\0\0\0"))
t(lambda: marshal.loads(b"NN"))
t(lambda: marshal.loads("str"))
t(lambda: marshal.dumps(object()))
t(lambda: marshal.dumps(type("I", (int,), {})(3)))
t(lambda: marshal.dumps([object()]))
t(lambda: marshal.dumps(1, "x"))
t(lambda: marshal.dumps())
x = []
for _ in range(3000):
    x = [x]
t(lambda: marshal.dumps(x))
t(lambda: marshal.loads(b"[\1\0\0\0" * 3000 + b"N"))
