//! Stdlib stage: the `_abc` module, the native half of `abc.ABCMeta` (CPython's
//! Modules/_abc.c). Each ABC's `_abc_impl` is an `_abc._abc_data` holding its registry and its
//! positive and negative subclass caches as weak sets, plus the negative cache's version; one
//! invalidation counter (`get_cache_token()`) moves on every `register`. Hooks are called in
//! CPython's order with its error messages, and `__abc_tpflags__` sets the class's collection
//! bit that structural pattern matching reads (`types::collection_flag`).
//!
//! Without this module `abc` falls back to `_py_abc`, whose Python-level `WeakSet`s and
//! subclass checks made importing `_collections_abc` (and so `os` and `site`) several times
//! slower.

use crate::native;
use std::collections::HashMap;
use std::rc::{Rc, Weak};
use vm::func::{Args, NativeFn};
use vm::types::{collection_flag, Layout, FLAG_MAPPING, FLAG_SEQUENCE};
use vm::value::{Object, Payload, PyRef, Value};
use vm::vm::{PyResult, Vm};

/// Both collection bits (`COLLECTION_FLAGS`).
const COLLECTION_FLAGS: i64 = (FLAG_SEQUENCE | FLAG_MAPPING) as i64;

/// A set of objects held weakly, keyed by address. Holding a `Weak` keeps the allocation (not
/// the object) alive, so an address in the map cannot be reused by another object while its
/// entry exists; dead entries are skipped and dropped as the set grows, where CPython's weakref
/// callbacks remove them.
#[derive(Default)]
struct WeakSet {
    items: HashMap<usize, Weak<Object>>,
    prune_at: usize,
}

impl WeakSet {
    fn contains(&self, v: &Value) -> bool {
        match v {
            Value::Obj(o) => self.items.get(&(Rc::as_ptr(o) as usize)).is_some_and(|w| w.strong_count() > 0),
            _ => false,
        }
    }

    fn add(&mut self, o: &PyRef) {
        if self.items.len() >= self.prune_at {
            self.items.retain(|_, w| w.strong_count() > 0);
            self.prune_at = (self.items.len() * 2).max(16);
        }
        self.items.insert(Rc::as_ptr(o) as usize, Rc::downgrade(o));
    }

    fn live(&self) -> Vec<PyRef> {
        self.items.values().filter_map(Weak::upgrade).collect()
    }

    fn clear(&mut self) {
        self.items.clear();
    }
}

/// `_abc_data`: an ABC's registry, caches and negative cache version.
#[derive(Default)]
struct AbcData {
    registry: WeakSet,
    cache: WeakSet,
    negative_cache: WeakSet,
    negative_cache_version: u64,
}

vm::gil_local! {
    /// `abc_invalidation_counter`: moves on every `register()` of any ABC.
    static INVALIDATION_COUNTER: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    /// The `_abc._abc_data` type.
    static DATA_TYPE: std::cell::RefCell<Option<PyRef>> = const { std::cell::RefCell::new(None) };
}

fn counter() -> u64 {
    INVALIDATION_COUNTER.with(|c| c.get())
}

/// `_get_impl`: `self._abc_impl`, which must be an `_abc_data`.
fn get_impl(vm: &mut Vm, cls: &Value) -> PyResult<Value> {
    let imp = vm.getattr_str(cls, "_abc_impl")?;
    let t = DATA_TYPE.with(|t| t.borrow().clone());
    match (&imp, t) {
        (Value::Obj(o), Some(t)) if o.class_is(&t) && native::state::<AbcData>(&imp).is_some() => Ok(imp),
        _ => Err(vm.new_type_error("_abc_impl is set to a wrong type")),
    }
}

/// Runs `f` on the `_abc_data` of `imp` (checked by `get_impl`); never across a Python call.
fn with_data<R>(imp: &Value, f: impl FnOnce(&mut AbcData) -> R) -> R {
    let cell = native::state::<AbcData>(imp).expect("checked by get_impl");
    f(&mut cell.borrow_mut())
}

