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

/// Makes mimalloc return freed memory to the system sooner than its defaults (10 ms for
/// pages, ten times that for arenas): the interpreter frees in bursts (a comprehension's
/// temporaries, a collected cycle), and with the default delays those pages were still
/// resident at the next burst's peak (`comprehensions`: 37 MB peak RSS; 30 MB with these
/// settings). Purging pages at once (delay 0) gets it to 25 MB but makes a program that
/// keeps filling and emptying the same pages fault them back in (`scheduler` +16%).
fn tune_allocator() {
    // `mi_option_e` values in the pinned mimalloc v2 header.
    const MI_OPTION_PURGE_DELAY: libc::c_int = 15;
    const MI_OPTION_ARENA_PURGE_MULT: libc::c_int = 24;
    // SAFETY: option setters, called before any other thread exists.
    unsafe {
        mi_option_set(MI_OPTION_PURGE_DELAY, 1);
        mi_option_set(MI_OPTION_ARENA_PURGE_MULT, 0);
    }
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
