# del obj.__dict__ on a class instance starts a new empty dict (subtype_setdict); other
# objects' __dict__ refuse deletion with CPython's errors.
class A: pass
a = A(); a.x = 1
d = a.__dict__
del a.__dict__
print(a.__dict__, d, hasattr(a, 'x'))
a.y = 2
print(a.__dict__, d)
try: del a.__dict__; del a.__dict__; print('twice ok', a.__dict__)
except Exception as e: print(type(e).__name__, e)
try: a.__dict__ = 5
except Exception as e: print(type(e).__name__, e)
class S(A): __slots__ = ('q',)
s = S(); s.z = 3; del s.__dict__; print(s.__dict__)
def f(): pass
try: del f.__dict__
except Exception as e: print(type(e).__name__, e)
try: del A.__dict__
except Exception as e: print(type(e).__name__, e)
class E(Exception): pass
e = E(); e.k = 1
try: del e.__dict__
except Exception as ex: print(type(ex).__name__, ex)
import types
n = types.SimpleNamespace(a=1)
try: del n.__dict__
except Exception as ex: print(type(ex).__name__, ex)
f.__dict__ = {'k': 7}
print(f.k)
c = classmethod(f)
c.__dict__ = {'m': 8}
print(c.m)
try:
    del c.__dict__
except TypeError as ex:
    print(ex)
import sys
try:
    sys.modules[__name__].__dict__ = {}
except AttributeError as ex:
    print(ex)
print(type(types.ModuleType.__dict__['__dict__']).__name__, type(types.SimpleNamespace.__dict__['__dict__']).__name__)
