//! VM stage: the `complex` type — construction (numbers and strings), CPython's repr rules,
//! arithmetic with ints and floats on either side, `abs`, `**`, comparisons for equality and
//! the hash that makes `hash(1+0j) == hash(1)`.

use crate::func::{Args, MethodDef};
use crate::objects::int::int_view;
use crate::value::{Object, Payload, Value};
use crate::vm::{PyResult, Vm};
use bytecode::opcode::*;
use num_traits::ToPrimitive;

/// The complex value of an int, float or complex operand.
fn as_complex(v: &Value) -> Option<(f64, f64)> {
    match v {
        Value::Int(i) => Some((*i as f64, 0.0)),
        Value::Bool(b) => Some((*b as i64 as f64, 0.0)),
        Value::Float(f) => Some((*f, 0.0)),
        Value::Obj(o) => match &o.payload {
            Payload::Complex(r, i) => Some((*r, *i)),
            Payload::Float(f) => Some((*f, 0.0)),
            Payload::Int(b) => Some((b.to_f64().unwrap_or(f64::INFINITY), 0.0)),
            _ => None,
        },
        _ => None,
    }
}

pub fn new_complex(vm: &Vm, re: f64, im: f64) -> Value {
    Value::Obj(Object::new(vm.types.complex.clone(), Payload::Complex(re, im)))
}

/// A float as CPython's complex repr shows its parts: repr digits without a forced `.0`.
fn part_repr(f: f64) -> String {
    let s = crate::format::float_repr(f);
    match s.strip_suffix(".0") {
        Some(t) if !s.contains('e') => t.to_string(),
        _ => s,
    }
}

pub fn complex_repr(re: f64, im: f64) -> String {
    if re == 0.0 && re.is_sign_positive() {
        return format!("{}j", part_repr(im));
    }
    // As CPython's float formatting, a NaN's sign is never shown.
    let sign = if im.is_sign_negative() && !im.is_nan() { "-" } else { "+" };
    let imag = if im.is_nan() { "nan".to_string() } else { part_repr(im.abs()) };
    format!("({}{}{}j)", part_repr(re), sign, imag)
}

fn c_div(vm: &Vm, (a, b): (f64, f64), (c, d): (f64, f64)) -> PyResult<(f64, f64)> {
    if c == 0.0 && d == 0.0 {
        return Err(vm.new_zero_division_error("complex division by zero"));
    }
    // Smith's algorithm, as CPython's _Py_c_quot.
    if c.abs() >= d.abs() {
        let ratio = d / c;
        let denom = c + d * ratio;
        Ok(((a + b * ratio) / denom, (b - a * ratio) / denom))
    } else {
        let ratio = c / d;
        let denom = c * ratio + d;
        Ok(((a * ratio + b) / denom, (b * ratio - a) / denom))
    }
}

fn c_pow(vm: &Vm, (a, b): (f64, f64), (c, d): (f64, f64)) -> PyResult<(f64, f64)> {
    if c == 0.0 && d == 0.0 {
        return Ok((1.0, 0.0));
    }
    if a == 0.0 && b == 0.0 {
        if d != 0.0 || c < 0.0 {
            return Err(vm.new_zero_division_error("0.0 to a negative or complex power"));
        }
        return Ok((0.0, 0.0));
    }
    // Small integer exponents by repeated multiplication (as CPython's c_powi).
    if d == 0.0 && c == c.trunc() && c.abs() <= 100.0 {
        let n = c as i64;
        let mut result = (1.0, 0.0);
        let mut base = (a, b);
        let mut e = n.unsigned_abs();
        while e > 0 {
            if e & 1 == 1 {
                result = (result.0 * base.0 - result.1 * base.1, result.0 * base.1 + result.1 * base.0);
            }
            base = (base.0 * base.0 - base.1 * base.1, 2.0 * base.0 * base.1);
            e >>= 1;
        }
        return if n < 0 { c_div(vm, (1.0, 0.0), result) } else { Ok(result) };
    }
    let vabs = a.hypot(b);
    let mut len = vabs.powf(c);
    let at = b.atan2(a);
    let mut phase = at * c;
    if d != 0.0 {
        len /= (at * d).exp();
        phase += d * vabs.ln();
    }
    Ok((len * phase.cos(), len * phase.sin()))
}

/// Complex arithmetic for `BINARY_OP` and the dunder methods; `None` when an operand is not
/// a number.
pub fn complex_op(vm: &mut Vm, x: &Value, y: &Value, op: u32) -> PyResult<Option<Value>> {
    let (Some(p), Some(q)) = (as_complex(x), as_complex(y)) else { return Ok(None) };
    let r = match op {
        NB_ADD => (p.0 + q.0, p.1 + q.1),
        NB_SUBTRACT => (p.0 - q.0, p.1 - q.1),
        NB_MULTIPLY => (p.0 * q.0 - p.1 * q.1, p.0 * q.1 + p.1 * q.0),
        NB_TRUE_DIVIDE => c_div(vm, p, q)?,
        NB_POWER => c_pow(vm, p, q)?,
        NB_FLOOR_DIVIDE | NB_REMAINDER => {
            let name = if op == NB_FLOOR_DIVIDE { "//" } else { "%" };
            return Err(vm.new_type_error(format!(
                "unsupported operand type(s) for {}: '{}' and '{}'",
                name,
                vm.type_name(x),
                vm.type_name(y)
            )));
        }
        _ => return Ok(None),
    };
    Ok(Some(new_complex(vm, r.0, r.1)))
}

