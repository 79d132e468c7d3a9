//! VM stage: files and the standard streams. `open()` returns text or binary file objects with
//! the common methods (read, readline, readlines, write, writelines, iteration, close, context
//! manager); `sys.stdout`/`stderr` are such objects over the process's streams, buffered as
//! CPython's are and flushed at exit.

use crate::func::{Args, MethodDef};
use crate::value::{Object, Payload, Value};
use crate::vm::{PyResult, Vm};
use std::cell::RefCell;
use std::io::{Read, Write};

pub enum Stream {
    Stdin,
    Stdout,
    Stderr,
    File(std::fs::File),
}

pub struct FileData {
    pub stream: Stream,
    pub name: Value,
    pub mode: String,
    pub binary: bool,
    pub readable: bool,
    pub writable: bool,
    pub closed: bool,
    /// Pending output.
    pub wbuf: Vec<u8>,
    /// Input read ahead but not consumed.
    pub rbuf: Vec<u8>,
    pub eof: bool,
    /// Flush after every write (stderr, `-u`, `PYTHONUNBUFFERED`).
    pub unbuffered: bool,
    pub encoding: String,
    /// The error handler of the text codec (`strict`; `backslashreplace` for stderr).
    pub errors: String,
    /// `open(newline=...)`: None = universal newlines on read, `\n` kept on write.
    pub newline: Option<String>,
    /// `open(fd, closefd=False)`: closing the file object leaves the descriptor open.
    pub closefd: bool,
    /// A text file's `buffer` object, once asked for.
    pub buffer: Option<Value>,
}

impl FileData {
    fn flush(&mut self) -> std::io::Result<()> {
        if self.wbuf.is_empty() {
            return Ok(());
        }
        let r = match &mut self.stream {
            Stream::Stdout => {
                let mut o = std::io::stdout().lock();
                o.write_all(&self.wbuf).and_then(|_| o.flush())
            }
            Stream::Stderr => {
                let mut o = std::io::stderr().lock();
                o.write_all(&self.wbuf).and_then(|_| o.flush())
            }
            Stream::File(f) => f.write_all(&self.wbuf),
            Stream::Stdin => Ok(()),
        };
        self.wbuf.clear();
        r
    }

    fn fill(&mut self) -> std::io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        let mut buf = vec![0u8; 65536];
        let n = match &mut self.stream {
            Stream::Stdin => std::io::stdin().lock().read(&mut buf)?,
            Stream::File(f) => f.read(&mut buf)?,
            _ => 0,
        };
        if n == 0 {
            self.eof = true;
            return Ok(false);
        }
        self.rbuf.extend_from_slice(&buf[..n]);
        Ok(true)
    }

    fn read_all(&mut self) -> std::io::Result<Vec<u8>> {
        while self.fill()? {}
        Ok(std::mem::take(&mut self.rbuf))
    }

    fn read_line(&mut self) -> std::io::Result<Vec<u8>> {
        loop {
            if let Some(p) = self.rbuf.iter().position(|&b| b == b'\n') {
                let rest = self.rbuf.split_off(p + 1);
                return Ok(std::mem::replace(&mut self.rbuf, rest));
            }
            if !self.fill()? {
                return Ok(std::mem::take(&mut self.rbuf));
            }
        }
    }
}

impl FileData {
    /// Drops the underlying stream, closing its descriptor unless `closefd` is false.
    fn release(&mut self) {
        if let Stream::File(f) = std::mem::replace(&mut self.stream, Stream::Stdin) {
            if !self.closefd {
                use std::os::unix::io::IntoRawFd;
                let _ = f.into_raw_fd();
            }
        }
    }
}

impl Drop for FileData {
    fn drop(&mut self) {
        let _ = self.flush();
        self.release();
    }
}

