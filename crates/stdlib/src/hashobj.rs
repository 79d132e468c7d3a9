//! Stdlib stage: the hash object shared by `_md5`, `_sha1`, `_sha256`, `_sha512`, `_sha3` and
//! `_blake2` — one Python type per algorithm (`_md5.md5`, `_sha3.shake_128`, …) whose instances
//! carry a boxed `Digest`, with CPython's `update`/`digest`/`hexdigest`/`copy` and the `name`,
//! `digest_size` and `block_size` getters, and CPython's argument errors. Guarantees: the data
//! is hashed exactly as given (any bytes-like object; a str raises `TypeError: Strings must be
//! encoded before hashing`), `digest()` never disturbs the running state, and `copy()` gives an
//! independent object of the same type.

use crate::native::{self, new_instance, state};
use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use vm::func::{Args, NativeFn};
use vm::types::Layout;
use vm::value::{Payload, PyRef, Value};
use vm::{PyResult, Vm};

/// A running hash computation.
pub trait Digest: Any {
    fn update(&mut self, data: &[u8]);
    /// The digest of everything fed so far, `len` bytes long (`len` is the digest size except
    /// for extendable-output functions); the running state is left as it was.
    fn finish(&self, len: usize) -> Vec<u8>;
    fn boxed_clone(&self) -> Box<dyn Digest>;
    fn as_any(&self) -> &dyn Any;
}

/// What distinguishes one algorithm's Python type from another's.
#[derive(Clone, Copy)]
pub struct Kind {
    /// `md5`, `sha3_224`, `blake2b`, … (the type's name and the object's `name`).
    pub name: &'static str,
    pub block_size: usize,
    /// An extendable-output function (`shake_*`): `digest(length)`, `digest_size` 0.
    pub xof: bool,
    /// The older modules' `copy`, which only says `copy() takes no arguments` and ignores
    /// keywords (`_md5`, `_sha1`, `_sha256`, `_sha512`).
    pub plain_copy: bool,
}

/// The native state of a hash object.
pub struct HashObject {
    pub kind: Kind,
    pub digest_size: usize,
    pub h: Box<dyn Digest>,
}

impl HashObject {
    pub fn new(kind: Kind, digest_size: usize, h: Box<dyn Digest>) -> HashObject {
        HashObject { kind, digest_size, h }
    }
}

vm::gil_local! {
    /// The type object of each algorithm, by name, once its module was imported.
    static TYPES: RefCell<HashMap<&'static str, PyRef>> = RefCell::new(HashMap::new());
}

/// The type object registered for `name`.
pub fn hash_type(name: &str) -> Option<PyRef> {
    TYPES.with(|t| t.borrow().get(name).cloned())
}

/// The bytes of a value to hash: any bytes-like object; a str is refused with CPython's words.
pub fn hash_data(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    if v.as_str().is_some() {
        return Err(vm.new_type_error("Strings must be encoded before hashing"));
    }
    vm::objects::memoryview::bytes_like_or(vm, v, |vm| vm.new_type_error("object supporting the buffer API required"))
}

/// A bytes-like argument that is not data to hash (`key=`, `salt=`, …).
pub fn buffer_arg(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    vm::objects::memoryview::bytes_like(vm, v)
}

/// Binds a constructor's arguments as CPython's argument clinic does: the first `posonly`
/// names are positional-only, up to `max_pos` may come positionally, the rest are keywords.
pub fn parse_args(
    vm: &Vm,
    fname: &str,
    args: &Args,
    names: &[&str],
    posonly: usize,
    max_pos: usize,
) -> PyResult<Vec<Option<Value>>> {
    let pos = args.pos();
    if pos.len() > max_pos {
        return Err(vm.new_type_error(format!(
            "{fname}() takes at most {max_pos} positional argument{} ({} given)",
            if max_pos == 1 { "" } else { "s" },
            pos.len()
        )));
    }
    let mut out: Vec<Option<Value>> = names.iter().enumerate().map(|(i, _)| pos.get(i).cloned()).collect();
    for (k, v) in args.kwargs() {
        match names.iter().position(|n| *n == k) {
            Some(i) if i >= posonly => {
                if out[i].is_some() {
                    return Err(vm.new_type_error(format!(
                        "argument for {fname}() given by name ('{k}') and position ({})",
                        i + 1
                    )));
                }
                out[i] = Some(v.clone());
            }
            _ => return Err(vm.new_type_error(format!("'{k}' is an invalid keyword argument for {fname}()"))),
        }
    }
    Ok(out)
}

