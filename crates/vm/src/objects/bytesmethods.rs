//! VM stage: the methods of `bytes` and `bytearray` — ASCII-only case and class tests (as
//! CPython's `Py_ISxxx` on bytes), searching, splitting, joining, padding, `hex`/`fromhex`,
//! comparisons and repetition; `bytearray` adds in-place mutation.

use crate::func::{Args, MethodDef};
use crate::value::{Object, Payload, Value};
use crate::vm::{PyResult, Vm};
use std::cell::RefCell;
use std::rc::Rc;

fn data(v: &Value) -> Option<Vec<u8>> {
    crate::objects::memoryview::buffer_bytes(v)
}

/// The receiver's bytes: borrowed from an (immutable) bytes object, copied from anything
/// else (a bytearray could be resized by code the method runs).
fn this<'a>(args: &Args<'a>) -> std::borrow::Cow<'a, [u8]> {
    match args.args[0].payload() {
        Some(Payload::Bytes(b)) => std::borrow::Cow::Borrowed(&b[..]),
        _ => std::borrow::Cow::Owned(data(&args.args[0]).unwrap_or_default()),
    }
}

/// A result of the same type as `like` (bytes methods on a bytearray return bytearrays).
fn same_kind(vm: &Vm, like: &Value, b: Vec<u8>) -> Value {
    match like.payload() {
        Some(Payload::ByteArray(_)) => {
            Value::Obj(Object::new(vm.types.bytearray.clone(), Payload::ByteArray(RefCell::new(b))))
        }
        _ => vm.new_bytes(b),
    }
}

fn arg_bytes(vm: &Vm, v: &Value, what: &str) -> PyResult<Vec<u8>> {
    crate::objects::memoryview::bytes_like_or(vm, v, |vm| {
        vm.new_type_error(format!("{what}a bytes-like object is required, not '{}'", vm.type_name(v)))
    })
}

/// `iter(v)`, with a TypeError from it replaced by `msg(type name)`.
fn iter_or(vm: &mut Vm, v: &Value, msg: impl FnOnce(&str) -> String) -> PyResult<Value> {
    match vm.iter(v) {
        Err(e) if vm.isinstance_exc(&e, &vm.exc.type_error.clone()) => {
            let m = msg(&vm.type_name(v));
            Err(vm.new_type_error(m))
        }
        r => r,
    }
}

const ASCII_WS: &[u8] = b" \t\n\r\x0b\x0c";

macro_rules! map_bytes {
    ($name:ident, |$b:ident| $e:expr) => {
        fn $name(vm: &mut Vm, args: Args) -> PyResult<Value> {
            args.noargs(vm, &stringify!($name)[2..])?;
            let d = this(&args);
            let out: Vec<u8> = d.iter().map(|&$b| $e).collect();
            Ok(same_kind(vm, &args.args[0], out))
        }
    };
}
map_bytes!(b_upper, |c| c.to_ascii_uppercase());
map_bytes!(b_lower, |c| c.to_ascii_lowercase());
map_bytes!(b_swapcase, |c| if c.is_ascii_lowercase() { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() });

macro_rules! test_bytes {
    ($name:ident, |$b:ident| $e:expr) => {
        fn $name(vm: &mut Vm, args: Args) -> PyResult<Value> {
            args.noargs(vm, &stringify!($name)[2..])?;
            let d = this(&args);
            Ok(Value::Bool(!d.is_empty() && d.iter().all(|&$b| $e)))
        }
    };
}
test_bytes!(b_isdigit, |c| c.is_ascii_digit());
test_bytes!(b_isalpha, |c| c.is_ascii_alphabetic());
test_bytes!(b_isalnum, |c| c.is_ascii_alphanumeric());
test_bytes!(b_isspace, |c| ASCII_WS.contains(&c));

fn b_isupper(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "isupper")?;
    let d = this(&args);
    Ok(Value::Bool(d.iter().any(|c| c.is_ascii_uppercase()) && !d.iter().any(|c| c.is_ascii_lowercase())))
}
fn b_islower(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "islower")?;
    let d = this(&args);
    Ok(Value::Bool(d.iter().any(|c| c.is_ascii_lowercase()) && !d.iter().any(|c| c.is_ascii_uppercase())))
}
fn b_isascii(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "isascii")?;
    Ok(Value::Bool(this(&args).is_ascii()))
}

fn strip_set(vm: &mut Vm, args: &Args, name: &str) -> PyResult<Vec<u8>> {
    let a = args.posonly(vm, name, 0, 1)?;
    match a.get(1) {
        Some(v) if !v.is_none() => arg_bytes(vm, v, ""),
        _ => Ok(ASCII_WS.to_vec()),
    }
}

fn b_strip_impl(vm: &mut Vm, args: Args, name: &str, left: bool, right: bool) -> PyResult<Value> {
    let set = strip_set(vm, &args, name)?;
    let d = this(&args);
    let mut s = 0;
    let mut e = d.len();
    if left {
        while s < e && set.contains(&d[s]) {
            s += 1;
        }
    }
    if right {
        while e > s && set.contains(&d[e - 1]) {
            e -= 1;
        }
    }
    Ok(same_kind(vm, &args.args[0], d[s..e].to_vec()))
}
fn b_strip(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_strip_impl(vm, a, "strip", true, true)
}
fn b_lstrip(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_strip_impl(vm, a, "lstrip", true, false)
}
fn b_rstrip(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_strip_impl(vm, a, "rstrip", false, true)
}

