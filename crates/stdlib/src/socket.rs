//! Stdlib stage: the `_socket` module — the subclassable `socket` type over a BSD socket fd
//! (Lib/socket.py's `socket.socket` derives from it), `socketpair`, `dup`, `close`, default
//! timeouts, the AF_/SOCK_/SOL_/SO_/IPPROTO_/TCP_/MSG_/SHUT_/AI_/EAI_/NI_ constants and the
//! `error`/`herror`/`gaierror`/`timeout` exceptions. Timeouts follow CPython's `sock_call`: a
//! socket with a timeout is non-blocking underneath and waits with poll(2), raising
//! `TimeoutError('timed out')`; a non-blocking socket raises `BlockingIOError`; EINTR runs the
//! pending signal handlers and retries. Failures raise the errno-selected OSError subclass.
//! Addresses and name resolution live in `socket_addr.rs`; `sendmsg`/`recvmsg`/`recvmsg_into`
//! and `CMSG_LEN`/`CMSG_SPACE` in `socket_msg.rs`.

use crate::native::{self, new_args, new_instance};
use crate::socket_addr::{self as addr, make_sockaddr, sockaddr_from, SockAddr};
use std::cell::{Cell, RefCell};
use std::time::{Duration, Instant};
use vm::func::{Args, MethodDef};
use vm::types::Layout;
use vm::value::{Payload, PyRef, Value};
use vm::{PyResult, Vm};

/// The state of a socket object. `timeout`: `None` blocks, `Some(0.0)` is non-blocking,
/// `Some(t)` waits at most `t` seconds per operation.
pub struct Sock {
    fd: i32,
    family: i32,
    kind: i32,
    proto: i32,
    timeout: Option<f64>,
}

impl Drop for Sock {
    fn drop(&mut self) {
        if self.fd >= 0 {
            // SAFETY: the object owns the descriptor; nothing else closes it.
            unsafe { libc::close(self.fd) };
        }
    }
}

vm::gil_local! {
    static DEFAULT_TIMEOUT: Cell<Option<f64>> = const { Cell::new(None) };
    static SOCKET_TYPE: RefCell<Option<PyRef>> = const { RefCell::new(None) };
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

fn os_err(vm: &Vm, e: i32) -> PyRef {
    vm.os_error_errno(e, None, None)
}

fn timeout_error(vm: &Vm) -> PyRef {
    vm.new_exception(&vm.exc.timeout_error.clone(), "timed out")
}

fn this<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a RefCell<Sock>> {
    native::state::<Sock>(v).ok_or_else(|| native::wrong_self(vm, v, "_socket.socket"))
}

fn rest<'a>(args: &Args<'a>) -> Args<'a> {
    Args { args: &args.args[1..], kwnames: args.kwnames }
}

fn set_nonblocking(fd: i32, on: bool) -> Result<(), i32> {
    // SAFETY: plain fcntl calls.
    unsafe {
        let old = libc::fcntl(fd, libc::F_GETFL);
        if old < 0 {
            return Err(errno());
        }
        let new = if on { old | libc::O_NONBLOCK } else { old & !libc::O_NONBLOCK };
        if new != old && libc::fcntl(fd, libc::F_SETFL, new) < 0 {
            return Err(errno());
        }
    }
    Ok(())
}

/// Waits until `fd` is readable (or writable); `false` when `left` passed first.
fn wait_fd(vm: &mut Vm, fd: i32, writing: bool, deadline: Option<Instant>) -> PyResult<bool> {
    if fd < 0 {
        return Ok(true);
    }
    let mut p = libc::pollfd { fd, events: if writing { libc::POLLOUT } else { libc::POLLIN }, revents: 0 };
    Ok(crate::select::poll_until(vm, std::slice::from_mut(&mut p), deadline)? > 0)
}

fn deadline_of(timeout: Option<f64>) -> Option<Instant> {
    match timeout {
        Some(t) if t > 0.0 => Some(Instant::now() + Duration::from_secs_f64(t.min(1e9))),
        _ => None,
    }
}

/// CPython's `sock_call_ex`: runs `f(fd)` until it succeeds, waiting (until `deadline`) while
/// a timeout socket would block, retrying after EINTR. Returns the errno on failure.
fn sock_call_raw(
    vm: &mut Vm,
    fd: i32,
    writing: bool,
    deadline: Option<Instant>,
    mut f: impl FnMut(i32) -> isize,
) -> PyResult<Result<isize, i32>> {
    loop {
        if deadline.is_some() && !wait_fd(vm, fd, writing, deadline)? {
            return Ok(Err(-1));
        }
        loop {
            // `f` may block; it touches only Rust-owned buffers, so other threads run meanwhile.
            let r = vm.allow_threads(|| f(fd));
            if r >= 0 {
                return Ok(Ok(r));
            }
            let e = errno();
            if e == libc::EINTR {
                vm.check_signals()?;
                continue;
            }
            if deadline.is_some() && (e == libc::EWOULDBLOCK || e == libc::EAGAIN) {
                break;
            }
            return Ok(Err(e));
        }
    }
}

