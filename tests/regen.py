#!/usr/bin/env python3
"""Regenerate the expected outputs of the differential cases from CPython 3.11.

Usage (from anywhere; needs CPython 3.11):
    python3 tests/regen.py              # regenerate every tests/cases/*.py
    python3 tests/regen.py NAME ...     # only these cases (NAME, NAME.py or a path)
    python3 tests/regen.py --check      # compare instead of writing; exit 1 on a difference

How a case is run (crates/pyrite/tests/cases.rs runs pyrite exactly the same way):
    cwd      = the repository root
    argv     = <interpreter> tests/cases/NAME.py
    stdin    = empty (/dev/null)
    env      = the inherited environment minus every PYTHON* variable, plus
               PYTHONHASHSEED=0 and PYTHONDONTWRITEBYTECODE=1 (so PYTHONIOENCODING is unset)
    timeout  = 10 seconds

Format of tests/cases/NAME.out (UTF-8):
    1. the exact stdout of the run, byte for byte;
    2. only if the exit status N is non-zero, two more lines:
           --- exit N
           --- stderr-last: <the last non-empty line of stderr, trailing whitespace stripped>
       For cases whose name starts with `tb__`, the second line is instead
           --- stderr:
       followed by the whole stderr; and this block is written even when the exit status is 0
       (then without the `--- exit` line) as long as stderr is not empty.
    N is the exit status; a run killed by signal S counts as N = -S (Python's subprocess
    convention; CPython ends itself with SIGINT on an uncaught KeyboardInterrupt: `--- exit -2`).
    If stdout does not end with a newline and a `---` block follows, a newline is inserted
    before the block (marked by the line `--- no-newline`, so the stdout can be rebuilt exactly).
    In the full stderr of `tb__` cases, the absolute path of the repository root (as the child
    process sees it: the canonical path) followed by `/` is replaced by `<ROOT>/`, because
    CPython shows the absolute path of the script in tracebacks.

A case file may start with the line `# xfail: reason`; regen ignores it (the .out is always
CPython's behaviour); the harness expects such a case to fail and reports an unexpected pass.
"""
import os
import subprocess
import sys

if sys.version_info[:2] != (3, 11):
    sys.exit(f"regen.py needs CPython 3.11, this is {sys.version.split()[0]}")

ROOT = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
CASES = os.path.join(ROOT, "tests", "cases")
TIMEOUT = 10


def case_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def render(name, stdout, stderr, code):
    """The .out text for one run: the single place that defines the format."""
    out = stdout
    full = name.startswith("tb__")
    block = []
    if code != 0:
        block.append(f"--- exit {code}\n")
    if full and (code != 0 or stderr):
        block.append("--- stderr:\n")
        block.append(stderr.replace(ROOT + "/", "<ROOT>/"))
    elif code != 0:
        lines = [l.rstrip() for l in stderr.splitlines() if l.strip()]
        last = lines[-1] if lines else ""
        block.append(f"--- stderr-last: {last}\n")
    if block and out and not out.endswith("\n"):
        out += "\n--- no-newline\n"
    return out + "".join(block)


def run_case(name):
    try:
        p = subprocess.run(
            [sys.executable, f"tests/cases/{name}.py"],
            cwd=ROOT,
            env=case_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        raise SystemExit(f"{name}: timed out after {TIMEOUT} s under CPython; fix the case")
    stdout = p.stdout.decode("utf-8", "surrogateescape")
    stderr = p.stderr.decode("utf-8", "surrogateescape")
    return render(name, stdout, stderr, p.returncode)


def case_names(args):
    if not args:
        return sorted(f[:-3] for f in os.listdir(CASES) if f.endswith(".py"))
    names = []
    for a in args:
        base = os.path.basename(a)
        if base.endswith(".py") or base.endswith(".out"):
            base = base[:-3] if base.endswith(".py") else base[:-4]
        if not os.path.exists(os.path.join(CASES, base + ".py")):
            raise SystemExit(f"no such case: {a}")
        names.append(base)
    return names


def main():
    args = sys.argv[1:]
    check = "--check" in args
    args = [a for a in args if a != "--check"]
    names = case_names(args)
    changed = 0
    for name in names:
        text = run_case(name)
        path = os.path.join(CASES, name + ".out")
        old = None
        if os.path.exists(path):
            with open(path, encoding="utf-8", errors="surrogateescape", newline="") as f:
                old = f.read()
        if old != text:
            changed += 1
            if check:
                print(f"DIFFERS: {name}")
            else:
                with open(path, "w", encoding="utf-8", errors="surrogateescape", newline="") as f:
                    f.write(text)
                print(f"wrote {name}.out")
    stale = [f for f in os.listdir(CASES) if f.endswith(".out") and not os.path.exists(os.path.join(CASES, f[:-4] + ".py"))]
    for f in stale:
        print(f"note: {f} has no .py")
    verb = "differ" if check else "changed"
    print(f"{len(names)} cases, {changed} {verb}")
    if check and changed:
        sys.exit(1)


if __name__ == "__main__":
    main()
