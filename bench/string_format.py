# String formatting and parsing: f-strings, %-formatting, str.format, str methods on records.
rows = []
for i in range(1_000_000):
    name = "item%05d" % i
    price = (i * 37 % 1000) / 10
    rows.append(f"{name:<12}|{price:>8.2f}|{i % 13:3d}|{'yes' if i % 3 else 'no'}")
total = 0.0
flags = 0
width = 0
for line in rows:
    name, price, qty, flag = line.split("|")
    total += float(price) * int(qty)
    flags += flag == "yes"
    width = max(width, len(name.strip()))
report = "\n".join("{0}:{1:.1f}".format(r[:9], len(r) / 3) for r in rows[::7])
upper = sum(1 for r in rows if r.upper().startswith("ITEM0"))
print("%.2f %d %d %d %d" % (total, flags, width, len(report), upper))
