# The native _warnings module: filters, registries, once/module/always/error actions,
# stacklevel, warn_explicit, the 'source' argument (tracemalloc hint), bad categories,
# and a warning turned into an error whose traceback has no frames of warnings itself.
import warnings, sys
class R: pass
r = R()
warnings.warn("unclosed thing", ResourceWarning, source=r)
warnings.simplefilter("always")
warnings.warn("unclosed thing", ResourceWarning, source=r)
warnings.warn("plain", UserWarning, stacklevel=1)
def f():
    warnings.warn("deep", DeprecationWarning, stacklevel=2)
f()
with warnings.catch_warnings(record=True) as w:
    warnings.warn("rec", source=r)
    print(w[0].source is r, w[0].message, w[0].lineno)
def f():
    warnings.warn("deprecated thing", DeprecationWarning, stacklevel=2)
f()
warnings.warn("once", UserWarning)
for i in range(3):
    warnings.warn("loop", UserWarning)
warnings.simplefilter("once")
for i in range(3):
    warnings.warn("loop2", UserWarning)
warnings.resetwarnings()
warnings.simplefilter("error", RuntimeWarning)
try:
    warnings.warn("boom", RuntimeWarning)
except RuntimeWarning as e:
    print("raised", repr(e))
try:
    warnings.warn("x", 42)
except TypeError as e:
    print(e)
try:
    warnings.warn("x", int)
except TypeError as e:
    print(e)
warnings.filterwarnings("ignore", message="ign.*")
warnings.warn("ignore me", RuntimeWarning)
warnings.filters.insert(0, ("bogus", None, Warning, None, 0))
try:
    warnings.warn("y")
except RuntimeError as e:
    print(e)
del warnings.filters[0]
warnings.simplefilter("default")
warnings.warn_explicit("explicit", UserWarning, "somefile.py", 7)
warnings.warn_explicit("explicit", UserWarning, "somefile.py", 7, module=None)
print(sorted(k for k in globals()["__warningregistry__"] if k != "version"))
warnings.warn(UserWarning("inst"))
warnings.warn("deep", stacklevel=100)
print(sys.__dict__.get("__warningregistry__"))
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    warnings.warn("a"); warnings.warn("a")
    print(len(w), w[0].filename.endswith("w2.py"), w[0].lineno)
import _warnings
print(_warnings.filters is warnings.filters, _warnings._defaultaction, type(_warnings._onceregistry))
print(warnings.warn.__module__ if hasattr(warnings.warn, "__module__") else None)
async def never(): pass
def make():
    never()
warnings.simplefilter("default")
make()
import gc; gc.collect()
def deep():
    warnings.warn("fatal", RuntimeWarning)
warnings.simplefilter("error")
deep()