/// A new hash object of the registered type for `obj.kind`, fed `data` if given.
pub fn make(vm: &mut Vm, cls: Option<PyRef>, mut obj: HashObject, data: Option<&Value>) -> PyResult<Value> {
    if let Some(d) = data {
        let bytes = hash_data(vm, d)?;
        obj.h.update(&bytes);
    }
    let cls = match cls.or_else(|| hash_type(obj.kind.name)) {
        Some(c) => c,
        None => return Err(vm.new_type_error(format!("cannot create '{}' instances", obj.kind.name))),
    };
    Ok(new_instance(vm, &cls, obj))
}

/// `usedforsecurity=` is accepted and only tested for truth, as CPython's builtin modules do.
pub fn used_for_security(vm: &mut Vm, v: &Option<Value>) -> PyResult<()> {
    if let Some(v) = v {
        vm.truthy(v)?;
    }
    Ok(())
}

fn this<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a RefCell<HashObject>> {
    state::<HashObject>(v).ok_or_else(|| native::wrong_self(vm, v, "hash"))
}

fn kind_of(vm: &Vm, v: &Value) -> PyResult<Kind> {
    Ok(this(vm, v)?.borrow().kind)
}

fn update(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let kind = kind_of(vm, &args.args[0])?;
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    let a = rest.exact(vm, &format!("{}.update", kind.name), 1)?;
    let data = hash_data(vm, &a[0])?;
    this(vm, &args.args[0])?.borrow_mut().h.update(&data);
    Ok(Value::None)
}

/// The length argument of an extendable-output digest: CPython's `unsigned long` converter
/// followed by the 2**29 limit.
fn xof_length(vm: &mut Vm, v: &Value) -> PyResult<usize> {
    let n = match crate::hashobj::int_of(v) {
        Some(n) => n,
        None => return Err(vm.new_type_error("an integer is required")),
    };
    if n.sign() == num_bigint::Sign::Minus {
        return Err(vm.new_value_error("value must be positive"));
    }
    let n: u64 = num_traits::ToPrimitive::to_u64(&n)
        .ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C unsigned long"))?;
    if n >= 1 << 29 {
        return Err(vm.new_value_error("length is too large"));
    }
    Ok(n as usize)
}

/// The value of an int (or bool, or int subclass) without calling `__index__`.
pub fn int_of(v: &Value) -> Option<num_bigint::BigInt> {
    match v {
        Value::Int(i) => Some((*i).into()),
        Value::Bool(b) => Some((*b as i64).into()),
        _ => match v.payload() {
            Some(Payload::Int(i)) => Some(i.clone()),
            _ => None,
        },
    }
}

fn digest_bytes(vm: &mut Vm, args: &Args, method: &str) -> PyResult<Vec<u8>> {
    let obj = this(vm, &args.args[0])?;
    let (kind, size) = {
        let o = obj.borrow();
        (o.kind, o.digest_size)
    };
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    let fname = format!("{}.{method}", kind.name);
    let len = if kind.xof {
        let a = rest.exact(vm, &fname, 1)?;
        xof_length(vm, &a[0])?
    } else {
        rest.exact(vm, &fname, 0)?;
        size
    };
    Ok(this(vm, &args.args[0])?.borrow().h.finish(len))
}

fn digest(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = digest_bytes(vm, &args, "digest")?;
    Ok(vm.new_bytes(d))
}

/// Lower-case hexadecimal of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

fn hexdigest(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = digest_bytes(vm, &args, "hexdigest")?;
    Ok(vm.new_str(hex(&d)))
}

