//! Stdlib stage: the `_bz2` module over the system's libbz2 (the library CPython links, so the
//! compressed bytes are identical): `BZ2Compressor` (`compress`/`flush`) and `BZ2Decompressor`
//! (`decompress` with `max_length`, `eof`, `unused_data`, `needs_input`), with CPython's
//! messages and its `needs_input`/`unused_data` bookkeeping. Guarantees: a bz_stream never moves
//! after it is initialised (libbz2 keeps a pointer back to it) and is ended exactly once.

use crate::blocks_output::BlocksOutput;
use crate::native::{self, new_instance, state};
use std::ffi::{c_char, c_int, c_uint, c_void};
use vm::func::Args;
use vm::types::Layout;
use vm::value::{PyRef, Value};
use vm::{PyResult, Vm};

// ---------------------------------------------------------------------------------------------
// The C interface (bzlib.h)
// ---------------------------------------------------------------------------------------------

#[repr(C)]
struct BzStream {
    next_in: *const c_char,
    avail_in: c_uint,
    total_in_lo32: c_uint,
    total_in_hi32: c_uint,
    next_out: *mut c_char,
    avail_out: c_uint,
    total_out_lo32: c_uint,
    total_out_hi32: c_uint,
    state: *mut c_void,
    bzalloc: *const c_void,
    bzfree: *const c_void,
    opaque: *mut c_void,
}

crate::dynlib! {
    /// libbz2, opened when `_bz2` is first imported.
    static LIBBZ2 = ["libbz2.so.1.0", "libbz2.so.1", "libbz2.so"];
    fn BZ2_bzCompressInit(strm: *mut BzStream, block_size_100k: c_int, verbosity: c_int, work_factor: c_int) -> c_int;
    fn BZ2_bzCompress(strm: *mut BzStream, action: c_int) -> c_int;
    fn BZ2_bzCompressEnd(strm: *mut BzStream) -> c_int;
    fn BZ2_bzDecompressInit(strm: *mut BzStream, verbosity: c_int, small: c_int) -> c_int;
    fn BZ2_bzDecompress(strm: *mut BzStream) -> c_int;
    fn BZ2_bzDecompressEnd(strm: *mut BzStream) -> c_int;
}

const BZ_RUN: c_int = 0;
const BZ_FINISH: c_int = 2;
const BZ_STREAM_END: c_int = 4;
const BZ_SEQUENCE_ERROR: c_int = -1;
const BZ_PARAM_ERROR: c_int = -2;
const BZ_MEM_ERROR: c_int = -3;
const BZ_DATA_ERROR: c_int = -4;
const BZ_DATA_ERROR_MAGIC: c_int = -5;
const BZ_IO_ERROR: c_int = -6;
const BZ_UNEXPECTED_EOF: c_int = -7;
const BZ_OUTBUFF_FULL: c_int = -8;
const BZ_CONFIG_ERROR: c_int = -9;

/// An initialised bz_stream, boxed so it never moves, ended on drop.
struct Stream {
    bz: Box<BzStream>,
    compressing: bool,
}

impl Stream {
    fn blank() -> Box<BzStream> {
        Box::new(BzStream {
            next_in: std::ptr::null(),
            avail_in: 0,
            total_in_lo32: 0,
            total_in_hi32: 0,
            next_out: std::ptr::null_mut(),
            avail_out: 0,
            total_out_lo32: 0,
            total_out_hi32: 0,
            state: std::ptr::null_mut(),
            bzalloc: std::ptr::null(),
            bzfree: std::ptr::null(),
            opaque: std::ptr::null_mut(),
        })
    }

    fn compressor(vm: &Vm, level: c_int) -> PyResult<Stream> {
        let mut bz = Self::blank();
        // SAFETY: a zeroed bz_stream with the default allocators, boxed so its address is
        // stable for the rest of its life.
        let err = unsafe { BZ2_bzCompressInit(&mut *bz, level, 0, 0) };
        check(vm, err)?;
        Ok(Stream { bz, compressing: true })
    }

