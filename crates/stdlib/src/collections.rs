//! Stdlib stage: the `_collections` module — `deque` (a native ring buffer with `maxlen`,
//! CPython's methods, repr and messages; iterators detect mutation) and `defaultdict` (a dict
//! subclass with `default_factory` and `__missing__`, defined by a short Python class body
//! run at import, since dict subclasses are what the VM's `__missing__` path serves).

use crate::native::{self, new_args, new_instance};
use std::collections::VecDeque;
use vm::func::{Args, MethodDef};
use vm::types::Layout;
use vm::value::{Payload, PyRef, Value};
use vm::{PyResult, Vm};

struct Deque {
    items: VecDeque<Value>,
    maxlen: Option<usize>,
    /// Bumped by every change of length or order, so iterators can detect mutation.
    state: u64,
}

struct DequeIter {
    deque: Value,
    index: usize,
    state: u64,
    reverse: bool,
}

vm::gil_local! {
    static ITER_TYPE: std::cell::RefCell<Option<PyRef>> = const { std::cell::RefCell::new(None) };
}

fn dq<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a std::cell::RefCell<Deque>> {
    native::state::<Deque>(v).ok_or_else(|| native::wrong_self(vm, v, "collections.deque"))
}

fn snapshot(vm: &Vm, v: &Value) -> PyResult<Vec<Value>> {
    Ok(dq(vm, v)?.borrow().items.iter().cloned().collect())
}

fn push(d: &mut Deque, v: Value, left: bool) -> Option<Value> {
    if d.maxlen == Some(0) {
        return Some(v);
    }
    d.state += 1;
    let dropped = if d.maxlen.map(|m| d.items.len() >= m).unwrap_or(false) {
        if left {
            d.items.pop_back()
        } else {
            d.items.pop_front()
        }
    } else {
        None
    };
    if left {
        d.items.push_front(v);
    } else {
        d.items.push_back(v);
    }
    dropped
}

fn deque_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, _) = new_args(&args);
    Ok(new_instance(vm, &cls, Deque { items: VecDeque::new(), maxlen: None, state: 0 }))
}

fn deque_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    let [iterable, maxlen] = rest.bind(vm, "deque", ["iterable", "maxlen"], 0)?;
    let maxlen = match maxlen {
        None | Some(Value::None) => None,
        Some(m) => {
            let m = vm.to_i64_index(&m)?;
            if m < 0 {
                return Err(vm.new_value_error("maxlen must be non-negative"));
            }
            Some(m as usize)
        }
    };
    {
        let mut d = dq(vm, &this)?.borrow_mut();
        d.maxlen = maxlen;
        let old = std::mem::take(&mut d.items);
        d.state += 1;
        drop(d);
        drop(old);
    }
    if let Some(it) = iterable {
        extend_impl(vm, &this, &it, false)?;
    }
    Ok(Value::None)
}

fn extend_impl(vm: &mut Vm, this: &Value, iterable: &Value, left: bool) -> PyResult<()> {
    let items = if iterable.is(this) { snapshot(vm, this)? } else { vm.collect(iterable)? };
    for v in items {
        let dropped = push(&mut dq(vm, this)?.borrow_mut(), v, left);
        drop(dropped);
    }
    Ok(())
}

fn append(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "append")?;
    let dropped = push(&mut dq(vm, &a[0])?.borrow_mut(), a[1].clone(), false);
    drop(dropped);
    Ok(Value::None)
}

fn appendleft(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "appendleft")?;
    let dropped = push(&mut dq(vm, &a[0])?.borrow_mut(), a[1].clone(), true);
    drop(dropped);
    Ok(Value::None)
}

fn extend(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "extend")?;
    extend_impl(vm, &a[0], &a[1], false)?;
    Ok(Value::None)
}

fn extendleft(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "extendleft")?;
    extend_impl(vm, &a[0], &a[1], true)?;
    Ok(Value::None)
}

fn pop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "pop")?;
    let mut d = dq(vm, &a[0])?.borrow_mut();
    d.state += 1;
    d.items.pop_back().ok_or_else(|| vm.new_index_error("pop from an empty deque"))
}

