import mods.circ.a as a
from mods.circ import b
print(a.A_EARLY, a.A_LATE, b.B_VALUE)
print("b saw:", b.SEEN_EARLY, b.SEEN_LATE)
print(a.use_b())
print(a.b is b, b.a is a)
