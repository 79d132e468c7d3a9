//! Stdlib stage: the `zlib` module over the system's zlib (the library CPython links, so the
//! compressed bytes are identical): `compress`/`decompress`, streaming `compressobj` and
//! `decompressobj` (with `max_length`, `unconsumed_tail`, `unused_data`, `eof`, `copy`),
//! `crc32`, `adler32`, the constants, and `zlib.error` with CPython's messages. Guarantees: a
//! z_stream never moves after it is initialised (zlib keeps a pointer back to it) and is ended
//! exactly once.

use crate::native::{self, new_instance, state};
use std::ffi::{c_char, c_int, c_uint, c_ulong, c_void, CStr};
use vm::func::{Args, NativeFn};
use vm::types::Layout;
use vm::value::{PyRef, Value};
use vm::{PyResult, Vm};

// ---------------------------------------------------------------------------------------------
// The C interface (zlib.h)
// ---------------------------------------------------------------------------------------------

#[repr(C)]
struct ZStream {
    next_in: *const u8,
    avail_in: c_uint,
    total_in: c_ulong,
    next_out: *mut u8,
    avail_out: c_uint,
    total_out: c_ulong,
    msg: *const c_char,
    state: *mut c_void,
    zalloc: *const c_void,
    zfree: *const c_void,
    opaque: *mut c_void,
    data_type: c_int,
    adler: c_ulong,
    reserved: c_ulong,
}

#[link(name = "z")]
extern "C" {
    fn zlibVersion() -> *const c_char;
    fn deflateInit2_(
        strm: *mut ZStream,
        level: c_int,
        method: c_int,
        window_bits: c_int,
        mem_level: c_int,
        strategy: c_int,
        version: *const c_char,
        stream_size: c_int,
    ) -> c_int;
    fn deflate(strm: *mut ZStream, flush: c_int) -> c_int;
    fn deflateEnd(strm: *mut ZStream) -> c_int;
    fn deflateCopy(dest: *mut ZStream, source: *mut ZStream) -> c_int;
    fn deflateSetDictionary(strm: *mut ZStream, dictionary: *const u8, len: c_uint) -> c_int;
    fn inflateInit2_(strm: *mut ZStream, window_bits: c_int, version: *const c_char, stream_size: c_int) -> c_int;
    fn inflate(strm: *mut ZStream, flush: c_int) -> c_int;
    fn inflateEnd(strm: *mut ZStream) -> c_int;
    fn inflateCopy(dest: *mut ZStream, source: *mut ZStream) -> c_int;
    fn inflateSetDictionary(strm: *mut ZStream, dictionary: *const u8, len: c_uint) -> c_int;
    fn crc32(crc: c_ulong, buf: *const u8, len: c_uint) -> c_ulong;
    fn adler32(adler: c_ulong, buf: *const u8, len: c_uint) -> c_ulong;
}

const Z_OK: c_int = 0;
const Z_STREAM_END: c_int = 1;
const Z_NEED_DICT: c_int = 2;
const Z_STREAM_ERROR: c_int = -2;
const Z_DATA_ERROR: c_int = -3;
const Z_MEM_ERROR: c_int = -4;
const Z_BUF_ERROR: c_int = -5;
const Z_NO_FLUSH: c_int = 0;
const Z_SYNC_FLUSH: c_int = 2;
const Z_FINISH: c_int = 4;
const DEFLATED: c_int = 8;
const MAX_WBITS: c_int = 15;
const DEF_MEM_LEVEL: c_int = 8;
const DEF_BUF_SIZE: usize = 16384;

/// An initialised z_stream, boxed so it never moves, ended on drop.
struct Stream {
    z: Box<ZStream>,
    deflating: bool,
    live: bool,
}

