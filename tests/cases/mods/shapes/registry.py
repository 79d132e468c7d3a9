from ..shapes.square import Square
from .base import Shape


class Triangle(Shape):
    sides = 3

    def __init__(self, b, h):
        self.b, self.h = b, h

    def area(self):
        return self.b * self.h / 2


_KINDS = {"square": Square, "triangle": Triangle}


def lookup(kind):
    return _KINDS[kind]
