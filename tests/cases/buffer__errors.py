# Common misuse of buffers and memoryviews, with CPython's exceptions and messages.
import array
import hashlib
import io
import mmap
import struct
import zlib


def show(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "->", type(e).__name__, e)
        return
    if isinstance(r, memoryview):
        r = ("view", r.format, r.shape, r.tolist())
    print(label, "->", repr(r))


# constructing
show("str", lambda: memoryview('abc'))
show("int", lambda: memoryview(1))
show("list", lambda: memoryview([1, 2]))
show("none", lambda: memoryview())
show("two", lambda: memoryview(b'a', b'b'))
show("keyword", lambda: memoryview(object=b'ab'))
show("bad keyword", lambda: memoryview(obj=b'ab'))

# exports block resizing
ba = bytearray(b'abc')
v = memoryview(ba)
for label, f in [("append", lambda: ba.append(1)), ("extend", lambda: ba.extend(b'x')),
                 ("iadd", lambda: ba.__iadd__(b'x')), ("pop", lambda: ba.pop()),
                 ("del", lambda: ba.__delitem__(0)), ("clear", lambda: ba.clear()),
                 ("slice grow", lambda: ba.__setitem__(slice(0, 1), b'xy'))]:
    show("bytearray " + label, f)
ba[0:1] = b'Z'
print(ba, v.tolist())
v.release()
ba.append(100)
print(ba)

a = array.array('i', [1, 2, 3])
va = memoryview(a)
for label, f in [("append", lambda: a.append(4)), ("extend", lambda: a.extend([4])),
                 ("extend array", lambda: a.extend(array.array('i', [4]))),
                 ("extend empty", lambda: a.extend(array.array('i'))), ("insert", lambda: a.insert(0, 1)),
                 ("pop", lambda: a.pop()), ("remove", lambda: a.remove(2)), ("del", lambda: a.__delitem__(0)),
                 ("del slice", lambda: a.__delitem__(slice(0, 2))), ("del empty slice", lambda: a.__delitem__(slice(0, 0))),
                 ("imul", lambda: a.__imul__(2)), ("imul 1", lambda: a.__imul__(1)), ("iadd", lambda: a.__iadd__(a)),
                 ("frombytes", lambda: a.frombytes(b'1234')), ("frombytes empty", lambda: a.frombytes(b'')),
                 ("fromlist", lambda: a.fromlist([5])), ("fromlist empty", lambda: a.fromlist([])),
                 ("slice same size", lambda: a.__setitem__(slice(0, 1), array.array('i', [9]))),
                 ("slice grow", lambda: a.__setitem__(slice(0, 1), array.array('i', [9, 9]))),
                 ("append bad", lambda: a.append('x'))]:
    show("array " + label, f)
print(a, va.tolist())
with va:
    pass
a.append(4)
print(a)
ua = array.array('u', 'ab')
uv = memoryview(ua)
show("array fromunicode", lambda: ua.fromunicode('c'))
show("array fromunicode empty", lambda: ua.fromunicode(''))
uv.release()

m = mmap.mmap(-1, 8)
mv = memoryview(m)
show("mmap close", lambda: m.close())
show("mmap resize", lambda: m.resize(16))
show("mmap exit", lambda: m.__exit__(None, None, None))
print(m.closed)
mv.release()
m.close()
show("closed mmap", lambda: memoryview(m))
show("closed mmap bytes", lambda: bytes(m))
ro = mmap.mmap(-1, 4, access=mmap.ACCESS_READ)
rv = memoryview(ro)
show("readonly mmap view", lambda: (rv.readonly, rv.__setitem__(0, 1)))
rv.release()

# released views
r = memoryview(b'abc')
r.release()
r.release()
for name in ['tolist', 'tobytes', 'hex', 'toreadonly', '__len__', '__enter__']:
    show("released " + name, lambda: getattr(r, name)())
