//! Stdlib stage: the `cmath` module — CPython 3.11's functions over complex numbers, computed
//! with CPython's own formulas and the same libm calls (so the results are the same floats),
//! with its C99 Annex G special values for infinities, NaNs and signed zeros, its errors
//! (`math domain error` as ValueError, `math range error` as OverflowError) and its argument
//! conversion (`complex`, `__complex__`, `__float__`, `__index__`) and messages word for word.

use std::f64::consts::{E, LN_10, LN_2, PI};
use vm::func::Args;
use vm::objects::complex::new_complex;
use vm::value::{Payload, PyRef, Value};
use vm::{PyResult, Vm};

/// The C library functions CPython calls; Rust's own `asinh` and friends are different
/// formulas, so everything goes through libm to give the same bits.
mod libm {
    extern "C" {
        pub fn sin(x: f64) -> f64;
        pub fn cos(x: f64) -> f64;
        pub fn tan(x: f64) -> f64;
        pub fn sinh(x: f64) -> f64;
        pub fn cosh(x: f64) -> f64;
        pub fn tanh(x: f64) -> f64;
        pub fn asinh(x: f64) -> f64;
        pub fn acosh(x: f64) -> f64;
        pub fn atanh(x: f64) -> f64;
        pub fn exp(x: f64) -> f64;
        pub fn log(x: f64) -> f64;
        pub fn log1p(x: f64) -> f64;
        pub fn atan2(y: f64, x: f64) -> f64;
        pub fn hypot(x: f64, y: f64) -> f64;
        pub fn ldexp(x: f64, e: i32) -> f64;
    }
}

macro_rules! libm_wrappers {
    ($($name:ident($($a:ident: $t:ty),*);)*) => {
        $(#[inline]
        pub(crate) fn $name($($a: $t),*) -> f64 {
            // SAFETY: pure C math functions on plain values.
            unsafe { libm::$name($($a),*) }
        })*
    };
}

libm_wrappers! {
    sin(x: f64); cos(x: f64); tan(x: f64); sinh(x: f64); cosh(x: f64); tanh(x: f64);
    asinh(x: f64); acosh(x: f64); atanh(x: f64); exp(x: f64); log(x: f64); log1p(x: f64); atan2(y: f64, x: f64);
    hypot(x: f64, y: f64); ldexp(x: f64, e: i32);
}

/// CPython's `Py_complex`.
#[derive(Clone, Copy, Debug)]
struct Complex {
    real: f64,
    imag: f64,
}

const fn c(real: f64, imag: f64) -> Complex {
    Complex { real, imag }
}

/// What the C functions leave in `errno`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Errno {
    Ok,
    /// EDOM: ValueError("math domain error").
    Dom,
    /// ERANGE: OverflowError("math range error").
    Range,
}

type Res = (Complex, Errno);

const INF: f64 = f64::INFINITY;
const NAN: f64 = f64::NAN;
const P12: f64 = 0.5 * PI;
const P14: f64 = 0.25 * PI;
const P34: f64 = 0.75 * PI;
const DBL_MANT_DIG: i32 = 53;
/// Beyond this, formulas are rescaled to avoid spurious overflow (`DBL_MAX / 4`).
const CM_LARGE_DOUBLE: f64 = f64::MAX / 4.0;
/// An odd power of two that turns any subnormal into a normal, and its half rounded down.
const CM_SCALE_UP: i32 = 2 * (DBL_MANT_DIG / 2) + 1;
const CM_SCALE_DOWN: i32 = -(CM_SCALE_UP + 1) / 2;

fn cm_sqrt_large_double() -> f64 {
    CM_LARGE_DOUBLE.sqrt()
}
fn cm_log_large_double() -> f64 {
    log(CM_LARGE_DOUBLE)
}
fn cm_sqrt_dbl_min() -> f64 {
    f64::MIN_POSITIVE.sqrt()
}

fn copysign(x: f64, y: f64) -> f64 {
    x.copysign(y)
}

fn is_special(z: Complex) -> bool {
    !z.real.is_finite() || !z.imag.is_finite()
}

fn neg(z: Complex) -> Complex {
    c(-z.real, -z.imag)
}

/// `-i * f(i*z)`: how sin, tan, asin and atan come from their hyperbolic partners.
fn via_hyperbolic(z: Complex, f: fn(Complex) -> Res) -> Res {
    let (s, e) = f(c(-z.imag, z.real));
    (c(s.imag, -s.real), e)
}