/// `_add_to_weak_set`: what cannot be weakly referenced is a TypeError, as `weakref.ref` says.
fn add_weak(vm: &Vm, imp: &Value, which: fn(&mut AbcData) -> &mut WeakSet, v: &Value) -> PyResult<()> {
    let Value::Obj(o) = v else {
        return Err(vm.new_type_error(format!("cannot create weak reference to '{}' object", vm.type_name(v))));
    };
    with_data(imp, |d| which(d).add(o));
    Ok(())
}

fn registry(d: &mut AbcData) -> &mut WeakSet {
    &mut d.registry
}
fn cache(d: &mut AbcData) -> &mut WeakSet {
    &mut d.cache
}
fn negative_cache(d: &mut AbcData) -> &mut WeakSet {
    &mut d.negative_cache
}

/// `_PyObject_IsAbstract`: a true `__isabstractmethod__` attribute.
fn is_abstract(vm: &mut Vm, v: &Value) -> PyResult<bool> {
    // Plain functions are the common case: their attributes live in their own `__dict__`,
    // which avoids building and discarding an AttributeError for each one.
    // So are the strings and tuples of a class body (`__module__`, `__qualname__`, `__slots__`),
    // whose exact types have no such attribute.
    let t = &vm.types;
    match v {
        Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_) => return Ok(false),
        Value::Obj(o) if o.class_is(&t.str_) || o.class_is(&t.tuple) || o.class_is(&t.frozenset) => return Ok(false),
        _ => {}
    }
    if let Value::Obj(o) = v {
        if matches!(o.payload, Payload::Function(_)) && o.class_is(&vm.types.function) {
            return match o.dict.get() {
                Some(d) => match vm.dict_get_str(&d, "__isabstractmethod__") {
                    Some(x) => vm.truthy(&x),
                    None => Ok(false),
                },
                None => Ok(false),
            };
        }
    }
    match vm.getattr_opt(v, "__isabstractmethod__")? {
        Some(x) => vm.truthy(&x),
        None => Ok(false),
    }
}

/// `compute_abstract_methods`: the names bound to abstract values in the class namespace, and
/// the bases' abstract names the class still leaves abstract, as `__abstractmethods__`.
fn compute_abstract_methods(vm: &mut Vm, cls: &Value) -> PyResult<()> {
    let mut abstracts = Vec::new();
    let ns = vm.getattr_str(cls, "__dict__")?;
    // `PyMapping_Items`: a snapshot, since the checks below may run code that changes `ns`.
    let items = match ns.payload() {
        Some(Payload::MappingProxy(Value::Obj(d))) if matches!(d.payload, Payload::Dict(_)) => {
            vm::dict::dict_cell(d).borrow().items()
        }
        _ => {
            let f = vm.getattr_str(&ns, "items")?;
            let it = vm.call(&f, Args::new(&[]))?;
            let mut out = Vec::new();
            for item in vm.collect(&it)? {
                match item.payload() {
                    Some(Payload::Tuple(t)) if t.len() == 2 => out.push((t[0].clone(), t[1].clone())),
                    Some(Payload::Tuple(_)) => {
                        return Err(vm.new_type_error("items() returned item which size is not 2"))
                    }
                    _ => return Err(vm.new_type_error("items() returned item which is not a tuple")),
                }
            }
            out
        }
    };
    for (key, value) in items {
        if is_abstract(vm, &value)? {
            abstracts.push(key);
        }
    }
    let bases = vm.getattr_str(cls, "__bases__")?;
    let Some(Payload::Tuple(bases)) = bases.payload() else {
        return Err(vm.new_type_error("__bases__ is not tuple"));
    };
    for base in bases.iter() {
        let Some(base_abstracts) = vm.getattr_opt(base, "__abstractmethods__")? else { continue };
        let it = vm.iter(&base_abstracts)?;
        while let Some(key) = vm.next(&it)? {
            let value = match vm.getattr(cls, &key) {
                Ok(v) => v,
                Err(e) if vm.isinstance_exc(&e, &vm.exc.attribute_error.clone()) => continue,
                Err(e) => return Err(e),
            };
            if is_abstract(vm, &value)? {
                abstracts.push(key);
            }
        }
    }
    let list = vm.new_list(abstracts);
    let frozen = vm.call(&Value::Obj(vm.types.frozenset.clone()), Args::new(&[list]))?;
    vm.setattr_str(cls, "__abstractmethods__", frozen)
}