/// `sock_call_raw` on `self` with its timeout, raising on failure.
pub(crate) fn sock_call(vm: &mut Vm, sv: &Value, writing: bool, f: impl FnMut(i32) -> isize) -> PyResult<isize> {
    let (fd, timeout) = {
        let s = this(vm, sv)?.borrow();
        (s.fd, s.timeout)
    };
    match sock_call_raw(vm, fd, writing, deadline_of(timeout), f)? {
        Ok(n) => Ok(n),
        Err(-1) => Err(timeout_error(vm)),
        Err(e) => Err(os_err(vm, e)),
    }
}

pub(crate) fn family_of(vm: &Vm, sv: &Value) -> PyResult<i32> {
    Ok(this(vm, sv)?.borrow().family)
}

pub(crate) fn int_of(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    vm::posix_fd::c_int(vm, v)
}

fn opt_int(vm: &mut Vm, v: Option<&Value>, default: i32) -> PyResult<i32> {
    match v {
        Some(v) => int_of(vm, v),
        None => Ok(default),
    }
}

pub(crate) fn bytes_arg(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    if v.as_str().is_some() {
        return Err(vm.new_type_error("a bytes-like object is required, not 'str'"));
    }
    vm::objects::memoryview::bytes_like(vm, v)
}

/// A timeout argument: `None`, or a non-negative number of seconds.
fn parse_timeout(vm: &mut Vm, v: &Value) -> PyResult<Option<f64>> {
    if v.is_none() {
        return Ok(None);
    }
    let t = if matches!(v, Value::Float(_)) || matches!(v.payload(), Some(Payload::Float(_))) {
        let f = vm.float_of(v)?;
        if f.is_nan() {
            return Err(vm.new_value_error("Invalid value NaN (not a number)"));
        }
        f
    } else {
        vm.to_i64_index(v)? as f64
    };
    if t < 0.0 {
        return Err(vm.new_value_error("Timeout value out of range"));
    }
    Ok(Some(t))
}

fn sock_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, _) = new_args(&args);
    let timeout = DEFAULT_TIMEOUT.with(|d| d.get());
    Ok(new_instance(vm, &cls, Sock { fd: -1, family: libc::AF_INET, kind: libc::SOCK_STREAM, proto: 0, timeout }))
}

fn getsockopt_int(fd: i32, level: i32, opt: i32) -> Result<i32, i32> {
    let mut v: libc::c_int = 0;
    let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: `v` and `len` are valid out-pointers.
    let r = unsafe { libc::getsockopt(fd, level, opt, &mut v as *mut _ as *mut libc::c_void, &mut len) };
    if r < 0 {
        Err(errno())
    } else {
        Ok(v)
    }
}

/// Stores the descriptor and flags, applying the default timeout (CPython's `init_sockobject`).
fn init_sock(vm: &Vm, sv: &Value, fd: i32, family: i32, kind: i32, proto: i32) -> PyResult<()> {
    let flags = libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC;
    let timeout = if kind & libc::SOCK_NONBLOCK != 0 { Some(0.0) } else { DEFAULT_TIMEOUT.with(|d| d.get()) };
    {
        let mut s = this(vm, sv)?.borrow_mut();
        let old = std::mem::replace(&mut s.fd, fd);
        if old >= 0 && old != fd {
            // SAFETY: re-initialising drops the descriptor the object owned.
            unsafe { libc::close(old) };
        }
        s.family = family;
        s.kind = kind & !flags;
        s.proto = proto;
        s.timeout = timeout;
    }
    if timeout.is_some() {
        set_nonblocking(fd, true).map_err(|e| os_err(vm, e))?;
    }
    Ok(())
}

fn sock_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let sv = args.args[0].clone();
    this(vm, &sv)?;
    let [family, kind, proto, fileno] = rest(&args).bind(vm, "socket", ["family", "type", "proto", "fileno"], 0)?;
    let mut family = opt_int(vm, family.as_ref(), -1)?;
    let mut kind = opt_int(vm, kind.as_ref(), -1)?;
    let mut proto = opt_int(vm, proto.as_ref(), -1)?;
    let fd = match fileno.filter(|f| !f.is_none()) {
        Some(f) => {
            let fd = int_of(vm, &f)?;
            if fd < 0 {
                return Err(vm.new_value_error("negative file descriptor"));
            }
            if family == -1 {
                let mut sa = SockAddr::empty();
                // SAFETY: `sa` is a valid sockaddr buffer.
                if unsafe { libc::getsockname(fd, sa.as_mut_ptr(), &mut sa.len) } < 0 {
                    return Err(os_err(vm, errno()));
                }
                family = sa.storage.ss_family as i32;
            }
            if kind == -1 {
                kind = getsockopt_int(fd, libc::SOL_SOCKET, libc::SO_TYPE).map_err(|e| os_err(vm, e))?;
            }
            if proto == -1 {
                proto = getsockopt_int(fd, libc::SOL_SOCKET, libc::SO_PROTOCOL).map_err(|e| os_err(vm, e))?;
            }
            fd
        }
        None => {
            if family == -1 {
                family = libc::AF_INET;
            }
            if kind == -1 {
                kind = libc::SOCK_STREAM;
            }
            if proto == -1 {
                proto = 0;
            }
            // SAFETY: plain syscall.
            let fd = unsafe { libc::socket(family, kind | libc::SOCK_CLOEXEC, proto) };
            if fd < 0 {
                return Err(os_err(vm, errno()));
            }
            fd
        }
    };
    init_sock(vm, &sv, fd, family, kind, proto)?;
    Ok(Value::None)
}

