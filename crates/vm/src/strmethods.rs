//! VM stage: the methods of `str` (`STR_METHODS`), with CPython 3.11's semantics and error
//! messages, including Unicode case mapping, character classes (tables generated from CPython's
//! `unicodedata`, Unicode 14.0) and `split`/`find`/`count` slice semantics.
//!
//! Known differences: case *mappings* (`upper`, `lower`, `title`…) use Rust's tables, which may
//! follow a newer Unicode version than CPython 3.11's 14.0 for characters assigned since then;
//! `encode` supports utf-8, ascii and latin-1 only, and `namereplace` falls back to
//! `backslashreplace`.

use crate::format;
use crate::func::{Args, MethodDef};
use crate::str::PyStr;
use crate::unicode_tables as tables;
use crate::value::{Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use num_bigint::BigInt;
use num_traits::ToPrimitive;

// ---------------------------------------------------------------------------------------------
// Character classes
// ---------------------------------------------------------------------------------------------

fn in_table(c: char, table: &[(u32, u32)]) -> bool {
    let c = c as u32;
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// `Py_UNICODE_TODECIMAL` for non-ASCII characters: the value of a Unicode decimal digit.
pub fn unicode_decimal(c: char) -> Option<u32> {
    if c.is_ascii_digit() {
        return Some(c as u32 - '0' as u32);
    }
    let u = c as u32;
    let t = tables::DECIMAL;
    let i = t.partition_point(|&(_, hi)| hi < u);
    match t.get(i) {
        Some(&(lo, hi)) if lo <= u && u <= hi => Some((u - lo) % 10),
        _ => None,
    }
}

/// `str.isspace` for one character: White_Space, plus the separators `\x1c`-`\x1f`.
pub fn is_space(c: char) -> bool {
    if (c as u32) < 128 {
        matches!(c, '\t' | '\n' | '\x0b' | '\x0c' | '\r' | '\x1c'..='\x1f' | ' ')
    } else {
        c.is_whitespace()
    }
}

/// A line boundary for `splitlines`.
fn is_linebreak(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

pub fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        in_table(c, tables::ALPHA)
    }
}
pub fn is_decimal(c: char) -> bool {
    unicode_decimal(c).is_some()
}
pub fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        in_table(c, tables::DIGIT)
    }
}
pub fn is_numeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        in_table(c, tables::NUMERIC)
    }
}
pub fn is_printable(c: char) -> bool {
    if c.is_ascii() {
        (' '..='~').contains(&c)
    } else {
        in_table(c, tables::PRINTABLE)
    }
}
fn is_titlecase(c: char) -> bool {
    !c.is_ascii() && in_table(c, tables::TITLECASE)
}
fn is_upper(c: char) -> bool {
    c.is_uppercase()
}
fn is_lower(c: char) -> bool {
    c.is_lowercase()
}
fn is_cased(c: char) -> bool {
    c.is_lowercase() || c.is_uppercase() || is_titlecase(c)
}
fn is_xid_start(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        in_table(c, tables::XID_START)
    }
}
fn is_xid_continue(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        in_table(c, tables::XID_CONTINUE)
    }
}

/// `str.isidentifier`.
pub fn is_identifier(s: &str) -> bool {
    let mut it = s.chars();
    match it.next() {
        Some(c) if c == '_' || is_xid_start(c) => it.all(is_xid_continue),
        _ => false,
    }
}

fn push_upper(out: &mut String, c: char) {
    out.extend(c.to_uppercase());
}

fn push_title(out: &mut String, c: char) {
    if !c.is_ascii() {
        if let Ok(i) = tables::TITLE.binary_search_by_key(&(c as u32), |&(k, _)| k) {
            out.push_str(tables::TITLE[i].1);
            return;
        }
    }
    push_upper(out, c);
}

fn push_fold(out: &mut String, c: char) {
    if !c.is_ascii() {
        if let Ok(i) = tables::CASEFOLD.binary_search_by_key(&(c as u32), |&(k, _)| k) {
            out.push_str(tables::CASEFOLD[i].1);
            return;
        }
    }
    out.extend(c.to_lowercase());
}

/// Lowercasing of single characters in the context of a whole string (CPython's `lower_ucs4`):
/// U+03A3 becomes final sigma per the Final_Sigma rule of the full text.
struct Lowerer {
    /// For texts containing 'Σ': the whole text lowercased, with each source char's start.
    lowered: Option<(Vec<char>, Vec<usize>)>,
}

impl Lowerer {
    fn new(chars: &[char]) -> Lowerer {
        if !chars.contains(&'\u{3a3}') {
            return Lowerer { lowered: None };
        }
        let s: String = chars.iter().collect();
        let low: Vec<char> = s.to_lowercase().chars().collect();
        let mut starts = Vec::with_capacity(chars.len() + 1);
        let mut pos = 0;
        for &c in chars {
            starts.push(pos);
            pos += if c == '\u{3a3}' { 1 } else { c.to_lowercase().count() };
        }
        starts.push(pos);
        Lowerer { lowered: Some((low, starts)) }
    }

    fn push(&self, out: &mut String, chars: &[char], i: usize) {
        match &self.lowered {
            Some((low, starts)) if chars[i] == '\u{3a3}' => out.extend(&low[starts[i]..starts[i + 1]]),
            _ => out.extend(chars[i].to_lowercase()),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Argument helpers
// ---------------------------------------------------------------------------------------------

fn this<'a>(vm: &Vm, args: &Args<'a>, name: &str) -> PyResult<&'a PyStr> {
    match args.args.first() {
        Some(v) => match v.as_str() {
            Some(s) => Ok(s),
            None => Err(vm.new_type_error(format!(
                "descriptor '{name}' for 'str' objects doesn't apply to a '{}' object",
                vm.type_name(v)
            ))),
        },
        None => Err(vm.new_type_error(format!("unbound method str.{name}() needs an argument"))),
    }
}

/// A str argument, else `TypeError: must be str, not int`.
fn str_arg<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a PyStr> {
    match v.as_str() {
        Some(s) => Ok(s),
        None => Err(vm.new_type_error(format!("must be str, not {}", vm.type_name(v)))),
    }
}

fn int_of(v: &Value) -> Option<BigInt> {
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

/// An argument converted like `Py_ssize_t` (`__index__`, OverflowError when too large).
fn ssize_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    if let Value::Int(i) = v {
        return Ok(*i);
    }
    let b = vm.to_index(v)?;
    b.to_i64().ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C ssize_t"))
}

/// A slice bound (`_PyEval_SliceIndex`): None stays None, ints are clamped.
fn slice_index(vm: &mut Vm, v: &Value) -> PyResult<Option<i64>> {
    if v.is_none() {
        return Ok(None);
    }
    let b = match int_of(v) {
        Some(b) => b,
        None => match vm.to_index(v) {
            Ok(b) => b,
            Err(_) => {
                return Err(vm.new_type_error("slice indices must be integers or None or have an __index__ method"))
            }
        },
    };
    Ok(Some(b.to_i64().unwrap_or(if b.sign() == num_bigint::Sign::Minus { i64::MIN } else { i64::MAX })))
}

/// `ADJUST_INDICES`: clamps `[start, end)` to `0..len` with negative indices from the end.
fn adjust(start: Option<i64>, end: Option<i64>, len: usize) -> (i64, i64) {
    let len = len as i64;
    let mut s = start.unwrap_or(0);
    let mut e = end.unwrap_or(len);
    if e > len {
        e = len;
    } else if e < 0 {
        e += len;
        if e < 0 {
            e = 0;
        }
    }
    if s < 0 {
        s += len;
        if s < 0 {
            s = 0;
        }
    }
    (s, e)
}

/// Parses `(sub[, start[, end]])` positional-only arguments of find/count/index/….
fn sub_start_end<'a>(vm: &mut Vm, args: &Args<'a>, name: &str) -> PyResult<(&'a Value, Option<i64>, Option<i64>)> {
    let pos = &args.varargs(vm, name, 1, 3)?[1..];
    let start = match pos.get(1) {
        Some(v) => slice_index(vm, v)?,
        None => None,
    };
    let end = match pos.get(2) {
        Some(v) => slice_index(vm, v)?,
        None => None,
    };
    Ok((&pos[0], start, end))
}

