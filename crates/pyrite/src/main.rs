//! The `pyrite` command: parses `python3`-style options, then reads, compiles and runs a Python
//! program on the VM with the same output, exit status and error text as CPython 3.11.

mod cli;

/// mimalloc (v2): its size-class free lists make the interpreter's many small allocations
/// cheaper than glibc's (`free` alone cost about 90 instructions there); `bench/RESULTS.md`
/// has what it bought. Built with `no_thp`: with transparent huge pages its arenas raised
/// peak RSS by up to 2 MB per size class (`comprehensions` 24 → 43 MB).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

extern "C" {
    /// `mi_option_set` (mimalloc.h), linked in with the `mimalloc` crate.
    fn mi_option_set(option: libc::c_int, value: libc::c_long);
}

/// Makes mimalloc return freed pages to the system at once rather than after its default 10 ms
/// delay: the interpreter frees in bursts (a comprehension's temporaries, a collected cycle),
/// and with the delay those pages were still resident at the next burst's peak
/// (`comprehensions`: 37 MB peak RSS instead of 25).
fn tune_allocator() {
    /// `mi_option_purge_delay` in the `mi_option_e` enum of the pinned mimalloc v2 header.
    const MI_OPTION_PURGE_DELAY: libc::c_int = 15;
    // SAFETY: an option setter, called before any other thread exists.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
}

fn main() {
    tune_allocator();
    // Python-level recursion never recurses in Rust, but native re-entry (repr of nested
    // containers, sort keys, __eq__) does: run on a thread with a generous stack.
    let child =
        std::thread::Builder::new().stack_size(1 << 30).spawn(cli::main).expect("cannot start the interpreter thread");
    // Signals sent to the process must reach the interpreter thread, as they reach CPython's
    // main thread (so `os.kill(os.getpid(), sig)` runs the handler before kill returns).
    vm::signals::block_in_this_thread();
    let code = child.join().unwrap_or(1);
    std::process::exit(code);
}
