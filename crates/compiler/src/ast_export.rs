//! AST export stage (`compile(..., PyCF_ONLY_AST)`): ruff's syntax tree → a neutral tree shaped
//! exactly like CPython 3.11's `_ast` nodes. Guarantees: class names, field names and field order
//! are CPython's; positions are 1-based lines and 0-based UTF-8 byte columns as CPython reports
//! them (`def`/`class` start at the keyword, not the first decorator; an `elif` is a nested `If`
//! starting at `elif`); f-strings become `JoinedStr`/`FormattedValue` as 3.11 builds them (adjacent
//! literal text merged, every part positioned at the whole string); string constants carry
//! `kind='u'` for u-strings. The same parse errors as `compile()` are reported, so syntax newer than
//! 3.11 stays a SyntaxError. The VM turns this tree into `_ast` objects (it holds no VM values).

use crate::{consts, errors, literals, CompileError, ErrorKind};
use bytecode::Constant;
use ruff_python_ast::{self as ast, Expr, Pattern, PythonVersion, Stmt};
use ruff_python_parser::{parse_unchecked, ParseOptions};
use ruff_text_size::{Ranged, TextRange, TextSize};
use std::rc::Rc;

/// What `compile(..., PyCF_ONLY_AST)` is asked to parse, as its `mode` argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AstMode {
    Exec,
    Eval,
    Single,
    FuncType,
}

/// A field value of an exported node.
#[derive(Clone, Debug)]
pub enum AstValue {
    None,
    Node(Box<AstNode>),
    List(Vec<AstValue>),
    /// An identifier (a name, an attribute, a module path).
    Ident(Rc<str>),
    Int(i64),
    /// The value of a `Constant` node.
    Const(Constant),
}

/// Source position of a node: 1-based lines, 0-based UTF-8 byte columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AstPos {
    pub lineno: u32,
    pub col_offset: u32,
    pub end_lineno: u32,
    pub end_col_offset: u32,
}

/// One `_ast` node: its class name, its `_fields` in order, and its position attributes when the
/// class has them. Nodes without fields or position (`Load()`, `Add()`) are CPython's singletons.
#[derive(Clone, Debug)]
pub struct AstNode {
    pub class: &'static str,
    pub fields: Vec<(&'static str, AstValue)>,
    pub pos: Option<AstPos>,
}

/// Parses `source` (text) and returns the tree `ast.parse` would return, or the SyntaxError.
pub fn parse_ast(source: &str, filename: &str, mode: AstMode) -> Result<AstNode, CompileError> {
    let src = normalize_newlines(source);
    match mode {
        AstMode::FuncType => func_type(&src, filename),
        _ => {
            let m = parse_checked(&src, filename, mode)?;
            let cv = Converter::new(&src);
            Ok(match (&m, mode) {
                (ast::Mod::Expression(e), _) => cv.node("Expression", vec![("body", cv.expr(&e.body))], None),
                (ast::Mod::Module(m), AstMode::Single) => {
                    cv.node("Interactive", vec![("body", cv.body(&m.body))], None)
                }
                (ast::Mod::Module(m), _) => cv.node(
                    "Module",
                    vec![("body", cv.body(&m.body)), ("type_ignores", AstValue::List(Vec::new()))],
                    None,
                ),
            })
        }
    }
}

/// CPython's string tokenizer reads `\r\n` and a lone `\r` as `\n`, and ends the text with a
/// newline, before anything sees it.
fn normalize_newlines(src: &str) -> String {
    let mut s = if src.contains('\r') { src.replace("\r\n", "\n").replace('\r', "\n") } else { src.to_string() };
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

fn parse_checked(src: &str, filename: &str, mode: AstMode) -> Result<ast::Mod, CompileError> {
    let (pmode, cmode) = match mode {
        AstMode::Eval | AstMode::FuncType => (ruff_python_parser::Mode::Expression, crate::Mode::Eval),
        AstMode::Single => (ruff_python_parser::Mode::Module, crate::Mode::Single),
        AstMode::Exec => (ruff_python_parser::Mode::Module, crate::Mode::Exec),
    };
    let popts = ParseOptions::from(pmode).with_target_version(PythonVersion::PY311);
    let parsed = parse_unchecked(src, popts);
    if let Some(e) = errors::first_parse_error(src, filename, &parsed, cmode) {
        return Err(e);
    }
    let mut tree = parsed.into_syntax();
    literals::fix_module(&mut tree, src)
        .map_err(|(msg, r)| errors::error_at(src, filename, ErrorKind::SyntaxError, msg, r))?;
    Ok(tree)
}

/// `mode='func_type'`: `(T1, T2) -> R` becomes `FunctionType(argtypes, returns)`. Both halves are
/// parsed as expressions at their own offsets in the source, so positions are the source's.
fn func_type(src: &str, filename: &str) -> Result<AstNode, CompileError> {
    let invalid = |off: usize| {
        let r = TextRange::empty(TextSize::from(off as u32));
        errors::error_at(src, filename, ErrorKind::SyntaxError, "invalid syntax".into(), r)
    };
    let arrow = top_level_arrow(src).ok_or_else(|| invalid(0))?;
    let left = &src[..arrow];
    // The right half keeps its offsets: everything before it is blanked (newlines kept) inside
    // a parenthesis that opens at offset 0, since an expression may not start indented.
    let blank: String = left.bytes().skip(1).map(|c| if c == b'\n' { '\n' } else { ' ' }).collect();
    let right = format!("({blank}  {}\n)", &src[arrow + 2..]);
    let lt = parse_checked(left, filename, AstMode::Eval)?;
    let rt = parse_checked(&right, filename, AstMode::Eval)?;
    let (ast::Mod::Expression(le), ast::Mod::Expression(re)) = (&lt, &rt) else {
        return Err(invalid(0));
    };
    let cv = Converter::new(src);
    let argtypes = match &*le.body {
        // `*T` in the argument types is just `T` in the tree.
        Expr::Tuple(t) if t.parenthesized => AstValue::List(
            t.elts
                .iter()
                .map(|e| match e {
                    Expr::Starred(s) => cv.expr(&s.value),
                    e => cv.expr(e),
                })
                .collect(),
        ),
        e if left.trim_start().starts_with('(') => AstValue::List(vec![cv.expr(e)]),
        _ => return Err(invalid(left.len() - left.trim_start().len())),
    };
    Ok(cv.node("FunctionType", vec![("argtypes", argtypes), ("returns", cv.expr(&re.body))], None))
}

/// Byte offset of the `->` outside brackets and strings, if there is one.
fn top_level_arrow(src: &str) -> Option<usize> {
    let b = src.as_bytes();
    let (mut depth, mut i, mut quote) = (0i32, 0usize, None::<u8>);
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) if c == b'\\' => i += 1,
            Some(_) => {}
            None => match c {
                b'\'' | b'"' => quote = Some(c),
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth -= 1,
                b'-' if depth == 0 && b.get(i + 1) == Some(&b'>') => return Some(i),
                _ => {}
            },
        }
        i += 1;
    }
    None
}

