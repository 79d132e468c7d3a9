class Proxy:
    def __init__(self, target):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "log", [])
    def __getattr__(self, name):
        self.log.append("get " + name)
        return getattr(self._target, name)
    def __setattr__(self, name, value):
        self.log.append("set " + name)
        setattr(self._target, name, value)
    def __delattr__(self, name):
        self.log.append("del " + name)
        delattr(self._target, name)

class T:
    pass
t = T()
p = Proxy(t)
p.a = 1
print(p.a, t.a)
del p.a
print(hasattr(t, "a"))
print(p.log)

class Strict:
    __slots__ = ("x", "y")
    def __init__(self):
        self.x = 1
s = Strict()
try:
    s.z = 3
except AttributeError as e:
    print(e)
try:
    s.y
except AttributeError as e:
    print(e)
print(hasattr(s, "__dict__"))
class Audit:
    def __getattribute__(self, name):
        if name == "secret":
            return "intercepted"
        return super().__getattribute__(name)
    real = "real"
print(Audit().secret, Audit().real)