/// `TextIOWrapper.buffer`: the binary layer under a text file (`sys.stdout.buffer`), over the
/// same descriptor. Its writes go out at once while text waits in the text file's buffer until
/// flushed, which is the order CPython's layers produce (a `buffer.write` overtakes pending
/// text); text read ahead is not seen through it, as in CPython.
fn f_buffer(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let f = file_of(this);
    if let Some(b) = f.borrow().buffer.clone() {
        return Ok(b);
    }
    let (stream, name, mode) = {
        let fd = f.borrow();
        let stream = match &fd.stream {
            Stream::Stdin => Stream::Stdin,
            Stream::Stdout => Stream::Stdout,
            Stream::Stderr => Stream::Stderr,
            Stream::File(file) => Stream::File(file.try_clone().map_err(|e| vm.os_error_from(e, None))?),
        };
        let mode: String = fd.mode.chars().filter(|c| *c != 't').collect();
        (stream, fd.name.clone(), format!("{mode}b"))
    };
    let b = new_file(vm, stream, name, &mode, true);
    f.borrow_mut().buffer = Some(b.clone());
    Ok(b)
}

pub fn new_file(vm: &Vm, stream: Stream, name: Value, mode: &str, unbuffered: bool) -> Value {
    let binary = mode.contains('b');
    let readable = mode.contains('r') || mode.contains('+');
    let writable = mode.contains('w') || mode.contains('a') || mode.contains('x') || mode.contains('+');
    let ty = if !binary {
        vm.types.text_io.clone()
    } else if readable {
        vm.types.buffered_reader.clone()
    } else {
        vm.types.buffered_writer.clone()
    };
    let errors = if matches!(stream, Stream::Stderr) { "backslashreplace" } else { "strict" };
    let data = FileData {
        stream,
        name,
        mode: mode.to_string(),
        binary,
        readable,
        writable,
        closed: false,
        wbuf: Vec::new(),
        rbuf: Vec::new(),
        eof: false,
        unbuffered,
        encoding: "utf-8".into(),
        errors: errors.into(),
        newline: None,
        closefd: true,
        buffer: None,
    };
    Value::Obj(Object::with_dict(ty, Payload::File(Box::new(RefCell::new(data))), vm.new_dict()))
}

/// `io.UnsupportedOperation` (importing `_io` to create it), falling back to OSError.
fn unsupported(vm: &mut Vm, msg: &str) -> crate::value::PyRef {
    if vm.io_unsupported.is_none() {
        let _ = vm.import_fullname("_io");
    }
    let t = vm.io_unsupported.clone().unwrap_or_else(|| vm.exc.os_error.clone());
    vm.new_os_error_of(&t, msg)
}

fn file_of(v: &Value) -> &RefCell<FileData> {
    match v.payload() {
        Some(Payload::File(f)) => f,
        _ => unreachable!("file method on a non-file"),
    }
}

fn check_open(vm: &Vm, f: &FileData) -> PyResult<()> {
    if f.closed {
        return Err(vm.new_value_error("I/O operation on closed file."));
    }
    Ok(())
}

fn os_err(vm: &Vm, e: std::io::Error) -> crate::value::PyRef {
    vm.os_error_from(e, None)
}

impl Vm {
    /// An OSError (of the subclass CPython picks by errno) from a Rust I/O error.
    pub fn os_error_from(&self, e: std::io::Error, filename: Option<&str>) -> crate::value::PyRef {
        let errno = e.raw_os_error().unwrap_or(0);
        self.os_error_errno(errno, filename.map(|f| self.new_str(f)), None)
    }

    /// An OSError for `errno` with CPython's `strerror` text, the subclass CPython picks by
    /// errno, and optional `filename`/`filename2` objects (shown by their repr in the message).
    pub fn os_error_errno(&self, errno: i32, filename: Option<Value>, filename2: Option<Value>) -> crate::value::PyRef {
        let ty = match errno {
            2 => self.exc.file_not_found_error.clone(),
            13 | 1 => self.exc.permission_error.clone(),
            17 => self.exc.file_exists_error.clone(),
            20 => self.exc.not_a_directory_error.clone(),
            21 => self.exc.is_a_directory_error.clone(),
            32 | 108 => self.exc.broken_pipe_error.clone(),
            3 => self.exc.process_lookup_error.clone(),
            4 => self.exc.interrupted_error.clone(),
            10 => self.exc.child_process_error.clone(),
            11 | 114 | 115 => self.exc.blocking_io_error.clone(),
            103 => self.exc.connection_aborted_error.clone(),
            104 => self.exc.connection_reset_error.clone(),
            110 => self.exc.timeout_error.clone(),
            111 => self.exc.connection_refused_error.clone(),
            _ => self.exc.os_error.clone(),
        };
        let msg = std::io::Error::from_raw_os_error(errno).to_string();
        let msg = msg.split(" (os error").next().unwrap_or(&msg).to_string();
        let args = vec![Value::Int(errno as i64), self.new_str(msg)];
        let e = self.new_exception_args(&ty, args.clone());
        e.exc_set_field("errno", args[0].clone());
        e.exc_set_field("strerror", args[1].clone());
        if let Some(f) = filename.filter(|f| !f.is_none()) {
            e.exc_set_field("filename", f);
            if let Some(f2) = filename2.filter(|f| !f.is_none()) {
                e.exc_set_field("filename2", f2);
            }
        }
        e
    }

