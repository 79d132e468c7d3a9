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
    static RLOCK_TYPE: std::cell::RefCell<Option<PyRef>> = const { std::cell::RefCell::new(None) };
    static EXCEPTHOOK_ARGS: std::cell::RefCell<Option<PyRef>> = const { std::cell::RefCell::new(None) };
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
        return Err(vm.new_value_error("timeout value must be positive"));
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

/// `RLock._recursion_count()`: how deep the calling thread holds it (0 if it does not).
fn recursion_count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (core, _) = lock_of(vm, &args.args[0])?;
    let st = *core.state();
    let mine = st.count > 0 && st.owner == gil::current_ident();
    Ok(Value::Int(if mine { st.count as i64 } else { 0 }))
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
            // tp_name: the module shows for the builtin type only.
            if RLOCK_TYPE.with(|t| t.borrow().as_ref().is_some_and(|t| std::rc::Rc::ptr_eq(&vm.type_of(this), t))) {
                "_thread.RLock".to_string()
            } else {
                vm.type_name(this).to_string()
            },
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
            let ident = handle.as_pthread_t();
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
    clear_thread_locals(gil::thread_serial());
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

/// The state of a `_thread._local`: one attribute dict per thread (by `gil::thread_serial`),
/// and the constructor arguments that `__init__` gets again in each new thread.
struct Local {
    dicts: std::collections::HashMap<u64, PyRef>,
    args: Value,
    kwargs: Option<Value>,
}

vm::gil_local! {
    /// For each thread (by serial), the locals that hold a dict for it: emptied when the
    /// thread ends, as CPython drops a dead thread's local dicts.
    static LOCALS_OF_THREAD: std::cell::RefCell<std::collections::HashMap<u64, Vec<std::rc::Weak<vm::value::Object>>>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

fn local_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a std::cell::RefCell<Local>> {
    native::state::<Local>(v).ok_or_else(|| native::wrong_self(vm, v, "_thread._local"))
}

/// Whether `cls.__init__` is `object.__init__` (then a local takes no arguments).
fn plain_init(vm: &Vm, cls: &PyRef) -> bool {
    let object_init = vm.type_attr(&vm.types.object.clone(), "__init__");
    match (vm.type_attr(cls, "__init__"), object_init) {
        (Some(a), Some(b)) => a.is(&b),
        _ => true,
    }
}

/// `_thread._local.__new__(cls, *args, **kwargs)`.
fn local_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, rest) = new_args(&args);
    if !rest.args.is_empty() && plain_init(vm, &cls) {
        return Err(vm.new_type_error("Initialization arguments are not supported"));
    }
    let npos = rest.args.len() - rest.kwnames.len();
    let pos = vm.new_tuple(rest.args[..npos].to_vec());
    let kwargs = if rest.kwnames.is_empty() {
        None
    } else {
        let d = vm.new_dict();
        for (k, v) in rest.kwnames.iter().zip(&rest.args[npos..]) {
            vm::dict::set_item(vm, &d, k.clone(), v.clone())?;
        }
        Some(Value::Obj(d))
    };
    let dict = vm.new_dict();
    let mut dicts = std::collections::HashMap::new();
    let serial = gil::thread_serial();
    dicts.insert(serial, dict.clone());
    let state = Local { dicts, args: pos, kwargs };
    let obj =
        vm::value::Object::with_dict(cls, vm::value::Payload::Native(Box::new(std::cell::RefCell::new(state))), dict);
    LOCALS_OF_THREAD.with(|m| m.borrow_mut().entry(serial).or_default().push(std::rc::Rc::downgrade(&obj)));
    Ok(Value::Obj(obj))
}

