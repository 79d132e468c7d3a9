//! Stdlib stage: the `_signal` module that `signal.py` wraps — installing Python handlers
//! (run by the interpreter loop at its next safe point with `(signum, frame)`, see
//! `vm::signals`), `SIG_DFL`/`SIG_IGN`, every `SIG*` number of Linux, `default_int_handler`,
//! `set_wakeup_fd`, `raise_signal`, `strsignal`, `valid_signals`, `siginterrupt`, `alarm`,
//! `pause`, `pthread_sigmask`, `sigpending` and interval timers. Argument checks and messages
//! are CPython 3.11's.

use crate::native;
use vm::func::{Args, NativeFn};
use vm::signals::NSIG;
use vm::value::{PyRef, Value};
use vm::{PyResult, Vm};

const SIG_DFL: i64 = 0;
const SIG_IGN: i64 = 1;

fn signum(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let n = vm.to_i64_index(v)?;
    if n < 1 || n >= NSIG as i64 {
        return Err(vm.new_value_error("signal number out of range"));
    }
    Ok(n as i32)
}

fn errno_error(vm: &Vm) -> PyRef {
    vm.os_error_from(std::io::Error::last_os_error(), None)
}

/// Installs `handler` (a libc disposition) for `sig` with CPython's flags (`SA_ONSTACK`, no
/// `SA_RESTART`, so blocking calls see EINTR and can run handlers).
fn set_disposition(vm: &Vm, sig: i32, handler: libc::sighandler_t) -> PyResult<()> {
    // SAFETY: `act` is fully initialised; `on_signal` is async-signal-safe.
    unsafe {
        let mut act: libc::sigaction = std::mem::zeroed();
        act.sa_sigaction = handler;
        libc::sigemptyset(&mut act.sa_mask);
        act.sa_flags = libc::SA_ONSTACK;
        if libc::sigaction(sig, &act, std::ptr::null_mut()) < 0 {
            return Err(errno_error(vm));
        }
    }
    Ok(())
}

fn current_disposition(sig: i32) -> Option<libc::sighandler_t> {
    // SAFETY: querying only; `old` is a valid out-pointer.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(sig, std::ptr::null(), &mut old) < 0 {
            return None;
        }
        Some(old.sa_sigaction)
    }
}

fn s_signal(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [num, handler] = args.bind(vm, "signal", ["signalnum", "handler"], 2)?;
    let (num, handler) = (num.unwrap(), handler.unwrap());
    vm.check_signals()?;
    let sig = signum(vm, &num)?;
    let disposition = if vm.eq(&handler, &Value::Int(SIG_IGN))? {
        libc::SIG_IGN
    } else if vm.eq(&handler, &Value::Int(SIG_DFL))? {
        libc::SIG_DFL
    } else if vm.is_callable(&handler) {
        vm::signals::handler_address()
    } else {
        return Err(vm.new_type_error("signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object"));
    };
    set_disposition(vm, sig, disposition)?;
    let old = std::mem::replace(&mut vm.signal_handlers[sig as usize], handler);
    Ok(old)
}

fn s_getsignal(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "getsignal", 1)?;
    let sig = signum(vm, &a[0])?;
    Ok(vm.signal_handlers[sig as usize].clone())
}

fn s_default_int_handler(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(vm.new_exception_args(&vm.exc.keyboard_interrupt.clone(), vec![]))
}

fn s_set_wakeup_fd(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, warn] = args.bind(vm, "set_wakeup_fd", ["fd", "warn_on_full_buffer"], 1)?;
    let fd = vm.to_i64_index(fd.as_ref().unwrap())?;
    let warn = match warn {
        Some(w) => vm.truthy(&w)?,
        None => true,
    };
    let fd = i32::try_from(fd).map_err(|_| vm.new_value_error(format!("invalid fd: {fd}")))?;
    if fd != -1 {
        // SAFETY: plain fcntl queries.
        let fl = unsafe { libc::fcntl(fd, libc::F_GETFL) };
        if fl < 0 {
            return Err(errno_error(vm));
        }
        if fl & libc::O_NONBLOCK == 0 {
            return Err(vm.new_value_error(format!("the fd {fd} must be in non-blocking mode")));
        }
    }
    Ok(Value::Int(vm::signals::set_wakeup_fd(fd, warn) as i64))
}

