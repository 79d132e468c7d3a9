//! VM stage: `memoryview` over every exporter of the buffer protocol (`buffer.rs`: `bytes`,
//! `bytearray`, `array.array`, `mmap.mmap`, other memoryviews) — CPython 3.11's
//! `Objects/memoryobject.c`: shaped, strided views (`shape`, `strides`, C/F contiguity), item
//! and multi-index reads and writes with the native struct formats, one-dimensional slicing
//! and slice assignment, `cast` (1-D -> N-D and N-D -> 1-D), `tobytes`/`tolist`/`hex`,
//! comparison by unpacked values, hashing of read-only byte views, `release` and the context
//! manager, with CPython's messages. Also the two consumer entry points every bytes-like
//! argument goes through: `buffer_bytes` (a copy) and `with_writable_buffer`.
//! Guarantees: each view counts as one export of its exporter until released or dropped, so
//! the exporter cannot resize under it and every offset computed here stays inside the buffer.
//!
//! Known difference: views of non-native struct formats (none of pyrite's exporters make
//! them) are compared as unequal rather than through the `struct` module.

use crate::buffer;
use crate::func::{Args, MethodDef};
use crate::value::{Object, Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use num_traits::ToPrimitive;
use std::cell::Cell;

/// CPython's `PyBUF_MAX_NDIM`.
const MAX_NDIM: usize = 64;

/// The struct format of a view's items and their size.
#[derive(Clone, PartialEq, Eq)]
struct Format {
    text: Box<str>,
    size: usize,
}

/// The native single-character formats `cast` accepts (`get_native_fmtchar`) and their sizes.
fn native_size(c: u8) -> Option<usize> {
    Some(match c {
        b'c' | b'b' | b'B' | b'?' => 1,
        b'h' | b'H' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' | b'q' | b'Q' | b'n' | b'N' | b'd' | b'P' => 8,
        _ => return None,
    })
}

impl Format {
    /// The format without its optional native-alignment prefix `@`.
    fn adjusted(&self) -> &str {
        self.text.strip_prefix('@').unwrap_or(&self.text)
    }

    /// `get_native_fmtchar`: the native character, `None` for any other format.
    fn native(&self) -> Option<u8> {
        match self.adjusted().as_bytes() {
            [c] if native_size(*c).is_some() => Some(*c),
            _ => None,
        }
    }

    /// `IS_BYTE_FORMAT`: the formats that may be cast to any other and hashed.
    fn is_byte(&self) -> bool {
        matches!(self.native(), Some(b'B' | b'b' | b'c'))
    }

    /// `adjust_fmt`: the one character items are unpacked and packed with.
    fn single(&self, vm: &Vm) -> PyResult<u8> {
        match self.adjusted().as_bytes() {
            [c] => Ok(*c),
            _ => Err(vm.new_not_implemented_error(format!("memoryview: unsupported format {}", self.text))),
        }
    }

    /// `unpack_single`: the Python value of one item.
    fn unpack(&self, vm: &Vm, b: &[u8]) -> PyResult<Value> {
        let c = self.single(vm)?;
        // Items are always whole (exports block resizing); zero-fill defensively all the same,
        // so a short read can never index out of bounds.
        let mut whole = [0u8; 8];
        let b = if b.len() < self.size.min(8) {
            whole[..b.len()].copy_from_slice(b);
            &whole[..self.size.min(8)]
        } else {
            b
        };
        let raw = || {
            let mut a = [0u8; 8];
            a[..b.len().min(8)].copy_from_slice(&b[..b.len().min(8)]);
            u64::from_ne_bytes(a)
        };
        let signed = || {
            let shift = 64 - 8 * b.len().min(8) as u32;
            ((raw() << shift) as i64) >> shift
        };
        Ok(match c {
            b'c' => vm.new_bytes(vec![b[0]]),
            b'?' => Value::Bool(b[0] != 0),
            b'b' | b'h' | b'i' | b'l' | b'q' | b'n' => Value::Int(signed()),
            b'B' | b'H' | b'I' | b'L' | b'Q' | b'N' | b'P' => match i64::try_from(raw()) {
                Ok(i) => Value::Int(i),
                Err(_) => vm.new_bigint(num_bigint::BigInt::from(raw())),
            },
            b'f' => Value::Float(f32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as f64),
            b'd' => Value::Float(f64::from_bits(raw())),
            _ => return Err(vm.new_not_implemented_error(format!("memoryview: format {} not supported", c as char))),
        })
    }

    /// `pack_single`: the bytes of one item, or CPython's error for a value of the wrong type
    /// or out of range.
    fn pack(&self, vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
        let c = self.single(vm)?;
        let invalid_type = |vm: &Vm| vm.new_type_error(format!("memoryview: invalid type for format '{}'", c as char));
        let invalid_value =
            |vm: &Vm| vm.new_value_error(format!("memoryview: invalid value for format '{}'", c as char));
        // `fix_error_int`: conversion errors become the format's type or value error.
        let fix = |vm: &Vm, e: PyRef| {
            let exc = Value::Obj(e.clone());
            if vm.isinstance(&exc, &vm.exc.type_error) {
                invalid_type(vm)
            } else if vm.isinstance(&exc, &vm.exc.overflow_error) || vm.isinstance(&exc, &vm.exc.value_error) {
                invalid_value(vm)
            } else {
                e
            }
        };
        let n = self.size;
        match c {
            b'c' => match v.payload() {
                Some(Payload::Bytes(b)) if b.len() == 1 => Ok(b.to_vec()),
                Some(Payload::Bytes(_)) => Err(invalid_value(vm)),
                _ => Err(invalid_type(vm)),
            },
            b'?' => Ok(vec![vm.truthy(v)? as u8]),
            b'f' => Ok((vm.float_of(v).map_err(|e| fix(vm, e))? as f32).to_ne_bytes().to_vec()),
            b'd' => Ok(vm.float_of(v).map_err(|e| fix(vm, e))?.to_ne_bytes().to_vec()),
            b'b' | b'h' | b'i' | b'l' | b'q' | b'n' | b'B' | b'H' | b'I' | b'L' | b'Q' | b'N' | b'P' => {
                let i = vm.to_index(v).map_err(|e| fix(vm, e))?.to_i128().ok_or_else(|| invalid_value(vm))?;
                let bits = 8 * n as u32;
                let (lo, hi) = match c {
                    b'b' | b'h' | b'i' | b'l' | b'q' | b'n' => (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1),
                    // `PyLong_AsVoidPtr` takes negative values as their two's complement.
                    b'P' => (i64::MIN as i128, u64::MAX as i128),
                    _ => (0, (1i128 << bits) - 1),
                };
                if i < lo || i > hi {
                    return Err(invalid_value(vm));
                }
                Ok(i.to_ne_bytes()[..n].to_vec())
            }
            _ => Err(vm.new_not_implemented_error(format!("memoryview: format {} not supported", c as char))),
        }
    }
}

/// A view: items of `format` laid out by `shape` and `strides` (bytes, negative for reversed
/// slices), the first at byte `start` of the exporter `obj`'s buffer (`obj` is never itself a
/// memoryview: a view of a view shares its exporter, as CPython's managed buffer).
pub struct MemoryView {
    obj: Value,
    start: usize,
    shape: Vec<usize>,
    strides: Vec<isize>,
    format: Format,
    readonly: bool,
    released: Cell<bool>,
    hash: Cell<Option<i64>>,
}

impl Drop for MemoryView {
    fn drop(&mut self) {
        if !self.released.get() {
            buffer::export(&self.obj, -1);
        }
    }
}

impl MemoryView {
    /// A counted export of `obj`'s whole buffer, or `None` when `obj` is no exporter.
    fn of(vm: &Vm, obj: &Value) -> Option<PyResult<MemoryView>> {
        if let Some(Payload::MemoryView(_)) = obj.payload() {
            return Some(
                live(vm, obj).map(|m| m.derive(m.start, m.shape.clone(), m.strides.clone(), m.format.clone())),
            );
        }
        let l = match buffer::layout(vm, obj)? {
            Ok(l) => l,
            Err(e) => return Some(Err(e)),
        };
        let itemsize = l.itemsize.max(1);
        buffer::export(obj, 1);
        Some(Ok(MemoryView {
            obj: obj.clone(),
            start: 0,
            shape: vec![l.len / itemsize],
            strides: vec![itemsize as isize],
            format: Format { text: l.format.into(), size: itemsize },
            readonly: l.readonly,
            released: Cell::new(false),
            hash: Cell::new(None),
        }))
    }

    /// Another counted view of the same exporter.
    fn derive(&self, start: usize, shape: Vec<usize>, strides: Vec<isize>, format: Format) -> MemoryView {
        buffer::export(&self.obj, 1);
        MemoryView {
            obj: self.obj.clone(),
            start,
            shape,
            strides,
            format,
            readonly: self.readonly,
            released: Cell::new(false),
            hash: Cell::new(None),
        }
    }

    fn ndim(&self) -> usize {
        self.shape.len()
    }

    fn count(&self) -> usize {
        self.shape.iter().product()
    }

    fn nbytes(&self) -> usize {
        self.count() * self.format.size
    }

    /// The byte offsets of every item, C order (last index fastest) or Fortran order.
    fn offsets(&self, fortran: bool) -> Vec<usize> {
        let n = self.count();
        let mut out = Vec::with_capacity(n);
        let mut idx = vec![0usize; self.ndim()];
        let dims: Vec<usize> = if fortran { (0..self.ndim()).collect() } else { (0..self.ndim()).rev().collect() };
        for _ in 0..n {
            let off: isize = idx.iter().zip(&self.strides).map(|(&i, &s)| i as isize * s).sum();
            out.push((self.start as isize + off) as usize);
            for &d in &dims {
                idx[d] += 1;
                if idx[d] < self.shape[d] {
                    break;
                }
                idx[d] = 0;
            }
        }
        out
    }

    /// The items' bytes in C order (`fortran`: Fortran order), as `PyBuffer_ToContiguous`.
    fn bytes_in(&self, fortran: bool) -> Vec<u8> {
        let n = self.format.size;
        if self.c_contiguous() && (!fortran || self.ndim() <= 1) {
            let len = self.nbytes();
            return buffer::read(&self.obj, |b| b.get(self.start..self.start + len).unwrap_or_default().to_vec());
        }
        let offsets = self.offsets(fortran);
        buffer::read(&self.obj, |b| {
            let mut out = Vec::with_capacity(offsets.len() * n);
            for o in offsets {
                out.extend_from_slice(b.get(o..o + n).unwrap_or_default());
            }
            out
        })
    }

    fn bytes(&self) -> Vec<u8> {
        self.bytes_in(false)
    }

    /// The unpacked items in C order.
    fn values(&self, vm: &Vm) -> PyResult<Vec<Value>> {
        let data = self.bytes();
        data.chunks_exact(self.format.size.max(1)).map(|b| self.format.unpack(vm, b)).collect()
    }

    /// The one item at byte offset `o`.
    fn item_at(&self, vm: &Vm, o: usize) -> PyResult<Value> {
        let n = self.format.size;
        let b = buffer::read(&self.obj, |b| b.get(o..o + n).unwrap_or_default().to_vec());
        self.format.unpack(vm, &b)
    }

    /// `PyBuffer_IsContiguous(view, 'C')`.
    fn c_contiguous(&self) -> bool {
        let mut sd = self.format.size as isize;
        if self.nbytes() == 0 {
            return true;
        }
        for d in (0..self.ndim()).rev() {
            if self.shape[d] > 1 && self.strides[d] != sd {
                return false;
            }
            sd *= self.shape[d] as isize;
        }
        true
    }

    /// `PyBuffer_IsContiguous(view, 'F')`.
    fn f_contiguous(&self) -> bool {
        let mut sd = self.format.size as isize;
        if self.nbytes() == 0 {
            return true;
        }
        for d in 0..self.ndim() {
            if self.shape[d] > 1 && self.strides[d] != sd {
                return false;
            }
            sd *= self.shape[d] as isize;
        }
        true
    }

    /// `lookup_dimension`: the byte offset of index `i` (negative from the end) along `dim`.
    fn lookup(&self, vm: &Vm, base: usize, dim: usize, i: i64) -> PyResult<usize> {
        let n = self.shape[dim] as i64;
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            return Err(vm.new_index_error(format!("index out of bounds on dimension {}", dim + 1)));
        }
        Ok((base as isize + j as isize * self.strides[dim]) as usize)
    }

    /// `ptr_from_tuple`: the byte offset a full multi-index selects.
    fn offset_of_tuple(&self, vm: &mut Vm, key: &[Value]) -> PyResult<usize> {
        if key.len() > self.ndim() {
            return Err(vm.new_type_error(format!(
                "cannot index {}-dimension view with {}-element tuple",
                self.ndim(),
                key.len()
            )));
        }
        let mut o = self.start;
        for (d, k) in key.iter().enumerate() {
            let i = index_value(vm, k)?;
            o = self.lookup(vm, o, d, i)?;
        }
        Ok(o)
    }
}