fn find_sub(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return if from <= hay.len() { Some(from) } else { None };
    }
    if needle.len() > hay.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| &hay[i..i + needle.len()] == needle)
}

fn rfind_sub(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len()).rev().find(|&i| &hay[i..i + needle.len()] == needle)
}

fn needle_of(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    match v {
        Value::Int(i) if (0..256).contains(i) => Ok(vec![*i as u8]),
        Value::Int(_) => Err(vm.new_value_error("byte must be in range(0, 256)")),
        _ => arg_bytes(vm, v, "argument should be integer or bytes-like object, not "),
    }
}

/// The `[start:end]` window of `find`/`count`/`startswith` arguments.
fn window(vm: &mut Vm, len: usize, a: &[Value]) -> PyResult<(usize, usize)> {
    let norm = |vm: &mut Vm, v: Option<&Value>, default: i64| -> PyResult<usize> {
        let i = match v {
            Some(x) if !x.is_none() => vm.to_i64_index(x)?,
            _ => default,
        };
        let i = if i < 0 { (i + len as i64).max(0) } else { i.min(len as i64) };
        Ok(i as usize)
    };
    let s = norm(vm, a.get(2), 0)?;
    let e = norm(vm, a.get(3), len as i64)?;
    Ok((s, e))
}

fn b_find_impl(vm: &mut Vm, args: Args, name: &str, rev: bool, raise: bool) -> PyResult<Value> {
    let a = args.varargs(vm, name, 1, 3)?;
    let d = this(&args);
    let n = needle_of(vm, &a[1])?;
    let (s, e) = window(vm, d.len(), a)?;
    let r = if s > e {
        None
    } else if rev {
        rfind_sub(&d[s..e], &n).map(|i| i + s)
    } else {
        find_sub(&d[s..e], &n, 0).map(|i| i + s)
    };
    match r {
        Some(i) => Ok(Value::Int(i as i64)),
        None if raise => Err(vm.new_value_error("subsection not found")),
        None => Ok(Value::Int(-1)),
    }
}
fn b_find(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_find_impl(vm, a, "find", false, false)
}
fn b_rfind(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_find_impl(vm, a, "rfind", true, false)
}
fn b_index(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_find_impl(vm, a, "index", false, true)
}
fn b_rindex(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_find_impl(vm, a, "rindex", true, true)
}

fn b_count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.varargs(vm, "count", 1, 3)?;
    let d = this(&args);
    let n = needle_of(vm, &a[1])?;
    let (s, e) = window(vm, d.len(), a)?;
    if s > e {
        return Ok(Value::Int(0));
    }
    let hay = &d[s..e];
    if n.is_empty() {
        return Ok(Value::Int(hay.len() as i64 + 1));
    }
    let mut count = 0;
    let mut i = 0;
    while let Some(p) = find_sub(hay, &n, i) {
        count += 1;
        i = p + n.len();
    }
    Ok(Value::Int(count))
}

fn prefix_impl(vm: &mut Vm, args: Args, name: &str, end: bool) -> PyResult<Value> {
    let a = args.varargs(vm, name, 1, 3)?;
    let d = this(&args);
    let (s, e) = window(vm, d.len(), a)?;
    let hay = if s <= e { &d[s..e] } else { &d[0..0] };
    let options: Vec<Vec<u8>> = match a[1].payload() {
        Some(Payload::Tuple(t)) => t.iter().map(|x| arg_bytes(vm, x, "")).collect::<PyResult<_>>()?,
        _ => vec![crate::objects::memoryview::bytes_like_or(vm, &a[1], |vm| {
            vm.new_type_error(format!(
                "{name} first arg must be bytes or a tuple of bytes, not {}",
                vm.type_name(&a[1])
            ))
        })?],
    };
    Ok(Value::Bool(options.iter().any(|o| if end { hay.ends_with(o) } else { hay.starts_with(o) })))
}
fn b_startswith(vm: &mut Vm, a: Args) -> PyResult<Value> {
    prefix_impl(vm, a, "startswith", false)
}
fn b_endswith(vm: &mut Vm, a: Args) -> PyResult<Value> {
    prefix_impl(vm, a, "endswith", true)
}

