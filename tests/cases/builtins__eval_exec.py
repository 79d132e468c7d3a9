print(eval("1 + 2 * 3"), eval("x * 2", {"x": 21}), eval("[i for i in range(3)]"))
ns = {}
exec("y = 10\ndef f(a):\n    return a + y\n", ns)
print(ns["y"], ns["f"](5), sorted(k for k in ns if k != "__builtins__"))
code = compile("print('compiled', 6 * 7)", "<string>", "exec")
exec(code)
expr = compile("a + b", "<expr>", "eval")
print(eval(expr, {"a": 1, "b": 2}), type(code).__name__, code.co_filename)
x = 5
print(eval("x + 1"), eval("x", {"x": 100}), eval("x + z", None, {"z": 1}))
loc = {}
exec("p = 1; q = p + 1", {}, loc)
print(loc)
try:
    eval("1 +")
except SyntaxError as e:
    print("SyntaxError:", e.msg, e.lineno)
try:
    exec("raise ValueError('from exec')")
except ValueError as e:
    print("ValueError:", e)
single = compile("1 + 1", "<s>", "single")
exec(single)
print(eval("__name__"), eval("len")("four"))
g = {"__builtins__": {}}
try:
    eval("len('x')", g)
except NameError as e:
    print(e)
print(eval("  42  "), eval("'str'"), eval("{'a': (1, 2)}"))
