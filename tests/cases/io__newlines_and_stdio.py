import os, sys
path = os.path.join(os.environ.get("TMPDIR", "/tmp"), "pyrite_case_io__newlines.txt")
with open(path, "wb") as f:
    f.write(b"unix\nwindows\r\nold mac\rend")
with open(path) as f:
    print(repr(f.read()))
with open(path, newline="") as f:
    print(repr(f.read()))
with open(path, "rb") as f:
    print(f.read().split(b"\n"))
with open(path, "w", newline="\r\n") as f:
    f.write("a\nb\n")
with open(path, "rb") as f:
    print(f.read())
os.remove(path)
print(sys.stdout.writable(), sys.stdin.readable(), sys.stderr.fileno(), sys.stdout.fileno())
sys.stdout.write("written directly\n")
sys.stdout.flush()
print(sys.stdin.read(), "<- empty stdin")
print(sys.stdout.encoding, sys.stdout.isatty())