fn sock_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args.args[0])?.borrow();
    Ok(vm.new_str(format!("<socket object, fd={}, family={}, type={}, proto={}>", s.fd, s.family, s.kind, s.proto)))
}

fn sock_fileno(vm: &mut Vm, args: Args) -> PyResult<Value> {
    rest(&args).exact(vm, "fileno", 0)?;
    Ok(Value::Int(this(vm, &args.args[0])?.borrow().fd as i64))
}

fn sock_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    rest(&args).exact(vm, "close", 0)?;
    let fd = std::mem::replace(&mut this(vm, &args.args[0])?.borrow_mut().fd, -1);
    // SAFETY: the object owned `fd` and has forgotten it.
    if fd >= 0 && unsafe { libc::close(fd) } < 0 {
        let e = errno();
        if e != libc::ECONNRESET {
            return Err(os_err(vm, e));
        }
    }
    Ok(Value::None)
}

fn sock_detach(vm: &mut Vm, args: Args) -> PyResult<Value> {
    rest(&args).exact(vm, "detach", 0)?;
    let fd = std::mem::replace(&mut this(vm, &args.args[0])?.borrow_mut().fd, -1);
    Ok(Value::Int(fd as i64))
}

fn sock_bind(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = rest(&args).exact(vm, "bind", 1)?;
    let sv = &args.args[0];
    let family = family_of(vm, sv)?;
    let sa = sockaddr_from(vm, family, &a[0], "bind")?;
    let fd = this(vm, sv)?.borrow().fd;
    // SAFETY: `sa` holds `sa.len` valid bytes.
    if unsafe { libc::bind(fd, sa.as_ptr(), sa.len) } < 0 {
        return Err(os_err(vm, errno()));
    }
    Ok(Value::None)
}

fn sock_listen(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = rest(&args).range(vm, "listen", 0, 1)?;
    let backlog = opt_int(vm, a.first(), libc::SOMAXCONN.min(128))?.max(0);
    let fd = this(vm, &args.args[0])?.borrow().fd;
    // SAFETY: plain syscall.
    if unsafe { libc::listen(fd, backlog) } < 0 {
        return Err(os_err(vm, errno()));
    }
    Ok(Value::None)
}

fn sock_accept(vm: &mut Vm, args: Args) -> PyResult<Value> {
    rest(&args).exact(vm, "_accept", 0)?;
    let mut sa = SockAddr::empty();
    let n = sock_call(vm, &args.args[0], false, |fd| {
        sa.len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        // SAFETY: `sa` is a valid sockaddr buffer of `sa.len` bytes.
        unsafe { libc::accept4(fd, sa.as_mut_ptr(), &mut sa.len, libc::SOCK_CLOEXEC) as isize }
    })?;
    let a = match make_sockaddr(vm, &sa) {
        Ok(a) => a,
        Err(e) => {
            // SAFETY: the new descriptor is ours to close.
            unsafe { libc::close(n as i32) };
            return Err(e);
        }
    };
    Ok(vm.new_tuple(vec![Value::Int(n as i64), a]))
}

/// CPython's `internal_connect`: the errno of a failed connect (0 on success, -1 on timeout).
fn do_connect(vm: &mut Vm, sv: &Value, address: &Value, caller: &str) -> PyResult<i32> {
    let family = family_of(vm, sv)?;
    let sa = sockaddr_from(vm, family, address, caller)?;
    let (fd, timeout) = {
        let s = this(vm, sv)?.borrow();
        (s.fd, s.timeout)
    };
    // SAFETY: `sa` holds `sa.len` valid bytes.
    if unsafe { libc::connect(fd, sa.as_ptr(), sa.len) } == 0 {
        return Ok(0);
    }
    let e = errno();
    let wait = match e {
        libc::EINTR => {
            vm.check_signals()?;
            timeout != Some(0.0)
        }
        libc::EINPROGRESS => timeout.is_some_and(|t| t > 0.0),
        _ => false,
    };
    if !wait {
        return Ok(e);
    }
    let deadline = deadline_of(timeout);
    loop {
        if !wait_fd(vm, fd, true, deadline)? {
            return Ok(-1);
        }
        match getsockopt_int(fd, libc::SOL_SOCKET, libc::SO_ERROR) {
            Ok(libc::EINTR) => vm.check_signals()?,
            Ok(err) => return Ok(err),
            Err(err) => return Ok(err),
        }
    }
}

fn sock_connect(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = rest(&args).exact(vm, "connect", 1)?;
    match do_connect(vm, &args.args[0], &a[0], "connect")? {
        0 => Ok(Value::None),
        -1 => Err(timeout_error(vm)),
        e => Err(os_err(vm, e)),
    }
}

fn sock_connect_ex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = rest(&args).exact(vm, "connect_ex", 1)?;
    Ok(Value::Int(match do_connect(vm, &args.args[0], &a[0], "connect_ex")? {
        -1 => libc::EWOULDBLOCK as i64,
        e => e as i64,
    }))
}

