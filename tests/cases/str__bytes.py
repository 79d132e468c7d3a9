b = b"hello world"
print(b, b[0], b[:5], b[-1:], list(b[:3]))
print(b.upper(), b.split(), b.replace(b"o", b"0"), b.find(b"wor"), b.count(b"l"))
print(bytes([72, 105]), bytes(3), bytes("é", "utf-8"), bytes.fromhex("de ad be ef"))
print(b"\x00\xff".hex(), b"abc".hex("-"), len(b"\xe2\x82\xac"), b"\xe2\x82\xac".decode())
ba = bytearray(b"abc")
ba.append(100)
ba[0] = 65
ba.extend(b"ef")
print(ba, bytes(ba), ba.decode(), len(ba))
print(b"a" + b"b", b"ab" * 3, b"x" in b"xyz", 120 in b"xyz")
print(repr(b"'"), repr(b'"'), repr(b"\t\n\\"), b"%d-%s" % (5, b"x"))
print(b"abc" < b"abd", b"a,b".split(b","), b" x ".strip(), b"AbC".lower(), b"abc".startswith(b"ab"))
try:
    b"abc" + "def"
except TypeError as e:
    print(e)
try:
    b"\xff".decode("utf-8")
except UnicodeDecodeError as e:
    print(e)
print(b"\xff".decode("utf-8", "replace"), b"\xff".decode("latin-1"), "é".encode("ascii", "ignore"))
print(int.from_bytes(b"\x01\x00", "big"), (258).to_bytes(2, "little"), memoryview(b"ab")[1])