fn popleft(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "popleft")?;
    let mut d = dq(vm, &a[0])?.borrow_mut();
    d.state += 1;
    d.items.pop_front().ok_or_else(|| vm.new_index_error("pop from an empty deque"))
}

fn clear(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "clear")?;
    let old = {
        let mut d = dq(vm, &a[0])?.borrow_mut();
        d.state += 1;
        std::mem::take(&mut d.items)
    };
    drop(old);
    Ok(Value::None)
}

fn rotate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    // Argument clinic names this one with its type: `deque.rotate expected at most 1 argument`.
    args.method_no_kwargs(vm, "rotate")?;
    args.rest().range(vm, "deque.rotate", 0, 1)?;
    let a = args.pos();
    let n = match a.get(1) {
        Some(v) => vm.to_i64_index(v)?,
        None => 1,
    };
    let mut d = dq(vm, &a[0])?.borrow_mut();
    let len = d.items.len() as i64;
    if len > 1 {
        let k = n.rem_euclid(len) as usize;
        d.items.rotate_right(k);
        d.state += 1;
    }
    Ok(Value::None)
}

fn reverse(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "reverse")?;
    let mut d = dq(vm, &a[0])?.borrow_mut();
    d.items.make_contiguous().reverse();
    d.state += 1;
    Ok(Value::None)
}

fn count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "count")?;
    let state = dq(vm, &a[0])?.borrow().state;
    let mut n = 0;
    for v in snapshot(vm, &a[0])? {
        if vm.eq(&v, &a[1])? {
            n += 1;
        }
        if dq(vm, &a[0])?.borrow().state != state {
            return Err(vm.new_runtime_error("deque mutated during iteration"));
        }
    }
    Ok(Value::Int(n))
}

fn index(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.varargs(vm, "index", 1, 3)?;
    let items = snapshot(vm, &a[0])?;
    let len = items.len() as i64;
    let norm = |i: i64| if i < 0 { (i + len).max(0) } else { i.min(len) };
    let start = match a.get(2) {
        Some(v) => norm(vm.to_i64_index(v)?),
        None => 0,
    };
    let stop = match a.get(3) {
        Some(v) => norm(vm.to_i64_index(v)?),
        None => len,
    };
    let state = dq(vm, &a[0])?.borrow().state;
    for i in start..stop {
        if vm.eq(&items[i as usize], &a[1])? {
            return Ok(Value::Int(i));
        }
        if dq(vm, &a[0])?.borrow().state != state {
            return Err(vm.new_runtime_error("deque mutated during iteration"));
        }
    }
    let r = vm.repr_string(&a[1])?;
    Err(vm.new_value_error(format!("{r} is not in deque")))
}

fn insert(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.varargs(vm, "insert", 2, 2)?;
    let i = vm.to_i64_index(&a[1])?;
    let mut d = dq(vm, &a[0])?.borrow_mut();
    if d.maxlen.map(|m| d.items.len() >= m).unwrap_or(false) {
        return Err(vm.new_index_error("deque already at its maximum size"));
    }
    let len = d.items.len() as i64;
    let i = if i < 0 { (i + len).max(0) } else { i.min(len) };
    d.items.insert(i as usize, a[2].clone());
    d.state += 1;
    Ok(Value::None)
}

fn remove(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "remove")?;
    let items = snapshot(vm, &a[0])?;
    for (i, v) in items.iter().enumerate() {
        if vm.eq(v, &a[1])? {
            let mut d = dq(vm, &a[0])?.borrow_mut();
            if d.items.len() != items.len() {
                return Err(vm.new_index_error("deque mutated during remove()."));
            }
            let old = d.items.remove(i);
            d.state += 1;
            drop(d);
            drop(old);
            return Ok(Value::None);
        }
    }
    let r = vm.repr_string(&a[1])?;
    Err(vm.new_value_error(format!("{r} is not in deque")))
}

fn copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "copy")?;
    let (items, maxlen) = {
        let d = dq(vm, &a[0])?.borrow();
        (d.items.clone(), d.maxlen)
    };
    let cls = vm.type_of(&a[0]);
    if cls.as_type().map(|t| t.is_heap()).unwrap_or(false) {
        let l = vm.new_list(items.into_iter().collect());
        let m = maxlen.map(|m| Value::Int(m as i64)).unwrap_or(Value::None);
        return vm.call(&Value::Obj(cls), Args::new(&[l, m]));
    }
    Ok(new_instance(vm, &cls, Deque { items, maxlen, state: 0 }))
}

