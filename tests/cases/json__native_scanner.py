# The native JSON scanner (_json.make_scanner / scanstring): values, hooks, errors, positions.
import json
import json.decoder
import json.scanner
import _json
import sys
from collections import OrderedDict
from decimal import Decimal

print(json.decoder.c_scanstring is not None, json.scanner.c_make_scanner is not None)
print(json.decoder.scanstring is _json.scanstring, json.scanner.make_scanner is _json.make_scanner)
print(_json.make_scanner, _json.make_scanner.__doc__, _json.scanstring.__name__)
print(sorted(n for n in dir(_json) if not n.startswith("_")))
print(sorted(n for n in dir(_json.make_scanner) if not n.startswith("__")))


def show(doc, **kw):
    try:
        v = json.loads(doc, **kw)
        print("ok ", ascii(doc)[:60], "->", ascii(v)[:200])
    except json.JSONDecodeError as e:
        print("err", ascii(doc)[:60], "->", e.msg, "| pos", e.pos, "line", e.lineno, "col", e.colno, "|", e)
    except Exception as e:
        print("exc", ascii(doc)[:60], "->", type(e).__name__, e)


valid = [
    '0', '-0', '1', '-1', '12345678901234567890123', '-98765432109876543210', '1.5', '-0.0',
    '1e5', '1E5', '1e-5', '1.25e+3', '2.5E-3', '1e400', '-1e400', '1e-400', '0.1', '123.456e7',
    '"abc"', '""', '"\\u00e9\\u4e2d"', '"\\ud83d\\ude00"', '"\\uD83D\\uDE00"', '"\\ud800"', '"\\udc00"',
    '"\\ud83dx"', '"\\ud83d\\u0041"', '"\\ud83d\\ud83d"', '"\\\\\\"\\/\\b\\f\\n\\r\\t"',
    '"caf\u00e9 \u4e2d\u6587 \U0001f600"', 'true', 'false', 'null', '[]', '{}', '[ ]', '{ }',
    ' [1, 2 ,3 ] ', '{"a": 1, "b": [true, false, null], "c": {"d": "e"}}', '[[[[[]]]]]',
    '{"a": 1, "a": 2}', '\n\t\r [\n1\n]\n', 'NaN', 'Infinity', '-Infinity', '[NaN, Infinity, -Infinity]',
    '{"\\u00e9": "\\u00e9"}', '["\u00e9", 1, "\U0001f600", 2.5]', '[1.0, 2e0, 0e0, -0e-0]',
]
for doc in valid:
    show(doc)

invalid = [
    '', ' ', '[', ']', '{', '}', '[1,', '[1,]', '[1 2]', '[1,,2]', '{"a"', '{"a":', '{"a":1,}',
    '{"a" 1}', '{"a":1 "b":2}', '{1: 2}', "{'a': 1}", '{"a":1,,"b":2}', 'nul', 'tru', 'fals', 'NAN',
    'infinity', '-', '-I', '-Inf', '--1', '+1', '01', '00', '1.', '1.e5', '.5', '1e', '1e+', '1E-',
    '[1e]', '[1.]', '[-]', '"abc', '"abc\\', '"\\q"', '"\\x41"', '"\\u12x4"', '"\\u1234', '"ab\\u12',
    '"\\ud83d\\ude0x"', '"\\ud83d\\u"', '"\\ud83d\\x"', '"\\ud83d\\"', '"a\x01"', '"a\x1f b"', '"tab\there"',
    '[1] x', '1 2', '{"a": [1, {"b": }]}', '\u00e9', '["\u00e9\u00e9", x]', '{"\u4e2d": 1, "x" 2}',
    '"\u00e9\\q"', '[\n1,\n2,\n]', '{\n"a": 1,\n"b"\n}', '[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 14]',
    '"\x7f"', '"\\U0001f600"', '[true false]', 'true1', '[null,]', '\ufeff[1]',
]
for doc in invalid:
    show(doc)

# strict=False allows control characters inside strings.
show('"a\x01\tb\nc"', strict=False)
show('{"k\x00": "v\x1f"}', strict=False)
show('"a\x01"', strict=True)

# Hooks.
show('{"b": 1, "a": {"c": 2}}', object_hook=lambda d: sorted(d.items()))
show('{"b": 1, "a": {"c": 2}, "b": 3}', object_pairs_hook=lambda p: p)
print(json.loads('{"b": 1, "a": 2}', object_pairs_hook=OrderedDict))
show('{"a": 1}', object_hook=lambda d: 1 / 0)
show('[1.5, 2, 3e2, -0.25]', parse_float=Decimal)
show('[1.5, 2, 30, -7]', parse_int=lambda s: "int:" + s)
show('[1.5, 2, 30, -7]', parse_int=float, parse_float=str)
show('[NaN, Infinity, -Infinity]', parse_constant=lambda c: "const:" + c)
show('[NaN]', parse_constant=lambda c: 1 / 0)
show('{"a": 1}', object_pairs_hook=OrderedDict, object_hook=dict)


