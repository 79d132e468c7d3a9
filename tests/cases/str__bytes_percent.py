print(b"%d-%s" % (5, b"x"), bytearray(b"%x|%5b|%-4c|%c") % (255, b"ab", 65, b"z"))
print(b"%r %a %.2s" % ("h\xe9", b"q", b"xyz"), b"%(k)s %%" % {b"k": b"v"})
class B:
    def __bytes__(self): return b"BB"
print(b"%s" % B(), b"%05.1f %+d %#o %e" % (3.14159, 4, 8, 1e10))
for bad in [lambda: b"%s" % 3, lambda: b"%c" % 256, lambda: b"%c" % "x", lambda: b"%d" % (1, 2), lambda: b"%z" % 1, lambda: b"%d" % "s", lambda: b"%(k)s" % (1,), lambda: b"%s" % "str"]:
    try: print(bad())
    except Exception as e: print(type(e).__name__, e)
print(b"%s" % b"only", b"x" % {}, "%s" % b"q")