for name in ['format', 'itemsize', 'nbytes', 'ndim', 'shape', 'strides', 'readonly', 'obj',
             'c_contiguous', 'f_contiguous', 'contiguous', 'suboffsets']:
    show("released ." + name, lambda: getattr(r, name))
show("released [0]", lambda: r[0])
show("released [0]=", lambda: r.__setitem__(0, 1))
show("released cast", lambda: r.cast('B'))
show("released iter", lambda: list(r))
show("released hash", lambda: hash(r))
show("released memoryview", lambda: memoryview(r))
show("released bytes", lambda: bytes(r))
show("released bytearray", lambda: bytearray(r))
show("released join", lambda: b''.join([r]))
show("released add", lambda: b'' + r)
show("released md5", lambda: hashlib.md5(r))
show("released crc32", lambda: zlib.crc32(r))
show("released BytesIO", lambda: io.BytesIO(r))
show("released extend", lambda: bytearray().extend(r))
show("released float", lambda: float(r))
show("released eq", lambda: (r == r, r == b'abc'))

# strided views are not contiguous buffers
s = memoryview(b'abcdef')[::2]
show("strided bytes", lambda: bytes(s))
show("strided join", lambda: b''.join([s]))
show("strided add", lambda: b'' + s)
show("strided md5", lambda: hashlib.md5(s))
show("strided crc32", lambda: zlib.crc32(s))
show("strided BytesIO", lambda: io.BytesIO(s))
show("strided write", lambda: io.BytesIO().write(s))
show("strided from_bytes", lambda: int.from_bytes(s, 'big'))
show("strided frombytes", lambda: array.array('B').frombytes(s))
show("strided extend", lambda: bytearray().extend(s))
show("strided str", lambda: str(s, 'ascii'))
show("strided find", lambda: b'abc'.find(s))
show("strided unpack", lambda: struct.unpack('3s', s))
show("strided cast", lambda: s.cast('B'))
show("contiguous float", lambda: float(memoryview(b'1.5x')[:3]))
show("strided float", lambda: float(memoryview(b'1x5')[::2]))
show("strided readinto", lambda: io.BytesIO(b'abc').readinto(memoryview(bytearray(4))[::2]))
show("strided pack_into", lambda: struct.pack_into('B', memoryview(bytearray(4))[::2], 0, 1))

# read-only targets
show("setitem bytes", lambda: memoryview(b'ab').__setitem__(0, 1))
show("setitem toreadonly", lambda: memoryview(bytearray(b'ab')).toreadonly().__setitem__(0, 1))
show("readinto bytes", lambda: io.BytesIO(b'x').readinto(b'abc'))
show("pack_into bytes", lambda: struct.pack_into('B', b'abc', 0, 1))
show("pack_into str", lambda: struct.pack_into('B', 'abc', 0, 1))
show("pack_into too small", lambda: struct.pack_into('>I', array.array('b', [0]), 0, 1))
show("delete", lambda: memoryview(bytearray(b'ab')).__delitem__(0))
show("delete readonly", lambda: memoryview(b'ab').__delitem__(0))

# indexing
w = memoryview(bytearray(range(8)))
show("index high", lambda: w[8])
show("index low", lambda: w[-9])
show("index str", lambda: w['a'])
show("index float", lambda: w[1.5])
show("index ellipsis", lambda: w[...])
show("index empty tuple", lambda: w[()])
show("index tuple 1d", lambda: w[0, 0])
show("index huge", lambda: w[2 ** 70])
show("index slice tuple", lambda: w[0:1, 0:1])
w2 = w.cast('B', (2, 4))
show("2d int", lambda: w2[0])
show("2d tuple short", lambda: w2[(0,)])
show("2d tuple long", lambda: w2[0, 1, 2])
show("2d tuple oob", lambda: w2[2, 0])
show("2d tuple oob dim2", lambda: w2[0, -5])
show("2d mixed", lambda: w2[0:1, 1])
show("2d multislice", lambda: w2[0:1, 0:1])
show("2d set int", lambda: w2.__setitem__(0, 1))
show("2d set slice", lambda: w2.__setitem__(slice(0, 1), b'abcd'))
show("2d iter", lambda: list(w2))
z = memoryview(b'a').cast('B', [])
show("0d index", lambda: z[0])
show("0d slice", lambda: z[0:1])
show("0d iter", lambda: list(z))

