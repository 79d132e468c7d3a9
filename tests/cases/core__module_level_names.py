# Module-level LOAD_NAME/STORE_NAME (cached like LOAD_GLOBAL), class bodies and exec namespaces.
out = []
for i in range(3):
    out.append(len("ab"))
    if i == 0:
        len = lambda s: 7
    elif i == 1:
        del len
print(out)
x = 1
globals()["x"] = 2
print(x)
del globals()["x"]
try:
    x
except NameError as e:
    print("NameError:", e)
globals()["".join(["y", "y"])] = 5
print(yy)


class K:
    v = 1
    w = v + 1
    len = len("abc")
    print(v, w, len)


class Missing(dict):
    def __missing__(self, key):
        return "missing " + key

    def __getitem__(self, key):
        if key == "special":
            return "from __getitem__"
        return dict.__getitem__(self, key)


ns = Missing(print=print)
exec("print(special)", ns, ns)
exec("a = 1\nprint(a)", {"__builtins__": __builtins__})
g = {}
exec("for i in range(3):\n    t = i * 2\nprint(t, i)", g)
code = compile("print(n * 2)", "<s>", "exec")
for n in (1, "ab"):
    exec(code, {"n": n})
try:
    exec("undefined_thing", {})
except NameError as e:
    print("NameError:", e)
