//! Stdlib stage: the encoding half of `_json` — `encode_basestring`, `encode_basestring_ascii`
//! and the `make_encoder` type (`_json.Encoder`) that `json.encoder` uses for one-shot dumps
//! without indentation. Guarantees: the text, the order of calls into Python (`default`, a
//! custom string encoder, a dict subclass's `items`) and the errors ("Circular reference
//! detected", "keys must be str, int, float, bool or None, not …", "Out of range float values
//! are not JSON compliant", …) are those of CPython 3.11's C encoder.

use crate::json::{enter_recursion, leave_recursion, not_a_string, parse_kw, ssize_arg};
use crate::native::{self, new_args, new_instance};
use std::fmt::Write;
use vm::func::Args;
use vm::objects::int::{int_view, IntView};
use vm::types::Layout;
use vm::value::{Payload, PyRef, Value};
use vm::{PyResult, Vm};

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Appends `\uXXXX` for the UTF-16 unit `u`.
fn push_u(out: &mut String, u: u32) {
    out.push_str("\\u");
    for shift in [12, 8, 4, 0] {
        out.push(HEX[((u >> shift) & 0xF) as usize] as char);
    }
}

/// The two-character escape of `c`, if JSON has one.
fn short_escape(c: u8) -> Option<&'static str> {
    Some(match c {
        b'"' => "\\\"",
        b'\\' => "\\\\",
        b'\x08' => "\\b",
        b'\x0c' => "\\f",
        b'\n' => "\\n",
        b'\r' => "\\r",
        b'\t' => "\\t",
        _ => return None,
    })
}

/// Appends `s` as a JSON string literal made only of ASCII: everything outside ' '..'~' is
/// escaped, characters beyond the BMP as a surrogate pair, lone surrogates as themselves.
pub fn escape_ascii(out: &mut String, s: &vm::str::PyStr) {
    let text = s.as_str();
    let b = text.as_bytes();
    out.reserve(b.len() + 2);
    out.push('"');
    let mut run = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if (b' '..=b'~').contains(&c) && c != b'"' && c != b'\\' {
            i += 1;
            continue;
        }
        out.push_str(&text[run..i]);
        if c < 0x80 {
            match short_escape(c) {
                Some(e) => out.push_str(e),
                None => push_u(out, c as u32),
            }
            i += 1;
        } else {
            let ch = text[i..].chars().next().expect("i is at a character boundary");
            let cp = bytecode::surrogate::code_of(ch);
            if cp >= 0x10000 {
                let v = cp - 0x10000;
                push_u(out, 0xD800 | (v >> 10));
                push_u(out, 0xDC00 | (v & 0x3FF));
            } else {
                push_u(out, cp);
            }
            i += ch.len_utf8();
        }
        run = i;
    }
    out.push_str(&text[run..]);
    out.push('"');
}

/// Appends `s` as a JSON string literal keeping non-ASCII characters as they are: only `"`,
/// `\` and the control characters below U+0020 are escaped.
pub fn escape_unicode(out: &mut String, s: &vm::str::PyStr) {
    let text = s.as_str();
    let b = text.as_bytes();
    out.reserve(b.len() + 2);
    out.push('"');
    let mut run = 0;
    for (i, &c) in b.iter().enumerate() {
        if c >= 0x20 && c != b'"' && c != b'\\' {
            continue;
        }
        out.push_str(&text[run..i]);
        match short_escape(c) {
            Some(e) => out.push_str(e),
            None => push_u(out, c as u32),
        }
        run = i + 1;
    }
    out.push_str(&text[run..]);
    out.push('"');
}

/// `encode_basestring_ascii(string) -> str`.
pub fn encode_basestring_ascii(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "_json.encode_basestring_ascii", 1)?;
    let s = a[0].as_str().ok_or_else(|| not_a_string(vm, &a[0]))?;
    let mut out = String::new();
    escape_ascii(&mut out, s);
    Ok(vm.new_str(out))
}

/// `encode_basestring(string) -> str`.
pub fn encode_basestring(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "_json.encode_basestring", 1)?;
    let s = a[0].as_str().ok_or_else(|| not_a_string(vm, &a[0]))?;
    let mut out = String::new();
    escape_unicode(&mut out, s);
    Ok(vm.new_str(out))
}

/// How the encoder writes strings: natively (when its `encoder` is one of ours) or by calling it.
#[derive(Clone, Copy, PartialEq)]
enum StrMode {
    Ascii,
    Unicode,
    Call,
}

