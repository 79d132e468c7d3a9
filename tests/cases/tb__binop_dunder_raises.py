# A traceback through a Python __add__ run for `a + b`.
class Money:
    def __init__(self, cents):
        self.cents = cents

    def __add__(self, other):
        return Money(self.cents + other.cents)


def total(items):
    s = Money(0)
    for it in items:
        s = s + it
    return s


print(total([Money(1), Money(2)]).cents)
total([Money(1), 5])
