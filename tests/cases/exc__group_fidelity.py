# BaseExceptionGroup: __new__'s argument checks and class choice, __init__ setting args,
# split/subgroup's condition check, derive's result check, what a derived part inherits.
def t(label, fn):
    try:
        r = fn()
        print(label, "ok", repr(r))
    except BaseException as e:
        print(label, type(e).__name__ + ":", e)


t("eg no args", lambda: ExceptionGroup())
t("eg 1 arg", lambda: ExceptionGroup("m"))
t("eg msg int", lambda: ExceptionGroup(1, [ValueError()]))
t("eg excs int", lambda: ExceptionGroup("m", 5))
t("eg excs empty", lambda: ExceptionGroup("m", []))
t("eg excs non-exc", lambda: ExceptionGroup("m", [1]))
t("eg excs class", lambda: ExceptionGroup("m", [ValueError]))
t("eg base", lambda: ExceptionGroup("m", [KeyboardInterrupt()]))
t("beg base", lambda: type(BaseExceptionGroup("m", [KeyboardInterrupt()])).__name__)
t("beg exc", lambda: type(BaseExceptionGroup("m", [ValueError()])).__name__)
t("eg kw", lambda: ExceptionGroup("m", [ValueError()], x=1))
t("eg 3 args", lambda: ExceptionGroup("m", [ValueError()], 3))
t("eg tuple", lambda: ExceptionGroup("m", (ValueError(1),)).exceptions)
t("eg gen", lambda: ExceptionGroup("m", (e for e in [ValueError(1)])))
t("eg set", lambda: ExceptionGroup("m", {ValueError(1)}))
g = ExceptionGroup("m", [ValueError(1), TypeError(2), ExceptionGroup("n", [ValueError(3), KeyError(4)])])
t("split", lambda: g.split(ValueError))
t("split tuple", lambda: g.split((ValueError, KeyError)))
t("split fn", lambda: g.split(lambda e: isinstance(e, TypeError)))
t("split bad", lambda: g.split(5))
t("split non-exc class", lambda: g.split(int))
t("subgroup", lambda: g.subgroup(KeyError))
t("subgroup none", lambda: g.subgroup(OSError))
t("subgroup all", lambda: g.subgroup(Exception) is g)
t("derive", lambda: g.derive([ValueError(9)]))
t("str", lambda: str(g))
t("repr", lambda: repr(g))
t("args", lambda: g.args)
t("message set", lambda: setattr(g, "message", "x"))
class MyEG(ExceptionGroup):
    pass
t("myeg split", lambda: MyEG("m", [ValueError(1), TypeError(2)]).split(ValueError))
class MyEG2(ExceptionGroup):
    def __new__(cls, msg, excs, extra):
        self = super().__new__(cls, msg, excs)
        self.extra = extra
        return self
    def derive(self, excs):
        return MyEG2(self.message, excs, self.extra)
t("myeg2 split", lambda: [ (type(x).__name__, x.extra) for x in MyEG2("m", [ValueError(1), TypeError(2)], 7).split(ValueError)])
e = ExceptionGroup("m", [ValueError(1), TypeError(2)])
e.add_note("note")
e.__cause__ = KeyError()
m, r = e.split(ValueError)
t("split keeps notes/cause", lambda: (m.__notes__, r.__notes__, repr(m.__cause__), m.__notes__ is e.__notes__))
t("eg subclass of ValueError", lambda: type("X", (ExceptionGroup, ValueError), {})("m", [ValueError()]))
t("beg subclass Exception ok", lambda: type("X", (BaseExceptionGroup, Exception), {})("m", [KeyboardInterrupt()]))
t("class getitem", lambda: ExceptionGroup[int])
e = ExceptionGroup("m", [ValueError(1), TypeError(2)])
m, r = e.split(ValueError)
print(m.__suppress_context__, r.__suppress_context__, m.__cause__)
e.__notes__ = 5
m, r = e.split(ValueError)
t("notes non-seq", lambda: m.__notes__)
e.__notes__ = ("a",)
m, r = e.split(ValueError)
t("notes tuple", lambda: m.__notes__)
class D(ExceptionGroup):
    def derive(self, excs): return 5
t("bad derive", lambda: D("m", [ValueError(1), TypeError(2)]).split(ValueError))
class MyEG2(ExceptionGroup):
    def __new__(cls, msg, excs, extra):
        self = super().__new__(cls, msg, excs)
        self.extra = extra
        return self
    def __init__(self, msg, excs, extra):
        super().__init__(msg, excs, extra)
t("init args", lambda: MyEG2("m", [ValueError(1)], 7).args)
class MyEG3(ExceptionGroup):
    def __init__(self, msg, excs):
        super().__init__(msg)
t("init args3", lambda: MyEG3("m", [ValueError(1)]).args)
t("init kw", lambda: ExceptionGroup.__init__(e, "x", k=1))
t("init direct", lambda: (ExceptionGroup.__init__(e, 1, 2, 3), e.args, e.message)[1:])
t("pred split", lambda: e.split(lambda x: isinstance(x, ExceptionGroup)))
t("split type not exc", lambda: e.split(int))
t("split tuple bad", lambda: e.split((ValueError, int)))
t("split list", lambda: e.split([ValueError]))
t("split type exc instance", lambda: e.split(ValueError(1)))
t("subgroup bad", lambda: e.subgroup(5))
t("split kw", lambda: e.split(condition=ValueError))
t("split 0", lambda: e.split())
t("derive excs kw", lambda: e.derive(excs=[ValueError()]))
t("derive 0", lambda: e.derive())
