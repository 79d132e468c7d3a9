//! Stdlib stage: the `_multiprocessing` module (CPython's `Modules/_multiprocessing`):
//! `SemLock`, the process-shared semaphore behind every `multiprocessing` lock, semaphore and
//! queue, over a POSIX named semaphore, with CPython's ownership and counting rules; and
//! `sem_unlink`. Blocking waits release the GIL. Also `_posixshmem` (`shm_open`,
//! `shm_unlink`), which `multiprocessing.shared_memory` and the resource tracker import.

use crate::native::{self, new_args};
use std::ffi::CString;
use vm::func::Args;
use vm::gil;
use vm::types::Layout;
use vm::value::{PyRef, Value};
use vm::{PyResult, Vm};

const RECURSIVE_MUTEX: i64 = 0;
const SEMAPHORE: i64 = 1;

/// A `SemLock`'s state (`SemLockObject`).
struct SemLock {
    handle: *mut libc::sem_t,
    kind: i64,
    maxvalue: i64,
    name: Option<String>,
    /// How many times this process holds it (through this object).
    count: u64,
    /// The thread that last acquired it.
    last_tid: u64,
}

impl SemLock {
    fn is_mine(&self) -> bool {
        self.count > 0 && self.last_tid == gil::current_ident()
    }
}

impl Drop for SemLock {
    fn drop(&mut self) {
        if !self.handle.is_null() {
            // SAFETY: the handle came from sem_open and is closed once, here.
            unsafe { libc::sem_close(self.handle) };
        }
    }
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

fn os_error(vm: &Vm, e: i32) -> PyRef {
    vm.os_error_errno(e, None, None)
}

fn state<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a std::cell::RefCell<SemLock>> {
    native::state::<SemLock>(v).ok_or_else(|| native::wrong_self(vm, v, "_multiprocessing.SemLock"))
}

fn c_name(vm: &Vm, name: &str) -> PyResult<CString> {
    CString::new(name).map_err(|_| vm.new_value_error("embedded null character"))
}

fn new_semlock(vm: &Vm, cls: &PyRef, lock: SemLock) -> Value {
    native::new_instance(vm, cls, lock)
}

/// `SemLock(kind, value, maxvalue, name, unlink)`: creates the named semaphore (unlinking the
/// name at once when asked, as the fork start method does).
fn semlock_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, rest) = new_args(&args);
    let [kind, value, maxvalue, name, unlink] =
        rest.bind(vm, "SemLock", ["kind", "value", "maxvalue", "name", "unlink"], 5)?;
    let kind = vm.to_i64_index(&kind.unwrap())?;
    let value = vm.to_i64_index(&value.unwrap())?;
    let maxvalue = vm.to_i64_index(&maxvalue.unwrap())?;
    let name = name.unwrap();
    let Some(name) = name.as_str().map(|s| s.as_str().to_string()) else {
        let msg = format!("SemLock() argument 'name' must be str, not {}", vm.type_name(&name));
        return Err(vm.new_type_error(msg));
    };
    let unlink = vm.truthy(&unlink.unwrap())?;
    if kind != RECURSIVE_MUTEX && kind != SEMAPHORE {
        return Err(vm.new_value_error("unrecognized kind"));
    }
    let c = c_name(vm, &name)?;
    // SAFETY: `c` is NUL-terminated; mode and initial value are passed as sem_open expects.
    let handle = unsafe {
        libc::sem_open(c.as_ptr(), libc::O_CREAT | libc::O_EXCL, 0o600 as libc::c_uint, value as libc::c_uint)
    };
    if handle == libc::SEM_FAILED {
        return Err(os_error(vm, errno()));
    }
    // An unlinked semaphore has no name any more (so it is never unlinked again).
    let lock = SemLock { handle, kind, maxvalue, name: (!unlink).then_some(name), count: 0, last_tid: 0 };
    // SAFETY: `c` is NUL-terminated.
    if unlink && unsafe { libc::sem_unlink(c.as_ptr()) } < 0 {
        return Err(os_error(vm, errno()));
    }
    Ok(new_semlock(vm, &cls, lock))
}

