//! Stdlib stage: the `_tracemalloc` module behind `tracemalloc`. pyrite does not trace memory
//! allocations, so tracing is never on: the queries answer as CPython's do when tracing is
//! off (no traces, no object tracebacks, zero traced memory), and `start()` raises
//! NotImplementedError instead of pretending to trace. `warnings` relies on `is_tracing()`
//! to suggest enabling tracemalloc for a warning with a `source`.

use vm::func::{Args, NativeFn};
use vm::value::{PyRef, Value};
use vm::vm::{PyResult, Vm};

fn is_tracing(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "_tracemalloc.is_tracing", 0)?;
    Ok(Value::Bool(false))
}

/// `start(nframe=1)`: the argument is checked as CPython checks it, then the request is refused.
fn start(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "start", 0, 1)?;
    if let Some(n) = a.first() {
        let n = vm.to_i64_index(n)?;
        if !(1..=65535).contains(&n) {
            return Err(vm.new_value_error("the number of frames must be in range [1; 65535]"));
        }
    }
    Err(vm.new_not_implemented_error("pyrite does not trace memory allocations"))
}

fn nothing(vm: &mut Vm, args: Args, name: &str) -> PyResult<Value> {
    args.exact(vm, &format!("_tracemalloc.{name}"), 0)?;
    Ok(Value::None)
}

fn stop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    nothing(vm, args, "stop")
}

fn clear_traces(vm: &mut Vm, args: Args) -> PyResult<Value> {
    nothing(vm, args, "clear_traces")
}

fn reset_peak(vm: &mut Vm, args: Args) -> PyResult<Value> {
    nothing(vm, args, "reset_peak")
}

fn get_traceback_limit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "_tracemalloc.get_traceback_limit", 0)?;
    Ok(Value::Int(1))
}

fn get_traced_memory(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "_tracemalloc.get_traced_memory", 0)?;
    Ok(vm.new_tuple(vec![Value::Int(0), Value::Int(0)]))
}

fn get_tracemalloc_memory(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "_tracemalloc.get_tracemalloc_memory", 0)?;
    Ok(Value::Int(0))
}

fn get_traces(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "_tracemalloc._get_traces", 0)?;
    Ok(vm.new_list(Vec::new()))
}

/// `_get_object_traceback(obj)`: None, as for any object allocated while not tracing.
fn get_object_traceback(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "_tracemalloc._get_object_traceback", 1)?;
    Ok(Value::None)
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_tracemalloc");
    let d = m.dict.get().unwrap();
    let fns: &[(&'static str, NativeFn)] = &[
        ("_get_object_traceback", get_object_traceback),
        ("_get_traces", get_traces),
        ("clear_traces", clear_traces),
        ("get_traceback_limit", get_traceback_limit),
        ("get_traced_memory", get_traced_memory),
        ("get_tracemalloc_memory", get_tracemalloc_memory),
        ("is_tracing", is_tracing),
        ("reset_peak", reset_peak),
        ("start", start),
        ("stop", stop),
    ];
    vm.add_native_fns(&d, fns);
    Ok(m)
}
