counter = 1
def show():
    local_var = "here"
    print(sorted(locals()), "counter" in globals(), globals()["counter"])
show()
globals()["dynamic"] = "made via globals()"
print(dynamic)
print(__name__, type(globals()).__name__, "__builtins__" in globals())
def closure():
    a = 1
    def inner():
        return a
    print(sorted(locals()))
    return inner
closure()
class K:
    x = 1
    print(sorted(k for k in locals() if not k.startswith("__")))
print(vars(K)["x"], vars().get("counter"))
print(sorted(n for n in dir() if not n.startswith("__")))
import builtins
print(builtins.len is len, builtins.__name__)