/// Converts ruff nodes, mapping byte offsets to CPython's (line, byte column) positions.
struct Converter<'s> {
    src: &'s str,
    line_starts: Vec<usize>,
}

type Fields = Vec<(&'static str, AstValue)>;

impl<'s> Converter<'s> {
    fn new(src: &'s str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(src.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        Converter { src, line_starts }
    }

    fn loc(&self, off: TextSize) -> (u32, u32) {
        let off = usize::from(off).min(self.src.len());
        let line = self.line_starts.partition_point(|&s| s <= off).max(1);
        (line as u32, (off - self.line_starts[line - 1]) as u32)
    }

    fn pos(&self, r: TextRange) -> AstPos {
        let (lineno, col_offset) = self.loc(r.start());
        let (end_lineno, end_col_offset) = self.loc(r.end());
        AstPos { lineno, col_offset, end_lineno, end_col_offset }
    }

    fn node(&self, class: &'static str, fields: Fields, range: Option<TextRange>) -> AstNode {
        AstNode { class, fields, pos: range.map(|r| self.pos(r)) }
    }

    fn val(&self, class: &'static str, fields: Fields, range: TextRange) -> AstValue {
        AstValue::Node(Box::new(self.node(class, fields, Some(range))))
    }

    /// A field-less singleton (`Load()`, `Add()`, `Eq()`).
    fn single(&self, class: &'static str) -> AstValue {
        AstValue::Node(Box::new(AstNode { class, fields: Vec::new(), pos: None }))
    }

    fn ident(&self, id: &ast::Identifier) -> AstValue {
        AstValue::Ident(id.id.as_str().into())
    }

    fn opt_ident(&self, id: Option<&ast::Identifier>) -> AstValue {
        id.map_or(AstValue::None, |i| self.ident(i))
    }

    fn opt_expr(&self, e: Option<&Expr>) -> AstValue {
        e.map_or(AstValue::None, |e| self.expr(e))
    }

    fn exprs<'a>(&self, es: impl IntoIterator<Item = &'a Expr>) -> AstValue {
        AstValue::List(es.into_iter().map(|e| self.expr(e)).collect())
    }

    fn body(&self, stmts: &[Stmt]) -> AstValue {
        AstValue::List(stmts.iter().map(|s| self.stmt(s)).collect())
    }

    fn ctx(&self, c: ast::ExprContext) -> AstValue {
        self.single(match c {
            ast::ExprContext::Store => "Store",
            ast::ExprContext::Del => "Del",
            ast::ExprContext::Load | ast::ExprContext::Invalid => "Load",
        })
    }

    fn operator(&self, op: ast::Operator) -> AstValue {
        use ast::Operator as O;
        self.single(match op {
            O::Add => "Add",
            O::Sub => "Sub",
            O::Mult => "Mult",
            O::MatMult => "MatMult",
            O::Div => "Div",
            O::Mod => "Mod",
            O::Pow => "Pow",
            O::LShift => "LShift",
            O::RShift => "RShift",
            O::BitOr => "BitOr",
            O::BitXor => "BitXor",
            O::BitAnd => "BitAnd",
            O::FloorDiv => "FloorDiv",
        })
    }

    fn cmpop(&self, op: ast::CmpOp) -> AstValue {
        use ast::CmpOp as C;
        self.single(match op {
            C::Eq => "Eq",
            C::NotEq => "NotEq",
            C::Lt => "Lt",
            C::LtE => "LtE",
            C::Gt => "Gt",
            C::GtE => "GtE",
            C::Is => "Is",
            C::IsNot => "IsNot",
            C::In => "In",
            C::NotIn => "NotIn",
        })
    }

    /// Where a decorated `def`/`class` statement starts for CPython: at its keyword, on the first
    /// line after the last decorator that is neither blank nor a comment.
    fn after_decorators(&self, decorators: &[ast::Decorator], stmt: TextRange) -> TextRange {
        let Some(last) = decorators.last() else { return stmt };
        let mut i = usize::from(last.end());
        while i < self.src.len() {
            let Some(nl) = self.src[i..].find('\n') else { break };
            i += nl + 1;
            let line = &self.src[i..];
            let indent = line.len() - line.trim_start_matches([' ', '\t', '\x0c']).len();
            let rest = &line[indent..];
            if !(rest.starts_with('\n') || rest.starts_with('#') || rest.is_empty()) {
                return TextRange::new(TextSize::from((i + indent) as u32), stmt.end());
            }
        }
        stmt
    }

    /// The offset of the first character at or after `off` that is not a space or tab.
    fn skip_blanks(&self, off: TextSize) -> TextSize {
        let start = usize::from(off).min(self.src.len());
        let rest = &self.src[start..];
        off + TextSize::from((rest.len() - rest.trim_start_matches([' ', '\t', '\x0c']).len()) as u32)
    }

    /// A compound statement ends where its last line of simple statements ends, with the `;`
    /// that may close that line.
    fn block_end(&self, r: TextRange) -> TextRange {
        let semi = self.skip_blanks(r.end());
        if self.src[usize::from(semi).min(self.src.len())..].starts_with(';') {
            return TextRange::new(r.start(), semi + TextSize::from(1));
        }
        r
    }

    fn stmt(&self, s: &Stmt) -> AstValue {
        let r = s.range();
        let r = match s {
            Stmt::FunctionDef(_)
            | Stmt::ClassDef(_)
            | Stmt::For(_)
            | Stmt::While(_)
            | Stmt::If(_)
            | Stmt::With(_)
            | Stmt::Match(_)
            | Stmt::Try(_) => self.block_end(r),
            _ => r,
        };
        match s {
            Stmt::FunctionDef(f) => self.function_def(f, r),
            Stmt::ClassDef(c) => self.class_def(c, r),
            Stmt::Return(x) => self.val("Return", vec![("value", self.opt_expr(x.value.as_deref()))], r),
            Stmt::Delete(x) => self.val("Delete", vec![("targets", self.exprs(&x.targets))], r),
            Stmt::Assign(x) => self.val(
                "Assign",
                vec![
                    ("targets", self.exprs(&x.targets)),
                    ("value", self.expr(&x.value)),
                    ("type_comment", AstValue::None),
                ],
                r,
            ),
            Stmt::AugAssign(x) => self.val(
                "AugAssign",
                vec![("target", self.expr(&x.target)), ("op", self.operator(x.op)), ("value", self.expr(&x.value))],
                r,
            ),
            Stmt::AnnAssign(x) => self.val(
                "AnnAssign",
                vec![
                    ("target", self.expr(&x.target)),
                    ("annotation", self.expr(&x.annotation)),
                    ("value", self.opt_expr(x.value.as_deref())),
                    ("simple", AstValue::Int(x.simple as i64)),
                ],
                r,
            ),
            Stmt::For(x) => self.val(
                if x.is_async { "AsyncFor" } else { "For" },
                vec![
                    ("target", self.expr(&x.target)),
                    ("iter", self.expr(&x.iter)),
                    ("body", self.body(&x.body)),
                    ("orelse", self.body(&x.orelse)),
                    ("type_comment", AstValue::None),
                ],
                r,
            ),
            Stmt::While(x) => self.val(
                "While",
                vec![("test", self.expr(&x.test)), ("body", self.body(&x.body)), ("orelse", self.body(&x.orelse))],
                r,
            ),
            Stmt::If(x) => self.if_chain(&x.test, &x.body, &x.elif_else_clauses, r),
            Stmt::With(x) => {
                let items = x
                    .items
                    .iter()
                    .map(|i| {
                        let f = vec![
                            ("context_expr", self.expr(&i.context_expr)),
                            ("optional_vars", self.opt_expr(i.optional_vars.as_deref())),
                        ];
                        AstValue::Node(Box::new(self.node("withitem", f, None)))
                    })
                    .collect();
                let f = vec![
                    ("items", AstValue::List(items)),
                    ("body", self.body(&x.body)),
                    ("type_comment", AstValue::None),
                ];
                self.val(if x.is_async { "AsyncWith" } else { "With" }, f, r)
            }
            Stmt::Match(x) => {
                let cases = x.cases.iter().map(|c| self.match_case(c)).collect();
                self.val("Match", vec![("subject", self.expr(&x.subject)), ("cases", AstValue::List(cases))], r)
            }
            Stmt::Raise(x) => self.val(
                "Raise",
                vec![("exc", self.opt_expr(x.exc.as_deref())), ("cause", self.opt_expr(x.cause.as_deref()))],
                r,
            ),
            Stmt::Try(x) => {
                let handlers = x.handlers.iter().map(|h| self.handler(h)).collect();
                let f = vec![
                    ("body", self.body(&x.body)),
                    ("handlers", AstValue::List(handlers)),
                    ("orelse", self.body(&x.orelse)),
                    ("finalbody", self.body(&x.finalbody)),
                ];
                self.val(if x.is_star { "TryStar" } else { "Try" }, f, r)
            }
            Stmt::Assert(x) => {
                self.val("Assert", vec![("test", self.expr(&x.test)), ("msg", self.opt_expr(x.msg.as_deref()))], r)
            }
            Stmt::Import(x) => self.val("Import", vec![("names", self.aliases(&x.names))], r),
            Stmt::ImportFrom(x) => self.val(
                "ImportFrom",
                vec![
                    ("module", self.opt_ident(x.module.as_ref())),
                    ("names", self.aliases(&x.names)),
                    ("level", AstValue::Int(x.level as i64)),
                ],
                r,
            ),
            Stmt::Global(x) => self.val("Global", vec![("names", self.names(&x.names))], r),
            Stmt::Nonlocal(x) => self.val("Nonlocal", vec![("names", self.names(&x.names))], r),
            Stmt::Expr(x) => self.val("Expr", vec![("value", self.expr(&x.value))], r),
            Stmt::Break(_) => self.val("Break", Vec::new(), r),
            Stmt::Continue(_) => self.val("Continue", Vec::new(), r),
            // `type X = ...` and IPython escapes never get here (they are parse errors for 3.11).
            Stmt::Pass(_) | Stmt::TypeAlias(_) | Stmt::IpyEscapeCommand(_) => self.val("Pass", Vec::new(), r),
        }
    }

    fn names(&self, ids: &[ast::Identifier]) -> AstValue {
        AstValue::List(ids.iter().map(|i| self.ident(i)).collect())
    }

    fn aliases(&self, names: &[ast::Alias]) -> AstValue {
        let v = names
            .iter()
            .map(|a| {
                self.val(
                    "alias",
                    vec![("name", self.ident(&a.name)), ("asname", self.opt_ident(a.asname.as_ref()))],
                    a.range,
                )
            })
            .collect();
        AstValue::List(v)
    }

    fn function_def(&self, f: &ast::StmtFunctionDef, r: TextRange) -> AstValue {
        let fields = vec![
            ("name", self.ident(&f.name)),
            ("args", self.arguments(Some(&f.parameters))),
            ("body", self.body(&f.body)),
            ("decorator_list", self.exprs(f.decorator_list.iter().map(|d| &d.expression))),
            ("returns", self.opt_expr(f.returns.as_deref())),
            ("type_comment", AstValue::None),
        ];
        let r = self.after_decorators(&f.decorator_list, r);
        self.val(if f.is_async { "AsyncFunctionDef" } else { "FunctionDef" }, fields, r)
    }

    fn class_def(&self, c: &ast::StmtClassDef, r: TextRange) -> AstValue {
        let (bases, keywords) = match c.arguments.as_deref() {
            Some(a) => (self.exprs(a.args.iter()), self.keywords(&a.keywords)),
            None => (AstValue::List(Vec::new()), AstValue::List(Vec::new())),
        };
        let fields = vec![
            ("name", self.ident(&c.name)),
            ("bases", bases),
            ("keywords", keywords),
            ("body", self.body(&c.body)),
            ("decorator_list", self.exprs(c.decorator_list.iter().map(|d| &d.expression))),
        ];
        self.val("ClassDef", fields, self.after_decorators(&c.decorator_list, r))
    }

    /// `if`/`elif`/`else` as CPython nests it: each `elif` is an `If` in the previous `orelse`,
    /// running from its keyword to the end of the whole chain.
    fn if_chain(&self, test: &Expr, body: &[Stmt], clauses: &[ast::ElifElseClause], r: TextRange) -> AstValue {
        let orelse = match clauses.split_first() {
            None => AstValue::List(Vec::new()),
            Some((c, _)) if c.test.is_none() => self.body(&c.body),
            Some((c, rest)) => {
                let cr = TextRange::new(c.range.start(), r.end());
                AstValue::List(vec![self.if_chain(c.test.as_ref().unwrap_or(test), &c.body, rest, cr)])
            }
        };
        self.val("If", vec![("test", self.expr(test)), ("body", self.body(body)), ("orelse", orelse)], r)
    }

    fn handler(&self, h: &ast::ExceptHandler) -> AstValue {
        let ast::ExceptHandler::ExceptHandler(h) = h;
        let f = vec![
            ("type", self.opt_expr(h.type_.as_deref())),
            ("name", self.opt_ident(h.name.as_ref())),
            ("body", self.body(&h.body)),
        ];
        self.val("ExceptHandler", f, self.block_end(h.range))
    }

    /// A `*args`/`**kwargs` parameter: CPython's `arg` starts at the name, after the stars.
    fn star_arg(&self, p: &ast::Parameter) -> AstValue {
        let f = vec![
            ("arg", self.ident(&p.name)),
            ("annotation", self.opt_expr(p.annotation.as_deref())),
            ("type_comment", AstValue::None),
        ];
        self.val("arg", f, TextRange::new(p.name.range.start(), p.range.end()))
    }

    fn arg(&self, p: &ast::Parameter) -> AstValue {
        let f = vec![
            ("arg", self.ident(&p.name)),
            ("annotation", self.opt_expr(p.annotation.as_deref())),
            ("type_comment", AstValue::None),
        ];
        self.val("arg", f, p.range)
    }

    fn arguments(&self, p: Option<&ast::Parameters>) -> AstValue {
        let empty = || AstValue::List(Vec::new());
        let Some(p) = p else {
            let f = vec![
                ("posonlyargs", empty()),
                ("args", empty()),
                ("vararg", AstValue::None),
                ("kwonlyargs", empty()),
                ("kw_defaults", empty()),
                ("kwarg", AstValue::None),
                ("defaults", empty()),
            ];
            return AstValue::Node(Box::new(self.node("arguments", f, None)));
        };
        let list =
            |ps: &[ast::ParameterWithDefault]| AstValue::List(ps.iter().map(|p| self.arg(&p.parameter)).collect());
        let defaults = p.posonlyargs.iter().chain(p.args.iter()).filter_map(|a| a.default.as_deref());
        let kw_defaults = p.kwonlyargs.iter().map(|a| self.opt_expr(a.default.as_deref())).collect();
        let f = vec![
            ("posonlyargs", list(&p.posonlyargs)),
            ("args", list(&p.args)),
            ("vararg", p.vararg.as_deref().map_or(AstValue::None, |a| self.star_arg(a))),
            ("kwonlyargs", list(&p.kwonlyargs)),
            ("kw_defaults", AstValue::List(kw_defaults)),
            ("kwarg", p.kwarg.as_deref().map_or(AstValue::None, |a| self.star_arg(a))),
            ("defaults", self.exprs(defaults)),
        ];
        AstValue::Node(Box::new(self.node("arguments", f, None)))
    }

    fn keywords(&self, kws: &[ast::Keyword]) -> AstValue {
        let v = kws
            .iter()
            .map(|k| {
                self.val(
                    "keyword",
                    vec![("arg", self.opt_ident(k.arg.as_ref())), ("value", self.expr(&k.value))],
                    k.range,
                )
            })
            .collect();
        AstValue::List(v)
    }

    fn comprehensions(&self, gens: &[ast::Comprehension]) -> AstValue {
        let v = gens
            .iter()
            .map(|g| {
                let f = vec![
                    ("target", self.expr(&g.target)),
                    ("iter", self.expr(&g.iter)),
                    ("ifs", self.exprs(&g.ifs)),
                    ("is_async", AstValue::Int(g.is_async as i64)),
                ];
                AstValue::Node(Box::new(self.node("comprehension", f, None)))
            })
            .collect();
        AstValue::List(v)
    }

    fn constant(&self, c: Constant, kind: Option<&str>, r: TextRange) -> AstValue {
        let kind = kind.map_or(AstValue::None, |k| AstValue::Const(Constant::Str(k.into())));
        self.val("Constant", vec![("value", AstValue::Const(c)), ("kind", kind)], r)
    }

    fn expr(&self, e: &Expr) -> AstValue {
        let r = e.range();
        match e {
            Expr::BoolOp(x) => {
                let op = self.single(if x.op == ast::BoolOp::And { "And" } else { "Or" });
                self.val("BoolOp", vec![("op", op), ("values", self.exprs(&x.values))], r)
            }
            Expr::Named(x) => {
                self.val("NamedExpr", vec![("target", self.expr(&x.target)), ("value", self.expr(&x.value))], r)
            }
            Expr::BinOp(x) => self.val(
                "BinOp",
                vec![("left", self.expr(&x.left)), ("op", self.operator(x.op)), ("right", self.expr(&x.right))],
                r,
            ),
            Expr::UnaryOp(x) => {
                let op = self.single(match x.op {
                    ast::UnaryOp::Invert => "Invert",
                    ast::UnaryOp::Not => "Not",
                    ast::UnaryOp::UAdd => "UAdd",
                    ast::UnaryOp::USub => "USub",
                });
                self.val("UnaryOp", vec![("op", op), ("operand", self.expr(&x.operand))], r)
            }
            Expr::Lambda(x) => self.val(
                "Lambda",
                vec![("args", self.arguments(x.parameters.as_deref())), ("body", self.expr(&x.body))],
                r,
            ),
            Expr::If(x) => self.val(
                "IfExp",
                vec![("test", self.expr(&x.test)), ("body", self.expr(&x.body)), ("orelse", self.expr(&x.orelse))],
                r,
            ),
            Expr::Dict(x) => {
                let keys = AstValue::List(x.items.iter().map(|i| self.opt_expr(i.key.as_ref())).collect());
                let values = self.exprs(x.items.iter().map(|i| &i.value));
                self.val("Dict", vec![("keys", keys), ("values", values)], r)
            }
            Expr::Set(x) => self.val("Set", vec![("elts", self.exprs(&x.elts))], r),
            Expr::ListComp(x) => self.val(
                "ListComp",
                vec![("elt", self.expr(&x.elt)), ("generators", self.comprehensions(&x.generators))],
                r,
            ),
            Expr::SetComp(x) => self.val(
                "SetComp",
                vec![("elt", self.expr(&x.elt)), ("generators", self.comprehensions(&x.generators))],
                r,
            ),
            Expr::DictComp(x) => self.val(
                "DictComp",
                vec![
                    ("key", self.opt_expr(x.key.as_deref())),
                    ("value", self.expr(&x.value)),
                    ("generators", self.comprehensions(&x.generators)),
                ],
                r,
            ),
            Expr::Generator(x) => self.generator(x, r),
            Expr::Await(x) => self.val("Await", vec![("value", self.expr(&x.value))], r),
            Expr::Yield(x) => self.val("Yield", vec![("value", self.opt_expr(x.value.as_deref()))], r),
            Expr::YieldFrom(x) => self.val("YieldFrom", vec![("value", self.expr(&x.value))], r),
            Expr::Compare(x) => {
                let ops = AstValue::List(x.ops.iter().map(|o| self.cmpop(*o)).collect());
                self.val(
                    "Compare",
                    vec![("left", self.expr(&x.left)), ("ops", ops), ("comparators", self.exprs(x.comparators.iter()))],
                    r,
                )
            }
            Expr::Call(x) => self.call(x, r),
            Expr::FString(x) => self.joined_str(x, r),
            Expr::StringLiteral(x) => {
                let kind = x.value.is_unicode().then_some("u");
                self.constant(Constant::Str(consts::string_value(&x.value).into()), kind, r)
            }
            Expr::BytesLiteral(x) => self.constant(Constant::Bytes(consts::bytes_value(&x.value).into()), None, r),
            Expr::NumberLiteral(x) => self.constant(consts::number(&x.value), None, r),
            Expr::BooleanLiteral(x) => self.constant(Constant::Bool(x.value), None, r),
            Expr::NoneLiteral(_) => self.constant(Constant::None, None, r),
            Expr::EllipsisLiteral(_) => self.constant(Constant::Ellipsis, None, r),
            Expr::Attribute(x) => self.val(
                "Attribute",
                vec![("value", self.expr(&x.value)), ("attr", self.ident(&x.attr)), ("ctx", self.ctx(x.ctx))],
                r,
            ),
            Expr::Subscript(x) => self.val(
                "Subscript",
                vec![("value", self.expr(&x.value)), ("slice", self.expr(&x.slice)), ("ctx", self.ctx(x.ctx))],
                r,
            ),
            Expr::Starred(x) => self.val("Starred", vec![("value", self.expr(&x.value)), ("ctx", self.ctx(x.ctx))], r),
            Expr::Name(x) => {
                self.val("Name", vec![("id", AstValue::Ident(x.id.as_str().into())), ("ctx", self.ctx(x.ctx))], r)
            }
            Expr::List(x) => self.val("List", vec![("elts", self.exprs(&x.elts)), ("ctx", self.ctx(x.ctx))], r),
            Expr::Tuple(x) => self.val("Tuple", vec![("elts", self.exprs(&x.elts)), ("ctx", self.ctx(x.ctx))], r),
            Expr::Slice(x) => self.val(
                "Slice",
                vec![
                    ("lower", self.opt_expr(x.lower.as_deref())),
                    ("upper", self.opt_expr(x.upper.as_deref())),
                    ("step", self.opt_expr(x.step.as_deref())),
                ],
                r,
            ),
            // t-strings and IPython escapes are parse errors for 3.11 and never get here.
            Expr::TString(_) | Expr::IpyEscapeCommand(_) => self.constant(Constant::None, None, r),
        }
    }

    fn generator(&self, x: &ast::ExprGenerator, r: TextRange) -> AstValue {
        self.val(
            "GeneratorExp",
            vec![("elt", self.expr(&x.elt)), ("generators", self.comprehensions(&x.generators))],
            r,
        )
    }

    fn call(&self, x: &ast::ExprCall, r: TextRange) -> AstValue {
        let a = &x.arguments;
        let args = a
            .args
            .iter()
            .map(|e| match e {
                // `f(x for x in y)`: the generator's parentheses are the call's.
                Expr::Generator(g) if !g.parenthesized => self.generator(g, a.range),
                e => self.expr(e),
            })
            .collect();
        let f = vec![
            ("func", self.expr(&x.func)),
            ("args", AstValue::List(args)),
            ("keywords", self.keywords(&a.keywords)),
        ];
        self.val("Call", f, r)
    }

    fn match_case(&self, c: &ast::MatchCase) -> AstValue {
        let f = vec![
            ("pattern", self.pattern(&c.pattern)),
            ("guard", self.opt_expr(c.guard.as_deref())),
            ("body", self.body(&c.body)),
        ];
        AstValue::Node(Box::new(self.node("match_case", f, None)))
    }

    fn patterns(&self, ps: &[Pattern]) -> AstValue {
        AstValue::List(ps.iter().map(|p| self.pattern(p)).collect())
    }

    fn pattern(&self, p: &Pattern) -> AstValue {
        let r = p.range();
        match p {
            Pattern::MatchValue(x) => self.val("MatchValue", vec![("value", self.expr(&x.value))], r),
            Pattern::MatchSingleton(x) => {
                let c = match x.value {
                    ast::Singleton::None => Constant::None,
                    ast::Singleton::True => Constant::Bool(true),
                    ast::Singleton::False => Constant::Bool(false),
                };
                self.val("MatchSingleton", vec![("value", AstValue::Const(c))], r)
            }
            Pattern::MatchSequence(x) => self.val("MatchSequence", vec![("patterns", self.patterns(&x.patterns))], r),
            Pattern::MatchMapping(x) => self.val(
                "MatchMapping",
                vec![
                    ("keys", self.exprs(x.keys.iter())),
                    ("patterns", self.patterns(&x.patterns)),
                    ("rest", self.opt_ident(x.rest.as_ref())),
                ],
                r,
            ),
            Pattern::MatchClass(x) => {
                let kw = &x.arguments.keywords;
                self.val(
                    "MatchClass",
                    vec![
                        ("cls", self.expr(&x.cls)),
                        ("patterns", self.patterns(&x.arguments.patterns)),
                        ("kwd_attrs", AstValue::List(kw.iter().map(|k| self.ident(&k.attr)).collect())),
                        ("kwd_patterns", AstValue::List(kw.iter().map(|k| self.pattern(&k.pattern)).collect())),
                    ],
                    r,
                )
            }
            Pattern::MatchStar(x) => self.val("MatchStar", vec![("name", self.opt_ident(x.name.as_ref()))], r),
            Pattern::MatchAs(x) => {
                let pat = x.pattern.as_deref().map_or(AstValue::None, |p| self.pattern(p));
                self.val("MatchAs", vec![("pattern", pat), ("name", self.opt_ident(x.name.as_ref()))], r)
            }
            Pattern::MatchOr(x) => self.val("MatchOr", vec![("patterns", self.patterns(&x.patterns))], r),
        }
    }

    /// An f-string (possibly implicitly concatenated with plain strings) as 3.11's `JoinedStr`.
    fn joined_str(&self, x: &ast::ExprFString, r: TextRange) -> AstValue {
        // A leading u-string makes every top-level constant `kind='u'`.
        let u = matches!(x.value.iter().next(), Some(ast::FStringPart::Literal(l)) if l.flags.prefix().is_unicode());
        let mut parts = FStringParts { values: Vec::new(), text: String::new(), kind: u.then_some("u") };
        for part in x.value.iter() {
            match part {
                ast::FStringPart::Literal(l) => parts.text.push_str(&l.value),
                ast::FStringPart::FString(f) => self.fstring_elements(&f.elements, r, f.range, &mut parts),
            }
        }
        parts.flush(self, r);
        self.val("JoinedStr", vec![("values", AstValue::List(parts.values))], r)
    }

    /// `r` positions the values of the whole string, `part` (the one f-string token holding these
    /// elements) a format spec and its values.
    fn fstring_elements(
        &self,
        elements: &[ast::InterpolatedStringElement],
        r: TextRange,
        part: TextRange,
        parts: &mut FStringParts,
    ) {
        for el in elements {
            match el {
                ast::InterpolatedStringElement::Literal(l) => parts.text.push_str(&l.value),
                ast::InterpolatedStringElement::Interpolation(i) => {
                    if let Some(d) = &i.debug_text {
                        parts.text.push_str(d.as_str());
                    }
                    parts.flush(self, r);
                    let spec = i.format_spec.as_deref().map_or(AstValue::None, |s| {
                        let mut inner = FStringParts { values: Vec::new(), text: String::new(), kind: None };
                        self.fstring_elements(&s.elements, part, part, &mut inner);
                        inner.flush(self, part);
                        self.val("JoinedStr", vec![("values", AstValue::List(inner.values))], part)
                    });
                    let mut conversion = i.conversion as i8 as i64;
                    if i.debug_text.is_some() && conversion == -1 && i.format_spec.is_none() {
                        conversion = b'r' as i64;
                    }
                    let mut value = self.expr(&i.expression);
                    if let (Expr::Tuple(t), AstValue::Node(n)) = (&*i.expression, &mut value) {
                        // 3.11 parses the text between `{` and its terminator as `(text)`: a bare
                        // tuple spans those two characters.
                        if !t.parenthesized {
                            let end = self.skip_blanks(t.range.end()) + TextSize::from(1);
                            n.pos = Some(self.pos(TextRange::new(i.range.start(), end)));
                        }
                    }
                    let f = vec![("value", value), ("conversion", AstValue::Int(conversion)), ("format_spec", spec)];
                    parts.values.push(self.val("FormattedValue", f, r));
                }
            }
        }
    }
}

/// The values of a `JoinedStr` being built, with the literal text not yet emitted.
struct FStringParts {
    values: Vec<AstValue>,
    text: String,
    kind: Option<&'static str>,
}

impl FStringParts {
    fn flush(&mut self, cv: &Converter, r: TextRange) {
        if !self.text.is_empty() {
            let s = std::mem::take(&mut self.text);
            self.values.push(cv.constant(Constant::Str(s.into()), self.kind, r));
        }
    }
}
