//! VM stage: the descriptors of CPython's descrobject.c for native attributes and class
//! methods — `getset_descriptor` (`int.real`), `member_descriptor` (a `__slots__` entry, or a
//! native member such as `function.__globals__`) and `classmethod_descriptor`
//! (`dict.__dict__['fromkeys']`) — with CPython's reprs, `__get__`/`__set__`/`__delete__`
//! type checks and error messages, `__name__`, `__qualname__`, `__objclass__`, `__doc__` and
//! `__reduce__`. Native getsets and members keep a `Payload::Property` whose functions are
//! native and name their owner, so attribute lookup and the inline caches treat them as fast
//! as a plain `property`; only the class differs.

use crate::func::{Args, BuiltinFunction, MethodDef, NativeFn};
use crate::objects::{builtin_docs, builtin_func, slots};
use crate::types;
use crate::value::{Object, Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use std::cell::RefCell;
use std::rc::Rc;

/// The native function carrying a native descriptor's name and owner: the getter of a
/// getset or member, the function of a `classmethod_descriptor`.
fn native_fn(v: &Value) -> Option<&BuiltinFunction> {
    let Payload::Property(pd) = v.payload()? else { return None };
    match pd.fget.payload()? {
        Payload::BuiltinFunction(b) if b.owner.is_some() => Some(b),
        _ => None,
    }
}

/// Whether `d` is a native getset or member (a `Payload::Property` of class
/// `getset_descriptor` or `member_descriptor`), whose `__get__`/`__set__` check the object.
#[inline]
pub fn is_native(vm: &Vm, d: &Object) -> bool {
    matches!(d.payload, Payload::Property(_))
        && (d.class_is(&vm.types.getset_descriptor) || d.class_is(&vm.types.member_descriptor))
}

/// Whether native getset or member `d` accepts every instance of `t` (`t` derives from its
/// owner).
pub fn applies_to(d: &Object, t: &PyRef) -> bool {
    let Payload::Property(pd) = &d.payload else { return false };
    match pd.fget.payload() {
        Some(Payload::BuiltinFunction(b)) => b.owner.as_ref().is_some_and(|o| types::is_subtype(t, o)),
        _ => false,
    }
}

/// The attribute name and defining class of any descriptor of this module.
fn name_and_owner(vm: &Vm, v: &Value) -> PyResult<(Rc<str>, PyRef)> {
    if let Some(m) = slots::as_member(v) {
        let owner = m.owner.upgrade().ok_or_else(|| vm.new_type_error("member descriptor of a dead class"))?;
        return Ok((m.name.clone(), owner));
    }
    if let Some(b) = native_fn(v) {
        return Ok((b.name.into(), b.owner.clone().unwrap()));
    }
    if let Some(Payload::ClassMethod(f)) = v.payload() {
        if let Some(Payload::BuiltinFunction(b)) = f.borrow().payload() {
            if let Some(o) = &b.owner {
                return Ok((b.name.into(), o.clone()));
            }
        }
    }
    Err(vm.new_type_error(format!("descriptor requires a native descriptor, not '{}'", vm.type_name(v))))
}

fn owner_name(owner: &PyRef) -> Rc<str> {
    owner.as_type().map(|t| t.tp_name()).unwrap_or_else(|| "?".into())
}

/// `descr_check`: `obj` must be an instance of the descriptor's class.
pub fn descr_check(vm: &Vm, descr: &Value, obj: &Value) -> PyResult<()> {
    let (name, owner) = name_and_owner(vm, descr)?;
    if types::is_subtype(&vm.type_of(obj), &owner) {
        return Ok(());
    }
    Err(vm.new_type_error(format!(
        "descriptor '{name}' for '{}' objects doesn't apply to a '{}' object",
        owner_name(&owner),
        vm.type_name(obj)
    )))
}

/// Whether `obj` is an instance of `owner`, without touching reference counts (the check
/// runs on every uncached native attribute read).
#[inline]
fn instance_of(vm: &Vm, obj: &Value, owner: &PyRef) -> bool {
    let t = match obj {
        Value::Obj(o) => {
            if o.class_is(owner) {
                return true;
            }
            return types::is_subtype(&o.class(), owner);
        }
        Value::None => &vm.types.none_type,
        Value::Bool(_) => &vm.types.bool_,
        Value::Int(_) => &vm.types.int,
        Value::Float(_) => &vm.types.float,
    };
    types::is_subtype(t, owner)
}

/// `getset_get` / `member_get` for a native getset or member, `obj` not None.
pub fn native_get_value(vm: &mut Vm, descr: &Value, obj: &Value) -> PyResult<Value> {
    let Some(Payload::Property(pd)) = descr.payload() else { unreachable!("a native getset") };
    let fget = match pd.fget.payload() {
        Some(Payload::BuiltinFunction(b)) if b.owner.as_ref().is_some_and(|o| instance_of(vm, obj, o)) => {
            // Called straight, as the interpreter's cached path does.
            let f = b.func;
            return f(vm, Args::new(std::slice::from_ref(obj)));
        }
        _ => pd.fget.clone(),
    };
    descr_check(vm, descr, obj)?;
    vm.call(&fget, Args::new(std::slice::from_ref(obj)))
}

/// `getset_set` / `member_set` (value `None` deletes) for a native getset or member.
pub fn native_set_value(vm: &mut Vm, descr: &Value, obj: &Value, value: Option<Value>) -> PyResult<()> {
    descr_check(vm, descr, obj)?;
    let Some(Value::Obj(d)) = Some(descr) else { unreachable!() };
    let Payload::Property(pd) = &d.payload else { unreachable!("a native getset") };
    let member = d.class_is(&vm.types.member_descriptor);
    let (f, arg) = match value {
        Some(v) => (pd.fset.clone(), Some(v)),
        None if !pd.fdel.is_none() => (pd.fdel.clone(), None),
        // Deleting a writable `T_OBJECT` member stores None.
        None if member => (pd.fset.clone(), Some(Value::None)),
        None => (Value::None, None),
    };
    if f.is_none() {
        let (name, owner) = name_and_owner(vm, descr)?;
        let msg = if member {
            "readonly attribute".to_string()
        } else {
            format!("attribute '{name}' of '{}' objects is not writable", owner_name(&owner))
        };
        return Err(vm.new_attribute_error(obj, &name, msg));
    }
    let mut a = vec![obj.clone()];
    a.extend(arg);
    vm.call(&f, Args::new(&a))?;
    Ok(())
}

/// `__get__(obj, type=None)` of getset and member descriptors (`wrap_descr_get` then
/// `getset_get` / `member_get`).
fn descr_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper_unpack(vm, "__get__", 1, 2)?;
    let (descr, obj) = (&a[0], &a[1]);
    if obj.is_none() {
        if a.get(2).is_none_or(|t| t.is_none()) {
            return Err(vm.new_type_error("__get__(None, None) is invalid"));
        }
        return Ok(descr.clone());
    }
    if slots::as_member(descr).is_some() {
        return slots::member_get_value(vm, descr, obj);
    }
    native_get_value(vm, descr, obj)
}

