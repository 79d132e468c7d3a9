//! VM stage: number and string formatting — `repr(float)`, `%e/%f/%g` digits, the format-spec
//! mini-language (`format()` of int, bool, float and str), `str % args` and `str.format`. The
//! guarantee: output text and error messages are CPython 3.11's, character for character
//! (Python/pystrtod.c, Python/formatter_unicode.c, Objects/unicodeobject.c, Objects/stringlib).

use crate::value::{Payload, Value};
use crate::vm::{PyResult, Vm};
use num_bigint::{BigInt, BigUint, Sign};
use num_traits::{Signed, ToPrimitive};

// ---------------------------------------------------------------------------------------------
// Float to decimal digits
// ---------------------------------------------------------------------------------------------

/// Decimal digits of a finite, non-negative float: `digits` has no leading or trailing zeros
/// (zero is `"0"`), and the value is `0.DIGITS × 10**decpt` (dtoa's convention).
fn split_digits(text: &str) -> (Vec<u8>, i32) {
    let (mant, exp) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], text[i + 1..].parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let point = mant.find('.').unwrap_or(mant.len()) as i32;
    let mut digits: Vec<u8> = mant.bytes().filter(|b| b.is_ascii_digit()).collect();
    let mut decpt = point + exp;
    let lead = digits.iter().take_while(|&&b| b == b'0').count();
    digits.drain(..lead);
    decpt -= lead as i32;
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    if digits.is_empty() {
        return (vec![b'0'], 1);
    }
    (digits, decpt)
}

/// Shortest digits that round-trip (dtoa mode 0).
fn digits_shortest(x: f64) -> (Vec<u8>, i32) {
    let mut buf = ryu::Buffer::new();
    split_digits(buf.format_finite(x.abs()))
}

/// `n` significant digits, correctly rounded (dtoa mode 2), n >= 1.
fn digits_significant(x: f64, n: usize) -> (Vec<u8>, i32) {
    split_digits(&format!("{:.*e}", n - 1, x.abs()))
}

/// `n` digits after the decimal point, correctly rounded (dtoa mode 3).
fn digits_fixed(x: f64, n: usize) -> (Vec<u8>, i32) {
    split_digits(&format!("{:.*}", n, x.abs()))
}

/// Options of `PyOS_double_to_string`.
#[derive(Clone, Copy, Default)]
pub struct FloatFlags {
    /// Always write a sign (`Py_DTSF_SIGN`).
    pub sign: bool,
    /// Add `.0` to an integral result without exponent (`Py_DTSF_ADD_DOT_0`).
    pub add_dot_0: bool,
    /// Alternate form: keep trailing zeros and the decimal point (`Py_DTSF_ALT`).
    pub alt: bool,
    /// Drop the sign of a result that rounds to zero (`Py_DTSF_NO_NEG_0`).
    pub no_neg_0: bool,
}

/// `PyOS_double_to_string`: `code` is one of `e E f F g G r` (`r` = repr digits; `precision`
/// is ignored for it). Correctly rounded; `inf`/`nan` (upper case for `E F G`), never a sign
/// on nan.
pub fn double_to_string(x: f64, code: char, precision: usize, flags: FloatFlags) -> String {
    let upper = matches!(code, 'E' | 'F' | 'G');
    let code = code.to_ascii_lowercase();
    if x.is_nan() {
        return if upper { "NAN" } else { "nan" }.to_string();
    }
    let neg = x.is_sign_negative();
    if x.is_infinite() {
        let mut s = String::new();
        if neg {
            s.push('-');
        } else if flags.sign {
            s.push('+');
        }
        s.push_str(if upper { "INF" } else { "inf" });
        return s;
    }
    let mut precision = precision;
    let (digits, decpt) = match code {
        'e' => {
            precision += 1;
            digits_significant(x, precision)
        }
        'f' => digits_fixed(x, precision),
        'g' => {
            if precision == 0 {
                precision = 1;
            }
            digits_significant(x, precision)
        }
        _ => digits_shortest(x),
    };
    let mut sign = neg;
    if flags.no_neg_0 && sign && digits == b"0" {
        sign = false;
    }
    let ndigits = digits.len() as i64;
    let prec = precision as i64;
    let mut use_exp = false;
    let mut vend: i64 = ndigits;
    let mut dp = decpt as i64;
    match code {
        'e' => {
            use_exp = true;
            vend = prec;
        }
        'f' => vend = dp + prec,
        'g' => {
            if dp <= -4 || dp > (if flags.add_dot_0 { prec - 1 } else { prec }) {
                use_exp = true;
            }
            if flags.alt {
                vend = prec;
            }
        }
        _ => {
            if dp <= -4 || dp > 16 {
                use_exp = true;
            }
        }
    }
    let mut exp = 0i64;
    if use_exp {
        exp = dp - 1;
        dp = 1;
    }
    let vstart: i64 = if dp <= 0 { dp - 1 } else { 0 };
    if !use_exp && flags.add_dot_0 {
        vend = vend.max(dp + 1);
    } else {
        vend = vend.max(dp);
    }
    let mut out = String::with_capacity((vend - vstart) as usize + 8);
    if sign {
        out.push('-');
    } else if flags.sign {
        out.push('+');
    }
    let zeros = |out: &mut String, n: i64| {
        for _ in 0..n.max(0) {
            out.push('0');
        }
    };
    if dp <= 0 {
        zeros(&mut out, dp - vstart);
        out.push('.');
        zeros(&mut out, -dp);
    } else {
        zeros(&mut out, -vstart);
    }
    let dstr = std::str::from_utf8(&digits).unwrap_or("0");
    if 0 < dp && dp <= ndigits {
        out.push_str(&dstr[..dp as usize]);
        out.push('.');
        out.push_str(&dstr[dp as usize..]);
    } else {
        out.push_str(dstr);
    }
    if ndigits < dp {
        zeros(&mut out, dp - ndigits);
        out.push('.');
        zeros(&mut out, vend - dp);
    } else {
        zeros(&mut out, vend - ndigits);
    }
    if out.ends_with('.') && !flags.alt {
        out.pop();
    }
    if use_exp {
        out.push(if upper { 'E' } else { 'e' });
        out.push(if exp < 0 { '-' } else { '+' });
        let a = exp.unsigned_abs();
        if a < 10 {
            out.push('0');
        }
        out.push_str(&a.to_string());
    }
    out
}

/// `repr(float)` (and `str(float)`): shortest round-trip digits, exponent outside
/// `1e-4 <= |x| < 1e16`, `.0` on integral values.
pub fn float_repr(f: f64) -> String {
    double_to_string(f, 'r', 0, FloatFlags { add_dot_0: true, ..Default::default() })
}

/// `'%.*f' % (prec, f)`.
pub fn float_format_fixed(f: f64, prec: usize) -> String {
    double_to_string(f, 'f', prec, FloatFlags::default())
}

/// `'%.*e' % (prec, f)`.
pub fn float_format_exp(f: f64, prec: usize) -> String {
    double_to_string(f, 'e', prec, FloatFlags::default())
}

/// `'%.*g' % (prec, f)` (`alt` = the `#` flag).
pub fn float_format_general(f: f64, prec: usize, alt: bool) -> String {
    double_to_string(f, 'g', prec, FloatFlags { alt, ..Default::default() })
}

