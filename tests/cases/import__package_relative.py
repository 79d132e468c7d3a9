import mods.shapes
from mods.shapes import Square, make
from mods import shapes as sh
print(mods.shapes.LOADED, Square(3).describe())
print(make("triangle", 4, 5).describe(), make("square", 2).area())
print(sh is mods.shapes, sh.Square is Square, sh._square_mod.ORIGIN)
import sys
print(sorted(k for k in sys.modules if k.startswith("mods.shapes")))
print(sh.__name__, sh.__package__, sh.square.__name__, sh.square.__package__)
print(sh.__doc__)
