//! Stdlib stage: the `_functools` module — `reduce`, the `partial` type (`func`, `args`,
//! `keywords`, flattening of nested partials, CPython's repr) and `cmp_to_key` (a
//! `functools.KeyWrapper` whose instances compare through the user's function).
//! `functools.py` supplies the rest (`lru_cache` uses its pure-Python fallback).

use crate::native::{self, new_args, new_instance};
use vm::func::Args;
use vm::types::Layout;
use vm::value::{Payload, PyRef, Value};
use vm::{PyResult, Vm};

struct Partial {
    func: Value,
    args: Vec<Value>,
    /// A dict object of keyword arguments.
    kw: PyRef,
}

struct KeyWrapper {
    cmp: Value,
    obj: Option<Value>,
}

vm::gil_local! {
    static KEY_TYPE: std::cell::RefCell<Option<PyRef>> = const { std::cell::RefCell::new(None) };
}

fn reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "reduce", 2, 3)?;
    let it = vm.iter(&a[1]).map_err(|e| {
        if vm.isinstance_exc(&e, &vm.exc.type_error.clone()) {
            vm.new_type_error("reduce() arg 2 must support iteration")
        } else {
            e
        }
    })?;
    let mut acc = a.get(2).cloned();
    while let Some(x) = vm.next(&it)? {
        acc = Some(match acc {
            None => x,
            Some(v) => vm.call(&a[0], Args::new(&[v, x]))?,
        });
    }
    acc.ok_or_else(|| vm.new_type_error("reduce() of empty iterable with no initial value"))
}

fn partial_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a std::cell::RefCell<Partial>> {
    native::state::<Partial>(v).ok_or_else(|| native::wrong_self(vm, v, "functools.partial"))
}

fn dict_items(d: &PyRef) -> Vec<(Value, Value)> {
    match &d.payload {
        Payload::Dict(dd) => dd.borrow().items(),
        _ => Vec::new(),
    }
}

fn partial_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, a) = new_args(&args);
    let pos = a.pos();
    if pos.is_empty() {
        return Err(vm.new_type_error("type 'partial' takes at least one argument"));
    }
    let mut func = pos[0].clone();
    let mut pargs: Vec<Value> = Vec::new();
    let kw = vm.new_dict();
    // A partial of an exact partial is flattened.
    let inner = match native::state::<Partial>(&func) {
        Some(p)
            if func.as_obj().map(|o| o.class().as_type().map(|t| !t.is_heap()).unwrap_or(false)).unwrap_or(false) =>
        {
            let p = p.borrow();
            Some((p.func.clone(), p.args.clone(), p.kw.clone()))
        }
        _ => None,
    };
    if let Some((f, a0, k0)) = inner {
        func = f;
        pargs = a0;
        for (k, v) in dict_items(&k0) {
            vm::dict::set_item(vm, &kw, k, v)?;
        }
    }
    if !vm.is_callable(&func) {
        return Err(vm.new_type_error("the first argument must be callable"));
    }
    pargs.extend_from_slice(&pos[1..]);
    for (k, v) in a.kwargs() {
        let key = vm.new_str(k);
        vm::dict::set_item(vm, &kw, key, v.clone())?;
    }
    Ok(new_instance(vm, &cls, Partial { func, args: pargs, kw }))
}

fn partial_call(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let (func, mut all, kw) = {
        let p = partial_of(vm, &this)?.borrow();
        (p.func.clone(), p.args.clone(), p.kw.clone())
    };
    let call = Args { args: &args.args[1..], kwnames: args.kwnames };
    all.extend_from_slice(call.pos());
    let mut names: Vec<Value> = Vec::new();
    let mut vals: Vec<Value> = Vec::new();
    for (k, v) in dict_items(&kw) {
        let ks = k.as_str().map(|s| s.as_str().to_string()).unwrap_or_default();
        if call.kwarg(&ks).is_none() {
            names.push(k);
            vals.push(v);
        }
    }
    for (k, v) in call.kwargs() {
        names.push(vm.new_str(k));
        vals.push(v.clone());
    }
    all.extend(vals);
    vm.call(&func, Args { args: &all, kwnames: &names })
}

