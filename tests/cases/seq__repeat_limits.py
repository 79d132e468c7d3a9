# Repeating a sequence past what can exist raises (OverflowError for bytes and str, MemoryError
# for the others) instead of crashing; in-place repeats keep the object when they fail.
for expr in ("b'ab' * (2**62)", "bytearray(b'ab') * (2**62)", "[1, 2] * (2**62)", "'ab' * (2**62)",
             "(1, 2) * (2**62)", "b'ab' * (2**40)", "[0] * (2**40)", "(0,) * (2**40)", "bytearray(b'x') * (2**40)",
             "2**62 * [1, 2]", "b'' * (2**62)", "[] * (2**62)"):
    try:
        r = eval(expr)
        print(expr, "->", len(r))
    except (MemoryError, OverflowError) as e:
        print(expr, type(e).__name__, e)
l = [1, 2]
try:
    l *= 2**62
except MemoryError as e:
    print("list *=", type(e).__name__, l)
ba = bytearray(b"xy")
try:
    ba *= 2**62
except MemoryError as e:
    print("bytearray *=", type(e).__name__, ba)
