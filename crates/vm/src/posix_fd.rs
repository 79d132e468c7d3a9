//! VM stage: the `posix` functions on raw file descriptors, processes and links — `open`,
//! `read`, `write`, `readv`, `writev`, `lseek`, `pipe`, `dup`, inheritable/blocking flags, `waitpid` and the
//! wait-status macros, `kill`, ids, `umask`, `chmod`, `utime`, `symlink`/`readlink`/`link`,
//! `truncate`, `chown`/`lchown`, `openpty`, `setsid`, `ttyname`,
//! terminal size. Each is the libc call CPython makes; a failure raises the
//! errno-selected OSError subclass with the path objects CPython attaches (`filename`,
//! `filename2`), so messages read `[Errno 2] No such file or directory: 'x'`.

use crate::func::{Args, NativeFn};
use crate::posix::path_arg;
use crate::value::{Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// The OSError for the current errno, naming `path` (and `path2`) as CPython does.
pub(crate) fn last_error(vm: &Vm, path: Option<&Value>, path2: Option<&Value>) -> PyRef {
    vm.os_error_errno(errno(), path.cloned(), path2.cloned())
}

/// A path argument as a C string (ValueError on an embedded NUL, like CPython).
pub(crate) fn c_path(vm: &mut Vm, v: &Value) -> PyResult<CString> {
    let p = path_arg(vm, v)?;
    CString::new(p.os.as_os_str().as_bytes()).map_err(|_| vm.new_value_error("embedded null byte"))
}

/// An int argument converted as CPython's `_PyLong_AsInt` does (floats refused, `__index__`
/// honoured, C int range checked with its OverflowError messages).
pub fn c_int(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    if matches!(v, Value::Float(_)) || matches!(v.payload(), Some(Payload::Float(_))) {
        return Err(vm.new_type_error("'float' object cannot be interpreted as an integer"));
    }
    let i = vm.to_i64_index(v)?;
    i32::try_from(i).map_err(|_| {
        vm.new_overflow_error(if i > 0 {
            "signed integer is greater than maximum"
        } else {
            "signed integer is less than minimum"
        })
    })
}

fn int_arg(vm: &mut Vm, v: Option<&Value>, default: i64) -> PyResult<i64> {
    match v {
        Some(v) => vm.to_i64_index(v),
        None => Ok(default),
    }
}

/// `dir_fd=None` is the only supported value (`_have_functions` advertises no `*at` calls).
fn no_dir_fd(vm: &Vm, fname: &str, v: &Option<Value>) -> PyResult<()> {
    match v {
        Some(d) if !d.is_none() => {
            Err(vm.new_not_implemented_error(format!("{fname}: dir_fd unavailable on this platform")))
        }
        _ => Ok(()),
    }
}

fn retry<T: PartialEq + From<i8>>(vm: &mut Vm, mut f: impl FnMut() -> T) -> PyResult<Result<T, i32>> {
    loop {
        // The call may block (a read, waitpid): other threads run meanwhile. `f` touches only
        // Rust-owned buffers, never a Python object.
        let r = vm.allow_threads(&mut f);
        if r != T::from(-1) {
            return Ok(Ok(r));
        }
        let e = errno();
        if e != libc::EINTR {
            return Ok(Err(e));
        }
        vm.check_signals()?;
    }
}

fn p_open(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, flags, mode, dir_fd] = args.bind(vm, "open", ["path", "flags", "mode", "dir_fd"], 2)?;
    let path = path.unwrap();
    no_dir_fd(vm, "open", &dir_fd)?;
    let c = c_path(vm, &path)?;
    let flags = vm.to_i64_index(flags.as_ref().unwrap())? as i32 | libc::O_CLOEXEC;
    let mode = int_arg(vm, mode.as_ref(), 0o777)? as libc::c_uint;
    // SAFETY: `c` is a valid NUL-terminated path.
    match retry(vm, || unsafe { libc::open(c.as_ptr(), flags, mode) })? {
        Ok(fd) => Ok(Value::Int(fd as i64)),
        Err(e) => Err(vm.os_error_errno(e, Some(path), None)),
    }
}

fn p_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd] = args.bind(vm, "close", ["fd"], 1)?;
    let fd = c_int(vm, fd.as_ref().unwrap())?;
    // SAFETY: closing any integer is memory-safe.
    if unsafe { libc::close(fd) } < 0 && errno() != libc::EINTR {
        return Err(last_error(vm, None, None));
    }
    Ok(Value::None)
}

fn p_closerange(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "closerange", 2)?;
    let (lo, hi) = (c_int(vm, &a[0])?.max(0), c_int(vm, &a[1])?);
    for fd in lo..hi {
        // SAFETY: closing any integer is memory-safe; errors are ignored as in CPython.
        unsafe { libc::close(fd) };
    }
    Ok(Value::None)
}