/// Makes the calling thread's dict the object's `__dict__` (`_ldict`), creating it and running
/// `__init__` with the constructor's arguments the first time this thread touches the local.
fn select_dict(vm: &mut Vm, this: &Value) -> PyResult<PyRef> {
    let serial = gil::thread_serial();
    let local = local_of(vm, this)?;
    let found = local.borrow().dicts.get(&serial).cloned();
    let o = this.as_obj().expect("a local is an object");
    if let Some(d) = found {
        drop(o.dict.set(Some(d.clone())));
        return Ok(d);
    }
    let d = vm.new_dict();
    let (args, kwargs) = {
        let mut l = local.borrow_mut();
        l.dicts.insert(serial, d.clone());
        (l.args.clone(), l.kwargs.clone())
    };
    LOCALS_OF_THREAD.with(|m| m.borrow_mut().entry(serial).or_default().push(std::rc::Rc::downgrade(o)));
    drop(o.dict.set(Some(d.clone())));
    let cls = vm.type_of(this);
    if !plain_init(vm, &cls) {
        let init = vm.getattr_str(this, "__init__");
        if let Err(e) = init.and_then(|f| vm.call_ex(&f, &args, kwargs.as_ref())) {
            local.borrow_mut().dicts.remove(&serial);
            return Err(e);
        }
    }
    Ok(d)
}

fn local_getattribute(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__getattribute__", 2)?;
    let d = select_dict(vm, &a[0])?;
    if a[1].as_str().is_some_and(|s| s.as_str() == "__dict__") {
        return Ok(Value::Obj(d));
    }
    vm.generic_getattr(&a[0], &a[1])
}

fn local_setattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__setattr__", 3)?;
    local_store(vm, &a[0], &a[1], Some(a[2].clone()))
}

fn local_delattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__delattr__", 2)?;
    local_store(vm, &a[0], &a[1], None)
}

fn local_store(vm: &mut Vm, this: &Value, name: &Value, value: Option<Value>) -> PyResult<Value> {
    if name.as_str().is_some_and(|s| s.as_str() == "__dict__") {
        let msg = format!("'{}' object attribute '__dict__' is read-only", vm.type_name(this));
        return Err(vm.new_attribute_error(this, "__dict__", msg));
    }
    select_dict(vm, this)?;
    vm.generic_setattr(this, name, value)?;
    Ok(Value::None)
}

