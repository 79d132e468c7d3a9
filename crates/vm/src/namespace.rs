//! VM stage: `types.SimpleNamespace` — the attribute bag behind `sys.implementation` and
//! `time.get_clock_info()`. Keyword arguments become instance attributes; `repr` lists them in
//! insertion order as `namespace(a=1, b=2)` (the class name for subclasses, `...` on a cycle);
//! two namespaces are equal when their `__dict__`s are; it pickles through `__reduce__`.

use crate::func::{Args, MethodDef};
use crate::value::{Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};

thread_local! {
    static NS_TYPE: std::cell::RefCell<Option<PyRef>> = const { std::cell::RefCell::new(None) };
}

fn ns_type() -> Option<PyRef> {
    NS_TYPE.with(|t| t.borrow().clone())
}

fn dict_of(vm: &Vm, v: &Value) -> PyResult<PyRef> {
    v.as_obj()
        .and_then(|o| o.dict.get())
        .ok_or_else(|| vm.new_type_error("descriptor requires a 'types.SimpleNamespace' object"))
}

fn ns_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.pos().len() > 1 {
        return Err(vm.new_type_error("no positional arguments expected"));
    }
    let d = dict_of(vm, &args.args[0])?;
    for (k, v) in args.kwargs() {
        vm.dict_set_str(&d, k, v.clone());
    }
    Ok(Value::None)
}

fn ns_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = &args.args[0];
    let ty = vm.type_of(me);
    let name = if ns_type().is_some_and(|t| std::rc::Rc::ptr_eq(&t, &ty)) {
        "namespace".to_string()
    } else {
        ty.as_type().map(|t| t.name().to_string()).unwrap_or_default()
    };
    let id = me.id() as usize;
    if vm.repr_stack.contains(&id) {
        return Ok(vm.new_str(format!("{name}(...)")));
    }
    let d = dict_of(vm, me)?;
    let items = match &d.payload {
        Payload::Dict(dd) => dd.borrow().items(),
        _ => Vec::new(),
    };
    vm.repr_stack.push(id);
    let mut parts = Vec::new();
    for (k, v) in items {
        let Some(k) = k.as_str().map(|s| s.as_str().to_string()) else { continue };
        match vm.repr_string(&v) {
            Ok(r) => parts.push(format!("{k}={r}")),
            Err(e) => {
                vm.repr_stack.pop();
                return Err(e);
            }
        }
    }
    vm.repr_stack.pop();
    Ok(vm.new_str(format!("{name}({})", parts.join(", "))))
}

fn is_namespace(vm: &Vm, v: &Value) -> bool {
    let Some(t) = ns_type() else { return false };
    let ty = vm.type_of(v);
    ty.as_type().is_some_and(|td| td.mro.borrow().iter().any(|c| std::rc::Rc::ptr_eq(c, &t)))
}

fn ns_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (a, b) = (&args.args[0], &args.args[1]);
    if !is_namespace(vm, a) || !is_namespace(vm, b) {
        return Ok(vm.not_implemented());
    }
    let (da, db) = (Value::Obj(dict_of(vm, a)?), Value::Obj(dict_of(vm, b)?));
    Ok(Value::Bool(vm.eq(&da, &db)?))
}

fn ns_ne(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match ns_eq(vm, args)? {
        Value::Bool(b) => Ok(Value::Bool(!b)),
        other => Ok(other),
    }
}

fn ns_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = &args.args[0];
    let ty = Value::Obj(vm.type_of(me));
    let d = Value::Obj(dict_of(vm, me)?);
    let empty = vm.new_tuple(vec![]);
    Ok(vm.new_tuple(vec![ty, empty, d]))
}

const METHODS: &[MethodDef] = &[
    ("__init__", ns_init, "Initialize self.  See help(type(self)) for accurate signature."),
    ("__repr__", ns_repr, "Return repr(self)."),
    ("__eq__", ns_eq, "Return self==value."),
    ("__ne__", ns_ne, "Return self!=value."),
    ("__reduce__", ns_reduce, "Return state information for pickling"),
];

/// Creates the `types.SimpleNamespace` class (once) and returns it.
pub fn simple_namespace_type(vm: &mut Vm) -> PyResult<PyRef> {
    if let Some(t) = ns_type() {
        return Ok(t);
    }
    let ns = vm.new_dict();
    vm.dict_set_str(&ns, "__module__", vm.new_str("types"));
    vm.dict_set_str(&ns, "__qualname__", vm.new_str("SimpleNamespace"));
    vm.dict_set_str(&ns, "__doc__", vm.new_str("A simple attribute-based namespace.\n\nSimpleNamespace(**kwargs)"));
    vm.dict_set_str(&ns, "__hash__", Value::None);
    let meta = vm.types.type_.clone();
    let t = vm.new_class(&meta, "SimpleNamespace", vec![], &ns)?;
    vm.add_methods(&t, METHODS);
    NS_TYPE.with(|n| *n.borrow_mut() = Some(t.clone()));
    Ok(t)
}

/// `SimpleNamespace(**items)`.
pub fn new_namespace(vm: &mut Vm, items: &[(&str, Value)]) -> PyResult<Value> {
    let t = simple_namespace_type(vm)?;
    let names: Vec<Value> = items.iter().map(|(k, _)| vm.new_str(*k)).collect();
    let values: Vec<Value> = items.iter().map(|(_, v)| v.clone()).collect();
    vm.call(&Value::Obj(t), Args { args: &values, kwnames: &names })
}
