#!/usr/bin/env python3
"""Side-by-side benchmark runner: pyrite against CPython 3.11 on the same machine, same run.

    python3 bench/run.py                       # every bench/*.py, 3 alternating runs each
    python3 bench/run.py --runs 5 fib nbody    # some benchmarks, 5 runs each
    python3 bench/run.py --pyrite target/release/pyrite --write   # also record bench/RESULTS.md
    python3 bench/run.py --startup             # also time `-c pass` 20 times each
    python3 bench/run.py --startup-only        # only the start-up measurement
    python3 bench/run.py --compile-only        # only the compile / cached-import measurement

For each benchmark it runs CPython and pyrite alternately N times (cwd = repository root,
argument `bench/NAME.py`, PYTHONHASHSEED=0, PYTHONDONTWRITEBYTECODE=1), takes the median wall
time of each, the peak RSS of each, and checks that pyrite printed exactly what CPython printed
(each benchmark prints a deterministic checksum). A pyrite run that exits non-zero (or cannot
start, or exceeds the timeout) is FAIL; different output is MISMATCH. The geometric mean of the
ratios pyrite/CPython is taken over the benchmarks that ran correctly.

CPython is Debian's PGO+LTO build `/usr/bin/python3.11` when present (the fastest 3.11 here;
pyenv's `python3` is ~1.2x slower and its shim adds ~80 ms), else `python3`.

Peak RSS: the children are reaped with os.wait4 and its ru_maxrss is used, except that Linux
starts a child's high-water mark at its parent's size at fork time (it survives exec), so for a
small program ru_maxrss reports this runner's own ~10-15 MB. When GNU time exists
(/usr/bin/time) the program is therefore launched as `time -f %M -o FILE prog ...`: `time` is a
tiny process, and the %M it records is the program's own peak RSS. The RESULTS header says which
method was used.
"""
import argparse
import datetime
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GNU_TIME = "/usr/bin/time"
TIMEOUT = 300


def cpython():
    for cand in ("/usr/bin/python3.11", "/bin/python3.11"):
        if os.path.exists(cand):
            return cand
    return "python3"


def bench_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def measure(cmd):
    """Runs cmd once. Returns (wall seconds, peak RSS MB, stdout bytes, exit status, stderr)."""
    use_time = os.path.exists(GNU_TIME)
    rss_file = None
    argv = list(cmd)
    if use_time:
        fd, rss_file = tempfile.mkstemp(prefix="pyrite_bench_rss_")
        os.close(fd)
        argv = [GNU_TIME, "-f", "%M", "-o", rss_file] + argv
    out_f = tempfile.TemporaryFile()
    err_f = tempfile.TemporaryFile()
    start = time.perf_counter()
    try:
        proc = subprocess.Popen(argv, cwd=ROOT, env=bench_env(), stdin=subprocess.DEVNULL, stdout=out_f, stderr=err_f)
    except OSError as e:
        return 0.0, 0.0, b"", 127, str(e)
    deadline = start + TIMEOUT
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.002)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # keep Popen from reaping again
    code = proc.returncode
    rss = usage.ru_maxrss / 1024.0
    if rss_file:
        try:
            with open(rss_file) as f:
                lines = [l for l in f.read().splitlines() if l.strip()]
            # GNU time writes "Command exited with non-zero status N" before %M on failure.
            rss = int(lines[-1]) / 1024.0
        except (OSError, ValueError, IndexError):
            pass
        os.unlink(rss_file)
    out_f.seek(0)
    err_f.seek(0)
    out = out_f.read()
    err = err_f.read().decode("utf-8", "replace")
    if elapsed > TIMEOUT:
        code = code or -9
        err += f"\n(timed out after {TIMEOUT} s)"
    return elapsed, rss, out, code, err


def run_bench(name, pyrite, py, runs):
    path = os.path.join("bench", name + ".py")
    times = {"cpython": [], "pyrite": []}
    rss = {"cpython": 0.0, "pyrite": 0.0}
    outs, codes, errs = {}, {}, {}
    for _ in range(runs):
        for who, exe in (("cpython", py), ("pyrite", pyrite)):
            t, m, out, code, err = measure([exe, path])
            times[who].append(t)
            rss[who] = max(rss[who], m)
            outs[who], codes[who], errs[who] = out, code, err
        if codes["pyrite"] != 0:
            break  # no point timing a failing run again
    if codes["cpython"] != 0:
        verdict = "CPYTHON-FAIL"
    elif codes["pyrite"] != 0:
        verdict = "FAIL"
    elif outs["pyrite"] != outs["cpython"]:
        verdict = "MISMATCH"
    else:
        verdict = "ok"
    c = statistics.median(times["cpython"])
    p = statistics.median(times["pyrite"])
    detail = ""
    if verdict == "FAIL":
        lines = [l for l in errs["pyrite"].splitlines() if l.strip()]
        detail = f"exit {codes['pyrite']}: {lines[-1] if lines else '(no stderr)'}"
    elif verdict == "MISMATCH":
        detail = f"CPython printed {outs['cpython'][:80]!r}, pyrite {outs['pyrite'][:80]!r}"
    return {
        "name": name,
        "cpython": c,
        "pyrite": p,
        "ratio": p / c if c else float("nan"),
        "rss_c": rss["cpython"],
        "rss_p": rss["pyrite"],
        "verdict": verdict,
        "detail": detail,
    }


