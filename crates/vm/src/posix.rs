//! VM stage: the `posix` module that CPython's `os.py` is built on — file status, directory
//! listing and scanning, the environment (bytes keys and values, as on POSIX), process
//! identity, raw file descriptors, and the constants `os.py` probes at import time. Errors are
//! OSErrors with the errno-selected subclass and CPython's `[Errno N] msg: 'path'` text.

use crate::func::{Args, NativeFn};
use crate::types::{new_type, Layout};
use crate::value::{Object, Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, PermissionsExt};

/// A path argument: the bytes the kernel sees (str paths encoded with the file-system encoding,
/// UTF-8 + surrogateescape, so names `listdir` returned round-trip exactly) and its text for
/// messages.
pub(crate) struct FsPath {
    pub(crate) text: String,
    pub(crate) os: std::path::PathBuf,
}

impl FsPath {
    fn here() -> FsPath {
        FsPath { text: ".".into(), os: ".".into() }
    }
}

impl AsRef<std::path::Path> for FsPath {
    fn as_ref(&self) -> &std::path::Path {
        &self.os
    }
}

fn fs_str(vm: &Vm, name: &std::ffi::OsStr) -> Value {
    vm.new_str(crate::codecs::fs_decode(name.as_bytes()))
}

pub(crate) fn path_arg(vm: &mut Vm, v: &Value) -> PyResult<FsPath> {
    use std::os::unix::ffi::OsStringExt;
    match v.payload() {
        Some(Payload::Str(s)) => {
            let b = crate::codecs::fs_encode(vm, s.as_str())?;
            Ok(FsPath { text: s.as_str().to_string(), os: std::ffi::OsString::from_vec(b).into() })
        }
        Some(Payload::Bytes(b)) => {
            Ok(FsPath { text: crate::codecs::fs_decode(b), os: std::ffi::OsString::from_vec(b.to_vec()).into() })
        }
        _ => {
            if let Some(fs) = vm.lookup_special(v, "__fspath__") {
                let r = vm.call_unbound(&fs, v, &[])?;
                return path_arg(vm, &r);
            }
            Err(vm.new_type_error(format!(
                "stat: path should be string, bytes, os.PathLike or integer, not {}",
                vm.type_name(v)
            )))
        }
    }
}

fn io_err(vm: &Vm, e: std::io::Error, path: &FsPath) -> PyRef {
    vm.os_error_from(e, Some(&path.text))
}

fn stat_result(vm: &mut Vm, m: &std::fs::Metadata) -> PyResult<Value> {
    let t = vm.modules_get("posix").and_then(|p| vm.getattr_opt(&p, "stat_result").ok().flatten());
    let t = match t {
        Some(Value::Obj(t)) => t,
        _ => return Err(vm.new_runtime_error("posix.stat_result missing")),
    };
    let ints = [
        m.mode() as i64,
        m.ino() as i64,
        m.dev() as i64,
        m.nlink() as i64,
        m.uid() as i64,
        m.gid() as i64,
        m.size() as i64,
    ];
    let mut items: Vec<Value> = ints.iter().map(|i| Value::Int(*i)).collect();
    items.extend([Value::Int(m.atime()), Value::Int(m.mtime()), Value::Int(m.ctime())]);
    let d = vm.new_dict();
    let names = ["st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid", "st_size"];
    for (n, v) in names.iter().zip(ints.iter()) {
        vm.dict_set_str(&d, n, Value::Int(*v));
    }
    let ft = |s: i64, ns: i64| s as f64 + ns as f64 * 1e-9;
    vm.dict_set_str(&d, "st_atime", Value::Float(ft(m.atime(), m.atime_nsec())));
    vm.dict_set_str(&d, "st_mtime", Value::Float(ft(m.mtime(), m.mtime_nsec())));
    vm.dict_set_str(&d, "st_ctime", Value::Float(ft(m.ctime(), m.ctime_nsec())));
    for (n, s, ns) in [
        ("st_atime_ns", m.atime(), m.atime_nsec()),
        ("st_mtime_ns", m.mtime(), m.mtime_nsec()),
        ("st_ctime_ns", m.ctime(), m.ctime_nsec()),
    ] {
        let v = vm.new_bigint(num_bigint::BigInt::from(s) * 1_000_000_000 + ns);
        vm.dict_set_str(&d, n, v);
    }
    vm.dict_set_str(&d, "st_blksize", Value::Int(m.blksize() as i64));
    vm.dict_set_str(&d, "st_blocks", Value::Int(m.blocks() as i64));
    vm.dict_set_str(&d, "st_rdev", Value::Int(m.rdev() as i64));
    Ok(Value::Obj(Object::with_dict(t, Payload::Tuple(items.into()), d)))
}

