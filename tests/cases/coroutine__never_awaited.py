# A coroutine that dies without being awaited warns (RuntimeWarning, at the line that dropped
# it); awaited, closed or started ones do not. cr_origin is None without origin tracking.
import asyncio
import warnings


async def job(x):
    return x * 2


class Holder:
    async def method(self):
        return 1


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    job(1)
    c = job(2)
    del c
    Holder().method()
    print(asyncio.run(job(3)))
    d = job(4)
    d.close()
    del d
    e = job(5)
    print(e.cr_origin, e.cr_suspended, e.cr_code.co_name)
    e.close()
for w in caught:
    print(w.category.__name__, w.message, w.lineno)
