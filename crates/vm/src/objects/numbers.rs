//! VM stage: the `int`, `bool`, `float` and `complex` types as seen from Python: constructors
//! with CPython's parsing rules and messages, the arithmetic special methods (so subclasses
//! and explicit `x.__add__(y)` calls work), comparisons, hashing and repr.

use crate::func::{Args, MethodDef};
use crate::objects::int::{float_divmod, float_op, int_op, int_view, IntView};
use crate::value::{Object, Payload, Value};
use crate::vm::{PyResult, Vm};
use bytecode::opcode::*;
use num_bigint::BigInt;
use num_traits::{Num, Signed, ToPrimitive, Zero};

fn num_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Float(f) => Some(*f),
        Value::Int(i) => Some(*i as f64),
        Value::Bool(b) => Some(*b as i64 as f64),
        Value::Obj(o) => match &o.payload {
            Payload::Float(f) => Some(*f),
            Payload::Int(i) => i.to_f64(),
            _ => None,
        },
        _ => None,
    }
}

fn is_float(v: &Value) -> bool {
    matches!(v, Value::Float(_)) || matches!(v.payload(), Some(Payload::Float(_)))
}

/// `int.__op__(self, other)` / `__rop__` for any int-like pair.
fn int_binary(vm: &mut Vm, args: Args, op: u32, reflected: bool) -> PyResult<Value> {
    if let [x, y, m] = args.pos() {
        // `int.__pow__(self, exp, mod)` / `__rpow__(self, base, mod)`.
        let (x, y) = if reflected { (y, x) } else { (x, y) };
        if m.is_none() {
            return int_binary(vm, Args::new(&[x.clone(), y.clone()]), op, false);
        }
        if int_view(x).is_none() || int_view(y).is_none() || int_view(m).is_none() {
            return Ok(vm.not_implemented());
        }
        let pow = vm.builtin("pow").ok_or_else(|| vm.new_runtime_error("pow() is missing"))?;
        return vm.call(&pow, Args::new(&[x.clone(), y.clone(), m.clone()]));
    }
    let a = args.exact(vm, "op", 2)?;
    let (x, y) = if reflected { (&a[1], &a[0]) } else { (&a[0], &a[1]) };
    match (int_view(x), int_view(y)) {
        (Some(xv), Some(yv)) => Ok(int_op(vm, &xv, &yv, op)?.unwrap_or_else(|| vm.not_implemented())),
        _ => Ok(vm.not_implemented()),
    }
}

fn float_binary(vm: &mut Vm, args: Args, op: u32, reflected: bool) -> PyResult<Value> {
    if let [x, y, m] = args.pos() {
        // `float.__pow__(self, exp, mod)`: a modulus is refused before anything else.
        if !m.is_none() {
            return Err(vm.new_type_error("pow() 3rd argument not allowed unless all arguments are integers"));
        }
        return float_binary(vm, Args::new(&[x.clone(), y.clone()]), op, reflected);
    }
    let a = args.exact(vm, "op", 2)?;
    let (x, y) = if reflected { (&a[1], &a[0]) } else { (&a[0], &a[1]) };
    match (num_f64(x), num_f64(y)) {
        (Some(fx), Some(fy)) if is_float(x) || is_float(y) => {
            Ok(float_op(vm, fx, fy, op)?.unwrap_or_else(|| vm.not_implemented()))
        }
        _ => Ok(vm.not_implemented()),
    }
}

macro_rules! num_ops {
    ($kind:ident, $fnname:ident: $( ($name:literal, $rname:literal, $op:expr, $f:ident, $rf:ident) ),* ) => {
        $(
            fn $f(vm: &mut Vm, args: Args) -> PyResult<Value> { $fnname(vm, args, $op, false) }
            fn $rf(vm: &mut Vm, args: Args) -> PyResult<Value> { $fnname(vm, args, $op, true) }
        )*
        pub const $kind: &[MethodDef] = &[ $( ($name, $f, ""), ($rname, $rf, ""), )* ];
    };
}

num_ops!(INT_OPS, int_binary:
    ("__add__", "__radd__", NB_ADD, int_add, int_radd),
    ("__sub__", "__rsub__", NB_SUBTRACT, int_sub, int_rsub),
    ("__mul__", "__rmul__", NB_MULTIPLY, int_mul, int_rmul),
    ("__floordiv__", "__rfloordiv__", NB_FLOOR_DIVIDE, int_floordiv, int_rfloordiv),
    ("__truediv__", "__rtruediv__", NB_TRUE_DIVIDE, int_truediv, int_rtruediv),
    ("__mod__", "__rmod__", NB_REMAINDER, int_mod, int_rmod),
    ("__pow__", "__rpow__", NB_POWER, int_pow, int_rpow),
    ("__lshift__", "__rlshift__", NB_LSHIFT, int_lshift, int_rlshift),
    ("__rshift__", "__rrshift__", NB_RSHIFT, int_rshift, int_rrshift),
    ("__and__", "__rand__", NB_AND, int_and, int_rand),
    ("__or__", "__ror__", NB_OR, int_or, int_ror),
    ("__xor__", "__rxor__", NB_XOR, int_xor, int_rxor)
);

num_ops!(FLOAT_OPS, float_binary:
    ("__add__", "__radd__", NB_ADD, float_add, float_radd),
    ("__sub__", "__rsub__", NB_SUBTRACT, float_sub, float_rsub),
    ("__mul__", "__rmul__", NB_MULTIPLY, float_mul, float_rmul),
    ("__floordiv__", "__rfloordiv__", NB_FLOOR_DIVIDE, float_floordiv, float_rfloordiv),
    ("__truediv__", "__rtruediv__", NB_TRUE_DIVIDE, float_truediv, float_rtruediv),
    ("__mod__", "__rmod__", NB_REMAINDER, float_mod, float_rmod),
    ("__pow__", "__rpow__", NB_POWER, float_pow, float_rpow)
);

