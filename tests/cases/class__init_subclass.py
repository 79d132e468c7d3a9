class Plugin:
    registry = []
    def __init_subclass__(cls, key=None, **kw):
        super().__init_subclass__(**kw)
        cls.key = key or cls.__name__.lower()
        Plugin.registry.append(cls)

class Csv(Plugin, key="csv"):
    pass
class Json(Plugin):
    pass
class Pretty(Json, key="pretty"):
    pass
print([(c.__name__, c.key) for c in Plugin.registry])

class Named:
    def __set_name__(self, owner, name):
        print("set_name", owner.__name__, name)
        self.name = name
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return obj.__dict__.get(self.name, "unset:" + self.name)
    def __set__(self, obj, value):
        obj.__dict__[self.name] = value.upper()

class Model:
    title = Named()
    author = Named()

m = Model()
print(m.title)
m.title = "dune"
print(m.title, m.author)
print(type(Model.__dict__["title"]).__name__)
