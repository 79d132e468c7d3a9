class Animal:
    sound = None
    def speak(self):
        if self.sound is None:
            raise NotImplementedError(type(self).__name__)
        return self.sound * 2
class Cat(Animal):
    sound = "meow"
class Cow(Animal):
    sound = "moo"
    def speak(self):
        return super().speak().upper()
for a in [Cat(), Cow(), Animal()]:
    try:
        print(a.speak())
    except NotImplementedError as e:
        print("not implemented for", e)
print(Cat.__dict__.get("speak"), "sound" in Cat.__dict__)
print(Cow.speak is Animal.speak, Cat.speak is Animal.speak)