fn p_read(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "read", 2)?;
    let fd = c_int(vm, &a[0])?;
    let n = vm.to_i64_index(&a[1])?;
    if n < 0 {
        return Err(vm.os_error_errno(libc::EINVAL, None, None));
    }
    let mut buf = vec![0u8; n as usize];
    // SAFETY: `buf` has room for `n` bytes.
    match retry(vm, || unsafe { libc::read(fd, buf.as_mut_ptr() as *mut libc::c_void, buf.len()) })? {
        Ok(got) => {
            buf.truncate(got as usize);
            Ok(vm.new_bytes(buf))
        }
        Err(e) => Err(vm.os_error_errno(e, None, None)),
    }
}

pub(crate) fn p_write(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "write", 2)?;
    let fd = c_int(vm, &a[0])?;
    let data: Vec<u8> = crate::objects::memoryview::bytes_like(vm, &a[1])?;
    if fd == 1 || fd == 2 {
        // pyrite's sys.stdout/stderr sit over the same fds: keep the output in order.
        vm.flush_std_streams();
    }
    // SAFETY: `data` is valid for `data.len()` bytes.
    match retry(vm, || unsafe { libc::write(fd, data.as_ptr() as *const libc::c_void, data.len()) })? {
        Ok(n) => Ok(Value::Int(n as i64)),
        Err(e) => Err(vm.os_error_errno(e, None, None)),
    }
}

/// The items of `readv`'s/`writev`'s `buffers` (`PySequence_Check`, then each item in turn).
fn iov_items(vm: &mut Vm, what: &str, buffers: &Value) -> PyResult<Vec<Value>> {
    if !vm.is_sequence_check(buffers) {
        return Err(vm.new_type_error(format!("{what}() arg 2 must be a sequence")));
    }
    vm.collect(buffers)
}

/// `os.readv(fd, buffers)` (`os_readv_impl`): one `readv` call filling the writable buffers in
/// order; returns the number of bytes read. Every buffer is checked before reading.
fn p_readv(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.no_kwargs(vm, "posix.readv")?;
    let a = args.exact(vm, "readv", 2)?;
    let fd = c_int(vm, &a[0])?;
    let items = iov_items(vm, "readv", &a[1])?;
    let mut bufs: Vec<Vec<u8>> = Vec::with_capacity(items.len());
    for it in &items {
        bufs.push(vec![0u8; crate::objects::memoryview::writable_len(vm, it)?]);
    }
    let mut iov: Vec<libc::iovec> = bufs
        .iter_mut()
        .map(|b| libc::iovec { iov_base: b.as_mut_ptr() as *mut libc::c_void, iov_len: b.len() })
        .collect();
    // SAFETY: each iovec points into a live `Vec` of its length; the buffers are Rust-owned, so
    // no Python object is touched while other threads run.
    let r = retry(vm, || unsafe { libc::readv(fd, iov.as_mut_ptr(), iov.len() as libc::c_int) })?;
    let n = match r {
        Ok(n) => n as usize,
        Err(e) => return Err(vm.os_error_errno(e, None, None)),
    };
    crate::objects::memoryview::scatter_into(&items, &bufs, n);
    Ok(Value::Int(n as i64))
}

/// `os.writev(fd, buffers)` (`os_writev_impl`): one `writev` call of the bytes-like buffers in
/// order; returns the number of bytes written.
fn p_writev(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.no_kwargs(vm, "posix.writev")?;
    let a = args.exact(vm, "writev", 2)?;
    let fd = c_int(vm, &a[0])?;
    let items = iov_items(vm, "writev", &a[1])?;
    let mut bufs = Vec::with_capacity(items.len());
    for it in &items {
        bufs.push(crate::objects::memoryview::bytes_like(vm, it)?);
    }
    if fd == 1 || fd == 2 {
        // As `write`: pyrite's sys.stdout/stderr sit over the same fds.
        vm.flush_std_streams();
    }
    let iov: Vec<libc::iovec> =
        bufs.iter().map(|b| libc::iovec { iov_base: b.as_ptr() as *mut libc::c_void, iov_len: b.len() }).collect();
    // SAFETY: each iovec points into a live `Vec` of its length, only read by `writev`.
    match retry(vm, || unsafe { libc::writev(fd, iov.as_ptr(), iov.len() as libc::c_int) })? {
        Ok(n) => Ok(Value::Int(n as i64)),
        Err(e) => Err(vm.os_error_errno(e, None, None)),
    }
}

fn p_lseek(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "lseek", 3)?;
    let fd = c_int(vm, &a[0])?;
    let pos = vm.to_i64_index(&a[1])?;
    let how = c_int(vm, &a[2])?;
    // SAFETY: plain syscall.
    let r = unsafe { libc::lseek(fd, pos, how) };
    if r < 0 {
        return Err(last_error(vm, None, None));
    }
    Ok(Value::Int(r))
}

