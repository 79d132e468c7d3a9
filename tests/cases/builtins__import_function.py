m = __import__("math")
print(m.sqrt(49), m.__name__)
os_path = __import__("os.path")
print(os_path.__name__)
from_list = __import__("os.path", fromlist=["join"])
print(from_list.__name__.endswith("path"), from_list.join("a", "b"))
import sys
print("math" in sys.modules, type(sys.modules).__name__)
mod = sys.modules["math"]
print(mod is m, mod.floor(2.7))
try:
    __import__("no_such_module_xyz")
except ImportError as e:
    print(type(e).__name__, e.name, e)
