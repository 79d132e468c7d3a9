def trial(fail):
    log = []
    try:
        log.append("try")
        if fail:
            raise ValueError("bad")
    except ValueError as e:
        log.append("except " + str(e))
    else:
        log.append("else")
    finally:
        log.append("finally")
    log.append("after")
    return log

print(trial(False))
print(trial(True))

def nested():
    try:
        try:
            raise KeyError("inner")
        finally:
            print("inner finally")
    except KeyError as e:
        print("outer caught", e)
    finally:
        print("outer finally")
nested()

try:
    raise TypeError("t")
except (ValueError, TypeError) as e:
    print("tuple except", type(e).__name__)
try:
    int("x")
except Exception as e:
    print(type(e).__name__, e)
print("e is unbound after except:", "e" not in dir())