/// The signal numbers a set of this platform can hold (glibc reserves 32 and 33).
fn valid_list() -> Vec<i32> {
    (1..NSIG as i32).filter(|s| *s != 32 && *s != 33).collect()
}

fn new_set(vm: &mut Vm, items: Vec<i32>) -> PyResult<Value> {
    let l = vm.new_list(items.into_iter().map(|i| Value::Int(i as i64)).collect());
    let set = vm.builtin("set").ok_or_else(|| vm.new_runtime_error("set() is missing"))?;
    vm.call(&set, Args::new(&[l]))
}

fn s_valid_signals(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "valid_signals", 0)?;
    new_set(vm, valid_list())
}

fn s_raise_signal(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "raise_signal", 1)?;
    let sig = signum(vm, &a[0])?;
    // SAFETY: plain libc call.
    if unsafe { libc::raise(sig) } != 0 {
        return Err(errno_error(vm));
    }
    vm.check_signals()?;
    Ok(Value::None)
}

fn s_strsignal(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "strsignal", 1)?;
    let sig = signum(vm, &a[0])?;
    // SAFETY: strsignal returns a NUL-terminated string valid until the next call.
    let s = unsafe {
        let p = libc::strsignal(sig);
        if p.is_null() {
            return Ok(Value::None);
        }
        std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned()
    };
    if s.contains("Unknown signal") {
        return Ok(Value::None);
    }
    Ok(vm.new_str(s))
}

fn s_siginterrupt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "siginterrupt", 2)?;
    let sig = signum(vm, &a[0])?;
    let flag = vm.truthy(&a[1])?;
    // SAFETY: read-modify-write of the current action with valid pointers.
    unsafe {
        let mut act: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(sig, std::ptr::null(), &mut act) < 0 {
            return Err(errno_error(vm));
        }
        if flag {
            act.sa_flags &= !libc::SA_RESTART;
        } else {
            act.sa_flags |= libc::SA_RESTART;
        }
        if libc::sigaction(sig, &act, std::ptr::null_mut()) < 0 {
            return Err(errno_error(vm));
        }
    }
    Ok(Value::None)
}

fn s_alarm(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "alarm", 1)?;
    let secs = vm.to_i64_index(&a[0])?;
    // SAFETY: plain libc call.
    Ok(Value::Int(unsafe { libc::alarm(secs.clamp(0, u32::MAX as i64) as u32) } as i64))
}

fn s_pause(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "pause", 0)?;
    // SAFETY: plain libc call; it returns when a handler has run.
    unsafe { libc::pause() };
    vm.check_signals()?;
    Ok(Value::None)
}

fn sigset_from(vm: &mut Vm, v: &Value) -> PyResult<libc::sigset_t> {
    let items = vm.collect(v)?;
    // SAFETY: `set` is initialised by sigemptyset before use.
    let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
    unsafe { libc::sigemptyset(&mut set) };
    for it in items {
        let n = vm.to_i64_index(&it)?;
        if n < 1 || n >= NSIG as i64 {
            return Err(vm.new_value_error(format!("signal number {n} out of range [1; {}]", NSIG - 1)));
        }
        // SAFETY: `n` is a valid signal number.
        unsafe { libc::sigaddset(&mut set, n as i32) };
    }
    Ok(set)
}

fn set_of(vm: &mut Vm, set: &libc::sigset_t) -> PyResult<Value> {
    // SAFETY: sigismember only reads the set.
    let members = valid_list().into_iter().filter(|s| unsafe { libc::sigismember(set, *s) } == 1).collect();
    new_set(vm, members)
}

