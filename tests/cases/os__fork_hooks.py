# os.fork() with register_at_fork hooks: "before" hooks newest first, "after" hooks oldest
# first, each on its own side; the child reports through a pipe and ends with os._exit.
import os
import sys

calls = []
os.register_at_fork(before=lambda: calls.append("before 1"), after_in_parent=lambda: calls.append("parent 1"),
                    after_in_child=lambda: calls.append("child 1"))
os.register_at_fork(before=lambda: calls.append("before 2"), after_in_child=lambda: calls.append("child 2"))


def bad_hook():
    raise RuntimeError("hook failed")


os.register_at_fork(after_in_parent=bad_hook)
r, w = os.pipe()
sys.stdout.flush()
sys.stderr.flush()
pid = os.fork()
if pid == 0:
    os.close(r)
    os.write(w, repr(calls).encode())
    os._exit(3)
os.close(w)
child_calls = b""
while chunk := os.read(r, 1000):
    child_calls += chunk
os.close(r)
_, status = os.waitpid(pid, 0)
print("parent saw:", calls)
print("child saw:", child_calls.decode())
print("exit code:", os.waitstatus_to_exitcode(status))
for kwargs in ({}, {"before": 1}, {"after_in_child": None}):
    try:
        os.register_at_fork(**kwargs)
    except TypeError as e:
        print("TypeError", e)
try:
    os.register_at_fork(print)
except TypeError as e:
    print("TypeError", e)
