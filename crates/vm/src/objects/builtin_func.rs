//! VM stage: native functions as Python sees them — `builtin_function_or_method` (module-level
//! functions such as `len`, and native methods bound to an object such as `[].append`),
//! `method_descriptor` (`list.append`), `wrapper_descriptor` (`int.__add__`) and
//! `method-wrapper` (`(1).__add__`) — with CPython's `__name__`, `__qualname__`, `__self__`,
//! `__module__`, reprs, equality and `__reduce__`, plus the `__reduce__` of range, slice,
//! Ellipsis and NotImplemented. Guarantees: pickle and copy save these by reference exactly as
//! CPython 3.11 does (`len` as `builtins.len`, `[].append` as `getattr(obj, "append")`).

use crate::func::{Args, BuiltinFunction};
use crate::objects::builtin_docs;
use crate::value::{Object, Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use std::rc::Rc;

/// The native function behind `v` and the object it is bound to: a `BuiltinFunction` payload
/// (bound only through `self_`) or a bound method whose function is native.
fn parts(v: &Value) -> Option<(&BuiltinFunction, Option<Value>)> {
    match v.payload()? {
        Payload::BuiltinFunction(b) => Some((b, b.self_.clone())),
        Payload::Method(f, s) => match f.payload()? {
            Payload::BuiltinFunction(b) => Some((b, Some(s.clone()))),
            _ => None,
        },
        _ => None,
    }
}

fn not_builtin(vm: &Vm, v: &Value) -> crate::value::PyRef {
    vm.new_type_error(format!("expected a builtin function, not '{}'", vm.type_name(v)))
}

impl Vm {
    /// `func` bound to `obj`: a `method` for Python functions, a `builtin_function_or_method`
    /// (as CPython's `PyCFunction` with `m_self`) for native ones.
    pub fn new_bound_method(&self, func: Value, obj: Value) -> Value {
        let cls = match &func {
            // A slot wrapper binds to a `method-wrapper` (`(1).__add__`).
            Value::Obj(f) if matches!(f.payload, Payload::BuiltinFunction(_)) => {
                if f.class_is(&self.types.wrapper_descriptor) {
                    self.types.method_wrapper.clone()
                } else {
                    self.types.builtin_function.clone()
                }
            }
            _ => self.types.method.clone(),
        };
        Value::Obj(Object::new(cls, Payload::Method(func, obj)))
    }

    /// Records `name` as the module of every module-level native function in `m`'s namespace
    /// that has none yet (their `__module__`, and `__self__` through `sys.modules`).
    pub fn stamp_native_module(&self, m: &PyRef, name: &str) {
        let Some(d) = m.dict.get() else { return };
        self.stamp_native_functions(&d, name);
    }

    /// As `stamp_native_module`, for a namespace dict (the builtins).
    pub fn stamp_native_functions(&self, d: &PyRef, name: &str) {
        let Payload::Dict(dd) = &d.payload else { return };
        let Ok(dd) = dd.try_borrow() else { return };
        let name: Rc<str> = Rc::from(name);
        for e in dd.iter() {
            if let Some(Payload::BuiltinFunction(b)) = e.value.payload() {
                if b.owner.is_none() && b.self_.is_none() {
                    let _ = b.module.set(name.clone());
                }
            }
        }
    }
}

/// Is `s` a module (then the function is a plain module-level function)?
fn is_module(s: &Value) -> bool {
    matches!(s.payload(), Some(Payload::Module))
}

/// The repr of the four kinds (`meth_repr`, `method_repr` of descrobject.c, `wrapper_repr`).
fn builtin_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = &args.args[0];
    let Some((b, bound)) = parts(v) else { return Err(not_builtin(vm, v)) };
    let slot =
        matches!(v, Value::Obj(o) if o.class_is(&vm.types.wrapper_descriptor) || o.class_is(&vm.types.method_wrapper));
    if slot {
        return Ok(match (bound, &b.owner) {
            (Some(s), _) => {
                vm.new_str(format!("<method-wrapper '{}' of {} object at {:#x}>", b.name, vm.type_name(&s), s.id()))
            }
            (None, o) => vm.new_str(format!(
                "<slot wrapper '{}' of '{}' objects>",
                b.name,
                o.as_ref().and_then(|o| o.as_type()).map(|t| t.name()).unwrap_or_default()
            )),
        });
    }
    Ok(match (bound, &b.owner) {
        (Some(s), _) if !is_module(&s) => {
            vm.new_str(format!("<built-in method {} of {} object at {:#x}>", b.name, vm.type_name(&s), s.id()))
        }
        // A static method's `PyCFunction` is bound to its class (`type_add_method`).
        (None, Some(o)) if b.is_static => {
            let o = Value::Obj(o.clone());
            vm.new_str(format!("<built-in method {} of {} object at {:#x}>", b.name, vm.type_name(&o), o.id()))
        }
        (None, Some(o)) => vm.new_str(format!("<method '{}' of '{}' objects>", b.name, o.as_type().unwrap().tp_name())),
        _ => vm.new_str(format!("<built-in function {}>", b.name)),
    })
}

