# type.__prepare__ (reached through super() from a metaclass) and the __abstractmethods__
# getset of type (only what the class itself stores).
import abc
class M(type):
    @classmethod
    def __prepare__(mcls, name, bases, **kw):
        d = super().__prepare__(name, bases, **kw)
        print("prepare", name, type(d).__name__, kw)
        d["injected"] = 1
        return d
    def __new__(mcls, name, bases, ns, **kw):
        return super().__new__(mcls, name, bases, ns)
class C(metaclass=M, flag=True):
    pass
print(C.injected, type.__prepare__("x", ()), type.__prepare__())
try:
    C.__abstractmethods__
except AttributeError as e:
    print("AttributeError", e)
class A(abc.ABC):
    @abc.abstractmethod
    def f(self): pass
print(A.__abstractmethods__)
class A(abc.ABC):
    @abc.abstractmethod
    def f(self): pass
class B(A):
    def f(self): return 1
try: A()
except TypeError as e: print(e)
print(B().f(), A.__abstractmethods__, B.__abstractmethods__)
class C: pass
C.__abstractmethods__ = frozenset({"g"})
try: C()
except TypeError as e: print(e)
print(C.__abstractmethods__)
try: type.__abstractmethods__
except AttributeError as e: print("AE", e)
