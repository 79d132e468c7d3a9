class Base:
    def __init__(self):
        self.trail = ["Base"]
    def greet(self):
        return "base"
    @classmethod
    def make(cls):
        return "made " + cls.__name__
class Mid(Base):
    def __init__(self):
        super().__init__()
        self.trail.append("Mid")
    def greet(self):
        return "mid+" + super().greet()
    @classmethod
    def make(cls):
        return super().make() + " via Mid"
class Leaf(Mid):
    def __init__(self):
        super(Mid, self).__init__()
        self.trail.append("Leaf")
    def greet(self):
        return "leaf+" + super(Leaf, self).greet()
l = Leaf()
print(l.trail, l.greet(), Leaf.make())
print(super(Leaf, l).greet())
