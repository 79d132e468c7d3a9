//! VM stage: set algebra — union, intersection, difference, symmetric difference, their
//! in-place and `*_update` forms, subset and disjointness tests — following CPython 3.11's
//! setobject.c step by step. Which operand is copied first, which is iterated and which is
//! probed decides the result's table layout, and so the iteration order Python code sees;
//! keeping those choices identical keeps printed sets identical.
//!
//! Operands are iterated through snapshots of their entries (hash and key, in table order), so
//! an `__eq__` that mutates a set never invalidates an iteration.

use crate::func::{Args, MethodDef};
use crate::set::{self, SetData};
use crate::value::{Object, Payload, Value};
use crate::vm::{PyResult, Vm};
use std::cell::RefCell;

fn is_anyset(v: &Value) -> bool {
    matches!(v.payload(), Some(Payload::Set(_)) | Some(Payload::FrozenSet(..)))
}

/// Exactly `set` or `frozenset` (`PyAnySet_CheckExact`).
fn is_anyset_exact(vm: &Vm, v: &Value) -> bool {
    matches!(v, Value::Obj(o) if o.class_is(&vm.types.set) || o.class_is(&vm.types.frozenset))
}

fn set_size(v: &Value) -> usize {
    v.as_obj().and_then(|o| set::with_set_data(o, |d| d.len())).unwrap_or(0)
}

/// The entries of a set or frozenset in table order (`set_next`).
fn entries(v: &Value) -> Vec<(i64, Value)> {
    v.as_obj()
        .and_then(|o| set::with_set_data(o, |d| d.iter().map(|(h, k)| (h, k.clone())).collect()))
        .unwrap_or_default()
}

fn cell_of(v: &Value) -> &RefCell<SetData> {
    match v.payload() {
        Some(Payload::Set(c)) => c,
        _ => unreachable!("a mutable set operand"),
    }
}

/// `set_contains_entry` on a set or frozenset.
fn contains_entry(vm: &mut Vm, so: &Value, key: &Value, hash: i64) -> PyResult<bool> {
    match so.payload() {
        Some(Payload::Set(c)) => set::contains_hashed(vm, c, key, hash),
        Some(Payload::FrozenSet(d, _)) => set::frozen_contains_hashed(vm, d, key, hash),
        _ => unreachable!("a set operand"),
    }
}

/// A new, empty set of `like`'s base type (`make_new_set_basetype`).
fn new_like(vm: &Vm, like: &Value, data: SetData) -> Value {
    let frozen = matches!(like.payload(), Some(Payload::FrozenSet(..)));
    Value::Obj(if frozen {
        Object::new(vm.types.frozenset.clone(), Payload::FrozenSet(data, std::cell::Cell::new(None)))
    } else {
        Object::new(vm.types.set.clone(), Payload::Set(RefCell::new(data)))
    })
}

/// A set object around `data`, for the rare intermediate result that must be probed like an
/// operand (`intersection` with several arguments, `issubset` of an iterable).
fn new_work(vm: &Vm, data: SetData) -> Value {
    Value::Obj(Object::new(vm.types.set.clone(), Payload::Set(RefCell::new(data))))
}

/// The data of `so` copied as `set_copy` copies it (`set_merge` into an empty table).
fn copy_data(so: &Value) -> SetData {
    let mut d = SetData::new();
    if let Some(o) = so.as_obj() {
        set::with_set_data(o, |src| d.merge(src));
    }
    d
}

/// `set_update_internal`: adds every element of `other` to the set `so`.
pub fn update_internal(vm: &mut Vm, so: &Value, other: &Value) -> PyResult<()> {
    if so.is(other) {
        return Ok(());
    }
    update_cell(vm, cell_of(so), other)
}