/// `PyIndex_Check`.
fn is_index(vm: &Vm, v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_)) || vm.lookup_special(v, "__index__").is_some()
}

/// `PyNumber_AsSsize_t(key, PyExc_IndexError)`.
fn index_value(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    let b = vm.to_index(v)?;
    b.to_i64()
        .ok_or_else(|| vm.new_index_error(format!("cannot fit '{}' into an index-sized integer", vm.type_name(v))))
}

/// The items of a tuple key when all of them are indexes (`is_multiindex`).
fn multi_index(vm: &Vm, key: &Value) -> Option<Vec<Value>> {
    match key.payload() {
        Some(Payload::Tuple(t)) if t.iter().all(|k| is_index(vm, k)) => Some(t.to_vec()),
        _ => None,
    }
}

/// `is_multislice`: a tuple key made only of slices.
fn is_multislice(key: &Value) -> bool {
    matches!(key.payload(), Some(Payload::Tuple(t))
        if !t.is_empty() && t.iter().all(|k| matches!(k.payload(), Some(Payload::Slice(_)))))
}

fn is_ellipsis(vm: &Vm, key: &Value) -> bool {
    matches!(key, Value::Obj(o) if std::rc::Rc::ptr_eq(o, &vm.ellipsis))
}

fn is_empty_tuple(key: &Value) -> bool {
    matches!(key.payload(), Some(Payload::Tuple(t)) if t.is_empty())
}