fn fd_pair(vm: &Vm, flags: i32) -> PyResult<Value> {
    let mut fds = [0i32; 2];
    // SAFETY: `fds` has room for the two descriptors.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), flags) } < 0 {
        return Err(last_error(vm, None, None));
    }
    Ok(vm.new_tuple(vec![Value::Int(fds[0] as i64), Value::Int(fds[1] as i64)]))
}

fn p_pipe(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "pipe", 0)?;
    fd_pair(vm, libc::O_CLOEXEC)
}

fn p_pipe2(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "pipe2", 1)?;
    let flags = vm.to_i64_index(&a[0])? as i32;
    fd_pair(vm, flags)
}

fn p_dup(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "dup", 1)?;
    let fd = c_int(vm, &a[0])?;
    // SAFETY: plain syscall.
    let r = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    if r < 0 {
        return Err(last_error(vm, None, None));
    }
    Ok(Value::Int(r as i64))
}

fn p_dup2(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, fd2, inheritable] = args.bind(vm, "dup2", ["fd", "fd2", "inheritable"], 2)?;
    let (fd, fd2) = (c_int(vm, fd.as_ref().unwrap())?, c_int(vm, fd2.as_ref().unwrap())?);
    let inheritable = match inheritable {
        Some(v) => vm.truthy(&v)?,
        None => true,
    };
    // SAFETY: plain syscalls.
    let r = unsafe {
        if inheritable || fd == fd2 {
            libc::dup2(fd, fd2)
        } else {
            libc::dup3(fd, fd2, libc::O_CLOEXEC)
        }
    };
    if r < 0 {
        return Err(last_error(vm, None, None));
    }
    Ok(Value::Int(r as i64))
}

fn fd_flags(vm: &Vm, fd: i32, get: i32) -> PyResult<i32> {
    // SAFETY: plain syscall.
    let r = unsafe { libc::fcntl(fd, get) };
    if r < 0 {
        return Err(last_error(vm, None, None));
    }
    Ok(r)
}

fn set_fd_flag(vm: &Vm, fd: i32, get: i32, set: i32, bit: i32, on: bool) -> PyResult<()> {
    let old = fd_flags(vm, fd, get)?;
    let new = if on { old | bit } else { old & !bit };
    // SAFETY: plain syscall.
    if new != old && unsafe { libc::fcntl(fd, set, new) } < 0 {
        return Err(last_error(vm, None, None));
    }
    Ok(())
}

fn p_get_inheritable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "get_inheritable", 1)?;
    let fd = c_int(vm, &a[0])?;
    Ok(Value::Bool(fd_flags(vm, fd, libc::F_GETFD)? & libc::FD_CLOEXEC == 0))
}

fn p_set_inheritable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "set_inheritable", 2)?;
    let fd = c_int(vm, &a[0])?;
    let on = vm.truthy(&a[1])?;
    set_fd_flag(vm, fd, libc::F_GETFD, libc::F_SETFD, libc::FD_CLOEXEC, !on)?;
    Ok(Value::None)
}

fn p_get_blocking(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "get_blocking", 1)?;
    let fd = c_int(vm, &a[0])?;
    Ok(Value::Bool(fd_flags(vm, fd, libc::F_GETFL)? & libc::O_NONBLOCK == 0))
}

fn p_set_blocking(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "set_blocking", 2)?;
    let fd = c_int(vm, &a[0])?;
    let on = vm.truthy(&a[1])?;
    set_fd_flag(vm, fd, libc::F_GETFL, libc::F_SETFL, libc::O_NONBLOCK, !on)?;
    Ok(Value::None)
}

fn p_ftruncate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "ftruncate", 2)?;
    let fd = c_int(vm, &a[0])?;
    let len = vm.to_i64_index(&a[1])?;
    // SAFETY: plain syscall.
    if unsafe { libc::ftruncate(fd, len) } < 0 {
        return Err(last_error(vm, None, None));
    }
    Ok(Value::None)
}

fn p_truncate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, length] = args.bind(vm, "truncate", ["path", "length"], 2)?;
    let (path, length) = (path.unwrap(), length.unwrap());
    let len = vm.to_i64_index(&length)?;
    if let Value::Int(fd) = path {
        return p_ftruncate(vm, Args::new(&[Value::Int(fd), Value::Int(len)]));
    }
    let c = c_path(vm, &path)?;
    // SAFETY: `c` is a valid C string.
    if unsafe { libc::truncate(c.as_ptr(), len) } < 0 {
        return Err(last_error(vm, Some(&path), None));
    }
    Ok(Value::None)
}