def bad_constant(c):
    raise ValueError("no constants: " + c)


show('-Infinity', parse_constant=bad_constant)

# Key memoisation: equal keys share one str object within a document.
docs = json.loads('[{"key": 1}, {"key": 2}, {"k\\u0065y": 3}]')
print(all(list(d)[0] is list(docs[0])[0] for d in docs))

# Big nesting and long documents.
deep = "[" * 500 + "]" * 500
v = json.loads(deep)
depth = 0
while v:
    v = v[0]
    depth += 1
print("depth", depth)
deep_obj = '{"a":' * 300 + "1" + "}" * 300
print(len(json.dumps(json.loads(deep_obj))))
try:
    json.loads("[" * 100000 + "]" * 100000)
except RecursionError as e:
    print("RecursionError", e)
try:
    json.loads('{"a":' * 100000 + "1" + "}" * 100000)
except RecursionError as e:
    print("RecursionError", e)
big = json.dumps([{"i": i, "s": "x" * (i % 7), "f": i / 3} for i in range(3000)])
print(len(big), json.loads(big) == [{"i": i, "s": "x" * (i % 7), "f": i / 3} for i in range(3000)])
print(json.loads("12345678901234567890" * 10) == int("12345678901234567890" * 10))
try:
    json.loads("1" * 5000)
except ValueError as e:
    print("ValueError", e)

# Direct use of the scanner and scanstring.
dec = json.JSONDecoder()
scan = _json.make_scanner(dec)
print(scan.strict, scan.object_hook, scan.object_pairs_hook, scan.parse_float, scan.parse_int)
print(scan('[1, 2] tail', 0), scan('xx"abc"', 2), scan(string='{"a": null}', idx=0))
print(scan('  \u00e9 [1, "\u00e9"] x', 4))
for args in [("[", 0), ("x", 5), ("]", 0), ("-", 0), ("abc", 1), ("", 0), ("[1,", 0), ("{\"a\":", 0)]:
    try:
        print(scan(*args))
    except StopIteration as e:
        print("StopIteration", e.value)
    except json.JSONDecodeError as e:
        print("JSONDecodeError", e)
for args, kw in [(("x",), {}), (("x", 1, 2), {}), (("x",), {"idx": 0, "foo": 1}), (("x", 0), {"idx": 0}),
                 (("x",), {"foo": 0}), ((1, 0), {}), (("x", -1), {}), (("x", "0"), {}), (("x", 2**70), {})]:
    try:
        print(scan(*args, **kw))
    except Exception as e:
        print(type(e).__name__, e)


class Ctx:
    strict = 0
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int


try:
    _json.make_scanner(Ctx())
except AttributeError as e:
    print("AttributeError", e)
Ctx.parse_constant = None
s2 = _json.make_scanner(Ctx())
print(s2.strict, s2("\"a\x01\"", 0))
try:
    s2("NaN", 0)
except TypeError as e:
    print("TypeError", e)
for args in [(), (1, 2)]:
    try:
        _json.make_scanner(*args)
    except TypeError as e:
        print("TypeError", e)
try:
    _json.make_scanner(context=None)
except AttributeError as e:
    print("AttributeError", e)

ss = _json.scanstring
print(ss('"abc"', 1), ss('"abc"', 1, False), ss('x"a\\nb" tail', 2), ss('"\u00e9\\u00e9" x', 1))
print(ss('abc"', 0), ss('"\\ud83d\\ude00"', 1), ss('"a\x01"', 1, 0))
for args, kw in [(('"abc"', 9), {}), (('"abc"', -1), {}), ((b'"abc"', 1), {}), (('"abc"', 1), {"strict": False}),
                 (('a',), {}), (('a', 1, 2, 3), {}), (('a', 'x'), {}), (('abc', 0), {}), (('"abc', 1), {}),
                 (('"a\x01"', 1), {}), (('"abc"', 5), {})]:
    try:
        print(ss(*args, **kw))
    except Exception as e:
        print(type(e).__name__, e, getattr(e, "pos", ""))

# raw_decode and decode use the scanner.
print(dec.raw_decode('{"a": [1, 2]} trailing'), dec.raw_decode('  [1]', 2))
try:
    dec.raw_decode("[1, 2", 0)
except json.JSONDecodeError as e:
    print(e)
try:
    json.loads('["a", "b"]\n\n{')
except json.JSONDecodeError as e:
    print(e, e.lineno, e.colno)
try:
    json.loads('[\n  1,\n  2,\n  {"x": tru}\n]')
except json.JSONDecodeError as e:
    print(e, e.lineno, e.colno, repr(e.doc[:5]))
print(json.loads(b'{"bytes": [1, "\xc3\xa9"]}'.decode("utf-8")), json.loads(b'[1, 2]'))