// ---------------------------------------------------------------------------------------------
// Ints in other bases
// ---------------------------------------------------------------------------------------------

/// `bin()`/`oct()`/`hex()` text of `v` in base 2, 8, 10 or 16: sign, then the `0b`/`0o`/`0x`
/// prefix when `alt` (upper-case `0X` and digits when `upper`).
pub fn int_to_base(v: &BigInt, base: u32, alt: bool, upper: bool) -> String {
    let digits = magnitude_digits(v.magnitude(), base, upper);
    let mut s = String::with_capacity(digits.len() + 3);
    if v.sign() == Sign::Minus {
        s.push('-');
    }
    if alt {
        match (base, upper) {
            (2, _) => s.push_str("0b"),
            (8, _) => s.push_str("0o"),
            (16, false) => s.push_str("0x"),
            (16, true) => s.push_str("0X"),
            _ => {}
        }
    }
    s.push_str(&digits);
    s
}

/// The characters of `s`, collected without regrowing (`chars().collect()` starts from a
/// quarter of the byte length and reallocates on the way up).
pub fn char_vec(s: &str) -> Vec<char> {
    let mut v = Vec::with_capacity(s.len());
    v.extend(s.chars());
    v
}

/// The digits of `m` in `base` (2 to 36), lowercase unless `upper`. A magnitude that fits
/// in a machine word (nearly every formatted int) is converted without num-bigint's
/// general algorithm and its allocations.
pub fn magnitude_digits(m: &BigUint, base: u32, upper: bool) -> String {
    match m.to_u64() {
        Some(n) => u64_digits(n, base, upper),
        None => {
            let mut digits = m.to_str_radix(base);
            if upper {
                digits.make_ascii_uppercase();
            }
            digits
        }
    }
}

/// The decimal digits of `n`, written at the end of `buf` (no allocation: the fault handler
/// uses this from a signal handler). A constant divisor: the compiler divides by multiplying.
pub fn decimal_digits(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[i..]
}

/// The digits of `n` in `base` (2 to 36), lowercase unless `upper`.
pub fn u64_digits(mut n: u64, base: u32, upper: bool) -> String {
    if base == 10 {
        let mut dec = [0u8; 20];
        return std::str::from_utf8(decimal_digits(n, &mut dec)).expect("ASCII digits").to_owned();
    }
    let table: &[u8; 36] =
        if upper { b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" } else { b"0123456789abcdefghijklmnopqrstuvwxyz" };
    // 64 binary digits at most; filled from the right.
    let mut buf = [0u8; 64];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = table[(n % u64::from(base)) as usize];
        n /= u64::from(base);
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[i..]).expect("ASCII digits").to_owned()
}

// ---------------------------------------------------------------------------------------------
// Format-spec mini-language
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Grouping {
    None,
    Comma,
    Underscore,
    /// `_` with `b o x X`: every four digits.
    UnderFour,
}

/// A parsed standard format specifier (`InternalFormatSpec`).
#[derive(Clone, Debug)]
struct Spec {
    fill: char,
    align: char,
    sign: char,
    no_neg_0: bool,
    alt: bool,
    width: i64,
    grouping: Grouping,
    precision: i64,
    ty: char,
}

/// The decimal value of a Unicode decimal digit (`Py_UNICODE_TODECIMAL`).
fn decimal_value(c: char) -> Option<u32> {
    if c.is_ascii_digit() {
        return Some(c as u32 - '0' as u32);
    }
    if (c as u32) < 0x660 {
        return None;
    }
    crate::strmethods::unicode_decimal(c)
}

/// Reads a run of decimal digits from `chars[*pos..]`: `Ok(None)` when there are none.
fn get_integer(chars: &[char], pos: &mut usize) -> Result<Option<i64>, String> {
    let mut acc: i64 = 0;
    let mut n = 0;
    while let Some(d) = chars.get(*pos).and_then(|&c| decimal_value(c)) {
        if acc > (i64::MAX - d as i64) / 10 {
            return Err("Too many decimal digits in format string".into());
        }
        acc = acc * 10 + d as i64;
        *pos += 1;
        n += 1;
    }
    Ok(if n == 0 { None } else { Some(acc) })
}

fn is_align(c: char) -> bool {
    matches!(c, '<' | '>' | '=' | '^')
}

fn code_desc(c: char) -> String {
    if c as u32 > 32 && (c as u32) < 128 {
        format!("'{c}'")
    } else {
        format!("'\\x{:x}'", c as u32)
    }
}

/// `parse_internal_render_format_spec`. Errors are ValueError messages.
fn parse_spec(spec: &str, default_type: char, default_align: char, type_name: &str) -> Result<Spec, String> {
    let chars = char_vec(spec);
    let end = chars.len();
    let mut pos = 0;
    let mut f = Spec {
        fill: ' ',
        align: default_align,
        sign: '\0',
        no_neg_0: false,
        alt: false,
        width: -1,
        grouping: Grouping::None,
        precision: -1,
        ty: default_type,
    };
    let mut fill_specified = false;
    let mut align_specified = false;
    if end >= 2 && is_align(chars[1]) {
        f.align = chars[1];
        f.fill = chars[0];
        fill_specified = true;
        align_specified = true;
        pos = 2;
    } else if end >= 1 && is_align(chars[0]) {
        f.align = chars[0];
        align_specified = true;
        pos = 1;
    }
    if pos < end && matches!(chars[pos], ' ' | '+' | '-') {
        f.sign = chars[pos];
        pos += 1;
    }
    if pos < end && chars[pos] == 'z' {
        f.no_neg_0 = true;
        pos += 1;
    }
    if pos < end && chars[pos] == '#' {
        f.alt = true;
        pos += 1;
    }
    if !fill_specified && pos < end && chars[pos] == '0' {
        f.fill = '0';
        if !align_specified && default_align == '>' {
            f.align = '=';
        }
        pos += 1;
    }
    if let Some(w) = get_integer(&chars, &mut pos)? {
        f.width = w;
    }
    if pos < end && chars[pos] == ',' {
        f.grouping = Grouping::Comma;
        pos += 1;
    }
    if pos < end && chars[pos] == '_' {
        if f.grouping != Grouping::None {
            return Err("Cannot specify both ',' and '_'.".into());
        }
        f.grouping = Grouping::Underscore;
        pos += 1;
    }
    if pos < end && chars[pos] == ',' && f.grouping == Grouping::Underscore {
        return Err("Cannot specify both ',' and '_'.".into());
    }
    if pos < end && chars[pos] == '.' {
        pos += 1;
        match get_integer(&chars, &mut pos)? {
            Some(p) => f.precision = p,
            None => return Err("Format specifier missing precision".into()),
        }
    }
    if end - pos > 1 {
        return Err(format!("Invalid format specifier '{spec}' for object of type '{type_name}'"));
    }
    if end - pos == 1 {
        f.ty = chars[pos];
    }
    if f.grouping != Grouping::None {
        match f.ty {
            'd' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F' | '\0' => {}
            'b' | 'o' | 'x' | 'X' if f.grouping == Grouping::Underscore => f.grouping = Grouping::UnderFour,
            t => {
                let sep = if f.grouping == Grouping::Comma { ',' } else { '_' };
                return Err(format!("Cannot specify '{sep}' with {}.", code_desc(t)));
            }
        }
    }
    Ok(f)
}