fn p_stat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let p = args
        .pos()
        .first()
        .cloned()
        .ok_or_else(|| vm.new_type_error("stat() missing required argument 'path' (pos 1)"))?;
    let follow = match args.kwarg("follow_symlinks") {
        Some(v) => vm.truthy(v)?,
        None => true,
    };
    if let Value::Int(fd) = p {
        return fstat_fd(vm, fd);
    }
    let path = path_arg(vm, &p)?;
    let m = if follow { std::fs::metadata(&path) } else { std::fs::symlink_metadata(&path) };
    let m = m.map_err(|e| io_err(vm, e, &path))?;
    stat_result(vm, &m)
}

fn p_lstat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "lstat", 1, 1)?;
    let path = path_arg(vm, &a[0])?;
    let m = std::fs::symlink_metadata(&path).map_err(|e| io_err(vm, e, &path))?;
    stat_result(vm, &m)
}

fn fstat_fd(vm: &mut Vm, fd: i64) -> PyResult<Value> {
    use std::os::unix::io::FromRawFd;
    let Ok(fd) = i32::try_from(fd) else {
        return Err(vm.new_overflow_error("fd is greater than maximum"));
    };
    if fd < 0 {
        return Err(vm.os_error_errno(libc::EBADF, None, None));
    }
    // SAFETY: the File is never dropped, so the descriptor is only borrowed for fstat.
    let f = std::mem::ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(fd) });
    let m = f.metadata().map_err(|e| vm.os_error_from(e, None))?;
    stat_result(vm, &m)
}

fn p_fstat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "fstat", 1)?;
    let fd = vm.to_i64_index(&a[0])?;
    fstat_fd(vm, fd)
}

fn p_listdir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "listdir", 0, 1)?;
    let (path, as_bytes) = match a.first() {
        Some(v) if !v.is_none() => (path_arg(vm, v)?, matches!(v.payload(), Some(Payload::Bytes(_)))),
        _ => (FsPath::here(), false),
    };
    let rd = std::fs::read_dir(&path).map_err(|e| io_err(vm, e, &path))?;
    let mut out = Vec::new();
    for e in rd.flatten() {
        let name = e.file_name();
        out.push(if as_bytes { vm.new_bytes(name.as_bytes().to_vec()) } else { fs_str(vm, &name) });
    }
    Ok(vm.new_list(out))
}

/// An environment name or value as the C library takes it (`PyUnicode_FSConverter`).
fn env_bytes(vm: &mut Vm, v: &Value) -> PyResult<std::ffi::CString> {
    let b = match v.payload() {
        Some(Payload::Str(s)) => crate::codecs::fs_encode(vm, s.as_str())?,
        Some(Payload::Bytes(b)) => b.to_vec(),
        _ => {
            return Err(vm.new_type_error(format!("expected str, bytes or os.PathLike object, not {}", vm.type_name(v))))
        }
    };
    std::ffi::CString::new(b).map_err(|_| vm.new_value_error("embedded null byte"))
}

/// `os.putenv(name, value)` (what `os.environ[name] = value` calls).
fn p_putenv(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "putenv", 2)?;
    let (name, value) = (env_bytes(vm, &a[0])?, env_bytes(vm, &a[1])?);
    if name.as_bytes().contains(&b'=') {
        return Err(vm.new_value_error("illegal environment variable name"));
    }
    // SAFETY: both are NUL-terminated C strings; pyrite's interpreter is single-threaded, so no
    // other thread reads the environment meanwhile.
    env_result(vm, unsafe { libc::setenv(name.as_ptr(), value.as_ptr(), 1) })
}

