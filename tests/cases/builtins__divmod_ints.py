# divmod of machine-word ints: floor division and a remainder with the divisor's sign, for
# every sign combination and at the edges of the machine word.
import itertools

xs = [7, -7, 0, 6, -6, 1, -1, 2**62, -2**63, 2**63 - 1, 2**64, -2**64]
ys = [3, -3, 1, -1, 7, -7, 2**62, -2**63, 2**63 - 1]
for x, y in itertools.product(xs, ys):
    q, r = divmod(x, y)
    assert q * y + r == x and (r == 0 or (r < 0) == (y < 0)), (x, y)
    print(x, y, q, r)
for bad in [(1, 0), (-5, 0)]:
    try:
        divmod(*bad)
    except ZeroDivisionError as e:
        print("ZeroDivisionError", e)
print(divmod(7.5, 2), divmod(-7, 2.0), divmod(True, 2))