fn num_compare(vm: &mut Vm, args: Args, op: u32) -> PyResult<Value> {
    let a = args.exact(vm, "cmp", 2)?;
    if let (Some(x), Some(y)) = (int_view(&a[0]), int_view(&a[1])) {
        let o = match (x, y) {
            (IntView::Small(p), IntView::Small(q)) => p.cmp(&q),
            (x, y) => x.to_big().cmp(&y.to_big()),
        };
        return Ok(Value::Bool(crate::ops::compare_ord(o, op)));
    }
    match (num_f64(&a[0]), num_f64(&a[1])) {
        (Some(_), Some(_)) => {
            // Exact comparison of int and float as CPython's float_richcompare.
            let o = exact_num_cmp(&a[0], &a[1]);
            Ok(Value::Bool(match o {
                Some(o) => crate::ops::compare_ord(o, op),
                None => op == 3,
            }))
        }
        _ => Ok(vm.not_implemented()),
    }
}

/// Compares two real numbers exactly (ints are not rounded to float); `None` for NaN.
fn exact_num_cmp(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (int_view(a), int_view(b)) {
        (Some(x), None) => {
            let f = num_f64(b)?;
            float_int_cmp(f, &x.to_big()).map(|o| o.reverse())
        }
        (None, Some(y)) => {
            let f = num_f64(a)?;
            float_int_cmp(f, &y.to_big())
        }
        _ => num_f64(a)?.partial_cmp(&num_f64(b)?),
    }
}

fn float_int_cmp(f: f64, i: &BigInt) -> Option<std::cmp::Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 { std::cmp::Ordering::Greater } else { std::cmp::Ordering::Less });
    }
    let fl = f.floor();
    let fb = BigInt::from_f64_exact(fl);
    match fb.cmp(i) {
        std::cmp::Ordering::Equal => Some(if f > fl { std::cmp::Ordering::Greater } else { std::cmp::Ordering::Equal }),
        o => Some(o),
    }
}

trait FromF64Exact {
    fn from_f64_exact(f: f64) -> BigInt;
}
impl FromF64Exact for BigInt {
    fn from_f64_exact(f: f64) -> BigInt {
        num_traits::FromPrimitive::from_f64(f).unwrap_or_default()
    }
}

fn num_lt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    num_compare(vm, a, 0)
}
fn num_le(vm: &mut Vm, a: Args) -> PyResult<Value> {
    num_compare(vm, a, 1)
}
fn num_eq(vm: &mut Vm, a: Args) -> PyResult<Value> {
    num_compare(vm, a, 2)
}
fn num_ne(vm: &mut Vm, a: Args) -> PyResult<Value> {
    num_compare(vm, a, 3)
}
fn num_gt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    num_compare(vm, a, 4)
}
fn num_ge(vm: &mut Vm, a: Args) -> PyResult<Value> {
    num_compare(vm, a, 5)
}

fn int_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match &args.args[0] {
        Value::Bool(b) => Ok(vm.new_str(if *b { "True" } else { "False" })),
        v => match int_view(v) {
            Some(IntView::Small(i)) => Ok(vm.new_str(i.to_string())),
            Some(IntView::Big(b)) => {
                let s = b.to_string();
                let limit = vm.int_max_str_digits;
                if limit > 0 && s.len() > limit + b.is_negative() as usize {
                    return Err(vm.new_value_error(format!("Exceeds the limit ({limit} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit")));
                }
                Ok(vm.new_str(s))
            }
            None => Err(vm.new_type_error("descriptor '__repr__' requires a 'int' object")),
        },
    }
}

fn int_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let _ = vm;
    Ok(Value::Int(match int_view(&args.args[0]) {
        Some(IntView::Small(i)) => crate::hash::hash_i64(i),
        Some(IntView::Big(b)) => crate::hash::hash_bigint(b),
        None => 0,
    }))
}

fn int_bool(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let _ = vm;
    Ok(Value::Bool(match int_view(&args.args[0]) {
        Some(IntView::Small(i)) => i != 0,
        Some(IntView::Big(b)) => !b.is_zero(),
        None => false,
    }))
}

fn int_neg(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = int_view(&args.args[0]).unwrap().to_big();
    Ok(vm.new_bigint(-v))
}
/// `int.__trunc__`, `__floor__`, `__ceil__`: methods (`METH_NOARGS`) returning the int itself.
fn int_trunc(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "__trunc__")?;
    int_pos(vm, args)
}
fn int_floor(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "__floor__")?;
    int_pos(vm, args)
}
fn int_ceil(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "__ceil__")?;
    int_pos(vm, args)
}
fn int_pos(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = int_view(&args.args[0]).unwrap().to_big();
    Ok(vm.new_bigint(v))
}
fn int_invert(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = int_view(&args.args[0]).unwrap().to_big();
    Ok(vm.new_bigint(-v - 1))
}
fn int_abs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = int_view(&args.args[0]).unwrap().to_big();
    Ok(vm.new_bigint(v.abs()))
}
fn int_index(vm: &mut Vm, args: Args) -> PyResult<Value> {
    int_pos(vm, args)
}
fn int_float(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = int_view(&args.args[0]).unwrap().to_big();
    Ok(Value::Float(crate::objects::int::bigint_to_f64(vm, &v)?))
}

fn int_format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "__format__")?;
    crate::objects::core::check_format_spec(vm, &a[1])?;
    let spec = a[1].as_str().map(|s| s.as_str().to_string()).unwrap_or_default();
    crate::format::format_spec(vm, &a[0], &spec)
}

