//! VM stage: the text codecs built into the VM (UTF-8, ASCII, Latin-1, UTF-16 and UTF-32 in
//! either byte order) with CPython's error handlers — `strict`, `ignore`, `replace`,
//! `backslashreplace`, `xmlcharrefreplace`, `namereplace`, `surrogateescape`, `surrogatepass` and
//! handlers registered through `codecs.register_error` — and the `UnicodeError` family with
//! CPython's attributes and messages. Guarantees: every failure is a `UnicodeError` (or the
//! `LookupError` for an unknown name), and the lossless handlers round-trip: bytes decoded with
//! `surrogateescape` encode back to the same bytes.
//! (`namereplace` takes names from the `unicode_names2` tables.)

use crate::escape_codecs::{bytes_escape_decode_fn, bytes_escape_encode_fn, escape_decode_fn, escape_encode_fn};
use crate::func::Args;
use crate::value::{Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use bytecode::surrogate::{self, is_surrogate};

/// Byte order of a UTF-16/UTF-32 codec; `Bom` is the plain name: write a (little-endian) BOM
/// when encoding, honour one when decoding.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Order {
    Bom,
    Little,
    Big,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Codec {
    Utf8,
    Ascii,
    Latin1,
    Utf16(Order),
    Utf32(Order),
}

impl Codec {
    /// The codec for any of the names `encodings` knows it by (`encodings.normalize_encoding`
    /// plus the alias table), e.g. `"UTF8"`, `"latin_1"`, `"utf-16-le"`.
    pub fn lookup(name: &str) -> Option<Codec> {
        // The usual spellings first, without building the normalised name.
        match name {
            "utf-8" | "utf8" | "UTF-8" | "utf_8" => return Some(Codec::Utf8),
            "ascii" | "ASCII" => return Some(Codec::Ascii),
            "latin-1" | "latin1" | "iso-8859-1" => return Some(Codec::Latin1),
            _ => {}
        }
        let n = name.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Some(match n.as_str() {
            "utf_8" | "utf8" | "u8" | "utf" | "cp65001" | "utf8_ucs2" | "utf8_ucs4" => Codec::Utf8,
            "ascii" | "us_ascii" | "646" | "us" | "ansi_x3.4_1968" | "ansi_x3_4_1968" | "iso646_us" | "cp367"
            | "csascii" | "ibm367" => Codec::Ascii,
            "latin_1" | "latin1" | "latin" | "l1" | "iso_8859_1" | "iso8859_1" | "8859" | "cp819" | "iso_ir_100"
            | "csisolatin1" | "ibm819" => Codec::Latin1,
            "utf_16" | "utf16" | "u16" => Codec::Utf16(Order::Bom),
            "utf_16_le" | "utf_16le" | "unicodelittleunmarked" => Codec::Utf16(Order::Little),
            "utf_16_be" | "utf_16be" | "unicodebigunmarked" => Codec::Utf16(Order::Big),
            "utf_32" | "utf32" | "u32" => Codec::Utf32(Order::Bom),
            "utf_32_le" | "utf_32le" => Codec::Utf32(Order::Little),
            "utf_32_be" | "utf_32be" => Codec::Utf32(Order::Big),
            _ => return None,
        })
    }

    /// The codec's name as its errors spell it.
    pub fn name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
            Codec::Utf16(Order::Bom) => "utf-16",
            Codec::Utf16(Order::Little) => "utf-16-le",
            Codec::Utf16(Order::Big) => "utf-16-be",
            Codec::Utf32(Order::Bom) => "utf-32",
            Codec::Utf32(Order::Little) => "utf-32-le",
            Codec::Utf32(Order::Big) => "utf-32-be",
        }
    }

    fn is_utf(self) -> bool {
        !matches!(self, Codec::Ascii | Codec::Latin1)
    }

    /// Can this code point be written without an error handler?
    fn encodable(self, u: u32) -> bool {
        match self {
            Codec::Ascii => u < 0x80,
            Codec::Latin1 => u < 0x100,
            _ => !is_surrogate(u),
        }
    }

    /// Writes code point `u` (surrogates only for `surrogatepass`); little-endian for `Bom`.
    fn put(self, u: u32, out: &mut Vec<u8>) {
        match self {
            Codec::Ascii | Codec::Latin1 => out.push(u as u8),
            Codec::Utf8 => {
                if u < 0x80 {
                    out.push(u as u8);
                } else if u < 0x800 {
                    out.extend_from_slice(&[0xC0 | (u >> 6) as u8, 0x80 | (u & 0x3F) as u8]);
                } else if u < 0x10000 {
                    out.extend_from_slice(&[
                        0xE0 | (u >> 12) as u8,
                        0x80 | ((u >> 6) & 0x3F) as u8,
                        0x80 | (u & 0x3F) as u8,
                    ]);
                } else {
                    out.extend_from_slice(&[
                        0xF0 | (u >> 18) as u8,
                        0x80 | ((u >> 12) & 0x3F) as u8,
                        0x80 | ((u >> 6) & 0x3F) as u8,
                        0x80 | (u & 0x3F) as u8,
                    ]);
                }
            }
            Codec::Utf16(order) => {
                let unit = |x: u16, out: &mut Vec<u8>| {
                    out.extend_from_slice(&if order == Order::Big { x.to_be_bytes() } else { x.to_le_bytes() })
                };
                if u >= 0x10000 {
                    let v = u - 0x10000;
                    unit(0xD800 | (v >> 10) as u16, out);
                    unit(0xDC00 | (v & 0x3FF) as u16, out);
                } else {
                    unit(u as u16, out);
                }
            }
            Codec::Utf32(order) => {
                out.extend_from_slice(&if order == Order::Big { u.to_be_bytes() } else { u.to_le_bytes() })
            }
        }
    }

    fn encode_reason(self) -> &'static str {
        match self {
            Codec::Ascii => "ordinal not in range(128)",
            Codec::Latin1 => "ordinal not in range(256)",
            _ => "surrogates not allowed",
        }
    }
}

