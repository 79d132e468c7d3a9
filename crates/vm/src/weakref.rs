//! VM stage: the `_weakref` module — `ref` (weak references built on `Rc`'s weak counts),
//! `getweakrefcount`, `getweakrefs`, `proxy` — enough for `weakref.py`, `_weakrefset` and
//! `abc`. Inline values (ints, floats, None, bools) cannot be weakly referenced, as in CPython.
//!
//! Each referent's weak references are listed in a registry keyed by the referent's address
//! (CPython keeps that list in the object): a plain `ref(o)` is shared, `getweakrefs` and
//! `__weakref__` read the list, and when the referent dies its references' callbacks are
//! queued to run at the interpreter's next safe point (finalize.rs), newest first, as
//! `PyObject_ClearWeakRefs` calls them. A per-address counting filter keeps the check that
//! every dying object makes down to one load.

use crate::func::{Args, NativeFn};
use crate::types::{new_type, Layout};
use crate::value::{Object, Payload, PyRef, Value, WeakRefData};
use crate::vm::{PyResult, Vm};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};

/// Buckets of the filter: how many registered referents hash to each.
const FILTER_SIZE: usize = 1 << 14;

crate::gil_local! {
    /// Referent address -> its weak reference objects, in CPython's list order (a plain ref
    /// first, then the others newest first).
    static REGISTRY: RefCell<HashMap<usize, Vec<Weak<Object>>>> = RefCell::new(HashMap::new());
    static FILTER: [Cell<u32>; FILTER_SIZE] = const { [const { Cell::new(0) }; FILTER_SIZE] };
    /// The address of the `weakref.ref` type (kept alive by the `_weakref` module).
    static REF_TYPE: Cell<usize> = const { Cell::new(0) };
}

#[inline(always)]
fn bucket(addr: usize) -> usize {
    ((addr >> 4) ^ (addr >> 18)) & (FILTER_SIZE - 1)
}

/// Records that the registry gained (`1`) or lost (`-1`) the entry of the referent at `addr`.
fn count_referent(addr: usize, delta: i32) {
    FILTER.with(|f| {
        let c = &f[bucket(addr)];
        c.set(c.get().wrapping_add_signed(delta));
    });
}

/// Whether the registry may hold an entry for `addr` (false means it certainly does not).
#[inline(always)]
fn maybe_registered(addr: usize) -> bool {
    FILTER.with(|f| f[bucket(addr)].get() != 0)
}

/// The live weak reference objects of the referent at `addr`, in list order.
pub(crate) fn refs_of(addr: usize) -> Vec<PyRef> {
    if !maybe_registered(addr) {
        return Vec::new();
    }
    REGISTRY.with(|r| r.borrow().get(&addr).map(|l| l.iter().filter_map(Weak::upgrade).collect()).unwrap_or_default())
}

/// Whether `w` is a plain reference: exactly `weakref.ref`, without a callback.
fn is_basic(w: &PyRef) -> bool {
    matches!(&w.payload, Payload::WeakRef(d) if d.callback.is_none()) && w.class_addr() == REF_TYPE.with(Cell::get)
}

/// Adds `w` to the list of the referent at `addr`: a plain reference goes first, any other
/// right after the plain one (so callbacks run newest first).
pub(crate) fn register(addr: usize, w: &PyRef) {
    let basic = is_basic(w);
    REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        let list = r.entry(addr).or_insert_with(|| {
            count_referent(addr, 1);
            Vec::new()
        });
        list.retain(|x| x.strong_count() > 0);
        let head_is_basic = list.first().and_then(Weak::upgrade).is_some_and(|h| is_basic(&h));
        let at = if basic || !head_is_basic { 0 } else { 1 };
        list.insert(at, Rc::downgrade(w));
    });
}

/// From `Object`'s destructor. A dying referent's registered references get their callbacks
/// queued; a dying weak reference leaves its referent's list.
#[inline]
pub(crate) fn on_drop(o: &Object) {
    let addr = o as *const Object as usize;
    if maybe_registered(addr) {
        referent_died(addr);
    }
    if let Payload::WeakRef(w) = &o.payload {
        let target = w.target.as_ptr() as usize;
        if maybe_registered(target) {
            forget_ref(target, addr);
        }
    }
}

