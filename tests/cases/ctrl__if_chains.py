def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    else:
        return "large"
print([classify(n) for n in (-5, 0, 3, 42)])
x = 5
print("yes" if x > 3 else "no", "a" if x == 1 else "b" if x == 5 else "c")
if x:
    pass
if []:
    print("no")
elif {}:
    print("no")
elif "s":
    print("non-empty string is truthy")
val = None
if val is None and not val:
    print("None checks")
print(1 if 0 else 2, [] or "fallback", 0 or 0.0 or "" or None)
a = b = 3
if a == b == 3 != 4:
    print("chained comparisons")
if not (a > b or a < b):
    print("equal")
