# Exceptions raised and caught in loops.
class AppError(Exception):
    pass

def risky(i):
    if i % 3 == 0:
        raise AppError(i)
    if i % 3 == 1:
        raise KeyError(i)
    return i

caught = {"app": 0, "key": 0, "ok": 0}
for i in range(4_200_000):
    try:
        risky(i)
        caught["ok"] += 1
    except AppError:
        caught["app"] += 1
    except KeyError:
        caught["key"] += 1
    finally:
        pass
print(caught)
