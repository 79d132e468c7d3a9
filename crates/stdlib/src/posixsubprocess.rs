//! Stdlib stage: `_posixsubprocess.fork_exec`, the primitive under `subprocess.Popen` on POSIX,
//! with CPython 3.11's 23-argument signature. Every C string and pointer array is built before
//! fork(); the child then only makes async-signal-safe calls (unless a `preexec_fn` is given,
//! which runs Python in the child as CPython does): it closes the parent's pipe ends, dups the
//! pipes onto 0/1/2, chdirs, sets the umask, restores SIGPIPE/SIGXFSZ, calls setsid/setpgid,
//! sets groups and ids, closes every other fd not in `fds_to_keep`, and tries each executable
//! in turn. A failure goes back through the error pipe as `OSError:<hex errno>:` (with
//! `noexec` when it happened before exec), which `subprocess.py` turns into the right OSError.

use crate::native;
use std::ffi::CString;
use vm::func::Args;
use vm::value::{Payload, PyRef, Value};
use vm::{PyResult, Vm};

fn c_string(vm: &Vm, b: Vec<u8>) -> PyResult<CString> {
    CString::new(b).map_err(|_| vm.new_value_error("embedded null byte"))
}

/// A sequence of fs paths as owned C strings (kept alive) plus a NULL-terminated pointer array.
struct CArray {
    _strings: Vec<CString>,
    ptrs: Vec<*const libc::c_char>,
}

fn c_array(vm: &mut Vm, v: &Value, bytes_only: bool) -> PyResult<CArray> {
    let items = vm.collect(v)?;
    let mut strings = Vec::with_capacity(items.len());
    for it in &items {
        let b = if bytes_only {
            match it.payload() {
                Some(Payload::Bytes(b)) => b.to_vec(),
                _ => return Err(vm.new_type_error("expected bytes")),
            }
        } else {
            native::fs_bytes(vm, it)?
        };
        strings.push(c_string(vm, b)?);
    }
    let mut ptrs: Vec<*const libc::c_char> = strings.iter().map(|s| s.as_ptr()).collect();
    ptrs.push(std::ptr::null());
    Ok(CArray { _strings: strings, ptrs })
}

fn int_or_none(vm: &mut Vm, v: &Value, default: i64) -> PyResult<i64> {
    if v.is_none() {
        Ok(default)
    } else {
        vm.to_i64_index(v)
    }
}

/// Everything the child needs, computed before fork.
struct Plan {
    argv: CArray,
    exec_list: CArray,
    envp: Option<CArray>,
    cwd: Option<CString>,
    keep: Vec<i32>,
    close_fds: bool,
    p2cread: i32,
    p2cwrite: i32,
    c2pread: i32,
    c2pwrite: i32,
    errread: i32,
    errwrite: i32,
    errpipe_read: i32,
    errpipe_write: i32,
    restore_signals: bool,
    call_setsid: bool,
    pgid: i64,
    gid: i64,
    groups: Option<Vec<libc::gid_t>>,
    uid: i64,
    umask: i64,
    max_fd: i32,
}

/// Writes `OSError:<hex>:[noexec]` (or the preexec message) to the error pipe without
/// allocating.
fn report(fd: i32, err: i32, noexec: bool, preexec_failed: bool) {
    let w = |b: &[u8]| {
        // SAFETY: write(2) of a valid buffer; errors are ignored (nobody left to tell).
        unsafe { libc::write(fd, b.as_ptr() as *const libc::c_void, b.len()) };
    };
    if preexec_failed {
        w(b"SubprocessError:0:Exception occurred in preexec_fn.");
        return;
    }
    let mut buf = [0u8; 16];
    let mut i = buf.len();
    let mut e = err as u32;
    while e != 0 && i > 0 {
        i -= 1;
        buf[i] = b"0123456789ABCDEF"[(e % 16) as usize];
        e /= 16;
    }
    w(b"OSError:");
    w(&buf[i..]);
    w(b":");
    if noexec {
        w(b"noexec");
    }
}

fn errno() -> i32 {
    // SAFETY: reading the thread's errno.
    unsafe { *libc::__errno_location() }
}

/// Sets or clears FD_CLOEXEC using only fcntl.
fn set_inheritable(fd: i32, inheritable: bool) -> bool {
    // SAFETY: plain fcntl calls.
    unsafe {
        let fl = libc::fcntl(fd, libc::F_GETFD);
        if fl < 0 {
            return false;
        }
        let new = if inheritable { fl & !libc::FD_CLOEXEC } else { fl | libc::FD_CLOEXEC };
        new == fl || libc::fcntl(fd, libc::F_SETFD, new) >= 0
    }
}