    fn decompressor(vm: &Vm) -> PyResult<Stream> {
        let mut bz = Self::blank();
        // SAFETY: as in `compressor`.
        let err = unsafe { BZ2_bzDecompressInit(&mut *bz, 0, 0) };
        check(vm, err)?;
        Ok(Stream { bz, compressing: false })
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        // SAFETY: the stream was initialised (a Stream exists only after a successful init)
        // and is ended only here.
        unsafe {
            if self.compressing {
                BZ2_bzCompressEnd(&mut *self.bz);
            } else {
                BZ2_bzDecompressEnd(&mut *self.bz);
            }
        }
    }
}

/// CPython's `catch_bz2_error`: the exception for a libbz2 error code (Ok for success codes).
fn check(vm: &Vm, err: c_int) -> PyResult<()> {
    let e = match err {
        BZ_PARAM_ERROR => vm.new_value_error("Internal error - invalid parameters passed to libbzip2"),
        BZ_MEM_ERROR => vm.new_exception(&vm.exc.memory_error.clone(), ""),
        BZ_DATA_ERROR | BZ_DATA_ERROR_MAGIC => vm.new_os_error("Invalid data stream"),
        BZ_IO_ERROR => vm.new_os_error("Unknown I/O error"),
        BZ_UNEXPECTED_EOF => vm.new_exception(
            &vm.exc.eof_error.clone(),
            "Compressed file ended before the logical end-of-stream was detected",
        ),
        BZ_SEQUENCE_ERROR => vm.new_runtime_error("Internal error - Invalid sequence of commands sent to libbzip2"),
        BZ_OUTBUFF_FULL | BZ_CONFIG_ERROR => vm.new_os_error(format!("Unrecognized error from libbzip2: {err}")),
        e if e < 0 => vm.new_os_error(format!("Unrecognized error from libbzip2: {err}")),
        _ => return Ok(()),
    };
    Err(e)
}

fn data_arg(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    vm::objects::memoryview::bytes_like(vm, v)
}

/// A C `int` argument (`_PyLong_AsInt`).
fn c_int_arg(vm: &mut Vm, v: &Value) -> PyResult<c_int> {
    let i = vm.to_i64_index(v).map_err(|e| {
        if vm.isinstance_exc(&e, &vm.exc.overflow_error.clone()) {
            vm.new_overflow_error("Python int too large to convert to C int")
        } else {
            e
        }
    })?;
    c_int::try_from(i).map_err(|_| vm.new_overflow_error("Python int too large to convert to C int"))
}

// ---------------------------------------------------------------------------------------------
// BZ2Compressor
// ---------------------------------------------------------------------------------------------

struct Compressor {
    s: Stream,
    flushed: bool,
}

struct Decompressor {
    s: Stream,
    eof: bool,
    needs_input: bool,
    unused_data: Vec<u8>,
    /// Input given but not consumed yet (CPython's `input_buffer` from `next_in`).
    pending: Vec<u8>,
}

fn comp_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, rest) = native::new_args(&args);
    let a = rest.range(vm, "BZ2Compressor", 0, 1)?;
    let level = match a.first() {
        Some(v) => c_int_arg(vm, v)?,
        None => 9,
    };
    if !(1..=9).contains(&level) {
        return Err(vm.new_value_error("compresslevel must be between 1 and 9"));
    }
    let s = Stream::compressor(vm, level)?;
    Ok(new_instance(vm, &cls, Compressor { s, flushed: false }))
}

fn comp_state<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a std::cell::RefCell<Compressor>> {
    state::<Compressor>(v).ok_or_else(|| native::wrong_self(vm, v, "_bz2.BZ2Compressor"))
}

