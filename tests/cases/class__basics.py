class Dog:
    species = "canis"
    count = 0
    def __init__(self, name):
        self.name = name
        Dog.count += 1
    def speak(self):
        return f"{self.name} says woof"

a = Dog("rex")
b = Dog("fido")
print(a.speak(), b.speak())
print(Dog.count, a.count, a.species)
a.species = "wolf"
print(a.species, b.species, Dog.species)
print(sorted(vars(a)), type(a).__name__, Dog.__name__, Dog.__qualname__)
print(isinstance(a, Dog), isinstance(a, object), type(a) is Dog)
print(Dog.speak(b))
del a.species
print(a.species)
print(hasattr(a, "name"), getattr(a, "missing", "dflt"))
class Empty:
    pass
e = Empty()
e.x = 1
print(e.x, Empty.__bases__, Empty.__mro__)
print(Empty.__module__, Empty.__doc__)