/// `set_update_internal` on a table that is not `other`'s.
fn update_cell(vm: &mut Vm, cell: &RefCell<SetData>, other: &Value) -> PyResult<()> {
    if let Some(o) = other.as_obj() {
        // Merging runs no Python code, so both tables can be borrowed at once.
        if let Payload::Set(oc) = &o.payload {
            cell.borrow_mut().merge(&oc.borrow());
            return Ok(());
        }
        if let Payload::FrozenSet(d, _) = &o.payload {
            cell.borrow_mut().merge(d);
            return Ok(());
        }
        if o.class_is(&vm.types.dict) {
            let items: Vec<(i64, Value)> =
                crate::dict::dict_cell(o).borrow().iter().map(|e| (e.hash, e.key.clone())).collect();
            cell.borrow_mut().reserve_for(items.len());
            for (h, k) in items {
                set::add_hashed(vm, cell, k, h)?;
            }
            return Ok(());
        }
    }
    let it = vm.iter(other)?;
    while let Some(k) = vm.next(&it)? {
        set::add(vm, cell, k)?;
    }
    Ok(())
}

/// `set_intersection`: the elements of `so` in `other`.
fn intersection(vm: &mut Vm, so: &Value, other: &Value) -> PyResult<SetData> {
    if so.is(other) {
        return Ok(copy_data(so));
    }
    let result = RefCell::new(SetData::new());
    if is_anyset(other) {
        // Iterate the smaller, probe the larger.
        let (big, small) = if set_size(other) > set_size(so) { (other, so) } else { (so, other) };
        for (h, k) in entries(small) {
            if contains_entry(vm, big, &k, h)? {
                set::add_hashed(vm, &result, k, h)?;
            }
        }
    } else {
        let it = vm.iter(other)?;
        while let Some(k) = vm.next(&it)? {
            let h = vm.hash(&k)?;
            if contains_entry(vm, so, &k, h)? {
                set::add_hashed(vm, &result, k, h)?;
            }
        }
    }
    Ok(result.into_inner())
}

/// `set_intersection_multi`.
fn intersection_multi(vm: &mut Vm, so: &Value, others: &[Value]) -> PyResult<SetData> {
    let Some((first, rest)) = others.split_first() else { return Ok(copy_data(so)) };
    let mut result = intersection(vm, so, first)?;
    for other in rest {
        let operand = new_work(vm, result);
        result = intersection(vm, &operand, other)?;
    }
    Ok(result)
}

/// `set_difference_update_internal`: removes the elements of `other` from the set `so`.
fn difference_update_internal(vm: &mut Vm, so: &Value, other: &Value) -> PyResult<()> {
    if so.is(other) {
        clear(cell_of(so));
        return Ok(());
    }
    difference_update_cell(vm, cell_of(so), other)
}

/// `set_difference_update_internal` on a table that is not `other`'s.
fn difference_update_cell(vm: &mut Vm, cell: &RefCell<SetData>, other: &Value) -> PyResult<()> {
    if is_anyset(other) {
        for (h, k) in entries(other) {
            set::discard_hashed(vm, cell, &k, h)?;
        }
    } else {
        let it = vm.iter(other)?;
        while let Some(k) = vm.next(&it)? {
            set::discard(vm, cell, &k)?;
        }
    }
    cell.borrow_mut().compact_dummies();
    Ok(())
}

/// Empties a set (`set_clear_internal`), dropping its elements after the borrow.
fn clear(cell: &RefCell<SetData>) {
    let old = std::mem::take(&mut *cell.borrow_mut());
    drop(old);
}

/// `set_copy_and_difference`.
fn copy_and_difference(vm: &mut Vm, so: &Value, other: &Value) -> PyResult<SetData> {
    let result = RefCell::new(copy_data(so));
    difference_update_cell(vm, &result, other)?;
    Ok(result.into_inner())
}

