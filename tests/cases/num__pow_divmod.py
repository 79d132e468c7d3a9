print(2 ** 10, 2 ** -2, (-2) ** 3, (-2) ** 2, -2 ** 2, 2 ** 3 ** 2, 0 ** 0, 0.0 ** 0)
print(pow(2, 10), pow(2, 10, 1000), pow(3, 200, 1000000007), pow(7, -1, 13), pow(-3, 3, 5))
print(pow(2.0, 3), pow(4, 0.5), (-8) ** (1 / 3), 10 ** 0.5)
print(divmod(17, 5), divmod(-17, 5), divmod(17.5, 5), divmod(-17.5, 5), divmod(2 ** 70, 3))
try:
    pow(2, -1, 4)
except ValueError as e:
    print(e)
try:
    0 ** -1
except ZeroDivisionError as e:
    print(e)
try:
    pow(2, 3.0, 5)
except TypeError as e:
    print(e)
print(type(2 ** -1).__name__, type(2 ** 2).__name__, 4 ** 0.5, 1 ** 1000000, (-1) ** 1000001)