fn partial_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let (func, pargs, kw) = {
        let p = partial_of(vm, &this)?.borrow();
        (p.func.clone(), p.args.clone(), p.kw.clone())
    };
    let id = this.id() as usize;
    if vm.repr_stack.contains(&id) {
        return Ok(vm.new_str("..."));
    }
    vm.repr_stack.push(id);
    let r = (|| -> PyResult<String> {
        let mut parts = vec![vm.repr_string(&func)?];
        for a in &pargs {
            parts.push(vm.repr_string(a)?);
        }
        for (k, v) in dict_items(&kw) {
            let ks = vm.str_string(&k)?;
            parts.push(format!("{ks}={}", vm.repr_string(&v)?));
        }
        Ok(parts.join(", "))
    })();
    vm.repr_stack.retain(|x| *x != id);
    let t = vm.type_of(&this);
    let qual = t.as_type().unwrap().qualname.borrow().clone();
    let module = vm.type_attr(&t, "__module__").and_then(|m| m.as_str().map(|s| s.as_str().to_string()));
    let name = match module {
        Some(m) if m != "builtins" => format!("{m}.{qual}"),
        _ => qual.to_string(),
    };
    Ok(vm.new_str(format!("{name}({})", r?)))
}

fn partial_func(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(partial_of(vm, &args.args[0])?.borrow().func.clone())
}

fn partial_args(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = partial_of(vm, &args.args[0])?.borrow().args.clone();
    Ok(vm.new_tuple(a))
}

fn partial_keywords(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Obj(partial_of(vm, &args.args[0])?.borrow().kw.clone()))
}

fn partial_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let (func, pargs, kw) = {
        let p = partial_of(vm, &this)?.borrow();
        (p.func.clone(), p.args.clone(), p.kw.clone())
    };
    let t = vm.type_of(&this);
    let f = vm.new_tuple(vec![func.clone()]);
    let a = vm.new_tuple(pargs);
    let dict = match this.as_obj().and_then(|o| o.dict.get()) {
        Some(d) if matches!(&d.payload, Payload::Dict(dd) if !dd.borrow().is_empty()) => Value::Obj(d),
        _ => Value::None,
    };
    let state = vm.new_tuple(vec![func, a, Value::Obj(kw), dict]);
    Ok(vm.new_tuple(vec![Value::Obj(t), f, state]))
}

/// `partial.__setstate__((func, args, kwds, dict))`, the inverse of `__reduce__`.
fn partial_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__setstate__", 2)?;
    let Some(Payload::Tuple(items)) = a[1].payload() else {
        return Err(vm.new_type_error("argument to __setstate__ must be a tuple"));
    };
    if items.len() != 4 {
        return Err(vm.new_type_error(format!("expected 4 items in state, got {}", items.len())));
    }
    let (func, fargs, kw, dict) = (&items[0], &items[1], &items[2], &items[3]);
    let Some(Payload::Tuple(fargs)) = fargs.payload().filter(|_| vm.is_callable(func)) else {
        return Err(vm.new_type_error("invalid partial state"));
    };
    let kw = match kw {
        Value::None => vm.new_dict(),
        Value::Obj(d) if matches!(d.payload, Payload::Dict(_)) => {
            let copy = vm.new_dict();
            for (k, v) in dict_items(d) {
                vm::dict::set_item(vm, &copy, k, v)?;
            }
            copy
        }
        _ => return Err(vm.new_type_error("invalid partial state")),
    };
    {
        let mut p = partial_of(vm, &a[0])?.borrow_mut();
        p.func = func.clone();
        p.args = fargs.to_vec();
        p.kw = kw;
    }
    if let (Some(o), Value::Obj(d)) = (a[0].as_obj(), dict) {
        if matches!(d.payload, Payload::Dict(_)) {
            o.dict.set(Some(d.clone()));
        }
    }
    Ok(Value::None)
}

fn cmp_to_key(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [cmp] = args.bind(vm, "cmp_to_key", ["mycmp"], 1)?;
    let t = KEY_TYPE.with(|t| t.borrow().clone()).unwrap();
    Ok(new_instance(vm, &t, KeyWrapper { cmp: cmp.unwrap(), obj: None }))
}

