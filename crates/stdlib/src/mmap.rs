//! Stdlib stage: the `mmap` module on Linux — `mmap.mmap` over a file descriptor or anonymous
//! memory with CPython 3.11's constructor checks (`access`/`flags`/`prot`, `offset`, empty and
//! short files), `close`/`closed`, `find`/`rfind`, `flush`, `madvise`, `move`, `read`,
//! `read_byte`, `readline`, `resize` (ftruncate + mremap), `seek`/`tell`, `size`, `write`,
//! `write_byte`, `len`, indexing and (extended) slicing for reading and writing, iteration
//! (one-byte `bytes` items, as CPython's sequence protocol), the context manager, the repr,
//! every Linux constant, and CPython's messages for misuse. Guarantees: the mapping is unmapped
//! and the duplicated descriptor closed exactly once (on `close()` or when the object dies);
//! no pointer into the mapping is used after it is unmapped or remapped, and every argument
//! conversion (which may run Python code) happens before the state is borrowed.
//!
//! The mapping is an exporter of the buffer protocol (`vm::buffer`): `memoryview(m)`,
//! `f.readinto(m)`, `bytes(m)` work, and `close`/`resize` raise CPython's `BufferError` while
//! a view is alive (so no view outlives the mapping). Known difference: `sys.audit` is not
//! called.

use crate::native::{self, new_args, new_instance};
use num_traits::ToPrimitive;
use std::cell::RefCell;
use vm::func::{Args, MethodDef};
use vm::types::Layout;
use vm::value::{Payload, PyRef, Value};
use vm::{PyResult, Vm};

const ACCESS_DEFAULT: i64 = 0;
const ACCESS_READ: i64 = 1;
const ACCESS_WRITE: i64 = 2;
const ACCESS_COPY: i64 = 3;

/// The state of one `mmap.mmap`: `data` is null once closed.
pub struct Mmap {
    data: *mut u8,
    size: usize,
    pos: usize,
    offset: i64,
    fd: i32,
    access: i64,
}

impl Mmap {
    fn close(&mut self) {
        if self.fd >= 0 {
            // SAFETY: the descriptor was duplicated for this object and is closed only here.
            unsafe { libc::close(self.fd) };
            self.fd = -1;
        }
        if !self.data.is_null() {
            // SAFETY: `data`/`size` describe the live mapping made (or remapped) for this object.
            unsafe { libc::munmap(self.data as *mut libc::c_void, self.size) };
            self.data = std::ptr::null_mut();
        }
    }

    fn bytes(&self) -> &[u8] {
        if self.data.is_null() {
            return &[];
        }
        // SAFETY: a live mapping of `size` bytes.
        unsafe { std::slice::from_raw_parts(self.data, self.size) }
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        if self.data.is_null() {
            return &mut [];
        }
        // SAFETY: a live mapping of `size` bytes; writes to a read-only mapping are refused
        // before this is called (`writable`).
        unsafe { std::slice::from_raw_parts_mut(self.data, self.size) }
    }
}

impl Drop for Mmap {
    fn drop(&mut self) {
        self.close();
    }
}

struct MmapIter {
    map: Option<Value>,
    index: usize,
}

vm::gil_local! {
    static TYPES: RefCell<Option<(PyRef, PyRef)>> = const { RefCell::new(None) };
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EINVAL)
}

fn os_err(vm: &Vm) -> PyRef {
    vm.os_error_errno(errno(), None, None)
}

fn cell<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a RefCell<Mmap>> {
    native::state::<Mmap>(v).ok_or_else(|| native::wrong_self(vm, v, "mmap.mmap"))
}

fn closed_err(vm: &Vm) -> PyRef {
    vm.new_value_error("mmap closed or invalid")
}

/// The state of an open mmap (`CHECK_VALID`).
fn valid<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a RefCell<Mmap>> {
    let c = cell(vm, v)?;
    if c.borrow().data.is_null() {
        return Err(closed_err(vm));
    }
    Ok(c)
}

fn writable(vm: &Vm, m: &Mmap) -> PyResult<()> {
    if m.access == ACCESS_READ {
        return Err(vm.new_type_error("mmap can't modify a readonly memory map."));
    }
    Ok(())
}

