parts = []
for i in range(10):
    parts.append(str(i) * (i % 3 + 1))
joined = ",".join(parts)
print(joined, len(joined))
s = ""
for ch in "abcdef":
    s = ch + s
print(s)
lines = ["%03d: %s" % (i, w) for i, w in enumerate(["zero", "one", "two"])]
print("\n".join(lines))
print("x".join("abc"), "".join(reversed(list("abc"))), "+".join([]))
big = "ab" * 1000
print(len(big), big.count("ab"), big[1998:], big.find("ba"), big.rfind("ab"))
print(str(10**30), len(str(2**1000)))
print("%s|%s" % ("a" * 3, "-" * 5), "=" * 20)
