# SyntaxError fields for CPython 3.11's f-string / string-literal errors, legacy print, indentation
# and end-of-input errors, in each compile() mode, and through eval()/exec().
SOURCES = [
    "f'{x!z}'", "f'{'", "b'é'", "  1", "f'{}'", "f'{x!}'", "f'}'", "f'{x:{y:{z}}}'", "print 1",
    "x = (1,", "def f(:", "a b", "1 +", "if x:\npass", "return 5",
    "class A:\n  def f(self):\n    nonlocal q", "f'{x=!z}'", "f'{!r}'", "f'{x:}}'", "f'{ }'",
    "f'{x!r:{'", "f'''{\n}'''", "rb'\\xff é'", "exec 'x'", "print 'a', b",
    # more variants
    "f'{:x}'", "f'{=}'", "f'{ !r}'", "f'{x!rr}'", "f'{x! r}'", "f'{a b}'", "f'{x}' f'{}'",
    "b'a' 'b'", "'a' b'b'", "f'{}' + 1", "(f'{}'\n)", "x = f'{}' # c", "print f'{}'",
    "f'{\\\\}'", "f'{x)}'", "f'{(x]}'", "f'{x:{y}}' f'{x!a:{y!r:{z}}}'", "f'é{}'", "'é' f'{}'",
    "f'{x='", "f'{x:'", "f'{x}}'", "f'{{}'", "(b'é'\n)", "'''a\nb''' f'{}'",
    "1 + # c", "1 +\n", "(1 +", "'é' b'é'", "f'{x!r}' b'a'", "f'{x=   !r:>{10}}' f'{'",
    "é = f'{é!}'", "f'''\n{x:{y:{z}}}'''", "f'{a[\"b\"]!q}'", "f'{x:{y!}}'", "f'{lambda x:1}'",
    "f'{(x:=1)!z}'", "f'{x!=y}'", "f'{x<y!z}'", "f'\\N{DIGIT ONE}{}'", "rf'\\{}'", "b'\\xff' f'x'",
    "u'a' f'{'", "def f():\n  return f'{}'", "exec f'{}'", "f'{}' if", "x = 1; f'{a b}'",
    "f'''\n{a b}'''", "f'{ a b}'", "f'{x}{a b}'", "f'{1+}'", "f'{x:{a b}}'", "f'{a b!r}'",
    "f'{é b}'", "f'{x=y}'", "'é' + f'{a b}'", "\t1",
]


def show(e):
    return " ".join(map(str, (type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset, repr(e.text))))


for src in SOURCES:
    for mode in ("exec", "eval", "single"):
        try:
            compile(src, "<s>", mode)
            print(repr(src), mode, "ok")
        except SyntaxError as e:
            print(repr(src), mode, show(e))

for src in ["f'{}'", "  1", "1 +", "print 1", "f'{x!z}' # c", "b'é'"]:
    for fn in (eval, exec):
        try:
            fn(src)
            print(repr(src), fn.__name__, "ok")
        except SyntaxError as e:
            print(repr(src), fn.__name__, show(e))
