//! Stdlib stage: the `_json` accelerator module — `scanstring`, the `make_scanner` type
//! (`_json.Scanner`) that `json.decoder` uses to parse a document in one native pass, and (from
//! json_encode.rs) `make_encoder`, `encode_basestring` and `encode_basestring_ascii`.
//! Guarantees: the values, end positions, `JSONDecodeError` messages and positions and the
//! `StopIteration(idx)` signals are those of CPython 3.11's C module, so `json.loads` failures
//! show no frames below `decoder.py`'s `raw_decode`, as in CPython.
//!
//! The scanner works on the UTF-8 bytes of the str: every byte JSON syntax cares about is ASCII,
//! and the bytes of a multi-byte character are all >= 0x80, so byte positions stand in for code
//! point positions and are translated back only where Python sees them (ends, error positions).

use crate::json_encode;
use crate::native::{self, new_args, new_instance};
use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;
use vm::func::Args;
use vm::types::Layout;
use vm::value::{Payload, PyRef, Value};
use vm::{PyResult, Vm};

/// The settings a scanner copies from its context (a `json.JSONDecoder`) when made.
#[derive(Clone)]
struct Scanner {
    strict: bool,
    object_hook: Value,
    object_pairs_hook: Value,
    parse_float: Value,
    parse_int: Value,
    parse_constant: Value,
}

/// Binds arguments as CPython's `PyArg_ParseTupleAndKeywords` does (its messages included):
/// `names` in order, the first `required` of them mandatory.
pub(crate) fn parse_kw<const N: usize>(
    vm: &Vm,
    args: &Args,
    fname: &str,
    names: [&str; N],
    required: usize,
) -> PyResult<[Option<Value>; N]> {
    let pos = args.pos();
    let total = args.args.len();
    if total > N {
        let plural = if N == 1 { "" } else { "s" };
        return Err(vm.new_type_error(format!("{fname}() takes at most {N} argument{plural} ({total} given)")));
    }
    let mut out: [Option<Value>; N] = std::array::from_fn(|i| pos.get(i).cloned());
    for (i, name) in names.iter().enumerate() {
        let kw = args.kwarg(name);
        match (kw, i < pos.len()) {
            (Some(_), true) => {
                return Err(vm.new_type_error(format!(
                    "argument for {fname}() given by name ('{name}') and position ({})",
                    i + 1
                )))
            }
            (Some(v), false) => out[i] = Some(v.clone()),
            (None, false) if i < required => {
                return Err(vm.new_type_error(format!("{fname}() missing required argument '{name}' (pos {})", i + 1)))
            }
            _ => {}
        }
    }
    if let Some((k, _)) = args.kwargs().find(|(k, _)| !names.contains(k)) {
        return Err(vm.new_type_error(format!("'{k}' is an invalid keyword argument for {fname}()")));
    }
    Ok(out)
}

/// The `n` (Py_ssize_t) conversion of an argument.
pub(crate) fn ssize_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    if let Value::Int(i) = v {
        return Ok(*i);
    }
    let b = vm.to_index(v)?;
    num_traits::ToPrimitive::to_i64(&b)
        .ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C ssize_t"))
}

/// The TypeError of every `_json` entry point handed something other than a str.
pub(crate) fn not_a_string(vm: &Vm, v: &Value) -> PyRef {
    vm.new_type_error(format!("first argument must be a string, not {}", vm.type_name(v)))
}

/// Enters one level of native recursion (CPython's `_Py_EnterRecursiveCall`); the caller must
/// call `leave_recursion` when that level is done, whether it failed or not.
pub(crate) fn enter_recursion(vm: &mut Vm, what: &str) -> PyResult<()> {
    if vm.depth >= vm.recursion_limit {
        let e = vm.exc.recursion_error.clone();
        return Err(vm.new_exception(&e, format!("maximum recursion depth exceeded{what}")));
    }
    vm.depth += 1;
    Ok(())
}

pub(crate) fn leave_recursion(vm: &mut Vm) {
    vm.depth -= 1;
}