/// The codec for `name`, or CPython's `LookupError`.
pub fn lookup(vm: &Vm, name: &str) -> PyResult<Codec> {
    Codec::lookup(name)
        .ok_or_else(|| vm.new_exception(&vm.exc.lookup_error.clone(), format!("unknown encoding: {name}")))
}

pub(crate) fn unknown_handler(vm: &Vm, name: &str) -> PyRef {
    vm.new_exception(&vm.exc.lookup_error.clone(), format!("unknown error handler name '{name}'"))
}

/// A handler registered with `codecs.register_error`, if any.
pub(crate) fn custom_handler(vm: &Vm, name: &str) -> Option<Value> {
    vm.codec_cache.get(&format!("error:{name}")).cloned()
}

/// Calls a registered handler with the exception; returns its replacement and resume position
/// (made absolute and checked as `unicode_call_errorhandler` does).
pub(crate) fn call_handler(
    vm: &mut Vm,
    handler: &Value,
    exc: &PyRef,
    len: usize,
    encoding: bool,
) -> PyResult<(Value, usize)> {
    let r = vm.call(handler, Args::new(&[Value::Obj(exc.clone())]))?;
    let what = if encoding {
        "encoding error handler must return (str/bytes, int) tuple"
    } else {
        "decoding error handler must return (str, int) tuple"
    };
    let items = match r.payload() {
        Some(Payload::Tuple(t)) if t.len() == 2 => t.to_vec(),
        _ => return Err(vm.new_type_error(what)),
    };
    let ok_rep = items[0].as_str().is_some() || (encoding && matches!(items[0].payload(), Some(Payload::Bytes(_))));
    let Value::Int(pos) = items[1] else { return Err(vm.new_type_error(what)) };
    if !ok_rep {
        return Err(vm.new_type_error(what));
    }
    let pos = if pos < 0 { pos + len as i64 } else { pos };
    if pos < 0 || pos as usize > len {
        return Err(vm.new_index_error(format!("position {pos} from error handler out of bounds")));
    }
    Ok((items[0].clone(), pos as usize))
}

// ---------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------

/// `str.encode(encoding, errors)`: `s` is pyrite text (surrogates as stand-ins).
pub fn encode(vm: &mut Vm, s: &str, encoding: &str, errors: &str) -> PyResult<Vec<u8>> {
    match Codec::lookup(encoding) {
        Some(codec) => encode_with(vm, s, codec, errors),
        None => {
            let text = vm.new_str(s);
            let r = registry_call(vm, encoding, "encode", text, errors, true)?;
            match r.payload() {
                Some(Payload::Bytes(b)) => Ok(b.to_vec()),
                _ => Err(vm.new_type_error(format!(
                    "'{encoding}' encoder returned '{}' instead of 'bytes'; use codecs.encode() to encode to arbitrary types",
                    vm.type_name(&r)
                ))),
            }
        }
    }
}

/// A codec through the `encodings` registry as CPython's `_PyCodec_EncodeText` and friends:
/// `codecs.lookup(name).<what>(value, errors)[0]`; `text_only` (str.encode, bytes.decode)
/// refuses codecs such as `rot13` or `hex` that are not text encodings.
pub fn registry_call(
    vm: &mut Vm,
    encoding: &str,
    what: &str,
    value: Value,
    errors: &str,
    text_only: bool,
) -> PyResult<Value> {
    let codecs = vm.import_fullname("_codecs")?;
    let lookup = vm.getattr_str(&codecs, "lookup")?;
    let name = vm.new_str(encoding);
    let info = vm.call(&lookup, Args::new(&[name]))?;
    if text_only {
        if let Some(false) = vm.getattr_opt(&info, "_is_text_encoding")?.map(|v| vm.truthy(&v)).transpose()? {
            let how = if what == "encode" { "codecs.encode()" } else { "codecs.decode()" };
            return Err(vm.new_exception(
                &vm.exc.lookup_error.clone(),
                format!("'{encoding}' is not a text encoding; use {how} to handle arbitrary codecs"),
            ));
        }
    }
    let f = vm.getattr_str(&info, what)?;
    let e = vm.new_str(errors);
    let r = vm.call(&f, Args::new(&[value, e])).map_err(|exc| wrap_codec_error(vm, exc, what, encoding))?;
    match r.payload() {
        Some(Payload::Tuple(t)) if t.len() == 2 => Ok(t[0].clone()),
        _ => Err(vm.new_type_error(format!("{what}r must return a tuple (object, integer)"))),
    }
}

/// Whether exceptions of class `t` keep no state beyond `args` and are made by
/// `BaseException`'s own `__new__` and `__init__`, the condition `_PyErr_TrySetFromCause` puts on
/// re-raising one with a new message: CPython checks `tp_init`, `tp_new` and that
/// `__basicsize__` is `BaseException`'s (plus at most the weak-reference list, if it has one).
fn plain_exception_type(vm: &Vm, t: &PyRef) -> bool {
    let mro = t.as_type().map(|td| td.mro.borrow().clone()).unwrap_or_default();
    for name in ["__init__", "__new__"] {
        let definer = mro.iter().find(|c| vm.dict_get_str(&crate::types::type_dict(c), name).is_some());
        if definer.is_some_and(|c| c.as_type().is_some_and(|td| td.is_heap())) {
            return false;
        }
    }
    let (basic, item, _, weak) = crate::objects::slots::type_layout(vm, t);
    let (base_basic, ..) = crate::objects::slots::type_layout(vm, &vm.exc.base_exception);
    if item != 0 || (basic != base_basic && (weak == 0 || basic != base_basic + 8)) {
        return false;
    }
    // Builtin exceptions of that size whose C type has its own `tp_init` or `tp_new`.
    let e = &vm.exc;
    ![&e.system_exit, &e.name_error, &e.stop_iteration, &e.memory_error].iter().any(|c| crate::types::is_subtype(t, c))
}

