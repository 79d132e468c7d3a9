# ast.unparse round trips, compile() of AST objects, and the helpers of Lib/ast.py over parsed
# trees (get_docstring, walk, NodeVisitor, NodeTransformer, literal_eval, fix_missing_locations,
# increment_lineno, copy_location); inspect.getsource + ast.parse; dataclasses.
import ast
import dataclasses
import inspect

SOURCES = [
    "x = 1 + 2 * (3 - 4) ** -5",
    "def f(a, b=1, /, c=2, *args, d, e=3, **kw) -> int:\n    '''doc'''\n    return a",
    "@dec\nclass C(B, metaclass=M):\n    x: int = 1\n\n    async def m(self):\n        async with a as b:\n            await c",
    "for i in range(3):\n    if i % 2:\n        continue\n    elif i:\n        break\nelse:\n    pass",
    "try:\n    a()\nexcept* E as e:\n    pass\nfinally:\n    b()",
    "match p:\n    case Point(x=0) | [1, *_] | {'k': v, **r}:\n        pass\n    case _ if g:\n        pass",
    "y = f'{a!r:>{w}} and {b=}' + 'plain' + u'kind'",
    "z = [i for i in x if i] + {k: v for k, v in d} + (yield) + lambda q, *, r: q",
    "print(*a, **k)\ndel a[1:2, ::3]\nglobal g\nx = a if b else c\nassert x, 'm'",
]
for src in SOURCES:
    tree = ast.parse(src)
    text = ast.unparse(tree)
    print(text)
    again = ast.dump(ast.parse(text))
    print("round trip:", again == ast.dump(tree))

src = "def f(a, *, b=2):\n    '''doc'''\n    return a + b\n\nclass C:\n    'cdoc'\n\n\n@staticmethod\ndef g():\n    yield from h()\nprint(f(1))\n"
t = ast.parse(src)
print(ast.get_docstring(t.body[0]), ast.get_docstring(t.body[1]), ast.get_docstring(t))
ns = {}
exec(compile(t, "<ast>", "exec"), ns)
print(sorted(k for k in ns if not k.startswith("__")))
print(eval(compile(ast.parse("1 + 2*3", mode="eval"), "<e>", "eval")))
exec(compile(ast.parse("x = 5", mode="single"), "<i>", "single"), ns)
print(ns["x"])

t2 = ast.Module(body=[ast.Expr(ast.Call(ast.Name("print", ast.Load()), [ast.Constant("hi")], []))], type_ignores=[])
ast.fix_missing_locations(t2)
print(t2.body[0].lineno, t2.body[0].value.end_col_offset)
exec(compile(t2, "<built>", "exec"))

code = compile(ast.parse("x = 1\n\n\ny = 1/0\n"), "<tree>", "exec")
try:
    exec(code, {})
except ZeroDivisionError as e:
    print("error on line", e.__traceback__.tb_next.tb_lineno)

ast.increment_lineno(t, 3)
print(t.body[0].lineno, t.body[0].body[0].end_lineno)


class V(ast.NodeVisitor):
    def visit_Name(self, n):
        print("name", n.id, n.lineno, n.col_offset, type(n.ctx).__name__)


V().visit(ast.parse("a.b(c)[d] = e"))
print([type(n).__name__ for n in ast.walk(ast.parse("x = [i for i in y if i]"))])


class Doubler(ast.NodeTransformer):
    def visit_Constant(self, node):
        if isinstance(node.value, int):
            return ast.copy_location(ast.Constant(node.value * 2), node)
        return node


tree = Doubler().visit(ast.parse("r = 1 + 20"))
ns = {}
exec(compile(ast.fix_missing_locations(tree), "<t>", "exec"), ns)
print(ns["r"], ast.unparse(tree))

print(ast.literal_eval("{'a': (1, 2.5, -3j)}"), ast.literal_eval("[1, {2}, b'x', None, True, -1 + 2j]"))
for bad in ["f(1)", "a + b", "[x for x in y]"]:
    try:
        ast.literal_eval(bad)
    except ValueError as e:
        print("ValueError", str(e).split(":")[0])
print(compile("x+1", "<s>", "eval", ast.PyCF_ONLY_AST).__class__.__name__)
tree = ast.parse("x")
print(compile(tree, "<s>", "exec", ast.PyCF_ONLY_AST) is tree)
print(ast.parse("x", type_comments=True, feature_version=(3, 8)).body[0].value.id)


def sample(a, b=2):
    """Sample docstring."""
    return a * b  # comment


fsrc = inspect.getsource(sample)
print(fsrc, end="")
print(ast.dump(ast.parse(fsrc).body[0].args))


@dataclasses.dataclass
class Pt:
    x: int
    y: int = 0


print(Pt(1), dataclasses.fields(Pt)[1].default)
