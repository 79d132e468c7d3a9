# getset_descriptor / member_descriptor / slot wrappers / classmethod_descriptor, as CPython.
import types

def show(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__, e)
    else:
        print(r if not isinstance(r, str) or ' at 0x' not in r else r.split(' at 0x')[0])

for T, name in [(int, 'real'), (BaseException, 'args'), (type, '__dict__'), (types.FunctionType, '__code__'),
                (types.FunctionType, '__globals__'), (slice, 'start'), (complex, 'imag'), (property, 'fget'),
                (type, '__mro__'), (types.MethodType, '__func__'), (float, 'imag')]:
    d = T.__dict__[name]
    print(type(d).__name__, repr(d), d.__name__, d.__qualname__, d.__objclass__.__name__)
    print(" ", hasattr(d, "__reduce__"), hasattr(d, '__set__'), hasattr(d, '__delete__'))

d = int.__dict__['real']
print(int.real is d, type(int.real).__name__)
show(lambda: d.__get__(5))
show(lambda: d.__get__(5, int))
show(lambda: d.__get__(None, int) is d)
show(lambda: d.__get__(None))
show(lambda: d.__get__('x', str))
show(lambda: d.__set__(1, 2))
show(lambda: d.__set__('x', 2))
show(lambda: d.__delete__(1))
def setreal():
    (1).real = 2
show(setreal)
def delreal():
    del (1).real
show(delreal)
e = ValueError(1, 2)
a = BaseException.__dict__['args']
show(lambda: a.__get__(e))
a.__set__(e, (3,))
print(e.args)
show(lambda: a.__get__(3))

# a getset copied into an unrelated class checks the instance's type
class Stolen:
    real = int.__dict__['real']
show(lambda: Stolen().real)
def store():
    Stolen().real = 5
show(store)

g = types.FunctionType.__dict__['__globals__']
def f(): pass
print(g.__get__(f) is globals())
show(lambda: g.__set__(f, {}))
def setg():
    f.__globals__ = {}
show(setg)
def delg():
    del f.__globals__
show(delg)
show(lambda: g.__get__(1))
doc = types.FunctionType.__dict__['__doc__']
f.__doc__ = 'x'
print(type(doc).__name__, f.__doc__)
del f.__doc__
print(f.__doc__)

# slot wrappers and method-wrappers
for w in [int.__add__, object.__init__, str.__len__, list.__iter__, object.__repr__, type.__call__]:
    print(type(w).__name__, repr(w), w.__name__, w.__qualname__, w.__objclass__.__name__)
mw = (1).__add__
print(type(mw).__name__, repr(mw).split(' at 0x')[0], mw.__name__, mw.__qualname__, mw.__self__, mw(2))
print(mw.__objclass__.__name__, mw == (1).__add__, mw == (2).__add__, hash(mw) == hash((1).__add__))
print(type([].__len__).__name__, type(object().__str__).__name__)
print(int.__add__(3, 4), int.__add__.__get__(5)(6))
show(lambda: int.__add__('a', 1))

# method descriptors
for m in [str.join, list.append, dict.get]:
    print(type(m).__name__, repr(m), m.__name__, m.__qualname__, m.__objclass__.__name__)
print(type([].append).__name__, repr([].append).split(' at 0x')[0])

# classmethod descriptors
for T, name in [(dict, 'fromkeys'), (int, 'from_bytes'), (float, 'fromhex'), (bytes, 'fromhex'),
                (object, '__init_subclass__'), (object, '__subclasshook__'), (list, '__class_getitem__')]:
    c = T.__dict__[name]
    print(type(c).__name__, repr(c), c.__name__, c.__qualname__, c.__objclass__.__name__)
c = dict.__dict__['fromkeys']
print(repr(dict.fromkeys).split(' at 0x')[0], dict.fromkeys.__self__ is dict, dict.fromkeys.__qualname__)
print(c(dict, 'ab'), c.__get__({})('cd'), c.__get__(None, dict)('e'))
class D(dict): pass
print(type(c(D, 'x')).__name__, type(c.__get__(D())('y')).__name__)
show(lambda: c.__get__(None))
show(lambda: c.__get__(None, None))
show(lambda: c.__get__(None, 3))
show(lambda: c.__get__(None, int))
show(lambda: c())
show(lambda: c(3))
show(lambda: c(int, 'a'))
print(callable(c), callable(int.__dict__['real']))
show(lambda: str.join.__get__(None))
show(lambda: str.join.__get__(1))
show(lambda: str.join.__get__(None, str) is str.join)
show(lambda: list.append.__get__([1])(2))
print(int.__dict__['__add__'].__get__(None, int) is int.__add__)
print(types.FunctionType.__dict__['__globals__'].__reduce__()[1][1])
