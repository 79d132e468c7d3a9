//! VM stage: the methods of `object` and `type`, class creation (`__build_class__`,
//! `type(name, bases, dict)`), functions' and exceptions' attributes, and `repr` of the
//! builtin containers and numbers.

use crate::func::{Args, MethodDef};
use crate::types::{self, new_type, Layout};
use crate::value::{Object, Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use std::cell::RefCell;
use std::rc::Rc;

fn object_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = args
        .args
        .first()
        .and_then(|c| c.as_obj().cloned())
        .ok_or_else(|| vm.new_type_error("object.__new__(): not enough arguments"))?;
    let Some(td) = cls.as_type() else {
        return Err(vm.new_type_error("object.__new__(X): X is not a type object"));
    };
    if args.args.len() > 1 {
        // Extra arguments are an error only when neither __new__ nor __init__ is overridden.
        let init = vm.type_attr(&cls, "__init__");
        let overrides_init = !matches!(init.as_ref().and_then(|i| i.payload()), Some(Payload::BuiltinFunction(b)) if b.name == "__init__" && b.owner.as_ref().map(|o| Rc::ptr_eq(o, &vm.types.object)).unwrap_or(false));
        if !overrides_init {
            return Err(vm.new_type_error(format!("{}() takes no arguments", td.name())));
        }
    }
    vm.alloc_instance(&cls, &args.args[1..])
}

impl Vm {
    /// The part of `object.__new__(cls, *args)` after its argument check: refuses abstract
    /// classes and classes of a builtin layout, then makes the bare instance.
    pub fn alloc_instance(&mut self, cls: &PyRef, args: &[Value]) -> PyResult<Value> {
        let vm = self;
        let td = cls.as_type().expect("alloc_instance of a type");
        // abc's abstract methods block instantiation (object_new's check in CPython).
        if let Some(abs) = vm.type_attr(cls, "__abstractmethods__") {
            let mut names: Vec<String> =
                vm.collect(&abs)?.iter().filter_map(|v| v.as_str().map(|s| s.as_str().to_string())).collect();
            if !names.is_empty() {
                names.sort();
                return Err(vm.new_type_error(format!(
                    "Can't instantiate abstract class {} with abstract method{} {}",
                    td.name(),
                    if names.len() == 1 { "" } else { "s" },
                    names.join(", ")
                )));
            }
        }
        let payload = match td.layout {
            Layout::Object => crate::objects::slots::new_payload(cls),
            Layout::Exception => {
                Payload::Exception(Box::new(crate::exceptions::ExceptionData::new(vm.new_tuple(args.to_vec()))))
            }
            Layout::List => Payload::List(RefCell::new(Vec::new())),
            Layout::Dict => Payload::Dict(RefCell::new(crate::dict::DictData::new())),
            Layout::Set => Payload::Set(RefCell::new(crate::set::SetData::new())),
            _ => {
                return Err(vm.new_type_error(format!(
                    "object.__new__({}) is not safe, use {}.__new__()",
                    td.name(),
                    td.name()
                )))
            }
        };
        Ok(vm.instance_with_payload(cls, td, payload))
    }

    /// A new instance of the Python class `cls` (layout `Object`) whose instantiation plan
    /// (`TypeData::init_plan`) already ruled out abstract methods.
    pub fn alloc_plain_instance(&mut self, cls: &PyRef, td: &types::TypeData) -> Value {
        let payload = crate::objects::slots::new_payload(cls);
        self.instance_with_payload(cls, td, payload)
    }

    fn instance_with_payload(&mut self, cls: &PyRef, td: &types::TypeData, payload: Payload) -> Value {
        let obj = match payload {
            // Plain instances of Python classes keep their attributes inline (shape.rs) and
            // get a `__dict__` object only if something asks for it.
            Payload::None if td.instance_dict.get() && td.is_heap() => {
                Object::new(cls.clone(), Payload::Instance(crate::shape::InstanceAttrs::new()))
            }
            payload if td.instance_dict.get() => Object::with_dict(cls.clone(), payload, self.new_dict()),
            payload => Object::new(cls.clone(), payload),
        };
        Value::Obj(obj)
    }
}

fn object_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.args.len() > 1 {
        let t = vm.type_of(&args.args[0]);
        let new = vm.type_attr(&t, "__new__");
        let overrides_new = !matches!(new.as_ref().and_then(|n| n.payload()), Some(Payload::BuiltinFunction(b)) if b.owner.as_ref().map(|o| Rc::ptr_eq(o, &vm.types.object)).unwrap_or(false));
        if !overrides_new {
            return Err(vm.new_type_error(format!(
                "{}.__init__() takes exactly one argument (the instance to initialize)",
                t.as_type().unwrap().name()
            )));
        }
    }
    Ok(Value::None)
}

fn object_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = &args.args[0];
    let t = vm.type_of(v);
    let module = vm.type_attr(&t, "__module__").and_then(|m| m.as_str().map(|s| s.as_str().to_string()));
    let qual = t.as_type().unwrap().qualname.borrow().clone();
    let name = match module {
        Some(m) if m != "builtins" => format!("{m}.{qual}"),
        _ => qual.to_string(),
    };
    Ok(vm.new_str(format!("<{} object at {:#x}>", name, v.id())))
}

fn object_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.repr(&args.args[0])
}

fn object_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__eq__", 1)?;
    Ok(if a[0].is(&a[1]) { Value::Bool(true) } else { vm.not_implemented() })
}

fn object_ne(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__ne__", 1)?;
    let r = vm.compare_eq_only(&a[0], &a[1])?;
    if vm.is_not_implemented(&r) {
        return Ok(r);
    }
    let t = vm.truthy(&r)?;
    Ok(Value::Bool(!t))
}

fn object_cmp_ni(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.not_implemented())
}

fn object_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let _ = vm;
    Ok(Value::Int((args.args[0].id() as u64).rotate_right(4) as i64 & i64::MAX))
}

fn object_getattribute(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__getattribute__", 1)?;
    vm.generic_getattr(&a[0], &a[1])
}

fn object_setattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper_unpack(vm, "__setattr__", 2, 2)?;
    vm.generic_setattr(&a[0], &a[1], Some(a[2].clone()))?;
    Ok(Value::None)
}

fn object_delattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__delattr__", 1)?;
    vm.generic_setattr(&a[0], &a[1], None)?;
    Ok(Value::None)
}

/// The argument of a builtin `__format__` (clinic's `format_spec: unicode`) must be a str.
pub fn check_format_spec(vm: &Vm, spec: &Value) -> PyResult<()> {
    match spec.as_str() {
        Some(_) => Ok(()),
        None => Err(vm.new_type_error(format!("__format__() argument must be str, not {}", vm.type_name(spec)))),
    }
}

