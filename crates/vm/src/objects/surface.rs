//! VM stage: the smaller members of the builtin types that `dir()` lists in CPython 3.11 —
//! `__sizeof__` (and `sys.getsizeof`), reflected operators, pickling helpers, descriptor
//! methods, introspection attributes — and `types.SimpleNamespace`.

use crate::func::{Args, MethodDef};
use crate::types::{self, Layout};
use crate::value::{Object, Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use bytecode::opcode::*;
use num_bigint::BigInt;
use std::cell::RefCell;
use std::rc::Rc;

// ---- __sizeof__ and sys.getsizeof ----

/// CPython's size of an int: a 24-byte header plus 4 bytes per 30-bit digit (at least one).
fn int_size(bits: u64) -> i64 {
    24 + 4 * (bits.div_ceil(30).max(1) as i64)
}

/// The size CPython 3.11 reports for a dict of `n` keys grown by insertion.
fn dict_size(n: usize, all_str: bool) -> i64 {
    if n == 0 {
        return 48;
    }
    let (mut size, mut usable) = (8usize, 5usize);
    while n > usable {
        size = (usable * 3).next_power_of_two().max(8);
        usable = size * 2 / 3;
    }
    let index_bytes = if size <= 128 {
        1
    } else if size <= 1 << 16 {
        2
    } else {
        4
    };
    let entry = if all_str { 16 } else { 24 };
    (48 + 32 + size * index_bytes + usable * entry) as i64
}

fn iter_size(st: &crate::iter::IterState) -> i64 {
    use crate::iter::IterState as S;
    match st {
        S::Range { .. } | S::BigRange { .. } => 48,
        S::Dict { .. } => 56,
        S::Set { .. } => 48,
        S::Enumerate { .. } => 56,
        S::Zip { .. } => 48,
        _ => 32,
    }
}

/// The `__sizeof__` of a builtin value (the payload's share of a subclass instance too).
fn payload_size(vm: &Vm, v: &Value) -> i64 {
    let o = match v {
        Value::None => return 16,
        Value::Bool(b) => return int_size(*b as u64),
        Value::Int(i) => return int_size(64 - i.unsigned_abs().leading_zeros() as u64),
        Value::Float(_) => return 24,
        Value::Obj(o) => o,
    };
    match &o.payload {
        Payload::None | Payload::Instance(_) => 16,
        Payload::Int(b) => int_size(b.bits()),
        Payload::Float(_) => 24,
        Payload::Complex(..) => 32,
        Payload::Str(s) => {
            let n = s.char_len() as i64;
            match s.code_points().max().unwrap_or(0) {
                0..=0x7f => 49 + n,
                0x80..=0xff => 73 + n,
                0x100..=0xffff => 74 + 2 * n,
                _ => 76 + 4 * n,
            }
        }
        Payload::Bytes(b) => 33 + b.len() as i64,
        Payload::ByteArray(b) => {
            let n = b.borrow().len() as i64;
            56 + if n == 0 { 0 } else { n + 1 }
        }
        Payload::Tuple(t) => 24 + 8 * t.len() as i64,
        Payload::List(l) => 40 + 8 * l.borrow().len() as i64,
        Payload::Dict(d) => {
            let keys = d.borrow().keys();
            dict_size(keys.len(), keys.iter().all(|k| k.as_str().is_some()))
        }
        Payload::Set(s) => set_size(s.borrow().table_size()),
        Payload::FrozenSet(s, _) => set_size(s.table_size()),
        Payload::Range(_) => 48,
        Payload::Slice(_) => 40,
        Payload::Cell(_) => 24,
        Payload::Function(_) => 136,
        Payload::BuiltinFunction(_) => 56,
        Payload::Method(..) => 48,
        Payload::Module => 56,
        Payload::Exception(_) => 72,
        Payload::Property(_) => 64,
        Payload::ClassMethod(_) | Payload::StaticMethod(_) => 32,
        Payload::Super { .. } => 24,
        Payload::DictView(..) | Payload::MappingProxy(_) => 24,
        Payload::Iter(st) => iter_size(&st.borrow()),
        Payload::MemoryView(_) => 184,
        Payload::Generator(_) => 160,
        Payload::Code(_) => 208,
        _ => {
            let _ = vm;
            16
        }
    }
}

fn set_size(table: usize) -> i64 {
    200 + if table > 8 { 16 * table as i64 } else { 0 }
}

/// `object.__sizeof__()`: the builtin part plus, for instances of classes, the pointers a
/// class adds (its `__slots__`, and the weak-reference list when instances have a dict).
fn object_sizeof(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__sizeof__")?;
    let t = vm.type_of(&a[0]);
    let mut size = payload_size(vm, &a[0]);
    let td = t.as_type().unwrap();
    if td.is_heap() {
        if let Some((basic, _, _)) = crate::objects::slots::object_layout_sizes(&t) {
            size += basic - 16;
        }
    }
    Ok(Value::Int(size))
}

/// Whether CPython's objects of this kind carry a GC header (`sys.getsizeof` adds it).
fn is_gc(v: &Value, t: &PyRef) -> bool {
    if t.as_type().is_some_and(|td| td.is_heap()) {
        return true;
    }
    !matches!(
        v.payload(),
        None | Some(
            Payload::None
                | Payload::Int(_)
                | Payload::Float(_)
                | Payload::Complex(..)
                | Payload::Str(_)
                | Payload::Bytes(_)
                | Payload::ByteArray(_)
                | Payload::Range(_)
                | Payload::Code(_)
        )
    )
}

/// `sys.getsizeof(obj[, default])`: `obj.__sizeof__()` plus the GC header CPython puts in
/// front of container objects (and the managed-dict pointers of plain class instances).
pub fn getsizeof(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "getsizeof", 1, 2)?;
    let r = match vm.lookup_special(&a[0], "__sizeof__") {
        Some(m) => vm.call_unbound(&m, &a[0], &[]),
        None => Err(vm.new_type_error(format!("Type {} doesn't define __sizeof__", vm.type_name(&a[0])))),
    };
    let r = match (r, a.get(1)) {
        (Ok(r), _) => r,
        (Err(_), Some(d)) => return Ok(d.clone()),
        (Err(e), None) => return Err(e),
    };
    let n = match r {
        Value::Int(n) => n,
        Value::Bool(b) => b as i64,
        ref v => {
            return Err(vm.new_type_error(format!("'{}' object cannot be interpreted as an integer", vm.type_name(v))))
        }
    };
    if n < 0 {
        return Err(vm.new_value_error("__sizeof__() should return >= 0"));
    }
    let t = vm.type_of(&a[0]);
    let mut size = n;
    if is_gc(&a[0], &t) {
        size += 16;
    }
    let td = t.as_type().unwrap();
    if td.is_heap() && td.layout == Layout::Object && td.instance_dict.get() {
        size += 16;
    }
    Ok(Value::Int(size))
}

