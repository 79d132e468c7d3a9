//! Stdlib stage: the `_lzma` module over the system's liblzma (the library CPython links, so
//! the compressed bytes are identical): `LZMACompressor` (FORMAT_XZ, FORMAT_ALONE and
//! FORMAT_RAW, with presets or filter chains), `LZMADecompressor` (FORMAT_AUTO, FORMAT_XZ,
//! FORMAT_ALONE, FORMAT_RAW; `max_length`, `eof`, `unused_data`, `needs_input`, `check`),
//! `LZMAError`, `is_check_supported`, the filter-property helpers (lzma_filters.rs) and the
//! constants, with CPython's messages. Guarantees: an lzma_stream never moves after it is
//! initialised and is ended exactly once.

use crate::blocks_output::BlocksOutput;
use crate::bz2::{final_type, no_pickle};
use crate::lzma_filters::{self as filters, parse_filter_chain, u32_arg, u64_arg, OptionsLzma, PRESET_DEFAULT};
use crate::native::{self, new_instance, state};
use std::ffi::{c_int, c_void};
use vm::func::{Args, NativeFn};
use vm::value::{PyRef, Value};
use vm::{PyResult, Vm};

// ---------------------------------------------------------------------------------------------
// The C interface (lzma.h)
// ---------------------------------------------------------------------------------------------

#[repr(C)]
pub(crate) struct LzmaStream {
    next_in: *const u8,
    avail_in: usize,
    total_in: u64,
    next_out: *mut u8,
    avail_out: usize,
    total_out: u64,
    allocator: *const c_void,
    internal: *mut c_void,
    reserved_ptr: [*mut c_void; 4],
    seek_pos: u64,
    reserved_int2: u64,
    reserved_int3: usize,
    reserved_int4: usize,
    reserved_enum1: c_int,
    reserved_enum2: c_int,
}

/// `lzma_filter`.
#[repr(C)]
pub struct LzmaFilter {
    pub id: u64,
    pub options: *mut c_void,
}

pub const LZMA_VLI_UNKNOWN: u64 = u64::MAX;
pub const LZMA_FILTERS_MAX: usize = 4;

crate::dynlib! {
    /// liblzma, opened when `_lzma` is first imported (lzma_filters.rs uses it too).
    pub(crate) static LIBLZMA = ["liblzma.so.5", "liblzma.so"];
    pub(crate) fn lzma_easy_encoder(strm: *mut LzmaStream, preset: u32, check: c_int) -> c_int;
    pub(crate) fn lzma_stream_encoder(strm: *mut LzmaStream, filters: *const LzmaFilter, check: c_int) -> c_int;
    pub(crate) fn lzma_alone_encoder(strm: *mut LzmaStream, options: *const OptionsLzma) -> c_int;
    pub(crate) fn lzma_raw_encoder(strm: *mut LzmaStream, filters: *const LzmaFilter) -> c_int;
    pub(crate) fn lzma_auto_decoder(strm: *mut LzmaStream, memlimit: u64, flags: u32) -> c_int;
    pub(crate) fn lzma_stream_decoder(strm: *mut LzmaStream, memlimit: u64, flags: u32) -> c_int;
    pub(crate) fn lzma_alone_decoder(strm: *mut LzmaStream, memlimit: u64) -> c_int;
    pub(crate) fn lzma_raw_decoder(strm: *mut LzmaStream, filters: *const LzmaFilter) -> c_int;
    pub(crate) fn lzma_code(strm: *mut LzmaStream, action: c_int) -> c_int;
    pub(crate) fn lzma_end(strm: *mut LzmaStream);
    pub(crate) fn lzma_get_check(strm: *const LzmaStream) -> c_int;
    pub(crate) fn lzma_check_is_supported(check: c_int) -> u8;
    pub(crate) fn lzma_lzma_preset(options: *mut OptionsLzma, preset: u32) -> u8;
    pub(crate) fn lzma_properties_size(size: *mut u32, filter: *const LzmaFilter) -> c_int;
    pub(crate) fn lzma_properties_encode(filter: *const LzmaFilter, props: *mut u8) -> c_int;
    pub(crate) fn lzma_properties_decode(filter: *mut LzmaFilter, allocator: *const c_void, props: *const u8, size: usize) -> c_int;
}

