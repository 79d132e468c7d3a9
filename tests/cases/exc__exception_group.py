def work():
    raise ExceptionGroup("several", [ValueError("v1"), TypeError("t1"), ValueError("v2")])

try:
    work()
except* ValueError as eg:
    print("values:", [str(e) for e in eg.exceptions])
except* TypeError as eg:
    print("types:", [str(e) for e in eg.exceptions])

eg = ExceptionGroup("grp", [KeyError("a"), OSError("b")])
print(repr(eg))
print(str(eg), len(eg.exceptions))
match, rest = eg.split(KeyError)
print(repr(match), repr(rest))
sub = eg.subgroup(lambda e: isinstance(e, OSError))
print(repr(sub))

try:
    try:
        raise ExceptionGroup("outer", [ValueError(1), ZeroDivisionError(2)])
    except* ValueError:
        print("handled the ValueError part")
except ExceptionGroup as rest_group:
    print("left over:", repr(rest_group))

try:
    raise TypeError("naked")
except* TypeError as eg:
    print("wrapped naked:", type(eg).__name__, repr(eg.exceptions))
