//! Stdlib stage: a minimal single-threaded `_thread` module — enough for the pure-Python
//! stdlib (`functools`, `reprlib`, `threading`-free code) to import and use locks: `LockType`
//! / `allocate_lock`, `RLock`, `get_ident`, `TIMEOUT_MAX`, `error`. pyrite runs one thread, so
//! a lock that is already held can never be released by someone else: a blocking acquire of a
//! held lock without a timeout raises RuntimeError instead of hanging forever.

use crate::native::{self, new_args, new_instance};
use vm::func::Args;
use vm::types::Layout;
use vm::value::{PyRef, Value};
use vm::{PyResult, Vm};

/// Lock state: how many times it is held (a plain lock only goes 0 → 1).
struct Lock {
    count: u64,
    reentrant: bool,
}

thread_local! {
    static LOCK_TYPE: std::cell::RefCell<Option<PyRef>> = const { std::cell::RefCell::new(None) };
}

fn lock_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a std::cell::RefCell<Lock>> {
    native::state::<Lock>(v).ok_or_else(|| native::wrong_self(vm, v, "_thread.lock"))
}

fn acquire(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    let [blocking, timeout] = rest.bind(vm, "acquire", ["blocking", "timeout"], 0)?;
    let blocking = match blocking {
        Some(b) => vm.truthy(&b)?,
        None => true,
    };
    let timeout = match timeout {
        Some(t) => vm.float_of(&t)?,
        None => -1.0,
    };
    if !blocking && timeout != -1.0 {
        return Err(vm.new_value_error("can't specify a timeout for a non-blocking call"));
    }
    if timeout < 0.0 && timeout != -1.0 {
        return Err(vm.new_value_error("timeout value must be a non-negative number"));
    }
    let l = lock_of(vm, &this)?;
    let mut l = l.borrow_mut();
    if l.count == 0 || l.reentrant {
        l.count += 1;
        return Ok(Value::Bool(true));
    }
    if !blocking || timeout >= 0.0 {
        drop(l);
        if timeout > 0.0 {
            std::thread::sleep(std::time::Duration::from_secs_f64(timeout.min(1e6)));
        }
        return Ok(Value::Bool(false));
    }
    Err(vm.new_runtime_error("deadlock: acquiring a lock held by the only thread"))
}

fn release(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let l = lock_of(vm, &this)?;
    let mut l = l.borrow_mut();
    if l.count == 0 {
        return Err(vm.new_runtime_error(if l.reentrant {
            "cannot release un-acquired lock"
        } else {
            "release unlocked lock"
        }));
    }
    l.count -= 1;
    Ok(Value::None)
}

fn exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    release(vm, Args::new(&args.args[..1]))
}

fn locked(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let l = lock_of(vm, &args.args[0])?;
    let held = l.borrow().count > 0;
    Ok(Value::Bool(held))
}

fn is_owned(vm: &mut Vm, args: Args) -> PyResult<Value> {
    locked(vm, args)
}

fn lock_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, _) = new_args(&args);
    Ok(new_instance(vm, &cls, Lock { count: 0, reentrant: false }))
}

fn rlock_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, _) = new_args(&args);
    Ok(new_instance(vm, &cls, Lock { count: 0, reentrant: true }))
}

fn lock_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let l = lock_of(vm, this)?;
    let (count, re) = {
        let l = l.borrow();
        (l.count, l.reentrant)
    };
    let state = if count > 0 { "locked" } else { "unlocked" };
    Ok(vm.new_str(if re {
        format!(
            "<{} {} object owner={} count={} at {:#x}>",
            state,
            vm.type_name(this),
            if count > 0 { 1 } else { 0 },
            count,
            this.id()
        )
    } else {
        format!("<{} _thread.lock object at {:#x}>", state, this.id())
    }))
}

fn allocate_lock(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    let t = LOCK_TYPE.with(|t| t.borrow().clone()).unwrap();
    Ok(new_instance(vm, &t, Lock { count: 0, reentrant: false }))
}

fn get_ident(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(1))
}

fn count(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(0))
}