/// `PyArg_ParseTuple`'s `n` (Py_ssize_t).
fn ssize(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    if let Value::Int(i) = v {
        return Ok(*i);
    }
    let b = vm.to_index(v)?;
    b.to_i64().ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C ssize_t"))
}

/// `PyArg_ParseTuple`'s `i` (C int).
fn c_int(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let b = long(vm, v)?;
    if b > i32::MAX as i64 {
        return Err(vm.new_overflow_error("signed integer is greater than maximum"));
    }
    if b < i32::MIN as i64 {
        return Err(vm.new_overflow_error("signed integer is less than minimum"));
    }
    Ok(b as i32)
}

/// A C long (`PyLong_AsLong` after `__index__`), with its OverflowError.
fn long(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    if let Value::Int(i) = v {
        return Ok(*i);
    }
    let b = vm.to_index(v)?;
    b.to_i64().ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C long"))
}

/// The bytes of a bytes-like argument (`y*`), or CPython's TypeError.
fn bytes_arg(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    vm::objects::memoryview::bytes_like(vm, v)
}

fn is_index(vm: &Vm, v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_))
        || matches!(v.payload(), Some(Payload::Int(_)))
        || vm.lookup_special(v, "__index__").is_some()
}

// ---------------------------------------------------------------------------------------------
// Construction
// ---------------------------------------------------------------------------------------------

/// `PyArg_ParseTupleAndKeywords` for `mmap(fileno, length, flags, prot, access, offset)`.
fn bind_new(vm: &Vm, args: &Args) -> PyResult<[Option<Value>; 6]> {
    const NAMES: [&str; 6] = ["fileno", "length", "flags", "prot", "access", "offset"];
    let pos = args.pos();
    let total = args.args.len();
    if total > 6 {
        return Err(vm.new_type_error(format!("function takes at most 6 arguments ({total} given)")));
    }
    let mut out: [Option<Value>; 6] = std::array::from_fn(|i| pos.get(i).cloned());
    for (k, v) in args.kwargs() {
        match NAMES.iter().position(|n| *n == k) {
            Some(i) if out[i].is_none() => out[i] = Some(v.clone()),
            Some(i) => {
                return Err(
                    vm.new_type_error(format!("argument for function given by name ('{k}') and position ({})", i + 1))
                )
            }
            None => return Err(vm.new_type_error(format!("'{k}' is an invalid keyword argument for this function"))),
        }
    }
    for (i, o) in out.iter().enumerate().take(2) {
        if o.is_none() {
            return Err(vm.new_type_error(format!(
                "function missing required argument '{}' (pos {})",
                NAMES[i],
                i + 1
            )));
        }
    }
    Ok(out)
}

