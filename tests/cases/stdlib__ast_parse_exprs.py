# ast.parse of every 3.11 expression kind, constants, f-strings and non-ASCII positions:
# ast.dump with positions must equal CPython's.
import ast

CORPUS = [
    "a and b and c or not d",
    "(x := 10) + (y := f(x))",
    "a + b - c * d / e // f % g ** h @ i << j >> k | l ^ m & n",
    "-x + +y - ~z",
    "a < b <= c > d >= e == f != g is h is not i in j not in k",
    "lambda: 1\nlambda *a, **k: (a, k)",
    "a if b else c if d else e",
    "{}\n{1: 2, **d, 'k': v}\n{1, 2, *s}\n[]\n[1, *l]\n()\n(1,)\n1, 2\n(a, (b, c))",
    "[x for x in y if x if not z]\n{x for x in y}\n{k: v for k, v in d.items()}\n(x for x in y)\n[a for b in c for a in b]",
    "async def f():\n    await g()\n    [x async for x in y]\n    {await z for z in w}",
    "def g():\n    yield\n    yield 1\n    x = yield from h()\n    await_ = (yield)",
    "f()\nf(a, b=1, *c, **d)\nf(*a, *b, c=1, **e, **f)\nf(x for x in y)\nf((x for x in y), 1)\nobj.method(1)(2)",
    "1\n1.5\n1e100\n0x_ff\n0o17\n0b101\n10_000\n123456789012345678901234567890\n2j\n1.5J\nTrue\nFalse\nNone\n...",
    "'s'\nu'unicode'\nr'raw\\n'\nb'bytes'\nrb'\\x00'\n'a' 'b'\nu'a' 'b'\n'a' u'b'\n'''tri\nple'''\nb'a' b'c'",
    "a.b.c\na[0]\na[1:2]\na[::2]\na[:]\na[1:2, 3]\na[..., None]\na[i, j:k]\n*a, b = c",
    "f'plain'\nf'{x}'\nf'{x!r}'\nf'{x!s:>10}'\nf'{x!a}'\nf'{x:{w}.{p}}'\nf'{x=}'\nf'{x = :>4}'\nf'{ x = !r}'\nf'a{b}c{d}e'\nf''",
    "'a' f'{b}' 'c'\nf'{a}' f'{b}'\nu'x' f'{y}'\nf'{\"nested\"}'\nf'{f\"{inner}\"}'\nf'{3,}'\nf'{a, b}'\nf'{{literal}}'",
    "x = (f'{a:02d}'\n     f'{b:x}' 'tail')",
    "s = f'''multi\n{line}\n  {x!r:^{width}}\n'''",
    "'é' + x\nname_é = 'ü' + f'{ß}'\n# ünïcode comment\ny = '日本語' + z",
    "x = [\n    1,\n    2,\n]\ncall(\n    a,\n    b=2,\n)",
    "a[b][c].d(e)[f:g].h",
    "x = 1 if y else (\n    2)",
    "print(*args, sep='', **{'end': ''})",
    "(yield)",
    "del (a), [b, c]",
    "a = b = c = lambda x=(1, 2): [*x]",
]

for src in CORPUS:
    try:
        tree = ast.parse(src)
    except SyntaxError as e:
        print("SyntaxError", e.msg, e.lineno, e.offset)
        continue
    print(ast.dump(tree, include_attributes=True))

for src in ["1 + 2", "x.y(z)", "[a for a in b]", "f'{x}'"]:
    try:
        print(ast.dump(ast.parse(src, mode="eval"), include_attributes=True))
    except SyntaxError as e:
        print("SyntaxError", e.msg, e.lineno, e.offset)

t = ast.parse("x = 'abc'\nu'z'\n")
print(type(t.body[0].value.value).__name__, t.body[0].value.kind, t.body[1].value.kind)
print(ast.parse("x").body[0].value.ctx is ast.parse("y").body[0].value.ctx)
print(type(ast.parse("a + b").body[0].value.op).__name__, ast.Load() is ast.Load())
print(ast.Name.__match_args__, ast.Return.value, ast.expr.end_lineno, ast.Constant.kind)
print(ast.parse("a")._fields, ast.parse("a").body[0]._attributes)
