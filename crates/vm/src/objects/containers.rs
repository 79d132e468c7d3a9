//! VM stage: methods of the builtin scalars and containers — `repr` of each, and the common
//! methods of list, tuple, dict and set, with CPython's messages.

use super::setops;
use crate::func::{Args, MethodDef};
use crate::value::{Object, Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use std::cell::RefCell;

impl Vm {
    /// `Py_ReprEnter`: false if `v` is already being repr'd (a cycle).
    fn repr_enter(&mut self, v: &Value) -> bool {
        let id = v.id() as usize;
        if self.repr_stack.contains(&id) {
            return false;
        }
        self.repr_stack.push(id);
        true
    }
    fn repr_leave(&mut self) {
        self.repr_stack.pop();
    }

    fn repr_items(&mut self, v: &Value, items: &[Value], open: &str, close: &str, cyc: &str) -> PyResult<Value> {
        if !self.repr_enter(v) {
            return Ok(self.new_str(cyc));
        }
        let mut s = String::from(open);
        for (i, it) in items.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            match self.repr_string(it) {
                Ok(r) => s.push_str(&r),
                Err(e) => {
                    self.repr_leave();
                    return Err(e);
                }
            }
        }
        self.repr_leave();
        s.push_str(close);
        Ok(self.new_str(s))
    }
}

fn list_of(v: &Value) -> &RefCell<Vec<Value>> {
    match v.payload() {
        Some(Payload::List(l)) => l,
        _ => unreachable!("list method on a non-list"),
    }
}

fn list_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.args[0].clone();
    let items = list_of(&v).borrow().clone();
    vm.repr_items(&v, &items, "[", "]", "[...]")
}

fn tuple_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.args[0].clone();
    let Some(Payload::Tuple(t)) = v.payload() else { unreachable!() };
    let items = t.to_vec();
    if items.len() == 1 {
        let r = vm.repr_string(&items[0])?;
        return Ok(vm.new_str(format!("({r},)")));
    }
    vm.repr_items(&v, &items, "(", ")", "(...)")
}

fn dict_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.args[0].clone();
    let Some(Payload::Dict(d)) = v.payload() else { unreachable!() };
    let items = d.borrow().items();
    if !vm.repr_enter(&v) {
        return Ok(vm.new_str("{...}"));
    }
    let mut s = String::from("{");
    for (i, (k, val)) in items.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        let r = vm.repr_string(k).and_then(|k| Ok((k, vm.repr_string(val)?)));
        match r {
            Ok((k, val)) => {
                s.push_str(&k);
                s.push_str(": ");
                s.push_str(&val);
            }
            Err(e) => {
                vm.repr_leave();
                return Err(e);
            }
        }
    }
    vm.repr_leave();
    s.push('}');
    Ok(vm.new_str(s))
}

fn set_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.args[0].clone();
    let o = v.as_obj().unwrap().clone();
    let items = crate::set::with_set_data(&o, |d| d.values()).unwrap_or_default();
    let frozen = matches!(o.payload, Payload::FrozenSet(..));
    let tn = vm.type_name(&v);
    if items.is_empty() {
        return Ok(vm.new_str(format!("{tn}()")));
    }
    let inner = vm.repr_items(&v, &items, "{", "}", "...")?;
    let inner = inner.as_str().unwrap().as_str().to_string();
    if frozen || tn != "set" {
        return Ok(vm.new_str(format!("{tn}({inner})")));
    }
    Ok(vm.new_str(inner))
}

fn list_append(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "append")?;
    list_of(&a[0]).borrow_mut().push(a[1].clone());
    Ok(Value::None)
}

fn list_extend(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "extend")?;
    let items = vm.sequence_list(&a[1])?;
    list_of(&a[0]).borrow_mut().extend(items);
    Ok(Value::None)
}

fn list_insert(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "insert", 2, 2)?;
    let i = vm.to_i64_index(&a[1])?;
    let mut l = list_of(&a[0]).borrow_mut();
    let n = l.len() as i64;
    let idx = if i < 0 { (i + n).max(0) } else { i.min(n) };
    l.insert(idx as usize, a[2].clone());
    Ok(Value::None)
}

fn list_pop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "pop", 0, 1)?;
    let i = if a.len() > 1 { vm.to_i64_index(&a[1])? } else { -1 };
    let mut l = list_of(&a[0]).borrow_mut();
    if l.is_empty() {
        drop(l);
        return Err(vm.new_index_error("pop from empty list"));
    }
    let n = l.len() as i64;
    let idx = if i < 0 { i + n } else { i };
    if idx < 0 || idx >= n {
        drop(l);
        return Err(vm.new_index_error("pop index out of range"));
    }
    Ok(l.remove(idx as usize))
}

fn list_index(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "index", 1, 3)?;
    let n = list_of(&a[0]).borrow().len();
    let mut i = 0;
    while i < n {
        let item = match list_of(&a[0]).borrow().get(i) {
            Some(v) => v.clone(),
            None => break,
        };
        if vm.eq(&item, &a[1])? {
            return Ok(Value::Int(i as i64));
        }
        i += 1;
    }
    let r = vm.repr_string(&a[1])?;
    Err(vm.new_value_error(format!("{r} is not in list")))
}

fn list_count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "count")?;
    let items = list_of(&a[0]).borrow().clone();
    let mut c = 0;
    for it in &items {
        if vm.eq(it, &a[1])? {
            c += 1;
        }
    }
    Ok(Value::Int(c))
}

fn list_remove(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "remove")?;
    let items = list_of(&a[0]).borrow().clone();
    for (i, it) in items.iter().enumerate() {
        if vm.eq(it, &a[1])? {
            let removed = list_of(&a[0]).borrow_mut().remove(i);
            drop(removed);
            return Ok(Value::None);
        }
    }
    Err(vm.new_value_error("list.remove(x): x not in list"))
}

fn list_reverse(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "reverse")?;
    list_of(&a[0]).borrow_mut().reverse();
    Ok(Value::None)
}

fn list_clear(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "clear")?;
    let old = std::mem::take(&mut *list_of(&a[0]).borrow_mut());
    crate::value::drop_reversed(old);
    Ok(Value::None)
}

fn list_copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "copy")?;
    let items = list_of(&a[0]).borrow().clone();
    Ok(vm.new_list(items))
}

/// `list.sort(key=None, reverse=False)`: a stable merge sort; the list reads as empty while
/// sorting and a mutation by a key/comparison raises `list modified during sort`.
fn list_sort(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [key, reverse] = args.rest().clinic(vm, "sort", ["key", "reverse"], 0, 0, 0)?;
    let list = args.args[0].clone();
    let items = std::mem::take(&mut *list_of(&list).borrow_mut());
    let reverse = match reverse {
        Some(r) => vm.truthy(&r)?,
        None => false,
    };
    let r = vm.sort_values(items, key.filter(|k| !k.is_none()), reverse);
    let mut l = list_of(&list).borrow_mut();
    let modified = !l.is_empty();
    match r {
        Ok(sorted) => {
            let old = std::mem::replace(&mut *l, sorted);
            drop(l);
            drop(old);
            if modified {
                return Err(vm.new_value_error("list modified during sort"));
            }
            Ok(Value::None)
        }
        Err((e, original)) => {
            *l = original;
            Err(e)
        }
    }
}