fn mmap_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, rest) = new_args(&args);
    let a = bind_new(vm, &rest)?;
    let fd = c_int(vm, a[0].as_ref().unwrap())?;
    let length = ssize(vm, a[1].as_ref().unwrap())?;
    let mut flags = match &a[2] {
        Some(v) => c_int(vm, v)?,
        None => libc::MAP_SHARED,
    };
    let mut prot = match &a[3] {
        Some(v) => c_int(vm, v)?,
        None => libc::PROT_READ | libc::PROT_WRITE,
    };
    let mut access = match &a[4] {
        Some(v) => c_int(vm, v)? as i64,
        None => ACCESS_DEFAULT,
    };
    let offset = match &a[5] {
        Some(v) => {
            let b = vm.to_index(v)?;
            b.to_i64().ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C long"))?
        }
        None => 0,
    };
    if length < 0 {
        return Err(vm.new_overflow_error("memory mapped length must be positive"));
    }
    if offset < 0 {
        return Err(vm.new_overflow_error("memory mapped offset must be positive"));
    }
    if access != ACCESS_DEFAULT && (flags != libc::MAP_SHARED || prot != (libc::PROT_READ | libc::PROT_WRITE)) {
        return Err(vm.new_value_error("mmap can't specify both access and flags, prot."));
    }
    match access {
        ACCESS_READ => {
            flags = libc::MAP_SHARED;
            prot = libc::PROT_READ;
        }
        ACCESS_WRITE => {
            flags = libc::MAP_SHARED;
            prot = libc::PROT_READ | libc::PROT_WRITE;
        }
        ACCESS_COPY => {
            flags = libc::MAP_PRIVATE;
            prot = libc::PROT_READ | libc::PROT_WRITE;
        }
        ACCESS_DEFAULT => {
            if prot & libc::PROT_READ != 0 && prot & libc::PROT_WRITE != 0 {
            } else if prot & libc::PROT_WRITE != 0 {
                access = ACCESS_WRITE;
            } else {
                access = ACCESS_READ;
            }
        }
        _ => return Err(vm.new_value_error("mmap invalid access parameter.")),
    }
    let mut size = length;
    if fd != -1 {
        // SAFETY: fstat only writes the struct it is given.
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        if unsafe { libc::fstat(fd, &mut st) } == 0 && (st.st_mode & libc::S_IFMT) == libc::S_IFREG {
            let file_size = st.st_size;
            if size == 0 {
                if file_size == 0 {
                    return Err(vm.new_value_error("cannot mmap an empty file"));
                }
                if offset >= file_size {
                    return Err(vm.new_value_error("mmap offset is greater than file size"));
                }
                size = file_size - offset;
            } else if offset > file_size || file_size - offset < size {
                return Err(vm.new_value_error("mmap length is greater than file size"));
            }
        }
    }
    let mut m = Mmap { data: std::ptr::null_mut(), size: size as usize, pos: 0, offset, fd: -1, access };
    if fd == -1 {
        flags |= libc::MAP_ANONYMOUS;
    } else {
        // SAFETY: dup has no memory effects.
        let dupfd = unsafe { libc::dup(fd) };
        if dupfd < 0 {
            return Err(os_err(vm));
        }
        m.fd = dupfd;
    }
    // SAFETY: a fresh mapping chosen by the kernel; failure is checked.
    let p = unsafe { libc::mmap(std::ptr::null_mut(), m.size, prot, flags, fd, offset as libc::off_t) };
    if p == libc::MAP_FAILED {
        let e = os_err(vm);
        return Err(e);
    }
    m.data = p as *mut u8;
    Ok(new_instance(vm, &cls, m))
}

// ---------------------------------------------------------------------------------------------
// Methods
// ---------------------------------------------------------------------------------------------

/// `mmap_close_method`: refused while a memoryview of the mapping is alive.
fn close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "close")?;
    let c = cell(vm, &args.args[0])?;
    vm::buffer::check_unexported(vm, &args.args[0], "cannot close exported pointers exist")?;
    c.borrow_mut().close();
    Ok(Value::None)
}

fn closed(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Bool(cell(vm, &args.args[0])?.borrow().data.is_null()))
}

fn read_byte(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "read_byte")?;
    let mut m = valid(vm, &args.args[0])?.borrow_mut();
    if m.pos >= m.size {
        return Err(vm.new_value_error("read byte out of range"));
    }
    let b = m.bytes()[m.pos];
    m.pos += 1;
    Ok(Value::Int(b as i64))
}

fn readline(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "readline")?;
    let mut m = valid(vm, &args.args[0])?.borrow_mut();
    let start = m.pos.min(m.size);
    let rest = &m.bytes()[start..];
    let n = rest.iter().position(|&b| b == b'\n').map_or(rest.len(), |i| i + 1);
    let out = rest[..n].to_vec();
    m.pos = start + n;
    Ok(vm.new_bytes(out))
}

fn read(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.varargs(vm, "read", 0, 1)?;
    valid(vm, &a[0])?;
    let n = match a.get(1) {
        None | Some(Value::None) => -1,
        Some(v) if is_index(vm, v) => vm.to_i64_index(v)?,
        Some(v) => {
            return Err(vm.new_type_error(format!("argument should be integer or None, not '{}'", vm.type_name(v))))
        }
    };
    let mut m = valid(vm, &a[0])?.borrow_mut();
    let start = m.pos.min(m.size);
    let remaining = m.size - start;
    let n = if n < 0 || n as u64 > remaining as u64 { remaining } else { n as usize };
    let out = m.bytes()[start..start + n].to_vec();
    m.pos = start + n;
    Ok(vm.new_bytes(out))
}

