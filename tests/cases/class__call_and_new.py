class Adder:
    def __init__(self, n):
        self.n = n
    def __call__(self, x):
        return x + self.n
add5 = Adder(5)
print(add5(10), callable(add5), list(map(add5, [1, 2])))
class Point(tuple):
    def __new__(cls, x, y):
        print("__new__", cls.__name__)
        return super().__new__(cls, (x, y))
    def __init__(self, x, y):
        print("__init__", x, y)
    @property
    def x(self):
        return self[0]
p = Point(3, 4)
print(p, p.x, len(p), isinstance(p, tuple))
class Upper(str):
    def __new__(cls, s):
        return super().__new__(cls, s.upper())
u = Upper("hello")
print(u, type(u).__name__, u + "!", u.lower())
class Weird:
    def __new__(cls):
        return 42
print(Weird())
class MyList(list):
    def append(self, x):
        super().append(x * 10)
ml = MyList([1])
ml.append(2)
print(ml, len(ml), type(ml).__name__)
class D(dict):
    def __missing__(self, k):
        return k * 2
d = D(a=1)
print(d["a"], d["zz"], d)
