# pickle every protocol 0..HIGHEST_PROTOCOL on builtin values, classes, functions and builtin
# functions and methods by reference; the exact bytes of protocols 0-2; copy and deepcopy of
# the same values; pickletools.dis of small protocol-0 and protocol-2 pickles.
import codecs
import collections
import copy
import datetime
import io
import pickle
import pickletools
import sys


class Plain:
    def __init__(self):
        self.a = 1
        self.b = [1, 2]

    def meth(self):
        return self.a

    def __eq__(self, other):
        return type(other) is Plain and self.__dict__ == other.__dict__


class Slotted:
    __slots__ = ("x", "y")


class Sub(int):
    pass


class L(list):
    pass


class D(dict):
    pass


def func():
    return 42


def outer():
    class Local:
        pass

    return Local


tz = datetime.timezone(datetime.timedelta(hours=2), "X")
values = [
    "s\u20ac\\\n\x00", "", b"by", b"", bytearray(b"ba"), bytearray(), 1, -1, 255, 65536, 2**31, 2**70, -(2**70),
    1.5, -0.0, float("inf"), 2j, complex(1, -2), None, True, False, (), (1, 2), (1, (2, 3)), [1, [2]], {1: 2, "k": [3]},
    {1, 2}, frozenset({3}), collections.OrderedDict(x=1, y=[2]), collections.defaultdict(list, {"k": [1]}),
    collections.defaultdict(None), collections.deque([1, 2], 5), collections.deque([3]),
    datetime.date(2020, 1, 2), datetime.datetime(2020, 1, 2, 3, 4, 5, 6), datetime.timedelta(3, 4, 5),
    datetime.time(1, 2, 3, 4),
    range(1, 10, 2), range(5), slice(1, 2), slice(None, None, -1), Ellipsis, NotImplemented,
    Plain(), Sub(7), L([1, 2]), D(a=1), Plain, func, Slotted, len, codecs.encode, sys.getrecursionlimit, io.open,
    print, list.append, dict.fromkeys, int.from_bytes, object.__new__, type(None), type, object, int,
]
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    for v in values:
        d = pickle.dumps(v, proto)
        back = pickle.loads(d)
        same = back is v if isinstance(v, type) or callable(v) and not isinstance(v, Plain) else back == v
        shown = d if proto < 2 else len(d)
        print(proto, type(v).__name__, same, type(back).__name__, shown)

# timezones (pure-Python datetime here: its pickles carry slot state, so only round trips)
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    for v in [tz, datetime.timezone.utc, datetime.datetime(2020, 1, 2, tzinfo=tz)]:
        print(proto, type(v).__name__, pickle.loads(pickle.dumps(v, proto)) == v, copy.deepcopy(v) == v)

# bound methods: of builtins they reduce to getattr(obj, name)
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    for m in [[1, 2].append, {"a": 1}.get, Plain().meth, "abc".upper, (5).bit_length]:
        back = pickle.loads(pickle.dumps(m, proto))
        print(proto, type(back).__name__, back.__name__, back.__self__ == m.__self__)

# slotted instances: protocol 2+ save the slots; 0-1 refuse
s = Slotted()
s.x = 5
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    try:
        s2 = pickle.loads(pickle.dumps(s, proto))
        print(proto, s2.x, hasattr(s2, "y"))
    except TypeError as e:
        print(proto, "TypeError", e)

# what cannot be pickled
for v in [lambda: 1, outer(), outer, (x for x in ())]:
    for proto in (0, 2, 5):
        try:
            pickle.dumps(v, proto)
            print("pickled", type(v).__name__)
        except (pickle.PicklingError, AttributeError, TypeError) as e:
            # (a local class: AttributeError from CPython's C pickler, PicklingError from pickle.py)
            print(proto, type(v).__name__, "error" if isinstance(v, type) else type(e).__name__)

# builtin functions and methods as pickle sees them
for f in [len, [].append, codecs.encode, dict.fromkeys, object.__new__, print, sys.exit, io.open]:
    owner = f.__self__
    print(f.__qualname__, f.__module__, type(f).__name__, type(owner).__name__, getattr(owner, "__name__", None))
    r = f.__reduce__()
    print("   ", r if isinstance(r, str) else (r[0].__name__, type(r[1][0]).__name__, r[1][1]))
print(list.append.__reduce__() == (getattr, (list, "append")), type(len).__module__, type(len).__qualname__)
print(len == len, [].append == [].append, hash(len) == hash(len))
l = []
print(l.append == l.append, hash(l.append) == hash(l.append), Plain.meth == Plain.meth)
p = Plain()
print(p.meth == p.meth, p.meth != Plain().meth, hash(p.meth) == hash(p.meth))

# copy and deepcopy of the same values
for v in values:
    c, dc = copy.copy(v), copy.deepcopy(v)
    print(type(v).__name__, c == v, dc == v, c is v, dc is v)

pickletools.dis(pickle.dumps([1, "a\u20ac", (None, True), b"x", 2.5, bytearray(b"y")], 0))
pickletools.dis(pickle.dumps({"k": [1, 2**70, -3], "o": collections.OrderedDict(z=1), "f": len}, 2))
print(pickletools.optimize(pickle.dumps([1, 2, (3,), "a"], 2)))
print(float(b"1.5"), float(bytearray(b" -2e3 ")), float(memoryview(b"7")))
try:
    float(b"abc")
except ValueError as e:
    print(e)
