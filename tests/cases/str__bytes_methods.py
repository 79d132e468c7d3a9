b = b"  Hello World  "
print(b.strip(), b.lower(), b.upper(), b.split(), b.strip().split(b" "), b.replace(b"l", b"L", 2), b.find(b"o"), b.rfind(b"o"), b.count(b"l"))
print(b"a,b,,c".split(b","), b"a b  c".rsplit(None, 1), b"-".join([b"x", b"y"]), b"abc".startswith((b"x", b"a")), b"abc".endswith(b"bc"))
print(b"ab".center(6, b"*"), b"ab".ljust(4), b"ab".rjust(4, b"0"), b"\x00\xff".hex(), bytes.fromhex("de ad"), b"x".hex(":"), b"a1".isalnum(), b"12".isdigit())
print(b"k=v".partition(b"="), b"a.b.c".rpartition(b"."), b"l1\nl2\r\nl3".splitlines(), b"l1\n".splitlines(True), 98 in b"abc", b"bc" in b"abc")
ba = bytearray(b"abc"); ba.append(100); ba.extend(b"ef"); ba[0] = 65; ba.insert(1, 66); print(ba, ba.pop(), ba.copy(), bytearray.fromhex("41"))
ba += b"!"; ba[1:3] = b"XY"; print(ba, len(ba), ba.upper(), ba < b"z", b"ab" * 3, 2 * b"c")
try:
    b"abc".index(b"z")
except ValueError as e:
    print(e)