fn object_format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "__format__")?;
    check_format_spec(vm, &a[1])?;
    if a[1].as_str().map(|s| s.char_len() > 0).unwrap_or(false) {
        return Err(
            vm.new_type_error(format!("unsupported format string passed to {}.__format__", vm.type_name(&a[0])))
        );
    }
    vm.str(&a[0])
}

fn object_init_subclass(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if !args.kwnames.is_empty() {
        let q = vm.method_qualname(args.args.first(), "__init_subclass__");
        return Err(vm.new_type_error(format!("{q}() takes no keyword arguments")));
    }
    let given = args.pos().len().saturating_sub(1);
    if given > 0 {
        let q = vm.method_qualname(args.args.first(), "__init_subclass__");
        return Err(vm.new_type_error(format!("{q}() takes no arguments ({given} given)")));
    }
    Ok(Value::None)
}

/// `object.__subclasshook__`: no opinion (`NotImplemented`), so `abc` falls back to the MRO.
fn object_subclasshook(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.no_kwargs(vm, "__subclasshook__")?;
    Ok(vm.not_implemented())
}

fn object_dir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "__dir__")?;
    let v = args.args[0].clone();
    let mut names: Vec<String> = Vec::new();
    if let Value::Obj(o) = &v {
        if let Some(d) = vm.instance_dict(o) {
            if let Payload::Dict(dd) = &d.payload {
                for k in dd.borrow().keys() {
                    if let Some(s) = k.as_str() {
                        names.push(s.as_str().to_string());
                    }
                }
            }
        }
    }
    let t = vm.type_of(&v);
    let mro = t.as_type().unwrap().mro.borrow().clone();
    for c in mro {
        if let Payload::Dict(dd) = &types::type_dict(&c).payload {
            for k in dd.borrow().keys() {
                if let Some(s) = k.as_str() {
                    names.push(s.as_str().to_string());
                }
            }
        }
    }
    names.sort();
    names.dedup();
    let items = names.into_iter().map(|n| vm.new_str(n)).collect();
    Ok(vm.new_list(items))
}

/// `type.__dir__` (`type___dir___impl`): the keys of the class's `__dict__` and then of its
/// bases', recursively (`merge_class_dict`); the metaclass's own names are not included.
fn type_dir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__dir__")?;
    let Some(t) = a[0].as_obj().filter(|o| o.as_type().is_some()).cloned() else {
        return Err(vm.new_type_error(format!(
            "descriptor '__dir__' requires a 'type' object but received a '{}'",
            vm.type_name(&a[0])
        )));
    };
    let merged = vm.new_dict();
    merge_class_dict(vm, &merged, &t)?;
    let keys = vm.collect(&Value::Obj(merged))?;
    Ok(vm.new_list(keys))
}

fn merge_class_dict(vm: &mut Vm, merged: &PyRef, cls: &PyRef) -> PyResult<()> {
    let keys = vm.collect(&Value::Obj(types::type_dict(cls)))?;
    for k in keys {
        crate::dict::set_item(vm, merged, k, Value::None)?;
    }
    let bases = cls.as_type().map(|td| td.bases.borrow().clone()).unwrap_or_default();
    for b in &bases {
        merge_class_dict(vm, merged, b)?;
    }
    Ok(())
}

fn object_class_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Obj(vm.type_of(&args.args[0])))
}

/// `obj.__class__ = C` (`object_set_class`): only between classes whose instances have the
/// same layout, and only for instances of Python classes (or module subclasses).
fn object_class_set(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (obj, value) = (&args.args[0], &args.args[1]);
    let Some(newto) = value.as_obj().filter(|o| o.as_type().is_some()).cloned() else {
        return Err(
            vm.new_type_error(format!("__class__ must be set to a class, not '{}' object", vm.type_name(value)))
        );
    };
    let oldto = vm.type_of(obj);
    let (new_td, old_td) = (newto.as_type().unwrap(), oldto.as_type().unwrap());
    let module_like = new_td.layout == types::Layout::Module && old_td.layout == types::Layout::Module;
    if !(module_like || new_td.is_heap() && old_td.is_heap()) {
        return Err(vm.new_type_error("__class__ assignment only supported for mutable types or ModuleType subclasses"));
    }
    // Every module object has a dict, whatever its class says.
    let compatible = new_td.layout == old_td.layout
        && (module_like || new_td.instance_dict.get() == old_td.instance_dict.get() && same_slots(new_td, old_td));
    if !compatible {
        return Err(vm.new_type_error(format!(
            "__class__ assignment: '{}' object layout differs from '{}'",
            new_td.name(),
            old_td.name()
        )));
    }
    let Some(o) = obj.as_obj() else { unreachable!("heap-type instances are objects") };
    drop(o.class.set(Some(newto)));
    Ok(Value::None)
}

/// Whether instances of the two classes have the same slots (CPython's `same_slots_added`
/// compares the names).
fn same_slots(a: &types::TypeData, b: &types::TypeData) -> bool {
    let (a, b) = (a.slot_members.borrow(), b.slot_members.borrow());
    a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| x.1 == y.1)
}

/// Makes `d` the instance dict of `obj`, dropping its attributes (inline ones included) after
/// the swap, so a `__del__` they trigger sees the new dict.
fn replace_instance_dict(obj: &Value, d: PyRef) {
    let Value::Obj(o) = obj else { unreachable!("only objects have a __dict__ getset") };
    let inline = match &o.payload {
        Payload::Instance(attrs) => attrs.take(),
        _ => None,
    };
    drop(o.dict.set(Some(d)));
    drop(inline);
}

/// `obj.__dict__ = d` (`PyObject_GenericSetDict`): the new dict replaces every attribute.
pub fn object_dict_set(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (obj, value) = (&args.args[0], &args.args[1]);
    let Some(d) = value.as_obj().filter(|d| matches!(d.payload, Payload::Dict(_))) else {
        return Err(vm.new_type_error(format!("__dict__ must be set to a dictionary, not a '{}'", vm.type_name(value))));
    };
    replace_instance_dict(obj, d.clone());
    Ok(Value::None)
}

/// `del obj.__dict__` on an instance of a class (`subtype_setdict` storing NULL): the instance
/// drops its dict (a dict taken before keeps its items) and starts again from an empty one.
pub fn object_dict_del(vm: &mut Vm, args: Args) -> PyResult<Value> {
    replace_instance_dict(&args.args[0], vm.new_dict());
    Ok(Value::None)
}