/// `PyObject_GetBuffer(v, PyBUF_SIMPLE)`, copied: the bytes of a bytes-like object (any
/// C-contiguous exporter of the buffer protocol); `None` for anything else, a released or
/// non-contiguous memoryview, or a closed mmap.
pub fn buffer_bytes(v: &Value) -> Option<Vec<u8>> {
    match v.payload()? {
        Payload::MemoryView(m) if !m.c_contiguous() => None,
        _ => buffer_bytes_any(v),
    }
}

/// `PyBUF_FULL_RO` then `PyBuffer_ToContiguous`: the bytes of any exporter in C order,
/// strided memoryviews included (what `bytes(x)` and `bytearray(x)` take).
pub fn buffer_bytes_any(v: &Value) -> Option<Vec<u8>> {
    match v.payload()? {
        Payload::Bytes(b) => Some(b.to_vec()),
        Payload::ByteArray(b) => Some(b.borrow().clone()),
        Payload::MemoryView(m) if !m.released.get() => Some(m.bytes()),
        Payload::Native(_) => match crate::buffer::layout_quiet(v)? {
            Ok(_) => Some(buffer::read(v, |b| b.to_vec())),
            Err(_) => None,
        },
        _ => None,
    }
}

/// A bytes-like argument (`y*`): `buffer_bytes`, or CPython's error — ValueError for a
/// released memoryview or closed mmap, BufferError for a non-contiguous view, and otherwise
/// the caller's TypeError.
pub fn bytes_like_or(vm: &Vm, v: &Value, type_error: impl FnOnce(&Vm) -> PyRef) -> PyResult<Vec<u8>> {
    if let Some(b) = buffer_bytes(v) {
        return Ok(b);
    }
    match v.payload() {
        Some(Payload::MemoryView(m)) if m.released.get() => Err(released_error(vm)),
        Some(Payload::MemoryView(_)) => {
            Err(vm.new_exception(&vm.exc.buffer_error.clone(), "memoryview: underlying buffer is not C-contiguous"))
        }
        _ => match buffer::layout(vm, v) {
            Some(Err(e)) => Err(e),
            _ => Err(type_error(vm)),
        },
    }
}

