def inner():
    raise ValueError("original")

def middle():
    try:
        inner()
    except ValueError:
        print("middle saw it")
        raise

try:
    middle()
except ValueError as e:
    print("outer got", e)

def bare():
    try:
        raise KeyError("x")
    except KeyError as e:
        err = e
    raise err

try:
    bare()
except KeyError as e:
    print("reraised stored", repr(e))

try:
    raise
except RuntimeError as e:
    print(type(e).__name__, e)
