# faulthandler: dump_traceback (one thread, all threads), the watchdog of
# dump_traceback_later (every thread's frames, also a thread blocked in a wait), the fatal
# signal report of enable() (-X faulthandler) in a child process, and the argument errors.
import faulthandler
import re
import subprocess
import sys
import tempfile
import threading
import time


def show(text):
    text = text.replace(__file__, "<this file>")
    print(re.sub(r"0x[0-9a-f]{16}", "0x<ident>", text), end="")


def read_back(f):
    f.flush()
    f.seek(0)
    text = f.read()
    f.seek(0)
    f.truncate()
    return text


with tempfile.TemporaryFile("w+") as f:

    def inner():
        faulthandler.dump_traceback(f, all_threads=False)

    inner()
    faulthandler.dump_traceback(file=f)
    show(read_back(f))

    done = threading.Event()
    t = threading.Thread(target=done.wait, name="waiter")
    t.start()
    faulthandler.dump_traceback_later(0.05, file=f)
    time.sleep(0.3)
    done.set()
    t.join()
    text = read_back(f)
    print(text.splitlines()[0], text.count("Thread 0x"), "wait" in text)

print(faulthandler.is_enabled())
faulthandler.enable()
print(faulthandler.is_enabled(), faulthandler.disable(), faulthandler.disable())
for call in (
    lambda: faulthandler.dump_traceback_later(0),
    lambda: faulthandler.dump_traceback_later(-1.5),
    lambda: faulthandler.register(11),
    lambda: faulthandler.register(0),
    lambda: faulthandler.dump_traceback(file=-1),
):
    try:
        call()
    except (ValueError, RuntimeError) as e:
        print(type(e).__name__, e)
print(faulthandler.unregister(10))

code = "import faulthandler\ndef crash():\n    faulthandler._sigsegv()\ncrash()\n"
p = subprocess.run([sys.executable, "-X", "faulthandler", "-c", code], capture_output=True, text=True)
print(p.returncode)
show(p.stderr)