impl Stream {
    fn blank() -> Box<ZStream> {
        Box::new(ZStream {
            next_in: std::ptr::null(),
            avail_in: 0,
            total_in: 0,
            next_out: std::ptr::null_mut(),
            avail_out: 0,
            total_out: 0,
            msg: std::ptr::null(),
            state: std::ptr::null_mut(),
            zalloc: std::ptr::null(),
            zfree: std::ptr::null(),
            opaque: std::ptr::null_mut(),
            data_type: 0,
            adler: 0,
            reserved: 0,
        })
    }

    fn deflater(vm: &Vm, level: i64, method: i64, wbits: i64, mem_level: i64, strategy: i64) -> PyResult<Stream> {
        let mut z = Self::blank();
        // SAFETY: `z` is a zeroed z_stream with default allocators, boxed so its address is
        // stable for the rest of its life; the version string and size are the library's own.
        let err = unsafe {
            deflateInit2_(
                &mut *z,
                level as c_int,
                method as c_int,
                wbits as c_int,
                mem_level as c_int,
                strategy as c_int,
                zlibVersion(),
                std::mem::size_of::<ZStream>() as c_int,
            )
        };
        match err {
            Z_OK => Ok(Stream { z, deflating: true, live: true }),
            Z_MEM_ERROR => {
                Err(vm.new_exception(&vm.exc.memory_error.clone(), "Can't allocate memory for compression object"))
            }
            Z_STREAM_ERROR => Err(vm.new_value_error("Invalid initialization option")),
            e => Err(zlib_error(vm, &z, e, "while creating compression object")),
        }
    }

    fn inflater(vm: &Vm, wbits: i64) -> PyResult<Stream> {
        let mut z = Self::blank();
        // SAFETY: as in `deflater`.
        let err =
            unsafe { inflateInit2_(&mut *z, wbits as c_int, zlibVersion(), std::mem::size_of::<ZStream>() as c_int) };
        match err {
            Z_OK => Ok(Stream { z, deflating: false, live: true }),
            Z_STREAM_ERROR => Err(vm.new_value_error("Invalid initialization option")),
            Z_MEM_ERROR => {
                Err(vm.new_exception(&vm.exc.memory_error.clone(), "Can't allocate memory for decompression object"))
            }
            e => Err(zlib_error(vm, &z, e, "while creating decompression object")),
        }
    }

    /// Runs deflate/inflate over `input` with `flush`, appending to `out` until the input is
    /// consumed and output space remains (or `max_out` bytes were produced). Returns zlib's
    /// last status and how many input bytes were consumed.
    fn run(&mut self, input: &[u8], flush: c_int, out: &mut Vec<u8>, max_out: Option<usize>) -> (c_int, usize) {
        let z = &mut *self.z;
        z.next_in = input.as_ptr();
        let mut left = input.len();
        let mut status;
        loop {
            // zlib counts with c_uint: feed at most 4 GiB at a time.
            let chunk = left.min(c_uint::MAX as usize);
            z.avail_in = chunk as c_uint;
            let mut room = DEF_BUF_SIZE.max(out.capacity() - out.len());
            if let Some(m) = max_out {
                room = room.min(m.saturating_sub(out.len()));
            }
            out.reserve(room);
            let start = out.len();
            z.next_out = out.as_mut_ptr().wrapping_add(start);
            z.avail_out = room as c_uint;
            // SAFETY: next_in/avail_in describe `input` (alive for this call), next_out/avail_out
            // the reserved spare capacity of `out`; zlib writes only within them.
            status = unsafe {
                if self.deflating {
                    deflate(z, flush)
                } else {
                    inflate(z, flush)
                }
            };
            let produced = room - z.avail_out as usize;
            // SAFETY: zlib initialised exactly `produced` bytes after `start`.
            unsafe { out.set_len(start + produced) };
            left -= chunk - z.avail_in as usize;
            if status != Z_OK && status != Z_BUF_ERROR {
                break;
            }
            if max_out.is_some_and(|m| out.len() >= m) {
                break;
            }
            // Done when all input went in and zlib did not fill the output (nothing pending).
            if z.avail_out != 0 && left == 0 {
                break;
            }
            if status == Z_BUF_ERROR && produced == 0 {
                break;
            }
        }
        (status, input.len() - left)
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        if self.live {
            // SAFETY: the stream was initialised and not ended yet.
            unsafe {
                if self.deflating {
                    deflateEnd(&mut *self.z);
                } else {
                    inflateEnd(&mut *self.z);
                }
            }
        }
    }
}