// ---- numbers ----

/// `int.__rdivmod__` / `float.__rdivmod__`: `divmod(value, self)` when `value` is a number
/// the type accepts.
fn num_rdivmod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__rdivmod__", 1)?;
    let self_float = matches!(a[0], Value::Float(_)) || matches!(a[0].payload(), Some(Payload::Float(_)));
    let ok = |v: &Value| match v {
        Value::Int(_) | Value::Bool(_) => true,
        Value::Float(_) => self_float,
        _ => {
            matches!(v.payload(), Some(Payload::Int(_))) || self_float && matches!(v.payload(), Some(Payload::Float(_)))
        }
    };
    if !ok(&a[1]) {
        return Ok(vm.not_implemented());
    }
    match vm.lookup_special(&a[1], "__divmod__") {
        Some(m) => vm.call_unbound(&m, &a[1], std::slice::from_ref(&a[0])),
        None => Ok(vm.not_implemented()),
    }
}

fn float_getnewargs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__getnewargs__")?;
    let f = vm.float_of(&a[0])?;
    Ok(vm.new_tuple(vec![Value::Float(f)]))
}

/// `float.__getformat__(typestr)` (a classmethod): how C doubles are stored here.
fn float_getformat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "__getformat__")?;
    let Some(s) = a[1].as_str() else {
        return Err(vm.new_type_error(format!("__getformat__() argument must be str, not {}", vm.type_name(&a[1]))));
    };
    match s.as_str() {
        "double" | "float" => {
            Ok(vm.new_str(if cfg!(target_endian = "little") { "IEEE, little-endian" } else { "IEEE, big-endian" }))
        }
        _ => Err(vm.new_value_error("__getformat__() argument 1 must be 'double' or 'float'")),
    }
}

fn complex_parts(v: &Value) -> (f64, f64) {
    match v.payload() {
        Some(Payload::Complex(r, i)) => (*r, *i),
        _ => (0.0, 0.0),
    }
}

fn complex_complex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__complex__")?;
    if Rc::ptr_eq(&vm.type_of(&a[0]), &vm.types.complex) {
        return Ok(a[0].clone());
    }
    let (r, i) = complex_parts(&a[0]);
    Ok(Value::Obj(Object::new(vm.types.complex.clone(), Payload::Complex(r, i))))
}