fn p_fsync(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "fsync", 1)?;
    let fd = match a[0] {
        Value::Int(i) => i as i32,
        _ => match vm.getattr_opt(&a[0], "fileno")? {
            Some(f) => {
                let r = vm.call(&f, Args::new(&[]))?;
                c_int(vm, &r)?
            }
            None => c_int(vm, &a[0])?,
        },
    };
    // SAFETY: plain syscall.
    if unsafe { libc::fsync(fd) } < 0 {
        return Err(last_error(vm, None, None));
    }
    Ok(Value::None)
}

fn p_kill(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "kill", 2)?;
    let pid = vm.to_i64_index(&a[0])? as libc::pid_t;
    let sig = c_int(vm, &a[1])?;
    // SAFETY: plain syscall.
    if unsafe { libc::kill(pid, sig) } < 0 {
        return Err(last_error(vm, None, None));
    }
    // A signal sent to this process has arrived by now: run its handler, as CPython's eval
    // breaker does right after the call returns.
    vm.check_signals()?;
    Ok(Value::None)
}

fn p_waitpid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "waitpid", 2)?;
    let pid = vm.to_i64_index(&a[0])? as libc::pid_t;
    let options = c_int(vm, &a[1])?;
    let mut status = 0;
    // SAFETY: `status` is a valid out-pointer.
    match retry(vm, || unsafe { libc::waitpid(pid, &mut status, options) })? {
        Ok(r) => Ok(vm.new_tuple(vec![Value::Int(r as i64), Value::Int(status as i64)])),
        Err(e) => Err(vm.os_error_errno(e, None, None)),
    }
}

fn p_waitstatus_to_exitcode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [status] = args.bind(vm, "waitstatus_to_exitcode", ["status"], 1)?;
    let s = c_int(vm, status.as_ref().unwrap())?;
    if libc::WIFEXITED(s) {
        return Ok(Value::Int(libc::WEXITSTATUS(s) as i64));
    }
    if libc::WIFSIGNALED(s) {
        return Ok(Value::Int(-(libc::WTERMSIG(s) as i64)));
    }
    Err(vm.new_value_error(format!("invalid wait status: {s}")))
}

macro_rules! wait_macro {
    ($name:ident, $pyname:literal, $f:expr, $conv:expr) => {
        fn $name(vm: &mut Vm, args: Args) -> PyResult<Value> {
            let [status] = args.bind(vm, $pyname, ["status"], 1)?;
            let s = c_int(vm, status.as_ref().unwrap())?;
            Ok($conv($f(s)))
        }
    };
}
wait_macro!(p_wifexited, "WIFEXITED", libc::WIFEXITED, Value::Bool);
wait_macro!(p_wifsignaled, "WIFSIGNALED", libc::WIFSIGNALED, Value::Bool);
wait_macro!(p_wifstopped, "WIFSTOPPED", libc::WIFSTOPPED, Value::Bool);
wait_macro!(p_wifcontinued, "WIFCONTINUED", libc::WIFCONTINUED, Value::Bool);
wait_macro!(p_wexitstatus, "WEXITSTATUS", libc::WEXITSTATUS, |x: i32| Value::Int(x as i64));
wait_macro!(p_wtermsig, "WTERMSIG", libc::WTERMSIG, |x: i32| Value::Int(x as i64));
wait_macro!(p_wstopsig, "WSTOPSIG", libc::WSTOPSIG, |x: i32| Value::Int(x as i64));
wait_macro!(p_wcoredump, "WCOREDUMP", libc::WCOREDUMP, Value::Bool);

fn p_getuid(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    // SAFETY: the id getters cannot fail.
    Ok(Value::Int(unsafe { libc::getuid() } as i64))
}
fn p_geteuid(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    // SAFETY: as above.
    Ok(Value::Int(unsafe { libc::geteuid() } as i64))
}
fn p_getgid(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    // SAFETY: as above.
    Ok(Value::Int(unsafe { libc::getgid() } as i64))
}
fn p_getegid(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    // SAFETY: as above.
    Ok(Value::Int(unsafe { libc::getegid() } as i64))
}
fn p_getpgrp(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    // SAFETY: as above.
    Ok(Value::Int(unsafe { libc::getpgrp() } as i64))
}

fn p_umask(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "umask", 1)?;
    let m = vm.to_i64_index(&a[0])?;
    // SAFETY: umask cannot fail.
    Ok(Value::Int(unsafe { libc::umask(m as libc::mode_t) } as i64))
}