fn set_or_delete(vm: &mut Vm, descr: &Value, obj: &Value, value: Option<Value>) -> PyResult<Value> {
    if slots::as_member(descr).is_some() {
        slots::member_set_value(vm, descr, obj, value)?;
    } else {
        native_set_value(vm, descr, obj, value)?;
    }
    Ok(Value::None)
}

fn descr_set(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper_unpack(vm, "__set__", 2, 2)?;
    set_or_delete(vm, &a[0], &a[1], Some(a[2].clone()))
}

fn descr_delete(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__delete__", 1)?;
    set_or_delete(vm, &a[0], &a[1], None)
}

/// `getset_repr`, `member_repr` and `method_repr` (a `classmethod_descriptor`).
fn descr_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__repr__", 0)?;
    let (name, owner) = name_and_owner(vm, &a[0])?;
    let kind = match a[0].as_obj() {
        Some(o) if o.class_is(&vm.types.getset_descriptor) => "attribute",
        Some(o) if o.class_is(&vm.types.member_descriptor) => "member",
        _ => "method",
    };
    Ok(vm.new_str(format!("<{kind} '{name}' of '{}' objects>", owner_name(&owner))))
}

fn descr_name(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (name, _) = name_and_owner(vm, &args.args[0])?;
    Ok(vm.new_str(&*name))
}