// ---- special values (C99 Annex G), one function per table, derived from its symmetries ----

/// The (unsigned) angle of a point at infinity in the direction of non-NaN `(x, y)`, as acos
/// and acosh give it: 3π/4 or π/4 on the diagonals, π or 0 on the real axis, else π/2.
fn infinity_angle(x: f64, y: f64) -> f64 {
    match (x.is_infinite(), y.is_infinite(), x < 0.0) {
        (true, true, true) => P34,
        (true, true, false) => P14,
        (true, false, true) => PI,
        (true, false, false) => 0.0,
        _ => P12,
    }
}

/// acos at a non-finite argument: the imaginary part is -inf with y's sign whenever y is not
/// NaN (or x is not NaN); the real part is the angle of the point at infinity.
fn acos_special(z: Complex) -> Complex {
    let (x, y) = (z.real, z.imag);
    if y.is_nan() {
        return if x.is_infinite() {
            c(NAN, INF)
        } else if x == 0.0 {
            c(P12, NAN)
        } else {
            c(NAN, NAN)
        };
    }
    let im = -copysign(INF, y);
    if x.is_nan() {
        return if y.is_infinite() { c(NAN, im) } else { c(NAN, NAN) };
    }
    c(infinity_angle(x, y), im)
}

/// acosh at a non-finite argument: +inf real part except around NaNs, the angle as imaginary.
fn acosh_special(z: Complex) -> Complex {
    let (x, y) = (z.real, z.imag);
    if y.is_nan() {
        return if x.is_infinite() { c(INF, NAN) } else { c(NAN, NAN) };
    }
    if x.is_nan() {
        return if y.is_infinite() { c(INF, NAN) } else { c(NAN, NAN) };
    }
    c(INF, copysign(infinity_angle(x, y), y))
}

/// log at a non-finite argument: the same table as acosh (in CPython 3.11).
fn log_special(z: Complex) -> Complex {
    acosh_special(z)
}

/// asinh at a non-finite argument: odd in x, conjugate-symmetric in y.
fn asinh_special(z: Complex) -> Complex {
    let (x, y) = (z.real, z.imag);
    if x.is_nan() {
        return if y.is_infinite() {
            c(INF, NAN)
        } else if y == 0.0 {
            c(NAN, y)
        } else {
            c(NAN, NAN)
        };
    }
    if x.is_infinite() {
        let im = if y.is_nan() {
            NAN
        } else if y.is_infinite() {
            copysign(P14, y)
        } else {
            copysign(0.0, y)
        };
        return c(x, im);
    }
    // x finite, so y is infinite or NaN.
    if y.is_nan() {
        return c(NAN, NAN);
    }
    c(copysign(INF, x), copysign(P12, y))
}

/// atanh at a non-finite argument: a zero real part with x's sign, ±pi/2 as imaginary.
fn atanh_special(z: Complex) -> Complex {
    let (x, y) = (z.real, z.imag);
    if x.is_nan() {
        return if y.is_infinite() { c(0.0, copysign(P12, y)) } else { c(NAN, NAN) };
    }
    if y.is_nan() {
        return if x.is_infinite() || x == 0.0 { c(copysign(0.0, x), NAN) } else { c(NAN, NAN) };
    }
    c(copysign(0.0, x), copysign(P12, y))
}

/// cosh at a non-finite argument other than ±inf + finite nonzero y.
fn cosh_special(z: Complex) -> Complex {
    let (x, y) = (z.real, z.imag);
    if x.is_infinite() {
        // y is ±0, ±inf or NaN here.
        return if y == 0.0 { c(INF, if x > 0.0 { y } else { -y }) } else { c(INF, NAN) };
    }
    if x == 0.0 || (x.is_nan() && y == 0.0) {
        return c(NAN, 0.0);
    }
    c(NAN, NAN)
}

/// exp at a non-finite argument other than ±inf + finite nonzero y.
fn exp_special(z: Complex) -> Complex {
    let (x, y) = (z.real, z.imag);
    if x == f64::NEG_INFINITY {
        return c(0.0, if y == 0.0 { y } else { 0.0 });
    }
    if x == INF {
        return if y == 0.0 { c(INF, y) } else { c(INF, NAN) };
    }
    if x.is_nan() && y == 0.0 {
        return c(NAN, y);
    }
    c(NAN, NAN)
}