fn new_str<S: AsRef<str> + Into<Box<str>>>(vm: &Vm, s: S) -> Value {
    vm.new_str(s)
}

/// Returns `self` itself when unchanged and exactly a str, else a new str.
fn same_or_new(vm: &Vm, args: &Args, s: &str, changed: bool) -> Value {
    if !changed && is_exact_str(vm, &args.args[0]) {
        args.args[0].clone()
    } else {
        vm.new_str(s)
    }
}

fn is_exact_str(vm: &Vm, v: &Value) -> bool {
    match v {
        Value::Obj(o) => o.class_is(&vm.types.str_),
        _ => false,
    }
}

fn is_subclass(cls: &PyRef, base: &PyRef) -> bool {
    crate::types::is_subtype(cls, base)
}

// ---------------------------------------------------------------------------------------------
// Searching
// ---------------------------------------------------------------------------------------------

/// Char index of the first occurrence of `needle` in `hay`, both texts.
fn char_find(hay: &str, needle: &str) -> Option<usize> {
    let at = match one_char(needle) {
        Some(c) => hay.find(c),
        None => hay.find(needle),
    };
    at.map(|b| if hay.is_ascii() { b } else { hay[..b].chars().count() })
}

fn char_rfind(hay: &str, needle: &str) -> Option<usize> {
    let at = match one_char(needle) {
        Some(c) => hay.rfind(c),
        None => hay.rfind(needle),
    };
    at.map(|b| if hay.is_ascii() { b } else { hay[..b].chars().count() })
}

/// find/rfind/index/rindex core: the char index or -1.
fn find_impl(vm: &mut Vm, args: &Args, name: &str, reverse: bool) -> PyResult<i64> {
    let s = this(vm, args, name)?;
    let (sub, start, end) = sub_start_end(vm, args, name)?;
    let sub = str_arg(vm, sub)?.as_str();
    let len = s.char_len();
    let (start, end) = adjust(start, end, len);
    let sublen = sub.chars().count() as i64;
    if end - start < sublen {
        return Ok(-1);
    }
    if sublen == 0 {
        return Ok(if reverse { end } else { start });
    }
    let hay = s.slice(start as usize, end as usize);
    let r = if reverse { char_rfind(hay, sub) } else { char_find(hay, sub) };
    Ok(r.map(|i| i as i64 + start).unwrap_or(-1))
}

fn str_find(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(find_impl(vm, &args, "find", false)?))
}
fn str_rfind(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(find_impl(vm, &args, "rfind", true)?))
}
fn str_index(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match find_impl(vm, &args, "index", false)? {
        -1 => Err(vm.new_value_error("substring not found")),
        i => Ok(Value::Int(i)),
    }
}
fn str_rindex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match find_impl(vm, &args, "rindex", true)? {
        -1 => Err(vm.new_value_error("substring not found")),
        i => Ok(Value::Int(i)),
    }
}

fn str_count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args, "count")?;
    let (sub, start, end) = sub_start_end(vm, &args, "count")?;
    let sub = str_arg(vm, sub)?.as_str();
    let (start, end) = adjust(start, end, s.char_len());
    let sublen = sub.chars().count() as i64;
    if end - start < sublen {
        return Ok(Value::Int(0));
    }
    if sublen == 0 {
        return Ok(Value::Int(end - start + 1));
    }
    let hay = s.slice(start as usize, end as usize);
    let n = match one_char(sub) {
        // One ASCII character: a plain byte count (UTF-8 never repeats an ASCII byte inside
        // another character).
        Some(c) if c.is_ascii() => hay.bytes().filter(|&b| b == c as u8).count(),
        Some(c) => hay.matches(c).count(),
        None => hay.matches(sub).count(),
    };
    Ok(Value::Int(n as i64))
}

/// startswith/endswith.
fn tail_match(vm: &mut Vm, args: Args, name: &str, at_end: bool) -> PyResult<Value> {
    let s = this(vm, &args, name)?;
    let (prefix, start, end) = sub_start_end(vm, &args, name)?;
    let len = s.char_len();
    let one = |sub: &str| -> bool {
        let (st, mut en) = adjust(start, end, len);
        let sublen = sub.chars().count() as i64;
        en -= sublen;
        if en < st {
            return false;
        }
        if sublen == 0 {
            return true;
        }
        if at_end {
            s.slice(en as usize, (en + sublen) as usize) == sub
        } else {
            s.slice(st as usize, (st + sublen) as usize) == sub
        }
    };
    if let Some(Payload::Tuple(items)) = prefix.payload() {
        for item in items.iter() {
            match item.as_str() {
                Some(p) => {
                    if one(p.as_str()) {
                        return Ok(Value::Bool(true));
                    }
                }
                None => {
                    return Err(vm
                        .new_type_error(format!("tuple for {name} must only contain str, not {}", vm.type_name(item))))
                }
            }
        }
        return Ok(Value::Bool(false));
    }
    match prefix.as_str() {
        Some(p) => Ok(Value::Bool(one(p.as_str()))),
        None => Err(
            vm.new_type_error(format!("{name} first arg must be str or a tuple of str, not {}", vm.type_name(prefix)))
        ),
    }
}

fn str_startswith(vm: &mut Vm, args: Args) -> PyResult<Value> {
    tail_match(vm, args, "startswith", false)
}
fn str_endswith(vm: &mut Vm, args: Args) -> PyResult<Value> {
    tail_match(vm, args, "endswith", true)
}

