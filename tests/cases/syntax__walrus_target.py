# xfail: compiler reports 'invalid syntax' instead of CPython's walrus-target message
if (a.b := 3):
    pass