/// sinh at a non-finite argument other than ±inf + finite nonzero y.
fn sinh_special(z: Complex) -> Complex {
    let (x, y) = (z.real, z.imag);
    if x.is_infinite() {
        return if y == 0.0 { c(x, y) } else { c(INF, NAN) };
    }
    if x == 0.0 {
        return c(0.0, NAN);
    }
    if x.is_nan() && y == 0.0 {
        return c(NAN, y);
    }
    c(NAN, NAN)
}

/// sqrt at a non-finite argument: an infinite y wins over everything, even a NaN x.
fn sqrt_special(z: Complex) -> Complex {
    let (x, y) = (z.real, z.imag);
    if y.is_infinite() {
        return c(INF, y);
    }
    if x == f64::NEG_INFINITY {
        return if y.is_nan() { c(NAN, INF) } else { c(0.0, copysign(INF, y)) };
    }
    if x == INF {
        return if y.is_nan() { c(INF, NAN) } else { c(INF, copysign(0.0, y)) };
    }
    c(NAN, NAN)
}

/// tanh at a non-finite argument other than ±inf + finite nonzero y.
fn tanh_special(z: Complex) -> Complex {
    let (x, y) = (z.real, z.imag);
    if x.is_infinite() {
        return c(copysign(1.0, x), if y == 0.0 { y } else { 0.0 });
    }
    if x.is_nan() && y == 0.0 {
        return c(NAN, y);
    }
    c(NAN, NAN)
}

/// rect at a non-finite argument other than ±inf with a finite nonzero phi.
fn rect_special(r: f64, phi: f64) -> Complex {
    if r.is_infinite() {
        return if phi == 0.0 { c(r, if r > 0.0 { phi } else { -phi }) } else { c(INF, NAN) };
    }
    if r == 0.0 {
        return c(0.0, 0.0);
    }
    if r.is_nan() && phi == 0.0 {
        return c(NAN, 0.0);
    }
    c(NAN, NAN)
}

/// The result at ±inf + finite nonzero y of exp, cosh and sinh: infinities (or zeros) whose
/// signs are those of cos(y) and sin(y).
fn signed_by_angle(mag: f64, y: f64, re_sign: f64, im_sign: f64) -> Complex {
    c(re_sign * copysign(mag, cos(y)), im_sign * copysign(mag, sin(y)))
}

// ---- the functions ----

fn c_sqrt(z: Complex) -> Res {
    if is_special(z) {
        return (sqrt_special(z), Errno::Ok);
    }
    if z.real == 0.0 && z.imag == 0.0 {
        return (c(0.0, z.imag), Errno::Ok);
    }
    let mut ax = z.real.abs();
    let ay = z.imag.abs();
    let s = if ax < f64::MIN_POSITIVE && ay < f64::MIN_POSITIVE {
        // hypot(ax, ay) could be subnormal: scale up into the normal range first.
        ax = ldexp(ax, CM_SCALE_UP);
        ldexp((ax + hypot(ax, ldexp(ay, CM_SCALE_UP))).sqrt(), CM_SCALE_DOWN)
    } else {
        ax /= 8.0;
        2.0 * (ax + hypot(ax, ay / 8.0)).sqrt()
    };
    let d = ay / (2.0 * s);
    if z.real >= 0.0 {
        (c(s, copysign(d, z.imag)), Errno::Ok)
    } else {
        (c(d, copysign(s, z.imag)), Errno::Ok)
    }
}

fn c_acos(z: Complex) -> Res {
    if is_special(z) {
        return (acos_special(z), Errno::Ok);
    }
    let r = if z.real.abs() > CM_LARGE_DOUBLE || z.imag.abs() > CM_LARGE_DOUBLE {
        c(atan2(z.imag.abs(), z.real), -copysign(log(hypot(z.real / 2.0, z.imag / 2.0)) + LN_2 * 2.0, z.imag))
    } else {
        let s1 = c_sqrt(c(1.0 - z.real, -z.imag)).0;
        let s2 = c_sqrt(c(1.0 + z.real, z.imag)).0;
        c(2.0 * atan2(s1.real, s2.real), asinh(s2.real * s1.imag - s2.imag * s1.real))
    };
    (r, Errno::Ok)
}

