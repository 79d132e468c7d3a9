import mods.pkg
from mods.pkg import sub
from mods.pkg.sub import hello as hi
import mods.plain as plain
from mods.star import *
print(mods.pkg.VALUE, sub.hello(), hi(), plain.NAME, exported, "_hidden" in dir())
import sys
print("mods.pkg.sub" in sys.modules, mods.pkg.sub.__name__, mods.pkg.__package__)
try:
    import mods.missing
except ModuleNotFoundError as e:
    print(e, e.name)
try:
    from mods.plain import nothing
except ImportError as e:
    print(str(e).split(" (")[0])
