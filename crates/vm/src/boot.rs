//! VM stage: interpreter start-up. Creates `object` and `type` (each the other's instance and
//! base), every builtin type with its layout and MRO, the exception hierarchy, then fills the
//! type dicts, `builtins` and `sys`.

use crate::exceptions::ExcTypes;
use crate::func::{Args, MethodDef};
use crate::types::{compute_mro, new_type, Layout};
use crate::value::{Payload, PyRef, Value};
use crate::vm::{Config, PyResult, Types, Vm};
use std::rc::Rc;

pub fn boot(config: Config) -> Vm {
    // `type` and `object` first: `type` is its own class, and the dicts of the first three
    // types get their class once `dict` exists.
    let type_ = new_type(None, None, "type", vec![], Layout::Type, false);
    type_.class.set(Some(type_.clone()));
    let object = new_type(Some(&type_), None, "object", vec![], Layout::Object, false);
    let dict = new_type(Some(&type_), None, "dict", vec![object.clone()], Layout::Dict, false);
    for t in [&type_, &object, &dict] {
        t.dict.get().unwrap().class.set(Some(dict.clone()));
    }
    type_.as_type().unwrap().bases.borrow_mut().push(object.clone());
    let mk =
        |name: &str, layout: Layout| new_type(Some(&type_), Some(&dict), name, vec![object.clone()], layout, false);
    let int = mk("int", Layout::Int);
    let bool_ = new_type(Some(&type_), Some(&dict), "bool", vec![int.clone()], Layout::Int, false);
    let native = |name: &str| new_type(Some(&type_), Some(&dict), name, vec![object.clone()], Layout::Native, false);
    let types = Types {
        object: object.clone(),
        type_: type_.clone(),
        int,
        bool_,
        float: mk("float", Layout::Float),
        complex: mk("complex", Layout::Complex),
        str_: mk("str", Layout::Str),
        bytes: mk("bytes", Layout::Bytes),
        bytearray: mk("bytearray", Layout::ByteArray),
        tuple: mk("tuple", Layout::Tuple),
        list: mk("list", Layout::List),
        dict: dict.clone(),
        set: mk("set", Layout::Set),
        frozenset: mk("frozenset", Layout::FrozenSet),
        range: native("range"),
        slice: native("slice"),
        none_type: native("NoneType"),
        not_implemented_type: native("NotImplementedType"),
        ellipsis_type: native("ellipsis"),
        function: native("function"),
        builtin_function: native("builtin_function_or_method"),
        method_descriptor: native("method_descriptor"),
        method: native("method"),
        cell: native("cell"),
        code: native("code"),
        module: mk("module", Layout::Module),
        generator: native("generator"),
        coroutine: native("coroutine"),
        async_generator: native("async_generator"),
        async_gen_wrapped: native("async_generator_wrapped_value"),
        async_gen_awaitable: native("async_generator_asend"),
        property: mk("property", Layout::Property),
        classmethod: mk("classmethod", Layout::Object),
        staticmethod: mk("staticmethod", Layout::Object),
        super_: mk("super", Layout::Object),
        traceback: native("traceback"),
        frame: native("frame"),
        generic_alias: native("types.GenericAlias"),
        union_type: native("types.UnionType"),
        memoryview: native("memoryview"),
        iterator: native("iterator"),
        dict_keys: native("dict_keys"),
        dict_values: native("dict_values"),
        dict_items: native("dict_items"),
        mappingproxy: native("mappingproxy"),
        text_io: native("TextIOWrapper"),
        buffered_reader: native("BufferedReader"),
        buffered_writer: native("BufferedWriter"),
        enumerate: native("enumerate"),
        zip: native("zip"),
        map: native("map"),
        filter: native("filter"),
        reversed: native("reversed"),
        simple_namespace: native("types.SimpleNamespace"),
        member_descriptor: native("member_descriptor"),
        getset_descriptor: native("getset_descriptor"),
        wrapper_descriptor: native("wrapper_descriptor"),
        method_wrapper: native("method-wrapper"),
        classmethod_descriptor: native("classmethod_descriptor"),
    };
    let exc = ExcTypes::create(&type_, &dict, &object);
    let mut vm = Vm::from_parts(types, exc, config);
    let all_types = vm.all_builtin_types();
    for (_, t) in &all_types {
        let mro = compute_mro(t).expect("builtin MROs are consistent");
        *t.as_type().unwrap().mro.borrow_mut() = mro;
        vm.set_native_type_doc(t);
    }
    crate::objects::core::init(&mut vm);
    crate::objects::numbers::init(&mut vm);
    crate::objects::complex::init(&mut vm);
    crate::objects::numbers::init_conversions(&mut vm);
    crate::objects::strtype::init(&mut vm);
    init_containers(&mut vm);
    crate::objects::runtime::init(&mut vm);
    crate::builtins::init(&mut vm);
    crate::io::init(&mut vm);
    init_bytes(&mut vm);
    crate::objects::bytesmethods::init(&mut vm);
    crate::objects::surface::init(&mut vm);
    crate::objects::descr::init(&mut vm);
    give_own_slots(&mut vm);
    // The builtins namespace.
    let b = vm.builtins_dict.clone();
    vm.dict_set_str(&b, "__name__", vm.new_str("builtins"));
    vm.dict_set_str(&b, "__doc__", Value::None);
    vm.dict_set_str(&b, "None", Value::None);
    vm.dict_set_str(&b, "True", Value::Bool(true));
    vm.dict_set_str(&b, "False", Value::Bool(false));
    vm.dict_set_str(&b, "Ellipsis", Value::Obj(vm.ellipsis.clone()));
    vm.dict_set_str(&b, "NotImplemented", Value::Obj(vm.not_implemented.clone()));
    vm.dict_set_str(&b, "__debug__", Value::Bool(vm.config.optimize == 0));
    for (name, t) in all_types {
        if [
            "object",
            "type",
            "int",
            "bool",
            "float",
            "complex",
            "str",
            "bytes",
            "bytearray",
            "tuple",
            "list",
            "dict",
            "set",
            "frozenset",
            "range",
            "slice",
            "memoryview",
            "property",
            "classmethod",
            "staticmethod",
            "super",
            "enumerate",
            "zip",
            "map",
            "filter",
            "reversed",
        ]
        .contains(&name.as_str())
        {
            vm.dict_set_str(&b, &name, Value::Obj(t.clone()));
        }
    }
    for (name, t) in vm.exc.all() {
        vm.dict_set_str(&b, name, Value::Obj(t));
    }
    vm.dict_set_str(&b, "EnvironmentError", Value::Obj(vm.exc.os_error.clone()));
    vm.dict_set_str(&b, "IOError", Value::Obj(vm.exc.os_error.clone()));
    crate::sysmod::init(&mut vm);
    vm.native_modules.insert("posix".into(), crate::posix::init);
    vm.native_modules.insert("_weakref".into(), crate::weakref::init);
    vm.native_modules.insert("_pyrite".into(), crate::pyrite_mod::init);
    vm.native_modules.insert("_frozen_importlib".into(), crate::import_hooks::frozen_importlib);
    vm.native_modules.insert("_frozen_importlib_external".into(), crate::import_hooks::frozen_importlib_external);
    vm.native_modules.insert("gc".into(), crate::gcmod::init);
    vm.native_modules.insert("faulthandler".into(), crate::faulthandler::init);
    vm.native_modules.insert("_io".into(), crate::iomod::init);
    vm.native_modules.insert("_imp".into(), crate::impmod::init_imp);
    vm.native_modules.insert("_warnings".into(), crate::warnings::init);
    vm.native_modules.insert("marshal".into(), crate::marshalmod::init_marshal);
    vm.native_modules.insert("_codecs".into(), crate::impmod::init_codecs);
    vm.native_modules.insert("_string".into(), crate::impmod::init_string);
    vm.dict_set_str(&vm.modules.clone(), "builtins", Value::Obj(vm.builtins.clone()));
    // `open` is `io.open` (`_io` names itself `io`), whatever else is in builtins.
    if let Some(Payload::BuiltinFunction(f)) = vm.dict_get_str(&b, "open").as_ref().and_then(|v| v.payload()) {
        let _ = f.module.set("io".into());
    }
    vm.stamp_native_functions(&b, "builtins");
    if let Some(Value::Obj(sys)) = vm.dict_get_str(&vm.modules.clone(), "sys") {
        vm.stamp_native_module(&sys, "sys");
    }
    vm
}

