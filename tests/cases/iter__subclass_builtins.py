# Subclasses of enumerate, zip, map, filter and reversed: instances are of the subclass,
# carry a __dict__ (or slots), iterate like the base, and an overriding __next__ is honoured.
class E(enumerate): pass
print(type(E('ab')))
e=E('ab', 3); e.x=1; print(e.x, list(e), isinstance(E('a'), enumerate), e.__dict__)
class Z(zip):
    def __next__(self):
        v = super().__next__()
        return v[::-1]
print(list(Z('ab', 'cd')), [x for x in Z('ab', 'xy')], type(Z()).__name__)
class Z2(zip):
    n = 0
    def __next__(self):
        self.n += 1
        if self.n > 3: raise StopIteration
        return self.n
print(list(Z2()), tuple(Z2()), sorted(Z2()), [*Z2()])
for x in Z2(): print(x)
class M(map): pass
m = M(str, [1, 2]); m.y = 2
print(type(m).__name__, list(m), next(M(abs, [-3])))
class F(filter): pass
print(type(F(None, [0, 1])).__name__, list(F(None, [0, 1, 2])))
class R(reversed): pass
print(type(R([1, 2])).__name__, type(R('ab')).__name__, list(R('abc')), type(R(range(3))).__name__)
r = R('ab'); r.z = 3; print(r.z, r.__length_hint__())
print(isinstance(R('a'), reversed), issubclass(R, reversed))
class E2(enumerate):
    def __iter__(self): return iter([7, 8])
print(list(E2('ab')))
class E3(enumerate):
    def __init__(self, it, extra=0): self.extra = extra
print(list(E3('ab', 5)), E3('a', 5).extra)
print(E.__mro__)
import weakref, pickle, copy
class E(enumerate): pass
e = E('abc'); next(e)
w = weakref.ref(e); print(w() is e)
e2 = pickle.loads(pickle.dumps(e)); print(type(e2).__name__, list(e2))
c = copy.copy(E('xy')); print(type(c).__name__, list(c))
class S(zip):
    __slots__ = ('a',)
s = S('a'); s.a = 1; print(s.a)
try: s.b = 2
except AttributeError as ex: print(ex)
print(hasattr(s, '__dict__'))
class M(map):
    def __next__(self): return 'over'
print(next(M(abs, [1])), next(iter(M(abs, [1]))))
class M(map):
    def __init__(self, f, *its, key=None):
        self.key = key
m = M(str, [1, 2], key=5); print(m.key, list(m))
class F(filter):
    def __init__(self, f, it, flag=False): self.flag = flag
f = F(None, [0, 1], flag=True); print(f.flag, list(f))
class M2(map): pass
for c in (map, M2, filter):
    try: c(str, [1], key=1)
    except TypeError as e: print(e)
try: filter(None)
except TypeError as e: print(e)
for f in (lambda: enumerate.__new__(int, 'ab'), lambda: zip.__new__(list), lambda: map.__new__(str, abs, []),
          lambda: filter.__new__(dict, None, []), lambda: reversed.__new__(set, 'ab'), lambda: list.__new__(int),
          lambda: enumerate.__new__(1), lambda: enumerate.__new__()):
    try: print(f())
    except TypeError as e: print(e)
class E(enumerate): pass
print(type(enumerate.__new__(E, 'ab')).__name__)
