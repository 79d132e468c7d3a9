# xfail: compiler reports "expected ':'" instead of CPython's invalid-target message for `if x[0] = 1:`
print("hello")
values = [1, 2, 3]
if values[0] = 1:
    print("one")