/// `Ok(None)` for a C call that returned 0, else the OSError of its errno.
fn env_result(vm: &Vm, rc: i32) -> PyResult<Value> {
    if rc != 0 {
        let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EINVAL);
        return Err(vm.os_error_errno(errno, None, None));
    }
    Ok(Value::None)
}

/// `os.unsetenv(name)` (what `del os.environ[name]` calls).
fn p_unsetenv(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "unsetenv", 1)?;
    let name = env_bytes(vm, &a[0])?;
    // SAFETY: as for `p_putenv`.
    env_result(vm, unsafe { libc::unsetenv(name.as_ptr()) })
}

fn p_getcwd(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    let d = std::env::current_dir().map_err(|e| vm.os_error_from(e, None))?;
    Ok(fs_str(vm, d.as_os_str()))
}

fn p_chdir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "chdir", 1)?;
    let p = path_arg(vm, &a[0])?;
    std::env::set_current_dir(&p).map_err(|e| io_err(vm, e, &p))?;
    Ok(Value::None)
}

macro_rules! path_op {
    ($name:ident, $pyname:literal, $op:expr) => {
        fn $name(vm: &mut Vm, args: Args) -> PyResult<Value> {
            let p =
                args.pos().first().cloned().ok_or_else(|| {
                    vm.new_type_error(concat!($pyname, "() missing required argument 'path' (pos 1)"))
                })?;
            let p = path_arg(vm, &p)?;
            $op(&p).map_err(|e| io_err(vm, e, &p))?;
            Ok(Value::None)
        }
    };
}
path_op!(p_rmdir, "rmdir", std::fs::remove_dir);
path_op!(p_unlink, "unlink", std::fs::remove_file);

fn p_access(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    if pos.len() < 2 {
        return Err(vm.new_type_error("access() missing required argument 'mode' (pos 2)"));
    }
    let p = path_arg(vm, &pos[0])?;
    let mode = vm.to_i64_index(&pos[1])?;
    let Ok(m) = std::fs::metadata(&p) else { return Ok(Value::Bool(false)) };
    let perm = m.permissions().mode();
    let ok = (mode & 2 == 0 || perm & 0o222 != 0) && (mode & 1 == 0 || perm & 0o111 != 0);
    Ok(Value::Bool(ok))
}

fn p_getpid(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(std::process::id() as i64))
}

fn p_getppid(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(std::os::unix::process::parent_id() as i64))
}

fn p_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "_exit", 1)?;
    let code = vm.to_i64_index(&a[0])?;
    // _exit(2), as CPython: no atexit handlers and no flushing of buffers (a forked child
    // must not write out output its parent buffered before the fork).
    // SAFETY: ends the process.
    unsafe { libc::_exit(code as i32) }
}

fn p_strerror(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "strerror", 1)?;
    let code = vm.to_i64_index(&a[0])?;
    let msg = std::io::Error::from_raw_os_error(code as i32).to_string();
    let msg = msg.split(" (os error").next().unwrap_or(&msg).to_string();
    Ok(vm.new_str(msg))
}

fn p_fspath(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "fspath", 1)?;
    match a[0].payload() {
        Some(Payload::Str(_)) | Some(Payload::Bytes(_)) => Ok(a[0].clone()),
        _ => {
            match vm.lookup_special(&a[0], "__fspath__") {
                Some(f) => vm.call_unbound(&f, &a[0], &[]),
                None => Err(vm
                    .new_type_error(format!("expected str, bytes or os.PathLike object, not {}", vm.type_name(&a[0])))),
            }
        }
    }
}

