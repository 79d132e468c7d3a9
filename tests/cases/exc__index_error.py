xs = [10, 20, 30]
print(xs[-1], xs[2])
for i in range(5):
    print(xs[i])