fn int_divmod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__divmod__", 1)?;
    let q = vm.binary_op(&a[0], &a[1], NB_FLOOR_DIVIDE)?;
    let r = vm.binary_op(&a[0], &a[1], NB_REMAINDER)?;
    Ok(vm.new_tuple(vec![q, r]))
}

fn int_getnewargs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "__getnewargs__")?;
    let v = int_pos(vm, args)?;
    Ok(vm.new_tuple(vec![v]))
}

fn int_real(vm: &mut Vm, args: Args) -> PyResult<Value> {
    int_pos(vm, args)
}
fn int_imag(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(0))
}
fn int_one(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(1))
}

fn int_round(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "__round__", 0, 1)?;
    let v = int_view(&a[0]).unwrap().to_big();
    if a.len() < 2 || a[1].is_none() {
        return Ok(vm.new_bigint(v));
    }
    let nd = vm.to_i64_index(&a[1])?;
    if nd >= 0 {
        return Ok(vm.new_bigint(v));
    }
    // Round half to even at 10**-nd.
    let p = num_traits::pow(BigInt::from(10), (-nd) as usize);
    let (q, r) = num_integer::Integer::div_mod_floor(&v, &p);
    let twice = &r * BigInt::from(2);
    let q = match twice.cmp(&p) {
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal if num_integer::Integer::is_odd(&q) => q + 1,
        _ => q,
    };
    Ok(vm.new_bigint(q * p))
}

fn int_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = args.args[0].as_obj().cloned().unwrap();
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    let [x, base] = rest.bind(vm, "int", ["", "base"], 0).or_else(|_| rest.bind(vm, "int", ["x", "base"], 0))?;
    let v = match (x, base) {
        (None, None) => Value::Int(0),
        (None, Some(_)) => return Err(vm.new_type_error("int() missing string argument")),
        (Some(x), None) => int_from_value(vm, &x)?,
        (Some(x), Some(b)) => {
            let base = vm.to_i64_index(&b)?;
            if !(base == 0 || (2..=36).contains(&base)) {
                return Err(vm.new_value_error("int() base must be >= 2 and <= 36, or 0"));
            }
            let s = match (&x, x.payload()) {
                (_, Some(Payload::Str(s))) => s.as_str().to_string(),
                (_, Some(Payload::Bytes(b))) => String::from_utf8_lossy(b).into_owned(),
                (_, Some(Payload::ByteArray(b))) => String::from_utf8_lossy(&b.borrow()).into_owned(),
                _ => return Err(vm.new_type_error("int() can't convert non-string with explicit base")),
            };
            parse_int(vm, &s, base as u32)?
        }
    };
    if std::rc::Rc::ptr_eq(&cls, &vm.types.int) {
        return Ok(v);
    }
    if std::rc::Rc::ptr_eq(&cls, &vm.types.bool_) {
        return Ok(v);
    }
    let big = int_view(&v).unwrap().to_big();
    let td = cls.as_type().unwrap();
    let obj = if td.instance_dict.get() {
        Object::with_dict(cls.clone(), Payload::Int(big), vm.new_dict())
    } else {
        Object::new(cls.clone(), Payload::Int(big))
    };
    Ok(Value::Obj(obj))
}

/// `int(x)` for a non-string: `__int__`, `__index__`, `__trunc__`, or parse a str.
pub fn int_from_value(vm: &mut Vm, x: &Value) -> PyResult<Value> {
    match x {
        Value::Int(_) => return Ok(x.clone()),
        Value::Bool(b) => return Ok(Value::Int(*b as i64)),
        Value::Float(f) => return float_to_int(vm, *f),
        _ => {}
    }
    match x.payload() {
        Some(Payload::Str(s)) => return parse_int(vm, s.as_str(), 10),
        Some(Payload::Bytes(b)) => return parse_int(vm, &String::from_utf8_lossy(b), 10),
        Some(Payload::Int(b)) => return Ok(vm.new_bigint(b.clone())),
        Some(Payload::Float(f)) => return float_to_int(vm, *f),
        _ => {}
    }
    for m in ["__int__", "__index__", "__trunc__"] {
        if let Some(r) = vm.call_special(x, m, &[])? {
            if int_view(&r).is_some() {
                return Ok(vm.new_bigint(int_view(&r).unwrap().to_big()));
            }
            return Err(vm.new_type_error(format!("{m} returned non-int (type {})", vm.type_name(&r))));
        }
    }
    // `PyNumber_Long`: any other exporter of the buffer protocol is parsed as bytes.
    if let Some(b) = crate::objects::memoryview::buffer_bytes(x) {
        return parse_int(vm, &String::from_utf8_lossy(&b), 10);
    }
    Err(vm.new_type_error(format!(
        "int() argument must be a string, a bytes-like object or a real number, not '{}'",
        vm.type_name(x)
    )))
}

