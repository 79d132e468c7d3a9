//! Stdlib stage: the `math` module — CPython 3.11's functions and constants over floats and
//! (arbitrary-precision) ints, with its special cases and its error messages word for word:
//! `math domain error` (ValueError) and `math range error` (OverflowError).

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use vm::func::Args;
use vm::objects::int::{int_view, IntView};
use vm::value::{Payload, PyRef, Value};
use vm::{PyResult, Vm};

extern "C" {
    fn erf(x: f64) -> f64;
    fn erfc(x: f64) -> f64;
    fn tgamma(x: f64) -> f64;
    fn lgamma(x: f64) -> f64;
    fn cbrt(x: f64) -> f64;
}

fn domain(vm: &Vm) -> PyRef {
    vm.new_value_error("math domain error")
}

fn range_err(vm: &Vm) -> PyRef {
    vm.new_overflow_error("math range error")
}

/// The one argument of a one-argument function.
fn one<'a>(vm: &Vm, args: &Args<'a>, name: &str) -> PyResult<&'a Value> {
    Ok(&args.exact(vm, &format!("math.{name}"), 1)?[0])
}

/// CPython's `math_1`: applies `f`, turning a NaN from a non-NaN into a domain error and an
/// infinity from a finite input into a range error (or a domain error when it cannot overflow).
fn math_1(vm: &mut Vm, args: Args, name: &str, f: fn(f64) -> f64, can_overflow: bool) -> PyResult<Value> {
    let x = vm.float_of(one(vm, &args, name)?)?;
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(domain(vm));
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow { range_err(vm) } else { domain(vm) });
    }
    Ok(Value::Float(r))
}

macro_rules! unary {
    ($($fname:ident $pyname:literal $f:expr, $ov:expr;)*) => {
        $(fn $fname(vm: &mut Vm, args: Args) -> PyResult<Value> {
            math_1(vm, args, $pyname, $f, $ov)
        })*
    };
}

fn c_sqrt(x: f64) -> f64 {
    if x < 0.0 {
        f64::NAN
    } else {
        x.sqrt()
    }
}
fn c_acosh(x: f64) -> f64 {
    if x < 1.0 {
        f64::NAN
    } else {
        crate::cmath::acosh(x)
    }
}
fn c_atanh(x: f64) -> f64 {
    if x.abs() > 1.0 {
        f64::NAN
    } else if x.abs() == 1.0 {
        // Pole: CPython reports a domain error.
        f64::NAN
    } else {
        crate::cmath::atanh(x)
    }
}
fn c_trig(x: f64, f: fn(f64) -> f64) -> f64 {
    if x.is_infinite() {
        f64::NAN
    } else {
        f(x)
    }
}
fn c_gamma(x: f64) -> f64 {
    if x.is_infinite() && x < 0.0 || x == x.floor() && x <= 0.0 {
        return f64::NAN;
    }
    // SAFETY: plain libm function on a float.
    unsafe { tgamma(x) }
}
fn c_lgamma(x: f64) -> f64 {
    if x == x.floor() && x <= 0.0 {
        return f64::INFINITY;
    }
    // SAFETY: plain libm function on a float.
    unsafe { lgamma(x) }
}

unary! {
    m_sqrt "sqrt" c_sqrt, false;
    m_exp "exp" f64::exp, true;
    m_exp2 "exp2" f64::exp2, true;
    m_expm1 "expm1" f64::exp_m1, true;
    m_sin "sin" |x| c_trig(x, f64::sin), false;
    m_cos "cos" |x| c_trig(x, f64::cos), false;
    m_tan "tan" |x| c_trig(x, f64::tan), false;
    m_asin "asin" |x| if x.abs() > 1.0 { f64::NAN } else { x.asin() }, false;
    m_acos "acos" |x| if x.abs() > 1.0 { f64::NAN } else { x.acos() }, false;
    m_atan "atan" f64::atan, false;
    m_sinh "sinh" f64::sinh, true;
    m_cosh "cosh" f64::cosh, true;
    m_tanh "tanh" f64::tanh, false;
    // libm's, as CPython calls (Rust's own formulas differ in the last bit).
    m_asinh "asinh" crate::cmath::asinh, false;
    m_acosh "acosh" c_acosh, false;
    m_atanh "atanh" c_atanh, false;
    m_fabs "fabs" f64::abs, false;
    m_cbrt "cbrt" |x| unsafe { cbrt(x) }, false;
    m_erf "erf" |x| unsafe { erf(x) }, false;
    m_erfc "erfc" |x| unsafe { erfc(x) }, false;
    m_gamma "gamma" c_gamma, true;
    m_lgamma "lgamma" c_lgamma, true;
}

