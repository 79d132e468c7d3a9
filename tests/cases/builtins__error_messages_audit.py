# Error messages of common wrong uses of builtins, as CPython 3.11 words them.
exprs = r'''
[].append()
[1].index(5)
[].remove(1)
{}.pop(1)
{}.popitem()
set().remove(1)
set().pop()
'a'.index('b')
'abc'[5]
[1][5]
(1,)[5]
{'a': 1}['b']
1/0
1//0
1%0
2**-1 // 0
int('x')
float('x')
int('1', 99)
chr(-1)
ord('ab')
'a' + 1
1 + 'a'
[] + ()
len(5)
iter(5)
next(iter([]))
'a'.join([1])
'%d' % 'a'
'{}'.format()
'{0} {1}'.format(1)
f'{1:q}'
format(1, 'q')
sorted([1, 'a'])
max([])
min([])
sum(['a'])
abs('a')
round('a')
divmod(1, 0)
pow(0, -1)
hash([])
{[]: 1}
frozenset([[]])
1 < 'a'
[] < ()
getattr(1, 'x')
(1).x = 2
del (1).real
object().x
type('A', (), {})().y
list(5)
tuple(1)
dict(1)
dict([1])
set(1)
range(1.5)
range(0, 10, 0)
slice(1)[0]
memoryview('a')
bytes('a')
bytearray('a')
b'a' + 'a'
'a' * 'b'
[1, 2, 3][1:2:0]
int.from_bytes('a', 'big')
(1).to_bytes(1, 'x')
(256).to_bytes(1, 'big')
isinstance(1, 1)
issubclass(1, int)
super()
zip([1], [1, 2], strict=True).__next__() and list(zip([1], [1, 2], strict=True))
enumerate(1)
reversed(1)
open('/nonexistent/x')
print(sep=1)
input(1, 2)
exec(1)
eval('1 +')
compile('x', 'f', 'q')
vars(1)
dir(1, 2)
id()
callable()
globals(1)
'abc'.split('')
'abc'.center('a')
'abc'.center(5, 'ab')
'a'.encode('nope')
b'\xff'.decode('utf-8')
'\udc80'.encode('utf-8')
'x'.zfill('a')
[].sort(key=1)
list.append(1, 2)
str.upper(1)
object.__new__(int)
type(1, 2)
type('A', (1,), {})
'a'.startswith(1)
'a'.replace(1, 2)
{}.update(1)
{}.fromkeys(1)
set().update(1)
float('inf') // 0
(2.0) ** 10000
10 ** -1.5j + 'a'
'''.strip().splitlines()
for e in exprs:
    try:
        exec(e)
        print("ok:", e)
    except BaseException as x:
        print(f"{e} -> {type(x).__name__}: {x}")
