# str.replace: one-character patterns (searched as a char), longer ones, counts, no match, subclasses.
cases = [("a-b-c", "-", "+"), ("a-b-c", "-", ""), ("a-b-c", "-", "--"), ("é-é", "é", "e"), ("xyz", "-", "+"), ("aaa", "a", "b", 2), ("aaa", "a", "b", 0), ("aaa", "a", "b", -1), ("", "a", "b"), ("a\U0001f600b", "\U0001f600", "!"), ("abab", "ab", "X")]
for c in cases:
    print(repr(c[0].replace(*c[1:])))
s = "same"
print(s.replace("z", "y") is s, s.replace("s", "s") == s)
class S(str): pass
print(type(S("a-b").replace("q", "w")).__name__, type(S("a-b").replace("-", "w")).__name__)
