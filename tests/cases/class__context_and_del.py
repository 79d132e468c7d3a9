class Res:
    def __init__(self, name):
        self.name = name
        print("open", name)
    def __enter__(self):
        print("enter", self.name)
        return self
    def __exit__(self, et, ev, tb):
        print("exit", self.name, et.__name__ if et else None)
        return False
with Res("a") as r, Res("b"):
    print("body", r.name)
try:
    with Res("c"):
        raise ValueError("x")
except ValueError:
    print("propagated")
