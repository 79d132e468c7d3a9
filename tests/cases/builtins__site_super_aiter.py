import builtins
for n in ['aiter','anext','exit','quit','help','copyright','credits','license']:
    print(n, hasattr(builtins, n))
print(repr(exit), repr(quit), repr(help))
print(repr(license))
print(type(exit).__name__, type(help).__name__)
print(repr(builtins.__package__), hasattr(builtins, "__spec__"), hasattr(builtins, "__loader__"))
try: exit(3)
except SystemExit as e: print('exit', e.code)
try: quit()
except SystemExit as e: print('quit', e.code)
import types
print(str(types.MappingProxyType({'a': 1})))
class A:
    def f(self): return 'A'
class B(A):
    def f(self): return 'B'
s = super(B)
print(s, s.__thisclass__, s.__self__, s.__self_class__)
b = B()
print(s.__get__(b, B).f(), super(B, b).__get__(b).f())
print(super(B, B).f(b))
try: super(1, 2, 3)
except TypeError as e: print(e)
try: s.f
except AttributeError as e: print(e)
print(super(B, b).__get__(1).__self__ is b, s.__get__(None, B) is s)
import asyncio
class AIt:
    def __init__(self): self.n = 0
    def __aiter__(self): return self
    async def __anext__(self):
        self.n += 1
        if self.n > 2: raise StopAsyncIteration
        return self.n
async def main():
    it = aiter(AIt())
    print(await anext(it), await anext(it), await anext(it, 'done'))
    try: await anext(it)
    except StopAsyncIteration: print('stop')
asyncio.run(main())
for bad in (lambda: aiter(1), lambda: anext(1)):
    try: bad()
    except TypeError as e: print(e)
