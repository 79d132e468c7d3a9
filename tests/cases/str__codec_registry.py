# Codecs from the encodings registry (charmap tables, rot13), _codecs functions, text-encoding checks.
print("héllo €".encode("cp1252"), b"\x80\xe9".decode("cp1252"), "ab".encode("utf_16_be"))
print("é".encode("iso8859-15"), "Ω".encode("cp437", "replace"), b"\x81".decode("cp1252", "replace"))
try:
    "€".encode("cp437")
except UnicodeEncodeError as e:
    print(e)
try:
    b"\x81".decode("cp1252")
except UnicodeDecodeError as e:
    print(e)
try:
    "x".encode("nope")
except LookupError as e:
    print(e)
import codecs
print(codecs.encode("abc", "rot13"), codecs.decode(b"\xe9", "latin-1"), codecs.encode("é", "utf-16-le"))
try:
    "x".encode("rot13")
except LookupError as e:
    print(e)
print(codecs.utf_16_ex_decode(b'a\x00', 'strict', 0, True), codecs.utf_16_ex_decode(b'\xff\xfea\x00', 'strict', 0, True), codecs.utf_16_ex_decode(b'\xfe\xff\x00a', 'strict', 0, True), codecs.utf_16_ex_decode(b'\xff', 'strict', 0, False))
print(codecs.utf_16_encode('a', 'strict', -1), codecs.utf_16_encode('a', 'strict', 1), codecs.utf_16_encode('a'), codecs.utf_8_decode(b'ab\xc3', 'strict', False), codecs.utf_8_encode('\xe9'))
print(codecs.charmap_build('abc'), codecs.utf_32_ex_decode(b'\x00\x00\xfe\xff\x00\x00\x00a', 'strict', 0, True))
print(codecs.latin_1_decode(b'ab'), codecs.ascii_encode('ab'))
d = codecs.getincrementaldecoder("utf-8")()
print([d.decode(bytes([b])) for b in "é€".encode()], d.decode(b"", final=True))
d16 = codecs.getincrementaldecoder("utf-16")()
print([d16.decode(bytes([b])) for b in "hé".encode("utf-16")])
