//! VM stage: `os.fork()` and `os.register_at_fork()` (CPython's `os_fork_impl` and
//! `PyOS_BeforeFork`/`PyOS_AfterFork_*`): the hooks run in CPython's order, and the child
//! continues as a one-thread process whose only thread is its main thread.

use crate::func::{Args, NativeFn};
use crate::value::{PyRef, Value};
use crate::vm::{PyResult, Vm};
use std::cell::RefCell;

/// The callables `register_at_fork` recorded, by when they run.
#[derive(Default)]
struct Hooks {
    before: Vec<Value>,
    after_in_child: Vec<Value>,
    after_in_parent: Vec<Value>,
}

crate::gil_local! {
    static HOOKS: RefCell<Hooks> = RefCell::new(Hooks::default());
}

/// `os.register_at_fork(*, before=None, after_in_child=None, after_in_parent=None)`.
fn register_at_fork(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if !args.pos().is_empty() {
        return Err(vm.new_type_error("register_at_fork() takes no positional arguments"));
    }
    // Keyword-only, and an explicit None is not "absent": it fails the callable check.
    let [before, child, parent] =
        args.bind(vm, "register_at_fork", ["before", "after_in_child", "after_in_parent"], 0)?;
    if before.is_none() && child.is_none() && parent.is_none() {
        return Err(vm.new_type_error("At least one argument is required."));
    }
    for (name, f) in [("before", &before), ("after_in_child", &child), ("after_in_parent", &parent)] {
        if let Some(f) = f {
            if !vm.is_callable(f) {
                let msg = format!("'{name}' must be callable, not {}", vm.type_name(f));
                return Err(vm.new_type_error(msg));
            }
        }
    }
    HOOKS.with(|h| {
        let mut h = h.borrow_mut();
        h.before.extend(before);
        h.after_in_child.extend(child);
        h.after_in_parent.extend(parent);
    });
    Ok(Value::None)
}

/// Runs fork hooks; an exception in one is reported as unraisable and the rest still run.
fn run_hooks(vm: &mut Vm, hooks: Vec<Value>) {
    for f in hooks {
        if let Err(e) = vm.call(&f, Args::new(&[])) {
            vm.write_unraisable("in", &f, &e);
        }
    }
}

/// `os.fork()`: "before" hooks newest first, then the fork, then the "after" hooks of the
/// side this is, oldest first.
fn fork(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "fork", 0)?;
    let before: Vec<Value> = HOOKS.with(|h| h.borrow().before.iter().rev().cloned().collect());
    run_hooks(vm, before);
    // SAFETY: fork has no memory-safety preconditions; the child only continues this thread,
    // which holds the GIL, so no interpreter state is shared with a thread that is gone.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        let err = std::io::Error::last_os_error();
        let after: Vec<Value> = HOOKS.with(|h| h.borrow().after_in_parent.clone());
        run_hooks(vm, after);
        return Err(vm.os_error_from(err, None));
    }
    let after: Vec<Value> = if pid == 0 {
        crate::gil::after_fork_child();
        HOOKS.with(|h| h.borrow().after_in_child.clone())
    } else {
        HOOKS.with(|h| h.borrow().after_in_parent.clone())
    };
    run_hooks(vm, after);
    Ok(Value::Int(pid as i64))
}

/// Adds `fork` and `register_at_fork` to the `posix` module's dict.
pub fn add(vm: &mut Vm, d: &PyRef) {
    let fns: &[(&'static str, NativeFn)] = &[("fork", fork), ("register_at_fork", register_at_fork)];
    vm.add_native_fns(d, fns);
}