fn split_impl(vm: &mut Vm, args: Args, name: &str, rev: bool) -> PyResult<Value> {
    let rest = args.rest();
    let [sep, maxsplit] = rest.bind(vm, name, ["sep", "maxsplit"], 0)?;
    let d = this(&args);
    let max = match maxsplit {
        Some(m) => vm.to_i64_index(&m)?,
        None => -1,
    };
    let mut parts: Vec<Vec<u8>> = Vec::new();
    match sep.filter(|s| !s.is_none()) {
        None => {
            // Runs of ASCII whitespace separate; no empty strings.
            let words: Vec<&[u8]> = d.split(|c| ASCII_WS.contains(c)).filter(|w| !w.is_empty()).collect();
            if max < 0 || (words.len() as i64) <= max + 1 {
                parts = words.iter().map(|w| w.to_vec()).collect();
            } else if !rev {
                let mut i = 0;
                let mut n = 0;
                while n < max {
                    while i < d.len() && ASCII_WS.contains(&d[i]) {
                        i += 1;
                    }
                    let st = i;
                    while i < d.len() && !ASCII_WS.contains(&d[i]) {
                        i += 1;
                    }
                    parts.push(d[st..i].to_vec());
                    n += 1;
                }
                while i < d.len() && ASCII_WS.contains(&d[i]) {
                    i += 1;
                }
                if i < d.len() {
                    parts.push(d[i..].to_vec());
                }
            } else {
                let mut e = d.len();
                let mut n = 0;
                while n < max {
                    while e > 0 && ASCII_WS.contains(&d[e - 1]) {
                        e -= 1;
                    }
                    let en = e;
                    while e > 0 && !ASCII_WS.contains(&d[e - 1]) {
                        e -= 1;
                    }
                    parts.push(d[e..en].to_vec());
                    n += 1;
                }
                while e > 0 && ASCII_WS.contains(&d[e - 1]) {
                    e -= 1;
                }
                if e > 0 {
                    parts.push(d[..e].to_vec());
                }
                parts.reverse();
            }
        }
        Some(s) => {
            let sep = arg_bytes(vm, &s, "")?;
            if sep.is_empty() {
                return Err(vm.new_value_error("empty separator"));
            }
            if !rev {
                let mut i = 0;
                let mut n = 0;
                while max < 0 || n < max {
                    match find_sub(&d, &sep, i) {
                        Some(p) => {
                            parts.push(d[i..p].to_vec());
                            i = p + sep.len();
                            n += 1;
                        }
                        None => break,
                    }
                }
                parts.push(d[i..].to_vec());
            } else {
                let mut e = d.len();
                let mut n = 0;
                while max < 0 || n < max {
                    match rfind_sub(&d[..e], &sep) {
                        Some(p) => {
                            parts.push(d[p + sep.len()..e].to_vec());
                            e = p;
                            n += 1;
                        }
                        None => break,
                    }
                }
                parts.push(d[..e].to_vec());
                parts.reverse();
            }
        }
    }
    let items = parts.into_iter().map(|p| same_kind(vm, &args.args[0], p)).collect();
    Ok(vm.new_list(items))
}
fn b_split(vm: &mut Vm, a: Args) -> PyResult<Value> {
    split_impl(vm, a, "split", false)
}
fn b_rsplit(vm: &mut Vm, a: Args) -> PyResult<Value> {
    split_impl(vm, a, "rsplit", true)
}

fn b_splitlines(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let rest = args.rest();
    let [keep] = rest.bind(vm, "splitlines", ["keepends"], 0)?;
    let keep = match keep {
        Some(k) => vm.truthy(&k)?,
        None => false,
    };
    let d = this(&args);
    let mut out = Vec::new();
    let mut i = 0;
    let mut start = 0;
    while i < d.len() {
        let eol = match d[i] {
            b'\n' => 1,
            b'\r' if d.get(i + 1) == Some(&b'\n') => 2,
            b'\r' => 1,
            _ => 0,
        };
        if eol > 0 {
            let end = if keep { i + eol } else { i };
            out.push(same_kind(vm, &args.args[0], d[start..end].to_vec()));
            i += eol;
            start = i;
        } else {
            i += 1;
        }
    }
    if start < d.len() {
        out.push(same_kind(vm, &args.args[0], d[start..].to_vec()));
    }
    Ok(vm.new_list(out))
}

fn b_join(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "join")?;
    let sep = this(&args);
    let mut out = Vec::new();
    let it = iter_or(vm, &a[1], |_| "can only join an iterable".to_string())?;
    // `PySequence_Fast`: the items of `list(iter(iterable))`.
    for (i, item) in vm.sequence_list(&it)?.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(&sep);
        }
        let b = data(item).ok_or_else(|| {
            vm.new_type_error(format!("sequence item {i}: expected a bytes-like object, {} found", vm.type_name(item)))
        })?;
        out.extend_from_slice(&b);
    }
    Ok(same_kind(vm, &a[0], out))
}

fn b_replace(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "replace", 2, 3)?;
    let d = this(&args);
    let old = arg_bytes(vm, &a[1], "")?;
    let new = arg_bytes(vm, &a[2], "")?;
    let max = match a.get(3) {
        Some(m) => vm.to_i64_index(m)?,
        None => -1,
    };
    let mut out = Vec::new();
    let mut i = 0;
    let mut n = 0;
    if old.is_empty() {
        for (k, &c) in d.iter().enumerate() {
            if max < 0 || (k as i64) < max {
                out.extend_from_slice(&new);
            }
            out.push(c);
        }
        if max < 0 || (d.len() as i64) < max {
            out.extend_from_slice(&new);
        }
        return Ok(same_kind(vm, &a[0], out));
    }
    while max < 0 || n < max {
        match find_sub(&d, &old, i) {
            Some(p) => {
                out.extend_from_slice(&d[i..p]);
                out.extend_from_slice(&new);
                i = p + old.len();
                n += 1;
            }
            None => break,
        }
    }
    out.extend_from_slice(&d[i..]);
    Ok(same_kind(vm, &a[0], out))
}

