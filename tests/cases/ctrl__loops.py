for i in range(3):
    print("for", i)
else:
    print("for-else ran")
for i in range(10):
    if i == 2:
        break
else:
    print("not printed")
print("broke at", i)
n = 0
while n < 3:
    n += 1
else:
    print("while-else", n)
while True:
    n -= 1
    if n == 1:
        continue
    if n < 0:
        break
    print("n", n)
for i in range(5):
    if i % 2:
        continue
    print("even", i)
for x in []:
    print("never")
else:
    print("empty for-else")
for i, (a, b) in enumerate([(1, 2), (3, 4)]):
    print(i, a, b)
for outer in range(3):
    for inner in range(3):
        if inner == outer:
            break
    else:
        continue
    print("outer", outer, "inner stopped at", inner)
i = 0
while i < 10:
    i += 3
print(i)
for ch in "hey":
    pass
print(ch)
