# A text file's .buffer (sys.stdout.buffer, open(...).buffer): the binary layer over the same
# descriptor; buffer writes overtake text still pending in the text layer, as in CPython.
import os
import subprocess
import sys
import tempfile

code = r"""
import sys
print("text 1")
sys.stdout.buffer.write(b"binary 2\n")
print("text 3", end="")
sys.stdout.flush()
sys.stdout.buffer.write(b"|binary 4\n")
print(type(sys.stdout.buffer).__name__, sys.stdout.buffer is sys.stdout.buffer, sys.stdout.buffer.name)
line = sys.stdin.readline()
print(repr(line), sys.stdin.buffer.read())
"""
p = subprocess.run([sys.executable, "-c", code], input=b"first\nsecond\n", capture_output=True)
print(p.stdout.decode(), end="")

fd, path = tempfile.mkstemp()
os.close(fd)
with open(path, "w") as f:
    f.write("abc")
    f.buffer.write(b"DEF")
    f.write("ghi")
with open(path) as f:
    print(f.read())
with open(path, "rb") as f:
    try:
        f.buffer
    except AttributeError as e:
        print(e)
os.remove(path)
