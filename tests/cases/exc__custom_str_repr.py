class Weird(Exception):
    def __str__(self):
        return "weird happened: " + repr(self.args)

e = Weird(1, "two")
print(str(e))
print(repr(e))
print(repr(ValueError("x")), repr(ValueError()), repr(ValueError(1, 2)))
print(str(KeyError("k")), str(KeyError()), str(KeyError(1, 2)))
raise Weird("boom")