/// `set_difference`: the elements of `so` not in `other`.
fn difference(vm: &mut Vm, so: &Value, other: &Value) -> PyResult<SetData> {
    let exact_dict = matches!(other, Value::Obj(o) if o.class_is(&vm.types.dict));
    let other_size = if is_anyset(other) {
        set_size(other)
    } else if exact_dict {
        crate::dict::dict_cell(other.as_obj().unwrap()).borrow().len()
    } else {
        return copy_and_difference(vm, so, other);
    };
    // Much larger than `other`: copying and removing is cheaper.
    if (set_size(so) >> 2) > other_size {
        return copy_and_difference(vm, so, other);
    }
    let result = RefCell::new(SetData::new());
    for (h, k) in entries(so) {
        let present = if exact_dict {
            crate::dict::get_item_hashed(vm, other.as_obj().unwrap(), &k, h)?.is_some()
        } else {
            contains_entry(vm, other, &k, h)?
        };
        if !present {
            set::add_hashed(vm, &result, k, h)?;
        }
    }
    Ok(result.into_inner())
}

/// `set_symmetric_difference_update`.
fn symmetric_difference_update(vm: &mut Vm, so: &Value, other: &Value) -> PyResult<()> {
    if so.is(other) {
        clear(cell_of(so));
        return Ok(());
    }
    symmetric_difference_update_cell(vm, cell_of(so), other)
}

/// `set_symmetric_difference_update` on a table that is not `other`'s.
fn symmetric_difference_update_cell(vm: &mut Vm, cell: &RefCell<SetData>, other: &Value) -> PyResult<()> {
    let items: Vec<(i64, Value)> = match other {
        Value::Obj(o) if o.class_is(&vm.types.dict) => {
            crate::dict::dict_cell(o).borrow().iter().map(|e| (e.hash, e.key.clone())).collect()
        }
        _ if is_anyset(other) => entries(other),
        _ => {
            let tmp = RefCell::new(SetData::new());
            update_cell(vm, &tmp, other)?;
            let items = tmp.borrow().iter().map(|(h, k)| (h, k.clone())).collect();
            items
        }
    };
    for (h, k) in items {
        if !set::discard_hashed(vm, cell, &k, h)? {
            set::add_hashed(vm, cell, k, h)?;
        }
    }
    Ok(())
}

/// `set_symmetric_difference`: built from `other` first, then updated with `so`.
fn symmetric_difference(vm: &mut Vm, so: &Value, other: &Value) -> PyResult<SetData> {
    let result = RefCell::new(SetData::new());
    update_cell(vm, &result, other)?;
    symmetric_difference_update_cell(vm, &result, so)?;
    Ok(result.into_inner())
}

/// `set_union` / `set_or`: a copy of `so` updated with each of `others`.
fn union(vm: &mut Vm, so: &Value, others: &[Value]) -> PyResult<SetData> {
    let result = RefCell::new(copy_data(so));
    for other in others {
        if so.is(other) {
            continue;
        }
        update_cell(vm, &result, other)?;
    }
    Ok(result.into_inner())
}

