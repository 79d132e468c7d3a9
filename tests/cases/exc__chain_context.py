try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("while handling")
except ValueError as e:
    print(repr(e), repr(e.__context__), e.__cause__, e.__suppress_context__)

try:
    try:
        {}["k"]
    except KeyError as k:
        raise RuntimeError("wrapped") from k
except RuntimeError as e:
    print(repr(e.__cause__), e.__suppress_context__)

try:
    try:
        [][0]
    except IndexError:
        raise LookupError("clean") from None
except LookupError as e:
    print(e.__cause__, repr(e.__context__), e.__suppress_context__)
raise ValueError("final")