fn builtin_name_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = &args.args[0];
    let Some((b, _)) = parts(v) else { return Err(not_builtin(vm, v)) };
    Ok(vm.new_str(b.name))
}

/// `__qualname__`: `type.name` for methods (the type of the bound object, or the bound type
/// itself), the plain name for module-level functions.
fn builtin_qualname_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = &args.args[0];
    let Some((b, bound)) = parts(v) else { return Err(not_builtin(vm, v)) };
    let name = b.name;
    let owner = match bound {
        Some(s) if is_module(&s) => None,
        Some(s) => Some(match s {
            Value::Obj(ref o) if matches!(o.payload, Payload::Type(_)) => s.clone(),
            _ => Value::Obj(vm.type_of(&s)),
        }),
        None => b.owner.clone().map(Value::Obj),
    };
    match owner {
        Some(t) => {
            let q = vm.getattr_str(&t, "__qualname__")?;
            let q = vm.str_string(&q)?;
            Ok(vm.new_str(format!("{q}.{name}")))
        }
        None => Ok(vm.new_str(name)),
    }
}

/// The internal docstring of native function `b` (`name($self, x, /)\n--\n\nText`, the
/// convention of CPython's Argument Clinic): the one declared for it in `builtin_docs` (by its
/// builtin class and that class's bases, or by its module; empty when CPython's `__doc__` is None), else the one it was
/// registered with.
pub fn declared_doc(b: &BuiltinFunction) -> Option<&'static str> {
    let declared = match (&b.owner, b.module.get()) {
        (Some(o), _) => builtin_docs::member_doc(o, b.name),
        (None, Some(m)) => builtin_docs::internal_doc(m, Some(b.name)),
        (None, None) => None,
    };
    declared.or(b.doc.filter(|d| !d.is_empty()))
}

/// `__doc__` (`_PyType_GetDocFromInternalDoc`): the docstring without a signature line (None
/// when that leaves nothing); a slot wrapper declared without one has the text of CPython's
/// `slotdefs`.
fn builtin_doc_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = &args.args[0];
    let Some((b, _)) = parts(v) else { return Err(not_builtin(vm, v)) };
    Ok(match declared_doc(b) {
        Some(d) => builtin_docs::doc_body(b.name, d).map_or(Value::None, |d| vm.new_str(d)),
        None if b.slot.is_some() => slot_doc(b.name).map_or(Value::None, |d| vm.new_str(d)),
        None => Value::None,
    })
}

