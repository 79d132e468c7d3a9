def run():
    x = 1
    exec("x = 2")
    print(x)
    ns = {}
    exec("y = 3", globals(), ns)
    print(ns["y"])
run()
src = """
class Greeter:
    def __init__(self, who):
        self.who = who
    def greet(self):
        return "hello " + self.who
result = Greeter("exec").greet()
"""
env = {}
exec(src, env)
print(env["result"], env["Greeter"].__name__)
exec("import math as m; val = m.factorial(5)", env)
print(env["val"])
print(eval("sum(v for v in range(n))", {"n": 10}))
f = eval("lambda a: a * 3")
print(f(4), f.__name__)
