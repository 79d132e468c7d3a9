# os.environ writes reach the process environment (posix.putenv/unsetenv), so child
# processes see them; bad names and values fail as in CPython.
import os
import subprocess

os.environ["PYRITE_CASE_VAR"] = "hello world"
print(os.environ["PYRITE_CASE_VAR"], os.getenv("PYRITE_CASE_VAR"))
print(subprocess.run(["sh", "-c", 'echo "[$PYRITE_CASE_VAR]"'], capture_output=True, text=True).stdout.strip())
del os.environ["PYRITE_CASE_VAR"]
print("PYRITE_CASE_VAR" in os.environ)
print(subprocess.run(["sh", "-c", 'echo "[$PYRITE_CASE_VAR]"'], capture_output=True, text=True).stdout.strip())
os.environb[b"PYRITE_CASE_B"] = b"bytes value"
print(os.environ["PYRITE_CASE_B"])
os.environ.pop("PYRITE_CASE_B")
os.putenv("PYRITE_DIRECT", "direct")
print(subprocess.run(["sh", "-c", 'echo "[$PYRITE_DIRECT]"'], capture_output=True, text=True).stdout.strip())
os.unsetenv("PYRITE_DIRECT")
print(subprocess.run(["sh", "-c", 'echo "[$PYRITE_DIRECT]"'], capture_output=True, text=True).stdout.strip())
for call in (
    lambda: os.putenv("A=B", "x"),
    lambda: os.putenv("", "x"),
    lambda: os.putenv("A", "x\0y"),
    lambda: os.unsetenv("A=B"),
    lambda: os.putenv(1, "x"),
    lambda: os.environ.__setitem__("K", 5),
):
    try:
        call()
        print("ok")
    except (OSError, ValueError, TypeError) as e:
        print(type(e).__name__, e)
