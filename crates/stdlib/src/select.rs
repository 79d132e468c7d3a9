//! Stdlib stage: the `select` module — `select.select` (over poll(2), so any fd number works)
//! and `select.poll` objects (register/modify/unregister/poll), which `selectors` and
//! `subprocess.communicate` build on; `select.epoll` lives in select_epoll.rs. Objects may be ints or have `fileno()`; results keep the
//! caller's objects; EINTR runs pending signal handlers and retries with the time left.

use crate::native::{self, as_fd, new_args, new_instance};
use std::time::{Duration, Instant};
use vm::func::{Args, MethodDef};
use vm::types::Layout;
use vm::value::{Payload, PyRef, Value};
use vm::{PyResult, Vm};

/// Runs poll(2) until it returns, retrying after EINTR (and any handler) with the time left.
fn poll_fds(vm: &mut Vm, fds: &mut [libc::pollfd], timeout: Option<Duration>) -> PyResult<usize> {
    poll_until(vm, fds, timeout.map(|t| Instant::now() + t))
}

/// poll(2) on `fds` until something is ready or `deadline` passes (None: no limit), retrying
/// after EINTR once signal handlers ran; the number of ready descriptors.
pub(crate) fn poll_until(vm: &mut Vm, fds: &mut [libc::pollfd], deadline: Option<Instant>) -> PyResult<usize> {
    loop {
        let ms = match deadline {
            None => -1,
            Some(d) => {
                let left = d.saturating_duration_since(Instant::now());
                // Round up so a short wait still waits.
                left.as_micros().div_ceil(1000).min(i32::MAX as u128) as i32
            }
        };
        // SAFETY: `fds` is a valid slice of pollfd.
        // Other threads run while this one waits.
        let r = vm.allow_threads(|| unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) });
        if r >= 0 {
            return Ok(r as usize);
        }
        let e = std::io::Error::last_os_error();
        if e.raw_os_error() != Some(libc::EINTR) {
            return Err(vm.os_error_from(e, None));
        }
        vm.check_signals()?;
    }
}

fn sel_select(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "select", 3, 4)?;
    let timeout = match a.get(3) {
        None | Some(Value::None) => None,
        Some(t) => {
            let is_num = matches!(t, Value::Int(_) | Value::Float(_) | Value::Bool(_))
                || matches!(t.payload(), Some(Payload::Int(_)) | Some(Payload::Float(_)));
            if !is_num {
                return Err(vm.new_type_error("timeout must be a float or None"));
            }
            let secs = vm.float_of(t)?;
            if secs < 0.0 {
                return Err(vm.new_value_error("timeout must be non-negative"));
            }
            Some(Duration::from_secs_f64(secs.min(1e9)))
        }
    };
    let mut lists: Vec<Vec<(Value, i32)>> = Vec::new();
    for l in &a[..3] {
        let items = vm.collect(l).map_err(|_| vm.new_type_error("arguments 1-3 must be sequences"))?;
        let mut out = Vec::new();
        for it in items {
            let fd = as_fd(vm, &it)?;
            out.push((it, fd));
        }
        lists.push(out);
    }
    let events = [libc::POLLIN, libc::POLLOUT, libc::POLLPRI];
    let mut fds: Vec<libc::pollfd> = Vec::new();
    for (l, ev) in lists.iter().zip(events) {
        for (_, fd) in l {
            fds.push(libc::pollfd { fd: *fd, events: ev, revents: 0 });
        }
    }
    poll_fds(vm, &mut fds, timeout)?;
    if let Some(bad) = fds.iter().find(|p| p.revents & libc::POLLNVAL != 0) {
        let _ = bad;
        return Err(vm.os_error_from(std::io::Error::from_raw_os_error(libc::EBADF), None));
    }
    let mut result = Vec::new();
    let mut k = 0;
    for (i, l) in lists.iter().enumerate() {
        let mut ready = Vec::new();
        for (obj, _) in l {
            let re = fds[k].revents;
            let hit = match i {
                0 => re & (libc::POLLIN | libc::POLLHUP | libc::POLLERR) != 0,
                1 => re & (libc::POLLOUT | libc::POLLERR) != 0,
                _ => re & libc::POLLPRI != 0,
            };
            if hit {
                ready.push(obj.clone());
            }
            k += 1;
        }
        result.push(vm.new_list(ready));
    }
    Ok(vm.new_tuple(result))
}

struct Poll {
    fds: Vec<(i32, i16)>,
}

fn poll_state<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a std::cell::RefCell<Poll>> {
    native::state::<Poll>(v).ok_or_else(|| native::wrong_self(vm, v, "select.poll"))
}

fn mask_of(vm: &mut Vm, v: Option<&Value>) -> PyResult<i16> {
    match v {
        None => Ok(libc::POLLIN | libc::POLLPRI | libc::POLLOUT),
        Some(v) => {
            let m = vm.to_i64_index(v)?;
            if !(0..=u16::MAX as i64).contains(&m) {
                return Err(vm.new_overflow_error(if m < 0 {
                    "Python int too large to convert to C unsigned short"
                } else {
                    "Python int too large for C unsigned short"
                }));
            }
            Ok(m as u16 as i16)
        }
    }
}

