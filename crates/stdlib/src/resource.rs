//! Stdlib stage: the `resource` module — `getrlimit`/`setrlimit`/`prlimit` (limits as
//! `(soft, hard)` ints, `RLIM_INFINITY` shown as -1), `getrusage` returning the
//! `resource.struct_rusage` struct sequence, `getpagesize`, the Linux `RLIMIT_*`/`RUSAGE_*`
//! constants, and CPython's ValueError/OSError choices and messages.

use crate::native::{self, clinic_int};
use std::cell::RefCell;
use vm::func::{Args, NativeFn};
use vm::value::{PyRef, Value};
use vm::{PyResult, Vm};

vm::gil_local! {
    static STRUCT_RUSAGE: RefCell<Option<PyRef>> = const { RefCell::new(None) };
}

/// `RLIM_NLIMITS` on Linux (resources are 0..16).
const RLIM_NLIMITS: i32 = 16;

const FIELDS: [&str; 16] = [
    "ru_utime",
    "ru_stime",
    "ru_maxrss",
    "ru_ixrss",
    "ru_idrss",
    "ru_isrss",
    "ru_minflt",
    "ru_majflt",
    "ru_nswap",
    "ru_inblock",
    "ru_oublock",
    "ru_msgsnd",
    "ru_msgrcv",
    "ru_nsignals",
    "ru_nvcsw",
    "ru_nivcsw",
];

const DOC: &str = "struct_rusage: Result from getrusage.\n\n\
This object may be accessed either as a tuple of\n    \
(utime,stime,maxrss,ixrss,idrss,isrss,minflt,majflt,\n    \
nswap,inblock,oublock,msgsnd,msgrcv,nsignals,nvcsw,nivcsw)\n\
or via the attributes ru_utime, ru_stime, ru_maxrss, and so on.";

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

fn resource_arg(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let r = clinic_int(vm, v)?;
    if !(0..RLIM_NLIMITS).contains(&r) {
        return Err(vm.new_value_error("invalid resource specified"));
    }
    Ok(r)
}

fn rlimit_value(vm: &Vm, r: &libc::rlimit) -> Value {
    vm.new_tuple(vec![Value::Int(r.rlim_cur as i64), Value::Int(r.rlim_max as i64)])
}

/// A `(soft, hard)` sequence as an `rlimit` (`py2rlimit`); negative values wrap as `rlim_t`.
fn limits_arg(vm: &mut Vm, v: &Value) -> PyResult<libc::rlimit> {
    let items = vm.collect(v)?;
    if items.len() != 2 {
        return Err(vm.new_value_error("expected a tuple of 2 integers"));
    }
    let mut out = [0 as libc::rlim_t; 2];
    for (o, it) in out.iter_mut().zip(items.iter()) {
        let b = vm.to_index(it)?;
        let i = num_traits::ToPrimitive::to_i64(&b)
            .ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C long"))?;
        *o = i as libc::rlim_t;
    }
    Ok(libc::rlimit { rlim_cur: out[0], rlim_max: out[1] })
}

fn r_getrlimit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "resource.getrlimit", 1)?;
    let res = resource_arg(vm, &a[0])?;
    let mut r = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: `r` is a valid out-parameter.
    if unsafe { libc::getrlimit(res as _, &mut r) } == -1 {
        return Err(vm.os_error_errno(errno(), None, None));
    }
    Ok(rlimit_value(vm, &r))
}

fn r_setrlimit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "setrlimit", 2)?;
    let res = resource_arg(vm, &a[0])?;
    let r = limits_arg(vm, &a[1])?;
    // SAFETY: `r` is a valid rlimit.
    if unsafe { libc::setrlimit(res as _, &r) } == -1 {
        return Err(match errno() {
            libc::EINVAL => vm.new_value_error("current limit exceeds maximum limit"),
            libc::EPERM => vm.new_value_error("not allowed to raise maximum limit"),
            e => vm.os_error_errno(e, None, None),
        });
    }
    Ok(Value::None)
}

fn r_prlimit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.no_kwargs(vm, "prlimit")?;
    let a = args.pos();
    if !(2..=3).contains(&a.len()) {
        return Err(vm.new_type_error("resource.prlimit requires 2 to 3 arguments"));
    }
    let pid = clinic_int(vm, &a[0])?;
    let res = resource_arg(vm, &a[1])?;
    let new = match a.get(2) {
        Some(v) => Some(limits_arg(vm, v)?),
        None => None,
    };
    let mut old = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    let newp = new.as_ref().map_or(std::ptr::null(), |r| r as *const libc::rlimit);
    // SAFETY: `newp` is null or a valid rlimit; `old` is a valid out-parameter.
    if unsafe { libc::prlimit(pid, res as _, newp, &mut old) } == -1 {
        return Err(match errno() {
            libc::EINVAL => vm.new_value_error("current limit exceeds maximum limit"),
            e => vm.os_error_errno(e, None, None),
        });
    }
    Ok(rlimit_value(vm, &old))
}