/// Pads `body` (of `n` chars) to the spec's width with its fill and alignment.
fn pad(body: &str, n: usize, width: i64, align: char, fill: char) -> String {
    let total = if width >= 0 && (width as usize) > n { width as usize } else { n };
    let left = match align {
        '>' => total - n,
        '^' => (total - n) / 2,
        _ => 0,
    };
    let right = total - n - left;
    let mut s = String::with_capacity(body.len() + total - n);
    s.extend(std::iter::repeat_n(fill, left));
    s.push_str(body);
    s.extend(std::iter::repeat_n(fill, right));
    s
}

/// `_PyUnicode_InsertThousandsGrouping`: groups `digits` (ASCII) by `group` with `sep`,
/// padding on the left with zeros (and separators) up to `min_width` characters.
fn group_digits(digits: &str, group: usize, sep: Option<char>, min_width: i64) -> String {
    if sep.is_none() {
        // No separators: the digits, zero-padded on the left to `min_width`.
        let zeros = (min_width - digits.len() as i64).max(0) as usize;
        let mut s = String::with_capacity(zeros + digits.len());
        s.extend(std::iter::repeat_n('0', zeros));
        s.push_str(digits);
        return s;
    }
    let mut remaining = digits.len() as i64;
    let mut min_width = min_width;
    // Pieces are produced right to left.
    let mut pieces: Vec<String> = Vec::new();
    let take = |remaining: i64, l: i64| -> String {
        let n_zeros = (l - remaining).max(0);
        let n_chars = remaining.min(l).max(0);
        let mut p = "0".repeat(n_zeros as usize);
        let end = remaining as usize;
        p.push_str(&digits[end - n_chars as usize..end]);
        p
    };
    let mut broke = false;
    if sep.is_some() {
        let g = group as i64;
        loop {
            let l = g.min(remaining.max(min_width).max(1));
            let n_chars = remaining.min(l).max(0);
            pieces.push(take(remaining, l));
            remaining -= n_chars;
            min_width -= l;
            if remaining <= 0 && min_width <= 0 {
                broke = true;
                break;
            }
            min_width -= 1;
        }
    }
    if !broke {
        let l = remaining.max(min_width).max(1);
        pieces.push(take(remaining, l));
    }
    pieces.reverse();
    let sep_s = sep.map(|c| c.to_string()).unwrap_or_default();
    pieces.join(&sep_s)
}

/// Lays out a number: `sign`, `prefix`, then `digits` (grouped) and `rest` (decimal point,
/// fraction, exponent, `%`), padded per the spec (`calc_number_widths` + `fill_number`).
fn layout_number(f: &Spec, negative: bool, prefix: &str, digits: &str, rest: &str) -> String {
    let sign = match f.sign {
        '+' => Some(if negative { '-' } else { '+' }),
        ' ' => Some(if negative { '-' } else { ' ' }),
        _ => {
            if negative {
                Some('-')
            } else {
                None
            }
        }
    };
    let n_sign = sign.is_some() as i64;
    let n_prefix = prefix.chars().count() as i64;
    let n_rest = rest.chars().count() as i64;
    let non_digit = n_sign + n_prefix + n_rest;
    let min_width = if f.fill == '0' && f.align == '=' { f.width - non_digit } else { 0 };
    let (group, sep) = match f.grouping {
        Grouping::None => (3, None),
        Grouping::Comma => (3, Some(',')),
        Grouping::Underscore => (3, Some('_')),
        Grouping::UnderFour => (4, Some('_')),
    };
    let grouped = if digits.is_empty() { String::new() } else { group_digits(digits, group, sep, min_width) };
    let n_grouped = grouped.chars().count() as i64;
    let n_padding = f.width - (non_digit + n_grouped);
    let (mut lpad, mut spad, mut rpad) = (0, 0, 0);
    if n_padding > 0 {
        match f.align {
            '<' => rpad = n_padding,
            '^' => {
                lpad = n_padding / 2;
                rpad = n_padding - lpad;
            }
            '=' => spad = n_padding,
            _ => lpad = n_padding,
        }
    }
    let mut s = String::with_capacity((f.width.max(0) + non_digit + n_grouped) as usize);
    let fill = |s: &mut String, n: i64| s.extend(std::iter::repeat_n(f.fill, n.max(0) as usize));
    fill(&mut s, lpad);
    if let Some(c) = sign {
        s.push(c);
    }
    s.push_str(prefix);
    fill(&mut s, spad);
    s.push_str(&grouped);
    s.push_str(rest);
    fill(&mut s, rpad);
    s
}

/// An int's value if `v` is an int (or bool, or int subclass).
fn int_value(v: &Value) -> Option<BigInt> {
    match v {
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::Obj(o) => match &o.payload {
            Payload::Int(b) => Some(b.clone()),
            _ => None,
        },
        _ => None,
    }
}

fn float_value(v: &Value) -> Option<f64> {
    match v {
        Value::Float(f) => Some(*f),
        Value::Obj(o) => match &o.payload {
            Payload::Float(f) => Some(*f),
            _ => None,
        },
        _ => None,
    }
}

/// `int.__format__` for a non-empty spec.
fn format_int(vm: &mut Vm, v: &BigInt, spec: &str, type_name: &str) -> PyResult<String> {
    let f = parse_spec(spec, 'd', '>', type_name).map_err(|m| vm.new_value_error(m))?;
    match f.ty {
        'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => {}
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => {
            let x = match v.to_f64() {
                Some(x) if x.is_finite() => x,
                _ => return Err(vm.new_overflow_error("int too large to convert to float")),
            };
            return format_float_with(vm, x, f);
        }
        t => {
            return Err(
                vm.new_value_error(format!("Unknown format code {} for object of type '{type_name}'", code_desc(t)))
            )
        }
    }
    if f.precision != -1 {
        return Err(vm.new_value_error("Precision not allowed in integer format specifier"));
    }
    if f.no_neg_0 {
        return Err(vm.new_value_error("Negative zero coercion (z) not allowed in integer format specifier"));
    }
    if f.ty == 'c' {
        if f.sign != '\0' {
            return Err(vm.new_value_error("Sign not allowed with integer format specifier 'c'"));
        }
        if f.alt {
            return Err(vm.new_value_error("Alternate form (#) not allowed with integer format specifier 'c'"));
        }
        let c = match v.to_u32().filter(|&c| c < 0x110000) {
            Some(c) => vm.char_for_code(c)?,
            None => {
                if v.to_i64().is_none() {
                    return Err(vm.new_overflow_error("Python int too large to convert to C long"));
                }
                return Err(vm.new_overflow_error("%c arg not in range(0x110000)"));
            }
        };
        let mut g = f.clone();
        g.grouping = Grouping::None;
        // 'c' output has no digits to group; the character is laid out as the number.
        let body = c.to_string();
        let n_padding = g.width - 1;
        let mut s = String::new();
        let (mut l, mut r) = (0, 0);
        if n_padding > 0 {
            match g.align {
                '<' => r = n_padding,
                '^' => {
                    l = n_padding / 2;
                    r = n_padding - l;
                }
                '=' => l = n_padding,
                _ => l = n_padding,
            }
        }
        s.extend(std::iter::repeat_n(g.fill, l as usize));
        s.push_str(&body);
        s.extend(std::iter::repeat_n(g.fill, r as usize));
        return Ok(s);
    }
    let (base, upper) = match f.ty {
        'b' => (2, false),
        'o' => (8, false),
        'x' => (16, false),
        'X' => (16, true),
        _ => (10, false),
    };
    let digits = magnitude_digits(v.magnitude(), base, upper);
    let prefix = if f.alt {
        match f.ty {
            'b' => "0b",
            'o' => "0o",
            'x' => "0x",
            'X' => "0X",
            _ => "",
        }
    } else {
        ""
    };
    Ok(layout_number(&f, v.is_negative(), prefix, &digits, ""))
}