impl Vm {
    /// Stable sort by `key` (merge sort, as the order of comparisons does not need to match
    /// CPython's timsort for the result to). On error the original items come back.
    /// The order of `a` and `b` when both are of a builtin type whose comparison runs no
    /// Python code and is a total order (`None` otherwise: NaN, subclasses, mixed kinds).
    fn native_order(&self, a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
        use std::cmp::Ordering;
        let as_small_int = |v: &Value| match v {
            Value::Int(i) => Some(*i),
            Value::Bool(b) => Some(*b as i64),
            _ => None,
        };
        if let (Some(x), Some(y)) = (as_small_int(a), as_small_int(b)) {
            return Some(x.cmp(&y));
        }
        match (a, b) {
            (Value::Float(x), Value::Float(y)) => x.partial_cmp(y),
            (Value::Obj(x), Value::Obj(y)) => {
                let exact = |t: &PyRef| x.class_is(t) && y.class_is(t);
                match (&x.payload, &y.payload) {
                    (Payload::Str(p), Payload::Str(q)) if exact(&self.types.str_) => Some(p.cmp_code_points(q)),
                    (Payload::Int(p), Payload::Int(q)) if exact(&self.types.int) => Some(p.cmp(q)),
                    (Payload::Tuple(p), Payload::Tuple(q)) if exact(&self.types.tuple) => {
                        for (u, v) in p.iter().zip(q.iter()) {
                            match self.native_order(u, v)? {
                                Ordering::Equal => {}
                                o => return Some(o),
                            }
                        }
                        Some(p.len().cmp(&q.len()))
                    }
                    _ => None,
                }
            }
            (Value::Obj(x), _) | (_, Value::Obj(x)) if matches!(x.payload, Payload::Int(_)) => {
                // A big int against a small one (ints are normalised: big means out of i64).
                let (big, small_first) = match (a, b) {
                    (Value::Obj(o), _) => (o, false),
                    (_, Value::Obj(o)) => (o, true),
                    _ => unreachable!(),
                };
                if !big.class_is(&self.types.int) {
                    return None;
                }
                let small = as_small_int(if small_first { a } else { b })?;
                let Payload::Int(bi) = &big.payload else { unreachable!() };
                let o = num_bigint::BigInt::from(small).cmp(bi);
                Some(if small_first { o } else { o.reverse() })
            }
            _ => None,
        }
    }

    /// Timsort for fewer than 64 items (`count_run` + `binarysort` in listobject.c): the
    /// leading run (reversed if strictly descending), then binary insertion of the rest.
    fn small_timsort(&mut self, idx: &mut [usize], keys: &[Value]) -> PyResult<()> {
        let n = idx.len();
        if n < 2 {
            return Ok(());
        }
        let mut run = 2;
        if self.lt(&keys[idx[1]], &keys[idx[0]])? {
            while run < n && self.lt(&keys[idx[run]], &keys[idx[run - 1]])? {
                run += 1;
            }
            idx[..run].reverse();
        } else {
            while run < n && !self.lt(&keys[idx[run]], &keys[idx[run - 1]])? {
                run += 1;
            }
        }
        for start in run..n {
            let pivot = idx[start];
            let (mut l, mut r) = (0, start);
            while l < r {
                let p = l + ((r - l) >> 1);
                if self.lt(&keys[pivot], &keys[idx[p]])? {
                    r = p;
                } else {
                    l = p + 1;
                }
            }
            idx.copy_within(l..start, l + 1);
            idx[l] = pivot;
        }
        Ok(())
    }

    pub fn sort_values(
        &mut self,
        items: Vec<Value>,
        key: Option<Value>,
        reverse: bool,
    ) -> Result<Vec<Value>, (PyRef, Vec<Value>)> {
        let keys = match &key {
            Some(k) => {
                let mut ks = Vec::with_capacity(items.len());
                for it in &items {
                    match self.call(k, Args::new(std::slice::from_ref(it))) {
                        Ok(v) => ks.push(v),
                        Err(e) => return Err((e, items)),
                    }
                }
                ks
            }
            None => items.clone(),
        };
        let mut idx: Vec<usize> = (0..items.len()).collect();
        if reverse {
            idx.reverse();
        }
        // Keys that all compare natively (ints, floats without NaN, exact strs, tuples of
        // these): a stable sort gives the one order any stable sort gives, CPython's timsort
        // included, with no Python-level comparison. A pair that does not compare natively
        // voids the attempt (no comparison had side effects) and the general sort runs.
        let mut native = true;
        idx.sort_by(|&a, &b| match self.native_order(&keys[a], &keys[b]) {
            Some(o) => o,
            None => {
                native = false;
                std::cmp::Ordering::Equal
            }
        });
        if native {
            if reverse {
                idx.reverse();
            }
            return Ok(idx.into_iter().map(|i| items[i].clone()).collect());
        }
        idx = (0..items.len()).collect();
        if reverse {
            idx.reverse();
        }
        if idx.len() < 64 {
            // Below 64 items CPython's timsort is one run plus a binary insertion sort; doing
            // exactly that gives its result even for inconsistent orders (NaN, odd `__lt__`).
            if let Err(e) = self.small_timsort(&mut idx, &keys) {
                return Err((e, items));
            }
            if reverse {
                idx.reverse();
            }
            return Ok(idx.into_iter().map(|i| items[i].clone()).collect());
        }
        let mut err = None;
        // Insertion-merge sort with fallible comparisons.
        let mut tmp = idx.clone();
        let n = idx.len();
        let mut width = 1;
        while width < n && err.is_none() {
            let mut i = 0;
            while i < n {
                let mid = (i + width).min(n);
                let hi = (i + 2 * width).min(n);
                let (mut a, mut b, mut k) = (i, mid, i);
                while a < mid && b < hi {
                    let lt = if err.is_some() {
                        false
                    } else {
                        match self.lt(&keys[idx[b]], &keys[idx[a]]) {
                            Ok(v) => v,
                            Err(e) => {
                                err = Some(e);
                                false
                            }
                        }
                    };
                    if lt {
                        tmp[k] = idx[b];
                        b += 1;
                    } else {
                        tmp[k] = idx[a];
                        a += 1;
                    }
                    k += 1;
                }
                while a < mid {
                    tmp[k] = idx[a];
                    a += 1;
                    k += 1;
                }
                while b < hi {
                    tmp[k] = idx[b];
                    b += 1;
                    k += 1;
                }
                i += 2 * width;
            }
            std::mem::swap(&mut idx, &mut tmp);
            width *= 2;
        }
        if let Some(e) = err {
            return Err((e, items));
        }
        if reverse {
            idx.reverse();
        }
        Ok(idx.into_iter().map(|i| items[i].clone()).collect())
    }
}

