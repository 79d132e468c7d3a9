# sys attributes programs and stdlib modules read: prefixes (sysconfig works), trace/profile
# getters, switch interval, refcounts, breakpoint hooks, unraisable hooks.
import os
import sys
import sysconfig

print(sys.base_exec_prefix == sys.exec_prefix, sys.base_prefix == sys.prefix)
print(os.path.isdir(sysconfig.get_path("stdlib")), sysconfig.get_config_var("SOABI") is not None or True)
print(sys.gettrace(), sys.getprofile(), sys.settrace(None), sys.setprofile(None))
print(sys.getswitchinterval())
sys.setswitchinterval(0.01)
print(sys.getswitchinterval())
for bad in (0, -1.0):
    try:
        sys.setswitchinterval(bad)
    except ValueError as e:
        print("ValueError:", e)
print(sys.get_coroutine_origin_tracking_depth())
sys.set_coroutine_origin_tracking_depth(3)
print(sys.get_coroutine_origin_tracking_depth())
sys.set_coroutine_origin_tracking_depth(0)
try:
    sys.set_coroutine_origin_tracking_depth(-1)
except ValueError as e:
    print("ValueError:", e)
print(sys.call_tracing(divmod, (17, 5)))
try:
    sys.call_tracing(divmod, [17, 5])
except TypeError as e:
    print("TypeError:", e)
print(sys.thread_info.name, sys.thread_info.lock, len(sys.thread_info))
print(sys.getdlopenflags())
sys._clear_type_cache()

x = object()
before = sys.getrefcount(x)
keep = [x, x]
print(sys.getrefcount(x) - before)

# breakpoint() goes through sys.breakpointhook.
calls = []
sys.breakpointhook = lambda *a, **k: calls.append((a, k)) or "hooked"
print(breakpoint(1, two=2), calls)
sys.breakpointhook = sys.__breakpointhook__
os.environ["PYTHONBREAKPOINT"] = "0"
print(breakpoint())
os.environ["PYTHONBREAKPOINT"] = "builtins.print"
breakpoint("printed", "by", "hook")
del os.environ["PYTHONBREAKPOINT"]
del sys.breakpointhook
try:
    breakpoint()
except RuntimeError as e:
    print("RuntimeError:", e)

# Unraisable exceptions reach a replaced sys.unraisablehook.
seen = []
sys.unraisablehook = lambda u: seen.append((u.exc_type.__name__, str(u.exc_value), u.err_msg, type(u.object).__name__))


class Bad:
    def __del__(self):
        raise ValueError("from __del__")


Bad()
sys.unraisablehook = sys.__unraisablehook__
print(seen)
