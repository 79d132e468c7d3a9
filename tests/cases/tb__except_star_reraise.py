# except*: a bare raise re-raises the matched part (the handled exception), what is re-raised
# or unhandled goes back as one projection of the original group, handlers' own exceptions
# join it in a BaseExceptionGroup, naked exceptions are wrapped with this frame's traceback,
# and except* refuses group classes.
import sys


def t(label, fn):
    try:
        fn()
        print(label, "no exception")
    except BaseException as e:
        print(label, repr(e))


def partial_reraise():
    try:
        e = ExceptionGroup("m", [ValueError(1), TypeError(2), KeyError(3)])
        e.add_note("top")
        raise e
    except* ValueError as g:
        print("V", repr(g), g.__notes__, repr(sys.exception()))
    except* TypeError as g:
        print("T", repr(g), sys.exception() is g)
        raise


def mixed():
    try:
        raise ExceptionGroup("m", [ValueError(1), TypeError(2)])
    except* ValueError:
        raise KeyboardInterrupt("k")
    except* TypeError:
        raise


def naked():
    try:
        raise KeyboardInterrupt
    except* KeyboardInterrupt as g:
        print(repr(g), type(g).__name__, g.__traceback__)
        raise


def bad_star(ty):
    def f():
        try:
            raise ExceptionGroup("m", [ValueError(1)])
        except* ty:
            pass
    return f


t("partial", partial_reraise)
t("mixed", mixed)
t("naked", naked)
t("star int", bad_star(int))
t("star EG", bad_star(ExceptionGroup))
t("star tuple", bad_star((ValueError, BaseExceptionGroup)))
t("star tuple invalid first", bad_star((ExceptionGroup, 5)))
try:
    mixed()
except BaseException as e:
    sys.excepthook(type(e), e, e.__traceback__)
naked()
