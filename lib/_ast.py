"""pyrite's `_ast`: the AST node classes that `ast.py` re-exports, built from a table of
(name, base, _fields, _attributes, optional names) matching CPython 3.11. Optional fields and
attributes (`expr?`, `int?` in the ASDL) default to None on the class, as in CPython.
`compile(..., PyCF_ONLY_AST)` (the VM's ast_objects.rs) builds trees of these classes and shares
the field-less nodes of `_singletons`; `_source_of` serves `compile(tree, ...)`.
"""

PyCF_ONLY_AST = 1024
PyCF_TYPE_COMMENTS = 4096
PyCF_ALLOW_TOP_LEVEL_AWAIT = 8192


class AST:
    _fields = ()
    _attributes = ()

    def __init__(self, *args, **kwargs):
        if len(args) > len(self._fields):
            raise TypeError(f"{type(self).__name__} constructor takes at most "
                            f"{len(self._fields)} positional argument{'' if len(self._fields) == 1 else 's'}")
        for name, value in zip(self._fields, args):
            setattr(self, name, value)
        for name, value in kwargs.items():
            setattr(self, name, value)

    def __reduce__(self):
        return type(self), (), dict(vars(self))


AST.__module__ = "ast"


# name base fields attributes optional ("-" for none)
_TABLE = """
AST - - - -
operator AST - - -
Add operator - - -
boolop AST - - -
And boolop - - -
stmt AST - lineno,col_offset,end_lineno,end_col_offset end_lineno,end_col_offset
AnnAssign stmt target,annotation,value,simple lineno,col_offset,end_lineno,end_col_offset value
Assert stmt test,msg lineno,col_offset,end_lineno,end_col_offset msg
Assign stmt targets,value,type_comment lineno,col_offset,end_lineno,end_col_offset type_comment
AsyncFor stmt target,iter,body,orelse,type_comment lineno,col_offset,end_lineno,end_col_offset type_comment
AsyncFunctionDef stmt name,args,body,decorator_list,returns,type_comment lineno,col_offset,end_lineno,end_col_offset returns,type_comment
AsyncWith stmt items,body,type_comment lineno,col_offset,end_lineno,end_col_offset type_comment
expr AST - lineno,col_offset,end_lineno,end_col_offset end_lineno,end_col_offset
Attribute expr value,attr,ctx lineno,col_offset,end_lineno,end_col_offset -
AugAssign stmt target,op,value lineno,col_offset,end_lineno,end_col_offset -
Await expr value lineno,col_offset,end_lineno,end_col_offset -
BinOp expr left,op,right lineno,col_offset,end_lineno,end_col_offset -
BitAnd operator - - -
BitOr operator - - -
BitXor operator - - -
BoolOp expr op,values lineno,col_offset,end_lineno,end_col_offset -
Break stmt - lineno,col_offset,end_lineno,end_col_offset -
Call expr func,args,keywords lineno,col_offset,end_lineno,end_col_offset -
ClassDef stmt name,bases,keywords,body,decorator_list lineno,col_offset,end_lineno,end_col_offset -
Compare expr left,ops,comparators lineno,col_offset,end_lineno,end_col_offset -
Constant expr value,kind lineno,col_offset,end_lineno,end_col_offset kind
Continue stmt - lineno,col_offset,end_lineno,end_col_offset -
expr_context AST - - -
Del expr_context - - -
Delete stmt targets lineno,col_offset,end_lineno,end_col_offset -
Dict expr keys,values lineno,col_offset,end_lineno,end_col_offset -
DictComp expr key,value,generators lineno,col_offset,end_lineno,end_col_offset -
Div operator - - -
cmpop AST - - -
Eq cmpop - - -
excepthandler AST - lineno,col_offset,end_lineno,end_col_offset end_lineno,end_col_offset
ExceptHandler excepthandler type,name,body lineno,col_offset,end_lineno,end_col_offset type,name
Expr stmt value lineno,col_offset,end_lineno,end_col_offset -
mod AST - - -
Expression mod body - -
FloorDiv operator - - -
For stmt target,iter,body,orelse,type_comment lineno,col_offset,end_lineno,end_col_offset type_comment
FormattedValue expr value,conversion,format_spec lineno,col_offset,end_lineno,end_col_offset format_spec
FunctionDef stmt name,args,body,decorator_list,returns,type_comment lineno,col_offset,end_lineno,end_col_offset returns,type_comment
FunctionType mod argtypes,returns - -
GeneratorExp expr elt,generators lineno,col_offset,end_lineno,end_col_offset -
Global stmt names lineno,col_offset,end_lineno,end_col_offset -
Gt cmpop - - -
GtE cmpop - - -
If stmt test,body,orelse lineno,col_offset,end_lineno,end_col_offset -
IfExp expr test,body,orelse lineno,col_offset,end_lineno,end_col_offset -
Import stmt names lineno,col_offset,end_lineno,end_col_offset -
ImportFrom stmt module,names,level lineno,col_offset,end_lineno,end_col_offset module,level
In cmpop - - -
Interactive mod body - -
unaryop AST - - -
Invert unaryop - - -
Is cmpop - - -
IsNot cmpop - - -
JoinedStr expr values lineno,col_offset,end_lineno,end_col_offset -
LShift operator - - -
Lambda expr args,body lineno,col_offset,end_lineno,end_col_offset -
List expr elts,ctx lineno,col_offset,end_lineno,end_col_offset -
ListComp expr elt,generators lineno,col_offset,end_lineno,end_col_offset -
Load expr_context - - -
Lt cmpop - - -
LtE cmpop - - -
MatMult operator - - -
Match stmt subject,cases lineno,col_offset,end_lineno,end_col_offset -
pattern AST - lineno,col_offset,end_lineno,end_col_offset -
MatchAs pattern pattern,name lineno,col_offset,end_lineno,end_col_offset pattern,name
MatchClass pattern cls,patterns,kwd_attrs,kwd_patterns lineno,col_offset,end_lineno,end_col_offset -
MatchMapping pattern keys,patterns,rest lineno,col_offset,end_lineno,end_col_offset rest
MatchOr pattern patterns lineno,col_offset,end_lineno,end_col_offset -
MatchSequence pattern patterns lineno,col_offset,end_lineno,end_col_offset -
MatchSingleton pattern value lineno,col_offset,end_lineno,end_col_offset -
MatchStar pattern name lineno,col_offset,end_lineno,end_col_offset name
MatchValue pattern value lineno,col_offset,end_lineno,end_col_offset -
Mod operator - - -
Module mod body,type_ignores - -
Mult operator - - -
Name expr id,ctx lineno,col_offset,end_lineno,end_col_offset -
NamedExpr expr target,value lineno,col_offset,end_lineno,end_col_offset -
Nonlocal stmt names lineno,col_offset,end_lineno,end_col_offset -
Not unaryop - - -
NotEq cmpop - - -
NotIn cmpop - - -
Or boolop - - -
Pass stmt - lineno,col_offset,end_lineno,end_col_offset -
Pow operator - - -
RShift operator - - -
Raise stmt exc,cause lineno,col_offset,end_lineno,end_col_offset exc,cause
Return stmt value lineno,col_offset,end_lineno,end_col_offset value
Set expr elts lineno,col_offset,end_lineno,end_col_offset -
SetComp expr elt,generators lineno,col_offset,end_lineno,end_col_offset -
Slice expr lower,upper,step lineno,col_offset,end_lineno,end_col_offset lower,upper,step
Starred expr value,ctx lineno,col_offset,end_lineno,end_col_offset -
Store expr_context - - -
Sub operator - - -
Subscript expr value,slice,ctx lineno,col_offset,end_lineno,end_col_offset -
Try stmt body,handlers,orelse,finalbody lineno,col_offset,end_lineno,end_col_offset -
TryStar stmt body,handlers,orelse,finalbody lineno,col_offset,end_lineno,end_col_offset -
Tuple expr elts,ctx lineno,col_offset,end_lineno,end_col_offset -
type_ignore AST - - -
TypeIgnore type_ignore lineno,tag - -
UAdd unaryop - - -
USub unaryop - - -
UnaryOp expr op,operand lineno,col_offset,end_lineno,end_col_offset -
While stmt test,body,orelse lineno,col_offset,end_lineno,end_col_offset -
With stmt items,body,type_comment lineno,col_offset,end_lineno,end_col_offset type_comment
Yield expr value lineno,col_offset,end_lineno,end_col_offset value
YieldFrom expr value lineno,col_offset,end_lineno,end_col_offset -
alias AST name,asname lineno,col_offset,end_lineno,end_col_offset asname,end_lineno,end_col_offset
arg AST arg,annotation,type_comment lineno,col_offset,end_lineno,end_col_offset annotation,type_comment,end_lineno,end_col_offset
arguments AST posonlyargs,args,vararg,kwonlyargs,kw_defaults,kwarg,defaults - vararg,kwarg
comprehension AST target,iter,ifs,is_async - -
keyword AST arg,value lineno,col_offset,end_lineno,end_col_offset arg,end_lineno,end_col_offset
match_case AST pattern,guard,body - guard
withitem AST context_expr,optional_vars - optional_vars
"""