    /// Writes text to `sys.stdout` (through the Python-level object if replaced).
    pub fn write_stdout(&mut self, s: &str) -> PyResult<()> {
        let out = self.sys_attr("stdout").unwrap_or(Value::None);
        if out.is_none() {
            return Ok(());
        }
        let w = self.getattr_str(&out, "write")?;
        let v = self.new_str(s);
        self.call(&w, Args::new(&[v]))?;
        Ok(())
    }

    pub fn flush_stdout(&mut self) -> PyResult<()> {
        let out = self.sys_attr("stdout").unwrap_or(Value::None);
        if out.is_none() {
            return Ok(());
        }
        let f = self.getattr_str(&out, "flush")?;
        self.call(&f, Args::new(&[]))?;
        Ok(())
    }

    /// Writes text to `sys.stderr`, falling back to the process stderr.
    pub fn write_stderr(&mut self, s: &str) {
        let err = self.sys_attr("stderr").unwrap_or(Value::None);
        if !err.is_none() {
            if let Ok(w) = self.getattr_str(&err, "write") {
                let v = self.new_str(s);
                if self.call(&w, Args::new(&[v])).is_ok() {
                    if let Ok(f) = self.getattr_str(&err, "flush") {
                        let _ = self.call(&f, Args::new(&[]));
                    }
                    return;
                }
            }
        }
        let _ = std::io::stderr().write_all(s.as_bytes());
    }

    /// Flushes the standard streams at exit.
    pub fn flush_std_streams(&mut self) {
        for name in ["stdout", "stderr"] {
            if let Some(s) = self.sys_attr(name) {
                if let Some(Payload::File(f)) = s.payload() {
                    let _ = f.borrow_mut().flush();
                } else if let Ok(f) = self.getattr_str(&s, "flush") {
                    let _ = self.call(&f, Args::new(&[]));
                }
            }
        }
    }
}

fn f_write(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "write", 2)?;
    let f = file_of(&a[0]);
    let mut fd = f.borrow_mut();
    check_open(vm, &fd)?;
    if !fd.writable {
        return Err(unsupported(vm, "not writable"));
    }
    let n;
    if fd.binary {
        let b: Vec<u8> = crate::objects::memoryview::bytes_like(vm, &a[1])?;
        n = b.len();
        fd.wbuf.extend_from_slice(&b);
    } else {
        let Some(s) = a[1].as_str() else {
            return Err(vm.new_type_error(format!("write() argument must be str, not {}", vm.type_name(&a[1]))));
        };
        n = s.char_len();
        let translated;
        let text = match fd.newline.as_deref() {
            Some(nl) if !nl.is_empty() && nl != "\n" && s.as_str().contains('\n') => {
                translated = s.as_str().replace('\n', nl);
                translated.as_str()
            }
            _ => s.as_str(),
        };
        if fd.encoding == "utf-8" && !s.has_surrogates() {
            fd.wbuf.extend_from_slice(text.as_bytes());
        } else {
            // The codec may call a registered error handler: no borrow of the file across it.
            let (enc, errors) = (fd.encoding.clone(), fd.errors.clone());
            drop(fd);
            let bytes = crate::codecs::encode(vm, text, &enc, &errors)?;
            fd = f.borrow_mut();
            fd.wbuf.extend_from_slice(&bytes);
        }
    }
    if fd.unbuffered || fd.wbuf.len() > 1 << 16 {
        fd.flush().map_err(|e| os_err(vm, e))?;
    }
    Ok(Value::Int(n as i64))
}