/// Closes every fd from 3 up that `keep` (sorted) does not hold.
fn close_open_fds(keep: &[i32], max_fd: i32) {
    let mut lo = 3;
    let ranges = keep.iter().copied().filter(|k| *k >= 3).chain(std::iter::once(i32::MAX));
    for k in ranges {
        if k > lo {
            let hi = k - 1;
            // SAFETY: close_range(2) is a plain syscall; on failure fall back to close(2).
            let r = unsafe { libc::syscall(libc::SYS_close_range, lo as u32, hi as u32, 0u32) };
            if r < 0 {
                let end = hi.min(max_fd);
                let mut fd = lo;
                while fd <= end {
                    // SAFETY: closing any integer is memory-safe.
                    unsafe { libc::close(fd) };
                    fd += 1;
                }
            }
        }
        if k == i32::MAX {
            break;
        }
        lo = k + 1;
    }
}

/// The child side; never returns.
fn child(vm: &mut Vm, p: &Plan, preexec: &Value) -> ! {
    let mut reached_preexec = false;
    let mut preexec_failed = false;
    let err: i32 = 'fail: {
        macro_rules! posix {
            ($e:expr) => {
                // SAFETY: async-signal-safe libc calls on prepared data.
                if unsafe { $e } < 0 {
                    break 'fail errno();
                }
            };
        }
        for &fd in &p.keep {
            if fd != p.errpipe_write && !set_inheritable(fd, true) {
                break 'fail errno();
            }
        }
        for fd in [p.p2cwrite, p.c2pread, p.errread, p.errpipe_read] {
            if fd != -1 {
                // SAFETY: closing the parent's ends.
                unsafe { libc::close(fd) };
            }
        }
        let mut c2pwrite = p.c2pwrite;
        let mut errwrite = p.errwrite;
        if c2pwrite == 0 {
            posix!({
                c2pwrite = libc::dup(c2pwrite);
                c2pwrite
            });
            if !set_inheritable(c2pwrite, false) {
                break 'fail errno();
            }
        }
        while errwrite == 0 || errwrite == 1 {
            posix!({
                errwrite = libc::dup(errwrite);
                errwrite
            });
            if !set_inheritable(errwrite, false) {
                break 'fail errno();
            }
        }
        for (fd, target) in [(p.p2cread, 0), (c2pwrite, 1), (errwrite, 2)] {
            if fd == target {
                if !set_inheritable(fd, true) {
                    break 'fail errno();
                }
            } else if fd != -1 {
                posix!(libc::dup2(fd, target));
            }
        }
        if let Some(cwd) = &p.cwd {
            posix!(libc::chdir(cwd.as_ptr()));
        }
        if p.umask >= 0 {
            // SAFETY: umask cannot fail.
            unsafe { libc::umask(p.umask as libc::mode_t) };
        }
        if p.restore_signals {
            // SAFETY: resetting dispositions to the default.
            unsafe {
                libc::signal(libc::SIGPIPE, libc::SIG_DFL);
                libc::signal(libc::SIGXFSZ, libc::SIG_DFL);
            }
        }
        if p.call_setsid {
            posix!(libc::setsid());
        }
        if p.pgid >= 0 {
            posix!(libc::setpgid(0, p.pgid as libc::pid_t));
        }
        if let Some(g) = &p.groups {
            posix!(libc::setgroups(g.len(), g.as_ptr()));
        }
        if p.gid != -1 {
            posix!(libc::setregid(p.gid as libc::gid_t, p.gid as libc::gid_t));
        }
        if p.uid != -1 {
            posix!(libc::setreuid(p.uid as libc::uid_t, p.uid as libc::uid_t));
        }
        reached_preexec = true;
        if !preexec.is_none() && vm.call(preexec, Args::new(&[])).is_err() {
            preexec_failed = true;
            break 'fail 0;
        }
        if p.close_fds {
            close_open_fds(&p.keep, p.max_fd);
        }
        let mut saved = 0;
        let mut last = 0;
        for &exe in &p.exec_list.ptrs[..p.exec_list.ptrs.len() - 1] {
            // SAFETY: NULL-terminated arrays of valid C strings built before fork.
            unsafe {
                match &p.envp {
                    Some(env) => libc::execve(exe, p.argv.ptrs.as_ptr(), env.ptrs.as_ptr()),
                    None => libc::execv(exe, p.argv.ptrs.as_ptr()),
                };
            }
            last = errno();
            if last != libc::ENOENT && last != libc::ENOTDIR && saved == 0 {
                saved = last;
            }
        }
        if saved != 0 {
            saved
        } else {
            last
        }
    };
    report(p.errpipe_write, err, !reached_preexec, preexec_failed);
    // SAFETY: leave without running atexit handlers or flushing the parent's buffers.
    unsafe { libc::_exit(255) }
}

