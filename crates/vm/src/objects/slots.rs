//! VM stage: `__slots__`. Class creation turns each slot name into a member descriptor in the
//! class dict (CPython's `type_new_slots` / `PyMemberDescr`); instances of `Layout::Object`
//! classes keep the values in `Payload::Slots`, indexed by the descriptor, and exceptions in
//! `ExceptionData::slots`. Instances of other layouts (a `list` subclass with slots) keep them
//! in their instance dict, which is hidden when the class chain has no `__dict__`.

use crate::func::Args;
use crate::types::{self, Layout};
use crate::value::{Object, Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use std::rc::{Rc, Weak};

/// A `member_descriptor`: one slot of the instances of `owner`.
pub struct MemberDescr {
    pub name: Rc<str>,
    pub owner: Weak<Object>,
    pub index: usize,
}

/// The member descriptor behind `v`, if it is one.
pub fn as_member(v: &Value) -> Option<&MemberDescr> {
    match v.payload() {
        Some(Payload::Native(b)) => b.downcast_ref::<MemberDescr>(),
        _ => None,
    }
}

/// `_Py_Mangle` for slot names: `__x` in class `C` is `_C__x`.
fn mangle(class: &str, name: &str) -> String {
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return name.to_string();
    }
    let stripped = class.trim_start_matches('_');
    if stripped.is_empty() {
        return name.to_string();
    }
    format!("_{stripped}{name}")
}

/// Whether instances of the builtin layout carry items (`tp_itemsize != 0`): no slots there.
fn variable_size(layout: Layout) -> bool {
    matches!(layout, Layout::Int | Layout::Tuple | Layout::Bytes)
}

/// What a new class's instances carry, decided from its bases and its `__slots__` (if any),
/// and the member descriptors it adds. Called by `new_class` with the namespace already copied
/// into the class dict.
pub fn type_new_slots(vm: &mut Vm, t: &PyRef) -> PyResult<()> {
    let td = t.as_type().unwrap();
    let dict = types::type_dict(t);
    let bases = td.bases.borrow().clone();
    // The base whose slot layout the class extends; every other base's layout must be a prefix.
    let mut best: Vec<(Weak<Object>, Rc<str>)> = Vec::new();
    for b in &bases {
        let layout = b.as_type().unwrap().slot_members.borrow().clone();
        let (long, short) = if layout.len() >= best.len() { (&layout, &best) } else { (&best, &layout) };
        let prefix = short.iter().zip(long.iter()).all(|(a, b)| a.0.ptr_eq(&b.0) && a.1 == b.1);
        if !prefix {
            return Err(vm.new_type_error("multiple bases have instance lay-out conflict"));
        }
        if layout.len() > best.len() {
            best = layout;
        }
    }
    let base_has_dict = bases.iter().any(|b| b.as_type().unwrap().instance_dict.get());
    let base_weak = bases.iter().any(|b| b.as_type().unwrap().weakrefable.get());
    let Some(slots) = vm.dict_get_str(&dict, "__slots__") else {
        td.instance_dict.set(true);
        td.weakrefable.set(true);
        *td.slot_members.borrow_mut() = best;
        return add_dict_and_weakref(vm, t, !base_has_dict, !base_weak);
    };
    let items: Vec<Value> = if slots.as_str().is_some() { vec![slots] } else { vm.collect(&slots)? };
    let (mut add_dict, mut add_weak) = (false, false);
    let mut declared: Vec<Rc<str>> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for item in &items {
        let Some(s) = item.as_str() else {
            return Err(vm.new_type_error(format!("__slots__ items must be strings, not '{}'", vm.type_name(item))));
        };
        let s = s.as_str();
        if !crate::strmethods::is_identifier(s) {
            return Err(vm.new_type_error("__slots__ must be identifiers"));
        }
        declared.push(s.into());
        if s == "__dict__" {
            if base_has_dict || add_dict {
                return Err(vm.new_type_error("__dict__ slot disallowed: we already got one"));
            }
            add_dict = true;
            continue;
        }
        if s == "__weakref__" {
            if base_weak || add_weak || variable_size(td.layout) {
                return Err(
                    vm.new_type_error("__weakref__ slot disallowed: either we already got one, or __itemsize__ != 0")
                );
            }
            add_weak = true;
            continue;
        }
        let m = mangle(&td.name(), s);
        if !names.contains(&m) {
            names.push(m);
        }
    }
    if !names.is_empty() && variable_size(td.layout) {
        let base = bases.iter().find(|b| b.as_type().unwrap().layout == td.layout).unwrap_or(&bases[0]);
        return Err(vm.new_type_error(format!(
            "nonempty __slots__ not supported for subtype of '{}'",
            base.as_type().unwrap().name()
        )));
    }
    // A slot may not shadow a class attribute (CPython checks the namespace, before sorting).
    for n in &names {
        if vm.dict_get_str(&dict, n).is_some() {
            let r = crate::objects::strtype::str_repr(n);
            return Err(vm.new_value_error(format!("{r} in __slots__ conflicts with class variable")));
        }
    }
    names.sort();
    *td.slots.borrow_mut() = Some(declared);
    let mut layout = best;
    for n in names {
        let name: Rc<str> = n.as_str().into();
        let descr = MemberDescr { name: name.clone(), owner: Rc::downgrade(t), index: layout.len() };
        layout.push((Rc::downgrade(t), name));
        let d = Object::new(vm.types.member_descriptor.clone(), Payload::Native(Box::new(descr)));
        vm.dict_set_str(&dict, &n, Value::Obj(d));
    }
    *td.slot_members.borrow_mut() = layout;
    // Slotted instances of a builtin layout other than `object` keep their values in the
    // instance dict (hidden unless a class of the chain has `__dict__`).
    td.instance_dict.set(base_has_dict || add_dict || td.layout != Layout::Object);
    td.weakrefable.set(base_weak || add_weak);
    add_dict_and_weakref(vm, t, add_dict, add_weak)
}