fn sock_send(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = rest(&args).range(vm, "send", 1, 2)?;
    let data = bytes_arg(vm, &a[0])?;
    let flags = opt_int(vm, a.get(1), 0)?;
    let n = sock_call(vm, &args.args[0], true, |fd| {
        // SAFETY: `data` is valid for its length.
        unsafe { libc::send(fd, data.as_ptr() as *const libc::c_void, data.len(), flags) }
    })?;
    Ok(Value::Int(n as i64))
}

fn sock_sendall(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = rest(&args).range(vm, "sendall", 1, 2)?;
    let data = bytes_arg(vm, &a[0])?;
    let flags = opt_int(vm, a.get(1), 0)?;
    let (fd, timeout) = {
        let s = this(vm, &args.args[0])?.borrow();
        (s.fd, s.timeout)
    };
    let deadline = deadline_of(timeout);
    let mut off = 0;
    while off < data.len() {
        let chunk = &data[off..];
        let r = sock_call_raw(vm, fd, true, deadline, |fd| {
            // SAFETY: `chunk` is valid for its length.
            unsafe { libc::send(fd, chunk.as_ptr() as *const libc::c_void, chunk.len(), flags) }
        })?;
        match r {
            Ok(n) => off += n as usize,
            Err(-1) => return Err(timeout_error(vm)),
            Err(e) => return Err(os_err(vm, e)),
        }
        vm.check_signals()?;
    }
    Ok(Value::None)
}

fn sock_sendto(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = rest(&args).pos();
    if !args.kwnames.is_empty() {
        return Err(vm.new_type_error("sendto() takes no keyword arguments"));
    }
    let (data, flags, address) = match a.len() {
        2 => (&a[0], None, &a[1]),
        3 => (&a[0], Some(&a[1]), &a[2]),
        n => return Err(vm.new_type_error(format!("sendto() takes 2 or 3 arguments ({n} given)"))),
    };
    let data = bytes_arg(vm, data)?;
    let flags = opt_int(vm, flags, 0)?;
    let family = family_of(vm, &args.args[0])?;
    let sa = sockaddr_from(vm, family, address, "sendto")?;
    let n = sock_call(vm, &args.args[0], true, |fd| {
        // SAFETY: `data` and `sa` are valid for their lengths.
        unsafe { libc::sendto(fd, data.as_ptr() as *const libc::c_void, data.len(), flags, sa.as_ptr(), sa.len) }
    })?;
    Ok(Value::Int(n as i64))
}

/// Receives up to `n` bytes (with the sender's address when `from` is set).
fn recv_some(vm: &mut Vm, sv: &Value, n: usize, flags: i32, from: bool) -> PyResult<(Vec<u8>, SockAddr)> {
    let mut buf = vec![0u8; n];
    let mut sa = SockAddr::empty();
    let got = sock_call(vm, sv, false, |fd| {
        if from {
            sa.len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
            // SAFETY: `buf` and `sa` are valid for their lengths.
            unsafe {
                libc::recvfrom(
                    fd,
                    buf.as_mut_ptr() as *mut libc::c_void,
                    buf.len(),
                    flags,
                    sa.as_mut_ptr(),
                    &mut sa.len,
                )
            }
        } else {
            // SAFETY: `buf` is valid for its length.
            unsafe { libc::recv(fd, buf.as_mut_ptr() as *mut libc::c_void, buf.len(), flags) }
        }
    })?;
    buf.truncate(got as usize);
    if !from {
        sa.len = 0;
    }
    Ok((buf, sa))
}

fn bufsize(vm: &mut Vm, v: &Value, fname: &str) -> PyResult<usize> {
    let n = vm.to_i64_index(v)?;
    if n < 0 {
        return Err(vm.new_value_error(format!("negative buffersize in {fname}")));
    }
    Ok(n as usize)
}

fn sock_recv(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = rest(&args).range(vm, "recv", 1, 2)?;
    let n = bufsize(vm, &a[0], "recv")?;
    let flags = opt_int(vm, a.get(1), 0)?;
    let (buf, _) = recv_some(vm, &args.args[0], n, flags, false)?;
    Ok(vm.new_bytes(buf))
}

fn sock_recvfrom(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = rest(&args).range(vm, "recvfrom", 1, 2)?;
    let n = bufsize(vm, &a[0], "recvfrom")?;
    let flags = opt_int(vm, a.get(1), 0)?;
    let (buf, sa) = recv_some(vm, &args.args[0], n, flags, true)?;
    let addr = make_sockaddr(vm, &sa)?;
    Ok(vm.new_tuple(vec![vm.new_bytes(buf), addr]))
}

fn writable_len(vm: &Vm, v: &Value, fname: &str) -> PyResult<usize> {
    vm::objects::memoryview::with_writable_buffer(v, |b| b.len()).ok_or_else(|| {
        vm.new_type_error(format!("{fname}() argument 1 must be read-write bytes-like object, not {}", vm.type_name(v)))
    })
}

