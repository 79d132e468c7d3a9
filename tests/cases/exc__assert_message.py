def check(x):
    assert x > 0, f"x must be positive, got {x}"
    return x * 2
print(check(4))
try:
    assert False
except AssertionError as e:
    print("bare assert args:", e.args)
check(-1)