#[inline]
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Four hex digits at `at` as a number, if they are there.
fn hex4(b: &[u8], at: usize) -> Option<u32> {
    let digits = b.get(at..at + 4)?;
    let mut v = 0u32;
    for &d in digits {
        v = (v << 4) | (d as char).to_digit(16)?;
    }
    Some(v)
}

/// One parse over one str: the text, the str object (for `JSONDecodeError`) and the keys seen.
struct Parse<'a> {
    text: &'a str,
    bytes: &'a [u8],
    ascii: bool,
    doc: &'a Value,
    sc: &'a Scanner,
    /// `float`/`int` are the number parsers: convert natively.
    float_native: bool,
    int_native: bool,
    /// Object keys decoded so far, so equal keys share one str object (CPython's memo dict).
    memo: HashMap<Box<str>, Value>,
    /// Members and items of the objects and arrays being parsed, innermost last: each
    /// container is built at its end with exactly the room it needs.
    members: Vec<(Value, Value)>,
    items: Vec<Value>,
}

impl<'a> Parse<'a> {
    fn new(vm: &Vm, doc: &'a Value, text: &'a str, sc: &'a Scanner) -> Parse<'a> {
        let is_type = |v: &Value, t: &PyRef| matches!(v, Value::Obj(o) if Rc::ptr_eq(o, t));
        Parse {
            text,
            bytes: text.as_bytes(),
            ascii: text.is_ascii(),
            doc,
            sc,
            float_native: is_type(&sc.parse_float, &vm.types.float),
            int_native: is_type(&sc.parse_int, &vm.types.int),
            memo: HashMap::new(),
            members: Vec::new(),
            items: Vec::new(),
        }
    }

    /// The code point index of byte offset `b`.
    fn char_pos(&self, b: usize) -> i64 {
        if self.ascii {
            b as i64
        } else {
            self.text[..b].chars().count() as i64
        }
    }

    /// `JSONDecodeError(msg, doc, pos)`, with `pos` given as a byte offset.
    fn error(&self, vm: &mut Vm, msg: &str, at: usize) -> PyRef {
        decode_error(vm, msg, self.doc, self.char_pos(at))
    }

    fn stop(&self, vm: &Vm, at: usize) -> PyRef {
        vm.new_stop_iteration(Value::Int(self.char_pos(at)))
    }

    fn skip_ws(&self, mut i: usize) -> usize {
        while i < self.bytes.len() && is_ws(self.bytes[i]) {
            i += 1;
        }
        i
    }

    /// Decodes the string whose body starts at byte `start` (just after its opening quote);
    /// returns its text and the byte offset after the closing quote.
    fn string(&self, vm: &mut Vm, start: usize, strict: bool) -> PyResult<(Cow<'a, str>, usize)> {
        let (b, text) = (self.bytes, self.text);
        // The opening quote (reported at -1 when `start` is 0, as CPython does).
        let unterminated =
            |vm: &mut Vm| decode_error(vm, "Unterminated string starting at", self.doc, self.char_pos(start) - 1);
        let mut owned: Option<String> = None;
        let mut end = start;
        loop {
            let mut next = end;
            while next < b.len() && b[next] != b'"' && b[next] != b'\\' {
                if b[next] < 0x20 && strict {
                    return Err(self.error(vm, "Invalid control character at", next));
                }
                next += 1;
            }
            if next == b.len() {
                return Err(unterminated(vm));
            }
            if b[next] == b'"' {
                let s = match owned {
                    None => Cow::Borrowed(&text[end..next]),
                    Some(mut o) => {
                        o.push_str(&text[end..next]);
                        Cow::Owned(o)
                    }
                };
                return Ok((s, next + 1));
            }
            let out = owned.get_or_insert_with(String::new);
            out.push_str(&text[end..next]);
            next += 1;
            if next == b.len() {
                return Err(unterminated(vm));
            }
            if b[next] != b'u' {
                out.push(match b[next] {
                    b'"' => '"',
                    b'\\' => '\\',
                    b'/' => '/',
                    b'b' => '\x08',
                    b'f' => '\x0c',
                    b'n' => '\n',
                    b'r' => '\r',
                    b't' => '\t',
                    _ => return Err(self.error(vm, "Invalid \\escape", next - 1)),
                });
                end = next + 1;
                continue;
            }
            // `\uXXXX`: four hex digits and at least one more character after them.
            let hex = next + 1;
            let Some(mut cp) = hex4(b, hex).filter(|_| hex + 4 < b.len()) else {
                return Err(self.error(vm, "Invalid \\uXXXX escape", next));
            };
            end = hex + 4;
            // A high surrogate followed by an escaped low one is one character.
            if (0xD800..0xDC00).contains(&cp) && b.get(end) == Some(&b'\\') && b.get(end + 1) == Some(&b'u') {
                if let Some(low) = hex4(b, end + 2).filter(|lo| (0xDC00..0xE000).contains(lo) && end + 6 < b.len()) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    end += 6;
                }
            }
            out.push(vm.char_for_code(cp)?);
        }
    }