fn c_acosh(z: Complex) -> Res {
    if is_special(z) {
        return (acosh_special(z), Errno::Ok);
    }
    let r = if z.real.abs() > CM_LARGE_DOUBLE || z.imag.abs() > CM_LARGE_DOUBLE {
        c(log(hypot(z.real / 2.0, z.imag / 2.0)) + LN_2 * 2.0, atan2(z.imag, z.real))
    } else {
        let s1 = c_sqrt(c(z.real - 1.0, z.imag)).0;
        let s2 = c_sqrt(c(z.real + 1.0, z.imag)).0;
        c(asinh(s1.real * s2.real + s1.imag * s2.imag), 2.0 * atan2(s1.imag, s2.real))
    };
    (r, Errno::Ok)
}

fn c_asinh(z: Complex) -> Res {
    if is_special(z) {
        return (asinh_special(z), Errno::Ok);
    }
    let r = if z.real.abs() > CM_LARGE_DOUBLE || z.imag.abs() > CM_LARGE_DOUBLE {
        let l = log(hypot(z.real / 2.0, z.imag / 2.0)) + LN_2 * 2.0;
        let re = if z.imag >= 0.0 { copysign(l, z.real) } else { -copysign(l, -z.real) };
        c(re, atan2(z.imag, z.real.abs()))
    } else {
        let s1 = c_sqrt(c(1.0 + z.imag, -z.real)).0;
        let s2 = c_sqrt(c(1.0 - z.imag, z.real)).0;
        c(asinh(s1.real * s2.imag - s2.real * s1.imag), atan2(z.imag, s1.real * s2.real - s1.imag * s2.imag))
    };
    (r, Errno::Ok)
}

fn c_asin(z: Complex) -> Res {
    via_hyperbolic(z, c_asinh)
}

fn c_atanh(z: Complex) -> Res {
    if is_special(z) {
        return (atanh_special(z), Errno::Ok);
    }
    // atanh is odd: work with a nonnegative real part.
    if z.real < 0.0 {
        let (r, e) = c_atanh(neg(z));
        return (neg(r), e);
    }
    let ay = z.imag.abs();
    if z.real > cm_sqrt_large_double() || ay > cm_sqrt_large_double() {
        // Far from the origin atanh(z) ~ 1/z ± i*pi/2.
        let h = hypot(z.real / 2.0, z.imag / 2.0);
        return (c(z.real / 4.0 / h / h, copysign(PI / 2.0, z.imag)), Errno::Ok);
    }
    if z.real == 1.0 && ay < cm_sqrt_dbl_min() {
        if ay == 0.0 {
            return (c(INF, z.imag), Errno::Dom);
        }
        let re = -log(ay.sqrt() / hypot(ay, 2.0).sqrt());
        return (c(re, copysign(atan2(2.0, -ay) / 2.0, z.imag)), Errno::Ok);
    }
    let one_minus = 1.0 - z.real;
    let re = log1p(4.0 * z.real / (one_minus * one_minus + ay * ay)) / 4.0;
    let im = -atan2(-2.0 * z.imag, one_minus * (1.0 + z.real) - ay * ay) / 2.0;
    (c(re, im), Errno::Ok)
}

fn c_atan(z: Complex) -> Res {
    via_hyperbolic(z, c_atanh)
}

fn overflow_check(r: Complex) -> Res {
    let e = if r.real.is_infinite() || r.imag.is_infinite() { Errno::Range } else { Errno::Ok };
    (r, e)
}

fn c_cosh(z: Complex) -> Res {
    let (x, y) = (z.real, z.imag);
    if is_special(z) {
        let r = if x.is_infinite() && y.is_finite() && y != 0.0 {
            signed_by_angle(INF, y, 1.0, if x > 0.0 { 1.0 } else { -1.0 })
        } else {
            cosh_special(z)
        };
        return (r, if y.is_infinite() && !x.is_nan() { Errno::Dom } else { Errno::Ok });
    }
    let r = if x.abs() > cm_log_large_double() {
        // cosh(x) alone may overflow when the product does not.
        let x_minus_one = x - copysign(1.0, x);
        c(cos(y) * cosh(x_minus_one) * E, sin(y) * sinh(x_minus_one) * E)
    } else {
        c(cos(y) * cosh(x), sin(y) * sinh(x))
    };
    overflow_check(r)
}

fn c_cos(z: Complex) -> Res {
    c_cosh(c(-z.imag, z.real))
}

