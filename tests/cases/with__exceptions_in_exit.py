class Boom:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        raise RuntimeError("exit failed")
try:
    with Boom():
        raise ValueError("body failed")
except RuntimeError as e:
    print("got", e, "context:", repr(e.__context__))
class BadEnter:
    def __enter__(self):
        raise OSError("cannot enter")
    def __exit__(self, *a):
        print("exit should not run")
try:
    with BadEnter():
        print("not reached")
except OSError as e:
    print("enter failed:", e)
class Selective:
    def __enter__(self):
        return self
    def __exit__(self, et, ev, tb):
        return et is not None and issubclass(et, ArithmeticError)
for exc in [ZeroDivisionError, OverflowError, TypeError]:
    try:
        with Selective():
            raise exc("x")
        print(exc.__name__, "suppressed")
    except Exception as e:
        print(type(e).__name__, "escaped")
try:
    with 42:
        pass
except TypeError as e:
    print(e)
class NoExit:
    def __enter__(self): return 1
try:
    with NoExit():
        pass
except (TypeError, AttributeError) as e:
    print(type(e).__name__, e)
