//! VM stage: the C-level members of builtin exceptions (`OSError.errno`, `ImportError.name`,
//! `StopIteration.value`, …), the `__init__` that fills them, and exception pickling
//! (`__reduce__`, `__setstate__`), as CPython's Objects/exceptions.c. Members live in
//! `ExceptionData::fields`, never in the instance `__dict__`, so `vars(e)` and pickle state
//! hold only what the program itself stored.

use crate::func::{Args, NativeFn};
use crate::value::{Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};

/// Reads member `name` of an exception (None when unset, as a NULL `T_OBJECT` member).
fn member_get(args: &Args, name: &str) -> Value {
    args.args[0].as_obj().map(|o| o.exc_field(name)).unwrap_or(Value::None)
}

/// Writes member `name`; `start`/`end` of the UnicodeErrors are `Py_ssize_t` members.
fn member_set(vm: &mut Vm, args: &Args, name: &'static str) -> PyResult<Value> {
    let Some(d) = args.args[0].as_obj().and_then(|o| o.exc_data()) else { return Ok(Value::None) };
    let v = args.args[1].clone();
    let v =
        if matches!(name, "start" | "end") { Value::Int(crate::objects::iter_reduce::as_ssize_t(vm, &v)?) } else { v };
    d.set_field(name, Some(v));
    Ok(Value::None)
}

/// Deletes member `name` (back to NULL); numeric members refuse, as CPython's `PyMember_SetOne`.
fn member_del(vm: &mut Vm, args: &Args, name: &'static str) -> PyResult<Value> {
    if matches!(name, "start" | "end") {
        return Err(vm.new_type_error("can't delete numeric/char attribute"));
    }
    if let Some(d) = args.args[0].as_obj().and_then(|o| o.exc_data()) {
        d.set_field(name, None);
    }
    Ok(Value::None)
}

/// One getter, setter and deleter per member name (a native function carries no data, so
/// each name gets its own three functions).
macro_rules! members {
    ($( $name:literal => $get:ident, $set:ident, $del:ident; )*) => {
        $(
            fn $get(_vm: &mut Vm, args: Args) -> PyResult<Value> {
                Ok(member_get(&args, $name))
            }
            fn $set(vm: &mut Vm, args: Args) -> PyResult<Value> {
                member_set(vm, &args, $name)
            }
            fn $del(vm: &mut Vm, args: Args) -> PyResult<Value> {
                member_del(vm, &args, $name)
            }
        )*

        /// The accessor functions of member `name`.
        fn member_fns(name: &str) -> Option<(NativeFn, NativeFn, NativeFn)> {
            match name {
                $( $name => Some(($get as NativeFn, $set as NativeFn, $del as NativeFn)), )*
                _ => None,
            }
        }
    };
}

members! {
    "value" => value_get, value_set, value_del;
    "code" => code_get, code_set, code_del;
    "msg" => msg_get, msg_set, msg_del;
    "name" => name_get, name_set, name_del;
    "path" => path_get, path_set, path_del;
    "obj" => obj_get, obj_set, obj_del;
    "errno" => errno_get, errno_set, errno_del;
    "strerror" => strerror_get, strerror_set, strerror_del;
    "filename" => filename_get, filename_set, filename_del;
    "filename2" => filename2_get, filename2_set, filename2_del;
    "lineno" => lineno_get, lineno_set, lineno_del;
    "offset" => offset_get, offset_set, offset_del;
    "text" => text_get, text_set, text_del;
    "end_lineno" => end_lineno_get, end_lineno_set, end_lineno_del;
    "end_offset" => end_offset_get, end_offset_set, end_offset_del;
    "print_file_and_line" => pfal_get, pfal_set, pfal_del;
    "encoding" => encoding_get, encoding_set, encoding_del;
    "object" => object_get, object_set, object_del;
    "start" => start_get, start_set, start_del;
    "end" => end_get, end_set, end_del;
    "reason" => reason_get, reason_set, reason_del;
    "message" => message_get, message_set, message_del;
    "exceptions" => exceptions_get, exceptions_set, exceptions_del;
}

const OS_ERROR_MEMBERS: &[&str] = &["errno", "strerror", "filename", "filename2"];
const SYNTAX_ERROR_MEMBERS: &[&str] =
    &["msg", "filename", "lineno", "offset", "text", "end_lineno", "end_offset", "print_file_and_line"];
const UNICODE_ERROR_MEMBERS: &[&str] = &["encoding", "object", "start", "end", "reason"];

