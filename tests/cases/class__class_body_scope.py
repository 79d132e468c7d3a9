class C:
    a = 1
    b = a + 1
    items = [i * 2 for i in range(a, 4)]
    try:
        hidden = [a * i for i in range(3)]
    except NameError as e:
        hidden = "NameError: " + str(e)
    def m(self):
        return C.a
    print("in class body:", a, b)
print(C.b, C.items, C.hidden, C().m())
def factory(n):
    class Local:
        val = n
        def get(self):
            return self.val + n
    return Local
L = factory(5)
print(L().get(), L.__qualname__)
class Outer:
    class Inner:
        pass
print(Outer.Inner.__qualname__, Outer.Inner.__name__)
print(sorted(k for k in C.__dict__ if not k.startswith("__")))
