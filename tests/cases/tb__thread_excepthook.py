# The default threading.excepthook: "Exception in thread NAME:" and the traceback, written to
# sys.stderr (looked up when the hook runs), for a target function and for a Thread subclass's
# run(). SystemExit in a thread is ignored silently. The main thread carries on and exits 0.
# sys.stderr is wrapped so that the standard library's directory shows as <STDLIB>.
import os
import sys
import threading

STDLIB = os.path.dirname(threading.__file__)


class StdlibFilter:
    def __init__(self, inner):
        self.inner = inner

    def write(self, s):
        return self.inner.write(s.replace(STDLIB, "<STDLIB>"))

    def flush(self):
        self.inner.flush()


sys.stderr = StdlibFilter(sys.stderr)


def fail(msg):
    raise ValueError(msg)


t = threading.Thread(target=fail, args=("boom",), name="worker-1")
t.start()
t.join()
print("worker-1 alive:", t.is_alive())


class Indexer(threading.Thread):
    def __init__(self):
        super().__init__(name="indexer")
        self.values = [1, 2, 3]

    def run(self):
        print("indexer running")
        return self.values[5]


t = Indexer()
t.start()
t.join()

t = threading.Thread(target=sys.exit, args=(2,), name="exiter")
t.start()
t.join()
print("after SystemExit in a thread")
sys.stderr.flush()
print("main done")
