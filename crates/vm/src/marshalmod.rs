//! VM stage: the `marshal` module (CPython's Python/marshal.c) for data values — None,
//! bools, ints of any size, floats, complex numbers, str, bytes (and other bytes-like
//! objects, written as bytes), tuples, lists, dicts, sets, frozensets, Ellipsis and
//! StopIteration — in CPython's format, versions 0 to 4, so files written by either
//! implementation load in the other (`pstats` reads `cProfile`'s stats this way). Code objects
//! are not marshalled: pyrite's `.pyc` format is its own, so they are refused with an error
//! rather than written in a format CPython could not read.

use crate::func::{Args, NativeFn};
use crate::value::{Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use num_bigint::{BigInt, BigUint, Sign};
use std::collections::HashMap;

/// `Py_MARSHAL_VERSION`.
const VERSION: i64 = 4;
/// `MAX_MARSHAL_STACK_DEPTH`.
const MAX_DEPTH: usize = 2000;
/// `FLAG_REF`: the object is remembered for later `TYPE_REF`s.
const FLAG_REF: u8 = 0x80;

const TYPE_NULL: u8 = b'0';
const TYPE_NONE: u8 = b'N';
const TYPE_FALSE: u8 = b'F';
const TYPE_TRUE: u8 = b'T';
const TYPE_STOPITER: u8 = b'S';
const TYPE_ELLIPSIS: u8 = b'.';
const TYPE_INT: u8 = b'i';
const TYPE_FLOAT: u8 = b'f';
const TYPE_BINARY_FLOAT: u8 = b'g';
const TYPE_COMPLEX: u8 = b'x';
const TYPE_BINARY_COMPLEX: u8 = b'y';
const TYPE_LONG: u8 = b'l';
const TYPE_STRING: u8 = b's';
const TYPE_INTERNED: u8 = b't';
const TYPE_REF: u8 = b'r';
const TYPE_TUPLE: u8 = b'(';
const TYPE_LIST: u8 = b'[';
const TYPE_DICT: u8 = b'{';
const TYPE_CODE: u8 = b'c';
const TYPE_UNICODE: u8 = b'u';
const TYPE_SET: u8 = b'<';
const TYPE_FROZENSET: u8 = b'>';
const TYPE_ASCII: u8 = b'a';
const TYPE_ASCII_INTERNED: u8 = b'A';
const TYPE_SMALL_TUPLE: u8 = b')';
const TYPE_SHORT_ASCII: u8 = b'z';
const TYPE_SHORT_ASCII_INTERNED: u8 = b'Z';

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// Why writing stopped (`WFERR_*`).
enum WriteError {
    Unmarshallable,
    TooDeep,
    Raised(PyRef),
}

/// `WFILE` for writing: the output and the objects already written (`hashtable`), by
/// identity, with their reference numbers.
struct Writer {
    out: Vec<u8>,
    version: i64,
    depth: usize,
    refs: HashMap<usize, u32>,
    /// Small ints are shared objects in CPython, so repeats of one become references there.
    small_ints: HashMap<i64, u32>,
    nrefs: u32,
}

impl Writer {
    fn long(&mut self, x: i32) {
        self.out.extend_from_slice(&x.to_le_bytes());
    }

    fn pstring(&mut self, b: &[u8]) -> Result<(), WriteError> {
        let n = i32::try_from(b.len()).map_err(|_| WriteError::Unmarshallable)?;
        self.long(n);
        self.out.extend_from_slice(b);
        Ok(())
    }

    /// `w_ref`: a reference to an object written before, or the flag that remembers this
    /// one. CPython skips objects nothing else refers to (reference count 1); heap objects
    /// here use their reference count the same way. Output bytes can therefore differ from
    /// CPython's where its reference counts differ from ours, never what loads back.
    fn reference(&mut self, v: &Value) -> Option<u8> {
        if self.version < 3 {
            return Some(0);
        }
        let slot = match v {
            Value::Int(i) if (-5..=256).contains(i) => match self.small_ints.get(i) {
                Some(&n) => return self.write_ref(n),
                None => {
                    self.small_ints.insert(*i, self.nrefs);
                    true
                }
            },
            // Other ints and floats have no identity here; CPython's usually come from
            // constants, shared and so remembered (but a repeat is written again).
            Value::Int(_) | Value::Float(_) => true,
            Value::Obj(o) if std::rc::Rc::strong_count(o) > 1 => {
                let key = std::rc::Rc::as_ptr(o) as *const u8 as usize;
                match self.refs.get(&key) {
                    Some(&n) => return self.write_ref(n),
                    None => {
                        self.refs.insert(key, self.nrefs);
                        true
                    }
                }
            }
            _ => false,
        };
        if slot {
            self.nrefs += 1;
            Some(FLAG_REF)
        } else {
            Some(0)
        }
    }

    fn write_ref(&mut self, n: u32) -> Option<u8> {
        self.out.push(TYPE_REF);
        self.long(n as i32);
        None
    }

    /// `w_object`.
    fn object(&mut self, vm: &mut Vm, v: &Value) -> Result<(), WriteError> {
        self.depth += 1;
        let r = if self.depth > MAX_DEPTH { Err(WriteError::TooDeep) } else { self.object_inner(vm, v) };
        self.depth -= 1;
        r
    }

    fn object_inner(&mut self, vm: &mut Vm, v: &Value) -> Result<(), WriteError> {
        match v {
            Value::None => {
                self.out.push(TYPE_NONE);
                return Ok(());
            }
            Value::Bool(b) => {
                self.out.push(if *b { TYPE_TRUE } else { TYPE_FALSE });
                return Ok(());
            }
            Value::Obj(o) if std::rc::Rc::ptr_eq(o, &vm.exc.stop_iteration) => {
                self.out.push(TYPE_STOPITER);
                return Ok(());
            }
            Value::Obj(o) if std::rc::Rc::ptr_eq(o, &vm.ellipsis) => {
                self.out.push(TYPE_ELLIPSIS);
                return Ok(());
            }
            _ => {}
        }
        let Some(flag) = self.reference(v) else { return Ok(()) };
        self.complex_object(vm, v, flag)
    }

    /// `w_complex_object`: everything but the singletons, exact builtin types only.
    fn complex_object(&mut self, vm: &mut Vm, v: &Value, flag: u8) -> Result<(), WriteError> {
        let exact = |t: &PyRef| std::rc::Rc::ptr_eq(&vm.type_of(v), t);
        match v {
            Value::Int(i) => return self.int(&BigInt::from(*i), flag),
            Value::Float(f) => return self.float(*f, flag),
            _ => {}
        }
        let Value::Obj(o) = v else { return Err(WriteError::Unmarshallable) };
        match &o.payload {
            Payload::Int(b) if exact(&vm.types.int) => self.int(b, flag),
            Payload::Float(f) if exact(&vm.types.float) => self.float(*f, flag),
            Payload::Complex(re, im) if exact(&vm.types.complex) => {
                if self.version > 1 {
                    self.out.push(TYPE_BINARY_COMPLEX | flag);
                    self.out.extend_from_slice(&re.to_le_bytes());
                    self.out.extend_from_slice(&im.to_le_bytes());
                } else {
                    self.out.push(TYPE_COMPLEX | flag);
                    self.float_str(*re);
                    self.float_str(*im);
                }
                Ok(())
            }
            Payload::Bytes(b) if exact(&vm.types.bytes) => {
                self.out.push(TYPE_STRING | flag);
                self.pstring(b)
            }
            Payload::Str(s) if exact(&vm.types.str_) => {
                if self.version >= 4 && s.is_ascii() {
                    let b = s.as_str().as_bytes();
                    if b.len() < 256 {
                        self.out.push(TYPE_SHORT_ASCII | flag);
                        self.out.push(b.len() as u8);
                        self.out.extend_from_slice(b);
                        Ok(())
                    } else {
                        self.out.push(TYPE_ASCII | flag);
                        self.pstring(b)
                    }
                } else {
                    let b = if s.has_surrogates() {
                        crate::codecs::encode(vm, s.as_str(), "utf-8", "surrogatepass").map_err(WriteError::Raised)?
                    } else {
                        s.as_str().as_bytes().to_vec()
                    };
                    self.out.push(TYPE_UNICODE | flag);
                    self.pstring(&b)
                }
            }
            Payload::Tuple(items) if exact(&vm.types.tuple) => {
                if self.version >= 4 && items.len() < 256 {
                    self.out.push(TYPE_SMALL_TUPLE | flag);
                    self.out.push(items.len() as u8);
                } else {
                    self.out.push(TYPE_TUPLE | flag);
                    self.pstring_len(items.len())?;
                }
                items.iter().try_for_each(|it| self.object(vm, it))
            }
            Payload::List(items) if exact(&vm.types.list) => {
                // Writing runs no Python code, so the list cannot change meanwhile.
                let items = items.borrow();
                self.out.push(TYPE_LIST | flag);
                self.pstring_len(items.len())?;
                items.iter().try_for_each(|it| self.object(vm, it))
            }
            Payload::Dict(d) if exact(&vm.types.dict) => {
                self.out.push(TYPE_DICT | flag);
                let d = d.borrow();
                for e in d.iter() {
                    self.object(vm, &e.key)?;
                    self.object(vm, &e.value)?;
                }
                self.out.push(TYPE_NULL);
                Ok(())
            }
            Payload::Set(s) if exact(&vm.types.set) => {
                self.out.push(TYPE_SET | flag);
                let s = s.borrow();
                self.pstring_len(s.len())?;
                let r = s.iter().try_for_each(|(_, it)| self.object(vm, it));
                r
            }
            Payload::FrozenSet(s, _) if exact(&vm.types.frozenset) => {
                self.out.push(TYPE_FROZENSET | flag);
                self.pstring_len(s.len())?;
                s.iter().try_for_each(|(_, it)| self.object(vm, it))
            }
            Payload::Code(_) => Err(WriteError::Raised(vm.new_value_error(
                "unmarshallable object (pyrite does not marshal code objects: its .pyc format is its own)",
            ))),
            _ => match crate::objects::memoryview::buffer_bytes(v) {
                // Any other bytes-like object is written as bytes, never remembered.
                Some(b) => {
                    self.out.push(TYPE_STRING);
                    self.pstring(&b)
                }
                None => Err(WriteError::Unmarshallable),
            },
        }
    }

    /// `W_SIZE`.
    fn pstring_len(&mut self, n: usize) -> Result<(), WriteError> {
        let n = i32::try_from(n).map_err(|_| WriteError::Unmarshallable)?;
        self.long(n);
        Ok(())
    }

    /// An int: `TYPE_INT` when it fits 32 bits, else `TYPE_LONG` with 15-bit digits.
    fn int(&mut self, b: &BigInt, flag: u8) -> Result<(), WriteError> {
        if let Ok(x) = i32::try_from(b) {
            self.out.push(TYPE_INT | flag);
            self.long(x);
            return Ok(());
        }
        let digits = long_digits(b.magnitude());
        self.out.push(TYPE_LONG | flag);
        let n = i32::try_from(digits.len()).map_err(|_| WriteError::Unmarshallable)?;
        self.long(if b.sign() == Sign::Minus { -n } else { n });
        for d in digits {
            self.out.extend_from_slice(&d.to_le_bytes());
        }
        Ok(())
    }

    fn float(&mut self, f: f64, flag: u8) -> Result<(), WriteError> {
        if self.version > 1 {
            self.out.push(TYPE_BINARY_FLOAT | flag);
            self.out.extend_from_slice(&f.to_le_bytes());
        } else {
            self.out.push(TYPE_FLOAT | flag);
            self.float_str(f);
        }
        Ok(())
    }

    /// `w_float_str`: `repr`-like text with 17 significant digits (`'g'` format), after
    /// a one-byte length.
    fn float_str(&mut self, f: f64) {
        let s = format_g17(f);
        self.out.push(s.len() as u8);
        self.out.extend_from_slice(s.as_bytes());
    }
}

/// The 15-bit digits of `m`, least significant first (CPython's `PyLong` layout).
fn long_digits(m: &BigUint) -> Vec<u16> {
    let bytes = m.to_bytes_le();
    let bits = bytes.len() * 8;
    let mut out = Vec::with_capacity(bits / 15 + 1);
    let mut pos = 0;
    while pos < bits {
        let mut d = 0u16;
        for k in 0..15 {
            let bit = pos + k;
            if bit < bits && bytes[bit / 8] >> (bit % 8) & 1 == 1 {
                d |= 1 << k;
            }
        }
        out.push(d);
        pos += 15;
    }
    while out.last() == Some(&0) {
        out.pop();
    }
    out
}

/// `PyOS_double_to_string(v, 'g', 17, 0, NULL)`.
fn format_g17(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let e = format!("{f:.16e}");
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mant) = mant.strip_prefix('-').map_or(("", mant), |m| ("-", m));
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    if !(-4..17).contains(&exp) {
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() { String::new() } else { format!(".{rest}") };
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{first}{frac}e{esign}{:02}", exp.abs());
    }
    if exp < 0 {
        return format!("{sign}0.{}{digits}", "0".repeat((-exp - 1) as usize));
    }
    let int_len = exp as usize + 1;
    if digits.len() <= int_len {
        format!("{sign}{digits}{}", "0".repeat(int_len - digits.len()))
    } else {
        format!("{sign}{}.{}", &digits[..int_len], &digits[int_len..])
    }
}