fn f_flush(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = file_of(&args.args[0]);
    let mut fd = f.borrow_mut();
    check_open(vm, &fd)?;
    fd.flush().map_err(|e| os_err(vm, e))?;
    Ok(Value::None)
}

/// Bytes read from the file as the value `read` returns: bytes, or text decoded with the file's
/// codec (universal newlines unless `newline` was given). Called with the file not borrowed.
fn to_value(vm: &mut Vm, f: &RefCell<FileData>, b: Vec<u8>) -> PyResult<Value> {
    let (binary, enc, errors, universal) = {
        let fd = f.borrow();
        (fd.binary, fd.encoding.clone(), fd.errors.clone(), fd.newline.is_none())
    };
    if binary {
        return Ok(vm.new_bytes(b));
    }
    let s = crate::codecs::decode(vm, &b, &enc, &errors)?;
    if universal && s.contains('\r') {
        return Ok(vm.new_str(s.replace("\r\n", "\n").replace('\r', "\n")));
    }
    Ok(vm.new_str(s))
}

fn f_read(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "read", 1, 2)?;
    let f = file_of(&a[0]);
    let mut fd = f.borrow_mut();
    check_open(vm, &fd)?;

    if !fd.readable {
        return Err(unsupported(vm, "not readable"));
    }
    let n = match a.get(1) {
        Some(v) if !v.is_none() => vm.to_i64_index(v)?,
        _ => -1,
    };
    let data = if n < 0 {
        fd.read_all().map_err(|e| os_err(vm, e))?
    } else if fd.binary {
        while fd.rbuf.len() < n as usize && fd.fill().map_err(|e| os_err(vm, e))? {}
        let k = (n as usize).min(fd.rbuf.len());
        let rest = fd.rbuf.split_off(k);
        std::mem::replace(&mut fd.rbuf, rest)
    } else {
        // n characters.
        loop {
            let s = String::from_utf8_lossy(&fd.rbuf);
            if s.chars().count() >= n as usize || !fd.fill().map_err(|e| os_err(vm, e))? {
                break;
            }
        }
        let s = String::from_utf8_lossy(&fd.rbuf).into_owned();
        let cut = s.char_indices().nth(n as usize).map(|(b, _)| b).unwrap_or(s.len());
        let cut = cut.min(fd.rbuf.len());
        let rest = fd.rbuf.split_off(cut);
        std::mem::replace(&mut fd.rbuf, rest)
    };
    drop(fd);
    to_value(vm, f, data)
}

fn f_readline(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = file_of(&args.args[0]);
    let mut fd = f.borrow_mut();
    check_open(vm, &fd)?;

    let line = fd.read_line().map_err(|e| os_err(vm, e))?;
    drop(fd);
    to_value(vm, f, line)
}

fn f_readlines(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut out = Vec::new();
    loop {
        let l = f_readline(vm, args)?;
        if vm.len(&l)? == 0 {
            break;
        }
        out.push(l);
    }
    Ok(vm.new_list(out))
}

fn f_writelines(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "writelines", 2)?;
    for line in vm.collect(&a[1])? {
        f_write(vm, Args::new(&[a[0].clone(), line]))?;
    }
    Ok(Value::None)
}

fn f_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = file_of(&args.args[0]);
    let buffer = {
        let mut fd = f.borrow_mut();
        if fd.closed {
            return Ok(Value::None);
        }
        fd.flush().map_err(|e| os_err(vm, e))?;
        if !matches!(fd.stream, Stream::File(_)) {
            return Ok(Value::None);
        }
        fd.closed = true;
        fd.release();
        fd.buffer.clone()
    };
    // A text file closes its binary layer too, as TextIOWrapper.close() does.
    if let Some(b) = buffer.filter(|b| !b.is(&args.args[0])) {
        let close = vm.getattr_str(&b, "close")?;
        vm.call(&close, Args::new(&[]))?;
    }
    Ok(Value::None)
}

fn f_enter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let fd = file_of(&args.args[0]).borrow();
    check_open(vm, &fd)?;
    Ok(args.args[0].clone())
}

fn f_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    f_close(vm, Args::new(&args.args[..1]))?;
    Ok(Value::None)
}

