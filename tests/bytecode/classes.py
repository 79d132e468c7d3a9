class Point:
    """A point."""
    def __init__(self, x, y=0, *, z=1):
        self.x = x
        self.y = y
    def norm(self):
        return super().norm() + (self.x ** 2 + self.y ** 2) ** 0.5