vm::gil_local! {
    static ERROR: std::cell::RefCell<Option<PyRef>> = const { std::cell::RefCell::new(None) };
}

/// `zlib.error(...)` with CPython's `zlib_error` text: "Error -3 while decompressing data:
/// incorrect header check".
fn zlib_error(vm: &Vm, z: &ZStream, err: c_int, context: &str) -> PyRef {
    let zmsg = if err == Z_VERSION_ERROR {
        Some("library version mismatch".to_string())
    } else if !z.msg.is_null() {
        // SAFETY: zlib sets msg to a static NUL-terminated string.
        Some(unsafe { CStr::from_ptr(z.msg) }.to_string_lossy().into_owned())
    } else {
        match err {
            Z_BUF_ERROR => Some("incomplete or truncated stream".into()),
            Z_STREAM_ERROR => Some("inconsistent stream state".into()),
            Z_DATA_ERROR => Some("invalid input data".into()),
            _ => None,
        }
    };
    let text = match zmsg {
        Some(m) => format!("Error {err} {context}: {m}"),
        None => format!("Error {err} {context}"),
    };
    let ty = ERROR.with(|e| e.borrow().clone()).unwrap_or_else(|| vm.exc.exception.clone());
    vm.new_exception(&ty, text)
}
const Z_VERSION_ERROR: c_int = -6;

fn data_arg(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    vm::objects::memoryview::bytes_like(vm, v)
}

fn int_arg(vm: &mut Vm, v: Option<Value>, default: i64) -> PyResult<i64> {
    match v {
        Some(v) => vm.to_i64_index(&v),
        None => Ok(default),
    }
}

// ---------------------------------------------------------------------------------------------
// One-shot functions
// ---------------------------------------------------------------------------------------------

fn z_compress(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, level, wbits] = args.bind(vm, "compress", ["data", "level", "wbits"], 1)?;
    let data = data_arg(vm, &data.unwrap())?;
    let level = int_arg(vm, level, -1)?;
    let wbits = int_arg(vm, wbits, MAX_WBITS as i64)?;
    let mut s = match Stream::deflater(vm, level, DEFLATED as i64, wbits, DEF_MEM_LEVEL as i64, 0) {
        Err(e) if vm.isinstance_exc(&e, &vm.exc.value_error.clone()) => {
            let ty = ERROR.with(|e| e.borrow().clone()).unwrap_or_else(|| vm.exc.exception.clone());
            return Err(vm.new_exception(&ty, "Bad compression level"));
        }
        r => r?,
    };
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    let (status, _) = s.run(&data, Z_FINISH, &mut out, None);
    if status != Z_STREAM_END {
        return Err(zlib_error(vm, &s.z, status, "while compressing data"));
    }
    Ok(vm.new_bytes(out))
}

fn z_decompress(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, wbits, bufsize] = args.bind(vm, "decompress", ["data", "wbits", "bufsize"], 1)?;
    let data = data_arg(vm, &data.unwrap())?;
    let wbits = int_arg(vm, wbits, MAX_WBITS as i64)?;
    let bufsize = int_arg(vm, bufsize, DEF_BUF_SIZE as i64)?;
    if bufsize < 0 {
        return Err(vm.new_value_error("bufsize must be non-negative"));
    }
    let mut s = match Stream::inflater(vm, wbits) {
        Err(e) if vm.isinstance_exc(&e, &vm.exc.value_error.clone()) => {
            return Err(zlib_error(vm, &Stream::blank(), Z_STREAM_ERROR, "while preparing to decompress data"))
        }
        r => r?,
    };
    let mut out = Vec::with_capacity((bufsize as usize).max(1));
    let (status, _) = s.run(&data, Z_FINISH, &mut out, None);
    match status {
        Z_STREAM_END => Ok(vm.new_bytes(out)),
        Z_OK | Z_BUF_ERROR => Err(zlib_error(vm, &s.z, Z_BUF_ERROR, "while decompressing data")),
        e => Err(zlib_error(vm, &s.z, e, "while decompressing data")),
    }
}

