//! Stdlib stage: `select.epoll` (CPython's `pyEpoll_Object` in Modules/selectmodule.c) — an
//! epoll(7) control descriptor with register/modify/unregister/poll, `close`/`closed`/
//! `fileno`/`fromfd` and the context manager protocol, plus the `EPOLL*` constants. The
//! descriptor is close-on-exec, closed when the object dies, and `poll` lets other threads run
//! while it waits (retrying after EINTR with the time left, as CPython).

use crate::native::{self, as_fd, new_args, new_instance};
use num_bigint::BigInt;
use num_traits::ToPrimitive;
use std::time::{Duration, Instant};
use vm::func::{Args, MethodDef};
use vm::value::{PyRef, Value};
use vm::{PyResult, Vm};

/// CPython's `FD_SETSIZE - 1`: the event buffer size of `poll()` without `maxevents`.
const DEFAULT_MAXEVENTS: i32 = libc::FD_SETSIZE as i32 - 1;

/// The state of one epoll object: its control descriptor, -1 once closed.
struct Epoll {
    epfd: i32,
}

impl Drop for Epoll {
    /// `pyepoll_dealloc`: a forgotten epoll object still gives its descriptor back.
    fn drop(&mut self) {
        if self.epfd >= 0 {
            // SAFETY: the descriptor is owned by this object and closed once.
            unsafe { libc::close(self.epfd) };
        }
    }
}

fn epoll_state<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a std::cell::RefCell<Epoll>> {
    native::state::<Epoll>(v).ok_or_else(|| native::wrong_self(vm, v, "select.epoll"))
}

/// `pyepoll_err_closed`.
fn err_closed(vm: &Vm) -> PyRef {
    vm.new_value_error("I/O operation on closed epoll object")
}

/// The open control descriptor of `v`, or CPython's ValueError once closed.
fn open_fd(vm: &Vm, v: &Value) -> PyResult<i32> {
    let fd = epoll_state(vm, v)?.borrow().epfd;
    if fd < 0 {
        return Err(err_closed(vm));
    }
    Ok(fd)
}

fn last_os_error(vm: &Vm) -> PyRef {
    vm.os_error_from(std::io::Error::last_os_error(), None)
}

/// `newPyEpoll_Object`: a new epoll instance of `cls` over `fd`, or a fresh close-on-exec
/// descriptor when `fd` is None.
fn new_epoll(vm: &mut Vm, cls: &PyRef, fd: Option<i32>) -> PyResult<Value> {
    let epfd = match fd {
        // SAFETY: epoll_create1 takes no pointers.
        None => vm.allow_threads(|| unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) }),
        Some(fd) => fd,
    };
    if epfd < 0 {
        if fd.is_some() {
            // CPython reports a negative fd through `PyErr_SetFromErrno` with errno still 0.
            let args = vec![Value::Int(0), vm.new_str("Error")];
            return Err(vm.new_exception_args(&vm.exc.os_error.clone(), args));
        }
        return Err(last_os_error(vm));
    }
    Ok(new_instance(vm, cls, Epoll { epfd }))
}

/// `select.epoll(sizehint=-1, flags=0)` (`select_epoll_impl`): sizehint is only checked, flags
/// must be 0 or `EPOLL_CLOEXEC` (the descriptor is close-on-exec either way).
fn epoll_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, rest) = new_args(&args);
    let [sizehint, flags] = rest.clinic(vm, "epoll", ["sizehint", "flags"], 0, 0, 2)?;
    let sizehint = match sizehint {
        Some(v) => native::clinic_int(vm, &v)?,
        None => -1,
    };
    let flags = match flags {
        Some(v) => native::clinic_int(vm, &v)?,
        None => 0,
    };
    if sizehint != -1 && sizehint <= 0 {
        return Err(vm.new_value_error("negative sizehint"));
    }
    if flags != 0 && flags != libc::EPOLL_CLOEXEC {
        return Err(vm.new_os_error("invalid flags"));
    }
    new_epoll(vm, &cls, None)
}

/// `epoll.fromfd(fd)`: wraps an existing control descriptor (the object then owns it).
fn epoll_fromfd(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "fromfd")?;
    let cls = a[0].as_obj().cloned().ok_or_else(|| vm.new_type_error("fromfd() needs a class"))?;
    let fd = native::clinic_int(vm, &a[1])?;
    new_epoll(vm, &cls, Some(fd))
}

/// `epoll.close()` (`pyepoll_internal_close`): idempotent.
fn epoll_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "close")?;
    let fd = std::mem::replace(&mut epoll_state(vm, &a[0])?.borrow_mut().epfd, -1);
    if fd >= 0 {
        // SAFETY: the descriptor was owned by this object and is closed once.
        if vm.allow_threads(|| unsafe { libc::close(fd) }) < 0 {
            return Err(last_os_error(vm));
        }
    }
    Ok(Value::None)
}

fn epoll_closed(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Bool(epoll_state(vm, &args.args[0])?.borrow().epfd < 0))
}