#[cold]
fn referent_died(addr: usize) {
    let Ok(Some(list)) = REGISTRY.try_with(|r| r.borrow_mut().remove(&addr)) else { return };
    count_referent(addr, -1);
    for w in list.iter().filter_map(Weak::upgrade) {
        if let Payload::WeakRef(d) = &w.payload {
            if !d.callback.is_none() {
                crate::finalize::queue_weakref_callback(d.callback.clone(), w.clone());
            }
        }
    }
}

#[cold]
fn forget_ref(target: usize, me: usize) {
    let _ = REGISTRY.try_with(|r| {
        let mut r = r.borrow_mut();
        let Some(list) = r.get_mut(&target) else { return };
        list.retain(|x| x.as_ptr() as usize != me && x.strong_count() > 0);
        if list.is_empty() {
            r.remove(&target);
            count_referent(target, -1);
        }
    });
}

/// `obj.__weakref__`: the first weak reference to `obj`, or None.
pub fn first_ref(obj: &Value) -> Value {
    match obj {
        Value::Obj(o) => refs_of(Rc::as_ptr(o) as usize).into_iter().next().map_or(Value::None, Value::Obj),
        _ => Value::None,
    }
}

fn ref_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = args.args[0].as_obj().cloned().unwrap();
    let pos = &args.pos()[1..];
    if pos.is_empty() || pos.len() > 2 {
        return Err(vm.new_type_error(format!("__new__ expected at most 2 arguments, got {}", pos.len())));
    }
    let target = match &pos[0] {
        Value::Obj(o) if weakrefable(o) => o.clone(),
        v => return Err(vm.new_type_error(format!("cannot create weak reference to '{}' object", vm.type_name(v)))),
    };
    let callback = pos.get(1).cloned().unwrap_or(Value::None);
    let addr = Rc::as_ptr(&target) as usize;
    // `ref(o)` again returns the plain reference `o` already has (`PyWeakref_NewRef`).
    if callback.is_none() && Rc::as_ptr(&cls) as usize == REF_TYPE.with(Cell::get) {
        if let Some(existing) = refs_of(addr).into_iter().find(is_basic) {
            return Ok(Value::Obj(existing));
        }
    }
    let p = Payload::WeakRef(Box::new(WeakRefData { target: Rc::downgrade(&target), callback, hash: Cell::new(None) }));
    let obj = if cls.as_type().unwrap().instance_dict.get() {
        Object::with_dict(cls, p, vm.new_dict())
    } else {
        Object::new(cls, p)
    };
    register(addr, &obj);
    Ok(Value::Obj(obj))
}

/// Whether `o` can be weakly referenced. Instances of Python classes can unless their
/// `__slots__` leave out `__weakref__`; of the builtin types, those CPython gives a weak
/// reference list (`tp_weaklistoffset`): functions, methods, types, modules, code, sets,
/// generators, files, memoryviews, and the native types of the stdlib crate (deque,
/// partial, patterns, arrays, sockets, ...). Builtin lists, dicts, strs, numbers, tuples,
/// iterators, exceptions and plain `object()`s cannot.
pub(crate) fn weakrefable(o: &PyRef) -> bool {
    match o.class().as_type() {
        Some(t) if t.is_heap() => t.weakrefable.get(),
        _ => matches!(
            o.payload,
            Payload::Function(_)
                | Payload::BuiltinFunction(_)
                | Payload::Method(..)
                | Payload::Type(_)
                | Payload::Module
                | Payload::Code(_)
                | Payload::Set(_)
                | Payload::FrozenSet(..)
                | Payload::Generator(_)
                | Payload::File(_)
                | Payload::MemoryView(_)
                | Payload::Native(_)
        ),
    }
}

fn ref_init(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::None)
}

fn target_of(v: &Value) -> Option<PyRef> {
    match v.payload() {
        Some(Payload::WeakRef(w)) => w.target.upgrade(),
        _ => None,
    }
}

fn ref_call(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "weakref", 1)?;
    Ok(target_of(&args.args[0]).map(Value::Obj).unwrap_or(Value::None))
}

