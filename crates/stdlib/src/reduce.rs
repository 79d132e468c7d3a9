//! Stdlib stage: `object.__reduce_ex__` and `object.__reduce__` (the default pickling
//! protocol `copy` and `enum` rely on), installed at start-up only when the VM's `object` type
//! does not define them yet. Protocol 2+ gives `(copyreg.__newobj__, (cls,), state)`, lower
//! protocols defer to `copyreg._reduce_ex`, as CPython's `object___reduce_ex___impl`.

use vm::func::Args;
use vm::value::{Payload, PyRef, Value};
use vm::{PyResult, Vm};

fn is_default_reduce(v: &Value) -> bool {
    matches!(v.payload(), Some(Payload::BuiltinFunction(b)) if b.func as usize == object_reduce as vm::func::NativeFn as usize)
}

fn reduce_impl(vm: &mut Vm, this: &Value, proto: i64) -> PyResult<Value> {
    let copyreg = vm.import_fullname("copyreg")?;
    if proto < 2 {
        let f = vm.getattr_str(&copyreg, "_reduce_ex")?;
        return vm.call(&f, Args::new(&[this.clone(), Value::Int(proto)]));
    }
    let t = vm.type_of(this);
    // `reduce_newobj`: a builtin type that cannot be instantiated (its `__new__` is object's,
    // as CPython's NULL `tp_new`) cannot be pickled.
    if !t.as_type().is_some_and(|td| td.is_heap()) && !std::rc::Rc::ptr_eq(&t, &vm.types.object) {
        let new = vm.getattr_str(&Value::Obj(t.clone()), "__new__")?;
        let object_new = vm.getattr_str(&Value::Obj(vm.types.object.clone()), "__new__")?;
        if new.is(&object_new) {
            return Err(vm.new_type_error(format!("cannot pickle '{}' object", vm.type_name(this))));
        }
    }
    let cls = Value::Obj(t);
    let (newobj, args) = match new_arguments(vm, this)? {
        (args, Some(kwargs)) => {
            let newobj = vm.getattr_str(&copyreg, "__newobj_ex__")?;
            let args = args.unwrap_or_else(|| vm.new_tuple(vec![]));
            (newobj, vm.new_tuple(vec![cls, args, kwargs]))
        }
        (args, None) => {
            let newobj = vm.getattr_str(&copyreg, "__newobj__")?;
            let mut all = vec![cls];
            if let Some(args) = args {
                all.extend(vm.collect(&args)?);
            }
            (newobj, vm.new_tuple(all))
        }
    };
    // `_PyObject_GetState`: whatever `__getstate__` (by default `object.__getstate__`) says.
    let getstate = vm.getattr_str(this, "__getstate__")?;
    let state = vm.call(&getstate, Args::new(&[]))?;
    // List and dict (subclass) contents travel as iterators (`reduce_newobj`'s 5-tuple).
    let listitems = match this.payload() {
        Some(Payload::List(_)) => vm.iter(this)?,
        _ => Value::None,
    };
    let dictitems = match this.payload() {
        Some(Payload::Dict(_)) => {
            let items = vm.getattr_str(this, "items")?;
            let view = vm.call(&items, Args::new(&[]))?;
            vm.iter(&view)?
        }
        _ => Value::None,
    };
    Ok(vm.new_tuple(vec![newobj, args, state, listitems, dictitems]))
}

/// `_PyObject_GetNewArguments`: what `__getnewargs_ex__` (args and a non-empty kwargs dict)
/// or `__getnewargs__` (args) say, with CPython's checks of their results.
fn new_arguments(vm: &mut Vm, this: &Value) -> PyResult<(Option<Value>, Option<Value>)> {
    if let Some(f) = vm.lookup_special(this, "__getnewargs_ex__") {
        let r = vm.call_unbound(&f, this, &[])?;
        let Some(Payload::Tuple(t)) = r.payload() else {
            return Err(
                vm.new_type_error(format!("__getnewargs_ex__ should return a tuple, not '{}'", vm.type_name(&r)))
            );
        };
        if t.len() != 2 {
            return Err(
                vm.new_value_error(format!("__getnewargs_ex__ should return a tuple of length 2, not {}", t.len()))
            );
        }
        let (args, kwargs) = (t[0].clone(), t[1].clone());
        if !matches!(args.payload(), Some(Payload::Tuple(_))) {
            return Err(vm.new_type_error(format!(
                "first item of the tuple returned by __getnewargs_ex__ must be a tuple, not '{}'",
                vm.type_name(&args)
            )));
        }
        let Some(Payload::Dict(d)) = kwargs.payload() else {
            return Err(vm.new_type_error(format!(
                "second item of the tuple returned by __getnewargs_ex__ must be a dict, not '{}'",
                vm.type_name(&kwargs)
            )));
        };
        let empty = d.borrow().is_empty();
        return Ok((Some(args), (!empty).then_some(kwargs)));
    }
    if let Some(f) = vm.lookup_special(this, "__getnewargs__") {
        let r = vm.call_unbound(&f, this, &[])?;
        if !matches!(r.payload(), Some(Payload::Tuple(_))) {
            return Err(vm.new_type_error(format!("__getnewargs__ should return a tuple, not '{}'", vm.type_name(&r))));
        }
        return Ok((Some(r), None));
    }
    Ok((None, None))
}