fn str_contains(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args, "__contains__")?;
    let a = &args.wrapper(vm, "__contains__", 1)?[1..];
    match a[0].as_str() {
        Some(sub) => Ok(Value::Bool(s.as_str().contains(sub.as_str()))),
        None => {
            Err(vm
                .new_type_error(format!("'in <string>' requires string as left operand, not {}", vm.type_name(&a[0]))))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Splitting and joining
// ---------------------------------------------------------------------------------------------

fn split_args(vm: &mut Vm, args: &Args, name: &str) -> PyResult<(Option<String>, i64)> {
    let [sep, maxsplit] = args.rest().bind(vm, name, ["sep", "maxsplit"], 0)?;
    let sep = match sep {
        None | Some(Value::None) => None,
        Some(v) => match v.as_str() {
            Some(s) if s.char_len() == 0 => return Err(vm.new_value_error("empty separator")),
            Some(s) => Some(s.as_str().to_string()),
            None => return Err(vm.new_type_error(format!("must be str or None, not {}", vm.type_name(&v)))),
        },
    };
    let maxsplit = match maxsplit {
        Some(v) => ssize_arg(vm, &v)?,
        None => -1,
    };
    Ok((sep, if maxsplit < 0 { i64::MAX } else { maxsplit }))
}

/// `str.split()` of ASCII text: runs of Python's ASCII whitespace separate; after
/// `maxsplit` splits the rest (from its first non-space) is the last part.
fn split_ascii_whitespace(s: &str, maxsplit: i64) -> Vec<&str> {
    let b = s.as_bytes();
    let space = |c: u8| matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | 0x1c..=0x1f | b' ');
    let (mut parts, mut i, mut count) = (Vec::new(), 0usize, 0i64);
    loop {
        while i < b.len() && space(b[i]) {
            i += 1;
        }
        if i == b.len() {
            break;
        }
        if count >= maxsplit {
            parts.push(&s[i..]);
            break;
        }
        let j = i;
        while i < b.len() && !space(b[i]) {
            i += 1;
        }
        parts.push(&s[j..i]);
        count += 1;
    }
    parts
}

/// The character `t` consists of, if it is exactly one: such patterns are searched for as a
/// `char` (memchr) rather than with the two-way substring searcher, whose set-up dominates
/// short searches.
fn one_char(t: &str) -> Option<char> {
    let mut chars = t.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

fn str_split(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args, "split")?.as_str();
    let (sep, maxsplit) = split_args(vm, &args, "split")?;
    let parts: Vec<&str> = match &sep {
        Some(sep) => {
            let n = if maxsplit >= (usize::MAX / 2) as i64 { usize::MAX } else { maxsplit as usize + 1 };
            // A one-character separator (`split(",")`) is searched for as a char (memchr).
            match one_char(sep.as_str()) {
                Some(c) => s.splitn(n, c).collect(),
                None => s.splitn(n, sep.as_str()).collect(),
            }
        }
        None if s.is_ascii() => split_ascii_whitespace(s, maxsplit),
        None => {
            let mut parts = Vec::new();
            let b: Vec<(usize, char)> = s.char_indices().collect();
            let n = b.len();
            let at = |k: usize| if k < n { b[k].0 } else { s.len() };
            let (mut i, mut count) = (0usize, 0i64);
            while count < maxsplit {
                while i < n && is_space(b[i].1) {
                    i += 1;
                }
                if i == n {
                    break;
                }
                let j = i;
                i += 1;
                while i < n && !is_space(b[i].1) {
                    i += 1;
                }
                parts.push(&s[at(j)..at(i)]);
                count += 1;
            }
            if i < n {
                while i < n && is_space(b[i].1) {
                    i += 1;
                }
                if i != n {
                    parts.push(&s[at(i)..]);
                }
            }
            parts
        }
    };
    let items: Vec<Value> = parts.into_iter().map(|p| vm.new_str(p)).collect();
    Ok(vm.new_list(items))
}

fn str_rsplit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args, "rsplit")?.as_str();
    let (sep, maxsplit) = split_args(vm, &args, "rsplit")?;
    let mut parts: Vec<&str> = match &sep {
        Some(sep) => {
            let n = if maxsplit >= (usize::MAX / 2) as i64 { usize::MAX } else { maxsplit as usize + 1 };
            match one_char(sep.as_str()) {
                Some(c) => s.rsplitn(n, c).collect(),
                None => s.rsplitn(n, sep.as_str()).collect(),
            }
        }
        None => {
            let mut parts = Vec::new();
            let b: Vec<(usize, char)> = s.char_indices().collect();
            let at = |k: usize| if k < b.len() { b[k].0 } else { s.len() };
            // i counts chars remaining (exclusive end), scanning from the right.
            let (mut i, mut count) = (b.len(), 0i64);
            while count < maxsplit {
                while i > 0 && is_space(b[i - 1].1) {
                    i -= 1;
                }
                if i == 0 {
                    break;
                }
                let j = i;
                i -= 1;
                while i > 0 && !is_space(b[i - 1].1) {
                    i -= 1;
                }
                parts.push(&s[at(i)..at(j)]);
                count += 1;
            }
            if i > 0 {
                while i > 0 && is_space(b[i - 1].1) {
                    i -= 1;
                }
                if i != 0 {
                    parts.push(&s[..at(i)]);
                }
            }
            parts
        }
    };
    parts.reverse();
    let items: Vec<Value> = parts.into_iter().map(|p| vm.new_str(p)).collect();
    Ok(vm.new_list(items))
}

fn str_splitlines(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args, "splitlines")?.as_str();
    let [keepends] = args.rest().bind(vm, "splitlines", ["keepends"], 0)?;
    let keep = match keepends {
        Some(v) => match int_of(&v) {
            Some(b) => b.sign() != num_bigint::Sign::NoSign,
            None => {
                if let Some(x) = match &v {
                    Value::Float(x) => Some(*x),
                    _ => None,
                } {
                    let _ = x;
                    return Err(vm.new_type_error("'float' object cannot be interpreted as an integer"));
                }
                vm.to_index(&v)?.sign() != num_bigint::Sign::NoSign
            }
        },
        None => false,
    };
    let mut items = Vec::new();
    let mut it = s.char_indices().peekable();
    let mut line_start = 0;
    while let Some((b, c)) = it.next() {
        if is_linebreak(c) {
            let mut eol = b + c.len_utf8();
            if c == '\r' {
                if let Some(&(_, '\n')) = it.peek() {
                    it.next();
                    eol += 1;
                }
            }
            let end = if keep { eol } else { b };
            items.push(vm.new_str(&s[line_start..end]));
            line_start = eol;
        }
    }
    if line_start < s.len() {
        items.push(vm.new_str(&s[line_start..]));
    }
    Ok(vm.new_list(items))
}

fn partition_impl(vm: &mut Vm, args: Args, name: &str, reverse: bool) -> PyResult<Value> {
    let s = this(vm, &args, name)?.as_str();
    let a = &args.one(vm, name)?[1..];
    let sep = str_arg(vm, &a[0])?.as_str();
    if sep.is_empty() {
        return Err(vm.new_value_error("empty separator"));
    }
    let found = if reverse { s.rfind(sep) } else { s.find(sep) };
    let parts = match found {
        Some(b) => [new_str(vm, &s[..b]), a[0].clone(), new_str(vm, &s[b + sep.len()..])],
        None if reverse => [new_str(vm, ""), new_str(vm, ""), args.args[0].clone()],
        None => [args.args[0].clone(), new_str(vm, ""), new_str(vm, "")],
    };
    let parts = if !is_exact_str(vm, &args.args[0]) {
        parts.map(|p| if p.is(&args.args[0]) { vm.new_str(s) } else { p })
    } else {
        parts
    };
    let parts =
        if !is_exact_str(vm, &a[0]) { parts.map(|p| if p.is(&a[0]) { vm.new_str(sep) } else { p }) } else { parts };
    Ok(vm.new_tuple(parts.to_vec()))
}

fn str_partition(vm: &mut Vm, args: Args) -> PyResult<Value> {
    partition_impl(vm, args, "partition", false)
}
fn str_rpartition(vm: &mut Vm, args: Args) -> PyResult<Value> {
    partition_impl(vm, args, "rpartition", true)
}