fn f_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let fd = file_of(&args.args[0]).borrow();
    check_open(vm, &fd)?;
    Ok(args.args[0].clone())
}

fn f_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let l = f_readline(vm, args)?;
    if vm.len(&l)? == 0 {
        return Err(vm.new_stop_iteration(Value::None));
    }
    Ok(l)
}

fn f_closed(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Bool(file_of(&args.args[0]).borrow().closed))
}
fn f_name(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(file_of(&args.args[0]).borrow().name.clone())
}
/// `name` is writable as FileIO's `name` attribute is (tempfile renames its files' raw layer).
fn f_name_set(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let old = std::mem::replace(&mut file_of(&args.args[0]).borrow_mut().name, args.args[1].clone());
    drop(old);
    Ok(Value::None)
}
fn f_mode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = file_of(&args.args[0]).borrow().mode.clone();
    Ok(vm.new_str(m))
}
fn f_encoding(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = file_of(&args.args[0]).borrow().encoding.clone();
    Ok(vm.new_str(m))
}
fn f_errors(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = file_of(&args.args[0]).borrow().errors.clone();
    Ok(vm.new_str(m))
}
fn f_fileno(vm: &mut Vm, args: Args) -> PyResult<Value> {
    use std::os::unix::io::AsRawFd;
    let fd = file_of(&args.args[0]).borrow();
    Ok(Value::Int(match &fd.stream {
        Stream::Stdin => 0,
        Stream::Stdout => 1,
        Stream::Stderr => 2,
        Stream::File(f) => {
            let _ = vm;
            f.as_raw_fd() as i64
        }
    }))
}
fn f_isatty(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    use std::io::IsTerminal;
    let fd = file_of(&args.args[0]).borrow();
    Ok(Value::Bool(match &fd.stream {
        Stream::Stdin => std::io::stdin().is_terminal(),
        Stream::Stdout => std::io::stdout().is_terminal(),
        Stream::Stderr => std::io::stderr().is_terminal(),
        Stream::File(_) => false,
    }))
}
fn f_true(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let fd = file_of(&args.args[0]).borrow();
    Ok(Value::Bool(fd.readable))
}
fn f_writable(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let fd = file_of(&args.args[0]).borrow();
    Ok(Value::Bool(fd.writable))
}
/// `seekable()`: whether the underlying descriptor supports `lseek` (files yes, pipes and
/// terminals no), as CPython's `FileIO.seekable` probes it.
fn f_seekable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    use std::os::unix::io::AsRawFd;
    let fd = file_of(&args.args[0]).borrow();
    check_open(vm, &fd)?;
    let raw = match &fd.stream {
        Stream::Stdin => 0,
        Stream::Stdout => 1,
        Stream::Stderr => 2,
        Stream::File(f) => f.as_raw_fd(),
    };
    // SAFETY: lseek with SEEK_CUR and offset 0 only queries the position of a valid descriptor.
    Ok(Value::Bool(unsafe { libc::lseek(raw, 0, libc::SEEK_CUR) } != -1))
}

/// `read1(size=-1)`: bytes already buffered, else at most one read from the stream.
fn f_read1(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "read1", 1, 2)?;
    let f = file_of(&a[0]);
    let mut fd = f.borrow_mut();
    check_open(vm, &fd)?;

    if !fd.binary {
        drop(fd);
        return Err(vm.new_attribute_error(
            &a[0],
            "read1",
            format!("'{}' object has no attribute 'read1'", vm.type_name(&a[0])),
        ));
    }
    let n = match a.get(1) {
        Some(v) if !v.is_none() => vm.to_i64_index(v)?,
        _ => -1,
    };
    if fd.rbuf.is_empty() {
        fd.fill().map_err(|e| os_err(vm, e))?;
    }
    let k = if n < 0 { fd.rbuf.len() } else { (n as usize).min(fd.rbuf.len()) };
    let rest = fd.rbuf.split_off(k);
    let data = std::mem::replace(&mut fd.rbuf, rest);
    Ok(vm.new_bytes(data))
}