fn seq_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    // `list.__getitem__` is a method (`METH_O`), `tuple.__getitem__` a slot wrapper.
    let is_list = matches!(args.args.first().and_then(|s| s.payload()), Some(Payload::List(_)));
    let a = if is_list { args.one(vm, "__getitem__")? } else { args.wrapper(vm, "__getitem__", 1)? };
    // Reads the items without copying the sequence (indices are computed first: a slice bound's
    // `__index__` may run Python code that changes a list).
    let with_items = |f: &mut dyn FnMut(&[Value]) -> Value| match a[0].payload() {
        Some(Payload::List(l)) => f(&l.borrow()),
        Some(Payload::Tuple(t)) => f(t),
        _ => unreachable!("sequence __getitem__ on a non-sequence"),
    };
    let len = match a[0].payload() {
        Some(Payload::List(l)) => l.borrow().len(),
        Some(Payload::Tuple(t)) => t.len(),
        _ => unreachable!("sequence __getitem__ on a non-sequence"),
    };
    if let Some(Payload::Slice(slice_parts)) = a[1].payload() {
        let (start, stop, step) = &**slice_parts;
        let (s0, e0, st) = vm.slice_indices(start, stop, step, len)?;
        // A whole exact tuple is itself (tuplesubscript's shortcut: `t[:] is t`).
        let exact_tuple = a[0].as_obj().is_some_and(|o| o.class_is(&vm.types.tuple));
        if exact_tuple && s0 == 0 && e0 == len as i64 && st == 1 {
            return Ok(a[0].clone());
        }
        let mut out = Vec::new();
        with_items(&mut |items| {
            // The list may have shrunk meanwhile: clamp as CPython's list_subscript reads it.
            let n = items.len() as i64;
            let (s, e) = if st > 0 { (s0.min(n), e0.min(n)) } else { (s0.min(n - 1), e0.min(n - 1)) };
            out = slice_collect(items, s, e, st);
            Value::None
        });
        return Ok(if is_list { vm.new_list(out) } else { vm.new_tuple(out) });
    }
    let i = vm.to_i64_index(&a[1]).map_err(|_| {
        vm.new_type_error(format!(
            "{} indices must be integers or slices, not {}",
            if is_list { "list" } else { "tuple" },
            vm.type_name(&a[1])
        ))
    })?;
    let mut found = None;
    with_items(&mut |items| {
        let n = items.len() as i64;
        let idx = if i < 0 { i + n } else { i };
        if idx >= 0 && idx < n {
            found = Some(items[idx as usize].clone());
        }
        Value::None
    });
    found
        .ok_or_else(|| vm.new_index_error(if is_list { "list index out of range" } else { "tuple index out of range" }))
}

pub fn slice_collect(items: &[Value], start: i64, stop: i64, step: i64) -> Vec<Value> {
    slice_positions(start, stop, step).map(|i| items[i].clone()).collect()
}

/// The positions `start, start + step, …` before `stop` that a slice selects, given
/// `(start, stop, step)` as `slice_indices` returns them. The count is computed as
/// `PySlice_AdjustIndices` does, so no position arithmetic can overflow (a step of ±2**63-1).
pub fn slice_positions(start: i64, stop: i64, step: i64) -> impl Iterator<Item = usize> {
    let count = if step < 0 {
        if stop < start {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        }
    } else if start < stop {
        (stop - start - 1) / step + 1
    } else {
        0
    };
    (0..count).map(move |k| (start + k * step) as usize)
}

impl Vm {
    /// A slice bound as `_PyEval_SliceIndex` reads it: an index, clamped to the i64 range.
    fn slice_index(&mut self, v: &Value) -> PyResult<i64> {
        if let Value::Int(i) = v {
            return Ok(*i);
        }
        use num_traits::ToPrimitive;
        let b = self.to_index(v)?;
        Ok(b.to_i64().unwrap_or(if b.sign() == num_bigint::Sign::Minus { i64::MIN } else { i64::MAX }))
    }

    /// `slice.indices(len)` (`PySlice_AdjustIndices`).
    pub fn slice_indices(
        &mut self,
        start: &Value,
        stop: &Value,
        step: &Value,
        len: usize,
    ) -> PyResult<(i64, i64, i64)> {
        let len = len as i64;
        let step = if step.is_none() { 1 } else { self.slice_index(step)? };
        if step == 0 {
            return Err(self.new_value_error("slice step cannot be zero"));
        }
        // As PySlice_Unpack: -step must not overflow.
        let step = step.max(-i64::MAX);
        let adjust = |vm: &mut Vm, v: &Value, default: i64| -> PyResult<i64> {
            if v.is_none() {
                return Ok(default);
            }
            let i = vm.slice_index(v)?;
            Ok(if i < 0 {
                let j = i + len;
                if j < 0 {
                    if step < 0 {
                        -1
                    } else {
                        0
                    }
                } else {
                    j
                }
            } else if i >= len {
                if step < 0 {
                    len - 1
                } else {
                    len
                }
            } else {
                i
            })
        };
        let s = adjust(self, start, if step < 0 { len - 1 } else { 0 })?;
        let e = adjust(self, stop, if step < 0 { -1 } else { len })?;
        Ok((s, e, step))
    }
}

fn list_setitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper_unpack(vm, "__setitem__", 2, 2)?;
    let l = list_of(&a[0]);
    if let Some(Payload::Slice(slice_parts)) = a[1].payload() {
        let (start, stop, step) = &**slice_parts;
        // CPython's order: the slice's bounds (`__index__`), then the items (`PySequence_Fast`).
        let n = l.borrow().len();
        let (s, e, st) = vm.slice_indices(start, stop, step, n)?;
        let message = if st == 1 { "can only assign an iterable" } else { "must assign iterable to extended slice" };
        let new = vm.sequence_fast(&a[2], message)?;
        if st == 1 {
            // Clamped to the current length: a slice bound's `__index__` may have shrunk the list.
            let len = l.borrow().len();
            let (s, e) = ((s as usize).min(len), (e.max(s) as usize).min(len));
            let old: Vec<Value> = l.borrow_mut().splice(s..e, new).collect();
            drop(old);
            return Ok(Value::None);
        }
        let idxs: Vec<i64> = slice_positions(s, e, st).map(|i| i as i64).collect();
        if idxs.len() != new.len() {
            return Err(vm.new_value_error(format!(
                "attempt to assign sequence of size {} to extended slice of size {}",
                new.len(),
                idxs.len()
            )));
        }
        let mut old = Vec::with_capacity(new.len());
        let mut lb = l.borrow_mut();
        for (i, v) in idxs.into_iter().zip(new) {
            if let Some(slot) = lb.get_mut(i as usize) {
                old.push(std::mem::replace(slot, v));
            }
        }
        drop(lb);
        drop(old);
        return Ok(Value::None);
    }
    let i = vm.to_i64_index(&a[1]).map_err(|_| {
        vm.new_type_error(format!("list indices must be integers or slices, not {}", vm.type_name(&a[1])))
    })?;
    let mut lb = l.borrow_mut();
    let n = lb.len() as i64;
    let idx = if i < 0 { i + n } else { i };
    if idx < 0 || idx >= n {
        drop(lb);
        return Err(vm.new_index_error("list assignment index out of range"));
    }
    let old = std::mem::replace(&mut lb[idx as usize], a[2].clone());
    drop(lb);
    drop(old);
    Ok(Value::None)
}

