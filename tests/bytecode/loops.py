total = 0
for i in range(10):
    if i % 2:
        continue
    total += i
else:
    total -= 1
while total > 0:
    total -= 3
    if total == 5:
        break
