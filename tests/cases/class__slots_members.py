import weakref, pickle, copy
class C:
    __slots__ = ('b', 'a', '__dict__')
    z = 1
print(list(C.__dict__))
m = C.__dict__['a']
print(m, type(m), m.__name__, m.__qualname__, m.__objclass__, m.__doc__)
c = C()
try: c.a
except AttributeError as e: print(e)
c.a = 5; c.q = 3
print(c.a, c.__dict__, vars(c))
del c.a
try: del c.a
except AttributeError as e: print(repr(e))
class D(C): pass
d = D(); d.a = 1; d.w = 2
print(d.__dict__, list(D.__dict__))
class A:
    __slots__ = ('x', 'y')
a = A()
try: vars(a)
except TypeError as e: print(e)
try: a.z = 1
except AttributeError as e: print(e)
try: a.__dict__
except AttributeError as e: print(e)
try: weakref.ref(a)
except TypeError as e: print(e)
a.x = 1
print(A.x.__get__(a), A.x.__get__(None, A) is A.x)
A.y.__set__(a, 7); print(a.y)
A.y.__delete__(a)
print(hasattr(a, 'y'))
for bad in [lambda: A.x.__get__(1), lambda: A.x.__set__(1, 2)]:
    try: bad()
    except TypeError as e: print(e)
class B(A):
    __slots__ = ('z',)
b = B(); b.x = 1; b.z = 3
try: b.y
except AttributeError as e: print(e)
print(b.x, b.z, list(B.__dict__))
class W:
    __slots__ = ('__weakref__', 'v')
w = W(); r = weakref.ref(w); print(r() is w, W.__weakref__.__get__(w) is None or True)
class X:
    __slots__ = '__p'
    def __init__(self): self.__p = 4
    def get(self): return self.__p
print(X().get(), list(X.__dict__))
for src in ["class I(int): __slots__=('a',)", "class I(tuple): __slots__=('a',)", "class I(bytes): __slots__=('a',)",
            "class Q: __slots__=('a',); a=1", "class Q: __slots__=('a b',)", "class Q: __slots__=('__dict__','__dict__')",
            "class Q(D): __slots__=('__dict__',)", "class Q: __slots__=('__weakref__','__weakref__')",
            "class Q(A, W): pass", "class Q: __slots__=3", "class Q: __slots__=(3,)"]:
    try: exec(src); print("ok", src)
    except Exception as e: print(type(e).__name__, e)
class I(int): __slots__ = ()
class S(str): __slots__ = ('a',)
s = S('hi'); s.a = 1; print(s, s.a)
class E(Exception): __slots__ = ('a',)
e = E(1); e.a = 2; print(e.a, e.args)
class P1(A): pass
class P2(A): pass
class P3(P1, P2): pass
p = P3(); p.x = 9; p.k = 1; print(p.x, p.__dict__)
# __class__ assignment
class A2: __slots__ = ('x', 'y')
a.__class__ = A2; print(type(a).__name__, a.x)
try: a.__class__ = B
except TypeError as e: print(e)
# getstate / copy / pickle
a = A(); a.x = 1
print(a.__getstate__())
print(c.__getstate__())
a2 = copy.copy(a); print(a2.x, hasattr(a2, 'y'))
b2 = pickle.loads(pickle.dumps(b)); print(b2.x, b2.z)
d.a = 5
d2 = copy.deepcopy(d); print(d2.a, d2.__dict__)
print('x' in dir(a), 'z' in dir(b), '__slots__' in dir(a))
print(m.__reduce__()[1][1])
import sys
class P: pass
print(A().__sizeof__(), P().__sizeof__(), B().__sizeof__())
