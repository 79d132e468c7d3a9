//! Stdlib stage: the `_thread` module (CPython's `_threadmodule.c`): OS threads that take turns
//! on the GIL (`vm::gil`), locks and re-entrant locks whose blocking waits release the GIL, the
//! per-thread sentinel locks `threading` joins on, thread idents. `threading`, `queue` and
//! `concurrent.futures` run on top of it unchanged.

use crate::native::{self, new_args, new_instance};
use std::os::unix::thread::JoinHandleExt;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use vm::func::Args;
use vm::gil;
use vm::types::Layout;
use vm::value::{PyRef, Value};
use vm::{PyResult, Vm};

/// `_thread.TIMEOUT_MAX`, as CPython's on Linux (`PY_TIMEOUT_MAX` in seconds).
const TIMEOUT_MAX: f64 = 9223372036.0;

/// A lock's state, shared with the OS threads that wait on it (they hold no GIL meanwhile).
#[derive(Default)]
struct LockCore {
    state: Mutex<Held>,
    freed: Condvar,
}

/// How many times the lock is held (a plain lock only goes 0 → 1) and by which thread.
#[derive(Default, Clone, Copy)]
struct Held {
    count: u64,
    owner: u64,
}

impl LockCore {
    fn state(&self) -> MutexGuard<'_, Held> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes the lock if it is free (or, for an RLock, already ours).
    fn try_take(&self, me: u64, reentrant: bool) -> Result<bool, &'static str> {
        let mut st = self.state();
        if st.count == 0 {
            *st = Held { count: 1, owner: me };
            Ok(true)
        } else if reentrant && st.owner == me {
            st.count = st.count.checked_add(1).ok_or("Internal lock count overflowed")?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// Fully releases the lock and wakes one waiter.
    fn free(&self) {
        *self.state() = Held::default();
        self.freed.notify_one();
    }
}

/// Why a blocking wait for a lock ended.
enum Waited {
    Acquired,
    TimedOut,
    /// A signal arrived while the main thread waited: its handler must run first.
    Interrupted,
}

/// Waits (without the GIL) until the lock is free and takes it. The main thread wakes every
/// few milliseconds to notice signals, so Ctrl-C interrupts a wait as in CPython.
fn wait_for(core: &LockCore, me: u64, deadline: Option<Instant>, main: bool) -> Waited {
    const SIGNAL_POLL: Duration = Duration::from_millis(20);
    let mut st = core.state();
    loop {
        if st.count == 0 {
            *st = Held { count: 1, owner: me };
            return Waited::Acquired;
        }
        if main && vm::signals::is_pending() {
            return Waited::Interrupted;
        }
        let mut wait = match deadline {
            Some(d) => match d.checked_duration_since(Instant::now()) {
                Some(left) if !left.is_zero() => left,
                _ => return Waited::TimedOut,
            },
            None => Duration::MAX,
        };
        if main {
            wait = wait.min(SIGNAL_POLL);
        }
        st = if wait == Duration::MAX {
            core.freed.wait(st).unwrap_or_else(|e| e.into_inner())
        } else {
            core.freed.wait_timeout(st, wait).unwrap_or_else(|e| e.into_inner()).0
        };
    }
}

/// The state behind a `_thread.lock` or `_thread.RLock` object.
struct Lock {
    core: Arc<LockCore>,
    reentrant: bool,
}

impl Lock {
    fn new(reentrant: bool) -> Lock {
        Lock { core: Arc::new(LockCore::default()), reentrant }
    }
}

vm::gil_local! {
    static LOCK_TYPE: std::cell::RefCell<Option<PyRef>> = const { std::cell::RefCell::new(None) };
    /// The size `stack_size(n)` last accepted (0: the default).
    static STACK_SIZE: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
}

thread_local! {
    /// This thread's sentinel locks (`_set_sentinel`): released when the thread finishes, which
    /// is what `Thread.join()` waits for. Plain `Arc`s: no Python object, no GIL needed.
    static SENTINELS: std::cell::RefCell<Vec<Arc<LockCore>>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn lock_of(vm: &Vm, v: &Value) -> PyResult<(Arc<LockCore>, bool)> {
    let l = native::state::<Lock>(v).ok_or_else(|| native::wrong_self(vm, v, "_thread.lock"))?;
    let l = l.borrow();
    Ok((l.core.clone(), l.reentrant))
}

/// Acquires `core` for the current thread, blocking (GIL released) as asked.
fn acquire_core(vm: &mut Vm, core: &LockCore, reentrant: bool, blocking: bool, timeout: f64) -> PyResult<bool> {
    let me = gil::current_ident();
    if core.try_take(me, reentrant).map_err(|m| vm.new_overflow_error(m))? {
        return Ok(true);
    }
    if !blocking {
        return Ok(false);
    }
    let deadline = (timeout >= 0.0).then(|| Instant::now() + Duration::from_secs_f64(timeout));
    let main = gil::is_main_thread();
    loop {
        match vm.allow_threads(|| wait_for(core, me, deadline, main)) {
            Waited::Acquired => return Ok(true),
            Waited::TimedOut => return Ok(false),
            Waited::Interrupted => vm.check_signals()?,
        }
    }
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
    if timeout > TIMEOUT_MAX {
        return Err(vm.new_overflow_error("timeout value is too large"));
    }
    let (core, reentrant) = lock_of(vm, &this)?;
    Ok(Value::Bool(acquire_core(vm, &core, reentrant, blocking, timeout)?))
}

fn release(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (core, reentrant) = lock_of(vm, &args.args[0])?;
    let mut st = core.state();
    if reentrant {
        if st.count == 0 || st.owner != gil::current_ident() {
            return Err(vm.new_runtime_error("cannot release un-acquired lock"));
        }
    } else if st.count == 0 {
        return Err(vm.new_runtime_error("release unlocked lock"));
    }
    st.count -= 1;
    if st.count == 0 {
        st.owner = 0;
        core.freed.notify_one();
    }
    Ok(Value::None)
}

fn exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    release(vm, Args::new(&args.args[..1]))
}

fn locked(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (core, _) = lock_of(vm, &args.args[0])?;
    let held = core.state().count > 0;
    Ok(Value::Bool(held))
}

/// `RLock._is_owned()`: held by the calling thread.
fn is_owned(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (core, _) = lock_of(vm, &args.args[0])?;
    let st = *core.state();
    Ok(Value::Bool(st.count > 0 && st.owner == gil::current_ident()))
}

/// `RLock._release_save()`: releases the lock however deep it is held and returns
/// `(count, owner)` for `_acquire_restore` (what `Condition.wait` uses).
fn release_save(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (core, _) = lock_of(vm, &args.args[0])?;
    let st = *core.state();
    if st.count == 0 {
        return Err(vm.new_runtime_error("cannot release un-acquired lock"));
    }
    core.free();
    Ok(vm.new_tuple(vec![Value::Int(st.count as i64), int_u64(vm, st.owner)]))
}

/// `RLock._acquire_restore((count, owner))`: takes the lock back at the saved depth.
fn acquire_restore(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "_acquire_restore", 2)?;
    let (core, _) = lock_of(vm, &a[0])?;
    let saved = vm.unpack_exact(&a[1], 2)?;
    let count = to_u64(vm, &saved[0])?;
    let owner = to_u64(vm, &saved[1])?;
    acquire_core(vm, &core, false, true, -1.0)?;
    *core.state() = Held { count, owner };
    Ok(Value::None)
}

