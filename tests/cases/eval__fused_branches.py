# Branches fused into comparisons: every kind of operand and both polarities.
import sys

def check(a, b):
    out = []
    if a < b: out.append("lt")
    if not a < b: out.append("nlt")
    if a == b: out.append("eq")
    if a != b: out.append("ne")
    while a > b:
        out.append("gt")
        break
    return out

for a, b in [(1, 2), (2, 1), (1.5, 1.5), (float("nan"), 1.0), ("a", "b"), ((1,), (1,)), (1, 1.0), (True, 1), (2**70, 2**70 + 1)]:
    print(repr(a), repr(b), check(a, b))

def ident(a, b):
    r = []
    if a is b: r.append("is")
    if a is not b: r.append("isnot")
    return r
s = object()
print(ident(None, None), ident(s, s), ident(s, None), ident(None, s))

def member(k, d):
    r = []
    if k in d: r.append("in")
    if k not in d: r.append("notin")
    return r

print(member(1, {1: 2}), member(3, [1, 2]), member("x", "xyz"), member(5, set()))

class Odd:
    def __lt__(self, other):
        return "truthy string"
    def __eq__(self, other):
        return 0
    def __gt__(self, other):
        return []
print(check(Odd(), 1)[:3])
x = Odd() < 1
print(repr(x))

class Boom:
    def __lt__(self, other):
        raise ValueError("no order")
try:
    if Boom() < 1:
        pass
except ValueError as e:
    print("raised", e, sys.exc_info()[2].tb_lineno)

def loop(n):
    i = 0
    total = 0
    while i < n:
        if i % 3 == 0 or i in (4, 7):
            total += i
        i += 1
    return total
print(loop(100))
# comparison used as a value, then a branch on something else
vals = [3 < 4, 4 < 3, 2.0 >= 2.0, "b" > "a"]
print(vals)
print([i for i in range(20) if i < 5 or i >= 17])
