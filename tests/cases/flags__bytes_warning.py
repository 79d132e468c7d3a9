# -b / -bb: BytesWarning for str() of bytes and bytearray and for comparing bytes with str or
# int (bytearray with str), as a warning, then as an error; sys.flags.bytes_warning and the
# warning option they add.
import subprocess
import sys

code = """
import sys
print(sys.flags.bytes_warning, sys.warnoptions)
print(str(b"ab"))
print(b"a" == "a", "a" != b"a", b"a" == 97, bytearray(b"x") == "x", bytearray(b"x") == 120)
print(f"{bytearray(b'z')}", "%s" % b"q")
class B(bytes):
    def __str__(self):
        return "custom"
print(str(B(b"k")), b"k" == b"k", {b"k": 1}.get("k"))
"""
for flags in ([], ["-b"], ["-bb"], ["-b", "-W", "ignore::BytesWarning"]):
    p = subprocess.run([sys.executable, *flags, "-c", code], capture_output=True, text=True)
    print(flags, p.returncode)
    print(p.stdout, end="")
    print(p.stderr, end="")