fn has_type_attr(v: &Value, name: &str) -> bool {
    match v {
        Value::Obj(o) => crate::types::lookup(&o.class(), name, crate::hash::hash_str(name)).is_some(),
        _ => false,
    }
}

fn str_join(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let sep = this(vm, &args, "join")?.as_str().to_string();
    let a = &args.one(vm, "join")?[1..];
    let items = vm.sequence_fast(&a[0], "can only join an iterable")?;
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        match item.as_str() {
            Some(t) => {
                if i > 0 {
                    out.push_str(&sep);
                }
                out.push_str(t.as_str());
            }
            None => {
                return Err(vm
                    .new_type_error(format!("sequence item {i}: expected str instance, {} found", vm.type_name(item))))
            }
        }
    }
    if items.len() == 1 && is_exact_str(vm, &items[0]) {
        return Ok(items[0].clone());
    }
    Ok(vm.new_str(out))
}

// ---------------------------------------------------------------------------------------------
// Case
// ---------------------------------------------------------------------------------------------

fn no_args<'a>(vm: &Vm, args: &Args<'a>, name: &str) -> PyResult<&'a PyStr> {
    let s = this(vm, args, name)?;
    args.noargs(vm, name)?;
    Ok(s)
}

fn str_upper(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = no_args(vm, &args, "upper")?;
    Ok(vm.new_str(s.as_str().to_uppercase()))
}

fn str_lower(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = no_args(vm, &args, "lower")?;
    Ok(vm.new_str(s.as_str().to_lowercase()))
}

fn str_casefold(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = no_args(vm, &args, "casefold")?;
    let mut out = String::with_capacity(s.as_str().len());
    for c in s.as_str().chars() {
        push_fold(&mut out, c);
    }
    Ok(vm.new_str(out))
}

fn str_swapcase(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = no_args(vm, &args, "swapcase")?;
    let chars = crate::format::char_vec(s.as_str());
    let low = Lowerer::new(&chars);
    let mut out = String::with_capacity(s.as_str().len());
    for (i, &c) in chars.iter().enumerate() {
        if is_upper(c) {
            low.push(&mut out, &chars, i);
        } else if is_lower(c) {
            push_upper(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Ok(vm.new_str(out))
}

fn str_capitalize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = no_args(vm, &args, "capitalize")?;
    let chars = crate::format::char_vec(s.as_str());
    let low = Lowerer::new(&chars);
    let mut out = String::with_capacity(s.as_str().len());
    for i in 0..chars.len() {
        if i == 0 {
            push_title(&mut out, chars[0]);
        } else {
            low.push(&mut out, &chars, i);
        }
    }
    Ok(vm.new_str(out))
}

fn str_title(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = no_args(vm, &args, "title")?;
    let chars = crate::format::char_vec(s.as_str());
    let low = Lowerer::new(&chars);
    let mut out = String::with_capacity(s.as_str().len());
    let mut prev_cased = false;
    for (i, &c) in chars.iter().enumerate() {
        if prev_cased {
            low.push(&mut out, &chars, i);
        } else {
            push_title(&mut out, c);
        }
        prev_cased = is_cased(c);
    }
    Ok(vm.new_str(out))
}

// ---------------------------------------------------------------------------------------------
// Predicates
// ---------------------------------------------------------------------------------------------

macro_rules! all_chars {
    ($fname:ident, $name:literal, $pred:expr, $empty:expr) => {
        fn $fname(vm: &mut Vm, args: Args) -> PyResult<Value> {
            let s = no_args(vm, &args, $name)?.as_str();
            if s.is_empty() {
                return Ok(Value::Bool($empty));
            }
            Ok(Value::Bool(s.chars().all($pred)))
        }
    };
}

all_chars!(str_isalpha, "isalpha", is_alpha, false);
all_chars!(str_isdecimal, "isdecimal", is_decimal, false);
all_chars!(str_isdigit, "isdigit", is_digit, false);
all_chars!(str_isnumeric, "isnumeric", is_numeric, false);
all_chars!(str_isspace, "isspace", is_space, false);
all_chars!(str_isprintable, "isprintable", is_printable, true);
all_chars!(str_isascii, "isascii", |c: char| c.is_ascii(), true);
all_chars!(str_isalnum, "isalnum", |c: char| is_alpha(c) || is_decimal(c) || is_digit(c) || is_numeric(c), false);

fn str_isidentifier(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = no_args(vm, &args, "isidentifier")?;
    Ok(Value::Bool(is_identifier(s.as_str())))
}

fn str_islower(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = no_args(vm, &args, "islower")?;
    let mut cased = false;
    for c in s.as_str().chars() {
        if is_upper(c) || is_titlecase(c) {
            return Ok(Value::Bool(false));
        }
        if is_lower(c) {
            cased = true;
        }
    }
    Ok(Value::Bool(cased))
}

fn str_isupper(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = no_args(vm, &args, "isupper")?;
    let mut cased = false;
    for c in s.as_str().chars() {
        if is_lower(c) || is_titlecase(c) {
            return Ok(Value::Bool(false));
        }
        if is_upper(c) {
            cased = true;
        }
    }
    Ok(Value::Bool(cased))
}

fn str_istitle(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = no_args(vm, &args, "istitle")?;
    let (mut cased, mut prev_cased) = (false, false);
    for c in s.as_str().chars() {
        if is_upper(c) || is_titlecase(c) {
            if prev_cased {
                return Ok(Value::Bool(false));
            }
            prev_cased = true;
            cased = true;
        } else if is_lower(c) {
            if !prev_cased {
                return Ok(Value::Bool(false));
            }
            prev_cased = true;
            cased = true;
        } else {
            prev_cased = false;
        }
    }
    Ok(Value::Bool(cased))
}

// ---------------------------------------------------------------------------------------------
// Padding and stripping
// ---------------------------------------------------------------------------------------------

fn width_fill(vm: &mut Vm, args: &Args, name: &str) -> PyResult<(i64, char)> {
    let a = &args.posonly(vm, name, 1, 2)?[1..];
    let width = ssize_arg(vm, &a[0])?;
    let fill = match a.get(1) {
        None => ' ',
        Some(v) => match v.as_str() {
            Some(f) if f.char_len() == 1 => f.char_at(0),
            Some(_) => return Err(vm.new_type_error("The fill character must be exactly one character long")),
            None => {
                return Err(vm.new_type_error(format!(
                    "The fill character must be a unicode character, not {}",
                    vm.type_name(v)
                )))
            }
        },
    };
    Ok((width, fill))
}

fn padded(vm: &Vm, args: &Args, s: &PyStr, left: usize, right: usize, fill: char) -> Value {
    if left == 0 && right == 0 {
        return same_or_new(vm, args, s.as_str(), false);
    }
    let mut out = String::with_capacity(s.as_str().len() + (left + right) * fill.len_utf8());
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(s.as_str());
    out.extend(std::iter::repeat_n(fill, right));
    vm.new_str(out)
}

fn str_center(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args, "center")?;
    let (width, fill) = width_fill(vm, &args, "center")?;
    let len = s.char_len() as i64;
    if width <= len {
        return Ok(padded(vm, &args, s, 0, 0, fill));
    }
    let marg = width - len;
    let left = marg / 2 + (marg & width & 1);
    Ok(padded(vm, &args, s, left as usize, (marg - left) as usize, fill))
}

fn str_ljust(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args, "ljust")?;
    let (width, fill) = width_fill(vm, &args, "ljust")?;
    let pad = (width - s.char_len() as i64).max(0) as usize;
    Ok(padded(vm, &args, s, 0, pad, fill))
}

