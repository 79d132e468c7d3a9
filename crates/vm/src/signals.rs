//! VM stage: Ctrl-C. A SIGINT handler only sets a flag; the interpreter loop polls it at
//! backward jumps and calls (CPython's "eval breaker") and raises `KeyboardInterrupt` there.

use std::sync::atomic::{AtomicBool, Ordering};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_sigint(_sig: libc::c_int) {
    INTERRUPTED.store(true, Ordering::Relaxed);
}

/// Installs the SIGINT handler, unless SIGINT is ignored (as CPython leaves it then).
pub fn install() {
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        let prev = libc::signal(libc::SIGINT, on_sigint as *const () as libc::sighandler_t);
        if prev == libc::SIG_IGN {
            libc::signal(libc::SIGINT, libc::SIG_IGN);
        }
    }
}

/// True (once) if Ctrl-C arrived since the last call.
#[inline(always)]
pub fn take_interrupt() -> bool {
    INTERRUPTED.load(Ordering::Relaxed) && INTERRUPTED.swap(false, Ordering::Relaxed)
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
