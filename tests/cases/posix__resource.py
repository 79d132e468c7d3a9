# resource: limits, usage, page size, constants, errors.
import resource


def err(f, *a):
    try:
        r = f(*a)
        print("no error", r)
    except Exception as e:
        print(type(e).__name__, e.args)


lim = resource.getrlimit(resource.RLIMIT_NOFILE)
print(type(lim).__name__, len(lim), [type(x).__name__ for x in lim])
soft, hard = lim
resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
print(resource.getrlimit(resource.RLIMIT_NOFILE) == lim)
resource.setrlimit(resource.RLIMIT_NOFILE, [min(soft, 64), hard])
print(resource.getrlimit(resource.RLIMIT_NOFILE)[0] == min(soft, 64))
resource.setrlimit(resource.RLIMIT_NOFILE, lim)
print(resource.prlimit(0, resource.RLIMIT_NOFILE) == lim)
print(resource.prlimit(0, resource.RLIMIT_NOFILE, lim) == lim)
print(resource.RLIM_INFINITY, resource.error is OSError)
print(all(type(x) is int for x in resource.getrlimit(resource.RLIMIT_CORE)))

ru = resource.getrusage(resource.RUSAGE_SELF)
print(type(ru).__name__, type(ru).__module__, len(ru), isinstance(ru, tuple))
print(resource.struct_rusage.__match_args__)
print(resource.struct_rusage.n_fields, resource.struct_rusage.n_sequence_fields)
print(type(ru.ru_utime).__name__, type(ru.ru_stime).__name__, [type(x).__name__ for x in ru[2:]])
print(ru.ru_maxrss > 0, ru[0] == ru.ru_utime)
print(type(resource.getrusage(resource.RUSAGE_CHILDREN)).__name__, len(resource.getrusage(resource.RUSAGE_THREAD)))
print(repr(resource.struct_rusage(range(16))))
ps = resource.getpagesize()
print(type(ps).__name__, ps > 0, ps & (ps - 1) == 0)

err(resource.getrlimit, 99)
err(resource.getrlimit, -1)
err(resource.getrlimit, "x")
err(resource.getrlimit, 2**40)
err(resource.getrlimit)
err(resource.setrlimit, 99, (1, 2))
err(resource.setrlimit, resource.RLIMIT_NOFILE, (1,))
err(resource.setrlimit, resource.RLIMIT_NOFILE, (1, 2, 3))
err(resource.setrlimit, resource.RLIMIT_NOFILE, 5)
err(resource.setrlimit, resource.RLIMIT_NOFILE, (2, 1))
err(resource.setrlimit, resource.RLIMIT_NOFILE, (2**70, 1))
err(resource.setrlimit, resource.RLIMIT_NOFILE, ("a", 1))
err(resource.setrlimit, resource.RLIMIT_NOFILE, (1.5, 1))
err(resource.setrlimit, resource.RLIMIT_NOFILE)
err(resource.getrusage, 99)
err(resource.getrusage)
err(resource.getpagesize, 1)
err(resource.prlimit, 0)
err(resource.prlimit, 0, 99)
err(resource.prlimit, 0, resource.RLIMIT_NOFILE, (1, 2, 3))
err(resource.prlimit, 0, resource.RLIMIT_NOFILE, (2, 1))
print(sorted(n for n in dir(resource) if not n.startswith("_")))
print({n: getattr(resource, n) for n in dir(resource) if n.startswith(("RLIMIT", "RUSAGE"))})
