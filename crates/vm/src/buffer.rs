//! VM stage: the buffer protocol — CPython's `bf_getbuffer`/`bf_releasebuffer` and `Py_buffer`,
//! reduced to what pyrite's exporters need. An exporter (`bytes`, `bytearray`, and the native
//! types of other crates that register a `NativeExporter`: `array.array`, `mmap.mmap`) describes
//! its memory as one C-contiguous run of items (`Layout`) and lends it to a closure for reading
//! or writing; `memoryview` builds shaped, strided views on top, and every consumer of a
//! bytes-like object goes through `memoryview::buffer_bytes`/`with_writable_buffer`, which use
//! this module. Guarantees: a long-lived export (a memoryview) is counted per exporting object
//! (CPython's `ob_exports`), and exporters refuse to resize or close while the count is
//! non-zero, so a view's offsets always stay inside its buffer. No borrow of an exporter's
//! memory outlives the closure it was lent to, and the closures never run Python code.

use crate::value::{Payload, Value};
use crate::vm::{PyResult, Vm};
use std::cell::RefCell;
use std::collections::HashMap;

/// What `bf_getbuffer` reports: `len` bytes of items of the struct `format` (`itemsize` bytes
/// each), C-contiguous, and whether writing is allowed.
#[derive(Clone, Copy)]
pub struct Layout {
    pub len: usize,
    pub format: &'static str,
    pub itemsize: usize,
    pub readonly: bool,
}

impl Layout {
    /// The layout of `len` unsigned bytes.
    pub fn bytes(len: usize, readonly: bool) -> Layout {
        Layout { len, format: "B", itemsize: 1, readonly }
    }
}

/// Lends a native exporter's whole buffer for reading to the closure.
pub type ReadFn = fn(&Value, &mut dyn FnMut(&[u8]));
/// Lends a native exporter's whole buffer for writing to the closure.
pub type WriteFn = fn(&Value, &mut dyn FnMut(&mut [u8]));

/// The buffer procedures of a native type of another crate.
pub struct NativeExporter {
    /// `bf_getbuffer`: `None` when `v` is not of this exporter's type; `Some(Err(msg))` when it
    /// cannot export now (a closed mmap: a ValueError with `msg`).
    pub describe: fn(&Value) -> Option<Result<Layout, &'static str>>,
    /// Lends the whole buffer for reading.
    pub read: ReadFn,
    /// Lends the whole buffer for writing (only called when `describe` said writable).
    pub write: WriteFn,
}

crate::gil_local! {
    static NATIVE: RefCell<Vec<&'static NativeExporter>> = const { RefCell::new(Vec::new()) };
    /// Unreleased exports per exporting object, keyed by object address (an export holds a
    /// strong reference to its exporter, so the address stays valid while counted).
    static EXPORTS: RefCell<HashMap<usize, usize>> = RefCell::new(HashMap::new());
}

/// Makes the instances `e` recognises exporters (called once by the module defining the type).
pub fn register(e: &'static NativeExporter) {
    NATIVE.with(|n| {
        let mut n = n.borrow_mut();
        if !n.iter().any(|x| std::ptr::eq(*x, e)) {
            n.push(e);
        }
    });
}

fn native_of(v: &Value) -> Option<(&'static NativeExporter, Result<Layout, &'static str>)> {
    if !matches!(v.payload(), Some(Payload::Native(_))) {
        return None;
    }
    let all: Vec<&'static NativeExporter> = NATIVE.with(|n| n.borrow().clone());
    all.into_iter().find_map(|e| (e.describe)(v).map(|l| (e, l)))
}

/// The layout of `v`'s buffer when `v` is an exporter other than a memoryview (whose views
/// `memoryview.rs` describes itself); `None` for a non-exporter.
pub fn layout(vm: &Vm, v: &Value) -> Option<PyResult<Layout>> {
    layout_quiet(v).map(|l| l.map_err(|msg| vm.new_value_error(msg)))
}

/// `layout` for callers without a VM at hand: the error is the ValueError's message.
pub fn layout_quiet(v: &Value) -> Option<Result<Layout, &'static str>> {
    match v.payload()? {
        Payload::Bytes(b) => Some(Ok(Layout::bytes(b.len(), true))),
        Payload::ByteArray(b) => Some(Ok(Layout::bytes(b.borrow().len(), false))),
        Payload::Native(_) => native_of(v).map(|(_, l)| l),
        _ => None,
    }
}

/// Runs `f` on the whole buffer of the exporter `obj` (an empty slice for a non-exporter).
pub fn read<R>(obj: &Value, f: impl FnOnce(&[u8]) -> R) -> R {
    match obj.payload() {
        Some(Payload::Bytes(b)) => f(b),
        Some(Payload::ByteArray(b)) => f(&b.borrow()),
        _ => {
            let mut f = Some(f);
            let mut out = None;
            if let Some((e, Ok(_))) = native_of(obj) {
                (e.read)(obj, &mut |b| out = f.take().map(|f| f(b)));
            }
            match (out, f) {
                (Some(r), _) => r,
                (None, Some(f)) => f(&[]),
                (None, None) => unreachable!("a lent buffer's closure returned a value"),
            }
        }
    }
}

/// Runs `f` on the whole writable buffer of the exporter `obj`; `None` when it is read-only.
pub fn write<R>(obj: &Value, f: impl FnOnce(&mut [u8]) -> R) -> Option<R> {
    match obj.payload()? {
        Payload::ByteArray(b) => Some(f(&mut b.borrow_mut())),
        Payload::Native(_) => {
            let (e, l) = native_of(obj)?;
            if !l.ok()?.readonly {
                let mut f = Some(f);
                let mut out = None;
                (e.write)(obj, &mut |b| out = f.take().map(|f| f(b)));
                return out;
            }
            None
        }
        _ => None,
    }
}

/// Counts an export of `obj` starting (`delta` 1) or ending (-1).
pub fn export(obj: &Value, delta: isize) {
    let Value::Obj(o) = obj else { return };
    if matches!(o.payload, Payload::Bytes(_)) {
        return; // immutable: nothing ever asks
    }
    let key = std::rc::Rc::as_ptr(o) as usize;
    EXPORTS.with(|e| {
        let mut e = e.borrow_mut();
        let n = e.entry(key).or_insert(0);
        *n = n.saturating_add_signed(delta);
        if *n == 0 {
            e.remove(&key);
        }
    });
}

/// How many unreleased exports `obj` has.
pub fn exports(obj: &Value) -> usize {
    let Value::Obj(o) = obj else { return 0 };
    let key = std::rc::Rc::as_ptr(o) as usize;
    EXPORTS.with(|e| e.borrow().get(&key).copied().unwrap_or(0))
}

/// `BufferError(msg)` if `obj` has unreleased exports: exporters call this before anything that
/// would move or free their memory (each with CPython's wording for its type).
pub fn check_unexported(vm: &Vm, obj: &Value, msg: &str) -> PyResult<()> {
    if exports(obj) > 0 {
        return Err(vm.new_exception(&vm.exc.buffer_error.clone(), msg));
    }
    Ok(())
}