fn partition_impl(vm: &mut Vm, args: Args, rev: bool) -> PyResult<Value> {
    let a = args.one(vm, if rev { "rpartition" } else { "partition" })?;
    let d = this(&args);
    let sep = arg_bytes(vm, &a[1], "")?;
    if sep.is_empty() {
        return Err(vm.new_value_error("empty separator"));
    }
    let pos = if rev { rfind_sub(&d, &sep) } else { find_sub(&d, &sep, 0) };
    let k = |vm: &Vm, b: &[u8]| same_kind(vm, &a[0], b.to_vec());
    // `bytes.partition` hands back the separator object itself (any bytes-like object);
    // `bytearray.partition` a new bytearray of it.
    let found_sep = |vm: &Vm| match a[0].payload() {
        Some(Payload::Bytes(_)) => a[1].clone(),
        _ => k(vm, &sep),
    };
    let parts = match pos {
        Some(p) => vec![k(vm, &d[..p]), found_sep(vm), k(vm, &d[p + sep.len()..])],
        None if rev => vec![k(vm, b""), k(vm, b""), k(vm, &d)],
        None => vec![k(vm, &d), k(vm, b""), k(vm, b"")],
    };
    Ok(vm.new_tuple(parts))
}
fn b_partition(vm: &mut Vm, a: Args) -> PyResult<Value> {
    partition_impl(vm, a, false)
}
fn b_rpartition(vm: &mut Vm, a: Args) -> PyResult<Value> {
    partition_impl(vm, a, true)
}

fn pad_impl(vm: &mut Vm, args: Args, name: &str, how: u8) -> PyResult<Value> {
    let a = args.posonly(vm, name, 1, 2)?;
    let d = this(&args);
    let width = vm.to_i64_index(&a[1])?.max(0) as usize;
    let fill = match a.get(2) {
        Some(f) => match data(f) {
            Some(b) if b.len() == 1 => b[0],
            _ => {
                return Err(vm.new_type_error(format!(
                    "{name}() argument 2 must be a byte string of length 1, not {}",
                    vm.type_name(f)
                )))
            }
        },
        None => b' ',
    };
    if d.len() >= width {
        return Ok(same_kind(vm, &a[0], d.into_owned()));
    }
    let pad = width - d.len();
    let (l, r) = match how {
        b'l' => (0, pad),
        b'r' => (pad, 0),
        _ => {
            let l = pad / 2 + (pad & width & 1);
            (l, pad - l)
        }
    };
    let mut out = vec![fill; l];
    out.extend_from_slice(&d);
    out.extend(std::iter::repeat_n(fill, r));
    Ok(same_kind(vm, &a[0], out))
}
fn b_ljust(vm: &mut Vm, a: Args) -> PyResult<Value> {
    pad_impl(vm, a, "ljust", b'l')
}
fn b_rjust(vm: &mut Vm, a: Args) -> PyResult<Value> {
    pad_impl(vm, a, "rjust", b'r')
}
fn b_center(vm: &mut Vm, a: Args) -> PyResult<Value> {
    pad_impl(vm, a, "center", b'c')
}

fn b_hex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = this(&args);
    let [sep, per] = args.rest().bind(vm, "hex", ["sep", "bytes_per_sep"], 0)?;
    hex_with_sep(vm, &d, sep.as_ref(), per.as_ref())
}

/// `bytes.hex(sep, bytes_per_sep)` (CPython's `_Py_strhex_impl`): a separator every
/// `bytes_per_sep` bytes counted from the right, or from the left when it is negative.
pub fn hex_with_sep(vm: &mut Vm, d: &[u8], sep: Option<&Value>, per: Option<&Value>) -> PyResult<Value> {
    let sep = match sep {
        None => None,
        Some(s) => {
            // `_Py_strhex_impl`: the length first, then the type.
            if vm.len(s)? != 1 {
                return Err(vm.new_value_error("sep must be length 1."));
            }
            let text: Vec<u32> = match s.payload() {
                Some(Payload::Str(t)) => t.code_points().collect(),
                Some(Payload::Bytes(b)) => b.iter().map(|&c| u32::from(c)).collect(),
                _ => return Err(vm.new_type_error("sep must be str or bytes.")),
            };
            if text[0] > 0x7f {
                return Err(vm.new_value_error("sep must be ASCII."));
            }
            Some(text[0] as u8 as char)
        }
    };
    let per = match per {
        Some(p) => vm.to_i64_index(p)?,
        None => 1,
    };
    let mut out = String::with_capacity(d.len() * 3);
    let group = per.unsigned_abs() as usize;
    for (i, b) in d.iter().enumerate() {
        if let (Some(c), true) = (sep, i > 0 && group > 0) {
            // Bytes before this one (from the left) or after it (from the right) in whole groups.
            let boundary = if per < 0 { i.is_multiple_of(group) } else { (d.len() - i).is_multiple_of(group) };
            if boundary {
                out.push(c);
            }
        }
        out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        out.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    Ok(vm.new_str(out))
}

fn b_fromhex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "fromhex")?;
    let s = a[1]
        .as_str()
        .map(|s| s.as_str().to_string())
        .ok_or_else(|| vm.new_type_error(format!("fromhex() argument must be str, not {}", vm.type_name(&a[1]))))?;
    let mut out = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let hi = chars[i].to_digit(16);
        let lo = chars.get(i + 1).and_then(|c| c.to_digit(16));
        match (hi, lo) {
            (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
            _ => {
                let pos = if hi.is_none() { i } else { i + 1 };
                return Err(
                    vm.new_value_error(format!("non-hexadecimal number found in fromhex() arg at position {pos}"))
                );
            }
        }
        i += 2;
    }
    let cls = a[0].as_obj().cloned().unwrap();
    if std::rc::Rc::ptr_eq(&cls, &vm.types.bytearray) {
        return Ok(Value::Obj(Object::new(cls, Payload::ByteArray(RefCell::new(out)))));
    }
    Ok(vm.new_bytes(out))
}