fn ref_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::WeakRef(w)) = args.args[0].payload() else { unreachable!() };
    let hash = &w.hash;
    if let Some(h) = hash.get() {
        return Ok(Value::Int(h));
    }
    match target_of(&args.args[0]) {
        Some(t) => {
            let h = vm.hash(&Value::Obj(t))?;
            hash.set(Some(h));
            Ok(Value::Int(h))
        }
        None => Err(vm.new_type_error("weak object has gone away")),
    }
}

fn ref_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__eq__", 1)?;
    if !matches!(a[1].payload(), Some(Payload::WeakRef { .. })) {
        return Ok(vm.not_implemented());
    }
    match (target_of(&a[0]), target_of(&a[1])) {
        (Some(x), Some(y)) => Ok(Value::Bool(vm.eq(&Value::Obj(x), &Value::Obj(y))?)),
        _ => Ok(Value::Bool(a[0].is(&a[1]))),
    }
}

fn ref_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = args.args[0].id();
    Ok(vm.new_str(match target_of(&args.args[0]) {
        Some(t) => {
            let tn = t.class().as_type().unwrap().name().to_string();
            format!("<weakref at {me:#x}; to '{tn}' at {:#x}>", Rc::as_ptr(&t) as usize)
        }
        None => format!("<weakref at {me:#x}; dead>"),
    }))
}

fn ref_callback(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::WeakRef(w)) = args.args[0].payload() else { unreachable!() };
    Ok(w.callback.clone())
}

fn getweakrefcount(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "getweakrefcount", 1)?;
    Ok(Value::Int(match &a[0] {
        Value::Obj(o) => refs_of(Rc::as_ptr(o) as usize).len() as i64,
        _ => 0,
    }))
}

fn getweakrefs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "getweakrefs", 1)?;
    let refs = match &a[0] {
        Value::Obj(o) => refs_of(Rc::as_ptr(o) as usize).into_iter().map(Value::Obj).collect(),
        _ => Vec::new(),
    };
    Ok(vm.new_list(refs))
}

fn remove_dead(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "_remove_dead_weakref", 2, 2)?;
    if let Some(Payload::Dict(_)) = a[0].payload() {
        let d = a[0].as_obj().unwrap().clone();
        if let Some(v) = crate::dict::get_item(vm, &d, &a[1])? {
            if matches!(v.payload(), Some(Payload::WeakRef { .. })) && target_of(&v).is_none() {
                crate::dict::del_item(vm, &d, &a[1])?;
            }
        }
    }
    Ok(Value::None)
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_weakref");
    let d = m.dict.get().unwrap();
    let object = vm.types.object.clone();
    let t = new_type(
        Some(&vm.types.type_.clone()),
        Some(&vm.types.dict.clone()),
        "weakref",
        vec![object],
        Layout::Native,
        false,
    );
    *t.as_type().unwrap().mro.borrow_mut() = crate::types::compute_mro(&t).unwrap();
    vm.dict_set_str(&t.dict.get().unwrap(), "__module__", vm.new_str("builtins"));
    REF_TYPE.with(|r| r.set(Rc::as_ptr(&t) as usize));
    vm.add_static(&t, "__new__", ref_new);
    vm.add_methods(
        &t,
        &[
            ("__init__", ref_init, ""),
            ("__call__", ref_call, ""),
            ("__hash__", ref_hash, ""),
            ("__eq__", ref_eq, ""),
            ("__repr__", ref_repr, ""),
        ],
    );
    vm.add_getset(&t, "__callback__", ref_callback, None);
    for n in ["ref", "ReferenceType"] {
        vm.dict_set_str(&d, n, Value::Obj(t.clone()));
    }
    crate::weakproxy::init(vm, &d);
    let fns: &[(&'static str, NativeFn)] = &[
        ("getweakrefcount", getweakrefcount),
        ("getweakrefs", getweakrefs),
        ("proxy", crate::weakproxy::proxy),
        ("_remove_dead_weakref", remove_dead),
    ];
    vm.add_native_fns(&d, fns);
    Ok(m)
}
