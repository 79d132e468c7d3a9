class Yield:
    def __await__(self):
        yield

async def failing(n):
    await Yield()
    if n > 1:
        raise ValueError(f"failing at {n}")
    return n

async def guarded(n):
    try:
        return await failing(n)
    except ValueError as e:
        return "handled: " + str(e)
    finally:
        print("finally for", n)

def run(c):
    while True:
        try:
            c.send(None)
        except StopIteration as e:
            return e.value

print(run(guarded(1)))
print(run(guarded(2)))
c = failing(5)
c.send(None)
try:
    c.send(None)
except ValueError as e:
    print("propagated:", e)
c2 = guarded(3)
c2.send(None)
try:
    c2.throw(KeyError("injected"))
except KeyError as e:
    print("thrown in:", repr(e))
async def nothing():
    return 1
co = nothing()
try:
    co.send(None)
except StopIteration as e:
    print("value", e.value)
try:
    co.send(None)
except RuntimeError as e:
    print(e)
