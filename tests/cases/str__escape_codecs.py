# unicode_escape, raw_unicode_escape and the bytes escape codec: encoding, decoding, error
# messages and positions, the error handlers, incremental (final=False) decoding.
import codecs

text = "a\\'\"\t\n\r\x00\x1f\x7f\x80\xe9\xff\u0100\u20ac\U0001f600\ud800\udfff ~"
for name in ["unicode_escape", "raw_unicode_escape"]:
    b = text.encode(name)
    print(name, b)
    print(b.decode(name) == text, codecs.decode(b, name) == text)
    print(getattr(codecs, name + "_encode")(text))
    print(ascii(codecs.encode(text, name).decode(name)))

bad = [b"\\", b"a\\", b"\\x4", b"\\x4g", b"\\u12", b"\\u12zz", b"\\U0011ffff", b"\\U001",
       b"\\N", b"\\Nx", b"\\N{", b"\\N{abc", b"\\N{}", b"\\N{BOGUS NAME}x", b"ok\\x41\\101\\n",
       b"\\N{LATIN SMALL LETTER A}\\N{latin small letter e with acute}\\N{EURO SIGN}",
       b"\\0\\12x\\\n\xe9\\t\\a\\b\\f\\v\\'\\\"", b"\\ud800\\uDC80abc", b"\\\\u0041", b"x\\u00e9\\U0001F600"]
for fn in ["unicode_escape_decode", "raw_unicode_escape_decode"]:
    f = getattr(codecs, fn)
    for t in bad:
        for final in (True, False):
            try:
                print(fn, t, final, ascii(f(t, "strict", final)))
            except UnicodeDecodeError as e:
                print(fn, t, final, "UnicodeDecodeError", e.encoding, e.start, e.end, e.reason)
                print("  ", e)
        for err in ["ignore", "replace", "backslashreplace", "surrogateescape"]:
            try:
                print(" ", err, ascii(f(t, err)))
            except UnicodeDecodeError as e:
                print(" ", err, "UnicodeDecodeError", e)

# str input is decoded from its UTF-8 bytes
print(ascii(codecs.unicode_escape_decode("\\xe9\u20ac")), ascii(codecs.raw_unicode_escape_decode("\\u20ac\u20ac")))

# a custom error handler sees the exception and picks where to resume
def handler(e):
    print("handler:", type(e).__name__, e.encoding, e.start, e.end, e.reason, e.object[e.start:e.end])
    return ("<%d>" % e.start, e.end)
codecs.register_error("test.escape", handler)
print(ascii(b"a\\x4gb\\N{NOPE}c\\".decode("unicode_escape", "test.escape")))
print(ascii(b"\\U00110000z".decode("raw_unicode_escape", "test.escape")))
try:
    b"\\x".decode("unicode_escape", "no-such-handler")
except LookupError as e:
    print("LookupError", e)

# incremental decoders keep an incomplete escape for the next chunk
for name in ["unicode_escape", "raw_unicode_escape"]:
    dec = codecs.getincrementaldecoder(name)()
    out = [dec.decode(bytes([x])) for x in b"a\\u20acb\\x41\\N{EURO SIGN}\\"]
    print(name, ascii(out))
    try:
        print(ascii(dec.decode(b"", final=True)))
    except UnicodeDecodeError as e:
        print("final:", e)

# argument errors
for call in [lambda: codecs.unicode_escape_encode(5), lambda: codecs.unicode_escape_decode(5),
             lambda: codecs.raw_unicode_escape_encode(), lambda: codecs.unicode_escape_decode(b"", "strict", True, 1)]:
    try:
        call()
    except TypeError as e:
        print("TypeError", e)

# the bytes escape codec (pickle protocol 0 STRING, pickletools)
print(codecs.escape_encode(b"a\\'\"\t\n\r\x00\x7f\x80\xff ~"))
for t in [b"\\x4", b"ab\\x4g", b"a\\", b"\\101\\N\\u1234\\q\\\n\xe9\\x41", "\\xe9\u20ac"]:
    for e in ["strict", "ignore", "replace", "bogus"]:
        try:
            print(t, e, codecs.escape_decode(t, e))
        except ValueError as ex:
            print(t, e, "ValueError", ex)
try:
    codecs.escape_encode("x")
except TypeError as ex:
    print("TypeError", ex)
