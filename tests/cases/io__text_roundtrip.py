import os
path = os.path.join(os.environ.get("TMPDIR", "/tmp"), "pyrite_case_io__text_roundtrip.txt")
with open(path, "w") as f:
    n = f.write("first line\n")
    f.write("second line\n")
    f.writelines(["third\n", "fourth"])
print("wrote", n)
with open(path) as f:
    print(repr(f.read()))
with open(path) as f:
    print(f.readline(), end="")
    print(repr(f.readline()))
    print(f.readlines())
with open(path) as f:
    for i, line in enumerate(f):
        print(i, line.rstrip("\n"))
with open(path, "a") as f:
    f.write("\nappended")
with open(path, "r") as f:
    lines = f.read().splitlines()
print(lines, len(lines))
f = open(path)
print(f.closed, f.mode, f.name == path)
f.close()
print(f.closed)
try:
    f.read()
except ValueError as e:
    print(e)
os.remove(path)
print(os.path.exists(path))