fn b_contains(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__contains__", 1)?;
    let d = this(&args);
    let n = needle_of(vm, &a[1])?;
    Ok(Value::Bool(find_sub(&d, &n, 0).is_some()))
}

fn b_mod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__mod__", 1)?;
    let out = crate::format::bytes_percent_format(vm, &this(&args), &a[1])?;
    Ok(same_kind(vm, &a[0], out))
}

/// `value % self` reaches here only when `value` is not bytes-like itself.
fn b_rmod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.wrapper(vm, "__rmod__", 1)?;
    Ok(vm.not_implemented())
}

fn b_mul(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__mul__", 1)?;
    if !matches!(a[1], Value::Int(_) | Value::Bool(_)) {
        return Ok(vm.not_implemented());
    }
    let n = vm.to_i64_index(&a[1])?.max(0) as usize;
    let overflow = (!matches!(a[0].payload(), Some(Payload::ByteArray(_)))).then_some("repeated bytes are too long");
    let out = crate::objects::containers::repeat_items(vm, &this(&args), n, overflow)?;
    Ok(same_kind(vm, &a[0], out))
}

fn b_cmp(vm: &mut Vm, args: Args, op: u32) -> PyResult<Value> {
    let a = args.exact(vm, "cmp", 2)?;
    // `bytes_richcompare` answers only for bytes (a bytearray answers for itself, reflected);
    // `bytearray_richcompare` for any exporter of the buffer protocol.
    if matches!(a[0].payload(), Some(Payload::Bytes(_)))
        && !matches!(a[1].payload(), Some(Payload::Bytes(_) | Payload::ByteArray(_)))
    {
        return Ok(vm.not_implemented());
    }
    match data(&a[1]) {
        Some(o) => Ok(Value::Bool(crate::ops::compare_ord(this(&args)[..].cmp(&o[..]), op))),
        None => Ok(vm.not_implemented()),
    }
}
fn b_lt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_cmp(vm, a, 0)
}
fn b_le(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_cmp(vm, a, 1)
}
fn b_ne(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_cmp(vm, a, 3)
}
fn b_gt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_cmp(vm, a, 4)
}
fn b_ge(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_cmp(vm, a, 5)
}

fn ba_cell(v: &Value) -> &RefCell<Vec<u8>> {
    match v.payload() {
        Some(Payload::ByteArray(b)) => b,
        _ => unreachable!("bytearray method on another type"),
    }
}

fn byte_value(vm: &mut Vm, v: &Value) -> PyResult<u8> {
    let i = vm.to_i64_index(v)?;
    if !(0..256).contains(&i) {
        return Err(vm.new_value_error("byte must be in range(0, 256)"));
    }
    Ok(i as u8)
}

