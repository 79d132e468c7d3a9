# array.array: CPython's errors for bad typecodes, values, indices and operations.
import array
from array import array as A

class I:
    def __index__(self):
        return 7

vals = [0, -1, 1 << 7, -(1 << 7) - 1, 1 << 8, 1 << 15, -(1 << 15) - 1, 1 << 16, 1 << 31, -(1 << 31) - 1,
        1 << 32, 1 << 63, -(1 << 63) - 1, 1 << 64, 1.5, "a", "ab", None, I(), True, 2 ** 100]
for tc in array.typecodes:
    for v in vals:
        try:
            r = repr(A(tc, [v]))
        except Exception as e:
            r = f"{type(e).__name__}: {e}"
        print(tc, repr(v)[:12], r)

def bad_slice():
    a = A('i', [1, 2, 3]); a[::2] = A('i', [1])

tests = [
    lambda: A('x'), lambda: A(1), lambda: A('ii'), lambda: A('i', 'abc'), lambda: A('u', [1]), lambda: A('i', 5),
    lambda: A('i', [1]) + A('d', [1]), lambda: A('i').extend(A('d')), lambda: A('i', [1]) + [1],
    lambda: A('i').pop(), lambda: A('i', [1]).pop(5), lambda: A('i').remove(1), lambda: A('i').index(1),
    lambda: A('i', [1])[5], lambda: A('i', [1])[-2], lambda: A('i').fromunicode('a'), lambda: A('i').tounicode(),
    lambda: A('i').frombytes(b'abc'), lambda: A('u').fromunicode(1), lambda: A('i').fromlist((1,)),
    lambda: A('i', [1, 2]).__setitem__(slice(None), A('d')), lambda: A('i').__setitem__(slice(0, 1), [1]),
    bad_slice, lambda: A('i').__setitem__(0, 1), lambda: A('i', range(3)) * 'a', lambda: A('i', [1]).fromlist([1, 'a']),
    lambda: A('b', [1]).frombytes('ab'), lambda: A('i', [1]).byteswap(1), lambda: A('i', [1, 2]).index(1, 1),
    lambda: A('i').insert('a', 1), lambda: A('i', [5, 6]).__delitem__(9), lambda: A('i', [1]).__iadd__([1]),
    lambda: A('i', [1, 2, 3])['a'], lambda: A('i', [1]).__setitem__(0, 'x'), lambda: A('b').append(300),
    lambda: A('i', A('u', 'a')), lambda: A('u', b'abcd').tounicode(), lambda: A('i', [1], 2),
    lambda: A(typecode='i'), lambda: A(), lambda: A('\u00e9'),
]
for t in tests:
    try:
        print(repr(t()))
    except Exception as e:
        print(type(e).__name__, e)
a = A('i', [1, 2, 3])
try:
    a.fromlist([4, 5, 'x'])
except TypeError as e:
    print(e, a)
try:
    a.extend([4, 5, 'x'])
except TypeError as e:
    print(e, a)
print(A.__hash__)