fn len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(dq(vm, &args.args[0])?.borrow().items.len() as i64))
}

fn maxlen(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(dq(vm, &args.args[0])?.borrow().maxlen.map(|m| Value::Int(m as i64)).unwrap_or(Value::None))
}

fn norm_index(vm: &mut Vm, this: &Value, i: &Value) -> PyResult<usize> {
    let i = vm.to_i64_index(i)?;
    let len = dq(vm, this)?.borrow().items.len() as i64;
    let j = if i < 0 { i + len } else { i };
    if j < 0 || j >= len {
        return Err(vm.new_index_error("deque index out of range"));
    }
    Ok(j as usize)
}

fn getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__getitem__", 2)?;
    if matches!(a[1].payload(), Some(Payload::Slice(_))) {
        return Err(vm.new_type_error("sequence index must be integer, not 'slice'"));
    }
    let i = norm_index(vm, &a[0], &a[1])?;
    Ok(dq(vm, &a[0])?.borrow().items[i].clone())
}

fn setitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__setitem__", 3)?;
    let i = norm_index(vm, &a[0], &a[1])?;
    let old = std::mem::replace(&mut dq(vm, &a[0])?.borrow_mut().items[i], a[2].clone());
    drop(old);
    Ok(Value::None)
}

fn delitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__delitem__", 2)?;
    let i = norm_index(vm, &a[0], &a[1])?;
    let old = {
        let mut d = dq(vm, &a[0])?.borrow_mut();
        d.state += 1;
        d.items.remove(i)
    };
    drop(old);
    Ok(Value::None)
}

fn contains(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__contains__", 2)?;
    let state = dq(vm, &a[0])?.borrow().state;
    for v in snapshot(vm, &a[0])? {
        if vm.eq(&v, &a[1])? {
            return Ok(Value::Bool(true));
        }
        if dq(vm, &a[0])?.borrow().state != state {
            return Err(vm.new_runtime_error("deque mutated during iteration"));
        }
    }
    Ok(Value::Bool(false))
}

fn repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let id = this.id() as usize;
    if vm.repr_stack.contains(&id) {
        return Ok(vm.new_str("[...]"));
    }
    let items = snapshot(vm, &this)?;
    let maxlen = dq(vm, &this)?.borrow().maxlen;
    vm.repr_stack.push(id);
    let l = vm.new_list(items);
    let r = vm.repr_string(&l);
    vm.repr_stack.retain(|x| *x != id);
    let r = r?;
    let name = vm.short_type_name(&this);
    Ok(vm.new_str(match maxlen {
        Some(m) => format!("{name}({r}, maxlen={m})"),
        None => format!("{name}({r})"),
    }))
}

fn richcmp(vm: &mut Vm, args: Args, op: u32) -> PyResult<Value> {
    let a = args.exact(vm, "__eq__", 2)?;
    if native::state::<Deque>(&a[1]).is_none() {
        return Ok(vm.not_implemented());
    }
    let x = vm.new_list(snapshot(vm, &a[0])?);
    let y = vm.new_list(snapshot(vm, &a[1])?);
    vm.compare(&x, &y, op)
}

fn lt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    richcmp(vm, a, 0)
}
fn le(vm: &mut Vm, a: Args) -> PyResult<Value> {
    richcmp(vm, a, 1)
}
fn eq(vm: &mut Vm, a: Args) -> PyResult<Value> {
    richcmp(vm, a, 2)
}
fn ne(vm: &mut Vm, a: Args) -> PyResult<Value> {
    richcmp(vm, a, 3)
}
fn gt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    richcmp(vm, a, 4)
}
fn ge(vm: &mut Vm, a: Args) -> PyResult<Value> {
    richcmp(vm, a, 5)
}

fn add(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__add__", 2)?;
    if native::state::<Deque>(&a[1]).is_none() {
        return Err(vm.new_type_error(format!("can only concatenate deque (not \"{}\") to deque", vm.type_name(&a[1]))));
    }
    let new = copy(vm, Args::new(&a[..1]))?;
    extend_impl(vm, &new, &a[1], false)?;
    Ok(new)
}