fn p_urandom(vm: &mut Vm, args: Args) -> PyResult<Value> {
    use std::io::Read;
    let a = args.exact(vm, "urandom", 1)?;
    let n = vm.to_i64_index(&a[0])?;
    if n < 0 {
        return Err(vm.new_value_error("negative argument not allowed"));
    }
    let mut buf = vec![0u8; n as usize];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .map_err(|e| vm.os_error_from(e, None))?;
    Ok(vm.new_bytes(buf))
}

fn p_cpu_count(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(std::thread::available_parallelism().map(|n| Value::Int(n.get() as i64)).unwrap_or(Value::None))
}

const UNAME_FIELDS: [&str; 5] = ["sysname", "nodename", "release", "version", "machine"];

/// `os.uname()`: a `posix.uname_result` struct sequence (fields readable by name).
fn p_uname(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "uname", 0)?;
    let read = |p: &str| std::fs::read_to_string(p).map(|s| s.trim().to_string()).unwrap_or_default();
    let texts = [
        "Linux".to_string(),
        read("/proc/sys/kernel/hostname"),
        read("/proc/sys/kernel/osrelease"),
        read("/proc/sys/kernel/version"),
        std::env::consts::ARCH.to_string(),
    ];
    let items: Vec<Value> = texts.iter().map(|t| vm.new_str(t.as_str())).collect();
    let t = match vm.modules_get("posix").and_then(|p| vm.getattr_opt(&p, "uname_result").ok().flatten()) {
        Some(Value::Obj(t)) => t,
        _ => return Ok(vm.new_tuple(items)),
    };
    let d = vm.new_dict();
    for (n, v) in UNAME_FIELDS.iter().zip(&items) {
        vm.dict_set_str(&d, n, v.clone());
    }
    Ok(Value::Obj(Object::with_dict(t, Payload::Tuple(items.into()), d)))
}

fn uname_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = &args.args[0];
    let mut parts = Vec::new();
    for n in UNAME_FIELDS {
        let x = vm.getattr_str(v, n)?;
        parts.push(format!("{n}={}", vm.repr_string(&x)?));
    }
    Ok(vm.new_str(format!("posix.uname_result({})", parts.join(", "))))
}

fn p_scandir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    // A list of DirEntry-like objects (name, path, is_dir(), is_file(), is_symlink(), stat()).
    let a = args.range(vm, "scandir", 0, 1)?;
    let path = match a.first() {
        Some(v) if !v.is_none() => path_arg(vm, v)?,
        _ => FsPath::here(),
    };
    let rd = std::fs::read_dir(&path).map_err(|e| io_err(vm, e, &path))?;
    let t = match vm.modules_get("posix").and_then(|p| vm.getattr_opt(&p, "DirEntry").ok().flatten()) {
        Some(Value::Obj(t)) => t,
        _ => return Err(vm.new_runtime_error("posix.DirEntry missing")),
    };
    let mut out = Vec::new();
    for e in rd.flatten() {
        let d = vm.new_dict();
        let name = crate::codecs::fs_decode(e.file_name().as_bytes());
        let dir = &path.text;
        let full = if dir.ends_with('/') { format!("{dir}{name}") } else { format!("{dir}/{name}") };
        vm.dict_set_str(&d, "name", vm.new_str(name));
        vm.dict_set_str(&d, "path", vm.new_str(full));
        out.push(Value::Obj(Object::with_dict(t.clone(), Payload::None, d)));
    }
    let l = vm.new_list(out);
    let it = vm.iter(&l)?;
    let t = match vm.modules_get("posix").and_then(|p| vm.getattr_opt(&p, "_scandir_iterator").ok().flatten()) {
        Some(Value::Obj(t)) => t,
        _ => return Err(vm.new_runtime_error("posix.ScandirIterator missing")),
    };
    let d = vm.new_dict();
    vm.dict_set_str(&d, "_it", it);
    Ok(Value::Obj(Object::with_dict(t, Payload::None, d)))
}