/// The `__dict__` and `__weakref__` getsets of the first class of a chain whose instances
/// carry them (CPython's `type_new_descriptors`).
fn add_dict_and_weakref(vm: &mut Vm, t: &PyRef, add_dict: bool, add_weak: bool) -> PyResult<()> {
    let dict = types::type_dict(t);
    let mro: Vec<PyRef> = t.as_type().unwrap().mro.borrow().iter().skip(1).cloned().collect();
    let inherited = |vm: &Vm, n: &str| mro.iter().any(|c| vm.dict_get_str(&types::type_dict(c), n).is_some());
    if add_dict && !inherited(vm, "__dict__") && vm.dict_get_str(&dict, "__dict__").is_none() {
        use crate::objects::core::{object_dict_del, object_dict_get, object_dict_set};
        vm.add_getset_del(t, "__dict__", object_dict_get, object_dict_set, object_dict_del);
    }
    if add_weak && !inherited(vm, "__weakref__") && vm.dict_get_str(&dict, "__weakref__").is_none() {
        vm.add_getset(t, "__weakref__", object_weakref_get, None);
    }
    Ok(())
}

/// `obj.__weakref__`: CPython gives the first weak reference to `obj`; pyrite's weak
/// references are not listed on their referent, so this is always None.
fn object_weakref_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "__weakref__", 1)?;
    Ok(crate::weakref::first_ref(&args.args[0]))
}

/// `(__basicsize__, __dictoffset__, __weakrefoffset__)` of a class whose instances have the
/// plain object layout, as CPython 3.11 computes them on a 64-bit build (the dict is managed
/// in front of the object, the weak-reference list follows the slots of the class adding it).
pub fn object_layout_sizes(t: &PyRef) -> Option<(i64, i64, i64)> {
    let td = t.as_type()?;
    if td.layout != Layout::Object {
        return None;
    }
    if !td.is_heap() {
        return Some((16, 0, 0));
    }
    let nslots = td.slot_members.borrow().len() as i64;
    let weak = td.weakrefable.get();
    let basic = 16 + 8 * nslots + if weak { 8 } else { 0 };
    let dictoffset = if td.instance_dict.get() { -(basic + 24) } else { 0 };
    let weakoffset = if weak {
        // The most basic class of the chain whose instances are weakly referenceable.
        let mro = td.mro.borrow();
        let adder = mro.iter().rev().find(|c| c.as_type().is_some_and(|c| c.is_heap() && c.weakrefable.get()));
        16 + 8 * adder.map_or(nslots, |c| c.as_type().unwrap().slot_members.borrow().len() as i64)
    } else {
        0
    };
    Some((basic, dictoffset, weakoffset))
}

