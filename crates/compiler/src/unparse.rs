//! Unparse stage for `from __future__ import annotations` (CPython's ast_unparse.c): turns an
//! annotation expression back into normalised source text. Guarantees: names, attributes,
//! subscripts, constants (as `repr`), calls, displays and operators come out exactly as
//! CPython 3.11 prints them; rarer forms fall back to the original source text.

use crate::consts;
use bytecode::Constant;
use ruff_python_ast::{self as ast, BoolOp, CmpOp, Expr, Operator, UnaryOp};
use ruff_text_size::Ranged;

const PR_TUPLE: u8 = 0;
const PR_TEST: u8 = 1;
const PR_OR: u8 = 2;
const PR_AND: u8 = 3;
const PR_NOT: u8 = 4;
const PR_CMP: u8 = 5;
const PR_EXPR: u8 = 6;
const PR_BOR: u8 = 6;
const PR_BXOR: u8 = 7;
const PR_BAND: u8 = 8;
const PR_SHIFT: u8 = 9;
const PR_ARITH: u8 = 10;
const PR_TERM: u8 = 11;
const PR_FACTOR: u8 = 12;
const PR_POWER: u8 = 13;
const PR_ATOM: u8 = 15;

pub fn unparse(e: &Expr, src: &str) -> String {
    let mut u = Unparser { src, out: String::new() };
    u.expr(e, PR_TEST);
    u.out
}

/// Python's `repr()` of a str.
pub fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (0x80..0xa0).contains(&(c as u32)) => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

fn repr_bytes(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') { b'"' } else { b'\'' };
    let mut out = String::from("b");
    out.push(quote as char);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote as char);
    out
}

fn repr_float(f: f64) -> String {
    if f.is_infinite() {
        // CPython unparses infinities as an overflowing literal.
        return if f > 0.0 { "1e309".into() } else { "-1e309".into() };
    }
    if f.is_nan() {
        return "nan".into();
    }
    let s = format!("{f:?}");
    match s.split_once('e') {
        Some((m, e)) if !e.starts_with('-') => format!("{m}e+{e}"),
        _ => s,
    }
}

pub fn repr_const(c: &Constant) -> String {
    match c {
        Constant::None => "None".into(),
        Constant::Ellipsis => "...".into(),
        Constant::Bool(b) => if *b { "True" } else { "False" }.into(),
        Constant::Int(i) => i.to_string(),
        Constant::BigInt(b) => b.to_string(),
        Constant::Float(f) => repr_float(*f),
        Constant::Complex { re, im } => {
            if *re == 0.0 && re.is_sign_positive() {
                format!("{}j", repr_float(*im).trim_end_matches(".0"))
            } else {
                format!("({}+{}j)", repr_float(*re), repr_float(*im))
            }
        }
        Constant::Str(s) => repr_str(s),
        Constant::Bytes(b) => repr_bytes(b),
        Constant::Tuple(t) => {
            let items: Vec<String> = t.iter().map(repr_const).collect();
            if items.len() == 1 {
                format!("({},)", items[0])
            } else {
                format!("({})", items.join(", "))
            }
        }
        Constant::FrozenSet(_) | Constant::Code(_) => "...".into(),
    }
}

struct Unparser<'s> {
    src: &'s str,
    out: String,
}

fn binop(op: Operator) -> (&'static str, u8) {
    match op {
        Operator::Add => ("+", PR_ARITH),
        Operator::Sub => ("-", PR_ARITH),
        Operator::Mult => ("*", PR_TERM),
        Operator::MatMult => ("@", PR_TERM),
        Operator::Div => ("/", PR_TERM),
        Operator::Mod => ("%", PR_TERM),
        Operator::FloorDiv => ("//", PR_TERM),
        Operator::Pow => ("**", PR_POWER),
        Operator::LShift => ("<<", PR_SHIFT),
        Operator::RShift => (">>", PR_SHIFT),
        Operator::BitOr => ("|", PR_BOR),
        Operator::BitXor => ("^", PR_BXOR),
        Operator::BitAnd => ("&", PR_BAND),
    }
}

