class Record:
    fields = ()
    def __init__(self, *args):
        if len(args) != len(self.fields):
            raise TypeError(f"{type(self).__name__} takes {len(self.fields)} values")
        for f, v in zip(self.fields, args):
            setattr(self, f, v)
    def __repr__(self):
        inner = ", ".join(f"{f}={getattr(self, f)!r}" for f in self.fields)
        return f"{type(self).__name__}({inner})"
    def __eq__(self, other):
        return type(self) is type(other) and all(getattr(self, f) == getattr(other, f) for f in self.fields)
class Person(Record):
    fields = ("name", "age")
people = [Person("ann", 31), Person("bob", 25), Person("cy", 40)]
print(people)
print(sorted(people, key=lambda p: p.age))
print(Person("a", 1) == Person("a", 1), Person("a", 1) == Person("a", 2))
try:
    Person("x")
except TypeError as e:
    print(e)
