# weakref.proxy forwards to a live referent, raises ReferenceError once it is gone, does not
# keep it alive, and is listed with the referent's weak references.
import weakref


class C:
    def __init__(self):
        self.x = 1

    def __call__(self, a):
        return a + 1

    def method(self):
        return "method"


class L(list):
    pass


c = C()
p = weakref.proxy(c)
print(type(p).__name__, p.x, p(4), p.method(), weakref.getweakrefcount(c), weakref.proxy(c) is p)
p.y = 5
print(c.y, hasattr(p, "y"))
del p.y
print(hasattr(c, "y"))
try:
    hash(p)
except TypeError:
    print("unhashable")

lst = L([1, 2])
q = weakref.proxy(lst)
print(type(q).__name__, len(q), q[0], 2 in q, list(q), q + [3], [0] + q, q == [1, 2], q != [1], str(q), bool(q))
q[0] = 10
q.append(7)
del q[1]
print(lst, q * 2, sorted(q), [x for x in q])
q += [8]
print(type(q).__name__, q)


class Num:
    def __init__(self, v):
        self.v = v

    def __add__(self, o):
        return Num(self.v + (o.v if isinstance(o, Num) else o))

    __radd__ = __add__

    def __neg__(self):
        return Num(-self.v)

    def __lt__(self, o):
        return self.v < o.v

    def __int__(self):
        return self.v

    def __index__(self):
        return self.v


n = Num(3)
pn = weakref.proxy(n)
print((pn + 1).v, (1 + pn).v, (-pn).v, int(pn), [10, 20, 30, 40][pn], pn < Num(4), Num(2) < pn)

cb = []
d = C()
pd = weakref.proxy(d, lambda r: cb.append(type(r).__name__))
del d
print(cb)
for op in (lambda: pd.x, lambda: pd(1), lambda: str(pd), lambda: len(q2) if False else pd + 1):
    try:
        op()
    except ReferenceError as e:
        print("ReferenceError:", e)
try:
    weakref.proxy(1)
except TypeError as e:
    print("TypeError:", e)



class Counter:
    def __init__(self):
        self.n = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.n += 1
        if self.n > 2:
            raise StopIteration
        return self.n


it = Counter()
pi = weakref.proxy(it)
print(next(pi), next(pi), list(weakref.proxy(Counter())) if False else "")
try:
    next(weakref.proxy(c2 := C()))
except TypeError as e:
    print("TypeError:", e)
