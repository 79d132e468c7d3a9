//! Stdlib stage: the `pwd` module — `getpwuid`, `getpwnam` and `getpwall` over the C library's
//! reentrant password-database calls, returning `pwd.struct_passwd` struct sequences (strings
//! decoded with the file-system encoding, missing fields as None) and raising CPython's
//! KeyError/TypeError/OverflowError with its messages.

use crate::native;
use std::cell::RefCell;
use std::ffi::{CStr, CString};
use vm::func::{Args, NativeFn};
use vm::value::{PyRef, Value};
use vm::{PyResult, Vm};

vm::gil_local! {
    static STRUCT_PASSWD: RefCell<Option<PyRef>> = const { RefCell::new(None) };
}

const FIELDS: [&str; 7] = ["pw_name", "pw_passwd", "pw_uid", "pw_gid", "pw_gecos", "pw_dir", "pw_shell"];

const DOC: &str = "pwd.struct_passwd: Results from getpw*() routines.\n\n\
This object may be accessed either as a tuple of\n  \
(pw_name,pw_passwd,pw_uid,pw_gid,pw_gecos,pw_dir,pw_shell)\n\
or via the object attributes as named in the above tuple.";

/// Why a uid/gid argument did not convert (`_Py_Uid_Converter`/`_Py_Gid_Converter`).
pub(crate) enum IdError {
    Raised(PyRef),
    /// Out of range: the OverflowError CPython raises (callers may turn it into KeyError).
    Overflow(PyRef),
}

/// A uid/gid argument (`what` is "uid" or "gid"): an integer of the id type's range, with -1
/// meaning `(uid_t)-1`, as CPython's converters.
pub(crate) fn id_arg(vm: &mut Vm, v: &Value, what: &str) -> Result<u32, IdError> {
    use num_traits::ToPrimitive;
    let big = match vm.to_index(v) {
        Ok(b) => b,
        Err(e) => {
            let is_int_like = matches!(v, Value::Int(_) | Value::Bool(_));
            if !is_int_like && vm.isinstance_exc(&e, &vm.exc.type_error.clone()) {
                let msg = format!("{what} should be integer, not {}", vm.type_name(v));
                return Err(IdError::Raised(vm.new_type_error(msg)));
            }
            return Err(IdError::Raised(e));
        }
    };
    let under = |vm: &Vm| IdError::Overflow(vm.new_overflow_error(format!("{what} is less than minimum")));
    let over = |vm: &Vm| IdError::Overflow(vm.new_overflow_error(format!("{what} is greater than maximum")));
    match big.to_i64() {
        Some(-1) => Ok(u32::MAX),
        // Negative, or truncated by the conversion to the 32-bit id type.
        Some(i) => u32::try_from(i).map_err(|_| under(vm)),
        None => Err(over(vm)),
    }
}

/// A C string field as str (file-system decoding), or None for a null pointer.
pub(crate) fn c_field(vm: &Vm, p: *const libc::c_char) -> Value {
    if p.is_null() {
        return Value::None;
    }
    // SAFETY: non-null fields of a database entry are NUL-terminated strings.
    let b = unsafe { CStr::from_ptr(p) }.to_bytes();
    vm.new_str(vm::codecs::fs_decode(b))
}

/// The name argument of `getpwnam`/`getgrnam` as a C string (`str` only).
pub(crate) fn name_arg(vm: &mut Vm, v: &Value, type_msg: &str) -> PyResult<CString> {
    let Some(s) = v.as_str().map(|s| s.as_str().to_string()) else {
        return Err(vm.new_type_error(format!("{type_msg}, not {}", vm.type_name(v))));
    };
    let b = vm::codecs::fs_encode(vm, &s)?;
    CString::new(b).map_err(|_| vm.new_value_error("embedded null byte"))
}