impl Vm {
    /// Every builtin type with its name.
    pub fn all_builtin_types(&self) -> Vec<(String, PyRef)> {
        let t = &self.types;
        let mut v: Vec<PyRef> = vec![
            t.object.clone(),
            t.type_.clone(),
            t.int.clone(),
            t.bool_.clone(),
            t.float.clone(),
            t.complex.clone(),
            t.str_.clone(),
            t.bytes.clone(),
            t.bytearray.clone(),
            t.tuple.clone(),
            t.list.clone(),
            t.dict.clone(),
            t.set.clone(),
            t.frozenset.clone(),
            t.range.clone(),
            t.slice.clone(),
            t.none_type.clone(),
            t.not_implemented_type.clone(),
            t.ellipsis_type.clone(),
            t.function.clone(),
            t.builtin_function.clone(),
            t.method_descriptor.clone(),
            t.method.clone(),
            t.cell.clone(),
            t.code.clone(),
            t.module.clone(),
            t.generator.clone(),
            t.coroutine.clone(),
            t.async_generator.clone(),
            t.async_gen_wrapped.clone(),
            t.async_gen_awaitable.clone(),
            t.property.clone(),
            t.classmethod.clone(),
            t.staticmethod.clone(),
            t.super_.clone(),
            t.traceback.clone(),
            t.frame.clone(),
            t.generic_alias.clone(),
            t.union_type.clone(),
            t.memoryview.clone(),
            t.iterator.clone(),
            t.dict_keys.clone(),
            t.dict_values.clone(),
            t.dict_items.clone(),
            t.mappingproxy.clone(),
            t.text_io.clone(),
            t.buffered_reader.clone(),
            t.buffered_writer.clone(),
            t.enumerate.clone(),
            t.zip.clone(),
            t.map.clone(),
            t.filter.clone(),
            t.reversed.clone(),
            t.simple_namespace.clone(),
            t.member_descriptor.clone(),
            t.getset_descriptor.clone(),
            t.wrapper_descriptor.clone(),
            t.method_wrapper.clone(),
            t.classmethod_descriptor.clone(),
        ];
        v.extend(self.exc.all().into_iter().map(|(_, t)| t));
        v.into_iter().map(|t| (t.as_type().unwrap().name().to_string(), t)).collect()
    }
}