_SINGLETON_BASES = ("expr_context", "boolop", "operator", "unaryop", "cmpop")
_singletons = {}


def _build():
    g = globals()
    for line in _TABLE.split("\n"):
        if not line.strip():
            continue
        name, base, fields, attrs, optional = line.split()
        if name == "AST":
            continue
        ns = {
            "_fields": tuple(fields.split(",")) if fields != "-" else (),
            "_attributes": tuple(attrs.split(",")) if attrs != "-" else (),
            "__module__": "ast",
        }
        ns["__match_args__"] = ns["_fields"]
        if optional != "-":
            for opt in optional.split(","):
                ns[opt] = None
        cls = type(name, (g[base],), ns)
        g[name] = cls
        if fields == "-" and attrs == "-" and base in _SINGLETON_BASES:
            _singletons[name] = cls()


_build()
del _build


def _source_of(tree):
    """The source text `compile(tree, ...)` compiles: `ast.unparse`'s text, with blank lines
    added so that each statement carrying a `lineno` starts on that line when it can."""
    import ast

    class Placer(ast._Unparser):
        def __init__(self):
            super().__init__()
            self._line = 1
            self._want = 0

        def write(self, *text):
            for t in text:
                self._line += t.count("\n")
            super().write(*text)

        def maybe_newline(self):
            # A pending statement places itself in fill().
            if not self._want:
                super().maybe_newline()

        def traverse(self, node):
            if isinstance(node, ast.stmt):
                lines = [getattr(d, "lineno", 0) for d in getattr(node, "decorator_list", ())]
                lines.append(getattr(node, "lineno", 0))
                self._want = min(lines) if isinstance(lines[0], int) else 0
            super().traverse(node)

        def fill(self, text=""):
            want, self._want = self._want, 0
            if isinstance(want, int) and want - self._line - 1 >= 0:
                self.write("\n" * (want - self._line - 1))
            super().fill(text)

    if isinstance(tree, Expression):
        line = getattr(tree.body, "lineno", 1)
        pad = "\n" * (line - 1) if isinstance(line, int) and line > 1 else ""
        return pad + ast.unparse(tree.body)
    if isinstance(tree, Interactive):
        tree = Module(tree.body, [])
    return Placer().visit(tree)
