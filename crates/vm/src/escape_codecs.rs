//! VM stage: the `unicode_escape` and `raw_unicode_escape` codecs of `_codecs` (what pickle
//! protocol 0 writes text with, and what `str.encode("unicode_escape")` reaches through the
//! `encodings` package). Guarantees: CPython 3.11's escapes when encoding (which never fails),
//! its error names (`unicodeescape`, `rawunicodeescape`), reasons and positions when decoding,
//! the same error handlers as the other built-in codecs, and `final=False` leaves an
//! incomplete escape at the end unconsumed. Lone surrogates travel as stand-in characters.

use crate::codecs::{
    bytes_arg, call_handler, custom_handler, decode_error, errors_arg, escape, str_arg, unknown_handler,
};
use crate::func::Args;
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use bytecode::surrogate;

/// Escapes `s` as `unicode_escape` (`raw` false) or `raw_unicode_escape` does.
pub fn escape_encode(s: &str, raw: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        let u = surrogate::code_of(c);
        if u >= 0x100 {
            out.extend_from_slice(escape(u).as_bytes());
        } else if raw {
            out.push(u as u8);
        } else {
            match u {
                0x5C => out.extend_from_slice(b"\\\\"),
                0x09 => out.extend_from_slice(b"\\t"),
                0x0A => out.extend_from_slice(b"\\n"),
                0x0D => out.extend_from_slice(b"\\r"),
                0x20..=0x7E => out.push(u as u8),
                _ => out.extend_from_slice(escape(u).as_bytes()),
            }
        }
    }
    out
}

/// A decoding problem at `start..end`; `incomplete` ones at the end of the input are left
/// for the next call when decoding is not final.
struct Bad {
    end: usize,
    reason: &'static str,
    incomplete: bool,
}

/// The value of `count` hex digits at `b[i..]`, or how far the digits reached.
fn hex_digits(b: &[u8], i: usize, count: usize) -> Result<u32, (usize, bool)> {
    let mut v = 0u32;
    for k in 0..count {
        match b.get(i + k) {
            None => return Err((i + k, true)),
            Some(&x) => match (x as char).to_digit(16) {
                Some(d) => v = (v << 4) | d,
                None => return Err((i + k, false)),
            },
        }
    }
    Ok(v)
}

/// One escape of `unicode_escape` starting at the backslash `b[start]`: the code point (or
/// `None` for a line continuation) and where decoding resumes.
fn unicode_escape_step(b: &[u8], start: usize) -> Result<(Option<Vec<u32>>, usize), Bad> {
    let i = start + 1;
    let Some(&c) = b.get(i) else {
        return Err(Bad { end: b.len(), reason: "\\ at end of string", incomplete: true });
    };
    let one = |u: u32| Ok((Some(vec![u]), i + 1));
    match c {
        b'\n' => Ok((None, i + 1)),
        b'\\' => one(0x5C),
        b'\'' => one(0x27),
        b'"' => one(0x22),
        b'b' => one(0x08),
        b'f' => one(0x0C),
        b't' => one(0x09),
        b'n' => one(0x0A),
        b'r' => one(0x0D),
        b'v' => one(0x0B),
        b'a' => one(0x07),
        b'0'..=b'7' => {
            let mut v = (c - b'0') as u32;
            let mut j = i + 1;
            while j < i + 3 && j < b.len() && (b'0'..=b'7').contains(&b[j]) {
                v = v * 8 + (b[j] - b'0') as u32;
                j += 1;
            }
            Ok((Some(vec![v]), j))
        }
        b'x' | b'u' | b'U' => {
            let (count, reason) = match c {
                b'x' => (2, "truncated \\xXX escape"),
                b'u' => (4, "truncated \\uXXXX escape"),
                _ => (8, "truncated \\UXXXXXXXX escape"),
            };
            match hex_digits(b, i + 1, count) {
                Ok(v) if v > 0x10FFFF => {
                    Err(Bad { end: i + 1 + count, reason: "illegal Unicode character", incomplete: false })
                }
                Ok(v) => Ok((Some(vec![v]), i + 1 + count)),
                Err((end, incomplete)) => Err(Bad { end, reason, incomplete }),
            }
        }
        b'N' => named_escape(b, i + 1),
        _ => Ok((Some(vec![0x5C, c as u32]), i + 1)),
    }
}