fn str_rjust(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args, "rjust")?;
    let (width, fill) = width_fill(vm, &args, "rjust")?;
    let pad = (width - s.char_len() as i64).max(0) as usize;
    Ok(padded(vm, &args, s, pad, 0, fill))
}

fn str_zfill(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args, "zfill")?;
    let a = &args.one(vm, "zfill")?[1..];
    let width = ssize_arg(vm, &a[0])?;
    let len = s.char_len() as i64;
    if len >= width {
        return Ok(same_or_new(vm, &args, s.as_str(), false));
    }
    let fill = (width - len) as usize;
    let t = s.as_str();
    let mut out = String::with_capacity(t.len() + fill);
    let rest_text = if t.starts_with('+') || t.starts_with('-') {
        out.push_str(&t[..1]);
        &t[1..]
    } else {
        t
    };
    out.extend(std::iter::repeat_n('0', fill));
    out.push_str(rest_text);
    Ok(vm.new_str(out))
}

fn strip_impl(vm: &mut Vm, args: Args, name: &str, left: bool, right: bool) -> PyResult<Value> {
    let s = this(vm, &args, name)?.as_str();
    let a = &args.posonly(vm, name, 0, 1)?[1..];
    let set: Option<Vec<char>> = match a.first() {
        None | Some(Value::None) => None,
        Some(v) => match v.as_str() {
            Some(t) => Some(t.as_str().chars().collect()),
            None => return Err(vm.new_type_error(format!("{name} arg must be None or str"))),
        },
    };
    let t = match &set {
        None => trim_space(s, left, right),
        Some(set) => {
            let pred = |c: char| set.contains(&c);
            let mut t = s;
            if left {
                t = t.trim_start_matches(pred);
            }
            if right {
                t = t.trim_end_matches(pred);
            }
            t
        }
    };
    Ok(same_or_new(vm, &args, t, t.len() != s.len()))
}

/// `s` without leading (`left`) and trailing (`right`) whitespace as `str.strip()` defines
/// it. ASCII edges are trimmed byte by byte; a non-ASCII character at an edge goes on through
/// the general `is_space` test.
fn trim_space(s: &str, left: bool, right: bool) -> &str {
    let ascii_space = |b: u8| matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | 0x1c..=0x1f | b' ');
    let b = s.as_bytes();
    let (mut i, mut j) = (0, b.len());
    if left {
        while i < j && ascii_space(b[i]) {
            i += 1;
        }
    }
    if right {
        while j > i && ascii_space(b[j - 1]) {
            j -= 1;
        }
    }
    // Both ends stop at an ASCII byte, so they are character boundaries.
    let mut t = &s[i..j];
    if left && t.as_bytes().first().is_some_and(|&c| c >= 0x80) {
        t = t.trim_start_matches(is_space);
    }
    if right && t.as_bytes().last().is_some_and(|&c| c >= 0x80) {
        t = t.trim_end_matches(is_space);
    }
    t
}

fn str_strip(vm: &mut Vm, args: Args) -> PyResult<Value> {
    strip_impl(vm, args, "strip", true, true)
}
fn str_lstrip(vm: &mut Vm, args: Args) -> PyResult<Value> {
    strip_impl(vm, args, "lstrip", true, false)
}
fn str_rstrip(vm: &mut Vm, args: Args) -> PyResult<Value> {
    strip_impl(vm, args, "rstrip", false, true)
}

fn affix_impl(vm: &mut Vm, args: Args, name: &str, prefix: bool) -> PyResult<Value> {
    let s = this(vm, &args, name)?.as_str();
    let a = &args.one(vm, name)?[1..];
    let affix = match a[0].as_str() {
        Some(p) => p.as_str(),
        None => return Err(vm.new_type_error(format!("{name}() argument must be str, not {}", vm.type_name(&a[0])))),
    };
    let out = if prefix { s.strip_prefix(affix) } else { s.strip_suffix(affix) };
    match out {
        Some(t) if !affix.is_empty() => Ok(vm.new_str(t)),
        _ => Ok(same_or_new(vm, &args, s, false)),
    }
}

fn str_removeprefix(vm: &mut Vm, args: Args) -> PyResult<Value> {
    affix_impl(vm, args, "removeprefix", true)
}
fn str_removesuffix(vm: &mut Vm, args: Args) -> PyResult<Value> {
    affix_impl(vm, args, "removesuffix", false)
}

fn str_expandtabs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args, "expandtabs")?.as_str();
    let [tabsize] = args.rest().bind(vm, "expandtabs", ["tabsize"], 0)?;
    let tabsize = match tabsize {
        None => 8,
        Some(v) => {
            let b = vm.to_index(&v)?;
            match b.to_i32() {
                Some(t) => t as i64,
                None => return Err(vm.new_overflow_error("Python int too large to convert to C int")),
            }
        }
    };
    if !s.contains('\t') {
        return Ok(same_or_new(vm, &args, s, false));
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut col: i64 = 0;
    for c in s.chars() {
        if c == '\t' {
            if tabsize > 0 {
                let n = tabsize - col % tabsize;
                out.extend(std::iter::repeat_n(' ', n as usize));
                col += n;
            }
        } else {
            out.push(c);
            col += 1;
            if c == '\n' || c == '\r' {
                col = 0;
            }
        }
    }
    Ok(vm.new_str(out))
}

// ---------------------------------------------------------------------------------------------
// replace, translate, maketrans
// ---------------------------------------------------------------------------------------------

fn str_replace(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args, "replace")?.as_str();
    let a = &args.posonly(vm, "replace", 2, 3)?[1..];
    let old = match a[0].as_str() {
        Some(t) => t.as_str(),
        None => return Err(vm.new_type_error(format!("replace() argument 1 must be str, not {}", vm.type_name(&a[0])))),
    };
    let new = match a[1].as_str() {
        Some(t) => t.as_str(),
        None => return Err(vm.new_type_error(format!("replace() argument 2 must be str, not {}", vm.type_name(&a[1])))),
    };
    let count = match a.get(2) {
        Some(v) => ssize_arg(vm, v)?,
        None => -1,
    };
    let max = if count < 0 { usize::MAX } else { count as usize };
    if max == 0 || (old.is_empty() && new.is_empty()) {
        return Ok(same_or_new(vm, &args, s, false));
    }
    if old.is_empty() {
        let mut out = String::with_capacity(s.len() + new.len() * (s.len() + 1).min(max));
        let mut n = 0;
        for c in s.chars() {
            if n < max {
                out.push_str(new);
                n += 1;
            }
            out.push(c);
        }
        if n < max {
            out.push_str(new);
        }
        return Ok(vm.new_str(out));
    }
    // A one-character pattern (`s.replace("-", "+")`, the usual case) is searched for as a
    // char, with memchr, rather than with the two-way substring searcher's set-up.
    if let Some(c) = one_char(old) {
        if !s.contains(c) {
            return Ok(same_or_new(vm, &args, s, false));
        }
        return Ok(vm.new_str(s.replacen(c, new, max)));
    }
    if !s.contains(old) {
        return Ok(same_or_new(vm, &args, s, false));
    }
    Ok(vm.new_str(s.replacen(old, new, max)))
}

