//! VM stage: pickling of the builtin iterators (`__reduce__` / `__setstate__`) as CPython 3.11:
//! sequence iterators reduce to `iter(seq)` plus an index, range iterators to their range and an
//! index, dict and set iterators to `iter(list of what remains)`, and `enumerate`, `zip`, `map`,
//! `filter`, `reversed` and `iter(callable, sentinel)` to their constructor and arguments.
//! Reducing never advances the iterator; an exhausted one reduces to an empty iterator of the
//! same family, as CPython's.

use crate::func::Args;
use crate::iter::IterState;
use crate::value::{Object, Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};
use std::cell::RefCell;

/// `PyLong_AsSsize_t`: an int (no `__index__`), else "an integer is required".
pub(crate) fn as_ssize_t(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        _ => match v.payload() {
            Some(Payload::Int(b)) => {
                b.to_i64().ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C ssize_t"))
            }
            _ => Err(vm.new_type_error("an integer is required")),
        },
    }
}

/// `PyLong_AsLong`: `__index__` conversion, OverflowError beyond a C long.
fn as_long(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    if let Value::Int(i) = v {
        return Ok(*i);
    }
    let b = vm.to_index(v)?;
    b.to_i64().ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C long"))
}

/// The name of the builtin type an iterator object is an instance of (a Python subclass of
/// `enumerate` and the like counts as its builtin base).
fn builtin_name(o: &PyRef) -> String {
    let t = o.class();
    let mro = t.as_type().map(|td| td.mro.borrow().clone()).unwrap_or_default();
    mro.iter()
        .find(|c| c.as_type().is_some_and(|td| !td.is_heap()))
        .and_then(|c| c.as_type().map(|td| td.name().to_string()))
        .unwrap_or_default()
}

/// `_PyEval_GetBuiltin`: a full dict lookup (a key's `__eq__` may run), AttributeError when
/// the name is gone.
fn builtin_fn(vm: &mut Vm, name: &str) -> PyResult<Value> {
    let key = vm.new_str(name);
    let builtins = vm.builtins_dict.clone();
    match crate::dict::get_item(vm, &builtins, &key)? {
        Some(v) => Ok(v),
        None => Err(vm.new_exception_args(&vm.exc.attribute_error.clone(), vec![key])),
    }
}

/// `(iter, (seq,))`.
fn iter_of(vm: &Vm, iter: Value, seq: Value) -> Value {
    vm.new_tuple(vec![iter, vm.new_tuple(vec![seq])])
}

/// `(f, args, state)`.
fn with_state(vm: &Vm, f: Value, args: Vec<Value>, state: Value) -> Value {
    vm.new_tuple(vec![f, vm.new_tuple(args), state])
}

/// What an exhausted iterator of the builtin type `name` reduces to (its `it_seq` is NULL):
/// an empty list for the list iterators, an empty str for the str ones, else an empty tuple.
fn exhausted(vm: &Vm, iter: Value, o: &PyRef, name: &str) -> Value {
    match name {
        "list_iterator" | "list_reverseiterator" => iter_of(vm, iter, vm.new_list(vec![])),
        "str_iterator" | "str_ascii_iterator" => iter_of(vm, iter, vm.new_str("")),
        "reversed" => iter_of(vm, Value::Obj(o.class()), vm.new_tuple(vec![])),
        _ => iter_of(vm, iter, vm.new_tuple(vec![])),
    }
}

/// The rest of a dict or set iterator as a list, read from a copy of its position
/// (`dictiter_reduce` / `setiter_reduce` list a copy of the iterator).
fn remaining(vm: &mut Vm, state: &RefCell<IterState>) -> PyResult<Value> {
    let mut items = Vec::new();
    match &*state.borrow() {
        IterState::Dict { dict, pos, len, kind } => {
            let d = crate::dict::dict_cell(dict).borrow();
            if d.len() != *len {
                drop(d);
                return Err(vm.new_runtime_error("dictionary changed size during iteration"));
            }
            for p in *pos..d.entries_len() {
                if let Some(e) = d.entry_at(p) {
                    items.push(match kind {
                        crate::dict::ViewKind::Keys => e.key.clone(),
                        crate::dict::ViewKind::Values => e.value.clone(),
                        crate::dict::ViewKind::Items => vm.new_tuple(vec![e.key.clone(), e.value.clone()]),
                    });
                }
            }
        }
        IterState::Set { set, pos, len } => {
            let same = crate::set::with_set_data(set, |d| {
                if d.len() != *len {
                    return false;
                }
                items.extend((*pos..d.capacity()).filter_map(|p| d.slot(p).map(|(_, k)| k.clone())));
                true
            });
            if same != Some(true) {
                return Err(vm.new_runtime_error("Set changed size during iteration"));
            }
        }
        _ => {}
    }
    Ok(vm.new_list(items))
}

