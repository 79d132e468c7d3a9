path = "/tmp/pyrite_case_io_files.txt"
with open(path, "w") as f:
    f.write("alpha\nbeta\n")
    f.writelines(["gamma\n"])
with open(path, "a") as f:
    print("delta", file=f)
with open(path) as f:
    print(f.read().splitlines())
with open(path) as f:
    for i, line in enumerate(f):
        print(i, line.rstrip())
with open(path, "rb") as f:
    print(f.read(5))
try:
    open("/nonexistent/dir/file")
except FileNotFoundError as e:
    print(type(e).__name__, e.errno, e)
import os
