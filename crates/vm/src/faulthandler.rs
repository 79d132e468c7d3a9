//! VM stage: the `faulthandler` module (CPython's `Modules/faulthandler.c`): Python tracebacks
//! written straight to a file descriptor — on a fatal signal (from the signal handler, with no
//! allocation), on demand, after a timeout (from a watchdog thread that takes the GIL, so every
//! thread's frames are still), or on a user signal — in CPython's format.

use crate::frame::Frame;
use crate::func::Args;
use crate::value::{PyRef, Value};
use crate::vm::{PyResult, Vm};
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicPtr, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// CPython's `MAX_FRAME_DEPTH` and `MAX_STRING_LENGTH`.
const MAX_FRAME_DEPTH: usize = 100;
const MAX_STRING_LENGTH: usize = 500;

/// The fatal signals `enable()` handles, with the names CPython prints.
const FATAL: [(libc::c_int, &str); 5] = [
    (libc::SIGBUS, "Bus error"),
    (libc::SIGILL, "Illegal instruction"),
    (libc::SIGFPE, "Floating point exception"),
    (libc::SIGABRT, "Aborted"),
    (libc::SIGSEGV, "Segmentation fault"),
];

static ENABLED: AtomicBool = AtomicBool::new(false);
static FATAL_FD: AtomicI32 = AtomicI32::new(2);
static FATAL_ALL_THREADS: AtomicBool = AtomicBool::new(true);
/// The interpreter, for the signal handlers (set by `enable`/`register`).
static VM_PTR: AtomicPtr<Vm> = AtomicPtr::new(std::ptr::null_mut());

crate::gil_local! {
    /// The file objects in use (kept alive so their descriptors stay open, as CPython does), and
    /// the handlers `enable`/`register` replaced, restored by `disable`/`unregister`.
    static STATE: std::cell::RefCell<State> = std::cell::RefCell::new(State::default());
}

#[derive(Default)]
struct State {
    fatal_file: Option<Value>,
    fatal_previous: Vec<(libc::c_int, libc::sigaction)>,
    user: Vec<UserSignal>,
    later_file: Option<Value>,
}

struct UserSignal {
    signum: libc::c_int,
    previous: libc::sigaction,
    _file: Value,
}

/// Per user signal (by number): where `register` dumps, whether all threads, whether to chain.
static USER_FD: [AtomicI32; crate::signals::NSIG] = [const { AtomicI32::new(-1) }; crate::signals::NSIG];
static USER_ALL: [AtomicBool; crate::signals::NSIG] = [const { AtomicBool::new(true) }; crate::signals::NSIG];
static USER_CHAIN: [AtomicBool; crate::signals::NSIG] = [const { AtomicBool::new(false) }; crate::signals::NSIG];
/// The replaced handlers of user signals, for `chain=True` (read in the handler).
static USER_PREVIOUS: [AtomicPtr<libc::c_void>; crate::signals::NSIG] =
    [const { AtomicPtr::new(std::ptr::null_mut()) }; crate::signals::NSIG];

// -------------------------------------------------------------------------------------------
// Async-signal-safe writing
// -------------------------------------------------------------------------------------------

fn write_bytes(fd: i32, b: &[u8]) {
    let mut off = 0;
    while off < b.len() {
        // SAFETY: write(2) on a buffer valid for its length; async-signal-safe.
        let n = unsafe { libc::write(fd, b[off..].as_ptr() as *const libc::c_void, b.len() - off) };
        if n <= 0 {
            return;
        }
        off += n as usize;
    }
}

fn write_dec(fd: i32, n: u64) {
    let mut buf = [0u8; 20];
    write_bytes(fd, crate::format::decimal_digits(n, &mut buf));
}

fn write_hex(fd: i32, n: u64, width: usize) {
    let mut buf = [b'0'; 16];
    for (i, slot) in buf.iter_mut().rev().enumerate().take(width.min(16)) {
        *slot = b"0123456789abcdef"[((n >> (4 * i)) & 15) as usize];
    }
    write_bytes(fd, &buf[16 - width.min(16)..]);
}

