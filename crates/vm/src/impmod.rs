//! VM stage: `_imp` — the builtin module `importlib`'s bootstrap expects (`marshal` is
//! marshalmod.rs). pyrite's importer is native, so these describe it (builtin modules, no frozen
//! ones, no C extensions) rather than drive it; `_imp.reload` re-executes a module through the
//! native importer.

use crate::func::{Args, NativeFn};
use crate::value::{Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};

fn is_builtin(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "is_builtin", 1)?;
    let n = a[0].as_str().map(|s| s.as_str().to_string()).unwrap_or_default();
    Ok(Value::Int((vm.native_modules.contains_key(&n) || n == "sys" || n == "builtins") as i64))
}

fn false_fn(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Bool(false))
}

fn none_fn(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::None)
}

fn create_builtin(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "create_builtin", 1)?;
    let name = vm.getattr_str(&a[0], "name")?;
    let n = name.as_str().map(|s| s.as_str().to_string()).unwrap_or_default();
    if let Some(m) = vm.modules_get(&n) {
        return Ok(m);
    }
    vm.import_fullname(&n)
}

fn extension_suffixes(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.new_list(vec![]))
}

fn source_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "source_hash", 2, 2)?;
    let data: Vec<u8> = match a[1].payload() {
        Some(Payload::Bytes(b)) => b.to_vec(),
        _ => return Err(vm.new_type_error("source_hash() argument 2 must be bytes")),
    };
    Ok(vm.new_bytes(bytecode::pyc::source_hash(&data).to_le_bytes().to_vec()))
}

fn fix_co_filename(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::None)
}

fn find_frozen(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::None)
}

fn module(vm: &mut Vm, name: &str, fns: &[(&'static str, NativeFn)]) -> PyRef {
    let m = vm.new_module(name);
    let d = m.dict.get().unwrap();
    vm.add_native_fns(&d, fns);
    m
}

pub fn init_imp(vm: &mut Vm) -> PyResult<PyRef> {
    let m = module(
        vm,
        "_imp",
        &[
            ("is_builtin", is_builtin),
            ("is_frozen", false_fn),
            ("is_frozen_package", false_fn),
            ("create_builtin", create_builtin),
            ("exec_builtin", none_fn),
            ("create_dynamic", create_builtin),
            ("exec_dynamic", none_fn),
            ("extension_suffixes", extension_suffixes),
            ("source_hash", source_hash),
            ("_fix_co_filename", fix_co_filename),
            ("find_frozen", find_frozen),
            ("get_frozen_object", find_frozen),
            ("acquire_lock", none_fn),
            ("release_lock", none_fn),
            ("lock_held", false_fn),
            ("_override_frozen_modules_for_tests", none_fn),
            ("_override_multi_interp_extensions_check", none_fn),
        ],
    );
    let d = m.dict.get().unwrap();
    vm.dict_set_str(&d, "check_hash_based_pycs", vm.new_str("default"));
    Ok(m)
}

// ---- _codecs ----

/// `_codecs.register(search_function)`.
/// CPython imports `encodings` at start-up, so its search function is always the first one;
/// pyrite imports it on the first lookup or registration, which keeps that order.
fn ensure_encodings(vm: &mut Vm) {
    if vm.modules_get("encodings").is_none() {
        let _ = vm.import_fullname("encodings");
    }
}

fn codecs_register(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "register", 1)?;
    if !vm.is_callable(&a[0]) {
        return Err(vm.new_type_error("argument must be callable"));
    }
    ensure_encodings(vm);
    vm.codec_search.push(a[0].clone());
    Ok(Value::None)
}

/// `_codecs.unregister(search_function)` (`PyCodec_Unregister`): drops the function (by
/// identity) and the lookup cache, which may hold what it found.
fn codecs_unregister(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "unregister", 1)?;
    if let Some(i) = vm.codec_search.iter().position(|f| f.is(&a[0])) {
        vm.codec_search.remove(i);
        vm.codec_cache.clear();
    }
    Ok(Value::None)
}