const LZMA_OK: c_int = 0;
const LZMA_STREAM_END: c_int = 1;
const LZMA_NO_CHECK: c_int = 2;
const LZMA_UNSUPPORTED_CHECK: c_int = 3;
const LZMA_GET_CHECK: c_int = 4;
const LZMA_MEM_ERROR: c_int = 5;
const LZMA_MEMLIMIT_ERROR: c_int = 6;
const LZMA_FORMAT_ERROR: c_int = 7;
const LZMA_OPTIONS_ERROR: c_int = 8;
const LZMA_DATA_ERROR: c_int = 9;
const LZMA_BUF_ERROR: c_int = 10;
const LZMA_PROG_ERROR: c_int = 11;
const LZMA_RUN: c_int = 0;
const LZMA_FINISH: c_int = 3;
const LZMA_TELL_NO_CHECK: u32 = 0x01;
const LZMA_TELL_ANY_CHECK: u32 = 0x04;

const FORMAT_AUTO: i64 = 0;
const FORMAT_XZ: i64 = 1;
const FORMAT_ALONE: i64 = 2;
const FORMAT_RAW: i64 = 3;
const CHECK_NONE: i64 = 0;
const CHECK_CRC64: i64 = 4;
const CHECK_UNKNOWN: i64 = 16;

/// An lzma_stream, boxed so it never moves, ended on drop.
struct Stream {
    s: Box<LzmaStream>,
}

impl Stream {
    fn new() -> Stream {
        // SAFETY: LZMA_STREAM_INIT is all zeros / NULL (and LZMA_RESERVED_ENUM is 0).
        Stream { s: Box::new(unsafe { std::mem::zeroed() }) }
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        // SAFETY: lzma_end accepts a stream that was never initialised (internal is NULL) and
        // is called only here.
        unsafe { lzma_end(&mut *self.s) };
    }
}

vm::gil_local! {
    static ERROR: std::cell::RefCell<Option<PyRef>> = const { std::cell::RefCell::new(None) };
}

/// `_lzma.LZMAError(msg)`.
pub fn lzma_error(vm: &Vm, msg: impl Into<Box<str>>) -> PyRef {
    let ty = ERROR.with(|e| e.borrow().clone()).unwrap_or_else(|| vm.exc.exception.clone());
    vm.new_exception(&ty, msg)
}

/// CPython's `catch_lzma_error`.
pub fn check(vm: &Vm, ret: c_int) -> PyResult<()> {
    let msg = match ret {
        LZMA_OK | LZMA_GET_CHECK | LZMA_NO_CHECK | LZMA_STREAM_END => return Ok(()),
        LZMA_UNSUPPORTED_CHECK => "Unsupported integrity check".to_string(),
        LZMA_MEM_ERROR => return Err(vm.new_exception(&vm.exc.memory_error.clone(), "")),
        LZMA_MEMLIMIT_ERROR => "Memory usage limit exceeded".into(),
        LZMA_FORMAT_ERROR => "Input format not supported by decoder".into(),
        LZMA_OPTIONS_ERROR => "Invalid or unsupported options".into(),
        LZMA_DATA_ERROR => "Corrupt input data".into(),
        LZMA_BUF_ERROR => "Insufficient buffer space".into(),
        LZMA_PROG_ERROR => "Internal error".into(),
        e => format!("Unrecognized error from liblzma: {e}"),
    };
    Err(lzma_error(vm, msg))
}

fn data_arg(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    vm::objects::memoryview::bytes_like(vm, v)
}