fn p_chmod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, mode, dir_fd, follow] = args.bind(vm, "chmod", ["path", "mode", "dir_fd", "follow_symlinks"], 2)?;
    let (path, mode) = (path.unwrap(), vm.to_i64_index(mode.as_ref().unwrap())? as libc::mode_t);
    no_dir_fd(vm, "chmod", &dir_fd)?;
    if let Some(f) = follow {
        if !vm.truthy(&f)? {
            return Err(vm.new_not_implemented_error("chmod: follow_symlinks unavailable on this platform"));
        }
    }
    // SAFETY: plain syscalls over a valid fd number or C string.
    let r = if let Value::Int(fd) = path {
        unsafe { libc::fchmod(fd as i32, mode) }
    } else {
        let c = c_path(vm, &path)?;
        unsafe { libc::chmod(c.as_ptr(), mode) }
    };
    if r < 0 {
        return Err(last_error(vm, Some(&path), None));
    }
    Ok(Value::None)
}

/// `os.openpty()`: a (master, slave) pseudo-terminal pair, both non-inheritable.
fn p_openpty(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "openpty", 0)?;
    let (mut master, mut slave) = (-1, -1);
    let null = std::ptr::null_mut();
    // SAFETY: valid out-pointers; no name, termios or winsize requested.
    if unsafe { libc::openpty(&mut master, &mut slave, null, null as _, null as _) } < 0 {
        return Err(last_error(vm, None, None));
    }
    for fd in [master, slave] {
        // SAFETY: plain syscall on the fds just opened.
        unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
    }
    Ok(vm.new_tuple(vec![Value::Int(master as i64), Value::Int(slave as i64)]))
}

/// `os.chown(path, uid, gid, *, dir_fd=None, follow_symlinks=True)` (an int path is an fd);
/// `os.lchown` is the `follow_symlinks=False` form.
fn chown_impl(vm: &mut Vm, args: Args, fname: &str, follow_default: bool) -> PyResult<Value> {
    let [path, uid, gid, dir_fd, follow] =
        args.bind(vm, fname, ["path", "uid", "gid", "dir_fd", "follow_symlinks"], 3)?;
    no_dir_fd(vm, fname, &dir_fd)?;
    let id = |vm: &mut Vm, v: &Value| -> PyResult<u32> {
        let i = vm.to_i64_index(v)?;
        if i == -1 {
            return Ok(u32::MAX);
        }
        u32::try_from(i).map_err(|_| vm.new_overflow_error("uid is less than minimum"))
    };
    let (path, uid, gid) = (path.unwrap(), id(vm, uid.as_ref().unwrap())?, id(vm, gid.as_ref().unwrap())?);
    let follow = match follow {
        Some(f) => vm.truthy(&f)?,
        None => follow_default,
    };
    // SAFETY: plain syscalls over a valid fd number or C string.
    let r = if let Value::Int(fd) = path {
        unsafe { libc::fchown(fd as i32, uid, gid) }
    } else {
        let c = c_path(vm, &path)?;
        if follow {
            unsafe { libc::chown(c.as_ptr(), uid, gid) }
        } else {
            unsafe { libc::lchown(c.as_ptr(), uid, gid) }
        }
    };
    if r < 0 {
        return Err(last_error(vm, Some(&path), None));
    }
    Ok(Value::None)
}

/// `os.setsid()`: a new session led by this process (pty.fork's child does this).
fn p_setsid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "setsid", 0)?;
    // SAFETY: plain syscall.
    if unsafe { libc::setsid() } < 0 {
        return Err(last_error(vm, None, None));
    }
    Ok(Value::None)
}

/// `os.ttyname(fd)`: the path of the terminal device open on `fd`.
fn p_ttyname(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "ttyname", 1)?;
    let fd = c_int(vm, &a[0])?;
    let mut buf = vec![0 as libc::c_char; 4096];
    // SAFETY: `buf` is valid for its length.
    let r = unsafe { libc::ttyname_r(fd, buf.as_mut_ptr(), buf.len()) };
    if r != 0 {
        return Err(vm.os_error_errno(r, None, None));
    }
    // SAFETY: on success the buffer holds a NUL-terminated path.
    let b = unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) }.to_bytes();
    Ok(vm.new_str(crate::codecs::fs_decode(b)))
}

fn p_chown(vm: &mut Vm, args: Args) -> PyResult<Value> {
    chown_impl(vm, args, "chown", true)
}

fn p_lchown(vm: &mut Vm, args: Args) -> PyResult<Value> {
    chown_impl(vm, args, "lchown", false)
}

