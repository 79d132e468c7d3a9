//! VM stage: `memoryview` over `bytes`, `bytearray` and other memoryviews — one-dimensional
//! views with the native struct formats (`cast`), strided slicing, item reads and writes,
//! `tobytes`/`tolist`/`hex`, `release` and the context-manager protocol, CPython's errors.
//! Guarantees: while an unreleased view of a `bytearray` exists, resizing that bytearray
//! raises `BufferError` (CPython's export count), so a view never reads past its buffer.
//!
//! Known difference: multi-dimensional `cast(shape=...)` raises NotImplementedError.

use crate::func::{Args, MethodDef};
use crate::value::{Object, Payload, Value};
use crate::vm::{PyResult, Vm};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

crate::gil_local! {
    /// Unreleased views per exporting bytearray (keyed by object address; a view holds a
    /// strong reference to its bytearray, so the address stays valid while counted).
    static EXPORTS: RefCell<HashMap<usize, usize>> = RefCell::new(HashMap::new());
}

fn export(obj: &Value, delta: isize) {
    if let Value::Obj(o) = obj {
        if matches!(o.payload, Payload::ByteArray(_)) {
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
    }
}

/// `BufferError` if a bytearray has unreleased views: call before anything that resizes it.
pub fn check_resizable(vm: &Vm, ba: &Value) -> PyResult<()> {
    if let Value::Obj(o) = ba {
        let key = std::rc::Rc::as_ptr(o) as usize;
        if EXPORTS.with(|e| e.borrow().contains_key(&key)) {
            return Err(
                vm.new_exception(&vm.exc.buffer_error.clone(), "Existing exports of data: object cannot be re-sized")
            );
        }
    }
    Ok(())
}

/// A struct-module format character of a view: its size and how items read and write.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Format(u8);

impl Format {
    fn parse(s: &str) -> Option<Format> {
        let s = s.strip_prefix('@').unwrap_or(s);
        match s.as_bytes() {
            [c] if b"bBchHiIlLqQnNfd?eP".contains(c) => Some(Format(*c)),
            _ => None,
        }
    }

    fn size(self) -> usize {
        match self.0 {
            b'b' | b'B' | b'c' | b'?' => 1,
            b'h' | b'H' | b'e' => 2,
            b'i' | b'I' | b'f' => 4,
            _ => 8,
        }
    }

    fn is_byte(self) -> bool {
        matches!(self.0, b'B' | b'b' | b'c')
    }

    fn name(self) -> String {
        (self.0 as char).to_string()
    }

    /// The Python value of one item.
    fn unpack(self, vm: &Vm, b: &[u8]) -> Value {
        let u = |n: usize| {
            let mut a = [0u8; 8];
            a[..n].copy_from_slice(&b[..n]);
            u64::from_ne_bytes(a)
        };
        let signed = |n: usize| {
            let shift = 64 - 8 * n as u32;
            ((u(n) << shift) as i64) >> shift
        };
        match self.0 {
            b'c' => vm.new_bytes(vec![b[0]]),
            b'?' => Value::Bool(b[0] != 0),
            b'b' | b'h' | b'i' | b'l' | b'q' | b'n' => Value::Int(signed(self.size())),
            b'f' => Value::Float(f32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as f64),
            b'd' => Value::Float(f64::from_bits(u(8))),
            b'e' => Value::Float(half_to_f64(u16::from_ne_bytes([b[0], b[1]]))),
            _ => {
                let v = u(self.size());
                match i64::try_from(v) {
                    Ok(i) => Value::Int(i),
                    Err(_) => vm.new_bigint(num_bigint::BigInt::from(v)),
                }
            }
        }
    }

    /// The bytes of one item, or CPython's error for a value that does not fit.
    fn pack(self, vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
        let invalid =
            |vm: &Vm| vm.new_value_error(format!("memoryview: invalid value for format '{}'", self.0 as char));
        let n = self.size();
        match self.0 {
            b'c' => match v.payload() {
                Some(Payload::Bytes(b)) if b.len() == 1 => Ok(b.to_vec()),
                _ => Err(invalid(vm)),
            },
            b'?' => Ok(vec![vm.truthy(v)? as u8]),
            b'f' | b'd' | b'e' => {
                let x = match v {
                    Value::Float(f) => *f,
                    Value::Int(i) => *i as f64,
                    _ => {
                        return Err(
                            vm.new_type_error(format!("memoryview: invalid type for format '{}'", self.0 as char))
                        )
                    }
                };
                Ok(match self.0 {
                    b'f' => (x as f32).to_ne_bytes().to_vec(),
                    b'd' => x.to_ne_bytes().to_vec(),
                    _ => return Err(vm.new_not_implemented_error("memoryview: writing format 'e' is not supported")),
                })
            }
            _ => {
                let Value::Int(i) = v else {
                    if v.as_obj().is_some_and(|o| matches!(o.payload, Payload::Int(_))) {
                        return Err(invalid(vm));
                    }
                    return Err(vm.new_type_error(format!("memoryview: invalid type for format '{}'", self.0 as char)));
                };
                let i = *i;
                let signed = matches!(self.0, b'b' | b'h' | b'i' | b'l' | b'q' | b'n');
                let bits = 8 * n as u32;
                let ok = if signed {
                    bits == 64 || (i >= -(1i64 << (bits - 1)) && i < (1i64 << (bits - 1)))
                } else {
                    i >= 0 && (bits == 64 || i < (1i64 << bits))
                };
                if !ok {
                    return Err(invalid(vm));
                }
                Ok(i.to_ne_bytes()[..n].to_vec())
            }
        }
    }
}

/// IEEE 754 binary16 to f64.
fn half_to_f64(h: u16) -> f64 {
    let sign = if h >> 15 == 1 { -1.0 } else { 1.0 };
    let exp = ((h >> 10) & 0x1F) as i32;
    let frac = (h & 0x3FF) as f64;
    sign * match exp {
        0 => frac * 2f64.powi(-24),
        31 if frac == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        e => (1.0 + frac / 1024.0) * 2f64.powi(e - 15),
    }
}

/// A view: `len` items of `format`, the first at byte `start` of the exporter's buffer and
/// each `stride` bytes after the previous (negative for reversed slices).
pub struct MemoryView {
    obj: Value,
    start: usize,
    len: usize,
    stride: isize,
    format: Format,
    readonly: bool,
    released: Cell<bool>,
}

impl Drop for MemoryView {
    fn drop(&mut self) {
        if !self.released.get() {
            export(&self.obj, -1);
        }
    }
}

/// Reads the buffer of a native object of another crate (`array.array`), copied.
pub type NativeBufferFn = fn(&Value) -> Option<Vec<u8>>;

crate::gil_local! {
    static NATIVE_BUFFERS: RefCell<Vec<NativeBufferFn>> = const { RefCell::new(Vec::new()) };
}

/// Lets `buffer_bytes` read native objects that export a buffer (for `bytes(x)`, `write(x)`, …).
pub fn register_native_buffer(f: NativeBufferFn) {
    NATIVE_BUFFERS.with(|n| n.borrow_mut().push(f));
}

/// The bytes of a bytes-like object (`bytes`, `bytearray`, `memoryview`, a registered native
/// exporter), copied.
pub fn buffer_bytes(v: &Value) -> Option<Vec<u8>> {
    match v.payload()? {
        Payload::Bytes(b) => Some(b.to_vec()),
        Payload::ByteArray(b) => Some(b.borrow().clone()),
        Payload::MemoryView(m) if !m.released.get() => Some(m.bytes()),
        Payload::Native(_) => {
            let fns: Vec<NativeBufferFn> = NATIVE_BUFFERS.with(|n| n.borrow().clone());
            fns.iter().find_map(|f| f(v))
        }
        _ => None,
    }
}

/// Runs `f` on the writable bytes of a read-write bytes-like object (a bytearray, or a
/// contiguous writable memoryview of one); `None` for anything else. `f` must not run Python code.
pub fn with_writable_buffer<R>(v: &Value, f: impl FnOnce(&mut [u8]) -> R) -> Option<R> {
    match v.payload()? {
        Payload::ByteArray(b) => Some(f(&mut b.borrow_mut())),
        Payload::MemoryView(m) if !m.released.get() && !m.readonly && m.contiguous() => match m.obj.payload() {
            Some(Payload::ByteArray(b)) => {
                let mut b = b.borrow_mut();
                let end = (m.start + m.nbytes()).min(b.len());
                let start = m.start.min(end);
                Some(f(&mut b[start..end]))
            }
            _ => None,
        },
        _ => None,
    }
}

impl MemoryView {
    /// Runs `f` on the exporter's whole buffer.
    fn with_buf<R>(&self, f: impl FnOnce(&[u8]) -> R) -> R {
        match self.obj.payload() {
            Some(Payload::Bytes(b)) => f(b),
            Some(Payload::ByteArray(b)) => f(&b.borrow()),
            _ => f(&[]),
        }
    }

    fn offset(&self, i: usize) -> usize {
        (self.start as isize + i as isize * self.stride) as usize
    }

    fn item(&self, i: usize) -> Vec<u8> {
        let (o, n) = (self.offset(i), self.format.size());
        self.with_buf(|b| b[o..o + n].to_vec())
    }

    fn bytes(&self) -> Vec<u8> {
        let n = self.format.size();
        if self.stride == n as isize {
            return self.with_buf(|b| b[self.start..self.start + self.len * n].to_vec());
        }
        let mut out = Vec::with_capacity(self.len * n);
        self.with_buf(|b| {
            for i in 0..self.len {
                let o = self.offset(i);
                out.extend_from_slice(&b[o..o + n]);
            }
        });
        out
    }

    fn nbytes(&self) -> usize {
        self.len * self.format.size()
    }

    fn contiguous(&self) -> bool {
        self.len <= 1 || self.stride == self.format.size() as isize
    }
}

fn view(v: &Value) -> &MemoryView {
    match v.payload() {
        Some(Payload::MemoryView(m)) => m,
        _ => unreachable!("memoryview method on a non-memoryview"),
    }
}

/// The view, or CPython's error once it was released.
fn live<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a MemoryView> {
    let m = view(v);
    if m.released.get() {
        return Err(vm.new_value_error("operation forbidden on released memoryview object"));
    }
    Ok(m)
}

fn new_view(vm: &Vm, m: MemoryView) -> Value {
    export(&m.obj, 1);
    Value::Obj(Object::new(vm.types.memoryview.clone(), Payload::MemoryView(Box::new(m))))
}

fn mv_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [obj] = Args { args: &args.args[1..], kwnames: args.kwnames }.bind(vm, "memoryview", ["object"], 1)?;
    let obj = obj.unwrap();
    let m = match obj.payload() {
        Some(Payload::Bytes(b)) => MemoryView {
            obj: obj.clone(),
            start: 0,
            len: b.len(),
            stride: 1,
            format: Format(b'B'),
            readonly: true,
            released: Cell::new(false),
        },
        Some(Payload::ByteArray(b)) => MemoryView {
            obj: obj.clone(),
            start: 0,
            len: b.borrow().len(),
            stride: 1,
            format: Format(b'B'),
            readonly: false,
            released: Cell::new(false),
        },
        Some(Payload::MemoryView(_)) => {
            let m = live(vm, &obj)?;
            MemoryView { obj: m.obj.clone(), released: Cell::new(false), ..*m }
        }
        _ => {
            return Err(
                vm.new_type_error(format!("memoryview: a bytes-like object is required, not '{}'", vm.type_name(&obj)))
            )
        }
    };
    Ok(new_view(vm, m))
}

