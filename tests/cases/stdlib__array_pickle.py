# array.array pickling: __reduce_ex__ by protocol, _array_reconstructor over machine formats.
import array
import pickle
from array import array as A

a = A('i', [1, 2, 3])
print(a.__reduce_ex__(2), a.__reduce_ex__(3)[1], a.__reduce_ex__(3)[0] is array._array_reconstructor)
print([A(t).__reduce_ex__(3)[1][2] for t in array.typecodes])
for tc, init in [('b', [-1, 2]), ('B', [255]), ('u', 'h\u00e9\U0001f600'), ('h', [-300]), ('H', [65535]),
                 ('i', [-7]), ('I', [2**32 - 1]), ('l', [-2**63]), ('L', [2**64 - 1]), ('q', [5]),
                 ('Q', [2**63]), ('f', [0.5, -1.25]), ('d', [1e300, float('inf')])]:
    x = A(tc, init)
    for proto in range(1, pickle.HIGHEST_PROTOCOL + 1):  # protocol 0 needs raw-unicode-escape
        y = pickle.loads(pickle.dumps(x, proto))
        assert y == x and y.typecode == x.typecode, (tc, proto)
    print(tc, pickle.loads(pickle.dumps(x)))

class Sub(A):
    pass
s = Sub('d', [1.0]); s.note = 'kept'
t = pickle.loads(pickle.dumps(s, 4)); print(type(t).__name__, t, t.note)
print(s.__reduce_ex__(4)[2], A('i').__reduce_ex__(4)[2])

R = array._array_reconstructor
cases = [(A, 'i', 13, b'\0\0\0\0\0\0\0\1'), (A, 'd', 15, b'?\xf0\0\0\0\0\0\0'), (A, 'u', 21, b'\0\0\0a\0\0\0b'),
         (A, 'u', 18, b'a\0b\0'), (A, 'b', 0, b'\xff'), (A, 'H', 3, b'\1\2'), (A, 'Q', 11, b'\x80' + b'\0' * 7),
         (A, 'f', 17, b'@\0\0\0\0\0\0\0'), (A, 'l', 9, b'\xff\xff\xff\xfe'), (Sub, 'i', 8, b'\1\0\0\0'),
         (1, 'i', 8, b''), (int, 'i', 8, b''), (A, 'x', 8, b''), (A, 'i', 99, b''), (A, 'i', 8, 'ab'),
         (A, 'i', 8, b'abc'), (A, 'u', 21, b'\0\0\0a'), (A, 'b', 21, b'\0\0\0a\0\0\0b'), (A, 'u', 20, b'\xff' * 8)]
for c in cases:
    try:
        r = R(*c)
        text = repr(r)
        print(type(r).__name__, text)
    except Exception as e:
        print(type(e).__name__, e)
