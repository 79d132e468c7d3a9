# Pickling and copying of exceptions: BaseException.__reduce__/__setstate__ and the OSError,
# ImportError, SyntaxError, UnicodeError, StopIteration, SystemExit, KeyError, AttributeError
# and NameError specifics, with user subclasses and the errors of wrong uses.
import copy
import pickle


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "raises", type(e).__name__, e)


ATTRS = ("errno", "strerror", "filename", "filename2", "characters_written", "name", "path", "msg",
         "value", "code", "obj", "lineno", "offset", "text", "end_lineno", "end_offset",
         "encoding", "object", "start", "end", "reason", "message", "exceptions")


def attrs(e):
    out = []
    for k in ATTRS:
        try:
            out.append((k, getattr(e, k)))
        except AttributeError:
            pass
    return out


def roundtrips(e):
    print("--", repr(e))
    show("reduce", e.__reduce__)
    show("vars", lambda: vars(e))
    for proto in range(pickle.HIGHEST_PROTOCOL + 1):
        r = pickle.loads(pickle.dumps(e, proto))
        print(" proto", proto, type(r).__name__, repr(r), str(r), r.args, attrs(r) == attrs(e))
    for how in (copy.copy, copy.deepcopy):
        r = how(e)
        print(" ", how.__name__, repr(r), str(r), r is e, attrs(r) == attrs(e), vars(r))