fn ba_append(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "append")?;
    let b = byte_value(vm, &a[1])?;
    resizable(vm, &a[0])?;
    ba_cell(&a[0]).borrow_mut().push(b);
    Ok(Value::None)
}
fn ba_extend(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "extend")?;
    // An exporter goes through `bytearray_setslice` (`PyBUF_SIMPLE`), whose failure (a
    // released or strided memoryview) has its own message; anything else is iterated.
    let exporter =
        matches!(a[1].payload(), Some(Payload::MemoryView(_))) || crate::buffer::layout_quiet(&a[1]).is_some();
    let add = match data(&a[1]) {
        Some(d) => d,
        None if exporter => {
            return Err(vm.new_type_error(format!("can't set bytearray slice from {}", vm.type_name(&a[1]))))
        }
        None => {
            let it = iter_or(vm, &a[1], |t| format!("can't extend bytearray with {t}"))?;
            // `bytearray_extend` presizes by the length hint.
            vm.observable_length_hint(&a[1], 32)?;
            let mut out = Vec::new();
            while let Some(x) = vm.next(&it)? {
                out.push(byte_value(vm, &x)?);
            }
            out
        }
    };
    if !add.is_empty() {
        resizable(vm, &a[0])?;
    }
    ba_cell(&a[0]).borrow_mut().extend(add);
    Ok(Value::None)
}
fn ba_pop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "pop", 0, 1)?;
    let i = match a.get(1) {
        Some(v) => vm.to_i64_index(v)?,
        None => -1,
    };
    let n = ba_cell(&a[0]).borrow().len() as i64;
    if n == 0 {
        return Err(vm.new_index_error("pop from empty bytearray"));
    }
    let idx = if i < 0 { i + n } else { i };
    if idx < 0 || idx >= n {
        return Err(vm.new_index_error("pop index out of range"));
    }
    resizable(vm, &a[0])?;
    Ok(Value::Int(ba_cell(&a[0]).borrow_mut().remove(idx as usize) as i64))
}
fn ba_insert(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "insert", 2, 2)?;
    let i = vm.to_i64_index(&a[1])?;
    let v = byte_value(vm, &a[2])?;
    resizable(vm, &a[0])?;
    let mut b = ba_cell(&a[0]).borrow_mut();
    let n = b.len() as i64;
    let idx = if i < 0 { (i + n).max(0) } else { i.min(n) };
    b.insert(idx as usize, v);
    Ok(Value::None)
}
fn ba_clear(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "clear")?;
    if !ba_cell(&args.args[0]).borrow().is_empty() {
        resizable(vm, &args.args[0])?;
    }
    ba_cell(&args.args[0]).borrow_mut().clear();
    Ok(Value::None)
}
fn ba_copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "copy")?;
    let d = this(&args);
    Ok(Value::Obj(Object::new(vm.types.bytearray.clone(), Payload::ByteArray(RefCell::new(d.into_owned())))))
}
fn ba_reverse(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "reverse")?;
    ba_cell(&args.args[0]).borrow_mut().reverse();
    Ok(Value::None)
}
fn ba_setitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper_unpack(vm, "__setitem__", 2, 2)?;
    if let Some(Payload::Slice(sl)) = a[1].payload() {
        let (start, stop, step) = &**sl;
        let new = match data(&a[2]) {
            Some(d) => d,
            None => {
                let mut out = Vec::new();
                for x in vm.collect(&a[2])? {
                    out.push(byte_value(vm, &x)?);
                }
                out
            }
        };
        let n = ba_cell(&a[0]).borrow().len();
        let (s, e, st) = vm.slice_indices(start, stop, step, n)?;
        if st != 1 {
            let idx = slice_positions(s, e, st);
            if idx.len() != new.len() {
                return Err(vm.new_value_error(format!(
                    "attempt to assign bytes of size {} to extended slice of size {}",
                    new.len(),
                    idx.len()
                )));
            }
            let mut b = ba_cell(&a[0]).borrow_mut();
            for (i, v) in idx.into_iter().zip(new) {
                b[i] = v;
            }
            return Ok(Value::None);
        }
        let e = e.max(s);
        if new.len() != (e - s) as usize {
            resizable(vm, &a[0])?;
        }
        ba_cell(&a[0]).borrow_mut().splice(s as usize..e as usize, new);
        return Ok(Value::None);
    }
    let i = vm.to_i64_index(&a[1])?;
    let v = byte_value(vm, &a[2])?;
    let mut b = ba_cell(&a[0]).borrow_mut();
    let n = b.len() as i64;
    let idx = if i < 0 { i + n } else { i };
    if idx < 0 || idx >= n {
        drop(b);
        return Err(vm.new_index_error("bytearray index out of range"));
    }
    b[idx as usize] = v;
    Ok(Value::None)
}
fn ba_iadd(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__iadd__", 1)?;
    let add = data(&a[1])
        .ok_or_else(|| vm.new_type_error(format!("can't concat {} to {}", vm.type_name(&a[1]), vm.type_name(&a[0]))))?;
    if !add.is_empty() {
        resizable(vm, &a[0])?;
    }
    ba_cell(&a[0]).borrow_mut().extend(add);
    Ok(a[0].clone())
}

fn ba_imul(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__imul__", 1)?;
    let n = vm.to_i64_index(&a[1])?.max(0) as usize;
    let len = ba_cell(&a[0]).borrow().len();
    // `PyByteArray_Resize` to the same size is no resize.
    if len.checked_mul(n) != Some(len) {
        resizable(vm, &a[0])?;
    }
    let mut b = ba_cell(&a[0]).borrow_mut();
    let repeated = crate::objects::containers::repeat_items(vm, &b, n, None)?;
    *b = repeated;
    drop(b);
    Ok(a[0].clone())
}

fn ba_remove(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "remove")?;
    let v = byte_value(vm, &a[1])?;
    let found = ba_cell(&a[0]).borrow().iter().position(|&x| x == v);
    let Some(i) = found else {
        return Err(vm.new_value_error("value not found in bytearray"));
    };
    resizable(vm, &a[0])?;
    ba_cell(&a[0]).borrow_mut().remove(i);
    Ok(Value::None)
}

fn ba_delitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__delitem__", 1)?;
    let n = ba_cell(&a[0]).borrow().len();
    let doomed: Vec<usize> = if let Some(Payload::Slice(sl)) = a[1].payload() {
        let (start, stop, step) = &**sl;
        let (s, e, st) = vm.slice_indices(start, stop, step, n)?;
        if st != 1 {
            // An extended-slice deletion asks `_canresize` even when it deletes nothing.
            resizable(vm, &a[0])?;
        }
        slice_positions(s, e, st)
    } else {
        let i = vm.to_i64_index(&a[1])?;
        let idx = if i < 0 { i + n as i64 } else { i };
        if idx < 0 || idx >= n as i64 {
            return Err(vm.new_index_error("bytearray index out of range"));
        }
        vec![idx as usize]
    };
    if doomed.is_empty() {
        return Ok(Value::None);
    }
    resizable(vm, &a[0])?;
    let mut b = ba_cell(&a[0]).borrow_mut();
    let mut keep = vec![true; n];
    for i in doomed {
        keep[i] = false;
    }
    let mut k = keep.into_iter();
    b.retain(|_| k.next().unwrap_or(true));
    Ok(Value::None)
}

/// The indices a slice `(start, stop, step)` (already adjusted to the length) selects.
fn slice_positions(s: i64, e: i64, st: i64) -> Vec<usize> {
    crate::objects::containers::slice_positions(s, e, st).collect()
}