/// The special methods (`__new__`, `__getattribute__`, comparisons) each builtin type has in
/// its own dict in CPython but inherits in pyrite, whose inherited code is right for it: the
/// same code owned by this type, so `ValueError.__new__(TypeError)` is refused as
/// `tp_new_wrapper` refuses it and `'__lt__' in dict.__dict__` holds.
fn give_own_slots(vm: &mut Vm) {
    let types: std::collections::HashMap<String, PyRef> = vm.all_builtin_types().into_iter().collect();
    for &(tname, name) in crate::objects::builtin_docs::own_slots() {
        let Some(t) = types.get(tname) else { continue };
        if vm.dict_get_str(&vm.type_dict(t), name).is_some() {
            continue;
        }
        let inherited = vm.type_attr(t, name);
        if let Some(Payload::BuiltinFunction(b)) = inherited.as_ref().and_then(|v| v.payload()) {
            if name == "__new__" {
                vm.add_static(t, name, b.func);
            } else {
                vm.add_methods(t, &[(name, b.func, b.doc.unwrap_or(""))]);
            }
        }
    }
}

fn init_containers(vm: &mut Vm) {
    use crate::objects::containers::*;
    let t = vm.types.list.clone();
    vm.add_methods(&t, LIST_METHODS);
    let t = vm.types.tuple.clone();
    vm.add_methods(&t, TUPLE_METHODS);
    let t = vm.types.dict.clone();
    vm.add_methods(&t, DICT_METHODS);
    vm.add_methods(&t, DICT_EXTRA);
    for t in [vm.types.dict_keys.clone(), vm.types.dict_values.clone(), vm.types.dict_items.clone()] {
        vm.add_methods(&t, VIEW_METHODS);
        vm.add_methods(&t, VIEW_REVERSED);
    }
    for t in [vm.types.dict_keys.clone(), vm.types.dict_items.clone()] {
        vm.add_methods(&t, VIEW_SET_OPS);
    }
    let s = vm.types.set.clone();
    vm.add_methods(&s, SET_METHODS);
    vm.add_methods(&s, MUTABLE_SET_METHODS);
    vm.add_methods(&s, SET_MULTI_METHODS);
    vm.add_methods(&s, crate::objects::setops::ANYSET_ALGEBRA);
    vm.add_methods(&s, crate::objects::setops::SET_ALGEBRA);
    vm.dict_set_str(&s.dict.get().unwrap(), "__hash__", Value::None);
    let f = vm.types.frozenset.clone();
    vm.add_methods(&f, SET_METHODS);
    vm.add_methods(&f, FROZENSET_METHODS);
    vm.add_methods(&f, SET_MULTI_METHODS);
    vm.add_methods(&f, crate::objects::setops::ANYSET_ALGEBRA);
    for t in [vm.types.list.clone(), vm.types.dict.clone()] {
        vm.dict_set_str(&t.dict.get().unwrap(), "__hash__", Value::None);
    }
}