/// A string as CPython's `_Py_DumpASCII`: ASCII as is, other characters escaped, at most
/// `MAX_STRING_LENGTH` characters then "...".
fn write_ascii(fd: i32, s: &str) {
    for (i, c) in s.chars().enumerate() {
        if i >= MAX_STRING_LENGTH {
            write_bytes(fd, b"...");
            return;
        }
        let u = c as u32;
        if (0x20..0x7f).contains(&u) {
            write_bytes(fd, &[u as u8]);
        } else if u <= 0xff {
            write_bytes(fd, b"\\x");
            write_hex(fd, u as u64, 2);
        } else if u <= 0xffff {
            write_bytes(fd, b"\\u");
            write_hex(fd, u as u64, 4);
        } else {
            write_bytes(fd, b"\\U");
            write_hex(fd, u as u64, 8);
        }
    }
}

/// One thread's frames, innermost first (`dump_traceback`).
fn dump_frames(fd: i32, frames: &[*const Frame]) {
    if frames.is_empty() {
        write_bytes(fd, b"  <no Python frame>\n");
        return;
    }
    for (depth, &fp) in frames.iter().rev().enumerate() {
        if depth >= MAX_FRAME_DEPTH {
            write_bytes(fd, b"  ...\n");
            break;
        }
        // SAFETY: the frames of a thread that is not running (or of the crashing one), alive
        // while listed (see `Vm::frames`, `gil::ThreadState`).
        let f = unsafe { &*fp };
        write_bytes(fd, b"  File \"");
        write_ascii(fd, &f.code.code.co_filename);
        write_bytes(fd, b"\", line ");
        match f.lineno() {
            Some(l) => write_dec(fd, l as u64),
            None => write_bytes(fd, b"???"),
        }
        write_bytes(fd, b" in ");
        write_ascii(fd, &f.code.code.co_name);
        write_bytes(fd, b"\n");
    }
}

fn thread_header(fd: i32, ident: u64, current: bool) {
    write_bytes(fd, if current { b"Current thread 0x" as &[u8] } else { b"Thread 0x" });
    write_hex(fd, ident, 16);
    write_bytes(fd, b" (most recent call first):\n");
}

/// Every thread's traceback: threads waiting for the GIL first, then `current` (the thread
/// running Python, if any) with its frames.
fn dump_all(fd: i32, current: Option<(u64, &[*const Frame])>) {
    let mut first = true;
    for (ident, frames) in crate::gil::waiting_threads() {
        if !first {
            write_bytes(fd, b"\n");
        }
        first = false;
        thread_header(fd, ident, false);
        dump_frames(fd, &frames);
    }
    if let Some((ident, frames)) = current {
        if !first {
            write_bytes(fd, b"\n");
        }
        thread_header(fd, ident, true);
        dump_frames(fd, frames);
    }
}

/// The current thread's frames as the signal handlers see them: the VM's list, if this thread
/// is the one running Python.
fn handler_frames<'a>() -> &'a [*const Frame] {
    let vm = VM_PTR.load(Ordering::Relaxed);
    if vm.is_null() {
        return &[];
    }
    // SAFETY: best effort from a signal handler, as CPython's: the VM outlives the handlers.
    unsafe { &(*vm).frames }
}

extern "C" fn fatal_handler(sig: libc::c_int) {
    let fd = FATAL_FD.load(Ordering::Relaxed);
    let name = FATAL.iter().find(|(s, _)| *s == sig).map_or("Fatal signal", |(_, n)| *n);
    write_bytes(fd, b"Fatal Python error: ");
    write_bytes(fd, name.as_bytes());
    write_bytes(fd, b"\n\n");
    let frames = handler_frames();
    if FATAL_ALL_THREADS.load(Ordering::Relaxed) {
        dump_all(fd, Some((crate::gil::current_ident(), frames)));
    } else {
        write_bytes(fd, b"Stack (most recent call first):\n");
        dump_frames(fd, frames);
    }
    // Die of the signal: default action, then re-raise (the faulting instruction runs again
    // for SIGSEGV and friends).
    // SAFETY: async-signal-safe calls.
    unsafe {
        libc::signal(sig, libc::SIG_DFL);
        libc::raise(sig);
    }
}

extern "C" fn user_handler(sig: libc::c_int) {
    let i = sig as usize;
    let fd = USER_FD[i].load(Ordering::Relaxed);
    if fd >= 0 {
        let frames = handler_frames();
        if USER_ALL[i].load(Ordering::Relaxed) {
            dump_all(fd, Some((crate::gil::current_ident(), frames)));
        } else {
            write_bytes(fd, b"Stack (most recent call first):\n");
            dump_frames(fd, frames);
        }
    }
    if USER_CHAIN[i].load(Ordering::Relaxed) {
        let prev = USER_PREVIOUS[i].load(Ordering::Relaxed) as libc::sighandler_t;
        if prev != libc::SIG_DFL && prev != libc::SIG_IGN && prev != 0 {
            // SAFETY: the handler that was installed before `register`.
            let f: extern "C" fn(libc::c_int) = unsafe { std::mem::transmute(prev) };
            f(sig);
        }
    }
}