fn sel_poll(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "poll", 0)?;
    let t = vm.modules_get("select").and_then(|m| vm.getattr_opt(&m, "_poll_type").ok().flatten());
    let Some(Value::Obj(t)) = t else { return Err(vm.new_runtime_error("select.poll type missing")) };
    Ok(new_instance(vm, &t, Poll { fds: Vec::new() }))
}

fn poll_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, _) = new_args(&args);
    let name = cls.as_type().map(|t| t.name().to_string()).unwrap_or_default();
    Err(vm.new_type_error(format!("cannot create 'select.{name}' instances")))
}

fn poll_register(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "register", 2, 3)?;
    let fd = as_fd(vm, &a[1])?;
    let mask = mask_of(vm, a.get(2))?;
    let mut p = poll_state(vm, &a[0])?.borrow_mut();
    match p.fds.iter_mut().find(|e| e.0 == fd) {
        Some(e) => e.1 = mask,
        None => p.fds.push((fd, mask)),
    }
    Ok(Value::None)
}

fn poll_modify(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "modify", 3)?;
    let fd = as_fd(vm, &a[1])?;
    let mask = mask_of(vm, a.get(2))?;
    let mut p = poll_state(vm, &a[0])?.borrow_mut();
    match p.fds.iter_mut().find(|e| e.0 == fd) {
        Some(e) => {
            e.1 = mask;
            Ok(Value::None)
        }
        None => {
            drop(p);
            Err(vm.os_error_from(std::io::Error::from_raw_os_error(libc::ENOENT), None))
        }
    }
}

fn poll_unregister(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "unregister", 2)?;
    let fd = as_fd(vm, &a[1])?;
    let mut p = poll_state(vm, &a[0])?.borrow_mut();
    match p.fds.iter().position(|e| e.0 == fd) {
        Some(i) => {
            p.fds.remove(i);
            Ok(Value::None)
        }
        None => {
            drop(p);
            let k = vm.new_exception_args(&vm.exc.key_error.clone(), vec![a[1].clone()]);
            Err(k)
        }
    }
}

fn poll_poll(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "poll", 1, 2)?;
    let timeout = match a.get(1) {
        None | Some(Value::None) => None,
        Some(t) => {
            let ms = if matches!(t, Value::Float(_)) || matches!(t.payload(), Some(Payload::Float(_))) {
                vm.float_of(t)?.ceil()
            } else {
                vm.to_i64_index(t)? as f64
            };
            if ms < 0.0 {
                None
            } else {
                Some(Duration::from_millis(ms.min(i32::MAX as f64) as u64))
            }
        }
    };
    let regs = poll_state(vm, &a[0])?.borrow().fds.clone();
    let mut fds: Vec<libc::pollfd> =
        regs.iter().map(|(fd, ev)| libc::pollfd { fd: *fd, events: *ev, revents: 0 }).collect();
    poll_fds(vm, &mut fds, timeout)?;
    let out = fds
        .iter()
        .filter(|p| p.revents != 0)
        .map(|p| vm.new_tuple(vec![Value::Int(p.fd as i64), Value::Int(p.revents as u16 as i64)]))
        .collect();
    Ok(vm.new_list(out))
}

const POLL_METHODS: &[MethodDef] = &[
    ("register", poll_register, "Register a file descriptor with the polling object."),
    ("modify", poll_modify, "Modify an already registered file descriptor."),
    ("unregister", poll_unregister, "Remove a file descriptor being tracked by the polling object."),
    ("poll", poll_poll, "Polls the set of registered file descriptors."),
];

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("select");
    let d = m.dict.get().unwrap();
    let v = vm.new_native_fn("select", sel_select);
    vm.dict_set_str(&d, "select", v);
    let v = vm.new_native_fn("poll", sel_poll);
    vm.dict_set_str(&d, "poll", v);
    let t = native::make_type(vm, "select", "poll", None, Layout::Native);
    native::setup(vm, &t, Some(poll_new), POLL_METHODS);
    vm.dict_set_str(&d, "_poll_type", Value::Obj(t));
    vm.dict_set_str(&d, "error", Value::Obj(vm.exc.os_error.clone()));
    for (n, v) in [
        ("POLLIN", libc::POLLIN),
        ("POLLPRI", libc::POLLPRI),
        ("POLLOUT", libc::POLLOUT),
        ("POLLERR", libc::POLLERR),
        ("POLLHUP", libc::POLLHUP),
        ("POLLNVAL", libc::POLLNVAL),
        ("POLLRDNORM", libc::POLLRDNORM),
        ("POLLRDBAND", libc::POLLRDBAND),
        ("POLLWRNORM", libc::POLLWRNORM),
        ("POLLWRBAND", libc::POLLWRBAND),
        ("POLLMSG", 0x400),
        ("POLLRDHUP", libc::POLLRDHUP),
    ] {
        vm.dict_set_str(&d, n, Value::Int(v as i64));
    }
    vm.dict_set_str(&d, "PIPE_BUF", Value::Int(libc::PIPE_BUF as i64));
    crate::select_epoll::install(vm, &d);
    Ok(m)
}