fn recv_into_common(vm: &mut Vm, args: Args, fname: &str, from: bool) -> PyResult<(usize, SockAddr)> {
    let [buffer, nbytes, flags] = rest(&args).bind(vm, fname, ["buffer", "nbytes", "flags"], 1)?;
    let buffer = buffer.unwrap();
    let cap = writable_len(vm, &buffer, fname)?;
    let mut n = match nbytes {
        Some(v) => {
            let n = vm.to_i64_index(&v)?;
            if n < 0 {
                return Err(vm.new_value_error(format!("negative buffersize in {fname}")));
            }
            n as usize
        }
        None => 0,
    };
    if n == 0 {
        n = cap;
    } else if n > cap {
        return Err(vm.new_value_error(if from {
            "nbytes is greater than the length of the buffer"
        } else {
            "buffer too small for requested bytes"
        }));
    }
    let flags = opt_int(vm, flags.as_ref(), 0)?;
    let (data, sa) = recv_some(vm, &args.args[0], n, flags, from)?;
    vm::objects::memoryview::with_writable_buffer(&buffer, |b| {
        let k = data.len().min(b.len());
        b[..k].copy_from_slice(&data[..k]);
    });
    Ok((data.len(), sa))
}

fn sock_recv_into(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (n, _) = recv_into_common(vm, args, "recv_into", false)?;
    Ok(Value::Int(n as i64))
}

fn sock_recvfrom_into(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (n, sa) = recv_into_common(vm, args, "recvfrom_into", true)?;
    let addr = make_sockaddr(vm, &sa)?;
    Ok(vm.new_tuple(vec![Value::Int(n as i64), addr]))
}

fn sock_shutdown(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = rest(&args).exact(vm, "shutdown", 1)?;
    let how = int_of(vm, &a[0])?;
    let fd = this(vm, &args.args[0])?.borrow().fd;
    // SAFETY: plain syscall.
    if unsafe { libc::shutdown(fd, how) } < 0 {
        return Err(os_err(vm, errno()));
    }
    Ok(Value::None)
}

fn name_of(vm: &mut Vm, args: Args, fname: &str, peer: bool) -> PyResult<Value> {
    rest(&args).exact(vm, fname, 0)?;
    let fd = this(vm, &args.args[0])?.borrow().fd;
    let mut sa = SockAddr::empty();
    // SAFETY: `sa` is a valid sockaddr buffer.
    let r = unsafe {
        if peer {
            libc::getpeername(fd, sa.as_mut_ptr(), &mut sa.len)
        } else {
            libc::getsockname(fd, sa.as_mut_ptr(), &mut sa.len)
        }
    };
    if r < 0 {
        return Err(os_err(vm, errno()));
    }
    make_sockaddr(vm, &sa)
}

fn sock_getsockname(vm: &mut Vm, args: Args) -> PyResult<Value> {
    name_of(vm, args, "getsockname", false)
}

fn sock_getpeername(vm: &mut Vm, args: Args) -> PyResult<Value> {
    name_of(vm, args, "getpeername", true)
}

fn sock_setsockopt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = rest(&args).range(vm, "setsockopt", 3, 4)?;
    let level = int_of(vm, &a[0])?;
    let opt = int_of(vm, &a[1])?;
    let fd = this(vm, &args.args[0])?.borrow().fd;
    let r = if a.len() == 4 {
        if !a[2].is_none() {
            return Err(vm.new_type_error("setsockopt() takes exactly 3 arguments (4 given)"));
        }
        let len = int_of(vm, &a[3])?;
        // SAFETY: a NULL option value with a length, as CPython passes it.
        unsafe { libc::setsockopt(fd, level, opt, std::ptr::null(), len as libc::socklen_t) }
    } else if matches!(a[2], Value::Int(_) | Value::Bool(_)) || matches!(a[2].payload(), Some(Payload::Int(_))) {
        let v: libc::c_int = int_of(vm, &a[2])?;
        // SAFETY: `v` is a valid c_int.
        unsafe {
            libc::setsockopt(
                fd,
                level,
                opt,
                &v as *const _ as *const libc::c_void,
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            )
        }
    } else {
        let b = bytes_arg(vm, &a[2])?;
        // SAFETY: `b` is valid for its length.
        unsafe { libc::setsockopt(fd, level, opt, b.as_ptr() as *const libc::c_void, b.len() as libc::socklen_t) }
    };
    if r < 0 {
        return Err(os_err(vm, errno()));
    }
    Ok(Value::None)
}

fn sock_getsockopt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = rest(&args).range(vm, "getsockopt", 2, 3)?;
    let level = int_of(vm, &a[0])?;
    let opt = int_of(vm, &a[1])?;
    let fd = this(vm, &args.args[0])?.borrow().fd;
    match a.get(2) {
        None => match getsockopt_int(fd, level, opt) {
            Ok(v) => Ok(Value::Int(v as i64)),
            Err(e) => Err(os_err(vm, e)),
        },
        Some(n) => {
            let n = int_of(vm, n)?;
            if n <= 0 || n > 1024 {
                return Err(vm.new_os_error("getsockopt buflen out of range"));
            }
            let mut buf = vec![0u8; n as usize];
            let mut len = n as libc::socklen_t;
            // SAFETY: `buf` has `len` bytes.
            if unsafe { libc::getsockopt(fd, level, opt, buf.as_mut_ptr() as *mut libc::c_void, &mut len) } < 0 {
                return Err(os_err(vm, errno()));
            }
            buf.truncate(len as usize);
            Ok(vm.new_bytes(buf))
        }
    }
}

