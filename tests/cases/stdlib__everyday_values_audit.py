# Everyday values from builtins and the standard library (formatting, collections, json, re,
# datetime, decimal, hashing, ...) printed exactly as CPython 3.11 prints them.
import collections, dataclasses, enum, functools, itertools, json, re, string, textwrap, datetime, decimal, fractions, statistics, random, heapq, bisect, operator, typing, pathlib, copy, pprint, io, struct, base64, hashlib, uuid
exprs = r'''
f"{3.14159:.2f}|{42:08b}|{1e20:,.0f}|{-0.0}|{1/3!r}|{'x':^7}|{1234567:_}"
"{:>10}|{:<5}|{:^9.3f}|{:+d}|{:#x}|{:e}|{:g}|{:%}".format("hi", 3, 2.5, 5, 255, 12345.678, 0.00001, 0.25)
"%5.1f|%-4d|%x|%o|%e|%r|%s|%c" % (2.25, 7, 255, 8, 1.5, "q", None, 65)
repr(1e16), repr(1.1), repr(2.0**0.5), repr(-1e-7), str(1e300*10), repr(float("nan"))
round(2.5), round(0.125, 2), round(-1.5), round(1234.5678, -2), round(5, -1)
divmod(-7, 2), -7 // 2, -7 % 2, 7 % -3, 2**100, (-2)**0.5
sorted({3: 'a', 1: 'b'}.items()), list(reversed([1, 2])), dict(zip('ab', range(2)))
collections.Counter("mississippi").most_common(2)
collections.OrderedDict(a=1, b=2), collections.defaultdict(int, a=1), collections.deque([1, 2], maxlen=3)
collections.namedtuple("P", "x y")(1, 2)
json.dumps({"a": [1, 2.5, None, True], "b": "é"}, sort_keys=True), json.loads('{"x": [1, {"y": null}]}')
json.dumps({"a": 1}, indent=2)
re.findall(r"\d+", "a1b22c333"), re.sub(r"(\w)(\d)", r"\2\1", "a1 b2"), re.split(r"[,;]", "a,b;c")
textwrap.fill("The quick brown fox jumps over the lazy dog " * 2, width=30)
datetime.date(2024, 2, 29) + datetime.timedelta(days=366), datetime.datetime(2020, 1, 2, 3, 4, 5).isoformat()
str(datetime.timedelta(days=1, seconds=3661)), datetime.date(2024, 1, 1).strftime("%A %d %B %Y")
decimal.Decimal("1.1") + decimal.Decimal("2.2"), decimal.Decimal(1) / decimal.Decimal(7)
fractions.Fraction(3, 4) + fractions.Fraction(1, 6), fractions.Fraction(0.1)
statistics.mean([1, 2, 3, 4]), statistics.median([3, 1, 2]), statistics.stdev([1, 2, 3, 4])
list(itertools.permutations("abc", 2))[:4], list(itertools.accumulate([1, 2, 3])), list(itertools.groupby("aabbc"))[0][0]
functools.reduce(operator.mul, range(1, 10)), functools.lru_cache(maxsize=2)(lambda x: x * 2)(4)
heapq.nsmallest(3, [5, 1, 4, 2, 3]), bisect.bisect_left([1, 2, 4], 3)
string.ascii_letters[:5], string.Template("$x-$y").substitute(x=1, y=2), "Hello World".swapcase().title()
pathlib.PurePosixPath("/a/b/c.txt").suffix, pathlib.PurePosixPath("/a/b/c.txt").parent.name
struct.pack("<if", 1, 2.5), struct.unpack(">H", b"\x01\x02"), base64.b64encode(b"hello")
hashlib.sha256(b"abc").hexdigest()[:16], hashlib.md5(b"").hexdigest()
uuid.UUID("12345678123456781234567812345678"), uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")
copy.deepcopy({"a": [1, {"b": 2}]}), pprint.pformat({"k%d" % i: list(range(i)) for i in range(6)})
enum.Enum("Color", "RED GREEN").RED, list(enum.IntFlag("F", "A B C"))
dataclasses.make_dataclass("D", ["x", ("y", int, 3)])(1)
typing.get_type_hints(type("T", (), {"__annotations__": {"a": int}})), typing.Optional[int], list[int]
{1, 2, 3} ^ {2, 5}, frozenset("aba"), {x: x * x for x in range(4)}, {"b", "a", "c"}
sorted(["b", "A", "c"], key=str.lower), sorted([3, 1, 2], reverse=True), "".join(sorted("hello"))
"a,b,,c".split(","), " x y ".split(), "abc".partition("b"), "  pad ".strip(), "ß".upper(), "İ".lower()
"%s" % [1, "a", (2,)], str(b"x\x00\xff"), repr("a'b\"c"), ascii("é\n"), "ab" * 3, "tab\there".expandtabs(4)
int("0x1f", 16), int("  42  "), int("1_000"), float("1e-3"), float(" inf "), complex("1+2j"), bin(-5), oct(8), hex(-255)
bytes(range(5)), bytearray(b"ab") + b"c", b"abc".hex(), bytes.fromhex("6162"), memoryview(b"abc")[1:].tobytes()
[i for i in range(10) if i % 3 == 0], list(map(str, range(3))), list(filter(None, [0, 1, "", "a"]))
any([]), all([]), max("abc"), min([3, 1], default=0), sum([0.1] * 3), abs(-3.5), pow(3, 4, 5), pow(2, -1, 7)
isinstance(True, int), issubclass(bool, int), type(1) is int, callable(len), hasattr([], "append")
io.StringIO("a\nb\n").readlines(), len(random.Random(1).sample(range(100), 5)), random.Random(3).randint(1, 100)
'''.strip().splitlines()
for e in exprs:
    try:
        print(e[:40], "=>", eval(e))
    except BaseException as x:
        print(e[:40], "!!", type(x).__name__, x)
