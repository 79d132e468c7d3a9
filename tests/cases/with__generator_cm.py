class contextmanager_:
    def __init__(self, gen_fn):
        self.gen_fn = gen_fn
    def __call__(self, *args):
        return _GenCM(self.gen_fn(*args))
class _GenCM:
    def __init__(self, gen):
        self.gen = gen
    def __enter__(self):
        return next(self.gen)
    def __exit__(self, et, ev, tb):
        if et is None:
            try:
                next(self.gen)
            except StopIteration:
                return False
            raise RuntimeError("generator didn't stop")
        try:
            self.gen.throw(ev)
        except StopIteration:
            return True
        except BaseException as e:
            if e is ev:
                return False
            raise
        return False

@contextmanager_
def tag(name):
    print(f"<{name}>")
    try:
        yield name
    finally:
        print(f"</{name}>")

@contextmanager_
def ignoring(exc_type):
    try:
        yield
    except exc_type as e:
        print("ignored", repr(e))

with tag("html"):
    with tag("body") as b:
        print("content in", b)
with ignoring(KeyError):
    {}["x"]
print("continuing")
try:
    with tag("div"):
        raise ValueError("inside div")
except ValueError as e:
    print("escaped:", e)
