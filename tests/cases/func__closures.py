def make_counter():
    count = 0
    def inc(step=1):
        nonlocal count
        count += step
        return count
    return inc

c1 = make_counter()
c2 = make_counter()
print(c1(), c1(), c1(10), c2())

def adders():
    return [lambda x, i=i: x + i for i in range(3)]
print([f(10) for f in adders()])

def late():
    return [lambda x: x + i for i in range(3)]
print([f(10) for f in late()])

def outer():
    x = "outer"
    def middle():
        def inner():
            return x
        return inner
    return middle()()
print(outer())

def cell_contents():
    v = 42
    def get():
        return v
    return get
print(cell_contents().__closure__[0].cell_contents)
print(make_counter().__code__.co_freevars if False else make_counter.__code__.co_cellvars)

def rebinding():
    fs = []
    x = 1
    fs.append(lambda: x)
    x = 2
    fs.append(lambda: x)
    return [f() for f in fs]
print(rebinding())

def nested_nonlocal():
    a = 0
    def level1():
        def level2():
            nonlocal a
            a += 5
        level2()
        level2()
    level1()
    return a
print(nested_nonlocal())