/// `bytes_like_or` with the usual "a bytes-like object is required" TypeError.
pub fn bytes_like(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    bytes_like_or(vm, v, |vm| vm.new_type_error(format!("a bytes-like object is required, not '{}'", vm.type_name(v))))
}

/// The item size of a bytes-like object's buffer (`Py_buffer.itemsize`), `None` for a
/// non-exporter: `array.frombytes` and others accept only one-byte items.
pub fn buffer_itemsize(v: &Value) -> Option<usize> {
    match v.payload()? {
        Payload::MemoryView(m) => Some(m.format.size),
        _ => buffer::layout_quiet(v)?.ok().map(|l| l.itemsize),
    }
}

/// Runs `f` on the writable bytes of a read-write, C-contiguous bytes-like object (a bytearray,
/// a writable array or mmap, or such a memoryview of one); `None` for anything else. `f` must
/// not run Python code.
pub fn with_writable_buffer<R>(v: &Value, f: impl FnOnce(&mut [u8]) -> R) -> Option<R> {
    match v.payload()? {
        Payload::MemoryView(m) if !m.released.get() && !m.readonly && m.c_contiguous() => {
            let (start, len) = (m.start, m.nbytes());
            buffer::write(&m.obj, |b| {
                let end = (start + len).min(b.len());
                f(&mut b[start.min(end)..end])
            })
        }
        Payload::MemoryView(_) => None,
        _ => buffer::write(v, f),
    }
}

/// The size of `v` taken as a writable buffer (`PyObject_GetBuffer(v, PyBUF_WRITABLE)` in
/// `iov_setup`), or the error that call raises.
pub fn writable_len(vm: &Vm, v: &Value) -> PyResult<usize> {
    if let Some(n) = with_writable_buffer(v, |b| b.len()) {
        return Ok(n);
    }
    let buffer_error = |msg: &str| vm.new_exception(&vm.exc.buffer_error.clone(), msg);
    match v.payload() {
        Some(Payload::MemoryView(m)) if m.released.get() => Err(released_error(vm)),
        Some(Payload::MemoryView(m)) if m.readonly => {
            Err(buffer_error("memoryview: underlying buffer is not writable"))
        }
        Some(Payload::MemoryView(_)) => Err(buffer_error("memoryview: underlying buffer is not C-contiguous")),
        _ => match buffer::layout(vm, v) {
            Some(Err(e)) => Err(e),
            Some(Ok(_)) => Err(buffer_error("Object is not writable.")),
            None => Err(vm.new_type_error(format!("a bytes-like object is required, not '{}'", vm.type_name(v)))),
        },
    }
}

/// Hands the first `n` bytes of `data` (read into one `Vec` per target, as `readv`/`recvmsg`
/// fill their iovecs) to the writable buffers `targets`, each its own part in order.
pub fn scatter_into(targets: &[Value], data: &[Vec<u8>], n: usize) {
    let mut left = n;
    for (t, b) in targets.iter().zip(data) {
        if left == 0 {
            break;
        }
        let k = left.min(b.len());
        with_writable_buffer(t, |dst| {
            let k = k.min(dst.len());
            dst[..k].copy_from_slice(&b[..k]);
        });
        left -= k;
    }
}

