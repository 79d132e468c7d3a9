//! Stdlib stage: the `fcntl` module — `fcntl`, `ioctl`, `flock` and `lockf` with CPython's
//! argument handling (an int argument, or a buffer of at most 1024 bytes copied in and the
//! result returned as bytes; `ioctl` mutates a writable bytearray in place), EINTR retries that
//! run signal handlers, OSError from errno, and the Linux `F_*`/`LOCK_*`/`DN_*` constants.

use crate::native::{as_fd, clinic_int};
use vm::func::{Args, NativeFn};
use vm::objects::memoryview::{buffer_bytes, with_writable_buffer};
use vm::value::{Payload, PyRef, Value};
use vm::{PyResult, Vm};

const BUFSZ: usize = 1024;

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// Runs `f` without the GIL until it succeeds or fails with something other than EINTR (after
/// which pending signal handlers run); a failure is the errno OSError.
pub(crate) fn retry_eintr(vm: &mut Vm, mut f: impl FnMut() -> libc::c_int) -> PyResult<libc::c_int> {
    loop {
        let r = vm.allow_threads(&mut f);
        if r != -1 {
            return Ok(r);
        }
        let e = errno();
        if e != libc::EINTR {
            return Err(vm.os_error_errno(e, None, None));
        }
        vm.check_signals()?;
    }
}

fn is_index(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_)) || matches!(v.payload(), Some(Payload::Int(_)))
}

/// The bytes of a str (UTF-8) or bytes-like argument, if it is one.
fn buffer_arg(v: &Value) -> Option<Vec<u8>> {
    match v.as_str() {
        Some(s) => Some(s.as_str().as_bytes().to_vec()),
        None => buffer_bytes(v),
    }
}

/// Calls `f` on a copy of `data` (with room for the kernel to write up to the length) and
/// returns the copy as bytes.
fn with_copy(vm: &mut Vm, mut data: Vec<u8>, f: impl Fn(*mut libc::c_char) -> libc::c_int) -> PyResult<Value> {
    let len = data.len();
    data.resize(len.max(BUFSZ) + 1, 0);
    let ptr = data.as_mut_ptr() as usize;
    retry_eintr(vm, || f(ptr as *mut libc::c_char))?;
    data.truncate(len);
    Ok(vm.new_bytes(data))
}

fn int_arg(vm: &mut Vm, v: &Value, unsigned: bool) -> PyResult<libc::c_int> {
    if unsigned {
        // PyArg_Parse "I": any integer, truncated to 32 bits.
        use num_traits::ToPrimitive;
        let b = vm.to_index(v)?;
        let m = b & num_bigint::BigInt::from(u32::MAX);
        return Ok(m.to_u32().unwrap_or(0) as libc::c_int);
    }
    clinic_int(vm, v)
}

fn f_fcntl(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "fcntl", 2, 3)?;
    let fd = as_fd(vm, &a[0])?;
    let code = clinic_int(vm, &a[1])?;
    match a.get(2) {
        // PyArg_Parse "s#": a str or a read-only bytes-like object.
        Some(arg) if arg.as_str().is_some() || matches!(arg.payload(), Some(Payload::Bytes(_))) => {
            let data = buffer_arg(arg).unwrap_or_default();
            if data.len() > BUFSZ {
                return Err(vm.new_value_error("fcntl string arg too long"));
            }
            // SAFETY: the buffer is valid and at least BUFSZ + 1 bytes long.
            with_copy(vm, data, |p| unsafe { libc::fcntl(fd, code, p) })
        }
        arg => {
            let n = match arg {
                Some(v) => int_arg(vm, v, true)?,
                None => 0,
            };
            // SAFETY: plain syscall with an integer argument.
            let r = retry_eintr(vm, || unsafe { libc::fcntl(fd, code, n) })?;
            Ok(Value::Int(r as i64))
        }
    }
}