/// `PyMarshal_WriteObjectToString`: `v` marshalled with `version`.
fn dumps_value(vm: &mut Vm, v: &Value, version: i64) -> PyResult<Vec<u8>> {
    let mut w =
        Writer { out: Vec::new(), version, depth: 0, refs: HashMap::new(), small_ints: HashMap::new(), nrefs: 0 };
    match w.object(vm, v) {
        Ok(()) => Ok(w.out),
        Err(WriteError::Unmarshallable) => Err(vm.new_value_error("unmarshallable object")),
        Err(WriteError::TooDeep) => Err(vm.new_value_error("object too deeply nested to marshal")),
        Err(WriteError::Raised(e)) => Err(e),
    }
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/// `RFILE`: bytes in memory, or a file read from as far as the data goes.
struct Reader<'a> {
    data: Vec<u8>,
    pos: usize,
    /// `marshal.load`'s file: more bytes are read from it on demand.
    file: Option<&'a Value>,
    depth: usize,
    /// Remembered objects (`refs`); `None` while a container's slot is reserved.
    refs: Vec<Option<Value>>,
}

impl Reader<'_> {
    /// Reads up to `want` more bytes from the file of `marshal.load` (`readinto` in CPython).
    fn read_more(&mut self, vm: &mut Vm, want: usize) -> PyResult<()> {
        let Some(f) = self.file else { return Ok(()) };
        let read = vm.getattr_str(f, "read")?;
        let got = vm.call(&read, Args::new(&[Value::Int(want as i64)]))?;
        match got.payload() {
            Some(Payload::Bytes(b)) if b.len() <= want => {
                self.data.extend_from_slice(b);
                Ok(())
            }
            Some(Payload::Bytes(b)) => Err(vm.new_value_error(format!(
                "read() returned too much data: {want} bytes requested, {} returned",
                b.len()
            ))),
            _ => Err(vm.new_type_error(format!("file.read() returned not bytes but {}", vm.type_name(&got)))),
        }
    }

    /// `r_string`: the next `n` bytes; EOFError "marshal data too short" when missing.
    fn take(&mut self, vm: &mut Vm, n: usize) -> PyResult<&[u8]> {
        if self.data.len() - self.pos < n {
            self.read_more(vm, n - (self.data.len() - self.pos))?;
            if self.data.len() - self.pos < n {
                return Err(vm.new_exception(&vm.exc.eof_error.clone(), "marshal data too short"));
            }
        }
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    /// `r_byte`: EOFError "EOF read where object expected" at the end.
    fn byte(&mut self, vm: &mut Vm) -> PyResult<u8> {
        if self.pos >= self.data.len() {
            self.read_more(vm, 1)?;
            if self.pos >= self.data.len() {
                return Err(vm.new_exception(&vm.exc.eof_error.clone(), "EOF read where object expected"));
            }
        }
        self.pos += 1;
        Ok(self.data[self.pos - 1])
    }

    fn long(&mut self, vm: &mut Vm) -> PyResult<i32> {
        let b = self.take(vm, 4)?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn size(&mut self, vm: &mut Vm, what: &str) -> PyResult<usize> {
        let n = self.long(vm)?;
        usize::try_from(n).map_err(|_| bad(vm, &format!("{what} size out of range")))
    }

    fn f64(&mut self, vm: &mut Vm) -> PyResult<f64> {
        let b = self.take(vm, 8)?;
        Ok(f64::from_le_bytes(b.try_into().unwrap_or([0; 8])))
    }

    fn float_str(&mut self, vm: &mut Vm) -> PyResult<f64> {
        let n = self.byte(vm)? as usize;
        let b = self.take(vm, n)?.to_vec();
        let s = String::from_utf8_lossy(&b).to_string();
        crate::objects::numbers::parse_float(vm, &s)
    }

    /// Remembers `v` when its type code had `FLAG_REF` (`r_ref`).
    fn remember(&mut self, v: Value, flag: bool) -> Value {
        if flag {
            self.refs.push(Some(v.clone()));
        }
        v
    }

    /// Reserves a reference number for a container read next (`r_ref_reserve`).
    fn reserve(&mut self, flag: bool) -> Option<usize> {
        flag.then(|| {
            self.refs.push(None);
            self.refs.len() - 1
        })
    }

    fn fill(&mut self, slot: Option<usize>, v: &Value) {
        if let Some(i) = slot {
            self.refs[i] = Some(v.clone());
        }
    }

    /// `r_object`.
    fn object(&mut self, vm: &mut Vm) -> PyResult<Value> {
        self.depth += 1;
        let r = if self.depth > MAX_DEPTH {
            Err(vm.new_value_error("recursion limit exceeded"))
        } else {
            self.object_inner(vm)
        };
        self.depth -= 1;
        r
    }

    fn object_inner(&mut self, vm: &mut Vm) -> PyResult<Value> {
        let code = self.byte(vm)?;
        let flag = code & FLAG_REF != 0;
        let v = match code & !FLAG_REF {
            TYPE_NULL => return Err(bad(vm, "NULL object in marshal data for object")),
            TYPE_NONE => Value::None,
            TYPE_STOPITER => Value::Obj(vm.exc.stop_iteration.clone()),
            TYPE_ELLIPSIS => Value::Obj(vm.ellipsis.clone()),
            TYPE_FALSE => Value::Bool(false),
            TYPE_TRUE => Value::Bool(true),
            TYPE_INT => {
                let x = self.long(vm)?;
                self.remember(Value::Int(x as i64), flag)
            }
            TYPE_LONG => {
                let v = self.long_object(vm)?;
                self.remember(v, flag)
            }
            TYPE_FLOAT => {
                let f = self.float_str(vm)?;
                self.remember(Value::Float(f), flag)
            }
            TYPE_BINARY_FLOAT => {
                let f = self.f64(vm)?;
                self.remember(Value::Float(f), flag)
            }
            TYPE_COMPLEX => {
                let (re, im) = (self.float_str(vm)?, self.float_str(vm)?);
                let v = crate::objects::complex::new_complex(vm, re, im);
                self.remember(v, flag)
            }
            TYPE_BINARY_COMPLEX => {
                let (re, im) = (self.f64(vm)?, self.f64(vm)?);
                let v = crate::objects::complex::new_complex(vm, re, im);
                self.remember(v, flag)
            }
            TYPE_STRING => {
                let n = self.size(vm, "bytes object")?;
                let b = self.take(vm, n)?.to_vec();
                let v = vm.new_bytes(b);
                self.remember(v, flag)
            }
            TYPE_ASCII | TYPE_ASCII_INTERNED | TYPE_SHORT_ASCII | TYPE_SHORT_ASCII_INTERNED => {
                let short = matches!(code & !FLAG_REF, TYPE_SHORT_ASCII | TYPE_SHORT_ASCII_INTERNED);
                let n = if short { self.byte(vm)? as usize } else { self.size(vm, "string")? };
                let b = self.take(vm, n)?.to_vec();
                // CPython decodes these as Latin-1 without checking they are ASCII.
                let s: String = b.iter().map(|&c| c as char).collect();
                let v = vm.new_str(s);
                self.remember(v, flag)
            }
            TYPE_UNICODE | TYPE_INTERNED => {
                let n = self.size(vm, "string")?;
                let b = self.take(vm, n)?.to_vec();
                let s = crate::codecs::decode(vm, &b, "utf-8", "surrogatepass")?;
                let v = vm.new_str(s);
                self.remember(v, flag)
            }
            TYPE_SMALL_TUPLE | TYPE_TUPLE => {
                let n = if code & !FLAG_REF == TYPE_SMALL_TUPLE {
                    self.byte(vm)? as usize
                } else {
                    self.size(vm, "tuple")?
                };
                let slot = self.reserve(flag);
                let mut items = Vec::with_capacity(n.min(1 << 16));
                for _ in 0..n {
                    items.push(self.object(vm)?);
                }
                let v = vm.new_tuple(items);
                self.fill(slot, &v);
                v
            }
            TYPE_LIST => {
                let n = self.size(vm, "list")?;
                let v = vm.new_list(Vec::with_capacity(n.min(1 << 16)));
                if flag {
                    self.refs.push(Some(v.clone()));
                }
                for _ in 0..n {
                    let it = self.object(vm)?;
                    if let Some(Payload::List(l)) = v.payload() {
                        l.borrow_mut().push(it);
                    }
                }
                v
            }
            TYPE_DICT => {
                let v = Value::Obj(vm.new_dict());
                if flag {
                    self.refs.push(Some(v.clone()));
                }
                loop {
                    // The pairs end at a NULL type code.
                    if self.byte(vm)? == TYPE_NULL {
                        break;
                    }
                    self.pos -= 1;
                    let k = self.object(vm)?;
                    let val = self.object(vm)?;
                    vm.setitem(&v, k, val)?;
                }
                v
            }
            TYPE_SET | TYPE_FROZENSET => {
                let n = self.size(vm, "set")?;
                let frozen = code & !FLAG_REF == TYPE_FROZENSET;
                let slot = if frozen { self.reserve(flag) } else { None };
                let set = vm.call(&Value::Obj(vm.types.set.clone()), Args::new(&[]))?;
                if flag && !frozen {
                    self.refs.push(Some(set.clone()));
                }
                let add = vm.getattr_str(&set, "add")?;
                for _ in 0..n {
                    let it = self.object(vm)?;
                    vm.call(&add, Args::new(&[it]))?;
                }
                let v = if frozen { vm.call(&Value::Obj(vm.types.frozenset.clone()), Args::new(&[set]))? } else { set };
                self.fill(slot, &v);
                v
            }
            TYPE_REF => {
                let n = self.long(vm)?;
                match usize::try_from(n).ok().and_then(|i| self.refs.get(i)) {
                    Some(Some(v)) => v.clone(),
                    _ => return Err(bad(vm, "invalid reference")),
                }
            }
            TYPE_CODE => {
                return Err(vm.new_value_error(
                    "bad marshal data (code objects are not supported: pyrite's .pyc format is its own)",
                ))
            }
            _ => return Err(bad(vm, "unknown type code")),
        };
        Ok(v)
    }

    /// `r_PyLong`: a signed count of 15-bit digits, least significant first.
    fn long_object(&mut self, vm: &mut Vm) -> PyResult<Value> {
        let n = self.long(vm)?;
        if n == i32::MIN {
            return Err(bad(vm, "long size out of range"));
        }
        let size = n.unsigned_abs() as usize;
        let raw = self.take(vm, size * 2)?.to_vec();
        let digits: Vec<u16> = raw.chunks(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        if digits.iter().any(|&d| d >= 1 << 15) {
            return Err(bad(vm, "digit out of range in long"));
        }
        if digits.last() == Some(&0) {
            return Err(bad(vm, "unnormalized long data"));
        }
        let mut m = BigUint::default();
        for &d in digits.iter().rev() {
            m = (m << 15u32) | BigUint::from(d);
        }
        let b = BigInt::from_biguint(if n < 0 { Sign::Minus } else { Sign::Plus }, m);
        Ok(vm.new_bigint(b))
    }
}

/// ValueError "bad marshal data (what)".
fn bad(vm: &Vm, what: &str) -> PyRef {
    vm.new_value_error(format!("bad marshal data ({what})"))
}

fn version_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<i64> {
    match v {
        None => Ok(VERSION),
        Some(v) => {
            let is_int = matches!(v, Value::Int(_) | Value::Bool(_)) || matches!(v.payload(), Some(Payload::Int(_)));
            if !is_int && vm.lookup_special(v, "__index__").is_none() {
                return Err(
                    vm.new_type_error(format!("'{}' object cannot be interpreted as an integer", vm.type_name(v)))
                );
            }
            vm.to_i64_index(v)
        }
    }
}

/// `marshal.dumps(value, version=version, /)`.
fn marshal_dumps(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "dumps", 1, 2)?;
    let version = version_arg(vm, a.get(1))?;
    let b = dumps_value(vm, &a[0], version)?;
    Ok(vm.new_bytes(b))
}

/// `marshal.dump(value, file, version=version, /)`: writes with `file.write`.
fn marshal_dump(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "dump", 2, 3)?;
    let version = version_arg(vm, a.get(2))?;
    let b = dumps_value(vm, &a[0], version)?;
    let write = vm.getattr_str(&a[1], "write")?;
    let data = vm.new_bytes(b);
    vm.call(&write, Args::new(&[data]))?;
    Ok(Value::None)
}

/// `marshal.loads(bytes, /)`: the first value in a bytes-like object (extra bytes ignored).
fn marshal_loads(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "loads", 1)?;
    let data = crate::objects::memoryview::buffer_bytes(&a[0])
        .ok_or_else(|| vm.new_type_error(format!("a bytes-like object is required, not '{}'", vm.type_name(&a[0]))))?;
    let mut r = Reader { data, pos: 0, file: None, depth: 0, refs: Vec::new() };
    r.object(vm)
}

/// `marshal.load(file, /)`: one value read from a binary file, consuming only its bytes.
fn marshal_load(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "load", 1)?;
    let mut r = Reader { data: Vec::new(), pos: 0, file: Some(&a[0]), depth: 0, refs: Vec::new() };
    r.object(vm)
}

pub fn init_marshal(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("marshal");
    let d = m.dict.get().unwrap();
    let fns: &[(&'static str, NativeFn)] =
        &[("dumps", marshal_dumps), ("loads", marshal_loads), ("dump", marshal_dump), ("load", marshal_load)];
    vm.add_native_fns(&d, fns);
    vm.dict_set_str(&d, "version", Value::Int(VERSION));
    Ok(m)
}
