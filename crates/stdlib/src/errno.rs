//! Stdlib stage: the `errno` module — the platform's error numbers (from the `libc` crate) and
//! `errorcode`, the reverse mapping, as `Modules/errnomodule.c` builds them.

use vm::value::{PyRef, Value};
use vm::vm::{PyResult, Vm};

/// Names that share a number with another; `errorcode` keeps the other name for that number
/// (what CPython 3.11 on Linux shows: `errorcode[11] == 'EAGAIN'`, `errorcode[35] == 'EDEADLOCK'`,
/// `errorcode[95] == 'ENOTSUP'`).
const ALIASES: [&str; 3] = ["EWOULDBLOCK", "EDEADLK", "EOPNOTSUPP"];

macro_rules! errno_table {
    ($($name:ident),* $(,)?) => {
        /// Every errno name CPython's module defines on Linux, with libc's value.
        const ERRNOS: &[(&str, i32)] = &[$((stringify!($name), libc::$name)),*];
    };
}

errno_table! {
    E2BIG, EACCES, EADDRINUSE, EADDRNOTAVAIL, EADV, EAFNOSUPPORT, EAGAIN, EALREADY, EBADE, EBADF, EBADFD, EBADMSG,
    EBADR, EBADRQC, EBADSLT, EBFONT, EBUSY, ECANCELED, ECHILD, ECHRNG, ECOMM, ECONNABORTED, ECONNREFUSED, ECONNRESET,
    EDEADLK, EDEADLOCK, EDESTADDRREQ, EDOM, EDOTDOT, EDQUOT, EEXIST, EFAULT, EFBIG, EHOSTDOWN, EHOSTUNREACH, EIDRM,
    EILSEQ, EINPROGRESS, EINTR, EINVAL, EIO, EISCONN, EISDIR, EISNAM, EKEYEXPIRED, EKEYREJECTED, EKEYREVOKED, EL2HLT,
    EL2NSYNC, EL3HLT, EL3RST, ELIBACC, ELIBBAD, ELIBEXEC, ELIBMAX, ELIBSCN, ELNRNG, ELOOP, EMEDIUMTYPE, EMFILE,
    EMLINK, EMSGSIZE, EMULTIHOP, ENAMETOOLONG, ENAVAIL, ENETDOWN, ENETRESET, ENETUNREACH, ENFILE, ENOANO, ENOBUFS,
    ENOCSI, ENODATA, ENODEV, ENOENT, ENOEXEC, ENOKEY, ENOLCK, ENOLINK, ENOMEDIUM, ENOMEM, ENOMSG, ENONET, ENOPKG,
    ENOPROTOOPT, ENOSPC, ENOSR, ENOSTR, ENOSYS, ENOTBLK, ENOTCONN, ENOTDIR, ENOTEMPTY, ENOTNAM, ENOTRECOVERABLE,
    ENOTSOCK, ENOTSUP, ENOTTY, ENOTUNIQ, ENXIO, EOPNOTSUPP, EOVERFLOW, EOWNERDEAD, EPERM, EPFNOSUPPORT, EPIPE,
    EPROTO, EPROTONOSUPPORT, EPROTOTYPE, ERANGE, EREMCHG, EREMOTE, EREMOTEIO, ERESTART, ERFKILL, EROFS, ESHUTDOWN,
    ESOCKTNOSUPPORT, ESPIPE, ESRCH, ESRMNT, ESTALE, ESTRPIPE, ETIME, ETIMEDOUT, ETOOMANYREFS, ETXTBSY, EUCLEAN,
    EUNATCH, EUSERS, EWOULDBLOCK, EXDEV, EXFULL
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("errno");
    let d = m.dict.get().unwrap();
    let codes = vm.new_dict();
    for &(name, num) in ERRNOS {
        vm.dict_set_str(&d, name, Value::Int(num as i64));
        if !ALIASES.contains(&name) {
            vm::dict::set_item(vm, &codes, Value::Int(num as i64), vm.new_str(name))?;
        }
    }
    vm.dict_set_str(&d, "errorcode", Value::Obj(codes));
    Ok(m)
}