/// `object.__getstate__()` (new in 3.11, `object_getstate_default`): the instance dict if
/// non-empty (else None), paired with a dict of the `__slots__` values when there are any.
fn object_getstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__getstate__")?;
    let this = &a[0];
    let t = vm.type_of(this);
    // Slotted instances of builtin layouts keep their slot values in an instance dict that
    // Python cannot see (objects/slots.rs): that dict is not state.
    let hidden = vm.slot_names(&t).is_some();
    // An instance without attributes has no state (`_PyObject_IsInstanceDictEmpty`): its
    // inline storage need not become a dict.
    let no_attrs =
        matches!(this.payload(), Some(Payload::Instance(attrs)) if attrs.is_empty() && !attrs.shape_ptr().is_null());
    let dict = this.as_obj().filter(|_| !hidden && !no_attrs).and_then(|o| vm.instance_dict(o));
    let state = match &dict {
        Some(d) if matches!(&d.payload, Payload::Dict(dd) if !dd.borrow().is_empty()) => Value::Obj(d.clone()),
        _ => Value::None,
    };
    let names = slot_names_of(vm, &t)?;
    if names.is_empty() {
        return Ok(state);
    }
    let values = vm.new_dict();
    for name in &names {
        let Some(n) = name.as_str().map(|s| s.as_str().to_string()) else { continue };
        if let Some(v) = vm.getattr_opt(this, &n)? {
            vm.dict_set_str(&values, &n, v);
        }
    }
    if matches!(&values.payload, Payload::Dict(dd) if dd.borrow().is_empty()) {
        return Ok(state);
    }
    Ok(vm.new_tuple(vec![state, Value::Obj(values)]))
}

/// `_PyType_GetSlotNames`: the class's cached `__slotnames__`, else `copyreg._slotnames(cls)`.
fn slot_names_of(vm: &mut Vm, t: &PyRef) -> PyResult<Vec<Value>> {
    if t.as_type().is_some_and(|td| td.slot_members.borrow().is_empty()) {
        return Ok(Vec::new());
    }
    let cached = vm.dict_get_str(&vm.type_dict(t), "__slotnames__");
    let names = match cached {
        Some(v) => v,
        None => {
            let copyreg = vm.import_fullname("copyreg")?;
            let f = vm.getattr_str(&copyreg, "_slotnames")?;
            vm.call(&f, Args::new(&[Value::Obj(t.clone())]))?
        }
    };
    if names.is_none() {
        return Ok(Vec::new());
    }
    if !matches!(names.payload(), Some(Payload::List(_))) {
        return Err(vm.new_type_error("copyreg._slotnames didn't return a list or None"));
    }
    vm.collect(&names)
}

fn object_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__reduce__")?;
    reduce_impl(vm, &a[0], 0)
}

fn object_reduce_ex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "__reduce_ex__")?;
    let proto = vm.to_i64_index(&a[1])?;
    if let Some(r) = vm.lookup_special(&a[0], "__reduce__") {
        if !is_default_reduce(&r) {
            return vm.call_unbound(&r, &a[0], &[]);
        }
    }
    reduce_impl(vm, &a[0], proto)
}

/// `builtin_function_or_method.__reduce__`: a module-level function pickles as its name (found
/// again through its `__module__`), a bound method as `getattr(self, name)`.
fn builtin_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__reduce__")?;
    let Some(vm::value::Payload::BuiltinFunction(f)) = a[0].payload() else {
        return reduce_impl(vm, &a[0], 0);
    };
    match &f.self_ {
        Some(owner) if !matches!(owner.payload(), Some(vm::value::Payload::Module)) => {
            let getattr = vm.builtin("getattr").ok_or_else(|| vm.new_runtime_error("getattr() is missing"))?;
            let targs = vm.new_tuple(vec![owner.clone(), vm.new_str(f.name)]);
            Ok(vm.new_tuple(vec![getattr, targs]))
        }
        _ => Ok(vm.new_str(f.name)),
    }
}

/// Adds the two methods to `object` unless the VM already has them.
pub fn install(vm: &mut Vm) {
    let bf = vm.types.builtin_function.clone();
    if vm.dict_get_str(&vm.type_dict(&bf), "__reduce__").is_none() {
        vm.add_methods(&bf, &[("__reduce__", builtin_reduce, "Helper for pickle.")]);
    }
    let object = vm.types.object.clone();
    let d = vm.type_dict(&object);
    if vm.dict_get_str(&d, "__getstate__").is_none() {
        vm.add_methods(&object, &[("__getstate__", object_getstate, "Helper for pickle.")]);
    }
    if vm.dict_get_str(&d, "__reduce_ex__").is_none() {
        vm.add_methods(
            &object,
            &[
                ("__reduce_ex__", object_reduce_ex, "Helper for pickle."),
                ("__reduce__", object_reduce, "Helper for pickle."),
            ],
        );
    }
}