fn complex_getnewargs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__getnewargs__")?;
    let (r, i) = complex_parts(&a[0]);
    Ok(vm.new_tuple(vec![Value::Float(r), Value::Float(i)]))
}

// ---- sequences and containers ----

fn tuple_getnewargs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__getnewargs__")?;
    let Some(Payload::Tuple(items)) = a[0].payload() else { unreachable!() };
    let t = vm.new_tuple(items.to_vec());
    Ok(vm.new_tuple(vec![t]))
}

fn list_imul(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__imul__", 1)?;
    if !matches!(a[1], Value::Int(_) | Value::Bool(_)) && vm.lookup_special(&a[1], "__index__").is_none() {
        return Ok(vm.not_implemented());
    }
    let n = vm.to_i64_index(&a[1]).map_err(|_| {
        vm.new_overflow_error(format!("cannot fit '{}' into an index-sized integer", vm.type_name(&a[1])))
    })?;
    let Some(Payload::List(l)) = a[0].payload() else { unreachable!() };
    let items = l.borrow().clone();
    let out = crate::objects::containers::repeat_items(vm, &items, n.max(0) as usize, None)?;
    let old = std::mem::replace(&mut *l.borrow_mut(), out);
    drop(old);
    Ok(a[0].clone())
}

fn list_reversed(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__reversed__")?;
    let n = vm.len(&a[0])? as i64;
    let st = crate::iter::IterState::Reversed { seq: a[0].clone(), index: n - 1 };
    let ty = vm.types.iterator.clone();
    Ok(vm.new_native_iter(&ty, st))
}

fn range_bool(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__bool__", 0)?;
    let Some(Payload::Range(r)) = a[0].payload() else { unreachable!() };
    Ok(Value::Bool(r.len != BigInt::from(0)))
}

fn dict_ror(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__ror__", 1)?;
    if !matches!(a[1].payload(), Some(Payload::Dict(_))) {
        return Ok(vm.not_implemented());
    }
    let Some(Payload::Dict(d)) = a[1].payload() else { unreachable!() };
    let data = d.borrow().clone();
    let out = Object::new(vm.types.dict.clone(), Payload::Dict(RefCell::new(data)));
    vm.dict_merge(&out, &a[0], None)?;
    Ok(Value::Obj(out))
}

/// The reflected set operators: `other OP self` for two set-likes.
fn set_reflected(vm: &mut Vm, args: Args, name: &'static str) -> PyResult<Value> {
    let a = args.exact(vm, name, 2)?;
    if !matches!(a[1].payload(), Some(Payload::Set(_) | Payload::FrozenSet(..))) {
        return Ok(vm.not_implemented());
    }
    let fwd = match name {
        "__rand__" => "__and__",
        "__ror__" => "__or__",
        "__rsub__" => "__sub__",
        _ => "__xor__",
    };
    // Computed with the left operand's type, as CPython's set_sub(other, self) does.
    match vm.lookup_special(&a[1], fwd) {
        Some(m) => vm.call_unbound(&m, &a[1], std::slice::from_ref(&a[0])),
        None => Ok(vm.not_implemented()),
    }
}
fn set_rand(vm: &mut Vm, a: Args) -> PyResult<Value> {
    set_reflected(vm, a, "__rand__")
}
fn set_ror(vm: &mut Vm, a: Args) -> PyResult<Value> {
    set_reflected(vm, a, "__ror__")
}
fn set_rsub(vm: &mut Vm, a: Args) -> PyResult<Value> {
    set_reflected(vm, a, "__rsub__")
}
fn set_rxor(vm: &mut Vm, a: Args) -> PyResult<Value> {
    set_reflected(vm, a, "__rxor__")
}

pub const SET_REFLECTED: &[MethodDef] = &[
    ("__rand__", set_rand, "Return value&self."),
    ("__ror__", set_ror, "Return value|self."),
    ("__rsub__", set_rsub, "Return value-self."),
    ("__rxor__", set_rxor, "Return value^self."),
];

/// A dict view's or `mappingproxy`'s operand as a set (keys views compare by keys).
fn as_set(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let items = vm.collect(v)?;
    let data = crate::builtins::set_data_from(vm, &vm.new_list(items))?;
    Ok(Value::Obj(Object::new(vm.types.set.clone(), Payload::Set(RefCell::new(data)))))
}