pub fn float_to_int(vm: &mut Vm, f: f64) -> PyResult<Value> {
    if f.is_nan() {
        return Err(vm.new_value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(vm.new_overflow_error("cannot convert float infinity to integer"));
    }
    let t = f.trunc();
    if t.abs() < 9.0e18 {
        return Ok(Value::Int(t as i64));
    }
    Ok(vm.new_bigint(num_traits::FromPrimitive::from_f64(t).unwrap_or_default()))
}

/// Parses an int literal string as `int(s, base)` (underscores, whitespace, prefixes).
pub fn parse_int(vm: &mut Vm, s: &str, base: u32) -> PyResult<Value> {
    let err = |vm: &Vm| {
        vm.new_value_error(format!(
            "invalid literal for int() with base {}: {}",
            base,
            crate::objects::strtype::str_repr(s)
        ))
    };
    let t = s.trim_matches(|c: char| c.is_whitespace());
    let (neg, body) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    // Plain decimal digits that fit in an i64 (what `int(text)` nearly always sees); base 0
    // rejects a leading zero, which the general path reports.
    if (base == 10 || (base == 0 && !(body.len() > 1 && body.starts_with('0'))))
        && (1..=18).contains(&body.len())
        && body.bytes().all(|b| b.is_ascii_digit())
    {
        let n = body.bytes().fold(0i64, |n, b| n * 10 + i64::from(b - b'0'));
        return Ok(Value::Int(if neg { -n } else { n }));
    }
    let lower = body.to_ascii_lowercase();
    let (base, digits) = {
        let pref = |p: &str, b: u32| lower.strip_prefix(p).map(|r| (b, r.to_string()));
        match base {
            0 => {
                if let Some(x) = pref("0x", 16).or_else(|| pref("0o", 8)).or_else(|| pref("0b", 2)) {
                    (x.0, x.1.trim_start_matches('_').to_string())
                } else {
                    if lower.len() > 1 && lower.starts_with('0') && lower.chars().any(|c| c != '0' && c != '_') {
                        return Err(err(vm));
                    }
                    (10, lower.clone())
                }
            }
            16 => pref("0x", 16).map(|x| (16, x.1.trim_start_matches('_').to_string())).unwrap_or((16, lower.clone())),
            8 => pref("0o", 8).map(|x| (8, x.1.trim_start_matches('_').to_string())).unwrap_or((8, lower.clone())),
            2 => pref("0b", 2).map(|x| (2, x.1.trim_start_matches('_').to_string())).unwrap_or((2, lower.clone())),
            b => (b, lower.clone()),
        }
    };
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return Err(err(vm));
    }
    let clean: String = digits
        .chars()
        .filter(|c| *c != '_')
        .map(|c| crate::strmethods::unicode_decimal(c).and_then(|d| std::char::from_digit(d, 10)).unwrap_or(c))
        .collect();
    // The limit applies to bases that are not powers of two (their conversion is quadratic).
    let limit = vm.int_max_str_digits;
    if limit > 0 && base & (base - 1) != 0 && clean.len() > limit {
        return Err(vm.new_value_error(format!("Exceeds the limit ({limit} digits) for integer string conversion: value has {} digits; use sys.set_int_max_str_digits() to increase the limit", clean.len())));
    }
    match BigInt::from_str_radix(&clean, base) {
        Ok(v) if !clean.starts_with('+') && !clean.starts_with('-') => Ok(vm.new_bigint(if neg { -v } else { v })),
        _ => Err(err(vm)),
    }
}

fn bool_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = Args { args: &args.args[1..], kwnames: args.kwnames };
    if !a.kwnames.is_empty() {
        return Err(vm.new_type_error("bool() takes no keyword arguments"));
    }
    let pos = a.range(vm, "bool", 0, 1)?;
    match pos.first() {
        Some(v) => Ok(Value::Bool(vm.truthy(v)?)),
        None => Ok(Value::Bool(false)),
    }
}

fn bool_and(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match (&args.args[0], &args.args[1]) {
        (Value::Bool(a), Value::Bool(b)) => Ok(Value::Bool(*a & *b)),
        _ => int_and(vm, args),
    }
}
fn bool_or(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match (&args.args[0], &args.args[1]) {
        (Value::Bool(a), Value::Bool(b)) => Ok(Value::Bool(*a | *b)),
        _ => int_or(vm, args),
    }
}
fn bool_xor(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match (&args.args[0], &args.args[1]) {
        (Value::Bool(a), Value::Bool(b)) => Ok(Value::Bool(*a ^ *b)),
        _ => int_xor(vm, args),
    }
}

pub const INT_SPECIAL: &[MethodDef] = &[
    ("__repr__", int_repr, "Return repr(self)."),
    ("__hash__", int_hash, "Return hash(self)."),
    ("__bool__", int_bool, "True if self else False"),
    ("__neg__", int_neg, "-self"),
    ("__pos__", int_pos, "+self"),
    ("__invert__", int_invert, "~self"),
    ("__abs__", int_abs, "abs(self)"),
    (
        "__index__",
        int_index,
        "Return self converted to an integer, if self is suitable for use as an index into a list.",
    ),
    ("__int__", int_pos, "int(self)"),
    ("__float__", int_float, "float(self)"),
    ("__trunc__", int_trunc, "Truncating an Integral returns itself."),
    ("__floor__", int_floor, "Flooring an Integral returns itself."),
    ("__ceil__", int_ceil, "Ceiling of an Integral returns itself."),
    ("__round__", int_round, "Rounding an Integral returns itself."),
    ("__format__", int_format, "Convert to a string according to format_spec."),
    ("__divmod__", int_divmod, "Return divmod(self, value)."),
    ("__getnewargs__", int_getnewargs, ""),
    ("__lt__", num_lt, "Return self<value."),
    ("__le__", num_le, "Return self<=value."),
    ("__eq__", num_eq, "Return self==value."),
    ("__ne__", num_ne, "Return self!=value."),
    ("__gt__", num_gt, "Return self>value."),
    ("__ge__", num_ge, "Return self>=value."),
];

pub const BOOL_SPECIAL: &[MethodDef] = &[
    ("__repr__", int_repr, "Return repr(self)."),
    ("__and__", bool_and, ""),
    ("__rand__", bool_and, ""),
    ("__or__", bool_or, ""),
    ("__ror__", bool_or, ""),
    ("__xor__", bool_xor, ""),
    ("__rxor__", bool_xor, ""),
];

