# bytes and bytearray subclasses: their own payload kind and instance dict, bytearray slices are
# plain bytearrays, the subclass name in a bytearray repr, index errors per type.
class X(bytearray):
    pass
x = X(b'ab'); x.append(99); print(x, x[:1], type(x[:1]), repr(x))
x[0] = 65; x.tag = 1; print(x, x.tag, len(x), x + b"!", type(x + b"!"))
class Y(bytes):
    pass
y = Y(b"yz"); y.note = 2; print(y, repr(y), y.note, y[0], y[:1], type(y[:1]), Y(3))
b = bytearray(b"abcd")
print(b[:2], b[::2], b[1:], type(b[1:3]))
try:
    b[9]
except IndexError as e:
    print(e)
try:
    b"x"[9]
except IndexError as e:
    print(e)
