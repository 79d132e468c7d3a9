# The process locale at start-up, as CPython's pre-initialisation sets it: LC_CTYPE from the
# environment, C-locale coercion to C.UTF-8 (exported as LC_CTYPE) unless LC_ALL is set or
# PYTHONCOERCECLOCALE=0, and the UTF-8 mode for a C/POSIX LC_CTYPE; plus `-m locale`.
import subprocess
import sys

PROBE = (
    "import locale, os, sys; "
    "print(repr(locale.setlocale(locale.LC_CTYPE)), repr(locale.setlocale(locale.LC_COLLATE)), "
    "repr(os.environ.get('LC_CTYPE')), sys.flags.utf8_mode, locale.getencoding(), "
    "locale.getpreferredencoding(False), locale.getlocale())"
)

cases = [
    ({"LC_ALL": "C"}, []),
    ({"LC_ALL": "POSIX"}, []),
    ({"LC_ALL": "C.UTF-8"}, []),
    ({"LANG": "C"}, []),
    ({"LANG": "C.UTF-8"}, []),
    ({}, []),
    ({"LC_CTYPE": "C", "LANG": "C.UTF-8"}, []),
    ({"LANG": "C", "PYTHONCOERCECLOCALE": "0"}, []),
    ({"LC_ALL": "C"}, ["-X", "utf8=0"]),
    ({"LC_ALL": "C.UTF-8"}, ["-X", "utf8"]),
    ({"LC_ALL": "C.UTF-8", "PYTHONUTF8": "1"}, []),
    ({"LC_ALL": "C", "PYTHONUTF8": "0"}, []),
    ({"LC_ALL": "C", "PYTHONUTF8": "0"}, ["-E"]),
]
for env, opts in cases:
    r = subprocess.run([sys.executable, *opts, "-c", PROBE], env=env, capture_output=True, text=True)
    print(env, opts, r.returncode, r.stdout.strip())

r = subprocess.run([sys.executable, "-m", "locale"], env={"LC_ALL": "C.UTF-8"}, capture_output=True, text=True)
print(r.returncode)
print(r.stdout)
print(r.stderr.strip().splitlines()[-1])