fn binop(vm: &mut Vm, args: Args, op: u32, reflected: bool) -> PyResult<Value> {
    if let [x, y, m] = args.pos() {
        // `complex.__pow__(self, exp, mod)`: operands first, then the modulus is refused.
        if m.is_none() {
            return binop(vm, Args::new(&[x.clone(), y.clone()]), op, reflected);
        }
        if as_complex(x).is_none() || as_complex(y).is_none() {
            return Ok(vm.not_implemented());
        }
        return Err(vm.new_value_error("complex modulo"));
    }
    let a = args.exact(vm, "op", 2)?;
    let (x, y) = if reflected { (&a[1], &a[0]) } else { (&a[0], &a[1]) };
    Ok(complex_op(vm, x, y, op)?.unwrap_or_else(|| vm.not_implemented()))
}

macro_rules! ops {
    ($( ($name:literal, $rname:literal, $op:expr, $f:ident, $rf:ident) ),*) => {
        $(
            fn $f(vm: &mut Vm, args: Args) -> PyResult<Value> { binop(vm, args, $op, false) }
            fn $rf(vm: &mut Vm, args: Args) -> PyResult<Value> { binop(vm, args, $op, true) }
        )*
        const COMPLEX_OPS: &[MethodDef] = &[ $( ($name, $f, ""), ($rname, $rf, ""), )* ];
    };
}

ops!(
    ("__add__", "__radd__", NB_ADD, c_add, c_radd),
    ("__sub__", "__rsub__", NB_SUBTRACT, c_sub, c_rsub),
    ("__mul__", "__rmul__", NB_MULTIPLY, c_mul, c_rmul),
    ("__truediv__", "__rtruediv__", NB_TRUE_DIVIDE, c_truediv, c_rtruediv),
    ("__pow__", "__rpow__", NB_POWER, c_pow_m, c_rpow_m),
    ("__floordiv__", "__rfloordiv__", NB_FLOOR_DIVIDE, c_floordiv, c_rfloordiv),
    ("__mod__", "__rmod__", NB_REMAINDER, c_mod, c_rmod)
);

fn this(v: &Value) -> (f64, f64) {
    as_complex(v).unwrap_or((0.0, 0.0))
}

fn c_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (r, i) = this(&args.args[0]);
    Ok(vm.new_str(complex_repr(r, i)))
}

fn c_hash(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (r, i) = this(&args.args[0]);
    Ok(Value::Int(crate::hash::hash_complex(r, i).unwrap_or(0)))
}

fn c_eq_ne(vm: &mut Vm, args: Args, ne: bool) -> PyResult<Value> {
    let a = args.wrapper(vm, "__eq__", 1)?;
    match as_complex(&a[1]) {
        Some(q) => {
            let p = this(&a[0]);
            let eq = if let (Some(iv), true) = (int_view(&a[1]), p.1 == 0.0) {
                // Exact comparison with big ints, as float == int.
                let x = iv.to_big();
                p.0.is_finite() && p.0 == p.0.trunc() && num_bigint::BigInt::from(p.0 as i128) == x
                    || (x.to_f64() == Some(p.0) && x.bits() < 53)
            } else {
                p == q
            };
            Ok(Value::Bool(eq != ne))
        }
        None => Ok(vm.not_implemented()),
    }
}
fn c_eq(vm: &mut Vm, a: Args) -> PyResult<Value> {
    c_eq_ne(vm, a, false)
}
fn c_ne(vm: &mut Vm, a: Args) -> PyResult<Value> {
    c_eq_ne(vm, a, true)
}

fn c_abs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (r, i) = this(&args.args[0]);
    let m = r.hypot(i);
    if m.is_infinite() && r.is_finite() && i.is_finite() {
        return Err(vm.new_overflow_error("absolute value too large"));
    }
    Ok(Value::Float(m))
}
fn c_neg(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (r, i) = this(&args.args[0]);
    Ok(new_complex(vm, -r, -i))
}
fn c_pos(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (r, i) = this(&args.args[0]);
    Ok(new_complex(vm, r, i))
}
fn c_bool(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (r, i) = this(&args.args[0]);
    Ok(Value::Bool(r != 0.0 || i != 0.0))
}
fn c_conjugate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "conjugate")?;
    let (r, i) = this(&args.args[0]);
    Ok(new_complex(vm, r, -i))
}
fn c_real(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Float(this(&args.args[0]).0))
}
fn c_imag(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Float(this(&args.args[0]).1))
}
fn c_format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "__format__")?;
    crate::objects::core::check_format_spec(vm, &a[1])?;
    if a[1].as_str().map(|s| s.char_len() == 0).unwrap_or(true) {
        return vm.str(&a[0]);
    }
    Err(vm.new_not_implemented_error("format specs for complex numbers are not supported yet"))
}