/// Drops the dicts the finished thread had in every local (run by the thread itself, with the
/// GIL, before it ends).
fn clear_thread_locals(serial: u64) {
    let Some(locals) = LOCALS_OF_THREAD.with(|m| m.borrow_mut().remove(&serial)) else { return };
    for local in locals.iter().filter_map(|w| w.upgrade()) {
        let v = Value::Obj(local);
        let dict = native::state::<Local>(&v).and_then(|l| l.borrow_mut().dicts.remove(&serial));
        drop(dict);
    }
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

/// `_thread._ExceptHookArgs`, the struct sequence `threading.excepthook` receives, written in
/// Python (a tuple subclass with named fields, as CPython's structseq behaves).
const EXCEPTHOOK_ARGS_SRC: &str = r#"
class _ExceptHookArgs(tuple):
    "ExceptHookArgs\n\nType used to pass arguments to threading.excepthook."
    __slots__ = ()
    n_sequence_fields = n_fields = 4
    n_unnamed_fields = 0
    def __new__(cls, sequence, dict=None):
        items = tuple(sequence)
        if len(items) != 4:
            raise TypeError(f"_thread._ExceptHookArgs() takes a 4-sequence ({len(items)}-sequence given)")
        return tuple.__new__(cls, items)
    exc_type = property(lambda self: self[0])
    exc_value = property(lambda self: self[1])
    exc_traceback = property(lambda self: self[2])
    thread = property(lambda self: self[3])
    def __repr__(self):
        return ("_thread._ExceptHookArgs(exc_type=%r, exc_value=%r, exc_traceback=%r, thread=%r)"
                % tuple(self))
    def __reduce__(self):
        return (type(self), (tuple(self),))
_ExceptHookArgs.__module__ = '_thread'
"#;

/// `_thread._excepthook(args)`: the default `threading.excepthook` (`thread_excepthook`):
/// "Exception in thread NAME:" and the traceback on `sys.stderr` (or the thread's saved
/// `_stderr`); SystemExit is ignored.
fn excepthook(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "_excepthook", 1)?;
    let hook_args_type = EXCEPTHOOK_ARGS.with(|t| t.borrow().clone());
    if !hook_args_type.is_some_and(|t| std::rc::Rc::ptr_eq(&vm.type_of(&a[0]), &t)) {
        return Err(vm.new_type_error("_thread.excepthook argument type must be ExceptHookArgs"));
    }
    let fields = vm.unpack_exact(&a[0], 4)?;
    let (exc_type, exc_value, thread) = (&fields[0], &fields[1], &fields[3]);
    let system_exit = vm.exc.system_exit.clone();
    if exc_type.as_obj().is_some_and(|t| t.as_type().is_some() && vm::types::is_subtype(t, &system_exit)) {
        return Ok(Value::None);
    }
    let mut file = vm.sys_attr("stderr").unwrap_or(Value::None);
    if file.is_none() {
        if thread.is_none() {
            return Ok(Value::None);
        }
        file = vm.getattr_opt(thread, "_stderr")?.unwrap_or(Value::None);
        if file.is_none() {
            return Ok(Value::None);
        }
    }
    let name = if thread.is_none() { None } else { vm.getattr_opt(thread, "name").ok().flatten() };
    let name = match name {
        Some(n) => vm.str_string(&n)?,
        None => gil::current_ident().to_string(),
    };
    let write = vm.getattr_str(&file, "write")?;
    let header = vm.new_str(format!("Exception in thread {name}:\n"));
    vm.call(&write, Args::new(&[header]))?;
    if let Some(flush) = vm.getattr_opt(&file, "flush")? {
        vm.call(&flush, Args::new(&[]))?;
    }
    let text = match exc_value.as_obj() {
        Some(e) if e.exc_data().is_some() => vm.format_exception(e),
        _ => format!("{}\n", vm.str_string(exc_type)?),
    };
    let text = vm.new_str(text);
    vm.call(&write, Args::new(&[text]))?;
    if let Some(flush) = vm.getattr_opt(&file, "flush")? {
        vm.call(&flush, Args::new(&[]))?;
    }
    Ok(Value::None)
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
            ("_recursion_count", recursion_count, "For internal use by reentrancy checks."),
            ("_release_save", release_save, "For internal use by `threading.Condition`."),
            ("_acquire_restore", acquire_restore, "For internal use by `threading.Condition`."),
        ],
    );
    LOCK_TYPE.with(|t| *t.borrow_mut() = Some(lock.clone()));
    RLOCK_TYPE.with(|t| *t.borrow_mut() = Some(rlock.clone()));
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
    let local = native::make_type(vm, "_thread", "_local", None, Layout::Native);
    native::setup(
        vm,
        &local,
        Some(local_new),
        &[
            ("__getattribute__", local_getattribute, "Return getattr(self, name)."),
            ("__setattr__", local_setattr, "Implement setattr(self, name, value)."),
            ("__delattr__", local_delattr, "Implement delattr(self, name)."),
        ],
    );
    local.as_type().unwrap().weakrefable.set(true);
    vm.dict_set_str(&vm.type_dict(&local), "__doc__", vm.new_str("Thread-local data"));
    vm.dict_set_str(&d, "_local", Value::Obj(local));
    vm.add_native_fns(&d, &[("_excepthook", excepthook)]);
    let exec = vm.builtin("exec").ok_or_else(|| vm.new_runtime_error("exec() is missing"))?;
    let ns = vm.new_dict();
    vm.dict_set_str(&ns, "__builtins__", Value::Obj(vm.builtins.clone()));
    vm.dict_set_str(&ns, "__name__", vm.new_str("_thread"));
    let src = vm.new_str(EXCEPTHOOK_ARGS_SRC);
    vm.call(&exec, Args::new(&[src, Value::Obj(ns.clone())]))?;
    if let Some(Value::Obj(t)) = vm.dict_get_str(&ns, "_ExceptHookArgs") {
        EXCEPTHOOK_ARGS.with(|e| *e.borrow_mut() = Some(t.clone()));
        vm.dict_set_str(&d, "_ExceptHookArgs", Value::Obj(t));
    }
    Ok(m)
}