fn list_delitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__delitem__", 1)?;
    let l = list_of(&a[0]);
    if let Some(Payload::Slice(slice_parts)) = a[1].payload() {
        let (start, stop, step) = &**slice_parts;
        let n = l.borrow().len();
        let (s, e, st) = vm.slice_indices(start, stop, step, n)?;
        let mut idxs: Vec<usize> = slice_positions(s, e, st).collect();
        idxs.sort_unstable();
        let mut lb = l.borrow_mut();
        let mut removed = Vec::new();
        for i in idxs.into_iter().rev() {
            removed.push(lb.remove(i));
        }
        drop(lb);
        return Ok(Value::None);
    }
    let i = vm.to_i64_index(&a[1])?;
    let mut lb = l.borrow_mut();
    let n = lb.len() as i64;
    let idx = if i < 0 { i + n } else { i };
    if idx < 0 || idx >= n {
        drop(lb);
        return Err(vm.new_index_error("list assignment index out of range"));
    }
    let old = lb.remove(idx as usize);
    drop(lb);
    drop(old);
    Ok(Value::None)
}

fn seq_len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    // The payload, not `vm.len`: on a subclass instance that would call `__len__`, i.e. this.
    match args.args[0].payload().and_then(crate::ops::stored_len) {
        Some(n) => Ok(Value::Int(n as i64)),
        None => Err(vm.new_type_error(format!("object of type '{}' has no len()", vm.type_name(&args.args[0])))),
    }
}

fn seq_eq_ne(vm: &mut Vm, args: Args, ne: bool) -> PyResult<Value> {
    let a = args.wrapper(vm, "__eq__", 1)?;
    let get = |v: &Value| -> Option<(bool, Vec<Value>)> {
        match v.payload() {
            Some(Payload::List(l)) => Some((true, l.borrow().clone())),
            Some(Payload::Tuple(t)) => Some((false, t.to_vec())),
            _ => None,
        }
    };
    let (Some((la, xa)), Some((lb, xb))) = (get(&a[0]), get(&a[1])) else {
        return Ok(vm.not_implemented());
    };
    if la != lb {
        return Ok(vm.not_implemented());
    }
    if xa.len() != xb.len() {
        return Ok(Value::Bool(ne));
    }
    for (x, y) in xa.iter().zip(&xb) {
        if !vm.eq(x, y)? {
            return Ok(Value::Bool(ne));
        }
    }
    Ok(Value::Bool(!ne))
}

fn seq_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    seq_eq_ne(vm, args, false)
}
fn seq_ne(vm: &mut Vm, args: Args) -> PyResult<Value> {
    seq_eq_ne(vm, args, true)
}

fn seq_order(vm: &mut Vm, args: Args, op: u32) -> PyResult<Value> {
    let a = args.wrapper(vm, "__lt__", 1)?;
    let get = |v: &Value| -> Option<(bool, Vec<Value>)> {
        match v.payload() {
            Some(Payload::List(l)) => Some((true, l.borrow().clone())),
            Some(Payload::Tuple(t)) => Some((false, t.to_vec())),
            _ => None,
        }
    };
    let (Some((la, xa)), Some((lb, xb))) = (get(&a[0]), get(&a[1])) else {
        return Ok(vm.not_implemented());
    };
    if la != lb {
        return Ok(vm.not_implemented());
    }
    for (x, y) in xa.iter().zip(&xb) {
        if !vm.eq(x, y)? {
            return vm.compare(x, y, op);
        }
    }
    Ok(Value::Bool(crate::ops::compare_ord(xa.len().cmp(&xb.len()), op)))
}
fn seq_lt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    seq_order(vm, a, 0)
}
fn seq_le(vm: &mut Vm, a: Args) -> PyResult<Value> {
    seq_order(vm, a, 1)
}
fn seq_gt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    seq_order(vm, a, 4)
}
fn seq_ge(vm: &mut Vm, a: Args) -> PyResult<Value> {
    seq_order(vm, a, 5)
}

/// `a + b` for two lists or two tuples (`list_concat`, `tupleconcat`); `None` for other
/// operands.
pub fn concat_same(vm: &mut Vm, a: &Value, b: &Value) -> Option<Value> {
    match (a.payload(), b.payload()) {
        (Some(Payload::List(x)), Some(Payload::List(y))) => {
            let mut v = Vec::with_capacity(x.borrow().len() + y.borrow().len());
            v.extend(x.borrow().iter().cloned());
            v.extend(y.borrow().iter().cloned());
            Some(vm.new_list(v))
        }
        (Some(Payload::Tuple(x)), Some(Payload::Tuple(y))) => {
            // tupleconcat: with one side empty, the other comes back itself if it is an exact
            // tuple (`() + t is t`).
            let exact = |v: &Value| matches!(v, Value::Obj(o) if o.class_is(&vm.types.tuple));
            if x.is_empty() && exact(b) {
                return Some(b.clone());
            }
            if y.is_empty() && exact(a) {
                return Some(a.clone());
            }
            let mut v = Vec::with_capacity(x.len() + y.len());
            v.extend(x.iter().cloned());
            v.extend(y.iter().cloned());
            Some(vm.new_tuple(v))
        }
        _ => None,
    }
}

fn seq_add(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__add__", 1)?;
    if let Some(r) = concat_same(vm, &a[0], &a[1]) {
        return Ok(r);
    }
    match (a[0].payload(), a[1].payload()) {
        (Some(Payload::List(_)), _) => {
            Err(vm.new_type_error(format!("can only concatenate list (not \"{}\") to list", vm.type_name(&a[1]))))
        }
        (Some(Payload::Tuple(_)), _) => {
            Err(vm.new_type_error(format!("can only concatenate tuple (not \"{}\") to tuple", vm.type_name(&a[1]))))
        }
        _ => Ok(vm.not_implemented()),
    }
}

fn list_iadd(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__iadd__", 1)?;
    let items = vm.sequence_list(&a[1])?;
    list_of(&a[0]).borrow_mut().extend(items);
    Ok(a[0].clone())
}

