import time

t0 = time.time()
print(type(t0).__name__, t0 > 1.6e9, type(time.time_ns()).__name__, abs(time.time_ns() / 1e9 - t0) < 5)
a = time.perf_counter(); time.sleep(0.01); b = time.perf_counter()
print(b - a >= 0.009, b - a < 2)
print(time.monotonic() <= time.monotonic(), type(time.monotonic_ns()).__name__, type(time.perf_counter_ns()).__name__)
print(type(time.process_time()).__name__, time.process_time() >= 0)
time.sleep(0)

g = time.gmtime(0)
print(g)
print(list(g), len(g), g[0], g[-1], g.tm_year, g.tm_mon, g.tm_mday, g.tm_wday, g.tm_yday, g.tm_zone)
g = time.gmtime(1700000000.9)
print(g, g.tm_hour, g.tm_min, g.tm_sec)
print(time.strftime("%Y-%m-%d %H:%M:%S %a %b %j %%", g))
print(time.strftime("%A %B %d", (2024, 2, 29, 12, 0, 0, 3, 60, 0)))
print(time.asctime(g))
print(time.asctime((2024, 1, 5, 1, 2, 3, 4, 5, 0)))
print(isinstance(g, tuple), type(g).__name__, type(g).__module__)
y, mo, d, *rest = g
print(y, mo, d, rest)
lt = time.localtime()
print(type(lt).__name__, len(lt), isinstance(time.ctime(), str), len(time.ctime()))
print(time.mktime(time.localtime(1234567890)))
s = time.struct_time((2000, 1, 1, 0, 0, 0, 5, 1, 0))
print(s, s.tm_year)
print(time.strftime("%Y", time.localtime(0)) in ("1969", "1970"))
for bad in (-1, "x"):
    try:
        time.sleep(bad)
    except Exception as e:
        print(type(e).__name__, e)
try:
    time.strftime("%Y", (2000, 13, 1, 0, 0, 0, 0, 1, 0))
except ValueError as e:
    print("ValueError", e)