/// `float.__format__` for a parsed spec (also used for ints with float presentation types).
fn format_float_with(vm: &mut Vm, x: f64, f: Spec) -> PyResult<String> {
    let mut ty = f.ty;
    let mut flags = FloatFlags { alt: f.alt, no_neg_0: f.no_neg_0, ..Default::default() };
    let mut default_precision = 6;
    if ty == '\0' {
        flags.add_dot_0 = true;
        ty = 'r';
        default_precision = 0;
    }
    if ty == 'n' {
        ty = 'g';
    }
    let mut val = x;
    let mut add_pct = false;
    if ty == '%' {
        ty = 'f';
        val *= 100.0;
        add_pct = true;
    }
    let precision = if f.precision < 0 {
        default_precision
    } else {
        if ty == 'r' {
            ty = 'g';
        }
        f.precision
    };
    if precision > i32::MAX as i64 {
        return Err(vm.new_value_error("precision too big"));
    }
    let mut text = double_to_string(val, ty, precision as usize, flags);
    if add_pct {
        text.push('%');
    }
    let negative = text.starts_with('-');
    let body = if negative { &text[1..] } else { &text[..] };
    let ndig = body.bytes().take_while(|b| b.is_ascii_digit()).count();
    Ok(layout_number(&f, negative, "", &body[..ndig], &body[ndig..]))
}

fn format_float(vm: &mut Vm, x: f64, spec: &str, type_name: &str) -> PyResult<String> {
    let f = parse_spec(spec, '\0', '>', type_name).map_err(|m| vm.new_value_error(m))?;
    match f.ty {
        '\0' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%' => format_float_with(vm, x, f),
        t => Err(vm.new_value_error(format!("Unknown format code {} for object of type '{type_name}'", code_desc(t)))),
    }
}

fn format_str(vm: &mut Vm, s: &str, spec: &str, type_name: &str) -> PyResult<String> {
    let f = parse_spec(spec, 's', '<', type_name).map_err(|m| vm.new_value_error(m))?;
    if f.ty != 's' {
        return Err(
            vm.new_value_error(format!("Unknown format code {} for object of type '{type_name}'", code_desc(f.ty)))
        );
    }
    if f.sign != '\0' {
        return Err(vm.new_value_error("Sign not allowed in string format specifier"));
    }
    if f.no_neg_0 {
        return Err(vm.new_value_error("Negative zero coercion (z) not allowed in string format specifier"));
    }
    if f.alt {
        return Err(vm.new_value_error("Alternate form (#) not allowed in string format specifier"));
    }
    if f.align == '=' {
        return Err(vm.new_value_error("'=' alignment not allowed in string format specifier"));
    }
    let mut n = s.chars().count();
    let mut body = s;
    if f.precision >= 0 && (f.precision as usize) < n {
        n = f.precision as usize;
        body = match s.char_indices().nth(n) {
            Some((b, _)) => &s[..b],
            None => s,
        };
    }
    Ok(pad(body, n, f.width, f.align, f.fill))
}

/// `format(value, spec)` for builtin ints (and bools), floats and strs (and their subclasses):
/// the body of their `__format__`. Other values get `TypeError`.
pub fn format_spec(vm: &mut Vm, value: &Value, spec: &str) -> PyResult<Value> {
    if spec.is_empty() {
        // Every builtin __format__ with an empty spec is str(self).
        return vm.str(value);
    }
    // For error messages.
    let type_name: std::rc::Rc<str> = match vm.type_of(value).as_type() {
        Some(t) => t.tp_name(),
        None => "".into(),
    };
    if let Some(i) = int_value(value) {
        let s = format_int(vm, &i, spec, &type_name)?;
        return Ok(vm.new_str(s));
    }
    if let Some(x) = float_value(value) {
        let s = format_float(vm, x, spec, &type_name)?;
        return Ok(vm.new_str(s));
    }
    if let Some(s) = value.as_str() {
        let text = s.as_str().to_string();
        let out = format_str(vm, &text, spec, &type_name)?;
        return Ok(vm.new_str(out));
    }
    Err(vm.new_type_error(format!("unsupported format string passed to {type_name}.__format__")))
}

// ---------------------------------------------------------------------------------------------
// Text of str() and repr() results
// ---------------------------------------------------------------------------------------------

fn str_text(vm: &Vm, v: &Value) -> String {
    let _ = vm;
    v.as_str().map(|s| s.as_str().to_string()).unwrap_or_default()
}

fn repr_string(vm: &mut Vm, v: &Value) -> PyResult<String> {
    let r = vm.repr(v)?;
    Ok(str_text(vm, &r))
}

fn str_string(vm: &mut Vm, v: &Value) -> PyResult<String> {
    let r = vm.str(v)?;
    Ok(str_text(vm, &r))
}

// ---------------------------------------------------------------------------------------------
// printf-style formatting: str % args
// ---------------------------------------------------------------------------------------------

/// True if `v`'s type defines `__getitem__` (`PyMapping_Check`), for `%(name)s` lookups.
fn is_mapping(vm: &Vm, v: &Value) -> bool {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Tuple(_) | Payload::Str(_) => false,
            Payload::Dict(_) | Payload::List(_) | Payload::Bytes(_) | Payload::ByteArray(_) | Payload::Range { .. } => {
                true
            }
            Payload::MappingProxy(_) => true,
            _ => {
                let _ = vm;
                let name = "__getitem__";
                crate::types::lookup(&o.class(), name, crate::hash::hash_str(name)).is_some()
            }
        },
        _ => false,
    }
}

struct PercentArgs<'a> {
    items: &'a [Value],
    single: Option<Value>,
    idx: usize,
    /// The value after a `%(key)` lookup, used once.
    keyed: Option<Value>,
}

impl PercentArgs<'_> {
    fn len(&self) -> usize {
        if self.single.is_some() {
            1
        } else {
            self.items.len()
        }
    }
    fn next(&mut self, vm: &Vm) -> PyResult<Value> {
        if let Some(v) = self.keyed.clone() {
            return Ok(v);
        }
        if self.idx < self.len() {
            self.idx += 1;
            Ok(match &self.single {
                Some(v) => v.clone(),
                None => self.items[self.idx - 1].clone(),
            })
        } else {
            Err(vm.new_type_error("not enough arguments for format string"))
        }
    }
}