fn r_getrusage(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "resource.getrusage", 1)?;
    let who = clinic_int(vm, &a[0])?;
    // SAFETY: `rusage` is plain old data.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `ru` is a valid out-parameter.
    if unsafe { libc::getrusage(who, &mut ru) } == -1 {
        let e = errno();
        if e == libc::EINVAL {
            return Err(vm.new_value_error("invalid who parameter"));
        }
        return Err(vm.os_error_errno(e, None, None));
    }
    let tv = |t: libc::timeval| Value::Float(t.tv_sec as f64 + t.tv_usec as f64 * 0.000001);
    let ints = [
        ru.ru_maxrss,
        ru.ru_ixrss,
        ru.ru_idrss,
        ru.ru_isrss,
        ru.ru_minflt,
        ru.ru_majflt,
        ru.ru_nswap,
        ru.ru_inblock,
        ru.ru_oublock,
        ru.ru_msgsnd,
        ru.ru_msgrcv,
        ru.ru_nsignals,
        ru.ru_nvcsw,
        ru.ru_nivcsw,
    ];
    let mut items = vec![tv(ru.ru_utime), tv(ru.ru_stime)];
    items.extend(ints.iter().map(|&i| Value::Int(i)));
    let t = STRUCT_RUSAGE.with(|t| t.borrow().clone().expect("resource module initialised"));
    Ok(native::struct_seq_new(&t, items))
}

fn r_getpagesize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "resource.getpagesize", 0)?;
    // SAFETY: sysconf is a plain query.
    Ok(Value::Int(unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as i64))
}

#[rustfmt::skip]
const CONSTS: &[(&str, i64)] = &[
    ("RLIMIT_AS", libc::RLIMIT_AS as i64),
    ("RLIMIT_CORE", libc::RLIMIT_CORE as i64),
    ("RLIMIT_CPU", libc::RLIMIT_CPU as i64),
    ("RLIMIT_DATA", libc::RLIMIT_DATA as i64),
    ("RLIMIT_FSIZE", libc::RLIMIT_FSIZE as i64),
    ("RLIMIT_MEMLOCK", libc::RLIMIT_MEMLOCK as i64),
    ("RLIMIT_MSGQUEUE", libc::RLIMIT_MSGQUEUE as i64),
    ("RLIMIT_NICE", libc::RLIMIT_NICE as i64),
    ("RLIMIT_NOFILE", libc::RLIMIT_NOFILE as i64),
    ("RLIMIT_NPROC", libc::RLIMIT_NPROC as i64),
    ("RLIMIT_OFILE", 7), // not in the libc crate: the Linux header value
    ("RLIMIT_RSS", libc::RLIMIT_RSS as i64),
    ("RLIMIT_RTPRIO", libc::RLIMIT_RTPRIO as i64),
    ("RLIMIT_RTTIME", libc::RLIMIT_RTTIME as i64),
    ("RLIMIT_SIGPENDING", libc::RLIMIT_SIGPENDING as i64),
    ("RLIMIT_STACK", libc::RLIMIT_STACK as i64),
    ("RLIM_INFINITY", -1), // RLIM_INFINITY as CPython shows it (rlim_t converted as signed)
    ("RUSAGE_CHILDREN", libc::RUSAGE_CHILDREN as i64),
    ("RUSAGE_SELF", libc::RUSAGE_SELF as i64),
    ("RUSAGE_THREAD", libc::RUSAGE_THREAD as i64),
];

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("resource");
    let d = m.dict.get().unwrap();
    let t = native::struct_seq_type(vm, "resource", "struct_rusage", &FIELDS, DOC);
    STRUCT_RUSAGE.with(|s| *s.borrow_mut() = Some(t.clone()));
    vm.dict_set_str(&d, "struct_rusage", Value::Obj(t));
    vm.dict_set_str(&d, "error", Value::Obj(vm.exc.os_error.clone()));
    let fns: &[(&'static str, NativeFn)] = &[
        ("getrlimit", r_getrlimit),
        ("setrlimit", r_setrlimit),
        ("prlimit", r_prlimit),
        ("getrusage", r_getrusage),
        ("getpagesize", r_getpagesize),
    ];
    vm.add_native_fns(&d, fns);
    for (n, v) in CONSTS {
        vm.dict_set_str(&d, n, Value::Int(*v));
    }
    Ok(m)
}