/// `_codecs.lookup(encoding)`: normalised name, cached, then the registered search functions.
fn codecs_lookup(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "lookup", 1)?;
    let name = a[0]
        .as_str()
        .map(|s| s.as_str().to_string())
        .ok_or_else(|| vm.new_type_error("lookup() argument must be str"))?;
    let norm: String = name.to_lowercase().replace(' ', "_");
    if let Some(v) = vm.codec_cache.get(&norm) {
        return Ok(v.clone());
    }
    ensure_encodings(vm);
    for f in vm.codec_search.clone() {
        let arg = vm.new_str(norm.as_str());
        let r = vm.call(&f, Args::new(&[arg]))?;
        if !r.is_none() {
            vm.codec_cache.insert(norm, r.clone());
            return Ok(r);
        }
    }
    Err(vm.new_exception(&vm.exc.lookup_error.clone(), format!("unknown encoding: {name}")))
}

/// `_codecs.encode(obj, encoding='utf-8', errors='strict')` / `decode`: any codec of the
/// registry, for any object type (`codecs.encode("abc", "rot13")`).
fn codecs_encode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    codec_call(vm, args, "encode")
}
fn codecs_decode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    codec_call(vm, args, "decode")
}

fn codec_call(vm: &mut Vm, args: Args, what: &str) -> PyResult<Value> {
    let [obj, enc, errors] = args.bind(vm, what, ["obj", "encoding", "errors"], 1)?;
    let enc = match enc {
        Some(e) => vm.str_string(&e)?,
        None => "utf-8".into(),
    };
    let errors = match errors {
        Some(e) => vm.str_string(&e)?,
        None => "strict".into(),
    };
    crate::codecs::registry_call(vm, &enc, what, obj.unwrap(), &errors, false)
}

fn register_error(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "register_error", 2)?;
    let n = vm.str_string(&a[0])?;
    vm.codec_cache.insert(format!("error:{n}"), a[1].clone());
    Ok(Value::None)
}

/// What `codecs.lookup_error` returns for the builtin handlers: the codecs apply them
/// natively, and calling one directly is not supported yet.
fn builtin_handler_unsupported(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(vm.new_not_implemented_error("calling a builtin codec error handler directly is not supported by pyrite yet"))
}

fn lookup_error(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "lookup_error", 1)?;
    let n = vm.str_string(&a[0])?;
    if let Some(h) = vm.codec_cache.get(&format!("error:{n}")) {
        return Ok(h.clone());
    }
    if [
        "strict",
        "ignore",
        "replace",
        "backslashreplace",
        "xmlcharrefreplace",
        "surrogateescape",
        "surrogatepass",
        "namereplace",
    ]
    .contains(&n.as_str())
    {
        return Ok(vm.new_native_fn("error_handler", builtin_handler_unsupported));
    }
    Err(vm.new_exception(&vm.exc.lookup_error.clone(), format!("unknown error handler name '{n}'")))
}

pub fn init_codecs(vm: &mut Vm) -> PyResult<PyRef> {
    let m = module(
        vm,
        "_codecs",
        &[
            ("register", codecs_register),
            ("unregister", codecs_unregister),
            ("lookup", codecs_lookup),
            ("encode", codecs_encode),
            ("decode", codecs_decode),
            ("register_error", register_error),
            ("lookup_error", lookup_error),
            ("_forget_codec", none_fn),
        ],
    );
    let d = m.dict.get().unwrap();
    for (name, f) in crate::codecs::CODEC_FUNCTIONS {
        let fv = vm.new_native_fn(name, *f);
        vm.dict_set_str(&d, name, fv);
    }
    Ok(m)
}

// ---- _string ----