/// The settings of one `make_encoder(...)` object.
#[derive(Clone)]
struct Encoder {
    markers: Value,
    default: Value,
    encoder: Value,
    indent: Value,
    key_separator: Value,
    item_separator: Value,
    sort_keys: bool,
    skipkeys: bool,
    allow_nan: bool,
    mode: StrMode,
}

/// The mode for an `encoder` argument: native when it is this module's own function.
fn str_mode(v: &Value) -> StrMode {
    if let Some(Payload::BuiltinFunction(f)) = v.payload() {
        let ours = f.self_.is_none() && f.module.get().map(|m| &**m == "_json").unwrap_or(true);
        if ours && f.func as *const () == encode_basestring_ascii as *const () {
            return StrMode::Ascii;
        }
        if ours && f.func as *const () == encode_basestring as *const () {
            return StrMode::Unicode;
        }
    }
    StrMode::Call
}

fn encoder_of(vm: &Vm, v: &Value) -> PyResult<Encoder> {
    native::state::<Encoder>(v).map(|s| s.borrow().clone()).ok_or_else(|| native::wrong_self(vm, v, "_json.Encoder"))
}

/// `make_encoder(markers, default, encoder, indent, key_separator, item_separator, sort_keys,
/// skipkeys, allow_nan)`.
fn encoder_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, a) = new_args(&args);
    let names = [
        "markers",
        "default",
        "encoder",
        "indent",
        "key_separator",
        "item_separator",
        "sort_keys",
        "skipkeys",
        "allow_nan",
    ];
    let v = parse_kw(vm, &a, "make_encoder", names, 9)?;
    let v: Vec<Value> = v.into_iter().map(|x| x.unwrap()).collect();
    for (i, sep) in v[4..6].iter().enumerate() {
        if sep.as_str().is_none() {
            // The `U` converter's wording: None is named as itself.
            let got = if sep.is_none() { "None".to_string() } else { vm.type_name(sep) };
            return Err(vm.new_type_error(format!("make_encoder() argument {} must be str, not {got}", i + 5)));
        }
    }
    let sort_keys = vm.truthy(&v[6])?;
    let skipkeys = vm.truthy(&v[7])?;
    let allow_nan = vm.truthy(&v[8])?;
    if !v[0].is_none() && !matches!(v[0].payload(), Some(Payload::Dict(_))) {
        return Err(
            vm.new_type_error(format!("make_encoder() argument 1 must be dict or None, not {}", vm.type_name(&v[0])))
        );
    }
    let enc = Encoder {
        markers: v[0].clone(),
        default: v[1].clone(),
        encoder: v[2].clone(),
        indent: v[3].clone(),
        key_separator: v[4].clone(),
        item_separator: v[5].clone(),
        sort_keys,
        skipkeys,
        allow_nan,
        mode: str_mode(&v[2]),
    };
    Ok(new_instance(vm, &cls, enc))
}

/// `encoder(obj, _current_indent_level)`: the whole JSON text as a one-item list of chunks.
fn encoder_call(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let enc = encoder_of(vm, &args.args[0])?;
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    let [obj, level] = parse_kw(vm, &rest, "_iterencode", ["obj", "_current_indent_level"], 2)?;
    ssize_arg(vm, level.as_ref().unwrap())?;
    let mut w = Writer::new(&enc);
    w.value(vm, obj.as_ref().unwrap())?;
    // The text as CPython's chunks: one per PIECES_PER_CHUNK pieces, then the rest.
    let mut chunks = Vec::with_capacity(w.cuts.len() + 1);
    let mut start = 0;
    for &cut in w.cuts.iter().chain(std::iter::once(&w.out.len())) {
        if cut > start || chunks.is_empty() && cut == w.out.len() {
            chunks.push(vm.new_str(&w.out[start..cut]));
        }
        start = cut;
    }
    Ok(vm.new_list(chunks))
}

/// How many pieces (literals, separators, encoded strings and numbers) CPython 3.11's
/// `_PyAccu` gathers before joining them into one chunk of the encoder's result list.
const PIECES_PER_CHUNK: usize = 100_000;

/// One encoding run: the settings, the text written so far, and where its chunks end.
struct Writer<'a> {
    enc: &'a Encoder,
    out: String,
    pieces: usize,
    cuts: Vec<usize>,
}