/// `wrap_codec_error` (`_PyErr_TrySetFromCause`): an exception of a plain type (see
/// `plain_exception_type`) whose args are empty or one str, and whose instance dict is empty,
/// raised inside a codec comes out as the same type saying "decoding with 'NAME' codec failed
/// (Type: message)", caused by it.
fn wrap_codec_error(vm: &mut Vm, exc: PyRef, what: &str, encoding: &str) -> PyRef {
    let t = exc.class();
    if !plain_exception_type(vm, &t) {
        return exc;
    }
    let Some(data) = exc.exc_data() else { return exc };
    let args = data.args.borrow().clone();
    let simple = match args.payload() {
        Some(Payload::Tuple(a)) => a.is_empty() || (a.len() == 1 && a[0].as_str().is_some()),
        _ => false,
    };
    let dict_empty = exc.dict.get().is_none_or(|d| matches!(&d.payload, Payload::Dict(dd) if dd.borrow().is_empty()));
    if !simple || !dict_empty {
        return exc;
    }
    let msg = match vm.str_string(&Value::Obj(exc.clone())) {
        Ok(m) => m,
        Err(_) => return exc,
    };
    let tname = t.as_type().map(|x| x.name().to_string()).unwrap_or_default();
    let op = if what == "encode" { "encoding" } else { "decoding" };
    let wrapped = vm.new_exception(&t, format!("{op} with '{encoding}' codec failed ({tname}: {msg})"));
    if let Some(d) = wrapped.exc_data() {
        *d.cause.borrow_mut() = Value::Obj(exc.clone());
        d.suppress_context.set(true);
    }
    wrapped
}

pub fn encode_with(vm: &mut Vm, s: &str, codec: Codec, errors: &str) -> PyResult<Vec<u8>> {
    match codec {
        Codec::Utf8 if !surrogate::has_stand_in(s) => return Ok(s.as_bytes().to_vec()),
        Codec::Ascii | Codec::Latin1 if s.is_ascii() => return Ok(s.as_bytes().to_vec()),
        _ => {}
    }
    let cps: Vec<u32> = s.chars().map(surrogate::code_of).collect();
    let mut out = Vec::with_capacity(s.len());
    match codec {
        Codec::Utf16(Order::Bom) | Codec::Utf32(Order::Bom) => codec.put(0xFEFF, &mut out),
        _ => {}
    }
    let mut i = 0;
    while i < cps.len() {
        let u = cps[i];
        if codec.encodable(u) {
            codec.put(u, &mut out);
            i += 1;
            continue;
        }
        // UTF-16/32 report one character at a time; the others the whole unencodable run.
        let mut end = i + 1;
        if matches!(codec, Codec::Utf8 | Codec::Ascii | Codec::Latin1) {
            while end < cps.len() && !codec.encodable(cps[end]) {
                end += 1;
            }
        }
        let run = &cps[i..end];
        let ascii = |text: &str, out: &mut Vec<u8>| text.chars().for_each(|c| codec.put(c as u32, out));
        match errors {
            "strict" => return Err(encode_error(vm, codec, s, i, end)),
            "ignore" => {}
            "replace" => run.iter().for_each(|_| codec.put('?' as u32, &mut out)),
            "xmlcharrefreplace" => run.iter().for_each(|u| ascii(&format!("&#{u};"), &mut out)),
            "backslashreplace" => run.iter().for_each(|&u| ascii(&escape(u), &mut out)),
            "namereplace" => run.iter().for_each(|&u| ascii(&name_escape(u), &mut out)),
            "surrogateescape" if !matches!(codec, Codec::Utf16(_) | Codec::Utf32(_)) => {
                if !run.iter().all(|u| (0xDC80..0xDD00).contains(u)) {
                    return Err(encode_error(vm, codec, s, i, end));
                }
                out.extend(run.iter().map(|u| (u - 0xDC00) as u8));
            }
            "surrogatepass" if codec.is_utf() => {
                if !run.iter().all(|&u| is_surrogate(u)) {
                    return Err(encode_error(vm, codec, s, i, end));
                }
                run.iter().for_each(|&u| codec.put(u, &mut out));
            }
            "surrogateescape" | "surrogatepass" => return Err(encode_error(vm, codec, s, i, end)),
            other => {
                let Some(h) = custom_handler(vm, other) else { return Err(unknown_handler(vm, other)) };
                let exc = encode_error(vm, codec, s, i, end);
                let (rep, pos) = call_handler(vm, &h, &exc, cps.len(), true)?;
                match rep.payload() {
                    Some(Payload::Bytes(b)) => out.extend_from_slice(b),
                    _ => {
                        let r = rep.as_str().unwrap();
                        if !r.code_points().all(|u| codec.encodable(u)) {
                            return Err(exc);
                        }
                        r.code_points().for_each(|u| codec.put(u, &mut out));
                    }
                }
                i = pos;
                continue;
            }
        }
        i = end;
    }
    Ok(out)
}

/// `\xhh`, `\uhhhh` or `\Uhhhhhhhh` for one code point.
pub(crate) fn escape(u: u32) -> String {
    if u < 0x100 {
        format!("\\x{u:02x}")
    } else if u < 0x10000 {
        format!("\\u{u:04x}")
    } else {
        format!("\\U{u:08x}")
    }
}

/// `\N{NAME}` for a named character, else its `\x`/`\u`/`\U` escape (`namereplace`).
fn name_escape(u: u32) -> String {
    match char::from_u32(u).and_then(unicode_names2::name) {
        Some(name) => format!("\\N{{{name}}}"),
        None => escape(u),
    }
}

/// `UnicodeEncodeError(encoding, object, start, end, reason)`.
fn encode_error(vm: &mut Vm, codec: Codec, s: &str, start: usize, end: usize) -> PyRef {
    let ty = vm.exc.unicode_encode_error.clone();
    let object = vm.new_str(s);
    unicode_error(vm, &ty, codec.name(), object, start, end, codec.encode_reason())
}