/// `other - view` / `other ^ view`.
fn view_reflected(vm: &mut Vm, args: Args, name: &'static str, op: &'static str) -> PyResult<Value> {
    let a = args.exact(vm, name, 2)?;
    if vm.lookup_special(&a[1], "__iter__").is_none() {
        return Ok(vm.not_implemented());
    }
    let lhs = as_set(vm, &a[1])?;
    let rhs = as_set(vm, &a[0])?;
    let m = vm.getattr_str(&lhs, op)?;
    vm.call(&m, Args::new(&[rhs]))
}
fn view_rsub(vm: &mut Vm, a: Args) -> PyResult<Value> {
    view_reflected(vm, a, "__rsub__", "__sub__")
}
fn view_rxor(vm: &mut Vm, a: Args) -> PyResult<Value> {
    view_reflected(vm, a, "__rxor__", "__xor__")
}

fn view_isdisjoint(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "isdisjoint")?;
    let mine = as_set(vm, &a[0])?;
    let other = vm.iter(&a[1])?;
    while let Some(x) = vm.next(&other)? {
        if vm.contains(&mine, &x)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn view_mapping(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::DictView(_, d)) = args.args[0].payload() else { unreachable!() };
    Ok(Value::Obj(Object::new(vm.types.mappingproxy.clone(), Payload::MappingProxy(Value::Obj(d.clone())))))
}

fn proxied(v: &Value) -> Value {
    match v.payload() {
        Some(Payload::MappingProxy(m)) => m.clone(),
        _ => Value::None,
    }
}

fn mappingproxy_copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "copy")?;
    let m = proxied(&a[0]);
    let f = vm.getattr_str(&m, "copy")?;
    vm.call(&f, Args::new(&[]))
}

/// `proxy | other` and `other | proxy`: the underlying mappings' `|`.
fn mappingproxy_or_impl(vm: &mut Vm, args: Args, reflected: bool) -> PyResult<Value> {
    let a = args.exact(vm, if reflected { "__ror__" } else { "__or__" }, 2)?;
    let unwrap = |v: &Value| match v.payload() {
        Some(Payload::MappingProxy(m)) => m.clone(),
        _ => v.clone(),
    };
    let (x, y) = if reflected { (unwrap(&a[1]), unwrap(&a[0])) } else { (unwrap(&a[0]), unwrap(&a[1])) };
    vm.binary_op(&x, &y, NB_OR)
}
fn mappingproxy_or(vm: &mut Vm, a: Args) -> PyResult<Value> {
    mappingproxy_or_impl(vm, a, false)
}
fn mappingproxy_ror(vm: &mut Vm, a: Args) -> PyResult<Value> {
    mappingproxy_or_impl(vm, a, true)
}
fn mappingproxy_ior(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__ior__", 1)?;
    Err(vm.new_type_error(format!("'|=' is not supported by {}; use '|' instead", vm.type_name(&a[0]))))
}
fn mappingproxy_reversed(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__reversed__")?;
    let m = proxied(&a[0]);
    let f = vm.getattr_str(&m, "__reversed__")?;
    vm.call(&f, Args::new(&[]))
}

// ---- iterators ----

fn reversed_length_hint(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__length_hint__")?;
    let Some(Payload::Iter(st)) = a[0].payload() else { return Ok(Value::Int(0)) };
    let (seq, index) = match &*st.borrow() {
        crate::iter::IterState::Reversed { seq, index } => (seq.clone(), *index),
        _ => return Ok(Value::Int(0)),
    };
    // `reversed_len`: an exhausted iterator has let go of its sequence and asks nothing.
    if index < 0 {
        return Ok(Value::Int(0));
    }
    let n = vm.len(&seq)? as i64;
    Ok(Value::Int(if index >= 0 && index < n { index + 1 } else { 0 }))
}

// ---- descriptors, super, functions ----

fn property_set_impl(vm: &mut Vm, args: Args, delete: bool) -> PyResult<Value> {
    let a = args.exact(vm, if delete { "__delete__" } else { "__set__" }, if delete { 2 } else { 3 })?;
    let Some(Payload::Property(pd)) = a[0].payload() else { unreachable!() };
    let f = if delete { pd.fdel.clone() } else { pd.fset.clone() };
    if f.is_none() {
        let tn = vm.type_name(&a[1]);
        let what = if delete { "deleter" } else { "setter" };
        let msg = match pd.name.borrow().as_str() {
            Some(n) => {
                format!("property {} of '{tn}' object has no {what}", crate::objects::strtype::str_repr(n.as_str()))
            }
            None => format!("property of '{tn}' object has no {what}"),
        };
        return Err(vm.new_attribute_error(&a[1], "", msg));
    }
    vm.call(&f, Args::new(&a[1..]))?;
    Ok(Value::None)
}
fn property_set(vm: &mut Vm, a: Args) -> PyResult<Value> {
    property_set_impl(vm, a, false)
}
fn property_delete(vm: &mut Vm, a: Args) -> PyResult<Value> {
    property_set_impl(vm, a, true)
}