/// A `(atime, mtime)` timespec pair from `times=` (seconds) or `ns=` (nanoseconds).
fn utime_times(vm: &mut Vm, times: Option<Value>, ns: Option<Value>) -> PyResult<Option<[libc::timespec; 2]>> {
    let times = times.filter(|t| !t.is_none());
    if times.is_some() && ns.is_some() {
        return Err(vm.new_value_error("utime: you may specify either 'times' or 'ns' but not both"));
    }
    let pair = |vm: &mut Vm, v: &Value, what: &str| -> PyResult<Vec<Value>> {
        match v.payload() {
            Some(Payload::Tuple(t)) if t.len() == 2 => Ok(t.to_vec()),
            _ => Err(vm.new_type_error(format!("utime: '{what}' must be a tuple of two ints"))),
        }
    };
    let mut out = [libc::timespec { tv_sec: 0, tv_nsec: 0 }; 2];
    if let Some(t) = times {
        let items = match t.payload() {
            Some(Payload::Tuple(x)) if x.len() == 2 => x.to_vec(),
            _ => return Err(vm.new_type_error("utime: 'times' must be either a tuple of two ints or None")),
        };
        for (o, v) in out.iter_mut().zip(items.iter()) {
            let f = vm.float_of(v)?;
            let s = f.floor();
            o.tv_sec = s as i64;
            o.tv_nsec = (((f - s) * 1e9).round() as i64).min(999_999_999);
        }
        return Ok(Some(out));
    }
    if let Some(n) = ns {
        let items = pair(vm, &n, "ns")?;
        for (o, v) in out.iter_mut().zip(items.iter()) {
            use num_traits::ToPrimitive;
            let big = vm.to_index(v)?;
            let n = big.to_i128().ok_or_else(|| vm.new_overflow_error("timestamp too large"))?;
            o.tv_sec = n.div_euclid(1_000_000_000) as i64;
            o.tv_nsec = n.rem_euclid(1_000_000_000) as i64;
        }
        return Ok(Some(out));
    }
    Ok(None)
}

fn p_utime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, times, ns, dir_fd, follow] =
        args.bind(vm, "utime", ["path", "times", "ns", "dir_fd", "follow_symlinks"], 1)?;
    let path = path.unwrap();
    no_dir_fd(vm, "utime", &dir_fd)?;
    let follow = match follow {
        Some(f) => vm.truthy(&f)?,
        None => true,
    };
    let ts = utime_times(vm, times, ns)?;
    let ptr = ts.as_ref().map(|t| t.as_ptr()).unwrap_or(std::ptr::null());
    // SAFETY: `ptr` is null or points at two timespecs; paths are valid C strings.
    let r = if let Value::Int(fd) = path {
        unsafe { libc::futimens(fd as i32, ptr) }
    } else {
        let c = c_path(vm, &path)?;
        let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
        unsafe { libc::utimensat(libc::AT_FDCWD, c.as_ptr(), ptr, flags) }
    };
    if r < 0 {
        return Err(last_error(vm, Some(&path), None));
    }
    Ok(Value::None)
}

fn two_paths(vm: &mut Vm, args: Args, fname: &str, a: &str, b: &str) -> PyResult<(Value, Value, CString, CString)> {
    let [src, dst, _x, d1, d2, _f] =
        args.bind(vm, fname, [a, b, "target_is_directory", "src_dir_fd", "dst_dir_fd", "follow_symlinks"], 2)?;
    no_dir_fd(vm, fname, &d1)?;
    no_dir_fd(vm, fname, &d2)?;
    let (src, dst) = (src.unwrap(), dst.unwrap());
    let (cs, cd) = (c_path(vm, &src)?, c_path(vm, &dst)?);
    Ok((src, dst, cs, cd))
}

fn p_symlink(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if let Some(d) = args.kwarg("dir_fd") {
        no_dir_fd(vm, "symlink", &Some(d.clone()))?;
    }
    let (src, dst, cs, cd) = two_paths(vm, strip_kw(args, "dir_fd"), "symlink", "src", "dst")?;
    // SAFETY: valid C strings.
    if unsafe { libc::symlink(cs.as_ptr(), cd.as_ptr()) } < 0 {
        return Err(last_error(vm, Some(&src), Some(&dst)));
    }
    Ok(Value::None)
}

/// `args` without the keyword `name` (when it names a value already checked).
fn strip_kw<'a>(args: Args<'a>, name: &str) -> Args<'a> {
    if args.kwnames.last().and_then(|k| k.as_str()).is_some_and(|k| k.as_str() == name) {
        let n = args.args.len();
        return Args { args: &args.args[..n - 1], kwnames: &args.kwnames[..args.kwnames.len() - 1] };
    }
    args
}

fn p_link(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (src, dst, cs, cd) = two_paths(vm, args, "link", "src", "dst")?;
    // SAFETY: valid C strings.
    if unsafe { libc::link(cs.as_ptr(), cd.as_ptr()) } < 0 {
        return Err(last_error(vm, Some(&src), Some(&dst)));
    }
    Ok(Value::None)
}

pub(crate) fn p_rename(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (src, dst, cs, cd) = two_paths(vm, args, "rename", "src", "dst")?;
    // SAFETY: valid C strings.
    if unsafe { libc::rename(cs.as_ptr(), cd.as_ptr()) } < 0 {
        return Err(last_error(vm, Some(&src), Some(&dst)));
    }
    Ok(Value::None)
}