/// `readinto(b)`: fills any read-write, C-contiguous buffer (a bytearray, an array, a
/// writable memoryview or mmap) from the stream.
fn f_readinto(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "readinto", 2)?;
    let Some(want) = crate::objects::memoryview::with_writable_buffer(&a[1], |b| b.len()) else {
        return Err(vm.new_type_error(format!(
            "readinto() argument must be read-write bytes-like object, not {}",
            vm.type_name(&a[1])
        )));
    };
    let f = file_of(&a[0]);
    let mut fd = f.borrow_mut();
    check_open(vm, &fd)?;

    while fd.rbuf.len() < want && fd.fill().map_err(|e| os_err(vm, e))? {}
    let k = want.min(fd.rbuf.len());
    let rest = fd.rbuf.split_off(k);
    let data = std::mem::replace(&mut fd.rbuf, rest);
    crate::objects::memoryview::with_writable_buffer(&a[1], |b| b[..k].copy_from_slice(&data));
    Ok(Value::Int(k as i64))
}

fn f_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (name, mode, binary) = {
        let fd = file_of(&args.args[0]).borrow();
        (fd.name.clone(), fd.mode.clone(), fd.binary)
    };
    let n = vm.repr_string(&name)?;
    Ok(vm.new_str(if binary {
        format!("<{} name={}>", vm.type_name(&args.args[0]), n)
    } else {
        format!("<_io.TextIOWrapper name={} mode='{}' encoding='utf-8'>", n, mode)
    }))
}

fn f_tell(vm: &mut Vm, args: Args) -> PyResult<Value> {
    use std::io::Seek;
    let f = file_of(&args.args[0]);
    let mut fd = f.borrow_mut();
    check_open(vm, &fd)?;
    fd.flush().map_err(|e| os_err(vm, e))?;
    let buffered = fd.rbuf.len() as u64;
    match &mut fd.stream {
        Stream::File(file) => {
            let p = file.stream_position().map_err(|e| vm.os_error_from(e, None))?;
            Ok(Value::Int((p - buffered) as i64))
        }
        _ => Err(vm.os_error_from(std::io::Error::from_raw_os_error(29), None)),
    }
}

fn f_seek(vm: &mut Vm, args: Args) -> PyResult<Value> {
    use std::io::{Seek, SeekFrom};
    let a = args.range(vm, "seek", 2, 3)?;
    let off = vm.to_i64_index(&a[1])?;
    let whence = match a.get(2) {
        Some(w) => vm.to_i64_index(w)?,
        None => 0,
    };
    let f = file_of(&a[0]);
    let mut fd = f.borrow_mut();
    check_open(vm, &fd)?;
    fd.flush().map_err(|e| os_err(vm, e))?;
    let buffered = fd.rbuf.len() as i64;
    fd.rbuf.clear();
    fd.eof = false;
    let target = match whence {
        0 => SeekFrom::Start(off.max(0) as u64),
        1 => SeekFrom::Current(off - buffered),
        2 => SeekFrom::End(off),
        _ => return Err(vm.new_value_error(format!("invalid whence ({whence}, should be 0, 1 or 2)"))),
    };
    match &mut fd.stream {
        Stream::File(file) => {
            let p = file.seek(target).map_err(|e| vm.os_error_from(e, None))?;
            Ok(Value::Int(p as i64))
        }
        _ => Err(vm.os_error_from(std::io::Error::from_raw_os_error(29), None)),
    }
}

/// `truncate(size=None)`: cuts (or extends) the file to `size` bytes, by default the current
/// position, after writing out what is buffered; the position does not move. Returns the size.
fn f_truncate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    use std::io::Seek;
    let a = args.range(vm, "truncate", 1, 2)?;
    let size = match a.get(1) {
        Some(v) if !v.is_none() => Some(vm.to_i64_index(v)?),
        _ => None,
    };
    let f = file_of(&a[0]);
    let mut fd = f.borrow_mut();
    check_open(vm, &fd)?;
    if !fd.writable {
        drop(fd);
        return Err(unsupported(vm, "truncate"));
    }
    fd.flush().map_err(|e| os_err(vm, e))?;
    let buffered = fd.rbuf.len() as u64;
    let Stream::File(file) = &mut fd.stream else {
        return Err(vm.os_error_from(std::io::Error::from_raw_os_error(29), None));
    };
    let size = match size {
        Some(s) if s < 0 => return Err(vm.os_error_from(std::io::Error::from_raw_os_error(libc::EINVAL), None)),
        Some(s) => s as u64,
        None => file.stream_position().map_err(|e| vm.os_error_from(e, None))? - buffered,
    };
    file.set_len(size).map_err(|e| vm.os_error_from(e, None))?;
    Ok(Value::Int(size as i64))
}

