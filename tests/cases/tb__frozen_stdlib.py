# Tracebacks through the standard library modules CPython 3.11 freezes (os, codecs, abc, runpy…)
# name them "<frozen os>" and show no source line; other stdlib modules keep their paths.
import codecs
import os

print(os.getenv.__code__.co_filename, os.path.join.__code__.co_filename, codecs.lookup.__name__)
print(os.__file__.endswith("os.py"))
try:
    codecs.getincrementaldecoder("no-such-codec-xyz")
except LookupError as e:
    print("LookupError", e)
os.environ["NOPE_XYZ_FROZEN"]