/// The "w*" conversion for Python code (`_pyrite.writable_view`): a one-byte-per-item view of
/// a read-write, C-contiguous buffer, or CPython's TypeError (prefixed by `what`) for anything
/// else, a released view included.
pub fn writable_bytes_view(vm: &Vm, v: &Value, what: &str) -> PyResult<Value> {
    let m = match MemoryView::of(vm, v) {
        Some(m) if with_writable_buffer(v, |_| ()).is_some() => m?,
        _ => {
            return Err(vm.new_type_error(format!(
                "{what}argument must be read-write bytes-like object, not {}",
                vm.type_name(v)
            )))
        }
    };
    let n = m.nbytes();
    let bytes = m.derive(m.start, vec![n], vec![1], Format { text: "B".into(), size: 1 });
    Ok(new_view(vm, bytes))
}

fn view(v: &Value) -> &MemoryView {
    match v.payload() {
        Some(Payload::MemoryView(m)) => m,
        _ => unreachable!("memoryview method on a non-memoryview"),
    }
}

/// The view, or CPython's error once it was released (`CHECK_RELEASED`).
fn live<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a MemoryView> {
    let m = view(v);
    if m.released.get() {
        return Err(released_error(vm));
    }
    Ok(m)
}

fn released_error(vm: &Vm) -> PyRef {
    vm.new_value_error("operation forbidden on released memoryview object")
}

fn new_view(vm: &Vm, m: MemoryView) -> Value {
    Value::Obj(Object::new(vm.types.memoryview.clone(), Payload::MemoryView(Box::new(m))))
}

/// `memoryview(object)`.
fn mv_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [obj] = Args { args: &args.args[1..], kwnames: args.kwnames }.clinic(vm, "memoryview", ["object"], 0, 1, 1)?;
    let obj = obj.unwrap();
    match MemoryView::of(vm, &obj) {
        Some(m) => Ok(new_view(vm, m?)),
        None => {
            Err(vm.new_type_error(format!("memoryview: a bytes-like object is required, not '{}'", vm.type_name(&obj))))
        }
    }
}

fn mv_len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = live(vm, &args.args[0])?;
    // `memory_length`: a 0-dim view holds one item.
    Ok(Value::Int(m.shape.first().copied().unwrap_or(1) as i64))
}

/// A slice of `len` items as (first index, step, number of items).
fn slice_span(vm: &mut Vm, parts: &(Value, Value, Value), len: usize) -> PyResult<(i64, i64, usize)> {
    let (start, stop, step) = parts;
    let (s, e, st) = vm.slice_indices(start, stop, step, len)?;
    let n = if st > 0 { (e - s + st - 1).max(0) / st } else { (s - e - st - 1).max(0) / -st };
    Ok((s, st, n as usize))
}

/// `init_slice` on the first dimension: the sliced view.
fn sliced(vm: &mut Vm, m: &MemoryView, parts: &(Value, Value, Value)) -> PyResult<MemoryView> {
    let (start, step, n) = slice_span(vm, parts, m.shape[0])?;
    let first = (m.start as isize + start as isize * m.strides[0]).max(0) as usize;
    let mut shape = m.shape.clone();
    let mut strides = m.strides.clone();
    shape[0] = n;
    // As C's Py_ssize_t product: only a one-item view can get a step this large, and its
    // stride is never used.
    strides[0] = strides[0].wrapping_mul(step as isize);
    Ok(m.derive(if n == 0 { m.start } else { first }, shape, strides, m.format.clone()))
}

/// `memory_subscript`.
fn mv_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__getitem__", 1)?;
    let m = live(vm, &a[0])?;
    let key = &a[1];
    if m.ndim() == 0 {
        if is_empty_tuple(key) {
            return m.item_at(vm, m.start);
        }
        if is_ellipsis(vm, key) {
            return Ok(a[0].clone());
        }
        return Err(vm.new_type_error("invalid indexing of 0-dim memory"));
    }
    if is_index(vm, key) {
        let i = index_value(vm, key)?;
        m.format.single(vm)?;
        if m.ndim() > 1 {
            return Err(vm.new_not_implemented_error("multi-dimensional sub-views are not implemented"));
        }
        let o = m.lookup(vm, m.start, 0, i)?;
        return m.item_at(vm, o);
    }
    if let Some(Payload::Slice(parts)) = key.payload() {
        let sub = sliced(vm, m, parts)?;
        return Ok(new_view(vm, sub));
    }
    if let Some(items) = multi_index(vm, key) {
        m.format.single(vm)?;
        if items.len() < m.ndim() {
            return Err(vm.new_not_implemented_error("sub-views are not implemented"));
        }
        let o = m.offset_of_tuple(vm, &items)?;
        return m.item_at(vm, o);
    }
    if is_multislice(key) {
        return Err(vm.new_not_implemented_error("multi-dimensional slicing is not implemented"));
    }
    Err(vm.new_type_error("memoryview: invalid slice key"))
}

/// Item `i` of a one-dimensional memoryview for iteration (`None` past the end or once
/// released).
pub fn item_value(vm: &Vm, v: &Value, i: usize) -> PyResult<Option<Value>> {
    let m = view(v);
    if m.released.get() || m.ndim() != 1 || i >= m.shape[0] {
        return Ok(None);
    }
    let o = (m.start as isize + i as isize * m.strides[0]) as usize;
    m.item_at(vm, o).map(Some)
}