/// `lock._at_fork_reinit()`: after `fork()`, the child's copy of the lock starts free.
fn at_fork_reinit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (core, _) = lock_of(vm, &args.args[0])?;
    *core.state() = Held::default();
    Ok(Value::None)
}

fn lock_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, _) = new_args(&args);
    Ok(new_instance(vm, &cls, Lock::new(false)))
}

fn rlock_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, _) = new_args(&args);
    Ok(new_instance(vm, &cls, Lock::new(true)))
}

fn lock_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let (core, reentrant) = lock_of(vm, this)?;
    let st = *core.state();
    let state = if st.count > 0 { "locked" } else { "unlocked" };
    Ok(vm.new_str(if reentrant {
        format!(
            "<{} {} object owner={} count={} at {:#x}>",
            state,
            vm.type_name(this),
            st.owner,
            st.count,
            this.id()
        )
    } else {
        format!("<{} _thread.lock object at {:#x}>", state, this.id())
    }))
}

/// A thread ident or lock owner (an unsigned long) as a Python int.
fn int_u64(vm: &Vm, u: u64) -> Value {
    match i64::try_from(u) {
        Ok(i) => Value::Int(i),
        Err(_) => vm.new_bigint(u.into()),
    }
}

fn to_u64(vm: &mut Vm, v: &Value) -> PyResult<u64> {
    use num_traits::ToPrimitive;
    let i = vm::objects::int::int_view(v).ok_or_else(|| vm.new_type_error("an integer is required"))?;
    i.to_big().to_u64().ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C unsigned long"))
}

