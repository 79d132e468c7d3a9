import ast
print(ast.Name, ast.BinOp._fields, ast.Add.__mro__)
n = ast.Name("x", ast.Load())
print(n.id, isinstance(n, ast.expr))
import dataclasses
@dataclasses.dataclass
class P:
    x: int
    y: int = 2
print(P(1), P(1) == P(1, 2))