/// `_string.formatter_parser(s)`: (literal, field_name, format_spec, conversion) tuples, as
/// `str.format` parses its template (`MarkupIterator`).
fn formatter_parser(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "formatter_parser", 1)?;
    let s: Vec<char> =
        a[0].as_str().map(|x| x.as_str().chars().collect()).ok_or_else(|| vm.new_type_error("expected str"))?;
    let mut out = Vec::new();
    let mut i = 0;
    let mut literal = String::new();
    while i < s.len() {
        let c = s[i];
        if c == '{' && s.get(i + 1) == Some(&'{') {
            literal.push('{');
            i += 2;
            continue;
        }
        if c == '}' {
            if s.get(i + 1) == Some(&'}') {
                literal.push('}');
                i += 2;
                continue;
            }
            return Err(vm.new_value_error("Single '}' encountered in format string"));
        }
        if c != '{' {
            literal.push(c);
            i += 1;
            continue;
        }
        // A field: up to the matching '}' (format specs may nest one level of braces).
        let mut depth = 1;
        let mut j = i + 1;
        while j < s.len() && depth > 0 {
            match s[j] {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            j += 1;
        }
        if depth > 0 {
            return Err(vm.new_value_error("expected '}' before end of string"));
        }
        let field: String = s[i + 1..j - 1].iter().collect();
        let (name_conv, spec) = match field.find(':') {
            Some(p) if !field[..p].contains('[') || field[..p].contains(']') => {
                (field[..p].to_string(), field[p + 1..].to_string())
            }
            _ => (field.clone(), String::new()),
        };
        let (name, conv) = match name_conv.rfind('!') {
            Some(p) => (name_conv[..p].to_string(), Some(name_conv[p + 1..].to_string())),
            None => (name_conv, None),
        };
        if let Some(cv) = &conv {
            if cv.chars().count() != 1 {
                return Err(vm.new_value_error("expected ':' after conversion specifier"));
            }
        }
        let conv_v = match conv {
            Some(c) => vm.new_str(c),
            None => Value::None,
        };
        let t =
            vm.new_tuple(vec![vm.new_str(std::mem::take(&mut literal)), vm.new_str(name), vm.new_str(spec), conv_v]);
        out.push(t);
        i = j;
    }
    if !literal.is_empty() {
        out.push(vm.new_tuple(vec![vm.new_str(literal), Value::None, Value::None, Value::None]));
    }
    let l = vm.new_list(out);
    vm.iter(&l)
}

/// `_string.formatter_field_name_split(name)`: the first part (int when numeric) and an
/// iterator of (is_attribute, key) for the `.attr` / `[key]` that follow.
fn formatter_field_name_split(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "formatter_field_name_split", 1)?;
    let s = a[0].as_str().map(|x| x.as_str().to_string()).ok_or_else(|| vm.new_type_error("expected str"))?;
    let end = s.find(['.', '[']).unwrap_or(s.len());
    let first = &s[..end];
    let first_v = match first.parse::<i64>() {
        Ok(n) if !first.is_empty() => Value::Int(n),
        _ => vm.new_str(first),
    };
    let mut rest = Vec::new();
    let chars: Vec<char> = s[end..].chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '.' {
            let st = i + 1;
            let mut j = st;
            while j < chars.len() && chars[j] != '.' && chars[j] != '[' {
                j += 1;
            }
            let key: String = chars[st..j].iter().collect();
            rest.push(vm.new_tuple(vec![Value::Bool(true), vm.new_str(key)]));
            i = j;
        } else if chars[i] == '[' {
            let st = i + 1;
            let mut j = st;
            while j < chars.len() && chars[j] != ']' {
                j += 1;
            }
            let key: String = chars[st..j].iter().collect();
            let kv = match key.parse::<i64>() {
                Ok(n) => Value::Int(n),
                Err(_) => vm.new_str(key),
            };
            rest.push(vm.new_tuple(vec![Value::Bool(false), kv]));
            i = j + 1;
        } else {
            return Err(vm.new_value_error("Only '.' or '[' may follow ']' in format field specifier"));
        }
    }
    let l = vm.new_list(rest);
    let it = vm.iter(&l)?;
    Ok(vm.new_tuple(vec![first_v, it]))
}

pub fn init_string(vm: &mut Vm) -> PyResult<PyRef> {
    Ok(module(
        vm,
        "_string",
        &[("formatter_parser", formatter_parser), ("formatter_field_name_split", formatter_field_name_split)],
    ))
}