fn s_pthread_sigmask(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "pthread_sigmask", 2)?;
    let how = vm.to_i64_index(&a[0])? as i32;
    let set = sigset_from(vm, &a[1])?;
    // SAFETY: valid set pointers.
    let mut old: libc::sigset_t = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::pthread_sigmask(how, &set, &mut old) };
    if r != 0 {
        return Err(vm.os_error_from(std::io::Error::from_raw_os_error(r), None));
    }
    vm.check_signals()?;
    set_of(vm, &old)
}

fn s_sigpending(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "sigpending", 0)?;
    // SAFETY: valid out-pointer.
    let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
    if unsafe { libc::sigpending(&mut set) } != 0 {
        return Err(errno_error(vm));
    }
    set_of(vm, &set)
}

fn tv_f(t: &libc::timeval) -> f64 {
    t.tv_sec as f64 + t.tv_usec as f64 / 1e6
}

fn f_tv(x: f64) -> libc::timeval {
    let s = x.floor();
    let mut us = ((x - s) * 1e6).round() as i64;
    let mut sec = s as i64;
    if us >= 1_000_000 {
        sec += 1;
        us -= 1_000_000;
    }
    // A nonzero request below one microsecond still arms the timer.
    if sec == 0 && us == 0 && x > 0.0 {
        us = 1;
    }
    libc::timeval { tv_sec: sec, tv_usec: us }
}

fn itimer_pair(vm: &Vm, v: &libc::itimerval) -> Value {
    vm.new_tuple(vec![Value::Float(tv_f(&v.it_value)), Value::Float(tv_f(&v.it_interval))])
}

fn s_setitimer(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "setitimer", 2, 3)?;
    let which = vm.to_i64_index(&a[0])? as i32;
    let secs = vm.float_of(&a[1])?;
    let interval = match a.get(2) {
        Some(v) => vm.float_of(v)?,
        None => 0.0,
    };
    let new = libc::itimerval { it_value: f_tv(secs), it_interval: f_tv(interval) };
    // SAFETY: valid pointers.
    let mut old: libc::itimerval = unsafe { std::mem::zeroed() };
    if unsafe { libc::setitimer(which, &new, &mut old) } != 0 {
        return Err(errno_error(vm));
    }
    Ok(itimer_pair(vm, &old))
}

fn s_getitimer(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "getitimer", 1)?;
    let which = vm.to_i64_index(&a[0])? as i32;
    // SAFETY: valid out-pointer.
    let mut cur: libc::itimerval = unsafe { std::mem::zeroed() };
    if unsafe { libc::getitimer(which, &mut cur) } != 0 {
        return Err(errno_error(vm));
    }
    Ok(itimer_pair(vm, &cur))
}