/// The most memory one object may ask for: RAM plus swap, the bound the kernel's heuristic
/// overcommit applies to a single malloc (mimalloc reserves address space without it, so a
/// huge request would "succeed" and then exhaust memory page by page).
pub fn memory_limit() -> usize {
    static LIMIT: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *LIMIT.get_or_init(|| {
        // SAFETY: sysinfo fills the zeroed struct.
        let mut info: libc::sysinfo = unsafe { std::mem::zeroed() };
        if unsafe { libc::sysinfo(&mut info) } != 0 {
            return isize::MAX as usize;
        }
        let unit = info.mem_unit.max(1) as usize;
        (info.totalram as usize).saturating_add(info.totalswap as usize).saturating_mul(unit)
    })
}

/// `items` repeated `n` times, or the exception CPython raises instead of crashing: the size
/// check of `list_repeat`/`tuple_repeat`/`bytearray_repeat` (MemoryError), or `bytes_repeat`'s
/// OverflowError (`overflow`), and MemoryError when the allocation fails.
pub fn repeat_items<T: Clone>(vm: &Vm, items: &[T], n: usize, overflow: Option<&str>) -> PyResult<Vec<T>> {
    let no_memory = || vm.new_exception_args(&vm.exc.memory_error.clone(), vec![]);
    let Some(total) = items.len().checked_mul(n).filter(|t| *t <= isize::MAX as usize) else {
        return Err(match overflow {
            Some(msg) => vm.new_overflow_error(msg.to_string()),
            None => no_memory(),
        });
    };
    if total.saturating_mul(std::mem::size_of::<T>()) > memory_limit() {
        return Err(no_memory());
    }
    let mut out = Vec::new();
    out.try_reserve_exact(total).map_err(|_| no_memory())?;
    for _ in 0..n {
        out.extend_from_slice(items);
    }
    Ok(out)
}

fn seq_mul(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__mul__", 1)?;
    let n = match &a[1] {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        _ => match a[1].payload() {
            Some(Payload::Int(_)) => return Err(vm.new_overflow_error("cannot fit 'int' into an index-sized integer")),
            _ => return Ok(vm.not_implemented()),
        },
    };
    let n = n.max(0) as usize;
    match a[0].payload() {
        Some(Payload::List(x)) => {
            let x = x.borrow().clone();
            Ok(vm.new_list(repeat_items(vm, &x, n, None)?))
        }
        Some(Payload::Tuple(x)) => Ok(vm.new_tuple(repeat_items(vm, x, n, None)?)),
        _ => Ok(vm.not_implemented()),
    }
}

fn seq_contains(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__contains__", 1)?;
    let items = match a[0].payload() {
        Some(Payload::List(l)) => l.borrow().clone(),
        Some(Payload::Tuple(t)) => t.to_vec(),
        _ => Vec::new(),
    };
    for it in &items {
        if vm.eq(it, &a[1])? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn seq_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(vm.new_native_iter(
        &vm.types.iterator.clone(),
        crate::iter::IterState::Seq { seq: args.args[0].clone(), index: 0 },
    ))
}

fn tuple_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Tuple(t)) = args.args[0].payload() else { unreachable!() };
    let items = t.to_vec();
    let mut hs = Vec::with_capacity(items.len());
    for it in &items {
        hs.push(vm.hash(it)?);
    }
    Ok(Value::Int(crate::hash::hash_tuple(hs.into_iter())))
}

fn tuple_index(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "index", 1, 3)?;
    let Some(Payload::Tuple(t)) = a[0].payload() else { unreachable!() };
    for (i, it) in t.iter().enumerate() {
        if vm.eq(it, &a[1])? {
            return Ok(Value::Int(i as i64));
        }
    }
    Err(vm.new_value_error("tuple.index(x): x not in tuple"))
}

fn tuple_count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "count")?;
    let Some(Payload::Tuple(t)) = a[0].payload() else { unreachable!() };
    let mut c = 0;
    for it in t.iter() {
        if vm.eq(it, &a[1])? {
            c += 1;
        }
    }
    Ok(Value::Int(c))
}

pub const LIST_METHODS: &[MethodDef] = &[
    ("__repr__", list_repr, "Return repr(self)."),
    ("__len__", seq_len, "Return len(self)."),
    ("__getitem__", seq_getitem, "x.__getitem__(y) <==> x[y]"),
    ("__setitem__", list_setitem, "Set self[key] to value."),
    ("__delitem__", list_delitem, "Delete self[key]."),
    ("__contains__", seq_contains, "Return key in self."),
    ("__iter__", seq_iter, "Implement iter(self)."),
    ("__eq__", seq_eq, "Return self==value."),
    ("__ne__", seq_ne, "Return self!=value."),
    ("__lt__", seq_lt, "Return self<value."),
    ("__le__", seq_le, "Return self<=value."),
    ("__gt__", seq_gt, "Return self>value."),
    ("__ge__", seq_ge, "Return self>=value."),
    ("__add__", seq_add, "Return self+value."),
    ("__iadd__", list_iadd, "Implement self+=value."),
    ("__mul__", seq_mul, "Return self*value."),
    ("__rmul__", seq_mul, "Return value*self."),
    ("append", list_append, "append($self, object, /)\n--\n\nAppend object to the end of the list."),
    ("extend", list_extend, "Extend list by appending elements from the iterable."),
    ("insert", list_insert, "Insert object before index."),
    ("pop", list_pop, "Remove and return item at index (default last)."),
    ("index", list_index, "Return first index of value."),
    ("count", list_count, "Return number of occurrences of value."),
    ("remove", list_remove, "Remove first occurrence of value."),
    ("reverse", list_reverse, "Reverse *IN PLACE*."),
    ("clear", list_clear, "Remove all items from list."),
    ("copy", list_copy, "Return a shallow copy of the list."),
    ("sort", list_sort, "Sort the list in ascending order and return None."),
];

pub const TUPLE_METHODS: &[MethodDef] = &[
    ("__repr__", tuple_repr, "Return repr(self)."),
    ("__len__", seq_len, "Return len(self)."),
    ("__getitem__", seq_getitem, "Return self[key]."),
    ("__contains__", seq_contains, "Return key in self."),
    ("__iter__", seq_iter, "Implement iter(self)."),
    ("__hash__", tuple_hash, "Return hash(self)."),
    ("__eq__", seq_eq, "Return self==value."),
    ("__ne__", seq_ne, "Return self!=value."),
    ("__lt__", seq_lt, "Return self<value."),
    ("__le__", seq_le, "Return self<=value."),
    ("__gt__", seq_gt, "Return self>value."),
    ("__ge__", seq_ge, "Return self>=value."),
    ("__add__", seq_add, "Return self+value."),
    ("__mul__", seq_mul, "Return self*value."),
    ("__rmul__", seq_mul, "Return value*self."),
    ("index", tuple_index, "Return first index of value."),
    ("count", tuple_count, "Return number of occurrences of value."),
];

