# struct (lib/_struct.py): every format, native alignment and standard sizes, range and type errors with CPython's texts, half/single floats, pack_into/unpack_from/iter_unpack; base64 and pickle on top.
import struct
tests = [('h', 40000), ('b', 200), ('B', -1), ('i', 1.5), ('I', -1), ('q', 2**64), ('c', b'ab'), ('c', 1), ('?', []), ('e', 1e10), ('f', 1e300), ('s', 1), ('p', 'x'), ('x', 1), ('n', 'a')]
for f, v in tests:
    try: print(f, struct.pack(f, v))
    except Exception as e: print(f, type(e).__name__, e)
for fmt in ['3', 'z', '<n', '2', 'i i', '@x']:
    try: print(fmt, struct.calcsize(fmt))
    except Exception as e: print(fmt, type(e).__name__, e)
for call in [lambda: struct.unpack('i', b'abc'), lambda: struct.pack('ii', 1), lambda: list(struct.iter_unpack('i', b'abcde')),
             lambda: struct.unpack_from('i', b'abc', 1), lambda: struct.pack_into('i', bytearray(2), 0, 1)]:
    try: call()
    except Exception as e: print(type(e).__name__, e)
print(struct.calcsize('@bhiqd'), struct.calcsize('=bhiqd'), struct.calcsize('@c3sP?'), struct.pack('>h2sxp', 1, b'ab', b'z'), struct.pack('5p', b'hello world'))
print(struct.Struct('<i').size, struct.Struct(b'>h').format)
print(struct.unpack('<e', b'\x00\x3c'), struct.pack('<e', 0.1), struct.pack('>f', 3.14), struct.pack('<d', -0.0))
for f, v in [('<h', 40000), ('<b', 200), ('<B', -1), ('<i', 2**40), ('<I', -1), ('<q', 2**64), ('<Q', -1), ('>f', 1e300), ('<e', 1e10), ('<i', 'x'), ('<d', 'x'), ('<?', 2), ('<H', 70000), ('<l', 2**40), ('<L', 2**40), ('@l', 2**70), ('@L', -1), ('@Q', -1), ('@H', -1), ('@I', 2**33)]:
    try: print(f, struct.pack(f, v))
    except Exception as e: print(f, type(e).__name__, e)
class I:
    def __index__(self): return 7
print(struct.pack('<i', I()), struct.pack('<d', 1), struct.unpack('<?', b'\x02'), struct.pack('<q', True))
try: struct.pack('<d', I())
except Exception as e: print(type(e).__name__, e)
print(struct.unpack('>3s2p', b'abc\x01z'), struct.calcsize('0s'), struct.pack('0s', b''), struct.unpack('>2i', struct.pack('>2i', -1, 2)))
print(struct.calcsize('@ci'), struct.calcsize('@ic'), struct.calcsize('@qc'), struct.calcsize('@cq'), struct.calcsize('@cd'), struct.calcsize('@c?e'), struct.calcsize('@c0i'))
vals = [0.0, -0.0, 1.5, 65504.0, 65520.0, 6.1e-5, 5.96e-8, 2.98e-8, 1e-9, 0.333333, float('inf'), -float('inf'), 1e38, 3.4028235e38, 123456.789]
for v in vals:
    for f in ('<e', '>f', '<d', '@f'):
        try:
            b = struct.pack(f, v)
            print(f, v, b, struct.unpack(f, b))
        except OverflowError as e:
            print(f, v, "OverflowError", e)
print(struct.pack('<e', float('nan')), struct.unpack('<e', b'\x00\x7e'))
b = bytearray(10)
struct.pack_into('<hi', b, 2, 5, -1)
print(b, struct.unpack_from('<hi', b, 2), struct.unpack_from('<hi', b, offset=-8), list(struct.iter_unpack('<h', b'\x01\x00\x02\x00')))
s = struct.Struct('<qd')
print(s.unpack(s.pack(-2**63, 2.5)), s.size, struct.pack('!I', 0xdeadbeef), struct.pack('N', 5)[:1], struct.pack('@?', 3))
import base64, pickle
print(base64.b64encode(b'hello'), base64.b32encode(b'ab'), base64.a85encode(b'hi'), base64.b85encode(b'hi'))
print(pickle.loads(pickle.dumps({"a": [1, 2.5, (3, "x")], "b": {1, 2}, "c": None, 10**30: b"z"})))