/// `rangeiter_reduce` / `longrangeiter_reduce`: `(iter, (range(start, start + len*step,
/// step),), index)`, the index clipped to the length.
fn range_reduce(vm: &mut Vm, iter: Value, start: BigInt, next: BigInt, stop: BigInt, step: BigInt) -> PyResult<Value> {
    let len = crate::objects::runtime::range_len(&start, &stop, &step);
    let done = &next - &start;
    // Ceiling division: an i64 range whose last step would overflow parks `next` at `stop`.
    let (q, r) = (&done / &step, &done % &step);
    let index = if r.is_zero() { q } else { q + 1 };
    let index = index.clamp(BigInt::zero(), len.clone());
    let end = &start + &len * &step;
    let range = Value::Obj(Object::new(
        vm.types.range.clone(),
        Payload::Range(Box::new(crate::value::RangeData { start, stop: end, step, len })),
    ));
    let index = vm.new_bigint(index);
    Ok(with_state(vm, iter, vec![range], index))
}

/// `__reduce__` of every native iterator.
fn iter_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__reduce__")?;
    let this = &a[0];
    let (Some(o), Some(Payload::Iter(st))) = (this.as_obj(), this.payload()) else {
        return Err(vm.new_type_error(format!("cannot pickle '{}' object", vm.type_name(this))));
    };
    let name = builtin_name(o);
    let cls = Value::Obj(o.class());
    // A dict or set iterator lists what remains first (`dictiter_reduce`, `setiter_reduce`);
    // the others look the builtins up first, since the lookup may run Python code that
    // advances or exhausts this iterator (CPython's gh-101765 ordering).
    let rest = if matches!(&*st.borrow(), IterState::Dict { .. } | IterState::Set { .. }) {
        Some(remaining(vm, st)?)
    } else {
        None
    };
    let own_class = matches!(name.as_str(), "enumerate" | "zip" | "map" | "filter" | "reversed");
    let iter = if own_class { Value::None } else { builtin_fn(vm, "iter")? };
    let reversed = if name == "list_reverseiterator" { Some(builtin_fn(vm, "reversed")?) } else { None };
    // Reducing reads the state only; the borrow ends before any Python code can run.
    let snapshot = match &*st.borrow() {
        IterState::Seq { seq, index } => Snapshot::Seq(seq.clone(), *index as i64),
        IterState::Range { next, stop, step, start } => {
            Snapshot::Range((*start).into(), (*next).into(), (*stop).into(), (*step).into())
        }
        IterState::BigRange { next, stop, step, start } => {
            Snapshot::Range(start.clone(), next.clone(), stop.clone(), step.clone())
        }
        IterState::Dict { .. } | IterState::Set { .. } => Snapshot::Remaining,
        IterState::GetItem { obj, index } => Snapshot::Seq(obj.clone(), *index),
        IterState::Callable { func, sentinel } => Snapshot::Args(vec![func.clone(), sentinel.clone()]),
        IterState::Enumerate { it, count, big, .. } => {
            Snapshot::Enumerate(it.clone(), big.clone().unwrap_or_else(|| (*count).into()))
        }
        IterState::Zip { its, strict, .. } => Snapshot::Zip(its.clone(), *strict),
        IterState::Map { func, its } => Snapshot::Args([vec![func.clone()], its.clone()].concat()),
        IterState::Filter { func, it } => Snapshot::Args(vec![func.clone(), it.clone()]),
        IterState::Reversed { seq, index } => Snapshot::Reversed(seq.clone(), *index),
        IterState::Exhausted => Snapshot::Exhausted,
    };
    match snapshot {
        Snapshot::Seq(seq, _) if matches!(seq.payload(), Some(Payload::MemoryView(_))) => {
            Err(vm.new_type_error(format!("cannot pickle '{}' object", vm.type_name(this))))
        }
        Snapshot::Seq(seq, index) => Ok(with_state(vm, iter, vec![seq], Value::Int(index))),
        Snapshot::Range(start, next, stop, step) => range_reduce(vm, iter, start, next, stop, step),
        Snapshot::Remaining => Ok(iter_of(vm, iter, rest.unwrap_or_else(|| vm.new_list(vec![])))),
        Snapshot::Args(items) => {
            let f = if name == "callable_iterator" { iter } else { cls };
            Ok(vm.new_tuple(vec![f, vm.new_tuple(items)]))
        }
        Snapshot::Enumerate(it, index) => {
            let index = vm.new_bigint(index);
            Ok(vm.new_tuple(vec![cls, vm.new_tuple(vec![it, index])]))
        }
        Snapshot::Zip(its, strict) => {
            let mut out = vec![cls, vm.new_tuple(its)];
            if strict {
                out.push(Value::Bool(true));
            }
            Ok(vm.new_tuple(out))
        }
        Snapshot::Reversed(seq, index) => {
            // A list's reverse iterator names the builtin `reversed`, not its own class.
            let f = reversed.unwrap_or(cls);
            Ok(with_state(vm, f, vec![seq], Value::Int(index)))
        }
        Snapshot::Exhausted => Ok(exhausted(vm, iter, o, &name)),
    }
}