def startup(pyrite, py, runs=20):
    # pyrite imports `site` (and whatever the site-packages' .pth files import) at start-up.
    # CPython's installer precompiles its standard library; do the same for pyrite once, with
    # bytecode writing allowed, so that both start from cached bytecode.
    env = {k: v for k, v in bench_env().items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([pyrite, "-c", "pass"], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # `-c pass` depends on what the site-packages' .pth files import, which differs between
    # the CPython measured here and the installation whose library pyrite uses; `-S -c pass`
    # (no site) compares the interpreters alone.
    res = {}
    for flags in ((), ("-S",)):
        for who, exe in (("cpython", py), ("pyrite", pyrite)):
            ts, ok = [], True
            for _ in range(runs):
                t, _, _, code, _ = measure([exe, *flags, "-c", "pass"])
                ts.append(t)
                ok = ok and code == 0
            res[(who, flags)] = (statistics.median(ts), ok)
    return res


# A 20,000-line module of ordinary functions (loops, branches, comprehensions, f-strings,
# try/except, closures), generated so both interpreters compile exactly the same text.
FUNC_TEMPLATE = '''
def f{i}(items, limit={i}):
    total = 0
    for k, v in enumerate(items):
        if v % 3 == {m}:
            total += v * k
        elif v > limit:
            total -= len(str(v))
    squares = [x * x for x in items if x % 2]
    try:
        ratio = total / (len(squares) or 1)
    except ZeroDivisionError as e:
        ratio = -1.0
    def inner(y, z=ratio):
        return f"{{y}}:{{z:.2f}}"
    return inner(total), {{n: n + {i} for n in squares[:3]}}, sum(squares)
'''


def compile_source():
    return "".join(FUNC_TEMPLATE.format(i=i, m=i % 3) for i in range(1250))


COMPILE_SCRIPT = '''
import sys, time
sys.path.insert(0, sys.argv[1])
src = open(sys.argv[1] + "/bigmod.py").read()
if sys.argv[2] == "compile":
    best = min(
        (lambda t: (compile(src, "bigmod.py", "exec"), time.perf_counter() - t)[1])(time.perf_counter())
        for _ in range(5)
    )
else:
    t = time.perf_counter()
    import bigmod
    best = time.perf_counter() - t
print("%.6f" % best)
'''


def compile_bench(pyrite, py):
    """Compile time of a 20,000-line module (best of 5, in-process `compile()`), and the time
    to import it again from `__pycache__` (a second process, cache already written)."""
    import tempfile

    res = {}
    src = compile_source()
    for who, exe in (("cpython", py), ("pyrite", pyrite)):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "bigmod.py"), "w") as f:
                f.write(src)
            script = os.path.join(d, "timing.py")
            with open(script, "w") as f:
                f.write(COMPILE_SCRIPT)
            env = dict(os.environ, PYTHONHASHSEED="0")
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            run = lambda mode: subprocess.run([exe, script, d, mode], capture_output=True, text=True, env=env)
            c = run("compile")
            run("import")  # writes the cache
            imports = [run("import") for _ in range(5)]
            ok = c.returncode == 0 and all(r.returncode == 0 for r in imports)
            cached = statistics.median(float(r.stdout) for r in imports) if ok else float("nan")
            res[who] = (float(c.stdout) if ok else float("nan"), cached, ok)
    return res, src.count("\n")