/// `SemLock._rebuild(handle, kind, maxvalue, name)`: the same semaphore in another process
/// (reopened by name; with no name, the inherited handle itself).
fn semlock_rebuild(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "_rebuild", 5)?;
    let cls = a[0].as_obj().cloned().expect("a classmethod receives its class");
    let mut handle = vm.to_i64_index(&a[1])? as usize as *mut libc::sem_t;
    let kind = vm.to_i64_index(&a[2])?;
    let maxvalue = vm.to_i64_index(&a[3])?;
    let name = a[4].as_str().map(|s| s.as_str().to_string());
    if let Some(n) = &name {
        let c = c_name(vm, n)?;
        // SAFETY: `c` is NUL-terminated.
        handle = unsafe { libc::sem_open(c.as_ptr(), 0) };
        if handle == libc::SEM_FAILED {
            return Err(os_error(vm, errno()));
        }
    }
    Ok(new_semlock(vm, &cls, SemLock { handle, kind, maxvalue, name, count: 0, last_tid: 0 }))
}

/// The `timespec` `seconds` from now, on CLOCK_REALTIME (what sem_timedwait measures).
fn deadline_after(seconds: f64) -> libc::timespec {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `now` is a valid out-parameter.
    unsafe { libc::clock_gettime(libc::CLOCK_REALTIME, &mut now) };
    let whole = seconds.floor();
    let mut sec = now.tv_sec + whole as libc::time_t;
    let mut nsec = now.tv_nsec + ((seconds - whole) * 1e9) as libc::c_long;
    if nsec >= 1_000_000_000 {
        sec += 1;
        nsec -= 1_000_000_000;
    }
    libc::timespec { tv_sec: sec, tv_nsec: nsec }
}

/// `SemLock.acquire(block=True, timeout=None)`.
fn acquire(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    let [block, timeout] = rest.bind(vm, "acquire", ["block", "timeout"], 0)?;
    let blocking = match block {
        Some(b) => vm.truthy(&b)?,
        None => true,
    };
    let deadline = match timeout {
        Some(t) if !t.is_none() => Some(deadline_after(vm.float_of(&t)?.max(0.0))),
        _ => None,
    };
    let cell = state(vm, &this)?;
    let handle = {
        let mut s = cell.borrow_mut();
        if s.kind == RECURSIVE_MUTEX && s.is_mine() {
            s.count += 1;
            return Ok(Value::Bool(true));
        }
        s.handle
    };
    // First without blocking (and without giving up the GIL).
    let mut res;
    let mut err;
    loop {
        // SAFETY: `handle` is this object's open semaphore.
        res = unsafe { libc::sem_trywait(handle) };
        err = errno();
        if res < 0 && err == libc::EINTR {
            vm.check_signals()?;
            continue;
        }
        break;
    }
    if res < 0 && err == libc::EAGAIN && blocking {
        loop {
            // SAFETY: as above; `deadline` outlives the call.
            res = vm.allow_threads(|| unsafe {
                match &deadline {
                    None => libc::sem_wait(handle),
                    Some(d) => libc::sem_timedwait(handle, d),
                }
            });
            err = errno();
            if res < 0 && err == libc::EINTR {
                vm.check_signals()?;
                continue;
            }
            break;
        }
    }
    if res < 0 {
        return match err {
            libc::EAGAIN | libc::ETIMEDOUT => Ok(Value::Bool(false)),
            e => Err(os_error(vm, e)),
        };
    }
    let mut s = cell.borrow_mut();
    s.count += 1;
    s.last_tid = gil::current_ident();
    Ok(Value::Bool(true))
}

