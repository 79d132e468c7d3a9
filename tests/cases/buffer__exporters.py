# Every consumer of a bytes-like object accepts every exporter of the buffer protocol:
# bytes, bytearray, memoryview (sliced, cast), array.array, mmap.mmap.
import array
import base64
import binascii
import codecs
import hashlib
import io
import mmap
import os
import re
import socket
import struct
import tempfile
import zlib


def show(label, f):
    try:
        print(label, "->", repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)


mm = mmap.mmap(-1, 6)
mm.write(b'mmdata')
sources = {
    'array h': array.array('h', [1, 2, 3]),
    'array d': array.array('d', [0.5]),
    'mmap': mm,
    'memoryview': memoryview(b'abcdef'),
    'mv slice': memoryview(b'abcdef')[1:4],
    'mv one-step': memoryview(b'abcdef')[::6],
    'mv cast i': memoryview(bytearray(b'wxyz')).cast('i'),
    'mv 2d': memoryview(b'abcdef').cast('B', (2, 3)),
    'bytearray': bytearray(b'xy'),
}
for name, x in sources.items():
    print('--', name)
    show('bytes', lambda: bytes(x))
    show('bytearray', lambda: bytearray(x))
    show('join', lambda: b'-'.join([x, x]))
    show('bytearray join', lambda: bytearray(b'-').join([x, b'q']))
    show('add', lambda: b'<' + x)
    show('bytearray add', lambda: bytearray(b'<') + x)
    show('iadd', lambda: (lambda y: (y.__iadd__(x), y)[1])(bytearray(b'z')))
    show('extend', lambda: (lambda y: (y.extend(x), y)[1])(bytearray()))
    show('BytesIO', lambda: io.BytesIO(x).getvalue())
    show('BytesIO.write', lambda: (lambda f: (f.write(x), f.getvalue()))(io.BytesIO()))
    show('md5', lambda: hashlib.md5(x).hexdigest())
    show('sha256 update', lambda: (lambda h: (h.update(x), h.hexdigest()[:16])[1])(hashlib.sha256()))
    show('crc32', lambda: zlib.crc32(x))
    show('adler32', lambda: zlib.adler32(x))
    show('zlib roundtrip', lambda: zlib.decompress(zlib.compress(x)))
    show('from_bytes', lambda: int.from_bytes(x, 'little'))
    show('frombytes', lambda: (lambda y: (y.frombytes(x), y)[1])(array.array('B')))
    show('unpack_from', lambda: struct.unpack_from('2B', x, 1))
    show('hexlify', lambda: binascii.hexlify(x))
    show('b64encode', lambda: base64.b64encode(x))
    show('find', lambda: b'xxabcdefxx'.find(x))
    show('in', lambda: x in b'xxabcdefxx')
    show('startswith', lambda: b'abcdef'.startswith(x))
    show('latin-1', lambda: codecs.decode(x, 'latin-1'))
    show('str', lambda: str(x, 'latin-1'))
    show('re', lambda: re.match(b'.', x) is not None)
    show('mv ==', lambda: memoryview(x) == x)

a = array.array('h', [0, 0, 0])
show('pack_into array', lambda: (struct.pack_into('<h', a, 2, 300), a)[1])
show('pack_into mmap', lambda: (struct.pack_into('2s', mm, 0, b'ZZ'), mm[:])[1])
show('pack_into mv', lambda: (lambda b: (struct.pack_into('>I', memoryview(b)[4:], 0, 1), b)[1])(bytearray(8)))
show('pack_into 2d', lambda: (lambda b: (struct.pack_into('>H', memoryview(b).cast('B', (2, 2)), 1, 258), b)[1])(bytearray(4)))
show('Struct.pack_into', lambda: (lambda b: (struct.Struct('<i').pack_into(b, 0, -1), b)[1])(array.array('B', [0] * 4)))
show('unpack array', lambda: struct.unpack('<2h', array.array('h', [7, -7])))
show('iter_unpack mmap', lambda: list(struct.iter_unpack('3s', mm)))

