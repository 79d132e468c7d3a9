//! VM stage: `weakref.proxy` — `ProxyType` and `CallableProxyType` objects that stand for a
//! weakly referenced object: attribute access, calls, operators, item access, iteration,
//! comparisons and conversions are forwarded to the referent while it lives, and raise
//! `ReferenceError("weakly-referenced object no longer exists")` after (CPython's
//! Objects/weakrefobject.c proxies). A proxy is listed with the referent's weak references
//! (weakref.rs), so `getweakrefcount` counts it and its callback runs when the referent dies.

use crate::func::{Args, MethodDef};
use crate::types::{new_type, Layout};
use crate::value::{Object, Payload, PyRef, Value, WeakRefData};
use crate::vm::{PyResult, Vm};
use bytecode::opcode::*;
use std::cell::Cell;
use std::rc::Rc;

crate::gil_local! {
    /// `ProxyType` and `CallableProxyType` (set by `init`).
    static PROXY_TYPES: std::cell::RefCell<Option<[PyRef; 2]>> = const { std::cell::RefCell::new(None) };
}

/// The proxy type, callable or not.
fn proxy_type(callable: bool) -> PyRef {
    PROXY_TYPES.with(|t| t.borrow().as_ref().expect("_weakref initialised")[callable as usize].clone())
}

pub(crate) fn is_proxy(v: &Value) -> bool {
    let Value::Obj(o) = v else { return false };
    if !matches!(o.payload, Payload::WeakRef(_)) {
        return false;
    }
    PROXY_TYPES.with(|t| t.borrow().as_ref().is_some_and(|ts| ts.iter().any(|t| o.class_is(t))))
}

/// The referent of a proxy (any other value is itself), or ReferenceError once it died.
pub(crate) fn unwrap(vm: &Vm, v: &Value) -> PyResult<Value> {
    if !is_proxy(v) {
        return Ok(v.clone());
    }
    let Some(Payload::WeakRef(w)) = v.payload() else { unreachable!() };
    match w.target.upgrade() {
        Some(t) => Ok(Value::Obj(t)),
        None => Err(vm.new_exception(&vm.exc.reference_error.clone(), "weakly-referenced object no longer exists")),
    }
}

/// `weakref.proxy(obj[, callback])`: a callable proxy for a callable referent; a proxy without
/// callback is shared, as `PyWeakref_NewProxy` shares it.
pub fn proxy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "proxy", 1, 2)?;
    let target = match &a[0] {
        Value::Obj(o) if crate::weakref::weakrefable(o) => o.clone(),
        v => return Err(vm.new_type_error(format!("cannot create weak reference to '{}' object", vm.type_name(v)))),
    };
    let callback = a.get(1).cloned().unwrap_or(Value::None);
    let callable = crate::types::lookup_static(&target.class(), "__call__").is_some();
    let cls = proxy_type(callable);
    let addr = Rc::as_ptr(&target) as usize;
    if callback.is_none() {
        let existing = crate::weakref::refs_of(addr)
            .into_iter()
            .find(|w| w.class_is(&cls) && matches!(&w.payload, Payload::WeakRef(d) if d.callback.is_none()));
        if let Some(existing) = existing {
            return Ok(Value::Obj(existing));
        }
    }
    let p = Payload::WeakRef(Box::new(WeakRefData { target: Rc::downgrade(&target), callback, hash: Cell::new(None) }));
    let obj = Object::new(cls, p);
    crate::weakref::register(addr, &obj);
    Ok(Value::Obj(obj))
}

fn getattribute(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__getattribute__", 1)?;
    let o = unwrap(vm, &a[0])?;
    vm.getattr(&o, &a[1])
}

fn setattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__setattr__", 2)?;
    let o = unwrap(vm, &a[0])?;
    vm.setattr(&o, &a[1], a[2].clone())?;
    Ok(Value::None)
}

fn delattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__delattr__", 1)?;
    let o = unwrap(vm, &a[0])?;
    vm.delattr(&o, &a[1])?;
    Ok(Value::None)
}

/// `<weakproxy at 0x...; to 'C' at 0x...>` (a dead proxy names NoneType, as 3.11 does).
fn repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = args.args[0].id();
    let Some(Payload::WeakRef(w)) = args.args[0].payload() else { unreachable!() };
    let (tn, at) = match w.target.upgrade() {
        Some(t) => (t.class().as_type().map(|t| t.name().to_string()).unwrap_or_default(), Rc::as_ptr(&t) as usize),
        None => ("NoneType".to_string(), Value::None.id() as usize),
    };
    Ok(vm.new_str(format!("<weakproxy at {me:#x} to {tn} at {at:#x}>")))
}

