print("hello")
values = [1, 2, 3]
if values[0] = 1:
    print("one")
