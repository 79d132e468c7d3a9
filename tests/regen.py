#!/usr/bin/env python3
"""Regenerate the expected outputs of the differential cases from CPython 3.11.

Each case `tests/cases/NAME.py` is run exactly as the Rust harness
(`crates/pyrite/tests/cases.rs`) runs pyrite: working directory = repository root, argument
`tests/cases/NAME.py`, empty stdin, `PYTHONHASHSEED=0`, `PYTHONDONTWRITEBYTECODE=1`,
`PYTHONIOENCODING` unset, 10 s timeout. The expected output `tests/cases/NAME.out` is:

    <stdout, byte for byte>
    --- exit N                       (only when the exit status N is not 0)
    --- stderr-last: LINE            (only when N is not 0: the last non-empty stderr line)

For `tb__*` cases, whose whole traceback matters, the two trailer lines are replaced by
`--- exit N` (when non-zero) and `--- stderr:` followed by the entire stderr.

Usage: python3 tests/regen.py [NAME ...]   (no names: every case)
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = os.path.join(ROOT, "tests", "cases")


def expected(name, python):
    env = dict(os.environ)
    env.update(PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONIOENCODING", None)
    r = subprocess.run(
        [python, f"tests/cases/{name}.py"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=10,
    )
    out = r.stdout.decode("utf-8", "surrogateescape")
    err = r.stderr.decode("utf-8", "surrogateescape")
    if name.startswith("tb__"):
        if r.returncode != 0:
            out += f"--- exit {r.returncode}\n"
        out += "--- stderr:\n" + err
    elif r.returncode != 0:
        lines = [l for l in err.splitlines() if l.strip()]
        out += f"--- exit {r.returncode}\n--- stderr-last: {lines[-1] if lines else ''}\n"
    return out


def main():
    if sys.version_info[:2] != (3, 11):
        sys.exit("regen.py must run under CPython 3.11 (the oracle)")
    names = sys.argv[1:] or sorted(f[:-3] for f in os.listdir(CASES) if f.endswith(".py"))
    for name in names:
        text = expected(name, sys.executable)
        with open(os.path.join(CASES, name + ".out"), "w", encoding="utf-8", errors="surrogateescape", newline="") as f:
            f.write(text)
    print(f"regenerated {len(names)} case(s)")


if __name__ == "__main__":
    main()
