//! VM stage: the global interpreter lock. Python threads are OS threads, and exactly one of
//! them runs Python code at a time: the one holding the GIL (CPython's `ceval_gil.c` design).
//! Every piece of interpreter state, reference counts included, is only touched under the GIL,
//! which is what makes the non-atomic `Rc`s and the `gil_local!` statics sound: acquiring and
//! releasing the lock orders one thread's writes before the next thread's reads.
//!
//! A thread gives the GIL up around blocking calls (`Vm::allow_threads`) and, when another
//! thread has waited a switch interval for it, at the interpreter loop's safe points
//! (`Vm::yield_gil`, reached through `drop_requested`).

use crate::value::Value;
use crate::vm::Vm;
use std::cell::{Cell, OnceCell};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// A process-wide static that is only read or written by the thread holding the GIL: the
/// interpreter's global tables and caches. `with` mirrors `std::thread::LocalKey` so the two
/// read alike, but every thread sees the same value.
pub struct GilStatic<T>(T);

// SAFETY: the value is only accessed by the thread holding the GIL (module doc); the GIL's
// mutex orders those accesses.
unsafe impl<T> Sync for GilStatic<T> {}

impl<T> GilStatic<T> {
    pub const fn new(value: T) -> GilStatic<T> {
        GilStatic(value)
    }

    #[inline(always)]
    pub fn with<R>(&'static self, f: impl FnOnce(&T) -> R) -> R {
        f(&self.0)
    }

    /// As `LocalKey::try_with`; a GIL static is never torn down, so this always succeeds.
    #[inline(always)]
    pub fn try_with<R>(&'static self, f: impl FnOnce(&T) -> R) -> Result<R, Torn> {
        Ok(f(&self.0))
    }
}

/// A `GilStatic` whose value is built on first use (for initialisers that are not `const`).
pub struct GilLazy<T> {
    cell: OnceCell<T>,
    init: fn() -> T,
}

// SAFETY: as for `GilStatic`.
unsafe impl<T> Sync for GilLazy<T> {}

impl<T> GilLazy<T> {
    pub const fn new(init: fn() -> T) -> GilLazy<T> {
        GilLazy { cell: OnceCell::new(), init }
    }

    #[inline]
    pub fn with<R>(&'static self, f: impl FnOnce(&T) -> R) -> R {
        f(self.cell.get_or_init(self.init))
    }

    #[inline]
    pub fn try_with<R>(&'static self, f: impl FnOnce(&T) -> R) -> Result<R, Torn> {
        Ok(self.with(f))
    }
}

/// The error `try_with` could return for a static already destroyed (never, for these).
#[derive(Debug)]
pub struct Torn;

