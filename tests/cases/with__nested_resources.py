log = []
class Res:
    def __init__(self, n):
        self.n = n
    def __enter__(self):
        log.append(f"open {self.n}")
        return self
    def __exit__(self, *exc):
        log.append(f"close {self.n}")
def use(n):
    with Res(1) as a:
        with Res(2) as b:
            if n:
                raise ValueError(n)
            return a.n + b.n
print(use(0), log)
log.clear()
try:
    use(5)
except ValueError as e:
    print("error", e, log)
log.clear()
with Res("x") as r1, Res("y") as r2, Res("z"):
    log.append("body")
print(log)
