# xfail: uncaught ExceptionGroup tracebacks are not printed in CPython's boxed layout yet
print("start")
try:
    raise ExceptionGroup("batch failed", [ValueError("a"), KeyError("b")])
except* ValueError:
    print("handled values")