/// Installs `handler` for `sig`; the previous action.
fn install(sig: libc::c_int, handler: extern "C" fn(libc::c_int)) -> std::io::Result<libc::sigaction> {
    // SAFETY: zeroed sigaction structures are valid; sigaction with valid pointers.
    unsafe {
        let mut act: libc::sigaction = std::mem::zeroed();
        act.sa_sigaction = handler as *const () as libc::sighandler_t;
        libc::sigemptyset(&mut act.sa_mask);
        act.sa_flags = libc::SA_NODEFER | libc::SA_ONSTACK;
        let mut old: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(sig, &act, &mut old) != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(old)
    }
}

fn restore(sig: libc::c_int, old: &libc::sigaction) {
    // SAFETY: `old` came from sigaction.
    unsafe { libc::sigaction(sig, old, std::ptr::null_mut()) };
}

/// A stack for the handlers of the interpreter thread, so a stack overflow can still report.
fn ensure_alt_stack() {
    thread_local! {
        static DONE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if DONE.with(|d| d.replace(true)) {
        return;
    }
    const SIZE: usize = 1 << 16;
    let mem = Box::leak(vec![0u8; SIZE].into_boxed_slice());
    let ss = libc::stack_t { ss_sp: mem.as_mut_ptr() as *mut libc::c_void, ss_flags: 0, ss_size: SIZE };
    // SAFETY: the stack memory is leaked, so it lives as long as the thread.
    unsafe { libc::sigaltstack(&ss, std::ptr::null_mut()) };
}

// -------------------------------------------------------------------------------------------
// The module's functions
// -------------------------------------------------------------------------------------------

/// The descriptor of a `file` argument (sys.stderr when None), after flushing it.
fn file_fd(vm: &mut Vm, file: Option<Value>) -> PyResult<(i32, Value)> {
    let file = match file.filter(|f| !f.is_none()) {
        Some(f) => f,
        None => match vm.sys_attr("stderr").filter(|s| !s.is_none()) {
            Some(s) => s,
            None => return Err(vm.new_runtime_error("sys.stderr is None")),
        },
    };
    if let Value::Int(fd) = file {
        if fd < 0 {
            return Err(vm.new_value_error("file is not a valid file descripter"));
        }
        return Ok((fd as i32, file));
    }
    let fileno = vm.getattr_str(&file, "fileno")?;
    let r = vm.call(&fileno, Args::new(&[]))?;
    let Value::Int(fd) = r else {
        return Err(vm.new_runtime_error("file.fileno() is not a valid file descriptor"));
    };
    if fd < 0 {
        return Err(vm.new_runtime_error("file.fileno() is not a valid file descriptor"));
    }
    if let Some(flush) = vm.getattr_opt(&file, "flush")? {
        vm.call(&flush, Args::new(&[]))?;
    }
    Ok((fd as i32, file))
}

fn enable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [file, all_threads] = args.bind(vm, "enable", ["file", "all_threads"], 0)?;
    let (fd, file) = file_fd(vm, file)?;
    let all = match all_threads {
        Some(a) => vm.truthy(&a)?,
        None => true,
    };
    FATAL_FD.store(fd, Ordering::Relaxed);
    FATAL_ALL_THREADS.store(all, Ordering::Relaxed);
    VM_PTR.store(vm as *mut Vm, Ordering::Relaxed);
    ensure_alt_stack();
    let mut previous = Vec::new();
    if !ENABLED.swap(true, Ordering::Relaxed) {
        for (sig, _) in FATAL {
            match install(sig, fatal_handler) {
                Ok(old) => previous.push((sig, old)),
                Err(e) => return Err(vm.os_error_from(e, None)),
            }
        }
    }
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.fatal_file = Some(file);
        if !previous.is_empty() {
            s.fatal_previous = previous;
        }
    });
    Ok(Value::None)
}