fn si_iter(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(args.args[0].clone())
}
fn si_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let it = vm.getattr_str(&args.args[0], "_it")?;
    match vm.next(&it)? {
        Some(v) => Ok(v),
        None => Err(vm.new_stop_iteration(Value::None)),
    }
}
fn si_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let e = vm.new_list(vec![]);
    let it = vm.iter(&e)?;
    vm.setattr_str(&args.args[0], "_it", it)?;
    Ok(Value::None)
}
fn si_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    si_close(vm, args)?;
    Ok(Value::Bool(false))
}

fn entry_path(vm: &mut Vm, v: &Value) -> PyResult<FsPath> {
    let p = vm.getattr_str(v, "path")?;
    path_arg(vm, &p)
}

fn follows(vm: &mut Vm, args: &Args) -> PyResult<bool> {
    match args.kwarg("follow_symlinks") {
        Some(v) => vm.truthy(v),
        None => Ok(true),
    }
}

fn entry_meta(vm: &mut Vm, args: &Args) -> PyResult<Option<std::fs::Metadata>> {
    let p = entry_path(vm, &args.args[0])?;
    let m = if follows(vm, args)? { std::fs::metadata(&p) } else { std::fs::symlink_metadata(&p) };
    Ok(m.ok())
}

fn de_is_dir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Bool(entry_meta(vm, &args)?.is_some_and(|m| m.is_dir())))
}
fn de_is_file(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Bool(entry_meta(vm, &args)?.is_some_and(|m| m.is_file())))
}
fn de_is_symlink(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let p = entry_path(vm, &args.args[0])?;
    Ok(Value::Bool(p.os.is_symlink()))
}
fn de_inode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let p = entry_path(vm, &args.args[0])?;
    let m = std::fs::symlink_metadata(&p).map_err(|e| io_err(vm, e, &p))?;
    Ok(Value::Int(m.ino() as i64))
}
fn de_stat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let p = entry_path(vm, &args.args[0])?;
    let m = if follows(vm, &args)? { std::fs::metadata(&p) } else { std::fs::symlink_metadata(&p) };
    let m = m.map_err(|e| io_err(vm, e, &p))?;
    stat_result(vm, &m)
}
fn de_fspath(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.getattr_str(&args.args[0], "path")
}
fn de_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let n = vm.getattr_str(&args.args[0], "name")?;
    let r = vm.repr_string(&n)?;
    Ok(vm.new_str(format!("<DirEntry {r}>")))
}

fn stat_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = &args.args[0];
    let mut parts = Vec::new();
    for n in
        ["st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid", "st_size", "st_atime", "st_mtime", "st_ctime"]
    {
        let x = vm.getattr_str(v, n)?;
        let x = if n.ends_with("time") { Value::Int(vm.float_of(&x)? as i64) } else { x };
        parts.push(format!("{n}={}", vm.repr_string(&x)?));
    }
    Ok(vm.new_str(format!("os.stat_result({})", parts.join(", "))))
}

