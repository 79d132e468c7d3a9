# array.array: construction, sequence protocol, slices, methods, repr, comparisons.
import array
from array import array as A

print(array.typecodes, array.ArrayType is A, A.__name__, A.__module__)
for tc in array.typecodes:
    a = A(tc)
    print(tc, a.itemsize, a.typecode, repr(a), len(a))

a = A('i', [1, 2, 3])
a.append(4); a.extend([5, 6]); a.extend(A('i', [7])); a.insert(0, 0); a.insert(-1, 99); a.insert(100, 100)
print(a, len(a), a[0], a[-1], a[2:5], a[::-2], a[100:], 3 in a, 42 in a, 'x' in a)
print(a.pop(), a.pop(0), a.pop(-2), a)
a.remove(3); print(a, a.index(4), a.index(5, 2), a.count(2), a.count(2.0))
a.reverse(); print(a, a.tolist(), list(a), [x * 2 for x in a])
a[0] = 60; a[-1] = -10; print(a)
a[1:3] = A('i', [7, 8, 9]); print(a)
a[::2] = A('i', [0] * len(a[::2])); print(a)
a[1:4] = A('i'); print(a)
del a[0]; print(a)
del a[::2]; print(a)
a = A('h', range(10)); del a[2:5]; del a[-1]; del a[::-3]; print(a)
a = A('d', [1.5, -2.25]); a.fromlist([3, 4.5]); print(a, a.tolist(), a * 2, 2 * a, a + a, a * 0, a * -3)
b = A('d', a); b += A('d', [9.0]); b *= 2; print(b)
print(A('B', b'abc'), A('b', bytearray(b'\xff\x01')), A('u', 'h\u00e9llo \U0001f600'), A('u', 'ab').tounicode())
u = A('u'); u.fromunicode('xyz'); u.append('!'); print(u, str(u), u.tounicode())
print(A('i', [1, 2]) == A('d', [1.0, 2.0]), A('i', [1, 2]) < A('i', [1, 3]), A('i', [1, 2]) < A('i', [1, 2, 0]),
      A('i', [2]) > A('i', [1, 9]), A('i') == A('i'), A('i', [1]) != A('i', [1]), A('d', [float('nan')]) == A('d', [float('nan')]),
      A('Q', [2**64 - 1]) > A('q', [-1]), A('i', [1]) <= A('i', [1]), A('i', [1]) >= A('i', [2]))
print(A('i', [1]) == [1], A('i', [1]).__eq__([1]))
x = A('L', [0, 2**64 - 1, 2**63]); print(x, x.tolist())
x = A('f', [0.1, 1e40, -1e-50, float('inf')]); print(x)
x = A('q', [-2**63, 2**63 - 1]); x.byteswap(); print(x); x.byteswap(); print(x)
y = A('H', [1, 258]); print(y.tobytes(), A('H', y.tobytes()), y.buffer_info()[1])
y.frombytes(b'\x01\x00'); print(y)
it = iter(A('b', [1, 2, 3])); print(next(it), list(it), list(it))
c = A('i', [1, 2, 3]); it = iter(c); next(it); c.append(4); print(list(it))
import copy
c2 = copy.copy(c); c3 = copy.deepcopy(c); c.append(5); print(c, c2, c3, c2 is c)
print(sorted(A('i', [3, 1, 2])), sum(A('d', [0.5, 0.25])), max(A('b', [-1, 5])), A('i', [1, 2, 3])[1:2] * 3)
print(A('i', range(5)), A('i', (x for x in range(3))), A('i', A('b', [1, 2])), A('d', iter([1, 2])))
print(A('i', [1, 2, 3, 4, 5])[::-1], A('i', [1, 2, 3, 4, 5])[-2:], A('i', [1, 2])[5:1])
print(type(iter(A('i'))).__name__)

class MyArray(A):
    def total(self):
        return sum(self)
m = MyArray('i', [1, 2, 3])
m.tag = 'x'
print(m, m.total(), m[1:], type(m[1:]).__name__, type(m + m).__name__, m.tag, isinstance(m, A))

# The buffer an array exports (read through bytes-like consumers).
import io
b = A('i', [1, 2])
f = io.BytesIO(); f.write(b)
print(bytes(b), bytearray(b), b''.join([b, A('B', b'!')]), f.getvalue(), A('h', b'\x01\x00') == A('h', A('h', [1]).tobytes()))