/// A C `int` argument (`PyArg_Parse` format `i`).
fn c_int_arg(vm: &mut Vm, v: Option<Value>, default: i64) -> PyResult<i64> {
    let Some(v) = v else { return Ok(default) };
    let i = vm.to_i64_index(&v)?;
    if i > c_int::MAX as i64 {
        return Err(vm.new_overflow_error("signed integer is greater than maximum"));
    }
    if i < c_int::MIN as i64 {
        return Err(vm.new_overflow_error("signed integer is less than minimum"));
    }
    Ok(i)
}

fn given(v: &Option<Value>) -> Option<&Value> {
    v.as_ref().filter(|v| !v.is_none())
}

// ---------------------------------------------------------------------------------------------
// LZMACompressor
// ---------------------------------------------------------------------------------------------

struct Compressor {
    s: Stream,
    flushed: bool,
}

struct Decompressor {
    s: Stream,
    check: i64,
    eof: bool,
    needs_input: bool,
    unused_data: Vec<u8>,
    /// Input given but not consumed yet (CPython's `input_buffer` from `next_in`).
    pending: Vec<u8>,
}

fn comp_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, rest) = native::new_args(&args);
    let [format, check_id, preset, filterspecs] =
        rest.bind(vm, "LZMACompressor", ["format", "check", "preset", "filters"], 0)?;
    let format = c_int_arg(vm, format, FORMAT_XZ)?;
    let mut check_id = c_int_arg(vm, check_id, -1)?;
    if format != FORMAT_XZ && check_id != -1 && check_id != CHECK_NONE {
        return Err(vm.new_value_error("Integrity checks are only supported by FORMAT_XZ"));
    }
    if given(&preset).is_some() && given(&filterspecs).is_some() {
        return Err(vm.new_value_error("Cannot specify both preset and filter chain"));
    }
    let preset = match given(&preset) {
        Some(p) => u32_arg(vm, p)?,
        None => PRESET_DEFAULT,
    };
    let mut s = Stream::new();
    let strm = &mut *s.s;
    match format {
        FORMAT_XZ => {
            if check_id == -1 {
                check_id = CHECK_CRC64;
            }
            let ret = match given(&filterspecs) {
                // SAFETY: a zeroed stream; liblzma validates preset and check.
                None => unsafe { lzma_easy_encoder(strm, preset, check_id as c_int) },
                Some(f) => {
                    let chain = parse_filter_chain(vm, f)?;
                    // SAFETY: the chain's array and options live across the call.
                    unsafe { lzma_stream_encoder(strm, chain.filters(), check_id as c_int) }
                }
            };
            check(vm, ret)?;
        }
        FORMAT_ALONE => {
            let ret = match given(&filterspecs) {
                None => {
                    let mut o = OptionsLzma::zeroed();
                    // SAFETY: `o` is a valid lzma_options_lzma for liblzma to fill in.
                    if unsafe { lzma_lzma_preset(&mut *o, preset) } != 0 {
                        return Err(lzma_error(vm, format!("Invalid compression preset: {preset}")));
                    }
                    // SAFETY: a zeroed stream and valid options.
                    unsafe { lzma_alone_encoder(strm, &*o) }
                }
                Some(f) => {
                    let chain = parse_filter_chain(vm, f)?;
                    let Some(o) = chain.single_lzma1() else {
                        return Err(
                            vm.new_value_error("Invalid filter chain for FORMAT_ALONE - must be a single LZMA1 filter")
                        );
                    };
                    // SAFETY: the options are owned by `chain`, alive across the call.
                    unsafe { lzma_alone_encoder(strm, o) }
                }
            };
            check(vm, ret)?;
        }
        FORMAT_RAW => {
            let Some(f) = given(&filterspecs) else {
                return Err(vm.new_value_error("Must specify filters for FORMAT_RAW"));
            };
            let chain = parse_filter_chain(vm, f)?;
            // SAFETY: the chain's array and options live across the call.
            check(vm, unsafe { lzma_raw_encoder(strm, chain.filters()) })?;
        }
        _ => return Err(vm.new_value_error(format!("Invalid container format: {format}"))),
    }
    Ok(new_instance(vm, &cls, Compressor { s, flushed: false }))
}

