import mods.counter
import mods.counter as again
from mods import counter
print(mods.counter is again is counter)
print(counter.bump(), again.bump(), mods.counter.count)
import sys
del sys.modules["mods.counter"]
import mods.counter as fresh
print(fresh is counter, fresh.count, counter.count)
import importlib
re_loaded = importlib.reload(fresh)
print(re_loaded is fresh, fresh.count)
