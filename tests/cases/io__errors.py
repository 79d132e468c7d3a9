import os
base = os.environ.get("TMPDIR", "/tmp")
missing = os.path.join(base, "pyrite_case_io__errors_does_not_exist.txt")
try:
    open(missing)
except FileNotFoundError as e:
    print(type(e).__name__, e.errno, e.strerror)
    print(isinstance(e, OSError), e.filename == missing)
path = os.path.join(base, "pyrite_case_io__errors.txt")
with open(path, "w") as f:
    try:
        f.read()
    except OSError as e:
        print(type(e).__name__, e)
try:
    open(path, "q")
except ValueError as e:
    print(e)
try:
    with open(path, "x") as f:
        pass
except FileExistsError as e:
    print("FileExistsError", e.errno)
os.remove(path)
try:
    os.remove(path)
except OSError as e:
    print(type(e).__name__, e.errno)
try:
    open(base)
except IsADirectoryError as e:
    print("IsADirectoryError", e.errno)
