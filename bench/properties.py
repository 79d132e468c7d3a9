# Attribute-heavy classes: @property getters/setters, class attributes, __slots__, super().__init__, isinstance.


class Shape:
    kind = "shape"
    created = 0
    scale_factor = 1

    def __init__(self, name):
        self.name = name
        Shape.created += 1

    def area(self):
        return 0

    def describe(self):
        return self.kind


class Rect(Shape):
    kind = "rect"

    def __init__(self, name, w, h):
        super().__init__(name)
        self._w = w
        self._h = h

    @property
    def width(self):
        return self._w

    @width.setter
    def width(self, value):
        if value < 0:
            raise ValueError("negative width")
        self._w = value

    @property
    def height(self):
        return self._h

    @height.setter
    def height(self, value):
        if value < 0:
            raise ValueError("negative height")
        self._h = value

    @property
    def area_prop(self):
        return self._w * self._h * self.scale_factor

    def area(self):
        return self.width * self.height


class Square(Rect):
    kind = "square"
    scale_factor = 2

    def __init__(self, name, side):
        super().__init__(name, side, side)

    @property
    def side(self):
        return self._w

    @side.setter
    def side(self, value):
        self.width = value
        self.height = value


class Circle(Shape):
    kind = "circle"

    def __init__(self, name, r):
        super().__init__(name)
        self.r = r

    @property
    def diameter(self):
        return self.r * 2

    @diameter.setter
    def diameter(self, d):
        self.r = d // 2

    def area(self):
        return 3 * self.r * self.r


class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


class Point3(Point):
    __slots__ = ("z",)

    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z

    @property
    def manhattan(self):
        return abs(self.x) + abs(self.y) + abs(self.z)


class PlainPoint:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class Account:
    rate = 3
    _count = 0

    def __init__(self, owner, balance=0):
        self.owner = owner
        self._balance = balance
        self.history = []
        Account._count += 1

    @property
    def balance(self):
        return self._balance

    @balance.setter
    def balance(self, value):
        self.history.append(value - self._balance)
        self._balance = value

    @balance.deleter
    def balance(self):
        self._balance = 0

    def deposit(self, amount):
        self.balance += amount

    def interest(self):
        return self._balance * self.rate // 100


class Savings(Account):
    rate = 5

    def __init__(self, owner, balance, limit):
        super().__init__(owner, balance)
        self.limit = limit

    def withdraw(self, amount):
        if amount > self.limit:
            amount = self.limit
        self.balance -= amount
        return amount


def shapes_phase(n):
    shapes = []
    for i in range(n):
        m = i % 3
        if m == 0:
            shapes.append(Rect("r%d" % i, i % 7 + 1, i % 5 + 1))
        elif m == 1:
            shapes.append(Square("s%d" % i, i % 9 + 1))
        else:
            shapes.append(Circle("c%d" % i, i % 4 + 1))
    total = 0
    for rounds in range(4):
        for s in shapes:
            if isinstance(s, Square):
                s.side = s.side + 1
                total += s.area_prop
            elif isinstance(s, Rect):
                s.width = s.width + 1
                s.height = s.height + rounds
                total += s.area() + s.area_prop
            elif isinstance(s, Circle):
                s.diameter = s.diameter + 2
                total += s.area()
            if isinstance(s, (Rect, Circle)) and s.kind != "shape":
                total += len(s.describe())
    return total


def points_phase(n):
    total = 0
    pts = [Point3(i, -i, i % 11) for i in range(200)]
    plain = [PlainPoint(i, i * 2) for i in range(200)]
    for r in range(n):
        for p in pts:
            p.x += 1
            p.y -= 1
            total += p.manhattan
        for q in plain:
            q.x, q.y = q.y, q.x
            total += q.x - q.y
    return total


def accounts_phase(n):
    accts = []
    for i in range(100):
        if i % 2:
            accts.append(Savings("o%d" % i, i * 10, 50))
        else:
            accts.append(Account("o%d" % i, i * 10))
    total = 0
    for r in range(n):
        for a in accts:
            a.deposit(r % 13)
            if type(a) is Savings:
                total += a.withdraw(r % 70)
            total += a.interest()
            if r % 50 == 49:
                del a.balance
                a.history.clear()
    total += sum(len(a.history) for a in accts)
    total += sum(a.balance for a in accts)
    return total


def main():
    t1 = shapes_phase(250000)
    t2 = points_phase(7000)
    t3 = accounts_phase(16000)
    print("shapes", t1, "points", t2, "accounts", t3)
    print("created", Shape.created, Account._count, Square.kind, Square.scale_factor, Rect.scale_factor)


main()
