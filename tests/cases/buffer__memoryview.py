# memoryview over every exporter: attributes, indexing, slicing, casts, tolist/tobytes/hex,
# comparison, hashing, release and the context manager.
import array


def show(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "->", type(e).__name__, e)
        return
    if isinstance(r, memoryview):
        r = ("view", r.format, r.itemsize, r.ndim, r.shape, r.strides, r.readonly, r.tolist())
    print(label, "->", repr(r))


def attrs(m):
    return (m.format, m.itemsize, m.nbytes, m.ndim, m.shape, m.strides, m.suboffsets,
            m.readonly, m.c_contiguous, m.f_contiguous, m.contiguous, len(m))


a = array.array('i', [1, -2, 3, 40000])
m = memoryview(a)
print(attrs(m), m.obj is a, m.tolist())
print(attrs(memoryview(b'abc')), attrs(memoryview(bytearray(b'abcd'))))
print(attrs(memoryview(array.array('d', [1.5, 2.5]))), memoryview(array.array('d', [1.5, 2.5])).tolist())
for tc in 'bBhHiIlLqQfd':
    x = array.array(tc, [1, 2])
    v = memoryview(x)
    print(tc, v.format, v.itemsize, v.tolist(), v[1], v[-1], list(v))
u = memoryview(array.array('u', 'hi'))
print(u.format, u.itemsize, u.nbytes, u.tobytes())

# indexing and slicing, with steps
b = memoryview(bytes(range(10)))
print(b[0], b[-1], b[2:5].tolist(), b[::3].tolist(), b[::-2].tolist(), b[7:2:-2].tolist())
print(attrs(b[::2]), attrs(b[::-1]), attrs(b[3:3]))
print(b[1:9][::2][1:].tolist(), b[::2].obj is b.obj, b[5:].obj is b.obj)
print(m[1:3].tolist(), m[::-1].tolist(), m[::2].strides, m[1:][::-2].tolist())

# assignment
ba = bytearray(b'abcdefgh')
w = memoryview(ba)
w[0] = 65
w[1:3] = b'XY'
w[-1] = ord('Z')
w[4:8:2] = bytearray(b'12')
w[3:4] = memoryview(b'!')
print(ba)
ai = array.array('h', [0, 0, 0, 0])
wi = memoryview(ai)
wi[0] = -5
wi[1:3] = array.array('h', [7, 8])
wi[3] = True
print(ai)
wi[::2] = memoryview(array.array('h', [100, 200]))
print(ai, wi.tolist())

# casts
raw = memoryview(bytearray(range(12)))
show("cast i", lambda: raw.cast('i'))
show("cast @i", lambda: raw.cast('@i').format)
show("cast 2d", lambda: raw.cast('B', (3, 4)))
show("cast 2d list", lambda: raw.cast('B', [2, 6]))
show("cast 3d", lambda: raw.cast('B', [2, 3, 2]))
show("cast i 2d", lambda: raw.cast('i', [1, 3]))
show("cast h 3d", lambda: raw.cast('h', (3, 1, 2)))
show("2d to 1d", lambda: raw.cast('B', (3, 4)).cast('B'))
show("2d to 1d i", lambda: raw.cast('B', (3, 4)).cast('i'))
show("i to b", lambda: raw.cast('i').cast('b'))
show("cast c", lambda: raw.cast('c').tolist()[:3])
show("cast ?", lambda: raw.cast('?').tolist())
show("cast q", lambda: raw[:8].cast('q').tolist())
show("cast Q", lambda: memoryview(b'\xff' * 8).cast('Q').tolist())
show("cast d", lambda: memoryview(array.array('d', [0.25]).tobytes()).cast('d').tolist())
show("cast f", lambda: memoryview(array.array('f', [0.5, -1.0]).tobytes()).cast('f').tolist())
show("cast P", lambda: memoryview(bytes(8)).cast('P').tolist())
show("cast n N", lambda: (memoryview(b'\xff' * 8).cast('n').tolist(), memoryview(b'\xff' * 8).cast('N').tolist()))
show("cast l L", lambda: (memoryview(b'\xff' * 8).cast('l').tolist(), memoryview(b'\xff' * 8).cast('L').tolist()))
show("cast H I", lambda: (memoryview(b'\xff' * 4).cast('H').tolist(), memoryview(b'\xff' * 4).cast('I').tolist()))
show("0-dim", lambda: memoryview(b'a').cast('B', []))
z = memoryview(b'z').cast('B', ())
print(z.ndim, z.shape, z.strides, z.tolist(), z[()], z[...] is z, len(z), z.tobytes(), z.c_contiguous)
two = raw.cast('B', (3, 4))
print(two[1, 2], two[-1, -1], two[0:2].tolist(), two[::2].tolist(), len(two), two.tobytes())
print(two.tobytes('F'), two.tobytes('A'), two.tobytes(None), two.hex(), two.nbytes)
two[2, 3] = 99
print(raw[11], two == raw.cast('B', (3, 4)), two == raw, two.c_contiguous, two.f_contiguous)
print(raw.cast('B', [12, 1]).f_contiguous, raw.cast('B', [1, 12]).f_contiguous)

