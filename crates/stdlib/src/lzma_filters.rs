//! Stdlib stage: filter chains of the `_lzma` module — the liblzma option structs, turning
//! Python filter specifiers (dicts with an "id" and options such as `preset`, `dict_size`,
//! `lc`, `lp`, `pb`, `mode`, `nice_len`, `mf`, `depth`, `dist`, `start_offset`) into a C filter
//! array and back (`_encode_filter_properties`/`_decode_filter_properties`), with CPython's
//! conversions and messages. Guarantees: the option structs a `FilterChain` hands to liblzma
//! are owned by the chain and stay put while it lives.

use super::lzma::{
    lzma_error, lzma_lzma_preset, lzma_properties_decode, lzma_properties_encode, lzma_properties_size, LzmaFilter,
    LZMA_FILTERS_MAX, LZMA_VLI_UNKNOWN,
};
use num_traits::ToPrimitive;
use std::ffi::{c_int, c_void};
use vm::value::{Payload, Value};
use vm::{PyResult, Vm};

pub const FILTER_LZMA1: u64 = 0x4000_0000_0000_0001;
pub const FILTER_LZMA2: u64 = 0x21;
pub const FILTER_DELTA: u64 = 0x03;
pub const FILTER_X86: u64 = 0x04;
pub const FILTER_POWERPC: u64 = 0x05;
pub const FILTER_IA64: u64 = 0x06;
pub const FILTER_ARM: u64 = 0x07;
pub const FILTER_ARMTHUMB: u64 = 0x08;
pub const FILTER_SPARC: u64 = 0x09;
pub const PRESET_DEFAULT: u32 = 6;

/// `lzma_options_lzma` (lzma12.h, liblzma 5.4).
#[repr(C)]
pub struct OptionsLzma {
    pub dict_size: u32,
    preset_dict: *const u8,
    preset_dict_size: u32,
    pub lc: u32,
    pub lp: u32,
    pub pb: u32,
    mode: c_int,
    nice_len: u32,
    mf: c_int,
    depth: u32,
    ext_flags: u32,
    ext_size_low: u32,
    ext_size_high: u32,
    reserved_int: [u32; 5],
    reserved_enum: [c_int; 4],
    reserved_ptr: [*mut c_void; 2],
}

impl OptionsLzma {
    pub fn zeroed() -> Box<OptionsLzma> {
        // SAFETY: every field is an integer or a raw pointer, for which all-zero is valid.
        Box::new(unsafe { std::mem::zeroed() })
    }
}

/// `lzma_options_delta` (delta.h).
#[repr(C)]
struct OptionsDelta {
    kind: c_int,
    dist: u32,
    reserved_int: [u32; 4],
    reserved_ptr: [*mut c_void; 2],
}

/// `lzma_options_bcj` (bcj.h).
#[repr(C)]
struct OptionsBcj {
    start_offset: u32,
}

enum Options {
    Lzma(Box<OptionsLzma>),
    Delta(Box<OptionsDelta>),
    Bcj(Box<OptionsBcj>),
}

impl Options {
    fn ptr(&mut self) -> *mut c_void {
        match self {
            Options::Lzma(b) => &mut **b as *mut OptionsLzma as *mut c_void,
            Options::Delta(b) => &mut **b as *mut OptionsDelta as *mut c_void,
            Options::Bcj(b) => &mut **b as *mut OptionsBcj as *mut c_void,
        }
    }
}

/// A parsed filter chain: `filters()` is the LZMA_VLI_UNKNOWN-terminated C array.
pub struct FilterChain {
    opts: Vec<Options>,
    array: Vec<LzmaFilter>,
}

impl FilterChain {
    pub fn filters(&self) -> *const LzmaFilter {
        self.array.as_ptr()
    }

    /// The single LZMA1 options of the chain, if that is all it is (FORMAT_ALONE).
    pub fn single_lzma1(&self) -> Option<*const OptionsLzma> {
        match (self.array.len(), self.array[0].id, &self.opts[..]) {
            (2, FILTER_LZMA1, [Options::Lzma(o)]) => Some(&**o as *const OptionsLzma),
            _ => None,
        }
    }
}

/// The int value of `v` without `__index__` (as `PyLong_AsUnsigned*`): TypeError "an integer
/// is required" for other types.
fn int_value(vm: &Vm, v: &Value) -> PyResult<num_bigint::BigInt> {
    match v {
        Value::Int(i) => Ok((*i).into()),
        Value::Bool(b) => Ok((*b as i64).into()),
        _ => match v.payload() {
            Some(Payload::Int(b)) => Ok(b.clone()),
            _ => Err(vm.new_type_error("an integer is required")),
        },
    }
}

/// `PyLong_AsUnsignedLongLong`.
pub fn u64_arg(vm: &Vm, v: &Value) -> PyResult<u64> {
    let b = int_value(vm, v)?;
    if b.sign() == num_bigint::Sign::Minus {
        return Err(vm.new_overflow_error("can't convert negative int to unsigned"));
    }
    b.to_u64().ok_or_else(|| vm.new_overflow_error("int too big to convert"))
}

