data = [5, 3, 8, 0, 2]
i = 0
while i < len(data) and data[i] != 0:
    i += 1
print("first zero at", i)
total = 0
it = iter(data)
while (x := next(it, None)) is not None:
    total += x
print("total", total)
n = 27
steps = []
while n != 1:
    steps.append(n)
    n = n // 2 if n % 2 == 0 else 3 * n + 1
    if len(steps) > 200:
        break
print(len(steps), max(steps))
count = 0
while True:
    count += 1
    if count < 5:
        continue
    break
print(count)
lines = ["a", "b", "", "c"]
while lines and (line := lines.pop(0)):
    print("line", line)
print(lines)