fn m_degrees(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = vm.float_of(one(vm, &args, "degrees")?)?;
    Ok(Value::Float(x * (180.0 / std::f64::consts::PI)))
}

fn m_radians(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = vm.float_of(one(vm, &args, "radians")?)?;
    Ok(Value::Float(x * (std::f64::consts::PI / 180.0)))
}

fn is_float(v: &Value) -> Option<f64> {
    match v {
        Value::Float(f) => Some(*f),
        Value::Obj(o) if !o.class().as_type().map(|t| t.is_heap()).unwrap_or(true) => match &o.payload {
            Payload::Float(f) => Some(*f),
            _ => None,
        },
        _ => None,
    }
}

fn float_to_int(vm: &mut Vm, f: f64) -> PyResult<Value> {
    vm::objects::numbers::float_to_int(vm, f)
}

/// `floor`/`ceil`: exact floats directly, then the `__floor__`/`__ceil__` method, then float().
fn round_fn(vm: &mut Vm, args: Args, name: &str, dunder: &'static str, f: fn(f64) -> f64) -> PyResult<Value> {
    let x = one(vm, &args, name)?.clone();
    if let Some(v) = is_float(&x) {
        return float_to_int(vm, f(v));
    }
    if let Some(iv) = int_view(&x) {
        if matches!(x, Value::Int(_)) || matches!(&x, Value::Obj(o) if !o.class().as_type().unwrap().is_heap()) {
            return Ok(vm.new_bigint(iv.to_big()));
        }
    }
    if let Some(r) = vm.call_special(&x, dunder, &[])? {
        return Ok(r);
    }
    let v = vm.float_of(&x)?;
    float_to_int(vm, f(v))
}

fn m_floor(vm: &mut Vm, args: Args) -> PyResult<Value> {
    round_fn(vm, args, "floor", "__floor__", f64::floor)
}

fn m_ceil(vm: &mut Vm, args: Args) -> PyResult<Value> {
    round_fn(vm, args, "ceil", "__ceil__", f64::ceil)
}

fn m_trunc(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = one(vm, &args, "trunc")?.clone();
    if let Some(v) = is_float(&x) {
        return float_to_int(vm, v.trunc());
    }
    match vm.call_special(&x, "__trunc__", &[])? {
        Some(r) => Ok(r),
        None => Err(vm.new_type_error(format!("type {} doesn't define __trunc__ method", vm.type_name(&x)))),
    }
}

/// `func(x)` for a positive big int beyond the float range, as CPython: `func(m) + func(2)*e`
/// where `x = m * 2**e` with `0.5 <= m < 1`.
fn big_log(b: &BigInt, func: fn(f64) -> f64) -> f64 {
    let bits = b.bits();
    let top = (b >> (bits - 64)).to_f64().unwrap() / 18446744073709551616.0;
    func(top) + func(2.0) * bits as f64
}

/// Natural log of any int or float value (big ints beyond the float range included).
fn log_of(vm: &mut Vm, x: &Value) -> PyResult<f64> {
    if let Some(iv) = int_view(x) {
        let b = iv.to_big();
        if b.sign() != Sign::Plus {
            return Err(domain(vm));
        }
        if let Some(f) = b.to_f64().filter(|f| f.is_finite()) {
            return Ok(f.ln());
        }
        return Ok(big_log(&b, f64::ln));
    }
    let f = vm.float_of(x)?;
    if f.is_nan() {
        return Ok(f);
    }
    if f <= 0.0 {
        return Err(domain(vm));
    }
    Ok(f.ln())
}