fn mv_len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(live(vm, &args.args[0])?.len as i64))
}

fn mv_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__getitem__", 1)?;
    let m = live(vm, &a[0])?;
    if let Some(Payload::Slice(parts)) = a[1].payload() {
        let (start, step, n) = slice_span(vm, parts, m.len)?;
        let sub = MemoryView {
            obj: m.obj.clone(),
            start: if n == 0 { m.start } else { m.offset(start as usize) },
            len: n,
            stride: m.stride * step as isize,
            released: Cell::new(false),
            ..*m
        };
        return Ok(new_view(vm, sub));
    }
    let i = index(vm, m, &a[1])?;
    Ok(m.format.unpack(vm, &m.item(i)))
}

/// A slice of `len` items as (first index, step, number of items).
fn slice_span(vm: &mut Vm, parts: &(Value, Value, Value), len: usize) -> PyResult<(i64, i64, usize)> {
    let (start, stop, step) = parts;
    let (s, e, st) = vm.slice_indices(start, stop, step, len)?;
    let n = if st > 0 { (e - s + st - 1).max(0) / st } else { (s - e - st - 1).max(0) / -st };
    Ok((s, st, n as usize))
}

/// Item `i` of a memoryview for iteration (`None` past the end or once released).
pub fn item_value(vm: &Vm, v: &Value, i: usize) -> Option<Value> {
    let m = view(v);
    (!m.released.get() && i < m.len).then(|| m.format.unpack(vm, &m.item(i)))
}

