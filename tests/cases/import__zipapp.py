# Zip archives and directories as programs and on sys.path: `python3 app.pyz` and
# `python3 dir` run their __main__ (zipapp archives, with and without a #! line), a package
# inside an archive imports its submodules, and a missing __main__ is reported.
import os
import subprocess
import sys
import tempfile
import zipapp
import zipfile

tmp = tempfile.mkdtemp()
src = os.path.join(tmp, "src")
os.makedirs(os.path.join(src, "pkg"))
with open(os.path.join(src, "__main__.py"), "w") as f:
    f.write("import sys, pkg.mod\nprint('main from', sys.path[0].rpartition('/')[2], pkg.mod.X, __name__)\n")
with open(os.path.join(src, "pkg", "__init__.py"), "w") as f:
    f.write("")
with open(os.path.join(src, "pkg", "mod.py"), "w") as f:
    f.write("X = 42\n")
plain = os.path.join(tmp, "app.pyz")
zipapp.create_archive(src, plain)
shebang = os.path.join(tmp, "app2.pyz")
zipapp.create_archive(src, shebang, interpreter="/usr/bin/env python3")
empty = os.path.join(tmp, "empty.zip")
with zipfile.ZipFile(empty, "w") as z:
    z.writestr("x.txt", "1")


def run(target):
    p = subprocess.run([sys.executable, target], capture_output=True, text=True)
    err = p.stderr.strip().rpartition(": ")[2] if p.stderr else ""
    print(p.returncode, p.stdout.strip(), err.replace(tmp, "<TMP>"))


for target in (plain, shebang, src, empty, os.path.join(tmp, "pkg-missing")):
    run(target)

sys.path.insert(0, plain)
import pkg.mod

print(pkg.mod.X, pkg.mod.__file__.replace(tmp, "<TMP>"), type(pkg.__loader__).__name__)
sys.path.remove(plain)
for root, dirs, files in os.walk(tmp, topdown=False):
    for name in files:
        os.remove(os.path.join(root, name))
    for name in dirs:
        os.rmdir(os.path.join(root, name))
os.rmdir(tmp)