fn dict_obj(v: &Value) -> PyRef {
    v.as_obj().cloned().unwrap()
}

fn dict_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "__getitem__")?;
    let d = dict_obj(&a[0]);
    match crate::dict::get_item(vm, &d, &a[1])? {
        Some(v) => Ok(v),
        None => {
            if let Some(m) = vm.lookup_special(&a[0], "__missing__") {
                return vm.call_unbound(&m, &a[0], &a[1..2]);
            }
            Err(vm.new_key_error(a[1].clone()))
        }
    }
}

fn dict_setitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper_unpack(vm, "__setitem__", 2, 2)?;
    crate::dict::set_item(vm, &dict_obj(&a[0]), a[1].clone(), a[2].clone())?;
    Ok(Value::None)
}

fn dict_delitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__delitem__", 1)?;
    match crate::dict::del_item(vm, &dict_obj(&a[0]), &a[1])? {
        Some(_) => Ok(Value::None),
        None => Err(vm.new_key_error(a[1].clone())),
    }
}

fn dict_contains(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "__contains__")?;
    Ok(Value::Bool(crate::dict::contains(vm, &dict_obj(&a[0]), &a[1])?))
}

fn dict_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "get", 1, 2)?;
    Ok(crate::dict::get_item(vm, &dict_obj(&a[0]), &a[1])?.unwrap_or_else(|| a.get(2).cloned().unwrap_or(Value::None)))
}

fn dict_setdefault(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "setdefault", 1, 2)?;
    let d = dict_obj(&a[0]);
    if let Some(v) = crate::dict::get_item(vm, &d, &a[1])? {
        return Ok(v);
    }
    let v = a.get(2).cloned().unwrap_or(Value::None);
    crate::dict::set_item(vm, &d, a[1].clone(), v.clone())?;
    Ok(v)
}

fn dict_pop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "pop", 1, 2)?;
    match crate::dict::del_item(vm, &dict_obj(&a[0]), &a[1])? {
        Some(v) => Ok(v),
        None => a.get(2).cloned().ok_or_else(|| vm.new_key_error(a[1].clone())),
    }
}

fn dict_popitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "popitem")?;
    let d = dict_obj(&a[0]);
    let e = crate::dict::dict_cell(&d).borrow_mut().pop_last();
    match e {
        Some(e) => Ok(vm.new_tuple(vec![e.key, e.value])),
        None => Err(vm.new_exception(&vm.exc.key_error.clone(), "popitem(): dictionary is empty")),
    }
}

fn dict_view(vm: &mut Vm, v: &Value, kind: crate::dict::ViewKind) -> Value {
    let t = match kind {
        crate::dict::ViewKind::Keys => vm.types.dict_keys.clone(),
        crate::dict::ViewKind::Values => vm.types.dict_values.clone(),
        crate::dict::ViewKind::Items => vm.types.dict_items.clone(),
    };
    Value::Obj(Object::new(t, Payload::DictView(kind, dict_obj(v))))
}

fn dict_keys(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "keys")?;
    Ok(dict_view(vm, &a[0], crate::dict::ViewKind::Keys))
}
fn dict_values(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "values")?;
    Ok(dict_view(vm, &a[0], crate::dict::ViewKind::Values))
}
fn dict_items(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "items")?;
    Ok(dict_view(vm, &a[0], crate::dict::ViewKind::Items))
}

fn dict_update(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let d = dict_obj(&pos[0]);
    if pos.len() > 2 {
        return Err(vm.new_type_error(format!("update expected at most 1 argument, got {}", pos.len() - 1)));
    }
    if pos.len() == 2 {
        let other = pos[1].clone();
        if matches!(other.payload(), Some(Payload::Dict(_))) || vm.getattr_opt(&other, "keys")?.is_some() {
            vm.dict_merge(&d, &other, None)?;
        } else {
            for (i, item) in vm.collect(&other)?.into_iter().enumerate() {
                let kv = vm.collect(&item).map_err(|_| {
                    vm.new_type_error(format!("cannot convert dictionary update sequence element #{i} to a sequence"))
                })?;
                if kv.len() != 2 {
                    return Err(vm.new_value_error(format!(
                        "dictionary update sequence element #{i} has length {}; 2 is required",
                        kv.len()
                    )));
                }
                crate::dict::set_item(vm, &d, kv[0].clone(), kv[1].clone())?;
            }
        }
    }
    for (k, v) in args.kwargs() {
        let k = vm.new_str(k);
        crate::dict::set_item(vm, &d, k, v.clone())?;
    }
    Ok(Value::None)
}

fn dict_copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "copy")?;
    let data = crate::dict::dict_cell(&dict_obj(&a[0])).borrow().clone();
    Ok(Value::Obj(Object::new(vm.types.dict.clone(), Payload::Dict(RefCell::new(data)))))
}

fn dict_clear(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "clear")?;
    let old = std::mem::take(&mut *crate::dict::dict_cell(&dict_obj(&a[0])).borrow_mut());
    drop(old);
    Ok(Value::None)
}

fn dict_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = dict_obj(&args.args[0]);
    let len = crate::dict::dict_cell(&d).borrow().len();
    Ok(vm.new_native_iter(
        &vm.types.iterator.clone(),
        crate::iter::IterState::Dict { dict: d, pos: 0, len, kind: crate::dict::ViewKind::Keys },
    ))
}

fn dict_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__eq__", 1)?;
    let (Some(Payload::Dict(x)), Some(Payload::Dict(_))) = (a[0].payload(), a[1].payload()) else {
        return Ok(vm.not_implemented());
    };
    if x.borrow().len() != vm.len(&a[1])? {
        return Ok(Value::Bool(false));
    }
    let items = x.borrow().items();
    let other = dict_obj(&a[1]);
    for (k, v) in items {
        match crate::dict::get_item(vm, &other, &k)? {
            Some(ov) if vm.eq(&v, &ov)? => {}
            _ => return Ok(Value::Bool(false)),
        }
    }
    Ok(Value::Bool(true))
}

fn dict_len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    seq_len(vm, args)
}

pub const DICT_METHODS: &[MethodDef] = &[
    ("__repr__", dict_repr, "Return repr(self)."),
    ("__len__", dict_len, "Return len(self)."),
    ("__getitem__", dict_getitem, "x.__getitem__(y) <==> x[y]"),
    ("__setitem__", dict_setitem, "Set self[key] to value."),
    ("__delitem__", dict_delitem, "Delete self[key]."),
    ("__contains__", dict_contains, "True if the dictionary has the specified key, else False."),
    ("__iter__", dict_iter, "Implement iter(self)."),
    ("__eq__", dict_eq, "Return self==value."),
    ("get", dict_get, "Return the value for key if key is in the dictionary, else default."),
    ("setdefault", dict_setdefault, "Insert key with a value of default if key is not in the dictionary."),
    ("pop", dict_pop, "D.pop(k[,d]) -> v, remove specified key and return the corresponding value."),
    ("popitem", dict_popitem, "Remove and return a (key, value) pair as a 2-tuple."),
    ("keys", dict_keys, "D.keys() -> a set-like object providing a view on D's keys"),
    ("values", dict_values, "D.values() -> an object providing a view on D's values"),
    ("items", dict_items, "D.items() -> a set-like object providing a view on D's items"),
    ("update", dict_update, "D.update([E, ]**F) -> None.  Update D from dict/iterable E and F."),
    ("copy", dict_copy, "D.copy() -> a shallow copy of D"),
    ("clear", dict_clear, "D.clear() -> None.  Remove all items from D."),
];