fn unicode_error(
    vm: &mut Vm,
    ty: &PyRef,
    encoding: &str,
    object: Value,
    start: usize,
    end: usize,
    reason: &str,
) -> PyRef {
    let vals =
        [vm.new_str(encoding), object, Value::Int(start as i64), Value::Int(end as i64), vm.new_str(reason)].to_vec();
    let e = vm.new_exception_args(ty, vals.clone());
    set_attrs(&e, &["encoding", "object", "start", "end", "reason"], vals);
    e
}

/// Stores the members of a UnicodeError (exc_state.rs), outside its `__dict__` as in CPython.
fn set_attrs(e: &PyRef, names: &[&'static str], vals: Vec<Value>) {
    for (name, v) in names.iter().zip(vals) {
        e.exc_set_field(name, v);
    }
}

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

/// One step of a decoder at a position: a code point and its length in bytes, or the length of
/// the undecodable stretch and CPython's reason.
type Step = Result<(u32, usize), (usize, &'static str)>;

/// UTF-8 as CPython's decoder reads it: shortest forms only, no surrogates, and the stretch
/// reported for an error is the valid prefix of the broken sequence.
fn utf8_step(b: &[u8], i: usize) -> Step {
    let c = b[i];
    if c < 0x80 {
        return Ok((c as u32, 1));
    }
    let (n, lo, hi) = match c {
        0xC2..=0xDF => (2, 0x80, 0xBF),
        0xE0 => (3, 0xA0, 0xBF),
        0xED => (3, 0x80, 0x9F),
        0xE1..=0xEF => (3, 0x80, 0xBF),
        0xF0 => (4, 0x90, 0xBF),
        0xF1..=0xF3 => (4, 0x80, 0xBF),
        0xF4 => (4, 0x80, 0x8F),
        _ => return Err((1, "invalid start byte")),
    };
    let mut u = (c as u32) & (0x7F >> n);
    for k in 1..n {
        let Some(&x) = b.get(i + k) else { return Err((k, "unexpected end of data")) };
        let (l, h) = if k == 1 { (lo, hi) } else { (0x80, 0xBF) };
        if x < l || x > h {
            return Err((k, "invalid continuation byte"));
        }
        u = (u << 6) | (x as u32 & 0x3F);
    }
    Ok((u, n))
}

fn unit16(b: &[u8], i: usize, big: bool) -> u32 {
    let pair = [b[i], b[i + 1]];
    (if big { u16::from_be_bytes(pair) } else { u16::from_le_bytes(pair) }) as u32
}

fn utf16_step(b: &[u8], i: usize, big: bool) -> Step {
    let left = b.len() - i;
    if left < 2 {
        return Err((left, "truncated data"));
    }
    let u = unit16(b, i, big);
    if !is_surrogate(u) {
        return Ok((u, 2));
    }
    if u >= 0xDC00 {
        return Err((2, "illegal encoding"));
    }
    if left < 4 {
        return Err((left, "unexpected end of data"));
    }
    let lo = unit16(b, i + 2, big);
    if !(0xDC00..0xE000).contains(&lo) {
        return Err((2, "illegal UTF-16 surrogate"));
    }
    Ok((0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00), 4))
}

fn utf32_step(b: &[u8], i: usize, big: bool) -> Step {
    let left = b.len() - i;
    if left < 4 {
        return Err((left, "truncated data"));
    }
    let q = [b[i], b[i + 1], b[i + 2], b[i + 3]];
    let u = if big { u32::from_be_bytes(q) } else { u32::from_le_bytes(q) };
    if u > 0x10FFFF {
        Err((4, "code point not in range(0x110000)"))
    } else if is_surrogate(u) {
        Err((4, "code point in surrogate code point range(0xd800, 0xe000)"))
    } else {
        Ok((u, 4))
    }
}

/// `bytes.decode(encoding, errors)`: pyrite text (surrogates as stand-ins).
pub fn decode(vm: &mut Vm, b: &[u8], encoding: &str, errors: &str) -> PyResult<String> {
    match Codec::lookup(encoding) {
        Some(codec) => decode_with(vm, b, codec, errors),
        None => {
            let data = vm.new_bytes(b.to_vec());
            let r = registry_call(vm, encoding, "decode", data, errors, true)?;
            match r.as_str() {
                Some(t) => Ok(t.as_str().to_string()),
                None => Err(vm.new_type_error(format!(
                    "'{encoding}' decoder returned '{}' instead of 'str'; use codecs.decode() to decode to arbitrary types",
                    vm.type_name(&r)
                ))),
            }
        }
    }
}

pub fn decode_with(vm: &mut Vm, b: &[u8], codec: Codec, errors: &str) -> PyResult<String> {
    Ok(decode_partial(vm, b, codec, errors, true)?.0)
}

/// Decodes as much of `b` as possible: with `final` false an incomplete sequence at the end is
/// left for the next call (incremental decoders). Returns the text and the bytes consumed.
pub fn decode_partial(vm: &mut Vm, b: &[u8], codec: Codec, errors: &str, last: bool) -> PyResult<(String, usize)> {
    let whole = |s: String| Ok((s, b.len()));
    match codec {
        Codec::Latin1 => return whole(b.iter().map(|&x| x as char).collect()),
        Codec::Ascii if b.is_ascii() => return whole(String::from_utf8(b.to_vec()).unwrap()),
        Codec::Utf8 => {
            if let Ok(s) = std::str::from_utf8(b) {
                if !surrogate::has_stand_in(s) {
                    return whole(s.to_string());
                }
            }
        }
        _ => {}
    }
    // The byte order of a UTF-16/32 codec: a BOM on the plain names, else little-endian.
    let mut start = 0;
    let (wide, big) = match codec {
        Codec::Utf16(o) | Codec::Utf32(o) => {
            let w = if matches!(codec, Codec::Utf16(_)) { 2 } else { 4 };
            let mut big = o == Order::Big;
            if o == Order::Bom && b.len() >= w {
                let (le_bom, be_bom): (&[u8], &[u8]) =
                    if w == 2 { (&[0xFF, 0xFE], &[0xFE, 0xFF]) } else { (&[0xFF, 0xFE, 0, 0], &[0, 0, 0xFE, 0xFF]) };
                if &b[..w] == le_bom {
                    start = w;
                } else if &b[..w] == be_bom {
                    start = w;
                    big = true;
                }
            }
            (w, big)
        }
        _ => (0, false),
    };
    // Errors name the byte order actually read, as CPython's do.
    let name = match (wide, big) {
        (2, false) => "utf-16-le",
        (2, true) => "utf-16-be",
        (4, false) => "utf-32-le",
        (4, true) => "utf-32-be",
        _ => codec.name(),
    };
    let mut out = String::with_capacity(b.len());
    let mut i = start;
    while i < b.len() {
        let step = match codec {
            Codec::Utf8 => utf8_step(b, i),
            Codec::Ascii if b[i] < 0x80 => Ok((b[i] as u32, 1)),
            Codec::Ascii => Err((1, "ordinal not in range(128)")),
            Codec::Latin1 => Ok((b[i] as u32, 1)),
            Codec::Utf16(_) => utf16_step(b, i, big),
            Codec::Utf32(_) => utf32_step(b, i, big),
        };
        let bad = match step {
            Ok((u, n)) => {
                out.push(vm.char_for_code(u)?);
                i += n;
                continue;
            }
            Err((n, reason)) => (n, reason),
        };
        let (n, reason) = bad;
        if !last && i + n == b.len() && matches!(reason, "unexpected end of data" | "truncated data") {
            return Ok((out, i));
        }
        let end = i + n;
        match errors {
            "strict" => return Err(decode_error(vm, name, b, i, end, reason)),
            "ignore" => {}
            "replace" => out.push('\u{FFFD}'),
            "backslashreplace" => b[i..end].iter().for_each(|&x| out.push_str(&escape(x as u32))),
            "surrogateescape" => {
                if b[i..end].iter().any(|&x| x < 0x80) {
                    return Err(decode_error(vm, name, b, i, end, reason));
                }
                for &x in &b[i..end] {
                    out.push(surrogate::char_for(0xDC00 + x as u32).unwrap());
                }
            }
            "surrogatepass" => match passed_surrogate(b, i, codec, big) {
                Some((u, len)) => {
                    out.push(surrogate::char_for(u).unwrap());
                    i += len;
                    continue;
                }
                None => return Err(decode_error(vm, name, b, i, end, reason)),
            },
            other => {
                let Some(h) = custom_handler(vm, other) else { return Err(unknown_handler(vm, other)) };
                let exc = decode_error(vm, name, b, i, end, reason);
                let (rep, pos) = call_handler(vm, &h, &exc, b.len(), false)?;
                out.push_str(rep.as_str().unwrap().as_str());
                i = pos;
                continue;
            }
        }
        i = end;
    }
    Ok((out, b.len()))
}

/// The file-system decoding (`os.fsdecode`, `sys.argv`): UTF-8 with `surrogateescape`. A
/// sequence that would decode to one of the reserved stand-in code points is escaped byte by
/// byte as well, so the result always encodes back to exactly `b` (`fs_encode`).
pub fn fs_decode(b: &[u8]) -> String {
    if let Ok(s) = std::str::from_utf8(b) {
        if !surrogate::has_stand_in(s) {
            return s.to_string();
        }
    }
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let (n, ch) = match utf8_step(b, i) {
            Ok((u, n)) => (n, surrogate::char_for(u)),
            Err((n, _)) => (n, None),
        };
        match ch {
            Some(c) => out.push(c),
            None => b[i..i + n].iter().for_each(|&x| out.push(surrogate::char_for(0xDC00 + x as u32).unwrap())),
        }
        i += n;
    }
    out
}