/// `descr_get_qualname`: the owner's `__qualname__`, a dot, the name.
fn descr_qualname(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (name, owner) = name_and_owner(vm, &args.args[0])?;
    let q = owner.as_type().map(|t| t.qualname.borrow().clone()).unwrap_or_else(|| "?".into());
    Ok(vm.new_str(format!("{q}.{name}")))
}

fn descr_objclass(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (_, owner) = name_and_owner(vm, &args.args[0])?;
    Ok(Value::Obj(owner))
}

/// `__doc__`: a class method's docstring as its native function's (`method_get_doc`); a getset's
/// or member's as given through its `PropertyData`, else as declared for its builtin class in
/// `builtin_docs` (`int.real`), else None.
fn descr_doc(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = &args.args[0];
    let declared = match v.payload() {
        Some(Payload::ClassMethod(f)) => match f.borrow().payload() {
            Some(Payload::BuiltinFunction(b)) => {
                builtin_func::declared_doc(b).and_then(|d| builtin_docs::doc_body(b.name, d)).map(str::to_string)
            }
            _ => None,
        },
        Some(Payload::Property(pd)) if !pd.doc.borrow().is_none() => return Ok(pd.doc.borrow().clone()),
        _ => match name_and_owner(vm, v) {
            Ok((name, owner)) => builtin_docs::member_doc(&owner, &name)
                .and_then(|d| builtin_docs::doc_body(&name, d))
                .map(str::to_string),
            Err(_) => None,
        },
    };
    Ok(declared.map_or(Value::None, |d| vm.new_str(d)))
}

/// `classmethod_descriptor.__text_signature__` (`method_get_text_signature`).
fn classmethod_text_signature(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let sig = match args.args[0].payload() {
        Some(Payload::ClassMethod(f)) => match f.borrow().payload() {
            Some(Payload::BuiltinFunction(b)) => {
                builtin_func::declared_doc(b).and_then(|d| builtin_docs::text_signature(b.name, d)).map(str::to_string)
            }
            _ => None,
        },
        _ => None,
    };
    Ok(sig.map_or(Value::None, |s| vm.new_str(s)))
}

/// `descr_reduce`: `(getattr, (objclass, name))`.
fn descr_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__reduce__")?;
    let (name, owner) = name_and_owner(vm, &a[0])?;
    let getattr = vm.dict_get_str(&vm.builtins_dict.clone(), "getattr").unwrap_or(Value::None);
    let inner = vm.new_tuple(vec![Value::Obj(owner), vm.new_str(&*name)]);
    Ok(vm.new_tuple(vec![getattr, inner]))
}

/// The class a `classmethod_descriptor` binds to, checked as `classmethod_get` does (a call
/// goes through it too).
fn classmethod_target(vm: &Vm, descr: &Value, cls: &Value) -> PyResult<PyRef> {
    let (name, owner) = name_and_owner(vm, descr)?;
    let Some(t) = cls.as_obj().filter(|c| c.as_type().is_some()) else {
        return Err(vm.new_type_error(format!(
            "descriptor '{name}' for type '{}' needs a type, not a '{}' as arg 2",
            owner_name(&owner),
            vm.type_name(cls)
        )));
    };
    if !types::is_subtype(t, &owner) {
        return Err(vm.new_type_error(format!(
            "descriptor '{name}' requires a subtype of '{}' but received '{}'",
            owner_name(&owner),
            t.as_type().unwrap().tp_name()
        )));
    }
    Ok(t.clone())
}