roundtrips(ValueError())
roundtrips(ValueError("bad", 3))
roundtrips(KeyError("x", 1))
roundtrips(KeyError("k"))
roundtrips(OSError(2, "no", "f"))
roundtrips(OSError(2, "no", "f", None, "g"))
roundtrips(OSError(2, "no"))
roundtrips(OSError("just text"))
roundtrips(OSError(2, "no", None))
roundtrips(OSError(1, 2, 3, 4, 5, 6))
roundtrips(PermissionError(13, "denied", b"/x"))
roundtrips(BlockingIOError(11, "again", 5))
roundtrips(ImportError("m", name="n", path="p"))
roundtrips(ImportError("m"))
roundtrips(ImportError("a", "b"))
roundtrips(ModuleNotFoundError("m", name="n"))
roundtrips(SyntaxError("msg", ("f.py", 1, 2, "txt", 1, 3)))
roundtrips(SyntaxError("msg"))
roundtrips(IndentationError("m", ("f", 1, 2, "t")))
roundtrips(StopIteration(5))
roundtrips(StopIteration())
roundtrips(SystemExit(3))
roundtrips(SystemExit(1, 2))
roundtrips(AttributeError("a", name="n", obj=1))
roundtrips(NameError("x", name="y"))
roundtrips(UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad"))
roundtrips(UnicodeEncodeError("ascii", "\xe9", 0, 1, "bad"))
roundtrips(UnicodeTranslateError("\xe9", 0, 1, "bad"))
roundtrips(ExceptionGroup("eg", [ValueError(1), TypeError(2)]))

# Attributes set after creation travel in the state dict; members do not.
e = ValueError("v")
e.extra = [1, 2]
e.add_note("a note")
roundtrips(e)
e = OSError(2, "no")
e.filename = "late"
roundtrips(e)
e = ImportError("m", name="n")
e.more = 1
roundtrips(e)
e = UnicodeDecodeError("utf-8", b"ab", 0, 1, "r")
e.start = 1
roundtrips(e)

# Native exceptions.
try:
    open("/nonexistent/dir/file")
except OSError as exc:
    roundtrips(exc)
try:
    {}["missing"]
except KeyError as exc:
    roundtrips(exc)
try:
    import no_such_module_xyz
except ImportError as exc:
    roundtrips(exc)
try:
    compile("x = (", "src.py", "exec")
except SyntaxError as exc:
    roundtrips(exc)
try:
    b"\xff".decode("utf-8")
except UnicodeDecodeError as exc:
    roundtrips(exc)


# User subclasses.
class MyError(Exception):
    pass


class WithInit(Exception):
    def __init__(self, a, b):
        super().__init__(a, b)
        self.total = a + b


class WithState(ValueError):
    def __init__(self, *args):
        super().__init__(*args)
        self.seen = len(args)


class MyOSError(OSError):
    pass


class Lossy(Exception):
    def __init__(self, a, b):
        super().__init__(a)
        self.b = b


roundtrips(MyError("x", 2))
roundtrips(WithInit(1, 2))
roundtrips(WithState(1, 2, 3))
roundtrips(MyOSError(2, "no", "f"))
show("lossy", lambda: pickle.loads(pickle.dumps(Lossy(1, 2))))
show("lossy copy", lambda: copy.copy(Lossy(1, 2)))

# Members are not in __dict__.
print(vars(OSError(2, "no", "f")), vars(StopIteration(1)), vars(ImportError("m", name="n")))
print(vars(AttributeError("a", name="n", obj=1)), vars(SyntaxError("m", ("f", 1, 2, "t"))))
print(OSError(2, "x", None).args, OSError(2, "x", "f").args, OSError(2, "x", "f", 0, "g").args)
print(BlockingIOError(11, "x", 3).characters_written, BlockingIOError(11, "x", "f").filename)
show("characters_written unset", lambda: OSError(2, "x").characters_written)
show("characters_written float", lambda: BlockingIOError(2, "x", 3.5))
e = OSError(2, "x", "f")
del e.filename
print(e.filename, e.__reduce__())
e = UnicodeDecodeError("u", b"ab", 0, 1, "r")
for stmt in ("e.start = 'x'", "del e.start", "e.reason = 5"):
    show(stmt, lambda: exec(stmt))
eg = ExceptionGroup("m", [ValueError()])
for stmt in ("eg.message = 5", "del eg.exceptions"):
    show(stmt, lambda: exec(stmt))

# __setstate__ directly.
e = ValueError()
show("setstate dict", lambda: (BaseException.__setstate__(e, {"a": 1}), e.a))
show("setstate None", lambda: BaseException.__setstate__(e, None))
show("setstate int", lambda: BaseException.__setstate__(e, 5))
show("setstate list", lambda: BaseException.__setstate__(e, [("a", 1)]))
show("setstate key", lambda: BaseException.__setstate__(e, {1: 2}))
show("setstate no arg", lambda: BaseException.__setstate__(e))
show("setstate members", lambda: (OSError.__setstate__(OSError(), {"errno": 5, "x": 1}), ))
o = OSError()
o.__setstate__({"errno": 5, "x": 1})
print(o.errno, vars(o), o.__reduce__())

# Wrong uses.
show("reduce arg", lambda: ValueError().__reduce__(1))
show("reduce int", lambda: BaseException.__reduce__(5))
show("oserror reduce", lambda: OSError.__reduce__(ValueError()))
show("importerror reduce", lambda: ImportError.__reduce__(ValueError()))
for src in ("AttributeError(foo=1)", "NameError(obj=1)", "ImportError(foo=1)", "ModuleNotFoundError(x=1)",
            "ValueError(x=1)", "OSError(x=1)", "KeyError(x=1)", "StopIteration(value=1)",
            "SyntaxError(msg=1)", "UnicodeDecodeError(x=1)", "MyError(x=1)",
            "SyntaxError('m', (1, 2))", "SyntaxError('m', 5)", "SyntaxError('m', (1, 2, 3, 4, 5))",
            "SyntaxError('m', (1, 2, 3, 4, 5, 6, 7))", "SyntaxError('m', 'abcd').text",
            "SyntaxError('m', (1, 2, 3, 4), 3).filename", "ImportError('a', 'b').msg",
            "SystemExit(1, 2).code", "SystemExit().code", "OSError(1, 2, 3, 4, 5, 6).errno",
            "OSError(2, 'a', 'b', 'c', 'd', 'e')"):
    show(src, lambda: eval(src))

# Cycles, __slots__ subclasses, and exceptions raised by the interpreter itself.
e = ValueError("x")
e.me = e
d = copy.deepcopy(e)
print("cycle", d.me is d, d.args, pickle.loads(pickle.dumps(e)).me.args)


class Slotted(Exception):
    __slots__ = ("a",)


s = Slotted(1)
s.a = 5
show("slots reduce", s.__reduce__)
show("slots pickle", lambda: pickle.loads(pickle.dumps(s)).args)


class K(KeyError):
    def __init__(self, key, extra=None):
        super().__init__(key)
        self.extra = extra


k = K("a", extra=3)
show("K", lambda: (pickle.loads(pickle.dumps(k)).extra, copy.copy(k).extra, k.__reduce__()))


class O(OSError):
    def __init__(self, *a):
        super().__init__(*a)
        self.z = 1


o = O(2, "no", "f")
show("O reduce", o.__reduce__)
show("O round trip", lambda: (lambda r: (type(r).__name__, r.filename, r.z, r.args))(pickle.loads(pickle.dumps(o))))
try:
    raise ValueError("tb")
except ValueError as exc:
    print("traceback not copied", copy.copy(exc).__traceback__, exc.__traceback__ is not None)
try:
    [].x
except AttributeError as z:
    show("native AttributeError", lambda: (z.__reduce__(), z.name, type(z.obj).__name__))
try:
    undefined_name
except NameError as z:
    show("native NameError", lambda: (z.__reduce__(), z.name))


def unbound():
    x
    x = 1


def free():
    def inner():
        return y
    inner()
    y = 1


for fn in (unbound, free):
    try:
        fn()
    except NameError as z:
        show("native " + type(z).__name__, lambda: (z.__reduce__(), z.name))
try:
    from os import nothing_here
except ImportError as z:
    show("cannot import name", lambda: (z.name, "path" in z.__reduce__()[2]))
for f in (lambda: next(iter([])), lambda: next(g), lambda: exit(4)):
    def gen():
        yield 1
        return 5
    g = gen()
    next(g)
    try:
        f()
    except (StopIteration, SystemExit) as z:
        show("native " + type(z).__name__, lambda: (z.__reduce__(), getattr(z, "value", getattr(z, "code", None))))
try:
    "\xe9".encode("ascii")
except UnicodeEncodeError as z:
    show("native UnicodeEncodeError", lambda: (z.__reduce__(), vars(z), str(pickle.loads(pickle.dumps(z)))))
try:
    open("/")
except OSError as z:
    show("native IsADirectoryError", lambda: (z.__reduce__(), vars(z)))
print(type(OSError.errno).__name__, type(OSError.characters_written).__name__, type(ExceptionGroup.message).__name__)
print(OSError.errno, StopIteration.value, SyntaxError.print_file_and_line, UnicodeDecodeError.start)
