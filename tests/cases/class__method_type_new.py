# types.MethodType(function, instance) builds a bound method from Python (importlib.metadata's
# method_cache does), with CPython's argument errors; importlib.metadata then imports.
import types

m = types.MethodType(lambda s, x=1: (s, x), 5)
print(m(), m(2), m.__self__, m.__func__.__name__)
b = types.MethodType(len, "abc")
print(type(b).__name__, b())
for bad in ((1, 2), (len, None)):
    try:
        types.MethodType(*bad)
    except TypeError as e:
        print("TypeError", e)
try:
    types.MethodType(len)
except TypeError as e:
    print("TypeError", e)

import importlib.metadata as md

try:
    md.version("no-such-distribution-xyz")
except md.PackageNotFoundError as e:
    print("PackageNotFoundError", e)

# Distributions are found through sys.meta_path's finders (pyrite's answers find_distributions).
import os
import sys
import tempfile

tmp = tempfile.mkdtemp()
info = os.path.join(tmp, "fakepkg-1.2.dist-info")
os.mkdir(info)
with open(os.path.join(info, "METADATA"), "w") as f:
    f.write("Metadata-Version: 2.1\nName: fakepkg\nVersion: 1.2\n")
sys.path.insert(0, tmp)
print(md.version("fakepkg"), [d.metadata["Name"] for d in md.distributions(path=[tmp])])
sys.path.remove(tmp)
os.remove(os.path.join(info, "METADATA"))
os.rmdir(info)
os.rmdir(tmp)
