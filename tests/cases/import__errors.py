try:
    import mods.nope
except ModuleNotFoundError as e:
    print(type(e).__name__, e.name, "|", e)
try:
    import totally_missing_package.sub
except ModuleNotFoundError as e:
    print(e.name, "|", e)
try:
    from mods.starmod import missing_name
except ImportError as e:
    print(type(e).__name__, e.name, "|", str(e).split(" (")[0])
try:
    import mods.broken
except ValueError as e:
    print("import raised:", e)
import sys
print("mods.broken" in sys.modules)
try:
    import mods.attr_err
except ImportError as e:
    print(str(e).split(" (")[0])
try:
    import mods.starmod.sub
except ModuleNotFoundError as e:
    print(e)
import mods.doesnotexist