fn is_lookup_error(vm: &Vm, e: &PyRef) -> bool {
    is_subclass(&e.class(), &vm.exc.lookup_error)
}

fn str_translate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args, "translate")?.as_str();
    let a = &args.one(vm, "translate")?[1..];
    let table = a[0].clone();
    let mut cache: std::collections::HashMap<char, Option<String>> = std::collections::HashMap::new();
    let mut out = String::with_capacity(s.len());
    let mut changed = false;
    for c in s.chars() {
        if let Some(m) = cache.get(&c) {
            match m {
                Some(t) => out.push_str(t),
                None => changed = true,
            }
            continue;
        }
        let key = Value::Int(bytecode::surrogate::code_of(c) as i64);
        let mapped: Option<String> = match vm.getitem(&table, &key) {
            Ok(v) => {
                changed = true;
                if v.is_none() {
                    None
                } else if let Some(t) = v.as_str() {
                    Some(t.as_str().to_string())
                } else if let Some(b) = int_of(&v) {
                    match b.to_u32().filter(|&u| u < 0x110000) {
                        Some(u) => Some(vm.char_for_code(u)?.to_string()),
                        None => return Err(vm.new_value_error("character mapping must be in range(0x110000)")),
                    }
                } else {
                    return Err(vm.new_type_error("character mapping must return integer, None or str"));
                }
            }
            Err(e) if is_lookup_error(vm, &e) => Some(c.to_string()),
            Err(e) => return Err(e),
        };
        if let Some(t) = &mapped {
            out.push_str(t);
        }
        cache.insert(c, mapped);
    }
    Ok(same_or_new(vm, &args, &out, changed))
}

/// `str.maketrans(x[, y[, z]])` — a static method: `args` has no `self`.
pub fn str_maketrans(vm: &mut Vm, args: Args) -> PyResult<Value> {
    // A static method: the descriptor's keyword check names the type.
    if !args.kwnames.is_empty() {
        return Err(vm.new_type_error("str.maketrans() takes no keyword arguments"));
    }
    let a = args.range(vm, "maketrans", 1, 3)?;
    let d = vm.new_dict();
    if a.len() == 1 {
        let items = match a[0].payload() {
            Some(Payload::Dict(dd)) => dd.borrow().items(),
            _ => return Err(vm.new_type_error("if you give only one argument to maketrans it must be a dict")),
        };
        for (k, v) in items {
            let key = if let Some(t) = k.as_str() {
                if t.char_len() != 1 {
                    return Err(vm.new_value_error("string keys in translate table must be of length 1"));
                }
                Value::Int(t.char_at(0) as i64)
            } else if let Some(b) = int_of(&k) {
                vm.new_bigint(b)
            } else {
                return Err(vm.new_type_error("keys in translate table must be strings or integers"));
            };
            crate::dict::set_item(vm, &d, key, v)?;
        }
        return Ok(Value::Obj(d));
    }
    let y = match a[1].as_str() {
        Some(t) => t.as_str().to_string(),
        None => {
            return Err(vm.new_type_error(format!("maketrans() argument 2 must be str, not {}", vm.type_name(&a[1]))))
        }
    };
    let z = match a.get(2) {
        None => None,
        Some(v) => match v.as_str() {
            Some(t) => Some(t.as_str().to_string()),
            None => {
                return Err(vm.new_type_error(format!("maketrans() argument 3 must be str, not {}", vm.type_name(v))))
            }
        },
    };
    let x = match a[0].as_str() {
        Some(t) => t.as_str().to_string(),
        None => {
            return Err(vm.new_type_error("first maketrans argument must be a string if there is a second argument"))
        }
    };
    if x.chars().count() != y.chars().count() {
        return Err(vm.new_value_error("the first two maketrans arguments must have equal length"));
    }
    for (cx, cy) in x.chars().zip(y.chars()) {
        crate::dict::set_item(vm, &d, Value::Int(cx as i64), Value::Int(cy as i64))?;
    }
    if let Some(z) = z {
        for c in z.chars() {
            crate::dict::set_item(vm, &d, Value::Int(c as i64), Value::None)?;
        }
    }
    Ok(Value::Obj(d))
}

// ---------------------------------------------------------------------------------------------
// encode, format
// ---------------------------------------------------------------------------------------------

fn str_encode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args, "encode")?.as_str();
    let [enc, errors] = args.rest().bind(vm, "encode", ["encoding", "errors"], 0)?;
    let enc_name = match &enc {
        None => "utf-8".to_string(),
        Some(v) => match v.as_str() {
            Some(t) => t.as_str().to_string(),
            None => {
                return Err(
                    vm.new_type_error(format!("encode() argument 'encoding' must be str, not {}", vm.type_name(v)))
                )
            }
        },
    };
    let errors = match &errors {
        None => "strict".to_string(),
        Some(v) => match v.as_str() {
            Some(t) => t.as_str().to_string(),
            None => {
                return Err(
                    vm.new_type_error(format!("encode() argument 'errors' must be str, not {}", vm.type_name(v)))
                )
            }
        },
    };
    let b = crate::codecs::encode(vm, s, &enc_name, &errors)?;
    Ok(vm.new_bytes(b))
}

fn str_format_method(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args, "format")?.as_str().to_string();
    let a = args.rest();
    let pos = a.pos().to_vec();
    let kwargs: Vec<(String, Value)> = a.kwargs().map(|(k, v)| (k.to_string(), v.clone())).collect();
    format::str_format(vm, &s, &pos, &kwargs)
}

fn str_format_map(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args, "format_map")?.as_str().to_string();
    let a = &args.one(vm, "format_map")?[1..];
    format::str_format_map(vm, &s, &a[0])
}

fn str_dunder_format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    this(vm, &args, "__format__")?;
    let a = &args.one(vm, "__format__")?[1..];
    let spec = match a[0].as_str() {
        Some(t) => t.as_str().to_string(),
        None => {
            return Err(vm.new_type_error(format!("__format__() argument must be str, not {}", vm.type_name(&a[0]))))
        }
    };
    format::format_spec(vm, &args.args[0], &spec)
}

fn str_mod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args, "__mod__")?.as_str().to_string();
    let a = &args.wrapper(vm, "__mod__", 1)?[1..];
    format::percent_format(vm, &s, &a[0])
}

fn str_rmod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    this(vm, &args, "__rmod__")?;
    let a = &args.wrapper(vm, "__rmod__", 1)?[1..];
    match a[0].as_str() {
        Some(f) => {
            let f = f.as_str().to_string();
            format::percent_format(vm, &f, &args.args[0])
        }
        None => Ok(vm.not_implemented()),
    }
}

// ---------------------------------------------------------------------------------------------
// Sequence protocol, operators, comparisons
// ---------------------------------------------------------------------------------------------

fn str_len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args, "__len__")?;
    args.wrapper(vm, "__len__", 0)?;
    Ok(Value::Int(s.char_len() as i64))
}