buf = bytearray(6)
show('BytesIO.readinto mv', lambda: (io.BytesIO(b'hello').readinto(memoryview(buf)[2:]), buf))
show('BytesIO.readinto array', lambda: (lambda y: (io.BytesIO(b'\x01\x00\x02\x00').readinto(y), y))(array.array('h', [0, 0, 0])))
show('BytesIO.readinto mmap', lambda: (io.BytesIO(b'HELLO!').readinto(mm), mm[:]))

with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, 'data.bin')
    with open(path, 'wb') as f:
        print(f.write(array.array('i', [7, 8])), f.write(mm), f.write(memoryview(b'xyz')[1:]),
              f.write(memoryview(b'ab').cast('B', (1, 2))))
    with open(path, 'rb') as f:
        big = bytearray(20)
        print(f.readinto(memoryview(big)[2:]), bytes(big))
    with open(path, 'rb') as f:
        ai = array.array('i', [0, 0])
        print(f.readinto(ai), ai)
        print(f.readinto(mm), mm[:])
        print(f.readinto(memoryview(bytearray(4)).cast('B', (2, 2))))
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC)
    print(os.write(fd, array.array('B', b'raw')), os.write(fd, memoryview(b'!?')[::1]))
    os.close(fd)
    with open(path, 'rb') as f:
        print(f.read())

s1, s2 = socket.socketpair()
print(s1.send(array.array('b', [65, 66])), s1.send(memoryview(b'CDEF')[1:3]), s1.sendall(mm))
rb = bytearray(10)
print(s2.recv_into(memoryview(rb)[1:]), rb)
ra = array.array('B', [0] * 4)
s1.send(b'wxyz')
print(s2.recv_into(ra), ra)
s1.close()
s2.close()

# an mmap seen through a memoryview is the mapping itself
m2 = mmap.mmap(-1, 4)
v = memoryview(m2)
v[0] = 0x41
v[1:3] = b'BC'
print(m2[:], v.readonly, v.format, v.obj is m2, bytes(v[::-1]))
m2[3] = 0x44
print(v.tobytes())
v.release()
m2.close()

# more bytes methods and formatting with exporters as arguments
ab = array.array('B', b'bc')
mb = memoryview(b'bc')
show('%b', lambda: (b'%b' % mb, b'%b' % ab, b'%s' % memoryview(b'abc')[::2], b'[%b]' % mmap.mmap(-1, 2)))
show('replace', lambda: b'abcd'.replace(mb, ab))
show('split', lambda: b'abcd'.split(ab))
show('count index', lambda: (b'abcbc'.count(mb), b'abcbc'.index(ab), bytearray(b'abcd').find(mb)))
show('strip', lambda: b'bcabc'.strip(ab))
show('maketrans', lambda: bytes.maketrans(ab, mb))
show('translate delete', lambda: b'abc'.translate(None, ab))
show('join generator', lambda: b','.join(array.array('B', [x]) for x in b'xyz'))
show('partition', lambda: [type(p).__name__ for p in b'abcd'.partition(mb)])
show('rpartition', lambda: [type(p).__name__ for p in b'abcd'.rpartition(ab)])
show('bytearray partition', lambda: [type(p).__name__ for p in bytearray(b'abcd').partition(mb)])
show('setslice', lambda: (lambda y: (y.__setitem__(slice(0, 1), array.array('h', [1])), y)[1])(bytearray(b'abc')))
show('setslice strided', lambda: (lambda y: (y.__setitem__(slice(0, 1), memoryview(b'xyz')[::2]), y)[1])(bytearray(b'abc')))
show('float int', lambda: (float(array.array('B', b'2.5')), int(array.array('B', b'25')), int(memoryview(b'7'))))
show('array from exporters', lambda: (array.array('B', mb), array.array('h', array.array('b', [1, 2])).tolist()))
show('mmap with exporters', lambda: (lambda m: (m.write(array.array('B', b'he')), m.__setitem__(slice(2, 4), memoryview(b'll')), m.find(memoryview(b'l')), m[:])[1:])(mmap.mmap(-1, 5)))
show('pickle memoryview', lambda: __import__('pickle').dumps(mb))
show('copy memoryview', lambda: __import__('copy').copy(mb))
show('bytes encoding', lambda: bytes(mb, 'ascii'))
show('bytes errors', lambda: bytes(ab, errors='strict'))
show('bytearray encoding', lambda: bytearray(ab, 'ascii'))