fn float_repr_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = num_f64(&args.args[0]).unwrap_or(0.0);
    Ok(vm.new_str(crate::format::float_repr(f)))
}

fn float_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = num_f64(&args.args[0]).unwrap_or(0.0);
    let _ = vm;
    Ok(Value::Int(crate::hash::hash_f64(f).unwrap_or_else(|| args.args[0].id() >> 4)))
}

fn float_bool(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Bool(num_f64(&args.args[0]).unwrap_or(0.0) != 0.0))
}
fn float_neg(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Float(-num_f64(&args.args[0]).unwrap_or(0.0)))
}
fn float_pos(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Float(num_f64(&args.args[0]).unwrap_or(0.0)))
}
fn float_abs(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Float(num_f64(&args.args[0]).unwrap_or(0.0).abs()))
}
fn float_int(vm: &mut Vm, args: Args) -> PyResult<Value> {
    float_to_int(vm, num_f64(&args.args[0]).unwrap_or(0.0))
}
fn float_trunc(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "__trunc__")?;
    float_int(vm, args)
}
fn float_floor(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "__floor__")?;
    float_to_int(vm, num_f64(&args.args[0]).unwrap_or(0.0).floor())
}
fn float_ceil(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "__ceil__")?;
    float_to_int(vm, num_f64(&args.args[0]).unwrap_or(0.0).ceil())
}
fn float_is_integer(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "is_integer")?;
    let f = num_f64(&args.args[0]).unwrap_or(0.0);
    Ok(Value::Bool(f.is_finite() && f.fract() == 0.0))
}
fn float_format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    int_format(vm, args)
}
fn float_divmod_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__divmod__", 1)?;
    let (Some(x), Some(y)) = (num_f64(&a[0]), num_f64(&a[1])) else {
        return Ok(vm.not_implemented());
    };
    if y == 0.0 {
        return Err(vm.new_zero_division_error("float divmod()"));
    }
    let (q, r) = float_divmod(x, y);
    Ok(vm.new_tuple(vec![Value::Float(q), Value::Float(r)]))
}

/// `round(x[, n])` for floats (correctly rounded via decimal string, as CPython's
/// `double_round`).
fn float_round(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "__round__", 0, 1)?;
    let f = num_f64(&a[0]).unwrap_or(0.0);
    if a.len() < 2 || a[1].is_none() {
        if f.is_nan() {
            return Err(vm.new_value_error("cannot convert float NaN to integer"));
        }
        if f.is_infinite() {
            return Err(vm.new_overflow_error("cannot convert float infinity to integer"));
        }
        let r = f.round();
        let r = if (f - f.trunc()).abs() == 0.5 { 2.0 * (f / 2.0).round() } else { r };
        return float_to_int(vm, r);
    }
    let nd = vm.to_i64_index(&a[1])?;
    if !f.is_finite() || f == 0.0 {
        return Ok(Value::Float(f));
    }
    if nd > 323 {
        return Ok(Value::Float(f));
    }
    if nd < -308 {
        return Ok(Value::Float(0.0f64.copysign(f)));
    }
    // Format with enough digits, round half-even in decimal, parse back.
    let s = format!("{:.*e}", 17, f);
    let (mant, exp) = s.split_once('e').unwrap();
    let exp: i64 = exp.parse().unwrap();
    let neg = mant.starts_with('-');
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    // Exact decimal expansion is needed for correctness; use the shortest repr digits plus the
    // exact binary value for ties.
    let keep = exp + 1 + nd; // number of significant digits to keep
    let r = if keep <= 0 {
        // Result is 0 or 10**-nd.
        let exact = f.abs();
        let half = 0.5 * 10f64.powi(-nd as i32);
        if keep == 0 && exact > half {
            10f64.powi(-nd as i32)
        } else {
            0.0
        }
    } else if keep as usize >= digits.len() {
        return Ok(Value::Float(f));
    } else {
        let exact = exact_decimal(f.abs());
        let (ip, fp) = exact.split_once('.').unwrap_or((&exact, ""));
        let all: String = format!("{ip}{fp}");
        let point = ip.len() as i64;
        let cut = (point + nd).max(0) as usize;
        let mut kept: Vec<u8> = all.as_bytes()[..cut.min(all.len())].to_vec();
        let rest = &all.as_bytes()[cut.min(all.len())..];
        let round_up = match rest.first() {
            Some(b) if *b > b'5' => true,
            Some(b'5') => {
                rest[1..].iter().any(|c| *c != b'0') || kept.last().map(|d| (d - b'0') % 2 == 1).unwrap_or(false)
            }
            _ => false,
        };
        if round_up {
            let mut i = kept.len();
            loop {
                if i == 0 {
                    kept.insert(0, b'1');
                    break;
                }
                i -= 1;
                if kept[i] == b'9' {
                    kept[i] = b'0';
                } else {
                    kept[i] += 1;
                    break;
                }
            }
        }
        let ks = String::from_utf8(kept).unwrap();
        let text = format!("{}e{}", if ks.is_empty() { "0".to_string() } else { ks }, -nd);
        text.parse::<f64>().unwrap_or(f.abs())
    };
    Ok(Value::Float(if neg { -r } else { r }))
}

/// The exact decimal expansion of a finite non-negative double.
fn exact_decimal(f: f64) -> String {
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mant = bits & ((1 << 52) - 1);
    let (m, e) = if exp == 0 { (mant, -1074) } else { (mant | (1 << 52), exp - 1075) };
    if e >= 0 {
        return format!("{}", BigInt::from(m) << e as usize);
    }
    // m * 2**e = m * 5**-e / 10**-e
    let n = BigInt::from(m) * num_traits::pow(BigInt::from(5), (-e) as usize);
    let s = n.to_string();
    let scale = (-e) as usize;
    if s.len() <= scale {
        format!("0.{}{}", "0".repeat(scale - s.len()), s)
    } else {
        format!("{}.{}", &s[..s.len() - scale], &s[s.len() - scale..])
    }
}