/// `del obj.__dict__` where the getset is `PyObject_GenericSetDict` (BaseException's): refused.
pub fn generic_dict_del(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(vm.new_type_error("cannot delete __dict__"))
}

pub fn object_dict_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = vm.type_of(&args.args[0]);
    if vm.slot_names(&t).is_some() {
        return Err(vm.new_attribute_error(
            &args.args[0],
            "__dict__",
            format!("'{}' object has no attribute '__dict__'", vm.type_name(&args.args[0])),
        ));
    }
    match &args.args[0] {
        Value::Obj(o) => match vm.instance_dict(o) {
            Some(d) => Ok(Value::Obj(d)),
            None => Err(vm.new_attribute_error(
                &args.args[0],
                "__dict__",
                format!("'{}' object has no attribute '__dict__'", vm.type_name(&args.args[0])),
            )),
        },
        v => Err(vm.new_attribute_error(
            v,
            "__dict__",
            format!("'{}' object has no attribute '__dict__'", vm.type_name(v)),
        )),
    }
}

pub const OBJECT_METHODS: &[MethodDef] = &[
    ("__init__", object_init, "Initialize self.  See help(type(self)) for accurate signature."),
    ("__repr__", object_repr, "Return repr(self)."),
    ("__str__", object_str, "Return str(self)."),
    ("__eq__", object_eq, "Return self==value."),
    ("__ne__", object_ne, "Return self!=value."),
    ("__lt__", object_cmp_ni, "Return self<value."),
    ("__le__", object_cmp_ni, "Return self<=value."),
    ("__gt__", object_cmp_ni, "Return self>value."),
    ("__ge__", object_cmp_ni, "Return self>=value."),
    ("__hash__", object_hash, "Return hash(self)."),
    ("__getattribute__", object_getattribute, "Return getattr(self, name)."),
    ("__setattr__", object_setattr, "Implement setattr(self, name, value)."),
    ("__delattr__", object_delattr, "Implement delattr(self, name)."),
    ("__format__", object_format, "Default object formatter."),
    ("__dir__", object_dir, "Default dir() implementation."),
];

impl Vm {
    /// The attribute names instances of `t` may have when every class in its MRO declares
    /// `__slots__` without `__dict__`; `None` when instances have a `__dict__`.
    pub fn slot_names(&self, t: &PyRef) -> Option<Rc<[Rc<str>]>> {
        let td = t.as_type()?;
        if !td.is_heap() {
            return None;
        }
        // Computed once per type (and again only after a class changed: `__bases__`).
        let epoch = types::epoch();
        if let Some((e, names)) = &*td.all_slots.borrow() {
            if *e == epoch {
                return names.clone();
            }
        }
        let names = Self::collect_slot_names(td);
        *td.all_slots.borrow_mut() = Some((epoch, names.clone()));
        names
    }

    /// The `__slots__` of a class and its bases, or `None` if instances have a `__dict__`
    /// (exceptions always do: `BaseException` has a `tp_dictoffset`).
    fn collect_slot_names(td: &types::TypeData) -> Option<Rc<[Rc<str>]>> {
        let mut all = Vec::new();
        for c in td.mro.borrow().iter() {
            let ct = c.as_type()?;
            if !ct.is_heap() {
                if ct.layout == types::Layout::Exception {
                    return None;
                }
                continue;
            }
            let slots = ct.slots.borrow();
            let s = slots.as_ref()?;
            if s.iter().any(|n| &**n == "__dict__") {
                return None;
            }
            all.extend(s.iter().cloned());
        }
        Some(all.into())
    }

    /// `__eq__` without the identity fallback (for `object.__ne__`).
    pub fn compare_eq_only(&mut self, a: &Value, b: &Value) -> PyResult<Value> {
        match self.lookup_special(a, "__eq__") {
            Some(m) => self.call_unbound(&m, a, std::slice::from_ref(b)),
            None => Ok(self.not_implemented()),
        }
    }

    /// Installs native methods into a type's dict.
    pub fn add_methods(&self, t: &PyRef, methods: &[MethodDef]) {
        let d = types::type_dict(t);
        let tname = t.as_type().map(|td| td.name()).unwrap_or_default();
        for (name, func, doc) in methods {
            let slot = crate::func::SlotArity::of(&tname, name);
            // A slot method is a `wrapper_descriptor` in CPython (`int.__add__`), any other
            // native method a `method_descriptor` (`list.append`).
            let class = if slot.is_some() { &self.types.wrapper_descriptor } else { &self.types.method_descriptor };
            let f = Object::new(
                class.clone(),
                Payload::BuiltinFunction(Box::new(crate::func::BuiltinFunction {
                    name,
                    func: *func,
                    self_: None,
                    owner: Some(t.clone()),
                    doc: Some(doc),
                    is_static: false,
                    slot,
                    module: Default::default(),
                })),
            );
            self.dict_set_str(&d, name, Value::Obj(f));
        }
    }

    /// Installs a static `__new__`-style function.
    pub fn add_static(&self, t: &PyRef, name: &'static str, func: crate::func::NativeFn) {
        let f = self.new_static_builtin(t, name, func);
        self.dict_set_str(&types::type_dict(t), name, Value::Obj(f));
    }

    /// A native static method of class `t` stored as CPython's `METH_STATIC` methods are: a
    /// `staticmethod` around the builtin (`bytes.maketrans`).
    pub fn add_static_method(&self, t: &PyRef, name: &'static str, func: crate::func::NativeFn) {
        let f = Value::Obj(self.new_static_builtin(t, name, func));
        let sm = Object::new(self.types.staticmethod.clone(), Payload::StaticMethod(RefCell::new(f)));
        self.dict_set_str(&types::type_dict(t), name, Value::Obj(sm));
    }

    /// A native function of class `t` that never binds (`__new__`, or what a
    /// `classmethod_descriptor` wraps).
    pub fn new_static_builtin(&self, t: &PyRef, name: &'static str, func: crate::func::NativeFn) -> PyRef {
        Object::new(
            self.types.builtin_function.clone(),
            Payload::BuiltinFunction(Box::new(crate::func::BuiltinFunction {
                name,
                func,
                self_: None,
                owner: Some(t.clone()),
                doc: None,
                is_static: true,
                slot: None,
                module: Default::default(),
            })),
        )
    }

    /// Installs a read-only (or writable) attribute computed natively, as a property.
    pub fn add_getset(
        &self,
        t: &PyRef,
        name: &'static str,
        get: crate::func::NativeFn,
        set: Option<crate::func::NativeFn>,
    ) {
        self.add_getset_with(t, name, get, set, None);
    }

