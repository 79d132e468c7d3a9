//! VM stage: `int`, `bool` and `float` arithmetic. Small ints stay inline (i64) and overflow to
//! big ints; results are normalised back to inline when they fit. Division, modulo and power
//! follow CPython's rules (floor semantics, float results for `/`, exact error messages).

use crate::func::{Args, MethodDef};
use crate::value::{Payload, Value};
use crate::vm::{PyResult, Vm};
use bytecode::opcode::*;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Pow, Signed, ToPrimitive, Zero};

/// A borrowed view of an int operand.
pub enum IntView<'a> {
    Small(i64),
    Big(&'a BigInt),
}

impl IntView<'_> {
    pub fn to_big(&self) -> BigInt {
        match self {
            IntView::Small(i) => BigInt::from(*i),
            IntView::Big(b) => (*b).clone(),
        }
    }
}

/// The int value of an int/bool (or int subclass instance).
pub fn int_view(v: &Value) -> Option<IntView<'_>> {
    match v {
        Value::Int(i) => Some(IntView::Small(*i)),
        Value::Bool(b) => Some(IntView::Small(*b as i64)),
        Value::Obj(o) => match &o.payload {
            Payload::Int(b) => Some(match b.to_i64() {
                Some(i) => IntView::Small(i),
                None => IntView::Big(b),
            }),
            _ => None,
        },
        _ => None,
    }
}

fn float_view(v: &Value) -> Option<f64> {
    match v {
        Value::Float(f) => Some(*f),
        Value::Obj(o) => match &o.payload {
            Payload::Float(f) => Some(*f),
            _ => None,
        },
        _ => None,
    }
}

pub fn bigint_to_f64(vm: &Vm, b: &BigInt) -> PyResult<f64> {
    let f = b.to_f64().unwrap_or(f64::INFINITY);
    if f.is_infinite() {
        return Err(vm.new_overflow_error("int too large to convert to float"));
    }
    Ok(f)
}

fn int_to_f64(vm: &Vm, v: &IntView) -> PyResult<f64> {
    match v {
        IntView::Small(i) => Ok(*i as f64),
        IntView::Big(b) => bigint_to_f64(vm, b),
    }
}

/// The arithmetic of builtin numbers for `BINARY_OP` (in-place forms use the same code).
/// `Ok(None)` when an operand is not a builtin number (or an operator does not apply).
#[inline]
pub fn fast_binop(vm: &mut Vm, a: &Value, b: &Value, op: u32) -> PyResult<Option<Value>> {
    // Exact small ints: the hot path.
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        let (x, y) = (*x, *y);
        let r = match op {
            NB_ADD => x.checked_add(y),
            NB_SUBTRACT => x.checked_sub(y),
            NB_MULTIPLY => x.checked_mul(y),
            NB_AND => Some(x & y),
            NB_OR => Some(x | y),
            NB_XOR => Some(x ^ y),
            NB_FLOOR_DIVIDE if y != 0 && !(x == i64::MIN && y == -1) => {
                Some(if x % y != 0 && ((x < 0) != (y < 0)) { x / y - 1 } else { x / y })
            }
            NB_REMAINDER if y != 0 && !(x == i64::MIN && y == -1) => {
                let m = x % y;
                Some(if m != 0 && ((m < 0) != (y < 0)) { m + y } else { m })
            }
            _ => None,
        };
        if let Some(r) = r {
            return Ok(Some(Value::Int(r)));
        }
    }
    if let (Value::Bool(x), Value::Bool(y)) = (a, b) {
        match op {
            NB_AND => return Ok(Some(Value::Bool(*x & *y))),
            NB_OR => return Ok(Some(Value::Bool(*x | *y))),
            NB_XOR => return Ok(Some(Value::Bool(*x ^ *y))),
            _ => {}
        }
    }
    if let (Value::Float(x), Value::Float(y)) = (a, b) {
        if let Some(r) = float_op(vm, *x, *y, op)? {
            return Ok(Some(r));
        }
    }
    let exact = |v: &Value| match v {
        Value::Obj(o) => !o.class_is_heap(),
        _ => true,
    };
    if !exact(a) || !exact(b) {
        return Ok(None);
    }
    match (int_view(a), int_view(b)) {
        (Some(x), Some(y)) => int_op(vm, &x, &y, op),
        (Some(x), None) => match float_view(b) {
            Some(y) => float_op(vm, int_to_f64(vm, &x)?, y, op),
            None => Ok(None),
        },
        (None, Some(y)) => match float_view(a) {
            Some(x) => float_op(vm, x, int_to_f64(vm, &y)?, op),
            None => Ok(None),
        },
        (None, None) => match (float_view(a), float_view(b)) {
            (Some(x), Some(y)) => float_op(vm, x, y, op),
            _ => Ok(None),
        },
    }
}