fn m_log(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.no_kwargs(vm, "log")?;
    let a = args.pos();
    if !(1..=2).contains(&a.len()) {
        return Err(vm.new_type_error("math.log requires 1 to 2 arguments"));
    }
    let num = log_of(vm, &a[0])?;
    if a.len() == 2 {
        let den = log_of(vm, &a[1])?;
        if den == 0.0 {
            return Err(vm.new_zero_division_error("float division by zero"));
        }
        return Ok(Value::Float(num / den));
    }
    Ok(Value::Float(num))
}

fn m_log2(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = one(vm, &args, "log2")?.clone();
    if let Some(iv) = int_view(&x) {
        let b = iv.to_big();
        if b.sign() != Sign::Plus {
            return Err(domain(vm));
        }
        if let Some(f) = b.to_f64().filter(|f| f.is_finite()) {
            return Ok(Value::Float(f.log2()));
        }
        return Ok(Value::Float(big_log(&b, f64::log2)));
    }
    let f = vm.float_of(&x)?;
    if f <= 0.0 {
        return Err(domain(vm));
    }
    Ok(Value::Float(f.log2()))
}

fn m_log10(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = one(vm, &args, "log10")?.clone();
    if let Some(iv) = int_view(&x) {
        let b = iv.to_big();
        if b.sign() != Sign::Plus {
            return Err(domain(vm));
        }
        if let Some(f) = b.to_f64().filter(|f| f.is_finite()) {
            return Ok(Value::Float(f.log10()));
        }
        return Ok(Value::Float(big_log(&b, f64::log10)));
    }
    let f = vm.float_of(&x)?;
    if f <= 0.0 {
        return Err(domain(vm));
    }
    Ok(Value::Float(f.log10()))
}

fn m_log1p(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = vm.float_of(one(vm, &args, "log1p")?)?;
    if x <= -1.0 {
        return Err(domain(vm));
    }
    Ok(Value::Float(x.ln_1p()))
}

fn two_floats(vm: &mut Vm, args: &Args, name: &str) -> PyResult<(f64, f64)> {
    let a = args.range(vm, name, 2, 2)?;
    let x = vm.float_of(&a[0])?;
    let y = vm.float_of(&a[1])?;
    Ok((x, y))
}

fn m_pow(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (x, y) = two_floats(vm, &args, "pow")?;
    if !x.is_finite() || !y.is_finite() {
        // C99 Annex F semantics for the special values, no errors.
        return Ok(Value::Float(x.powf(y)));
    }
    let r = x.powf(y);
    if r.is_nan() {
        return Err(domain(vm));
    }
    if r.is_infinite() {
        return Err(if x == 0.0 { domain(vm) } else { range_err(vm) });
    }
    Ok(Value::Float(r))
}

fn m_atan2(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (y, x) = two_floats(vm, &args, "atan2")?;
    Ok(Value::Float(y.atan2(x)))
}

fn m_copysign(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (x, y) = two_floats(vm, &args, "copysign")?;
    Ok(Value::Float(x.copysign(y)))
}

fn m_fmod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (x, y) = two_floats(vm, &args, "fmod")?;
    if y.is_infinite() && x.is_finite() {
        return Ok(Value::Float(x));
    }
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain(vm));
    }
    Ok(Value::Float(r))
}