/// `memory_ass_sub`.
fn mv_setitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper_unpack(vm, "__setitem__", 2, 2)?;
    let m = live(vm, &a[0])?;
    m.format.single(vm)?;
    if m.readonly {
        return Err(vm.new_type_error("cannot modify read-only memory"));
    }
    let (key, value) = (&a[1], &a[2]);
    // (offset, bytes) writes, computed before the buffer is lent for writing.
    let mut writes: Vec<(usize, Vec<u8>)> = Vec::new();
    if m.ndim() == 0 {
        if is_empty_tuple(key) || is_ellipsis(vm, key) {
            writes.push((m.start, m.format.pack(vm, value)?));
        } else {
            return Err(vm.new_type_error("invalid indexing of 0-dim memory"));
        }
    } else if is_index(vm, key) {
        if m.ndim() > 1 {
            return Err(vm.new_not_implemented_error("sub-views are not implemented"));
        }
        let i = index_value(vm, key)?;
        let o = m.lookup(vm, m.start, 0, i)?;
        writes.push((o, m.format.pack(vm, value)?));
    } else if let (Some(Payload::Slice(parts)), 1) = (key.payload(), m.ndim()) {
        let src = match MemoryView::of(vm, value) {
            Some(s) => s?,
            None => {
                return Err(vm.new_type_error(format!("a bytes-like object is required, not '{}'", vm.type_name(value))))
            }
        };
        let dest = sliced(vm, m, parts)?;
        // `equiv_structure`: same format, item size and shape.
        if dest.format.adjusted() != src.format.adjusted()
            || dest.format.size != src.format.size
            || dest.shape != src.shape
        {
            return Err(vm.new_value_error("memoryview assignment: lvalue and rvalue have different structures"));
        }
        let data = src.bytes();
        let n = m.format.size;
        for (k, o) in dest.offsets(false).into_iter().enumerate() {
            writes.push((o, data.get(k * n..(k + 1) * n).unwrap_or_default().to_vec()));
        }
    } else if let Some(items) = multi_index(vm, key) {
        if items.len() < m.ndim() {
            return Err(vm.new_not_implemented_error("sub-views are not implemented"));
        }
        let o = m.offset_of_tuple(vm, &items)?;
        writes.push((o, m.format.pack(vm, value)?));
    } else if matches!(key.payload(), Some(Payload::Slice(_))) || is_multislice(key) {
        return Err(vm.new_not_implemented_error("memoryview slice assignments are currently restricted to ndim = 1"));
    } else {
        return Err(vm.new_type_error("memoryview: invalid slice key"));
    }
    buffer::write(&m.obj, |b| {
        for (o, bytes) in writes {
            if let Some(dst) = b.get_mut(o..o + bytes.len()) {
                dst.copy_from_slice(&bytes);
            }
        }
    });
    Ok(Value::None)
}

fn mv_delitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__delitem__", 1)?;
    let m = live(vm, &a[0])?;
    m.format.single(vm)?;
    if m.readonly {
        return Err(vm.new_type_error("cannot modify read-only memory"));
    }
    Err(vm.new_type_error("cannot delete memory"))
}

/// `tobytes(order='C')`: 'F' gives Fortran order, 'A' Fortran order only for a view that is
/// Fortran- but not C-contiguous (as `PyBuffer_ToContiguous`).
fn mv_tobytes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [order] = args.rest().clinic(vm, "tobytes", ["order"], 0, 0, 1)?;
    let order = match order.filter(|o| !o.is_none()) {
        None => 'C',
        Some(o) => match o.as_str().map(|s| s.as_str()) {
            Some("C") => 'C',
            Some("F") => 'F',
            Some("A") => 'A',
            Some(_) => return Err(vm.new_value_error("order must be 'C', 'F' or 'A'")),
            None => {
                let msg = format!("tobytes() argument 'order' must be str or None, not {}", vm.type_name(&o));
                return Err(vm.new_type_error(msg));
            }
        },
    };
    let m = live(vm, &args.args[0])?;
    let fortran = order == 'F' || (order == 'A' && m.f_contiguous() && !m.c_contiguous());
    Ok(vm.new_bytes(m.bytes_in(fortran)))
}

/// `tolist()`: nested lists, one level per dimension (the bare item for a 0-dim view).
fn mv_tolist(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "tolist")?;
    let m = live(vm, &args.args[0])?;
    m.format.single(vm)?;
    let mut items = m.values(vm)?;
    if m.ndim() == 0 {
        return Ok(items.pop().unwrap_or(Value::None));
    }
    // Group from the innermost dimension out.
    for d in (1..m.ndim()).rev() {
        let n = m.shape[d];
        items = items.chunks(n.max(1)).map(|c| vm.new_list(c.to_vec())).collect();
    }
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
        buffer::export(&m.obj, -1);
    }
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

