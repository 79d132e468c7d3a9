//! VM stage: the iteration protocol (`iter()`, `next()`, unpacking) and the native iterator
//! objects of builtin containers. A native iterator never holds a borrow of its container
//! between steps, so mutation during iteration is detected (dicts, sets) or tolerated (lists)
//! exactly as in CPython, never a panic.

use crate::func::Args;
use crate::value::{Object, Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};
use std::cell::RefCell;

/// The state of a native iterator.
pub enum IterState {
    /// Over a list, tuple, str or bytes by index (lists may change length meanwhile).
    Seq {
        seq: Value,
        index: usize,
    },
    /// Over a range, as i64 (the common case) or big ints; `start` is kept for pickling
    /// (CPython 3.11's `rangeiterobject` reduces to its range and an index).
    Range {
        next: i64,
        stop: i64,
        step: i64,
        start: i64,
    },
    BigRange {
        next: BigInt,
        stop: BigInt,
        step: BigInt,
        start: BigInt,
    },
    /// Over a dict's entries: position, the size seen at start, which part to yield.
    Dict {
        dict: PyRef,
        pos: usize,
        len: usize,
        kind: crate::dict::ViewKind,
    },
    /// Over a set's table.
    Set {
        set: PyRef,
        pos: usize,
        len: usize,
    },
    /// The `__getitem__` fallback (`iter(obj)` on an old-style sequence).
    GetItem {
        obj: Value,
        index: i64,
    },
    /// `iter(callable, sentinel)`.
    Callable {
        func: Value,
        sentinel: Value,
    },
    Enumerate {
        it: Value,
        /// The next index while it fits an i64; `big` takes over beyond.
        count: i64,
        big: Option<BigInt>,
        /// The last tuple yielded, refilled in place when nobody else kept it (CPython's
        /// enumerate and zip do the same).
        last: Option<Value>,
    },
    Zip {
        its: Vec<Value>,
        strict: bool,
        last: Option<Value>,
    },
    Map {
        func: Value,
        its: Vec<Value>,
    },
    Filter {
        func: Value,
        it: Value,
    },
    Reversed {
        seq: Value,
        index: i64,
    },
    Exhausted,
}

/// CPython's type name for the iterator over a given state.
pub fn iter_type_name(state: &IterState) -> &'static str {
    match state {
        IterState::Seq { seq, .. } => match seq.payload() {
            Some(Payload::List(_)) => "list_iterator",
            Some(Payload::Tuple(_)) => "tuple_iterator",
            Some(Payload::Str(s)) if s.is_ascii() => "str_ascii_iterator",
            Some(Payload::Str(_)) => "str_iterator",
            Some(Payload::Bytes(_)) => "bytes_iterator",
            Some(Payload::ByteArray(_)) => "bytearray_iterator",
            Some(Payload::MemoryView(_)) => "memory_iterator",
            _ => "iterator",
        },
        IterState::Range { .. } => "range_iterator",
        IterState::BigRange { .. } => "longrange_iterator",
        IterState::Dict { kind: crate::dict::ViewKind::Keys, .. } => "dict_keyiterator",
        IterState::Dict { kind: crate::dict::ViewKind::Values, .. } => "dict_valueiterator",
        IterState::Dict { kind: crate::dict::ViewKind::Items, .. } => "dict_itemiterator",
        IterState::Set { .. } => "set_iterator",
        IterState::Callable { .. } => "callable_iterator",
        IterState::Reversed { seq, .. } if matches!(seq.payload(), Some(Payload::List(_))) => "list_reverseiterator",
        _ => "iterator",
    }
}

/// The names of the per-kind iterator types created at start-up.
pub const ITER_TYPE_NAMES: &[&str] = &[
    "list_iterator",
    "tuple_iterator",
    "str_ascii_iterator",
    "str_iterator",
    "bytes_iterator",
    "bytearray_iterator",
    "memory_iterator",
    "range_iterator",
    "longrange_iterator",
    "dict_keyiterator",
    "dict_valueiterator",
    "dict_itemiterator",
    "set_iterator",
    "callable_iterator",
    "list_reverseiterator",
];