fn abstract_of(vm: &mut Vm, f: &Value) -> PyResult<bool> {
    if f.is_none() {
        return Ok(false);
    }
    match vm.getattr_opt(f, "__isabstractmethod__")? {
        Some(v) => vm.truthy(&v),
        None => Ok(false),
    }
}

/// `__isabstractmethod__` of property (any of its functions), classmethod and staticmethod.
fn isabstract_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let funcs: Vec<Value> = match args.args[0].payload() {
        Some(Payload::Property(pd)) => vec![pd.fget.clone(), pd.fset.clone(), pd.fdel.clone()],
        Some(Payload::ClassMethod(f) | Payload::StaticMethod(f)) => vec![f.borrow().clone()],
        _ => Vec::new(),
    };
    for f in funcs {
        if abstract_of(vm, &f)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn super_parts(v: &Value) -> (PyRef, Value, PyRef) {
    match v.payload() {
        Some(Payload::Super { this_type, obj, obj_type }) => (this_type.clone(), obj.clone(), obj_type.clone()),
        _ => unreachable!("super getsets are only installed on super"),
    }
}
fn super_thisclass(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Obj(super_parts(&args.args[0]).0))
}
/// An unbound super object (`super(T)`) has no object: pyrite stores None and `T` as its
/// object type (a bound super of None has `type(None)` there instead, unless `T` is NoneType).
pub fn super_is_unbound(v: &Value) -> bool {
    let (this_type, obj, obj_type) = super_parts(v);
    obj.is_none() && Rc::ptr_eq(&this_type, &obj_type) && this_type.as_type().is_some_and(|t| &*t.name() != "NoneType")
}
fn super_self(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    if super_is_unbound(&args.args[0]) {
        return Ok(Value::None);
    }
    Ok(super_parts(&args.args[0]).1)
}
fn super_self_class(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    if super_is_unbound(&args.args[0]) {
        return Ok(Value::None);
    }
    Ok(Value::Obj(super_parts(&args.args[0]).2))
}
/// `super.__get__(obj, type=None)`: a bound super object (or no object) gives the super object
/// itself; an unbound one binds to `obj` through its class (`super_descr_get`).
fn super_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper_unpack(vm, "__get__", 1, 2)?;
    if a[1].is_none() || !super_is_unbound(&a[0]) {
        return Ok(a[0].clone());
    }
    let this_type = super_parts(&a[0]).0;
    let cls = Value::Obj(vm.type_of(&a[0]));
    vm.call(&cls, Args::new(&[Value::Obj(this_type), a[1].clone()]))
}

fn func_builtins(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Function(f)) = args.args[0].payload() else { unreachable!() };
    Ok(Value::Obj(f.builtins.clone()))
}

/// `__call__` of functions, methods and builtin functions: calls the object itself.
/// `__call__` of callables whose call the interpreter does natively.
pub(crate) fn call_self(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = args.args[0].clone();
    vm.call(&f, Args { args: &args.args[1..], kwnames: args.kwnames })
}

fn notimpl_bool(vm: &mut Vm, args: Args) -> PyResult<Value> {
    // (CPython also issues a DeprecationWarning here.)
    args.wrapper(vm, "__bool__", 0)?;
    Ok(Value::Bool(true))
}

fn module_annotations(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(d) = args.args[0].as_obj().and_then(|o| o.dict.get()) else {
        return Err(vm.new_attribute_error(&args.args[0], "__annotations__", "__annotations__".to_string()));
    };
    if let Some(a) = vm.dict_get_str(&d, "__annotations__") {
        return Ok(a);
    }
    let ann = Value::Obj(vm.new_dict());
    vm.dict_set_str(&d, "__annotations__", ann.clone());
    Ok(ann)
}

fn module_annotations_set(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(d) = args.args[0].as_obj().and_then(|o| o.dict.get()) else { return Ok(Value::None) };
    vm.dict_set_str(&d, "__annotations__", args.args[1].clone());
    Ok(Value::None)
}

// ---- generators ----

fn gen_code(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Generator(g)) = args.args[0].payload() else { unreachable!() };
    let code = g.code.clone();
    Ok(Value::Obj(Object::new(vm.types.code.clone(), Payload::Code(code))))
}

/// `gi_yieldfrom` / `cr_await` / `ag_await`: the iterator or awaitable a suspended generator
/// is delegating to with `yield from` / `await`, else None.
fn gen_yieldfrom(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Value::Obj(g) = &args.args[0] else { unreachable!() };
    Ok(vm.yield_from_receiver(g).unwrap_or(Value::None))
}

/// `coroutine.cr_origin`: pyrite records no creation stacks
/// (`sys.set_coroutine_origin_tracking_depth` is stored but has no effect), so always None.
fn coro_origin(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::None)
}