/// A bytearray with unreleased memoryviews cannot change size (`BufferError`).
fn resizable(vm: &Vm, v: &Value) -> PyResult<()> {
    crate::buffer::check_unexported(vm, v, "Existing exports of data: object cannot be re-sized")
}

/// `bytes.translate(table, /, delete=b'')`: a 256-byte table (or None) and bytes to drop.
fn b_translate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [table, delete] = args.rest().clinic(vm, "translate", ["table", "delete"], 1, 1, 2)?;
    let table = table.unwrap();
    let table = if table.is_none() {
        None
    } else {
        let t = arg_bytes(vm, &table, "")?;
        if t.len() != 256 {
            return Err(vm.new_value_error("translation table must be 256 characters long"));
        }
        Some(t)
    };
    let delete = match delete {
        Some(d) => arg_bytes(vm, &d, "")?,
        None => Vec::new(),
    };
    let out: Vec<u8> = this(&args)
        .iter()
        .filter(|c| !delete.contains(*c))
        .map(|&c| table.as_ref().map(|t| t[c as usize]).unwrap_or(c))
        .collect();
    Ok(same_kind(vm, &args.args[0], out))
}

pub const BYTES_COMMON: &[MethodDef] = &[
    ("translate", b_translate, ""),
    ("upper", b_upper, ""),
    ("lower", b_lower, ""),
    ("swapcase", b_swapcase, ""),
    ("isdigit", b_isdigit, ""),
    ("isalpha", b_isalpha, ""),
    ("isalnum", b_isalnum, ""),
    ("isspace", b_isspace, ""),
    ("isupper", b_isupper, ""),
    ("islower", b_islower, ""),
    ("isascii", b_isascii, ""),
    ("strip", b_strip, ""),
    ("lstrip", b_lstrip, ""),
    ("rstrip", b_rstrip, ""),
    ("find", b_find, ""),
    ("rfind", b_rfind, ""),
    ("index", b_index, ""),
    ("rindex", b_rindex, ""),
    ("count", b_count, ""),
    ("startswith", b_startswith, ""),
    ("endswith", b_endswith, ""),
    ("split", b_split, ""),
    ("rsplit", b_rsplit, ""),
    ("splitlines", b_splitlines, ""),
    ("join", b_join, ""),
    ("replace", b_replace, ""),
    ("partition", b_partition, ""),
    ("rpartition", b_rpartition, ""),
    ("ljust", b_ljust, ""),
    ("rjust", b_rjust, ""),
    ("center", b_center, ""),
    ("hex", b_hex, ""),
    ("__contains__", b_contains, ""),
    ("__mod__", b_mod, "Return self%value."),
    ("__rmod__", b_rmod, "Return value%self."),
    ("__mul__", b_mul, ""),
    ("__rmul__", b_mul, ""),
    ("__lt__", b_lt, ""),
    ("__le__", b_le, ""),
    ("__ne__", b_ne, ""),
    ("__gt__", b_gt, ""),
    ("__ge__", b_ge, ""),
];

pub const BYTEARRAY_ONLY: &[MethodDef] = &[
    ("append", ba_append, ""),
    ("extend", ba_extend, ""),
    ("pop", ba_pop, ""),
    ("insert", ba_insert, ""),
    ("clear", ba_clear, ""),
    ("copy", ba_copy, ""),
    ("reverse", ba_reverse, ""),
    ("__setitem__", ba_setitem, ""),
    ("__iadd__", ba_iadd, ""),
    ("__imul__", ba_imul, ""),
    ("__delitem__", ba_delitem, ""),
    ("remove", ba_remove, ""),
    ("__reduce__", ba_reduce, "Return state information for pickling."),
    ("__reduce_ex__", ba_reduce_ex, "Return state information for pickling."),
];

/// `bytearray`'s `_common_reduce`: `(type, (), state)` when empty, else the contents as a
/// Latin-1 str plus `"latin-1"` before protocol 3 and as bytes from protocol 3 on.
fn ba_common_reduce(vm: &mut Vm, this: &Value, proto: i64) -> PyResult<Value> {
    let data = crate::objects::memoryview::buffer_bytes(this).unwrap_or_default();
    let state = match vm.getattr_opt(this, "__getstate__")? {
        Some(g) => vm.call(&g, Args::new(&[]))?,
        None => Value::None,
    };
    let t = Value::Obj(vm.type_of(this));
    let args = if data.is_empty() {
        vec![]
    } else if proto < 3 {
        vec![vm.new_str(data.iter().map(|&x| x as char).collect::<String>()), vm.new_str("latin-1")]
    } else {
        vec![vm.new_bytes(data)]
    };
    let args = vm.new_tuple(args);
    Ok(vm.new_tuple(vec![t, args, state]))
}

fn ba_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__reduce__")?;
    ba_common_reduce(vm, &a[0], 2)
}

fn ba_reduce_ex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "__reduce_ex__", 0, 1)?;
    let proto = match a.get(1) {
        Some(p) => vm.to_i64_index(p)?,
        None => 0,
    };
    ba_common_reduce(vm, &a[0], proto)
}

fn b_capitalize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "capitalize")?;
    let d = this(&args);
    let out: Vec<u8> = d
        .iter()
        .enumerate()
        .map(|(i, c)| if i == 0 { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() })
        .collect();
    Ok(same_kind(vm, &args.args[0], out))
}