fn str_(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let o = unwrap(vm, &args.args[0])?;
    vm.str(&o)
}

fn bool_(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let o = unwrap(vm, &args.args[0])?;
    Ok(Value::Bool(vm.truthy(&o)?))
}

fn len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let o = unwrap(vm, &args.args[0])?;
    Ok(Value::Int(vm.len(&o)? as i64))
}

fn iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let o = unwrap(vm, &args.args[0])?;
    vm.iter(&o)
}

fn next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let o = unwrap(vm, &args.args[0])?;
    if vm.lookup_special(&o, "__next__").is_none() {
        return Err(vm.new_type_error(format!("Weakref proxy referenced a non-iterator '{}' object", vm.type_name(&o))));
    }
    match vm.next(&o)? {
        Some(v) => Ok(v),
        None => Err(vm.new_exception_args(&vm.exc.stop_iteration.clone(), vec![])),
    }
}

fn contains(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__contains__", 1)?;
    let o = unwrap(vm, &a[0])?;
    Ok(Value::Bool(vm.contains(&o, &a[1])?))
}

fn getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__getitem__", 1)?;
    let o = unwrap(vm, &a[0])?;
    vm.getitem(&o, &a[1])
}

fn setitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__setitem__", 2)?;
    let o = unwrap(vm, &a[0])?;
    vm.setitem(&o, a[1].clone(), a[2].clone())?;
    Ok(Value::None)
}

fn delitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__delitem__", 1)?;
    let o = unwrap(vm, &a[0])?;
    vm.delitem(&o, &a[1])?;
    Ok(Value::None)
}

fn call(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let o = unwrap(vm, &args.args[0])?;
    vm.call(&o, Args { args: &args.args[1..], kwnames: args.kwnames })
}

fn unary(vm: &mut Vm, args: Args, op: Opcode) -> PyResult<Value> {
    let o = unwrap(vm, &args.args[0])?;
    vm.unary_op(&o, op)
}

fn neg(vm: &mut Vm, args: Args) -> PyResult<Value> {
    unary(vm, args, Opcode::UNARY_NEGATIVE)
}
fn pos(vm: &mut Vm, args: Args) -> PyResult<Value> {
    unary(vm, args, Opcode::UNARY_POSITIVE)
}
fn invert(vm: &mut Vm, args: Args) -> PyResult<Value> {
    unary(vm, args, Opcode::UNARY_INVERT)
}

/// A special method of the referent, called with the remaining arguments unwrapped.
fn forward(vm: &mut Vm, args: Args, name: &'static str) -> PyResult<Value> {
    let o = unwrap(vm, &args.args[0])?;
    let rest: Vec<Value> = args.args[1..].iter().map(|v| unwrap(vm, v)).collect::<PyResult<_>>()?;
    match vm.lookup_special(&o, name) {
        Some(m) => vm.call_unbound(&m, &o, &rest),
        None => Err(vm.new_type_error(format!("bad operand type for {name}: '{}'", vm.type_name(&o)))),
    }
}

macro_rules! forwarders {
    ($($f:ident => $name:literal),* $(,)?) => {
        $(fn $f(vm: &mut Vm, args: Args) -> PyResult<Value> {
            forward(vm, args, $name)
        })*
    };
}
forwarders! {
    abs_ => "__abs__", int_ => "__int__", float_ => "__float__", index_ => "__index__",
    bytes_ => "__bytes__", reversed_ => "__reversed__",
}

/// `a <op> b` with both operands unwrapped; `reflected` puts the proxy on the right.
fn binop(vm: &mut Vm, args: Args, op: u32, reflected: bool) -> PyResult<Value> {
    let a = args.wrapper(vm, "", 1)?;
    let (x, y) = (unwrap(vm, &a[0])?, unwrap(vm, &a[1])?);
    if reflected {
        vm.binary_op(&y, &x, op)
    } else {
        vm.binary_op(&x, &y, op)
    }
}