/// Sets the timeout and the descriptor's O_NONBLOCK to match.
fn apply_timeout(vm: &Vm, sv: &Value, timeout: Option<f64>) -> PyResult<()> {
    let fd = {
        let mut s = this(vm, sv)?.borrow_mut();
        s.timeout = timeout;
        s.fd
    };
    set_nonblocking(fd, timeout.is_some()).map_err(|e| os_err(vm, e))
}

fn sock_setblocking(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = rest(&args).exact(vm, "setblocking", 1)?;
    let block = vm.truthy(&a[0])?;
    apply_timeout(vm, &args.args[0], if block { None } else { Some(0.0) })?;
    Ok(Value::None)
}

fn sock_getblocking(vm: &mut Vm, args: Args) -> PyResult<Value> {
    rest(&args).exact(vm, "getblocking", 0)?;
    Ok(Value::Bool(this(vm, &args.args[0])?.borrow().timeout != Some(0.0)))
}

fn sock_settimeout(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = rest(&args).exact(vm, "settimeout", 1)?;
    let t = parse_timeout(vm, &a[0])?;
    apply_timeout(vm, &args.args[0], t)?;
    Ok(Value::None)
}

fn timeout_value(t: Option<f64>) -> Value {
    match t {
        None => Value::None,
        Some(t) => Value::Float(t),
    }
}

fn sock_gettimeout(vm: &mut Vm, args: Args) -> PyResult<Value> {
    rest(&args).exact(vm, "gettimeout", 0)?;
    Ok(timeout_value(this(vm, &args.args[0])?.borrow().timeout))
}

fn get_family(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(this(vm, &args.args[0])?.borrow().family as i64))
}

fn get_type(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(this(vm, &args.args[0])?.borrow().kind as i64))
}

fn get_proto(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(this(vm, &args.args[0])?.borrow().proto as i64))
}

fn get_timeout(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(timeout_value(this(vm, &args.args[0])?.borrow().timeout))
}