/// An item index (negative from the end) checked against the view's length.
fn index(vm: &mut Vm, m: &MemoryView, key: &Value) -> PyResult<usize> {
    if key.as_obj().is_some_and(|o| matches!(o.payload, Payload::Tuple(_))) {
        return Err(vm.new_type_error("memoryview: invalid slice key"));
    }
    let i = vm.to_i64_index(key).map_err(|_| vm.new_type_error("memoryview: invalid slice key"))?;
    let j = if i < 0 { i + m.len as i64 } else { i };
    if j < 0 || j >= m.len as i64 {
        return Err(vm.new_index_error("index out of bounds on dimension 1"));
    }
    Ok(j as usize)
}

fn mv_setitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper_unpack(vm, "__setitem__", 2, 2)?;
    let m = live(vm, &a[0])?;
    if m.readonly {
        return Err(vm.new_type_error("cannot modify read-only memory"));
    }
    let n = m.format.size();
    // (offset, bytes) writes, computed before the buffer is borrowed for writing.
    let mut writes: Vec<(usize, Vec<u8>)> = Vec::new();
    if let Some(Payload::Slice(parts)) = a[1].payload() {
        let (start, step, count) = slice_span(vm, parts, m.len)?;
        let src = match a[2].payload() {
            Some(Payload::MemoryView(s)) if s.format != m.format => {
                return Err(vm.new_value_error("memoryview assignment: lvalue and rvalue have different structures"))
            }
            _ => buffer_bytes(&a[2]).ok_or_else(|| {
                vm.new_type_error(format!("a bytes-like object is required, not '{}'", vm.type_name(&a[2])))
            })?,
        };
        if src.len() != count * n {
            return Err(vm.new_value_error("memoryview assignment: lvalue and rvalue have different structures"));
        }
        for k in 0..count {
            let i = (start + k as i64 * step) as usize;
            writes.push((m.offset(i), src[k * n..(k + 1) * n].to_vec()));
        }
    } else {
        let i = index(vm, m, &a[1])?;
        let item = m.format.pack(vm, &a[2])?;
        writes.push((m.offset(i), item));
    }
    if let Some(Payload::ByteArray(b)) = m.obj.payload() {
        let mut b = b.borrow_mut();
        for (o, bytes) in writes {
            b[o..o + bytes.len()].copy_from_slice(&bytes);
        }
    }
    Ok(Value::None)
}

