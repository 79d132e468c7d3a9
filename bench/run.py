#!/usr/bin/env python3
"""Side-by-side benchmark runner: pyrite against CPython 3.11 in the same run.

For each bench/*.py it runs CPython and pyrite alternately N times, checks that both print
the same output (the checksum), and reports the median wall time, the ratio pyrite/CPython,
the peak RSS of each and the geometric mean of the ratios. CPython is Debian's PGO+LTO
`/usr/bin/python3.11` when present (the fastest 3.11 here), else `python3`.

Usage: python3 bench/run.py [--pyrite PATH] [--runs N] [--write] [--startup] [NAME ...]
"""
import argparse
import datetime
import math
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def cpython():
    for cand in ("/usr/bin/python3.11", "/bin/python3.11"):
        if os.path.exists(cand):
            return cand
    return "python3"


def measure(cmd):
    """Runs cmd; returns (seconds, its peak RSS in MB, stdout, exit status).

    The peak RSS comes from GNU time's `%M`: `ru_maxrss` read through `os.wait4` would report
    the runner's own size, because Linux keeps the high-water mark across fork and exec."""
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1")
    wrapped = ["/usr/bin/time", "-f", "%M"] + cmd if os.path.exists("/usr/bin/time") else cmd
    start = time.perf_counter()
    proc = subprocess.run(wrapped, capture_output=True, env=env, cwd=ROOT)
    elapsed = time.perf_counter() - start
    rss = 0.0
    if wrapped is not cmd:
        lines = proc.stderr.decode(errors="replace").strip().splitlines()
        try:
            rss = int(lines[-1]) / 1024.0
        except (IndexError, ValueError):
            rss = 0.0
    return elapsed, rss, proc.stdout, proc.returncode


def bench(name, pyrite, py, runs):
    path = os.path.join("bench", name + ".py")
    times = {"cpython": [], "pyrite": []}
    rss = {"cpython": 0.0, "pyrite": 0.0}
    outs = {}
    status = {}
    for _ in range(runs):
        for who, exe in (("cpython", py), ("pyrite", pyrite)):
            t, m, out, code = measure([exe, path])
            times[who].append(t)
            rss[who] = max(rss[who], m)
            outs[who] = out
            status[who] = code
    if status["pyrite"] != 0:
        verdict = "FAIL"
    elif outs["pyrite"] != outs["cpython"]:
        verdict = "MISMATCH"
    else:
        verdict = "ok"
    c = statistics.median(times["cpython"])
    p = statistics.median(times["pyrite"])
    return {"name": name, "cpython": c, "pyrite": p, "ratio": p / c, "rss_c": rss["cpython"], "rss_p": rss["pyrite"], "verdict": verdict}


def startup(pyrite, py, runs=20):
    res = {}
    for who, exe in (("cpython", py), ("pyrite", pyrite)):
        ts = [measure([exe, "-c", "pass"])[0] for _ in range(runs)]
        res[who] = statistics.median(ts)
    return res


def table(rows, py_version, start=None):
    lines = [
        "| benchmark | CPython s | pyrite s | ratio | CPython RSS MB | pyrite RSS MB | check |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['name']} | {r['cpython']:.3f} | {r['pyrite']:.3f} | {r['ratio']:.2f} | {r['rss_c']:.1f} | {r['rss_p']:.1f} | {r['verdict']} |"
        )
    ok = [r["ratio"] for r in rows if r["verdict"] == "ok"]
    gm = math.exp(sum(math.log(x) for x in ok) / len(ok)) if ok else float("nan")
    lines.append("")
    lines.append(f"Geometric mean of pyrite/CPython over {len(ok)} benchmark(s) that ran correctly: **{gm:.2f}**")
    if start:
        lines.append(
            f"\nStart-up (`-c pass`, median of 20): CPython {start['cpython']*1000:.1f} ms, pyrite {start['pyrite']*1000:.1f} ms"
        )
    return "\n".join(lines), gm


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pyrite", default=os.path.join(ROOT, "target", "release", "pyrite"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--write", action="store_true", help="record the table in bench/RESULTS.md")
    ap.add_argument("--startup", action="store_true", help="also time `-c pass` 20 times each")
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()
    py = cpython()
    names = args.names or sorted(f[:-3] for f in os.listdir(HERE) if f.endswith(".py") and f != "run.py")
    rows = []
    for n in names:
        r = bench(n, args.pyrite, py, args.runs)
        rows.append(r)
        print(f"{n:16} CPython {r['cpython']:7.3f}s  pyrite {r['pyrite']:7.3f}s  ratio {r['ratio']:5.2f}  {r['verdict']}", flush=True)
    start = startup(args.pyrite, py) if args.startup else None
    version = subprocess.run([py, "-c", "import sys; print(sys.version.split()[0])"], capture_output=True, text=True).stdout.strip()
    text, gm = table(rows, version, start)
    print()
    print(text)
    if args.write:
        header = (
            "# Benchmark results\n\n"
            f"Recorded {datetime.date.today()} by `python3 bench/run.py --write` on {os.cpu_count()} cores "
            f"({platform.machine()}), CPython {version} (`{py}`), {args.runs} alternating runs each, median wall time.\n\n"
        )
        with open(os.path.join(HERE, "RESULTS.md"), "w") as f:
            f.write(header + text + "\n")


if __name__ == "__main__":
    main()