impl<'a> Writer<'a> {
    fn new(enc: &'a Encoder) -> Writer<'a> {
        Writer { enc, out: String::new(), pieces: 0, cuts: Vec::new() }
    }
}

/// The text of a str value (the separators are checked to be str when the encoder is made).
fn text_of(v: &Value) -> &str {
    v.as_str().map(|s| s.as_str()).unwrap_or("")
}

impl Writer<'_> {
    /// Counts one piece of output (CPython's accumulator joins every 100000 into one chunk).
    #[inline]
    fn piece(&mut self) {
        self.pieces += 1;
        if self.pieces.is_multiple_of(PIECES_PER_CHUNK) {
            self.cuts.push(self.out.len());
        }
    }

    /// Writes `s` as one piece.
    #[inline]
    fn lit(&mut self, s: &str) {
        self.out.push_str(s);
        self.piece();
    }

    fn value(&mut self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        match obj {
            Value::None => self.lit("null"),
            Value::Bool(true) => self.lit("true"),
            Value::Bool(false) => self.lit("false"),
            Value::Int(i) => {
                let _ = write!(self.out, "{i}");
                self.piece();
            }
            Value::Float(f) => self.float(vm, *f)?,
            Value::Obj(o) => match &o.payload {
                Payload::Str(_) => self.string(vm, obj)?,
                Payload::Int(_) => {
                    self.int(vm, obj)?;
                    self.piece();
                }
                Payload::Float(f) => self.float(vm, *f)?,
                Payload::List(_) | Payload::Tuple(_) => {
                    enter_recursion(vm, " while encoding a JSON object")?;
                    let r = self.list(vm, obj);
                    leave_recursion(vm);
                    r?
                }
                Payload::Dict(_) => {
                    enter_recursion(vm, " while encoding a JSON object")?;
                    let r = self.dict(vm, o);
                    leave_recursion(vm);
                    r?
                }
                _ => self.other(vm, obj)?,
            },
        }
        Ok(())
    }

    /// `int.__repr__` of an int or int subclass instance (with the digit limit of `str(int)`).
    fn int(&mut self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        match int_view(obj) {
            Some(IntView::Small(i)) => {
                let _ = write!(self.out, "{i}");
            }
            Some(IntView::Big(b)) => {
                let s = b.to_string();
                let limit = vm.int_max_str_digits;
                if limit > 0 && s.trim_start_matches('-').len() > limit {
                    return Err(vm.new_value_error(format!("Exceeds the limit ({limit} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit")));
                }
                self.out.push_str(&s);
            }
            None => {}
        }
        Ok(())
    }

    /// The JSON text of a float: its repr, or the JavaScript names of the non-finite values.
    fn float_text(&self, vm: &Vm, f: f64) -> PyResult<String> {
        if f.is_finite() {
            return Ok(vm::format::float_repr(f));
        }
        if !self.enc.allow_nan {
            return Err(vm.new_value_error("Out of range float values are not JSON compliant"));
        }
        Ok(if f > 0.0 {
            "Infinity"
        } else if f < 0.0 {
            "-Infinity"
        } else {
            "NaN"
        }
        .into())
    }

    fn float(&mut self, vm: &Vm, f: f64) -> PyResult<()> {
        let t = self.float_text(vm, f)?;
        self.lit(&t);
        Ok(())
    }

    /// A str through the encoder: natively, or by calling the user's function.
    fn string(&mut self, vm: &mut Vm, s: &Value) -> PyResult<()> {
        match self.enc.mode {
            StrMode::Ascii => escape_ascii(&mut self.out, s.as_str().unwrap()),
            StrMode::Unicode => escape_unicode(&mut self.out, s.as_str().unwrap()),
            StrMode::Call => {
                let r = vm.call(&self.enc.encoder, Args::new(std::slice::from_ref(s)))?;
                match r.as_str() {
                    Some(t) => self.out.push_str(t.as_str()),
                    None => {
                        return Err(
                            vm.new_type_error(format!("encoder() must return a string, not {}", vm.type_name(&r)))
                        )
                    }
                }
            }
        }
        self.piece();
        Ok(())
    }

    /// Records `obj` in the markers dict (by identity) while it is being encoded; returns the
    /// key to remove afterwards, or an error if it is already there (a cycle).
    fn mark(&mut self, vm: &mut Vm, obj: &Value) -> PyResult<Option<Value>> {
        let Value::Obj(markers) = &self.enc.markers else {
            return Ok(None);
        };
        let ident = Value::Int(obj.id());
        if vm::dict::contains(vm, markers, &ident)? {
            return Err(vm.new_value_error("Circular reference detected"));
        }
        vm::dict::set_item(vm, markers, ident.clone(), obj.clone())?;
        Ok(Some(ident))
    }