const SOCK_METHODS: &[MethodDef] = &[
    ("__init__", sock_init, "Initialize self.  See help(type(self)) for accurate signature."),
    ("__repr__", sock_repr, "Return repr(self)."),
    ("_accept", sock_accept, "_accept() -> (integer, address info)\n\nWait for an incoming connection.  Return a new socket file descriptor\nrepresenting the connection, and the address of the client."),
    ("bind", sock_bind, "bind(address)\n\nBind the socket to a local address."),
    ("close", sock_close, "close()\n\nClose the socket.  It cannot be used after this call."),
    ("connect", sock_connect, "connect(address)\n\nConnect the socket to a remote address."),
    ("connect_ex", sock_connect_ex, "connect_ex(address) -> errno\n\nThis is like connect(address), but returns an error code instead of raising an exception."),
    ("detach", sock_detach, "detach()\n\nClose the socket object without closing the underlying file descriptor."),
    ("fileno", sock_fileno, "fileno() -> integer\n\nReturn the integer file descriptor of the socket."),
    ("getblocking", sock_getblocking, "getblocking()\n\nReturns True if socket is in blocking mode, or False if it\nis in non-blocking mode."),
    ("getpeername", sock_getpeername, "getpeername() -> address info\n\nReturn the address of the remote endpoint."),
    ("getsockname", sock_getsockname, "getsockname() -> address info\n\nReturn the address of the local endpoint."),
    ("getsockopt", sock_getsockopt, "getsockopt(level, option[, buffersize]) -> value\n\nGet a socket option."),
    ("gettimeout", sock_gettimeout, "gettimeout() -> timeout\n\nReturns the timeout in seconds (float) associated with socket operations."),
    ("listen", sock_listen, "listen([backlog])\n\nEnable a server to accept connections."),
    ("recv", sock_recv, "recv(buffersize[, flags]) -> data\n\nReceive up to buffersize bytes from the socket."),
    ("recv_into", sock_recv_into, "recv_into(buffer, [nbytes[, flags]]) -> nbytes_read\n\nA version of recv() that stores its data into a buffer rather than creating\na new string."),
    ("recvfrom", sock_recvfrom, "recvfrom(buffersize[, flags]) -> (data, address info)\n\nLike recv(buffersize, flags) but also return the sender's address info."),
    ("recvmsg", crate::socket_msg::sock_recvmsg, "recvmsg(bufsize[, ancbufsize[, flags]]) -> (data, ancdata, msg_flags, address)\n\nReceive normal data (up to bufsize bytes) and ancillary data from the\nsocket.  The ancbufsize argument sets the size in bytes of the\ninternal buffer used to receive the ancillary data; it defaults to 0,\nmeaning that no ancillary data will be received.  Appropriate buffer\nsizes for ancillary data can be calculated using CMSG_SPACE() or\nCMSG_LEN(), and items which do not fit into the buffer might be\ntruncated or discarded.  The flags argument defaults to 0 and has the\nsame meaning as for recv().\n\nThe return value is a 4-tuple: (data, ancdata, msg_flags, address).\nThe data item is a bytes object holding the non-ancillary data\nreceived.  The ancdata item is a list of zero or more tuples\n(cmsg_level, cmsg_type, cmsg_data) representing the ancillary data\n(control messages) received: cmsg_level and cmsg_type are integers\nspecifying the protocol level and protocol-specific type respectively,\nand cmsg_data is a bytes object holding the associated data.  The\nmsg_flags item is the bitwise OR of various flags indicating\nconditions on the received message; see your system documentation for\ndetails.  If the receiving socket is unconnected, address is the\naddress of the sending socket, if available; otherwise, its value is\nunspecified.\n\nIf recvmsg() raises an exception after the system call returns, it\nwill first attempt to close any file descriptors received via the\nSCM_RIGHTS mechanism."),
    ("recvmsg_into", crate::socket_msg::sock_recvmsg_into, "recvmsg_into(buffers[, ancbufsize[, flags]]) -> (nbytes, ancdata, msg_flags, address)\n\nReceive normal data and ancillary data from the socket, scattering the\nnon-ancillary data into a series of buffers.  The buffers argument\nmust be an iterable of objects that export writable buffers\n(e.g. bytearray objects); these will be filled with successive chunks\nof the non-ancillary data until it has all been written or there are\nno more buffers.  The ancbufsize argument sets the size in bytes of\nthe internal buffer used to receive the ancillary data; it defaults to\n0, meaning that no ancillary data will be received.  Appropriate\nbuffer sizes for ancillary data can be calculated using CMSG_SPACE()\nor CMSG_LEN(), and items which do not fit into the buffer might be\ntruncated or discarded.  The flags argument defaults to 0 and has the\nsame meaning as for recv().\n\nThe return value is a 4-tuple: (nbytes, ancdata, msg_flags, address).\nThe nbytes item is the total number of bytes of non-ancillary data\nwritten into the buffers.  The ancdata item is a list of zero or more\ntuples (cmsg_level, cmsg_type, cmsg_data) representing the ancillary\ndata (control messages) received: cmsg_level and cmsg_type are\nintegers specifying the protocol level and protocol-specific type\nrespectively, and cmsg_data is a bytes object holding the associated\ndata.  The msg_flags item is the bitwise OR of various flags\nindicating conditions on the received message; see your system\ndocumentation for details.  If the receiving socket is unconnected,\naddress is the address of the sending socket, if available; otherwise,\nits value is unspecified.\n\nIf recvmsg_into() raises an exception after the system call returns,\nit will first attempt to close any file descriptors received via the\nSCM_RIGHTS mechanism."),
    ("recvfrom_into", sock_recvfrom_into, "recvfrom_into(buffer[, nbytes[, flags]]) -> (nbytes, address info)\n\nLike recv_into(buffer[, nbytes[, flags]]) but also return the sender's address info."),
    ("send", sock_send, "send(data[, flags]) -> count\n\nSend a data string to the socket."),
    ("sendall", sock_sendall, "sendall(data[, flags])\n\nSend a data string to the socket."),
    ("sendmsg", crate::socket_msg::sock_sendmsg, "sendmsg(buffers[, ancdata[, flags[, address]]]) -> count\n\nSend normal and ancillary data to the socket, gathering the\nnon-ancillary data from a series of buffers and concatenating it into\na single message.  The buffers argument specifies the non-ancillary\ndata as an iterable of bytes-like objects (e.g. bytes objects).\nThe ancdata argument specifies the ancillary data (control messages)\nas an iterable of zero or more tuples (cmsg_level, cmsg_type,\ncmsg_data), where cmsg_level and cmsg_type are integers specifying the\nprotocol level and protocol-specific type respectively, and cmsg_data\nis a bytes-like object holding the associated data.  The flags\nargument defaults to 0 and has the same meaning as for send().  If\naddress is supplied and not None, it sets a destination address for\nthe message.  The return value is the number of bytes of non-ancillary\ndata sent."),
    ("sendto", sock_sendto, "sendto(data[, flags], address) -> count\n\nLike send(data, flags) but allows specifying the destination address."),
    ("setblocking", sock_setblocking, "setblocking(flag)\n\nSet the socket to blocking (flag is true) or non-blocking (false)."),
    ("setsockopt", sock_setsockopt, "setsockopt(level, option, value: int)\nsetsockopt(level, option, value: buffer)\nsetsockopt(level, option, None, optlen: int)\n\nSet a socket option."),
    ("settimeout", sock_settimeout, "settimeout(timeout)\n\nSet a timeout on socket operations."),
    ("shutdown", sock_shutdown, "shutdown(flag)\n\nShut down the reading side of the socket (flag == SHUT_RD), the writing side\nof the socket (flag == SHUT_WR), or both ends (flag == SHUT_RDWR)."),
];

/// A new `_socket.socket` wrapping `fd`.
fn wrap_fd(vm: &mut Vm, fd: i32, family: i32, kind: i32, proto: i32) -> PyResult<Value> {
    let t = SOCKET_TYPE.with(|t| t.borrow().clone()).ok_or_else(|| vm.new_runtime_error("_socket not initialised"))?;
    let v = new_instance(vm, &t, Sock { fd: -1, family, kind, proto, timeout: None });
    init_sock(vm, &v, fd, family, kind, proto)?;
    Ok(v)
}