/// The dimensions of `cast(..., shape)` (`copy_shape` and the checks around it), before the
/// product is compared with the buffer size.
fn cast_shape(vm: &mut Vm, shape: &Value) -> PyResult<Vec<Value>> {
    let dims = match shape.payload() {
        Some(Payload::List(l)) => l.borrow().clone(),
        Some(Payload::Tuple(t)) => t.to_vec(),
        _ => return Err(vm.new_type_error("shape must be a list or a tuple")),
    };
    if dims.len() > MAX_NDIM {
        return Err(vm.new_value_error(format!("memoryview: number of dimensions must not exceed {MAX_NDIM}")));
    }
    Ok(dims)
}

/// `copy_shape`: the dimensions as sizes and the byte length they make with `itemsize`,
/// checked only once the format is known (CPython's order of errors).
fn copy_shape(vm: &mut Vm, dims: &[Value], itemsize: usize) -> PyResult<(Vec<usize>, usize)> {
    let mut len = itemsize;
    let mut out = Vec::with_capacity(dims.len());
    for d in dims {
        if !(matches!(d, Value::Int(_) | Value::Bool(_)) || matches!(d.payload(), Some(Payload::Int(_)))) {
            return Err(vm.new_type_error("memoryview.cast(): elements of shape must be integers"));
        }
        let x = vm
            .to_index(d)?
            .to_i64()
            .ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C ssize_t"))?;
        if x <= 0 {
            return Err(vm.new_value_error("memoryview.cast(): elements of shape must be integers > 0"));
        }
        len = match len.checked_mul(x as usize).filter(|&l| l <= isize::MAX as usize) {
            Some(l) => l,
            None => return Err(vm.new_value_error("memoryview.cast(): product(shape) > SSIZE_MAX")),
        };
        out.push(x as usize);
    }
    Ok((out, len))
}

/// `memory_cast`: `cast(format[, shape])`, 1-D -> N-D or N-D -> 1-D of a C-contiguous view.
fn mv_cast(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fmt, shape] = args.rest().clinic(vm, "cast", ["format", "shape"], 0, 1, 2)?;
    let fmt = fmt.unwrap();
    let Some(name) = fmt.as_str() else {
        return Err(vm.new_type_error(format!("cast() argument 'format' must be str, not {}", vm.type_name(&fmt))));
    };
    let name = name.as_str().to_string();
    let shape = shape.filter(|s| !s.is_none());
    let m = live(vm, &args.args[0])?;
    if !m.c_contiguous() {
        return Err(vm.new_type_error("memoryview: casts are restricted to C-contiguous views"));
    }
    if (shape.is_some() || m.ndim() != 1) && m.shape.contains(&0) {
        return Err(vm.new_type_error("memoryview: cannot cast view with zeros in shape or strides"));
    }
    let dims = match &shape {
        Some(s) => {
            let dims = cast_shape(vm, s)?;
            if m.ndim() != 1 && dims.len() != 1 {
                return Err(vm.new_type_error("memoryview: cast must be 1D -> ND or ND -> 1D"));
            }
            Some(dims)
        }
        None => None,
    };
    // `cast_to_1D`: the format goes through `PyUnicode_AsASCIIString` first, so a non-ASCII
    // one is a UnicodeEncodeError.
    if !name.is_ascii() {
        crate::codecs::encode_with(vm, &name, crate::codecs::Codec::Ascii, "strict")?;
    }
    let size = match name.strip_prefix('@').unwrap_or(&name).as_bytes() {
        [c] => native_size(*c),
        _ => None,
    };
    let Some(size) = size else {
        return Err(vm.new_value_error(
            "memoryview: destination format must be a native single character format prefixed with an optional '@'",
        ));
    };
    let to = Format { text: name.into(), size };
    if !m.format.is_byte() && !to.is_byte() {
        return Err(vm.new_type_error("memoryview: cannot cast between two non-byte formats"));
    }
    let nbytes = m.nbytes();
    if nbytes % size != 0 {
        return Err(vm.new_type_error("memoryview: length is not a multiple of itemsize"));
    }
    let (shape, strides) = match dims {
        None => (vec![nbytes / size], vec![size as isize]),
        Some(dims) => {
            // `cast_to_ND`: the product must cover the buffer exactly; C-order strides.
            let (dims, len) = copy_shape(vm, &dims, size)?;
            if len != nbytes {
                return Err(vm.new_type_error("memoryview: product(shape) * itemsize != buffer size"));
            }
            let mut strides = vec![0isize; dims.len()];
            let mut sd = size as isize;
            for d in (0..dims.len()).rev() {
                strides[d] = sd;
                sd *= dims[d] as isize;
            }
            (dims, strides)
        }
    };
    let cast = m.derive(m.start, shape, strides, to);
    Ok(new_view(vm, cast))
}

fn mv_toreadonly(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "toreadonly")?;
    let m = live(vm, &args.args[0])?;
    let mut r = m.derive(m.start, m.shape.clone(), m.strides.clone(), m.format.clone());
    r.readonly = true;
    Ok(new_view(vm, r))
}

