s = "The quick brown fox"
print(s.title(), s.count("o"), s.rfind("o"), s.partition(" "), s.rsplit(" ", 1), s.zfill(25))
print("a\tb".expandtabs(4), "x,y".split(","), "  pad  ".lstrip(), "abc".encode(), "é".encode("utf-8"))
print("{:,}".format(1234567), "{:08.3f}".format(-3.14159), "{:+d}".format(5), "{:x}".format(255), "{:e}".format(12345.678))
print("%05d|%-5s|%x|%o|%e|%g|%c" % (42, "ab", 255, 8, 1234.5, 0.00001234, 65))
print(repr("tab\there"), repr("quote'"), repr("nl\n"), ascii("é"), str(123), "ß".upper(), "Straße".casefold())
print("abc"[-1], "abc"[::2], "hello world".capitalize(), "a-b-c".replace("-", "+", 1), ",".join(map(str, range(4))))
print(f"{'left':<8}|{'right':>8}|{'mid':^8}|", f"{12.5:>10.2f}", f"{255:#x} {255:#o} {5:#b}", f"{1e20:g}")