/// `\N{NAME}` after the `N` (at `i`).
fn named_escape(b: &[u8], i: usize) -> Result<(Option<Vec<u32>>, usize), Bad> {
    let malformed = |end, incomplete| Bad { end, reason: "malformed \\N character escape", incomplete };
    match b.get(i) {
        None => return Err(malformed(i, true)),
        Some(b'{') => {}
        Some(_) => return Err(malformed(i, false)),
    }
    let Some(len) = b[i + 1..].iter().position(|&x| x == b'}') else {
        return Err(malformed(b.len(), true));
    };
    if len == 0 {
        return Err(malformed(i + 1, false));
    }
    let close = i + 1 + len;
    let found = std::str::from_utf8(&b[i + 1..close])
        .ok()
        .filter(|name| name.is_ascii())
        .and_then(unicode_names2::character)
        .map(|c| c as u32);
    match found {
        Some(u) => Ok((Some(vec![u]), close + 1)),
        None => Err(Bad { end: close + 1, reason: "unknown Unicode character name", incomplete: false }),
    }
}

/// One escape of `raw_unicode_escape` at the backslash `b[start]`: only `\uXXXX` and
/// `\UXXXXXXXX` are escapes; any other backslash stands for itself.
fn raw_escape_step(b: &[u8], start: usize, last: bool) -> Result<(Option<Vec<u32>>, usize), Bad> {
    let i = start + 1;
    let (count, reason) = match b.get(i) {
        None if last => return Ok((Some(vec![0x5C]), i)),
        None => return Err(Bad { end: b.len(), reason: "\\ at end of string", incomplete: true }),
        Some(b'u') => (4, "truncated \\uXXXX escape"),
        Some(b'U') => (8, "truncated \\UXXXXXXXX escape"),
        Some(&c) => return Ok((Some(vec![0x5C, c as u32]), i + 1)),
    };
    match hex_digits(b, i + 1, count) {
        Ok(v) if v > 0x10FFFF => Err(Bad { end: i + 1 + count, reason: "\\Uxxxxxxxx out of range", incomplete: false }),
        Ok(v) => Ok((Some(vec![v]), i + 1 + count)),
        Err((end, incomplete)) => Err(Bad { end, reason, incomplete }),
    }
}

/// Decodes `b` with either escape codec; returns the text and how many bytes were consumed.
pub fn escape_decode(vm: &mut Vm, b: &[u8], raw: bool, errors: &str, last: bool) -> PyResult<(String, usize)> {
    let name = if raw { "rawunicodeescape" } else { "unicodeescape" };
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x != b'\\' {
            out.push(x as char);
            i += 1;
            continue;
        }
        let step = if raw { raw_escape_step(b, i, last) } else { unicode_escape_step(b, i) };
        match step {
            Ok((codes, next)) => {
                for u in codes.into_iter().flatten() {
                    out.push(vm.char_for_code(u)?);
                }
                i = next;
            }
            Err(bad) if bad.incomplete && !last => return Ok((out, i)),
            Err(bad) => i = handle_error(vm, errors, name, b, i, &bad, &mut out)?,
        }
    }
    Ok((out, b.len()))
}

/// Applies the error handler to the undecodable `b[start..bad.end]`; returns where to resume.
fn handle_error(
    vm: &mut Vm,
    errors: &str,
    name: &str,
    b: &[u8],
    start: usize,
    bad: &Bad,
    out: &mut String,
) -> PyResult<usize> {
    let end = bad.end;
    match errors {
        "strict" => Err(decode_error(vm, name, b, start, end, bad.reason)),
        "ignore" => Ok(end),
        "replace" => {
            out.push('\u{FFFD}');
            Ok(end)
        }
        "backslashreplace" => {
            b[start..end].iter().for_each(|&x| out.push_str(&escape(x as u32)));
            Ok(end)
        }
        "surrogateescape" => {
            if b[start..end].iter().any(|&x| x < 0x80) {
                return Err(decode_error(vm, name, b, start, end, bad.reason));
            }
            for &x in &b[start..end] {
                out.push(surrogate::char_for(0xDC00 + x as u32).unwrap_or('\u{FFFD}'));
            }
            Ok(end)
        }
        "surrogatepass" => Err(decode_error(vm, name, b, start, end, bad.reason)),
        other => {
            let Some(h) = custom_handler(vm, other) else { return Err(unknown_handler(vm, other)) };
            let exc = decode_error(vm, name, b, start, end, bad.reason);
            let (rep, pos) = call_handler(vm, &h, &exc, b.len(), false)?;
            if let Some(r) = rep.as_str() {
                out.push_str(r.as_str());
            }
            Ok(pos)
        }
    }
}

/// `unicode_escape_encode(str, errors=None)` and the raw one → `(bytes, length)`.
pub fn escape_encode_fn(vm: &mut Vm, args: Args, fname: &str, raw: bool) -> PyResult<Value> {
    let a = args.range(vm, fname, 1, 2)?;
    let s = str_arg(vm, fname, &a[0])?;
    let n = s.char_len();
    errors_arg(vm, a.get(1))?;
    let b = escape_encode(s.as_str(), raw);
    let bv = vm.new_bytes(b);
    Ok(vm.new_tuple(vec![bv, Value::Int(n as i64)]))
}

