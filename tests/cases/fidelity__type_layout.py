# type.__basicsize__, __itemsize__, __dictoffset__, __weakrefoffset__ as CPython 3.11 (64-bit) reports them.
import builtins, types
class A: pass
class Sl: __slots__ = ('a', 'b')
class SlW: __slots__ = ('a', '__weakref__')
class SlD(Sl): pass
class S(Exception): pass
class S2(S): __slots__ = ('x',)
class I(int): pass
class IS(int): __slots__ = ()
class T(tuple): pass
class L(list): pass
class LS(list): __slots__ = ('q',)
class M(type): pass
class D(dict): pass
class F(float): pass
class St(str): pass
class B(bytes): pass
for c in (A, Sl, SlW, SlD, S, S2, I, IS, T, L, LS, M, D, F, St, B, object, int, type, Exception, OSError, list, dict, tuple, bytes, str, set, frozenset, types.FunctionType, types.ModuleType, types.SimpleNamespace, property, classmethod):
    print(c.__name__, c.__basicsize__, c.__itemsize__, c.__dictoffset__, c.__weakrefoffset__)
for stmt in ("del A.__dict__", "A.__basicsize__ = 3"):
    try: exec(stmt)
    except Exception as e: print(type(e).__name__, e)
# Types CPython builds differently (a heap ExceptionGroup, the io classes): only what is meaningful.
import io
print(ExceptionGroup.__dictoffset__ != 0, io.StringIO.__dictoffset__ != 0, io.BytesIO.__weakrefoffset__ != 0)
class EG(ExceptionGroup): pass
print(EG.__dictoffset__ != 0, EG.__itemsize__)