fn checksum(
    vm: &mut Vm,
    args: Args,
    name: &str,
    start: u32,
    f: unsafe extern "C" fn(c_ulong, *const u8, c_uint) -> c_ulong,
) -> PyResult<Value> {
    let a = args.range(vm, name, 1, 2)?;
    let data = data_arg(vm, &a[0])?;
    let mut value = match a.get(1) {
        // The running value is taken modulo 2**32, as CPython's `value & 0xffffffff`.
        Some(v) => {
            let b = vm.to_index(v)?;
            let m: num_bigint::BigInt = b & num_bigint::BigInt::from(0xFFFF_FFFFu32);
            num_traits::ToPrimitive::to_u64(&m).unwrap_or(0) as c_ulong
        }
        None => start as c_ulong,
    };
    for chunk in data.chunks(1 << 30) {
        // SAFETY: `chunk` is a valid buffer of the given length.
        value = unsafe { f(value, chunk.as_ptr(), chunk.len() as c_uint) };
    }
    Ok(Value::Int((value & 0xFFFF_FFFF) as i64))
}

fn z_crc32(vm: &mut Vm, args: Args) -> PyResult<Value> {
    checksum(vm, args, "crc32", 0, crc32)
}

fn z_adler32(vm: &mut Vm, args: Args) -> PyResult<Value> {
    checksum(vm, args, "adler32", 1, adler32)
}

// ---------------------------------------------------------------------------------------------
// Streaming objects
// ---------------------------------------------------------------------------------------------

struct Compress {
    s: Option<Stream>,
}

struct Decompress {
    s: Option<Stream>,
    unused_data: Vec<u8>,
    unconsumed_tail: Vec<u8>,
    eof: bool,
    zdict: Option<Vec<u8>>,
}

vm::gil_local! {
    static TYPES: std::cell::RefCell<Option<(PyRef, PyRef)>> = const { std::cell::RefCell::new(None) };
}

fn types() -> (PyRef, PyRef) {
    TYPES.with(|t| t.borrow().clone()).expect("zlib types are created at import")
}

fn z_compressobj(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [level, method, wbits, mem_level, strategy, zdict] =
        args.bind(vm, "compressobj", ["level", "method", "wbits", "memLevel", "strategy", "zdict"], 0)?;
    let level = int_arg(vm, level, -1)?;
    let method = int_arg(vm, method, DEFLATED as i64)?;
    let wbits = int_arg(vm, wbits, MAX_WBITS as i64)?;
    let mem_level = int_arg(vm, mem_level, DEF_MEM_LEVEL as i64)?;
    let strategy = int_arg(vm, strategy, 0)?;
    let mut s = Stream::deflater(vm, level, method, wbits, mem_level, strategy)?;
    if let Some(d) = zdict.filter(|d| !d.is_none()) {
        let d = data_arg(vm, &d)?;
        // SAFETY: an initialised deflate stream and a valid dictionary buffer.
        let err = unsafe { deflateSetDictionary(&mut *s.z, d.as_ptr(), d.len() as c_uint) };
        if err != Z_OK {
            return Err(vm.new_value_error("Invalid dictionary"));
        }
    }
    Ok(new_instance(vm, &types().0, Compress { s: Some(s) }))
}

