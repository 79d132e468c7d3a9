# Builtin types carry in their own __dict__ the special methods CPython gives them (__new__,
# __getattribute__, comparisons), behaving as the inherited ones.
for stmt in ("{} < {}", "{} != {}", "{1: 2} != {1: 2}", "range(3) != range(3)", "range(3) < range(4)", "1j < 2j", "1j != 2j",
             "memoryview(b'a') < memoryview(b'b')", "memoryview(b'a') != b'a'", "{1} != {1}", "frozenset() != set()",
             "dict.__lt__({}, {})", "dict.__ne__({}, {1: 2})", "int.__getattribute__(5, 'real')", "dict.__getattribute__({}, 'keys').__name__",
             "int.__getattribute__('x', 'real')", "(5).real", "[].append.__name__", "'__lt__' in dict.__dict__",
             "dict.__lt__.__qualname__", "type(dict.__dict__['__lt__']).__name__", "dict.__ne__.__doc__", "list.__getattribute__.__objclass__",
             "complex.__ge__(1j, 1j)", "range.__ne__(range(2), range(2))", "slice(1) != slice(1)"):
    try: print(stmt, repr(eval(stmt)))
    except Exception as e: print(stmt, type(e).__name__, e)
import builtins
for n, t in sorted(vars(builtins).items()):
    if isinstance(t, type) and t is not type and not n.startswith("_"):
        print(n, sorted(k for k in ("__new__", "__getattribute__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__") if k in vars(t)))
