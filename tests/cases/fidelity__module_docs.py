# Native functions of posix, sys, math and time carry CPython's docstrings and signatures.
import inspect
import math
import os
import sys
import time

for f in (os.read, os.write, os.open, os.getcwd, os.listdir, os.stat, os.waitpid, os.kill, sys.exit, sys.getrecursionlimit,
          sys.intern, sys.getsizeof, math.sqrt, math.gcd, math.log, math.isclose, math.prod, time.time, time.sleep,
          time.strftime, time.monotonic):
    try:
        sig = str(inspect.signature(f))
    except ValueError as e:
        sig = "no signature"
    print(f.__module__, f.__name__, sig)
    print(f.__doc__)