fn c_sinh(z: Complex) -> Res {
    let (x, y) = (z.real, z.imag);
    if is_special(z) {
        let r = if x.is_infinite() && y.is_finite() && y != 0.0 {
            signed_by_angle(INF, y, if x > 0.0 { 1.0 } else { -1.0 }, 1.0)
        } else {
            sinh_special(z)
        };
        return (r, if y.is_infinite() && !x.is_nan() { Errno::Dom } else { Errno::Ok });
    }
    let r = if x.abs() > cm_log_large_double() {
        let x_minus_one = x - copysign(1.0, x);
        c(cos(y) * sinh(x_minus_one) * E, sin(y) * cosh(x_minus_one) * E)
    } else {
        c(cos(y) * sinh(x), sin(y) * cosh(x))
    };
    overflow_check(r)
}

fn c_sin(z: Complex) -> Res {
    via_hyperbolic(z, c_sinh)
}

fn c_tanh(z: Complex) -> Res {
    let (x, y) = (z.real, z.imag);
    if is_special(z) {
        let r = if x.is_infinite() && y.is_finite() && y != 0.0 {
            c(copysign(1.0, x), copysign(0.0, 2.0 * sin(y) * cos(y)))
        } else {
            tanh_special(z)
        };
        return (r, if y.is_infinite() && x.is_finite() { Errno::Dom } else { Errno::Ok });
    }
    // tanh(x+iy) = (tanh(x)(1+tan(y)^2) + i tan(y)(1-tanh(x)^2)) / (1+tan(y)^2 tanh(x)^2),
    // with 1-tanh(x)^2 as 1/cosh(x)^2, and 4 exp(-2|x|) once cosh(x) could overflow.
    let r = if x.abs() > cm_log_large_double() {
        c(copysign(1.0, x), 4.0 * sin(y) * cos(y) * exp(-2.0 * x.abs()))
    } else {
        let tx = tanh(x);
        let ty = tan(y);
        let cx = 1.0 / cosh(x);
        let txty = tx * ty;
        let denom = 1.0 + txty * txty;
        c(tx * (1.0 + ty * ty) / denom, ((ty / denom) * cx) * cx)
    };
    (r, Errno::Ok)
}

fn c_tan(z: Complex) -> Res {
    via_hyperbolic(z, c_tanh)
}

fn c_exp(z: Complex) -> Res {
    let (x, y) = (z.real, z.imag);
    if is_special(z) {
        let r = if x.is_infinite() && y.is_finite() && y != 0.0 {
            signed_by_angle(if x > 0.0 { INF } else { 0.0 }, y, 1.0, 1.0)
        } else {
            exp_special(z)
        };
        let dom = y.is_infinite() && (x.is_finite() || x == INF);
        return (r, if dom { Errno::Dom } else { Errno::Ok });
    }
    let r = if x > cm_log_large_double() {
        let l = exp(x - 1.0);
        c(l * cos(y) * E, l * sin(y) * E)
    } else {
        let l = exp(x);
        c(l * cos(y), l * sin(y))
    };
    overflow_check(r)
}

/// CPython's `c_log`: log|z| computed carefully near |z| = 1, for subnormal |z| and for |z|
/// beyond the float range; log(0) is -inf with a domain error.
fn c_log(z: Complex) -> Res {
    if is_special(z) {
        return (log_special(z), Errno::Ok);
    }
    let ax = z.real.abs();
    let ay = z.imag.abs();
    let re = if ax > CM_LARGE_DOUBLE || ay > CM_LARGE_DOUBLE {
        log(hypot(ax / 2.0, ay / 2.0)) + LN_2
    } else if ax < f64::MIN_POSITIVE && ay < f64::MIN_POSITIVE {
        if ax > 0.0 || ay > 0.0 {
            let scaled = hypot(ldexp(ax, DBL_MANT_DIG), ldexp(ay, DBL_MANT_DIG));
            log(scaled) - f64::from(DBL_MANT_DIG) * LN_2
        } else {
            return (c(-INF, atan2(z.imag, z.real)), Errno::Dom);
        }
    } else {
        let h = hypot(ax, ay);
        if (0.71..=1.73).contains(&h) {
            let am = if ax > ay { ax } else { ay };
            let an = if ax > ay { ay } else { ax };
            log1p((am - 1.0) * (am + 1.0) + an * an) / 2.0
        } else {
            log(h)
        }
    };
    (c(re, atan2(z.imag, z.real)), Errno::Ok)
}

fn c_log10(z: Complex) -> Res {
    let (r, e) = c_log(z);
    (c(r.real / LN_10, r.imag / LN_10), e)
}

