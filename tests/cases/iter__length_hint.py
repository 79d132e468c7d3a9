# Consumers that presize (list(), tuple(), list.extend/+=, sorted(), [*x], f(*x), bytes(),
# bytearray.extend) ask a Python-defined iterable for len() or __length_hint__ after iter()
# (PyObject_LengthHint); operator.length_hint with CPython's checks and messages.
import operator


class V:
    def __init__(self, n=2):
        self.n = n
    def __len__(self):
        print("  len")
        return self.n
    def __iter__(self):
        print("  iter")
        return iter(range(self.n))


class H:
    def __init__(self, hint):
        self.hint = hint
    def __iter__(self):
        print("  iter H")
        return iter([1, 2])
    def __length_hint__(self):
        print("  hint", repr(self.hint)[:30])
        if isinstance(self.hint, type) and issubclass(self.hint, BaseException):
            raise self.hint("from hint")
        return self.hint


def f(*a):
    return a


consumers = [
    ("list", list), ("tuple", tuple), ("extend", lambda x: [].extend(x)),
    ("iadd", lambda x: operator.iadd([0], x)), ("sorted", sorted), ("star", lambda x: [*x]),
    ("call", lambda x: f(*x)), ("bytes", bytes), ("bytearray.extend", lambda x: bytearray().extend(x)),
    ("bytearray", bytearray), ("set", set), ("min", min), ("dict.fromkeys", dict.fromkeys),
]
for name, fn in consumers:
    print(name)
    for obj in [V(), H(3)]:
        try:
            print("  ->", fn(obj))
        except Exception as e:
            print("  !", type(e).__name__, e)

print("errors from __len__ and __length_hint__")


class BadLen:
    def __init__(self, r):
        self.r = r
    def __len__(self):
        if isinstance(self.r, type):
            raise self.r("from len")
        return self.r
    def __iter__(self):
        return iter("ab")


for r in [ValueError, TypeError, KeyError, -1, "x", 2**70, 1.5, True]:
    for fn in [list, tuple, operator.length_hint]:
        try:
            print(" ", repr(r)[:20], fn.__name__, fn(BadLen(r)))
        except Exception as e:
            print(" ", repr(r)[:20], fn.__name__, "!", type(e).__name__, e)

for h in [5, 0, -1, "x", 2.0, None, NotImplemented, 2**70, True, TypeError, ValueError, ZeroDivisionError]:
    for fn in [list, operator.length_hint]:
        try:
            print(" ", fn.__name__, fn(H(h)))
        except Exception as e:
            print(" ", fn.__name__, "!", type(e).__name__, e)


class I(int):
    pass


print(operator.length_hint(H(I(4))))
print("operator.length_hint")
for args in [([1, 2, 3],), (iter([1, 2, 3]),), (iter(range(10)),), (object(),), (object(), 7), (object(), -3),
             (reversed([1, 2]),), ({1: 2},), ("abc",), (iter("abc"), 1), (V(4),)]:
    print(" ", operator.length_hint(*args))
for args in [(), (1, 2, 3), ([], "x"), ([], 1.0), ([], 2**70)]:
    try:
        operator.length_hint(*args)
    except Exception as e:
        print(" ", type(e).__name__, e)


class LL(list):
    def __len__(self):
        print("  LL len")
        return 1


print(len(LL([1, 2])), list(LL([1, 2])), tuple(LL("ab")), operator.length_hint(LL()))


class S(str):
    def __len__(self):
        return 42


print(len(S("ab")), len(str(S("ab"))))


class NoneLen:
    __len__ = None
    def __iter__(self):
        return iter([1])
    def __length_hint__(self):
        print("  hint after len=None")
        return 1


print(list(NoneLen()))

print("builtin iterators over Python sequences")
class Q:
    def __len__(self): print("  Q len"); return 2
    def __getitem__(self, i):
        if i >= 2: raise IndexError
        return i
print(list(reversed(Q())))
print(list(iter(Q())))
r = reversed(Q()); print(operator.length_hint(r)); next(r); print(operator.length_hint(r))
it = iter(Q()); print(operator.length_hint(it)); next(it); print(operator.length_hint(it))
print(tuple(iter(Q())))
print(sorted(reversed(Q())))
class NoLen:
    def __getitem__(self, i):
        if i >= 2: raise IndexError
        return i
it = iter(NoLen()); print(it.__length_hint__(), operator.length_hint(it, 9), list(it), it.__length_hint__())
class BadQ(Q):
    def __len__(self): raise KeyError("q")
for mk in (reversed, iter):
    try: list(mk(BadQ()))
    except KeyError as e: print("KeyError", e)
r = reversed(Q()); list(r); print(operator.length_hint(r))

print("PySequence_Fast consumers: str.join, bytes.join, list slice assignment")
class HF:
    def __init__(self): self.i = 0
    def __iter__(self): print("  iter H"); return self
    def __next__(self):
        self.i += 1
        if self.i > 2: raise StopIteration
        return str(self.i)
    def __length_hint__(self): print("  hint H"); return 2
print(",".join(HF()))
print(b",".join(x.encode() for x in HF()))
class HB(HF):
    def __next__(self): return super().__next__().encode()
print(b"-".join(HB()))
l = [0, 1, 2]; l[0:1] = HF(); print(l)
l = [0, 1, 2]; l[::2] = HF(); print(l)
for v in (5, None):
    for sl in (slice(0, 1), slice(None, None, 2)):
        try: [0, 1][sl] = v
        except TypeError as e: print(e)
class X:
    def __iter__(self): raise TypeError("inner")
for f in (lambda: ",".join(X()), lambda: [1].__setitem__(slice(0, 1), X())):
    try: f()
    except TypeError as e: print(e)
class LI(list):
    def __iter__(self): return iter(["over", "ridden"])
print(",".join(LI(["a"])), ",".join(("t", "u")), ",".join(["x"]))
l = [1, 2, 3]; l[1:] = l; print(l)
l = [1, 2, 3]; l[::-1] = l; print(l)
class Idx:
    def __init__(self, l): self.l = l
    def __index__(self): print("  index"); self.l.clear(); return 1
l = [1, 2, 3]; l[Idx(l):] = HF(); print(l)

print("starred unpacking: a, *b = it")
for src in ['a,*b=5', 'a,*b=None', 'a,b,*c=iter([1])', 'a,*b,c=[1]', '*a,b,c=(x for x in [1])', 'a,*b=[1,2,3];print(a,b)',
            '*a,b=(1,2,3);print(a,b)', 'a,*b,c="xyzw";print(a,b,c)']:
    try: exec(src)
    except Exception as e: print(type(e).__name__, e)
class HU:
    def __init__(self): self.i = 0
    def __iter__(self): print("  iter HU"); return self
    def __next__(self):
        self.i += 1
        if self.i > 3: raise StopIteration
        return self.i
    def __length_hint__(self): print("  hint HU"); return 3
a, *b = HU(); print(a, b)
a, b, c, d, *e = HU() if False else (1, 2, 3, 4); print(e)
try:
    a, b, c, d, *e = HU()
except ValueError as ex: print(ex)
def g():
    yield 1
    print("  second")
    yield 2
try:
    a, b, *c, d = g()
except ValueError as ex: print(ex)
