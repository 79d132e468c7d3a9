# _operator._compare_digest (lib/_operator.py) and the operator/hmac modules over it.
from _operator import _compare_digest as c
print(c(b'a', b'a'), c('a', 'b'), c(bytearray(b'x'), b'x'), c(b'ab', b'a'), c('', ''))
for a, b in [('é', 'é'), ('a', b'a'), (1, 2)]:
    try: c(a, b)
    except TypeError as e: print(e)
import hmac, operator
print(hmac.compare_digest(b"x", b"x"), operator.add(1, 2), operator.itemgetter(1)("ab"), operator.attrgetter("real")(3))