    /// An object key: the decoded text as a str shared with earlier equal keys.
    fn key(&mut self, vm: &mut Vm, start: usize) -> PyResult<(Value, usize)> {
        let (s, next) = self.string(vm, start, self.sc.strict)?;
        if let Some(k) = self.memo.get(s.as_ref()) {
            return Ok((k.clone(), next));
        }
        let k = vm.new_str(s.as_ref());
        self.memo.insert(s.into_owned().into_boxed_str(), k.clone());
        Ok((k, next))
    }

    /// One JSON value starting at byte `idx`: the value and the byte offset after it.
    fn value(&mut self, vm: &mut Vm, idx: usize) -> PyResult<(Value, usize)> {
        let b = self.bytes;
        if idx >= b.len() {
            return Err(self.stop(vm, idx));
        }
        let rest = &b[idx..];
        match b[idx] {
            b'"' => {
                let (s, next) = self.string(vm, idx + 1, self.sc.strict)?;
                return Ok((vm.new_str(s), next));
            }
            b'{' => {
                enter_recursion(vm, " while decoding a JSON object from a unicode string")?;
                let r = self.object(vm, idx + 1);
                leave_recursion(vm);
                return r;
            }
            b'[' => {
                enter_recursion(vm, " while decoding a JSON array from a unicode string")?;
                let r = self.array(vm, idx + 1);
                leave_recursion(vm);
                return r;
            }
            b'n' if rest.starts_with(b"null") => return Ok((Value::None, idx + 4)),
            b't' if rest.starts_with(b"true") => return Ok((Value::Bool(true), idx + 4)),
            b'f' if rest.starts_with(b"false") => return Ok((Value::Bool(false), idx + 5)),
            b'N' if rest.starts_with(b"NaN") => return self.constant(vm, "NaN", idx),
            b'I' if rest.starts_with(b"Infinity") => return self.constant(vm, "Infinity", idx),
            b'-' if rest.starts_with(b"-Infinity") => return self.constant(vm, "-Infinity", idx),
            _ => {}
        }
        self.number(vm, idx)
    }

    fn constant(&self, vm: &mut Vm, name: &'static str, idx: usize) -> PyResult<(Value, usize)> {
        let s = Value::Obj(vm.intern(name));
        let v = vm.call(&self.sc.parse_constant, Args::new(&[s]))?;
        Ok((v, idx + name.len()))
    }

