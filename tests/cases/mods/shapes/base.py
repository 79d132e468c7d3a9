class Shape:
    sides = 0

    def describe(self):
        return f"{type(self).__name__} with {self.sides} sides, area {self.area()}"

    def area(self):
        return 0