fn m_remainder(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (x, y) = two_floats(vm, &args, "remainder")?;
    if x.is_nan() || y.is_nan() {
        return Ok(Value::Float(f64::NAN));
    }
    if x.is_infinite() || y == 0.0 {
        return Err(domain(vm));
    }
    if y.is_infinite() {
        return Ok(Value::Float(x));
    }
    // IEEE 754 remainder: x - n*y with n the integer nearest x/y (ties to even).
    let absx = x.abs();
    let absy = y.abs();
    let m = absx % absy;
    let c = absy - m;
    let r = if m < c {
        m
    } else if m > c {
        -c
    } else {
        m - 2.0 * ((0.5 * (absx - m)) % absy)
    };
    Ok(Value::Float(1.0f64.copysign(x) * r))
}

fn m_modf(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = vm.float_of(one(vm, &args, "modf")?)?;
    let (f, i) = if x.is_infinite() { (0.0f64.copysign(x), x) } else { (x.fract(), x.trunc()) };
    // fract of -0.0 keeps the sign; a whole negative number gives -0.0 as in C.
    let f = if f == 0.0 { 0.0f64.copysign(x) } else { f };
    Ok(vm.new_tuple(vec![Value::Float(f), Value::Float(i)]))
}

fn m_frexp(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = vm.float_of(one(vm, &args, "frexp")?)?;
    if x == 0.0 || !x.is_finite() {
        return Ok(vm.new_tuple(vec![Value::Float(x), Value::Int(0)]));
    }
    let (m, e) = vm::hash::frexp(x);
    Ok(vm.new_tuple(vec![Value::Float(m), Value::Int(e as i64)]))
}

fn ldexp_f(x: f64, e: i64) -> f64 {
    let mut x = x;
    let mut e = e.clamp(-10000, 10000);
    while e > 1000 {
        x *= 2f64.powi(1000);
        e -= 1000;
    }
    while e < -1000 {
        x *= 2f64.powi(-1000);
        e += 1000;
    }
    // Split the final step so subnormal results round once.
    if e < -1022 {
        x *= 2f64.powi(e as i32 + 1022);
        x * 2f64.powi(-1022)
    } else {
        x * 2f64.powi(e as i32)
    }
}

fn m_ldexp(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "ldexp", 2, 2)?;
    let x = vm.float_of(&a[0])?;
    let Some(iv) = int_view(&a[1]) else {
        return Err(vm.new_type_error("Expected an int as second argument to ldexp."));
    };
    if x == 0.0 || !x.is_finite() {
        return Ok(Value::Float(x));
    }
    let e = match iv {
        IntView::Small(i) => i,
        IntView::Big(b) => {
            if b.is_negative() {
                i64::MIN / 2
            } else {
                i64::MAX / 2
            }
        }
    };
    let r = ldexp_f(x, e);
    if r.is_infinite() {
        return Err(range_err(vm));
    }
    Ok(Value::Float(r))
}

fn m_isfinite(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = vm.float_of(one(vm, &args, "isfinite")?)?;
    Ok(Value::Bool(x.is_finite()))
}

fn m_isinf(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = vm.float_of(one(vm, &args, "isinf")?)?;
    Ok(Value::Bool(x.is_infinite()))
}

fn m_isnan(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = vm.float_of(one(vm, &args, "isnan")?)?;
    Ok(Value::Bool(x.is_nan()))
}

fn m_isclose(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    if pos.len() > 2 {
        return Err(vm.new_type_error(format!("isclose() takes exactly 2 positional arguments ({} given)", pos.len())));
    }
    let [a, b, rel, abs] = args.bind(vm, "isclose", ["a", "b", "rel_tol", "abs_tol"], 2)?;
    let a = vm.float_of(&a.unwrap())?;
    let b = vm.float_of(&b.unwrap())?;
    let rel = match rel {
        Some(v) => vm.float_of(&v)?,
        None => 1e-9,
    };
    let abs = match abs {
        Some(v) => vm.float_of(&v)?,
        None => 0.0,
    };
    if rel < 0.0 || abs < 0.0 {
        return Err(vm.new_value_error("tolerances must be non-negative"));
    }
    if a == b {
        return Ok(Value::Bool(true));
    }
    if a.is_infinite() || b.is_infinite() {
        return Ok(Value::Bool(false));
    }
    let diff = (b - a).abs();
    Ok(Value::Bool(diff <= (rel * b).abs() || diff <= (rel * a).abs() || diff <= abs))
}