fn p_readlink(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, dir_fd] = args.bind(vm, "readlink", ["path", "dir_fd"], 1)?;
    let path = path.unwrap();
    no_dir_fd(vm, "readlink", &dir_fd)?;
    let c = c_path(vm, &path)?;
    let mut buf = vec![0u8; libc::PATH_MAX as usize + 1];
    // SAFETY: `buf` has room for `buf.len()` bytes.
    let n = unsafe { libc::readlink(c.as_ptr(), buf.as_mut_ptr() as *mut libc::c_char, buf.len()) };
    if n < 0 {
        return Err(last_error(vm, Some(&path), None));
    }
    buf.truncate(n as usize);
    if matches!(path.payload(), Some(Payload::Bytes(_))) {
        return Ok(vm.new_bytes(buf));
    }
    Ok(vm.new_str(crate::codecs::fs_decode(&buf)))
}

fn p_mkdir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, mode, dir_fd] = args.bind(vm, "mkdir", ["path", "mode", "dir_fd"], 1)?;
    let path = path.unwrap();
    no_dir_fd(vm, "mkdir", &dir_fd)?;
    let mode = int_arg(vm, mode.as_ref(), 0o777)? as libc::mode_t;
    let c = c_path(vm, &path)?;
    // SAFETY: valid C string.
    if unsafe { libc::mkdir(c.as_ptr(), mode) } < 0 {
        return Err(last_error(vm, Some(&path), None));
    }
    Ok(Value::None)
}

fn p_device_encoding(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd] = args.bind(vm, "device_encoding", ["fd"], 1)?;
    let fd = c_int(vm, fd.as_ref().unwrap())?;
    // SAFETY: plain call.
    if unsafe { libc::isatty(fd) } == 1 {
        return Ok(vm.new_str("utf-8"));
    }
    Ok(Value::None)
}

pub(crate) fn p_isatty(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "isatty", 1)?;
    let fd = c_int(vm, &a[0])?;
    // SAFETY: plain call.
    Ok(Value::Bool(unsafe { libc::isatty(fd) } == 1))
}

fn p_get_terminal_size(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "get_terminal_size", 0, 1)?;
    let fd = match a.first() {
        Some(v) => c_int(vm, v)?,
        None => 1,
    };
    let mut ws: libc::winsize = libc::winsize { ws_row: 0, ws_col: 0, ws_xpixel: 0, ws_ypixel: 0 };
    // SAFETY: `ws` is a valid out-pointer for TIOCGWINSZ.
    if unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut ws) } < 0 {
        return Err(last_error(vm, None, None));
    }
    let t = vm.modules_get("posix").and_then(|p| vm.getattr_opt(&p, "terminal_size").ok().flatten());
    let t = t.ok_or_else(|| vm.new_runtime_error("posix.terminal_size missing"))?;
    let pair = vm.new_tuple(vec![Value::Int(ws.ws_col as i64), Value::Int(ws.ws_row as i64)]);
    vm.call(&t, Args::new(&[pair]))
}

fn ts_columns(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let items = vm.collect(&args.args[0])?;
    Ok(items.first().cloned().unwrap_or(Value::None))
}
fn ts_lines(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let items = vm.collect(&args.args[0])?;
    Ok(items.get(1).cloned().unwrap_or(Value::None))
}

fn ts_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let items = vm.collect(&args.args[0])?;
    let mut parts = Vec::new();
    for (n, v) in ["columns", "lines"].iter().zip(items.iter()) {
        parts.push(format!("{n}={}", vm.repr_string(v)?));
    }
    Ok(vm.new_str(format!("os.terminal_size({})", parts.join(", "))))
}

