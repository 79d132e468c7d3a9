# memoryview.cast() encodes its format to ASCII first (UnicodeEncodeError for other characters).
for f in ("é", "\ud800", "B\xff", "@é", "\x00", "BB", "@B"):
    try:
        print(repr(f), memoryview(b'a').cast(f).format)
    except Exception as e:
        print(repr(f), type(e).__name__, e)
try:
    memoryview(b'ab')[::2].cast('é')
except Exception as e:
    print(type(e).__name__, e)