/// `memory_richcompare` for `==`: equal shapes and equal unpacked items (so NaNs differ and
/// 'B' items never equal 'c' items); a non-exporter gives NotImplemented.
fn equal(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<Option<bool>> {
    let m = view(a);
    // `BASE_INACCESSIBLE`: a released view equals only itself.
    if m.released.get() || matches!(b.payload(), Some(Payload::MemoryView(o)) if o.released.get()) {
        return Ok(Some(a.is(b)));
    }
    let other = match MemoryView::of(vm, b) {
        None => return Ok(None),
        Some(Err(_)) => return Ok(None),
        Some(Ok(o)) => o,
    };
    if m.ndim() != other.ndim() || m.shape != other.shape {
        return Ok(Some(false));
    }
    // Formats that cannot be unpacked compare unequal (`fix_struct_error_int`).
    let (Ok(mine), Ok(theirs)) = (m.values(vm), other.values(vm)) else {
        return Ok(Some(false));
    };
    for (x, y) in mine.iter().zip(&theirs) {
        // No identity shortcut: a NaN item differs from itself.
        let r = vm.compare(x, y, 2)?;
        if !vm.truthy(&r)? {
            return Ok(Some(false));
        }
    }
    Ok(Some(true))
}

fn mv_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__eq__", 1)?;
    Ok(equal(vm, &a[0], &a[1])?.map(Value::Bool).unwrap_or_else(|| vm.not_implemented()))
}

fn mv_ne(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__ne__", 1)?;
    Ok(equal(vm, &a[0], &a[1])?.map(|e| Value::Bool(!e)).unwrap_or_else(|| vm.not_implemented()))
}

/// `memory_hash`: read-only byte views hash as the bytes they hold (cached, so a released
/// view keeps its hash), after checking that the exporter itself is hashable.
fn mv_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = view(&args.args[0]);
    if let Some(h) = m.hash.get() {
        return Ok(Value::Int(h));
    }
    let m = live(vm, &args.args[0])?;
    if !m.readonly {
        return Err(vm.new_value_error("cannot hash writable memoryview object"));
    }
    if !m.format.is_byte() {
        return Err(vm.new_value_error("memoryview: hashing is restricted to formats 'B', 'b' or 'c'"));
    }
    vm.hash(&m.obj)?;
    let h = crate::hash::hash_bytes(&m.bytes());
    m.hash.set(Some(h));
    Ok(Value::Int(h))
}

fn mv_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = live(vm, &args.args[0])?;
    match m.ndim() {
        0 => return Err(vm.new_type_error("invalid indexing of 0-dim memory")),
        1 => {}
        _ => return Err(vm.new_not_implemented_error("multi-dimensional sub-views are not implemented")),
    }
    m.format.single(vm)?;
    Ok(vm.new_native_iter(
        &vm.types.iterator.clone(),
        crate::iter::IterState::Seq { seq: args.args[0].clone(), index: 0 },
    ))
}

/// Pickling is refused: CPython's `object.__reduce_ex__` rejects the variable-size type.
fn mv_reduce_ex(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(vm.new_type_error("cannot pickle memoryview objects"))
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
    ("__delitem__", mv_delitem, "Delete self[key]."),
    ("__eq__", mv_eq, "Return self==value."),
    ("__ne__", mv_ne, "Return self!=value."),
    ("__hash__", mv_hash, "Return hash(self)."),
    ("__iter__", mv_iter, "Implement iter(self)."),
    ("__repr__", mv_repr, "Return repr(self)."),
    ("__reduce_ex__", mv_reduce_ex, "Helper for pickle."),
    ("__enter__", mv_enter, ""),
    ("__exit__", mv_exit, ""),
    ("tobytes", mv_tobytes, "Return the data in the buffer as a byte string."),
    ("tolist", mv_tolist, "Return the data in the buffer as a list of elements."),
    ("hex", mv_hex, "Return the data in the buffer as a str of hexadecimal numbers."),
    ("release", mv_release, "Release the underlying buffer exposed by the memoryview object."),
    ("cast", mv_cast, "Cast a memoryview to a new format or shape."),
    ("toreadonly", mv_toreadonly, "Return a readonly version of the memoryview."),
];

fn ints(vm: &Vm, xs: impl Iterator<Item = i64>) -> Value {
    vm.new_tuple(xs.map(Value::Int).collect::<Vec<_>>())
}

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
getter!(mv_itemsize, |vm, m| Value::Int(m.format.size as i64));
getter!(mv_format, |vm, m| vm.new_str(&*m.format.text));
getter!(mv_ndim, |vm, m| Value::Int(m.ndim() as i64));
getter!(mv_shape, |vm, m| ints(vm, m.shape.iter().map(|&s| s as i64)));
getter!(mv_strides, |vm, m| ints(vm, m.strides.iter().map(|&s| s as i64)));
getter!(mv_suboffsets, |vm, _m| vm.new_tuple(vec![]));
getter!(mv_c_contiguous, |vm, m| Value::Bool(m.c_contiguous()));
getter!(mv_f_contiguous, |vm, m| Value::Bool(m.f_contiguous()));
getter!(mv_contiguous, |vm, m| Value::Bool(m.c_contiguous() || m.f_contiguous()));

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
        ("c_contiguous", mv_c_contiguous),
        ("f_contiguous", mv_f_contiguous),
        ("contiguous", mv_contiguous),
    ] {
        vm.add_getset(&t, name, f, None);
    }
}
