//! Constant stage (CPython's ast_opt.c, the part we need): turns literal AST nodes into
//! `Constant`s and folds what CPython folds before code generation — unary `-`/`+`/`~` on
//! numbers, `not` is left alone, tuples of constants, `__debug__`. Guarantees: folding never
//! changes the value or type an expression would have produced at run time.

use bytecode::Constant;
use num_bigint::BigInt;
use num_traits::{Num, ToPrimitive, Zero};
use ruff_python_ast::{self as ast, Expr, Number, UnaryOp};

/// The value of a string literal (implicitly concatenated parts joined).
pub fn string_value(v: &ast::StringLiteralValue) -> String {
    v.to_str().to_string()
}

pub fn bytes_value(v: &ast::BytesLiteralValue) -> Vec<u8> {
    v.iter().flat_map(|p| p.value.iter().copied()).collect()
}

/// An integer literal's token text (`0x_ff`, `1_000`, `0o7`, `0b1`) → int constant.
pub fn int_from_text(text: &str) -> Constant {
    let t: String = text.chars().filter(|&c| c != '_').collect();
    let lower = t.to_ascii_lowercase();
    let (digits, radix) = if let Some(r) = lower.strip_prefix("0x") {
        (r.to_string(), 16)
    } else if let Some(r) = lower.strip_prefix("0o") {
        (r.to_string(), 8)
    } else if let Some(r) = lower.strip_prefix("0b") {
        (r.to_string(), 2)
    } else {
        (lower, 10)
    };
    match BigInt::from_str_radix(&digits, radix) {
        Ok(b) => big_to_const(b),
        Err(_) => Constant::Int(0),
    }
}

pub fn big_to_const(b: BigInt) -> Constant {
    match b.to_i64() {
        Some(i) => Constant::Int(i),
        None => Constant::BigInt(b),
    }
}

pub fn number(n: &Number) -> Constant {
    match n {
        Number::Int(i) => match i.as_i64() {
            Some(v) => Constant::Int(v),
            None => int_from_text(&i.to_string()),
        },
        Number::Float(f) => Constant::Float(*f),
        Number::Complex { real, imag } => Constant::Complex { re: *real, im: *imag },
    }
}

/// A literal (not a folded expression): CPython's `Constant` AST node.
pub fn literal(e: &Expr, optimize: u8) -> Option<Constant> {
    Some(match e {
        Expr::NumberLiteral(n) => number(&n.value),
        Expr::StringLiteral(s) => Constant::Str(string_value(&s.value).as_str().into()),
        Expr::BytesLiteral(b) => Constant::Bytes(bytes_value(&b.value).into()),
        Expr::BooleanLiteral(b) => Constant::Bool(b.value),
        Expr::NoneLiteral(_) => Constant::None,
        Expr::EllipsisLiteral(_) => Constant::Ellipsis,
        Expr::Name(n) if n.id.as_str() == "__debug__" => Constant::Bool(optimize == 0),
        _ => return None,
    })
}

/// Is this expression statement a bare constant (dropped by CPython)?
pub fn is_constant_expr(e: &Expr) -> bool {
    matches!(
        e,
        Expr::NumberLiteral(_)
            | Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_)
    )
}

fn negate(c: &Constant) -> Option<Constant> {
    Some(match c {
        Constant::Int(i) => match i.checked_neg() {
            Some(v) => Constant::Int(v),
            None => Constant::BigInt(-BigInt::from(*i)),
        },
        Constant::BigInt(b) => big_to_const(-b.clone()),
        Constant::Float(f) => Constant::Float(-f),
        Constant::Complex { re, im } => Constant::Complex { re: -re, im: -im },
        Constant::Bool(b) => Constant::Int(-(*b as i64)),
        _ => return None,
    })
}

fn invert(c: &Constant) -> Option<Constant> {
    Some(match c {
        Constant::Int(i) => Constant::Int(!i),
        Constant::BigInt(b) => big_to_const(-b.clone() - 1),
        Constant::Bool(b) => Constant::Int(!(*b as i64)),
        _ => return None,
    })
}

fn positive(c: &Constant) -> Option<Constant> {
    Some(match c {
        Constant::Int(_) | Constant::BigInt(_) | Constant::Float(_) | Constant::Complex { .. } => c.clone(),
        Constant::Bool(b) => Constant::Int(*b as i64),
        _ => return None,
    })
}

/// Folds an expression to a constant where CPython's AST optimizer would.
pub fn fold(e: &Expr, optimize: u8) -> Option<Constant> {
    if let Some(c) = literal(e, optimize) {
        return Some(c);
    }
    match e {
        Expr::UnaryOp(u) => {
            let v = fold(&u.operand, optimize)?;
            match u.op {
                UnaryOp::USub => negate(&v),
                UnaryOp::UAdd => positive(&v),
                UnaryOp::Invert => invert(&v),
                UnaryOp::Not => None,
            }
        }
        Expr::Tuple(t) => {
            let mut out = Vec::with_capacity(t.elts.len());
            for x in &t.elts {
                if matches!(x, Expr::Starred(_)) {
                    return None;
                }
                out.push(fold(x, optimize)?);
            }
            Some(Constant::Tuple(out.into()))
        }
        _ => None,
    }
}

/// Truth value of a constant, for `if`/`while` on literals.
pub fn truthy(c: &Constant) -> bool {
    match c {
        Constant::None => false,
        Constant::Ellipsis => true,
        Constant::Bool(b) => *b,
        Constant::Int(i) => *i != 0,
        Constant::BigInt(b) => !b.is_zero(),
        Constant::Float(f) => *f != 0.0,
        Constant::Complex { re, im } => *re != 0.0 || *im != 0.0,
        Constant::Str(s) => !s.is_empty(),
        Constant::Bytes(b) => !b.is_empty(),
        Constant::Tuple(t) | Constant::FrozenSet(t) => !t.is_empty(),
        Constant::Code(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_literals() {
        assert_eq!(int_from_text("0x_ff"), Constant::Int(255));
        let c = int_from_text("0x_ffff_ffff_ffff_ffff_ff");
        assert!(matches!(c, Constant::BigInt(_)));
        assert_eq!(int_from_text("1_000"), Constant::Int(1000));
        assert_eq!(int_from_text("0b101"), Constant::Int(5));
        assert_eq!(int_from_text("0O17"), Constant::Int(15));
        assert_eq!(negate(&Constant::Int(i64::MIN)), Some(Constant::BigInt(-BigInt::from(i64::MIN))));
    }
}