/// Parses CPython's complex literal forms: `1+2j`, `-3j`, `(1-2J)`, `inf`, with whitespace.
fn parse_complex(s: &str) -> Option<(f64, f64)> {
    let t = s.trim();
    let t = t.strip_prefix('(').and_then(|x| x.strip_suffix(')')).map(|x| x.trim()).unwrap_or(t);
    if t.is_empty() || t.contains(' ') {
        return None;
    }
    let num = |x: &str| -> Option<f64> {
        let l = x.to_ascii_lowercase();
        match l.trim_start_matches(['+', '-']) {
            "inf" | "infinity" | "nan" => l.parse::<f64>().ok().or_else(|| {
                if l.starts_with('-') {
                    Some(-f64::INFINITY)
                } else {
                    Some(f64::INFINITY)
                }
            }),
            body if !body.is_empty() && body.chars().all(|c| c.is_ascii_digit() || "._e+-".contains(c)) => {
                x.replace('_', "").parse::<f64>().ok()
            }
            _ => None,
        }
    };
    if let Some(body) = t.strip_suffix(['j', 'J']) {
        // Find the split between real and imaginary parts: the last sign not after an 'e'.
        let bytes = body.as_bytes();
        let mut split = None;
        for i in (1..bytes.len()).rev() {
            if (bytes[i] == b'+' || bytes[i] == b'-') && !matches!(bytes[i - 1], b'e' | b'E') {
                split = Some(i);
                break;
            }
        }
        let imag_of = |x: &str| -> Option<f64> {
            match x {
                "" | "+" => Some(1.0),
                "-" => Some(-1.0),
                _ => num(x),
            }
        };
        return match split {
            Some(i) => Some((num(&body[..i])?, imag_of(&body[i..])?)),
            None => Some((0.0, imag_of(body)?)),
        };
    }
    Some((num(t)?, 0.0))
}

fn c_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = args.args[0].as_obj().cloned().unwrap();
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    let [real, imag] = rest.bind(vm, "complex", ["real", "imag"], 0)?;
    let (mut re, mut im) = (0.0, 0.0);
    if let Some(r) = &real {
        if let Some(Payload::Str(s)) = r.payload() {
            if imag.is_some() {
                return Err(vm.new_type_error("complex() can't take second arg if first is a string"));
            }
            let (a, b) =
                parse_complex(s.as_str()).ok_or_else(|| vm.new_value_error("complex() arg is a malformed string"))?;
            return Ok(Value::Obj(Object::new(cls, Payload::Complex(a, b))));
        }
        let (a, b) = match as_complex(r) {
            Some(c) => c,
            None => match vm.call_special(r, "__complex__", &[])? {
                Some(c) => match c.payload() {
                    Some(Payload::Complex(re, im)) => (*re, *im),
                    _ => {
                        return Err(
                            vm.new_type_error(format!("__complex__ returned non-complex (type {})", vm.type_name(&c)))
                        )
                    }
                },
                None => (
                    vm.float_of(r).map_err(|_| {
                        vm.new_type_error(format!(
                            "complex() first argument must be a string or a number, not '{}'",
                            vm.type_name(r)
                        ))
                    })?,
                    0.0,
                ),
            },
        };
        re = a;
        im = b;
    }
    if let Some(i) = &imag {
        if let Some(Payload::Str(_)) = i.payload() {
            return Err(vm.new_type_error("complex() second arg can't be a string"));
        }
        let (a, b) = as_complex(i).ok_or_else(|| {
            vm.new_type_error(format!("complex() second argument must be a number, not '{}'", vm.type_name(i)))
        })?;
        // As complex_new: the imaginary argument's real part is the result's imaginary part
        // (added to the first argument's only when that one was complex).
        let real_was_complex = real.as_ref().is_some_and(|r| matches!(r.payload(), Some(Payload::Complex(..))));
        re -= b;
        im = if real_was_complex { im + a } else { a };
    }
    Ok(Value::Obj(Object::new(cls, Payload::Complex(re, im))))
}

pub fn init(vm: &mut Vm) {
    let t = vm.types.complex.clone();
    vm.add_methods(&t, COMPLEX_OPS);
    vm.add_methods(
        &t,
        &[
            ("__repr__", c_repr, ""),
            ("__hash__", c_hash, ""),
            ("__eq__", c_eq, ""),
            ("__ne__", c_ne, ""),
            ("__abs__", c_abs, ""),
            ("__neg__", c_neg, ""),
            ("__pos__", c_pos, ""),
            ("__bool__", c_bool, ""),
            ("__format__", c_format, ""),
            ("conjugate", c_conjugate, "Return the complex conjugate of its argument."),
        ],
    );
    vm.add_static(&t, "__new__", c_new);
    vm.add_member(&t, "real", c_real, None);
    vm.add_member(&t, "imag", c_imag, None);
}
