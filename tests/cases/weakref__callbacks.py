# Weak references: a plain ref is shared, getweakrefs/getweakrefcount/__weakref__ list them
# in CPython's order, callbacks run (newest first) when the referent dies, and the stdlib
# containers built on them (finalize, WeakValueDictionary, WeakKeyDictionary, WeakSet) empty
# themselves.
import gc
import sys
import weakref


class C:
    pass


c = C()
r0 = weakref.ref(c)
r1 = weakref.ref(c, lambda r: print("cb1", r is r1, r()))
r2 = weakref.ref(c, lambda r: print("cb2", r is r2))
r3 = weakref.ref(c)
refs = weakref.getweakrefs(c)
print(r0 is r3, weakref.getweakrefcount(c), refs[0] is r0, refs[1] is r2, refs[2] is r1)
print(c.__weakref__ is r0, C().__weakref__)
del c
print("after del", r0(), r1(), r2())
print(weakref.getweakrefcount(C()))


class K(weakref.ref):
    pass


e = C()
k1, k2 = K(e), K(e)
print(k1 is k2, weakref.getweakrefcount(e), type(k1).__name__)
del k1
print(weakref.getweakrefcount(e))

f = weakref.finalize(e, print, "finalized", "e")
print(f.alive)
del e
print(f.alive)

g = C()
fin = weakref.finalize(g, lambda: print("explicit"))
print(fin(), fin.alive, fin())
del g

wd = weakref.WeakValueDictionary()
keep = []
for i in range(5):
    o = C()
    wd[i] = o
    if i % 2:
        keep.append(o)
del o
print(sorted(wd.keys()))
keep.pop()
print(sorted(wd.keys()))

wk = weakref.WeakKeyDictionary()
a, b = C(), C()
wk[a] = 1
wk[b] = 2
del a
print(list(wk.values()))

ws = weakref.WeakSet()
items = [C() for _ in range(4)]
for it in items:
    ws.add(it)
del it
print(len(ws))
items.pop()
items.pop()
print(len(ws))


# Cycles: the callback runs when the collector frees the referent.
class Node:
    def __init__(self):
        self.me = self


n = Node()
rn = weakref.ref(n, lambda r: print("cycle referent collected"))
del n
print("before collect", rn() is not None)
gc.collect()
print("after collect", rn())


# A callback that raises is reported, not propagated.
import io


class Bad:
    def __call__(self, r):
        raise ValueError("from callback")

    def __repr__(self):
        return "<Bad callback>"


z = C()
wz = weakref.ref(z, Bad())
sys.stderr = io.StringIO()
try:
    del z
finally:
    report, sys.stderr = sys.stderr.getvalue().splitlines(), sys.__stderr__
print(report[0], "|", report[-1])
print("still running")

# A callback sees its own dead reference, and may create new references.
later = []
y = C()
wy = weakref.ref(y, lambda r: later.append((r is wy, r())))
del y
print(later)