fn inner_fn(descr: &Value) -> Value {
    match descr.payload() {
        Some(Payload::ClassMethod(f)) => f.borrow().clone(),
        _ => Value::None,
    }
}

/// `classmethod_descriptor.__get__(obj, type=None)` (`classmethod_get`).
fn classmethod_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper_unpack(vm, "__get__", 1, 2)?;
    let descr = &a[0];
    let cls = match (a.get(2).filter(|t| !t.is_none()), &a[1]) {
        (Some(t), _) => t.clone(),
        (None, obj) if !obj.is_none() => Value::Obj(vm.type_of(obj)),
        (None, _) => return Err(vm.new_type_error("__get__(None, None) is invalid")),
    };
    let t = classmethod_target(vm, descr, &cls)?;
    Ok(vm.new_bound_method(inner_fn(descr), Value::Obj(t)))
}

/// `classmethod_descriptor.__call__(cls, ...)` (`classmethoddescr_call`).
fn classmethod_call(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let descr = &args.args[0];
    let Some(cls) = args.pos().get(1) else {
        let (name, owner) = name_and_owner(vm, descr)?;
        return Err(
            vm.new_type_error(format!("descriptor '{name}' of '{}' object needs an argument", owner_name(&owner)))
        );
    };
    classmethod_target(vm, descr, cls)?;
    let f = inner_fn(descr);
    vm.call(&f, Args { args: &args.args[1..], kwnames: args.kwnames })
}

impl Vm {
    /// A native class method of `t` (a `classmethod_descriptor`, as `dict.fromkeys`).
    pub fn new_classmethod_descr(&self, t: &PyRef, name: &'static str, func: NativeFn) -> Value {
        // Static: the function itself never binds; the descriptor binds it to a class.
        let f = self.new_static_builtin(t, name, func);
        let cm = Payload::ClassMethod(RefCell::new(Value::Obj(f)));
        Value::Obj(Object::new(self.types.classmethod_descriptor.clone(), cm))
    }

    /// Installs `new_classmethod_descr(t, name, func)` as `t.name`.
    pub fn add_classmethod_descr(&self, t: &PyRef, name: &'static str, func: NativeFn) {
        let cm = self.new_classmethod_descr(t, name, func);
        self.dict_set_str(&types::type_dict(t), name, cm);
    }
}

const DATA_METHODS: &[MethodDef] = &[
    ("__get__", descr_get, "Return an attribute of instance, which is of type owner."),
    ("__set__", descr_set, "Set an attribute of instance to value."),
    ("__delete__", descr_delete, "Delete an attribute of instance."),
];

const CLASSMETHOD_METHODS: &[MethodDef] = &[
    ("__get__", classmethod_get, "Return an attribute of instance, which is of type owner."),
    ("__call__", classmethod_call, "Call self as a function."),
];

pub fn init(vm: &mut Vm) {
    let (gs, mb, cm) = (
        vm.types.getset_descriptor.clone(),
        vm.types.member_descriptor.clone(),
        vm.types.classmethod_descriptor.clone(),
    );
    for t in [&gs, &mb, &cm] {
        vm.add_methods(t, &[("__repr__", descr_repr, "Return repr(self).")]);
        vm.add_member(t, "__objclass__", descr_objclass, None);
        vm.add_member(t, "__name__", descr_name, None);
        vm.add_getset(t, "__qualname__", descr_qualname, None);
        vm.add_getset(t, "__doc__", descr_doc, None);
    }
    vm.add_methods(&gs, DATA_METHODS);
    vm.add_methods(&mb, DATA_METHODS);
    vm.add_methods(&mb, &[("__reduce__", descr_reduce, "Helper for pickle.")]);
    vm.add_methods(&cm, CLASSMETHOD_METHODS);
    vm.add_getset(&cm, "__text_signature__", classmethod_text_signature, None);
}