/// Takes the stream out of a Compress object (put back after use); a finished stream gives
/// zlib's "inconsistent stream state" error for `what`.
fn comp_state(vm: &Vm, v: &Value, what: &str) -> PyResult<Stream> {
    let st = state::<Compress>(v).ok_or_else(|| native::wrong_self(vm, v, "zlib.Compress"))?;
    st.borrow_mut().s.take().ok_or_else(|| zlib_error(vm, &Stream::blank(), Z_STREAM_ERROR, what))
}

fn comp_compress(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "compress", 2)?;
    let data = data_arg(vm, &a[1])?;
    let mut s = comp_state(vm, &a[0], "while compressing data")?;
    let mut out = Vec::new();
    let (status, _) = s.run(&data, Z_NO_FLUSH, &mut out, None);
    let r = if status == Z_OK || status == Z_BUF_ERROR {
        Ok(vm.new_bytes(out))
    } else {
        Err(zlib_error(vm, &s.z, status, "while compressing data"))
    };
    state::<Compress>(&a[0]).unwrap().borrow_mut().s = Some(s);
    r
}

fn comp_flush(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "flush", 1, 2)?;
    let mode = match a.get(1) {
        Some(v) => vm.to_i64_index(v)? as c_int,
        None => Z_FINISH,
    };
    if mode == Z_NO_FLUSH {
        return Ok(vm.new_bytes(Vec::new()));
    }
    let mut s = comp_state(vm, &a[0], "while flushing")?;
    let mut out = Vec::new();
    let (status, _) = s.run(&[], mode, &mut out, None);
    if mode == Z_FINISH && status == Z_STREAM_END {
        // The stream is finished: end it now, further use is an error (as CPython).
        drop(s);
        return Ok(vm.new_bytes(out));
    }
    let r = if status == Z_OK || status == Z_BUF_ERROR || status == Z_STREAM_END {
        Ok(vm.new_bytes(out))
    } else {
        Err(zlib_error(vm, &s.z, status, "while flushing"))
    };
    state::<Compress>(&a[0]).unwrap().borrow_mut().s = Some(s);
    r
}

fn comp_copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "copy", 1)?;
    let mut s = comp_state(vm, &a[0], "while copying compression object")?;
    let mut z = Stream::blank();
    // SAFETY: both point to valid z_streams; the source is initialised.
    let err = unsafe { deflateCopy(&mut *z, &mut *s.z) };
    let copy = Stream { z, deflating: true, live: err == Z_OK };
    let r = if err == Z_OK {
        Ok(new_instance(vm, &types().0, Compress { s: Some(copy) }))
    } else {
        Err(zlib_error(vm, &s.z, err, "while copying compression object"))
    };
    state::<Compress>(&a[0]).unwrap().borrow_mut().s = Some(s);
    r
}

fn z_decompressobj(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [wbits, zdict] = args.bind(vm, "decompressobj", ["wbits", "zdict"], 0)?;
    let wbits = int_arg(vm, wbits, MAX_WBITS as i64)?;
    let zdict = match zdict.filter(|d| !d.is_none()) {
        Some(d) => {
            Some(data_arg(vm, &d).map_err(|_| vm.new_type_error("zdict argument must support the buffer protocol"))?)
        }
        None => None,
    };
    let mut s = Stream::inflater(vm, wbits)?;
    if let Some(d) = &zdict {
        // Raw deflate streams take the dictionary up front.
        if wbits < 0 {
            // SAFETY: an initialised inflate stream and a valid dictionary buffer.
            let err = unsafe { inflateSetDictionary(&mut *s.z, d.as_ptr(), d.len() as c_uint) };
            if err != Z_OK {
                return Err(zlib_error(vm, &s.z, err, "while setting zdict"));
            }
        }
    }
    let st = Decompress { s: Some(s), unused_data: Vec::new(), unconsumed_tail: Vec::new(), eof: false, zdict };
    Ok(new_instance(vm, &types().1, st))
}

fn decomp_state<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a std::cell::RefCell<Decompress>> {
    state::<Decompress>(v).ok_or_else(|| native::wrong_self(vm, v, "zlib.Decompress"))
}

