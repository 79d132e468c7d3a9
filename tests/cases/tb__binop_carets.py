def ratio(a, b):
    return (a + 1) / (b - b)
values = [1, 2]
print(ratio(values[0], values[1]))