    /// A number at `start` (CPython's `_match_number_unicode`, backtracking over a dangling
    /// exponent); anything else is `StopIteration(start)`.
    fn number(&self, vm: &mut Vm, start: usize) -> PyResult<(Value, usize)> {
        let b = self.bytes;
        let last = b.len() - 1;
        let digit = |i: usize| b[i].is_ascii_digit();
        let mut idx = start;
        if b[idx] == b'-' {
            idx += 1;
            if idx > last {
                return Err(self.stop(vm, start));
            }
        }
        if (b'1'..=b'9').contains(&b[idx]) {
            idx += 1;
            while idx <= last && digit(idx) {
                idx += 1;
            }
        } else if b[idx] == b'0' {
            idx += 1;
        } else {
            return Err(self.stop(vm, start));
        }
        let mut is_float = false;
        if idx < last && b[idx] == b'.' && digit(idx + 1) {
            is_float = true;
            idx += 2;
            while idx <= last && digit(idx) {
                idx += 1;
            }
        }
        if idx < last && (b[idx] == b'e' || b[idx] == b'E') {
            let e_start = idx;
            idx += 1;
            if idx < last && (b[idx] == b'-' || b[idx] == b'+') {
                idx += 1;
            }
            while idx <= last && digit(idx) {
                idx += 1;
            }
            if digit(idx - 1) {
                is_float = true;
            } else {
                idx = e_start;
            }
        }
        let num = &self.text[start..idx];
        let v = if is_float && !self.float_native {
            let s = vm.new_str(num);
            vm.call(&self.sc.parse_float, Args::new(&[s]))?
        } else if !is_float && !self.int_native {
            let s = vm.new_str(num);
            vm.call(&self.sc.parse_int, Args::new(&[s]))?
        } else if is_float {
            Value::Float(num.parse::<f64>().unwrap_or(f64::NAN))
        } else {
            match num.parse::<i64>() {
                Ok(i) => Value::Int(i),
                Err(_) => vm::objects::numbers::parse_int(vm, num, 10)?,
            }
        };
        Ok((v, idx))
    }

    /// The members of an object whose `{` is just before byte `idx`.
    fn object(&mut self, vm: &mut Vm, idx: usize) -> PyResult<(Value, usize)> {
        let base = self.members.len();
        let r = self.members_until_brace(vm, idx);
        let members: Vec<(Value, Value)> = self.members.drain(base..).collect();
        let end = r?;
        if !self.sc.object_pairs_hook.is_none() {
            let pairs = members.into_iter().map(|(k, v)| vm.new_tuple(vec![k, v])).collect();
            let list = vm.new_list(pairs);
            return Ok((vm.call(&self.sc.object_pairs_hook, Args::new(&[list]))?, end));
        }
        let mut data = vm::dict::DictData::with_capacity(members.len());
        for (k, v) in members {
            // Keys are exact strs, so no Python code runs; a repeated key keeps its first place.
            drop(data.set_str_key_take(k, v));
        }
        let dict =
            Value::Obj(vm::value::Object::new(vm.types.dict.clone(), Payload::Dict(std::cell::RefCell::new(data))));
        if !self.sc.object_hook.is_none() {
            return Ok((vm.call(&self.sc.object_hook, Args::new(&[dict]))?, end));
        }
        Ok((dict, end))
    }

    /// Parses members onto `self.members` up to the closing `}`; returns the offset after it.
    fn members_until_brace(&mut self, vm: &mut Vm, idx: usize) -> PyResult<usize> {
        let last = self.bytes.len();
        let at = |i: usize, c: u8| i < last && self.bytes[i] == c;
        let mut idx = self.skip_ws(idx);
        if at(idx, b'}') {
            return Ok(idx + 1);
        }
        loop {
            if !at(idx, b'"') {
                return Err(self.error(vm, "Expecting property name enclosed in double quotes", idx));
            }
            let (key, next) = self.key(vm, idx + 1)?;
            idx = self.skip_ws(next);
            if !at(idx, b':') {
                return Err(self.error(vm, "Expecting ':' delimiter", idx));
            }
            idx = self.skip_ws(idx + 1);
            let (val, next) = self.value(vm, idx)?;
            self.members.push((key, val));
            idx = self.skip_ws(next);
            if at(idx, b'}') {
                return Ok(idx + 1);
            }
            if !at(idx, b',') {
                return Err(self.error(vm, "Expecting ',' delimiter", idx));
            }
            idx = self.skip_ws(idx + 1);
        }
    }

