# The native JSON encoder (_json.make_encoder, encode_basestring[_ascii]) behind json.dumps.
import json
import json.encoder
import _json
import enum
import math
import sys
from collections import OrderedDict, UserDict
from decimal import Decimal
from fractions import Fraction

print(json.encoder.c_make_encoder is not None, json.encoder.c_encode_basestring is not None,
      json.encoder.c_encode_basestring_ascii is not None)
print(json.encoder.encode_basestring_ascii is _json.encode_basestring_ascii)
print(_json.make_encoder, _json.make_encoder.__doc__)
print(sorted(n for n in dir(_json.make_encoder) if not n.startswith("__")))

strings = ["", "abc", 'q"uote', "back\\slash", "\b\f\n\r\t", "\x00\x01\x1f\x7f\x80\x9f", "caf\u00e9",
           "\u4e2d\u6587", "\U0001f600 emoji", "\ud800", "\udfff lone", "\ud83d\ude00", "\u2028\u2029",
           "/slash/", "mix \u00e9\"\\\n\U00010000\U0010ffff"]
for s in strings:
    print(ascii(json.dumps(s)), ascii(json.dumps(s, ensure_ascii=False)),
          _json.encode_basestring_ascii(s) == json.dumps(s), ascii(_json.encode_basestring(s)))
for bad in [1, b"x", None]:
    for f in (_json.encode_basestring_ascii, _json.encode_basestring):
        try:
            f(bad)
        except TypeError as e:
            print("TypeError", e)
try:
    _json.encode_basestring()
except TypeError as e:
    print("TypeError", e)


class MyInt(int):
    def __repr__(self):
        return "MyInt!"

    __str__ = __repr__


class MyFloat(float):
    def __repr__(self):
        return "MyFloat!"

    __str__ = __repr__


class MyStr(str):
    def __repr__(self):
        return "MyStr!"


class MyList(list):
    def __iter__(self):
        return iter(["from", "__iter__"])


class MyTuple(tuple):
    pass


class MyDict(dict):
    pass


class ItemsDict(dict):
    def items(self):
        return [("x", 1), ("y", [2])]


class Color(enum.IntEnum):
    RED = 1


class Level(float, enum.Enum):
    HIGH = 2.5


values = [
    None, True, False, 0, -1, 2**64, -(2**100), 1.0, -0.0, 0.1, 1e16, 1.5e-7, 123456789.125, 1e300,
    [], (), {}, [1, "a", None], (1, (2, (3,))), {"a": {"b": {"c": []}}}, [[]] * 3,
    MyInt(7), MyFloat(2.5), MyStr("sub"), MyList([1, 2]), MyTuple((3, 4)), MyDict(a=1),
    ItemsDict(a=1), OrderedDict([("z", 1), ("a", 2)]), Color.RED, Level.HIGH, [True, 1, 1.0],
    {"k": MyInt(3), MyStr("key"): MyFloat(1.0)},
]
for v in values:
    print(json.dumps(v), json.dumps(v, ensure_ascii=False) == json.dumps(v))

# Keys of every kind.
print(json.dumps({1: "int", 2.5: "float", True: "t", False: "f", None: "n", "s": 1, -3: 0}))
print(json.dumps({float("inf"): 1, float("-inf"): 2, float("nan"): 3}))
print(json.dumps({MyInt(5): 1, MyFloat(0.5): 2, Color.RED: 3, 10**20: 4}))
for bad in [{(1, 2): 1}, {b"x": 1}, {Fraction(1, 2): 2}, {frozenset(): 3}]:
    try:
        json.dumps(bad)
    except TypeError as e:
        print("TypeError", e)
print(json.dumps({(1, 2): 1, "a": 2, (3,): 4, "b": 5}, skipkeys=True))
print(json.dumps({(1, 2): 1}, skipkeys=True), json.dumps({"a": {(1,): 2, "c": 3}}, skipkeys=True))

# sort_keys, separators.
print(json.dumps({"b": 1, "a": 2, "c": [{"z": 1, "y": 2}], "\u00e9": 0, "B": 3}, sort_keys=True))
print(json.dumps({2: "a", 1: "b", 10: "c"}, sort_keys=True))
print(json.dumps(MyDict(b=1, a=2), sort_keys=True), json.dumps(ItemsDict(q=1), sort_keys=True))
try:
    json.dumps({1: 1, "a": 2}, sort_keys=True)
except TypeError as e:
    print("TypeError", e)
print(json.dumps([1, {"a": 2}], separators=(",", ":")), json.dumps([1, {"a": 2}], separators=(" , ", " : ")))
print(json.dumps({"a": [1, 2]}, separators=("", "")))

# allow_nan.
for f in [float("inf"), float("-inf"), float("nan"), MyFloat("inf")]:
    print(json.dumps(f), json.dumps([f]))
    for doc in (f, [f], {"k": f}, {f: 1}):
        try:
            json.dumps(doc, allow_nan=False)
        except ValueError as e:
            print("ValueError", e)