pub const FILE_METHODS: &[MethodDef] = &[
    ("truncate", f_truncate, ""),
    ("tell", f_tell, ""),
    ("seek", f_seek, ""),
    ("write", f_write, ""),
    ("flush", f_flush, ""),
    ("read", f_read, ""),
    ("readline", f_readline, ""),
    ("readlines", f_readlines, ""),
    ("writelines", f_writelines, ""),
    ("close", f_close, ""),
    ("__enter__", f_enter, ""),
    ("__exit__", f_exit, ""),
    ("__iter__", f_iter, ""),
    ("__next__", f_next, ""),
    ("fileno", f_fileno, ""),
    ("isatty", f_isatty, ""),
    ("readable", f_true, ""),
    ("writable", f_writable, ""),
    ("seekable", f_seekable, ""),
    ("read1", f_read1, ""),
    ("readinto", f_readinto, ""),
    ("__repr__", f_repr, ""),
];

pub fn init(vm: &mut Vm) {
    for t in [vm.types.text_io.clone(), vm.types.buffered_reader.clone(), vm.types.buffered_writer.clone()] {
        vm.add_methods(&t, FILE_METHODS);
        vm.add_getset(&t, "closed", f_closed, None);
        vm.add_getset(&t, "name", f_name, Some(f_name_set));
        vm.add_getset(&t, "mode", f_mode, None);
        vm.add_getset(&t, "encoding", f_encoding, None);
        vm.add_getset(&t, "errors", f_errors, None);
    }
    vm.add_getset(&vm.types.text_io.clone(), "buffer", f_buffer, None);
    // Error messages name them as C types of `_io` (`'_io.TextIOWrapper' object has no …`).
    for (t, name) in [
        (&vm.types.text_io, "_io.TextIOWrapper"),
        (&vm.types.buffered_reader, "_io.BufferedReader"),
        (&vm.types.buffered_writer, "_io.BufferedWriter"),
    ] {
        let _ = t.as_type().unwrap().tp_name.set(name.into());
    }
}