/// `SemLock.release()`.
fn release(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cell = state(vm, &args.args[0])?;
    let mut s = cell.borrow_mut();
    if s.kind == RECURSIVE_MUTEX {
        if !s.is_mine() {
            let t = vm.exc.assertion_error.clone();
            return Err(vm.new_exception(&t, "attempt to release recursive lock not owned by thread"));
        }
        if s.count > 1 {
            s.count -= 1;
            return Ok(Value::None);
        }
    } else {
        // Not an absolute guarantee that the value stays under maxvalue (as in CPython).
        let mut sval: libc::c_int = 0;
        // SAFETY: the handle is open; `sval` is a valid out-parameter.
        if unsafe { libc::sem_getvalue(s.handle, &mut sval) } < 0 {
            return Err(os_error(vm, errno()));
        }
        if sval as i64 >= s.maxvalue {
            return Err(vm.new_value_error("semaphore or lock released too many times"));
        }
    }
    // SAFETY: the handle is open.
    if unsafe { libc::sem_post(s.handle) } < 0 {
        return Err(os_error(vm, errno()));
    }
    s.count = s.count.saturating_sub(1);
    Ok(Value::None)
}

fn exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    release(vm, Args::new(&args.args[..1]))
}

fn count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "_count", 1)?;
    Ok(Value::Int(state(vm, &a[0])?.borrow().count as i64))
}

fn is_mine(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "_is_mine", 1)?;
    Ok(Value::Bool(state(vm, &a[0])?.borrow().is_mine()))
}

fn value_of(vm: &Vm, v: &Value) -> PyResult<i64> {
    let handle = state(vm, v)?.borrow().handle;
    let mut sval: libc::c_int = 0;
    // SAFETY: the handle is open; `sval` is a valid out-parameter.
    if unsafe { libc::sem_getvalue(handle, &mut sval) } < 0 {
        return Err(os_error(vm, errno()));
    }
    // Some platforms report minus the number of waiters; the value is never below zero.
    Ok((sval as i64).max(0))
}

fn get_value(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "_get_value", 1)?;
    Ok(Value::Int(value_of(vm, &a[0])?))
}

fn is_zero(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "_is_zero", 1)?;
    Ok(Value::Bool(value_of(vm, &a[0])? == 0))
}

/// `SemLock._after_fork()`: the child holds nothing.
fn after_fork(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "_after_fork", 1)?;
    state(vm, &a[0])?.borrow_mut().count = 0;
    Ok(Value::None)
}

fn get_handle(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(state(vm, &args.args[0])?.borrow().handle as usize as i64))
}

fn get_kind(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(state(vm, &args.args[0])?.borrow().kind))
}

fn get_maxvalue(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(state(vm, &args.args[0])?.borrow().maxvalue))
}

fn get_name(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let name = state(vm, &args.args[0])?.borrow().name.clone();
    Ok(name.map_or(Value::None, |n| vm.new_str(n)))
}