/// `tobytes(order='C')`: every order gives the same bytes for the one-dimensional views made
/// here; the argument is still checked.
fn mv_tobytes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [order] = args.rest().clinic(vm, "tobytes", ["order"], 0, 0, 1)?;
    match order.filter(|o| !o.is_none()) {
        None => {}
        Some(o) => match o.as_str().map(|s| s.as_str()) {
            Some("C" | "F" | "A") => {}
            Some(_) => return Err(vm.new_value_error("order must be 'C', 'F' or 'A'")),
            None => {
                let msg = format!("tobytes() argument 'order' must be str or None, not {}", vm.type_name(&o));
                return Err(vm.new_type_error(msg));
            }
        },
    }
    let m = live(vm, &args.args[0])?;
    Ok(vm.new_bytes(m.bytes()))
}

fn mv_tolist(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "tolist")?;
    let m = live(vm, &args.args[0])?;
    let items = (0..m.len).map(|i| m.format.unpack(vm, &m.item(i))).collect();
    Ok(vm.new_list(items))
}

fn mv_hex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = live(vm, &args.args[0])?;
    let data = m.bytes();
    let [sep, per] = args.rest().bind(vm, "hex", ["sep", "bytes_per_sep"], 0)?;
    crate::objects::bytesmethods::hex_with_sep(vm, &data, sep.as_ref(), per.as_ref())
}