fn bytes_of(v: &Value) -> Vec<u8> {
    crate::objects::memoryview::buffer_bytes(v).unwrap_or_default()
}

/// `repr(bytes)`.
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') { '"' } else { '\'' };
    let mut s = String::from("b");
    s.push(quote);
    for &c in b {
        match c {
            b'\\' => s.push_str("\\\\"),
            b'\n' => s.push_str("\\n"),
            b'\r' => s.push_str("\\r"),
            b'\t' => s.push_str("\\t"),
            c if c as char == quote => {
                s.push('\\');
                s.push(c as char);
            }
            0x20..=0x7e => s.push(c as char),
            c => s.push_str(&format!("\\x{c:02x}")),
        }
    }
    s.push(quote);
    s
}

fn bytes_repr_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bytes_of(&args.args[0]);
    let r = bytes_repr(&b);
    // A bytearray shows its class's name (`X(b'..')` for a subclass), as bytearray_repr does.
    Ok(vm.new_str(if matches!(args.args[0].payload(), Some(Payload::ByteArray(_))) {
        format!("{}({r})", vm.short_type_name(&args.args[0]))
    } else {
        r
    }))
}

fn bytes_decode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [enc, errors] = args.rest().bind(vm, "decode", ["encoding", "errors"], 0)?;
    let str_arg = |vm: &Vm, v: Option<Value>, what: &str, default: &str| match v {
        None => Ok(default.to_string()),
        Some(v) => match v.as_str() {
            Some(s) => Ok(s.as_str().to_string()),
            None => Err(vm.new_type_error(format!("decode() argument '{what}' must be str, not {}", vm.type_name(&v)))),
        },
    };
    let enc = str_arg(vm, enc, "encoding", "utf-8")?;
    let errors = str_arg(vm, errors, "errors", "strict")?;
    let b = bytes_of(&args.args[0]);
    let s = crate::codecs::decode(vm, &b, &enc, &errors)?;
    Ok(vm.new_str(s))
}

fn bytes_len(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(bytes_of(&args.args[0]).len() as i64))
}

fn bytes_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bytes_of(&args.args[0]);
    let is_bytearray = matches!(args.args[0].payload(), Some(Payload::ByteArray(_)));
    if let Some(Payload::Slice(slice_parts)) = args.args[1].payload() {
        let (s, e, st) = &**slice_parts;
        let (s, e, st) = vm.slice_indices(s, e, st, b.len())?;
        let out: Vec<u8> = crate::objects::containers::slice_positions(s, e, st).map(|i| b[i]).collect();
        // A bytearray's slice is a (plain) bytearray.
        if is_bytearray {
            return Ok(Value::Obj(crate::value::Object::new(
                vm.types.bytearray.clone(),
                Payload::ByteArray(std::cell::RefCell::new(out)),
            )));
        }
        return Ok(vm.new_bytes(out));
    }
    let i = vm.to_i64_index(&args.args[1])?;
    let idx = if i < 0 { i + b.len() as i64 } else { i };
    b.get(idx as usize).filter(|_| idx >= 0).map(|x| Value::Int(*x as i64)).ok_or_else(|| {
        vm.new_index_error(if is_bytearray { "bytearray index out of range" } else { "index out of range" })
    })
}

fn bytes_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match args.args[1].payload() {
        Some(Payload::Bytes(_)) | Some(Payload::ByteArray(_)) => {
            Ok(Value::Bool(bytes_of(&args.args[0]) == bytes_of(&args.args[1])))
        }
        _ => Ok(vm.not_implemented()),
    }
}

fn bytes_hash(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(crate::hash::hash_bytes(&bytes_of(&args.args[0]))))
}

fn bytes_add(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let is_ba = matches!(args.args[0].payload(), Some(Payload::ByteArray(_)));
    match crate::objects::memoryview::buffer_bytes(&args.args[1]) {
        Some(more) => {
            let mut a = bytes_of(&args.args[0]);
            a.extend(more);
            Ok(if is_ba {
                Value::Obj(crate::value::Object::new(
                    vm.types.bytearray.clone(),
                    Payload::ByteArray(std::cell::RefCell::new(a)),
                ))
            } else {
                vm.new_bytes(a)
            })
        }
        None => Err(vm.new_type_error(format!(
            "can't concat {} to {}",
            vm.type_name(&args.args[1]),
            if is_ba { "bytearray" } else { "bytes" }
        ))),
    }
}