/// Integer text for `%d %i %u %o %x %X`: sign, `0o/0x/0X` prefix when `alt`, digits
/// zero-padded to `prec`.
fn percent_int(vm: &mut Vm, v: &Value, conv: char, alt: bool, prec: Option<usize>) -> PyResult<String> {
    let (base, upper) = match conv {
        'o' => (8, false),
        'x' => (16, false),
        'X' => (16, true),
        _ => (10, false),
    };
    let (negative, digits) = match v {
        Value::Int(i) => (*i < 0, u64_digits(i.unsigned_abs(), base, upper)),
        _ => {
            let n = percent_int_value(vm, v, conv)?;
            (n.is_negative(), magnitude_digits(n.magnitude(), base, upper))
        }
    };
    let mut s = String::new();
    if negative {
        s.push('-');
    }
    if alt {
        match conv {
            'o' => s.push_str("0o"),
            'x' => s.push_str("0x"),
            'X' => s.push_str("0X"),
            _ => {}
        }
    }
    if let Some(p) = prec {
        for _ in digits.len()..p {
            s.push('0');
        }
    }
    s.push_str(&digits);
    Ok(s)
}

/// The int a `%d`-style conversion formats: an int, a float truncated, or `__index__`.
fn percent_int_value(vm: &mut Vm, v: &Value, conv: char) -> PyResult<BigInt> {
    Ok(match int_value(v) {
        Some(n) => n,
        None => {
            if let Some(x) = float_value(v) {
                if matches!(conv, 'o' | 'x' | 'X') {
                    return Err(
                        vm.new_type_error(format!("%{conv} format: an integer is required, not {}", vm.type_name(v)))
                    );
                }
                if x.is_nan() {
                    return Err(vm.new_value_error("cannot convert float NaN to integer"));
                }
                if x.is_infinite() {
                    return Err(vm.new_overflow_error("cannot convert float infinity to integer"));
                }
                float_to_bigint(x.trunc())
            } else {
                match vm.to_index(v) {
                    Ok(n) => n,
                    Err(_) => {
                        let kind = if matches!(conv, 'o' | 'x' | 'X') { "an integer" } else { "a real number" };
                        return Err(
                            vm.new_type_error(format!("%{conv} format: {kind} is required, not {}", vm.type_name(v)))
                        );
                    }
                }
            }
        }
    })
}

