# importlib on top of pyrite's import system: import_module (absolute and relative),
# util.find_spec, reload, pkgutil.iter_modules, resources.files, runpy.run_module, and a
# finder a program puts in front of sys.meta_path.
import importlib
import importlib.util
import os
import pkgutil
import runpy
import sys
import tempfile

tmp = tempfile.mkdtemp()
pkg = os.path.join(tmp, "plugpkg")
os.mkdir(pkg)
with open(os.path.join(pkg, "__init__.py"), "w") as f:
    f.write("LOADED = []\n")
with open(os.path.join(pkg, "alpha.py"), "w") as f:
    f.write("from . import LOADED\nLOADED.append('alpha')\nVALUE = 1\n")
with open(os.path.join(pkg, "beta.py"), "w") as f:
    f.write("VALUE = 2\n")
with open(os.path.join(pkg, "gamma.py"), "w") as f:
    f.write("VALUE = 3\nif __name__ == '__main__':\n    print('beta run as main')\n")
with open(os.path.join(pkg, "data.txt"), "w") as f:
    f.write("resource text\n")
os.mkdir(os.path.join(tmp, "nspkg"))
with open(os.path.join(tmp, "nspkg", "inner.py"), "w") as f:
    f.write("X = 'namespace'\n")
sys.path.insert(0, tmp)
sys.dont_write_bytecode = True

m = importlib.import_module("plugpkg.alpha")
print(m.__name__, m.VALUE, m.__spec__.name, m.__spec__.parent, type(m.__loader__).__name__)
print(m.__file__ == os.path.join(pkg, "alpha.py"), sys.modules["plugpkg"].LOADED)
b = importlib.import_module(".beta", "plugpkg")
print(b.VALUE, b is sys.modules["plugpkg.beta"])
spec = importlib.util.find_spec("plugpkg.beta")
print(spec.name, spec.origin == os.path.join(pkg, "beta.py"), spec.submodule_search_locations)
pspec = importlib.util.find_spec("plugpkg")
print(pspec.submodule_search_locations == [pkg], pspec.loader.is_package("plugpkg"))
print(importlib.util.find_spec("no_such_module_xyz"))
print(importlib.util.find_spec("json") is not None, importlib.util.find_spec("math") is not None)
with open(os.path.join(pkg, "beta.py"), "w") as f:
    f.write("VALUE = 3\n")
print(importlib.reload(b).VALUE)
print(sorted(name for _, name, _ in pkgutil.iter_modules([pkg])))
print(pkgutil.get_data("plugpkg", "data.txt"))
import importlib.resources

print(importlib.resources.files("plugpkg").joinpath("data.txt").read_text())
ns = importlib.import_module("nspkg.inner")
print(ns.X, list(sys.modules["nspkg"].__path__) == [os.path.join(tmp, "nspkg")])
g = runpy.run_module("plugpkg.gamma", run_name="__main__")
print(g["VALUE"])
try:
    importlib.import_module("plugpkg.missing")
except ModuleNotFoundError as e:
    print("ModuleNotFoundError", e, e.name)
print(type(sys.meta_path[-1]).__name__ in ("type", "PathFinder") or sys.meta_path[-1])


class Greeter:
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name == "virtual_greeting":
            return importlib.util.spec_from_loader(name, cls)
        return None

    @staticmethod
    def create_module(spec):
        return None

    @staticmethod
    def exec_module(module):
        module.hello = "hello from a finder"


sys.meta_path.insert(0, Greeter)
import virtual_greeting

print(virtual_greeting.hello)
for root, dirs, files in os.walk(tmp, topdown=False):
    for name in files:
        os.remove(os.path.join(root, name))
    for name in dirs:
        os.rmdir(os.path.join(root, name))
os.rmdir(tmp)