    fn unmark(&mut self, vm: &mut Vm, ident: Option<Value>) -> PyResult<()> {
        if let (Some(ident), Value::Obj(markers)) = (ident, &self.enc.markers) {
            if vm::dict::del_item(vm, markers, &ident)?.is_none() {
                return Err(vm.new_key_error(ident));
            }
        }
        Ok(())
    }

    /// Anything else goes through `default(obj)`, whose result is encoded in its place.
    fn other(&mut self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        let ident = self.mark(vm, obj)?;
        let new = vm.call(&self.enc.default, Args::new(std::slice::from_ref(obj)))?;
        enter_recursion(vm, " while encoding a JSON object")?;
        let r = self.value(vm, &new);
        leave_recursion(vm);
        r?;
        self.unmark(vm, ident)
    }

    /// A list or tuple: an exact one is read as it is when each item is reached; a subclass
    /// is first turned into a list through its iterator (CPython's `PySequence_Fast`).
    fn list(&mut self, vm: &mut Vm, seq: &Value) -> PyResult<()> {
        let exact = seq.as_obj().is_some_and(|o| o.class_is(&vm.types.list) || o.class_is(&vm.types.tuple));
        let items = if exact {
            seq.clone()
        } else {
            let it = vm.iter(seq)?;
            let mut v = Vec::new();
            while let Some(x) = vm.next(&it)? {
                v.push(x);
            }
            vm.new_list(v)
        };
        let item_at = |i: usize| -> Option<Value> {
            match items.payload() {
                Some(Payload::List(l)) => l.borrow().get(i).cloned(),
                Some(Payload::Tuple(t)) => t.get(i).cloned(),
                _ => None,
            }
        };
        if item_at(0).is_none() {
            self.lit("[]");
            return Ok(());
        }
        let ident = self.mark(vm, seq)?;
        self.lit("[");
        let mut i = 0;
        while let Some(item) = item_at(i) {
            if i > 0 {
                self.lit(text_of(&self.enc.item_separator));
            }
            self.value(vm, &item)?;
            i += 1;
        }
        self.unmark(vm, ident)?;
        self.lit("]");
        Ok(())
    }

    /// The (key, value) pairs of a dict: a snapshot of an exact dict, `items()` of a subclass;
    /// sorted by key when asked (natively when every key is an exact str, which is the same
    /// order as sorting the pairs, keys being unique).
    fn items(&mut self, vm: &mut Vm, d: &PyRef) -> PyResult<Vec<(Value, Value)>> {
        let mut tuples: Vec<Value> = if d.class_is(&vm.types.dict) {
            let mut pairs = vm::dict::dict_cell(d).borrow().items();
            if !self.enc.sort_keys {
                return Ok(pairs);
            }
            let str_t = &vm.types.str_;
            if pairs.iter().all(|(k, _)| matches!(k, Value::Obj(o) if o.class_is(str_t))) {
                pairs.sort_by(|a, b| a.0.as_str().unwrap().cmp_code_points(b.0.as_str().unwrap()));
                return Ok(pairs);
            }
            pairs.into_iter().map(|(k, v)| vm.new_tuple(vec![k, v])).collect()
        } else {
            let meth = vm.getattr_str(&Value::Obj(d.clone()), "items")?;
            let r = vm.call(&meth, Args::new(&[]))?;
            let it = vm.iter(&r)?;
            let mut v = Vec::new();
            while let Some(x) = vm.next(&it)? {
                v.push(x);
            }
            v
        };
        if self.enc.sort_keys {
            let list = vm.new_list(std::mem::take(&mut tuples));
            let sort = vm.getattr_str(&list, "sort")?;
            vm.call(&sort, Args::new(&[]))?;
            if let Some(Payload::List(l)) = list.payload() {
                tuples = l.borrow().clone();
            }
        }
        let mut pairs = Vec::with_capacity(tuples.len());
        for item in &tuples {
            match item.payload() {
                Some(Payload::Tuple(t)) if t.len() == 2 => pairs.push((t[0].clone(), t[1].clone())),
                _ => return Err(vm.new_value_error("items must return 2-tuples")),
            }
        }
        Ok(pairs)
    }