fn mv_release(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "release")?;
    let m = view(&args.args[0]);
    if !m.released.replace(true) {
        export(&m.obj, -1);
    }
    let _ = vm;
    Ok(Value::None)
}

fn mv_enter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    live(vm, &args.args[0])?;
    Ok(args.args[0].clone())
}

fn mv_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    // `METH_VARARGS`: any positional arguments, no keywords.
    args.method_no_kwargs(vm, "__exit__")?;
    mv_release(vm, Args { args: &args.args[..1], kwnames: &[] })
}

fn mv_cast(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fmt, shape] = args.rest().clinic(vm, "cast", ["format", "shape"], 0, 1, 2)?;
    let m = live(vm, &args.args[0])?;
    let fmt = fmt.unwrap();
    let Some(name) = fmt.as_str() else {
        return Err(vm.new_type_error(format!("cast() argument 'format' must be str, not {}", vm.type_name(&fmt))));
    };
    let Some(to) = Format::parse(name.as_str()) else {
        return Err(vm.new_value_error(
            "memoryview: destination format must be a native single character format prefixed with an optional '@'",
        ));
    };
    if !m.contiguous() {
        return Err(vm.new_type_error("memoryview: casts are restricted to C-contiguous views"));
    }
    if !m.format.is_byte() && !to.is_byte() {
        return Err(vm.new_type_error("memoryview: cannot cast between two non-byte formats"));
    }
    let nbytes = m.nbytes();
    if let Some(s) = shape.filter(|s| !s.is_none()) {
        let dims = vm.collect(&s)?;
        let want = match dims.as_slice() {
            [d] => vm.to_i64_index(d)?,
            _ => {
                return Err(
                    vm.new_not_implemented_error("memoryview: multi-dimensional cast is not supported by pyrite yet")
                )
            }
        };
        if want < 0 || want as usize * to.size() != nbytes {
            return Err(vm.new_type_error("memoryview: product(shape) * itemsize != buffer size"));
        }
    }
    if nbytes % to.size() != 0 {
        return Err(vm.new_type_error("memoryview: length is not a multiple of itemsize"));
    }
    let cast = MemoryView {
        obj: m.obj.clone(),
        start: m.start,
        len: nbytes / to.size(),
        stride: to.size() as isize,
        format: to,
        readonly: m.readonly,
        released: Cell::new(false),
    };
    Ok(new_view(vm, cast))
}

fn mv_toreadonly(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "toreadonly")?;
    let m = live(vm, &args.args[0])?;
    let r = MemoryView { obj: m.obj.clone(), readonly: true, released: Cell::new(false), ..*m };
    Ok(new_view(vm, r))
}

fn mv_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__eq__", 1)?;
    let m = view(&a[0]);
    if a[0].is(&a[1]) {
        return Ok(Value::Bool(true));
    }
    if m.released.get() {
        return Ok(Value::Bool(false));
    }
    let other_items = match a[1].payload() {
        Some(Payload::MemoryView(o)) if o.released.get() => return Ok(Value::Bool(false)),
        Some(Payload::MemoryView(o)) => (0..o.len).map(|i| o.format.unpack(vm, &o.item(i))).collect::<Vec<_>>(),
        Some(Payload::Bytes(_)) | Some(Payload::ByteArray(_)) => {
            buffer_bytes(&a[1]).unwrap().into_iter().map(|b| Value::Int(b as i64)).collect()
        }
        _ => return Ok(vm.not_implemented()),
    };
    if other_items.len() != m.len {
        return Ok(Value::Bool(false));
    }
    for (i, o) in other_items.iter().enumerate() {
        let mine = m.format.unpack(vm, &m.item(i));
        if !vm.eq(&mine, o)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn mv_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = live(vm, &args.args[0])?;
    if !m.readonly {
        return Err(vm.new_value_error("cannot hash writable memoryview object"));
    }
    if !m.format.is_byte() {
        return Err(vm.new_value_error("memoryview: hashing is restricted to formats 'B', 'b' or 'c'"));
    }
    Ok(Value::Int(crate::hash::hash_bytes(&m.bytes())))
}

