# Pickling and copying of the builtin iterators as CPython 3.11: __reduce__ after partial and
# full consumption, round trips through every pickle protocol, copy.copy independence, and
# __setstate__ with its clipping and its errors.
import copy
import pickle


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "raises", type(e).__name__, e)


def describe(v):
    """repr() without addresses: iterators inside a reduction are shown by type and content."""
    if isinstance(v, tuple):
        return "(" + ", ".join(describe(x) for x in v) + ("," if len(v) == 1 else "") + ")"
    if type(v).__name__.endswith("iterator") or type(v).__name__ in ("enumerate", "zip", "map", "filter", "reversed"):
        return "<%s %s>" % (type(v).__name__, list(copy.copy(v)))
    if callable(v) and getattr(v, "__self__", None) is not None and not isinstance(v.__self__, type(copy)):
        return "<bound method %s>" % v.__name__
    return repr(v)


def make(src, consume):
    it = eval(src)
    for _ in range(consume):
        next(it, None)
    return it


SOURCES = [
    "iter([1, 2, 3])", "iter((1, 2, 3))", "iter('abc')", "iter('a\\xe9\\u20ac')", "iter(b'abc')",
    "iter(bytearray(b'abc'))", "iter(range(10))", "iter(range(0, 10, 3))", "iter(range(10, 0, -2))",
    "iter(range(2**70, 2**70 + 5))", "iter(range(0))", "reversed(range(5))", "reversed(range(2**70, 2**70 + 3))",
    "iter({1, 2, 3})", "iter(frozenset({4, 5}))", "iter({'a': 1, 'b': 2, 'c': 3})",
    "iter({'a': 1, 'b': 2}.values())", "iter({'a': 1, 'b': 2}.items())", "iter({'a': 1}.keys())",
    "enumerate('abc')", "enumerate('abc', 5)", "enumerate('abc', 2**70)", "zip('ab', [1, 2, 3])",
    "zip('ab', 'cd', strict=True)", "zip()", "map(abs, [-1, -2, -3])", "map(pow, [1, 2], [3, 4])",
    "filter(None, [0, 1, 2, 0, 3])", "filter(bool, 'ab')", "reversed([1, 2, 3])", "reversed((1, 2, 3))",
    "reversed('abc')", "iter(iter([1, 2, 3]).__next__, 3)", "iter(Seq())",
]


class Seq:
    def __getitem__(self, i):
        return "xyz"[i]

    def __reduce__(self):
        return (Seq, ())

    def __repr__(self):
        return "Seq()"


for src in SOURCES:
    for consume in (0, 1, 10):
        print("==", src, consume)
        it = make(src, consume)
        print(" type", type(it).__name__)
        show(" reduce", lambda: describe(make(src, consume).__reduce__()))
        for proto in (0, 2, 4, 5):
            show(" proto %d" % proto, lambda: list(pickle.loads(pickle.dumps(make(src, consume), proto))))
        show(" copy", lambda: list(copy.copy(make(src, consume))))
        show(" deepcopy", lambda: list(copy.deepcopy(make(src, consume))))

        def independent():
            it = make(src, consume)
            c = copy.copy(it)
            return list(it), list(c)

        show(" independent", independent)

# A pickled zip keeps its strictness.
z = pickle.loads(pickle.dumps(zip("ab", "c", strict=True)))
show("strict zip", lambda: list(z))
# Unpickled list iterators share nothing with the original list.
lst = [1, 2, 3]
it = iter(lst)
next(it)
it2 = pickle.loads(pickle.dumps(it))
lst.append(4)
print(list(it), list(it2))

# __setstate__ clipping.
for src, state in [("iter([1, 2, 3])", -5), ("iter([1, 2, 3])", 2), ("iter([1, 2, 3])", 99),
                   ("iter('abc')", 1), ("iter(b'abc')", 2), ("iter((1, 2))", 7), ("iter(bytearray(b'xy'))", 1),
                   ("iter(range(10))", 4), ("iter(range(10))", -3), ("iter(range(10))", 99),
                   ("iter(range(0, 10, 3))", 2), ("iter(range(2**70, 2**70 + 5))", 3),
                   ("iter(range(2**70, 2**70 + 5))", -1), ("iter(range(2**70, 2**70 + 5))", 99),
                   ("reversed([1, 2, 3])", 0), ("reversed([1, 2, 3])", 5), ("reversed([1, 2, 3])", -4),
                   ("reversed('abc')", 1), ("iter(Seq())", 2), ("iter(Seq())", -2),
                   ("zip('ab', 'c')", True), ("zip('ab', 'c')", 0)]:
    it = eval(src)
    it.__setstate__(state)
    show("setstate %s %r" % (src, state), lambda: list(it))

