class Animal:
    kind = "generic"
    def __init__(self):
        self.name = "x"
    def speak(self):
        return "..."
class Dog(Animal):
    pass
d = Dog()
print(type(d), type(d).__name__, type(Dog), type(3), type("s"), type(None), type(type))
print(isinstance(d, Animal), isinstance(3, (str, int)), isinstance(True, int), isinstance(3, bool))
print(issubclass(Dog, Animal), issubclass(bool, int), issubclass(int, (str, object)), issubclass(Dog, Dog))
print(hasattr(d, "speak"), hasattr(d, "fly"), getattr(d, "name"), getattr(d, "fly", None))
setattr(d, "age", 3)
print(d.age, vars(d), sorted(vars(Dog)))
delattr(d, "age")
print(hasattr(d, "age"))
print([n for n in dir(d) if not n.startswith("_")])
print([n for n in dir(Animal) if not n.startswith("__")])
print(callable(d.speak), callable(Dog), callable(d), callable(print))
print(d.__class__ is Dog, Dog.__name__, Dog.__bases__[0].__name__, d.__dict__)
try:
    getattr(d, "nothing")
except AttributeError as e:
    print(e)
print(type("X", (), {})().__class__.__name__)
print(isinstance([], list), isinstance({}, dict), isinstance((), tuple), isinstance(int, type))
print(len(dir(object)) > 10, "__init__" in dir(object), "append" in dir([]))