fn disable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "disable", 0)?;
    if !ENABLED.swap(false, Ordering::Relaxed) {
        return Ok(Value::Bool(false));
    }
    let (previous, file) = STATE.with(|s| {
        let mut s = s.borrow_mut();
        (std::mem::take(&mut s.fatal_previous), s.fatal_file.take())
    });
    for (sig, old) in &previous {
        restore(*sig, old);
    }
    drop(file);
    Ok(Value::Bool(true))
}

fn is_enabled(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "is_enabled", 0)?;
    Ok(Value::Bool(ENABLED.load(Ordering::Relaxed)))
}

fn dump_traceback(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [file, all_threads] = args.bind(vm, "dump_traceback", ["file", "all_threads"], 0)?;
    let (fd, _file) = file_fd(vm, file)?;
    let all = match all_threads {
        Some(a) => vm.truthy(&a)?,
        None => true,
    };
    let frames = vm.frames.clone();
    if all {
        dump_all(fd, Some((crate::gil::current_ident(), &frames)));
    } else {
        write_bytes(fd, b"Stack (most recent call first):\n");
        dump_frames(fd, &frames);
    }
    Ok(Value::None)
}

/// The watchdog of `dump_traceback_later`: cancelled (and woken) through `LATER`.
struct Later {
    generation: u64,
    cancelled: bool,
}

static LATER: Mutex<Later> = Mutex::new(Later { generation: 0, cancelled: true });
static LATER_WAKE: Condvar = Condvar::new();

fn later_state() -> std::sync::MutexGuard<'static, Later> {
    LATER.lock().unwrap_or_else(|e| e.into_inner())
}

/// CPython's `format_timeout`: "Timeout (H:MM:SS[.ffffff])!\n".
fn timeout_header(seconds: f64) -> String {
    let us_total = (seconds * 1e6).round() as u64;
    let (sec, us) = (us_total / 1_000_000, us_total % 1_000_000);
    let (h, m, s) = (sec / 3600, (sec / 60) % 60, sec % 60);
    if us != 0 {
        format!("Timeout ({h}:{m:02}:{s:02}.{us:06})!\n")
    } else {
        format!("Timeout ({h}:{m:02}:{s:02})!\n")
    }
}

fn cancel_later() {
    let mut l = later_state();
    if !l.cancelled {
        l.cancelled = true;
        crate::gil::helper_finished();
    }
    l.generation += 1;
    LATER_WAKE.notify_all();
}

fn dump_traceback_later(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [timeout, repeat, file, exit] =
        args.bind(vm, "dump_traceback_later", ["timeout", "repeat", "file", "exit"], 1)?;
    let timeout = vm.float_of(timeout.as_ref().unwrap())?;
    if timeout <= 0.0 {
        return Err(vm.new_value_error("timeout must be greater than 0"));
    }
    if timeout >= 9223372036.0 {
        return Err(vm.new_overflow_error("timeout value is too large"));
    }
    let repeat = match repeat {
        Some(r) => vm.truthy(&r)?,
        None => false,
    };
    let exit = match exit {
        Some(e) => vm.truthy(&e)?,
        None => false,
    };
    let (fd, file) = file_fd(vm, file)?;
    cancel_later();
    STATE.with(|s| s.borrow_mut().later_file = Some(file));
    let generation = {
        let mut l = later_state();
        l.cancelled = false;
        l.generation
    };
    // The watchdog takes the GIL to read the threads' frames, so every thread must give it up
    // when blocking, as if another Python thread existed.
    crate::gil::helper_started();
    let header = timeout_header(timeout);
    let spawned = std::thread::Builder::new().name("faulthandler".into()).spawn(move || loop {
        let mut l = later_state();
        let deadline = std::time::Instant::now() + Duration::from_secs_f64(timeout);
        while l.generation == generation && !l.cancelled {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                break;
            }
            l = LATER_WAKE.wait_timeout(l, left).unwrap_or_else(|e| e.into_inner()).0;
        }
        if l.generation != generation || l.cancelled {
            return;
        }
        drop(l);
        crate::gil::take_gil();
        write_bytes(fd, header.as_bytes());
        dump_all(fd, None);
        if exit {
            // SAFETY: _exit ends the process at once, as CPython's watchdog does.
            unsafe { libc::_exit(1) };
        }
        crate::gil::drop_gil();
        if !repeat {
            let mut l = later_state();
            if l.generation == generation && !l.cancelled {
                l.cancelled = true;
                crate::gil::helper_finished();
            }
            return;
        }
    });
    if spawned.is_err() {
        cancel_later();
        return Err(vm.new_runtime_error("unable to start watchdog thread"));
    }
    Ok(Value::None)
}