/// Clamps a find bound as CPython does (negative counts from the end).
fn clamp(i: i64, size: usize) -> usize {
    let size = size as i64;
    let i = if i < 0 { i + size } else { i };
    i.clamp(0, size) as usize
}

fn gfind(vm: &mut Vm, args: Args, name: &str, reverse: bool) -> PyResult<Value> {
    let a = args.varargs(vm, name, 1, 3)?;
    valid(vm, &a[0])?;
    let needle = bytes_arg(vm, &a[1])?;
    let start = match a.get(2) {
        Some(v) => Some(ssize(vm, v)?),
        None => None,
    };
    let end = match a.get(3) {
        Some(v) => Some(ssize(vm, v)?),
        None => None,
    };
    let m = valid(vm, &a[0])?.borrow();
    let start = clamp(start.unwrap_or(m.pos as i64), m.size);
    let end = clamp(end.unwrap_or(m.size as i64), m.size);
    if end < start || end - start < needle.len() {
        return Ok(Value::Int(-1));
    }
    let hay = &m.bytes()[start..end];
    let found = if needle.is_empty() {
        Some(if reverse { hay.len() } else { 0 })
    } else if reverse {
        hay.windows(needle.len()).rposition(|w| w == needle.as_slice())
    } else {
        hay.windows(needle.len()).position(|w| w == needle.as_slice())
    };
    Ok(Value::Int(found.map_or(-1, |i| (start + i) as i64)))
}

fn find(vm: &mut Vm, args: Args) -> PyResult<Value> {
    gfind(vm, args, "find", false)
}

fn rfind(vm: &mut Vm, args: Args) -> PyResult<Value> {
    gfind(vm, args, "rfind", true)
}

fn write(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.varargs(vm, "write", 1, 1)?;
    valid(vm, &a[0])?;
    let data = bytes_arg(vm, &a[1])?;
    let mut m = valid(vm, &a[0])?.borrow_mut();
    writable(vm, &m)?;
    if m.pos > m.size || m.size - m.pos < data.len() {
        return Err(vm.new_value_error("data out of range"));
    }
    let pos = m.pos;
    m.bytes_mut()[pos..pos + data.len()].copy_from_slice(&data);
    m.pos += data.len();
    Ok(Value::Int(data.len() as i64))
}

fn write_byte(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.varargs(vm, "write_byte", 1, 1)?;
    valid(vm, &a[0])?;
    let v = long(vm, &a[1])?;
    if v < 0 {
        return Err(vm.new_overflow_error("unsigned byte integer is less than minimum"));
    }
    if v > 255 {
        return Err(vm.new_overflow_error("unsigned byte integer is greater than maximum"));
    }
    let mut m = valid(vm, &a[0])?.borrow_mut();
    writable(vm, &m)?;
    if m.pos >= m.size {
        return Err(vm.new_value_error("write byte out of range"));
    }
    let pos = m.pos;
    m.bytes_mut()[pos] = v as u8;
    m.pos += 1;
    Ok(Value::None)
}

fn size(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "size")?;
    let fd = valid(vm, &args.args[0])?.borrow().fd;
    // SAFETY: fstat only writes the struct it is given.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    if unsafe { libc::fstat(fd, &mut st) } == -1 {
        return Err(os_err(vm));
    }
    Ok(Value::Int(st.st_size))
}

fn resize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.varargs(vm, "resize", 1, 1)?;
    valid(vm, &a[0])?;
    let new_size = ssize(vm, &a[1])?;
    vm::buffer::check_unexported(vm, &a[0], "mmap can't resize with extant buffers exported.")?;
    let mut m = valid(vm, &a[0])?.borrow_mut();
    if m.access != ACCESS_WRITE && m.access != ACCESS_DEFAULT {
        return Err(vm.new_type_error("mmap can't resize a readonly or copy-on-write memory map."));
    }
    if new_size < 0 || i64::MAX - new_size < m.offset {
        return Err(vm.new_value_error("new size out of range"));
    }
    // SAFETY: ftruncate on our own descriptor; mremap of our own live mapping, whose new
    // address replaces the old one (which the kernel has released) only on success.
    unsafe {
        if m.fd != -1 && libc::ftruncate(m.fd, (m.offset + new_size) as libc::off_t) == -1 {
            return Err(os_err(vm));
        }
        let p = libc::mremap(m.data as *mut libc::c_void, m.size, new_size as usize, libc::MREMAP_MAYMOVE);
        if p == libc::MAP_FAILED {
            return Err(os_err(vm));
        }
        m.data = p as *mut u8;
    }
    m.size = new_size as usize;
    Ok(Value::None)
}

