//! The `pyrite` command: parses `python3`-style options, then reads, compiles and runs a Python
//! program on the VM with the same output, exit status and error text as CPython 3.11.

mod cli;

fn main() {
    // One malloc arena: the interpreter is single-threaded, and glibc's per-thread arena for
    // the spawned thread grows its heap by one mprotect call per step (over a hundred at
    // start-up alone).
    // SAFETY: mallopt only adjusts allocator tuning; called before any other thread exists.
    unsafe { libc::mallopt(libc::M_ARENA_MAX, 1) };
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