# item values
show("B 256", lambda: w.__setitem__(0, 256))
show("B -1", lambda: w.__setitem__(0, -1))
show("B str", lambda: w.__setitem__(0, 'a'))
show("B float", lambda: w.__setitem__(0, 1.0))
show("B huge", lambda: w.__setitem__(0, 2 ** 70))
show("B bool", lambda: (w.__setitem__(0, True), w[0]))
show("c long", lambda: w.cast('c').__setitem__(0, b'ab'))
show("c int", lambda: w.cast('c').__setitem__(0, 5))
show("? list", lambda: (w.cast('?').__setitem__(0, []), w[0]))
show("f str", lambda: w.cast('f').__setitem__(0, 'x'))
show("d huge", lambda: w.cast('d').__setitem__(0, 2 ** 2000))
show("q overflow", lambda: w.cast('q').__setitem__(0, 2 ** 63))
show("Q max", lambda: (w.cast('Q').__setitem__(0, 2 ** 64 - 1), w.cast('Q')[0]))
show("h float", lambda: w.cast('h').__setitem__(0, 1.0))
show("u items", lambda: memoryview(array.array('u', 'ab')).tolist())
show("u index", lambda: memoryview(array.array('u', 'ab'))[0])
show("u iter", lambda: list(memoryview(array.array('u', 'ab'))))

# slice assignment structure
show("slice size", lambda: w.__setitem__(slice(0, 2), b'abc'))
show("slice str", lambda: w.__setitem__(slice(0, 2), 'ab'))
show("slice list", lambda: w.__setitem__(slice(0, 2), [1, 2]))
show("slice format", lambda: w.__setitem__(slice(0, 2), array.array('b', [1, 2])))
show("slice itemsize", lambda: w.__setitem__(slice(0, 4), array.array('i', [1])))
show("slice 2d source", lambda: w.__setitem__(slice(0, 4), memoryview(b'abcd').cast('B', (2, 2))))
show("slice ellipsis", lambda: w.__setitem__(Ellipsis, 1))

# casts
c = memoryview(bytearray(12))
show("cast fmt", lambda: c.cast('x'))
show("cast <i", lambda: c.cast('<i'))
show("cast ii", lambda: c.cast('ii'))
show("cast e", lambda: c.cast('e'))
show("cast int", lambda: c.cast(1))
show("cast kw", lambda: c.cast(format='i', shape=[3]).tolist())
show("cast two non-byte", lambda: c.cast('i').cast('h'))
show("cast itemsize", lambda: c.cast('d'))
show("cast strided", lambda: c[::2].cast('B'))
show("cast shape int", lambda: c.cast('i', 3))
show("cast shape zero", lambda: c.cast('i', [0, 3]))
show("cast shape neg", lambda: c.cast('i', [-1, 3]))
show("cast shape str", lambda: c.cast('i', ['a']))
show("cast shape float", lambda: c.cast('i', [3.0]))
show("cast shape product", lambda: c.cast('i', [2, 3]))
show("cast shape empty", lambda: c.cast('B', []))
show("cast too many dims", lambda: c.cast('B', [1] * 65))
show("cast nd to nd", lambda: c.cast('B', [3, 4]).cast('B', [4, 3]))
show("cast empty view", lambda: memoryview(b'').cast('i'))
show("cast empty view shape", lambda: memoryview(b'').cast('B', [0]))