/// The iterator over `range(start, stop, step)`: the i64 state where CPython 3.11's `range_iter`
/// picks its C-long `range_iterator` (start, stop, step and the length fit and `start +
/// len*step` cannot overflow), else the big-int `longrange_iterator`; the type shows, and
/// survives pickling.
/// Whether `v` is a builtin iterator whose `__length_hint__` calls `len()` of a sequence
/// defined in Python (`reversed(seq)`, `iter(seq)` over `__getitem__`).
fn asks_python_for_length(v: &Value) -> bool {
    let Some(Payload::Iter(st)) = v.payload() else { return false };
    let Ok(st) = st.try_borrow() else { return false };
    match &*st {
        IterState::GetItem { obj: seq, .. } | IterState::Reversed { seq, .. } => {
            seq.as_obj().is_some_and(|o| o.class_is_heap())
        }
        _ => false,
    }
}

pub fn range_iter_state(start: &BigInt, stop: &BigInt, step: &BigInt) -> IterState {
    if let (Some(a), Some(b), Some(c)) = (start.to_i64(), stop.to_i64(), step.to_i64()) {
        let len = crate::objects::runtime::range_len(start, stop, step);
        let no_overflow = len.is_zero() || if c > 0 { b <= i64::MAX - (c - 1) } else { b >= i64::MIN + (-1 - c) };
        if len.to_i64().is_some() && no_overflow {
            return IterState::Range { next: a, stop: b, step: c, start: a };
        }
    }
    IterState::BigRange { next: start.clone(), stop: stop.clone(), step: step.clone(), start: start.clone() }
}

/// The iterator of `reversed(range(start, stop, step))` with `len` items: `range(start +
/// (len-1)*step, start - step, -step)`, as i64 under `range_reverse`'s conditions (every part,
/// `-step` and `start - step` fit a C long), else big ints.
pub fn range_reversed_state(start: &BigInt, stop: &BigInt, step: &BigInt, len: &BigInt) -> IterState {
    if let (Some(a), Some(_), Some(c), Some(n)) = (start.to_i64(), stop.to_i64(), step.to_i64(), len.to_i64()) {
        let fits = c != i64::MIN
            && if c > 0 {
                (a as u64).wrapping_sub(i64::MIN as u64) >= c as u64
            } else {
                (i64::MAX as u64).wrapping_sub(a as u64) >= 0u64.wrapping_sub(c as u64)
            };
        if fits {
            let new_stop = a - c;
            let new_start = (new_stop as u64).wrapping_add((n as u64).wrapping_mul(c as u64)) as i64;
            return IterState::Range { next: new_start, stop: new_stop, step: -c, start: new_start };
        }
    }
    let last = start + step * (len - 1u8);
    IterState::BigRange { next: last.clone(), stop: start - step, step: -step, start: last }
}

impl Vm {
    pub fn new_native_iter(&self, ty: &PyRef, state: IterState) -> Value {
        // The generic iterator type is refined to CPython's per-kind type names.
        let ty = if std::rc::Rc::ptr_eq(ty, &self.types.iterator) {
            self.iter_types.get(iter_type_name(&state)).cloned().unwrap_or_else(|| ty.clone())
        } else {
            ty.clone()
        };
        Value::Obj(Object::new(ty, Payload::Iter(Box::new(RefCell::new(state)))))
    }

    /// An instance of `cls` (enumerate, zip, map, filter, reversed, or a class deriving from
    /// one) iterating by `state`. A heap subclass's instance gets the `__dict__` CPython's
    /// `tp_alloc` gives it, so `class E(enumerate): pass; E('ab').x = 1` works.
    pub fn new_iter_of(&self, cls: &PyRef, state: IterState) -> Value {
        let payload = Payload::Iter(Box::new(RefCell::new(state)));
        if cls.as_type().is_some_and(|td| td.instance_dict.get()) {
            Value::Obj(Object::with_dict(cls.clone(), payload, self.new_dict()))
        } else {
            Value::Obj(Object::new(cls.clone(), payload))
        }
    }