/// `unicode_escape_decode(data, errors=None, final=True)` and the raw one → `(str, consumed)`;
/// a str argument is decoded from its UTF-8 bytes.
pub fn escape_decode_fn(vm: &mut Vm, args: Args, fname: &str, raw: bool) -> PyResult<Value> {
    let a = args.range(vm, fname, 1, 3)?;
    let b = match a[0].as_str() {
        Some(s) => crate::codecs::encode_with(vm, s.as_str(), crate::codecs::Codec::Utf8, "strict")?,
        None => bytes_arg(vm, &a[0])?,
    };
    let errors = errors_arg(vm, a.get(1))?;
    let last = match a.get(2) {
        Some(v) => vm.truthy(v)?,
        None => true,
    };
    let (s, n) = escape_decode(vm, &b, raw, &errors, last)?;
    let sv = vm.new_str(s);
    Ok(vm.new_tuple(vec![sv, Value::Int(n as i64)]))
}

/// `escape_encode(bytes, errors=None)`: the bytes as their repr writes them, without quotes.
pub fn bytes_escape_encode_fn(vm: &mut Vm, args: Args, fname: &str) -> PyResult<Value> {
    let a = args.range(vm, fname, 1, 2)?;
    let Some(crate::value::Payload::Bytes(b)) = a[0].payload() else {
        return Err(vm.new_type_error(format!("{fname}() argument 1 must be bytes, not {}", vm.type_name(&a[0]))));
    };
    errors_arg(vm, a.get(1))?;
    let mut out = Vec::with_capacity(b.len());
    for &x in b.iter() {
        match x {
            b'\\' | b'\'' => out.extend_from_slice(&[b'\\', x]),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            0x20..=0x7E => out.push(x),
            _ => out.extend_from_slice(escape(x as u32).as_bytes()),
        }
    }
    let n = b.len();
    let bv = vm.new_bytes(out);
    Ok(vm.new_tuple(vec![bv, Value::Int(n as i64)]))
}

/// `escape_decode(data, errors=None)`: bytes literal escapes (`PyBytes_DecodeEscape`); a bad
/// `\x` is a ValueError unless `errors` is `ignore` or `replace`.
pub fn bytes_escape_decode_fn(vm: &mut Vm, args: Args, fname: &str) -> PyResult<Value> {
    let a = args.range(vm, fname, 1, 2)?;
    let b = match a[0].as_str() {
        Some(s) => crate::codecs::encode_with(vm, s.as_str(), crate::codecs::Codec::Utf8, "strict")?,
        None => bytes_arg(vm, &a[0])?,
    };
    let errors = errors_arg(vm, a.get(1))?;
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            out.push(b[i]);
            i += 1;
            continue;
        }
        let Some(&c) = b.get(i + 1) else {
            return Err(vm.new_value_error("Trailing \\ in string"));
        };
        let simple = match c {
            b'\n' => Some(None),
            b'\\' | b'\'' | b'"' => Some(Some(c)),
            b'b' => Some(Some(0x08)),
            b'f' => Some(Some(0x0C)),
            b't' => Some(Some(b'\t')),
            b'n' => Some(Some(b'\n')),
            b'r' => Some(Some(b'\r')),
            b'v' => Some(Some(0x0B)),
            b'a' => Some(Some(0x07)),
            _ => None,
        };
        if let Some(byte) = simple {
            out.extend(byte);
            i += 2;
            continue;
        }
        match c {
            b'0'..=b'7' => {
                let mut v = (c - b'0') as u32;
                let mut j = i + 2;
                while j < i + 4 && j < b.len() && (b'0'..=b'7').contains(&b[j]) {
                    v = v * 8 + (b[j] - b'0') as u32;
                    j += 1;
                }
                out.push(v as u8);
                i = j;
            }
            b'x' => match hex_digits(&b, i + 2, 2) {
                Ok(v) => {
                    out.push(v as u8);
                    i += 4;
                }
                Err(_) => {
                    match errors.as_str() {
                        "strict" => return Err(vm.new_value_error(format!("invalid \\x escape at position {i}"))),
                        "replace" => out.push(b'?'),
                        "ignore" => {}
                        other => {
                            return Err(
                                vm.new_value_error(format!("decoding error; unknown error handling code: {other}"))
                            )
                        }
                    }
                    i += 2;
                    if b.get(i).is_some_and(|x| x.is_ascii_hexdigit()) {
                        i += 1;
                    }
                }
            },
            _ => {
                out.extend_from_slice(&[b'\\', c]);
                i += 2;
            }
        }
    }
    let bv = vm.new_bytes(out);
    Ok(vm.new_tuple(vec![bv, Value::Int(b.len() as i64)]))
}