/// `_abc_init(self)`: `__abstractmethods__`, a fresh `_abc_impl`, and the collection bit of
/// `__abc_tpflags__` (which is then removed from the class namespace).
fn abc_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "_abc_init", 1)?;
    let cls = &a[0];
    compute_abstract_methods(vm, cls)?;
    let t = DATA_TYPE.with(|t| t.borrow().clone()).expect("set by init");
    let data = native::new_instance(vm, &t, AbcData::default());
    vm.setattr_str(cls, "_abc_impl", data)?;
    if let Some(t) = cls.as_obj().filter(|o| o.as_type().is_some()) {
        let d = vm.type_dict(t);
        if let Some(flags) = vm.dict_get_str(&d, "__abc_tpflags__") {
            if let Some(val) = exact_int(vm, &flags)? {
                if val & COLLECTION_FLAGS == COLLECTION_FLAGS {
                    return Err(
                        vm.new_type_error("__abc_tpflags__ cannot be both Py_TPFLAGS_SEQUENCE and Py_TPFLAGS_MAPPING")
                    );
                }
                let td = t.as_type().unwrap();
                td.collection_flag.set(td.collection_flag.get() | (val & COLLECTION_FLAGS) as u8);
            }
            let name = Value::Obj(vm.intern("__abc_tpflags__"));
            vm.delattr(cls, &name)?;
        }
    }
    Ok(Value::None)
}

/// The value of an exact int (`PyLong_CheckExact` + `PyLong_AsLong`), None for anything else.
fn exact_int(vm: &mut Vm, v: &Value) -> PyResult<Option<i64>> {
    match v {
        Value::Int(i) => Ok(Some(*i)),
        Value::Obj(o) if o.class_is(&vm.types.int) => {
            Err(vm.new_overflow_error("Python int too large to convert to C long"))
        }
        _ => Ok(None),
    }
}

/// `set_collection_flag_recursive`: gives `child` and the classes below it `flag`, stopping at
/// builtin (immutable) types and at classes that already have it.
fn set_collection_flag_recursive(child: &PyRef, flag: u8) {
    let Some(td) = child.as_type() else { return };
    if !td.is_heap() || collection_flag(child) == flag {
        return;
    }
    td.collection_flag.set(flag);
    let grandchildren: Vec<PyRef> = td.subclasses.borrow().iter().filter_map(Weak::upgrade).collect();
    for g in &grandchildren {
        set_collection_flag_recursive(g, flag);
    }
}

/// `_abc_register(self, subclass)`.
fn abc_register(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "_abc_register", 2)?;
    let (cls, sub) = (&a[0], &a[1]);
    let Some(sub_t) = sub.as_obj().filter(|o| o.as_type().is_some()).cloned() else {
        return Err(vm.new_type_error("Can only register classes"));
    };
    if vm.issubclass_check(sub, cls)? {
        return Ok(sub.clone()); // Already a subclass.
    }
    // Tested after the check above, so `X.register(X)` stays a no-op rather than a cycle.
    if vm.issubclass_check(cls, sub)? {
        return Err(vm.new_runtime_error("Refusing to create an inheritance cycle"));
    }
    let imp = get_impl(vm, cls)?;
    add_weak(vm, &imp, registry, sub)?;
    INVALIDATION_COUNTER.with(|c| c.set(c.get() + 1));
    if let Some(t) = cls.as_obj().filter(|o| o.as_type().is_some()) {
        let flag = collection_flag(t);
        if flag != 0 {
            set_collection_flag_recursive(&sub_t, flag);
        }
    }
    Ok(sub.clone())
}

/// `self.NAME(arg)` as `_PyObject_CallMethodIdObjArgs` makes it: an ordinary attribute lookup.
fn call_method(vm: &mut Vm, obj: &Value, name: &str, arg: &Value) -> PyResult<Value> {
    let f = vm.getattr_str(obj, name)?;
    vm.call(&f, Args::new(std::slice::from_ref(arg)))
}

