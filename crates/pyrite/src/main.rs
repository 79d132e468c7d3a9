//! The `pyrite` command: parses `python3`-style options, then reads, compiles and runs a Python
//! program on the VM with the same output, exit status and error text as CPython 3.11.

mod cli;

/// mimalloc (v2): its size-class free lists make the interpreter's many small allocations
/// cheaper than glibc's (`free` alone cost about 90 instructions there); `bench/RESULTS.md`
/// has what it bought. Built with `no_thp`: with transparent huge pages its arenas raised
/// peak RSS by up to 2 MB per size class (`comprehensions` 24 → 43 MB).
#[global_allocator]
static GLOBAL: MiMalloc = MiMalloc;

/// The global allocator over mimalloc's C API (`libmimalloc-sys`). The `mimalloc` crate's
/// allocator sends every request through `mi_malloc_aligned`, whose alignment handling cost
/// about 3% of a method-call-heavy run; `mi_malloc` already returns 16-byte-aligned blocks
/// for every size of at least 16 (and size-aligned smaller ones), so only stricter layouts
/// need the aligned entry points (the rule std's `System` allocator applies to malloc).
struct MiMalloc;

/// `MI_MAX_ALIGN_SIZE` in the pinned mimalloc v2 header.
const MI_MAX_ALIGN: usize = 16;

#[inline(always)]
fn plain(layout: std::alloc::Layout) -> bool {
    layout.align() <= MI_MAX_ALIGN && layout.align() <= layout.size()
}

// SAFETY: every block comes from mimalloc and goes back to it; the aligned entry points are
// used whenever `mi_malloc`'s natural alignment would not satisfy the layout.
unsafe impl std::alloc::GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: plain C allocation calls.
        unsafe {
            if plain(layout) {
                mi_malloc(layout.size()) as *mut u8
            } else {
                mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        unsafe {
            if plain(layout) {
                mi_zalloc(layout.size()) as *mut u8
            } else {
                mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: std::alloc::Layout) {
        // SAFETY: `ptr` came from this allocator.
        unsafe { mi_free(ptr as *mut libc::c_void) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator with `layout`.
        unsafe {
            let new = std::alloc::Layout::from_size_align_unchecked(new_size, layout.align());
            if plain(new) {
                mi_realloc(ptr as *mut libc::c_void, new_size) as *mut u8
            } else {
                mi_realloc_aligned(ptr as *mut libc::c_void, new_size, layout.align()) as *mut u8
            }
        }
    }
}

use libmimalloc_sys::{
    mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned, mi_zalloc, mi_zalloc_aligned,
};

extern "C" {
    /// `mi_option_set` (mimalloc.h), linked in with `libmimalloc-sys`.
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