fn iadd(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__iadd__", 2)?;
    extend_impl(vm, &a[0], &a[1], false)?;
    Ok(a[0].clone())
}

fn mul(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__mul__", 2)?;
    let n = vm.to_i64_index(&a[1])?.max(0);
    let new = copy(vm, Args::new(&a[..1]))?;
    let items = snapshot(vm, &a[0])?;
    dq(vm, &new)?.borrow_mut().items.clear();
    for _ in 0..n {
        for v in &items {
            let dropped = push(&mut dq(vm, &new)?.borrow_mut(), v.clone(), false);
            drop(dropped);
        }
    }
    Ok(new)
}

fn imul(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__imul__", 2)?;
    let n = vm.to_i64_index(&a[1])?.max(0);
    let items = snapshot(vm, &a[0])?;
    dq(vm, &a[0])?.borrow_mut().items.clear();
    for _ in 0..n {
        for v in &items {
            let dropped = push(&mut dq(vm, &a[0])?.borrow_mut(), v.clone(), false);
            drop(dropped);
        }
    }
    Ok(a[0].clone())
}

fn reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let t = vm.type_of(&this);
    // `deque_reduce`: `(type, ()|((), maxlen), state, iter(self))`.
    let getstate = vm.getattr_str(&this, "__getstate__")?;
    let state = vm.call(&getstate, Args::new(&[]))?;
    let it = vm.iter(&this)?;
    let m = maxlen(vm, Args::new(&[this]))?;
    let a = if m.is_none() {
        vm.new_tuple(vec![])
    } else {
        let empty = vm.new_tuple(vec![]);
        vm.new_tuple(vec![empty, m])
    };
    Ok(vm.new_tuple(vec![Value::Obj(t), a, state, it]))
}

fn new_iter(vm: &mut Vm, this: &Value, reverse: bool) -> PyResult<Value> {
    let state = dq(vm, this)?.borrow().state;
    let t = ITER_TYPE.with(|t| t.borrow().clone()).unwrap();
    Ok(new_instance(vm, &t, DequeIter { deque: this.clone(), index: 0, state, reverse }))
}

fn iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    new_iter(vm, &args.args[0].clone(), false)
}

fn reversed(vm: &mut Vm, args: Args) -> PyResult<Value> {
    new_iter(vm, &args.args[0].clone(), true)
}

fn iter_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let Some(it) = native::state::<DequeIter>(this) else {
        return Err(native::wrong_self(vm, this, "_collections._deque_iterator"));
    };
    let mut it = it.borrow_mut();
    let deque = it.deque.clone();
    let d = dq(vm, &deque)?.borrow();
    if d.state != it.state {
        it.index = usize::MAX;
        return Err(vm.new_runtime_error("deque mutated during iteration"));
    }
    if it.index >= d.items.len() {
        return Err(vm.new_stop_iteration(Value::None));
    }
    let i = if it.reverse { d.items.len() - 1 - it.index } else { it.index };
    let v = d.items[i].clone();
    drop(d);
    it.index += 1;
    Ok(v)
}