/// Registers this file's functions and constants in the `posix` module dict `d`.
pub(crate) fn init(vm: &mut Vm, d: &PyRef) {
    let fns: &[(&'static str, NativeFn)] = &[
        ("open", p_open),
        ("close", p_close),
        ("closerange", p_closerange),
        ("read", p_read),
        ("write", p_write),
        ("readv", p_readv),
        ("writev", p_writev),
        ("lseek", p_lseek),
        ("pipe", p_pipe),
        ("pipe2", p_pipe2),
        ("dup", p_dup),
        ("dup2", p_dup2),
        ("get_inheritable", p_get_inheritable),
        ("set_inheritable", p_set_inheritable),
        ("get_blocking", p_get_blocking),
        ("set_blocking", p_set_blocking),
        ("ftruncate", p_ftruncate),
        ("truncate", p_truncate),
        ("fsync", p_fsync),
        ("kill", p_kill),
        ("waitpid", p_waitpid),
        ("waitstatus_to_exitcode", p_waitstatus_to_exitcode),
        ("WIFEXITED", p_wifexited),
        ("WIFSIGNALED", p_wifsignaled),
        ("WIFSTOPPED", p_wifstopped),
        ("WIFCONTINUED", p_wifcontinued),
        ("WEXITSTATUS", p_wexitstatus),
        ("WTERMSIG", p_wtermsig),
        ("WSTOPSIG", p_wstopsig),
        ("WCOREDUMP", p_wcoredump),
        ("getuid", p_getuid),
        ("geteuid", p_geteuid),
        ("getgid", p_getgid),
        ("getegid", p_getegid),
        ("getpgrp", p_getpgrp),
        ("umask", p_umask),
        ("chmod", p_chmod),
        ("chown", p_chown),
        ("lchown", p_lchown),
        ("openpty", p_openpty),
        ("setsid", p_setsid),
        ("ttyname", p_ttyname),
        ("utime", p_utime),
        ("symlink", p_symlink),
        ("link", p_link),
        ("rename", p_rename),
        ("replace", p_rename),
        ("readlink", p_readlink),
        ("mkdir", p_mkdir),
        ("device_encoding", p_device_encoding),
        ("isatty", p_isatty),
        ("get_terminal_size", p_get_terminal_size),
    ];
    vm.add_native_fns(d, fns);
    let consts: &[(&str, i32)] = &[
        ("O_RDONLY", libc::O_RDONLY),
        ("O_WRONLY", libc::O_WRONLY),
        ("O_RDWR", libc::O_RDWR),
        ("O_APPEND", libc::O_APPEND),
        ("O_CREAT", libc::O_CREAT),
        ("O_EXCL", libc::O_EXCL),
        ("O_TRUNC", libc::O_TRUNC),
        ("O_NONBLOCK", libc::O_NONBLOCK),
        ("O_NDELAY", libc::O_NDELAY),
        ("O_SYNC", libc::O_SYNC),
        ("O_DSYNC", libc::O_DSYNC),
        ("O_RSYNC", libc::O_RSYNC),
        ("O_NOCTTY", libc::O_NOCTTY),
        ("O_CLOEXEC", libc::O_CLOEXEC),
        ("O_DIRECTORY", libc::O_DIRECTORY),
        ("O_NOFOLLOW", libc::O_NOFOLLOW),
        ("O_ACCMODE", libc::O_ACCMODE),
        ("O_ASYNC", libc::O_ASYNC),
        ("O_DIRECT", libc::O_DIRECT),
        ("O_LARGEFILE", 0),
        ("O_NOATIME", libc::O_NOATIME),
        ("O_PATH", libc::O_PATH),
        ("O_TMPFILE", libc::O_TMPFILE),
        ("SEEK_SET", libc::SEEK_SET),
        ("SEEK_CUR", libc::SEEK_CUR),
        ("SEEK_END", libc::SEEK_END),
        ("SEEK_DATA", libc::SEEK_DATA),
        ("SEEK_HOLE", libc::SEEK_HOLE),
        ("WNOHANG", libc::WNOHANG),
        ("WUNTRACED", libc::WUNTRACED),
        ("WCONTINUED", libc::WCONTINUED),
        ("EX_OK", 0),
    ];
    for (n, v) in consts {
        vm.dict_set_str(d, n, Value::Int(*v as i64));
    }
    // What the functions above accept beyond a path (os.py turns these into supports_fd etc.).
    let have: Vec<Value> =
        ["HAVE_FCHMOD", "HAVE_FTRUNCATE", "HAVE_FUTIMENS", "HAVE_LSTAT"].iter().map(|s| vm.new_str(*s)).collect();
    vm.dict_set_str(d, "_have_functions", vm.new_list(have));
    // os.terminal_size: a 2-tuple with `columns` and `lines`.
    let tuple = vm.types.tuple.clone();
    let ts = crate::types::new_type(
        Some(&vm.types.type_.clone()),
        Some(&vm.types.dict.clone()),
        "terminal_size",
        vec![tuple],
        crate::types::Layout::Tuple,
        true,
    );
    *ts.as_type().unwrap().mro.borrow_mut() = crate::types::compute_mro(&ts).unwrap();
    vm.dict_set_str(&ts.dict.get().unwrap(), "__module__", vm.new_str("os"));
    vm.dict_set_str(
        &ts.dict.get().unwrap(),
        "__doc__",
        crate::objects::core::declared_type_doc(vm, "os.terminal_size"),
    );
    vm.add_getset(&ts, "columns", ts_columns, None);
    vm.add_getset(&ts, "lines", ts_lines, None);
    vm.add_methods(&ts, &[("__repr__", ts_repr, "")]);
    vm.dict_set_str(d, "terminal_size", Value::Obj(ts));
}
