import sys
import math, builtins
from math import pi as PI, sqrt
print(round(PI, 5), sqrt(2) ** 2 > 1.99)
print(sys.version_info[:2], sys.maxsize == 2 ** 63 - 1, sys.byteorder)
print(type(sys.path).__name__, sys.getrecursionlimit(), sys.platform.startswith("linux"))
print(builtins.abs(-3), hasattr(builtins, "print"))
import time, os
print(callable(time.time), callable(os.getcwd))
