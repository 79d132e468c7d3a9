# String building, splitting, joining and formatting.
parts = []
for i in range(2_000_000):
    parts.append(f"{i:05d}:{i % 7}")
text = ",".join(parts)
fields = text.split(",")
total = 0
for f in fields:
    a, b = f.split(":")
    total += int(a) * int(b)
upper = text.upper().count("0")
print(len(text), len(fields), total, upper, "%s-%d" % ("x", total % 1000))
