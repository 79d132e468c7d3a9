# cProfile.run / runctx / runcall / Profile as a context manager / `-m cProfile -s calls`,
# and pstats reports; only names and call counts are printed (never times), rows sorted.
import contextlib
import cProfile
import io
import os
import pstats
import re
import subprocess
import sys
import tempfile

ROW = re.compile(r"\s*(\d+(?:/\d+)?)\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+(.*)$")


def report(text):
    """The deterministic part of a pstats table: header words, counts and names."""
    rows = []
    for line in text.splitlines():
        m = ROW.match(line)
        if m:
            name = m.group(2)
            if "{method 'disable'" in name:
                continue
            rows.append((os.path.basename(name) if "(" in name and ":" in name else name, m.group(1)))
        elif "function calls" in line:
            print(" ", re.sub(r"in [\d.]+ seconds", "in T seconds", line.strip()))
        elif line.strip().startswith(("Ordered by", "ncalls", "List reduced")):
            print(" ", line.strip())
    for r in sorted(rows):
        print("   ", r)


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


class Shape:
    def __init__(self, n):
        self.n = n

    def area(self):
        return sum(i * i for i in range(self.n))


def main():
    shapes = [Shape(i) for i in range(3)]
    areas = sorted(s.area() for s in shapes)
    words = " ".join(str(a) for a in areas).split()
    return fib(7), areas, len(words)


tmp = tempfile.mkdtemp()

print("cProfile.run")
out = io.StringIO()
with contextlib.redirect_stdout(out):
    cProfile.run("main()", sort="calls")
report(out.getvalue())

print("Stats of a Profile, sorted and printed")
pr = cProfile.Profile()
pr.enable()
main()
pr.disable()
out = io.StringIO()
st = pstats.Stats(pr, stream=out)
st.strip_dirs().sort_stats("calls", "name").print_stats()
report(out.getvalue())

print("print_stats with a restriction")
out = io.StringIO()
pstats.Stats(pr, stream=out).sort_stats(pstats.SortKey.CALLS).print_stats("fib|area")
report(out.getvalue())

print("dump_stats and Stats(filename)")
stats_file = os.path.join(tmp, "prof.out")
pr.dump_stats(stats_file)
out = io.StringIO()
st = pstats.Stats(stats_file, stream=out)
st.add(stats_file)
st.sort_stats("ncalls").print_stats(2)
report(out.getvalue())
cProfile.run("fib(5)", stats_file)
print(" ", sorted((f[2], v[1]) for f, v in pstats.Stats(stats_file).stats.items() if "disable" not in f[2]))
os.remove(stats_file)

print("callers")
st = pstats.Stats(pr)
for func, (cc, nc, tt, ct, callers) in sorted(st.stats.items(), key=lambda kv: str(kv[0])):
    if func[2] in ("fib", "area", "<genexpr>"):
        print(" ", func[2], cc, nc, sorted((c[2], v[0], v[1]) for c, v in callers.items()))

print("runctx and runcall")
pr = cProfile.Profile()
pr.runctx("x = fib(n)", {"fib": fib}, {"n": 5})
r = pr.runcall(fib, 4)
pr.create_stats()
print(" ", r, sorted((f[2], v[0], v[1]) for f, v in pr.stats.items() if "disable" not in f[2]))

print("context manager, builtins=False")
with cProfile.Profile(builtins=False) as pr:
    main()
st = pstats.Stats(pr)
print(" ", sorted((f[2], v[1]) for f, v in st.stats.items()))
print(" ", st.total_calls, st.prim_calls)

print("-m cProfile -s calls")
prog = os.path.join(tmp, "prog.py")
with open(prog, "w") as f:
    f.write(
        "def f(n):\n"
        "    return [str(i) for i in range(n)]\n"
        "class C:\n"
        "    def m(self, x):\n"
        "        return sorted(x, key=len)\n"
        "def g():\n"
        "    try:\n"
        "        raise ValueError('x')\n"
        "    except ValueError:\n"
        "        pass\n"
        "for _ in range(3):\n"
        "    C().m(f(4))\n"
        "    g()\n"
        "print(len(f(10)))\n"
    )
res = subprocess.run([sys.executable, "-m", "cProfile", "-s", "calls", prog], capture_output=True, text=True)
print(" ", res.returncode, repr(res.stdout.splitlines()[0]), repr(res.stderr))
report(res.stdout)
os.remove(prog)
os.rmdir(tmp)