/// The docstring `slotdefs` give slot wrapper `name`.
fn slot_doc(name: &str) -> Option<String> {
    const BINARY: &[(&str, &str)] = &[
        ("add", "+"),
        ("sub", "-"),
        ("mul", "*"),
        ("truediv", "/"),
        ("floordiv", "//"),
        ("mod", "%"),
        ("lshift", "<<"),
        ("rshift", ">>"),
        ("and", "&"),
        ("or", "|"),
        ("xor", "^"),
        ("matmul", "@"),
        ("lt", "<"),
        ("le", "<="),
        ("eq", "=="),
        ("ne", "!="),
        ("gt", ">"),
        ("ge", ">="),
    ];
    let bare = name.strip_prefix("__")?.strip_suffix("__")?;
    for (op, sym) in BINARY {
        if bare == *op {
            return Some(format!("Return self{sym}value."));
        }
        if bare.strip_prefix('r') == Some(op) {
            return Some(format!("Return value{sym}self."));
        }
        if bare.strip_prefix('i') == Some(op) {
            return Some(format!("Implement self{sym}=value."));
        }
    }
    Some(
        match bare {
            "divmod" => "Return divmod(self, value).",
            "rdivmod" => "Return divmod(value, self).",
            "pow" => "Return pow(self, value, mod).",
            "rpow" => "Return pow(value, self, mod).",
            "ipow" => "Implement self**=value.",
            "neg" => "-self",
            "pos" => "+self",
            "abs" => "abs(self)",
            "invert" => "~self",
            "bool" => "True if self else False",
            "int" => "int(self)",
            "float" => "float(self)",
            "index" => "Return self converted to an integer, if self is suitable for use as an index into a list.",
            "repr" => "Return repr(self).",
            "str" => "Return str(self).",
            "hash" => "Return hash(self).",
            "len" => "Return len(self).",
            "iter" => "Implement iter(self).",
            "next" => "Implement next(self).",
            "getitem" => "Return self[key].",
            "contains" => "Return key in self.",
            "setitem" => "Set self[key] to value.",
            "delitem" => "Delete self[key].",
            "call" => "Call self as a function.",
            "getattribute" => "Return getattr(self, name).",
            "setattr" => "Implement setattr(self, name, value).",
            "delattr" => "Implement delattr(self, name).",
            "init" => "Initialize self.  See help(type(self)) for accurate signature.",
            "get" => "Return an attribute of instance, which is of type owner.",
            "set" => "Set an attribute of instance to value.",
            "delete" => "Delete an attribute of instance.",
            "await" => "Return an iterator to be used in await expression.",
            "aiter" => "Return an awaitable, that resolves in asynchronous iterator.",
            "anext" => "Return a value or raise StopAsyncIteration.",
            _ => return None,
        }
        .to_string(),
    )
}

/// The text signature CPython's `slotdefs` give the slot wrapper `name`.
fn slot_text_signature(name: &str) -> Option<&'static str> {
    Some(match name {
        "__init__" | "__call__" => "($self, /, *args, **kwargs)",
        "__get__" => "($self, instance, owner=None, /)",
        "__set__" => "($self, instance, value, /)",
        "__delete__" => "($self, instance, /)",
        "__setitem__" => "($self, key, value, /)",
        "__getitem__" | "__delitem__" | "__contains__" => "($self, key, /)",
        "__getattribute__" | "__getattr__" | "__delattr__" => "($self, name, /)",
        "__setattr__" => "($self, name, value, /)",
        "__pow__" | "__rpow__" => "($self, value, mod=None, /)",
        "__repr__" | "__str__" | "__hash__" | "__len__" | "__iter__" | "__next__" | "__neg__" | "__pos__"
        | "__abs__" | "__invert__" | "__bool__" | "__int__" | "__float__" | "__index__" | "__await__" | "__aiter__"
        | "__anext__" | "__del__" => "($self, /)",
        _ => "($self, value, /)",
    })
}

/// `__text_signature__`: from the docstring's signature line, or a slot wrapper's fixed one.
fn builtin_text_signature(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = &args.args[0];
    let Some((b, _)) = parts(v) else { return Err(not_builtin(vm, v)) };
    if let Some(sig) = declared_doc(b).and_then(|d| builtin_docs::text_signature(b.name, d)) {
        return Ok(vm.new_str(sig));
    }
    Ok(match b.slot {
        Some(_) if b.owner.is_some() => slot_text_signature(b.name).map_or(Value::None, |s| vm.new_str(s)),
        _ => Value::None,
    })
}

/// `__self__`: the bound object, the class of a `__new__`, None for a static method, or the
/// function's module.
fn builtin_self_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = &args.args[0];
    let Some((b, bound)) = parts(v) else { return Err(not_builtin(vm, v)) };
    if let Some(s) = bound {
        return Ok(s);
    }
    if let (true, Some(o)) = (b.is_static, &b.owner) {
        // A type's `__new__` is bound to the type (`tp_new_wrapper`); a `METH_STATIC` method
        // (`str.maketrans`) reports no self (`PyCFunction_GET_SELF`).
        return Ok(if b.name == "__new__" { Value::Obj(o.clone()) } else { Value::None });
    }
    Ok(match b.module.get() {
        Some(m) => vm.dict_get_str(&vm.modules.clone(), m).unwrap_or(Value::None),
        None => Value::None,
    })
}

