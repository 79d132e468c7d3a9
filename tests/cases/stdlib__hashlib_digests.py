# Digests of every algorithm through hashlib (values only: CPython's hashlib may use OpenSSL,
# pyrite's uses the builtin modules), incremental updates, copies and every bytes-like input.
import hashlib

DATA = [b"", b"abc", b"a" * 55, b"a" * 56, b"a" * 63, b"a" * 64, b"a" * 127, b"a" * 128,
        b"a" * 129, bytes(range(256)) * 5]
ALGOS = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512",
         "sha3_224", "sha3_256", "sha3_384", "sha3_512", "blake2b", "blake2s"]

for name in ALGOS:
    ctor = getattr(hashlib, name)
    for d in DATA:
        a = ctor(d).hexdigest()
        b = hashlib.new(name, d).hexdigest()
        assert a == b, name
        print(name, len(d), a)
    h = ctor()
    for piece in (b"x" * 7, bytearray(b"y" * 100), memoryview(b"z" * 300)[5:200], b"", b"q" * 1000):
        h.update(piece)
    c = h.copy()
    h.update(b"more")
    print(name, "pieces", c.hexdigest(), h.hexdigest() != c.hexdigest())
    print(name, h.name, h.digest_size, h.block_size, len(h.digest()), h.digest().hex() == h.hexdigest())
    print(name, ctor(string=b"abc").hexdigest() == ctor(b"abc").hexdigest() if name[:4] not in ("sha3", "blak") else "-")
    print(name, ctor(b"abc", usedforsecurity=False).hexdigest() == ctor(b"abc").hexdigest())

for name in ("shake_128", "shake_256"):
    ctor = getattr(hashlib, name)
    for d in DATA:
        for n in (0, 1, 16, 32, 200, 1000):
            print(name, len(d), n, ctor(d).hexdigest(n)[:80])
    h = ctor(b"abc")
    print(h.name, h.digest_size, h.block_size, h.digest(10) == h.copy().digest(10))
    print(h.digest(5) == h.digest(20)[:5])

# digest() does not disturb the running state.
h = hashlib.sha256(b"part one, ")
first = h.hexdigest()
h.update(b"part two")
print(first, h.hexdigest() == hashlib.sha256(b"part one, part two").hexdigest())

print(sorted(hashlib.algorithms_guaranteed))
print(hashlib.new("SHA256", b"x").hexdigest() == hashlib.sha256(b"x").hexdigest())
print(hashlib.new("sha512", data=b"x").hexdigest()[:20])

import io
print(hashlib.file_digest(io.BytesIO(b"file contents" * 1000), "sha1").hexdigest())
for bad in (lambda: hashlib.md5("text"), lambda: hashlib.sha3_256("text"), lambda: hashlib.blake2s("t"),
            lambda: hashlib.sha1().update("text"), lambda: hashlib.new("nope")):
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