/// `_thread._set_sentinel()`: the lock `threading` holds for the main thread's lifetime.
fn set_sentinel(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "_set_sentinel", 0)?;
    allocate_lock(vm, args)
}

thread_local! {
    /// The size `stack_size(n)` last accepted; threads are not started, so it is only reported.
    static STACK_SIZE: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
}

/// `_thread.stack_size([size])`, with CPython's validation of `size` (0 or at least 32 KiB).
fn stack_size(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "stack_size", 0, 1)?;
    let old = STACK_SIZE.with(|s| s.get());
    if let Some(v) = a.first() {
        let size = vm.to_i64_index(v)?;
        if size < 0 {
            return Err(vm.new_value_error("size must be 0 or a positive value"));
        }
        if size != 0 && size < 32768 {
            return Err(vm.new_value_error(format!("size not valid: {size} bytes")));
        }
        STACK_SIZE.with(|s| s.set(size));
    }
    Ok(Value::Int(old))
}

fn start_new_thread(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(vm.new_runtime_error("can't start new thread: pyrite runs a single thread"))
}

const LOCAL_SRC: &str = "class _local:\n    \"\"\"Thread-local data\"\"\"\n    __slots__ = ('__dict__', '__weakref__')\n    def __new__(cls, /, *args, **kw):\n        if (args or kw) and cls.__init__ is object.__init__:\n            raise TypeError('Initialization arguments are not supported')\n        return object.__new__(cls)\n";

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_thread");
    let d = m.dict.get().unwrap();
    let methods: &[vm::func::MethodDef] = &[
        ("acquire", acquire, "Lock the lock."),
        ("release", release, "Release the lock."),
        ("locked", locked, "Test whether the lock is currently locked."),
        ("__enter__", acquire, "Lock the lock."),
        ("__exit__", exit, "Release the lock."),
        ("acquire_lock", acquire, "Lock the lock."),
        ("release_lock", release, "Release the lock."),
        ("__repr__", lock_repr, "Return repr(self)."),
    ];
    let lock = native::make_type(vm, "_thread", "lock", None, Layout::Native);
    native::setup(vm, &lock, Some(lock_new), methods);
    let rlock = native::make_type(vm, "_thread", "RLock", None, Layout::Native);
    native::setup(vm, &rlock, Some(rlock_new), methods);
    vm.add_methods(&rlock, &[("_is_owned", is_owned, "For internal use by `threading.Condition`.")]);
    LOCK_TYPE.with(|t| *t.borrow_mut() = Some(lock.clone()));
    vm.dict_set_str(&d, "LockType", Value::Obj(lock.clone()));
    vm.dict_set_str(&d, "lock", Value::Obj(lock));
    vm.dict_set_str(&d, "RLock", Value::Obj(rlock));
    vm.dict_set_str(&d, "error", Value::Obj(vm.exc.runtime_error.clone()));
    vm.dict_set_str(&d, "TIMEOUT_MAX", Value::Float(9223372036.0));
    let fns: &[(&'static str, vm::func::NativeFn)] = &[
        ("allocate_lock", allocate_lock),
        ("allocate", allocate_lock),
        ("get_ident", get_ident),
        ("get_native_id", get_ident),
        ("_count", count),
        ("_set_sentinel", set_sentinel),
        ("stack_size", stack_size),
        ("start_new_thread", start_new_thread),
        ("start_new", start_new_thread),
    ];
    vm.add_native_fns(&d, fns);
    // With one thread, thread-local data is an object's own `__dict__`.
    let exec = vm.builtin("exec").ok_or_else(|| vm.new_runtime_error("exec() is missing"))?;
    let ns = vm.new_dict();
    vm.dict_set_str(&ns, "__builtins__", Value::Obj(vm.builtins.clone()));
    vm.dict_set_str(&ns, "__name__", vm.new_str("_thread"));
    let src = vm.new_str(LOCAL_SRC);
    vm.call(&exec, Args::new(&[src, Value::Obj(ns.clone())]))?;
    if let Some(local) = vm.dict_get_str(&ns, "_local") {
        vm.dict_set_str(&d, "_local", local);
    }
    Ok(m)
}
