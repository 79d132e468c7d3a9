class Base:
    def area(self):
        raise NotImplementedError("subclasses must implement area")
class Sq(Base):
    def area(self):
        return 4
print(Sq().area())
Base().area()