    /// `iter(v)`.
    pub fn iter(&mut self, v: &Value) -> PyResult<Value> {
        if let Value::Obj(o) = v {
            let exact = !o.class_is_heap();
            if exact {
                let state = match &o.payload {
                    Payload::List(_)
                    | Payload::Tuple(_)
                    | Payload::Str(_)
                    | Payload::Bytes(_)
                    | Payload::ByteArray(_) => Some(IterState::Seq { seq: v.clone(), index: 0 }),
                    Payload::Range(r) => Some(range_iter_state(&r.start, &r.stop, &r.step)),
                    Payload::Dict(d) => Some(IterState::Dict {
                        dict: o.clone(),
                        pos: 0,
                        len: d.borrow().len(),
                        kind: crate::dict::ViewKind::Keys,
                    }),
                    Payload::Set(s) => Some(IterState::Set { set: o.clone(), pos: 0, len: s.borrow().len() }),
                    Payload::FrozenSet(s, _) => Some(IterState::Set { set: o.clone(), pos: 0, len: s.len() }),
                    Payload::Iter(_) | Payload::Generator(_) => return Ok(v.clone()),
                    _ => None,
                };
                if let Some(s) = state {
                    return Ok(self.new_native_iter(&self.types.iterator.clone(), s));
                }
            }
        }
        if let Some(m) = self.lookup_special(v, "__iter__") {
            if m.is_none() {
                return Err(self.new_type_error(format!("'{}' object is not iterable", self.type_name(v))));
            }
            let it = self.call_unbound(&m, v, &[])?;
            if self.lookup_special(&it, "__next__").is_none() {
                return Err(
                    self.new_type_error(format!("iter() returned non-iterator of type '{}'", self.type_name(&it)))
                );
            }
            return Ok(it);
        }
        if self.lookup_special(v, "__getitem__").is_some() {
            return Ok(
                self.new_native_iter(&self.types.iterator.clone(), IterState::GetItem { obj: v.clone(), index: 0 })
            );
        }
        Err(self.new_type_error(format!("'{}' object is not iterable", self.type_name(v))))
    }