fn fork_exec(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "fork_exec", 23)?;
    let close_fds = vm.truthy(&a[2])?;
    let keep = match a[3].payload() {
        Some(Payload::Tuple(t)) => t.to_vec(),
        _ => return Err(vm.new_type_error("fds_to_keep must be a tuple")),
    };
    let mut keep_fds = Vec::with_capacity(keep.len());
    let mut prev = -1i64;
    for k in &keep {
        let fd = match k {
            Value::Int(i) => *i,
            _ => return Err(vm.new_value_error("bad value(s) in fds_to_keep")),
        };
        if fd < 0 || fd <= prev || fd > i32::MAX as i64 {
            return Err(vm.new_value_error("bad value(s) in fds_to_keep"));
        }
        prev = fd;
        keep_fds.push(fd as i32);
    }
    let mut fdv = [0i32; 8];
    for (slot, v) in fdv.iter_mut().zip(&a[6..14]) {
        *slot = vm.to_i64_index(v)? as i32;
    }
    let [p2cread, p2cwrite, c2pread, c2pwrite, errread, errwrite, errpipe_read, errpipe_write] = fdv;
    if close_fds && errpipe_write < 3 {
        return Err(vm.new_value_error("errpipe_write must be >= 3"));
    }
    let argv = if a[0].is_none() {
        CArray { _strings: Vec::new(), ptrs: vec![std::ptr::null()] }
    } else {
        if !matches!(a[0].payload(), Some(Payload::List(_)) | Some(Payload::Tuple(_))) {
            return Err(vm.new_type_error("argv must be a tuple"));
        }
        c_array(vm, &a[0], false)?
    };
    let exec_list = c_array(vm, &a[1], true)?;
    let cwd = if a[4].is_none() {
        None
    } else {
        let b = native::fs_bytes(vm, &a[4])?;
        Some(c_string(vm, b)?)
    };
    let envp = if a[5].is_none() { None } else { Some(c_array(vm, &a[5], true)?) };
    let restore_signals = vm.truthy(&a[14])?;
    let call_setsid = vm.truthy(&a[15])?;
    let pgid = int_or_none(vm, &a[16], -1)?;
    let gid = int_or_none(vm, &a[17], -1)?;
    let groups = if a[18].is_none() {
        None
    } else {
        let items = vm.collect(&a[18])?;
        let mut g = Vec::with_capacity(items.len());
        for it in items {
            g.push(vm.to_i64_index(&it)? as libc::gid_t);
        }
        Some(g)
    };
    let uid = int_or_none(vm, &a[19], -1)?;
    let umask = vm.to_i64_index(&a[20])?;
    let preexec = a[21].clone();
    if !preexec.is_none() && !vm.is_callable(&preexec) {
        return Err(vm.new_type_error("preexec_fn must be callable"));
    }
    // SAFETY: sysconf is a plain query.
    let max_fd = unsafe { libc::sysconf(libc::_SC_OPEN_MAX) }.clamp(256, i32::MAX as i64) as i32;
    let plan = Plan {
        argv,
        exec_list,
        envp,
        cwd,
        keep: keep_fds,
        close_fds,
        p2cread,
        p2cwrite,
        c2pread,
        c2pwrite,
        errread,
        errwrite,
        errpipe_read,
        errpipe_write,
        restore_signals,
        call_setsid,
        pgid,
        gid,
        groups,
        uid,
        umask,
        max_fd,
    };
    // SAFETY: fork(2); the child runs `child`, which never returns.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(vm.os_error_from(std::io::Error::last_os_error(), None));
    }
    if pid == 0 {
        child(vm, &plan, &preexec);
    }
    Ok(Value::Int(pid as i64))
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_posixsubprocess");
    let d = m.dict.get().unwrap();
    let f = vm.new_native_fn("fork_exec", fork_exec);
    vm.dict_set_str(&d, "fork_exec", f);
    Ok(m)
}
