# File names that are not UTF-8: listdir/scandir give surrogateescape'd str that open, stat,
# fsencode and remove round-trip exactly; bytes paths work too.
import os

d = "/tmp/pyrite_case_fs_%d" % os.getpid()
os.mkdir(d)
try:
    with open(os.fsencode(d) + b"/n\xffame", "w") as f:
        f.write("hi")
    names = os.listdir(d)
    print(ascii(names), os.listdir(os.fsencode(d)))
    for n in names:
        p = os.path.join(d, n)
        with open(p) as f:
            print(ascii(n), f.read(), os.fsencode(n), os.path.exists(p), os.stat(p).st_size)
    print([ascii(e.name) for e in os.scandir(d)])
    print(ascii(os.fsdecode(b"\xff")), os.fsencode("\udcff"))
    try:
        open(d + "/\ud800")
    except UnicodeEncodeError as e:
        print(type(e).__name__, e.reason)
    for n in names:
        os.remove(os.path.join(d, n))
finally:
    os.rmdir(d)
print(os.path.exists(d))