/// `PySlice_Unpack` + `PySlice_AdjustIndices`: (start, stop, step, length).
fn slice_indices(
    vm: &mut Vm,
    start: &Value,
    stop: &Value,
    step: &Value,
    len: usize,
) -> PyResult<(i64, i64, i64, usize)> {
    let step = match slice_index(vm, step)? {
        None => 1,
        Some(0) => return Err(vm.new_value_error("slice step cannot be zero")),
        Some(s) => s.max(-i64::MAX),
    };
    let len = len as i64;
    let (lo_default, hi_default) = if step < 0 { (len - 1, -1) } else { (0, len) };
    let fix = |v: Option<i64>, default: i64| -> i64 {
        match v {
            None => default,
            Some(mut x) => {
                if x < 0 {
                    x += len;
                    if x < 0 {
                        x = if step < 0 { -1 } else { 0 };
                    }
                } else if x >= len {
                    x = if step < 0 { len - 1 } else { len };
                }
                x
            }
        }
    };
    let start = slice_index(vm, start)?;
    let stop = slice_index(vm, stop)?;
    let start = fix(start, lo_default);
    let stop = fix(stop, hi_default);
    let n = if step < 0 {
        if stop < start {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        }
    } else if start < stop {
        (stop - start - 1) / step + 1
    } else {
        0
    };
    Ok((start, stop, step, n as usize))
}

fn str_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args, "__getitem__")?;
    let a = &args.wrapper(vm, "__getitem__", 1)?[1..];
    let key = &a[0];
    if let Some(Payload::Slice(slice_parts)) = key.payload() {
        let (start, stop, step) = &**slice_parts;
        let (start, _stop, step, n) = slice_indices(vm, start, stop, step, s.char_len())?;
        if n == 0 {
            return Ok(vm.new_str(""));
        }
        if step == 1 {
            if n == s.char_len() && is_exact_str(vm, &args.args[0]) {
                return Ok(args.args[0].clone());
            }
            return Ok(vm.new_str(s.slice(start as usize, start as usize + n)));
        }
        let out: String = if s.is_ascii() {
            let b = s.as_str().as_bytes();
            (0..n).map(|k| b[(start + k as i64 * step) as usize] as char).collect()
        } else {
            let chars = crate::format::char_vec(s.as_str());
            (0..n).map(|k| chars[(start + k as i64 * step) as usize]).collect()
        };
        return Ok(vm.new_str(out));
    }
    let idx = match int_of(key) {
        Some(b) => match b.to_i64() {
            Some(i) => i,
            None => return Err(vm.new_index_error("cannot fit 'int' into an index-sized integer")),
        },
        None => {
            if matches!(key, Value::Obj(_)) && has_type_attr(key, "__index__") {
                let b = vm.to_index(key)?;
                match b.to_i64() {
                    Some(i) => i,
                    None => return Err(vm.new_index_error("cannot fit 'int' into an index-sized integer")),
                }
            } else {
                return Err(vm.new_type_error(format!("string indices must be integers, not '{}'", vm.type_name(key))));
            }
        }
    };
    let len = s.char_len() as i64;
    let i = if idx < 0 { idx + len } else { idx };
    if i < 0 || i >= len {
        return Err(vm.new_index_error("string index out of range"));
    }
    let c = s.char_at(i as usize);
    Ok(vm.new_str(c.to_string()))
}

fn str_add(vm: &mut Vm, args: Args) -> PyResult<Value> {
    this(vm, &args, "__add__")?;
    let a = &args.wrapper(vm, "__add__", 1)?[1..];
    if a[0].as_str().is_none() {
        return Err(vm.new_type_error(format!("can only concatenate str (not \"{}\") to str", vm.type_name(&a[0]))));
    }
    concat(vm, &args.args[0], &a[0])
}

/// `a + b` for two strs (`PyUnicode_Concat`): an empty side gives the other back when that is
/// an exact str.
pub fn concat(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<Value> {
    let (Some(s), Some(t)) = (a.as_str(), b.as_str()) else { unreachable!("concat of two strs") };
    if t.char_len() == 0 && is_exact_str(vm, a) {
        return Ok(a.clone());
    }
    if s.char_len() == 0 && is_exact_str(vm, b) {
        return Ok(b.clone());
    }
    let mut out = String::with_capacity(s.as_str().len() + t.as_str().len());
    out.push_str(s.as_str());
    out.push_str(t.as_str());
    Ok(vm.new_str(out))
}

fn repeat(vm: &mut Vm, args: Args, name: &str) -> PyResult<Value> {
    let s = this(vm, &args, name)?;
    let a = &args.wrapper(vm, name, 1)?[1..];
    // A non-integer operand declines, so `binary_op` reports CPython's sequence message.
    if !matches!(a[0], Value::Int(_) | Value::Bool(_)) && vm.lookup_special(&a[0], "__index__").is_none() {
        return Ok(vm.not_implemented());
    }
    let b = vm.to_index(&a[0])?;
    let n = match b.to_i64() {
        Some(n) => n,
        None => return Err(vm.new_overflow_error("cannot fit 'int' into an index-sized integer")),
    };
    if n <= 0 || s.char_len() == 0 {
        return Ok(vm.new_str(""));
    }
    if n == 1 && is_exact_str(vm, &args.args[0]) {
        return Ok(args.args[0].clone());
    }
    let total = (s.as_str().len() as u128) * (n as u128);
    if (s.char_len() as u128) * (n as u128) > isize::MAX as u128 {
        return Err(vm.new_overflow_error("repeated string is too long"));
    }
    if total > crate::objects::containers::memory_limit() as u128 {
        let mem = vm.exc.memory_error.clone();
        return Err(vm.new_exception_args(&mem, vec![]));
    }
    Ok(vm.new_str(s.as_str().repeat(n as usize)))
}

fn str_mul(vm: &mut Vm, args: Args) -> PyResult<Value> {
    repeat(vm, args, "__mul__")
}
fn str_rmul(vm: &mut Vm, args: Args) -> PyResult<Value> {
    repeat(vm, args, "__rmul__")
}

fn compare(vm: &mut Vm, args: Args, name: &str, op: fn(std::cmp::Ordering) -> bool) -> PyResult<Value> {
    let s = this(vm, &args, name)?;
    let a = &args.wrapper(vm, name, 1)?[1..];
    match a[0].as_str() {
        Some(t) => Ok(Value::Bool(op(s.cmp_code_points(t)))),
        None => Ok(vm.not_implemented()),
    }
}

fn str_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    compare(vm, args, "__eq__", |o| o.is_eq())
}
fn str_ne(vm: &mut Vm, args: Args) -> PyResult<Value> {
    compare(vm, args, "__ne__", |o| o.is_ne())
}
fn str_lt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    compare(vm, args, "__lt__", |o| o.is_lt())
}
fn str_le(vm: &mut Vm, args: Args) -> PyResult<Value> {
    compare(vm, args, "__le__", |o| o.is_le())
}
fn str_gt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    compare(vm, args, "__gt__", |o| o.is_gt())
}
fn str_ge(vm: &mut Vm, args: Args) -> PyResult<Value> {
    compare(vm, args, "__ge__", |o| o.is_ge())
}

fn str_getnewargs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args, "__getnewargs__")?;
    args.noargs(vm, "__getnewargs__")?;
    let copy = vm.new_str(s.as_str());
    Ok(vm.new_tuple(vec![copy]))
}

