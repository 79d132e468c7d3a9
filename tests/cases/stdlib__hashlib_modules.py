# The builtin hash modules themselves: names, types, constructor signatures, blake2 parameters
# and the errors of wrong uses, as CPython 3.11 words them.
import _md5, _sha1, _sha256, _sha512, _sha3, _blake2

for m in (_md5, _sha1, _sha256, _sha512, _sha3, _blake2):
    print(m.__name__, sorted(k for k in dir(m) if not k.startswith("__")))

CTORS = [_md5.md5, _sha1.sha1, _sha256.sha224, _sha256.sha256, _sha512.sha384, _sha512.sha512,
         _sha3.sha3_224, _sha3.sha3_256, _sha3.sha3_384, _sha3.sha3_512, _sha3.shake_128,
         _sha3.shake_256, _blake2.blake2b, _blake2.blake2s]
for c in CTORS:
    h = c(b"abc")
    print(type(h), type(h).__name__, type(h).__module__, h.name, h.digest_size, h.block_size)
    print(" ", sorted(k for k in dir(h) if not k.startswith("__")))
    print(" ", type(h.copy()) is type(h), repr(h).startswith("<%s.%s object at 0x" % (type(h).__module__, h.name)))
print(_md5.MD5Type, _sha1.SHA1Type, _sha256.SHA224Type, _sha256.SHA256Type, _sha512.SHA384Type)
print(_sha3.implementation, _sha3.keccakopt)
for c in CTORS[6:12]:
    h = c()
    print(h.name, h._capacity_bits, h._rate_bits, h._suffix)
print([getattr(_blake2, k) for k in sorted(dir(_blake2)) if k.isupper()])
for c in (_blake2.blake2b, _blake2.blake2s):
    print(c.MAX_DIGEST_SIZE, c.MAX_KEY_SIZE, c.PERSON_SIZE, c.SALT_SIZE)

def attempt(f):
    try:
        r = f()
    except Exception as e:
        print("  %s: %s" % (type(e).__name__, e))
    else:
        print("  ok", r.hexdigest() if hasattr(r, "hexdigest") and r.digest_size else r)

print("constructors")
for src in ["_md5.md5('a')", "_md5.md5(1)", "_md5.md5(None)", "_md5.md5(b'a', b'b')",
            "_md5.md5(data=b'a')", "_md5.md5(b'a', string=b'a')", "_md5.md5(string=b'a')",
            "_md5.md5(usedforsecurity=[])", "_sha1.sha1(b'', 1)", "_sha512.sha512(memoryview(b'abc'))",
            "_sha3.sha3_224(string=b'a')", "_sha3.sha3_224(data=b'a')", "_sha3.sha3_224(b'', b'')",
            "_sha3.sha3_256(bytearray(b'abc'))", "_sha3.shake_128(1)",
            "_blake2.blake2b(string=b'')", "_blake2.blake2b(data=b'')", "_blake2.blake2b(b'', b'')",
            "_blake2.blake2b(foo=1)", "_blake2.blake2b(None)",
            "type(_md5.md5())()", "type(_sha256.sha256())()", "_sha3.sha3_224.__new__(_sha3.sha3_224)"]:
    print(src)
    attempt(lambda: eval(src))

print("methods")
for src in ["h.update()", "h.update('x')", "h.update(1)", "h.update(b'a', b'b')", "h.update(obj=b'')",
            "h.digest(1)", "h.hexdigest(1)", "h.copy(1)", "h.digest(x=1)"]:
    for c in (_sha1.sha1, _sha256.sha224, _sha3.sha3_224, _blake2.blake2b):
        h = c()
        print(c.__name__, src)
        attempt(lambda: eval(src))
print(_md5.md5().copy(x=1).name)
for src in ["h.digest()", "h.hexdigest()", "h.digest(-1)", "h.digest(2**29)", "h.digest(2**64)",
            "h.digest('a')", "h.digest(3.0)", "h.digest(True)", "h.digest(length=3)",
            "h.hexdigest(0)", "h.copy(1)", "h.digest(-2**70)", "h.digest(2**29 - 1)[:4]"]:
    h = _sha3.shake_256(b"abc")
    print(src)
    attempt(lambda: eval(src))

class Sub:
    pass
for t in (type(_md5.md5()), _sha3.sha3_256, _blake2.blake2s):
    try:
        type("Sub", (t,), {})
    except TypeError as e:
        print("TypeError:", str(e).replace("'_", "'").split("'")[1].split(".")[-1], "not an acceptable base")

print("blake2 parameters")
blake = [
    dict(digest_size=20), dict(digest_size=1), dict(key=b"key"), dict(key=b"k" * 64),
    dict(salt=b"salt"), dict(person=b"person"), dict(salt=bytearray(b"s" * 16), person=memoryview(b"p" * 16)),
    dict(fanout=0), dict(fanout=255, depth=255), dict(leaf_size=2**32 - 1), dict(node_offset=2**48 - 1),
    dict(node_offset=2**64 - 1), dict(node_depth=255, inner_size=64), dict(last_node=True),
    dict(last_node="x"), dict(usedforsecurity=False),
    dict(digest_size=32, key=b"secret", salt=b"s", person=b"p", fanout=2, depth=2, leaf_size=4096,
         node_offset=1, node_depth=1, inner_size=32, last_node=True),
]
for kw in blake:
    for c in (_blake2.blake2b, _blake2.blake2s):
        print(c.__name__, sorted(kw))
        attempt(lambda: c(b"The data" * 40, **kw))
bad = [
    dict(digest_size=0), dict(digest_size=65), dict(digest_size=33), dict(key=b"x" * 65), dict(key=b"x" * 33),
    dict(salt=b"x" * 17), dict(salt=b"x" * 9), dict(person=b"x" * 17), dict(fanout=-1), dict(fanout=256),
    dict(depth=0), dict(depth=256), dict(leaf_size=-1), dict(leaf_size=2**32), dict(node_offset=-1),
    dict(node_offset=2**48), dict(node_offset=2**64), dict(node_depth=-1), dict(node_depth=256),
    dict(inner_size=65), dict(inner_size=-1), dict(key="a"), dict(salt=1), dict(digest_size="a"),
    dict(digest_size=1.5), dict(fanout=2**70), dict(leaf_size=2**70), dict(leaf_size="a"),
    dict(node_offset=1.0), dict(digest_size=2**70), dict(digest_size=0, salt=b"x" * 20),
    dict(salt=b"x" * 20, person=b"y" * 20, fanout=300), dict(fanout=300, depth=0, key=b"x" * 100),
    dict(depth=0, leaf_size=-1), dict(leaf_size=2**33, node_offset=-1), dict(inner_size=100, key=b"x" * 100),
    dict(node_depth=300, inner_size=100), dict(key="x", digest_size="a"),
]
for kw in bad:
    for c in (_blake2.blake2b, _blake2.blake2s):
        print(c.__name__, kw if len(repr(kw)) < 60 else sorted(kw))
        attempt(lambda: c(**kw))
print(_blake2.blake2b("s", digest_size=0) if False else "")
attempt(lambda: _blake2.blake2b("text", digest_size=0))
attempt(lambda: _blake2.blake2b("text"))