    /// `add_getset` with a deleter too (`del obj.name`).
    pub fn add_getset_del(
        &self,
        t: &PyRef,
        name: &'static str,
        get: crate::func::NativeFn,
        set: crate::func::NativeFn,
        del: crate::func::NativeFn,
    ) {
        self.add_getset_with(t, name, get, Some(set), Some(del));
    }

    /// Installs a native attribute that CPython declares as a `PyMemberDef` (a
    /// `member_descriptor`, as `function.__globals__`): behaves as `add_getset`, with the
    /// member's repr and its "readonly attribute" error; deleting a writable one stores None
    /// (a `T_OBJECT` member).
    pub fn add_member(
        &self,
        t: &PyRef,
        name: &'static str,
        get: crate::func::NativeFn,
        set: Option<crate::func::NativeFn>,
    ) {
        self.add_descr_with(&self.types.member_descriptor, t, name, get, set, None);
    }

    /// `add_member` with its own deleter (a member whose deletion is not "store None": NULL
    /// that a reader can tell from None, or a numeric member that refuses).
    pub fn add_member_del(
        &self,
        t: &PyRef,
        name: &'static str,
        get: crate::func::NativeFn,
        set: crate::func::NativeFn,
        del: crate::func::NativeFn,
    ) {
        self.add_descr_with(&self.types.member_descriptor, t, name, get, Some(set), Some(del));
    }

    fn add_getset_with(
        &self,
        t: &PyRef,
        name: &'static str,
        get: crate::func::NativeFn,
        set: Option<crate::func::NativeFn>,
        del: Option<crate::func::NativeFn>,
    ) {
        self.add_descr_with(&self.types.getset_descriptor, t, name, get, set, del);
    }

    /// A `getset_descriptor` or native `member_descriptor` of class `descr_type` in `t`'s dict:
    /// a `Payload::Property` whose functions are native and name their owner `t` (that is
    /// where the descriptor finds its `__name__` and `__objclass__`).
    fn add_descr_with(
        &self,
        descr_type: &PyRef,
        t: &PyRef,
        name: &'static str,
        get: crate::func::NativeFn,
        set: Option<crate::func::NativeFn>,
        del: Option<crate::func::NativeFn>,
    ) {
        let d = types::type_dict(t);
        let mk = |f: crate::func::NativeFn| {
            Value::Obj(Object::new(
                self.types.builtin_function.clone(),
                Payload::BuiltinFunction(Box::new(crate::func::BuiltinFunction {
                    name,
                    func: f,
                    self_: None,
                    owner: Some(t.clone()),
                    doc: None,
                    is_static: true,
                    slot: None,
                    module: Default::default(),
                })),
            ))
        };
        let prop = Payload::Property(Box::new(crate::value::PropertyData {
            fget: mk(get),
            fset: set.map(mk).unwrap_or(Value::None),
            fdel: del.map(mk).unwrap_or(Value::None),
            doc: std::cell::RefCell::new(Value::None),
            name: std::cell::RefCell::new(Value::None),
        }));
        self.dict_set_str(&d, name, Value::Obj(Object::new(descr_type.clone(), prop)));
    }

    /// Creates a class: `type(name, bases, ns)` / the end of `__build_class__`.
    pub fn new_class(&mut self, meta: &PyRef, name: &str, bases: Vec<PyRef>, ns: &PyRef) -> PyResult<PyRef> {
        let bases = if bases.is_empty() { vec![self.types.object.clone()] } else { bases };
        for b in &bases {
            if !b.as_type().is_some_and(|t| t.basetype.get()) {
                return Err(self.new_type_error(format!(
                    "type '{}' is not an acceptable base type",
                    b.as_type().map(|t| t.tp_name().to_string()).unwrap_or_default()
                )));
            }
        }
        let layout = types::best_layout(self, &bases)?;
        let t = new_type(Some(meta), Some(&self.types.dict), name, bases, layout, true);
        let mro = types::compute_mro(&t).map_err(|m| self.new_type_error(m))?;
        *t.as_type().unwrap().mro.borrow_mut() = mro;
        for b in t.as_type().unwrap().bases.borrow().iter() {
            b.as_type().unwrap().subclasses.borrow_mut().push(Rc::downgrade(&t));
        }
        let td = types::type_dict(&t);
        let items = match &ns.payload {
            Payload::Dict(d) => d.borrow().items(),
            _ => Vec::new(),
        };
        let mut classcell = None;
        for (k, v) in items {
            let ks = k.as_str().map(|s| s.as_str().to_string()).unwrap_or_default();
            if ks == "__classcell__" {
                classcell = Some(v);
                continue;
            }
            if ks == "__qualname__" {
                if let Some(q) = v.as_str() {
                    *t.as_type().unwrap().qualname.borrow_mut() = q.as_str().into();
                }
                continue;
            }
            // __init_subclass__ and __class_getitem__ are implicit classmethods.
            let v = if (ks == "__init_subclass__" || ks == "__class_getitem__")
                && matches!(v.payload(), Some(Payload::Function(_)))
            {
                Value::Obj(Object::new(self.types.classmethod.clone(), Payload::ClassMethod(RefCell::new(v))))
            } else if ks == "__new__" && matches!(v.payload(), Some(Payload::Function(_))) {
                Value::Obj(Object::new(self.types.staticmethod.clone(), Payload::StaticMethod(RefCell::new(v))))
            } else {
                v
            };
            crate::dict::set_item(self, &td, k, v)?;
        }
        crate::objects::slots::type_new_slots(self, &t)?;
        // Defining __eq__ without __hash__ makes instances unhashable.
        if self.dict_get_str(&td, "__eq__").is_some() && self.dict_get_str(&td, "__hash__").is_none() {
            self.dict_set_str(&td, "__hash__", Value::None);
        }
        if self.dict_get_str(&td, "__doc__").is_none() {
            self.dict_set_str(&td, "__doc__", Value::None);
        }
        // `type(name, bases, ns)` called directly: `__module__` from the caller's globals
        // (CPython's type_new_set_module; a class statement's body sets it itself).
        if self.dict_get_str(&td, "__module__").is_none() {
            if let Some(m) = self.current_globals().and_then(|g| self.dict_get_str(&g, "__name__")) {
                self.dict_set_str(&td, "__module__", m);
            }
        }
        if let Some(Value::Obj(cell)) = classcell {
            if let Payload::Cell(c) = &cell.payload {
                *c.borrow_mut() = Some(Value::Obj(t.clone()));
            }
        }
        // __set_name__ on attributes, then __init_subclass__ on the parent.
        let items = match &td.payload {
            Payload::Dict(d) => d.borrow().items(),
            _ => Vec::new(),
        };
        for (k, v) in items {
            if let Value::Obj(o) = &v {
                // Of the builtin types only `property` has a `__set_name__`.
                let may_have = matches!(o.payload, Payload::Property(_))
                    || o.class().as_type().map(|x| x.is_heap()).unwrap_or(false);
                if may_have {
                    if let Some(sn) = self.lookup_special(&v, "__set_name__") {
                        self.call_unbound(&sn, &v, &[Value::Obj(t.clone()), k.clone()])?;
                    }
                }
            }
        }
        Ok(t)
    }
}

