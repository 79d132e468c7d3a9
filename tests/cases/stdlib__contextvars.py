# contextvars (lib/_contextvars.py): get/set/reset, tokens, Context.run/copy, errors; decimal contexts on top.
import contextvars as c
v = c.ContextVar('v', default=1)
w = c.ContextVar('w')
print(repr(v).startswith("<ContextVar name='v' default=1 at 0x"), v.name, v.get(), w.get(5))
try:
    w.get()
except LookupError as e:
    print("LookupError", type(e.args[0]).__name__)
t = v.set(2)
print(t.var is v, t.old_value, c.Token.MISSING, v.get())
ctx = c.copy_context()
print(len(ctx), list(ctx.keys()) == [v], ctx[v], v in ctx, ctx.get(v), ctx.get(w, "d"))
def f(x):
    v.set(x)
    return v.get()
print(ctx.run(f, 10), v.get(), ctx[v])
v.reset(t)
print(v.get())
for bad in [lambda: v.reset(t), lambda: w.reset(t)]:
    try:
        bad()
    except (RuntimeError, ValueError) as e:
        print(type(e).__name__, str(e).split(" at ")[0])
try:
    class X(c.ContextVar): pass
except TypeError as e: print(e)
try: c.ContextVar()
except TypeError as e: print(e)
try: c.ContextVar(1)
except TypeError as e: print(e)
print(c.Context.__module__, c.ContextVar.__module__, c.ContextVar[int])
try:
    ctx.run(lambda: ctx.run(print))
except RuntimeError as e:
    print(str(e).split(":")[0])
import decimal
from decimal import Decimal, getcontext, localcontext
print(Decimal("1.1") + Decimal("2.2"), Decimal(1) / Decimal(7))
with localcontext() as lc:
    lc.prec = 5
    print(Decimal(1) / Decimal(7))
print(getcontext().prec, Decimal("3.14159").quantize(Decimal("0.01")))
import fractions
print(fractions.Fraction(3, 6) + fractions.Fraction("1/3"))
