# Exception attributes: __dict__ assignment, the checks on __cause__/__context__/
# __traceback__/args/__suppress_context__ (set and delete), notes, with_traceback, keywords.
import pickle
import sys


def t(label, f):
    try:
        r = f()
        print(label, "ok", repr(r))
    except BaseException as e:
        print(label, type(e).__name__ + ":", e)


# __dict__ is writable (PyObject_GenericSetDict), only with a dict, and not deletable.
e = ValueError("v")
e.old = 1
e.__dict__ = {"q": 1}
print(e.q, vars(e), hasattr(e, "old"))
e.q = 2
print(e.__dict__)
t("dict=5", lambda: setattr(e, "__dict__", 5))
t("dict=list", lambda: setattr(e, "__dict__", [("a", 1)]))
t("del dict", lambda: delattr(e, "__dict__"))


class D(dict):
    pass


e.__dict__ = D(z=3)
print(e.z, type(e.__dict__).__name__)
p = pickle.loads(pickle.dumps(ValueError("p")))
p.__dict__ = {"note": "n"}
print(pickle.loads(pickle.dumps(p)).note, p.__reduce__())
k = KeyError("k")
k.__dict__ = {"__notes__": ["from dict"]}
k.add_note("added")
print(k.__notes__)


class Mine(Exception):
    def __init__(self, a, b=2):
        super().__init__(a)
        self.b = b


m = Mine(1, b=5)
m.__dict__ = {"b": 7, "c": 8}
print(m.b, m.c, m.args)

# __cause__ / __context__: None or an exception instance, never deleted.
x = Exception("x")
for name in ["__cause__", "__context__"]:
    for v in [1, ValueError, "s", object()]:
        t(f"{name}={type(v).__name__}", lambda: setattr(x, name, v))
    t(f"del {name}", lambda: delattr(x, name))
print(x.__cause__, x.__context__, x.__suppress_context__)
x.__context__ = KeyError("c")
x.__cause__ = None
print(repr(x.__context__), x.__cause__, x.__suppress_context__)
x.__suppress_context__ = False
x.__cause__ = TypeError("t")
print(repr(x.__cause__), x.__suppress_context__)
x.__cause__ = None
x.__context__ = None
print(x.__cause__, x.__context__)

# __traceback__ and with_traceback: a traceback or None.
try:
    raise OSError("tb")
except OSError as err:
    tb = err.__traceback__
t("tb=5", lambda: setattr(x, "__traceback__", 5))
t("tb=frame", lambda: setattr(x, "__traceback__", sys._getframe()))
t("del tb", lambda: delattr(x, "__traceback__"))
x.__traceback__ = tb
print(x.__traceback__ is tb)
x.__traceback__ = None
print(x.__traceback__)
t("with_traceback(5)", lambda: x.with_traceback(5))
t("with_traceback()", lambda: x.with_traceback())
t("with_traceback(tb, 1)", lambda: x.with_traceback(tb, 1))
t("with_traceback(tb)", lambda: x.with_traceback(tb).__traceback__ is tb)
t("with_traceback(None)", lambda: x.with_traceback(None).__traceback__)
t("with_traceback(tb=)", lambda: x.with_traceback(tb=tb))

# args: any iterable becomes a tuple; never deleted.
for v in [[1, 2], "ab", range(3), {"k": 1}, (i * i for i in range(3)), ()]:
    y = Exception(0)
    y.args = v
    print(repr(y.args), str(y), repr(y))
t("args=5", lambda: setattr(Exception(), "args", 5))
t("args=None", lambda: setattr(Exception(), "args", None))
t("del args", lambda: delattr(Exception(), "args"))

# __suppress_context__ is a T_BOOL member.
for v in [1, 0, None, "x"]:
    t(f"suppress={v!r}", lambda: setattr(Exception(), "__suppress_context__", v))
t("del suppress", lambda: delattr(Exception(), "__suppress_context__"))
s = Exception()
s.__suppress_context__ = True
print(s.__suppress_context__)

# notes.
n = Exception()
t("add_note(1)", lambda: n.add_note(1))
t("add_note()", lambda: n.add_note())
t("add_note(b'')", lambda: n.add_note(b"x"))
t("notes unset", lambda: n.__notes__)
n.add_note("one")
n.add_note("two")
print(n.__notes__)
n.__notes__ = 5
t("notes=5", lambda: n.add_note("three"))
n.__notes__ = ("a",)
t("notes=tuple", lambda: n.add_note("three"))
del n.__notes__
n.add_note("fresh")
print(n.__notes__)
t("del notes twice", lambda: (delattr(n, "__notes__"), delattr(n, "__notes__")))

# keywords: BaseException() and its builtin subclasses take none; __new__ ignores them.
t("BaseException(a=1)", lambda: BaseException(a=1))
t("Exception(1, a=1)", lambda: Exception(1, a=1))
t("ValueError(a=1)", lambda: ValueError(a=1))
t("__new__ kw", lambda: BaseException.__new__(BaseException, 1, a=1).args)
t("__new__ int", lambda: BaseException.__new__(int))
t("__new__()", lambda: BaseException.__new__())
t("__init__(5)", lambda: BaseException.__init__(5))
w = Exception(1)
t("__init__ kw", lambda: w.__init__(2, a=1))
print(w.args)
w.__init__(3, 4)
print(w.args)
print(Mine(1, b=3).b)


class Plain(Exception):
    pass


class NewOnly(Exception):
    def __new__(cls, *a, **k):
        return super().__new__(cls, *a, **k)


class InitKw(Exception):
    def __init__(self, **k):
        super().__init__(*k)


t("Plain(k=2)", lambda: Plain(k=2))
t("NewOnly(1, k=2)", lambda: NewOnly(1, k=2))
t("InitKw(k=2)", lambda: InitKw(k=2, j=3).args)
t("ImportError(x=1)", lambda: ImportError(x=1))
t("ImportError(name=)", lambda: ImportError("m", name="n").name)
