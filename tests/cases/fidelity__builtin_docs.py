# Docstrings and text signatures of builtin functions, methods, descriptors and types are
# CPython's, and inspect.signature reads them.
import builtins
import inspect


def show(label, f):
    try:
        d = f.__doc__
    except Exception as e:
        d = "E " + type(e).__name__
    try:
        s = f.__text_signature__
    except Exception as e:
        s = "E " + type(e).__name__
    try:
        sig = str(inspect.signature(f))
    except Exception as e:
        sig = "E " + type(e).__name__
    print(label, repr(d), repr(s), sig)


for name, v in sorted(vars(builtins).items()):
    if isinstance(v, type(len)):
        show(name, v)

KINDS = ("method_descriptor", "classmethod_descriptor", "builtin_function_or_method", "getset_descriptor",
         "member_descriptor", "staticmethod")
for cls in (str, list, dict, set, frozenset, tuple, bytes, bytearray, int, float, complex, bool, object,
            range, slice, property, classmethod, staticmethod, BaseException, OSError, StopIteration, enumerate):
    print(cls.__name__, repr(cls.__doc__), repr(cls.__text_signature__))
    for attr, m in sorted(vars(cls).items()):
        if attr in ("__new__", "__weakref__") or type(m).__name__ not in KINDS:
            continue
        show(cls.__name__ + "." + attr, getattr(cls, attr))

# Bound methods drop the self parameter.
for f in ("a".join, [].append, {}.get, dict.fromkeys, int.from_bytes, (1).to_bytes, str.maketrans, bytes.maketrans,
          {1}.union, b"x".decode):
    show(f.__name__, f)
print(int.__new__.__doc__)
show("init_subclass", object.__init_subclass__)
print(repr((5).__doc__[:20]), repr("".__doc__[:20]), repr(object().__doc__))
print(type.__doc__.splitlines()[0], object.__text_signature__, inspect.signature(object))
print(type(str.__dict__["maketrans"]).__name__, type(bytes.__dict__["maketrans"]).__name__)


class A:
    "class doc"


class B(A):
    pass


print(A.__doc__, A().__doc__, B.__doc__, A.__text_signature__)
A.__doc__ = "changed"
print(A.__doc__, A().__doc__)
for stmt in ("del A.__doc__", "int.__doc__ = 'x'", "del int.__doc__"):
    try:
        exec(stmt)
    except TypeError as e:
        print(stmt, "->", e)


class D:
    def __get__(self, obj, owner):
        return "computed for " + owner.__name__


class C:
    __doc__ = D()


print(C.__doc__, C().__doc__)
# METH_STATIC methods report no __self__; a type's __new__ is bound to the type.
print(str.maketrans.__self__, bytes.maketrans.__self__, int.__new__.__self__, dict.fromkeys.__self__)