/// Inflates `data`, handling `Z_NEED_DICT` with the object's zdict; updates eof,
/// unused_data and unconsumed_tail as CPython's `save_unconsumed_input`.
fn decomp_run(vm: &Vm, d: &mut Decompress, data: &[u8], flush: c_int, max_out: Option<usize>) -> PyResult<Vec<u8>> {
    let mut out = Vec::new();
    if d.eof {
        d.unused_data.extend_from_slice(data);
        return Ok(out);
    }
    let Some(s) = d.s.as_mut() else { return Ok(out) };
    let (mut status, mut used) = s.run(data, flush, &mut out, max_out);
    if status == Z_NEED_DICT {
        let Some(dict) = &d.zdict else {
            return Err(zlib_error(vm, &s.z, status, "while decompressing data"));
        };
        // SAFETY: an initialised inflate stream and a valid dictionary buffer.
        let err = unsafe { inflateSetDictionary(&mut *s.z, dict.as_ptr(), dict.len() as c_uint) };
        if err != Z_OK {
            return Err(zlib_error(vm, &s.z, err, "while setting zdict"));
        }
        let (st2, used2) = s.run(&data[used..], flush, &mut out, max_out);
        status = st2;
        used += used2;
    }
    if status == Z_STREAM_END {
        d.eof = true;
        d.unused_data.extend_from_slice(&data[used..]);
        d.unconsumed_tail.clear();
    } else if status == Z_OK || status == Z_BUF_ERROR {
        d.unconsumed_tail = data[used..].to_vec();
    } else {
        return Err(zlib_error(vm, &s.z, status, "while decompressing data"));
    }
    Ok(out)
}

fn decomp_decompress(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, max_length] =
        Args { args: &args.args[1..], kwnames: args.kwnames }.bind(vm, "decompress", ["data", "max_length"], 1)?;
    let data = data_arg(vm, &data.unwrap())?;
    let max = int_arg(vm, max_length, 0)?;
    if max < 0 {
        return Err(vm.new_value_error("max_length must be non-negative"));
    }
    let cell = decomp_state(vm, &args.args[0])?;
    let out = decomp_run(vm, &mut cell.borrow_mut(), &data, Z_SYNC_FLUSH, (max > 0).then_some(max as usize))?;
    Ok(vm.new_bytes(out))
}

fn decomp_flush(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "flush", 1, 2)?;
    if let Some(l) = a.get(1) {
        if vm.to_i64_index(l)? <= 0 {
            return Err(vm.new_value_error("length must be greater than zero"));
        }
    }
    let cell = decomp_state(vm, &a[0])?;
    let mut d = cell.borrow_mut();
    let tail = std::mem::take(&mut d.unconsumed_tail);
    let out = decomp_run(vm, &mut d, &tail, Z_FINISH, None)?;
    if d.eof {
        d.s = None;
    }
    Ok(vm.new_bytes(out))
}

fn decomp_copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "copy", 1)?;
    let cell = decomp_state(vm, &a[0])?;
    let mut d = cell.borrow_mut();
    let Some(s) = d.s.as_mut() else {
        return Err(vm.new_value_error("Inconsistent stream state"));
    };
    let mut z = Stream::blank();
    // SAFETY: both point to valid z_streams; the source is initialised.
    let err = unsafe { inflateCopy(&mut *z, &mut *s.z) };
    if err != Z_OK {
        return Err(zlib_error(vm, &s.z, err, "while copying decompression object"));
    }
    let st = Decompress {
        s: Some(Stream { z, deflating: false, live: true }),
        unused_data: d.unused_data.clone(),
        unconsumed_tail: d.unconsumed_tail.clone(),
        eof: d.eof,
        zdict: d.zdict.clone(),
    };
    drop(d);
    Ok(new_instance(vm, &types().1, st))
}