fn m_fsum(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let it = vm.iter(one(vm, &args, "fsum")?)?;
    let mut partials: Vec<f64> = Vec::new();
    let mut special_sum = 0.0f64;
    let mut inf_sum = 0.0f64;
    while let Some(item) = vm.next(&it)? {
        let mut x = vm.float_of(&item)?;
        let xsave = x;
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        partials.truncate(i);
        if x != 0.0 {
            if !x.is_finite() {
                if xsave.is_finite() {
                    return Err(vm.new_overflow_error("intermediate overflow in fsum"));
                }
                if xsave.is_infinite() {
                    inf_sum += xsave;
                }
                special_sum += xsave;
                partials.clear();
            } else {
                partials.push(x);
            }
        }
    }
    if special_sum != 0.0 {
        if inf_sum.is_nan() {
            return Err(vm.new_value_error("-inf + inf in fsum"));
        }
        return Ok(Value::Float(special_sum));
    }
    let mut hi = 0.0f64;
    let mut n = partials.len();
    if n > 0 {
        n -= 1;
        hi = partials[n];
        let mut lo = 0.0f64;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = partials[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && (lo < 0.0 && partials[n - 1] < 0.0 || lo > 0.0 && partials[n - 1] > 0.0) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
    }
    Ok(Value::Float(hi))
}

fn m_prod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.pos().len() != 1 {
        return Err(
            vm.new_type_error(format!("prod() takes exactly 1 positional argument ({} given)", args.pos().len()))
        );
    }
    let mut acc = Value::Int(1);
    for (k, v) in args.kwargs() {
        if k == "start" {
            acc = v.clone();
        } else {
            return Err(vm.new_type_error(format!("'{k}' is an invalid keyword argument for prod()")));
        }
    }
    let it = vm.iter(&args.pos()[0])?;
    while let Some(x) = vm.next(&it)? {
        acc = vm.binary_op(&acc, &x, bytecode::opcode::NB_MULTIPLY)?;
    }
    Ok(acc)
}

fn m_hypot(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.no_kwargs(vm, "hypot")?;
    let mut xs = Vec::new();
    for a in args.pos() {
        xs.push(vm.float_of(a)?.abs());
    }
    Ok(Value::Float(hypot_of(&xs)))
}

fn hypot_of(xs: &[f64]) -> f64 {
    if xs.iter().any(|x| x.is_infinite()) {
        return f64::INFINITY;
    }
    if xs.iter().any(|x| x.is_nan()) {
        return f64::NAN;
    }
    let max = xs.iter().cloned().fold(0.0f64, f64::max);
    if max == 0.0 || xs.len() <= 1 {
        return max;
    }
    if xs.len() == 2 {
        return xs[0].hypot(xs[1]);
    }
    // Scaled sum of squares with compensation (accurate to within an ulp or so).
    let mut sum = 0.0f64;
    let mut comp = 0.0f64;
    for x in xs {
        let t = x / max;
        let y = t * t - comp;
        let s = sum + y;
        comp = (s - sum) - y;
        sum = s;
    }
    max * sum.sqrt()
}

fn m_dist(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "dist", 2, 2)?;
    let is_tuple = |v: &Value| matches!(v.payload(), Some(Payload::Tuple(_)));
    for (i, v) in a.iter().enumerate() {
        if !is_tuple(v) {
            let p = vm.collect(v).ok();
            if p.is_none() {
                return Err(vm.new_type_error(format!(
                    "dist() argument {} must be tuple, not {}",
                    i + 1,
                    vm.type_name(v)
                )));
            }
        }
    }
    let p = vm.collect(&a[0])?;
    let q = vm.collect(&a[1])?;
    if p.len() != q.len() {
        return Err(vm.new_value_error("both points must have the same number of dimensions"));
    }
    let mut diffs = Vec::new();
    for (x, y) in p.iter().zip(&q) {
        let x = vm.float_of(x)?;
        let y = vm.float_of(y)?;
        diffs.push((x - y).abs());
    }
    Ok(Value::Float(hypot_of(&diffs)))
}