fn float_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = args.args[0].as_obj().cloned().unwrap();
    let a = Args { args: &args.args[1..], kwnames: args.kwnames };
    a.no_kwargs(vm, "float")?;
    let pos = a.range(vm, "float", 0, 1)?;
    let f = match pos.first() {
        None => 0.0,
        Some(v) => match v.payload() {
            Some(Payload::Str(s)) => parse_float(vm, s.as_str())?,
            // Any C-contiguous exporter of the buffer protocol (a released or strided
            // memoryview is not one, and gets the TypeError below).
            Some(_) if crate::objects::memoryview::buffer_bytes(v).is_some() => float_from_buffer(vm, v)?,
            _ => {
                if let Some(r) = vm.call_special(v, "__float__", &[])? {
                    // `__float__` must return a float (an int is refused, as in CPython).
                    let is_float = matches!(r, Value::Float(_)) || matches!(r.payload(), Some(Payload::Float(_)));
                    is_float.then(|| num_f64(&r)).flatten().ok_or_else(|| {
                        vm.new_type_error(format!(
                            "{}.__float__ returned non-float (type {})",
                            vm.type_name(v),
                            vm.type_name(&r)
                        ))
                    })?
                } else if matches!(v, Value::Int(_) | Value::Bool(_)) || int_view(v).is_some() {
                    vm.float_of(v)?
                } else if let Some(r) = vm.call_special(v, "__index__", &[])? {
                    vm.float_of(&r)?
                } else {
                    return Err(vm.new_type_error(format!(
                        "float() argument must be a string or a real number, not '{}'",
                        vm.type_name(v)
                    )));
                }
            }
        },
    };
    if std::rc::Rc::ptr_eq(&cls, &vm.types.float) {
        return Ok(Value::Float(f));
    }
    let td = cls.as_type().unwrap();
    Ok(Value::Obj(if td.instance_dict.get() {
        Object::with_dict(cls.clone(), Payload::Float(f), vm.new_dict())
    } else {
        Object::new(cls.clone(), Payload::Float(f))
    }))
}

/// `float(b"1.5")`: bytes-like text (ASCII only), with the object's repr in the error.
fn float_from_buffer(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    let b = crate::objects::memoryview::buffer_bytes(v).unwrap_or_default();
    if b.is_ascii() {
        if let Ok(f) = parse_float(vm, std::str::from_utf8(&b).unwrap_or_default()) {
            return Ok(f);
        }
    }
    let r = vm.repr_string(v)?;
    Err(vm.new_value_error(format!("could not convert string to float: {r}")))
}

pub fn parse_float(vm: &mut Vm, s: &str) -> PyResult<f64> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let body = lower.trim_start_matches(['+', '-']);
    let neg = lower.starts_with('-');
    let special = match body {
        "inf" | "infinity" => Some(f64::INFINITY),
        "nan" => Some(f64::NAN),
        _ => None,
    };
    if let Some(v) = special {
        if lower.len() - body.len() <= 1 {
            return Ok(if neg { -v } else { v });
        }
    }
    let ok_chars = !t.is_empty() && !t.contains("__") && !t.starts_with('_') && !t.ends_with('_');
    let clean: String = t.chars().filter(|c| *c != '_').collect();
    if ok_chars && clean.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c)) {
        if let Ok(v) = clean.parse::<f64>() {
            return Ok(v);
        }
    }
    Err(vm.new_value_error(format!("could not convert string to float: {}", crate::objects::strtype::str_repr(s))))
}

fn float_as_integer_ratio(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "as_integer_ratio")?;
    let f = num_f64(&args.args[0]).unwrap_or(0.0);
    if f.is_infinite() {
        return Err(vm.new_overflow_error("cannot convert Infinity to integer ratio"));
    }
    if f.is_nan() {
        return Err(vm.new_value_error("cannot convert NaN to integer ratio"));
    }
    let (m, e) = crate::hash::frexp(f);
    let mut m = m;
    let mut e = e;
    let mut i = 0;
    while m != m.floor() && i < 300 {
        m *= 2.0;
        e -= 1;
        i += 1;
    }
    let num = BigInt::from(m as i64);
    let (n, d) = if e >= 0 { (num << e as usize, BigInt::from(1)) } else { (num, BigInt::from(1) << (-e) as usize) };
    let g = num_integer::Integer::gcd(&n, &d);
    let (n, d) = (vm.new_bigint(n / &g), vm.new_bigint(d / &g));
    Ok(vm.new_tuple(vec![n, d]))
}

fn float_conjugate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "conjugate")?;
    Ok(Value::Float(num_f64(&args.args[0]).unwrap_or(0.0)))
}
fn float_real(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Float(num_f64(&args.args[0]).unwrap_or(0.0)))
}
fn float_imag(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Float(0.0))
}