fn mv_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    live(vm, &args.args[0])?;
    Ok(vm.new_native_iter(
        &vm.types.iterator.clone(),
        crate::iter::IterState::Seq { seq: args.args[0].clone(), index: 0 },
    ))
}

fn mv_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = &args.args[0];
    let what = if view(v).released.get() { "released memory" } else { "memory" };
    Ok(vm.new_str(format!("<{what} at {:#x}>", v.id())))
}

const MEMORYVIEW_METHODS: &[MethodDef] = &[
    ("__len__", mv_len, "Return len(self)."),
    ("__getitem__", mv_getitem, "Return self[key]."),
    ("__setitem__", mv_setitem, "Set self[key] to value."),
    ("__eq__", mv_eq, "Return self==value."),
    ("__hash__", mv_hash, "Return hash(self)."),
    ("__iter__", mv_iter, "Implement iter(self)."),
    ("__repr__", mv_repr, "Return repr(self)."),
    ("__enter__", mv_enter, ""),
    ("__exit__", mv_exit, ""),
    ("tobytes", mv_tobytes, "Return the data in the buffer as a byte string."),
    ("tolist", mv_tolist, "Return the data in the buffer as a list of elements."),
    ("hex", mv_hex, "Return the data in the buffer as a str of hexadecimal numbers."),
    ("release", mv_release, "Release the underlying buffer exposed by the memoryview object."),
    ("cast", mv_cast, "Cast a memoryview to a new format or shape."),
    ("toreadonly", mv_toreadonly, "Return a readonly version of the memoryview."),
];

macro_rules! getter {
    ($name:ident, |$vm:ident, $m:ident| $e:expr) => {
        fn $name($vm: &mut Vm, args: Args) -> PyResult<Value> {
            let $m = live($vm, &args.args[0])?;
            Ok($e)
        }
    };
}
getter!(mv_obj, |vm, m| m.obj.clone());
getter!(mv_nbytes, |vm, m| Value::Int(m.nbytes() as i64));
getter!(mv_readonly, |vm, m| Value::Bool(m.readonly));
getter!(mv_itemsize, |vm, m| Value::Int(m.format.size() as i64));
getter!(mv_format, |vm, m| vm.new_str(m.format.name()));
getter!(mv_ndim, |vm, _m| Value::Int(1));
getter!(mv_shape, |vm, m| vm.new_tuple(vec![Value::Int(m.len as i64)]));
getter!(mv_strides, |vm, m| vm.new_tuple(vec![Value::Int(m.stride as i64)]));
getter!(mv_suboffsets, |vm, _m| vm.new_tuple(vec![]));
getter!(mv_contiguous, |vm, m| Value::Bool(m.contiguous()));

pub fn init(vm: &mut Vm) {
    let t = vm.types.memoryview.clone();
    vm.add_static(&t, "__new__", mv_new);
    vm.add_methods(&t, MEMORYVIEW_METHODS);
    for (name, f) in [
        ("obj", mv_obj as crate::func::NativeFn),
        ("nbytes", mv_nbytes),
        ("readonly", mv_readonly),
        ("itemsize", mv_itemsize),
        ("format", mv_format),
        ("ndim", mv_ndim),
        ("shape", mv_shape),
        ("strides", mv_strides),
        ("suboffsets", mv_suboffsets),
        ("c_contiguous", mv_contiguous),
        ("f_contiguous", mv_contiguous),
        ("contiguous", mv_contiguous),
    ] {
        vm.add_getset(&t, name, f, None);
    }
}