fn tell(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "tell")?;
    Ok(Value::Int(valid(vm, &args.args[0])?.borrow().pos as i64))
}

fn flush(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.varargs(vm, "flush", 0, 2)?;
    valid(vm, &a[0])?;
    let offset = match a.get(1) {
        Some(v) => Some(ssize(vm, v)?),
        None => None,
    };
    let size = match a.get(2) {
        Some(v) => Some(ssize(vm, v)?),
        None => None,
    };
    let m = valid(vm, &a[0])?.borrow();
    let offset = offset.unwrap_or(0);
    let size = size.unwrap_or(m.size as i64);
    if size < 0 || offset < 0 || (m.size as i64) - offset < size {
        return Err(vm.new_value_error("flush values out of range"));
    }
    if m.access == ACCESS_READ || m.access == ACCESS_COPY {
        return Ok(Value::None);
    }
    // SAFETY: msync only inspects the range; the kernel validates it.
    let r =
        unsafe { libc::msync(m.data.wrapping_add(offset as usize) as *mut libc::c_void, size as usize, libc::MS_SYNC) };
    if r == -1 {
        return Err(os_err(vm));
    }
    Ok(Value::None)
}

fn seek(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.varargs(vm, "seek", 1, 2)?;
    valid(vm, &a[0])?;
    let dist = ssize(vm, &a[1])?;
    let how = match a.get(2) {
        Some(v) => c_int(vm, v)?,
        None => 0,
    };
    let mut m = valid(vm, &a[0])?.borrow_mut();
    let out_of_range = |vm: &Vm| vm.new_value_error("seek out of range");
    let target = match how {
        0 => dist,
        1 => (m.pos as i64).checked_add(dist).ok_or_else(|| out_of_range(vm))?,
        2 => (m.size as i64).checked_add(dist).ok_or_else(|| out_of_range(vm))?,
        _ => return Err(vm.new_value_error("unknown seek type")),
    };
    if target < 0 || target as u64 > m.size as u64 {
        return Err(out_of_range(vm));
    }
    m.pos = target as usize;
    Ok(Value::None)
}

fn madvise(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.varargs(vm, "madvise", 1, 3)?;
    valid(vm, &a[0])?;
    let option = c_int(vm, &a[1])?;
    let start = match a.get(2) {
        Some(v) => ssize(vm, v)?,
        None => 0,
    };
    let length = match a.get(3) {
        Some(v) => Some(ssize(vm, v)?),
        None => None,
    };
    let m = valid(vm, &a[0])?.borrow();
    let mut length = length.unwrap_or(m.size as i64);
    if start < 0 || start as u64 >= m.size as u64 {
        return Err(vm.new_value_error("madvise start out of bounds"));
    }
    if length < 0 {
        return Err(vm.new_value_error("madvise length invalid"));
    }
    if i64::MAX - start < length {
        return Err(vm.new_overflow_error("madvise length too large"));
    }
    if (start + length) as u64 > m.size as u64 {
        length = m.size as i64 - start;
    }
    // SAFETY: a range inside our live mapping.
    let r = unsafe { libc::madvise(m.data.add(start as usize) as *mut libc::c_void, length as usize, option) };
    if r != 0 {
        return Err(os_err(vm));
    }
    Ok(Value::None)
}

fn move_(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.varargs(vm, "move", 3, 3)?;
    valid(vm, &a[0])?;
    let dest = ssize(vm, &a[1])?;
    let src = ssize(vm, &a[2])?;
    let cnt = ssize(vm, &a[3])?;
    let mut m = valid(vm, &a[0])?.borrow_mut();
    writable(vm, &m)?;
    let size = m.size as i64;
    if dest < 0 || src < 0 || cnt < 0 || dest > size || src > size || size - dest < cnt || size - src < cnt {
        return Err(vm.new_value_error("source, destination, or count out of range"));
    }
    let (dest, src, cnt) = (dest as usize, src as usize, cnt as usize);
    m.bytes_mut().copy_within(src..src + cnt, dest);
    Ok(Value::None)
}