fn m_socketpair(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "socketpair", 0, 3)?;
    let family = opt_int(vm, a.first(), libc::AF_UNIX)?;
    let kind = opt_int(vm, a.get(1), libc::SOCK_STREAM)?;
    let proto = opt_int(vm, a.get(2), 0)?;
    let mut fds = [0i32; 2];
    // SAFETY: `fds` has room for two descriptors.
    if unsafe { libc::socketpair(family, kind | libc::SOCK_CLOEXEC, proto, fds.as_mut_ptr()) } < 0 {
        return Err(os_err(vm, errno()));
    }
    let s0 = wrap_fd(vm, fds[0], family, kind, proto);
    let s1 = wrap_fd(vm, fds[1], family, kind, proto);
    Ok(vm.new_tuple(vec![s0?, s1?]))
}

fn m_dup(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "dup", 1)?;
    let fd = int_of(vm, &a[0])?;
    // SAFETY: plain syscall.
    let r = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    if r < 0 {
        return Err(os_err(vm, errno()));
    }
    Ok(Value::Int(r as i64))
}

fn m_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "close", 1)?;
    let fd = int_of(vm, &a[0])?;
    // SAFETY: closing any integer is memory-safe.
    if unsafe { libc::close(fd) } < 0 {
        let e = errno();
        if e != libc::ECONNRESET {
            return Err(os_err(vm, e));
        }
    }
    Ok(Value::None)
}

fn m_getdefaulttimeout(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "getdefaulttimeout", 0)?;
    Ok(timeout_value(DEFAULT_TIMEOUT.with(|d| d.get())))
}

fn m_setdefaulttimeout(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "setdefaulttimeout", 1)?;
    let t = parse_timeout(vm, &a[0])?;
    DEFAULT_TIMEOUT.with(|d| d.set(t));
    Ok(Value::None)
}

fn m_gethostname(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "gethostname", 0)?;
    let mut buf = [0u8; 1024];
    // SAFETY: `buf` has room for the name and its NUL.
    if unsafe { libc::gethostname(buf.as_mut_ptr() as *mut libc::c_char, buf.len() - 1) } < 0 {
        return Err(os_err(vm, errno()));
    }
    let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
    Ok(vm.new_str(vm::codecs::fs_decode(&buf[..end])))
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_socket");
    let d = m.dict.get().unwrap();
    let t = native::make_type(vm, "_socket", "socket", None, Layout::Native);
    native::setup(vm, &t, Some(sock_new), SOCK_METHODS);
    vm.add_getset(&t, "family", get_family, None);
    vm.add_getset(&t, "type", get_type, None);
    vm.add_getset(&t, "proto", get_proto, None);
    vm.add_getset(&t, "timeout", get_timeout, None);
    vm.dict_set_str(
        &vm.type_dict(&t),
        "__doc__",
        vm.new_str("socket(family=AF_INET, type=SOCK_STREAM, proto=0) -> socket object\nsocket(family=-1, type=-1, proto=-1, fileno=None) -> socket object\n\nOpen a socket of the given type."),
    );
    SOCKET_TYPE.with(|s| *s.borrow_mut() = Some(t.clone()));
    vm.dict_set_str(&d, "socket", Value::Obj(t.clone()));
    vm.dict_set_str(&d, "SocketType", Value::Obj(t));
    let os_error = vm.exc.os_error.clone();
    vm.dict_set_str(&d, "error", Value::Obj(os_error.clone()));
    vm.dict_set_str(&d, "timeout", Value::Obj(vm.exc.timeout_error.clone()));
    let herror = native::exception_type(vm, "socket", "herror", &os_error)?;
    addr::set_herror(&herror);
    vm.dict_set_str(&d, "herror", Value::Obj(herror));
    let gaierror = native::exception_type(vm, "socket", "gaierror", &os_error)?;
    addr::set_gaierror(&gaierror);
    vm.dict_set_str(&d, "gaierror", Value::Obj(gaierror));
    let fns: &[(&'static str, vm::func::NativeFn)] = &[
        ("socketpair", m_socketpair),
        ("dup", m_dup),
        ("CMSG_LEN", crate::socket_msg::m_cmsg_len),
        ("CMSG_SPACE", crate::socket_msg::m_cmsg_space),
        ("close", m_close),
        ("getdefaulttimeout", m_getdefaulttimeout),
        ("setdefaulttimeout", m_setdefaulttimeout),
        ("gethostname", m_gethostname),
        ("getaddrinfo", addr::sock_getaddrinfo),
        ("gethostbyname", addr::sock_gethostbyname),
        ("gethostbyname_ex", addr::sock_gethostbyname_ex),
        ("gethostbyaddr", addr::sock_gethostbyaddr),
        ("getnameinfo", addr::sock_getnameinfo),
        ("inet_aton", addr::sock_inet_aton),
        ("inet_ntoa", addr::sock_inet_ntoa),
        ("inet_pton", addr::sock_inet_pton),
        ("inet_ntop", addr::sock_inet_ntop),
        ("htons", addr::sock_htons),
        ("ntohs", addr::sock_ntohs),
        ("htonl", addr::sock_htonl),
        ("ntohl", addr::sock_ntohl),
    ];
    vm.add_native_fns(&d, fns);
    vm.dict_set_str(&d, "has_ipv6", Value::Bool(true));
    for (name, v) in crate::socket_consts::CONSTANTS {
        vm.dict_set_str(&d, name, Value::Int(*v));
    }
    Ok(m)
}