/// The file-system encoding (`os.fsencode`): UTF-8 with `surrogateescape`.
pub fn fs_encode(vm: &mut Vm, s: &str) -> PyResult<Vec<u8>> {
    match fs_bytes(s) {
        Some(b) => Ok(b),
        None => encode_with(vm, s, Codec::Utf8, "surrogateescape"),
    }
}

/// `fs_encode` without a VM: `None` when `s` holds a surrogate `surrogateescape` cannot write.
pub fn fs_bytes(s: &str) -> Option<Vec<u8>> {
    if !surrogate::has_stand_in(s) {
        return Some(s.as_bytes().to_vec());
    }
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        match surrogate::code_of(c) {
            u @ 0xDC80..=0xDCFF => out.push((u - 0xDC00) as u8),
            u if is_surrogate(u) => return None,
            _ => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
    Some(out)
}

/// A path for the operating system from pyrite text (see `fs_bytes`).
pub fn os_path(s: &str) -> Option<std::path::PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    fs_bytes(s).map(|b| std::path::PathBuf::from(std::ffi::OsString::from_vec(b)))
}

/// The surrogate `surrogatepass` lets through at `i`: its code point and encoded length.
fn passed_surrogate(b: &[u8], i: usize, codec: Codec, big: bool) -> Option<(u32, usize)> {
    let u = match codec {
        Codec::Utf8 => {
            let s = b.get(i..i + 3)?;
            if s[0] != 0xED || !(0xA0..=0xBF).contains(&s[1]) || !(0x80..=0xBF).contains(&s[2]) {
                return None;
            }
            return Some((0xD000 | ((s[1] as u32 & 0x3F) << 6) | (s[2] as u32 & 0x3F), 3));
        }
        Codec::Utf16(_) if b.len() >= i + 2 => (unit16(b, i, big), 2),
        Codec::Utf32(_) if b.len() >= i + 4 => {
            let q = [b[i], b[i + 1], b[i + 2], b[i + 3]];
            (if big { u32::from_be_bytes(q) } else { u32::from_le_bytes(q) }, 4)
        }
        _ => return None,
    };
    is_surrogate(u.0).then_some(u)
}