fn cmpop(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "==",
        CmpOp::NotEq => "!=",
        CmpOp::Lt => "<",
        CmpOp::LtE => "<=",
        CmpOp::Gt => ">",
        CmpOp::GtE => ">=",
        CmpOp::Is => "is",
        CmpOp::IsNot => "is not",
        CmpOp::In => "in",
        CmpOp::NotIn => "not in",
    }
}

impl Unparser<'_> {
    fn paren_open(&mut self, need: bool) {
        if need {
            self.out.push('(');
        }
    }

    fn paren_close(&mut self, need: bool) {
        if need {
            self.out.push(')');
        }
    }

    fn seq(&mut self, es: &[Expr]) {
        for (i, e) in es.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.expr(e, PR_TEST);
        }
    }

    fn expr(&mut self, e: &Expr, level: u8) {
        if let Some(c) = consts::literal(e, 0).filter(|_| !matches!(e, Expr::Name(_))) {
            self.out.push_str(&repr_const(&c));
            return;
        }
        match e {
            Expr::Name(n) => self.out.push_str(&n.id),
            Expr::Attribute(a) => {
                self.expr(&a.value, PR_ATOM);
                if matches!(&*a.value, Expr::NumberLiteral(n) if matches!(n.value, ast::Number::Int(_))) {
                    self.out.push(' ');
                }
                self.out.push('.');
                self.out.push_str(&a.attr);
            }
            Expr::Subscript(s) => {
                self.expr(&s.value, PR_ATOM);
                self.out.push('[');
                match &*s.slice {
                    Expr::Tuple(t) if !t.elts.is_empty() => {
                        self.seq(&t.elts);
                        if t.elts.len() == 1 {
                            self.out.push(',');
                        }
                    }
                    other => self.expr(other, PR_TUPLE),
                }
                self.out.push(']');
            }
            Expr::Slice(s) => {
                if let Some(l) = &s.lower {
                    self.expr(l, PR_TEST);
                }
                self.out.push(':');
                if let Some(u) = &s.upper {
                    self.expr(u, PR_TEST);
                }
                if let Some(st) = &s.step {
                    self.out.push(':');
                    self.expr(st, PR_TEST);
                }
            }
            Expr::Tuple(t) => {
                let _ = PR_TUPLE;
                self.out.push('(');
                self.seq(&t.elts);
                if t.elts.len() == 1 {
                    self.out.push(',');
                }
                self.out.push(')');
            }
            Expr::List(l) => {
                self.out.push('[');
                self.seq(&l.elts);
                self.out.push(']');
            }
            Expr::Set(s) => {
                self.out.push('{');
                self.seq(&s.elts);
                self.out.push('}');
            }
            Expr::Dict(d) => {
                self.out.push('{');
                for (i, it) in d.items.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    match &it.key {
                        Some(k) => {
                            self.expr(k, PR_TEST);
                            self.out.push_str(": ");
                            self.expr(&it.value, PR_TEST);
                        }
                        None => {
                            self.out.push_str("**");
                            self.expr(&it.value, PR_EXPR);
                        }
                    }
                }
                self.out.push('}');
            }
            Expr::Call(c) => {
                self.expr(&c.func, PR_ATOM);
                self.out.push('(');
                let mut first = true;
                for a in c.arguments.args.iter() {
                    if !first {
                        self.out.push_str(", ");
                    }
                    first = false;
                    self.expr(a, PR_TEST);
                }
                for k in c.arguments.keywords.iter() {
                    if !first {
                        self.out.push_str(", ");
                    }
                    first = false;
                    match &k.arg {
                        Some(n) => {
                            self.out.push_str(n);
                            self.out.push('=');
                        }
                        None => self.out.push_str("**"),
                    }
                    self.expr(&k.value, PR_TEST);
                }
                self.out.push(')');
            }
            Expr::Starred(s) => {
                self.out.push('*');
                self.expr(&s.value, PR_EXPR);
            }
            Expr::BinOp(b) => {
                let (sym, pr) = binop(b.op);
                let need = level > pr;
                self.paren_open(need);
                let (l, r) = if b.op == Operator::Pow { (pr + 1, pr) } else { (pr, pr + 1) };
                self.expr(&b.left, l);
                self.out.push(' ');
                self.out.push_str(sym);
                self.out.push(' ');
                self.expr(&b.right, r);
                self.paren_close(need);
            }
            Expr::UnaryOp(u) => {
                let (sym, pr) = match u.op {
                    UnaryOp::Not => ("not ", PR_NOT),
                    UnaryOp::Invert => ("~", PR_FACTOR),
                    UnaryOp::UAdd => ("+", PR_FACTOR),
                    UnaryOp::USub => ("-", PR_FACTOR),
                };
                let need = level > pr;
                self.paren_open(need);
                self.out.push_str(sym);
                self.expr(&u.operand, pr);
                self.paren_close(need);
            }
            Expr::BoolOp(b) => {
                let (sym, pr) = if b.op == BoolOp::And { (" and ", PR_AND) } else { (" or ", PR_OR) };
                let need = level > pr;
                self.paren_open(need);
                for (i, v) in b.values.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(sym);
                    }
                    self.expr(v, pr + 1);
                }
                self.paren_close(need);
            }
            Expr::Compare(c) => {
                let need = level > PR_CMP;
                self.paren_open(need);
                self.expr(&c.left, PR_CMP + 1);
                for (op, r) in c.ops.iter().zip(c.comparators.iter()) {
                    self.out.push(' ');
                    self.out.push_str(cmpop(*op));
                    self.out.push(' ');
                    self.expr(r, PR_CMP + 1);
                }
                self.paren_close(need);
            }
            Expr::If(i) => {
                let need = level > PR_TEST;
                self.paren_open(need);
                self.expr(&i.body, PR_TEST + 1);
                self.out.push_str(" if ");
                self.expr(&i.test, PR_TEST + 1);
                self.out.push_str(" else ");
                self.expr(&i.orelse, PR_TEST);
                self.paren_close(need);
            }
            other => {
                // Rare in annotations: keep the source text, parenthesised when nested.
                let need =
                    level > PR_TEST && !matches!(other, Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_));
                self.paren_open(need);
                self.out.push_str(&self.src[other.range()]);
                self.paren_close(need);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ruff_python_parser::{parse_unchecked, Mode, ParseOptions};

    /// Expected strings are `__annotations__` values printed by CPython 3.11.7 under
    /// `from __future__ import annotations`.
    #[test]
    fn matches_cpython() {
        let cases = [
            ("List[int]", "List[int]"),
            ("'Foo'", "'Foo'"),
            ("Dict[str, int]", "Dict[str, int]"),
            ("int | None", "int | None"),
            ("Callable[[int], str]", "Callable[[int], str]"),
            ("Tuple[int, ...]", "Tuple[int, ...]"),
            ("a.b.c[1:2]", "a.b.c[1:2]"),
            ("-1", "-1"),
            ("(1, 2)", "(1, 2)"),
            ("[int, str]", "[int, str]"),
            ("f(x, y=2)", "f(x, y=2)"),
            ("not x", "not x"),
            ("x if y else z", "x if y else z"),
            ("{'a': 1}", "{'a': 1}"),
            ("{1, 2}", "{1, 2}"),
            ("a and b or c", "a and b or c"),
            ("a < b <= c", "a < b <= c"),
            ("~x ** 2", "~x ** 2"),
            ("(a + b) * c", "(a + b) * c"),
            ("1.5e10", "15000000000.0"),
            ("b'x'", "b'x'"),
            ("...", "..."),
            ("None", "None"),
            ("\"it's\"", "\"it's\""),
            ("'a\"b'", "'a\"b'"),
            ("x[a, b]", "x[a, b]"),
            ("x[(a, b)]", "x[a, b]"),
            ("1j", "1j"),
        ];
        for (src, want) in cases {
            let p = parse_unchecked(src, ParseOptions::from(Mode::Expression));
            let ruff_python_ast::Mod::Expression(e) = p.syntax() else { panic!() };
            assert_eq!(unparse(&e.body, src), want, "{src}");
        }
    }
}