/// CPython's `compress`: feeds `data` with `action` (BZ_RUN until the input is consumed,
/// BZ_FINISH until the end of stream) and returns what came out.
fn run_compress(vm: &Vm, s: &mut Stream, data: &[u8], action: c_int) -> PyResult<Vec<u8>> {
    let mut out = BlocksOutput::new(-1);
    let bz = &mut *s.bz;
    bz.next_in = data.as_ptr() as *const c_char;
    bz.avail_in = 0;
    let mut left = data.len();
    loop {
        if bz.avail_in == 0 && left > 0 {
            let chunk = left.min(c_uint::MAX as usize);
            bz.avail_in = chunk as c_uint;
            left -= chunk;
        }
        if action == BZ_RUN && bz.avail_in == 0 {
            break;
        }
        if out.avail() == 0 {
            out.grow();
        }
        let room = out.avail().min(c_uint::MAX as usize);
        bz.next_out = out.next_out() as *mut c_char;
        bz.avail_out = room as c_uint;
        // SAFETY: next_in/avail_in lie within `data`, next_out/avail_out within the spare
        // capacity of `out`; the stream is initialised.
        let err = unsafe { BZ2_bzCompress(bz, action) };
        // SAFETY: libbz2 wrote exactly the bytes it took from avail_out.
        unsafe { out.advance(room - bz.avail_out as usize) };
        check(vm, err)?;
        if action == BZ_FINISH && err == BZ_STREAM_END {
            break;
        }
    }
    bz.next_in = std::ptr::null();
    Ok(out.finish())
}

fn comp_compress(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "compress")?;
    let cell = comp_state(vm, &a[0])?;
    let data = data_arg(vm, &a[1])?;
    let mut c = cell.borrow_mut();
    if c.flushed {
        return Err(vm.new_value_error("Compressor has been flushed"));
    }
    let out = run_compress(vm, &mut c.s, &data, BZ_RUN)?;
    Ok(vm.new_bytes(out))
}

fn comp_flush(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "flush")?;
    let cell = comp_state(vm, &a[0])?;
    let mut c = cell.borrow_mut();
    if c.flushed {
        return Err(vm.new_value_error("Repeated call to flush()"));
    }
    c.flushed = true;
    let out = run_compress(vm, &mut c.s, &[], BZ_FINISH)?;
    Ok(vm.new_bytes(out))
}

// ---------------------------------------------------------------------------------------------
// BZ2Decompressor
// ---------------------------------------------------------------------------------------------

fn decomp_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, rest) = native::new_args(&args);
    if !rest.pos().is_empty() {
        return Err(vm.new_type_error("BZ2Decompressor() takes no positional arguments"));
    }
    rest.no_kwargs(vm, "BZ2Decompressor")?;
    let s = Stream::decompressor(vm)?;
    let d = Decompressor { s, eof: false, needs_input: true, unused_data: Vec::new(), pending: Vec::new() };
    Ok(new_instance(vm, &cls, d))
}

fn decomp_state<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a std::cell::RefCell<Decompressor>> {
    state::<Decompressor>(v).ok_or_else(|| native::wrong_self(vm, v, "_bz2.BZ2Decompressor"))
}

/// CPython's `decompress_buf`: runs the decoder over `input` until the end of stream, the
/// input is used up, or `max_length` bytes came out. Returns the output and the bytes consumed.
fn decompress_buf(vm: &Vm, d: &mut Decompressor, input: &[u8], max_length: i64) -> PyResult<(Vec<u8>, usize)> {
    let mut out = BlocksOutput::new(max_length);
    let bz = &mut *d.s.bz;
    let mut pos = 0usize;
    loop {
        let chunk = (input.len() - pos).min(c_uint::MAX as usize);
        bz.next_in = input.as_ptr().wrapping_add(pos) as *const c_char;
        bz.avail_in = chunk as c_uint;
        let room = out.avail().min(c_uint::MAX as usize);
        bz.next_out = out.next_out() as *mut c_char;
        bz.avail_out = room as c_uint;
        // SAFETY: next_in/avail_in lie within `input`, next_out/avail_out within the spare
        // capacity of `out`; the stream is initialised.
        let err = unsafe { BZ2_bzDecompress(bz) };
        // SAFETY: libbz2 wrote exactly the bytes it took from avail_out.
        unsafe { out.advance(room - bz.avail_out as usize) };
        pos += chunk - bz.avail_in as usize;
        bz.next_in = std::ptr::null();
        check(vm, err)?;
        if err == BZ_STREAM_END {
            d.eof = true;
            break;
        } else if pos == input.len() {
            break;
        } else if out.avail() == 0 {
            if out.at_max() {
                break;
            }
            out.grow();
        }
    }
    Ok((out.finish(), pos))
}