    /// `next(it)`: `Ok(None)` when exhausted (StopIteration is absorbed).
    pub fn next(&mut self, it: &Value) -> PyResult<Option<Value>> {
        if let Value::Obj(o) = it {
            match &o.payload {
                // A subclass of enumerate, zip, ... may override `__next__`: it takes the
                // generic path below, whose inherited `__next__` comes back to `native_next`.
                Payload::Iter(st) if !o.class_is_heap() => return self.native_next(st),
                Payload::Generator(_)
                    if !o.class_is_heap() && std::rc::Rc::ptr_eq(&o.class(), &self.types.generator) =>
                {
                    return match self.gen_send(o, Value::None)? {
                        crate::gen::SendResult::Yielded(v) => Ok(Some(v)),
                        crate::gen::SendResult::Returned(_) => Ok(None),
                    };
                }
                _ => {}
            }
        }
        let m = self
            .lookup_special(it, "__next__")
            .ok_or_else(|| self.new_type_error(format!("'{}' object is not an iterator", self.type_name(it))))?;
        match self.call_unbound(&m, it, &[]) {
            Ok(v) => Ok(Some(v)),
            Err(e) if self.isinstance_exc(&e, &self.exc.stop_iteration.clone()) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// A tuple of `items`: `reuse` (an iterator's previous result) refilled in place when
    /// nothing else holds it and it has the right length, else a new tuple.
    fn refill_tuple(&self, reuse: Option<Value>, items: Vec<Value>) -> Value {
        if let Some(Value::Obj(mut rc)) = reuse {
            if let Some(obj) = std::rc::Rc::get_mut(&mut rc) {
                if let Payload::Tuple(t) = &mut obj.payload {
                    if t.len() == items.len() {
                        for (slot, v) in t.iter_mut().zip(items) {
                            *slot = v;
                        }
                        return Value::Obj(rc);
                    }
                }
            }
        }
        self.new_tuple(items)
    }

    pub(crate) fn native_next(&mut self, st: &RefCell<IterState>) -> PyResult<Option<Value>> {
        let mut s = st.borrow_mut();
        match &mut *s {
            IterState::Seq { seq, index } => {
                let i = *index;
                let item = match seq.payload() {
                    Some(Payload::List(l)) => l.borrow().get(i).cloned(),
                    Some(Payload::Tuple(t)) => t.get(i).cloned(),
                    Some(Payload::Str(ps)) => {
                        if i < ps.char_len() {
                            let c = if ps.is_ascii() {
                                ps.as_str().as_bytes()[i] as char
                            } else {
                                ps.as_str()[ps.byte_offset(i)..].chars().next().unwrap()
                            };
                            // Keep the byte position: advance by chars for non-ASCII.
                            Some(Value::Obj(self.intern(c.encode_utf8(&mut [0; 4]))))
                        } else {
                            None
                        }
                    }
                    Some(Payload::Bytes(b)) => b.get(i).map(|x| Value::Int(*x as i64)),
                    Some(Payload::ByteArray(b)) => b.borrow().get(i).map(|x| Value::Int(*x as i64)),
                    Some(Payload::MemoryView(_)) => crate::objects::memoryview::item_value(self, seq, i)?,
                    _ => None,
                };
                match item {
                    Some(v) => {
                        *index += 1;
                        Ok(Some(v))
                    }
                    None => {
                        *s = IterState::Exhausted;
                        Ok(None)
                    }
                }
            }
            IterState::Range { next, stop, step, .. } => {
                if (*step > 0 && *next < *stop) || (*step < 0 && *next > *stop) {
                    let v = *next;
                    match next.checked_add(*step) {
                        Some(n) => *next = n,
                        None => *next = *stop,
                    }
                    Ok(Some(Value::Int(v)))
                } else {
                    Ok(None)
                }
            }
            IterState::BigRange { next, stop, step, .. } => {
                let pos = *step > BigInt::from(0);
                if (pos && *next < *stop) || (!pos && *next > *stop) {
                    let v = next.clone();
                    *next += &*step;
                    drop(s);
                    Ok(Some(self.new_bigint(v)))
                } else {
                    Ok(None)
                }
            }
            IterState::Dict { dict, pos, len, kind } => {
                let Payload::Dict(d) = &dict.payload else { unreachable!() };
                let d = d.borrow();
                if d.len() != *len {
                    *len = usize::MAX;
                    drop(d);
                    drop(s);
                    return Err(self.new_runtime_error("dictionary changed size during iteration"));
                }
                while *pos < d.entries_len() {
                    let p = *pos;
                    *pos += 1;
                    if let Some(e) = d.entry_at(p) {
                        let v = match kind {
                            crate::dict::ViewKind::Keys => e.key.clone(),
                            crate::dict::ViewKind::Values => e.value.clone(),
                            crate::dict::ViewKind::Items => {
                                let (k, v) = (e.key.clone(), e.value.clone());
                                return Ok(Some(self.new_tuple(vec![k, v])));
                            }
                        };
                        return Ok(Some(v));
                    }
                }
                Ok(None)
            }
            IterState::Set { set, pos, len } => {
                let set = set.clone();
                let r = crate::set::with_set_data(&set, |d| {
                    if d.len() != *len {
                        return Err(());
                    }
                    while *pos < d.capacity() {
                        let p = *pos;
                        *pos += 1;
                        if let Some((_, k)) = d.slot(p) {
                            return Ok(Some(k.clone()));
                        }
                    }
                    Ok(None)
                })
                .unwrap();
                match r {
                    Ok(v) => Ok(v),
                    Err(()) => {
                        *len = usize::MAX;
                        drop(s);
                        Err(self.new_runtime_error("Set changed size during iteration"))
                    }
                }
            }
            IterState::GetItem { obj, index } => {
                let (obj, i) = (obj.clone(), *index);
                *index += 1;
                drop(s);
                match self.getitem(&obj, &Value::Int(i)) {
                    Ok(v) => Ok(Some(v)),
                    Err(e)
                        if self.isinstance_exc(&e, &self.exc.index_error.clone())
                            || self.isinstance_exc(&e, &self.exc.stop_iteration.clone()) =>
                    {
                        *st.borrow_mut() = IterState::Exhausted;
                        Ok(None)
                    }
                    Err(e) => Err(e),
                }
            }
            IterState::Callable { func, sentinel } => {
                let (func, sentinel) = (func.clone(), sentinel.clone());
                drop(s);
                // `calliter_iternext`: a StopIteration from the callable ends the iteration.
                let v = match self.call(&func, Args::new(&[])) {
                    Ok(v) => v,
                    Err(e) if self.isinstance_exc(&e, &self.exc.stop_iteration.clone()) => {
                        *st.borrow_mut() = IterState::Exhausted;
                        return Ok(None);
                    }
                    Err(e) => return Err(e),
                };
                // The call may have exhausted this very iterator (re-entrantly): then its
                // result is dropped.
                if matches!(&*st.borrow(), IterState::Exhausted) {
                    return Ok(None);
                }
                if self.eq(&sentinel, &v)? {
                    *st.borrow_mut() = IterState::Exhausted;
                    return Ok(None);
                }
                Ok(Some(v))
            }
            IterState::Enumerate { it, count, big, last } => {
                let it = it.clone();
                // The index this item gets: an i64 while it fits, else a big int.
                let index = match big {
                    Some(b) => {
                        let v = b.clone();
                        *b += 1;
                        Err(v)
                    }
                    None => {
                        let c = *count;
                        match count.checked_add(1) {
                            Some(n) => *count = n,
                            None => *big = Some(BigInt::from(c) + 1),
                        }
                        Ok(c)
                    }
                };
                let reuse = last.take();
                drop(s);
                // `enum_next` counts only an item it got: the end or an error leaves the index.
                let got = self.next(&it);
                if !matches!(got, Ok(Some(_))) {
                    if let IterState::Enumerate { count, big, .. } = &mut *st.borrow_mut() {
                        match &index {
                            Ok(c) => {
                                *count = *c;
                                *big = None;
                            }
                            Err(b) => *big = Some(b.clone()),
                        }
                    }
                }
                match got? {
                    Some(v) => {
                        let idx = match index {
                            Ok(c) => Value::Int(c),
                            Err(b) => self.new_bigint(b),
                        };
                        let t = self.refill_tuple(reuse, vec![idx, v]);
                        if let IterState::Enumerate { last, .. } = &mut *st.borrow_mut() {
                            *last = Some(t.clone());
                        }
                        Ok(Some(t))
                    }
                    None => Ok(None),
                }
            }
            IterState::Zip { its, strict, last } => {
                let (n, strict, reuse) = (its.len(), *strict, last.take());
                drop(s);
                if n == 0 {
                    return Ok(None);
                }
                // Each argument iterator is read out of the state just before use (no copy of
                // the whole list per item); `next` may run Python code, so no borrow is held.
                let nth = |i: usize| match &*st.borrow() {
                    IterState::Zip { its, .. } => its.get(i).cloned(),
                    _ => None,
                };
                // The previous result tuple, when nobody else holds it, takes the new items in
                // place (as CPython's zip reuses its result tuple); it is reachable from nowhere
                // else, so no Python code run by `next` can see it half-filled.
                let mut slots = match reuse {
                    Some(Value::Obj(rc))
                        if std::rc::Rc::strong_count(&rc) == 1
                            && std::rc::Rc::weak_count(&rc) == 0
                            && matches!(&rc.payload, Payload::Tuple(t) if t.len() == n) =>
                    {
                        Some(rc)
                    }
                    _ => None,
                };
                let mut out = Vec::with_capacity(if slots.is_some() { 0 } else { n });
                for i in 0..n {
                    let Some(it) = nth(i) else { return Ok(None) };
                    // A builtin argument iterator (a list's, a range's, ...) is advanced
                    // directly, without `next`'s dispatch.
                    let item = match &it {
                        Value::Obj(o) => match &o.payload {
                            // (Not a subclass instance, which may override `__next__`.)
                            Payload::Iter(sub) if !o.class_is_heap() => self.native_next(sub)?,
                            _ => self.next(&it)?,
                        },
                        _ => self.next(&it)?,
                    };
                    match item {
                        Some(v) => match slots.as_mut().and_then(std::rc::Rc::get_mut) {
                            // `v` came back in two registers: store it whole (`take_by_words`).
                            Some(Object { payload: Payload::Tuple(t), .. }) => t[i] = Value::take_by_words(v),
                            _ => out.push(v),
                        },
                        None => {
                            if strict {
                                if i > 0 {
                                    let plural = if i == 1 { " " } else { "s 1-" };
                                    return Err(self.new_value_error(format!(
                                        "zip() argument {} is shorter than argument{}{}",
                                        i + 1,
                                        plural,
                                        i
                                    )));
                                }
                                for j in 1..n {
                                    let Some(other) = nth(j) else { break };
                                    if self.next(&other)?.is_some() {
                                        let plural = if j == 1 { " " } else { "s 1-" };
                                        return Err(self.new_value_error(format!(
                                            "zip() argument {} is longer than argument{}{}",
                                            j + 1,
                                            plural,
                                            j
                                        )));
                                    }
                                }
                            }
                            // The argument iterators stay: CPython's zip keeps asking them
                            // (and pickles them) after the end.
                            return Ok(None);
                        }
                    }
                }
                let t = match slots {
                    Some(rc) => Value::fresh_obj(rc),
                    None => Value::take_by_words(self.new_tuple(out)),
                };
                if let IterState::Zip { last, .. } = &mut *st.borrow_mut() {
                    *last = Some(t.clone());
                }
                Ok(Some(t))
            }
            IterState::Map { func, its } => {
                let (func, its) = (func.clone(), its.clone());
                drop(s);
                let mut args = Vec::with_capacity(its.len());
                for it in &its {
                    match self.next(it)? {
                        Some(v) => args.push(v),
                        None => return Ok(None),
                    }
                }
                Ok(Some(self.call(&func, Args::new(&args))?))
            }
            IterState::Filter { func, it } => {
                let (func, it) = (func.clone(), it.clone());
                drop(s);
                while let Some(v) = self.next(&it)? {
                    let keep = if func.is_none() {
                        self.truthy(&v)?
                    } else {
                        let r = self.call(&func, Args::new(std::slice::from_ref(&v)))?;
                        self.truthy(&r)?
                    };
                    if keep {
                        return Ok(Some(v));
                    }
                }
                Ok(None)
            }
            IterState::Reversed { seq, index } => {
                if *index < 0 {
                    // `listreviter_next` / `reversed_next` drop the sequence at the end.
                    *s = IterState::Exhausted;
                    return Ok(None);
                }
                let (seq, i) = (seq.clone(), *index);
                *index -= 1;
                drop(s);
                if let Some(Payload::List(l)) = seq.payload() {
                    let item = l.borrow().get(i as usize).cloned();
                    return match item {
                        Some(v) => Ok(Some(v)),
                        None => {
                            *st.borrow_mut() = IterState::Exhausted;
                            Ok(None)
                        }
                    };
                }
                match self.getitem(&seq, &Value::Int(i)) {
                    Ok(v) => Ok(Some(v)),
                    Err(e)
                        if self.isinstance_exc(&e, &self.exc.index_error.clone())
                            || self.isinstance_exc(&e, &self.exc.stop_iteration.clone()) =>
                    {
                        *st.borrow_mut() = IterState::Exhausted;
                        Ok(None)
                    }
                    Err(e) => Err(e),
                }
            }
            IterState::Exhausted => Ok(None),
        }
    }

    /// Collects any iterable into a vector.
    pub fn collect(&mut self, v: &Value) -> PyResult<Vec<Value>> {
        if let Value::Obj(o) = v {
            if !o.class_is_heap() {
                match &o.payload {
                    Payload::List(l) => return Ok(l.borrow().clone()),
                    Payload::Tuple(t) => return Ok(t.to_vec()),
                    _ => {}
                }
            }
        }
        let it = self.iter(v)?;
        let mut out = Vec::new();
        while let Some(x) = self.next(&it)? {
            out.push(x);
        }
        Ok(out)
    }

    /// `PySequence_List(v)` (and `list_extend`, `PySequence_Tuple`): like `collect`, but an
    /// instance of a class defined in Python is asked for its length (`PyObject_LengthHint`)
    /// after `iter(v)` and before the first item, as CPython presizes the result, so a
    /// `__len__` or `__length_hint__` with side effects or errors is seen. Builtin objects
    /// whose answer involves no Python code skip the question (see `observable_length_hint`).
    pub fn sequence_list(&mut self, v: &Value) -> PyResult<Vec<Value>> {
        if !v.as_obj().is_some_and(|o| o.class_is_heap()) && !asks_python_for_length(v) {
            return self.collect(v);
        }
        let it = self.iter(v)?;
        // The hint only sizes the buffer; a wrong one costs nothing but a reallocation.
        let hint = self.observable_length_hint(v, 8)?;
        let mut out = Vec::with_capacity(hint.clamp(0, 1 << 16) as usize);
        while let Some(x) = self.next(&it)? {
            out.push(x);
        }
        Ok(out)
    }

    /// `PySequence_Fast(v, message)`: the items of an exact list or tuple, else those of
    /// `list(iter(v))`, so a Python-defined iterator is asked for `iter()` again and for its
    /// length hint. A TypeError from `iter(v)` becomes one saying `message`.
    pub fn sequence_fast(&mut self, v: &Value, message: &str) -> PyResult<Vec<Value>> {
        if let Some(o) = v.as_obj().filter(|o| !o.class_is_heap()) {
            match &o.payload {
                Payload::List(l) => return Ok(l.borrow().clone()),
                Payload::Tuple(t) => return Ok(t.to_vec()),
                _ => {}
            }
        }
        let it = match self.iter(v) {
            Err(e) if self.isinstance_exc(&e, &self.exc.type_error.clone()) => {
                return Err(self.new_type_error(message.to_string()))
            }
            r => r?,
        };
        self.sequence_list(&it)
    }

    /// `PyObject_LengthHint(v, default)` where its answer could be observed (an instance of a
    /// class defined in Python, or a builtin iterator over one); else `default`, without asking.
    pub fn observable_length_hint(&mut self, v: &Value, default: i64) -> PyResult<i64> {
        if v.as_obj().is_some_and(|o| o.class_is_heap()) || asks_python_for_length(v) {
            self.length_hint(v, default)
        } else {
            Ok(default)
        }
    }

    /// `PyObject_LengthHint(v, default)`: `len(v)` when the type has `__len__` (a TypeError
    /// from it falls through), else `__length_hint__()` checked as CPython does (a TypeError
    /// or NotImplemented from it means `default`), else `default`.
    pub fn length_hint(&mut self, v: &Value, default: i64) -> PyResult<i64> {
        if self.lookup_special(v, "__len__").is_some() {
            match self.len(v) {
                Ok(n) => return Ok(n as i64),
                Err(e) if self.isinstance_exc(&e, &self.exc.type_error.clone()) => {}
                Err(e) => return Err(e),
            }
        }
        let Some(hint) = self.lookup_special(v, "__length_hint__") else {
            return Ok(default);
        };
        let r = match self.call_unbound(&hint, v, &[]) {
            Ok(r) => r,
            Err(e) if self.isinstance_exc(&e, &self.exc.type_error.clone()) => return Ok(default),
            Err(e) => return Err(e),
        };
        let n = match &r {
            Value::Int(i) => *i,
            Value::Bool(b) => *b as i64,
            _ if self.is_not_implemented(&r) => return Ok(default),
            _ => match r.payload() {
                Some(Payload::Int(b)) => {
                    b.to_i64().ok_or_else(|| self.new_overflow_error("Python int too large to convert to C ssize_t"))?
                }
                _ => {
                    return Err(
                        self.new_type_error(format!("__length_hint__ must be an integer, not {}", self.type_name(&r)))
                    )
                }
            },
        };
        if n < 0 {
            return Err(self.new_value_error("__length_hint__() should return >= 0"));
        }
        Ok(n)
    }

    /// Collects for `*args` unpacking, with CPython's message for non-iterables.
    pub fn collect_iterable_for_unpack(&mut self, v: &Value) -> PyResult<Vec<Value>> {
        if self.lookup_special(v, "__iter__").is_none() && self.lookup_special(v, "__getitem__").is_none() {
            return Err(self.new_type_error(format!("Value after * must be an iterable, not {}", self.type_name(v))));
        }
        self.sequence_list(v)
    }

    /// Whether unpacking `o` may read its tuple or list items directly: a subclass that
    /// overrides `__iter__` (platform's `uname_result`) must be iterated.
    #[inline]
    pub fn iterates_as_stored(&self, o: &crate::value::Object) -> bool {
        !o.class_is_heap()
            || crate::types::lookup_static(&o.class(), "__iter__")
                .is_some_and(|f| matches!(f.payload(), Some(Payload::BuiltinFunction(_))))
    }

    /// `UNPACK_SEQUENCE n` with CPython's messages.
    pub fn unpack_exact(&mut self, seq: &Value, n: usize) -> PyResult<Vec<Value>> {
        if let Some(o) = seq.as_obj().filter(|o| self.iterates_as_stored(o)) {
            let items = match &o.payload {
                Payload::Tuple(t) => Some(t.to_vec()),
                Payload::List(l) => Some(l.borrow().clone()),
                _ => None,
            };
            if let Some(items) = items {
                return self.check_unpack(items, n);
            }
        }
        let it = self.unpack_iter(seq)?;
        let mut out = Vec::with_capacity(n);
        while let Some(v) = self.next(&it)? {
            out.push(v);
            if out.len() > n {
                return Err(self.new_value_error(format!("too many values to unpack (expected {n})")));
            }
        }
        self.check_unpack(out, n)
    }

    /// `iter(seq)` for unpacking, with `unpack_iterable`'s message for a non-iterable.
    fn unpack_iter(&mut self, seq: &Value) -> PyResult<Value> {
        if self.lookup_special(seq, "__iter__").is_none() && self.lookup_special(seq, "__getitem__").is_none() {
            return Err(self.new_type_error(format!("cannot unpack non-iterable {} object", self.type_name(seq))));
        }
        self.iter(seq)
    }

    /// `UNPACK_EX` (`a, *b, c = seq`; CPython's `unpack_iterable`): every item of `seq`, at
    /// least `before + after` of them. The `before` items are taken one by one, the rest by
    /// `list(iterator)` (which asks a Python-defined iterator for its length hint).
    pub fn unpack_ex_items(&mut self, seq: &Value, before: usize, after: usize) -> PyResult<Vec<Value>> {
        let stored = seq.as_obj().filter(|o| self.iterates_as_stored(o)).and_then(|o| match &o.payload {
            Payload::Tuple(t) => Some(t.to_vec()),
            Payload::List(l) => Some(l.borrow().clone()),
            _ => None,
        });
        let items = match stored {
            Some(items) => items,
            None => {
                let it = self.unpack_iter(seq)?;
                let mut out = Vec::new();
                while out.len() < before {
                    match self.next(&it)? {
                        Some(v) => out.push(v),
                        None => break,
                    }
                }
                if out.len() == before {
                    out.extend(self.sequence_list(&it)?);
                }
                out
            }
        };
        if items.len() < before + after {
            return Err(self.new_value_error(format!(
                "not enough values to unpack (expected at least {}, got {})",
                before + after,
                items.len()
            )));
        }
        Ok(items)
    }

    fn check_unpack(&self, items: Vec<Value>, n: usize) -> PyResult<Vec<Value>> {
        if items.len() < n {
            return Err(self.new_value_error(format!(
                "not enough values to unpack (expected {}, got {})",
                n,
                items.len()
            )));
        }
        if items.len() > n {
            return Err(self.new_value_error(format!("too many values to unpack (expected {n})")));
        }
        Ok(items)
    }
}