fn type_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    if pos.len() == 2 {
        return Ok(Value::Obj(vm.type_of(&pos[1])));
    }
    if pos.len() != 4 {
        return Err(vm.new_type_error("type() takes 1 or 3 arguments"));
    }
    let meta = pos[0].as_obj().cloned().unwrap();
    let name = pos[1]
        .as_str()
        .ok_or_else(|| {
            vm.new_type_error(format!("type.__new__() argument 1 must be str, not {}", vm.type_name(&pos[1])))
        })?
        .as_str()
        .to_string();
    let bases: Vec<PyRef> = match pos[2].payload() {
        Some(Payload::Tuple(t)) => {
            if t.iter().any(|b| !matches!(b.payload(), Some(Payload::Type(_)))) {
                return Err(vm.new_type_error(
                    "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
                ));
            }
            t.iter().filter_map(|b| b.as_obj().cloned()).collect()
        }
        _ => {
            return Err(
                vm.new_type_error(format!("type.__new__() argument 2 must be tuple, not {}", vm.type_name(&pos[2])))
            )
        }
    };
    let bases = vm.pyio_bases(bases)?;
    let ns = pos[3]
        .as_obj()
        .cloned()
        .filter(|o| matches!(o.payload, Payload::Dict(_)))
        .ok_or_else(|| vm.new_type_error("type.__new__() argument 3 must be dict"))?;
    let winner = types::calculate_metaclass(vm, &meta, &bases)?;
    // A more derived metaclass of the bases whose own `__new__` is not this one gets the whole
    // call, keywords included (`type_new`'s hand-off to the winner's `tp_new`): enum's
    // `type(name, (Flag,), body, boundary=...)` reaches `EnumType.__new__` this way.
    if !Rc::ptr_eq(&winner, &meta) {
        let new = types::lookup_static(&winner, "__new__");
        let is_type_new = matches!(
            new.as_ref().and_then(|n| n.payload()),
            Some(Payload::BuiltinFunction(b))
                if b.name == "__new__" && b.owner.as_ref().is_some_and(|o| Rc::ptr_eq(o, &vm.types.type_))
        );
        if let Some(new) = new.filter(|_| !is_type_new) {
            let new = match new.payload() {
                Some(Payload::StaticMethod(f)) => f.borrow().clone(),
                _ => new,
            };
            let mut all = vec![Value::Obj(winner.clone())];
            all.extend_from_slice(&args.args[1..]);
            return vm.call(&new, Args { args: &all, kwnames: args.kwnames });
        }
    }
    let meta = winner;
    let t = vm.new_class(&meta, &name, bases.clone(), &ns)?;
    // __init_subclass__ of the nearest base, with the class keywords.
    let sup_init = {
        let mro = t.as_type().unwrap().mro.borrow().clone();
        mro.iter().skip(1).find_map(|c| vm.dict_get_str(&types::type_dict(c), "__init_subclass__"))
    };
    if let Some(init) = sup_init {
        let kw: Vec<Value> = args.args[pos.len()..].to_vec();
        match init.payload() {
            Some(Payload::ClassMethod(f)) => {
                let f = f.borrow().clone();
                let mut all = vec![Value::Obj(t.clone())];
                all.extend(kw);
                vm.call(&f, Args { args: &all, kwnames: args.kwnames })?;
            }
            _ => {
                if !args.kwnames.is_empty() {
                    return Err(vm.new_type_error(format!("{}.__init_subclass__() takes no keyword arguments", name)));
                }
            }
        }
    }
    Ok(Value::Obj(t))
}

fn type_init(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::None)
}

fn type_call_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = args.args[0].as_obj().cloned().unwrap();
    vm.type_call(&t, Args { args: &args.args[1..], kwnames: args.kwnames })
}

fn type_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = args.args[0].as_obj().cloned().unwrap();
    let td = t.as_type().unwrap();
    let module =
        vm.dict_get_str(&types::type_dict(&t), "__module__").and_then(|m| m.as_str().map(|s| s.as_str().to_string()));
    Ok(vm.new_str(match module {
        Some(m) if m != "builtins" => format!("<class '{}.{}'>", m, td.qualname.borrow()),
        _ => format!("<class '{}'>", td.qualname.borrow()),
    }))
}

fn type_name_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = args.args[0].as_obj().cloned().unwrap();
    let td = t.as_type().unwrap();
    let n = td.name();
    // A builtin type's name may carry its module (`types.SimpleNamespace`).
    Ok(vm.new_str(if td.is_heap() { &*n } else { n.rsplit('.').next().unwrap_or(&n) }))
}

/// `cls.__name__ = ...` / `cls.__qualname__ = ...` on classes (heap types), as CPython.
fn type_name_set_impl(vm: &mut Vm, args: Args, qual: bool) -> PyResult<Value> {
    let t = args.args[0].as_obj().cloned().unwrap();
    let td = t.as_type().unwrap();
    let what = if qual { "__qualname__" } else { "__name__" };
    if !td.is_heap() {
        return Err(vm.new_type_error(format!("cannot set '{what}' attribute of immutable type '{}'", td.name())));
    }
    let Some(s) = args.args[1].as_str() else {
        return Err(vm.new_type_error(format!(
            "can only assign string to {}.{what}, not '{}'",
            td.name(),
            vm.type_name(&args.args[1])
        )));
    };
    let v: Rc<str> = s.as_str().into();
    if qual {
        *td.qualname.borrow_mut() = v;
    } else {
        *td.name.borrow_mut() = v;
    }
    Ok(Value::None)
}
fn type_name_set(vm: &mut Vm, a: Args) -> PyResult<Value> {
    type_name_set_impl(vm, a, false)
}
fn type_qualname_set(vm: &mut Vm, a: Args) -> PyResult<Value> {
    type_name_set_impl(vm, a, true)
}

