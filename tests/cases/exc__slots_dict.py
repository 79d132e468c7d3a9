# A slotted exception subclass still has the instance __dict__ every exception has; its slot
# values live beside it, so vars(), pickling and copying leave them out, as CPython's.
import copy
import gc
import pickle
import weakref


def t(label, fn):
    try:
        r = fn()
        print(label, "ok", repr(r))
    except BaseException as e:
        print(label, type(e).__name__ + ":", e)


class S(Exception):
    __slots__ = ('a', '__x')
s = S(1)
t("unset slot", lambda: s.a)
s.a = 5
t("slot", lambda: s.a)
t("slot dict", lambda: s.__dict__)
s.b = 6
t("slot vars", lambda: vars(s))
t("slot reduce", lambda: s.__reduce__())
t("pickle", lambda: (lambda p: (p.args, vars(p), hasattr(p, 'a')))(pickle.loads(pickle.dumps(s))))
t("copy", lambda: (lambda p: (vars(p), hasattr(p, 'a')))(copy.copy(s)))
del s.a
t("del slot", lambda: s.a)
t("del again", lambda: delattr(s, 'a'))
t("mangled", lambda: S.__dict__['_S__x'])
class T(S):
    __slots__ = ('c',)
    def __init__(self):
        self.c = 1
        self._S__x = 2
        self.a = 3
x = T()
t("sub", lambda: (x.a, x.c, x._S__x, vars(x)))
class O(OSError):
    __slots__ = ('z',)
o = O(2, "nf")
o.z = 1
t("oserror slot", lambda: (o.z, o.errno, vars(o), type(o).__name__))
class N(Exception):
    __slots__ = ()
n = N()
n.q = 1
t("empty slots", lambda: vars(n))
# a cycle through a slot is collected
class C(Exception):
    __slots__ = ('me', '__weakref__')
c = C(); c.me = c
r = weakref.ref(c)
del c
gc.collect()
t("cycle", lambda: r())
for i in range(1000):
    y = S(i); y.a = y
print("loop", vars(y), y.a is y)