/// CPython's `uint32_converter` (`PyLong_AsUnsignedLong`, then a range check).
pub fn u32_arg(vm: &Vm, v: &Value) -> PyResult<u32> {
    let b = int_value(vm, v)?;
    if b.sign() == num_bigint::Sign::Minus {
        return Err(vm.new_overflow_error("can't convert negative int to unsigned"));
    }
    let n = b.to_u64().ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C unsigned long"))?;
    u32::try_from(n).map_err(|_| vm.new_overflow_error("Value too large for uint32_t type"))
}

/// `spec[key]`, None when the key is missing (`PyMapping_GetItemString` with KeyError cleared).
fn spec_get(vm: &mut Vm, spec: &Value, key: &str) -> PyResult<Option<Value>> {
    let k = vm.new_str(key);
    match vm.getitem(spec, &k) {
        Ok(v) => Ok(Some(v)),
        Err(e) if vm.isinstance_exc(&e, &vm.exc.key_error.clone()) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The (key, value) pairs of a spec, as `PyArg_ParseTupleAndKeywords` sees its kwargs dict.
fn spec_items(spec: &Value) -> Vec<(Value, Value)> {
    match spec.payload() {
        Some(Payload::Dict(d)) => d.borrow().items(),
        _ => Vec::new(),
    }
}

/// Applies the options of `spec` beyond "id" with `set`, any failure (an unknown key, a bad
/// value) becoming ValueError `msg`, as CPython's `PyArg_ParseTupleAndKeywords` call.
fn parse_options(vm: &Vm, spec: &Value, names: &[&str], msg: &str, mut set: impl FnMut(&str, u32)) -> PyResult<()> {
    let bad = || vm.new_value_error(msg.to_string());
    for (k, v) in spec_items(spec) {
        let Some(k) = k.as_str().map(|s| s.as_str().to_string()) else { return Err(bad()) };
        if !names.contains(&k.as_str()) {
            return Err(bad());
        }
        if k == "id" || k == "preset" {
            continue;
        }
        let n = u32_arg(vm, &v).map_err(|_| bad())?;
        set(&k, n);
    }
    Ok(())
}

/// CPython's `parse_filter_spec`: one filter specifier to its id and options.
fn parse_filter_spec(vm: &mut Vm, spec: &Value) -> PyResult<(u64, Options)> {
    let is_mapping = matches!(spec.payload(), Some(Payload::Dict(_))) || vm.getattr_opt(spec, "__getitem__")?.is_some();
    if !is_mapping || matches!(spec, Value::Int(_) | Value::Bool(_) | Value::Float(_) | Value::None) {
        return Err(vm.new_type_error("Filter specifier must be a dict or dict-like object"));
    }
    let Some(id) = spec_get(vm, spec, "id")? else {
        return Err(vm.new_value_error("Filter specifier must have an \"id\" entry"));
    };
    let id = u64_arg(vm, &id)?;
    match id {
        FILTER_LZMA1 | FILTER_LZMA2 => {
            let preset = match spec_get(vm, spec, "preset")? {
                Some(p) => u32_arg(vm, &p)?,
                None => PRESET_DEFAULT,
            };
            let mut o = OptionsLzma::zeroed();
            // SAFETY: `o` is a valid lzma_options_lzma for liblzma to fill in.
            if unsafe { lzma_lzma_preset(&mut *o, preset) } != 0 {
                return Err(lzma_error(vm, format!("Invalid compression preset: {preset}")));
            }
            let names = ["id", "preset", "dict_size", "lc", "lp", "pb", "mode", "nice_len", "mf", "depth"];
            parse_options(vm, spec, &names, "Invalid filter specifier for LZMA filter", |k, n| match k {
                "dict_size" => o.dict_size = n,
                "lc" => o.lc = n,
                "lp" => o.lp = n,
                "pb" => o.pb = n,
                "mode" => o.mode = n as c_int,
                "nice_len" => o.nice_len = n,
                "mf" => o.mf = n as c_int,
                _ => o.depth = n,
            })?;
            Ok((id, Options::Lzma(o)))
        }
        FILTER_DELTA => {
            let mut o = Box::new(OptionsDelta {
                kind: 0,
                dist: 1,
                reserved_int: [0; 4],
                reserved_ptr: [std::ptr::null_mut(); 2],
            });
            parse_options(vm, spec, &["id", "dist"], "Invalid filter specifier for delta filter", |_, n| o.dist = n)?;
            Ok((id, Options::Delta(o)))
        }
        FILTER_X86 | FILTER_POWERPC | FILTER_IA64 | FILTER_ARM | FILTER_ARMTHUMB | FILTER_SPARC => {
            let mut o = Box::new(OptionsBcj { start_offset: 0 });
            parse_options(vm, spec, &["id", "start_offset"], "Invalid filter specifier for BCJ filter", |_, n| {
                o.start_offset = n
            })?;
            Ok((id, Options::Bcj(o)))
        }
        _ => Err(vm.new_value_error(format!("Invalid filter ID: {id}"))),
    }
}

fn chain_of(mut items: Vec<(u64, Options)>) -> FilterChain {
    let mut array: Vec<LzmaFilter> = items.iter_mut().map(|(id, o)| LzmaFilter { id: *id, options: o.ptr() }).collect();
    array.push(LzmaFilter { id: LZMA_VLI_UNKNOWN, options: std::ptr::null_mut() });
    FilterChain { opts: items.into_iter().map(|(_, o)| o).collect(), array }
}

/// CPython's `parse_filter_chain_spec`: a sequence of at most four filter specifiers.
pub fn parse_filter_chain(vm: &mut Vm, seq: &Value) -> PyResult<FilterChain> {
    if matches!(seq.payload(), Some(Payload::Dict(_))) {
        return Err(vm.new_type_error("dict is not a sequence"));
    }
    let n = vm.len(seq)?;
    if n > LZMA_FILTERS_MAX {
        return Err(vm.new_value_error(format!("Too many filters - liblzma supports a maximum of {LZMA_FILTERS_MAX}")));
    }
    let mut items = Vec::with_capacity(n);
    for i in 0..n {
        let spec = vm.getitem(seq, &Value::Int(i as i64))?;
        items.push(parse_filter_spec(vm, &spec)?);
    }
    Ok(chain_of(items))
}

/// CPython's `build_filter_spec`: a filter as a dict of the options its properties carry.
fn build_filter_spec(vm: &mut Vm, f: &LzmaFilter) -> PyResult<Value> {
    let d = vm.new_dict();
    let int = |vm: &Vm, n: u64| match i64::try_from(n) {
        Ok(i) => Value::Int(i),
        Err(_) => vm.new_bigint(n.into()),
    };
    vm.dict_set_str(&d, "id", int(vm, f.id));
    match f.id {
        FILTER_LZMA1 | FILTER_LZMA2 => {
            // SAFETY: liblzma decoded LZMA1/LZMA2 properties into an lzma_options_lzma.
            let o = unsafe { &*(f.options as *const OptionsLzma) };
            if f.id == FILTER_LZMA1 {
                vm.dict_set_str(&d, "lc", Value::Int(o.lc as i64));
                vm.dict_set_str(&d, "lp", Value::Int(o.lp as i64));
                vm.dict_set_str(&d, "pb", Value::Int(o.pb as i64));
            }
            vm.dict_set_str(&d, "dict_size", Value::Int(o.dict_size as i64));
        }
        FILTER_DELTA => {
            // SAFETY: liblzma decoded delta properties into an lzma_options_delta.
            let o = unsafe { &*(f.options as *const OptionsDelta) };
            vm.dict_set_str(&d, "dist", Value::Int(o.dist as i64));
        }
        FILTER_X86 | FILTER_POWERPC | FILTER_IA64 | FILTER_ARM | FILTER_ARMTHUMB | FILTER_SPARC => {
            if !f.options.is_null() {
                // SAFETY: liblzma decoded BCJ properties into an lzma_options_bcj.
                let o = unsafe { &*(f.options as *const OptionsBcj) };
                vm.dict_set_str(&d, "start_offset", Value::Int(o.start_offset as i64));
            }
        }
        id => return Err(vm.new_value_error(format!("Invalid filter ID: {id}"))),
    }
    Ok(Value::Obj(d))
}

/// `_lzma._encode_filter_properties(filter)`.
pub fn encode_filter_properties(vm: &mut Vm, args: vm::func::Args) -> PyResult<Value> {
    let a = args.exact(vm, "_encode_filter_properties", 1)?;
    let (id, mut opts) = parse_filter_spec(vm, &a[0])?;
    let f = LzmaFilter { id, options: opts.ptr() };
    let mut size = 0u32;
    // SAFETY: `f` is a valid filter whose options outlive the calls.
    super::lzma::check(vm, unsafe { lzma_properties_size(&mut size, &f) })?;
    let mut out = vec![0u8; size as usize];
    // SAFETY: `out` has the size liblzma asked for.
    super::lzma::check(vm, unsafe { lzma_properties_encode(&f, out.as_mut_ptr()) })?;
    drop(opts);
    Ok(vm.new_bytes(out))
}

/// `_lzma._decode_filter_properties(filter_id, encoded_props)`.
pub fn decode_filter_properties(vm: &mut Vm, args: vm::func::Args) -> PyResult<Value> {
    let a = args.exact(vm, "_decode_filter_properties", 2)?;
    let id = u64_arg(vm, &a[0])?;
    let props = vm::objects::memoryview::bytes_like(vm, &a[1])?;
    let mut f = LzmaFilter { id, options: std::ptr::null_mut() };
    // SAFETY: `props` is a valid buffer; liblzma allocates `f.options` with malloc.
    let ret = unsafe { lzma_properties_decode(&mut f, std::ptr::null(), props.as_ptr(), props.len()) };
    super::lzma::check(vm, ret)?;
    let r = build_filter_spec(vm, &f);
    // SAFETY: the options were allocated by liblzma's default allocator (malloc).
    unsafe { libc::free(f.options) };
    r
}