fn type_qualname_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = args.args[0].as_obj().cloned().unwrap();
    let td = t.as_type().unwrap();
    let n = td.qualname.borrow().clone();
    Ok(vm.new_str(if td.is_heap() { &*n } else { n.rsplit('.').next().unwrap_or(&n) }))
}

/// `type.__basicsize__`, `__itemsize__`, `__dictoffset__` and `__weakrefoffset__` (read-only
/// `T_PYSSIZET` members of `type_members`), from `slots::type_layout`.
fn type_layout_field(vm: &mut Vm, args: &Args, field: usize) -> PyResult<Value> {
    let t = args.args[0].as_obj().cloned().unwrap();
    let (basic, item, dict, weak) = crate::objects::slots::type_layout(vm, &t);
    Ok(Value::Int([basic, item, dict, weak][field]))
}

fn type_basicsize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    type_layout_field(vm, &args, 0)
}

fn type_itemsize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    type_layout_field(vm, &args, 1)
}

fn type_dictoffset(vm: &mut Vm, args: Args) -> PyResult<Value> {
    type_layout_field(vm, &args, 2)
}

fn type_weakrefoffset(vm: &mut Vm, args: Args) -> PyResult<Value> {
    type_layout_field(vm, &args, 3)
}

/// `type.__flags__`: the `Py_TPFLAGS_*` bits code tests for — HEAPTYPE, BASETYPE, READY,
/// IS_ABSTRACT and the fast-subclass bits — not CPython's whole word.
fn type_flags_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = args.args[0].as_obj().cloned().unwrap();
    let td = t.as_type().unwrap();
    let mut flags: i64 = (1 << 10) | (1 << 12);
    if td.is_heap() {
        flags |= 1 << 9;
    }
    if let Some(a) = vm.dict_get_str(&types::type_dict(&t), "__abstractmethods__") {
        if vm.truthy(&a)? {
            flags |= 1 << 20;
        }
    }
    let ty = &vm.types;
    let e = &vm.exc;
    for (base, bit) in [
        (&ty.int, 24),
        (&ty.list, 25),
        (&ty.tuple, 26),
        (&ty.bytes, 27),
        (&ty.str_, 28),
        (&ty.dict, 29),
        (&e.base_exception, 30),
        (&ty.type_, 31),
    ] {
        if types::is_subtype(&t, base) {
            flags |= 1 << bit;
        }
    }
    Ok(Value::Int(flags))
}

fn type_mro_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = args.args[0].as_obj().cloned().unwrap();
    let mro: Vec<Value> = t.as_type().unwrap().mro.borrow().iter().map(|c| Value::Obj(c.clone())).collect();
    Ok(vm.new_tuple(mro))
}

fn type_bases_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = args.args[0].as_obj().cloned().unwrap();
    let b: Vec<Value> = t.as_type().unwrap().bases.borrow().iter().map(|c| Value::Obj(c.clone())).collect();
    Ok(vm.new_tuple(b))
}

fn type_bases_set(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = args.args[0].as_obj().cloned().unwrap();
    if !t.as_type().unwrap().is_heap() {
        return Err(vm.new_type_error(format!(
            "cannot set '__bases__' attribute of immutable type '{}'",
            t.as_type().unwrap().name()
        )));
    }
    let new: Vec<PyRef> = match args.args[1].payload() {
        Some(Payload::Tuple(items)) if !items.is_empty() => items
            .iter()
            .map(|b| b.as_obj().filter(|o| o.as_type().is_some()).cloned())
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                vm.new_type_error(format!("{}.__bases__ must be tuple of classes", t.as_type().unwrap().name()))
            })?,
        _ => {
            return Err(vm.new_type_error(format!(
                "can only assign non-empty tuple to {}.__bases__",
                t.as_type().unwrap().name()
            )))
        }
    };
    let old = std::mem::replace(&mut *t.as_type().unwrap().bases.borrow_mut(), new);
    match types::compute_mro(&t) {
        Ok(mro) => {
            *t.as_type().unwrap().mro.borrow_mut() = mro;
            // Subclasses' MROs are not recomputed here; every cached lookup is dropped.
            types::modified();
            Ok(Value::None)
        }
        Err(m) => {
            *t.as_type().unwrap().bases.borrow_mut() = old;
            Err(vm.new_type_error(m))
        }
    }
}

fn type_base_get(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = args.args[0].as_obj().cloned().unwrap();
    let base = t.as_type().unwrap().bases.borrow().first().map(|b| Value::Obj(b.clone())).unwrap_or(Value::None);
    Ok(base)
}

/// `type.__module__` (`type_module`): a class keeps it in its dict; a builtin type derives it
/// from its dotted name (a `__module__` getset in a builtin type's dict serves its instances).
fn type_module_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = args.args[0].as_obj().cloned().unwrap();
    let td = t.as_type().unwrap();
    match vm.dict_get_str(&types::type_dict(&t), "__module__") {
        Some(m) if td.is_heap() || m.as_str().is_some() => return Ok(m),
        _ => {}
    }
    if td.is_heap() {
        return Err(vm.new_attribute_error(&args.args[0], "__module__", "__module__".to_string()));
    }
    let name = td.name();
    Ok(vm.new_str(name.rsplit_once('.').map(|(m, _)| m).unwrap_or("builtins")))
}

/// `cls.NAME = v` for a special attribute kept in the class dict (`type_set_module`,
/// `type_set_doc`): stored for a class, refused for a builtin type.
fn set_special_type_attr(vm: &mut Vm, args: &Args, name: &str) -> PyResult<Value> {
    let t = args.args[0].as_obj().cloned().unwrap();
    let td = t.as_type().unwrap();
    if !td.is_heap() {
        return Err(vm.new_type_error(format!("cannot set '{name}' attribute of immutable type '{}'", td.name())));
    }
    vm.dict_set_str(&types::type_dict(&t), name, args.args[1].clone());
    types::modified();
    Ok(Value::None)
}

fn type_module_set(vm: &mut Vm, args: Args) -> PyResult<Value> {
    set_special_type_attr(vm, &args, "__module__")
}

/// A builtin type's internal docstring as declared in `builtin_docs`.
fn builtin_type_doc(td: &crate::types::TypeData) -> Option<&'static str> {
    if td.is_heap() {
        return None;
    }
    crate::objects::builtin_docs::internal_doc(&td.tp_name(), None)
}

/// The value a builtin type's `__dict__['__doc__']` starts with (`type_ready` stores its
/// docstring there, so `(5).__doc__` is `int.__doc__`).
pub fn builtin_type_doc_value(vm: &Vm, t: &PyRef) -> Value {
    match t.as_type() {
        Some(td) if !td.is_heap() => declared_type_doc(vm, &td.tp_name()),
        _ => Value::None,
    }
}

