import ast
print(ast.Name, ast.BinOp._fields, ast.Add.__mro__)
n = ast.Name("x", ast.Load())
print(n.id, isinstance(n, ast.expr), ast.PyCF_ONLY_AST)