fn key_call(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    let [obj] = rest.bind(vm, "K", ["obj"], 1)?;
    let cmp = native::state::<KeyWrapper>(&this).map(|k| k.borrow().cmp.clone()).unwrap_or(Value::None);
    let t = vm.type_of(&this);
    Ok(new_instance(vm, &t, KeyWrapper { cmp, obj }))
}

fn key_cmp(vm: &mut Vm, args: Args, op: u32) -> PyResult<Value> {
    let a = args.exact(vm, "K", 2)?;
    let me = native::state::<KeyWrapper>(&a[0]).map(|k| {
        let k = k.borrow();
        (k.cmp.clone(), k.obj.clone())
    });
    let other = native::state::<KeyWrapper>(&a[1]).map(|k| k.borrow().obj.clone());
    let (Some((cmp, Some(x))), Some(Some(y))) = (me, other) else {
        return Err(vm.new_type_error("other argument must be K instance"));
    };
    let r = vm.call(&cmp, Args::new(&[x, y]))?;
    vm.compare(&r, &Value::Int(0), op)
}

fn key_lt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    key_cmp(vm, a, 0)
}
fn key_le(vm: &mut Vm, a: Args) -> PyResult<Value> {
    key_cmp(vm, a, 1)
}
fn key_eq(vm: &mut Vm, a: Args) -> PyResult<Value> {
    key_cmp(vm, a, 2)
}
fn key_ne(vm: &mut Vm, a: Args) -> PyResult<Value> {
    key_cmp(vm, a, 3)
}
fn key_gt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    key_cmp(vm, a, 4)
}
fn key_ge(vm: &mut Vm, a: Args) -> PyResult<Value> {
    key_cmp(vm, a, 5)
}

fn key_obj(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    match native::state::<KeyWrapper>(this).map(|k| k.borrow().obj.clone()) {
        Some(Some(o)) => Ok(o),
        _ => Err(vm.new_attribute_error(this, "obj", "obj".into())),
    }
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_functools");
    let d = m.dict.get().unwrap();
    let partial = native::make_type(vm, "functools", "partial", None, Layout::Native);
    native::setup(
        vm,
        &partial,
        Some(partial_new),
        &[
            ("__call__", partial_call, "Call self as a function."),
            ("__repr__", partial_repr, "Return repr(self)."),
            ("__reduce__", partial_reduce, "Helper for pickle."),
            ("__setstate__", partial_setstate, ""),
        ],
    );
    vm.add_getset(&partial, "func", partial_func, None);
    vm.add_getset(&partial, "args", partial_args, None);
    vm.add_getset(&partial, "keywords", partial_keywords, None);
    // Partial objects carry a `__dict__` (new attributes may be set on them).
    partial.as_type().unwrap().instance_dict.set(true);
    vm.add_getset(&partial, "__dict__", vm::objects::core::object_dict_get, None);
    vm.dict_set_str(&d, "partial", Value::Obj(partial));

    let key = native::make_type(vm, "functools", "KeyWrapper", None, Layout::Native);
    native::setup(
        vm,
        &key,
        None,
        &[
            ("__call__", key_call, "Call self as a function."),
            ("__lt__", key_lt, "Return self<value."),
            ("__le__", key_le, "Return self<=value."),
            ("__eq__", key_eq, "Return self==value."),
            ("__ne__", key_ne, "Return self!=value."),
            ("__gt__", key_gt, "Return self>value."),
            ("__ge__", key_ge, "Return self>=value."),
        ],
    );
    vm.add_getset(&key, "obj", key_obj, None);
    vm.dict_set_str(&vm.type_dict(&key), "__hash__", Value::None);
    KEY_TYPE.with(|t| *t.borrow_mut() = Some(key));
    let fns: &[(&'static str, vm::func::NativeFn)] = &[("reduce", reduce), ("cmp_to_key", cmp_to_key)];
    vm.add_native_fns(&d, fns);
    Ok(m)
}
