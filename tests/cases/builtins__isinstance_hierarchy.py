values = [1, 1.0, True, "s", b"b", None, [1], (1,), {1}, {1: 1}, frozenset(), 1j, range(1), len, print, int, type]
for v in values:
    names = [t.__name__ for t in (int, float, bool, str, bytes, list, tuple, set, dict, type, object) if isinstance(v, t)]
    print(type(v).__name__, names)
print(bool.__mro__, float.__mro__, type.__mro__)
print(int.__base__, bool.__base__, object.__base__, type.__base__)