/// `UnicodeDecodeError(encoding, object, start, end, reason)`.
pub(crate) fn decode_error(vm: &mut Vm, name: &str, b: &[u8], start: usize, end: usize, reason: &str) -> PyRef {
    let ty = vm.exc.unicode_decode_error.clone();
    let object = vm.new_bytes(b.to_vec());
    unicode_error(vm, &ty, name, object, start, end, reason)
}

// ---------------------------------------------------------------------------------------------
// The UnicodeError family: construction and messages
// ---------------------------------------------------------------------------------------------

/// `UnicodeEncodeError.__init__(encoding, object, start, end, reason)` and its decode and
/// translate (`object, start, end, reason`) siblings: argument checks as CPython's.
fn unicode_error_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let e = args.args[0].as_obj().unwrap().clone();
    let t = e.class();
    args.no_kwargs(vm, &t.as_type().map(|td| td.name()).unwrap_or_else(|| "UnicodeError".into()))?;
    let a = &args.args[1..];
    let translate = crate::types::is_subtype(&t, &vm.exc.unicode_translate_error);
    let decode = crate::types::is_subtype(&t, &vm.exc.unicode_decode_error);
    if let Some(d) = e.exc_data() {
        *d.args.borrow_mut() = vm.new_tuple(a.to_vec());
    }
    let names: &[&'static str] = if translate {
        &["object", "start", "end", "reason"]
    } else {
        &["encoding", "object", "start", "end", "reason"]
    };
    if a.len() != names.len() {
        return Err(vm.new_type_error(format!("function takes exactly {} arguments ({} given)", names.len(), a.len())));
    }
    let mut vals = a.to_vec();
    for (k, (name, v)) in names.iter().zip(a).enumerate() {
        let want_str = *name == "encoding" || *name == "reason" || (*name == "object" && !decode);
        if want_str && v.as_str().is_none() {
            return Err(vm.new_type_error(format!("argument {} must be str, not {}", k + 1, vm.type_name(v))));
        }
        if *name == "start" || *name == "end" {
            vals[k] = Value::Int(vm.to_i64_index(v)?);
        }
    }
    // UnicodeDecodeError's object, once every argument parsed: any buffer, kept as bytes
    // (`PyObject_GetBuffer` + `PyBytes_FromStringAndSize`).
    if decode && !matches!(vals[1].payload(), Some(Payload::Bytes(_))) {
        let b = crate::objects::memoryview::bytes_like(vm, &vals[1])?;
        vals[1] = vm.new_bytes(b);
    }
    set_attrs(&e, names, vals);
    Ok(Value::None)
}

/// `str()` of a UnicodeError: CPython's `UnicodeEncodeError_str` and siblings, read from the
/// (possibly reassigned) attributes.
fn unicode_error_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = &args.args[0];
    let Some(d) = v.as_obj().and_then(|o| o.exc_data()) else { return Ok(vm.new_str("")) };
    let Some(object) = d.field("object") else { return Ok(vm.new_str("")) };
    let get_int = |n: &str| match d.field(n) {
        Some(Value::Int(i)) => i,
        _ => 0,
    };
    let (start, end) = (get_int("start"), get_int("end"));
    let reason = match d.field("reason") {
        Some(r) => vm.str_string(&r)?,
        None => String::new(),
    };
    let t = v.as_obj().unwrap().class();
    let enc = match d.field("encoding") {
        Some(e) => vm.str_string(&e)?,
        None => String::new(),
    };
    let single = start >= 0 && end == start + 1;
    let msg = if crate::types::is_subtype(&t, &vm.exc.unicode_decode_error) {
        let byte = match object.payload() {
            Some(Payload::Bytes(b)) if single => b.get(start as usize).copied(),
            _ => None,
        };
        match byte {
            Some(x) => format!("'{enc}' codec can't decode byte {x:#04x} in position {start}: {reason}"),
            None => format!("'{enc}' codec can't decode bytes in position {start}-{}: {reason}", end - 1),
        }
    } else {
        let ch = match object.as_str() {
            Some(s) if single && (start as usize) < s.char_len() => Some(s.code_at(start as usize)),
            _ => None,
        };
        let what = if crate::types::is_subtype(&t, &vm.exc.unicode_translate_error) {
            "can't translate".to_string()
        } else {
            format!("'{enc}' codec can't encode")
        };
        match ch {
            Some(u) => format!("{what} character '{}' in position {start}: {reason}", escape(u)),
            None => format!("{what} characters in position {start}-{}: {reason}", end - 1),
        }
    };
    Ok(vm.new_str(msg))
}

/// Installs `__init__`/`__str__` on the three UnicodeError subclasses.
pub fn init_exceptions(vm: &mut Vm) {
    for t in [
        vm.exc.unicode_encode_error.clone(),
        vm.exc.unicode_decode_error.clone(),
        vm.exc.unicode_translate_error.clone(),
    ] {
        vm.add_methods(&t, &[("__init__", unicode_error_init, ""), ("__str__", unicode_error_str, "")]);
    }
}

// ---------------------------------------------------------------------------------------------
// The `_codecs` module's per-codec functions (what `encodings.*` modules call)
// ---------------------------------------------------------------------------------------------

/// `(value, errors)` from `X_encode(str, errors=None, ...)` / `X_decode(data, errors=None, ...)`.
pub(crate) fn errors_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<String> {
    match v {
        Some(e) if !e.is_none() => vm.str_string(e),
        _ => Ok("strict".into()),
    }
}

pub(crate) fn str_arg<'a>(vm: &Vm, fname: &str, v: &'a Value) -> PyResult<&'a crate::str::PyStr> {
    v.as_str().ok_or_else(|| vm.new_type_error(format!("{fname}() argument 1 must be str, not {}", vm.type_name(v))))
}

pub(crate) fn bytes_arg(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    crate::objects::memoryview::bytes_like(vm, v)
}

