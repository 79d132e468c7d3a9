//! VM stage: the `gc` module over the cycle collector in `gc.rs`.

use crate::func::{Args, NativeFn};
use crate::value::{PyRef, Value};
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
    ];
    vm.add_native_fns(&d, fns);
    vm.dict_set_str(&d, "garbage", vm.new_list(vec![]));
    vm.dict_set_str(&d, "callbacks", vm.new_list(vec![]));
    Ok(m)
}