/// `open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None, closefd=True)`.
pub fn open(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [file, mode, _buffering, encoding, errors, newline, closefd, opener] =
        args.bind(vm, "open", ["file", "mode", "buffering", "encoding", "errors", "newline", "closefd", "opener"], 1)?;
    let mut file = file.unwrap();
    if !matches!(file.payload(), Some(Payload::Str(_)) | Some(Payload::Bytes(_)))
        && !matches!(file, Value::Int(_) | Value::Bool(_))
    {
        // os.PathLike: open what __fspath__ returns (and name the file by it, as CPython).
        if let Some(f) = vm.lookup_special(&file, "__fspath__") {
            let r = vm.call_unbound(&f, &file, &[])?;
            if !matches!(r.payload(), Some(Payload::Str(_)) | Some(Payload::Bytes(_))) {
                return Err(vm.new_type_error(format!(
                    "expected {}.__fspath__() to return str or bytes, not {}",
                    vm.type_name(&file),
                    vm.type_name(&r)
                )));
            }
            file = r;
        }
    }
    let closefd = match closefd {
        Some(c) => vm.truthy(&c)?,
        None => true,
    };
    let fd_num = match &file {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    };
    if fd_num.is_none() && !closefd {
        return Err(vm.new_value_error("Cannot use closefd=False with file name"));
    }
    let (path, os_path): (String, std::path::PathBuf) = match file.payload() {
        _ if fd_num.is_some() => (String::new(), std::path::PathBuf::new()),
        Some(Payload::Str(s)) => {
            use std::os::unix::ffi::OsStringExt;
            let b = crate::codecs::fs_encode(vm, s.as_str())?;
            (s.as_str().to_string(), std::ffi::OsString::from_vec(b).into())
        }
        Some(Payload::Bytes(b)) => {
            use std::os::unix::ffi::OsStringExt;
            (crate::codecs::fs_decode(b), std::ffi::OsString::from_vec(b.to_vec()).into())
        }
        _ => {
            return Err(
                vm.new_type_error(format!("expected str, bytes or os.PathLike object, not {}", vm.type_name(&file)))
            )
        }
    };
    let mode =
        mode.map(|m| m.as_str().map(|s| s.as_str().to_string()).unwrap_or_default()).unwrap_or_else(|| "r".into());
    let mut enc_name = None;
    if let Some(e) = encoding.filter(|e| !e.is_none()) {
        let given = vm.str_string(&e)?;
        enc_name = Some(crate::codecs::lookup(vm, &given)?.name().to_string());
    }
    let errors = errors.filter(|e| !e.is_none()).map(|e| vm.str_string(&e)).transpose()?;
    let valid =
        mode.chars().all(|c| "rwxabt+".contains(c)) && mode.chars().filter(|c| "rwxa".contains(*c)).count() == 1;
    if !valid {
        return Err(vm.new_value_error(format!("invalid mode: '{mode}'")));
    }
    let mut o = std::fs::OpenOptions::new();
    if mode.contains('r') {
        o.read(true);
    }
    if mode.contains('w') {
        o.write(true).create(true).truncate(true);
    }
    if mode.contains('a') {
        o.append(true).create(true);
    }
    if mode.contains('x') {
        o.write(true).create_new(true);
    }
    if mode.contains('+') {
        o.read(true).write(true);
    }
    // A custom opener gets the path and the os.open flags FileIO would use, and returns the
    // descriptor to wrap (`_io_FileIO___init___impl`).
    let opener = opener.filter(|o| !o.is_none());
    let fd_num = match (&opener, fd_num) {
        (Some(op), None) => {
            let mut flags = if mode.contains('+') {
                libc::O_RDWR
            } else if mode.contains('r') {
                libc::O_RDONLY
            } else {
                libc::O_WRONLY
            };
            if mode.contains('w') {
                flags |= libc::O_CREAT | libc::O_TRUNC;
            }
            if mode.contains('a') {
                flags |= libc::O_CREAT | libc::O_APPEND;
            }
            if mode.contains('x') {
                flags |= libc::O_CREAT | libc::O_EXCL;
            }
            flags |= libc::O_CLOEXEC;
            let r = vm.call(op, Args::new(&[file.clone(), Value::Int(flags as i64)]))?;
            let fd = match r {
                Value::Int(i) => i,
                Value::Bool(b) => b as i64,
                _ => return Err(vm.new_type_error("expected integer from opener")),
            };
            if fd < 0 {
                return Err(vm.new_value_error(format!("opener returned {fd}")));
            }
            Some(fd)
        }
        _ => fd_num,
    };
    let f = match fd_num {
        Some(fd) => {
            use std::os::unix::io::FromRawFd;
            if !(0..=i32::MAX as i64).contains(&fd) {
                return Err(vm.new_value_error("negative file descriptor"));
            }
            // SAFETY: the descriptor must be open; fstat checks that before we own it.
            let mut st: libc::stat = unsafe { std::mem::zeroed() };
            if unsafe { libc::fstat(fd as i32, &mut st) } < 0 {
                return Err(vm.os_error_from(std::io::Error::last_os_error(), None));
            }
            // SAFETY: fd is open (checked above); ownership follows `closefd`.
            unsafe { std::fs::File::from_raw_fd(fd as i32) }
        }
        None => o.open(&os_path).map_err(|e| vm.os_error_from(e, Some(&path)))?,
    };
    if f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
        if !closefd {
            use std::os::unix::io::IntoRawFd;
            let _ = f.into_raw_fd();
        }
        return Err(vm.os_error_from(std::io::Error::from_raw_os_error(21), Some(&path)));
    }
    let obj = new_file(vm, Stream::File(f), file.clone(), &mode, false);
    if let Some(Payload::File(fd)) = obj.payload() {
        let mut fd = fd.borrow_mut();
        if let Some(e) = enc_name {
            fd.encoding = e;
        }
        if let Some(e) = errors {
            fd.errors = e;
        }
        fd.newline = newline.and_then(|n| n.as_str().map(|s| s.as_str().to_string()));
        fd.closefd = closefd;
    }
    Ok(obj)
}
