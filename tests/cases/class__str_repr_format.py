class Money:
    def __init__(self, cents):
        self.cents = cents
    def __repr__(self):
        return f"Money({self.cents})"
    def __str__(self):
        return f"${self.cents // 100}.{self.cents % 100:02d}"
    def __format__(self, spec):
        if spec == "short":
            return f"{self.cents // 100}$"
        return format(str(self), spec)
m = Money(12345)
print(m, repr(m), [m], (m,), {"k": m})
print(f"{m}|{m!r}|{m!s}|{m:short}|{m:>12}|")
print("{}".format(m), "%s %r" % (m, m))
class OnlyRepr:
    def __repr__(self):
        return "OnlyRepr()"
print(OnlyRepr(), str(OnlyRepr()))
class Plain:
    pass
print(repr(Plain()).startswith("<__main__.Plain object at 0x"))
print(str(Plain) , repr(int), str(type(None)))