/// The parts of an iterator's state that its reduction needs.
enum Snapshot {
    Seq(Value, i64),
    Range(BigInt, BigInt, BigInt, BigInt),
    Remaining,
    Args(Vec<Value>),
    Enumerate(Value, BigInt),
    Zip(Vec<Value>, bool),
    Reversed(Value, i64),
    Exhausted,
}

/// `__setstate__` of the index-based iterators (CPython's `listiter_setstate`,
/// `rangeiter_setstate`, `reversed_setstate`, … each clipping the index to the sequence) and
/// of `zip` (its `strict` flag). An exhausted iterator ignores it.
fn iter_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "__setstate__")?;
    let Some(Payload::Iter(st)) = a[0].payload() else { return Ok(Value::None) };
    let state = &a[1];
    enum Kind {
        Seq(Value),
        Reversed(Value),
        GetItem,
        Range,
        BigRange(BigInt),
        Zip,
        None,
    }
    let kind = match &*st.borrow() {
        IterState::Seq { seq, .. } => Kind::Seq(seq.clone()),
        IterState::Reversed { seq, .. } => Kind::Reversed(seq.clone()),
        IterState::GetItem { .. } => Kind::GetItem,
        IterState::Range { .. } => Kind::Range,
        IterState::BigRange { start, stop, step, .. } => {
            Kind::BigRange(crate::objects::runtime::range_len(start, stop, step))
        }
        IterState::Zip { .. } => Kind::Zip,
        _ => Kind::None,
    };
    match kind {
        Kind::Seq(seq) => {
            let i = as_ssize_t(vm, state)?;
            let n = vm.len(&seq)? as i64;
            if let IterState::Seq { index, .. } = &mut *st.borrow_mut() {
                *index = i.clamp(0, n) as usize;
            }
        }
        Kind::Reversed(seq) => {
            let i = as_ssize_t(vm, state)?;
            let n = vm.len(&seq)? as i64;
            if let IterState::Reversed { index, .. } = &mut *st.borrow_mut() {
                *index = i.clamp(-1, n - 1);
            }
        }
        Kind::GetItem => {
            let i = as_ssize_t(vm, state)?;
            if let IterState::GetItem { index, .. } = &mut *st.borrow_mut() {
                *index = i.max(0);
            }
        }
        Kind::Range => {
            let i = as_long(vm, state)?;
            if let IterState::Range { next, stop, step, start } = &mut *st.borrow_mut() {
                let len = crate::objects::runtime::range_len(&(*start).into(), &(*stop).into(), &(*step).into());
                let i = BigInt::from(i).clamp(BigInt::zero(), len);
                // Within the range, or `start + len*step`, one step past its end.
                let at = BigInt::from(*start) + i * *step;
                *next = at.to_i64().unwrap_or(*stop);
            }
        }
        Kind::BigRange(len) => {
            // `longrangeiter_setstate` clips by comparison, so a non-number fails there.
            let zero = Value::Int(0);
            let i = if vm.lt(state, &zero)? {
                BigInt::zero()
            } else {
                let len_v = vm.new_bigint(len.clone());
                if vm.lt(&len_v, state)? {
                    len
                } else {
                    vm.to_index(state)?
                }
            };
            if let IterState::BigRange { next, step, start, .. } = &mut *st.borrow_mut() {
                *next = &*start + i * &*step;
            }
        }
        Kind::Zip => {
            let flag = vm.truthy(state)?;
            if let IterState::Zip { strict, .. } = &mut *st.borrow_mut() {
                *strict = flag;
            }
        }
        Kind::None => {}
    }
    Ok(Value::None)
}

/// Installs `__reduce__` on every native iterator type and `__setstate__` where CPython has it.
pub fn init(vm: &mut Vm) {
    let reduce: &[crate::func::MethodDef] = &[("__reduce__", iter_reduce, "Return state information for pickling.")];
    let setstate: &[crate::func::MethodDef] =
        &[("__setstate__", iter_setstate, "Set state information for unpickling.")];
    let mut all: Vec<PyRef> =
        crate::iter::ITER_TYPE_NAMES.iter().filter_map(|n| vm.iter_types.get(n).cloned()).collect();
    all.extend([
        vm.types.iterator.clone(),
        vm.types.enumerate.clone(),
        vm.types.zip.clone(),
        vm.types.map.clone(),
        vm.types.filter.clone(),
        vm.types.reversed.clone(),
    ]);
    for t in &all {
        vm.add_methods(t, reduce);
    }
    // The sequence and range iterators take an index; dict, set and callable iterators none.
    let index_based = crate::iter::ITER_TYPE_NAMES
        .iter()
        .filter(|n| !n.starts_with("dict_") && !n.starts_with("set_") && !n.starts_with("callable_"));
    for name in index_based {
        if let Some(t) = vm.iter_types.get(name).cloned() {
            vm.add_methods(&t, setstate);
        }
    }
    for t in [vm.types.iterator.clone(), vm.types.zip.clone(), vm.types.reversed.clone()] {
        vm.add_methods(&t, setstate);
    }
}