/// The declared docstring of the native type CPython names `tp_name`, or None.
pub fn declared_type_doc(vm: &Vm, tp_name: &str) -> Value {
    crate::objects::builtin_docs::internal_doc(tp_name, None)
        .and_then(|d| crate::objects::builtin_docs::doc_body(tp_name, d))
        .map_or(Value::None, |d| vm.new_str(d))
}

impl Vm {
    /// Gives native type `t` the `__doc__` entry every type's dict has (`type_ready`): its
    /// declared docstring, or None. Without one, its instances would find `object.__doc__`.
    pub fn set_native_type_doc(&self, t: &PyRef) {
        let doc = builtin_type_doc_value(self, t);
        self.dict_set_str(&types::type_dict(t), "__doc__", doc);
    }
}

/// `type.__doc__` (`type_get_doc`): a builtin type's declared docstring, else the class's
/// `__doc__` entry, run through its `__get__` if it is a descriptor.
fn type_doc_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = args.args[0].as_obj().cloned().unwrap();
    if builtin_type_doc(t.as_type().unwrap()).is_some() {
        return Ok(builtin_type_doc_value(vm, &t));
    }
    let Some(doc) = vm.dict_get_str(&types::type_dict(&t), "__doc__") else { return Ok(Value::None) };
    match vm.lookup_special(&doc, "__get__") {
        Some(get) => vm.call_unbound(&get, &doc, &[Value::None, Value::Obj(t)]),
        None => Ok(doc),
    }
}

/// `type.__doc__ = v` (`type_set_doc`): a class's dict entry; builtin types refuse.
fn type_doc_set(vm: &mut Vm, args: Args) -> PyResult<Value> {
    set_special_type_attr(vm, &args, "__doc__")
}

/// `del cls.__doc__` (`check_set_special_type_attr`): refused, with CPython's wording even for
/// classes.
fn type_doc_del(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let td = args.args[0].as_obj().and_then(|o| o.as_type()).unwrap();
    let verb = if td.is_heap() { "delete" } else { "set" };
    Err(vm.new_type_error(format!("cannot {verb} '__doc__' attribute of immutable type '{}'", td.name())))
}

/// `cls.__annotations__` (`type_get_annotations`): the class's own dict entry (run through its
/// `__get__` if it is a descriptor), never a base's; a class without one gets a new empty dict,
/// kept. Builtin types have none.
fn type_annotations_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = args.args[0].as_obj().cloned().unwrap();
    let td = t.as_type().unwrap();
    if !td.is_heap() {
        return Err(vm.new_attribute_error(
            &args.args[0],
            "__annotations__",
            format!("type object '{}' has no attribute '__annotations__'", td.tp_name()),
        ));
    }
    let d = types::type_dict(&t);
    match vm.dict_get_str(&d, "__annotations__") {
        Some(a) => match vm.lookup_special(&a, "__get__") {
            Some(get) => vm.call_unbound(&get, &a, &[Value::None, Value::Obj(t)]),
            None => Ok(a),
        },
        None => {
            let a = Value::Obj(vm.new_dict());
            vm.dict_set_str(&d, "__annotations__", a.clone());
            types::modified();
            Ok(a)
        }
    }
}

fn type_annotations_set(vm: &mut Vm, args: Args) -> PyResult<Value> {
    set_special_type_attr(vm, &args, "__annotations__")
}

/// `del cls.__annotations__` (`type_set_annotations` with NULL): removes the class's entry,
/// AttributeError if it has none; builtin types refuse.
fn type_annotations_del(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = args.args[0].as_obj().cloned().unwrap();
    let td = t.as_type().unwrap();
    if !td.is_heap() {
        return Err(
            vm.new_type_error(format!("cannot set '__annotations__' attribute of immutable type '{}'", td.name()))
        );
    }
    let key = vm.new_str("__annotations__");
    if crate::dict::del_item(vm, &types::type_dict(&t), &key)?.is_none() {
        return Err(vm.new_attribute_error(&args.args[0], "__annotations__", "__annotations__".to_string()));
    }
    types::modified();
    Ok(Value::None)
}

/// `type.__text_signature__` (`type_get_text_signature`): from a builtin type's declared
/// docstring (`object` has `()`), else None.
fn type_text_signature_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let td = args.args[0].as_obj().and_then(|o| o.as_type()).unwrap();
    let sig = builtin_type_doc(td).and_then(|d| crate::objects::builtin_docs::text_signature(&td.tp_name(), d));
    Ok(sig.map_or(Value::None, |s| vm.new_str(s)))
}

fn type_dict_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = args.args[0].as_obj().cloned().unwrap();
    Ok(Value::Obj(Object::new(vm.types.mappingproxy.clone(), Payload::MappingProxy(Value::Obj(types::type_dict(&t))))))
}

fn type_subclasscheck(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "__subclasscheck__")?;
    let (Some(t), Some(sub)) = (a[0].as_obj(), a[1].as_obj()) else {
        return Ok(Value::Bool(false));
    };
    Ok(Value::Bool(types::is_subtype(sub, t)))
}

fn type_instancecheck(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "__instancecheck__")?;
    let t = a[0].as_obj().cloned().unwrap();
    Ok(Value::Bool(vm.isinstance(&a[1], &t)))
}

fn type_subclasses(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = args.args[0].as_obj().cloned().unwrap();
    let subs: Vec<Value> =
        t.as_type().unwrap().subclasses.borrow().iter().filter_map(|w| w.upgrade()).map(Value::Obj).collect();
    Ok(vm.new_list(subs))
}

fn type_mro_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "mro")?;
    let l = type_mro_get(vm, args)?;
    let items = vm.collect(&l)?;
    Ok(vm.new_list(items))
}

pub const TYPE_METHODS: &[MethodDef] = &[
    ("__init__", type_init, "Initialize self.  See help(type(self)) for accurate signature."),
    ("__call__", type_call_m, "Call self as a function."),
    ("__repr__", type_repr, "Return repr(self)."),
    ("__subclasscheck__", type_subclasscheck, "Check if a class is a subclass (direct or indirect) of self."),
    ("__instancecheck__", type_instancecheck, "Check if an object is an instance."),
    ("mro", type_mro_m, "Return a type's method resolution order."),
    ("__subclasses__", type_subclasses, "Return a list of immediate subclasses."),
    ("__dir__", type_dir, "Specialized __dir__ implementation for types."),
];