fn new_lock(vm: &mut Vm) -> (Value, Arc<LockCore>) {
    let t = LOCK_TYPE.with(|t| t.borrow().clone()).expect("_thread is initialised");
    let lock = Lock::new(false);
    let core = lock.core.clone();
    (new_instance(vm, &t, lock), core)
}

fn allocate_lock(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "allocate_lock", 0)?;
    Ok(new_lock(vm).0)
}

fn get_ident(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "get_ident", 0)?;
    Ok(int_u64(vm, gil::current_ident()))
}

fn get_native_id(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "get_native_id", 0)?;
    Ok(int_u64(vm, gil::native_id()))
}

fn count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "_count", 0)?;
    Ok(Value::Int(gil::thread_count() as i64))
}

/// `_thread._set_sentinel()`: a new lock that the runtime releases when the calling thread
/// finishes (`threading` acquires it, and `join()` waits for it).
fn set_sentinel(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "_set_sentinel", 0)?;
    let (lock, core) = new_lock(vm);
    SENTINELS.with(|s| s.borrow_mut().push(core));
    Ok(lock)
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

/// What a new thread runs, handed from the starting thread. Python objects cross threads here
/// without being touched: the new thread uses them only once it holds the GIL.
struct Bootstrap {
    vm: *mut Vm,
    func: Value,
    args: Value,
    kwargs: Option<Value>,
}

// SAFETY: see the struct's doc; the VM outlives every thread (threads that wake after shutdown
// began stop in `gil::take_gil` without touching it).
unsafe impl Send for Bootstrap {}

/// The Rust stack of a new thread when `stack_size()` was not set: as the main interpreter
/// thread, room for deep native re-entry (only the pages used are ever touched).
const DEFAULT_STACK: usize = 256 << 20;

/// `_thread.start_new_thread(function, args[, kwargs])`: runs `function(*args, **kwargs)` in a
/// new thread and returns its ident.
fn start_new_thread(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "start_new_thread", 2, 3)?;
    if !vm.is_callable(&a[0]) {
        return Err(vm.new_type_error("first arg must be callable"));
    }
    if !vm.isinstance(&a[1], &vm.types.tuple.clone()) {
        return Err(vm.new_type_error("2nd arg must be a tuple"));
    }
    let kwargs = a.get(2).cloned();
    if let Some(k) = &kwargs {
        if !vm.isinstance(k, &vm.types.dict.clone()) {
            return Err(vm.new_type_error("optional 3rd arg must be a dictionary"));
        }
    }
    let boot = Bootstrap { vm: vm as *mut Vm, func: a[0].clone(), args: a[1].clone(), kwargs };
    let size = match STACK_SIZE.with(|s| s.get()) {
        0 => DEFAULT_STACK,
        n => n as usize,
    };
    // Counted before the thread exists, so the GIL is released from now on.
    gil::thread_started();
    match std::thread::Builder::new().stack_size(size).spawn(move || bootstrap(boot)) {
        Ok(handle) => {
            let ident = handle.as_pthread_t() as u64;
            Ok(int_u64(vm, ident))
        }
        Err(_) => {
            gil::thread_finished();
            Err(vm.new_runtime_error("can't start new thread"))
        }
    }
}

