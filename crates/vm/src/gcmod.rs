//! VM stage: the `gc` module over the cycle collector in `gc.rs`.

use crate::func::{Args, NativeFn};
use crate::value::{Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};

fn collect(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.range(vm, "collect", 0, 1)?;
    let mut n = crate::gc::collect();
    // Cycles holding objects with `__del__`: finalize them, then collect what they left.
    if crate::finalize::pending() {
        vm.run_finalizers();
        n += crate::gc::collect();
    }
    Ok(Value::Int(n as i64))
}

fn enable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "enable", 0)?;
    crate::gc::set_enabled(true);
    Ok(Value::None)
}

fn disable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "disable", 0)?;
    crate::gc::set_enabled(false);
    Ok(Value::None)
}

fn isenabled(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "isenabled", 0)?;
    Ok(Value::Bool(crate::gc::is_enabled()))
}

fn get_count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "get_count", 0)?;
    Ok(vm.new_tuple(vec![Value::Int(crate::gc::tracked_count() as i64), Value::Int(0), Value::Int(0)]))
}

fn get_threshold(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "get_threshold", 0)?;
    Ok(vm.new_tuple(vec![Value::Int(700), Value::Int(10), Value::Int(10)]))
}

fn set_threshold(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.range(vm, "set_threshold", 1, 3)?;
    Ok(Value::None)
}

/// `gc.get_objects(generation=None)`: the tracked containers.
fn get_objects(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.range(vm, "get_objects", 0, 1)?;
    let objs = crate::gc::tracked_objects().into_iter().map(Value::Obj).collect();
    Ok(vm.new_list(objs))
}

/// `gc.get_referents(*objs)`.
fn get_referents(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.no_kwargs(vm, "get_referents")?;
    let mut out = Vec::new();
    for o in args.pos().iter().filter_map(Value::as_obj) {
        out.extend(crate::gc::referents(o).into_iter().map(Value::Obj));
    }
    Ok(vm.new_list(out))
}

/// `gc.get_referrers(*objs)`: the tracked containers referring to any of `objs`. A function
/// refers to its code object (pyrite shares the code itself, so that link is matched by it).
fn get_referrers(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.no_kwargs(vm, "get_referrers")?;
    let targets: Vec<&PyRef> = args.pos().iter().filter_map(Value::as_obj).collect();
    let codes: Vec<&std::rc::Rc<crate::value::CodeData>> = targets
        .iter()
        .filter_map(|t| match &t.payload {
            Payload::Code(c) => Some(c),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    let mut candidates = crate::gc::tracked_objects();
    // Classes and their dicts are not tracked (they are never collected) but do refer to
    // things: methods, bases (`trace --listfuncs` finds a method's class this way).
    let mut classes = vec![vm.types.object.clone()];
    let mut i = 0;
    while i < classes.len() {
        let subs: Vec<PyRef> = match classes[i].as_type() {
            Some(t) => t.subclasses.borrow().iter().filter_map(|w| w.upgrade()).collect(),
            None => Vec::new(),
        };
        for sub in subs {
            if !classes.iter().any(|c| std::rc::Rc::ptr_eq(c, &sub)) {
                classes.push(sub);
            }
        }
        i += 1;
    }
    for c in classes {
        candidates.extend(c.dict.get());
        candidates.push(c);
    }
    for o in candidates {
        if targets.iter().any(|t| std::rc::Rc::ptr_eq(t, &o)) {
            continue;
        }
        let by_code = match &o.payload {
            Payload::Function(f) => codes.iter().any(|c| std::ptr::eq(&***c, &*f.code)),
            _ => false,
        };
        if by_code || crate::gc::referents(&o).iter().any(|r| targets.iter().any(|t| std::rc::Rc::ptr_eq(t, r))) {
            out.push(Value::Obj(o));
        }
    }
    Ok(vm.new_list(out))
}

/// `gc.is_tracked(obj)`.
fn is_tracked(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = &args.exact(vm, "is_tracked", 1)?[0];
    Ok(Value::Bool(a.as_obj().is_some_and(|o| crate::gc::is_tracked(o))))
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("gc");
    let d = m.dict.get().unwrap();
    let fns: &[(&'static str, NativeFn)] = &[
        ("collect", collect),
        ("enable", enable),
        ("disable", disable),
        ("isenabled", isenabled),
        ("get_count", get_count),
        ("get_threshold", get_threshold),
        ("set_threshold", set_threshold),
        ("get_objects", get_objects),
        ("get_referents", get_referents),
        ("get_referrers", get_referrers),
        ("is_tracked", is_tracked),
    ];
    vm.add_native_fns(&d, fns);
    vm.dict_set_str(&d, "garbage", vm.new_list(vec![]));
    vm.dict_set_str(&d, "callbacks", vm.new_list(vec![]));
    Ok(m)
}