/// `title()`: a letter after a non-letter is upper-cased, after a letter lower-cased.
fn b_title(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "title")?;
    let mut prev_cased = false;
    let out: Vec<u8> = this(&args)
        .iter()
        .map(|&c| {
            let r = if prev_cased { c.to_ascii_lowercase() } else { c.to_ascii_uppercase() };
            prev_cased = c.is_ascii_alphabetic();
            r
        })
        .collect();
    Ok(same_kind(vm, &args.args[0], out))
}

fn b_istitle(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "istitle")?;
    let (mut cased, mut prev_cased) = (false, false);
    for &c in this(&args).iter() {
        if c.is_ascii_uppercase() {
            if prev_cased {
                return Ok(Value::Bool(false));
            }
            (prev_cased, cased) = (true, true);
        } else if c.is_ascii_lowercase() {
            if !prev_cased {
                return Ok(Value::Bool(false));
            }
            (prev_cased, cased) = (true, true);
        } else {
            prev_cased = false;
        }
    }
    Ok(Value::Bool(cased))
}

fn b_expandtabs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [tabsize] = args.rest().bind(vm, "expandtabs", ["tabsize"], 0)?;
    let tab = match tabsize {
        Some(t) => vm.to_i64_index(&t)?,
        None => 8,
    };
    let mut out = Vec::new();
    let mut col: i64 = 0;
    for &c in this(&args).iter() {
        match c {
            b'\t' => {
                if tab > 0 {
                    let n = tab - col % tab;
                    out.extend(std::iter::repeat_n(b' ', n as usize));
                    col += n;
                }
            }
            b'\n' | b'\r' => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    Ok(same_kind(vm, &args.args[0], out))
}

fn b_zfill(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "zfill")?;
    let d = this(&args);
    let width = vm.to_i64_index(&a[1])?.max(0) as usize;
    if d.len() >= width {
        if matches!(a[0].payload(), Some(Payload::Bytes(_))) && Rc::ptr_eq(&vm.type_of(&a[0]), &vm.types.bytes) {
            return Ok(a[0].clone());
        }
        return Ok(same_kind(vm, &a[0], d.into_owned()));
    }
    let mut out = vec![b'0'; width - d.len()];
    out.extend_from_slice(&d);
    if let Some(&sign) = d.first().filter(|c| **c == b'+' || **c == b'-') {
        out[0] = sign;
        out[width - d.len()] = b'0';
    }
    Ok(same_kind(vm, &a[0], out))
}

fn affix_impl(vm: &mut Vm, args: Args, name: &str, suffix: bool) -> PyResult<Value> {
    let a = args.one(vm, name)?;
    let d = this(&args);
    let affix = arg_bytes(vm, &a[1], "")?;
    let out = if suffix { d.strip_suffix(&affix[..]) } else { d.strip_prefix(&affix[..]) };
    match out {
        Some(rest) if !affix.is_empty() => Ok(same_kind(vm, &a[0], rest.to_vec())),
        _ if matches!(a[0].payload(), Some(Payload::Bytes(_))) && Rc::ptr_eq(&vm.type_of(&a[0]), &vm.types.bytes) => {
            Ok(a[0].clone())
        }
        _ => Ok(same_kind(vm, &a[0], d.into_owned())),
    }
}
fn b_removeprefix(vm: &mut Vm, a: Args) -> PyResult<Value> {
    affix_impl(vm, a, "removeprefix", false)
}
fn b_removesuffix(vm: &mut Vm, a: Args) -> PyResult<Value> {
    affix_impl(vm, a, "removesuffix", true)
}

/// `bytes.__bytes__()`: the same bytes (a subclass instance gives an exact copy).
fn bytes_bytes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__bytes__")?;
    if Rc::ptr_eq(&vm.type_of(&a[0]), &vm.types.bytes) {
        return Ok(a[0].clone());
    }
    Ok(vm.new_bytes(this(&args)))
}

fn bytes_getnewargs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__getnewargs__")?;
    let b = vm.new_bytes(this(&args));
    let _ = a;
    Ok(vm.new_tuple(vec![b]))
}

/// `bytearray.__alloc__()`: the allocated size (the data plus its trailing NUL).
fn ba_alloc(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "__alloc__")?;
    let n = this(&args).len();
    Ok(Value::Int(if n == 0 { 0 } else { n as i64 + 1 }))
}

pub const BYTES_CASE: &[MethodDef] = &[
    ("capitalize", b_capitalize, ""),
    ("title", b_title, ""),
    ("istitle", b_istitle, ""),
    ("expandtabs", b_expandtabs, ""),
    ("zfill", b_zfill, ""),
    ("removeprefix", b_removeprefix, ""),
    ("removesuffix", b_removesuffix, ""),
];

pub fn init(vm: &mut Vm) {
    for t in [vm.types.bytes.clone(), vm.types.bytearray.clone()] {
        vm.add_methods(&t, BYTES_COMMON);
        vm.add_methods(&t, BYTES_CASE);
        vm.add_classmethod_descr(&t, "fromhex", b_fromhex);
    }
    vm.add_methods(&vm.types.bytearray.clone(), BYTEARRAY_ONLY);
    vm.add_methods(&vm.types.bytearray.clone(), &[("__alloc__", ba_alloc, "")]);
    vm.add_methods(
        &vm.types.bytes.clone(),
        &[("__bytes__", bytes_bytes, ""), ("__getnewargs__", bytes_getnewargs, "")],
    );
}
