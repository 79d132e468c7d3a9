# Set algebra builds its result the way CPython's setobject.c does (which operand is copied,
# iterated or probed), so results iterate -- and print -- in CPython's order even when hashes
# collide. Sets are built with add() so that only the operation under test decides the layout.


def S(*items):
    s = set()
    for x in items:
        s.add(x)
    return s


a, b = S(1, 9, 3), S(17, 25, 3)
print(a ^ b, b ^ a, a.symmetric_difference(b), a | b, b | a, a & b, b & a, a - b, b - a)
print(a.union(b), a.union(b, [33, 1]), a.intersection(b), a.difference(b), a.union(), a.intersection())
x, y = S(1, 9), S(9, 1, 17)
print(x & y, y & x, x.intersection(y), y.intersection(x), x.intersection([17, 9, 1]))
print(S(1, 9, 17, 25).intersection(S(25, 17, 9, 1)), S(1, 9, 17, 25).intersection(S(25, 17, 9, 1), [9, 25, 1]))

d = S(1, 9, 17, 25, 33)
d.symmetric_difference_update(S(33, 41, 9))
print(d)
d.symmetric_difference_update([49, 1, 57])
print(d)
e = S(1, 9, 17, 25, 33, 41, 49, 57)
print(e - S(9), e.difference([9], [17]), e.difference(), e.difference(S(1, 9, 17, 25, 33, 41, 49, 57)))
c = S(1, 9, 17)
c.intersection_update([17, 9, 1])
print(c)
c.intersection_update(S(9, 17, 25), [25, 17])
print(c)

# Removing most elements compacts the table away from its dummies.
big = set(range(0, 200, 8))
big.difference_update(range(0, 150, 8))
print(big)
big.add(8)
big.add(16)
print(big)
many = set(range(64))
many -= set(range(0, 64, 3))
print(many)

# frozensets: results take the left operand's base type.
f = frozenset([1, 9, 17])
print(f | S(25), S(25) | f, f & S(9, 1), f ^ S(1, 33), f - S(1), S(1, 2) - f)
print(type(f | S(1)).__name__, type(S(1) | f).__name__, type(f.union([5])).__name__, type(f.copy()).__name__)


class MySet(set):
    pass


class MyFrozen(frozenset):
    pass


m = MySet([1, 9, 17])
print(type(m | S(1)).__name__, type(m.union()).__name__, type(MyFrozen([1]) & f).__name__, m - S(9))

# Comparisons and predicates.
print(d.isdisjoint(S(2)), d.isdisjoint([1]), d.isdisjoint(d), set().isdisjoint(set()))
print(S(1) <= S(1, 2), S(1, 2) > S(1), S(1) < S(1), S(1, 2) >= S(2), S(1) == frozenset([1]), S(1) != S(2))
print(S(1).issuperset([1]), S(1).issubset([1, 2]), S(1, 2).issubset(x for x in [1])), f.issuperset(f)

# In-place operators keep the object.
g = S(1, 9, 17)
keep = g
g |= S(25, 33)
print(g)
g &= S(9, 25, 33, 1)
print(g)
g -= S(9)
print(g)
g ^= S(1, 41)
print(g, g is keep)
for op in ("g |= [1]", "g &= [1]", "g -= [1]", "g ^= [1]"):
    try:
        exec(op)
    except TypeError as exc:
        print("TypeError:", exc)

# dict arguments (iterated by key, with their stored hashes).
dd = {9: 0, 1: 0, 17: 0}
h = S(25, 1)
h.symmetric_difference_update(dd)
print(h, S(1, 9, 17, 25).difference(dd), S(1, 9).union(dd), S(1, 9, 17, 25).intersection(dd))
h.update(dd, [33], S(41))
print(h)

# A set operated on with itself.
s = S(1, 9, 17)
print(s | s, s & s, s - s, s ^ s, s.union(s), s.intersection(s), s.difference(s))
t = S(1, 9)
t.difference_update(t)
u = S(1, 9)
u.symmetric_difference_update(u)
v = S(1, 9)
v.update(v)
print(t, u, v)

# Errors: unhashable items, non-iterables.
for expr in ("S(1).union(5)", "S(1).intersection([[1]])", "S(1) - 5", "S(1).difference_update([[]])", "S(1).issubset(3)"):
    try:
        eval(expr)
    except TypeError as exc:
        print("TypeError:", exc)