/// `(__basicsize__, __itemsize__, __dictoffset__, __weakrefoffset__)` of any type, as CPython
/// 3.11 on a 64-bit build: a builtin type's are declared (`builtin_docs::builtin_layout`; one
/// missing there reports its base's), a class's derive from the base it extends as
/// `type_new_descriptors` derives them (slots, then the weak-reference list, then the dict:
/// managed in front of the object, or at -8 past a variable-size base).
pub fn type_layout(vm: &Vm, t: &PyRef) -> (i64, i64, i64, i64) {
    let Some(td) = t.as_type() else { return (16, 0, 0, 0) };
    if !td.is_heap() {
        if let Some(l) = crate::objects::builtin_docs::builtin_layout(&td.tp_name()) {
            return l;
        }
        // A native type CPython builds otherwise (ExceptionGroup is a heap type there, the types
        // of other modules are not listed): its base's layout.
        let base = td.bases.borrow().first().cloned();
        return base.map_or((16, 0, 0, 0), |b| type_layout(vm, &b));
    }
    if let Some((basic, dict, weak)) = object_layout_sizes(t) {
        return (basic, 0, dict, weak);
    }
    // The base extended (CPython's `tp_base`): the nearest one of the same layout, so mixins of
    // plain object layout are passed over.
    let base = td.mro.borrow().iter().skip(1).find(|c| c.as_type().is_some_and(|c| c.layout == td.layout)).cloned();
    let (base_basic, item, base_dict, base_weak) = base.as_ref().map_or((16, 0, 0, 0), |b| type_layout(vm, b));
    let inherited_slots = base.as_ref().and_then(|b| b.as_type()).map_or(0, |b| b.slot_members.borrow().len());
    let mut offset = base_basic + 8 * td.slot_members.borrow().len().saturating_sub(inherited_slots) as i64;
    // Slotted classes of builtin layouts keep hidden slot values in a dict (see `type_new_slots`):
    // only a visible `__dict__` counts.
    let add_dict = base_dict == 0 && td.instance_dict.get() && vm.slot_names(t).is_none();
    let mut dict = base_dict;
    if add_dict && item != 0 {
        dict = -8;
        offset += 8;
    }
    let mut weak = base_weak;
    if base_weak == 0 && item == 0 && td.weakrefable.get() {
        weak = offset;
        offset += 8;
    }
    if add_dict && item == 0 {
        dict = -offset - 24;
    }
    (offset, item, dict, weak)
}

/// A new instance payload for `cls`: its slots, all unset (or `None` without slots).
pub fn new_payload(cls: &PyRef) -> Payload {
    let n = cls.as_type().map(|t| t.slot_members.borrow().len()).unwrap_or(0);
    if n == 0 {
        return Payload::None;
    }
    // Filled in one pass (`vec![None; n]` clones its element through a generic loop).
    let mut slots = Vec::with_capacity(n);
    slots.resize_with(n, || None);
    Payload::Slots(std::cell::RefCell::new(slots.into_boxed_slice()))
}

/// Checks that `obj` is an instance of the descriptor's class (`descr_check`).
fn check<'a>(vm: &Vm, descr: &'a Value, obj: &Value) -> PyResult<&'a MemberDescr> {
    let m = as_member(descr).ok_or_else(|| vm.new_type_error("descriptor requires a 'member_descriptor'"))?;
    crate::objects::descr::descr_check(vm, descr, obj)?;
    Ok(m)
}

/// Reads slot `descr` of `obj` (`PyMember_GetOne` with `T_OBJECT_EX`).
pub fn member_get_value(vm: &mut Vm, descr: &Value, obj: &Value) -> PyResult<Value> {
    let m = check(vm, descr, obj)?;
    let found = match obj.payload() {
        Some(Payload::Slots(s)) => s.try_borrow().ok().and_then(|s| s.get(m.index).cloned().flatten()),
        Some(Payload::Exception(e)) => e.slots.try_borrow().ok().and_then(|s| s.get(m.index).cloned().flatten()),
        _ => match obj.as_obj().and_then(|o| vm.instance_dict(o)) {
            Some(d) => vm.dict_get_str(&d, &m.name),
            None => None,
        },
    };
    found.ok_or_else(|| {
        vm.new_attribute_error(obj, &m.name, format!("'{}' object has no attribute '{}'", vm.type_name(obj), m.name))
    })
}

/// Writes (or with `None`, deletes) slot `descr` of `obj` (`PyMember_SetOne`).
pub fn member_set_value(vm: &mut Vm, descr: &Value, obj: &Value, value: Option<Value>) -> PyResult<()> {
    let m = check(vm, descr, obj)?;
    let deleting = value.is_none();
    let old = match obj.payload() {
        Some(Payload::Slots(s)) => match s.try_borrow_mut() {
            Ok(mut s) => s.get_mut(m.index).and_then(|cell| std::mem::replace(cell, value)),
            Err(_) => return Err(vm.new_runtime_error("slot storage is busy")),
        },
        Some(Payload::Exception(e)) => match e.slots.try_borrow_mut() {
            Ok(mut s) => {
                if s.len() <= m.index {
                    s.resize(m.index + 1, None);
                }
                std::mem::replace(&mut s[m.index], value)
            }
            Err(_) => return Err(vm.new_runtime_error("slot storage is busy")),
        },
        _ => {
            let Some(d) = obj.as_obj().and_then(|o| vm.instance_dict(o)) else {
                return Err(vm.new_type_error("slot storage missing"));
            };
            let key = vm.new_str(&*m.name);
            match value {
                Some(v) => {
                    crate::dict::set_item(vm, &d, key, v)?;
                    Some(Value::None)
                }
                None => crate::dict::del_item(vm, &d, &key)?,
            }
        }
    };
    if deleting && old.is_none() {
        return Err(vm.new_attribute_error(obj, &m.name, m.name.to_string()));
    }
    drop(old);
    Ok(())
}
