print("start")
try:
    raise ExceptionGroup("batch failed", [ValueError("a"), KeyError("b")])
except* ValueError:
    print("handled values")