/// Declares statics shared by all Python threads and guarded by the GIL, with the syntax of
/// `thread_local!` (a `const { … }` initialiser is stored as is; any other is built lazily).
#[macro_export]
macro_rules! gil_local {
    () => {};
    ($(#[$attr:meta])* $vis:vis static $name:ident: $t:ty = const { $init:expr }; $($rest:tt)*) => {
        $(#[$attr])* $vis static $name: $crate::gil::GilStatic<$t> = $crate::gil::GilStatic::new($init);
        $crate::gil_local!($($rest)*);
    };
    ($(#[$attr:meta])* $vis:vis static $name:ident: $t:ty = $init:expr; $($rest:tt)*) => {
        $(#[$attr])* $vis static $name: $crate::gil::GilLazy<$t> = $crate::gil::GilLazy::new(|| $init);
        $crate::gil_local!($($rest)*);
    };
}

/// The lock itself: whether some thread holds it, and how many times it changed hands.
struct Gil {
    held: bool,
    switch_number: u64,
}

static GIL: Mutex<Gil> = Mutex::new(Gil { held: true, switch_number: 0 });
/// Signalled when the GIL is released (a waiter may take it).
static RELEASED: Condvar = Condvar::new();
/// Signalled when a thread took the GIL (a thread that yielded waits for this, so the
/// waiter really runs before the yielder takes the lock back: CPython's FORCE_SWITCHING).
static SWITCHED: Condvar = Condvar::new();
/// Set by a thread that waited a whole switch interval for the GIL: the holder gives it up at
/// its next safe point.
static DROP_REQUEST: AtomicBool = AtomicBool::new(false);
/// The switch interval in microseconds (`sys.setswitchinterval`).
static INTERVAL_US: AtomicU64 = AtomicU64::new(5000);
/// Python threads started by `_thread.start_new_thread` that have not finished.
static THREADS: AtomicUsize = AtomicUsize::new(0);
/// Set once the main thread has begun interpreter shutdown: other threads that take the GIL
/// after that stop for good (CPython's daemon threads "hang" the same way).
static FINALIZING: AtomicBool = AtomicBool::new(false);
/// `pthread_self()` of the thread that runs `__main__`.
static MAIN_THREAD: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// Whether this OS thread is the main Python thread (read when a signal is pending).
    static IS_MAIN: Cell<bool> = const { Cell::new(false) };
    /// This thread's serial number (`thread_serial`), 0 until first asked.
    static SERIAL: Cell<u64> = const { Cell::new(0) };
}

/// Serial numbers handed out to threads, from 1.
static NEXT_SERIAL: AtomicU64 = AtomicU64::new(1);

/// A number no other thread of this process ever had: unlike a pthread id, never reused after
/// the thread ends (thread-local data is keyed by it).
pub fn thread_serial() -> u64 {
    SERIAL.with(|s| {
        if s.get() == 0 {
            s.set(NEXT_SERIAL.fetch_add(1, Ordering::Relaxed));
        }
        s.get()
    })
}

fn gil() -> MutexGuard<'static, Gil> {
    // A panic never happens while the mutex is held (only flag updates do), but recover anyway.
    GIL.lock().unwrap_or_else(|e| e.into_inner())
}

/// Records the calling thread as the main thread, which holds the GIL from the start.
pub fn init_main_thread() {
    MAIN_THREAD.store(current_ident(), Ordering::Relaxed);
    IS_MAIN.with(|m| m.set(true));
}

pub fn is_main_thread() -> bool {
    IS_MAIN.with(|m| m.get())
}

/// `threading.get_ident()`: the pthread id, as CPython's `PyThread_get_thread_ident`.
pub fn current_ident() -> u64 {
    // SAFETY: pthread_self has no preconditions.
    unsafe { libc::pthread_self() as u64 }
}

/// `threading.get_native_id()`: the kernel's thread id.
pub fn native_id() -> u64 {
    // SAFETY: gettid has no preconditions.
    unsafe { libc::gettid() as u64 }
}

/// Non-Python threads that take the GIL now and then (faulthandler's watchdog).
static HELPERS: AtomicUsize = AtomicUsize::new(0);

/// Whether any thread besides the main one was started (before that, the GIL never changes
/// hands and blocking calls skip releasing it).
#[inline]
pub fn threaded() -> bool {
    THREADS.load(Ordering::Relaxed) > 0 || HELPERS.load(Ordering::Relaxed) > 0
}

/// A helper thread that will want the GIL exists from now on (`threaded()` is true).
pub fn helper_started() {
    HELPERS.fetch_add(1, Ordering::Relaxed);
}

pub fn helper_finished() {
    HELPERS.fetch_sub(1, Ordering::Relaxed);
}

pub fn thread_count() -> usize {
    THREADS.load(Ordering::Relaxed)
}

/// Checked at the interpreter's safe points (back-edges and calls, once the eval breaker is
/// set).
#[inline(always)]
pub fn drop_requested() -> bool {
    DROP_REQUEST.load(Ordering::Relaxed)
}

pub fn set_switch_interval(seconds: f64) {
    INTERVAL_US.store(((seconds * 1e6) as u64).max(1), Ordering::Relaxed);
}

fn interval() -> Duration {
    Duration::from_micros(INTERVAL_US.load(Ordering::Relaxed))
}

/// Blocks until the calling thread holds the GIL (`take_gil`). A thread that waited a whole
/// interval without the lock changing hands asks the holder to drop it.
pub fn take_gil() {
    let mut g = gil();
    while g.held {
        let before = g.switch_number;
        let (guard, wait) = RELEASED.wait_timeout(g, interval()).unwrap_or_else(|e| e.into_inner());
        g = guard;
        if wait.timed_out() && g.held && g.switch_number == before {
            DROP_REQUEST.store(true, Ordering::Relaxed);
            crate::eval::request_safe_point();
        }
    }
    g.held = true;
    g.switch_number += 1;
    DROP_REQUEST.store(false, Ordering::Relaxed);
    SWITCHED.notify_all();
    drop(g);
    if FINALIZING.load(Ordering::Relaxed) && !is_main_thread() {
        // The interpreter is shutting down under the main thread: this thread must not touch
        // its state again. Give the lock back and stop here until the process exits.
        drop_gil();
        loop {
            std::thread::park();
        }
    }
}

/// Releases the GIL (`drop_gil`).
pub fn drop_gil() {
    let mut g = gil();
    g.held = false;
    RELEASED.notify_one();
}

/// Gives the GIL to a waiting thread and takes it back after that thread had its turn.
fn yield_to_waiter() {
    let mut g = gil();
    g.held = false;
    let before = g.switch_number;
    RELEASED.notify_one();
    // Wait (boundedly: the waiter may have been served by a release elsewhere) until another
    // thread took the lock, so this one does not simply take it straight back.
    while g.switch_number == before {
        let (guard, wait) = SWITCHED.wait_timeout(g, interval()).unwrap_or_else(|e| e.into_inner());
        g = guard;
        if wait.timed_out() {
            break;
        }
    }
    drop(g);
    take_gil();
}

pub fn thread_started() {
    THREADS.fetch_add(1, Ordering::Relaxed);
}

pub fn thread_finished() {
    THREADS.fetch_sub(1, Ordering::Relaxed);
}

/// In the child of `os.fork()`: the forking thread is the only one left, and the main one
/// (`PyOS_AfterFork_Child`). Other threads' imports will never finish, so their marks go.
pub fn after_fork_child() {
    THREADS.store(0, Ordering::Relaxed);
    DROP_REQUEST.store(false, Ordering::Relaxed);
    init_main_thread();
    let me = thread_serial();
    let mut g = imports();
    g.busy.retain(|&(_, owner)| owner == me);
    g.waiting.clear();
}

/// Marks the start of interpreter shutdown (see `FINALIZING`).
pub fn begin_finalizing() {
    FINALIZING.store(true, Ordering::Relaxed);
}

/// Modules being imported right now with the serial of the importing thread, and which module
/// each blocked thread waits for: CPython's per-module import locks (`_ModuleLock` in
/// `importlib._bootstrap`). A thread that needs a module another thread is still running waits
/// for it instead of seeing it half-initialised.
struct Imports {
    busy: Vec<(String, u64)>,
    waiting: Vec<(u64, String)>,
}

static IMPORTS: Mutex<Imports> = Mutex::new(Imports { busy: Vec::new(), waiting: Vec::new() });
static IMPORT_DONE: Condvar = Condvar::new();

fn imports() -> MutexGuard<'static, Imports> {
    IMPORTS.lock().unwrap_or_else(|e| e.into_inner())
}

impl Imports {
    fn owner(&self, name: &str) -> Option<u64> {
        self.busy.iter().find(|(n, _)| n == name).map(|&(_, o)| o)
    }

    /// Whether waiting for `name` would block this thread (`me`): another thread imports it,
    /// and that thread does not itself wait, directly or through others, for a module `me` is
    /// importing (CPython's `_DeadlockError` case: then the partial module is used).
    fn must_wait(&self, name: &str, me: u64) -> bool {
        let Some(mut t) = self.owner(name) else { return false };
        for _ in 0..=self.waiting.len() {
            if t == me {
                return false;
            }
            let Some(wanted) = self.waiting.iter().find(|(w, _)| *w == t).map(|(_, n)| n) else { return true };
            let Some(o) = self.owner(wanted) else { return true };
            t = o;
        }
        true
    }
}

/// Marks a module as being imported by this thread until dropped.
pub struct ImportGuard {
    name: String,
    serial: u64,
}

pub fn begin_import(name: &str) -> ImportGuard {
    let serial = thread_serial();
    imports().busy.push((name.to_string(), serial));
    ImportGuard { name: name.to_string(), serial }
}

impl Drop for ImportGuard {
    fn drop(&mut self) {
        let mut g = imports();
        if let Some(i) = g.busy.iter().position(|(n, s)| *n == self.name && *s == self.serial) {
            g.busy.remove(i);
        }
        IMPORT_DONE.notify_all();
    }
}

crate::gil_local! {
    /// The saved states of threads waiting for the GIL (in `allow_threads` or `yield_gil`), by
    /// thread ident: `sys._current_frames` reads their frames. Each points at a `ThreadState`
    /// on its thread's stack, which stays put until that thread has the GIL again.
    static WAITING: std::cell::RefCell<Vec<(u64, *const ThreadState)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The executing frames of every thread waiting for the GIL, by ident (read under the GIL).
pub fn waiting_threads() -> Vec<(u64, Vec<*const crate::frame::Frame>)> {
    WAITING.with(|w| {
        w.borrow()
            .iter()
            // SAFETY: see `WAITING`: the state is alive and unchanged while registered.
            .map(|&(ident, ts)| (ident, unsafe { (*ts).frames.clone() }))
            .collect()
    })
}

fn register_waiting(ts: &ThreadState) {
    let me = current_ident();
    WAITING.with(|w| w.borrow_mut().push((me, ts as *const ThreadState)));
}

fn unregister_waiting() {
    let me = current_ident();
    WAITING.with(|w| w.borrow_mut().retain(|&(ident, _)| ident != me));
}

/// The per-thread part of the interpreter state: what a thread takes with it when it gives up
/// the GIL, and puts back when it has it again (CPython's `PyThreadState`).
pub struct ThreadState {
    depth: u32,
    native_depth: u32,
    exc_info: Value,
    repr_stack: Vec<usize>,
    frame_ptr: Option<*mut crate::frame::Frame>,
    frames: Vec<*const crate::frame::Frame>,
    trace: crate::trace::TraceState,
}

impl Vm {
    /// Moves this thread's state out of the VM (leaving it blank for the next thread).
    pub fn save_thread_state(&mut self) -> ThreadState {
        let frame_ptr = std::mem::replace(&mut self.frame_ptr, std::ptr::null_mut());
        self.use_tracing = false;
        ThreadState {
            depth: std::mem::take(&mut self.depth),
            native_depth: std::mem::take(&mut self.native_depth),
            exc_info: std::mem::replace(&mut self.exc_info, Value::None),
            repr_stack: std::mem::take(&mut self.repr_stack),
            frame_ptr: (!frame_ptr.is_null()).then_some(frame_ptr),
            frames: std::mem::take(&mut self.frames),
            trace: std::mem::take(&mut self.trace),
        }
    }

    /// Puts a thread's saved state back (the caller holds the GIL).
    pub fn restore_thread_state(&mut self, ts: ThreadState) {
        self.depth = ts.depth;
        self.native_depth = ts.native_depth;
        self.exc_info = ts.exc_info;
        self.repr_stack = ts.repr_stack;
        self.frame_ptr = ts.frame_ptr.unwrap_or(std::ptr::null_mut());
        self.frames = ts.frames;
        self.trace = ts.trace;
        self.update_use_tracing();
    }

    /// Runs `f` (a blocking call that touches no Python object) with the GIL released, so other
    /// threads run meanwhile (`Py_BEGIN_ALLOW_THREADS`). With no other thread started, `f`
    /// simply runs.
    pub fn allow_threads<R>(&mut self, f: impl FnOnce() -> R) -> R {
        if !threaded() {
            return f();
        }
        let ts = self.save_thread_state();
        register_waiting(&ts);
        drop_gil();
        let r = f();
        take_gil();
        unregister_waiting();
        self.restore_thread_state(ts);
        r
    }

    /// Waits (GIL released) while another thread is importing `name`; whether it waited.
    pub fn wait_for_import(&mut self, name: &str) -> bool {
        if !threaded() {
            return false;
        }
        let me = thread_serial();
        if !imports().must_wait(name, me) {
            return false;
        }
        self.allow_threads(|| {
            let mut g = imports();
            g.waiting.push((me, name.to_string()));
            while g.must_wait(name, me) {
                g = IMPORT_DONE.wait(g).unwrap_or_else(|e| e.into_inner());
            }
            g.waiting.retain(|(w, _)| *w != me);
        });
        true
    }

    /// Interpreter shutdown's first step (`wait_for_thread_shutdown`): when `threading` was
    /// imported, `threading._shutdown()` joins every non-daemon thread.
    pub fn wait_for_thread_shutdown(&mut self) {
        let Some(threading) = self.modules_get("threading") else { return };
        let r = self.getattr_str(&threading, "_shutdown").and_then(|f| self.call(&f, crate::func::Args::new(&[])));
        if let Err(e) = r {
            self.write_unraisable("in", &threading, &e);
        }
    }

    /// The safe-point half of switching: another thread asked for the GIL, so hand it over and
    /// wait for it to come back.
    #[cold]
    pub fn yield_gil(&mut self) {
        let ts = self.save_thread_state();
        register_waiting(&ts);
        yield_to_waiter();
        unregister_waiting();
        self.restore_thread_state(ts);
    }
}