def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def render(rows, start):
    lines = []
    if rows:
        lines += [
            "| benchmark | CPython s | pyrite s | ratio | CPython RSS MB | pyrite RSS MB | check |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for r in rows:
            ratio = f"{r['ratio']:.2f}" if r["verdict"] == "ok" else "-"
            lines.append(
                f"| {r['name']} | {r['cpython']:.3f} | {r['pyrite']:.3f} | {ratio} | "
                f"{r['rss_c']:.1f} | {r['rss_p']:.1f} | {r['verdict']} |"
            )
        ok = [r["ratio"] for r in rows if r["verdict"] == "ok"]
        lines.append("")
        lines.append(
            f"Geometric mean of pyrite/CPython time over the {len(ok)} of {len(rows)} benchmarks "
            f"that ran correctly: **{geomean(ok):.2f}**"
        )
        bad = [r for r in rows if r["verdict"] != "ok"]
        if bad:
            lines.append("")
            for r in bad:
                lines.append(f"- {r['name']}: {r['verdict']} {r['detail']}".rstrip())
    if start:
        lines.append("")
        for flags, label in (((), "-c pass"), (("-S",), "-S -c pass")):
            (c, c_ok), (p, p_ok) = start[("cpython", flags)], start[("pyrite", flags)]
            note = "" if p_ok else " (pyrite exited non-zero)"
            lines.append(
                f"Start-up (`{label}`, median of 20): CPython {c * 1000:.1f} ms, pyrite {p * 1000:.1f} ms{note}  "
            )
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pyrite", default=os.path.join("target", "release", "pyrite"),
                    help="pyrite binary (relative paths are taken from the repository root)")
    ap.add_argument("--runs", type=int, default=3, help="alternating runs per benchmark (default 3)")
    ap.add_argument("--write", action="store_true", help="record the table in bench/RESULTS.md")
    ap.add_argument("--startup", action="store_true", help="also time `-c pass` 20 times each")
    ap.add_argument("--startup-only", action="store_true", help="only the start-up measurement")
    ap.add_argument("--compile", action="store_true",
                    help="also time compiling a 20,000-line module and importing it from __pycache__")
    ap.add_argument("--compile-only", action="store_true", help="only the compile measurement")
    ap.add_argument("names", nargs="*", help="benchmarks to run (default: all bench/*.py)")
    args = ap.parse_args()
    pyrite = args.pyrite if os.path.isabs(args.pyrite) else os.path.join(ROOT, args.pyrite)
    if not os.path.exists(pyrite):
        sys.exit(f"no pyrite binary at {pyrite} (build it with cargo build --release, or pass --pyrite)")
    py = cpython()
    names = [] if (args.startup_only or args.compile_only) else (
        [n[:-3] if n.endswith(".py") else n for n in args.names]
        or sorted(f[:-3] for f in os.listdir(HERE) if f.endswith(".py") and f != "run.py")
    )
    rows = []
    for n in names:
        r = run_bench(n, pyrite, py, args.runs)
        rows.append(r)
        print(
            f"{n:16} CPython {r['cpython']:7.3f}s {r['rss_c']:7.1f}MB   pyrite {r['pyrite']:7.3f}s "
            f"{r['rss_p']:7.1f}MB   ratio {r['ratio']:6.2f}  {r['verdict']} {r['detail']}".rstrip(),
            flush=True,
        )
    start = startup(pyrite, py) if (args.startup or args.startup_only) else None
    version = subprocess.run([py, "-c", "import sys; print(sys.version.split()[0])"],
                             capture_output=True, text=True).stdout.strip()
    text = render(rows, start)
    if args.compile or args.compile_only:
        comp, nlines = compile_bench(pyrite, py)
        (cc, ci, cok), (pc, pi, pok) = comp["cpython"], comp["pyrite"]
        text += (
            f"\nCompile ({nlines}-line module, `compile()` best of 5): CPython {cc * 1000:.1f} ms, "
            f"pyrite {pc * 1000:.1f} ms ({cc / pc:.2f}x faster; target 3x). "
            f"Import again from `__pycache__` (median of 5): CPython {ci * 1000:.1f} ms, pyrite {pi * 1000:.1f} ms "
            f"(pyrite's compile / cached import = {pc / pi:.1f}x; target 5x)."
            + ("" if cok and pok else " (a run failed)")
            + "\n"
        )
    print()
    print(text)
    if args.write:
        nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip() or str(os.cpu_count())
        method = "GNU time %M" if os.path.exists(GNU_TIME) else "os.wait4 ru_maxrss (includes the runner's size as a floor)"
        header = (
            "# Benchmark results\n\n"
            f"Recorded {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')} by `python3 bench/run.py --write`.\n"
            f"Machine: {platform.machine()}, nproc {nproc}. CPython {version} (`{py}`). "
            f"{args.runs} alternating runs each, median wall time; peak RSS via {method}.\n\n"
        )
        # The hand-written "## History" section (what each change bought) is kept as it is.
        path = os.path.join(HERE, "RESULTS.md")
        history = ""
        if os.path.exists(path):
            with open(path) as f:
                old = f.read()
            if "\n## History" in old:
                history = "\n" + old[old.index("\n## History") + 1 :]
        with open(path, "w") as f:
            f.write(header + text + "\n" + history)
        print(f"\nwrote {os.path.relpath(os.path.join(HERE, 'RESULTS.md'), ROOT)}")


if __name__ == "__main__":
    main()
