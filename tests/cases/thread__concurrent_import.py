# Threads importing the same module at once: the first runs its body, the others wait for it
# to finish (per-module import locks) instead of seeing a half-initialised module; a circular
# import inside one thread still gets the partial module.
import os
import sys
import tempfile
import threading

tmp = tempfile.mkdtemp()
with open(os.path.join(tmp, "slowmod.py"), "w") as f:
    f.write("import time\nSTARTED = True\ntime.sleep(0.2)\nDONE = 'complete'\n")
with open(os.path.join(tmp, "circ_a.py"), "w") as f:
    f.write("import circ_b\nA = 'a sees b: ' + str(hasattr(circ_b, 'B'))\n")
with open(os.path.join(tmp, "circ_b.py"), "w") as f:
    f.write("import circ_a\nB = 'b sees partial a: ' + str(not hasattr(circ_a, 'A'))\n")
sys.path.insert(0, tmp)
sys.dont_write_bytecode = True

seen = []


def importer():
    import slowmod

    seen.append(slowmod.DONE)


threads = [threading.Thread(target=importer) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(seen)

results = []


def circular():
    import circ_a
    import circ_b

    results.append((circ_a.A, circ_b.B))


t = threading.Thread(target=circular)
t.start()
t.join()
print(results)
for name in ("slowmod.py", "circ_a.py", "circ_b.py"):
    os.remove(os.path.join(tmp, name))
os.rmdir(tmp)