    /// The items of an array whose `[` is just before byte `idx`.
    fn array(&mut self, vm: &mut Vm, idx: usize) -> PyResult<(Value, usize)> {
        let base = self.items.len();
        let r = self.items_until_bracket(vm, idx);
        let items: Vec<Value> = self.items.drain(base..).collect();
        Ok((vm.new_list(items), r?))
    }

    /// Parses items onto `self.items` up to the closing `]`; returns the offset after it.
    fn items_until_bracket(&mut self, vm: &mut Vm, idx: usize) -> PyResult<usize> {
        let last = self.bytes.len();
        let at = |i: usize, c: u8| i < last && self.bytes[i] == c;
        let mut idx = self.skip_ws(idx);
        if at(idx, b']') {
            return Ok(idx + 1);
        }
        loop {
            let (val, next) = self.value(vm, idx)?;
            self.items.push(val);
            idx = self.skip_ws(next);
            if at(idx, b']') {
                return Ok(idx + 1);
            }
            if !at(idx, b',') {
                return Err(self.error(vm, "Expecting ',' delimiter", idx));
            }
            idx = self.skip_ws(idx + 1);
        }
    }
}

/// `json.decoder.JSONDecodeError(msg, doc, pos)`, imported when first needed as the C module
/// does (an import failure is the error raised instead).
fn decode_error(vm: &mut Vm, msg: &str, doc: &Value, pos: i64) -> PyRef {
    let made = (|| -> PyResult<Value> {
        let m = vm.import_fullname("json.decoder")?;
        let cls = vm.getattr_str(&m, "JSONDecodeError")?;
        let msg = vm.new_str(msg);
        vm.call(&cls, Args::new(&[msg, doc.clone(), Value::Int(pos)]))
    })();
    match made {
        Ok(Value::Obj(e)) if matches!(e.payload, Payload::Exception(_)) => e,
        Ok(other) => {
            vm.new_type_error(format!("exceptions must derive from BaseException, not {}", vm.type_name(&other)))
        }
        Err(e) => e,
    }
}

/// The byte offset of code point `i` in `s` (`i` <= its length).
fn byte_at(s: &vm::str::PyStr, i: usize) -> usize {
    s.byte_offset(i)
}

/// `scanstring(string, end, strict=True) -> (str, end)`.
fn scanstring(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.no_kwargs(vm, "scanstring")?;
    let pos = args.pos();
    if pos.len() < 2 || pos.len() > 3 {
        let (which, n) = if pos.len() < 2 { ("least", 2) } else { ("most", 3) };
        return Err(vm.new_type_error(format!("scanstring() takes at {which} {n} arguments ({} given)", pos.len())));
    }
    let end = ssize_arg(vm, &pos[1])?;
    let strict = match pos.get(2) {
        Some(v) => vm.truthy(v)?,
        None => true,
    };
    let doc = pos[0].clone();
    let Some(s) = doc.as_str() else {
        return Err(not_a_string(vm, &doc));
    };
    if end < 0 || end as usize > s.char_len() {
        return Err(vm.new_value_error("end is out of bounds"));
    }
    let sc = Scanner {
        strict,
        object_hook: Value::None,
        object_pairs_hook: Value::None,
        parse_float: Value::None,
        parse_int: Value::None,
        parse_constant: Value::None,
    };
    let p = Parse::new(vm, &doc, s.as_str(), &sc);
    let start = byte_at(s, end as usize);
    let (text, next) = p.string(vm, start, strict)?;
    let v = vm.new_str(text);
    let next = p.char_pos(next);
    Ok(vm.new_tuple(vec![v, Value::Int(next)]))
}

fn scanner_of(vm: &Vm, v: &Value) -> PyResult<Scanner> {
    native::state::<Scanner>(v).map(|s| s.borrow().clone()).ok_or_else(|| native::wrong_self(vm, v, "_json.Scanner"))
}