fn str_sizeof(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args, "__sizeof__")?;
    args.noargs(vm, "__sizeof__")?;
    let n = s.char_len() as i64;
    let max = s.as_str().chars().map(|c| c as u32).max().unwrap_or(0);
    let size = if max < 0x80 {
        49 + n
    } else if max < 0x100 {
        73 + n
    } else if max < 0x10000 {
        74 + 2 * n
    } else {
        76 + 4 * n
    };
    Ok(Value::Int(size))
}

/// Every method of `str`, for the type's `__dict__`. `maketrans` must be registered as a
/// staticmethod (its function receives no `self`).
pub const STR_METHODS: &[MethodDef] = &[
    ("capitalize", str_capitalize, "Return a capitalized version of the string."),
    ("casefold", str_casefold, "Return a version of the string suitable for caseless comparisons."),
    ("center", str_center, "Return a centered string of length width."),
    ("count", str_count, "Return the number of non-overlapping occurrences of substring sub in string S[start:end]."),
    ("encode", str_encode, "Encode the string using the codec registered for encoding."),
    ("endswith", str_endswith, "Return True if S ends with the specified suffix, False otherwise."),
    ("expandtabs", str_expandtabs, "Return a copy where all tab characters are expanded using spaces."),
    ("find", str_find, "Return the lowest index in S where substring sub is found."),
    ("format", str_format_method, "Return a formatted version of S, using substitutions from args and kwargs."),
    ("format_map", str_format_map, "Return a formatted version of S, using substitutions from mapping."),
    ("index", str_index, "Return the lowest index in S where substring sub is found."),
    ("isalnum", str_isalnum, "Return True if the string is an alpha-numeric string, False otherwise."),
    ("isalpha", str_isalpha, "Return True if the string is an alphabetic string, False otherwise."),
    ("isascii", str_isascii, "Return True if all characters in the string are ASCII, False otherwise."),
    ("isdecimal", str_isdecimal, "Return True if the string is a decimal string, False otherwise."),
    ("isdigit", str_isdigit, "Return True if the string is a digit string, False otherwise."),
    ("isidentifier", str_isidentifier, "Return True if the string is a valid Python identifier, False otherwise."),
    ("islower", str_islower, "Return True if the string is a lowercase string, False otherwise."),
    ("isnumeric", str_isnumeric, "Return True if the string is a numeric string, False otherwise."),
    ("isprintable", str_isprintable, "Return True if the string is printable, False otherwise."),
    ("isspace", str_isspace, "Return True if the string is a whitespace string, False otherwise."),
    ("istitle", str_istitle, "Return True if the string is a title-cased string, False otherwise."),
    ("isupper", str_isupper, "Return True if the string is an uppercase string, False otherwise."),
    ("join", str_join, "join($self, iterable, /)\n--\n\nConcatenate any number of strings."),
    ("ljust", str_ljust, "Return a left-justified string of length width."),
    ("lower", str_lower, "Return a copy of the string converted to lowercase."),
    ("lstrip", str_lstrip, "Return a copy of the string with leading whitespace removed."),
    ("maketrans", str_maketrans, "Return a translation table usable for str.translate()."),
    ("partition", str_partition, "Partition the string into three parts using the given separator."),
    ("removeprefix", str_removeprefix, "Return a str with the given prefix string removed if present."),
    ("removesuffix", str_removesuffix, "Return a str with the given suffix string removed if present."),
    ("replace", str_replace, "Return a copy with all occurrences of substring old replaced by new."),
    ("rfind", str_rfind, "Return the highest index in S where substring sub is found."),
    ("rindex", str_rindex, "Return the highest index in S where substring sub is found."),
    ("rjust", str_rjust, "Return a right-justified string of length width."),
    ("rpartition", str_rpartition, "Partition the string into three parts using the given separator."),
    ("rsplit", str_rsplit, "Return a list of the substrings in the string, using sep as the separator string."),
    ("rstrip", str_rstrip, "Return a copy of the string with trailing whitespace removed."),
    ("split", str_split, "Return a list of the substrings in the string, using sep as the separator string."),
    ("splitlines", str_splitlines, "Return a list of the lines in the string, breaking at line boundaries."),
    ("startswith", str_startswith, "Return True if S starts with the specified prefix, False otherwise."),
    ("strip", str_strip, "Return a copy of the string with leading and trailing whitespace removed."),
    ("swapcase", str_swapcase, "Convert uppercase characters to lowercase and lowercase characters to uppercase."),
    ("title", str_title, "Return a version of the string where each word is titlecased."),
    ("translate", str_translate, "Replace each character in the string using the given translation table."),
    ("upper", str_upper, "Return a copy of the string converted to uppercase."),
    ("zfill", str_zfill, "Pad a numeric string with zeros on the left, to fill a field of the given width."),
    ("__len__", str_len, "Return len(self)."),
    ("__getitem__", str_getitem, "Return self[key]."),
    ("__contains__", str_contains, "Return key in self."),
    ("__add__", str_add, "Return self+value."),
    ("__mul__", str_mul, "Return self*value."),
    ("__rmul__", str_rmul, "Return value*self."),
    ("__mod__", str_mod, "Return self%value."),
    ("__rmod__", str_rmod, "Return value%self."),
    ("__format__", str_dunder_format, "Return a formatted version of the string as described by format_spec."),
    ("__eq__", str_eq, "Return self==value."),
    ("__ne__", str_ne, "Return self!=value."),
    ("__lt__", str_lt, "Return self<value."),
    ("__le__", str_le, "Return self<=value."),
    ("__gt__", str_gt, "Return self>value."),
    ("__ge__", str_ge, "Return self>=value."),
    ("__getnewargs__", str_getnewargs, ""),
    ("__sizeof__", str_sizeof, "Return the size of the string in memory, in bytes."),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_classes() {
        assert!(is_space('\x1c') && is_space('\u{3000}') && is_space('\u{85}') && !is_space('\u{200b}'));
        assert!(is_alpha('é') && !is_alpha('\u{93f}') && !is_alpha('Ⅷ'));
        assert!(
            is_decimal('١')
                && !is_decimal('²')
                && is_digit('²')
                && !is_digit('½')
                && is_numeric('½')
                && is_numeric('一')
        );
        assert_eq!(unicode_decimal('٣'), Some(3));
        assert!(is_printable('é') && !is_printable('\u{a0}') && !is_printable('\u{200b}'));
        assert!(is_identifier("_x1") && is_identifier("ñandú") && !is_identifier("1x") && !is_identifier(""));
        assert!(is_titlecase('ǅ') && !is_upper('ǅ') && is_cased('ǅ'));
    }

    #[test]
    fn case_maps() {
        let mut s = String::new();
        push_title(&mut s, 'ß');
        push_title(&mut s, 'ǆ');
        push_fold(&mut s, 'ß');
        push_fold(&mut s, 'Σ');
        assert_eq!(s, "Ssǅssσ");
        let chars: Vec<char> = "ΑΣ ΑΣΑ".chars().collect();
        let low = Lowerer::new(&chars);
        let mut out = String::new();
        for i in 0..chars.len() {
            low.push(&mut out, &chars, i);
        }
        assert_eq!(out, "ας ασα");
    }

    #[test]
    fn adjust_indices() {
        assert_eq!(adjust(Some(-10), None, 3), (0, 3));
        assert_eq!(adjust(Some(1), Some(-1), 3), (1, 2));
        assert_eq!(adjust(None, Some(10), 3), (0, 3));
    }
}