/// `__objclass__` of a method or slot descriptor (bound or not): the class defining it.
fn builtin_objclass_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = &args.args[0];
    let Some((b, _)) = parts(v) else { return Err(not_builtin(vm, v)) };
    match &b.owner {
        Some(o) => Ok(Value::Obj(o.clone())),
        None => Err(vm.new_attribute_error(
            v,
            "__objclass__",
            format!("'{}' object has no attribute '__objclass__'", vm.type_name(v)),
        )),
    }
}

/// `__module__`: the defining module's name for module-level functions, else None.
fn builtin_module_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = &args.args[0];
    let Some((b, bound)) = parts(v) else { return Err(not_builtin(vm, v)) };
    Ok(match (bound, b.module.get()) {
        (None, Some(m)) => vm.new_str(m.as_ref()),
        _ => Value::None,
    })
}

/// `(getattr, (obj, name))`, how methods reduce.
fn getattr_reduce(vm: &mut Vm, obj: Value, name: &str) -> PyResult<Value> {
    let getattr = vm.dict_get_str(&vm.builtins_dict.clone(), "getattr").unwrap_or(Value::None);
    let n = vm.new_str(name);
    let inner = vm.new_tuple(vec![obj, n]);
    Ok(vm.new_tuple(vec![getattr, inner]))
}

/// `__reduce__` (`meth_reduce`): a module-level function reduces to its name, so pickle saves
/// it as a global; a bound one to `getattr(self, name)`.
fn builtin_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__reduce__")?;
    let v = &a[0];
    let Some((b, bound)) = parts(v) else { return Err(not_builtin(vm, v)) };
    let name = b.name;
    let this = match bound {
        Some(s) => Some(s),
        None => b.owner.clone().filter(|_| b.is_static).map(Value::Obj),
    };
    match this {
        Some(s) if !is_module(&s) => getattr_reduce(vm, s, name),
        _ => Ok(vm.new_str(name)),
    }
}

/// `method_descriptor.__reduce__` (`descr_reduce`): `(getattr, (owner, name))`.
fn descr_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__reduce__")?;
    let v = &a[0];
    let Some((b, _)) = parts(v) else { return Err(not_builtin(vm, v)) };
    let owner = b.owner.clone().map(Value::Obj).unwrap_or(Value::None);
    getattr_reduce(vm, owner, b.name)
}

/// The identity of a native function for equality: its code and the object it is bound to.
fn identity(v: &Value) -> Option<(usize, Option<i64>)> {
    let (b, bound) = parts(v)?;
    Some((b.func as usize, bound.map(|s| s.id())))
}

/// `meth_richcompare`: equal when the same native code is bound to the very same object.
fn builtin_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__eq__", 1)?;
    Ok(match (identity(&a[0]), identity(&a[1])) {
        (Some(x), Some(y)) => Value::Bool(x == y),
        _ => vm.not_implemented(),
    })
}

fn builtin_ne(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__ne__", 1)?;
    Ok(match (identity(&a[0]), identity(&a[1])) {
        (Some(x), Some(y)) => Value::Bool(x != y),
        _ => vm.not_implemented(),
    })
}

fn builtin_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__hash__", 0)?;
    let Some((f, s)) = identity(&a[0]) else { return Err(not_builtin(vm, &a[0])) };
    let h = ((f >> 4) as i64) ^ s.unwrap_or(0).rotate_right(4);
    Ok(Value::Int(if h == -1 { -2 } else { h }))
}

/// `method.__eq__` (`method_richcompare`): the same `__self__` (by identity) and equal
/// functions.
fn method_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__eq__", 1)?;
    let (Some(Payload::Method(f1, s1)), Some(Payload::Method(f2, s2))) = (a[0].payload(), a[1].payload()) else {
        return Ok(vm.not_implemented());
    };
    if s1.id() != s2.id() {
        return Ok(Value::Bool(false));
    }
    let (f1, f2) = (f1.clone(), f2.clone());
    let eq = vm.eq(&f1, &f2)?;
    Ok(Value::Bool(eq))
}

