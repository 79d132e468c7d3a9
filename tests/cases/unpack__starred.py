a, *b = [1, 2, 3, 4]
print(a, b)
*a, b = "hello"
print(a, b)
a, *b, c = range(5)
print(a, b, c)
a, *b, c = [1, 2]
print(a, b, c)
[x, y], *z = [(1, 2), 3, 4]
print(x, y, z)
first, *_, last = "abcdef"
print(first, last)
head, *tail = iter([10, 20, 30])
print(head, tail, type(tail).__name__)
try:
    a, b, *c = [1]
except ValueError as e:
    print(e)
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print(e)
try:
    a, b, c = "ab"
except ValueError as e:
    print(e)
try:
    a, b = 5
except TypeError as e:
    print(e)
print(*[1, 2], *"ab", sep="-")
def f(*args):
    return args
print(f(*range(3), *[], 9))
print([*{"k": 1}], {**{"a": 1}, **{"a": 2, "b": 3}})