/// `OSError.characters_written` (`OSError_written_get`): set only by BlockingIOError's third
/// argument or an assignment; reading it unset is an AttributeError.
fn written_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match args.args[0].as_obj().and_then(|o| o.exc_data()).and_then(|d| d.field("characters_written")) {
        Some(v) => Ok(v),
        None => Err(vm.new_exception(&vm.exc.attribute_error.clone(), "characters_written")),
    }
}
fn written_set(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let n = vm.to_i64_index(&args.args[1])?;
    if let Some(d) = args.args[0].as_obj().and_then(|o| o.exc_data()) {
        d.set_field("characters_written", Some(Value::Int(n)));
    }
    Ok(Value::None)
}
fn written_del(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = args.args[0].as_obj().and_then(|o| o.exc_data());
    if d.and_then(|d| d.field("characters_written")).is_none() {
        return Err(vm.new_exception(&vm.exc.attribute_error.clone(), "characters_written"));
    }
    if let Some(d) = d {
        d.set_field("characters_written", None);
    }
    Ok(Value::None)
}

/// The positional arguments of an exception's `args` tuple.
fn args_of(e: &PyRef) -> Vec<Value> {
    match e.exc_data().map(|d| d.args.borrow().clone()).as_ref().and_then(|a| a.payload()) {
        Some(Payload::Tuple(t)) => t.to_vec(),
        _ => Vec::new(),
    }
}

/// `BaseException.__init__` and the per-family initializers that fill the members from the
/// arguments (`StopIteration_init`, `SystemExit_init`, `ImportError_init`, `oserror_init`,
/// `SyntaxError_init`, `NameError_init`, `AttributeError_init`).
pub fn exc_init_with_attrs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let e = args.args[0].as_obj().unwrap().clone();
    let t = e.class();
    let pos = &args.pos()[1..];
    let families = families_of(vm, &t);
    let is = |f: u8| families & f != 0;
    // The keyword-only members each family accepts; any other keyword is refused.
    let kw_family = if is(IMPORT) {
        Some(("ImportError", &["name", "path"][..]))
    } else if is(ATTRIBUTE) {
        Some(("AttributeError", &["name", "obj"][..]))
    } else if is(NAME) {
        Some(("NameError", &["name"][..]))
    } else {
        None
    };
    match kw_family {
        Some((fname, allowed)) => {
            if let Some((k, _)) = args.kwargs().find(|(k, _)| !allowed.contains(k)) {
                return Err(vm.new_type_error(format!("'{k}' is an invalid keyword argument for {fname}()")));
            }
        }
        None if !args.kwnames.is_empty() => {
            return Err(vm.new_type_error(format!("{}() takes no keyword arguments", t.as_type().unwrap().name())));
        }
        None => {}
    }
    let d = e.exc_data().unwrap();
    // `__new__` usually stored these very arguments already: keep that tuple (CPython's
    // BaseException_init stores the same args tuple that BaseException_new did).
    let same = matches!(d.args.borrow().payload(), Some(Payload::Tuple(a))
        if a.len() == pos.len() && a.iter().zip(pos).all(|(x, y)| x.is(y)));
    if !same {
        *d.args.borrow_mut() = vm.new_tuple(pos.to_vec());
    }
    let set = |name: &'static str, v: Option<Value>| d.set_field(name, v);
    if families == 0 {
        return Ok(Value::None);
    }
    let first = pos.first().cloned();
    if is(STOP_ITERATION) {
        set("value", Some(first.unwrap_or(Value::None)));
    } else if is(SYSTEM_EXIT) {
        let code = if pos.len() > 1 { Some(vm.new_tuple(pos.to_vec())) } else { first };
        set("code", code);
    } else if let Some((_, allowed)) = kw_family {
        for name in allowed {
            set(name, args.kwarg(name).cloned());
        }
        if is(IMPORT) {
            set("msg", if pos.len() == 1 { first } else { None });
        }
    } else if is(OS) {
        os_error_init(vm, &e, pos)?;
    } else if is(SYNTAX) {
        syntax_error_init(vm, &e, pos)?;
    }
    Ok(Value::None)
}

// The exception families whose `__init__` fills members, as bits of `families_of`.
const IMPORT: u8 = 1;
const ATTRIBUTE: u8 = 2;
const NAME: u8 = 4;
const STOP_ITERATION: u8 = 8;
const SYSTEM_EXIT: u8 = 16;
const OS: u8 = 32;
const SYNTAX: u8 = 64;