/// The body of every Python thread (`thread_run`).
fn bootstrap(boot: Bootstrap) {
    vm::signals::block_in_this_thread();
    gil::take_gil();
    // SAFETY: this thread holds the GIL, and the VM lives as long as the process runs Python.
    let vm = unsafe { &mut *boot.vm };
    let Bootstrap { func, args, kwargs, .. } = boot;
    if let Err(e) = vm.call_ex(&func, &args, kwargs.as_ref()) {
        let system_exit = vm.exc.system_exit.clone();
        if !vm.isinstance_exc(&e, &system_exit) {
            vm.write_unraisable("in thread started by", &func, &e);
        }
    }
    drop((func, args, kwargs));
    for core in SENTINELS.with(|s| std::mem::take(&mut *s.borrow_mut())) {
        core.free();
    }
    // The thread's leftovers (its handled exception…) are dropped while it still holds the GIL.
    drop(vm.save_thread_state());
    if vm::finalize::pending() {
        vm.run_finalizers();
        drop(vm.save_thread_state());
    }
    gil::thread_finished();
    gil::drop_gil();
}

/// `_thread.interrupt_main(signum=SIGINT)`: acts as if the signal arrived in the main thread.
fn interrupt_main(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [signum] = args.bind(vm, "interrupt_main", ["signum"], 0)?;
    let sig = match signum {
        Some(s) => vm.to_i64_index(&s)?,
        None => libc::SIGINT as i64,
    };
    if sig < 1 || sig >= vm::signals::NSIG as i64 {
        return Err(vm.new_value_error("signal number out of range"));
    }
    vm::signals::trip(sig as i32);
    Ok(Value::None)
}

/// `_thread.exit()`: raises SystemExit, which ends the calling thread quietly.
fn thread_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "exit", 0)?;
    let t = vm.exc.system_exit.clone();
    Err(vm.new_exception_args(&t, Vec::new()))
}

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
        ("locked_lock", locked, "Test whether the lock is currently locked."),
        ("_at_fork_reinit", at_fork_reinit, "For internal use by `threading` after fork()."),
        ("__repr__", lock_repr, "Return repr(self)."),
    ];
    let lock = native::make_type(vm, "_thread", "lock", None, Layout::Native);
    native::setup(vm, &lock, Some(lock_new), methods);
    let rlock = native::make_type(vm, "_thread", "RLock", None, Layout::Native);
    native::setup(vm, &rlock, Some(rlock_new), methods);
    vm.add_methods(
        &rlock,
        &[
            ("_is_owned", is_owned, "For internal use by `threading.Condition`."),
            ("_release_save", release_save, "For internal use by `threading.Condition`."),
            ("_acquire_restore", acquire_restore, "For internal use by `threading.Condition`."),
        ],
    );
    LOCK_TYPE.with(|t| *t.borrow_mut() = Some(lock.clone()));
    vm.dict_set_str(&d, "LockType", Value::Obj(lock.clone()));
    vm.dict_set_str(&d, "lock", Value::Obj(lock));
    vm.dict_set_str(&d, "RLock", Value::Obj(rlock));
    vm.dict_set_str(&d, "error", Value::Obj(vm.exc.runtime_error.clone()));
    vm.dict_set_str(&d, "TIMEOUT_MAX", Value::Float(TIMEOUT_MAX));
    let fns: &[(&'static str, vm::func::NativeFn)] = &[
        ("allocate_lock", allocate_lock),
        ("allocate", allocate_lock),
        ("get_ident", get_ident),
        ("get_native_id", get_native_id),
        ("_count", count),
        ("_set_sentinel", set_sentinel),
        ("stack_size", stack_size),
        ("start_new_thread", start_new_thread),
        ("start_new", start_new_thread),
        ("interrupt_main", interrupt_main),
        ("exit", thread_exit),
        ("exit_thread", thread_exit),
    ];
    vm.add_native_fns(&d, fns);
    // `_local` is left out: `threading` then uses `_threading_local.local`, CPython's own
    // pure-Python implementation of per-thread attributes.
    Ok(m)
}
