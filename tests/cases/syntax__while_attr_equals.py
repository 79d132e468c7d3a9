class P:
    a = 1
while P.a = 2:
    pass
