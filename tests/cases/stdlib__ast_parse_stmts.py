# ast.parse of every 3.11 statement kind: ast.dump with positions must equal CPython's.
import ast

CORPUS = [
    "pass\nbreak\ncontinue",
    "x = 1\na = b = c\nx, *y = z\n[a, b] = c\na.b = 1\na[i] = 2\na[1:2] = v",
    "x += 1\nx -= 1\nx *= 2\nx @= m\nx /= 2\nx //= 2\nx %= 3\nx **= 2\nx <<= 1\nx >>= 1\nx |= 1\nx ^= 1\nx &= 1",
    "x: int\nx: int = 1\n(y): str = 's'\na.b: int\na[0]: int = 3",
    "del x\ndel a.b, c[1], (d, e), [f]",
    "import os\nimport os.path as p, sys\nfrom . import x\nfrom ..a.b import (c as d, e)\nfrom m import *",
    "global a, b\nnonlocal c",
    "assert x\nassert x, 'msg'",
    "raise\nraise E\nraise E('x') from None",
    "return\nreturn 1\nreturn 1, 2",
    "if a:\n    pass\nelif b:\n    x = 1\nelif c: y = 2\nelse:\n    z = 3",
    "if a: pass",
    "while x:\n    x -= 1\nelse:\n    done()",
    "for i in range(3):\n    print(i)\nelse:\n    pass\nfor a, (b, c) in d: pass",
    "async def f():\n    async for x in y:\n        await x\n    async with a as b, c:\n        pass\n    return [i async for i in g()]",
    "with open(f) as fh, lock:\n    pass\nwith (a as b, c as d):\n    pass\nwith (yield):\n    pass",
    "try:\n    a()\nexcept ValueError as e:\n    b()\nexcept (KeyError, IndexError):\n    pass\nexcept:\n    raise\nelse:\n    c()\nfinally:\n    d()",
    "try:\n    pass\nexcept* ValueError as eg:\n    pass\nexcept* (TypeError, KeyError):\n    pass",
    "def f(a, b=1, /, c=2, *args, d, e=3, **kw) -> int:\n    '''doc'''\n    return a",
    "def g(*, a): pass\ndef h(a: int, *b: str, **c: float): pass\nlambda: 0\nlambda x, /, y=1, *z, w, **k: x",
    "@dec\n@dec2(1)\n# comment\n\n@a.b\ndef f():\n    pass\n@cls_dec\nclass C(Base, metaclass=M, **kw):\n    x = 1\n    def m(self): return self.x",
    "class Empty:\n    pass\nclass P(): ...",
    "match cmd:\n    case 1 | 2:\n        pass\n    case 'a' | b'b':\n        pass\n    case None | True | False:\n        pass\n    case [a, *rest]:\n        pass\n    case (a, b, *_):\n        pass\n    case {'k': v, **others}:\n        pass\n    case {1: _, 'x': [y]}:\n        pass\n    case Point(x=0, y=yy) as p:\n        pass\n    case Cls(1, a, kw=2):\n        pass\n    case -1 | 1.5 | 2j | -3 + 4j:\n        pass\n    case a.b.c:\n        pass\n    case [] | ():\n        pass\n    case _ if cond:\n        pass\n    case x:\n        pass",
    "x = 1; y = 2;\nif a: b = 1; c = 2;\ndef f(): x = 1; pass;",
    "while 1:\n    if a: break\n    else: continue",
    "'''module docstring'''\nimport x",
]

for src in CORPUS:
    tree = ast.parse(src)
    print(ast.dump(tree, include_attributes=True))

print(ast.dump(ast.parse("x = 1", mode="single"), include_attributes=True))
print(ast.dump(ast.parse("for i in x:\n    pass\n", mode="single"), include_attributes=True))
print(ast.dump(ast.parse("(int, *str) -> None", mode="func_type"), include_attributes=True))
print(ast.dump(ast.parse("() -> List[int]", mode="func_type"), include_attributes=True))
print(ast.dump(ast.parse("\tif x:\n\t\ty\n".strip() + "\n"), include_attributes=True))
print(ast.dump(ast.parse("x = 1\r\ny = 2\rz = 3"), include_attributes=True))
print(ast.dump(ast.parse(b"# -*- coding: latin-1 -*-\nx = '\xe9'\n"), include_attributes=True))