fn decomp_decompress(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, max_length] = args.rest().bind(vm, "decompress", ["data", "max_length"], 1)?;
    let cell = decomp_state(vm, &args.args[0])?;
    let data = data_arg(vm, &data.unwrap())?;
    let max_length = match max_length {
        Some(v) => vm.to_i64_index(&v)?,
        None => -1,
    };
    let mut d = cell.borrow_mut();
    if d.eof {
        return Err(vm.new_exception(&vm.exc.eof_error.clone(), "End of stream already reached"));
    }
    let mut input = std::mem::take(&mut d.pending);
    input.extend_from_slice(&data);
    // After an error the buffered input is forgotten, as CPython's `next_in = NULL`.
    let (out, used) = decompress_buf(vm, &mut d, &input, max_length)?;
    let rest = &input[used..];
    if d.eof {
        d.needs_input = false;
        if !rest.is_empty() {
            d.unused_data = rest.to_vec();
        }
    } else if rest.is_empty() {
        d.needs_input = true;
    } else {
        d.needs_input = false;
        d.pending = rest.to_vec();
    }
    Ok(vm.new_bytes(out))
}

fn decomp_eof(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Bool(decomp_state(vm, &args.args[0])?.borrow().eof))
}
fn decomp_needs_input(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Bool(decomp_state(vm, &args.args[0])?.borrow().needs_input))
}
fn decomp_unused(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = decomp_state(vm, &args.args[0])?.borrow().unused_data.clone();
    Ok(vm.new_bytes(d))
}

/// A native type `module.name` that, as CPython's (no `Py_TPFLAGS_BASETYPE`), cannot be
/// subclassed.
pub(crate) fn final_type(vm: &mut Vm, module: &str, name: &str) -> PyRef {
    let object = vm.types.object.clone();
    let t = vm::types::new_type(Some(&vm.types.type_), Some(&vm.types.dict), name, vec![object], Layout::Native, false);
    if let Some(td) = t.as_type() {
        td.basetype.set(false);
    }
    let mro = vm::types::compute_mro(&t).expect("single inheritance always linearises");
    *t.as_type().unwrap().mro.borrow_mut() = mro;
    let d = vm.type_dict(&t);
    vm.dict_set_str(&d, "__module__", vm.new_str(module));
    let _ = t.as_type().unwrap().tp_name.set(format!("{module}.{name}").into());
    vm.set_native_type_doc(&t);
    t
}

/// `__reduce_ex__` of the (de)compressor types, which cannot be pickled: the messages of
/// CPython's `copyreg._reduce_ex` (protocols 0 and 1) and of `object.__getstate__` (2 and up).
pub(crate) fn no_pickle(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "__reduce_ex__")?;
    let proto = vm.to_i64_index(&a[1])?;
    let name = if proto < 2 { vm.short_type_name(&a[0]) } else { vm.type_name(&a[0]) };
    Err(vm.new_type_error(format!("cannot pickle '{name}' object")))
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    if let Err(e) = LIBBZ2.load() {
        return Err(vm.new_import_error(&vm.exc.import_error.clone(), e, Some("_bz2")));
    }
    let m = vm.new_module("_bz2");
    let d = m.dict.get().unwrap();
    let comp = final_type(vm, "_bz2", "BZ2Compressor");
    native::setup(
        vm,
        &comp,
        Some(comp_new),
        &[("compress", comp_compress, ""), ("flush", comp_flush, ""), ("__reduce_ex__", no_pickle, "")],
    );
    let decomp = final_type(vm, "_bz2", "BZ2Decompressor");
    native::setup(
        vm,
        &decomp,
        Some(decomp_new),
        &[("decompress", decomp_decompress, ""), ("__reduce_ex__", no_pickle, "")],
    );
    vm.add_getset(&decomp, "eof", decomp_eof, None);
    vm.add_getset(&decomp, "unused_data", decomp_unused, None);
    vm.add_getset(&decomp, "needs_input", decomp_needs_input, None);
    vm.dict_set_str(&d, "BZ2Compressor", Value::Obj(comp));
    vm.dict_set_str(&d, "BZ2Decompressor", Value::Obj(decomp));
    Ok(m)
}