fn gen_suspended(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Generator(g)) = args.args[0].payload() else { unreachable!() };
    Ok(Value::Bool(g.started.get() && !g.running.get() && g.frame.borrow().is_some()))
}

// ---- code objects ----

/// `code.co_lines()`: `(start, end, line)` byte ranges of consecutive code units on the same
/// line (`None` for units without one), from the code's position table.
fn co_lines(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Code(cd)) = args.args[0].payload() else { unreachable!() };
    let mut out: Vec<(usize, usize, u32)> = Vec::new();
    for (i, p) in cd.code.positions.iter().enumerate() {
        match out.last_mut() {
            Some(last) if last.2 == p.line && last.1 == 2 * i => last.1 = 2 * i + 2,
            _ => out.push((2 * i, 2 * i + 2, p.line)),
        }
    }
    let items: Vec<Value> = out
        .into_iter()
        .map(|(s, e, l)| {
            let line = if l == 0 { Value::None } else { Value::Int(l as i64) };
            vm.new_tuple(vec![Value::Int(s as i64), Value::Int(e as i64), line])
        })
        .collect();
    let l = vm.new_list(items);
    vm.iter(&l)
}

// ---- SimpleNamespace ----

/// A `types.SimpleNamespace` holding `items` (`sys.implementation`, `time.get_clock_info()`).
pub fn new_namespace(vm: &mut Vm, items: &[(&str, Value)]) -> Value {
    let d = vm.new_dict();
    for (k, v) in items {
        vm.dict_set_str(&d, k, v.clone());
    }
    Value::Obj(crate::value::Object::with_dict(vm.types.simple_namespace.clone(), Payload::None, d))
}

fn namespace_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.pos().len() > 1 {
        return Err(vm.new_type_error("no positional arguments expected"));
    }
    let Some(d) = args.args[0].as_obj().and_then(|o| o.dict.get()) else { return Ok(Value::None) };
    for (k, v) in args.kwargs() {
        let key = vm.new_str(k);
        crate::dict::set_item(vm, &d, key, v.clone())?;
    }
    Ok(Value::None)
}

fn namespace_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = args.args[0].as_obj().cloned().unwrap();
    Ok(Value::Obj(Object::with_dict(cls, Payload::None, vm.new_dict())))
}

fn namespace_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = args.args[0].clone();
    let t = vm.type_of(&me);
    let name = if Rc::ptr_eq(&t, &vm.types.simple_namespace) {
        "namespace".to_string()
    } else {
        t.as_type().unwrap().name().to_string()
    };
    let id = me.id() as usize;
    if vm.repr_stack.contains(&id) {
        return Ok(vm.new_str(format!("{name}(...)")));
    }
    vm.repr_stack.push(id);
    let r = (|| {
        let items = match me.as_obj().and_then(|o| o.dict.get()) {
            Some(d) => match &d.payload {
                Payload::Dict(dd) => dd.borrow().items(),
                _ => Vec::new(),
            },
            None => Vec::new(),
        };
        let mut parts = Vec::new();
        for (k, v) in items {
            let Some(ks) = k.as_str().map(|s| s.as_str().to_string()) else { continue };
            let r = vm.repr_string(&v)?;
            parts.push(format!("{ks}={r}"));
        }
        Ok(vm.new_str(format!("{name}({})", parts.join(", "))))
    })();
    vm.repr_stack.pop();
    r
}

fn namespace_dict(v: &Value) -> Option<PyRef> {
    v.as_obj().and_then(|o| o.dict.get())
}

fn namespace_eq_impl(vm: &mut Vm, args: Args, ne: bool) -> PyResult<Value> {
    let a = args.exact(vm, if ne { "__ne__" } else { "__eq__" }, 2)?;
    let ns = vm.types.simple_namespace.clone();
    if !vm.isinstance(&a[1], &ns) {
        return Ok(vm.not_implemented());
    }
    let (Some(x), Some(y)) = (namespace_dict(&a[0]), namespace_dict(&a[1])) else {
        return Ok(vm.not_implemented());
    };
    let eq = vm.eq(&Value::Obj(x), &Value::Obj(y))?;
    Ok(Value::Bool(eq != ne))
}
fn namespace_eq(vm: &mut Vm, a: Args) -> PyResult<Value> {
    namespace_eq_impl(vm, a, false)
}
fn namespace_ne(vm: &mut Vm, a: Args) -> PyResult<Value> {
    namespace_eq_impl(vm, a, true)
}

