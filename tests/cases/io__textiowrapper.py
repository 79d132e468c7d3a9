# TextIOWrapper over any buffer (via _pyio), tokenize.open/linecache/traceback.format_exc, BufferedReader.
import io, sys, tokenize, traceback, linecache
t = io.TextIOWrapper(io.BytesIO("héllo\nwörld\r\nthird".encode()), encoding="utf-8")
print(t.readline(), repr(t.read()), t.encoding)
with tokenize.open(__file__) as f:
    print(f.readline().rstrip(), f.mode)
print(linecache.getline(__file__, 2).rstrip())
def f():
    raise KeyError("k")
try:
    f()
except KeyError:
    s = traceback.format_exc()
print(s.replace(__file__, "<this file>"))
w = io.TextIOWrapper(io.BytesIO(), encoding="utf-16", newline="\r\n")
w.write("a\nb")
w.flush()
print(w.buffer.getvalue())
b = io.BufferedReader(io.BytesIO(b"xyz"))
print(b.read(2), b.read())
print(io.IncrementalNewlineDecoder(None, True).decode("a\r\nb\rc"))