# tobytes / hex
h = memoryview(b'\x01\x02\x03\x04\xfe\xff')
print(h.tobytes(), h[::-1].tobytes(), h[::2].tobytes(order='C'), h.tobytes('A'))
print(h.hex(), h.hex(':'), h.hex('-', 2), h.hex(b' ', -4), h[::-1].hex('.'), memoryview(a).hex())

# comparison by unpacked values
print(memoryview(b'abc') == b'abc', memoryview(b'abc') == bytearray(b'abc'), memoryview(b'abc') != b'abd')
print(memoryview(b'abc') == array.array('B', b'abc'), memoryview(b'abc') == array.array('b', b'abc'))
print(memoryview(b'abc').cast('c') == b'abc', memoryview(b'abc') == 'abc', memoryview(b'abc') == [97, 98, 99])
print(memoryview(array.array('i', [1, 2])) == array.array('q', [1, 2]), memoryview(array.array('i', [1, 2])) == array.array('d', [1.0, 2.0]))
nan = float('nan')
print(memoryview(array.array('d', [nan])) == array.array('d', [nan]), memoryview(array.array('d', [1.5])) == array.array('f', [1.5]))
wv = memoryview(array.array('u', 'ab'))
print(wv == wv, wv == array.array('u', 'ab'), memoryview(b'ab') == memoryview(b'abc'))
print(memoryview(b'abcdef')[::2] == b'ace', b'ace' == memoryview(b'abcdef')[::2], bytearray(b'ace') == memoryview(b'abcdef')[::2])

# hashing
print(hash(memoryview(b'abc')) == hash(b'abc'), hash(memoryview(b'abcdef')[::2]) == hash(b'ace'))
print(hash(memoryview(b'abc').cast('c')) == hash(b'abc'), hash(memoryview(b'abc').cast('b')) == hash(b'abc'))
hv = memoryview(b'xyz')
hh = hash(hv)
hv.release()
print(hash(hv) == hh)

# iteration, containment, reversed, len
print(list(memoryview(b'abc')), 98 in memoryview(b'abc'), list(reversed(memoryview(b'abc'))))
print(list(memoryview(array.array('h', [5, -6]))), len(memoryview(array.array('q', [1, 2, 3]))))
print(sorted(memoryview(b'cab')), sum(memoryview(array.array('i', [1, 2, 3]))))

# release and the context manager
with memoryview(bytearray(b'ctx')) as c:
    print(c[0], c.tobytes())
print(repr(c).startswith('<released memory at 0x'), repr(memoryview(b'')).startswith('<memory at 0x'))
c.release()
r = memoryview(b'abc')
r2 = memoryview(r)
r.release()
print(r2.tolist(), r2.obj, r == r, r == r2, r2 == b'abc')

# toreadonly
t = memoryview(bytearray(b'ro')).toreadonly()
print(t.readonly, t.tolist(), t.obj, memoryview(t).readonly, t[::-1].readonly, t.cast('c').readonly)

# the iterator
it = iter(memoryview(array.array('h', [3, -4])))
print(type(it).__name__, next(it), list(it), list(it))