fn len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__len__", 0)?;
    Ok(Value::Int(valid(vm, &a[0])?.borrow().size as i64))
}

/// An index argument (`PyNumber_AsSsize_t(item, PyExc_IndexError)`), made absolute and
/// range-checked against `size`.
fn index_of(vm: &mut Vm, key: &Value, size: usize) -> PyResult<usize> {
    let i = match key {
        Value::Int(i) => *i,
        _ => {
            let b = vm.to_index(key)?;
            b.to_i64().ok_or_else(|| {
                vm.new_index_error(format!("cannot fit '{}' into an index-sized integer", vm.type_name(key)))
            })?
        }
    };
    let i = if i < 0 { i + size as i64 } else { i };
    if i < 0 || i as u64 >= size as u64 {
        return Err(vm.new_index_error("mmap index out of range"));
    }
    Ok(i as usize)
}

/// The positions a slice selects over `size` bytes.
fn slice_positions(vm: &mut Vm, key: &Value, size: usize) -> PyResult<Option<Vec<usize>>> {
    let Some(Payload::Slice(s)) = key.payload() else { return Ok(None) };
    let (start, stop, step) = vm.slice_indices(&s.0, &s.1, &s.2, size)?;
    Ok(Some(vm::objects::containers::slice_positions(start, stop, step).collect()))
}

fn getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__getitem__", 1)?;
    let size = valid(vm, &a[0])?.borrow().size;
    let key = &a[1];
    if is_index(vm, key) {
        let i = index_of(vm, key, size)?;
        let m = valid(vm, &a[0])?.borrow();
        return Ok(match m.bytes().get(i) {
            Some(b) => Value::Int(*b as i64),
            None => return Err(vm.new_index_error("mmap index out of range")),
        });
    }
    let Some(positions) = slice_positions(vm, key, size)? else {
        return Err(vm.new_type_error("mmap indices must be integers"));
    };
    let m = valid(vm, &a[0])?.borrow();
    let b = m.bytes();
    let out: Vec<u8> = positions.iter().filter_map(|&i| b.get(i).copied()).collect();
    Ok(vm.new_bytes(out))
}

fn setitem_impl(vm: &mut Vm, this: &Value, key: &Value, value: Option<&Value>) -> PyResult<Value> {
    let size = {
        let m = valid(vm, this)?.borrow();
        writable(vm, &m)?;
        m.size
    };
    if is_index(vm, key) {
        let i = index_of(vm, key, size)?;
        let Some(value) = value else {
            return Err(vm.new_type_error("mmap doesn't support item deletion"));
        };
        if !is_index(vm, value) {
            return Err(vm.new_type_error("mmap item value must be an int"));
        }
        let v = long(vm, value)?;
        if !(0..=255).contains(&v) {
            return Err(vm.new_value_error("mmap item value must be in range(0, 256)"));
        }
        let mut m = valid(vm, this)?.borrow_mut();
        if let Some(b) = m.bytes_mut().get_mut(i) {
            *b = v as u8;
        }
        return Ok(Value::None);
    }
    let Some(positions) = slice_positions(vm, key, size)? else {
        return Err(vm.new_type_error("mmap indices must be integer"));
    };
    let Some(value) = value else {
        return Err(vm.new_type_error("mmap object doesn't support slice deletion"));
    };
    let data = bytes_arg(vm, value)?;
    if data.len() != positions.len() {
        return Err(vm.new_index_error("mmap slice assignment is wrong size"));
    }
    let mut m = valid(vm, this)?.borrow_mut();
    let buf = m.bytes_mut();
    for (&i, &b) in positions.iter().zip(&data) {
        if let Some(slot) = buf.get_mut(i) {
            *slot = b;
        }
    }
    Ok(Value::None)
}

