# Scanning one long subject with pattern.match(s, pos) (as tokenizers and json do): each call
# sees exactly the string it was given, whichever long strings come and go in between.
import re

word = re.compile(r"[a-z]+|\s+|\d+")
a = "alpha beta 123 " * 200
b = "gamma 45 delta " * 200
tokens = []
pos_a = pos_b = 0
while pos_a < len(a) and pos_b < len(b):
    m = word.match(a, pos_a)
    tokens.append(m.group())
    pos_a = m.end()
    m = word.match(b, pos_b)
    tokens.append(m.group())
    pos_b = m.end()
print(len(tokens), tokens[:8], tokens[-4:])


def fresh(n):
    return "".join(["x%dy " % i for i in range(n)])


for i in range(3):
    s = fresh(400 + i)
    print(len(re.findall(r"x\d+y", s)), re.search(r"x%dy" % (399 + i), s).span(), s.count("x"))
    del s

ub = "é" * 1500 + "fin"
print(re.search("fin", ub).span(), re.match("é+", ub).end())
bb = b"ab" * 1000 + b"END"
print(re.search(rb"END", bb).span(), re.compile(rb"(ab)+").match(bb).end())
sub = re.sub(r"\d+", "#", a)
print(sub[:40], len(sub))
print([m.span() for m in re.finditer(r"beta", a)][:3], len(re.split(r"\s+", b)))