fn epoll_fileno(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "fileno")?;
    Ok(Value::Int(open_fd(vm, &a[0])? as i64))
}

/// An `unsigned_int(bitwise=True)` argument (`PyLong_AsUnsignedLongMask`): any integer,
/// reduced modulo 2**32 without an overflow check.
fn event_mask(vm: &mut Vm, v: &Value) -> PyResult<u32> {
    if let Value::Int(i) = v {
        return Ok(*i as u32);
    }
    let b = vm.to_index(v)?;
    Ok((b & BigInt::from(u32::MAX)).to_u32().unwrap_or(0))
}

/// `pyepoll_internal_ctl`: one epoll_ctl(2) call on `self`'s descriptor.
fn ctl(vm: &mut Vm, this: &Value, op: i32, fd: i32, events: u32) -> PyResult<Value> {
    let epfd = open_fd(vm, this)?;
    let mut ev = libc::epoll_event { events, u64: fd as u32 as u64 };
    // SAFETY: `ev` is a valid epoll_event (ignored for EPOLL_CTL_DEL, still non-null as old
    // kernels required).
    let r = vm.allow_threads(|| unsafe { libc::epoll_ctl(epfd, op, fd, &mut ev) });
    if r < 0 {
        return Err(last_os_error(vm));
    }
    Ok(Value::None)
}

/// `epoll.register(fd, eventmask=EPOLLIN | EPOLLPRI | EPOLLOUT)`.
fn epoll_register(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, rest) = (&args.args[0], args.rest());
    let [fd, mask] = rest.clinic(vm, "register", ["fd", "eventmask"], 0, 1, 2)?;
    let fd = as_fd(vm, &fd.unwrap())?;
    let mask = match mask {
        Some(m) => event_mask(vm, &m)?,
        None => (libc::EPOLLIN | libc::EPOLLPRI | libc::EPOLLOUT) as u32,
    };
    ctl(vm, this, libc::EPOLL_CTL_ADD, fd, mask)
}

/// `epoll.modify(fd, eventmask)`.
fn epoll_modify(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, rest) = (&args.args[0], args.rest());
    let [fd, mask] = rest.clinic(vm, "modify", ["fd", "eventmask"], 0, 2, 2)?;
    let fd = as_fd(vm, &fd.unwrap())?;
    let mask = event_mask(vm, &mask.unwrap())?;
    ctl(vm, this, libc::EPOLL_CTL_MOD, fd, mask)
}

/// `epoll.unregister(fd)`.
fn epoll_unregister(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, rest) = (&args.args[0], args.rest());
    let [fd] = rest.clinic(vm, "unregister", ["fd"], 0, 1, 1)?;
    let fd = as_fd(vm, &fd.unwrap())?;
    ctl(vm, this, libc::EPOLL_CTL_DEL, fd, 0)
}

/// The `timeout` of `epoll.poll` in nanoseconds (`_PyTime_FromSecondsObject` with
/// `_PyTime_ROUND_TIMEOUT`), with epoll's own TypeError.
fn timeout_ns(vm: &mut Vm, t: &Value) -> PyResult<i64> {
    match native::pytime_from_seconds(vm, t, native::TimeRound::Timeout) {
        Err(e) if vm.isinstance_exc(&e, &vm.exc.type_error.clone()) => {
            Err(vm.new_type_error("timeout must be an integer or None"))
        }
        r => r,
    }
}

/// Milliseconds for epoll_wait(2), rounded up so a short wait still waits.
fn ceil_ms(ns: i64) -> i64 {
    ns.div_euclid(1_000_000) + i64::from(ns.rem_euclid(1_000_000) != 0)
}

/// `epoll.poll(timeout=None, maxevents=-1)` (`select_epoll_poll_impl`): a list of
/// `(fd, events)` pairs; a negative timeout waits without limit.
fn epoll_poll(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, rest) = (&args.args[0], args.rest());
    let [timeout, maxevents] = rest.clinic(vm, "poll", ["timeout", "maxevents"], 0, 0, 2)?;
    let epfd = open_fd(vm, this)?;
    let mut ms: i64 = -1;
    let mut deadline = None;
    if let Some(t) = timeout.filter(|t| !t.is_none()) {
        let ns = timeout_ns(vm, &t)?;
        ms = ceil_ms(ns);
        if ms < i32::MIN as i64 || ms > i32::MAX as i64 {
            return Err(vm.new_overflow_error("timeout is too large"));
        }
        if ms < 0 {
            ms = -1;
        }
        if ns >= 0 {
            deadline = Some(Instant::now() + Duration::from_nanos(ns as u64));
        }
    }
    let maxevents = match maxevents {
        Some(m) => native::clinic_int(vm, &m)?,
        None => -1,
    };
    let maxevents = match maxevents {
        -1 => DEFAULT_MAXEVENTS,
        m if m < 1 => return Err(vm.new_value_error(format!("maxevents must be greater than 0, got {m}"))),
        m => m,
    };
    let mut evs = vec![libc::epoll_event { events: 0, u64: 0 }; maxevents as usize];
    let n = loop {
        let ptr = evs.as_mut_ptr();
        // SAFETY: `evs` holds `maxevents` entries for the kernel to fill.
        let r = vm.allow_threads(|| unsafe { libc::epoll_wait(epfd, ptr, maxevents, ms as i32) });
        if r >= 0 {
            break r as usize;
        }
        let e = std::io::Error::last_os_error();
        if e.raw_os_error() != Some(libc::EINTR) {
            return Err(vm.os_error_from(e, None));
        }
        vm.check_signals()?;
        if let Some(d) = deadline {
            let left = d.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break 0;
            }
            ms = ceil_ms(left.as_nanos().min(i64::MAX as u128) as i64).min(i32::MAX as i64);
        }
    };
    let out = evs[..n]
        .iter()
        .map(|ev| {
            let (data, events) = (ev.u64, ev.events);
            vm.new_tuple(vec![Value::Int(data as u32 as i32 as i64), Value::Int(events as i64)])
        })
        .collect();
    Ok(vm.new_list(out))
}

