from .base import Shape
from . import base as base_module


class Square(Shape):
    sides = 4

    def __init__(self, s):
        self.s = s

    def area(self):
        return self.s * self.s


ORIGIN = base_module.Shape.__name__