fn setitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__setitem__", 2)?;
    setitem_impl(vm, &a[0], &a[1], Some(&a[2]))
}

fn delitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__delitem__", 1)?;
    setitem_impl(vm, &a[0], &a[1], None)
}

fn enter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "__enter__")?;
    valid(vm, &args.args[0])?;
    Ok(args.args[0].clone())
}

fn exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.method_no_kwargs(vm, "__exit__")?;
    close(vm, Args { args: &args.args[..1], kwnames: &[] })
}

fn repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let t = vm.type_of(this);
    let tname = t.as_type().map(|t| t.tp_name()).unwrap_or_default();
    let m = cell(vm, this)?.borrow();
    if m.data.is_null() {
        return Ok(vm.new_str(format!("<{tname} closed=True>")));
    }
    let access = match m.access {
        ACCESS_READ => "ACCESS_READ",
        ACCESS_WRITE => "ACCESS_WRITE",
        ACCESS_COPY => "ACCESS_COPY",
        _ => "ACCESS_DEFAULT",
    };
    Ok(vm.new_str(format!(
        "<{tname} closed=False, access={access}, length={}, pos={}, offset={}>",
        m.size, m.pos, m.offset
    )))
}

fn reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Err(vm.new_type_error(format!("cannot pickle '{}' object", vm.type_name(&args.args[0]))))
}

/// `iter(m)`: CPython's sequence iterator over `sq_item`, whose items are one-byte `bytes`.
fn iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__iter__", 0)?;
    cell(vm, &a[0])?;
    let it_type = TYPES.with(|t| t.borrow().as_ref().map(|t| t.1.clone())).expect("mmap module initialised");
    Ok(new_instance(vm, &it_type, MmapIter { map: Some(a[0].clone()), index: 0 }))
}

fn iter_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let Some(it) = native::state::<MmapIter>(this) else {
        return Err(native::wrong_self(vm, this, "iterator"));
    };
    let (map, index) = {
        let it = it.borrow();
        (it.map.clone(), it.index)
    };
    if let Some(map) = map {
        let m = valid(vm, &map)?.borrow();
        if let Some(&b) = m.bytes().get(index) {
            it.borrow_mut().index += 1;
            return Ok(vm.new_bytes(vec![b]));
        }
        drop(m);
        it.borrow_mut().map = None;
    }
    Err(vm.new_stop_iteration(Value::None))
}

const METHODS: &[MethodDef] = &[
    ("close", close, "Close the mmap and its file descriptor."),
    ("find", find, ""),
    ("rfind", rfind, ""),
    ("flush", flush, ""),
    ("madvise", madvise, ""),
    ("move", move_, ""),
    ("read", read, ""),
    ("read_byte", read_byte, ""),
    ("readline", readline, ""),
    ("resize", resize, ""),
    ("seek", seek, ""),
    ("size", size, ""),
    ("tell", tell, ""),
    ("write", write, ""),
    ("write_byte", write_byte, ""),
    ("__enter__", enter, ""),
    ("__exit__", exit, ""),
    ("__len__", len, "Return len(self)."),
    ("__getitem__", getitem, "Return self[key]."),
    ("__setitem__", setitem, "Set self[key] to value."),
    ("__delitem__", delitem, "Delete self[key]."),
    ("__iter__", iter, "Implement iter(self)."),
    ("__repr__", repr, "Return repr(self)."),
    ("__reduce__", reduce, ""),
    ("__reduce_ex__", reduce, ""),
];

/// `mmap_buffer_getbuf`: an open mapping exports its bytes, read-only under ACCESS_READ.
fn describe_buffer(v: &Value) -> Option<Result<vm::buffer::Layout, &'static str>> {
    let m = native::state::<Mmap>(v)?.try_borrow().ok()?;
    if m.data.is_null() {
        return Some(Err("mmap closed or invalid"));
    }
    Some(Ok(vm::buffer::Layout::bytes(m.size, m.access == ACCESS_READ)))
}

fn read_buffer(v: &Value, f: &mut dyn FnMut(&[u8])) {
    if let Some(m) = native::state::<Mmap>(v).and_then(|m| m.try_borrow().ok()) {
        f(m.bytes());
    }
}

