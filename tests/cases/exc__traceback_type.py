# types.TracebackType: the constructor (tb_new) and its argument checks, tb_next's checks
# (no loops, no deletion), and the builtin types CPython refuses as a base class.
import sys
import types

f = sys._getframe()


def t(label, fn):
    try:
        r = fn()
        print(label, "ok", repr(r))
    except BaseException as e:
        print(label, type(e).__name__ + ":", e)


def show(tb):
    return tb.tb_lasti, tb.tb_lineno, tb.tb_next, tb.tb_frame is f


for a in [(None, f, 1.5, 1), (None, f, "x", 1), (None, f, 2**40, 1), (None, f, 2**70, 1), (None, f, -1, 3),
          (None, f, 6, 9), (None, 5, 0, 1), (5, f, 0, 1), (None, f, False, 1)]:
    t(repr(a[2:]), lambda: show(types.TracebackType(*a)))
t("missing", lambda: types.TracebackType(None, f, 0))
t("none", lambda: types.TracebackType())
t("kw extra", lambda: types.TracebackType(tb_next=None, tb_frame=f, tb_lasti=0, tb_lineno=3, x=1))
t("kw bad", lambda: types.TracebackType(None, f, 0, tb_line=3))
t("kw", lambda: show(types.TracebackType(tb_next=None, tb_frame=f, tb_lasti=0, tb_lineno=3)))
t("kw twice", lambda: types.TracebackType(None, f, 0, 3, tb_next=None))
t("5 args", lambda: types.TracebackType(None, f, 0, 1, 2))

inner = types.TracebackType(None, f, 0, 30)
outer = types.TracebackType(inner, f, 0, 29)
t("chain", lambda: outer.tb_next is inner)
t("del tb_next", lambda: delattr(outer, "tb_next"))
t("loop", lambda: setattr(inner, "tb_next", outer))
t("self loop", lambda: setattr(inner, "tb_next", inner))
t("bad next", lambda: setattr(inner, "tb_next", 3))
t("lineno ro", lambda: setattr(inner, "tb_lineno", 3))
t("lasti ro", lambda: setattr(inner, "tb_lasti", 3))
t("frame ro", lambda: setattr(inner, "tb_frame", f))
e = ValueError("built")
e.__traceback__ = outer
try:
    raise e
except ValueError as err:
    lines = []
    tb = err.__traceback__
    while tb:
        lines.append(tb.tb_lineno)
        tb = tb.tb_next
    print("entries", lines, err.__traceback__.tb_next is outer)
t("with_traceback", lambda: ValueError().with_traceback(inner).__traceback__ is inner)

for ty in [type(None), bool, types.FunctionType, types.CodeType, types.FrameType, types.MethodType,
           types.GeneratorType, types.CoroutineType, types.AsyncGeneratorType, range, slice, memoryview,
           types.CellType, types.BuiltinFunctionType, type(Ellipsis), type(NotImplemented),
           types.MappingProxyType, types.GetSetDescriptorType, types.MemberDescriptorType,
           types.MethodWrapperType, types.WrapperDescriptorType, types.MethodDescriptorType,
           types.ClassMethodDescriptorType, types.TracebackType, types.UnionType,
           type({}.keys()), type({}.values()), type({}.items()),
           type(iter([])), type(reversed([])), type(iter(())), type(iter("")), type(iter(range(3))),
           type(iter({})), type(iter(set())), type(iter(b"")), type(iter(lambda: 1, 2))]:
    t(ty.__name__, lambda: type("X", (ty,), {}))
for ty in [types.GenericAlias, types.SimpleNamespace, types.ModuleType, reversed, enumerate, property,
           staticmethod, classmethod, super, BaseException, OSError]:
    t(ty.__name__, lambda: type("X", (ty,), {}).__mro__[1] is ty)