const DEQUE_METHODS: &[MethodDef] = &[
    ("__init__", deque_init, "Initialize self.  See help(type(self)) for accurate signature."),
    ("append", append, "Add an element to the right side of the deque."),
    ("appendleft", appendleft, "Add an element to the left side of the deque."),
    ("extend", extend, "Extend the right side of the deque with elements from the iterable"),
    ("extendleft", extendleft, "Extend the left side of the deque with elements from the iterable"),
    ("pop", pop, "Remove and return the rightmost element."),
    ("popleft", popleft, "Remove and return the leftmost element."),
    ("clear", clear, "Remove all elements from the deque."),
    ("rotate", rotate, "Rotate the deque n steps to the right (default n=1)."),
    ("reverse", reverse, "D.reverse() -- reverse *IN PLACE*"),
    ("count", count, "D.count(value) -- return number of occurrences of value"),
    ("index", index, "D.index(value, [start, [stop]]) -- return first index of value."),
    ("insert", insert, "D.insert(index, object) -- insert object before index"),
    ("remove", remove, "D.remove(value) -- remove first occurrence of value."),
    ("copy", copy, "Return a shallow copy of a deque."),
    ("__copy__", copy, "Return a shallow copy of a deque."),
    ("__len__", len, "Return len(self)."),
    ("__getitem__", getitem, "Return self[key]."),
    ("__setitem__", setitem, "Set self[key] to value."),
    ("__delitem__", delitem, "Delete self[key]."),
    ("__contains__", contains, "Return key in self."),
    ("__repr__", repr, "Return repr(self)."),
    ("__lt__", lt, "Return self<value."),
    ("__le__", le, "Return self<=value."),
    ("__eq__", eq, "Return self==value."),
    ("__ne__", ne, "Return self!=value."),
    ("__gt__", gt, "Return self>value."),
    ("__ge__", ge, "Return self>=value."),
    ("__add__", add, "Return self+value."),
    ("__iadd__", iadd, "Implement self+=value."),
    ("__mul__", mul, "Return self*value."),
    ("__rmul__", mul, "Return value*self."),
    ("__imul__", imul, "Implement self*=value."),
    ("__reduce__", reduce, "Return state information for pickling."),
    ("__iter__", iter, "Implement iter(self)."),
    ("__reversed__", reversed, "D.__reversed__() -- return a reverse iterator over the deque"),
];

/// `defaultdict`, written as the Python class it behaves as.
const DEFAULTDICT_SRC: &str = r#"
class defaultdict(dict):
    __module__ = 'collections'
    __qualname__ = 'defaultdict'

    def __init__(self, default_factory=None, /, *args, **kwargs):
        if default_factory is not None and not callable(default_factory):
            raise TypeError("first argument must be callable or None")
        dict.__init__(self, *args, **kwargs)
        self.default_factory = default_factory

    def __missing__(self, key):
        factory = self.default_factory
        if factory is None:
            raise KeyError(key)
        self[key] = value = factory()
        return value

    def __repr__(self):
        factory = self.default_factory
        if factory is None:
            f = 'None'
        elif factory is self:
            f = '...'
        else:
            f = repr(factory)
        return f'{type(self).__name__}({f}, {dict.__repr__(self)})'

    def copy(self):
        return type(self)(self.default_factory, self)

    __copy__ = copy

    def __reduce__(self):
        args = (self.default_factory,) if self.default_factory is not None else ()
        return (type(self), args, None, None, iter(self.items()))

    def __or__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        new = self.copy()
        new.update(other)
        return new

    def __ror__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        new = type(self)(self.default_factory, other)
        new.update(self)
        return new

    def __ior__(self, other):
        self.update(other)
        return self
"#;

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_collections");
    let d = m.dict.get().unwrap();
    let deque = native::make_type(vm, "collections", "deque", None, Layout::Native);
    // `case [...]` patterns match deques (CPython's deque has Py_TPFLAGS_SEQUENCE).
    deque.as_type().unwrap().collection_flag.set(vm::types::FLAG_SEQUENCE);
    native::setup(vm, &deque, Some(deque_new), DEQUE_METHODS);
    vm.add_getset(&deque, "maxlen", maxlen, None);
    vm.dict_set_str(&vm.type_dict(&deque), "__hash__", Value::None);
    vm.dict_set_str(&d, "deque", Value::Obj(deque));
    let it = native::make_type(vm, "_collections", "_deque_iterator", None, Layout::Native);
    native::setup(
        vm,
        &it,
        None,
        &[("__iter__", native::iter_self, "Implement iter(self)."), ("__next__", iter_next, "Implement next(self).")],
    );
    ITER_TYPE.with(|t| *t.borrow_mut() = Some(it));
    // defaultdict: run its class body in the module namespace.
    let exec = vm.builtin("exec").ok_or_else(|| vm.new_runtime_error("exec() is missing"))?;
    let src = vm.new_str(DEFAULTDICT_SRC);
    vm.dict_set_str(&d, "__builtins__", Value::Obj(vm.builtins.clone()));
    vm.call(&exec, Args::new(&[src, Value::Obj(d.clone())]))?;
    Ok(m)
}
