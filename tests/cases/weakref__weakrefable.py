# Which objects can be weakly referenced: CPython's builtin types with a weak reference list,
# and instances of Python classes (also subclasses of list and Exception).
import weakref, collections, functools, re, array, io, sys, types, itertools
objs = {'list':[], 'dict':{}, 'set':set(), 'frozenset':frozenset(), 'bytes':b'', 'bytearray':bytearray(), 'float':1.0, 'complex':1j, 'exception':Exception(), 'object':object(), 'function':lambda:0, 'builtin':len, 'method':[].append, 'boundmethod':(lambda s:0).__get__(1), 'type':int, 'module':sys, 'code':(lambda:0).__code__, 'gen':(x for x in []), 'iter':iter([]), 'range':range(1), 'slice':slice(1), 'property':property(), 'deque':collections.deque(), 'partial':functools.partial(len), 'pattern':re.compile('a'), 'array':array.array('b'), 'file':io.StringIO(), 'mappingproxy':types.MappingProxyType({}), 'memoryview':memoryview(b''), 'classmethod':classmethod(len), 'staticmethod':staticmethod(len), 'super':super(int,1), 'OrderedDict':collections.OrderedDict(), 'str': 'x', 'int': 10**30, 'tuple': (1,), 'none_obj': None}
ok=[]; bad=[]
for k,v in objs.items():
    try: weakref.ref(v); ok.append(k)
    except TypeError: bad.append(k)
print('OK', ok); print('BAD', bad)
class L(list): pass
class E(Exception): pass
print(weakref.ref(L()) is not None, weakref.ref(E()) is not None)