fn write_buffer(v: &Value, f: &mut dyn FnMut(&mut [u8])) {
    if let Some(mut m) = native::state::<Mmap>(v).and_then(|m| m.try_borrow_mut().ok()) {
        if m.access != ACCESS_READ {
            f(m.bytes_mut());
        }
    }
}

static EXPORTER: vm::buffer::NativeExporter =
    vm::buffer::NativeExporter { describe: describe_buffer, read: read_buffer, write: write_buffer };

const CONSTANTS: &[(&str, i64)] = &[
    ("ACCESS_DEFAULT", ACCESS_DEFAULT),
    ("ACCESS_READ", ACCESS_READ),
    ("ACCESS_WRITE", ACCESS_WRITE),
    ("ACCESS_COPY", ACCESS_COPY),
    ("PROT_EXEC", libc::PROT_EXEC as i64),
    ("PROT_READ", libc::PROT_READ as i64),
    ("PROT_WRITE", libc::PROT_WRITE as i64),
    ("MAP_SHARED", libc::MAP_SHARED as i64),
    ("MAP_PRIVATE", libc::MAP_PRIVATE as i64),
    ("MAP_DENYWRITE", libc::MAP_DENYWRITE as i64),
    ("MAP_EXECUTABLE", libc::MAP_EXECUTABLE as i64),
    ("MAP_ANON", libc::MAP_ANONYMOUS as i64),
    ("MAP_ANONYMOUS", libc::MAP_ANONYMOUS as i64),
    ("MAP_POPULATE", libc::MAP_POPULATE as i64),
    ("MAP_STACK", libc::MAP_STACK as i64),
    ("MADV_NORMAL", libc::MADV_NORMAL as i64),
    ("MADV_RANDOM", libc::MADV_RANDOM as i64),
    ("MADV_SEQUENTIAL", libc::MADV_SEQUENTIAL as i64),
    ("MADV_WILLNEED", libc::MADV_WILLNEED as i64),
    ("MADV_DONTNEED", libc::MADV_DONTNEED as i64),
    ("MADV_REMOVE", libc::MADV_REMOVE as i64),
    ("MADV_DONTFORK", libc::MADV_DONTFORK as i64),
    ("MADV_DOFORK", libc::MADV_DOFORK as i64),
    ("MADV_HWPOISON", libc::MADV_HWPOISON as i64),
    ("MADV_MERGEABLE", libc::MADV_MERGEABLE as i64),
    ("MADV_UNMERGEABLE", libc::MADV_UNMERGEABLE as i64),
    ("MADV_HUGEPAGE", libc::MADV_HUGEPAGE as i64),
    ("MADV_NOHUGEPAGE", libc::MADV_NOHUGEPAGE as i64),
    ("MADV_DONTDUMP", libc::MADV_DONTDUMP as i64),
    ("MADV_DODUMP", libc::MADV_DODUMP as i64),
    ("MADV_FREE", libc::MADV_FREE as i64),
];

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    vm::buffer::register(&EXPORTER);
    let module = vm.new_module("mmap");
    let d = module.dict.get().unwrap();
    let t = native::make_type(vm, "mmap", "mmap", None, Layout::Native);
    native::setup(vm, &t, Some(mmap_new), METHODS);
    vm.add_getset(&t, "closed", closed, None);
    let it = native::make_type(vm, "builtins", "iterator", None, Layout::Native);
    native::setup(
        vm,
        &it,
        None,
        &[("__iter__", native::iter_self, "Implement iter(self)."), ("__next__", iter_next, "Implement next(self).")],
    );
    TYPES.with(|slot| *slot.borrow_mut() = Some((t.clone(), it)));
    vm.dict_set_str(&d, "mmap", Value::Obj(t));
    vm.dict_set_str(&d, "error", Value::Obj(vm.exc.os_error.clone()));
    for (name, v) in CONSTANTS {
        vm.dict_set_str(&d, name, Value::Int(*v));
    }
    // SAFETY: sysconf has no memory effects.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as i64;
    vm.dict_set_str(&d, "PAGESIZE", Value::Int(page));
    vm.dict_set_str(&d, "ALLOCATIONGRANULARITY", Value::Int(page));
    Ok(module)
}