/// `X_encode(str, errors=None)` → `(bytes, length consumed)`.
fn encode_fn(vm: &mut Vm, args: Args, fname: &str, codec: Codec) -> PyResult<Value> {
    let a = args.range(vm, fname, 1, 2)?;
    let s = str_arg(vm, fname, &a[0])?;
    let n = s.char_len();
    let errors = errors_arg(vm, a.get(1))?;
    let b = encode_with(vm, s.as_str(), codec, &errors)?;
    let bv = vm.new_bytes(b);
    Ok(vm.new_tuple(vec![bv, Value::Int(n as i64)]))
}

/// `utf_16_encode(str, errors=None, byteorder=0)`: 0 writes a BOM, -1 little-, 1 big-endian.
fn encode_order_fn(vm: &mut Vm, args: Args, fname: &str, wide32: bool) -> PyResult<Value> {
    let a = args.range(vm, fname, 1, 3)?;
    let order = match a.get(2) {
        Some(v) => match vm.to_i64_index(v)? {
            0 => Order::Bom,
            o if o < 0 => Order::Little,
            _ => Order::Big,
        },
        None => Order::Bom,
    };
    let codec = if wide32 { Codec::Utf32(order) } else { Codec::Utf16(order) };
    encode_fn(vm, Args::new(&a[..a.len().min(2)]), fname, codec)
}

/// `X_decode(data, errors=None, final=False)` → `(str, bytes consumed)`.
fn decode_fn(vm: &mut Vm, args: Args, fname: &str, codec: Codec) -> PyResult<Value> {
    let a = args.range(vm, fname, 1, 3)?;
    let b = bytes_arg(vm, &a[0])?;
    let errors = errors_arg(vm, a.get(1))?;
    let last = match a.get(2) {
        Some(v) => vm.truthy(v)?,
        None => matches!(codec, Codec::Ascii | Codec::Latin1),
    };
    let (s, n) = decode_partial(vm, &b, codec, &errors, last)?;
    let sv = vm.new_str(s);
    Ok(vm.new_tuple(vec![sv, Value::Int(n as i64)]))
}

/// `utf_16_ex_decode(data, errors=None, byteorder=0, final=False)` → `(str, consumed,
/// byteorder)`: the byte order a BOM selected (-1 little, 1 big) or 0 when none was seen.
fn ex_decode_fn(vm: &mut Vm, args: Args, fname: &str, wide32: bool) -> PyResult<Value> {
    let a = args.range(vm, fname, 1, 4)?;
    let b = bytes_arg(vm, &a[0])?;
    let errors = errors_arg(vm, a.get(1))?;
    let given = match a.get(2) {
        Some(v) => vm.to_i64_index(v)?,
        None => 0,
    };
    let last = match a.get(3) {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let w = if wide32 { 4 } else { 2 };
    let (le_bom, be_bom): (&[u8], &[u8]) =
        if wide32 { (&[0xFF, 0xFE, 0, 0], &[0, 0, 0xFE, 0xFF]) } else { (&[0xFF, 0xFE], &[0xFE, 0xFF]) };
    let (order, found) = match given {
        0 if b.starts_with(le_bom) => (Order::Little, -1),
        0 if b.starts_with(be_bom) => (Order::Big, 1),
        0 if b.len() < w && !last => {
            let empty = vm.new_str("");
            return Ok(vm.new_tuple(vec![empty, Value::Int(0), Value::Int(0)]));
        }
        o if o > 0 => (Order::Big, 0),
        _ => (Order::Little, 0),
    };
    let skip = if found != 0 { w } else { 0 };
    let codec = if wide32 { Codec::Utf32(order) } else { Codec::Utf16(order) };
    let (s, n) = decode_partial(vm, &b[skip..], codec, &errors, last)?;
    let sv = vm.new_str(s);
    let reported = if given != 0 { given } else { found };
    Ok(vm.new_tuple(vec![sv, Value::Int((n + skip) as i64), Value::Int(reported)]))
}

macro_rules! codec_fns {
    ($($name:ident => $how:ident($($arg:expr),*);)*) => {
        $(fn $name(vm: &mut Vm, args: Args) -> PyResult<Value> {
            $how(vm, args, stringify!($name), $($arg),*)
        })*
        /// Every per-codec function of `_codecs`, for the module's namespace.
        pub const CODEC_FUNCTIONS: &[(&str, crate::func::NativeFn)] = &[$((stringify!($name), $name)),*];
    };
}

codec_fns! {
    utf_8_encode => encode_fn(Codec::Utf8);
    utf_8_decode => decode_fn(Codec::Utf8);
    ascii_encode => encode_fn(Codec::Ascii);
    ascii_decode => decode_fn(Codec::Ascii);
    latin_1_encode => encode_fn(Codec::Latin1);
    latin_1_decode => decode_fn(Codec::Latin1);
    utf_16_encode => encode_order_fn(false);
    utf_16_decode => decode_fn(Codec::Utf16(Order::Bom));
    utf_16_le_encode => encode_fn(Codec::Utf16(Order::Little));
    utf_16_le_decode => decode_fn(Codec::Utf16(Order::Little));
    utf_16_be_encode => encode_fn(Codec::Utf16(Order::Big));
    utf_16_be_decode => decode_fn(Codec::Utf16(Order::Big));
    utf_16_ex_decode => ex_decode_fn(false);
    utf_32_encode => encode_order_fn(true);
    utf_32_decode => decode_fn(Codec::Utf32(Order::Bom));
    utf_32_le_encode => encode_fn(Codec::Utf32(Order::Little));
    utf_32_le_decode => decode_fn(Codec::Utf32(Order::Little));
    utf_32_be_encode => encode_fn(Codec::Utf32(Order::Big));
    utf_32_be_decode => decode_fn(Codec::Utf32(Order::Big));
    utf_32_ex_decode => ex_decode_fn(true);
    charmap_decode => charmap_decode_fn();
    charmap_encode => charmap_encode_fn();
    charmap_build => charmap_build_fn();
    unicode_escape_encode => escape_encode_fn(false);
    unicode_escape_decode => escape_decode_fn(false);
    raw_unicode_escape_encode => escape_encode_fn(true);
    raw_unicode_escape_decode => escape_decode_fn(true);
    escape_encode => bytes_escape_encode_fn();
    escape_decode => bytes_escape_decode_fn();
}

/// `charmap_decode(data, errors=None, mapping=None)`: each byte through a 256-character
/// decoding table (str) or a dict of byte → str/int/None; U+FFFE and missing entries are
/// "character maps to <undefined>".
fn charmap_decode_fn(vm: &mut Vm, args: Args, fname: &str) -> PyResult<Value> {
    let a = args.range(vm, fname, 1, 3)?;
    let b = bytes_arg(vm, &a[0])?;
    let errors = errors_arg(vm, a.get(1))?;
    let mapping = a.get(2).cloned().unwrap_or(Value::None);
    if mapping.is_none() {
        return decode_fn(vm, Args::new(&a[..a.len().min(2)]), fname, Codec::Latin1);
    }
    let table: Option<Vec<char>> = mapping.as_str().map(|t| t.as_str().chars().collect());
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        let mapped: Option<String> = match &table {
            Some(t) => t.get(x as usize).filter(|&&c| c != '\u{FFFE}').map(|c| c.to_string()),
            None => match vm.getitem(&mapping, &Value::Int(x as i64)) {
                Ok(v) if v.is_none() => None,
                Ok(Value::Int(u)) => {
                    let c = u32::try_from(u)
                        .ok()
                        .filter(|&u| u < 0x110000)
                        .ok_or_else(|| vm.new_type_error("character mapping must be in range(0x110000)"))?;
                    (c != 0xFFFE).then(|| vm.char_for_code(c).map(|c| c.to_string())).transpose()?
                }
                Ok(v) => match v.as_str() {
                    Some(s) if s.as_str() != "\u{FFFE}" => Some(s.as_str().to_string()),
                    Some(_) => None,
                    None => return Err(vm.new_type_error("character mapping must return integer, None or str")),
                },
                Err(e) if vm.isinstance_exc(&e, &vm.exc.lookup_error.clone()) => None,
                Err(e) => return Err(e),
            },
        };
        match mapped {
            Some(s) => out.push_str(&s),
            None => match errors.as_str() {
                "ignore" => {}
                "replace" => out.push('\u{FFFD}'),
                "backslashreplace" => out.push_str(&escape(x as u32)),
                "surrogateescape" if x >= 0x80 => out.push(surrogate::char_for(0xDC00 + x as u32).unwrap()),
                _ => return Err(decode_error(vm, "charmap", &b, i, i + 1, "character maps to <undefined>")),
            },
        }
        i += 1;
    }
    let sv = vm.new_str(out);
    Ok(vm.new_tuple(vec![sv, Value::Int(b.len() as i64)]))
}