/// The exact integer value of an integral float.
fn float_to_bigint(x: f64) -> BigInt {
    if x.abs() < 9.0e15 {
        return BigInt::from(x as i64);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1075;
    let mant = (bits & ((1u64 << 52) - 1)) | (1u64 << 52);
    let mut m = BigInt::from(mant);
    if exp >= 0 {
        m <<= exp as usize;
    } else {
        m >>= (-exp) as usize;
    }
    if x < 0.0 {
        -m
    } else {
        m
    }
}

/// `str % args` (`PyUnicode_Format`).
pub fn percent_format(vm: &mut Vm, fmt: &str, args: &Value) -> PyResult<Value> {
    let chars = char_vec(fmt);
    let ascii = fmt.is_ascii().then_some(fmt);
    let out = percent_format_chars(vm, &chars, ascii, args, false)?;
    Ok(vm.new_str(out))
}

/// `bytes % args` (`_PyBytes_FormatEx`). The format and every converted piece are bytes; they
/// travel through the shared parser as Latin-1 characters, which maps each byte to one char and
/// back without loss.
pub fn bytes_percent_format(vm: &mut Vm, fmt: &[u8], args: &Value) -> PyResult<Vec<u8>> {
    let chars: Vec<char> = fmt.iter().map(|&b| b as char).collect();
    let out = percent_format_chars(vm, &chars, None, args, true)?;
    Ok(out.chars().map(|c| c as u32 as u8).collect())
}

/// The bytes of a `%b`/`%s` argument in bytes formatting (`format_obj` in bytesobject.c).
fn bytes_arg(vm: &mut Vm, v: &Value) -> PyResult<String> {
    let latin1 = |b: &[u8]| b.iter().map(|&c| c as char).collect::<String>();
    match v.payload() {
        Some(Payload::Bytes(b)) => return Ok(latin1(b)),
        Some(Payload::ByteArray(b)) => return Ok(latin1(&b.borrow())),
        _ => {}
    }
    // Any other exporter of the buffer protocol, in any layout (`_PyBytes_FromBuffer`); a
    // released view or closed mmap gets its ValueError.
    if matches!(v.payload(), Some(Payload::MemoryView(_))) || crate::buffer::layout_quiet(v).is_some() {
        let b = match crate::objects::memoryview::buffer_bytes_any(v) {
            Some(b) => b,
            None => crate::objects::memoryview::bytes_like(vm, v)?,
        };
        return Ok(latin1(&b));
    }
    if let Some(r) = vm.call_special(v, "__bytes__", &[])? {
        return match r.payload() {
            Some(Payload::Bytes(b)) => Ok(latin1(b)),
            _ => Err(vm.new_type_error(format!("__bytes__ returned non-bytes (type {})", vm.type_name(&r)))),
        };
    }
    Err(vm.new_type_error(format!(
        "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
        vm.type_name(v)
    )))
}

/// The int taken by a `*` width or precision; `overflow` is the message for one too large.
fn star_arg(vm: &mut Vm, v: &Value, overflow: &str) -> PyResult<i64> {
    match v {
        Value::Int(w) => Ok(*w),
        Value::Bool(b) => Ok(*b as i64),
        _ => match int_value(v) {
            Some(b) => b.to_i64().ok_or_else(|| vm.new_overflow_error(overflow)),
            None => Err(vm.new_type_error("* wants int")),
        },
    }
}

/// A decimal width or precision starting at `chars[*i]`, at most `limit` (else `ValueError(msg)`).
fn digits(vm: &mut Vm, chars: &[char], i: &mut usize, limit: usize, msg: &str) -> PyResult<usize> {
    let mut n: usize = 0;
    while *i < chars.len() && chars[*i].is_ascii_digit() {
        n = n
            .checked_mul(10)
            .and_then(|w| w.checked_add(chars[*i] as usize - '0' as usize))
            .filter(|&w| w <= limit)
            .ok_or_else(|| vm.new_value_error(msg))?;
        *i += 1;
    }
    Ok(n)
}

/// The shared `%`-format engine over characters; `bytes_mode` switches the conversions and
/// messages that differ between `PyUnicode_Format` and `_PyBytes_FormatEx`.
/// `ascii` is the format itself when it is ASCII (one byte per char): literal text is then
/// copied in runs rather than char by char.
fn percent_format_chars(
    vm: &mut Vm,
    chars: &[char],
    ascii: Option<&str>,
    args: &Value,
    bytes_mode: bool,
) -> PyResult<String> {
    let kind = if bytes_mode { "bytes" } else { "string" };
    let (items, single): (&[Value], Option<Value>) = match args.payload() {
        Some(Payload::Tuple(t)) => (&t[..], None),
        _ => (&[], Some(args.clone())),
    };
    let not_a_mapping = match args.payload() {
        Some(Payload::Tuple(_) | Payload::Str(_)) => true,
        Some(Payload::Bytes(_) | Payload::ByteArray(_)) => bytes_mode,
        _ => false,
    };
    let mapping = if not_a_mapping {
        None
    } else if is_mapping(vm, args) {
        Some(args.clone())
    } else {
        None
    };
    let mut pa = PercentArgs { items, single, idx: 0, keyed: None };
    let mut out = String::with_capacity(chars.len() + 16);
    let mut i = 0;
    let n = chars.len();
    while i < n {
        let c = chars[i];
        if c != '%' {
            let end = chars[i..].iter().position(|&c| c == '%').map_or(n, |k| i + k);
            match ascii {
                Some(text) => out.push_str(&text[i..end]),
                None => out.extend(&chars[i..end]),
            }
            i = end;
            continue;
        }
        i += 1;
        pa.keyed = None;
        if i < n && chars[i] == '%' {
            out.push('%');
            i += 1;
            continue;
        }
        // %(key)
        if i < n && chars[i] == '(' {
            let mapping = match &mapping {
                Some(m) => m.clone(),
                None => return Err(vm.new_type_error("format requires a mapping")),
            };
            i += 1;
            let start = i;
            let mut depth = 1;
            while i < n {
                if chars[i] == ')' {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                } else if chars[i] == '(' {
                    depth += 1;
                }
                i += 1;
            }
            if i >= n {
                return Err(vm.new_value_error("incomplete format key"));
            }
            let key: String = chars[start..i].iter().collect();
            i += 1;
            let k = if bytes_mode {
                vm.new_bytes(key.chars().map(|c| c as u32 as u8).collect::<Vec<u8>>())
            } else {
                vm.new_str(key)
            };
            let v = vm.getitem(&mapping, &k)?;
            pa.keyed = Some(v);
        }
        // flags
        let (mut ljust, mut plus, mut blank, mut alt, mut zero) = (false, false, false, false, false);
        while i < n {
            match chars[i] {
                '-' => ljust = true,
                '+' => plus = true,
                ' ' => blank = true,
                '#' => alt = true,
                '0' => zero = true,
                _ => break,
            }
            i += 1;
        }
        // width
        let width = if i < n && chars[i] == '*' {
            let v = pa.next(vm)?;
            let w = star_arg(vm, &v, "Python int too large to convert to C ssize_t")?;
            // A negative `*` width means left-justify.
            ljust |= w < 0;
            i += 1;
            // A width no string could have: CPython fails allocating it.
            if w.unsigned_abs() as usize > crate::objects::containers::memory_limit() {
                return Err(vm.new_exception_args(&vm.exc.memory_error.clone(), vec![]));
            }
            w.unsigned_abs() as usize
        } else {
            digits(vm, chars, &mut i, isize::MAX as usize, "width too big")?
        };
        // precision
        let mut prec: Option<usize> = None;
        if i < n && chars[i] == '.' {
            i += 1;
            if i < n && chars[i] == '*' {
                let v = pa.next(vm)?;
                let p = star_arg(vm, &v, "Python int too large to convert to C int")?;
                // A `*` precision is a C int.
                if i32::try_from(p).is_err() {
                    return Err(vm.new_overflow_error("Python int too large to convert to C int"));
                }
                prec = Some(if p < 0 { 0 } else { p as usize });
                i += 1;
            } else {
                prec = Some(digits(vm, chars, &mut i, i32::MAX as usize, "precision too big")?);
            }
        }
        if i >= n {
            return Err(vm.new_value_error("incomplete format"));
        }
        let conv = chars[i];
        let conv_index = i;
        i += 1;
        let v = pa.next(vm)?;
        // The formatted text, and whether it is numeric (sign and zero padding apply).
        let (text, numeric) = match conv {
            's' | 'b' if bytes_mode => (bytes_arg(vm, &v)?, false),
            'r' | 'a' if bytes_mode => {
                let r = repr_string(vm, &v)?;
                (crate::objects::strtype::ascii_escape(&r), false)
            }
            'c' if bytes_mode => {
                let byte = match v.payload() {
                    Some(Payload::Bytes(b)) if b.len() == 1 => b[0],
                    Some(Payload::ByteArray(b)) if b.borrow().len() == 1 => b.borrow()[0],
                    _ => match int_value(&v) {
                        Some(b) => match b.to_u8() {
                            Some(c) => c,
                            None => return Err(vm.new_overflow_error("%c arg not in range(256)")),
                        },
                        None => return Err(vm.new_type_error("%c requires an integer in range(256) or a single byte")),
                    },
                };
                ((byte as char).to_string(), false)
            }
            's' => (str_string(vm, &v)?, false),
            'r' => (repr_string(vm, &v)?, false),
            'a' => {
                let r = repr_string(vm, &v)?;
                (crate::objects::strtype::ascii_escape(&r), false)
            }
            'd' | 'i' | 'u' | 'o' | 'x' | 'X' => (percent_int(vm, &v, conv, alt, prec)?, true),
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let x = match float_value(&v) {
                    Some(x) => x,
                    None => match int_value(&v) {
                        Some(b) => b
                            .to_f64()
                            .filter(|x| x.is_finite())
                            .ok_or_else(|| vm.new_overflow_error("int too large to convert to float"))?,
                        None => vm.float_of(&v)?,
                    },
                };
                let flags = FloatFlags { alt, ..Default::default() };
                (double_to_string(x, conv, prec.unwrap_or(6), flags), true)
            }
            'c' => {
                let ch = if let Some(s) = v.as_str() {
                    if s.char_len() != 1 {
                        return Err(vm.new_type_error("%c requires int or char"));
                    }
                    s.as_str().chars().next().unwrap_or('\0')
                } else if let Some(b) = int_value(&v) {
                    match b.to_u32().filter(|&c| c < 0x110000) {
                        Some(c) => vm.char_for_code(c)?,
                        None => return Err(vm.new_overflow_error("%c arg not in range(0x110000)")),
                    }
                } else {
                    return Err(vm.new_type_error("%c requires int or char"));
                };
                (ch.to_string(), false)
            }
            _ => {
                let shown = if (' '..='~').contains(&conv) { conv } else { '?' };
                return Err(vm.new_value_error(format!(
                    "unsupported format character '{shown}' (0x{:x}) at index {conv_index}",
                    conv as u32
                )));
            }
        };
        let text = if matches!(conv, 's' | 'r' | 'a' | 'b') {
            match prec {
                Some(p) if p < text.chars().count() => text.chars().take(p).collect(),
                _ => text,
            }
        } else {
            text
        };
        write_padded(&mut out, &text, conv, numeric, width, ljust, plus, blank, alt, zero);
    }
    if mapping.is_none() && pa.idx < pa.len() {
        return Err(vm.new_type_error(format!("not all arguments converted during {kind} formatting")));
    }
    Ok(out)
}

/// `unicode_format_arg_output`: sign, `0x` prefix and padding of one converted argument.
#[allow(clippy::too_many_arguments)]
fn write_padded(
    out: &mut String,
    text: &str,
    conv: char,
    numeric: bool,
    width: usize,
    ljust: bool,
    plus: bool,
    blank: bool,
    alt: bool,
    zero: bool,
) {
    let chars = char_vec(text);
    let mut len = chars.len();
    let mut pindex = 0;
    let mut sign: Option<char> = None;
    if numeric {
        if !chars.is_empty() && (chars[0] == '-' || chars[0] == '+') {
            sign = Some(chars[0]);
            len -= 1;
            pindex = 1;
        } else if plus {
            sign = Some('+');
        } else if blank {
            sign = Some(' ');
        }
    }
    let fill = if numeric && zero && !ljust { '0' } else { ' ' };
    let mut width = width.max(len);
    if let Some(s) = sign {
        if fill != ' ' {
            out.push(s);
        }
        if width > len {
            width -= 1;
        }
    }
    let prefixed = alt && matches!(conv, 'x' | 'X' | 'o');
    if prefixed {
        if fill != ' ' {
            out.push(chars[pindex]);
            out.push(chars[pindex + 1]);
            pindex += 2;
        }
        width = width.saturating_sub(2);
        len -= 2;
    }
    if width > len && !ljust {
        out.extend(std::iter::repeat_n(fill, width - len));
        width = len;
    }
    if fill == ' ' {
        if let Some(s) = sign {
            out.push(s);
        }
        if prefixed {
            out.push(chars[pindex]);
            out.push(chars[pindex + 1]);
            pindex += 2;
        }
    }
    out.extend(&chars[pindex..]);
    if width > len {
        out.extend(std::iter::repeat_n(' ', width - len));
    }
}