fn cancel_dump_traceback_later(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "cancel_dump_traceback_later", 0)?;
    cancel_later();
    STATE.with(|s| s.borrow_mut().later_file = None);
    Ok(Value::None)
}

fn check_user_signal(vm: &Vm, signum: i64) -> PyResult<libc::c_int> {
    if FATAL.iter().any(|(s, _)| *s as i64 == signum) {
        return Err(vm.new_runtime_error(format!("signal {signum} cannot be registered, use enable() instead")));
    }
    if signum < 1 || signum >= crate::signals::NSIG as i64 {
        return Err(vm.new_value_error("signal number out of range"));
    }
    Ok(signum as libc::c_int)
}

fn register(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [signum, file, all_threads, chain] =
        args.bind(vm, "register", ["signum", "file", "all_threads", "chain"], 1)?;
    let sig = vm.to_i64_index(signum.as_ref().unwrap())?;
    let sig = check_user_signal(vm, sig)?;
    let (fd, file) = file_fd(vm, file)?;
    let all = match all_threads {
        Some(a) => vm.truthy(&a)?,
        None => true,
    };
    let chain = match chain {
        Some(c) => vm.truthy(&c)?,
        None => false,
    };
    VM_PTR.store(vm as *mut Vm, Ordering::Relaxed);
    let i = sig as usize;
    USER_FD[i].store(fd, Ordering::Relaxed);
    USER_ALL[i].store(all, Ordering::Relaxed);
    USER_CHAIN[i].store(chain, Ordering::Relaxed);
    let registered = STATE.with(|s| s.borrow().user.iter().any(|u| u.signum == sig));
    if registered {
        STATE.with(|s| {
            if let Some(u) = s.borrow_mut().user.iter_mut().find(|u| u.signum == sig) {
                u._file = file;
            }
        });
        return Ok(Value::None);
    }
    let previous = install(sig, user_handler).map_err(|e| vm.os_error_from(e, None))?;
    USER_PREVIOUS[i].store(previous.sa_sigaction as *mut libc::c_void, Ordering::Relaxed);
    STATE.with(|s| s.borrow_mut().user.push(UserSignal { signum: sig, previous, _file: file }));
    Ok(Value::None)
}

fn unregister(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "unregister", 1)?;
    let sig = vm.to_i64_index(&a[0])?;
    let sig = check_user_signal(vm, sig)?;
    let found = STATE.with(|s| {
        let mut s = s.borrow_mut();
        let i = s.user.iter().position(|u| u.signum == sig)?;
        Some(s.user.remove(i))
    });
    match found {
        Some(u) => {
            USER_FD[sig as usize].store(-1, Ordering::Relaxed);
            restore(sig, &u.previous);
            Ok(Value::Bool(true))
        }
        None => Ok(Value::Bool(false)),
    }
}

/// The test helpers CPython's test suite uses: raise the fatal signal they name.
fn raise_signal(sig: libc::c_int) {
    // SAFETY: plain libc call.
    unsafe { libc::raise(sig) };
}

fn sigsegv(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.range(vm, "_sigsegv", 0, 1)?;
    raise_signal(libc::SIGSEGV);
    Ok(Value::None)
}

fn sigabrt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "_sigabrt", 0)?;
    // SAFETY: abort ends the process with SIGABRT.
    unsafe { libc::abort() }
}

fn sigfpe(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "_sigfpe", 0)?;
    raise_signal(libc::SIGFPE);
    Ok(Value::None)
}

fn read_null(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "_read_null", 0)?;
    raise_signal(libc::SIGSEGV);
    Ok(Value::None)
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("faulthandler");
    let d = m.dict.get().unwrap();
    let fns: &[(&'static str, crate::func::NativeFn)] = &[
        ("enable", enable),
        ("disable", disable),
        ("is_enabled", is_enabled),
        ("dump_traceback", dump_traceback),
        ("dump_traceback_later", dump_traceback_later),
        ("cancel_dump_traceback_later", cancel_dump_traceback_later),
        ("register", register),
        ("unregister", unregister),
        ("_sigsegv", sigsegv),
        ("_sigabrt", sigabrt),
        ("_sigfpe", sigfpe),
        ("_read_null", read_null),
    ];
    vm.add_native_fns(&d, fns);
    vm.dict_set_str(&d, "__doc__", vm.new_str("faulthandler module."));
    Ok(m)
}