# other methods
show("tobytes order", lambda: memoryview(b'ab').tobytes('X'))
show("tobytes order type", lambda: memoryview(b'ab').tobytes(1))
show("hex sep", lambda: memoryview(b'ab').hex('::'))
show("hash writable", lambda: hash(memoryview(bytearray(b'ab'))))
show("hash format", lambda: hash(memoryview(b'abcd').cast('i')))
show("hash unhashable obj", lambda: hash(memoryview(bytearray(b'ab')).toreadonly()))
show("hash array", lambda: hash(memoryview(array.array('B', b'ab')).toreadonly()))
show("order", lambda: memoryview(b'a') < memoryview(b'b'))
show("order bytes", lambda: memoryview(b'a') < b'b')
show("count", lambda: memoryview(b'abc').count(98))
show("tolist args", lambda: memoryview(b'abc').tolist(1))
show("release args", lambda: memoryview(b'abc').release(1))
show("frombytes wide", lambda: array.array('B').frombytes(array.array('i', [1])))
show("frombytes cast", lambda: array.array('B').frombytes(memoryview(b'abcd').cast('i')))
rel = memoryview(bytearray(4))
rel.release()
show("released pack_into", lambda: struct.pack_into('B', rel, 0, 1))
show("released readinto", lambda: io.BytesIO(b'ab').readinto(rel))
show("released unpack_from", lambda: struct.unpack_from('B', rel))

# a bytearray resizes only when its size changes; re-initialising empties it first
for label, f in [('extend empty', lambda b: b.extend(b'')), ('iadd empty', lambda b: b.__iadd__(b'')),
                 ('del empty', lambda b: b.__delitem__(slice(0, 0))), ('imul 1', lambda b: b.__imul__(1)),
                 ('imul 0', lambda b: b.__imul__(0)), ('set same', lambda b: b.__setitem__(slice(0, 2), b'zz')),
                 ('set ext same', lambda b: b.__setitem__(slice(0, 3, 2), b'zz')),
                 ('del ext empty', lambda b: b.__delitem__(slice(0, 0, 2))), ('extend empty list', lambda b: b.extend([])),
                 ('remove missing', lambda b: b.remove(120)), ('pop bad index', lambda b: b.pop(7)),
                 ('insert bad', lambda b: b.insert(0, 300)), ('clear', lambda b: b.clear()),
                 ('init', lambda b: b.__init__(b'abc')), ('init empty', lambda b: b.__init__()),
                 ('reverse', lambda b: b.reverse())]:
    b = bytearray(b'abc')
    keep = memoryview(b)
    show('exported ' + label, lambda: f(b))
    print('  ', b, keep.tolist())
e = bytearray()
keep = memoryview(e)
show('empty clear', lambda: e.clear())
show('empty imul', lambda: e.__imul__(5))
show('empty init', lambda: e.__init__())
x = bytearray(b'abc')
x.__init__([1, 2])
print(x, bytearray.__new__(bytearray, 5), bytearray(source=b'kw'))


class Quiet(bytearray):
    def __init__(self, *args):
        pass


class Loud(bytearray):
    def __init__(self, x):
        super().__init__(x + b'!')


print(Quiet(b'abc'), Loud(b'abc'))
show('bytearray float', lambda: bytearray(1.5))
show('bytearray big item', lambda: bytearray([300]))
show('bytes float', lambda: bytes(1.5))
show('bytes big item', lambda: bytes([300]))

# extreme steps and shapes
big = memoryview(bytes(16)).cast('q')
show('huge step', lambda: (big[::2 ** 62].strides, big[::2 ** 62].tolist(), big[::-2 ** 62].tolist()))
show('huge shape product', lambda: memoryview(bytes(16)).cast('B', [2 ** 62, 2 ** 62]))
show('huge shape item', lambda: memoryview(bytes(16)).cast('B', [2 ** 64]))
show('shape after format', lambda: memoryview(bytes(16)).cast('x', ['a']))