/// `set_issubset`: every element of the set `so` is in `other` (any iterable).
pub fn issubset(vm: &mut Vm, so: &Value, other: &Value) -> PyResult<bool> {
    if !is_anyset(other) {
        let tmp = RefCell::new(SetData::new());
        update_cell(vm, &tmp, other)?;
        let tmp = new_work(vm, tmp.into_inner());
        return issubset(vm, so, &tmp);
    }
    if set_size(so) > set_size(other) {
        return Ok(false);
    }
    for (h, k) in entries(so) {
        if !contains_entry(vm, other, &k, h)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `set_issuperset`: every element of `other` (any iterable) is in the set `so`.
pub fn issuperset(vm: &mut Vm, so: &Value, other: &Value) -> PyResult<bool> {
    if is_anyset(other) {
        return issubset(vm, other, so);
    }
    let it = vm.iter(other)?;
    while let Some(k) = vm.next(&it)? {
        let h = vm.hash(&k)?;
        if !contains_entry(vm, so, &k, h)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `set_isdisjoint`.
fn isdisjoint(vm: &mut Vm, so: &Value, other: &Value) -> PyResult<bool> {
    if so.is(other) {
        return Ok(set_size(so) == 0);
    }
    if is_anyset_exact(vm, other) {
        let (big, small) = if set_size(other) > set_size(so) { (other, so) } else { (so, other) };
        for (h, k) in entries(small) {
            if contains_entry(vm, big, &k, h)? {
                return Ok(false);
            }
        }
        return Ok(true);
    }
    let it = vm.iter(other)?;
    while let Some(k) = vm.next(&it)? {
        let h = vm.hash(&k)?;
        if contains_entry(vm, so, &k, h)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Replaces the contents of the set `so` with `data` (`set_swap_bodies`).
fn take_body(so: &Value, data: SetData) {
    let old = std::mem::replace(&mut *cell_of(so).borrow_mut(), data);
    drop(old);
}

// ---- the methods ----

fn union_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.varargs(vm, "union", 0, usize::MAX)?;
    let r = union(vm, &a[0], &a[1..])?;
    Ok(new_like(vm, &a[0], r))
}

fn intersection_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.varargs(vm, "intersection", 0, usize::MAX)?;
    let r = intersection_multi(vm, &a[0], &a[1..])?;
    Ok(new_like(vm, &a[0], r))
}

/// `set_difference_multi`: the first difference, then the others removed from it in place.
fn difference_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.varargs(vm, "difference", 0, usize::MAX)?;
    let so = &a[0];
    let Some(first) = a.get(1) else { return Ok(new_like(vm, so, copy_data(so))) };
    let result = RefCell::new(difference(vm, so, first)?);
    for other in &a[2..] {
        difference_update_cell(vm, &result, other)?;
    }
    Ok(new_like(vm, so, result.into_inner()))
}

fn symmetric_difference_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "symmetric_difference")?;
    let r = symmetric_difference(vm, &a[0], &a[1])?;
    Ok(new_like(vm, &a[0], r))
}

fn isdisjoint_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "isdisjoint")?;
    Ok(Value::Bool(isdisjoint(vm, &a[0], &a[1])?))
}

fn update_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.varargs(vm, "update", 0, usize::MAX)?;
    for other in &a[1..] {
        update_internal(vm, &a[0], other)?;
    }
    Ok(Value::None)
}

fn intersection_update_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.varargs(vm, "intersection_update", 0, usize::MAX)?;
    let tmp = intersection_multi(vm, &a[0], &a[1..])?;
    take_body(&a[0], tmp);
    Ok(Value::None)
}

fn difference_update_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.varargs(vm, "difference_update", 0, usize::MAX)?;
    for other in &a[1..] {
        difference_update_internal(vm, &a[0], other)?;
    }
    Ok(Value::None)
}

fn symmetric_difference_update_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "symmetric_difference_update")?;
    symmetric_difference_update(vm, &a[0], &a[1])?;
    Ok(Value::None)
}

/// The binary operators: both operands must be sets or frozensets; the result has the left
/// operand's base type.
fn binary(
    vm: &mut Vm,
    args: Args,
    name: &str,
    op: fn(&mut Vm, &Value, &Value) -> PyResult<SetData>,
) -> PyResult<Value> {
    let a = args.wrapper(vm, name, 1)?;
    if !is_anyset(&a[1]) {
        return Ok(vm.not_implemented());
    }
    let r = op(vm, &a[0], &a[1])?;
    Ok(new_like(vm, &a[0], r))
}