fn int_arg(vm: &mut Vm, v: &Value) -> PyResult<BigInt> {
    if let Some(iv) = int_view(v) {
        return Ok(iv.to_big());
    }
    vm.to_index(v)
}

fn m_factorial(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = one(vm, &args, "factorial")?.clone();
    let n = int_arg(vm, &x)?;
    if n.is_negative() {
        return Err(vm.new_value_error("factorial() not defined for negative values"));
    }
    let n = n
        .to_u64()
        .ok_or_else(|| vm.new_overflow_error("factorial() argument should not exceed 9223372036854775807"))?;
    Ok(vm.new_bigint(product_range(1, n)))
}

/// The product of lo..=hi, split in halves so big multiplications stay balanced.
fn product_range(lo: u64, hi: u64) -> BigInt {
    if lo > hi {
        return BigInt::one();
    }
    if hi - lo < 16 {
        let mut acc = BigInt::one();
        let mut small: u64 = 1;
        for i in lo..=hi {
            match small.checked_mul(i) {
                Some(s) => small = s,
                None => {
                    acc *= small;
                    small = i;
                }
            }
        }
        return acc * small;
    }
    let mid = lo + (hi - lo) / 2;
    product_range(lo, mid) * product_range(mid + 1, hi)
}

fn m_gcd(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.no_kwargs(vm, "gcd")?;
    let mut g = BigInt::zero();
    for a in args.pos() {
        let x = int_arg(vm, a)?;
        g = g.gcd(&x);
    }
    Ok(vm.new_bigint(g))
}

fn m_lcm(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.no_kwargs(vm, "lcm")?;
    let mut l = BigInt::one();
    for a in args.pos() {
        let x = int_arg(vm, a)?;
        if x.is_zero() || l.is_zero() {
            l = BigInt::zero();
            continue;
        }
        l = l.lcm(&x);
    }
    Ok(vm.new_bigint(l.abs()))
}

fn m_isqrt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = one(vm, &args, "isqrt")?.clone();
    let n = int_arg(vm, &x)?;
    if n.is_negative() {
        return Err(vm.new_value_error("isqrt() argument must be nonnegative"));
    }
    Ok(vm.new_bigint(n.sqrt()))
}

fn comb_perm_args(vm: &mut Vm, n: &Value, k: &Value) -> PyResult<(BigInt, BigInt)> {
    let n = int_arg(vm, n)?;
    let k = int_arg(vm, k)?;
    if n.is_negative() {
        return Err(vm.new_value_error("n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(vm.new_value_error("k must be a non-negative integer"));
    }
    Ok((n, k))
}

fn falling(n: &BigInt, k: u64) -> BigInt {
    let mut acc = BigInt::one();
    let mut f = n.clone();
    for _ in 0..k {
        acc *= &f;
        f -= 1;
    }
    acc
}

fn m_comb(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "comb", 2, 2)?;
    let (n, k) = comb_perm_args(vm, &a[0], &a[1])?;
    if k > n {
        return Ok(Value::Int(0));
    }
    let k2 = std::cmp::min(k.clone(), &n - &k);
    let k2 = k2.to_u64().ok_or_else(|| vm.new_overflow_error("min(n - k, k) must not exceed 9223372036854775807"))?;
    let num = falling(&n, k2);
    Ok(vm.new_bigint(num / product_range(1, k2)))
}

fn m_perm(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "perm", 1, 2)?;
    if a.len() == 1 || a[1].is_none() {
        let n = int_arg(vm, &a[0])?;
        if n.is_negative() {
            return Err(vm.new_value_error("n must be a non-negative integer"));
        }
        let n = n.to_u64().ok_or_else(|| vm.new_overflow_error("n too large"))?;
        return Ok(vm.new_bigint(product_range(1, n)));
    }
    let (n, k) = comb_perm_args(vm, &a[0], &a[1])?;
    if k > n {
        return Ok(Value::Int(0));
    }
    let k = k.to_u64().ok_or_else(|| vm.new_overflow_error("k must not exceed 9223372036854775807"))?;
    Ok(vm.new_bigint(falling(&n, k)))
}

