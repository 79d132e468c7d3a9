# sys._getframe(n) with f_back/f_locals/f_lineno; namedtuple's __module__, inspect.stack, logging funcName and warnings locations all come from it.
import sys, collections, inspect
def outer():
    x = 1
    return inner()
def inner():
    f = sys._getframe()
    b = sys._getframe(1)
    return f.f_code.co_name, b.f_code.co_name, b.f_locals["x"], f.f_back.f_code.co_name, f.f_back.f_back.f_code.co_name, b.f_lineno
print(outer())
N = collections.namedtuple("N", "a")
print(N, N.__module__)
try:
    sys._getframe(100)
except ValueError as e:
    print(e)
print(inspect.currentframe().f_code.co_name, [fi.function for fi in inspect.stack()][:2])
import logging
logging.basicConfig(format="%(funcName)s:%(lineno)d:%(message)s", stream=sys.stdout)
def lg():
    logging.warning("hi")
lg()
import warnings
warnings.warn("careful", stacklevel=1)
