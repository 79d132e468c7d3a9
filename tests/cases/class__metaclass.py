class Meta(type):
    def __new__(mcls, name, bases, ns):
        ns["created_by"] = "Meta"
        cls = super().__new__(mcls, name, bases, ns)
        print("creating", name, sorted(k for k in ns if not k.startswith("__")))
        return cls
    def __call__(cls, *args):
        print("calling", cls.__name__, args)
        return super().__call__(*args)

class Base(metaclass=Meta):
    x = 1
    def __init__(self, v):
        self.v = v

class Child(Base):
    y = 2

c = Child(5)
print(c.v, c.created_by, type(Child).__name__, type(Meta).__name__)
print(isinstance(Child, Meta), isinstance(Child, type))

Dyn = type("Dyn", (object,), {"hello": lambda self: "hi from " + type(self).__name__, "n": 3})
d = Dyn()
print(d.hello(), Dyn.n, Dyn.__name__, Dyn.__bases__)

class Singleton(type):
    _inst = {}
    def __call__(cls, *a):
        if cls not in cls._inst:
            cls._inst[cls] = super().__call__(*a)
        return cls._inst[cls]
class Conf(metaclass=Singleton):
    def __init__(self):
        print("init once")
print(Conf() is Conf())
print(type(type), type(object), type(int), object.__bases__)
