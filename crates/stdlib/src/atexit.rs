//! Stdlib stage: the `atexit` module — functions registered here run at interpreter shutdown,
//! last registered first, after the main program (and its traceback, if it failed) and before
//! the standard streams are flushed; an exception in one is reported as unraisable, as CPython
//! 3.11's `atexit_callfuncs` does, and the others still run.

use vm::func::{Args, NativeFn};
use vm::value::{PyRef, Value};
use vm::vm::{PyResult, Vm};

/// `register(func, *args, **kwargs)`: returns `func`, so it also works as a decorator.
fn register(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let Some(func) = pos.first() else {
        return Err(vm.new_type_error("register() takes at least 1 argument (0 given)"));
    };
    if !vm.is_callable(func) {
        return Err(vm.new_type_error("the first argument must be callable"));
    }
    let start = args.args.len() - args.kwnames.len();
    let kwargs = args.kwnames.iter().cloned().zip(args.args[start..].iter().cloned()).collect();
    vm.atexit_callbacks.push((func.clone(), pos[1..].to_vec(), kwargs));
    Ok(func.clone())
}

/// `unregister(func)`: drops every registration of a function equal to `func`.
fn unregister(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "unregister", 1)?;
    let mut kept = Vec::new();
    for entry in std::mem::take(&mut vm.atexit_callbacks) {
        if !vm.eq(&entry.0, &a[0])? {
            kept.push(entry);
        }
    }
    // Callbacks registered by an `__eq__` that ran meanwhile come after the kept ones.
    kept.append(&mut vm.atexit_callbacks);
    vm.atexit_callbacks = kept;
    Ok(Value::None)
}

fn run_exitfuncs(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    vm.run_atexit();
    Ok(Value::None)
}

fn clear(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    vm.atexit_callbacks.clear();
    Ok(Value::None)
}

fn ncallbacks(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(vm.atexit_callbacks.len() as i64))
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("atexit");
    let d = m.dict.get().unwrap();
    let fns: &[(&'static str, NativeFn)] = &[
        ("register", register),
        ("unregister", unregister),
        ("_run_exitfuncs", run_exitfuncs),
        ("_clear", clear),
        ("_ncallbacks", ncallbacks),
    ];
    vm.add_native_fns(&d, fns);
    Ok(m)
}
