import signal, os
print(signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGUSR1))
def h(signum, frame):
    print("handler", signum, signal.Signals(signum).name, type(frame).__name__)
old = signal.signal(signal.SIGUSR1, h)
print(old)
os.kill(os.getpid(), signal.SIGUSR1)
print("after kill")
signal.raise_signal(signal.SIGUSR1)
print("after raise")
print(signal.getsignal(signal.SIGUSR1) is h)
signal.signal(signal.SIGUSR1, signal.SIG_IGN)
os.kill(os.getpid(), signal.SIGUSR1)
print(signal.getsignal(signal.SIGUSR1))
try:
    signal.signal(signal.SIGKILL, h)
except OSError as e:
    print(type(e).__name__, e)
for bad in (0, 65, -1):
    try: signal.signal(bad, h)
    except ValueError as e: print(e)
try: signal.signal(signal.SIGUSR2, 5)
except TypeError as e: print(e)
print(signal.strsignal(signal.SIGTERM), signal.strsignal(signal.SIGUSR1))
print(len(signal.valid_signals()), signal.SIGRTMAX in signal.valid_signals())
try:
    signal.raise_signal(signal.SIGINT)
except KeyboardInterrupt:
    print("KeyboardInterrupt")
def boom(s, f): raise RuntimeError("from handler")
signal.signal(signal.SIGUSR2, boom)
try:
    os.kill(os.getpid(), signal.SIGUSR2)
except RuntimeError as e:
    print("caught", e)
hits = []
signal.signal(signal.SIGALRM, lambda s, f: hits.append(s))
signal.setitimer(signal.ITIMER_REAL, 0.05)
while not hits: pass
print("alarm", hits)
print(signal.alarm(0))
print(signal.SIG_DFL, signal.SIG_IGN, signal.NSIG, signal.SIGUSR1, repr(signal.SIGINT))