# default.
print(json.dumps({"d": Decimal("1.5"), "f": Fraction(1, 3), "s": {3, 1, 2}}, default=str))
print(json.dumps([1j, 2j], default=lambda c: [c.real, c.imag]))
print(json.dumps(Decimal(1), default=lambda o: {"nested": [o.as_tuple().digits]}))
for v in [object, 1j, {1, 2}, b"bytes", Decimal("2")]:
    try:
        json.dumps(v)
    except TypeError as e:
        print("TypeError", e)
try:
    json.dumps([1, 2j], default=lambda o: 1 / 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)


class Enc(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, set):
            return sorted(o)
        return super().default(o)


print(Enc().encode({"s": {3, 1}, "t": [frozenset()] if False else []}), Enc(sort_keys=True).encode({"b": {2}, "a": 1}))

# Circular references.
a = []
a.append(a)
d = {}
d["self"] = d
b = [1, {"x": []}]
b[1]["x"].append(b)
for v in (a, d, b):
    try:
        json.dumps(v)
    except ValueError as e:
        print("ValueError", e)
    try:
        json.dumps(v, check_circular=False)
    except RecursionError as e:
        print("RecursionError", e)


class Loop:
    pass


loop = Loop()
try:
    json.dumps(loop, default=lambda o: [o])
except ValueError as e:
    print("ValueError", e)
shared = [1, 2]
print(json.dumps([shared, shared, {"a": shared}]))
deep = []
cur = deep
for _ in range(300):
    cur.append([])
    cur = cur[0]
print(len(json.dumps(deep)))
deeper = []
cur = deeper
for _ in range(100000):
    cur.append([])
    cur = cur[0]
try:
    json.dumps(deeper)
except RecursionError as e:
    print("RecursionError", e)

# The encoder object itself.
markers = {}
enc = _json.make_encoder(markers, str, _json.encode_basestring_ascii, None, ": ", ", ", True, False, True)
print(enc.markers is markers, enc.default, enc.encoder, enc.indent, enc.key_separator, enc.item_separator,
      enc.sort_keys, enc.skipkeys)
print(enc({"b": [1, 2.5, "\u00e9"], "a": None}, 0), markers, enc(obj="x", _current_indent_level=3))
print(type(enc([1], 0)).__name__)
enc2 = _json.make_encoder(None, str, lambda s: "<" + s + ">", 4, "=", ";", False, True, False)
print(enc2([{"a": 1, 2: 3, (4,): 5}, "s"], 0), enc2.indent, enc2.markers)
enc3 = _json.make_encoder({}, str, lambda s: 5, None, ":", ",", False, False, True)
try:
    enc3(["a"], 0)
except TypeError as e:
    print("TypeError", e)
enc4 = _json.make_encoder({}, str, json.encoder.py_encode_basestring, None, ":", ",", False, False, True)
print(enc4(["\u00e9\n"], 0))
for args in [(None, str, str, None, 1, ",", False, False, True), ([], str, str, None, ":", ",", False, False, True),
             (None, str, str, None, ":", None, False, False, True), ()]:
    try:
        _json.make_encoder(*args)
    except TypeError as e:
        print("TypeError", e)
for args, kw in [(([1],), {}), (([1], 0, 2), {}), (([1], "x"), {}), (([1],), {"level": 0})]:
    try:
        enc(*args, **kw)
    except TypeError as e:
        print("TypeError", e)


class BadItems(dict):
    def items(self):
        return [("a", 1, 2)]


try:
    json.dumps(BadItems(a=1))
except ValueError as e:
    print("ValueError", e)

# Round trips, including big documents and indent (which uses the pure-Python iterencode).
doc = {"list": list(range(50)), "text": "\u00e9\U0001f600\n", "nested": [{"k": i / 7} for i in range(20)]}
print(json.loads(json.dumps(doc)) == doc, json.loads(json.dumps(doc, ensure_ascii=False)) == doc)
print(json.dumps(doc, indent=2, sort_keys=True)[:120])
big = [{"id": i, "name": "n%d" % i, "vals": [i, i * 0.5, str(i)]} for i in range(5000)]
s = json.dumps(big)
print(len(s), json.loads(s) == big, s[:80])
print(json.dumps(10**4000 // 10**3999), json.dumps(-5 * 10**30))
try:
    json.dumps(10**5000)
except ValueError as e:
    print("ValueError", e)

# The encoder's result is CPython 3.11's list of chunks (one per 100000 pieces of output).
enc5 = _json.make_encoder(None, str, _json.encode_basestring_ascii, None, ":", ",", False, False, True)
for n in [1, 49999, 50000, 50001, 100000]:
    r = enc5(list(range(n)), 0)
    print(n, type(r).__name__, [len(c) for c in r])
r = enc5([{"k": [1, "s"]}] * 30000, 0)
print([len(c) for c in r], "".join(r) == json.dumps([{"k": [1, "s"]}] * 30000, separators=(",", ":")))