pub const FLOAT_SPECIAL: &[MethodDef] = &[
    ("__repr__", float_repr_m, "Return repr(self)."),
    ("__hash__", float_hash, "Return hash(self)."),
    ("__bool__", float_bool, "True if self else False"),
    ("__neg__", float_neg, "-self"),
    ("__pos__", float_pos, "+self"),
    ("__abs__", float_abs, "abs(self)"),
    ("__int__", float_int, "int(self)"),
    ("__trunc__", float_trunc, "Return the Integral closest to x between 0 and x."),
    ("__floor__", float_floor, "Return the floor as an Integral."),
    ("__ceil__", float_ceil, "Return the ceiling as an Integral."),
    ("__float__", float_pos, "float(self)"),
    ("__round__", float_round, "Return the Integral closest to x, rounding half toward even."),
    ("__format__", float_format, "Formats the float according to format_spec."),
    ("__divmod__", float_divmod_m, "Return divmod(self, value)."),
    ("is_integer", float_is_integer, "Return True if the float is an integer."),
    ("as_integer_ratio", float_as_integer_ratio, "Return integer ratio."),
    ("conjugate", float_conjugate, "Return self, the complex conjugate of any float."),
    ("__lt__", num_lt, "Return self<value."),
    ("__le__", num_le, "Return self<=value."),
    ("__eq__", num_eq, "Return self==value."),
    ("__ne__", num_ne, "Return self!=value."),
    ("__gt__", num_gt, "Return self>value."),
    ("__ge__", num_ge, "Return self>=value."),
];

pub fn init(vm: &mut Vm) {
    let int = vm.types.int.clone();
    vm.add_methods(&int, INT_OPS);
    vm.add_methods(&int, INT_SPECIAL);
    vm.add_methods(&int, crate::objects::int::INT_METHODS);
    vm.add_static(&int, "__new__", int_new);
    vm.add_getset(&int, "real", int_real, None);
    vm.add_getset(&int, "imag", int_imag, None);
    vm.add_getset(&int, "numerator", int_real, None);
    vm.add_getset(&int, "denominator", int_one, None);
    let b = vm.types.bool_.clone();
    vm.add_methods(&b, BOOL_SPECIAL);
    vm.add_static(&b, "__new__", bool_new);
    let fl = vm.types.float.clone();
    vm.add_methods(&fl, FLOAT_OPS);
    vm.add_methods(&fl, FLOAT_SPECIAL);
    vm.add_static(&fl, "__new__", float_new);
    vm.add_getset(&fl, "real", float_real, None);
    vm.add_getset(&fl, "imag", float_imag, None);
}

/// `float.hex()`: `[-]0x1.<13 hex digits>p<exp>` (subnormals `0x0.…p-1022`), as `float_hex`.
fn float_hex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "hex")?;
    let f = num_f64(&args.args[0]).unwrap_or(0.0);
    if f.is_nan() || f.is_infinite() {
        return Ok(vm.new_str(crate::format::float_repr(f)));
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if f == 0.0 {
        return Ok(vm.new_str(format!("{sign}0x0.0p+0")));
    }
    let bits = f.abs().to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mant = bits & ((1 << 52) - 1);
    let (lead, e) = if exp == 0 { (0, -1022) } else { (1, exp - 1023) };
    let esign = if e < 0 { "-" } else { "+" };
    Ok(vm.new_str(format!("{sign}0x{lead}.{mant:013x}p{esign}{}", e.abs())))
}

/// `float.fromhex(s)`: hexadecimal floats with optional sign, `0x`, fraction and binary
/// exponent; `inf`/`nan`. Rounds half to even like `float_fromhex`.
fn float_fromhex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "fromhex")?;
    let text = a[1]
        .as_str()
        .map(|s| s.as_str().trim().to_string())
        .ok_or_else(|| vm.new_type_error("bad argument type for built-in operation"))?;
    let err = |vm: &Vm| vm.new_value_error("invalid hexadecimal floating-point string");
    let (neg, body) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text.strip_prefix('+').unwrap_or(&text)),
    };
    let lower = body.to_ascii_lowercase();
    let special = match lower.as_str() {
        "inf" | "infinity" => Some(f64::INFINITY),
        "nan" => Some(f64::NAN),
        _ => None,
    };
    let value = if let Some(v) = special {
        v
    } else {
        let h = lower.strip_prefix("0x").unwrap_or(&lower);
        let (mantissa, exp) = match h.split_once('p') {
            Some((m, e)) => (m, e.parse::<i64>().map_err(|_| err(vm))?),
            None => (h, 0),
        };
        let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(err(vm));
        }
        let digits: String = format!("{int_part}{frac_part}");
        if !digits.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(err(vm));
        }
        let n =
            BigInt::parse_bytes(if digits.is_empty() { b"0" } else { digits.as_bytes() }, 16).ok_or_else(|| err(vm))?;
        let e2 = exp - 4 * frac_part.len() as i64;
        // Exact value n * 2**e2: round the mantissa to 53 bits (half to even), then scale.
        let v = if n == BigInt::from(0) { 0.0 } else { ldexp_big(&n, e2) };
        if v.is_infinite() {
            return Err(vm.new_overflow_error("hexadecimal value too large to represent as a float"));
        }
        v
    };
    let v = if neg { -value } else { value };
    let cls = a[0].clone();
    if let Some(Payload::Type(_)) = cls.payload() {
        if !std::rc::Rc::ptr_eq(cls.as_obj().unwrap(), &vm.types.float) {
            return vm.call(&cls, Args::new(&[Value::Float(v)]));
        }
    }
    Ok(Value::Float(v))
}

/// `n * 2**e` as the nearest double (mantissa rounded half-to-even to 53 bits first).
fn ldexp_big(n: &BigInt, e: i64) -> f64 {
    let bits = n.bits() as i64;
    let (m, mut e) = if bits > 53 {
        let shift = (bits - 53) as usize;
        let q: BigInt = n >> shift;
        let rem: BigInt = n - (&q << shift);
        let half = BigInt::from(1) << (shift - 1);
        let up = rem > half || (rem == half && num_integer::Integer::is_odd(&q));
        (if up { q + 1 } else { q }, e + shift as i64)
    } else {
        (n.clone(), e)
    };
    let mut f = m.to_f64().unwrap_or(f64::INFINITY);
    // Scaled in steps, stopping once the value has overflowed or underflowed (an exponent
    // of 10**12 would otherwise take 10**9 steps).
    while e > 0 && f.is_finite() {
        let step = e.min(1000);
        f *= 2f64.powi(step as i32);
        e -= step;
    }
    while e < 0 && f != 0.0 {
        let step = (-e).min(1000);
        f /= 2f64.powi(step as i32);
        e += step;
    }
    f
}