/// Integer arithmetic on arbitrary-precision operands.
pub fn int_op(vm: &mut Vm, x: &IntView, y: &IntView, op: u32) -> PyResult<Option<Value>> {
    let (bx, by) = (x.to_big(), y.to_big());
    let r = match op {
        NB_ADD => bx + by,
        NB_SUBTRACT => bx - by,
        NB_MULTIPLY => bx * by,
        NB_AND => bx & by,
        NB_OR => bx | by,
        NB_XOR => bx ^ by,
        NB_FLOOR_DIVIDE => {
            if by.is_zero() {
                return Err(vm.new_zero_division_error("integer division or modulo by zero"));
            }
            bx.div_floor(&by)
        }
        NB_REMAINDER => {
            if by.is_zero() {
                return Err(vm.new_zero_division_error("integer modulo by zero"));
            }
            bx.mod_floor(&by)
        }
        NB_TRUE_DIVIDE => {
            if by.is_zero() {
                return Err(vm.new_zero_division_error("division by zero"));
            }
            return Ok(Some(Value::Float(true_divide(vm, &bx, &by)?)));
        }
        NB_LSHIFT | NB_RSHIFT => {
            if by.is_negative() {
                return Err(vm.new_value_error("negative shift count"));
            }
            let n = by.to_usize().ok_or_else(|| vm.new_overflow_error("too many digits in integer"))?;
            if op == NB_LSHIFT {
                if !bx.is_zero() && n > 1 << 32 {
                    return Err(vm.new_overflow_error("too many digits in integer"));
                }
                bx << n
            } else {
                // Arithmetic shift: floor division by 2**n.
                if bx.is_negative() {
                    -((-bx - 1u8) >> n) - 1u8
                } else {
                    bx >> n
                }
            }
        }
        NB_POWER => {
            if by.is_negative() {
                let fx = int_to_f64(vm, x)?;
                let fy = int_to_f64(vm, y)?;
                if fx == 0.0 {
                    return Err(vm.new_zero_division_error("0.0 cannot be raised to a negative power"));
                }
                return Ok(Some(Value::Float(fx.powf(fy))));
            }
            let e = by.to_u32().ok_or_else(|| vm.new_overflow_error("exponent too large"))?;
            Pow::pow(bx, e)
        }
        _ => return Ok(None),
    };
    Ok(Some(vm.new_bigint(r)))
}

/// int / int. Exact operands below 2**53 divide exactly; larger ones go through a 120-bit
/// quotient so the result is within one rounding of CPython's correctly rounded
/// `long_true_divide` (not yet bit-exact in every halfway case).
fn true_divide(vm: &Vm, a: &BigInt, b: &BigInt) -> PyResult<f64> {
    if let (Some(x), Some(y)) = (a.to_i64(), b.to_i64()) {
        if x.unsigned_abs() < (1 << 53) && y.unsigned_abs() < (1 << 53) {
            return Ok(x as f64 / y as f64);
        }
    }
    let neg = a.is_negative() != b.is_negative();
    let (na, nb) = (a.abs(), b.abs());
    let shift = 120i64 - (na.bits() as i64 - nb.bits() as i64);
    let q = if shift > 0 { (na << shift as usize) / nb } else { na / (nb << (-shift) as usize) };
    let f = q.to_f64().unwrap_or(f64::INFINITY) * 2f64.powi(-(shift as i32));
    if f.is_infinite() {
        return Err(vm.new_overflow_error("integer division result too large for a float"));
    }
    Ok(if neg { -f } else { f })
}

pub fn float_op(vm: &mut Vm, x: f64, y: f64, op: u32) -> PyResult<Option<Value>> {
    let r = match op {
        NB_ADD => x + y,
        NB_SUBTRACT => x - y,
        NB_MULTIPLY => x * y,
        NB_TRUE_DIVIDE => {
            if y == 0.0 {
                return Err(vm.new_zero_division_error("float division by zero"));
            }
            x / y
        }
        NB_FLOOR_DIVIDE => {
            if y == 0.0 {
                return Err(vm.new_zero_division_error("float floor division by zero"));
            }
            float_divmod(x, y).0
        }
        NB_REMAINDER => {
            if y == 0.0 {
                return Err(vm.new_zero_division_error("float modulo"));
            }
            float_divmod(x, y).1
        }
        NB_POWER => {
            if x == 0.0 && y < 0.0 {
                return Err(vm.new_zero_division_error("0.0 cannot be raised to a negative power"));
            }
            if x < 0.0 && y.fract() != 0.0 && y.is_finite() {
                // A negative base to a fractional power is complex, as in CPython.
                return crate::objects::complex::complex_op(vm, &Value::Float(x), &Value::Float(y), NB_POWER);
            }
            let r = x.powf(y);
            if r.is_infinite() && x.is_finite() && y.is_finite() {
                return Err(vm.new_overflow_error("(34, 'Numerical result out of range')"));
            }
            r
        }
        _ => return Ok(None),
    };
    Ok(Some(Value::Float(r)))
}

/// `divmod` on floats with CPython's sign rules (`float_divmod`).
pub fn float_divmod(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(x / y)
    };
    (floordiv, m)
}

fn self_int<'a>(vm: &Vm, args: &'a Args) -> PyResult<IntView<'a>> {
    args.args.first().and_then(int_view).ok_or_else(|| vm.new_type_error("descriptor requires an 'int' object"))
}

fn int_bit_length(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "bit_length")?;
    let x = self_int(vm, &args)?;
    Ok(Value::Int(x.to_big().bits() as i64))
}

fn int_bit_count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "bit_count")?;
    let x = self_int(vm, &args)?.to_big();
    let n: u64 = x.magnitude().iter_u64_digits().map(|d| d.count_ones() as u64).sum();
    Ok(Value::Int(n as i64))
}

fn int_conjugate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "conjugate")?;
    let x = self_int(vm, &args)?.to_big();
    Ok(vm.new_bigint(x))
}

fn int_as_integer_ratio(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "as_integer_ratio")?;
    let x = self_int(vm, &args)?.to_big();
    let v = vm.new_bigint(x);
    Ok(vm.new_tuple(vec![v, Value::Int(1)]))
}

pub const INT_METHODS: &[MethodDef] = &[
    ("bit_length", int_bit_length, "Number of bits necessary to represent self in binary."),
    ("bit_count", int_bit_count, "Number of ones in the binary representation of the absolute value of self."),
    ("conjugate", int_conjugate, "Returns self, the complex conjugate of any int."),
    ("as_integer_ratio", int_as_integer_ratio, "Return integer ratio."),
];
