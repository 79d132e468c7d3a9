import os
path = os.path.join(os.environ.get("TMPDIR", "/tmp"), "pyrite_case_io__binary_modes.bin")
data = bytes(range(256))
with open(path, "wb") as f:
    print(f.write(data))
with open(path, "rb") as f:
    head = f.read(4)
    print(head, f.tell())
    f.seek(250)
    print(f.read())
    f.seek(0)
    print(len(f.read()), f.read())
with open(path, "r+b") as f:
    f.seek(1)
    f.write(b"\xff\xfe")
with open(path, "rb") as f:
    print(f.read(4))
with open(path, "w", encoding="utf-8") as f:
    f.write("héllo €\n")
with open(path, "rb") as f:
    raw = f.read()
print(raw, len(raw))
with open(path, encoding="utf-8") as f:
    print(f.read(), end="")
with open(path, encoding="latin-1") as f:
    print(repr(f.read()))
os.remove(path)
