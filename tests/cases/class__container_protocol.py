class Deck:
    def __init__(self, cards):
        self.cards = list(cards)
    def __len__(self):
        return len(self.cards)
    def __getitem__(self, i):
        return self.cards[i]
    def __setitem__(self, i, v):
        self.cards[i] = v
    def __delitem__(self, i):
        del self.cards[i]
    def __contains__(self, c):
        print("contains called")
        return c in self.cards
    def __iter__(self):
        return iter(self.cards)
    def __reversed__(self):
        return reversed(self.cards)

d = Deck("ABCDE")
print(len(d), d[0], d[-1], d[1:3])
d[0] = "Z"
del d[1]
print(list(d), "C" in d, "Q" in d)
print(list(reversed(d)), sorted(d))
class Seq:
    def __getitem__(self, i):
        if i >= 4:
            raise IndexError(i)
        return i * i
print(list(Seq()), 9 in Seq(), [x for x in Seq()])
class Squares:
    def __init__(self, n):
        self.n = n
        self.i = 0
    def __iter__(self):
        return self
    def __next__(self):
        if self.i >= self.n:
            raise StopIteration
        self.i += 1
        return self.i ** 2
s = Squares(4)
print(list(s), list(s))
class Truthy:
    def __len__(self):
        return 0
print(bool(Truthy()), "empty" if not Truthy() else "full")
