class Shape:
    def __init__(self, name):
        self.name = name
    def area(self):
        return 0
    def describe(self):
        return f"{self.name} with area {self.area()}"

class Rect(Shape):
    def __init__(self, w, h):
        super().__init__("rect")
        self.w, self.h = w, h
    def area(self):
        return self.w * self.h

class Square(Rect):
    def __init__(self, s):
        super().__init__(s, s)
        self.name = "square"

for s in [Shape("blob"), Rect(2, 3), Square(4)]:
    print(s.describe())
print(Square.__mro__)
print(issubclass(Square, Shape), issubclass(Shape, Square), isinstance(Square(1), Rect))
print(Square.__bases__, Rect.__base__)

class A:
    def who(self): return "A"
class B(A):
    def who(self): return "B>" + super().who()
class C(A):
    def who(self): return "C>" + super().who()
class D(B, C):
    def who(self): return "D>" + super().who()
print(D().who())
print([k.__name__ for k in D.__mro__])
try:
    class X(A, B):
        pass
except TypeError as e:
    print(e)
