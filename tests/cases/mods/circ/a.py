print("loading circ.a")
A_EARLY = "a-early"
from mods.circ import b
A_LATE = "a-late"


def use_b():
    return b.B_VALUE + " seen from a"