fn namespace_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__reduce__")?;
    let t = Value::Obj(vm.type_of(&a[0]));
    let d = namespace_dict(&a[0]).map(Value::Obj).unwrap_or(Value::None);
    let empty = vm.new_tuple(vec![]);
    Ok(vm.new_tuple(vec![t, empty, d]))
}

pub const NAMESPACE_METHODS: &[MethodDef] = &[
    ("__init__", namespace_init, "Initialize self.  See help(type(self)) for accurate signature."),
    ("__repr__", namespace_repr, "Return repr(self)."),
    ("__eq__", namespace_eq, "Return self==value."),
    ("__ne__", namespace_ne, "Return self!=value."),
    ("__reduce__", namespace_reduce, "Return state information for pickling"),
];

/// `str(mappingproxy)`: the str of the underlying mapping (`mappingproxy_str`).
pub fn mappingproxy_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__str__", 0)?;
    let Some(Payload::MappingProxy(m)) = a[0].payload() else {
        return Err(vm.new_type_error("descriptor '__str__' requires a 'mappingproxy' object"));
    };
    let m = m.clone();
    let s = vm.str_string(&m)?;
    Ok(vm.new_str(s))
}

/// Clears `Py_TPFLAGS_BASETYPE` on the builtin types CPython refuses as a base class
/// ("type 'X' is not an acceptable base type").
fn mark_final_types(vm: &Vm) {
    let t = &vm.types;
    let finals = [
        &t.bool_,
        &t.none_type,
        &t.not_implemented_type,
        &t.ellipsis_type,
        &t.function,
        &t.builtin_function,
        &t.method_descriptor,
        &t.classmethod_descriptor,
        &t.method,
        &t.cell,
        &t.code,
        &t.frame,
        &t.traceback,
        &t.generator,
        &t.coroutine,
        &t.async_generator,
        &t.range,
        &t.slice,
        &t.memoryview,
        &t.mappingproxy,
        &t.dict_keys,
        &t.dict_values,
        &t.dict_items,
        &t.union_type,
        &t.member_descriptor,
        &t.getset_descriptor,
        &t.wrapper_descriptor,
        &t.method_wrapper,
        &t.iterator,
    ];
    for ty in finals {
        if let Some(td) = ty.as_type() {
            td.basetype.set(false);
        }
    }
}