/// `charmap_encode(str, errors=None, mapping=None)`: each character through a dict of
/// code point → byte (int), bytes or None, as built by `charmap_build`.
fn charmap_encode_fn(vm: &mut Vm, args: Args, fname: &str) -> PyResult<Value> {
    let a = args.range(vm, fname, 1, 3)?;
    let s = str_arg(vm, fname, &a[0])?.as_str().to_string();
    let errors = errors_arg(vm, a.get(1))?;
    let mapping = a.get(2).cloned().unwrap_or(Value::None);
    if mapping.is_none() {
        return encode_fn(vm, Args::new(&a[..a.len().min(2)]), fname, Codec::Latin1);
    }
    let cps: Vec<u32> = s.chars().map(surrogate::code_of).collect();
    let mut out = Vec::with_capacity(cps.len());
    let lookup = |vm: &mut Vm, u: u32| -> PyResult<Option<Vec<u8>>> {
        match vm.getitem(&mapping, &Value::Int(u as i64)) {
            Ok(Value::Int(b)) if (0..256).contains(&b) => Ok(Some(vec![b as u8])),
            Ok(Value::Int(_)) => Err(vm.new_type_error("character mapping must be in range(256)")),
            Ok(v) if v.is_none() => Ok(None),
            Ok(v) => match v.payload() {
                Some(Payload::Bytes(b)) => Ok(Some(b.to_vec())),
                _ => Err(vm.new_type_error("character mapping must return integer, bytes or None, not str")),
            },
            Err(e) if vm.isinstance_exc(&e, &vm.exc.lookup_error.clone()) => Ok(None),
            Err(e) => Err(e),
        }
    };
    let mut i = 0;
    while i < cps.len() {
        if let Some(b) = lookup(vm, cps[i])? {
            out.extend(b);
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < cps.len() && lookup(vm, cps[end])?.is_none() {
            end += 1;
        }
        let undefined = |vm: &mut Vm| {
            let ty = vm.exc.unicode_encode_error.clone();
            let object = vm.new_str(s.as_str());
            unicode_error(vm, &ty, "charmap", object, i, end, "character maps to <undefined>")
        };
        for &u in &cps[i..end] {
            let rep = match errors.as_str() {
                "ignore" => String::new(),
                "replace" => "?".into(),
                "backslashreplace" => escape(u),
                "xmlcharrefreplace" => format!("&#{u};"),
                "namereplace" => name_escape(u),
                _ => return Err(undefined(vm)),
            };
            for c in rep.chars() {
                match lookup(vm, c as u32)? {
                    Some(b) => out.extend(b),
                    None => return Err(undefined(vm)),
                }
            }
        }
        i = end;
    }
    let bv = vm.new_bytes(out);
    Ok(vm.new_tuple(vec![bv, Value::Int(cps.len() as i64)]))
}

/// `charmap_build(decoding_table)`: the inverse mapping, code point → byte.
fn charmap_build_fn(vm: &mut Vm, args: Args, fname: &str) -> PyResult<Value> {
    let a = args.exact(vm, fname, 1)?;
    let t = str_arg(vm, fname, &a[0])?.as_str().to_string();
    let d = vm.new_dict();
    for (i, c) in t.chars().enumerate() {
        crate::dict::set_item(vm, &d, Value::Int(surrogate::code_of(c) as i64), Value::Int(i as i64))?;
    }
    Ok(Value::Obj(d))
}
