print("loading circ.b")
from mods.circ import a
B_VALUE = "b-value"
SEEN_EARLY = getattr(a, "A_EARLY", "missing")
SEEN_LATE = getattr(a, "A_LATE", "missing")