pub fn init(vm: &mut Vm) {
    mark_final_types(vm);
    let t = &vm.types;
    let (object, int, float, complex, str_, tuple, list, dict, set, frozenset, range) = (
        t.object.clone(),
        t.int.clone(),
        t.float.clone(),
        t.complex.clone(),
        t.str_.clone(),
        t.tuple.clone(),
        t.list.clone(),
        t.dict.clone(),
        t.set.clone(),
        t.frozenset.clone(),
        t.range.clone(),
    );
    let sizeof: &[MethodDef] = &[("__sizeof__", object_sizeof, "Size of object in memory, in bytes.")];
    for t in [&object, &int, &str_, &list, &dict, &set, &frozenset, &vm.types.bytearray.clone()] {
        vm.add_methods(t, sizeof);
    }
    for t in [&int, &float] {
        vm.add_methods(t, &[("__rdivmod__", num_rdivmod, "Return divmod(value, self).")]);
    }
    vm.add_methods(&float, &[("__getnewargs__", float_getnewargs, "")]);
    vm.add_classmethod_descr(&float, "__getformat__", float_getformat);
    let cd = types::type_dict(&complex);
    for name in ["__floordiv__", "__rfloordiv__", "__mod__", "__rmod__"] {
        let key = vm.new_str(name);
        let _ = crate::dict::del_item(vm, &cd, &key);
    }
    vm.add_methods(
        &complex,
        &[
            ("__complex__", complex_complex, "Convert this value to exact type complex."),
            ("__getnewargs__", complex_getnewargs, ""),
        ],
    );
    vm.add_methods(&tuple, &[("__getnewargs__", tuple_getnewargs, "")]);
    vm.add_methods(
        &list,
        &[
            ("__imul__", list_imul, "Implement self*=value."),
            ("__reversed__", list_reversed, "Return a reverse iterator over the list."),
        ],
    );
    vm.add_methods(&range, &[("__bool__", range_bool, "True if self else False")]);
    vm.add_methods(&dict, &[("__ror__", dict_ror, "Return value|self.")]);
    vm.add_methods(&set, SET_REFLECTED);
    vm.add_methods(&frozenset, SET_REFLECTED);
    for t in [vm.types.dict_keys.clone(), vm.types.dict_items.clone()] {
        vm.add_methods(
            &t,
            &[
                ("__rsub__", view_rsub, "Return value-self."),
                ("__rxor__", view_rxor, "Return value^self."),
                (
                    "isdisjoint",
                    view_isdisjoint,
                    "Return True if the view and the given iterable have a null intersection.",
                ),
            ],
        );
    }
    for t in [vm.types.dict_keys.clone(), vm.types.dict_items.clone(), vm.types.dict_values.clone()] {
        vm.add_getset(&t, "mapping", view_mapping, None);
        let key = vm.new_str("__class_getitem__");
        let _ = crate::dict::del_item(vm, &types::type_dict(&t), &key);
    }
    let mp = vm.types.mappingproxy.clone();
    vm.add_methods(
        &mp,
        &[
            ("copy", mappingproxy_copy, "D.copy() -> a shallow copy of D"),
            ("__or__", mappingproxy_or, "Return self|value."),
            ("__ror__", mappingproxy_ror, "Return value|self."),
            ("__ior__", mappingproxy_ior, "Return self|=value."),
            ("__reversed__", mappingproxy_reversed, "D.__reversed__() -> reverse iterator"),
        ],
    );
    vm.add_classmethod_descr(&mp, "__class_getitem__", crate::objects::generic_alias::class_getitem);
    let rv = vm.types.reversed.clone();
    vm.add_methods(
        &rv,
        &[("__length_hint__", reversed_length_hint, "Private method returning an estimate of len(list(it)).")],
    );
    crate::objects::iter_reduce::init(vm);
    let p = vm.types.property.clone();
    vm.add_methods(
        &p,
        &[
            ("__set__", property_set, "Set an attribute of instance to value."),
            ("__delete__", property_delete, "Delete an attribute of instance."),
        ],
    );
    for t in [p, vm.types.classmethod.clone(), vm.types.staticmethod.clone()] {
        vm.add_getset(&t, "__isabstractmethod__", isabstract_get, None);
    }
    {
        use crate::objects::core::{generic_dict_del, object_dict_get, object_dict_set};
        for t in [vm.types.classmethod.clone(), vm.types.staticmethod.clone()] {
            vm.add_getset_del(&t, "__dict__", object_dict_get, object_dict_set, generic_dict_del);
        }
        // A read-only `T_OBJECT` member in CPython ("readonly attribute" on assignment).
        vm.add_member(&vm.types.module.clone(), "__dict__", object_dict_get, None);
    }
    let s = vm.types.super_.clone();
    vm.add_getset(&s, "__thisclass__", super_thisclass, None);
    vm.add_getset(&s, "__self__", super_self, None);
    vm.add_getset(&s, "__self_class__", super_self_class, None);
    vm.add_methods(&s, &[("__get__", super_get, "Return an attribute of instance, which is of type owner.")]);
    let call: &[MethodDef] = &[("__call__", call_self, "Call self as a function.")];
    let f = vm.types.function.clone();
    vm.add_member(&f, "__builtins__", func_builtins, None);
    vm.add_methods(&f, call);
    vm.add_methods(&vm.types.method.clone(), call);
    vm.add_methods(&vm.types.not_implemented_type.clone(), &[("__bool__", notimpl_bool, "True if self else False")]);
    let be = vm.exc.base_exception.clone();
    // `BaseException_getset`'s `__dict__` is `PyObject_GenericGetDict`/`PyObject_GenericSetDict`.
    {
        use crate::objects::core::{generic_dict_del, object_dict_get, object_dict_set};
        vm.add_getset_del(&be, "__dict__", object_dict_get, object_dict_set, generic_dict_del);
    }
    vm.add_getset(&vm.types.module.clone(), "__annotations__", module_annotations, Some(module_annotations_set));
    let g = vm.types.generator.clone();
    vm.add_member(&g, "gi_code", gen_code, None);
    vm.add_getset(&g, "gi_suspended", gen_suspended, None);
    vm.add_getset(&g, "gi_yieldfrom", gen_yieldfrom, None);
    let c = vm.types.coroutine.clone();
    vm.add_getset(&c, "cr_await", gen_yieldfrom, None);
    vm.add_getset(&vm.types.async_generator.clone(), "ag_await", gen_yieldfrom, None);
    vm.add_getset(&c, "cr_code", gen_code, None);
    vm.add_getset(&c, "cr_suspended", gen_suspended, None);
    vm.add_getset(&c, "cr_origin", coro_origin, None);
    vm.add_methods(&vm.types.code.clone(), &[("co_lines", co_lines, "")]);
    let ns = vm.types.simple_namespace.clone();
    vm.add_methods(&ns, NAMESPACE_METHODS);
    vm.add_static(&ns, "__new__", namespace_new);
    vm.add_member(&ns, "__dict__", crate::objects::core::object_dict_get, None);
    vm.dict_set_str(&types::type_dict(&ns), "__hash__", Value::None);
}