/// `make_scanner(context)`: reads the decoder settings off the context once.
fn scanner_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, a) = new_args(&args);
    let [ctx] = parse_kw(vm, &a, "make_scanner", ["context"], 1)?;
    let ctx = ctx.unwrap();
    let strict = vm.getattr_str(&ctx, "strict")?;
    let strict = vm.truthy(&strict)?;
    let object_hook = vm.getattr_str(&ctx, "object_hook")?;
    let object_pairs_hook = vm.getattr_str(&ctx, "object_pairs_hook")?;
    let parse_float = vm.getattr_str(&ctx, "parse_float")?;
    let parse_int = vm.getattr_str(&ctx, "parse_int")?;
    let parse_constant = vm.getattr_str(&ctx, "parse_constant")?;
    let sc = Scanner { strict, object_hook, object_pairs_hook, parse_float, parse_int, parse_constant };
    Ok(new_instance(vm, &cls, sc))
}

/// `scanner(string, idx) -> (value, end)`; `StopIteration(idx)` when no value starts there.
fn scanner_call(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let sc = scanner_of(vm, &this)?;
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    let [doc, idx] = parse_kw(vm, &rest, "scan_once", ["string", "idx"], 2)?;
    let (doc, idx) = (doc.unwrap(), idx.unwrap());
    let idx = ssize_arg(vm, &idx)?;
    let Some(s) = doc.as_str() else {
        return Err(not_a_string(vm, &doc));
    };
    if idx < 0 {
        return Err(vm.new_value_error("idx cannot be negative"));
    }
    if idx as usize >= s.char_len() {
        return Err(vm.new_stop_iteration(Value::Int(idx)));
    }
    let mut p = Parse::new(vm, &doc, s.as_str(), &sc);
    let (v, end) = p.value(vm, byte_at(s, idx as usize))?;
    let end = p.char_pos(end);
    Ok(vm.new_tuple(vec![v, Value::Int(end)]))
}

fn scanner_strict(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Bool(scanner_of(vm, &args.args[0])?.strict))
}
fn scanner_object_hook(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(scanner_of(vm, &args.args[0])?.object_hook)
}
fn scanner_object_pairs_hook(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(scanner_of(vm, &args.args[0])?.object_pairs_hook)
}
fn scanner_parse_float(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(scanner_of(vm, &args.args[0])?.parse_float)
}
fn scanner_parse_int(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(scanner_of(vm, &args.args[0])?.parse_int)
}
fn scanner_parse_constant(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(scanner_of(vm, &args.args[0])?.parse_constant)
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_json");
    let d = m.dict.get().unwrap();
    vm.dict_set_str(&d, "__doc__", vm.new_str("json speedups\n"));

    let scanner = native::make_type(vm, "_json", "Scanner", None, Layout::Native);
    native::setup(vm, &scanner, Some(scanner_new), &[("__call__", scanner_call, "Call self as a function.")]);
    let getters: &[(&'static str, vm::func::NativeFn)] = &[
        ("strict", scanner_strict),
        ("object_hook", scanner_object_hook),
        ("object_pairs_hook", scanner_object_pairs_hook),
        ("parse_float", scanner_parse_float),
        ("parse_int", scanner_parse_int),
        ("parse_constant", scanner_parse_constant),
    ];
    for (name, get) in getters {
        vm.add_getset(&scanner, name, *get, None);
    }
    vm.dict_set_str(&vm.type_dict(&scanner), "__doc__", vm.new_str("JSON scanner object"));
    vm.dict_set_str(&d, "make_scanner", Value::Obj(scanner));

    let encoder = json_encode::make_encoder_type(vm);
    vm.dict_set_str(&d, "make_encoder", Value::Obj(encoder));

    let fns: &[(&'static str, vm::func::NativeFn)] = &[
        ("scanstring", scanstring),
        ("encode_basestring_ascii", json_encode::encode_basestring_ascii),
        ("encode_basestring", json_encode::encode_basestring),
    ];
    vm.add_native_fns(&d, fns);
    Ok(m)
}
