# str.split/rsplit with one-character separators (searched as a char), longer ones, maxsplit and whitespace.
for s, args in [("a,b,,c", (",",)), ("a,b,,c", (",", 1)), ("a,b,,c", (",", 0)), (",", (",",)), ("", (",",)), ("é,é", ("é",)), ("a::b::c", ("::",)), ("x", ("x",)), ("a b  c ", ()), ("a\U0001f600b", ("\U0001f600",))]:
    print(repr(s.split(*args)), repr(s.rsplit(*args)))
try:
    "a".split("")
except ValueError as e:
    print("ValueError", e)