    fn dict(&mut self, vm: &mut Vm, d: &PyRef) -> PyResult<()> {
        if vm::dict::dict_cell(d).borrow().is_empty() {
            self.lit("{}");
            return Ok(());
        }
        let dv = Value::Obj(d.clone());
        let ident = self.mark(vm, &dv)?;
        self.lit("{");
        let items = self.items(vm, d)?;
        let mut first = true;
        for (key, value) in &items {
            self.key_value(vm, &mut first, key, value)?;
        }
        self.unmark(vm, ident)?;
        self.lit("}");
        Ok(())
    }

    /// One `"key": value` member; keys of other types are turned into strings (or skipped).
    fn key_value(&mut self, vm: &mut Vm, first: &mut bool, key: &Value, value: &Value) -> PyResult<()> {
        let key_str: Value = match key {
            _ if key.as_str().is_some() => key.clone(),
            Value::Float(f) => vm.new_str(self.float_text(vm, *f)?),
            Value::Obj(o) if matches!(o.payload, Payload::Float(_)) => {
                let Payload::Float(f) = o.payload else { unreachable!() };
                vm.new_str(self.float_text(vm, f)?)
            }
            Value::Bool(true) => vm.new_str("true"),
            Value::Bool(false) => vm.new_str("false"),
            Value::None => vm.new_str("null"),
            _ if int_view(key).is_some() => {
                let mut sub = Writer::new(self.enc);
                sub.int(vm, key)?;
                vm.new_str(sub.out)
            }
            _ if self.enc.skipkeys => return Ok(()),
            _ => {
                return Err(
                    vm.new_type_error(format!("keys must be str, int, float, bool or None, not {}", vm.type_name(key)))
                )
            }
        };
        if *first {
            *first = false;
        } else {
            self.lit(text_of(&self.enc.item_separator));
        }
        self.string(vm, &key_str)?;
        self.lit(text_of(&self.enc.key_separator));
        self.value(vm, value)
    }
}

fn getter(vm: &Vm, v: &Value, f: impl FnOnce(Encoder) -> Value) -> PyResult<Value> {
    Ok(f(encoder_of(vm, v)?))
}
fn enc_markers(vm: &mut Vm, a: Args) -> PyResult<Value> {
    getter(vm, &a.args[0], |e| e.markers)
}
fn enc_default(vm: &mut Vm, a: Args) -> PyResult<Value> {
    getter(vm, &a.args[0], |e| e.default)
}
fn enc_encoder(vm: &mut Vm, a: Args) -> PyResult<Value> {
    getter(vm, &a.args[0], |e| e.encoder)
}
fn enc_indent(vm: &mut Vm, a: Args) -> PyResult<Value> {
    getter(vm, &a.args[0], |e| e.indent)
}
fn enc_key_separator(vm: &mut Vm, a: Args) -> PyResult<Value> {
    getter(vm, &a.args[0], |e| e.key_separator)
}
fn enc_item_separator(vm: &mut Vm, a: Args) -> PyResult<Value> {
    getter(vm, &a.args[0], |e| e.item_separator)
}
fn enc_sort_keys(vm: &mut Vm, a: Args) -> PyResult<Value> {
    getter(vm, &a.args[0], |e| Value::Bool(e.sort_keys))
}
fn enc_skipkeys(vm: &mut Vm, a: Args) -> PyResult<Value> {
    getter(vm, &a.args[0], |e| Value::Bool(e.skipkeys))
}

/// The `_json.Encoder` type, published as `make_encoder`.
pub fn make_encoder_type(vm: &mut Vm) -> PyRef {
    let t = native::make_type(vm, "_json", "Encoder", None, Layout::Native);
    native::setup(vm, &t, Some(encoder_new), &[("__call__", encoder_call, "Call self as a function.")]);
    let getters: &[(&'static str, vm::func::NativeFn)] = &[
        ("markers", enc_markers),
        ("default", enc_default),
        ("encoder", enc_encoder),
        ("indent", enc_indent),
        ("key_separator", enc_key_separator),
        ("item_separator", enc_item_separator),
        ("sort_keys", enc_sort_keys),
        ("skipkeys", enc_skipkeys),
    ];
    for (name, get) in getters {
        vm.add_getset(&t, name, *get, None);
    }
    vm.dict_set_str(&vm.type_dict(&t), "__doc__", vm.new_str("_iterencode(obj, _current_indent_level) -> iterable"));
    t
}