fn decomp_unused(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = decomp_state(vm, &args.args[0])?.borrow().unused_data.clone();
    Ok(vm.new_bytes(d))
}
fn decomp_tail(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = decomp_state(vm, &args.args[0])?.borrow().unconsumed_tail.clone();
    Ok(vm.new_bytes(d))
}
fn decomp_eof(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Bool(decomp_state(vm, &args.args[0])?.borrow().eof))
}

fn no_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let name = args.args[0].as_obj().and_then(|t| t.as_type().map(|t| t.name())).unwrap_or_default();
    Err(vm.new_type_error(format!("cannot create 'zlib.{name}' instances")))
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("zlib");
    let d = m.dict.get().unwrap();
    let error = native::exception_type(vm, "zlib", "error", &vm.exc.exception.clone())?;
    ERROR.with(|e| *e.borrow_mut() = Some(error.clone()));
    vm.dict_set_str(&d, "error", Value::Obj(error));

    let comp = native::make_type(vm, "zlib", "Compress", None, Layout::Native);
    native::setup(
        vm,
        &comp,
        Some(no_new),
        &[
            ("compress", comp_compress, ""),
            ("flush", comp_flush, ""),
            ("copy", comp_copy, ""),
            ("__copy__", comp_copy, ""),
        ],
    );
    let decomp = native::make_type(vm, "zlib", "Decompress", None, Layout::Native);
    native::setup(
        vm,
        &decomp,
        Some(no_new),
        &[
            ("decompress", decomp_decompress, ""),
            ("flush", decomp_flush, ""),
            ("copy", decomp_copy, ""),
            ("__copy__", decomp_copy, ""),
        ],
    );
    vm.add_getset(&decomp, "unused_data", decomp_unused, None);
    vm.add_getset(&decomp, "unconsumed_tail", decomp_tail, None);
    vm.add_getset(&decomp, "eof", decomp_eof, None);
    TYPES.with(|t| *t.borrow_mut() = Some((comp, decomp)));

    let fns: &[(&'static str, NativeFn)] = &[
        ("compress", z_compress),
        ("decompress", z_decompress),
        ("compressobj", z_compressobj),
        ("decompressobj", z_decompressobj),
        ("crc32", z_crc32),
        ("adler32", z_adler32),
    ];
    vm.add_native_fns(&d, fns);
    // SAFETY: zlibVersion returns a static NUL-terminated string.
    let version = unsafe { CStr::from_ptr(zlibVersion()) }.to_string_lossy().into_owned();
    let ints: &[(&str, i64)] = &[
        ("DEFLATED", 8),
        ("DEF_BUF_SIZE", DEF_BUF_SIZE as i64),
        ("DEF_MEM_LEVEL", DEF_MEM_LEVEL as i64),
        ("MAX_WBITS", MAX_WBITS as i64),
        ("Z_BEST_COMPRESSION", 9),
        ("Z_BEST_SPEED", 1),
        ("Z_BLOCK", 5),
        ("Z_DEFAULT_COMPRESSION", -1),
        ("Z_DEFAULT_STRATEGY", 0),
        ("Z_FILTERED", 1),
        ("Z_FINISH", 4),
        ("Z_FIXED", 4),
        ("Z_FULL_FLUSH", 3),
        ("Z_HUFFMAN_ONLY", 2),
        ("Z_NO_COMPRESSION", 0),
        ("Z_NO_FLUSH", 0),
        ("Z_PARTIAL_FLUSH", 1),
        ("Z_RLE", 3),
        ("Z_SYNC_FLUSH", 2),
        ("Z_TREES", 6),
    ];
    for (n, v) in ints {
        vm.dict_set_str(&d, n, Value::Int(*v));
    }
    vm.dict_set_str(&d, "ZLIB_VERSION", vm.new_str(version.as_str()));
    vm.dict_set_str(&d, "ZLIB_RUNTIME_VERSION", vm.new_str(version.as_str()));
    Ok(m)
}
