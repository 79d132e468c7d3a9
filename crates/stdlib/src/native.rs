//! Stdlib stage: shared helpers for the native types of this crate — creating a type object,
//! creating an instance whose state is a `RefCell<T>` in `Payload::Native`, and getting that
//! state back. State is never borrowed across a call into Python code: callers clone what they
//! need out of the cell (or swap the state out while they work).

use std::any::Any;
use std::cell::RefCell;
use vm::func::{Args, MethodDef, NativeFn};
use vm::types::{new_type, Layout};
use vm::value::{Object, Payload, PyRef, Value};
use vm::{PyResult, Vm};

/// A new (non-heap, subclassable) type `module.name` deriving from `base` (or `object`).
pub fn make_type(vm: &mut Vm, module: &str, name: &str, base: Option<&PyRef>, layout: Layout) -> PyRef {
    let base = base.cloned().unwrap_or_else(|| vm.types.object.clone());
    let t = new_type(Some(&vm.types.type_), Some(&vm.types.dict), name, vec![base.clone()], layout, false);
    let mro = vm::types::compute_mro(&t).expect("single inheritance always linearises");
    *t.as_type().unwrap().mro.borrow_mut() = mro;
    base.as_type().unwrap().subclasses.borrow_mut().push(std::rc::Rc::downgrade(&t));
    let d = vm.type_dict(&t);
    vm.dict_set_str(&d, "__module__", vm.new_str(module));
    vm.dict_set_str(&d, "__doc__", Value::None);
    let _ = t.as_type().unwrap().tp_name.set(format!("{module}.{name}").into());
    t
}

/// Adds methods, a static `__new__` and getters to a type in one go.
pub fn setup(vm: &mut Vm, t: &PyRef, new: Option<NativeFn>, methods: &[MethodDef]) {
    if let Some(n) = new {
        vm.add_static(t, "__new__", n);
    }
    vm.add_methods(t, methods);
}

/// An instance of `cls` carrying `state`, with an instance dict when the class wants one
/// (Python subclasses of native types).
pub fn new_instance<T: Any>(vm: &Vm, cls: &PyRef, state: T) -> Value {
    let payload = Payload::Native(Box::new(RefCell::new(state)));
    let wants_dict = cls.as_type().map(|t| t.instance_dict.get()).unwrap_or(false);
    Value::Obj(if wants_dict {
        Object::with_dict(cls.clone(), payload, vm.new_dict())
    } else {
        Object::new(cls.clone(), payload)
    })
}

/// The native state of `v` if it is a `RefCell<T>`.
pub fn state<T: Any>(v: &Value) -> Option<&RefCell<T>> {
    match v.payload() {
        Some(Payload::Native(b)) => b.downcast_ref::<RefCell<T>>(),
        _ => None,
    }
}

/// The class argument of a static `__new__` and the remaining arguments.
pub fn new_args<'a>(args: &Args<'a>) -> (PyRef, Args<'a>) {
    let cls = args.args[0].as_obj().cloned().expect("__new__ receives the class first");
    (cls, Args { args: &args.args[1..], kwnames: args.kwnames })
}

/// A classmethod wrapping a native function (as `dict.fromkeys`).
pub fn add_classmethod(vm: &Vm, t: &PyRef, name: &'static str, f: NativeFn) {
    let func = vm.new_native_fn(name, f);
    let cm = Object::new(vm.types.classmethod.clone(), Payload::ClassMethod(RefCell::new(func)));
    vm.dict_set_str(&vm.type_dict(t), name, Value::Obj(cm));
}

/// `__iter__` that returns self.
pub fn iter_self(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(args.args[0].clone())
}

/// A `TypeError` for a method called on the wrong kind of object.
pub fn wrong_self(vm: &Vm, v: &Value, what: &str) -> vm::PyRef {
    vm.new_type_error(format!("descriptor requires a '{what}' object but received a '{}'", vm.type_name(v)))
}
