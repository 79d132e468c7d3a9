from mods.shapes import *
print(sorted(k for k in dir() if not k.startswith("__")))
from mods.starmod import *
print(public_a, public_b, helper())
print("_private" in dir())
from mods.star import *
print(exported)
