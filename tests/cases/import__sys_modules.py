import sys
print(__name__, sys.modules["__main__"].__name__)
print("builtins" in sys.modules, "sys" in sys.modules)
import mods.plain
print("mods" in sys.modules, "mods.plain" in sys.modules)
fake = type(sys)("fake_module")
fake.answer = 42
sys.modules["fake_module"] = fake
import fake_module
print(fake_module.answer, fake_module is fake, type(fake).__name__)
from fake_module import answer
print(answer)
sys.modules["blocked"] = None
try:
    import blocked
except ImportError as e:
    print(type(e).__name__, e)
print(type(sys.path).__name__, isinstance(sys.argv, list), sys.argv[0].endswith("import__sys_modules.py"))