/// CPython 3.11's `_Py_c_quot` (Smith's method; a zero divisor is a domain error).
fn c_quot(a: Complex, b: Complex) -> Res {
    let abs_breal = b.real.abs();
    let abs_bimag = b.imag.abs();
    if abs_breal >= abs_bimag {
        if abs_breal == 0.0 {
            return (c(0.0, 0.0), Errno::Dom);
        }
        let ratio = b.imag / b.real;
        let denom = b.real + b.imag * ratio;
        (c((a.real + a.imag * ratio) / denom, (a.imag - a.real * ratio) / denom), Errno::Ok)
    } else if abs_bimag >= abs_breal {
        let ratio = b.real / b.imag;
        let denom = b.real * ratio + b.imag;
        (c((a.real * ratio + a.imag) / denom, (a.imag * ratio - a.real) / denom), Errno::Ok)
    } else {
        // A NaN in the divisor.
        (c(NAN, NAN), Errno::Ok)
    }
}

/// CPython's `_Py_c_abs`: an infinite part wins over a NaN; overflow is a range error.
fn c_abs(z: Complex) -> (f64, Errno) {
    if !z.real.is_finite() || !z.imag.is_finite() {
        if z.real.is_infinite() {
            return (z.real.abs(), Errno::Ok);
        }
        if z.imag.is_infinite() {
            return (z.imag.abs(), Errno::Ok);
        }
        return (NAN, Errno::Ok);
    }
    let r = hypot(z.real, z.imag);
    (r, if r.is_finite() { Errno::Ok } else { Errno::Range })
}

fn c_rect(r: f64, phi: f64) -> Res {
    if !r.is_finite() || !phi.is_finite() {
        let z = if r.is_infinite() && phi.is_finite() && phi != 0.0 {
            let s = if r > 0.0 { 1.0 } else { -1.0 };
            signed_by_angle(INF, phi, s, s)
        } else {
            rect_special(r, phi)
        };
        let dom = r != 0.0 && !r.is_nan() && phi.is_infinite();
        return (z, if dom { Errno::Dom } else { Errno::Ok });
    }
    if phi == 0.0 {
        // As CPython (bpo-18513): keep the sign of a zero phi exactly.
        return (c(r, r * phi), Errno::Ok);
    }
    (c(r * cos(phi), r * sin(phi)), Errno::Ok)
}

// ---- the Python glue ----

fn math_error(vm: &Vm, e: Errno) -> PyRef {
    match e {
        Errno::Range => vm.new_overflow_error("math range error"),
        _ => vm.new_value_error("math domain error"),
    }
}

fn finish(vm: &Vm, (z, e): Res) -> PyResult<Value> {
    match e {
        Errno::Ok => Ok(new_complex(vm, z.real, z.imag)),
        e => Err(math_error(vm, e)),
    }
}

/// Is `v` an instance of a builtin (non-heap) type?
fn exact_builtin(v: &Value) -> bool {
    match v {
        Value::Obj(o) => o.class().as_type().is_some_and(|t| !t.is_heap()),
        _ => true,
    }
}

/// CPython's `PyComplex_AsCComplex`: a complex (subclasses included) as it is, else the result
/// of `__complex__`, else the float value (`__float__`, then `__index__`) as the real part.
fn complex_arg(vm: &mut Vm, v: &Value) -> PyResult<Complex> {
    match v {
        Value::Int(i) => return Ok(c(*i as f64, 0.0)),
        Value::Bool(b) => return Ok(c(f64::from(u8::from(*b)), 0.0)),
        Value::Float(f) => return Ok(c(*f, 0.0)),
        Value::Obj(o) => {
            if let Payload::Complex(re, im) = &o.payload {
                return Ok(c(*re, *im));
            }
        }
        _ => {}
    }
    let plain_number = exact_builtin(v) && matches!(v.payload(), Some(Payload::Float(_) | Payload::Int(_)));
    if !plain_number {
        if let Some(r) = vm.call_special(v, "__complex__", &[])? {
            return match r.payload() {
                Some(Payload::Complex(re, im)) => Ok(c(*re, *im)),
                _ => Err(vm.new_type_error(format!("__complex__ returned non-complex (type {})", vm.type_name(&r)))),
            };
        }
    }
    Ok(c(vm.float_of(v)?, 0.0))
}

/// The one positional argument of a METH_O function, converted.
fn one_arg(vm: &mut Vm, args: &Args, name: &str) -> PyResult<Complex> {
    let a = args.exact(vm, &format!("cmath.{name}"), 1)?;
    complex_arg(vm, &a[0])
}

