def trace(fn):
    def wrapper(*args, **kwargs):
        print("call", fn.__name__, args, kwargs)
        result = fn(*args, **kwargs)
        print("ret", result)
        return result
    wrapper.__name__ = fn.__name__
    wrapper.__wrapped__ = fn
    return wrapper

@trace
def add(a, b=0):
    return a + b

add(1, b=2)
print(add.__name__, add.__wrapped__(5))

def repeat(n):
    def deco(fn):
        def wrapper(*a):
            return [fn(*a) for _ in range(n)]
        return wrapper
    return deco

@repeat(3)
def hello(name):
    return "hi " + name
print(hello("bob"))

def tag(label):
    def deco(fn):
        fn.label = label
        return fn
    return deco

@tag("outer")
@trace
@tag("inner")
def mul(a, b):
    return a * b
print(mul(3, 4), mul.label, mul.__wrapped__.label)

registry = {}
def register(fn):
    registry[fn.__name__] = fn
    return fn

@register
def alpha(): return "A"
@register
def beta(): return "B"
print(sorted(registry), registry["beta"]())

class cached:
    def __init__(self, fn):
        self.fn = fn
        self.calls = 0
        self.memo = {}
    def __call__(self, n):
        if n not in self.memo:
            self.calls += 1
            self.memo[n] = self.fn(n)
        return self.memo[n]

@cached
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(60), fib.calls)
@(lambda f: f())
def computed():
    return 99
print(computed)
