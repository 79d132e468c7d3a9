# The types module's descriptor types, and inspect/pydoc/dataclasses/enum/typing over them.
import types, inspect, pydoc, dataclasses, enum, typing

names = ['GetSetDescriptorType', 'MemberDescriptorType', 'WrapperDescriptorType', 'MethodWrapperType',
         'MethodDescriptorType', 'ClassMethodDescriptorType', 'BuiltinFunctionType', 'BuiltinMethodType',
         'FunctionType', 'MethodType']
for n in names:
    print(n, getattr(types, n).__name__)
ts = [getattr(types, n) for n in names[:6]]
print(len(set(ts)), all(t.__module__ == 'builtins' for t in ts))
print(isinstance(int.real, types.GetSetDescriptorType), isinstance(int.real, property))
print(isinstance(types.FunctionType.__globals__, types.MemberDescriptorType))
print(isinstance(int.__add__, types.WrapperDescriptorType), isinstance((1).__add__, types.MethodWrapperType))
print(isinstance(str.join, types.MethodDescriptorType), isinstance(dict.__dict__['fromkeys'], types.ClassMethodDescriptorType))
print(isinstance(len, types.BuiltinFunctionType), isinstance([].append, types.BuiltinMethodType))

class S:
    __slots__ = ('a', 'b')
    x = property(lambda self: 1)

objs = [('int.real', int.__dict__['real']), ('S.a', S.__dict__['a']), ('S.x', S.__dict__['x']),
        ('str.join', str.join), ('int.__add__', int.__add__), ('(1).__add__', (1).__add__),
        ('dict.fromkeys', dict.__dict__['fromkeys']), ('len', len), ('f.__globals__', types.FunctionType.__dict__['__globals__']),
        ('classmethod', classmethod(len)), ('staticmethod', staticmethod(len))]
for name, o in objs:
    print(name, inspect.isdatadescriptor(o), inspect.ismethoddescriptor(o), inspect.isgetsetdescriptor(o),
          inspect.ismemberdescriptor(o), inspect.isbuiltin(o), inspect.isroutine(o), inspect.ismethodwrapper(o) if hasattr(inspect, 'ismethodwrapper') else '-')

members = inspect.getmembers(int)
print(len(members) > 50, [n for n, v in members if n in ('real', 'imag', 'numerator', 'denominator')])
print([(n, type(v).__name__) for n, v in members if n in ('real', '__add__', 'bit_length', 'from_bytes', '__init_subclass__', '__class__')])
print([(k, type(v).__name__) for k, v in inspect.getmembers(BaseException) if k in ('args', '__traceback__', '__suppress_context__', 'with_traceback')])
print(inspect.classify_class_attrs(int)[0:0], sorted(a.kind for a in inspect.classify_class_attrs(int) if a.name in ('real', 'bit_length', 'from_bytes', '__add__')))

for f in [str.join, list.append, int.__add__, (1).__add__, object.__init__, int.__dict__['__repr__'], list.__setitem__, int.__pow__]:
    try:
        s = inspect.signature(f)
    except (ValueError, TypeError) as e:
        print('no signature', type(e).__name__)
    else:
        print(s, f.__text_signature__)
print(list.append.__doc__, str.join.__doc__[:20], int.__add__.__doc__)

class C:
    """A small class."""
    __slots__ = ('slot',)
    def method(self, x):
        "Do a thing."
    @property
    def prop(self):
        "A property."
        return 1
    @classmethod
    def cm(cls): pass
    @staticmethod
    def sm(): pass
print(pydoc.render_doc(C, renderer=pydoc.plaintext))

@dataclasses.dataclass
class P:
    x: int
    y: int = 2
    z: list = dataclasses.field(default_factory=list)
print(P(1), [f.name for f in dataclasses.fields(P)], dataclasses.asdict(P(1)))

@dataclasses.dataclass(slots=True, frozen=True)
class Q:
    a: int
    b: str = 'b'
q = Q(1)
print(q, type(Q.__dict__['a']).__name__, hash(q) == hash(Q(1)))
try:
    q.a = 2
except dataclasses.FrozenInstanceError as e:
    print('frozen', e)

class Color(enum.Enum):
    RED = 1
    GREEN = 2
print(list(Color), Color.RED.name, Color.RED.value, type(Color.__dict__['name']).__name__)
class Flag(enum.IntFlag):
    A = 1
    B = 2
print(Flag.A | Flag.B, (Flag.A | Flag.B).value, Flag.A.real)

T = typing.TypeVar('T')
class G(typing.Generic[T]):
    pass
print(typing.get_type_hints(P), G[int], typing.get_origin(list[int]), typing.get_args(dict[str, int]))
class N(typing.NamedTuple):
    a: int
    b: str = 'x'
print(N(1), N._fields, type(N.__dict__['a']).__name__)