fn comp_state<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a std::cell::RefCell<Compressor>> {
    state::<Compressor>(v).ok_or_else(|| native::wrong_self(vm, v, "_lzma.LZMACompressor"))
}

/// CPython's `compress`: runs the encoder over `data` with `action` (LZMA_RUN until the input
/// is consumed, LZMA_FINISH until the end of stream).
fn run_compress(vm: &Vm, s: &mut Stream, data: &[u8], action: c_int) -> PyResult<Vec<u8>> {
    let mut out = BlocksOutput::new(-1);
    let strm = &mut *s.s;
    strm.next_in = data.as_ptr();
    strm.avail_in = data.len();
    loop {
        let room = out.avail();
        strm.next_out = out.next_out();
        strm.avail_out = room;
        // SAFETY: next_in/avail_in lie within `data`, next_out/avail_out within the spare
        // capacity of `out`; the stream is initialised.
        let mut ret = unsafe { lzma_code(strm, action) };
        // SAFETY: liblzma wrote exactly the bytes it took from avail_out.
        unsafe { out.advance(room - strm.avail_out) };
        if ret == LZMA_BUF_ERROR && data.is_empty() && strm.avail_out > 0 {
            ret = LZMA_OK;
        }
        if let Err(e) = check(vm, ret) {
            strm.next_in = std::ptr::null();
            return Err(e);
        }
        if (action == LZMA_RUN && strm.avail_in == 0) || (action == LZMA_FINISH && ret == LZMA_STREAM_END) {
            break;
        } else if strm.avail_out == 0 {
            out.grow();
        }
    }
    strm.next_in = std::ptr::null();
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
    let out = run_compress(vm, &mut c.s, &data, LZMA_RUN)?;
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
    let out = run_compress(vm, &mut c.s, &[], LZMA_FINISH)?;
    Ok(vm.new_bytes(out))
}

// ---------------------------------------------------------------------------------------------
// LZMADecompressor
// ---------------------------------------------------------------------------------------------

fn decomp_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, rest) = native::new_args(&args);
    let [format, memlimit, filterspecs] = rest.bind(vm, "LZMADecompressor", ["format", "memlimit", "filters"], 0)?;
    let format = c_int_arg(vm, format, FORMAT_AUTO)?;
    let mut limit = u64::MAX;
    if let Some(m) = given(&memlimit) {
        if format == FORMAT_RAW {
            return Err(vm.new_value_error("Cannot specify memory limit with FORMAT_RAW"));
        }
        limit = u64_arg(vm, m)?;
    }
    let filterspecs = given(&filterspecs);
    if format == FORMAT_RAW && filterspecs.is_none() {
        return Err(vm.new_value_error("Must specify filters for FORMAT_RAW"));
    } else if format != FORMAT_RAW && filterspecs.is_some() {
        return Err(vm.new_value_error("Cannot specify filters except with FORMAT_RAW"));
    }
    let mut s = Stream::new();
    let strm = &mut *s.s;
    let flags = LZMA_TELL_ANY_CHECK | LZMA_TELL_NO_CHECK;
    let mut chk = CHECK_UNKNOWN;
    // SAFETY (all arms): a zeroed stream; filter chains live across the call.
    let ret = match format {
        FORMAT_AUTO => unsafe { lzma_auto_decoder(strm, limit, flags) },
        FORMAT_XZ => unsafe { lzma_stream_decoder(strm, limit, flags) },
        FORMAT_ALONE => {
            chk = CHECK_NONE;
            unsafe { lzma_alone_decoder(strm, limit) }
        }
        FORMAT_RAW => {
            chk = CHECK_NONE;
            let chain = parse_filter_chain(vm, filterspecs.unwrap())?;
            unsafe { lzma_raw_decoder(strm, chain.filters()) }
        }
        _ => return Err(vm.new_value_error(format!("Invalid container format: {format}"))),
    };
    check(vm, ret)?;
    let d = Decompressor { s, check: chk, eof: false, needs_input: true, unused_data: Vec::new(), pending: Vec::new() };
    Ok(new_instance(vm, &cls, d))
}

