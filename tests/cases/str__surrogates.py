# Lone surrogates: literals, chr/ord, repr/ascii, hashing, ordering, slicing, codecs, printing.
s = "a\ud800b" "\udc80"
print(len(s), repr(s), ascii(s), [hex(ord(c)) for c in s])
print(s[1] == "\ud800", s[1] == chr(0xd800), "\ud800" < "\ue000", "\ud800" > "\U00010000")
print(sorted(["\ue000", "\ud800", "\uffff", "\U00010000"]), max("\ud800", "\ue000") == "\ue000")
print(repr(f"x{s!r}y\ud83d{{}}"), repr(s.upper()), s.split("\ud800"), "\ud83d\ude00" != "😀", len("\ud83d\ude00"))
print(repr(rf"\ud800"), repr(b"\ud800"), repr("\\ud800"), repr(f"{s[1]:>3}|{s[1]!a}"))
d = {s: 1}
print(d[s[:2] + s[2:]], hash(s) == hash("a" + chr(0xd800) + "b\udc80"), s in {"a\ud800b\udc80"})
print(b"ab\xff".decode("utf-8", "surrogateescape").encode("utf-8", "surrogateescape"))
print(repr(b"ab\xff".decode("ascii", "surrogateescape")), repr(b"\xed\xa0\x80".decode("utf-8", "surrogatepass")))
print("\N{BULLET}\ud800".encode("utf-8", "surrogatepass"), repr("%c|%5s|{:c}".format(0xdfff) % (0xd800, "\udc00")))
print("\ud800".isprintable(), "\ud800".isalpha(), repr("a\ud800".translate({0xd800: "X", ord("a"): 0xdc00})))
print(repr("".join(["\ud800", "x", "\udfff"])), repr("\ud800x\ud800".replace("\ud800", "-")), "\ud800x".find("x"))
print(repr("\udc80".center(5, "*")), repr("x\udc80"[::-1]), list(map(ord, iter("\ud800\udfff"))))
import json
print(json.dumps("\ud800"), json.loads('"\\ud800"') == "\ud800", json.dumps(["\udc80"], ensure_ascii=False) == '["\udc80"]')
try:
    print(s)
except UnicodeEncodeError as e:
    print("print:", e, e.start, e.end)
try:
    "\ud800".encode()
except UnicodeEncodeError as e:
    print(type(e).__name__, e.args)
e = UnicodeDecodeError("utf-8", b"ab\xff", 2, 3, "bad")
print(str(e), e.object, e.start, e.end, e.reason, e.encoding)
e.start = 0
print(str(e))
print(str(UnicodeTranslateError("a\ud800", 1, 2, "no")), str(UnicodeEncodeError("x", "abc", 0, 3, "why")))
for bad in [(), (1, "a", 0, 1, "r"), ("e", "a", "0", 1, "r")]:
    try:
        UnicodeEncodeError(*bad)
    except TypeError as e:
        print("TypeError:", e)
import codecs
codecs.register_error("dash", lambda e: ("-" * (e.end - e.start), e.end))
print("a\ud800\udfffb".encode("ascii", "dash"), b"a\xff\xfeb".decode("utf-8", "dash"))
import re
r = "ab\udc80c\ud800"
print(ascii(re.findall("[\ud800-\udfff]", r)), ascii(re.sub("\udc80", "-", r)), ascii(re.split("c", r)))
import sys
sys.stderr.write("stderr escapes: " + s + "\n")
sys.stderr.flush()
print(s)