fn epoll_enter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__enter__")?;
    open_fd(vm, &a[0])?;
    Ok(a[0].clone())
}

/// `__exit__(exc_type=None, exc_value=None, exc_tb=None)`: calls `self.close()`.
fn epoll_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "__exit__", 0, 3)?;
    let close = vm.getattr_str(&a[0], "close")?;
    vm.call(&close, Args::new(&[]))
}

const EPOLL_METHODS: &[MethodDef] = &[
    ("close", epoll_close, "Close the epoll control file descriptor.\n\nFurther operations on the epoll object will raise an exception."),
    ("fileno", epoll_fileno, "Return the epoll control file descriptor."),
    ("register", epoll_register, "Registers a new fd or raises an OSError if the fd is already registered.\n\n  fd\n    the target file descriptor of the operation\n  eventmask\n    a bit set composed of the various EPOLL constants\n\nThe epoll interface supports all file descriptors that support poll."),
    ("modify", epoll_modify, "Modify event mask for a registered file descriptor.\n\n  fd\n    the target file descriptor of the operation\n  eventmask\n    a bit set composed of the various EPOLL constants"),
    ("unregister", epoll_unregister, "Remove a registered file descriptor from the epoll object.\n\n  fd\n    the target file descriptor of the operation"),
    ("poll", epoll_poll, "Wait for events on the epoll file descriptor.\n\n  timeout\n    the maximum time to wait in seconds (as float);\n    a timeout of None or -1 makes poll wait indefinitely\n  maxevents\n    the maximum number of events returned; -1 means no limit\n\nReturns a list containing any descriptors that have events to report,\nas a list of (fd, events) 2-tuples."),
    ("__enter__", epoll_enter, ""),
    ("__exit__", epoll_exit, ""),
];

const EPOLL_DOC: &str = "select.epoll(sizehint=-1, flags=0)\n\nReturns an epolling object\n\nsizehint must be a positive integer or -1 for the default size. The\nsizehint is used to optimize internal data structures. It doesn't limit\nthe maximum number of monitored events.";

/// Adds the `epoll` type and the `EPOLL*` constants to the `select` module dict `d`.
pub(crate) fn install(vm: &mut Vm, d: &PyRef) {
    let t = crate::bz2::final_type(vm, "select", "epoll");
    native::setup(vm, &t, Some(epoll_new), EPOLL_METHODS);
    native::add_classmethod(vm, &t, "fromfd", epoll_fromfd);
    vm.add_getset(&t, "closed", epoll_closed, None);
    vm.dict_set_str(&vm.type_dict(&t), "__doc__", vm.new_str(EPOLL_DOC));
    vm.dict_set_str(d, "epoll", Value::Obj(t));
    for (n, v) in [
        ("EPOLLIN", libc::EPOLLIN),
        ("EPOLLOUT", libc::EPOLLOUT),
        ("EPOLLPRI", libc::EPOLLPRI),
        ("EPOLLERR", libc::EPOLLERR),
        ("EPOLLHUP", libc::EPOLLHUP),
        ("EPOLLET", libc::EPOLLET),
        ("EPOLLONESHOT", libc::EPOLLONESHOT),
        ("EPOLLEXCLUSIVE", libc::EPOLLEXCLUSIVE),
        ("EPOLLRDHUP", libc::EPOLLRDHUP),
        ("EPOLLRDNORM", libc::EPOLLRDNORM),
        ("EPOLLRDBAND", libc::EPOLLRDBAND),
        ("EPOLLWRNORM", libc::EPOLLWRNORM),
        ("EPOLLWRBAND", libc::EPOLLWRBAND),
        ("EPOLLMSG", libc::EPOLLMSG),
        ("EPOLL_CLOEXEC", libc::EPOLL_CLOEXEC),
    ] {
        // EPOLLET is 1 << 31: CPython exports the unsigned value.
        vm.dict_set_str(d, n, Value::Int(v as u32 as i64));
    }
}