// ---------------------------------------------------------------------------------------------
// str.format
// ---------------------------------------------------------------------------------------------

struct FormatCtx<'a> {
    args: &'a [Value],
    kwargs: &'a [(String, Value)],
    /// Some(next index) while numbering automatically; None once manual numbering is used.
    auto: AutoNumber,
    /// For `format_map`: look names up here instead of `kwargs`.
    mapping: Option<Value>,
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum AutoNumber {
    Unknown,
    Auto(usize),
    Manual,
}

/// `str.format(*args, **kwargs)`.
pub fn str_format(vm: &mut Vm, fmt: &str, args: &[Value], kwargs: &[(String, Value)]) -> PyResult<Value> {
    let mut ctx = FormatCtx { args, kwargs, auto: AutoNumber::Unknown, mapping: None };
    let chars = char_vec(fmt);
    let s = build_string(vm, &chars, &mut ctx, 2)?;
    Ok(vm.new_str(s))
}

/// `str.format_map(mapping)`.
pub fn str_format_map(vm: &mut Vm, fmt: &str, mapping: &Value) -> PyResult<Value> {
    let mut ctx = FormatCtx { args: &[], kwargs: &[], auto: AutoNumber::Unknown, mapping: Some(mapping.clone()) };
    let chars = char_vec(fmt);
    let s = build_string(vm, &chars, &mut ctx, 2)?;
    Ok(vm.new_str(s))
}

fn build_string(vm: &mut Vm, s: &[char], ctx: &mut FormatCtx, depth: i32) -> PyResult<String> {
    if depth <= 0 {
        return Err(vm.new_value_error("Max string recursion exceeded"));
    }
    let mut out = String::with_capacity(s.len() + 16);
    let end = s.len();
    let mut pos = 0;
    while pos < end {
        // Literal text up to the next brace.
        let mut c = '\0';
        let mut markup_follows = false;
        let start = pos;
        while pos < end {
            c = s[pos];
            pos += 1;
            if c == '{' || c == '}' {
                markup_follows = true;
                break;
            }
        }
        let at_end = pos >= end;
        let mut len = pos - start;
        if c == '}' && markup_follows && (at_end || s[pos] != '}') {
            return Err(vm.new_value_error("Single '}' encountered in format string"));
        }
        if at_end && c == '{' && markup_follows {
            return Err(vm.new_value_error("Single '{' encountered in format string"));
        }
        if !at_end && markup_follows {
            if s[pos] == c {
                // An escaped brace: literal text.
                pos += 1;
                markup_follows = false;
            } else {
                len -= 1;
            }
        } else if markup_follows {
            len -= 1;
        }
        out.extend(&s[start..start + len]);
        if !markup_follows {
            continue;
        }
        // A replacement field (`parse_field`): the name runs to '}', ':' or '!'; brackets
        // may contain anything but their closing ']'.
        let name_start = pos;
        let mut c = '\0';
        while pos < end {
            c = s[pos];
            pos += 1;
            match c {
                '{' => return Err(vm.new_value_error("unexpected '{' in field name")),
                '[' => {
                    while pos < end && s[pos] != ']' {
                        pos += 1;
                    }
                    c = '\0';
                }
                '}' | ':' | '!' => break,
                _ => c = '\0',
            }
        }
        let name = &s[name_start..if c == '\0' { pos } else { pos - 1 }];
        let mut conversion = None;
        let mut spec: &[char] = &[];
        let mut needs_expanding = false;
        if c == '!' || c == ':' {
            let mut done = false;
            if c == '!' {
                if pos >= end {
                    return Err(vm.new_value_error("end of string while looking for conversion specifier"));
                }
                conversion = Some(s[pos]);
                pos += 1;
                if pos < end {
                    let c2 = s[pos];
                    pos += 1;
                    if c2 == '}' {
                        done = true;
                    } else if c2 != ':' {
                        return Err(vm.new_value_error("expected ':' after conversion specifier"));
                    }
                }
            }
            if !done {
                let spec_start = pos;
                let mut count = 1;
                let mut spec_end = None;
                while pos < end {
                    let ch = s[pos];
                    pos += 1;
                    if ch == '{' {
                        needs_expanding = true;
                        count += 1;
                    } else if ch == '}' {
                        count -= 1;
                        if count == 0 {
                            spec_end = Some(pos - 1);
                            break;
                        }
                    }
                }
                match spec_end {
                    Some(e) => spec = &s[spec_start..e],
                    None => return Err(vm.new_value_error("unmatched '{' in format spec")),
                }
            }
        } else if c != '}' {
            return Err(vm.new_value_error("expected '}' before end of string"));
        }
        let text = render_field(vm, name, conversion, spec, needs_expanding, ctx, depth)?;
        out.push_str(&text);
    }
    Ok(out)
}

/// One replacement field's text.
fn render_field(
    vm: &mut Vm,
    name: &[char],
    conversion: Option<char>,
    spec: &[char],
    needs_expanding: bool,
    ctx: &mut FormatCtx,
    depth: i32,
) -> PyResult<String> {
    let obj = get_field(vm, name, ctx)?;
    let obj = match conversion {
        None => obj,
        Some('r') => vm.repr(&obj)?,
        Some('s') => vm.str(&obj)?,
        Some('a') => {
            let r = repr_string(vm, &obj)?;
            vm.new_str(crate::objects::strtype::ascii_escape(&r))
        }
        Some(ch) => {
            return Err(vm.new_value_error(if ch as u32 > 32 && (ch as u32) < 127 {
                format!("Unknown conversion specifier {ch}")
            } else {
                format!("Unknown conversion specifier \\x{:x}", ch as u32)
            }))
        }
    };
    let spec_text = if needs_expanding { build_string(vm, spec, ctx, depth - 1)? } else { spec.iter().collect() };
    let spec_v = vm.new_str(spec_text);
    let r = vm.format(&obj, Some(&spec_v))?;
    match r.as_str() {
        Some(s) => Ok(s.as_str().to_string()),
        None => Err(vm.new_type_error(format!("__format__ must return a str, not {}", vm.type_name(&r)))),
    }
}

/// All-ASCII-digit text as an index (`get_integer` in string_format.h), else None.
fn parse_index(vm: &Vm, s: &[char]) -> PyResult<Option<usize>> {
    if s.is_empty() {
        return Ok(None);
    }
    let mut acc: usize = 0;
    for &c in s {
        let d = match decimal_value(c) {
            Some(d) => d as usize,
            None => return Ok(None),
        };
        acc = match acc.checked_mul(10).and_then(|a| a.checked_add(d)).filter(|&a| a <= isize::MAX as usize) {
            Some(a) => a,
            None => return Err(vm.new_value_error("Too many decimal digits in format string")),
        };
    }
    Ok(Some(acc))
}

