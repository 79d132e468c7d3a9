x = [1]
assert len(x) == 1
print("first assert ok")
assert len(x) == 2