/// Builds the `posix` module.
pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("posix");
    let d = m.dict.get().unwrap();
    let fns: &[(&'static str, NativeFn)] = &[
        ("stat", p_stat),
        ("lstat", p_lstat),
        ("fstat", p_fstat),
        ("listdir", p_listdir),
        ("scandir", p_scandir),
        ("getcwd", p_getcwd),
        ("putenv", p_putenv),
        ("unsetenv", p_unsetenv),
        ("chdir", p_chdir),
        ("rmdir", p_rmdir),
        ("unlink", p_unlink),
        ("remove", p_unlink),
        ("access", p_access),
        ("getpid", p_getpid),
        ("getppid", p_getppid),
        ("_exit", p_exit),
        ("strerror", p_strerror),
        ("fspath", p_fspath),
        ("urandom", p_urandom),
        ("cpu_count", p_cpu_count),
        ("uname", p_uname),
    ];
    vm.add_native_fns(&d, fns);
    crate::posix_fork::add(vm, &d);
    // os.environ's data: bytes keys and values.
    let env = vm.new_dict();
    for (k, v) in std::env::vars_os() {
        let (k, v) = (vm.new_bytes(k.as_bytes().to_vec()), vm.new_bytes(v.as_bytes().to_vec()));
        crate::dict::set_item(vm, &env, k, v)?;
    }
    vm.dict_set_str(&d, "environ", Value::Obj(env));
    vm.dict_set_str(&d, "error", Value::Obj(vm.exc.os_error.clone()));
    for (n, v) in [("F_OK", 0), ("R_OK", 4), ("W_OK", 2), ("X_OK", 1)] {
        vm.dict_set_str(&d, n, Value::Int(v));
    }
    crate::posix_fd::init(vm, &d);
    let tuple = vm.types.tuple.clone();
    let st = new_type(
        Some(&vm.types.type_.clone()),
        Some(&vm.types.dict.clone()),
        "stat_result",
        vec![tuple],
        Layout::Tuple,
        true,
    );
    *st.as_type().unwrap().mro.borrow_mut() = crate::types::compute_mro(&st).unwrap();
    vm.dict_set_str(&st.dict.get().unwrap(), "__module__", vm.new_str("os"));
    vm.dict_set_str(&st.dict.get().unwrap(), "__doc__", crate::objects::core::declared_type_doc(vm, "os.stat_result"));
    vm.add_methods(&st, &[("__repr__", stat_repr, "")]);
    vm.dict_set_str(&d, "stat_result", Value::Obj(st));
    let un = new_type(
        Some(&vm.types.type_.clone()),
        Some(&vm.types.dict.clone()),
        "uname_result",
        vec![vm.types.tuple.clone()],
        Layout::Tuple,
        true,
    );
    *un.as_type().unwrap().mro.borrow_mut() = crate::types::compute_mro(&un).unwrap();
    let ud = un.dict.get().unwrap();
    vm.dict_set_str(&ud, "__module__", vm.new_str("posix"));
    vm.dict_set_str(&ud, "__doc__", crate::objects::core::declared_type_doc(vm, "posix.uname_result"));
    vm.dict_set_str(&ud, "n_fields", Value::Int(5));
    vm.dict_set_str(&ud, "n_sequence_fields", Value::Int(5));
    vm.dict_set_str(&ud, "n_unnamed_fields", Value::Int(0));
    vm.add_methods(&un, &[("__repr__", uname_repr, "")]);
    vm.dict_set_str(&d, "uname_result", Value::Obj(un));
    let object = vm.types.object.clone();
    let de = new_type(
        Some(&vm.types.type_.clone()),
        Some(&vm.types.dict.clone()),
        "DirEntry",
        vec![object],
        Layout::Object,
        true,
    );
    *de.as_type().unwrap().mro.borrow_mut() = crate::types::compute_mro(&de).unwrap();
    vm.dict_set_str(&de.dict.get().unwrap(), "__module__", vm.new_str("posix"));
    vm.add_methods(
        &de,
        &[
            ("is_dir", de_is_dir, ""),
            ("is_file", de_is_file, ""),
            ("is_symlink", de_is_symlink, ""),
            ("stat", de_stat, ""),
            ("inode", de_inode, ""),
            ("__fspath__", de_fspath, ""),
            ("__repr__", de_repr, ""),
        ],
    );
    vm.dict_set_str(&d, "DirEntry", Value::Obj(de));
    let object = vm.types.object.clone();
    let si = new_type(
        Some(&vm.types.type_.clone()),
        Some(&vm.types.dict.clone()),
        "ScandirIterator",
        vec![object],
        Layout::Object,
        true,
    );
    *si.as_type().unwrap().mro.borrow_mut() = crate::types::compute_mro(&si).unwrap();
    vm.dict_set_str(&si.dict.get().unwrap(), "__module__", vm.new_str("posix"));
    vm.add_methods(
        &si,
        &[
            ("__iter__", si_iter, ""),
            ("__next__", si_next, ""),
            ("__enter__", si_iter, ""),
            ("__exit__", si_exit, ""),
            ("close", si_close, ""),
        ],
    );
    vm.dict_set_str(&d, "_scandir_iterator", Value::Obj(si));
    Ok(m)
}
