def documented(x):
    """Return x doubled.

    More text here.
    """
    return 2 * x
print(documented.__doc__.splitlines()[0])
def nodoc():
    pass
print(nodoc.__doc__)
documented.custom = "value"
print(documented.custom, documented.__dict__)
print(documented.__module__, documented.__qualname__)
class A:
    def method(self):
        def inner():
            pass
        return inner
print(A.method.__qualname__, A().method().__qualname__)
print(callable(documented), callable(5), callable(A), callable(A()))
bound = A().method
print(bound.__func__ is A.method, bound.__self__.__class__.__name__)
print(type(documented).__name__, type(bound).__name__, type(len).__name__)
print(repr(len), repr(print))