fn bytes_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(vm.new_native_iter(
        &vm.types.iterator.clone(),
        crate::iter::IterState::Seq { seq: args.args[0].clone(), index: 0 },
    ))
}

/// The contents `bytes(source, encoding, errors)` (`bytes_new`) or `bytearray(...)`
/// (`bytearray___init__`) build from their arguments (`args` without the class or self).
fn bytes_source(vm: &mut Vm, args: Args, is_bytearray: bool) -> PyResult<Vec<u8>> {
    let name = if is_bytearray { "bytearray" } else { "bytes" };
    let [src, enc, errors] = args.bind(vm, name, ["source", "encoding", "errors"], 0)?;
    // An encoding or errors only go with a str source (checked before `__bytes__` is asked).
    if src.as_ref().is_none_or(|s| s.as_str().is_none()) && (enc.is_some() || errors.is_some()) {
        let what = if enc.is_some() { "encoding" } else { "errors" };
        return Err(vm.new_type_error(format!("{what} without a string argument")));
    }
    // `bytes(x)` asks `x.__bytes__()` first (before the str and count cases), as bytes_new does.
    let from_dunder = match (&src, &enc, is_bytearray) {
        (Some(s), None, false) if !matches!(s.payload(), Some(Payload::Bytes(_))) => {
            match vm.call_special(s, "__bytes__", &[])? {
                Some(r) => match r.payload() {
                    Some(Payload::Bytes(b)) => Some(b.to_vec()),
                    _ => {
                        return Err(
                            vm.new_type_error(format!("__bytes__ returned non-bytes (type {})", vm.type_name(&r)))
                        )
                    }
                },
                None => None,
            }
        }
        _ => None,
    };
    let data = match src {
        _ if from_dunder.is_some() => from_dunder.unwrap_or_default(),
        None => Vec::new(),
        Some(s) => match (s.payload(), enc) {
            (Some(Payload::Str(st)), Some(e)) => {
                let e = vm.str_string(&e)?;
                let er = errors.map(|x| vm.str_string(&x)).transpose()?.unwrap_or_else(|| "strict".into());
                crate::codecs::encode(vm, st.as_str(), &e, &er)?
            }
            (Some(Payload::Str(_)), None) => return Err(vm.new_type_error("string argument without an encoding")),
            (_, _) if matches!(s, Value::Int(_)) => {
                let n = vm.to_i64_index(&s)?;
                if n < 0 {
                    return Err(vm.new_value_error("negative count"));
                }
                vec![0; n as usize]
            }
            (Some(Payload::Native(_) | Payload::MemoryView(_) | Payload::ByteArray(_)), _)
                if crate::objects::memoryview::buffer_bytes_any(&s).is_some() =>
            {
                // An exporter of the buffer protocol (`array.array`, a memoryview of any
                // format or layout): its bytes, not its items.
                crate::objects::memoryview::buffer_bytes_any(&s).unwrap_or_default()
            }
            _ => {
                let it = match vm.iter(&s) {
                    Ok(it) => it,
                    Err(e) if vm.isinstance(&Value::Obj(e.clone()), &vm.exc.type_error) => {
                        return Err(vm.new_type_error(format!("cannot convert '{}' object to {name}", vm.type_name(&s))))
                    }
                    Err(e) => return Err(e),
                };
                // `_PyBytes_FromIterator` presizes by the length hint; `bytearray_init` does not.
                if !is_bytearray {
                    vm.observable_length_hint(&s, 64)?;
                }
                // Item by item from the iterator (not `collect`, which would call `iter` on it
                // again): a bad item stops the iteration there, as in CPython.
                let mut out = Vec::new();
                while let Some(v) = vm.next(&it)? {
                    let i = vm.to_i64_index(&v)?;
                    if !(0..256).contains(&i) {
                        let what = if is_bytearray { "byte" } else { "bytes" };
                        return Err(vm.new_value_error(format!("{what} must be in range(0, 256)")));
                    }
                    out.push(i as u8);
                }
                out
            }
        },
    };
    Ok(data)
}