# An exhausted iterator ignores __setstate__.
it = iter([1, 2])
list(it)
it.__setstate__(0)
print("exhausted", list(it), it.__reduce__())

# Wrong uses.
L = iter([1, 2, 3])
R = iter(range(5))
BR = iter(range(2**70, 2**70 + 5))
Z = zip("a", "b")
RV = reversed("abc")
LR = reversed([1, 2, 3])
E = enumerate("ab")
for src in ["L.__setstate__('x')", "L.__setstate__(1.5)", "L.__setstate__()", "L.__setstate__(2**70)",
            "R.__setstate__('x')", "R.__setstate__(2**70)", "BR.__setstate__('x')", "Z.__setstate__()",
            "RV.__setstate__('x')", "LR.__setstate__(1, 2)", "L.__reduce__(1)", "L.__reduce_ex__(2)",
            "hasattr(E, '__setstate__')", "hasattr(iter({}), '__setstate__')", "hasattr(iter(set()), '__setstate__')",
            "hasattr(map(abs, []), '__setstate__')", "hasattr(filter(None, []), '__setstate__')",
            "hasattr(iter(int, 1), '__setstate__')"]:
    show(src, lambda: eval(src))

# Reducing a dict or set iterator whose container changed size.
d = {"a": 1, "b": 2}
it = iter(d)
next(it)
d["c"] = 3
show("dict changed", lambda: it.__reduce__())
show("dict changed pickle", lambda: pickle.dumps(it))
s = {1, 2}
it = iter(s)
next(it)
s.add(3)
show("set changed", lambda: it.__reduce__())

# range_iterator or longrange_iterator, as CPython 3.11 picks them near the C long limits.
import itertools

M = 2**63
for t in [(13,), (20, 3, -1), (M - 3, M - 1), (M - 2, M - 1, 2), (-M + 1, -M, -2), (1, 2, M - 1),
          (-1, -2, -M), (1, M - 1, M - 1), (-1, -M, -M), (0, M - 1), (-M, 0, -1), (5, M - 1, 3)]:
    r = range(*t)
    it, rv = iter(r), reversed(r)
    print(t, type(it).__name__, type(rv).__name__, it.__reduce__(), rv.__reduce__(),
          it.__length_hint__(), list(itertools.islice(rv, 3)))
    it2 = pickle.loads(pickle.dumps(it))
    print("  ", type(it2).__name__, list(itertools.islice(it2, 3)))

# iter(callable, sentinel): the sentinel compares first, and a call that exhausts the
# iterator re-entrantly ends it.
class Loud:
    def __eq__(self, other):
        print("sentinel.__eq__", other)
        return other == 3


show("sentinel first", lambda: list(iter(iter([1, 2, 3, 4]).__next__, Loud())))


def spam():
    if spam.again:
        return "no more"
    spam.again = True
    list(spam.iterator)
    return "more"


spam.again = False
spam.iterator = iter(spam, "no more")
show("re-entrant", lambda: next(spam.iterator))
show("re-entrant reduce", lambda: spam.iterator.__reduce__())

# __reduce__ looks the builtin up before reading the iterator, whose state the lookup may
# change (CPython's gh-101765).
import builtins


class CustomStr:
    def __init__(self, name, iterator):
        self.name = name
        self.iterator = iterator

    def __hash__(self):
        return hash(self.name)

    def __eq__(self, other):
        list(self.iterator)
        return other == self.name


def reduce_while_exhausting(it, name="iter"):
    d = builtins.__dict__
    orig = d[name]
    del d[name]
    d[CustomStr(name, it)] = orig
    try:
        return it.__reduce__()
    finally:
        for k in [k for k in d if type(k) is CustomStr]:
            del d[k]
        d[name] = orig


for src in ["iter('xyz')", "iter([1, 2, 3])", "iter((1, 2))", "iter(b'ab')", "iter(bytearray(b'ab'))",
            "iter(Seq())", "iter(iter([1, 2, 3]).__next__, 9)", "iter({1: 2})", "iter({1, 2})"]:
    show("exhausting " + src, lambda: describe(reduce_while_exhausting(eval(src))))
show("exhausting reversed", lambda: describe(reduce_while_exhausting(reversed([1, 2]), "reversed")))
