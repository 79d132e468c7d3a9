def append_to(x, acc=[]):
    acc.append(x)
    return acc
print(append_to(1), append_to(2))
print(append_to(3, []))

def safe(x, acc=None):
    if acc is None:
        acc = []
    acc.append(x)
    return acc
print(safe(1), safe(2))

counter = 10
def snapshot(v=counter):
    return v
counter = 20
print(snapshot())
print(append_to.__defaults__, snapshot.__defaults__)

def kwd(a, *, b=[1]):
    return a, b
print(kwd.__kwdefaults__)
kwd.__defaults__ = None
def g(a, b=1, c=2):
    return a + b + c
g.__defaults__ = (100, 200)
print(g(1))
print(g.__name__, g.__qualname__, g.__code__.co_argcount, g.__code__.co_varnames)
