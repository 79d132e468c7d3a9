//! VM stage: signals. The C-level handler only records which signal arrived (one flag per
//! signal number plus one "something is pending" flag, and a byte to the `set_wakeup_fd` fd);
//! the interpreter loop polls the pending flag at backward jumps and calls (CPython's "eval
//! breaker") and there runs the Python handlers `signal.signal` installed, with
//! `(signum, frame)`. Without a Python handler, SIGINT raises `KeyboardInterrupt`.

use crate::func::Args;
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

/// One past the largest signal number (Linux's `_NSIG`).
pub const NSIG: usize = 65;

static PENDING: AtomicBool = AtomicBool::new(false);
#[allow(clippy::declare_interior_mutable_const)]
const UNSET: AtomicBool = AtomicBool::new(false);
static TRIPPED: [AtomicBool; NSIG] = [UNSET; NSIG];
static WAKEUP_FD: AtomicI32 = AtomicI32::new(-1);
static WAKEUP_WARN: AtomicBool = AtomicBool::new(true);

/// The C handler for every signal with a Python-level handler (and SIGINT by default).
pub extern "C" fn on_signal(sig: libc::c_int) {
    if sig > 0 && (sig as usize) < NSIG {
        TRIPPED[sig as usize].store(true, Ordering::Relaxed);
    }
    PENDING.store(true, Ordering::Release);
    crate::eval::request_safe_point();
    let fd = WAKEUP_FD.load(Ordering::Relaxed);
    if fd >= 0 {
        let b = sig as u8;
        // SAFETY: write(2) is async-signal-safe; errno is saved and restored around it.
        unsafe {
            let saved = *libc::__errno_location();
            libc::write(fd, &b as *const u8 as *const libc::c_void, 1);
            *libc::__errno_location() = saved;
        }
    }
}

/// The address of `on_signal` as a `sighandler_t`.
pub fn handler_address() -> libc::sighandler_t {
    on_signal as *const () as libc::sighandler_t
}

/// Installs the SIGINT handler, unless SIGINT is ignored (as CPython leaves it then).
pub fn install() {
    // SAFETY: the handler only stores to atomics and calls write(2), both async-signal-safe.
    unsafe {
        let prev = libc::signal(libc::SIGINT, handler_address());
        if prev == libc::SIG_IGN {
            libc::signal(libc::SIGINT, libc::SIG_IGN);
        }
    }
}

/// Blocks every signal in the calling thread (the launcher thread that only waits for the
/// interpreter thread), so the kernel delivers process-directed signals to the interpreter.
pub fn block_in_this_thread() {
    // SAFETY: `set` is initialised by sigfillset; pthread_sigmask only changes this thread.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut set);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
}

/// True (once) if any signal arrived since the last call: the interpreter loop's one relaxed
/// load in the common case.
#[inline(always)]
pub fn take_pending() -> bool {
    // Only the main thread runs Python signal handlers (as CPython); others leave the flag.
    PENDING.load(Ordering::Relaxed) && crate::gil::is_main_thread() && PENDING.swap(false, Ordering::Acquire)
}

/// Whether a signal arrived that the main thread has not handled yet (a blocking wait in the
/// main thread stops to let its handler run).
pub fn is_pending() -> bool {
    PENDING.load(Ordering::Relaxed)
}

/// Marks `sig` as arrived, as the C handler would (used by `raise_signal` paths and tests).
pub fn trip(sig: i32) {
    on_signal(sig);
}

/// Sets the wakeup fd (-1 disables it); returns the previous one.
pub fn set_wakeup_fd(fd: i32, warn: bool) -> i32 {
    WAKEUP_WARN.store(warn, Ordering::Relaxed);
    WAKEUP_FD.swap(fd, Ordering::Relaxed)
}

impl Vm {
    /// Runs the Python handlers of every signal that arrived (lowest number first), as
    /// CPython's `PyErr_CheckSignals`; the first exception a handler raises is returned and
    /// the remaining signals stay pending.
    pub fn run_signal_handlers(&mut self) -> PyResult<()> {
        for (sig, tripped) in TRIPPED.iter().enumerate().skip(1) {
            if !tripped.load(Ordering::Relaxed) {
                continue;
            }
            tripped.store(false, Ordering::Relaxed);
            let handler = self.signal_handlers.get(sig).cloned().unwrap_or(Value::None);
            let r = match handler {
                Value::None if sig == libc::SIGINT as usize => {
                    Err(self.new_exception_args(&self.exc.keyboard_interrupt.clone(), vec![]))
                }
                // SIG_DFL / SIG_IGN set meanwhile, or no handler: nothing to run.
                Value::None | Value::Int(_) | Value::Bool(_) => Ok(Value::None),
                h => {
                    let frame = match self.frames.len() {
                        0 => Value::None,
                        n => self.frame_chain(n - 1).unwrap_or(Value::None),
                    };
                    self.call(&h, Args::new(&[Value::Int(sig as i64), frame]))
                }
            };
            if let Err(e) = r {
                // Let the other tripped signals run at the next safe point.
                if TRIPPED.iter().any(|t| t.load(Ordering::Relaxed)) {
                    PENDING.store(true, Ordering::Relaxed);
                    crate::eval::request_safe_point();
                }
                return Err(e);
            }
        }
        Ok(())
    }

    /// `PyErr_CheckSignals`: runs pending handlers now (native code that waits or that just
    /// sent a signal to its own process calls this).
    pub fn check_signals(&mut self) -> PyResult<()> {
        if take_pending() {
            self.run_signal_handlers()?;
        }
        Ok(())
    }
}

/// Ends the process the way CPython does after an uncaught KeyboardInterrupt: by SIGINT with
/// the default action, so the parent sees "killed by signal 2".
pub fn exit_by_sigint() -> ! {
    // SAFETY: plain libc calls with valid arguments.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_DFL);
        libc::kill(libc::getpid(), libc::SIGINT);
    }
    std::process::exit(130)
}