/// Which of the member-filling families `t` derives from, in one walk of its MRO (instead of
/// an `is_subtype` scan per family on every exception created).
fn families_of(vm: &Vm, t: &PyRef) -> u8 {
    let Some(td) = t.as_type() else { return 0 };
    let x = &vm.exc;
    let known = [
        (&x.import_error, IMPORT),
        (&x.attribute_error, ATTRIBUTE),
        (&x.name_error, NAME),
        (&x.stop_iteration, STOP_ITERATION),
        (&x.system_exit, SYSTEM_EXIT),
        (&x.os_error, OS),
        (&x.syntax_error, SYNTAX),
    ];
    let mut bits = 0;
    for c in td.mro.borrow().iter() {
        for (k, bit) in &known {
            if std::rc::Rc::ptr_eq(c, k) {
                bits |= bit;
            }
        }
    }
    bits
}

/// `oserror_parse_args` + `oserror_init`: `OSError(errno, strerror[, filename[, winerror[,
/// filename2]]])`. With a filename, `args` keeps only `(errno, strerror)`; BlockingIOError's
/// third argument, when a number, is `characters_written` instead.
fn os_error_init(vm: &mut Vm, e: &PyRef, a: &[Value]) -> PyResult<()> {
    let d = e.exc_data().unwrap();
    if !(2..=5).contains(&a.len()) {
        return Ok(());
    }
    d.set_field("errno", Some(a[0].clone()));
    d.set_field("strerror", Some(a[1].clone()));
    let Some(filename) = a.get(2).filter(|f| !f.is_none()) else { return Ok(()) };
    let blocking = std::rc::Rc::ptr_eq(&e.class(), &vm.exc.blocking_io_error);
    if blocking && is_number(vm, filename) {
        let n = vm.to_i64_index(filename)?;
        d.set_field("characters_written", Some(Value::Int(n)));
        return Ok(());
    }
    d.set_field("filename", Some(filename.clone()));
    if let Some(f2) = a.get(4).filter(|f| !f.is_none()) {
        d.set_field("filename2", Some(f2.clone()));
    }
    *d.args.borrow_mut() = vm.new_tuple(a[..2].to_vec());
    Ok(())
}

/// `PyNumber_Check`: an int, float or complex, or anything convertible to one.
fn is_number(vm: &Vm, v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Float(_) | Value::Bool(_))
        || matches!(v.payload(), Some(Payload::Int(_) | Payload::Complex(..)))
        || ["__index__", "__int__", "__float__"].iter().any(|m| vm.lookup_special(v, m).is_some())
}

/// `SyntaxError_init`: `SyntaxError(msg, (filename, lineno, offset, text[, end_lineno,
/// end_offset]))`.
fn syntax_error_init(vm: &mut Vm, e: &PyRef, a: &[Value]) -> PyResult<()> {
    let d = e.exc_data().unwrap();
    if let Some(m) = a.first() {
        d.set_field("msg", Some(m.clone()));
    }
    if a.len() != 2 {
        return Ok(());
    }
    let info = vm.collect(&a[1])?;
    if info.len() < 4 {
        return Err(vm.new_type_error(format!("function takes at least 4 arguments ({} given)", info.len())));
    }
    if info.len() > 6 {
        return Err(vm.new_type_error(format!("function takes at most 6 arguments ({} given)", info.len())));
    }
    for (i, name) in ["filename", "lineno", "offset", "text", "end_lineno", "end_offset"].into_iter().enumerate() {
        d.set_field(name, info.get(i).cloned());
    }
    if info.len() == 5 {
        return Err(vm.new_type_error("end_offset must be provided when end_lineno is provided"));
    }
    Ok(())
}

/// The instance `__dict__` when it holds anything (CPython tests `self->dict`, created on
/// first use; pyrite's exceptions always have one, so empty counts as absent). `__slots__`
/// values live beside it (`ExceptionData::slots`) and are no state, as in CPython.
fn state_dict(e: &PyRef) -> Option<PyRef> {
    e.dict.get().filter(|d| matches!(&d.payload, Payload::Dict(dd) if !dd.borrow().is_empty()))
}

fn exc_self(vm: &mut Vm, args: &Args) -> PyResult<PyRef> {
    let a = args.noargs(vm, "__reduce__")?;
    a[0].as_obj().filter(|o| o.exc_data().is_some()).cloned().ok_or_else(|| vm.new_type_error("expected an exception"))
}

/// `(type(self), args[, state])`.
fn reduce_tuple(vm: &Vm, e: &PyRef, args: Value, state: Option<Value>) -> Value {
    let mut items = vec![Value::Obj(e.class()), args];
    items.extend(state);
    vm.new_tuple(items)
}