macro_rules! binops {
    ($($op:ident: $f:ident, $r:ident, $i:ident;)*) => {
        $(
            fn $f(vm: &mut Vm, args: Args) -> PyResult<Value> {
                binop(vm, args, $op, false)
            }
            fn $r(vm: &mut Vm, args: Args) -> PyResult<Value> {
                binop(vm, args, $op, true)
            }
            fn $i(vm: &mut Vm, args: Args) -> PyResult<Value> {
                binop(vm, args, $op + NB_INPLACE, false)
            }
        )*
        /// The arithmetic and bitwise operators, forward, reflected and in place, in
        /// `ops::BINOP_NAMES` order.
        const BINOP_FNS: &[[crate::func::NativeFn; 3]] = &[$([$f, $r, $i]),*];
    };
}
binops! {
    NB_ADD: add, radd, iadd;
    NB_AND: and, rand, iand;
    NB_FLOOR_DIVIDE: floordiv, rfloordiv, ifloordiv;
    NB_LSHIFT: lshift, rlshift, ilshift;
    NB_MATRIX_MULTIPLY: matmul, rmatmul, imatmul;
    NB_MULTIPLY: mul, rmul, imul;
    NB_REMAINDER: mod_, rmod, imod;
    NB_OR: or, ror, ior;
    NB_POWER: pow, rpow, ipow;
    NB_RSHIFT: rshift, rrshift, irshift;
    NB_SUBTRACT: sub, rsub, isub;
    NB_TRUE_DIVIDE: truediv, rtruediv, itruediv;
    NB_XOR: xor, rxor, ixor;
}

fn compare(vm: &mut Vm, args: Args, op: u32) -> PyResult<Value> {
    let a = args.wrapper(vm, "", 1)?;
    let (x, y) = (unwrap(vm, &a[0])?, unwrap(vm, &a[1])?);
    vm.compare(&x, &y, op)
}
fn lt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    compare(vm, args, 0)
}
fn le(vm: &mut Vm, args: Args) -> PyResult<Value> {
    compare(vm, args, 1)
}
fn eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    compare(vm, args, 2)
}
fn ne(vm: &mut Vm, args: Args) -> PyResult<Value> {
    compare(vm, args, 3)
}
fn gt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    compare(vm, args, 4)
}
fn ge(vm: &mut Vm, args: Args) -> PyResult<Value> {
    compare(vm, args, 5)
}

const PROXY_METHODS: &[MethodDef] = &[
    ("__getattribute__", getattribute, ""),
    ("__setattr__", setattr, ""),
    ("__delattr__", delattr, ""),
    ("__repr__", repr, ""),
    ("__str__", str_, ""),
    ("__bool__", bool_, ""),
    ("__len__", len, ""),
    ("__iter__", iter, ""),
    ("__next__", next, ""),
    ("__contains__", contains, ""),
    ("__getitem__", getitem, ""),
    ("__setitem__", setitem, ""),
    ("__delitem__", delitem, ""),
    ("__neg__", neg, ""),
    ("__pos__", pos, ""),
    ("__invert__", invert, ""),
    ("__abs__", abs_, ""),
    ("__int__", int_, ""),
    ("__float__", float_, ""),
    ("__index__", index_, ""),
    ("__bytes__", bytes_, ""),
    ("__reversed__", reversed_, ""),
    ("__lt__", lt, ""),
    ("__le__", le, ""),
    ("__eq__", eq, ""),
    ("__ne__", ne, ""),
    ("__gt__", gt, ""),
    ("__ge__", ge, ""),
];

/// Creates `ProxyType` and `CallableProxyType` in the `_weakref` module dict `d`.
pub fn init(vm: &mut Vm, d: &PyRef) {
    let mut made = Vec::with_capacity(2);
    for (i, name) in ["ProxyType", "CallableProxyType"].into_iter().enumerate() {
        let object = vm.types.object.clone();
        let t = new_type(
            Some(&vm.types.type_.clone()),
            Some(&vm.types.dict.clone()),
            name,
            vec![object],
            Layout::Native,
            false,
        );
        *t.as_type().unwrap().mro.borrow_mut() = crate::types::compute_mro(&t).unwrap();
        vm.dict_set_str(&t.dict.get().unwrap(), "__module__", vm.new_str("weakref"));
        vm.add_methods(&t, PROXY_METHODS);
        for (k, (f, r, inplace)) in crate::ops::BINOP_NAMES.iter().enumerate() {
            let [ff, rf, iff] = BINOP_FNS[k];
            vm.add_methods(&t, &[(f, ff, ""), (r, rf, ""), (inplace, iff, "")]);
        }
        if i == 1 {
            vm.add_methods(&t, &[("__call__", call, "")]);
        }
        // Proxies are unhashable, whatever the referent.
        vm.dict_set_str(&t.dict.get().unwrap(), "__hash__", Value::None);
        vm.dict_set_str(d, name, Value::Obj(t.clone()));
        made.push(t);
    }
    let (callable, plain) = (made.pop().unwrap(), made.pop().unwrap());
    PROXY_TYPES.with(|p| *p.borrow_mut() = Some([plain, callable]));
}