fn m_nextafter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (x, y) = two_floats(vm, &args, "nextafter")?;
    Ok(Value::Float(nextafter(x, y)))
}

fn nextafter(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == y {
        return y;
    }
    if x == 0.0 {
        return f64::from_bits(1).copysign(y);
    }
    let b = x.to_bits();
    let up = (y > x) == (x > 0.0);
    f64::from_bits(if up { b + 1 } else { b - 1 })
}

fn m_ulp(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = vm.float_of(one(vm, &args, "ulp")?)?.abs();
    if x.is_nan() || x.is_infinite() {
        return Ok(Value::Float(x));
    }
    let x2 = nextafter(x, f64::INFINITY);
    if x2.is_infinite() {
        let x2 = nextafter(x, -f64::INFINITY);
        return Ok(Value::Float(x - x2));
    }
    Ok(Value::Float(x2 - x))
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("math");
    let d = m.dict.get().unwrap();
    vm.dict_set_str(
        &d,
        "__doc__",
        vm.new_str("This module provides access to the mathematical functions\ndefined by the C standard."),
    );
    vm.dict_set_str(&d, "pi", Value::Float(std::f64::consts::PI));
    vm.dict_set_str(&d, "e", Value::Float(std::f64::consts::E));
    vm.dict_set_str(&d, "tau", Value::Float(std::f64::consts::TAU));
    vm.dict_set_str(&d, "inf", Value::Float(f64::INFINITY));
    vm.dict_set_str(&d, "nan", Value::Float(f64::NAN));
    let fns: &[(&'static str, vm::func::NativeFn)] = &[
        ("sqrt", m_sqrt),
        ("exp", m_exp),
        ("exp2", m_exp2),
        ("expm1", m_expm1),
        ("sin", m_sin),
        ("cos", m_cos),
        ("tan", m_tan),
        ("asin", m_asin),
        ("acos", m_acos),
        ("atan", m_atan),
        ("sinh", m_sinh),
        ("cosh", m_cosh),
        ("tanh", m_tanh),
        ("asinh", m_asinh),
        ("acosh", m_acosh),
        ("atanh", m_atanh),
        ("fabs", m_fabs),
        ("cbrt", m_cbrt),
        ("erf", m_erf),
        ("erfc", m_erfc),
        ("gamma", m_gamma),
        ("lgamma", m_lgamma),
        ("degrees", m_degrees),
        ("radians", m_radians),
        ("floor", m_floor),
        ("ceil", m_ceil),
        ("trunc", m_trunc),
        ("log", m_log),
        ("log2", m_log2),
        ("log10", m_log10),
        ("log1p", m_log1p),
        ("pow", m_pow),
        ("atan2", m_atan2),
        ("copysign", m_copysign),
        ("fmod", m_fmod),
        ("remainder", m_remainder),
        ("modf", m_modf),
        ("frexp", m_frexp),
        ("ldexp", m_ldexp),
        ("isfinite", m_isfinite),
        ("isinf", m_isinf),
        ("isnan", m_isnan),
        ("isclose", m_isclose),
        ("fsum", m_fsum),
        ("prod", m_prod),
        ("hypot", m_hypot),
        ("dist", m_dist),
        ("factorial", m_factorial),
        ("gcd", m_gcd),
        ("lcm", m_lcm),
        ("isqrt", m_isqrt),
        ("comb", m_comb),
        ("perm", m_perm),
        ("nextafter", m_nextafter),
        ("ulp", m_ulp),
    ];
    vm.add_native_fns(&d, fns);
    Ok(m)
}
