# str.split() of ASCII and non-ASCII text by whitespace, with maxsplit.
cases = ["a b  c ", "  lead and trail  ", "", "   ", "one", "tab\tsep\nnew\x0bvt\x0cff\rcr\x1cfs\x1dgs\x1ex\x1fy", "x  y  z  w"]
for s in cases:
    for m in (-1, 0, 1, 2, 10):
        print(repr(s), m, s.split(None, m), s.split(maxsplit=m))
print("é a  b".split(), "a\u3000b c".split(), "a\u00a0b".split(), "\x85x y".split())