/// `BaseException.__reduce__` (`BaseException_reduce`): `(type, args)` plus the instance dict
/// when there is one.
fn exc_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let e = exc_self(vm, &args)?;
    let a = e.exc_data().unwrap().args.borrow().clone();
    let state = state_dict(&e).map(Value::Obj);
    Ok(reduce_tuple(vm, &e, a, state))
}

/// `OSError.__reduce__` (`OSError_reduce`): a filename stripped from `args` by `__init__` goes
/// back in, with None for winerror before a filename2.
fn os_error_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let e = exc_self(vm, &args)?;
    let d = e.exc_data().unwrap();
    let mut a = args_of(&e);
    let mut targs = d.args.borrow().clone();
    if let (2, Some(f)) = (a.len(), d.field("filename")) {
        a.push(f);
        if let Some(f2) = d.field("filename2") {
            a.push(Value::None);
            a.push(f2);
        }
        targs = vm.new_tuple(a);
    }
    let state = state_dict(&e).map(Value::Obj);
    Ok(reduce_tuple(vm, &e, targs, state))
}

/// `ImportError.__reduce__` (`ImportError_getstate`): `name` and `path`, when set, travel in
/// the state dict (a copy of the instance dict) since they are keyword-only.
fn import_error_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let e = exc_self(vm, &args)?;
    let d = e.exc_data().unwrap();
    let (name, path) = (d.field("name"), d.field("path"));
    let dict = state_dict(&e);
    let state = if name.is_some() || path.is_some() {
        let s = vm.new_dict();
        if let Some(src) = &dict {
            let items = crate::dict::dict_cell(src).borrow().items();
            for (k, v) in items {
                crate::dict::set_item(vm, &s, k, v)?;
            }
        }
        for (k, v) in [("name", name), ("path", path)] {
            if let Some(v) = v {
                vm.dict_set_str(&s, k, v);
            }
        }
        Some(Value::Obj(s))
    } else {
        dict.map(Value::Obj)
    };
    let a = d.args.borrow().clone();
    Ok(reduce_tuple(vm, &e, a, state))
}

/// `BaseException.__setstate__(state)` (`BaseException_setstate`): each item of a dict state
/// becomes an attribute; None is no state.
fn exc_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "__setstate__")?;
    if a[1].is_none() {
        return Ok(Value::None);
    }
    let Some(Payload::Dict(dd)) = a[1].payload() else {
        return Err(vm.new_type_error("state is not a dictionary"));
    };
    let items = dd.borrow().items();
    for (k, v) in items {
        if k.as_str().is_none() {
            return Err(vm.new_type_error(format!("attribute name must be string, not '{}'", vm.type_name(&k))));
        }
        vm.setattr(&a[0], &k, v)?;
    }
    Ok(Value::None)
}

/// Adds the members, `__reduce__` and `__setstate__` to the exception classes.
pub fn init(vm: &mut Vm) {
    let x = &vm.exc;
    let families: Vec<(PyRef, &[&str])> = vec![
        (x.stop_iteration.clone(), &["value"]),
        (x.system_exit.clone(), &["code"]),
        (x.import_error.clone(), &["msg", "name", "path"]),
        (x.os_error.clone(), OS_ERROR_MEMBERS),
        (x.syntax_error.clone(), SYNTAX_ERROR_MEMBERS),
        (x.name_error.clone(), &["name"]),
        (x.attribute_error.clone(), &["name", "obj"]),
        (x.unicode_encode_error.clone(), UNICODE_ERROR_MEMBERS),
        (x.unicode_decode_error.clone(), UNICODE_ERROR_MEMBERS),
        (x.unicode_translate_error.clone(), UNICODE_ERROR_MEMBERS),
    ];
    for (t, names) in families {
        for name in names {
            let (g, s, d) = member_fns(name).expect("every member has accessors");
            vm.add_member_del(&t, name, g, s, d);
        }
    }
    // `BaseExceptionGroup.message` and `.exceptions` are read-only members.
    let beg = vm.exc.base_exception_group.clone();
    for name in ["message", "exceptions"] {
        let (g, _, _) = member_fns(name).expect("every member has accessors");
        vm.add_member(&beg, name, g, None);
    }
    let os = vm.exc.os_error.clone();
    vm.add_getset_del(&os, "characters_written", written_get, written_set, written_del);
    let be = vm.exc.base_exception.clone();
    vm.add_methods(&be, &[("__reduce__", exc_reduce, ""), ("__setstate__", exc_setstate, "")]);
    vm.add_methods(&os, &[("__reduce__", os_error_reduce, "")]);
    vm.add_methods(&vm.exc.import_error.clone(), &[("__reduce__", import_error_reduce, "")]);
}