fn decomp_state<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a std::cell::RefCell<Decompressor>> {
    state::<Decompressor>(v).ok_or_else(|| native::wrong_self(vm, v, "_lzma.LZMADecompressor"))
}

/// CPython's `decompress_buf`: runs the decoder over `input` until the end of stream, the
/// input is used up with output space left, or `max_length` bytes came out. Returns the output,
/// the bytes consumed and whether the output space ran out.
fn decompress_buf(vm: &Vm, d: &mut Decompressor, input: &[u8], max_length: i64) -> PyResult<(Vec<u8>, usize, bool)> {
    let mut out = BlocksOutput::new(max_length);
    let strm = &mut *d.s.s;
    strm.next_in = input.as_ptr();
    strm.avail_in = input.len();
    let result = loop {
        let room = out.avail();
        strm.next_out = out.next_out();
        strm.avail_out = room;
        // SAFETY: next_in/avail_in lie within `input`, next_out/avail_out within the spare
        // capacity of `out`; the stream is initialised.
        let mut ret = unsafe { lzma_code(strm, LZMA_RUN) };
        // SAFETY: liblzma wrote exactly the bytes it took from avail_out.
        unsafe { out.advance(room - strm.avail_out) };
        if ret == LZMA_BUF_ERROR && strm.avail_in == 0 && strm.avail_out > 0 {
            ret = LZMA_OK;
        }
        if let Err(e) = check(vm, ret) {
            break Err(e);
        }
        if ret == LZMA_GET_CHECK || ret == LZMA_NO_CHECK {
            // SAFETY: an initialised stream.
            d.check = unsafe { lzma_get_check(strm) } as i64;
        }
        if ret == LZMA_STREAM_END {
            d.eof = true;
            break Ok(());
        } else if strm.avail_out == 0 {
            if out.at_max() {
                break Ok(());
            }
            out.grow();
        } else if strm.avail_in == 0 {
            break Ok(());
        }
    };
    let used = input.len() - strm.avail_in;
    strm.next_in = std::ptr::null();
    result?;
    let full = out.avail() == 0;
    Ok((out.finish(), used, full))
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
        return Err(vm.new_exception(&vm.exc.eof_error.clone(), "Already at end of stream"));
    }
    let mut input = std::mem::take(&mut d.pending);
    input.extend_from_slice(&data);
    // After an error the buffered input is forgotten, as CPython's `next_in = NULL`.
    let (out, used, full) = decompress_buf(vm, &mut d, &input, max_length)?;
    let rest = &input[used..];
    if d.eof {
        d.needs_input = false;
        if !rest.is_empty() {
            d.unused_data = rest.to_vec();
        }
    } else if rest.is_empty() {
        // Output space ran out with all input consumed: liblzma may hold more output.
        d.needs_input = !full;
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
fn decomp_check(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(decomp_state(vm, &args.args[0])?.borrow().check))
}

// ---------------------------------------------------------------------------------------------
// Module functions and initialisation
// ---------------------------------------------------------------------------------------------

