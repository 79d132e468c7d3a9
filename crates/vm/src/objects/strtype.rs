//! VM stage: the `str` type object — construction, `repr` with CPython's quoting and escape
//! rules (`unicode_repr`), `ascii()`, hashing and iteration; the text methods live in
//! `strmethods.rs`.

use crate::func::{Args, MethodDef};
use crate::str::PyStr;
use crate::value::{Object, Payload, Value};
use crate::vm::{PyResult, Vm};

/// The surrogate a stand-in character carries, if it is one.
fn surrogate_code(c: char) -> Option<u32> {
    let u = bytecode::surrogate::code_of(c);
    (u != c as u32).then_some(u)
}

/// `repr(str)`.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        if let Some(u) = surrogate_code(c) {
            out.push_str(&format!("\\u{u:04x}"));
            continue;
        }
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x7f => out.push(c),
            c if crate::strmethods::is_printable(c) => out.push(c),
            c if (c as u32) <= 0xff => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) <= 0xffff => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(quote);
    out
}

/// `ascii()`'s escaping of a repr: non-ASCII code points as `\x`, `\u`, `\U`.
pub fn ascii_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let u = bytecode::surrogate::code_of(c);
        if u < 0x80 {
            out.push(c);
        } else if u <= 0xff {
            out.push_str(&format!("\\x{u:02x}"));
        } else if u <= 0xffff {
            out.push_str(&format!("\\u{u:04x}"));
        } else {
            out.push_str(&format!("\\U{u:08x}"));
        }
    }
    out
}

fn str_repr_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = args.args[0].as_str().unwrap().as_str().to_string();
    Ok(vm.new_str(str_repr(&s)))
}

fn str_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = &args.args[0];
    if !vm.type_of(v).as_type().unwrap().is_heap() {
        return Ok(v.clone());
    }
    Ok(vm.new_str(v.as_str().unwrap().as_str()))
}

fn str_hash(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(args.args[0].as_str().unwrap().hash()))
}

fn str_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(vm.new_native_iter(
        &vm.types.iterator.clone(),
        crate::iter::IterState::Seq { seq: args.args[0].clone(), index: 0 },
    ))
}

fn str_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = args.args[0].as_obj().cloned().unwrap();
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    let [obj, encoding, errors] = rest.bind(vm, "str", ["object", "encoding", "errors"], 0)?;
    let s = match (obj, encoding, errors) {
        (None, _, _) => String::new(),
        (Some(o), None, None) => vm.str_string(&o)?,
        (Some(o), enc, errs) => {
            let text_arg = |v: Option<Value>, what: &str, default: &str| match v {
                None => Ok(default.to_string()),
                Some(v) => match v.as_str() {
                    Some(s) => Ok(s.as_str().to_string()),
                    None => {
                        Err(vm.new_type_error(format!("str() argument '{what}' must be str, not {}", vm.type_name(&v))))
                    }
                },
            };
            let enc = text_arg(enc, "encoding", "utf-8")?;
            let errs = text_arg(errs, "errors", "strict")?;
            let bytes: Vec<u8> = match (o.payload(), crate::objects::memoryview::buffer_bytes(&o)) {
                (Some(Payload::Str(_)), _) => return Err(vm.new_type_error("decoding str is not supported")),
                (_, Some(b)) => b,
                _ => {
                    return Err(vm.new_type_error(format!(
                        "decoding to str: need a bytes-like object, {} found",
                        vm.type_name(&o)
                    )))
                }
            };
            crate::codecs::decode(vm, &bytes, &enc, &errs)?
        }
    };
    if std::rc::Rc::ptr_eq(&cls, &vm.types.str_) {
        return Ok(vm.new_str(s));
    }
    let td = cls.as_type().unwrap();
    let obj = if td.instance_dict.get() {
        Object::with_dict(cls.clone(), Payload::Str(PyStr::new(s)), vm.new_dict())
    } else {
        Object::new(cls.clone(), Payload::Str(PyStr::new(s)))
    };
    Ok(Value::Obj(obj))
}

pub const STR_SPECIAL: &[MethodDef] = &[
    ("__repr__", str_repr_m, "Return repr(self)."),
    ("__str__", str_str, "Return str(self)."),
    ("__hash__", str_hash, "Return hash(self)."),
    ("__iter__", str_iter, "Implement iter(self)."),
];

pub fn init(vm: &mut Vm) {
    let t = vm.types.str_.clone();
    vm.add_methods(&t, STR_SPECIAL);
    vm.add_methods(&t, crate::strmethods::STR_METHODS);
    vm.add_static(&t, "__new__", str_new);
    // str.maketrans is a static method.
    if let Some(f) = crate::strmethods::STR_METHODS.iter().find(|m| m.0 == "maketrans") {
        vm.add_static_method(&t, "maketrans", f.1);
    }
}