/// `_abc_instancecheck(self, instance)`.
fn abc_instancecheck(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "_abc_instancecheck", 2)?;
    let (cls, instance) = (&a[0], &a[1]);
    let imp = get_impl(vm, cls)?;
    let subclass = vm.getattr_str(instance, "__class__")?;
    if with_data(&imp, |d| d.cache.contains(&subclass)) {
        return Ok(Value::Bool(true));
    }
    let subtype = Value::Obj(vm.type_of(instance));
    if subtype.is(&subclass) {
        let version = counter();
        if with_data(&imp, |d| d.negative_cache_version == version && d.negative_cache.contains(&subclass)) {
            return Ok(Value::Bool(false));
        }
        // Fall back to the subclass check.
        return call_method(vm, cls, "__subclasscheck__", &subclass);
    }
    let r = call_method(vm, cls, "__subclasscheck__", &subclass)?;
    if vm.truthy(&r)? {
        return Ok(r);
    }
    call_method(vm, cls, "__subclasscheck__", &subtype)
}

/// `_abc_subclasscheck(self, subclass)`: the caches, `__subclasshook__`, the MRO, the registry
/// and the ABC's own subclasses, in that order; the answer is cached either way.
fn abc_subclasscheck(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "_abc_subclasscheck", 2)?;
    let (cls, sub) = (&a[0], &a[1]);
    let Some(sub_t) = sub.as_obj().filter(|o| o.as_type().is_some()).cloned() else {
        return Err(vm.new_type_error("issubclass() arg 1 must be a class"));
    };
    let imp = get_impl(vm, cls)?;
    // 1. Check cache.
    if with_data(&imp, |d| d.cache.contains(sub)) {
        return Ok(Value::Bool(true));
    }
    // 2. Check negative cache; may have to invalidate.
    let version = counter();
    let negative = with_data(&imp, |d| {
        if d.negative_cache_version < version {
            d.negative_cache.clear();
            d.negative_cache_version = version;
            false
        } else {
            d.negative_cache.contains(sub)
        }
    });
    if negative {
        return Ok(Value::Bool(false));
    }
    // 3. Check the subclass hook.
    let ok = call_method(vm, cls, "__subclasshook__", sub)?;
    match ok {
        Value::Bool(true) => {
            add_weak(vm, &imp, cache, sub)?;
            return Ok(Value::Bool(true));
        }
        Value::Bool(false) => {
            add_weak(vm, &imp, negative_cache, sub)?;
            return Ok(Value::Bool(false));
        }
        Value::Obj(ref o) if Rc::ptr_eq(o, &vm.not_implemented) => {}
        _ => {
            return Err(vm.new_exception(
                &vm.exc.assertion_error.clone(),
                "__subclasshook__ must return either False, True, or NotImplemented",
            ))
        }
    }
    // 4. Check if it's a direct subclass.
    let direct = cls.as_obj().is_some_and(|c| sub_t.as_type().unwrap().mro.borrow().iter().any(|m| Rc::ptr_eq(m, c)));
    if direct {
        add_weak(vm, &imp, cache, sub)?;
        return Ok(Value::Bool(true));
    }
    // 5. Check if it's a subclass of a registered class (recursive).
    if with_data(&imp, |d| d.registry.contains(sub)) {
        return Ok(Value::Bool(true));
    }
    // A snapshot: the checks below may register more classes.
    let registered = with_data(&imp, |d| d.registry.live());
    for r in registered {
        if vm.issubclass_check(sub, &Value::Obj(r))? {
            add_weak(vm, &imp, cache, sub)?;
            return Ok(Value::Bool(true));
        }
    }
    // 6. Check if it's a subclass of a subclass (recursive).
    let f = vm.getattr_str(cls, "__subclasses__")?;
    let subclasses = vm.call(&f, Args::new(&[]))?;
    let Some(Payload::List(list)) = subclasses.payload() else {
        return Err(vm.new_type_error("__subclasses__() must return a list"));
    };
    let list: Vec<Value> = list.borrow().to_vec();
    for scls in &list {
        if vm.issubclass_check(sub, scls)? {
            add_weak(vm, &imp, cache, sub)?;
            return Ok(Value::Bool(true));
        }
    }
    // No dice; update negative cache.
    add_weak(vm, &imp, negative_cache, sub)?;
    Ok(Value::Bool(false))
}

