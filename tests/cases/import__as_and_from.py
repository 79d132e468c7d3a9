import mods.shapes.base as base
from mods.shapes.square import Square as Sq, ORIGIN as origin
from mods.shapes import registry
from mods.shapes.registry import lookup, Triangle
print(base.Shape.__name__, Sq(5).area(), origin)
print(lookup("triangle") is Triangle, registry.lookup("square") is Sq)
import mods.shapes.registry
print(mods.shapes.registry is registry)
def local_import():
    import mods.starmod as sm
    from mods.starmod import helper as h
    return sm.public_a + h()
print(local_import(), "sm" in dir())