fn view_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::DictView(kind, d)) = args.args[0].payload() else { unreachable!() };
    let len = crate::dict::dict_cell(d).borrow().len();
    Ok(vm.new_native_iter(
        &vm.types.iterator.clone(),
        crate::iter::IterState::Dict { dict: d.clone(), pos: 0, len, kind: *kind },
    ))
}

fn view_len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let _ = vm;
    let Some(Payload::DictView(_, d)) = args.args[0].payload() else { unreachable!() };
    Ok(Value::Int(crate::dict::dict_cell(d).borrow().len() as i64))
}

fn view_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.args[0].clone();
    let it = view_iter(vm, args)?;
    let items = vm.collect(&it)?;
    let tn = vm.type_name(&v);
    let inner = vm.repr_items(&v, &items, "[", "]", "...")?;
    Ok(vm.new_str(format!("{}({})", tn, inner.as_str().unwrap().as_str())))
}

fn view_contains(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__contains__", 1)?;
    let Some(Payload::DictView(kind, d)) = a[0].payload() else { unreachable!() };
    match kind {
        crate::dict::ViewKind::Keys => Ok(Value::Bool(crate::dict::contains(vm, d, &a[1])?)),
        _ => {
            let it = view_iter(vm, Args::new(&a[..1]))?;
            while let Some(x) = vm.next(&it)? {
                if vm.eq(&x, &a[1])? {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }
    }
}

pub const VIEW_METHODS: &[MethodDef] = &[
    ("__iter__", view_iter, "Implement iter(self)."),
    ("__len__", view_len, "Return len(self)."),
    ("__repr__", view_repr, "Return repr(self)."),
    ("__contains__", view_contains, "Return key in self."),
];

fn set_add(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "add")?;
    let Some(Payload::Set(s)) = a[0].payload() else { unreachable!() };
    crate::set::add(vm, s, a[1].clone())?;
    Ok(Value::None)
}

fn set_discard(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "discard")?;
    let Some(Payload::Set(s)) = a[0].payload() else { unreachable!() };
    crate::set::discard(vm, s, &a[1])?;
    Ok(Value::None)
}

fn set_remove(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "remove")?;
    let Some(Payload::Set(s)) = a[0].payload() else { unreachable!() };
    if !crate::set::discard(vm, s, &a[1])? {
        return Err(vm.new_key_error(a[1].clone()));
    }
    Ok(Value::None)
}

fn set_pop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "pop")?;
    let Some(Payload::Set(s)) = a[0].payload() else { unreachable!() };
    let v = s.borrow_mut().pop();
    v.ok_or_else(|| vm.new_exception(&vm.exc.key_error.clone(), "pop from an empty set"))
}

fn set_contains(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "__contains__")?;
    let r = match a[0].payload() {
        Some(Payload::Set(s)) => crate::set::contains_in(vm, s, &a[1])?,
        Some(Payload::FrozenSet(s, _)) => crate::set::frozen_contains(vm, s, &a[1])?,
        _ => false,
    };
    Ok(Value::Bool(r))
}

fn set_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let o = args.args[0].as_obj().unwrap().clone();
    let len = crate::set::with_set_data(&o, |d| d.len()).unwrap_or(0);
    Ok(vm.new_native_iter(&vm.types.iterator.clone(), crate::iter::IterState::Set { set: o, pos: 0, len }))
}

fn set_len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    seq_len(vm, args)
}

fn new_set_like(vm: &mut Vm, like: &Value, data: crate::set::SetData) -> Value {
    match like.payload() {
        Some(Payload::FrozenSet(..)) => {
            Value::Obj(Object::new(vm.types.frozenset.clone(), Payload::FrozenSet(data, std::cell::Cell::new(None))))
        }
        _ => Value::Obj(Object::new(vm.types.set.clone(), Payload::Set(RefCell::new(data)))),
    }
}

fn set_copy_data(v: &Value) -> crate::set::SetData {
    let mut d = crate::set::SetData::new();
    if let Some(o) = v.as_obj() {
        crate::set::with_set_data(o, |src| d.merge(src));
    }
    d
}

fn is_setlike(v: &Value) -> bool {
    matches!(v.payload(), Some(Payload::Set(_)) | Some(Payload::FrozenSet(..)))
}

/// `set_richcompare`: sizes first, then the subset test of CPython's `set_issubset` /
/// `set_issuperset` (frozensets with known, different hashes are unequal at once).
fn set_compare(vm: &mut Vm, args: Args, name: &str) -> PyResult<Value> {
    let a = args.wrapper(vm, name, 1)?;
    if !is_setlike(&a[1]) {
        return Ok(vm.not_implemented());
    }
    let (v, w) = (&a[0], &a[1]);
    let size = |x: &Value| x.as_obj().and_then(|o| crate::set::with_set_data(o, |d| d.len())).unwrap_or(0);
    let r = match name {
        "__eq__" => {
            let cached = |x: &Value| match x.payload() {
                Some(Payload::FrozenSet(_, h)) => h.get(),
                _ => None,
            };
            if size(v) != size(w) || matches!((cached(v), cached(w)), (Some(x), Some(y)) if x != y) {
                false
            } else {
                setops::issubset(vm, v, w)?
            }
        }
        "__le__" => setops::issubset(vm, v, w)?,
        "__ge__" => setops::issuperset(vm, v, w)?,
        "__lt__" => size(v) < size(w) && setops::issubset(vm, v, w)?,
        _ => size(v) > size(w) && setops::issuperset(vm, v, w)?,
    };
    Ok(Value::Bool(r))
}

fn set_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    set_compare(vm, args, "__eq__")
}

fn set_le(vm: &mut Vm, args: Args) -> PyResult<Value> {
    set_compare(vm, args, "__le__")
}

fn set_ge(vm: &mut Vm, args: Args) -> PyResult<Value> {
    set_compare(vm, args, "__ge__")
}

fn set_lt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    set_compare(vm, args, "__lt__")
}

fn set_gt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    set_compare(vm, args, "__gt__")
}

fn set_issubset(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "issubset")?;
    Ok(Value::Bool(setops::issubset(vm, &a[0], &a[1])?))
}

fn set_issuperset(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "issuperset")?;
    Ok(Value::Bool(setops::issuperset(vm, &a[0], &a[1])?))
}

