import mods.starmod as sm
print(sm.__name__, type(sm).__name__, sm.__package__, sm.__spec__.name)
print(sorted(k for k in vars(sm) if not k.startswith("__")))
sm.added = "new attr"
import mods.starmod
print(mods.starmod.added)
print(hasattr(sm, "__file__"), sm.__file__.endswith("starmod.py"))
print(repr(sm).startswith("<module 'mods.starmod' from"))
import math
print(repr(math) if False else type(math).__name__, math.__name__)
print(getattr(sm, "nothing", "default"))
try:
    sm.nothing
except AttributeError as e:
    print(e)
