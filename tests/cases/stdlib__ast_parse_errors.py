# SyntaxErrors raised by ast.parse: class, message, position and text as CPython 3.11's; code
# that only the compiler rejects ('return' outside a function, ...) still parses.
import ast

ERRORS = [
    "1 +", "def f(:\n  pass", "x = (1,", "f(**a, *b)", "a = 1 = 2", "x = 'abc",
    "if x:\npass", "type X = int", "def f[T](): pass", "print 1", "(a, b) += 1",
    "del f()", "f(a for a in b, c)", "x = 1 +\ny = 2", "for x in range(3)\n    pass",
    "lambda x=1, y: x", "match x:\n    case 1:\n    pass",
    "a, b += 1", "import", "from x import", "def f(a, a=1, *): pass",
]
for src in ERRORS:
    try:
        ast.parse(src)
        print("parsed", repr(src))
    except SyntaxError as e:
        print(type(e).__name__, repr(src), e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset, repr(e.text))

# Errors CPython raises only when compiling: the tree is still built.
for src in ["return 1", "break", "continue", "await x", "nonlocal x", "yield 1",
            "def f(x, x): pass", "f(a=1, a=2)", "from __future__ import braces"]:
    print(ast.dump(ast.parse(src)))

for mode in ["exec", "eval", "func_type"]:
    try:
        ast.parse("x = ", mode=mode)
    except SyntaxError as e:
        print(mode, e.msg, e.lineno, e.offset)
try:
    compile("x", "<s>", "func_type")
except ValueError as e:
    print("ValueError", e)
try:
    compile("x", "<s>", "nope", ast.PyCF_ONLY_AST)
except ValueError as e:
    print("ValueError", e)
try:
    compile(ast.parse("x"), "<s>", "eval")
except TypeError as e:
    print("TypeError", e)
