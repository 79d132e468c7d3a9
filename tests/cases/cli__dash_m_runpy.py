# `-m` runs through runpy as in CPython: sys.argv[0] is the module's path, a package runs its
# __main__, tracebacks start with runpy's two "<frozen runpy>" frames, and missing modules or
# packages without __main__ are reported with the interpreter's path.
import os
import subprocess
import sys
import tempfile

tmp = tempfile.mkdtemp()
with open(os.path.join(tmp, "failing_mod.py"), "w") as f:
    f.write("import sys\nprint(sys.argv[0].endswith('failing_mod.py'), sys.argv[1:], __name__)\n1 / 0\n")
os.makedirs(os.path.join(tmp, "runpkg"))
with open(os.path.join(tmp, "runpkg", "__init__.py"), "w") as f:
    f.write("print('package init')\n")
with open(os.path.join(tmp, "runpkg", "__main__.py"), "w") as f:
    f.write("import sys\nprint('package main', __name__, sys.argv[0].endswith('__main__.py'))\n")
os.makedirs(os.path.join(tmp, "nomain"))
with open(os.path.join(tmp, "nomain", "__init__.py"), "w") as f:
    f.write("")

for args in (["failing_mod", "x", "y"], ["runpkg"], ["nomain"], ["no_such_module_xyz"]):
    p = subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, cwd=tmp)
    err = p.stderr.replace(tmp, "<TMP>").replace(sys.executable, "<python>")
    print(args, p.returncode)
    print(p.stdout + err, end="")
for root, dirs, files in os.walk(tmp, topdown=False):
    for name in files:
        os.remove(os.path.join(root, name))
    for name in dirs:
        os.rmdir(os.path.join(root, name))
os.rmdir(tmp)