macro_rules! unary {
    ($($fname:ident $pyname:literal $f:ident;)*) => {
        $(fn $fname(vm: &mut Vm, args: Args) -> PyResult<Value> {
            let z = one_arg(vm, &args, $pyname)?;
            finish(vm, $f(z))
        })*
    };
}

unary! {
    cmath_acos "acos" c_acos;
    cmath_acosh "acosh" c_acosh;
    cmath_asin "asin" c_asin;
    cmath_asinh "asinh" c_asinh;
    cmath_atan "atan" c_atan;
    cmath_atanh "atanh" c_atanh;
    cmath_cos "cos" c_cos;
    cmath_cosh "cosh" c_cosh;
    cmath_exp "exp" c_exp;
    cmath_log10 "log10" c_log10;
    cmath_sin "sin" c_sin;
    cmath_sinh "sinh" c_sinh;
    cmath_sqrt "sqrt" c_sqrt;
    cmath_tan "tan" c_tan;
    cmath_tanh "tanh" c_tanh;
}

/// Argument clinic's positional count check: `NAME expected [at least|at most] N arguments`.
fn check_positional<'a>(vm: &Vm, args: &Args<'a>, name: &str, min: usize, max: usize) -> PyResult<&'a [Value]> {
    args.no_kwargs(vm, &format!("cmath.{name}"))?;
    let pos = args.pos();
    let n = pos.len();
    if n < min || n > max {
        let (bound, qualifier) = match (min == max, n < min) {
            (true, _) => (min, ""),
            (false, true) => (min, "at least "),
            (false, false) => (max, "at most "),
        };
        let s = if bound == 1 { "" } else { "s" };
        return Err(vm.new_type_error(format!("{name} expected {qualifier}{bound} argument{s}, got {n}")));
    }
    Ok(pos)
}

fn cmath_log(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let pos = check_positional(vm, &args, "log", 1, 2)?;
    let x = complex_arg(vm, &pos[0])?;
    let (mut r, mut e) = c_log(x);
    if let Some(base) = pos.get(1) {
        let y = complex_arg(vm, base)?;
        // As CPython, the base's log decides errno (log(0, 2) is no error), then the division.
        let (ly, ey) = c_log(y);
        let (q, eq) = c_quot(r, ly);
        r = q;
        e = if eq == Errno::Ok { ey } else { eq };
    }
    finish(vm, (r, e))
}

fn cmath_phase(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let z = one_arg(vm, &args, "phase")?;
    let phi = atan2(z.imag, z.real);
    // CPython checks errno after atan2, and the C library sets ERANGE when the angle
    // underflows to zero (a nonzero y over a finite x): phase(1e17-1e-310j) overflows.
    if phi == 0.0 && z.imag != 0.0 && z.real.is_finite() {
        return Err(math_error(vm, Errno::Range));
    }
    Ok(Value::Float(phi))
}

fn cmath_polar(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let z = one_arg(vm, &args, "polar")?;
    let phi = atan2(z.imag, z.real);
    let (r, e) = c_abs(z);
    if e != Errno::Ok {
        return Err(math_error(vm, e));
    }
    Ok(vm.new_tuple(vec![Value::Float(r), Value::Float(phi)]))
}

fn cmath_rect(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let pos = check_positional(vm, &args, "rect", 2, 2)?;
    let r = vm.float_of(&pos[0])?;
    let phi = vm.float_of(&pos[1])?;
    finish(vm, c_rect(r, phi))
}

fn cmath_isfinite(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let z = one_arg(vm, &args, "isfinite")?;
    Ok(Value::Bool(z.real.is_finite() && z.imag.is_finite()))
}

fn cmath_isnan(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let z = one_arg(vm, &args, "isnan")?;
    Ok(Value::Bool(z.real.is_nan() || z.imag.is_nan()))
}

fn cmath_isinf(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let z = one_arg(vm, &args, "isinf")?;
    Ok(Value::Bool(z.real.is_infinite() || z.imag.is_infinite()))
}