fn copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let kind = kind_of(vm, &args.args[0])?;
    let given = args.pos().len() - 1;
    if kind.plain_copy {
        if given > 0 {
            return Err(vm.new_type_error("copy() takes no arguments"));
        }
    } else {
        let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
        rest.exact(vm, &format!("{}.copy", kind.name), 0)?;
    }
    let dup = {
        let o = this(vm, &args.args[0])?.borrow();
        HashObject { kind: o.kind, digest_size: o.digest_size, h: o.h.boxed_clone() }
    };
    let cls = vm.type_of(&args.args[0]);
    Ok(new_instance(vm, &cls, dup))
}

fn get_name(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let kind = kind_of(vm, &args.args[0])?;
    Ok(vm.new_str(kind.name))
}

fn get_digest_size(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let o = this(vm, &args.args[0])?.borrow();
    Ok(Value::Int(if o.kind.xof { 0 } else { o.digest_size as i64 }))
}

fn get_block_size(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(kind_of(vm, &args.args[0])?.block_size as i64))
}

/// `TypeError: cannot create '_md5.md5' instances` for the types only reachable through their
/// module's constructor function.
fn no_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (module, name) = match args.args[0].as_obj() {
        Some(t) if t.as_type().is_some() => {
            let m = vm.dict_get_str(&vm.type_dict(t), "__module__");
            let m = m.and_then(|m| m.as_str().map(|s| s.as_str().to_string())).unwrap_or_default();
            (m, t.as_type().unwrap().name().to_string())
        }
        _ => (String::new(), String::new()),
    };
    Err(vm.new_type_error(format!("cannot create '{module}.{name}' instances")))
}

/// Creates and registers the Python type of `kind` in `module`. `new` is the type's
/// `__new__` (the type is then its own constructor, as `_sha3.sha3_224`); without one the type
/// cannot be instantiated directly (`_md5.md5`). Like CPython's, the type cannot be subclassed.
pub fn make_hash_type(vm: &mut Vm, module: &str, kind: Kind, new: Option<NativeFn>) -> PyRef {
    let t = vm::types::new_type(
        Some(&vm.types.type_),
        Some(&vm.types.dict),
        kind.name,
        vec![vm.types.object.clone()],
        Layout::Native,
        false,
    );
    if let Some(td) = t.as_type() {
        td.basetype.set(false);
    }
    let mro = vm::types::compute_mro(&t).expect("single inheritance always linearises");
    *t.as_type().unwrap().mro.borrow_mut() = mro;
    let d = vm.type_dict(&t);
    vm.dict_set_str(&d, "__module__", vm.new_str(module));
    vm.dict_set_str(&d, "__doc__", Value::None);
    native::setup(
        vm,
        &t,
        Some(new.unwrap_or(no_new)),
        &[
            ("update", update, "Update this hash object's state with the provided string."),
            ("digest", digest, "Return the digest value as a bytes object."),
            ("hexdigest", hexdigest, "Return the digest value as a string of hexadecimal digits."),
            ("copy", copy, "Return a copy of the hash object."),
        ],
    );
    vm.add_getset(&t, "name", get_name, None);
    vm.add_getset(&t, "digest_size", get_digest_size, None);
    vm.add_getset(&t, "block_size", get_block_size, None);
    TYPES.with(|m| m.borrow_mut().insert(kind.name, t.clone()));
    t
}

/// Adds the native functions `fns` to module `m`.
pub fn add_functions(vm: &mut Vm, m: &PyRef, fns: &[(&'static str, NativeFn)]) {
    let d = m.dict.get().unwrap();
    vm.add_native_fns(&d, fns);
}

/// The constructor of the older modules: `md5(string=b'', *, usedforsecurity=True)`.
pub fn simple_new(vm: &mut Vm, args: Args, obj: HashObject) -> PyResult<Value> {
    let name = obj.kind.name;
    let a = parse_args(vm, name, &args, &["string", "usedforsecurity"], 0, 1)?;
    used_for_security(vm, &a[1])?;
    make(vm, None, obj, a[0].as_ref())
}