/// `__build_class__(func, name, *bases, metaclass=None, **kwds)`.
fn build_class(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    if pos.len() < 2 {
        return Err(vm.new_type_error("__build_class__: not enough arguments"));
    }
    let func = pos[0].clone();
    let name = pos[1].clone();
    let orig_bases: Vec<Value> = pos[2..].to_vec();
    let mut bases: Vec<PyRef> = Vec::new();
    for b in &orig_bases {
        match b.as_obj().filter(|o| matches!(o.payload, Payload::Type(_))) {
            Some(t) => bases.push(t.clone()),
            None => {
                if let Some(mro_entries) = vm.getattr_opt(b, "__mro_entries__")? {
                    let bt = vm.new_tuple(orig_bases.clone());
                    let r = vm.call(&mro_entries, Args::new(&[bt]))?;
                    for x in vm.collect(&r)? {
                        if let Some(t) = x.as_obj() {
                            bases.push(t.clone());
                        }
                    }
                } else {
                    return Err(vm.new_type_error("bases must be types"));
                }
            }
        }
    }
    let mut meta: Option<Value> = None;
    let mut kw_names = Vec::new();
    let mut kw_vals = Vec::new();
    for (k, v) in args.kwargs() {
        if k == "metaclass" {
            meta = Some(v.clone());
        } else {
            kw_names.push(vm.new_str(k));
            kw_vals.push(v.clone());
        }
    }
    let meta = match meta {
        Some(m) => m,
        None => Value::Obj(bases.first().map(|b| b.class()).unwrap_or_else(|| vm.types.type_.clone())),
    };
    let meta = match meta.as_obj().filter(|o| matches!(o.payload, Payload::Type(_))) {
        Some(m) => Value::Obj(types::calculate_metaclass(vm, m, &bases)?),
        None => meta,
    };
    let bases_tuple = vm.new_tuple(bases.iter().map(|b| Value::Obj(b.clone())).collect::<Vec<_>>());
    let ns = match vm.getattr_opt(&meta, "__prepare__")? {
        Some(p) => {
            let mut a = vec![name.clone(), bases_tuple.clone()];
            a.extend(kw_vals.clone());
            vm.call(&p, Args { args: &a, kwnames: &kw_names })?
        }
        None => Value::Obj(vm.new_dict()),
    };
    // Run the class body with the namespace as its locals.
    let Some(Payload::Function(f)) = func.payload() else {
        return Err(vm.new_type_error("__build_class__: func must be a function"));
    };
    let mut frame = vm.alloc_func_frame(f, Some(ns.clone()));
    frame.init_cells(vm, f.closure.as_deref());
    let cell = vm.run_nested(frame)?;
    // Bases rewritten by __mro_entries__ leave the originals in `__orig_bases__`.
    let rewritten = orig_bases.len() != bases.len()
        || orig_bases.iter().zip(&bases).any(|(o, b)| !matches!(o, Value::Obj(x) if Rc::ptr_eq(x, b)));
    if rewritten {
        let ob = vm.new_tuple(orig_bases.clone());
        let key = vm.new_str("__orig_bases__");
        vm.setitem(&ns, key, ob)?;
    }
    let mut a = vec![name, bases_tuple, ns];
    a.extend(kw_vals);
    let cls = vm.call(&meta, Args { args: &a, kwnames: &kw_names })?;
    if let (Value::Obj(c), Value::Obj(cls_o)) = (&cell, &cls) {
        if let Payload::Cell(cc) = &c.payload {
            let cur = cc.borrow().clone();
            if cur.is_none() {
                *cc.borrow_mut() = Some(Value::Obj(cls_o.clone()));
            }
        }
    }
    Ok(cls)
}

pub fn init(vm: &mut Vm) {
    let object = vm.types.object.clone();
    vm.add_methods(&object, OBJECT_METHODS);
    vm.add_static(&object, "__new__", object_new);
    vm.add_classmethod_descr(&object, "__init_subclass__", object_init_subclass);
    vm.add_classmethod_descr(&object, "__subclasshook__", object_subclasshook);
    vm.add_getset(&object, "__class__", object_class_get, Some(object_class_set));
    let t = vm.types.type_.clone();
    vm.add_methods(&t, TYPE_METHODS);
    vm.add_static(&t, "__new__", type_new);
    vm.add_getset(&t, "__name__", type_name_get, Some(type_name_set));
    vm.add_getset(&t, "__qualname__", type_qualname_get, Some(type_qualname_set));
    vm.add_member(&t, "__mro__", type_mro_get, None);
    vm.add_member(&t, "__flags__", type_flags_get, None);
    vm.add_member(&t, "__basicsize__", type_basicsize, None);
    vm.add_member(&t, "__itemsize__", type_itemsize, None);
    vm.add_member(&t, "__dictoffset__", type_dictoffset, None);
    vm.add_member(&t, "__weakrefoffset__", type_weakrefoffset, None);
    vm.add_getset(&t, "__bases__", type_bases_get, Some(type_bases_set));
    vm.add_member(&t, "__base__", type_base_get, None);
    vm.add_getset(&t, "__dict__", type_dict_get, None);
    vm.add_getset(&t, "__module__", type_module_get, Some(type_module_set));
    vm.add_getset_del(&t, "__doc__", type_doc_get, type_doc_set, type_doc_del);
    vm.add_getset(&t, "__text_signature__", type_text_signature_get, None);
    vm.add_getset_del(&t, "__annotations__", type_annotations_get, type_annotations_set, type_annotations_del);
    vm.add_getset(&t, "__abstractmethods__", type_abstractmethods_get, Some(type_abstractmethods_set));
    vm.add_classmethod_descr(&t, "__prepare__", type_prepare);
    vm.add_builtin_fn("__build_class__", build_class);
}

/// `cls.__abstractmethods__`: only what the class itself stores (abc sets it); `type` and
/// other classes have none (`type_abstractmethods`).
fn type_abstractmethods_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Value::Obj(t) = &args.args[0] else { unreachable!() };
    let found = if Rc::ptr_eq(t, &vm.types.type_) {
        None
    } else {
        vm.dict_get_str(&types::type_dict(t), "__abstractmethods__")
    };
    found.ok_or_else(|| vm.new_exception(&vm.exc.attribute_error.clone(), "__abstractmethods__"))
}

fn type_abstractmethods_set(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Value::Obj(t) = &args.args[0] else { unreachable!() };
    vm.dict_set_str(&types::type_dict(t), "__abstractmethods__", args.args[1].clone());
    Ok(Value::None)
}

/// `type.__prepare__(name, bases, **kwds)`: the namespace of a new class body, an empty dict
/// (metaclasses that override it usually start from `super().__prepare__(...)`).
fn type_prepare(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Obj(vm.new_dict()))
}