/// `a | b`, `a & b`, `a - b`, `a ^ b` for exact sets and frozensets on both sides: what their
/// `__or__` (etc.) computes, called by the interpreter without looking the method up. `None`
/// for any other operands or operator.
pub fn exact_binary(vm: &mut Vm, a: &Value, b: &Value, op: u32) -> Option<PyResult<Value>> {
    use bytecode::opcode::{NB_AND, NB_OR, NB_SUBTRACT, NB_XOR};
    if !matches!(op, NB_OR | NB_AND | NB_SUBTRACT | NB_XOR) || !is_anyset_exact(vm, a) || !is_anyset_exact(vm, b) {
        return None;
    }
    let r = match op {
        NB_OR => union(vm, a, std::slice::from_ref(b)),
        NB_AND => intersection(vm, a, b),
        NB_SUBTRACT => difference(vm, a, b),
        _ => symmetric_difference(vm, a, b),
    };
    Some(r.map(|data| new_like(vm, a, data)))
}

fn or_op(vm: &mut Vm, args: Args) -> PyResult<Value> {
    binary(vm, args, "__or__", |vm, a, b| union(vm, a, std::slice::from_ref(b)))
}

fn and_op(vm: &mut Vm, args: Args) -> PyResult<Value> {
    binary(vm, args, "__and__", intersection)
}

fn sub_op(vm: &mut Vm, args: Args) -> PyResult<Value> {
    binary(vm, args, "__sub__", difference)
}

fn xor_op(vm: &mut Vm, args: Args) -> PyResult<Value> {
    binary(vm, args, "__xor__", symmetric_difference)
}

/// The in-place operators: the set itself, updated.
fn inplace(vm: &mut Vm, args: Args, name: &str, op: fn(&mut Vm, &Value, &Value) -> PyResult<()>) -> PyResult<Value> {
    let a = args.wrapper(vm, name, 1)?;
    if !is_anyset(&a[1]) {
        return Ok(vm.not_implemented());
    }
    op(vm, &a[0], &a[1])?;
    Ok(a[0].clone())
}

fn ior_op(vm: &mut Vm, args: Args) -> PyResult<Value> {
    inplace(vm, args, "__ior__", update_internal)
}

fn iand_op(vm: &mut Vm, args: Args) -> PyResult<Value> {
    inplace(vm, args, "__iand__", |vm, so, other| {
        let tmp = intersection(vm, so, other)?;
        take_body(so, tmp);
        Ok(())
    })
}

fn isub_op(vm: &mut Vm, args: Args) -> PyResult<Value> {
    inplace(vm, args, "__isub__", difference_update_internal)
}

fn ixor_op(vm: &mut Vm, args: Args) -> PyResult<Value> {
    inplace(vm, args, "__ixor__", symmetric_difference_update)
}

/// Methods shared by set and frozenset.
pub const ANYSET_ALGEBRA: &[MethodDef] = &[
    ("union", union_m, "Return the union of sets as a new set."),
    ("intersection", intersection_m, "Return the intersection of two sets as a new set."),
    ("difference", difference_m, "Return the difference of two or more sets as a new set."),
    ("symmetric_difference", symmetric_difference_m, "Return the symmetric difference of two sets as a new set."),
    ("isdisjoint", isdisjoint_m, "Return True if two sets have a null intersection."),
    ("__or__", or_op, "Return self|value."),
    ("__and__", and_op, "Return self&value."),
    ("__sub__", sub_op, "Return self-value."),
    ("__xor__", xor_op, "Return self^value."),
];

/// Methods of set only.
pub const SET_ALGEBRA: &[MethodDef] = &[
    ("update", update_m, "Update a set with the union of itself and others."),
    ("intersection_update", intersection_update_m, "Update a set with the intersection of itself and another."),
    ("difference_update", difference_update_m, "Remove all elements of another set from this set."),
    (
        "symmetric_difference_update",
        symmetric_difference_update_m,
        "Update a set with the symmetric difference of itself and another.",
    ),
    ("__ior__", ior_op, "Return self|=value."),
    ("__iand__", iand_op, "Return self&=value."),
    ("__isub__", isub_op, "Return self-=value."),
    ("__ixor__", ixor_op, "Return self^=value."),
];