fn method_ne(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let r = method_eq(vm, args)?;
    Ok(match r {
        Value::Bool(b) => Value::Bool(!b),
        other => other,
    })
}

fn method_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__hash__", 0)?;
    let Some(Payload::Method(f, s)) = a[0].payload() else { return Err(not_builtin(vm, &a[0])) };
    let (f, sid) = (f.clone(), s.id());
    let h = vm.hash(&f)? ^ sid.rotate_right(4);
    Ok(Value::Int(if h == -1 { -2 } else { h }))
}

/// `method.__reduce__` (`method_reduce`): `(getattr, (self, name))`.
fn method_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__reduce__")?;
    let Some(Payload::Method(f, s)) = a[0].payload() else { return Err(not_builtin(vm, &a[0])) };
    let (f, s) = (f.clone(), s.clone());
    let name = vm.getattr_str(&f, "__name__")?;
    let name = vm.str_string(&name)?;
    getattr_reduce(vm, s, &name)
}

/// `range.__reduce__`: `(range, (start, stop, step))`; `slice.__reduce__` likewise.
fn three_attr_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__reduce__")?;
    let v = &a[0];
    let mut items = Vec::with_capacity(3);
    for n in ["start", "stop", "step"] {
        items.push(vm.getattr_str(v, n)?);
    }
    let t = Value::Obj(vm.type_of(v));
    let inner = vm.new_tuple(items);
    Ok(vm.new_tuple(vec![t, inner]))
}

fn ellipsis_reduce(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.new_str("Ellipsis"))
}

fn notimpl_reduce(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.new_str("NotImplemented"))
}

pub fn init(vm: &mut Vm) {
    let (bf, md) = (vm.types.builtin_function.clone(), vm.types.method_descriptor.clone());
    let (wd, mw) = (vm.types.wrapper_descriptor.clone(), vm.types.method_wrapper.clone());
    for t in [&bf, &md, &wd, &mw] {
        vm.add_methods(t, &[("__repr__", builtin_repr, "Return repr(self).")]);
        vm.add_getset(t, "__name__", builtin_name_get, None);
        vm.add_getset(t, "__qualname__", builtin_qualname_get, None);
        vm.add_getset(t, "__doc__", builtin_doc_get, None);
        vm.add_getset(t, "__text_signature__", builtin_text_signature, None);
        vm.add_methods(t, &[("__call__", crate::objects::surface::call_self, "Call self as a function.")]);
    }
    for t in [&md, &wd, &mw] {
        vm.add_member(t, "__objclass__", builtin_objclass_get, None);
    }
    for t in [&bf, &mw] {
        vm.add_methods(
            t,
            &[
                ("__reduce__", builtin_reduce, "Helper for pickle."),
                ("__eq__", builtin_eq, "Return self==value."),
                ("__ne__", builtin_ne, "Return self!=value."),
                ("__hash__", builtin_hash, "Return hash(self)."),
            ],
        );
    }
    vm.add_getset(&bf, "__self__", builtin_self_get, None);
    vm.add_getset(&bf, "__module__", builtin_module_get, None);
    vm.add_member(&mw, "__self__", builtin_self_get, None);
    for t in [&md, &wd] {
        vm.add_methods(t, &[("__reduce__", descr_reduce, "Helper for pickle.")]);
    }
    vm.add_methods(
        &vm.types.method.clone(),
        &[
            ("__reduce__", method_reduce, "Helper for pickle."),
            ("__eq__", method_eq, "Return self==value."),
            ("__ne__", method_ne, "Return self!=value."),
            ("__hash__", method_hash, "Return hash(self)."),
        ],
    );
    for t in [vm.types.range.clone(), vm.types.slice.clone()] {
        vm.add_methods(&t, &[("__reduce__", three_attr_reduce, "Return state information for pickling.")]);
    }
    vm.add_methods(&vm.types.ellipsis_type.clone(), &[("__reduce__", ellipsis_reduce, "Helper for pickle.")]);
    vm.add_methods(&vm.types.not_implemented_type.clone(), &[("__reduce__", notimpl_reduce, "Helper for pickle.")]);
}