/// Calls a `get*_r` function with a buffer that grows while it reports ERANGE; the entry is
/// turned into a value by `make` while the buffer is alive. `None` means not found.
pub(crate) fn with_r_buffer<E>(
    size_hint: libc::c_int,
    mut call: impl FnMut(&mut E, &mut [libc::c_char], &mut *mut E) -> libc::c_int,
    make: impl FnOnce(&E) -> Value,
) -> Result<Option<Value>, i32> {
    // SAFETY: sysconf is a plain query.
    let hint = unsafe { libc::sysconf(size_hint) };
    let mut size = if hint > 0 { hint as usize } else { 1024 };
    loop {
        let mut buf = vec![0 as libc::c_char; size];
        // SAFETY: the entry struct is plain old data; all-zero is a valid value.
        let mut ent: E = unsafe { std::mem::zeroed() };
        let mut result: *mut E = std::ptr::null_mut();
        let rc = call(&mut ent, &mut buf, &mut result);
        if rc == libc::ERANGE && size < (1 << 26) {
            size *= 2;
            continue;
        }
        if result.is_null() {
            return if rc == 0 || rc == libc::ENOENT || rc == libc::ESRCH { Ok(None) } else { Err(rc) };
        }
        return Ok(Some(make(&ent)));
    }
}

fn struct_passwd_type() -> PyRef {
    STRUCT_PASSWD.with(|t| t.borrow().clone().expect("pwd module initialised"))
}

fn mkpwent(vm: &Vm, p: &libc::passwd) -> Value {
    let items = vec![
        c_field(vm, p.pw_name),
        c_field(vm, p.pw_passwd),
        Value::Int(p.pw_uid as i64),
        Value::Int(p.pw_gid as i64),
        c_field(vm, p.pw_gecos),
        c_field(vm, p.pw_dir),
        c_field(vm, p.pw_shell),
    ];
    native::struct_seq_new(&struct_passwd_type(), items)
}

fn not_found(vm: &Vm, msg: String) -> PyRef {
    vm.new_key_error(vm.new_str(msg))
}

fn pwd_getpwuid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "pwd.getpwuid", 1)?;
    let uid = match id_arg(vm, &a[0], "uid") {
        Ok(u) => u,
        Err(IdError::Overflow(_)) => return Err(not_found(vm, "getpwuid(): uid not found".into())),
        Err(IdError::Raised(e)) => return Err(e),
    };
    let r = with_r_buffer(
        libc::_SC_GETPW_R_SIZE_MAX,
        // SAFETY: all pointers are valid for the call; the buffer outlives its use in `make`.
        |ent, buf, res| unsafe { libc::getpwuid_r(uid, ent, buf.as_mut_ptr(), buf.len(), res) },
        |p| mkpwent(vm, p),
    );
    match r {
        Ok(Some(v)) => Ok(v),
        Ok(None) | Err(_) => {
            let s = vm.str_string(&a[0])?;
            Err(not_found(vm, format!("getpwuid(): uid not found: {s}")))
        }
    }
}

fn pwd_getpwnam(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "pwd.getpwnam", 1)?;
    let name = name_arg(vm, &a[0], "getpwnam() argument must be str")?;
    let r = with_r_buffer(
        libc::_SC_GETPW_R_SIZE_MAX,
        // SAFETY: all pointers are valid for the call; the buffer outlives its use in `make`.
        |ent, buf, res| unsafe { libc::getpwnam_r(name.as_ptr(), ent, buf.as_mut_ptr(), buf.len(), res) },
        |p| mkpwent(vm, p),
    );
    match r {
        Ok(Some(v)) => Ok(v),
        Ok(None) | Err(_) => {
            let r = vm.repr_string(&a[0])?;
            Err(not_found(vm, format!("getpwnam(): name not found: {r}")))
        }
    }
}

fn pwd_getpwall(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "pwd.getpwall", 0)?;
    let mut out = Vec::new();
    // SAFETY: setpwent/getpwent/endpwent walk the database; each entry is read before the next
    // call (the GIL keeps other Python threads out).
    unsafe {
        libc::setpwent();
        loop {
            let p = libc::getpwent();
            if p.is_null() {
                break;
            }
            out.push(mkpwent(vm, &*p));
        }
        libc::endpwent();
    }
    Ok(vm.new_list(out))
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("pwd");
    let d = m.dict.get().unwrap();
    let t = native::struct_seq_type(vm, "pwd", "struct_passwd", &FIELDS, DOC);
    STRUCT_PASSWD.with(|s| *s.borrow_mut() = Some(t.clone()));
    vm.dict_set_str(&d, "struct_passwd", Value::Obj(t));
    let fns: &[(&'static str, NativeFn)] =
        &[("getpwuid", pwd_getpwuid), ("getpwnam", pwd_getpwnam), ("getpwall", pwd_getpwall)];
    vm.add_native_fns(&d, fns);
    Ok(m)
}