fn f_ioctl(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "ioctl", 2, 4)?;
    let fd = as_fd(vm, &a[0])?;
    // "unsigned_long(bitwise=True)": any integer, taken modulo 2**64.
    let code = {
        use num_traits::ToPrimitive;
        let b = vm.to_index(&a[1])?;
        (b & num_bigint::BigInt::from(u64::MAX)).to_u64().unwrap_or(0) as libc::c_ulong
    };
    let mutate = match a.get(3) {
        Some(v) => vm.truthy(v)?,
        None => true,
    };
    let Some(arg) = a.get(2) else {
        // SAFETY: plain syscall with an integer argument.
        let r = retry_eintr(vm, || unsafe { libc::ioctl(fd, code as _, 0 as libc::c_int) })?;
        return Ok(Value::Int(r as i64));
    };
    if is_index(arg) || (buffer_arg(arg).is_none() && vm.to_index(arg).is_ok()) {
        let n = vm::posix_fd::c_int(vm, arg)?;
        // SAFETY: plain syscall with an integer argument.
        let r = retry_eintr(vm, || unsafe { libc::ioctl(fd, code as _, n) })?;
        return Ok(Value::Int(r as i64));
    }
    if mutate && arg.as_str().is_none() && !matches!(arg.payload(), Some(Payload::Bytes(_))) {
        // A writable buffer is passed through a copy and written back.
        if let Some(mut data) = with_writable_buffer(arg, |b| b.to_vec()) {
            let len = data.len();
            data.resize(len.max(BUFSZ) + 1, 0);
            let ptr = data.as_mut_ptr() as usize;
            // SAFETY: the buffer is valid and at least BUFSZ + 1 bytes long.
            let r = retry_eintr(vm, || unsafe { libc::ioctl(fd, code as _, ptr as *mut libc::c_char) })?;
            with_writable_buffer(arg, |b| {
                let n = b.len().min(len);
                b[..n].copy_from_slice(&data[..n]);
            });
            return Ok(Value::Int(r as i64));
        }
    }
    let Some(data) = buffer_arg(arg) else {
        let msg = format!("'{}' object cannot be interpreted as an integer", vm.type_name(arg));
        return Err(vm.new_type_error(msg));
    };
    if data.len() > BUFSZ {
        return Err(vm.new_value_error("ioctl string arg too long"));
    }
    // SAFETY: the buffer is valid and at least BUFSZ + 1 bytes long.
    with_copy(vm, data, |p| unsafe { libc::ioctl(fd, code as _, p) })
}

fn f_flock(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "flock", 2)?;
    let fd = as_fd(vm, &a[0])?;
    let op = clinic_int(vm, &a[1])?;
    // SAFETY: plain syscall.
    retry_eintr(vm, || unsafe { libc::flock(fd, op) })?;
    Ok(Value::None)
}

fn f_lockf(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "lockf", 2, 5)?;
    let fd = as_fd(vm, &a[0])?;
    let code = clinic_int(vm, &a[1])?;
    let l_type = if code == libc::LOCK_UN {
        libc::F_UNLCK
    } else if code & libc::LOCK_SH != 0 {
        libc::F_RDLCK
    } else if code & libc::LOCK_EX != 0 {
        libc::F_WRLCK
    } else {
        return Err(vm.new_value_error("unrecognized lockf argument"));
    };
    let off = |vm: &mut Vm, v: Option<&Value>| -> PyResult<i64> {
        match v {
            None => Ok(0),
            Some(v) => vm.to_index(v).and_then(|b| {
                use num_traits::ToPrimitive;
                b.to_i64().ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C long"))
            }),
        }
    };
    let len = off(vm, a.get(2))?;
    let start = off(vm, a.get(3))?;
    let whence = match a.get(4) {
        Some(v) => clinic_int(vm, v)?,
        None => 0,
    };
    // SAFETY: `flock` is plain old data.
    let mut l: libc::flock = unsafe { std::mem::zeroed() };
    l.l_type = l_type as _;
    l.l_whence = whence as _;
    l.l_start = start as _;
    l.l_len = len as _;
    let cmd = if code & libc::LOCK_NB != 0 { libc::F_SETLK } else { libc::F_SETLKW };
    let lp = &mut l as *mut libc::flock as usize;
    // SAFETY: `l` lives across the call.
    retry_eintr(vm, || unsafe { libc::fcntl(fd, cmd, lp as *mut libc::flock) })?;
    Ok(Value::None)
}