fn bytes_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let data = bytes_source(vm, Args { args: &args.args[1..], kwnames: args.kwnames }, false)?;
    new_bytes_like(vm, &args.args[0], Payload::Bytes(data.into()))
}

/// An instance of `cls` (bytes, bytearray or a subclass) with `payload`; subclasses get an
/// instance dict.
fn new_bytes_like(vm: &mut Vm, cls: &Value, payload: Payload) -> PyResult<Value> {
    let cls = cls.as_obj().cloned().unwrap();
    if cls.as_type().is_some_and(|t| t.is_heap() && t.instance_dict.get()) {
        return Ok(Value::Obj(crate::value::Object::with_dict(cls, payload, vm.new_dict())));
    }
    Ok(Value::Obj(crate::value::Object::new(cls, payload)))
}

const BYTES_METHODS: &[MethodDef] = &[
    ("__repr__", bytes_repr_m, ""),
    ("decode", bytes_decode, ""),
    ("__len__", bytes_len, ""),
    ("__getitem__", bytes_getitem, ""),
    ("__eq__", bytes_eq, ""),
    ("__add__", bytes_add, ""),
    ("__iter__", bytes_iter, ""),
];

/// `bytes.maketrans(frm, to)` (a static method): the 256-byte table `translate` takes.
fn bytes_maketrans(vm: &mut Vm, args: Args) -> PyResult<Value> {
    maketrans(vm, args, "bytes")
}
fn bytearray_maketrans(vm: &mut Vm, args: Args) -> PyResult<Value> {
    maketrans(vm, args, "bytearray")
}
fn maketrans(vm: &mut Vm, args: Args, tname: &str) -> PyResult<Value> {
    // A static method: the descriptor's keyword check names the type.
    if !args.kwnames.is_empty() {
        return Err(vm.new_type_error(format!("{tname}.maketrans() takes no keyword arguments")));
    }
    let a = args.exact(vm, "maketrans", 2)?;
    let arg = |vm: &Vm, v: &Value| crate::objects::memoryview::bytes_like(vm, v);
    let (frm, to) = (arg(vm, &a[0])?, arg(vm, &a[1])?);
    if frm.len() != to.len() {
        return Err(vm.new_value_error("maketrans arguments must have same length"));
    }
    let mut table: Vec<u8> = (0..=255).collect();
    for (f, t) in frm.into_iter().zip(to) {
        table[f as usize] = t;
    }
    Ok(vm.new_bytes(table))
}

/// `bytearray.__new__`: an empty bytearray (any arguments); `__init__` fills it, as CPython's
/// generic `tp_new` and `bytearray___init__`.
fn bytearray_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    new_bytes_like(vm, &args.args[0], Payload::ByteArray(std::cell::RefCell::new(Vec::new())))
}

/// `bytearray.__init__(source=b'', encoding, errors)`: empties the bytearray (refused while a
/// memoryview of it is alive and it is not empty), then fills it from the arguments.
fn bytearray_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let Some(Payload::ByteArray(cell)) = this.payload() else {
        return Err(vm.new_type_error(format!(
            "descriptor '__init__' requires a 'bytearray' object but received a '{}'",
            vm.type_name(this)
        )));
    };
    if !cell.borrow().is_empty() {
        crate::buffer::check_unexported(vm, this, "Existing exports of data: object cannot be re-sized")?;
        cell.borrow_mut().clear();
    }
    let data = bytes_source(vm, Args { args: &args.args[1..], kwnames: args.kwnames }, true)?;
    *cell.borrow_mut() = data;
    Ok(Value::None)
}

fn init_bytes(vm: &mut Vm) {
    crate::objects::memoryview::init(vm);
    for t in [vm.types.bytes.clone(), vm.types.bytearray.clone()] {
        let is_bytes = Rc::ptr_eq(&t, &vm.types.bytes);
        vm.add_methods(&t, BYTES_METHODS);
        vm.add_static(&t, "__new__", if is_bytes { bytes_new } else { bytearray_new });
        vm.add_static_method(&t, "maketrans", if is_bytes { bytes_maketrans } else { bytearray_maketrans });
    }
    vm.add_methods(&vm.types.bytes.clone(), &[("__hash__", bytes_hash, "")]);
    vm.add_methods(
        &vm.types.bytearray.clone(),
        &[("__init__", bytearray_init, "Initialize self.  See help(type(self)) for accurate signature.")],
    );
    vm.dict_set_str(&vm.types.bytearray.dict.get().unwrap(), "__hash__", Value::None);
}