const SIGNALS: &[(&str, i32)] = &[
    ("SIGHUP", libc::SIGHUP),
    ("SIGINT", libc::SIGINT),
    ("SIGQUIT", libc::SIGQUIT),
    ("SIGILL", libc::SIGILL),
    ("SIGTRAP", libc::SIGTRAP),
    ("SIGABRT", libc::SIGABRT),
    ("SIGIOT", libc::SIGIOT),
    ("SIGBUS", libc::SIGBUS),
    ("SIGFPE", libc::SIGFPE),
    ("SIGKILL", libc::SIGKILL),
    ("SIGUSR1", libc::SIGUSR1),
    ("SIGSEGV", libc::SIGSEGV),
    ("SIGUSR2", libc::SIGUSR2),
    ("SIGPIPE", libc::SIGPIPE),
    ("SIGALRM", libc::SIGALRM),
    ("SIGTERM", libc::SIGTERM),
    ("SIGSTKFLT", libc::SIGSTKFLT),
    ("SIGCHLD", libc::SIGCHLD),
    ("SIGCLD", libc::SIGCHLD),
    ("SIGCONT", libc::SIGCONT),
    ("SIGSTOP", libc::SIGSTOP),
    ("SIGTSTP", libc::SIGTSTP),
    ("SIGTTIN", libc::SIGTTIN),
    ("SIGTTOU", libc::SIGTTOU),
    ("SIGURG", libc::SIGURG),
    ("SIGXCPU", libc::SIGXCPU),
    ("SIGXFSZ", libc::SIGXFSZ),
    ("SIGVTALRM", libc::SIGVTALRM),
    ("SIGPROF", libc::SIGPROF),
    ("SIGWINCH", libc::SIGWINCH),
    ("SIGIO", libc::SIGIO),
    ("SIGPOLL", libc::SIGPOLL),
    ("SIGPWR", libc::SIGPWR),
    ("SIGSYS", libc::SIGSYS),
    ("SIGRTMIN", 34),
    ("SIGRTMAX", 64),
];

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_signal");
    let d = m.dict.get().unwrap();
    let fns: &[(&'static str, NativeFn)] = &[
        ("signal", s_signal),
        ("getsignal", s_getsignal),
        ("default_int_handler", s_default_int_handler),
        ("set_wakeup_fd", s_set_wakeup_fd),
        ("valid_signals", s_valid_signals),
        ("raise_signal", s_raise_signal),
        ("strsignal", s_strsignal),
        ("siginterrupt", s_siginterrupt),
        ("alarm", s_alarm),
        ("pause", s_pause),
        ("pthread_sigmask", s_pthread_sigmask),
        ("sigpending", s_sigpending),
        ("setitimer", s_setitimer),
        ("getitimer", s_getitimer),
    ];
    vm.add_native_fns(&d, fns);
    for (n, v) in SIGNALS {
        vm.dict_set_str(&d, n, Value::Int(*v as i64));
    }
    for (n, v) in [
        ("SIG_DFL", SIG_DFL),
        ("SIG_IGN", SIG_IGN),
        ("NSIG", NSIG as i64),
        ("SIG_BLOCK", libc::SIG_BLOCK as i64),
        ("SIG_UNBLOCK", libc::SIG_UNBLOCK as i64),
        ("SIG_SETMASK", libc::SIG_SETMASK as i64),
        ("ITIMER_REAL", libc::ITIMER_REAL as i64),
        ("ITIMER_VIRTUAL", libc::ITIMER_VIRTUAL as i64),
        ("ITIMER_PROF", libc::ITIMER_PROF as i64),
    ] {
        vm.dict_set_str(&d, n, Value::Int(v));
    }
    let base = vm.exc.os_error.clone();
    let itimer_error = native::make_type(vm, "signal", "itimer_error", Some(&base), vm::types::Layout::Exception);
    vm.dict_set_str(&d, "ItimerError", Value::Obj(itimer_error));
    // The handler table starts from the process's dispositions (CPython's signal_module_exec);
    // slot 0 marks it as filled so a second import keeps handlers set from Python.
    if vm.signal_handlers[0].is_none() {
        vm.signal_handlers[0] = Value::Bool(true);
        let int_handler = vm.dict_get_str(&d, "default_int_handler").unwrap_or(Value::None);
        for sig in 1..NSIG as i32 {
            let h = match current_disposition(sig) {
                Some(h) if h == libc::SIG_DFL => Value::Int(SIG_DFL),
                Some(h) if h == libc::SIG_IGN => Value::Int(SIG_IGN),
                Some(h) if sig == libc::SIGINT && h == vm::signals::handler_address() => int_handler.clone(),
                _ => Value::None,
            };
            vm.signal_handlers[sig as usize] = h;
        }
        if matches!(vm.signal_handlers[libc::SIGINT as usize], Value::Int(SIG_DFL)) {
            set_disposition(vm, libc::SIGINT, vm::signals::handler_address())?;
            vm.signal_handlers[libc::SIGINT as usize] = int_handler;
        }
    }
    Ok(m)
}