/// Argument clinic's keyword binding for `isclose(a, b, *, rel_tol, abs_tol)`, with its
/// messages: too many arguments, too many positionals, a missing one, a duplicate, an unknown.
fn bind_isclose(vm: &Vm, args: &Args) -> PyResult<[Option<Value>; 4]> {
    const NAMES: [&str; 4] = ["a", "b", "rel_tol", "abs_tol"];
    let pos = args.pos();
    let nargs = pos.len();
    let total = args.args.len();
    if total > 4 {
        let kw = if nargs == 0 { "keyword " } else { "" };
        return Err(vm.new_type_error(format!("isclose() takes at most 4 {kw}arguments ({total} given)")));
    }
    if nargs > 2 {
        return Err(vm.new_type_error(format!("isclose() takes exactly 2 positional arguments ({nargs} given)")));
    }
    let mut out: [Option<Value>; 4] = std::array::from_fn(|i| pos.get(i).cloned());
    let mut used = 0;
    for (i, name) in NAMES.iter().enumerate().skip(nargs) {
        match args.kwarg(name) {
            Some(v) => {
                out[i] = Some(v.clone());
                used += 1;
            }
            None if i < 2 => {
                return Err(vm.new_type_error(format!("isclose() missing required argument '{name}' (pos {})", i + 1)))
            }
            None => {}
        }
    }
    if used < args.kwnames.len() {
        for (k, _) in args.kwargs() {
            match NAMES.iter().position(|n| *n == k) {
                Some(i) if i < nargs => {
                    return Err(vm.new_type_error(format!(
                        "argument for isclose() given by name ('{k}') and position ({})",
                        i + 1
                    )))
                }
                Some(_) => {}
                None => return Err(vm.new_type_error(format!("'{k}' is an invalid keyword argument for isclose()"))),
            }
        }
    }
    Ok(out)
}

fn cmath_isclose(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [a, b, rel, abs] = bind_isclose(vm, &args)?;
    let (Some(a), Some(b)) = (a, b) else {
        return Err(vm.new_type_error("isclose() missing required argument 'a' (pos 1)"));
    };
    let a = complex_arg(vm, &a)?;
    let b = complex_arg(vm, &b)?;
    let rel_tol = match rel {
        Some(v) => vm.float_of(&v)?,
        None => 1e-9,
    };
    let abs_tol = match abs {
        Some(v) => vm.float_of(&v)?,
        None => 0.0,
    };
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return Err(vm.new_value_error("tolerances must be non-negative"));
    }
    if a.real == b.real && a.imag == b.imag {
        return Ok(Value::Bool(true));
    }
    if a.real.is_infinite() || a.imag.is_infinite() || b.real.is_infinite() || b.imag.is_infinite() {
        return Ok(Value::Bool(false));
    }
    let diff = c_abs(c(a.real - b.real, a.imag - b.imag)).0;
    let close = diff <= rel_tol * c_abs(b).0 || diff <= rel_tol * c_abs(a).0 || diff <= abs_tol;
    Ok(Value::Bool(close))
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("cmath");
    let d = m.dict.get().unwrap();
    let doc = vm.new_str("This module provides access to mathematical functions for complex\nnumbers.");
    vm.dict_set_str(&d, "__doc__", doc);
    vm.dict_set_str(&d, "pi", Value::Float(PI));
    vm.dict_set_str(&d, "e", Value::Float(E));
    vm.dict_set_str(&d, "tau", Value::Float(std::f64::consts::TAU));
    vm.dict_set_str(&d, "inf", Value::Float(INF));
    let infj = new_complex(vm, 0.0, INF);
    vm.dict_set_str(&d, "infj", infj);
    vm.dict_set_str(&d, "nan", Value::Float(NAN));
    let nanj = new_complex(vm, 0.0, NAN);
    vm.dict_set_str(&d, "nanj", nanj);
    let fns: &[(&'static str, vm::func::NativeFn)] = &[
        ("acos", cmath_acos),
        ("acosh", cmath_acosh),
        ("asin", cmath_asin),
        ("asinh", cmath_asinh),
        ("atan", cmath_atan),
        ("atanh", cmath_atanh),
        ("cos", cmath_cos),
        ("cosh", cmath_cosh),
        ("exp", cmath_exp),
        ("isclose", cmath_isclose),
        ("isfinite", cmath_isfinite),
        ("isinf", cmath_isinf),
        ("isnan", cmath_isnan),
        ("log", cmath_log),
        ("log10", cmath_log10),
        ("phase", cmath_phase),
        ("polar", cmath_polar),
        ("rect", cmath_rect),
        ("sin", cmath_sin),
        ("sinh", cmath_sinh),
        ("sqrt", cmath_sqrt),
        ("tan", cmath_tan),
        ("tanh", cmath_tanh),
    ];
    vm.add_native_fns(&d, fns);
    Ok(m)
}