fn frozenset_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::FrozenSet(d, cache)) = args.args[0].payload() else { unreachable!() };
    if let Some(h) = cache.get() {
        return Ok(Value::Int(h));
    }
    let _ = vm;
    let h = crate::hash::hash_frozenset(d.iter().map(|(h, _)| h), d.len());
    cache.set(Some(h));
    Ok(Value::Int(h))
}

fn set_clear(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "clear")?;
    let Some(Payload::Set(s)) = a[0].payload() else { unreachable!() };
    let old = std::mem::take(&mut *s.borrow_mut());
    drop(old);
    Ok(Value::None)
}

fn set_copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "copy")?;
    let d = set_copy_data(&a[0]);
    Ok(new_set_like(vm, &a[0], d))
}

/// `set.__reduce__`: `(type(self), (list(self),), self.__dict__ or None)` (set_reduce).
fn set_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__reduce__")?;
    let items = vm.collect(&a[0])?;
    let cls = Value::Obj(vm.type_of(&a[0]));
    let list = vm.new_list(items);
    let args_t = vm.new_tuple(vec![list]);
    let state = match a[0].as_obj().and_then(|o| o.dict.get()) {
        Some(d) => Value::Obj(d),
        None => Value::None,
    };
    Ok(vm.new_tuple(vec![cls, args_t, state]))
}

pub const SET_METHODS: &[MethodDef] = &[
    ("__reduce__", set_reduce, "Return state information for pickling."),
    ("__repr__", set_repr, "Return repr(self)."),
    ("__len__", set_len, "Return len(self)."),
    ("__contains__", set_contains, "x.__contains__(y) <==> y in x."),
    ("__iter__", set_iter, "Implement iter(self)."),
    ("__eq__", set_eq, "Return self==value."),
    ("__le__", set_le, "Return self<=value."),
    ("__ge__", set_ge, "Return self>=value."),
    ("issubset", set_issubset, "Report whether another set contains this set."),
    ("issuperset", set_issuperset, "Report whether this set contains another set."),
    ("copy", set_copy, "Return a shallow copy of a set."),
];

pub const MUTABLE_SET_METHODS: &[MethodDef] = &[
    ("add", set_add, "Add an element to a set."),
    ("discard", set_discard, "Remove an element from a set if it is a member."),
    ("remove", set_remove, "Remove an element from a set; it must be a member."),
    ("pop", set_pop, "Remove and return an arbitrary set element."),
    ("clear", set_clear, "Remove all elements from this set."),
];

pub const FROZENSET_METHODS: &[MethodDef] = &[("__hash__", frozenset_hash, "Return hash(self).")];

fn dict_or(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__or__", 1)?;
    if !matches!(a[1].payload(), Some(Payload::Dict(_))) {
        return Ok(vm.not_implemented());
    }
    let data = crate::dict::dict_cell(&dict_obj(&a[0])).borrow().clone();
    let d = Object::new(vm.types.dict.clone(), Payload::Dict(RefCell::new(data)));
    vm.dict_merge(&d, &a[1], None)?;
    Ok(Value::Obj(d))
}

fn dict_ior(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__ior__", 1)?;
    dict_update(vm, Args::new(&a[..2]))?;
    Ok(a[0].clone())
}

fn dict_reversed(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "__reversed__")?;
    let keys = crate::dict::dict_cell(&dict_obj(&args.args[0])).borrow().keys();
    let l = vm.new_list(keys.into_iter().rev().collect());
    vm.iter(&l)
}

/// Set operations on `dict.keys()`/`items()` views: computed through sets, as CPython does.
fn view_setop(vm: &mut Vm, args: Args, name: &str) -> PyResult<Value> {
    let a = args.exact(vm, name, 2)?;
    let items = vm.collect(&a[0])?;
    let lhs = crate::builtins::set_data_from(vm, &vm.new_list(items))?;
    let lhs = Value::Obj(Object::new(vm.types.set.clone(), Payload::Set(RefCell::new(lhs))));
    let other = vm.collect(&a[1])?;
    let rhs = crate::builtins::set_data_from(vm, &vm.new_list(other))?;
    let rhs = Value::Obj(Object::new(vm.types.set.clone(), Payload::Set(RefCell::new(rhs))));
    let m = vm.getattr_str(&lhs, name)?;
    vm.call(&m, Args::new(&[rhs]))
}
fn view_and(vm: &mut Vm, a: Args) -> PyResult<Value> {
    view_setop(vm, a, "__and__")
}
fn view_or(vm: &mut Vm, a: Args) -> PyResult<Value> {
    view_setop(vm, a, "__or__")
}
fn view_sub(vm: &mut Vm, a: Args) -> PyResult<Value> {
    view_setop(vm, a, "__sub__")
}
fn view_xor(vm: &mut Vm, a: Args) -> PyResult<Value> {
    view_setop(vm, a, "__xor__")
}

fn view_reversed(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "__reversed__")?;
    let it = view_iter(vm, args)?;
    let items = vm.collect(&it)?;
    let l = vm.new_list(items.into_iter().rev().collect());
    vm.iter(&l)
}

pub const DICT_EXTRA: &[MethodDef] = &[
    ("__or__", dict_or, "Return self|value."),
    ("__ior__", dict_ior, "Return self|=value."),
    ("__reversed__", dict_reversed, "Return a reverse iterator over the dict keys."),
];

fn view_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__eq__", 1)?;
    let setlike = |v: &Value| {
        matches!(v.payload(), Some(Payload::Set(_)) | Some(Payload::FrozenSet(..)) | Some(Payload::DictView(..)))
    };
    if !setlike(&a[1]) {
        return Ok(vm.not_implemented());
    }
    let x = vm.collect(&a[0])?;
    let y = vm.collect(&a[1])?;
    let xs = Value::Obj(Object::new(
        vm.types.set.clone(),
        Payload::Set(RefCell::new(crate::builtins::set_data_from(vm, &vm.new_list(x))?)),
    ));
    let ys = Value::Obj(Object::new(
        vm.types.set.clone(),
        Payload::Set(RefCell::new(crate::builtins::set_data_from(vm, &vm.new_list(y))?)),
    ));
    set_eq(vm, Args::new(&[xs, ys]))
}

pub const VIEW_SET_OPS: &[MethodDef] = &[
    ("__eq__", view_eq, ""),
    ("__and__", view_and, ""),
    ("__or__", view_or, ""),
    ("__sub__", view_sub, ""),
    ("__xor__", view_xor, ""),
    ("__rand__", view_and, ""),
    ("__ror__", view_or, ""),
];

pub const VIEW_REVERSED: &[MethodDef] = &[("__reversed__", view_reversed, "")];

pub const SET_MULTI_METHODS: &[MethodDef] =
    &[("__lt__", set_lt, "Return self<value."), ("__gt__", set_gt, "Return self>value.")];