fn is_check_supported(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "is_check_supported", 1)?;
    let id = c_int_arg(vm, Some(a[0].clone()), 0)?;
    // SAFETY: liblzma accepts any value and answers false for unknown ids.
    Ok(Value::Bool(unsafe { lzma_check_is_supported(id as c_int) } != 0))
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    if let Err(e) = LIBLZMA.load() {
        return Err(vm.new_import_error(&vm.exc.import_error.clone(), e, Some("_lzma")));
    }
    let m = vm.new_module("_lzma");
    let d = m.dict.get().unwrap();
    let error = native::exception_type(vm, "_lzma", "LZMAError", &vm.exc.exception.clone())?;
    vm.dict_set_str(&vm.type_dict(&error), "__doc__", vm.new_str("Call to liblzma failed."));
    ERROR.with(|e| *e.borrow_mut() = Some(error.clone()));
    vm.dict_set_str(&d, "LZMAError", Value::Obj(error));

    let comp = final_type(vm, "_lzma", "LZMACompressor");
    native::setup(
        vm,
        &comp,
        Some(comp_new),
        &[("compress", comp_compress, ""), ("flush", comp_flush, ""), ("__reduce_ex__", no_pickle, "")],
    );
    let decomp = final_type(vm, "_lzma", "LZMADecompressor");
    native::setup(
        vm,
        &decomp,
        Some(decomp_new),
        &[("decompress", decomp_decompress, ""), ("__reduce_ex__", no_pickle, "")],
    );
    vm.add_getset(&decomp, "check", decomp_check, None);
    vm.add_getset(&decomp, "eof", decomp_eof, None);
    vm.add_getset(&decomp, "needs_input", decomp_needs_input, None);
    vm.add_getset(&decomp, "unused_data", decomp_unused, None);
    vm.dict_set_str(&d, "LZMACompressor", Value::Obj(comp));
    vm.dict_set_str(&d, "LZMADecompressor", Value::Obj(decomp));

    let fns: &[(&'static str, NativeFn)] = &[
        ("is_check_supported", is_check_supported),
        ("_encode_filter_properties", filters::encode_filter_properties),
        ("_decode_filter_properties", filters::decode_filter_properties),
    ];
    vm.add_native_fns(&d, fns);
    let ints: &[(&str, i64)] = &[
        ("FORMAT_AUTO", FORMAT_AUTO),
        ("FORMAT_XZ", FORMAT_XZ),
        ("FORMAT_ALONE", FORMAT_ALONE),
        ("FORMAT_RAW", FORMAT_RAW),
        ("CHECK_NONE", CHECK_NONE),
        ("CHECK_CRC32", 1),
        ("CHECK_CRC64", CHECK_CRC64),
        ("CHECK_SHA256", 10),
        ("CHECK_ID_MAX", 15),
        ("CHECK_UNKNOWN", CHECK_UNKNOWN),
        ("FILTER_LZMA1", filters::FILTER_LZMA1 as i64),
        ("FILTER_LZMA2", filters::FILTER_LZMA2 as i64),
        ("FILTER_DELTA", filters::FILTER_DELTA as i64),
        ("FILTER_X86", filters::FILTER_X86 as i64),
        ("FILTER_IA64", filters::FILTER_IA64 as i64),
        ("FILTER_ARM", filters::FILTER_ARM as i64),
        ("FILTER_ARMTHUMB", filters::FILTER_ARMTHUMB as i64),
        ("FILTER_SPARC", filters::FILTER_SPARC as i64),
        ("FILTER_POWERPC", filters::FILTER_POWERPC as i64),
        ("MF_HC3", 0x03),
        ("MF_HC4", 0x04),
        ("MF_BT2", 0x12),
        ("MF_BT3", 0x13),
        ("MF_BT4", 0x14),
        ("MODE_FAST", 1),
        ("MODE_NORMAL", 2),
        ("PRESET_DEFAULT", PRESET_DEFAULT as i64),
        ("PRESET_EXTREME", 1 << 31),
    ];
    for (n, v) in ints {
        vm.dict_set_str(&d, n, Value::Int(*v));
    }
    Ok(m)
}