/// `_get_dump(self)`: (registry, cache, negative cache) as sets of weak references, and the
/// negative cache version.
fn get_dump(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "_get_dump", 1)?;
    let imp = get_impl(vm, &a[0])?;
    let weakref = vm.import_fullname("_weakref")?;
    let weak_ref = vm.getattr_str(&weakref, "ref")?;
    let (lists, version) =
        with_data(&imp, |d| ([d.registry.live(), d.cache.live(), d.negative_cache.live()], d.negative_cache_version));
    let mut out = Vec::new();
    for objs in lists {
        let mut refs = Vec::new();
        for o in objs {
            refs.push(vm.call(&weak_ref, Args::new(&[Value::Obj(o)]))?);
        }
        let list = vm.new_list(refs);
        out.push(vm.call(&Value::Obj(vm.types.set.clone()), Args::new(&[list]))?);
    }
    out.push(Value::Int(version as i64));
    Ok(vm.new_tuple(out))
}

/// `_reset_registry(self)`.
fn reset_registry(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "_reset_registry", 1)?;
    let imp = get_impl(vm, &a[0])?;
    with_data(&imp, |d| d.registry.clear());
    Ok(Value::None)
}

/// `_reset_caches(self)`: both caches.
fn reset_caches(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "_reset_caches", 1)?;
    let imp = get_impl(vm, &a[0])?;
    with_data(&imp, |d| {
        d.cache.clear();
        d.negative_cache.clear();
    });
    Ok(Value::None)
}

/// `get_cache_token()`.
fn get_cache_token(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "get_cache_token", 0)?;
    Ok(Value::Int(counter() as i64))
}

/// `_abc_data()`: a fresh, empty state (arguments are ignored, as `abc_data_new` does).
fn data_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, _) = native::new_args(&args);
    Ok(native::new_instance(vm, &cls, AbcData::default()))
}

const FUNCTIONS: &[(&str, NativeFn, &str)] = &[
    ("get_cache_token", get_cache_token, "Returns the current ABC cache token.\n\nThe token is an opaque object (supporting equality testing) identifying the\ncurrent version of the ABC cache for virtual subclasses. The token changes\nwith every call to register() on any ABC."),
    ("_abc_init", abc_init, "Internal ABC helper for class set-up. Should be never used outside abc module."),
    ("_reset_registry", reset_registry, "Internal ABC helper to reset registry of a given class.\n\nShould be only used by refleak.py"),
    ("_reset_caches", reset_caches, "Internal ABC helper to reset both caches of a given class.\n\nShould be only used by refleak.py"),
    ("_get_dump", get_dump, "Internal ABC helper for cache and registry debugging.\n\nReturn shallow copies of registry, of both caches, and\nnegative cache version. Don't call this function directly,\ninstead use ABC._dump_registry() for a nice repr."),
    ("_abc_register", abc_register, "Internal ABC helper for subclasss registration. Should be never used outside abc module."),
    ("_abc_instancecheck", abc_instancecheck, "Internal ABC helper for instance checks. Should be never used outside abc module."),
    ("_abc_subclasscheck", abc_subclasscheck, "Internal ABC helper for subclasss checks. Should be never used outside abc module."),
];

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_abc");
    let d = m.dict.get().unwrap();
    vm.dict_set_str(&d, "__doc__", vm.new_str("Module contains faster C implementation of abc.ABCMeta"));
    let t = native::make_type(vm, "_abc", "_abc_data", None, Layout::Object);
    vm.dict_set_str(&vm.type_dict(&t), "__doc__", vm.new_str("Internal state held by ABC machinery."));
    native::setup(vm, &t, Some(data_new), &[]);
    DATA_TYPE.with(|c| *c.borrow_mut() = Some(t));
    for &(name, func, doc) in FUNCTIONS {
        let f = vm.new_native_fn_doc(name, func, Some(doc));
        vm.dict_set_str(&d, name, f);
    }
    Ok(m)
}