#[rustfmt::skip]
const CONSTS: &[(&str, i64)] = &[
    ("DN_ACCESS", 1), // not in the libc crate: the Linux header value
    ("DN_ATTRIB", 32), // not in the libc crate: the Linux header value
    ("DN_CREATE", 4), // not in the libc crate: the Linux header value
    ("DN_DELETE", 8), // not in the libc crate: the Linux header value
    ("DN_MODIFY", 2), // not in the libc crate: the Linux header value
    ("DN_MULTISHOT", 2147483648), // not in the libc crate: the Linux header value
    ("DN_RENAME", 16), // not in the libc crate: the Linux header value
    ("FASYNC", libc::O_ASYNC as i64), // FASYNC is O_ASYNC in glibc
    ("FD_CLOEXEC", libc::FD_CLOEXEC as i64),
    ("F_ADD_SEALS", libc::F_ADD_SEALS as i64),
    ("F_DUPFD", libc::F_DUPFD as i64),
    ("F_DUPFD_CLOEXEC", libc::F_DUPFD_CLOEXEC as i64),
    ("F_EXLCK", 4), // not in the libc crate: the Linux header value
    ("F_GETFD", libc::F_GETFD as i64),
    ("F_GETFL", libc::F_GETFL as i64),
    ("F_GETLEASE", libc::F_GETLEASE as i64),
    ("F_GETLK", libc::F_GETLK as i64),
    ("F_GETLK64", 5), // not in the libc crate: the Linux header value
    ("F_GETOWN", libc::F_GETOWN as i64),
    ("F_GETPIPE_SZ", libc::F_GETPIPE_SZ as i64),
    ("F_GETSIG", 11), // not in the libc crate: the Linux header value
    ("F_GET_SEALS", libc::F_GET_SEALS as i64),
    ("F_NOTIFY", libc::F_NOTIFY as i64),
    ("F_OFD_GETLK", libc::F_OFD_GETLK as i64),
    ("F_OFD_SETLK", libc::F_OFD_SETLK as i64),
    ("F_OFD_SETLKW", libc::F_OFD_SETLKW as i64),
    ("F_RDLCK", libc::F_RDLCK as i64),
    ("F_SEAL_GROW", libc::F_SEAL_GROW as i64),
    ("F_SEAL_SEAL", libc::F_SEAL_SEAL as i64),
    ("F_SEAL_SHRINK", libc::F_SEAL_SHRINK as i64),
    ("F_SEAL_WRITE", libc::F_SEAL_WRITE as i64),
    ("F_SETFD", libc::F_SETFD as i64),
    ("F_SETFL", libc::F_SETFL as i64),
    ("F_SETLEASE", libc::F_SETLEASE as i64),
    ("F_SETLK", libc::F_SETLK as i64),
    ("F_SETLK64", 6), // not in the libc crate: the Linux header value
    ("F_SETLKW", libc::F_SETLKW as i64),
    ("F_SETLKW64", 7), // not in the libc crate: the Linux header value
    ("F_SETOWN", libc::F_SETOWN as i64),
    ("F_SETPIPE_SZ", libc::F_SETPIPE_SZ as i64),
    ("F_SETSIG", 10), // not in the libc crate: the Linux header value
    ("F_SHLCK", 8), // not in the libc crate: the Linux header value
    ("F_UNLCK", libc::F_UNLCK as i64),
    ("F_WRLCK", libc::F_WRLCK as i64),
    ("LOCK_EX", libc::LOCK_EX as i64),
    ("LOCK_MAND", 32), // not in the libc crate: the Linux header value
    ("LOCK_NB", libc::LOCK_NB as i64),
    ("LOCK_READ", 64), // not in the libc crate: the Linux header value
    ("LOCK_RW", 192), // not in the libc crate: the Linux header value
    ("LOCK_SH", libc::LOCK_SH as i64),
    ("LOCK_UN", libc::LOCK_UN as i64),
    ("LOCK_WRITE", 128), // not in the libc crate: the Linux header value
];

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("fcntl");
    let d = m.dict.get().unwrap();
    let fns: &[(&'static str, NativeFn)] =
        &[("fcntl", f_fcntl), ("ioctl", f_ioctl), ("flock", f_flock), ("lockf", f_lockf)];
    vm.add_native_fns(&d, fns);
    for (n, v) in CONSTS {
        vm.dict_set_str(&d, n, Value::Int(*v));
    }
    Ok(m)
}
