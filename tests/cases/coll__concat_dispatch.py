# str/tuple/list concatenation takes a shortcut for exact types; identity, in-place and
# subclass rules stay CPython's.
t = (1, 2)
print(() + t is t, t + () is t, (3,) + t, t + t)
s = "ab"
print("" + s is s, s + "" is s, s + "cd", "é" + s)
l = [1]
m = l
l += [2]
print(l is m, l, [0] + l, [] + [] == [])
u = t
u += (3,)
print(u, t, u is t)


class T(tuple):
    def __add__(self, o):
        return "T.__add__"

    def __radd__(self, o):
        return "T.__radd__"


class S(str):
    pass


print(T((1,)) + (2,), (2,) + T((1,)), () + T((5,)), type(() + T()).__name__)
print(type(S("x") + "y").__name__, type("" + S("z")).__name__, "" + S("z"))
for bad in [lambda: "a" + 1, lambda: (1,) + [2], lambda: [1] + (2,), lambda: s + None]:
    try:
        bad()
    except TypeError as e:
        print("TypeError", e)