/// `sem_unlink(name)`.
fn sem_unlink(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "sem_unlink", 1)?;
    let Some(name) = a[0].as_str().map(|s| s.as_str().to_string()) else {
        let msg = format!("sem_unlink() argument must be str, not {}", vm.type_name(&a[0]));
        return Err(vm.new_type_error(msg));
    };
    let c = c_name(vm, &name)?;
    // SAFETY: `c` is NUL-terminated.
    if unsafe { libc::sem_unlink(c.as_ptr()) } < 0 {
        return Err(vm.os_error_errno(errno(), Some(vm.new_str(name)), None));
    }
    Ok(Value::None)
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_multiprocessing");
    let d = m.dict.get().unwrap();
    let t = native::make_type(vm, "_multiprocessing", "SemLock", None, Layout::Native);
    native::setup(
        vm,
        &t,
        Some(semlock_new),
        &[
            ("acquire", acquire, "Acquire the semaphore/lock."),
            ("release", release, "Release the semaphore/lock."),
            ("__enter__", acquire, "Enter the semaphore/lock."),
            ("__exit__", exit, "Exit the semaphore/lock."),
            ("_count", count, "Num of `acquire()`s minus num of `release()`s for this process."),
            ("_is_mine", is_mine, "Whether the lock is owned by this thread."),
            ("_get_value", get_value, "Get the value of the semaphore."),
            ("_is_zero", is_zero, "Return whether semaphore has value zero."),
            ("_after_fork", after_fork, "Rezero the net acquisition count after fork()."),
        ],
    );
    native::add_classmethod(vm, &t, "_rebuild", semlock_rebuild);
    vm.add_getset(&t, "handle", get_handle, None);
    vm.add_getset(&t, "kind", get_kind, None);
    vm.add_getset(&t, "maxvalue", get_maxvalue, None);
    vm.add_getset(&t, "name", get_name, None);
    let td = vm.type_dict(&t);
    // SAFETY: sysconf has no preconditions.
    let sem_value_max = unsafe { libc::sysconf(libc::_SC_SEM_VALUE_MAX) };
    vm.dict_set_str(
        &td,
        "SEM_VALUE_MAX",
        Value::Int(if sem_value_max < 0 { i32::MAX as i64 } else { sem_value_max as i64 }),
    );
    vm.dict_set_str(&d, "SemLock", Value::Obj(t));
    let flags = vm.new_dict();
    vm.dict_set_str(&flags, "HAVE_SEM_OPEN", Value::Int(1));
    vm.dict_set_str(&flags, "HAVE_SEM_TIMEDWAIT", Value::Int(1));
    vm.dict_set_str(&d, "flags", Value::Obj(flags));
    vm.add_native_fns(&d, &[("sem_unlink", sem_unlink)]);
    Ok(m)
}

fn shm_path(vm: &mut Vm, v: Option<Value>, fname: &str) -> PyResult<(Value, CString)> {
    let v = v.expect("required argument");
    let Some(path) = v.as_str().map(|s| s.as_str().to_string()) else {
        let msg = format!("{fname}() argument 'path' must be str, not {}", vm.type_name(&v));
        return Err(vm.new_type_error(msg));
    };
    Ok((v, c_name(vm, &path)?))
}

/// `_posixshmem.shm_open(path, flags, mode=0o777)`: the file descriptor.
fn shm_open(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, flags, mode] = args.bind(vm, "shm_open", ["path", "flags", "mode"], 2)?;
    let (pv, c) = shm_path(vm, path, "shm_open")?;
    let flags = vm.to_i64_index(&flags.unwrap())? as libc::c_int;
    let mode = match mode {
        Some(m) => vm.to_i64_index(&m)? as libc::mode_t,
        None => 0o777,
    };
    loop {
        // SAFETY: `c` is NUL-terminated.
        let fd = unsafe { libc::shm_open(c.as_ptr(), flags, mode) };
        if fd >= 0 {
            return Ok(Value::Int(fd as i64));
        }
        let e = errno();
        if e != libc::EINTR {
            return Err(vm.os_error_errno(e, Some(pv), None));
        }
        vm.check_signals()?;
    }
}

/// `_posixshmem.shm_unlink(path)`.
fn shm_unlink(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path] = args.bind(vm, "shm_unlink", ["path"], 1)?;
    let (pv, c) = shm_path(vm, path, "shm_unlink")?;
    // SAFETY: `c` is NUL-terminated.
    if unsafe { libc::shm_unlink(c.as_ptr()) } < 0 {
        return Err(vm.os_error_errno(errno(), Some(pv), None));
    }
    Ok(Value::None)
}

pub fn init_posixshmem(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_posixshmem");
    let d = m.dict.get().unwrap();
    vm.add_native_fns(&d, &[("shm_open", shm_open), ("shm_unlink", shm_unlink)]);
    Ok(m)
}