/// Resolves `first(.attr|[key])*` against the arguments.
fn get_field(vm: &mut Vm, name: &[char], ctx: &mut FormatCtx) -> PyResult<Value> {
    let n = name.len();
    let mut i = 0;
    while i < n && name[i] != '.' && name[i] != '[' {
        i += 1;
    }
    let first = &name[..i];
    let index = parse_index(vm, first)?;
    let mut obj = if first.is_empty() || index.is_some() {
        let idx = if first.is_empty() {
            match ctx.auto {
                AutoNumber::Manual => {
                    return Err(vm
                        .new_value_error("cannot switch from manual field specification to automatic field numbering"))
                }
                AutoNumber::Unknown => {
                    ctx.auto = AutoNumber::Auto(1);
                    0
                }
                AutoNumber::Auto(k) => {
                    ctx.auto = AutoNumber::Auto(k + 1);
                    k
                }
            }
        } else {
            if let AutoNumber::Auto(_) = ctx.auto {
                return Err(
                    vm.new_value_error("cannot switch from automatic field numbering to manual field specification")
                );
            }
            ctx.auto = AutoNumber::Manual;
            index.unwrap_or(0)
        };
        if ctx.mapping.is_some() {
            return Err(vm.new_value_error("Format string contains positional fields"));
        }
        match ctx.args.get(idx) {
            Some(v) => v.clone(),
            None => {
                return Err(
                    vm.new_index_error(format!("Replacement index {idx} out of range for positional args tuple"))
                )
            }
        }
    } else {
        let key: String = first.iter().collect();
        if let Some(m) = ctx.mapping.clone() {
            let k = vm.new_str(key);
            vm.getitem(&m, &k)?
        } else {
            match ctx.kwargs.iter().find(|(k, _)| *k == key) {
                Some((_, v)) => v.clone(),
                None => {
                    let k = vm.new_str(key);
                    return Err(vm.new_key_error(k));
                }
            }
        }
    };
    // The rest: .attr and [key] accessors.
    while i < n {
        let c = name[i];
        i += 1;
        if c == '.' {
            let start = i;
            while i < n && name[i] != '.' && name[i] != '[' {
                i += 1;
            }
            if i == start {
                return Err(vm.new_value_error("Empty attribute in format string"));
            }
            let attr: String = name[start..i].iter().collect();
            let a = vm.new_str(attr);
            obj = vm.getattr(&obj, &a)?;
        } else if c == '[' {
            let start = i;
            while i < n && name[i] != ']' {
                i += 1;
            }
            if i >= n {
                return Err(vm.new_value_error("Missing ']' in format string"));
            }
            let key = &name[start..i];
            i += 1;
            if key.is_empty() {
                return Err(vm.new_value_error("Empty attribute in format string"));
            }
            let k = match parse_index(vm, key)? {
                Some(idx) => Value::Int(idx as i64),
                None => vm.new_str(key.iter().collect::<String>()),
            };
            obj = vm.getitem(&obj, &k)?;
            if i < n && name[i] != '.' && name[i] != '[' {
                return Err(vm.new_value_error("Only '.' or '[' may follow ']' in format field specifier"));
            }
        } else {
            return Err(vm.new_value_error("Only '.' or '[' may follow ']' in format field specifier"));
        }
    }
    Ok(obj)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_matches_cpython() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (100.0, "100.0"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (1.5e300, "1.5e+300"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (123456789012345680.0, "1.2345678901234568e+17"),
            (f64::from_bits(1), "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (0.1 + 0.2, "0.30000000000000004"),
            (9999999999999998.0, "9999999999999998.0"),
            (-1.25e-7, "-1.25e-07"),
        ];
        for (f, want) in cases {
            assert_eq!(float_repr(*f), *want, "repr({f:?})");
        }
    }

    #[test]
    fn printf_floats() {
        assert_eq!(float_format_fixed(2.675, 2), "2.67");
        assert_eq!(float_format_fixed(0.5, 0), "0");
        assert_eq!(float_format_fixed(1.5, 0), "2");
        assert_eq!(float_format_fixed(-0.0001, 2), "-0.00");
        assert_eq!(float_format_fixed(1e20, 1), "100000000000000000000.0");
        assert_eq!(float_format_exp(12345.678, 2), "1.23e+04");
        assert_eq!(float_format_exp(0.0, 3), "0.000e+00");
        assert_eq!(float_format_exp(1e-300, 1), "1.0e-300");
        assert_eq!(float_format_general(0.0001, 6, false), "0.0001");
        assert_eq!(float_format_general(0.00001, 6, false), "1e-05");
        assert_eq!(float_format_general(123456789.0, 6, false), "1.23457e+08");
        assert_eq!(float_format_general(100000.0, 6, false), "100000");
        assert_eq!(float_format_general(1000000.0, 6, false), "1e+06");
        assert_eq!(float_format_general(1.5, 6, true), "1.50000");
        assert_eq!(float_format_general(0.0, 0, false), "0");
        assert_eq!(double_to_string(1e16, 'g', 17, FloatFlags { add_dot_0: true, ..Default::default() }), "1e+16");
        assert_eq!(double_to_string(123.0, 'g', 3, FloatFlags { add_dot_0: true, ..Default::default() }), "1.23e+02");
        assert_eq!(double_to_string(12.0, 'g', 3, FloatFlags { add_dot_0: true, ..Default::default() }), "12.0");
        assert_eq!(double_to_string(f64::INFINITY, 'F', 3, FloatFlags::default()), "INF");
        assert_eq!(double_to_string(-0.0, 'f', 1, FloatFlags { no_neg_0: true, ..Default::default() }), "0.0");
    }

    #[test]
    fn bases() {
        assert_eq!(int_to_base(&BigInt::from(-255), 16, true, false), "-0xff");
        assert_eq!(int_to_base(&BigInt::from(255), 16, true, true), "0XFF");
        assert_eq!(int_to_base(&BigInt::from(5), 2, true, false), "0b101");
        assert_eq!(int_to_base(&BigInt::from(0), 8, true, false), "0o0");
    }

    #[test]
    fn grouping_and_spec() {
        assert_eq!(group_digits("1234", 3, Some(','), 8), "0,001,234");
        assert_eq!(group_digits("1234567", 3, Some(','), 0), "1,234,567");
        assert_eq!(group_digits("12", 3, None, 5), "00012");
        assert_eq!(
            parse_spec("xx", 'd', '>', "int").unwrap_err(),
            "Invalid format specifier 'xx' for object of type 'int'"
        );
        assert_eq!(parse_spec(",s", 's', '<', "str").unwrap_err(), "Cannot specify ',' with 's'.");
        assert_eq!(parse_spec(".", 'd', '>', "int").unwrap_err(), "Format specifier missing precision");
        let s = parse_spec("*^+#012,.3f", '\0', '>', "float").unwrap();
        assert_eq!((s.fill, s.align, s.sign, s.alt, s.width, s.precision, s.ty), ('*', '^', '+', true, 12, 3, 'f'));
        let mut buf = String::new();
        write_padded(&mut buf, "-0x1f", 'x', true, 8, false, false, false, true, true);
        assert_eq!(buf, "-0x0001f");
    }
}
