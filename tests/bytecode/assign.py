x = 1
y = x + 2 * 3
print(x, y)
