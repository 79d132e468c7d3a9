for b in [b"hello world", b"HELLO wORLD", b"", b"a1b2 c3", b"\xe9t\xe9 x", b"Hello World", b"Hello world"]:
    for v in (b, bytearray(b)):
        print(v.capitalize(), v.title(), v.istitle(), v.zfill(14))
print(b"a\tbc\td\n\tx".expandtabs(), b"a\tb".expandtabs(4), bytearray(b"\t\r\tz").expandtabs(tabsize=3), b"a\tb".expandtabs(0))
print(b"-42".zfill(6), b"+7".zfill(4), bytearray(b"-").zfill(3), b"abc".zfill(2))
print(b"prefix-body".removeprefix(b"prefix-"), b"body".removeprefix(b"x"), bytearray(b"body.py").removesuffix(b".py"))
print(b"abc".removesuffix(memoryview(b"c")), b"abc".removeprefix(b""))
try:
    b"abc".removeprefix("a")
except TypeError as e:
    print(e)
print(b"xyz".__bytes__(), type(bytearray(b"ab").title()), bytearray(b"").__alloc__())
print(b"xy".__getnewargs__(), "st".__getnewargs__(), (1, 2).__getnewargs__(), 2.5.__getnewargs__(), (1 + 2j).__getnewargs__(), (7).__getnewargs__())
print(float.__getformat__("double"), (3j).__complex__(), (5).__rdivmod__(17), (2.5).__rdivmod__(7), (5).__rdivmod__(1.5))
try:
    float.__getformat__("x")
except ValueError as e:
    print(e)
for op in ("1j // 1", "1j % 2", "divmod(1j, 1)"):
    try:
        eval(op)
    except TypeError as e:
        print(e)