fn byteorder(vm: &mut Vm, v: Option<Value>, fname: &str) -> PyResult<bool> {
    match v {
        None => Ok(false),
        Some(b) => match b.as_str().map(|s| s.as_str().to_string()).as_deref() {
            Some("big") => Ok(false),
            Some("little") => Ok(true),
            Some(_) => Err(vm.new_value_error("byteorder must be either 'little' or 'big'")),
            None => {
                Err(vm.new_type_error(format!("{fname}() argument 'byteorder' must be str, not {}", vm.type_name(&b))))
            }
        },
    }
}

/// `int.to_bytes(length=1, byteorder='big', *, signed=False)`.
fn int_to_bytes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = int_view(&args.args[0]).map(|i| i.to_big()).unwrap_or_default();
    let [length, order, signed] = args.rest().clinic(vm, "to_bytes", ["length", "byteorder", "signed"], 0, 0, 2)?;
    let length = match length {
        Some(l) => vm.to_i64_index(&l)?,
        None => 1,
    };
    if length < 0 {
        return Err(vm.new_value_error("length argument must be non-negative"));
    }
    let little = byteorder(vm, order, "to_bytes")?;
    let signed = match signed {
        Some(s) => vm.truthy(&s)?,
        None => false,
    };
    if !signed && v.sign() == num_bigint::Sign::Minus {
        return Err(vm.new_overflow_error("can't convert negative int to unsigned"));
    }
    let mut bytes = if signed { v.to_signed_bytes_le() } else { v.to_bytes_le().1 };
    if v == BigInt::from(0) {
        bytes = vec![0];
    }
    let fill = if signed && v.sign() == num_bigint::Sign::Minus { 0xff } else { 0 };
    while bytes.len() > 1 && bytes.len() > length as usize && *bytes.last().unwrap() == fill {
        let next = bytes[bytes.len() - 2];
        if signed && (next & 0x80 != 0) != (fill == 0xff) {
            break;
        }
        bytes.pop();
    }
    if bytes.len() > length as usize && !(length == 0 && v == BigInt::from(0)) {
        return Err(vm.new_overflow_error("int too big to convert"));
    }
    bytes.resize(length as usize, fill);
    if !little {
        bytes.reverse();
    }
    Ok(vm.new_bytes(bytes))
}

/// `int.from_bytes(bytes, byteorder='big', *, signed=False)`.
fn int_from_bytes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = args.args[0].clone();
    let [data, order, signed] = args.rest().clinic(vm, "from_bytes", ["bytes", "byteorder", "signed"], 0, 1, 2)?;
    let data = data.unwrap();
    let little = byteorder(vm, order, "from_bytes")?;
    let mut bytes: Vec<u8> = match data.payload() {
        Some(Payload::Bytes(b)) => b.to_vec(),
        Some(Payload::ByteArray(b)) => b.borrow().clone(),
        // `PyObject_Bytes` refuses a str outright.
        Some(Payload::Str(_)) => return Err(vm.new_type_error("cannot convert 'str' object to bytes")),
        // `PyObject_Bytes` takes any layout (`PyBUF_FULL_RO`).
        Some(_) if crate::objects::memoryview::buffer_bytes_any(&data).is_some() => {
            crate::objects::memoryview::buffer_bytes_any(&data).unwrap_or_default()
        }
        _ => {
            // `PyBytes_FromObject`: any iterable of ints; other objects cannot convert.
            let it = match vm.iter(&data) {
                Ok(it) => it,
                Err(e) if vm.isinstance_exc(&e, &vm.exc.type_error.clone()) => {
                    let msg = format!("cannot convert '{}' object to bytes", vm.type_name(&data));
                    return Err(vm.new_type_error(msg));
                }
                Err(e) => return Err(e),
            };
            let mut out = Vec::new();
            for x in vm.collect(&it)? {
                let i = vm.to_i64_index(&x)?;
                if !(0..256).contains(&i) {
                    return Err(vm.new_value_error("bytes must be in range(0, 256)"));
                }
                out.push(i as u8);
            }
            out
        }
    };
    let signed = match signed {
        Some(s) => vm.truthy(&s)?,
        None => false,
    };
    if !little {
        bytes.reverse();
    }
    let v = if signed {
        BigInt::from_signed_bytes_le(&bytes)
    } else {
        BigInt::from_bytes_le(num_bigint::Sign::Plus, &bytes)
    };
    let r = vm.new_bigint(v);
    if let Some(c) = cls.as_obj() {
        if !std::rc::Rc::ptr_eq(c, &vm.types.int) {
            return vm.call(&cls, Args::new(&[r]));
        }
    }
    Ok(r)
}

pub fn init_conversions(vm: &mut Vm) {
    let fl = vm.types.float.clone();
    vm.add_methods(&fl, &[("hex", float_hex, "Return a hexadecimal representation of a floating-point number.")]);
    vm.add_classmethod_descr(&fl, "fromhex", float_fromhex);
    let int = vm.types.int.clone();
    vm.add_methods(&int, &[("to_bytes", int_to_bytes, "Return an array of bytes representing an integer.")]);
    vm.add_classmethod_descr(&int, "from_bytes", int_from_bytes);
}
