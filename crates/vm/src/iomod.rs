//! VM stage: the `_io` module that CPython's `io.py` re-exports — `open`, the file types,
//! in-memory `StringIO` and `BytesIO`, `UnsupportedOperation`, and the abstract base classes
//! `io.py` subclasses. In-memory streams keep a buffer and a position with CPython's
//! read/write/seek semantics.

use crate::func::{Args, MethodDef};
use crate::types::{new_type, Layout};
use crate::value::{Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};

/// State of a StringIO (text, positions in code points) or BytesIO, kept in the instance dict
/// under private names so the object stays a plain instance.
fn buf_get(vm: &mut Vm, this: &Value) -> PyResult<(Value, usize)> {
    let b = vm.getattr_str(this, "_pyrite_buf")?;
    let p = vm.getattr_str(this, "_pyrite_pos")?;
    Ok((b, vm.to_i64_index(&p)? as usize))
}

fn check_open(vm: &mut Vm, this: &Value) -> PyResult<()> {
    if matches!(vm.getattr_str(this, "_pyrite_closed")?, Value::Bool(true)) {
        return Err(vm.new_value_error("I/O operation on closed file."));
    }
    Ok(())
}

fn mem_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let bytes_mode = vm
        .type_of(&this)
        .as_type()
        .is_some_and(|t| t.mro.borrow().iter().any(|c| &*c.as_type().unwrap().name() == "BytesIO"));
    let initial = args
        .pos()
        .get(1)
        .cloned()
        .or_else(|| args.kwarg(if bytes_mode { "initial_bytes" } else { "initial_value" }).cloned());
    let buf = match initial {
        Some(v) if !v.is_none() => {
            if bytes_mode {
                let b = crate::objects::memoryview::bytes_like(vm, &v)?;
                vm.new_bytes(b)
            } else if v.as_str().is_some() {
                v
            } else {
                return Err(vm.new_type_error(format!("initial_value must be str or None, not {}", vm.type_name(&v))));
            }
        }
        _ => {
            if bytes_mode {
                vm.new_bytes(Vec::new())
            } else {
                vm.new_str("")
            }
        }
    };
    vm.setattr_str(&this, "_pyrite_buf", buf)?;
    vm.setattr_str(&this, "_pyrite_pos", Value::Int(0))?;
    vm.setattr_str(&this, "_pyrite_closed", Value::Bool(false))?;
    Ok(Value::None)
}

/// The buffer as code points (text) or bytes, to slice by position.
enum Buf {
    Text(Vec<char>),
    Bytes(Vec<u8>),
}

fn load(v: &Value) -> Buf {
    match v.payload() {
        Some(Payload::Bytes(b)) => Buf::Bytes(b.to_vec()),
        _ => Buf::Text(v.as_str().map(|s| s.as_str().chars().collect()).unwrap_or_default()),
    }
}

fn store(vm: &mut Vm, this: &Value, b: Buf, pos: usize) -> PyResult<()> {
    let v = match b {
        Buf::Text(c) => vm.new_str(c.into_iter().collect::<String>()),
        Buf::Bytes(b) => vm.new_bytes(b),
    };
    vm.setattr_str(this, "_pyrite_buf", v)?;
    vm.setattr_str(this, "_pyrite_pos", Value::Int(pos as i64))
}

fn mem_write(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "write", 2)?;
    check_open(vm, &a[0])?;
    // Any bytes-like object (memoryview, bytearray) writes as its bytes.
    let converted;
    let a = if matches!(
        a[1].payload(),
        Some(Payload::MemoryView(_)) | Some(Payload::ByteArray(_)) | Some(Payload::Native(_))
    ) && crate::objects::memoryview::buffer_bytes(&a[1]).is_some()
    {
        converted = [a[0].clone(), vm.new_bytes(crate::objects::memoryview::buffer_bytes(&a[1]).unwrap_or_default())];
        &converted[..]
    } else {
        a
    };
    let (buf, pos) = buf_get(vm, &a[0])?;
    let mut b = load(&buf);
    let n = match (&mut b, a[1].payload()) {
        (Buf::Text(t), Some(Payload::Str(s))) => {
            let new: Vec<char> = s.as_str().chars().collect();
            if t.len() < pos {
                t.resize(pos, '\0');
            }
            let end = (pos + new.len()).min(t.len());
            t.splice(pos..end, new.iter().copied());
            new.len()
        }
        (Buf::Bytes(t), Some(Payload::Bytes(s))) => {
            if t.len() < pos {
                t.resize(pos, 0);
            }
            let end = (pos + s.len()).min(t.len());
            t.splice(pos..end, s.iter().copied());
            s.len()
        }
        (Buf::Text(_), _) => {
            return Err(vm.new_type_error(format!("string argument expected, got '{}'", vm.type_name(&a[1]))))
        }
        (Buf::Bytes(_), _) => {
            // Not a contiguous, live buffer: the TypeError, BufferError or ValueError saying why.
            crate::objects::memoryview::bytes_like(vm, &a[1])?;
            return Err(vm.new_type_error(format!("a bytes-like object is required, not '{}'", vm.type_name(&a[1]))));
        }
    };
    store(vm, &a[0], b, pos + n)?;
    Ok(Value::Int(n as i64))
}

fn mem_read(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "read", 1, 2)?;
    check_open(vm, &a[0])?;
    let (buf, pos) = buf_get(vm, &a[0])?;
    let b = load(&buf);
    let n = match a.get(1) {
        Some(v) if !v.is_none() => vm.to_i64_index(v)?,
        _ => -1,
    };
    let (out, newpos) = match b {
        Buf::Text(t) => {
            let start = pos.min(t.len());
            let end = if n < 0 { t.len() } else { (start + n as usize).min(t.len()) };
            (vm.new_str(t[start..end].iter().collect::<String>()), end)
        }
        Buf::Bytes(t) => {
            let start = pos.min(t.len());
            let end = if n < 0 { t.len() } else { (start + n as usize).min(t.len()) };
            (vm.new_bytes(t[start..end].to_vec()), end)
        }
    };
    vm.setattr_str(&a[0], "_pyrite_pos", Value::Int(newpos as i64))?;
    Ok(out)
}

fn mem_readline(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_open(vm, &args.args[0])?;
    let (buf, pos) = buf_get(vm, &args.args[0])?;
    let (out, newpos) = match load(&buf) {
        Buf::Text(t) => {
            let start = pos.min(t.len());
            let end = t[start..].iter().position(|c| *c == '\n').map(|i| start + i + 1).unwrap_or(t.len());
            (vm.new_str(t[start..end].iter().collect::<String>()), end)
        }
        Buf::Bytes(t) => {
            let start = pos.min(t.len());
            let end = t[start..].iter().position(|c| *c == b'\n').map(|i| start + i + 1).unwrap_or(t.len());
            (vm.new_bytes(t[start..end].to_vec()), end)
        }
    };
    vm.setattr_str(&args.args[0], "_pyrite_pos", Value::Int(newpos as i64))?;
    Ok(out)
}

fn mem_readlines(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut out = Vec::new();
    loop {
        let l = mem_readline(vm, Args::new(&args.args[..1]))?;
        if vm.len(&l)? == 0 {
            break;
        }
        out.push(l);
    }
    Ok(vm.new_list(out))
}

fn mem_getvalue(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_open(vm, &args.args[0])?;
    vm.getattr_str(&args.args[0], "_pyrite_buf")
}

/// `BytesIO.getbuffer()`: a view of the contents (read-only here: pyrite's BytesIO keeps an
/// immutable buffer, so writes through the view are refused instead of being lost).
fn mem_getbuffer(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_open(vm, &args.args[0])?;
    let v = vm.getattr_str(&args.args[0], "_pyrite_buf")?;
    let mv = Value::Obj(vm.types.memoryview.clone());
    vm.call(&mv, Args::new(&[v]))
}

fn mem_tell(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_open(vm, &args.args[0])?;
    vm.getattr_str(&args.args[0], "_pyrite_pos")
}

fn mem_seek(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "seek", 2, 3)?;
    check_open(vm, &a[0])?;
    let off = vm.to_i64_index(&a[1])?;
    let whence = match a.get(2) {
        Some(w) => vm.to_i64_index(w)?,
        None => 0,
    };
    let (buf, pos) = buf_get(vm, &a[0])?;
    let len = vm.len(&buf)? as i64;
    let new = match whence {
        0 => {
            if off < 0 {
                return Err(vm.new_value_error(format!("Negative seek position {off}")));
            }
            off
        }
        1 => (pos as i64 + off).max(0),
        2 => (len + off).max(0),
        _ => return Err(vm.new_value_error(format!("Invalid whence ({whence}, should be 0, 1 or 2)"))),
    };
    vm.setattr_str(&a[0], "_pyrite_pos", Value::Int(new))?;
    Ok(Value::Int(new))
}

fn mem_truncate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "truncate", 1, 2)?;
    let (buf, pos) = buf_get(vm, &a[0])?;
    let size = match a.get(1) {
        Some(v) if !v.is_none() => vm.to_i64_index(v)? as usize,
        _ => pos,
    };
    let b = match load(&buf) {
        Buf::Text(mut t) => {
            t.truncate(size);
            Buf::Text(t)
        }
        Buf::Bytes(mut t) => {
            t.truncate(size);
            Buf::Bytes(t)
        }
    };
    store(vm, &a[0], b, pos)?;
    Ok(Value::Int(size as i64))
}

fn mem_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.setattr_str(&args.args[0], "_pyrite_closed", Value::Bool(true))?;
    Ok(Value::None)
}

fn mem_closed(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.getattr_str(&args.args[0], "_pyrite_closed")
}

fn mem_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_open(vm, &args.args[0])?;
    Ok(args.args[0].clone())
}

fn mem_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let l = mem_readline(vm, args)?;
    if vm.len(&l)? == 0 {
        return Err(vm.new_stop_iteration(Value::None));
    }
    Ok(l)
}

fn mem_enter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_open(vm, &args.args[0])?;
    Ok(args.args[0].clone())
}

fn mem_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    mem_close(vm, Args::new(&args.args[..1]))
}

fn mem_true(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Bool(true))
}

fn mem_flush(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::None)
}

fn mem_writelines(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "writelines", 2)?;
    for l in vm.collect(&a[1])? {
        mem_write(vm, Args::new(&[a[0].clone(), l]))?;
    }
    Ok(Value::None)
}

const MEM_METHODS: &[MethodDef] = &[
    ("__init__", mem_init, ""),
    ("write", mem_write, ""),
    ("writelines", mem_writelines, ""),
    ("read", mem_read, ""),
    ("readline", mem_readline, ""),
    ("readlines", mem_readlines, ""),
    ("getvalue", mem_getvalue, ""),
    ("tell", mem_tell, ""),
    ("seek", mem_seek, ""),
    ("truncate", mem_truncate, ""),
    ("close", mem_close, ""),
    ("flush", mem_flush, ""),
    ("readable", mem_true, ""),
    ("writable", mem_true, ""),
    ("seekable", mem_true, ""),
    ("__iter__", mem_iter, ""),
    ("__next__", mem_next, ""),
    ("__enter__", mem_enter, ""),
    ("__exit__", mem_exit, ""),
];

/// The behaviour the abstract bases give their Python subclasses (`io.BufferedIOBase`
/// subclasses such as zipfile's `_ZipWriteFile` rely on it): closing, the context manager,
/// line iteration built on `read`/`readline`, and `UnsupportedOperation` for what a subclass
/// does not provide. Written here in Python and run in the `_io` namespace.
const IOBASE_SRC: &str = r#"
class _IOBase:
    __closed = False

    def _unsupported(self, name):
        raise UnsupportedOperation(f"{type(self).__name__}.{name}() not supported")

    def seek(self, pos, whence=0):
        self._unsupported("seek")

    def tell(self):
        return self.seek(0, 1)

    def truncate(self, pos=None):
        self._unsupported("truncate")

    def flush(self):
        self._checkClosed()

    def close(self):
        if not self.__closed:
            try:
                self.flush()
            finally:
                self.__closed = True

    def __del__(self):
        try:
            closed = self.closed
        except AttributeError:
            return
        if not closed:
            try:
                self.close()
            except Exception:
                pass

    @property
    def closed(self):
        return self.__closed

    def seekable(self):
        return False

    def readable(self):
        return False

    def writable(self):
        return False

    def _checkClosed(self, msg=None):
        if self.closed:
            raise ValueError("I/O operation on closed file." if msg is None else msg)

    def _checkSeekable(self, msg=None):
        if not self.seekable():
            raise UnsupportedOperation("File or stream is not seekable." if msg is None else msg)

    def _checkReadable(self, msg=None):
        if not self.readable():
            raise UnsupportedOperation("File or stream is not readable." if msg is None else msg)

    def _checkWritable(self, msg=None):
        if not self.writable():
            raise UnsupportedOperation("File or stream is not writable." if msg is None else msg)

    def __enter__(self):
        self._checkClosed()
        return self

    def __exit__(self, *args):
        self.close()

    def fileno(self):
        self._unsupported("fileno")

    def isatty(self):
        self._checkClosed()
        return False

    def readline(self, size=-1):
        if size is None:
            size = -1
        out = bytearray()
        while size < 0 or len(out) < size:
            b = self.read(1)
            if not b:
                break
            out += b
            if out.endswith(b"\n"):
                break
        return bytes(out)

    def __iter__(self):
        self._checkClosed()
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def readlines(self, hint=None):
        if hint is None or hint <= 0:
            return list(self)
        lines, n = [], 0
        for line in self:
            lines.append(line)
            n += len(line)
            if n >= hint:
                break
        return lines

    def writelines(self, lines):
        self._checkClosed()
        for line in lines:
            self.write(line)


class _RawIOBase(_IOBase):
    def read(self, size=-1):
        if size is None:
            size = -1
        if size < 0:
            return self.readall()
        b = bytearray(size)
        n = self.readinto(b)
        if n is None:
            return None
        return bytes(b[:n])

    def readall(self):
        res = bytearray()
        while True:
            data = self.read(DEFAULT_BUFFER_SIZE)
            if not data:
                break
            res += data
        return bytes(res)

    def readinto(self, b):
        self._unsupported("readinto")

    def write(self, b):
        self._unsupported("write")


class _BufferedIOBase(_IOBase):
    def read(self, size=-1):
        self._unsupported("read")

    def read1(self, size=-1):
        return self.read(size)

    def write(self, b):
        self._unsupported("write")

    def detach(self):
        self._unsupported("detach")

    def readinto(self, b):
        # "w*": any read-write, C-contiguous buffer, filled byte by byte.
        from _pyrite import writable_view
        view = writable_view(b, "readinto() ")
        data = self.read(len(view))
        n = len(data)
        view[:n] = data
        return n

    def readinto1(self, b):
        return self.readinto(b)


class _TextIOBase(_IOBase):
    def read(self, size=-1):
        self._unsupported("read")

    def write(self, s):
        self._unsupported("write")

    def detach(self):
        self._unsupported("detach")

    @property
    def encoding(self):
        return None

    @property
    def newlines(self):
        return None

    @property
    def errors(self):
        return None
"#;

/// `IOBASE_SRC` compiled, as a checked-hash .pyc (regenerated by the `iobase_code_is_current`
/// test): every start-up imports `io` (through `site`), and loading this costs a tenth of
/// compiling the source. Used only while its magic number and source hash match; otherwise the
/// source is compiled. (The source has no docstrings or asserts, so `-O` compiles it alike.)
const IOBASE_PYC: &[u8] = include_bytes!("iobase_code.bin");

fn iobase_code(vm: &mut Vm) -> PyResult<std::rc::Rc<crate::value::CodeData>> {
    use bytecode::pyc::{self, Validation};
    if let Ok((Validation::Hash { hash, .. }, code)) = pyc::read(IOBASE_PYC) {
        if hash == pyc::source_hash(IOBASE_SRC.as_bytes()) {
            return Ok(vm.code_data(code));
        }
    }
    vm.compile_source(IOBASE_SRC, "<string>", compiler::Mode::Exec)
}

fn heap_class(vm: &mut Vm, name: &str, bases: Vec<PyRef>) -> PyRef {
    let t = new_type(Some(&vm.types.type_.clone()), Some(&vm.types.dict.clone()), name, bases, Layout::Object, true);
    *t.as_type().unwrap().mro.borrow_mut() = crate::types::compute_mro(&t).unwrap();
    vm.dict_set_str(&t.dict.get().unwrap(), "__module__", vm.new_str("_io"));
    t
}

/// Constructs `_pyio.<name>(*args, **kwargs)`: the wrappers over arbitrary buffer objects
/// (`TextIOWrapper(buffer)`, `BufferedReader(raw)`, …) come from CPython's pure-Python io
/// implementation; pyrite's native file objects are what `open()` returns.
fn pyio_new(vm: &mut Vm, args: Args, name: &str) -> PyResult<Value> {
    let pyio = vm.import_fullname("_pyio")?;
    let cls = vm.getattr_str(&pyio, name)?;
    vm.call(&cls, Args { args: &args.args[1..], kwnames: args.kwnames })
}

impl Vm {
    /// The bases of a new class, with pyrite's native file types replaced by their `_pyio`
    /// counterparts. `open()`'s objects are native, and `io.BufferedReader(raw)` already builds
    /// a `_pyio` object; a class deriving from the native type (tarfile's `ExFileObject`)
    /// derives from the `_pyio` class instead, so its `__init__` and `super()` calls reach
    /// Python code that works. (Its instances are then not `isinstance` of the native type.)
    pub(crate) fn pyio_bases(&mut self, bases: Vec<PyRef>) -> PyResult<Vec<PyRef>> {
        let native = |vm: &Vm, b: &PyRef| {
            [
                (&vm.types.buffered_reader, "BufferedReader"),
                (&vm.types.buffered_writer, "BufferedWriter"),
                (&vm.types.text_io, "TextIOWrapper"),
            ]
            .into_iter()
            .find(|(t, _)| std::rc::Rc::ptr_eq(b, t))
            .map(|(_, name)| name)
        };
        if !bases.iter().any(|b| native(self, b).is_some()) {
            return Ok(bases);
        }
        let pyio = self.import_fullname("_pyio")?;
        let mut out = Vec::with_capacity(bases.len());
        for b in bases {
            match native(self, &b) {
                Some(name) => match self.getattr_str(&pyio, name)? {
                    Value::Obj(t) => out.push(t),
                    _ => out.push(b),
                },
                None => out.push(b),
            }
        }
        Ok(out)
    }
}

/// The locale's encoding, as `encoding="locale"` (and no encoding) means it: what
/// `_locale.getencoding()` says, as the C TextIOWrapper asks `_Py_GetLocaleEncodingObject`.
fn locale_encoding(vm: &mut Vm) -> PyResult<Option<Value>> {
    let Ok(locale) = vm.import_fullname("_locale") else { return Ok(None) };
    let f = vm.getattr_str(&locale, "getencoding")?;
    vm.call(&f, Args::new(&[])).map(Some)
}

/// `TextIOWrapper(buffer, ...)` over one of pyrite's own binary readers of a file (what
/// `open(path, "rb")` and `io.open_code` return, nothing read from it yet) is one of pyrite's
/// own text files over the same descriptor, as `open(path)` makes them, with the reader as its
/// `buffer`: `site` wraps every `.pth` file so, and `_pyio`'s wrapper would cost more than the
/// rest of start-up. Anything else (a subclass, other buffers, write options, a reader with
/// data read ahead) gets `_pyio`'s.
fn native_text_wrapper(vm: &mut Vm, args: &Args) -> PyResult<Option<Value>> {
    if !args.args[0].as_obj().is_some_and(|c| std::rc::Rc::ptr_eq(c, &vm.types.text_io)) {
        return Ok(None);
    }
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    let [buffer, encoding, errors, newline, line_buffering, write_through] = rest.bind(
        vm,
        "TextIOWrapper",
        ["buffer", "encoding", "errors", "newline", "line_buffering", "write_through"],
        1,
    )?;
    let buffer = buffer.unwrap();
    let plain = |v: &Option<Value>| v.as_ref().is_none_or(|v| matches!(v, Value::Bool(false) | Value::None));
    if !plain(&line_buffering) || !plain(&write_through) {
        return Ok(None);
    }
    let Some(Value::Obj(b)) =
        Some(&buffer).filter(|b| b.as_obj().is_some_and(|o| o.class_is(&vm.types.buffered_reader)))
    else {
        return Ok(None);
    };
    let Payload::File(fd) = &b.payload else { return Ok(None) };
    let newline = match newline.filter(|n| !n.is_none()) {
        None => None,
        Some(n) => match n.as_str().map(|s| s.as_str().to_string()) {
            Some(s) if ["", "\n", "\r", "\r\n"].contains(&s.as_str()) => Some(s),
            _ => return Ok(None),
        },
    };
    let errors = match errors.filter(|e| !e.is_none()) {
        None => "strict".to_string(),
        Some(e) => match e.as_str() {
            Some(s) => s.as_str().to_string(),
            None => return Ok(None),
        },
    };
    let encoding = match encoding.filter(|e| !e.is_none()) {
        Some(e) if e.as_str().is_none_or(|s| s.as_str() != "locale") => e,
        _ => match locale_encoding(vm)? {
            Some(e) => e,
            None => return Ok(None),
        },
    };
    let Some(enc) = encoding.as_str().map(|s| s.as_str().to_string()) else { return Ok(None) };
    let enc = crate::codecs::lookup(vm, &enc)?.name().to_string();
    let (stream, name) = {
        let f = fd.borrow();
        let crate::io::Stream::File(file) = &f.stream else { return Ok(None) };
        if f.closed || !f.binary || !f.readable || f.writable || !f.rbuf.is_empty() {
            return Ok(None);
        }
        (crate::io::Stream::File(file.try_clone().map_err(|e| vm.os_error_from(e, None))?), f.name.clone())
    };
    let text = crate::io::new_file(vm, stream, name, "r", false);
    if let Some(Payload::File(t)) = text.payload() {
        let mut t = t.borrow_mut();
        t.encoding = enc;
        t.errors = errors;
        t.newline = newline;
        t.buffer = Some(buffer.clone());
    }
    Ok(Some(text))
}

fn text_io_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if let Some(t) = native_text_wrapper(vm, &args)? {
        return Ok(t);
    }
    // `encoding="locale"` is resolved here, as the C TextIOWrapper does with
    // `_Py_GetLocaleEncodingObject`: `_pyio` would import `locale` (and with it `re`, `enum`,
    // `functools`, …) for one `getencoding()` call, which made each `.pth` file that `site`
    // reads at start-up cost more than the rest of start-up together.
    let npos = args.args.len() - args.kwnames.len();
    let at = if npos > 2 {
        Some(2)
    } else {
        args.kwnames.iter().position(|k| k.as_str().is_some_and(|s| s.as_str() == "encoding")).map(|i| npos + i)
    };
    if let Some(i) = at.filter(|&i| args.args[i].as_str().is_some_and(|s| s.as_str() == "locale")) {
        if let Some(enc) = locale_encoding(vm)? {
            let mut given = args.args.to_vec();
            given[i] = enc;
            return pyio_new(vm, Args { args: &given, kwnames: args.kwnames }, "TextIOWrapper");
        }
    }
    pyio_new(vm, args, "TextIOWrapper")
}
fn reader_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    // `FileIO(path)` and `BufferedReader(raw)` share pyrite's native reader type.
    let is_path = args.args.get(1).is_some_and(|a| {
        matches!(a, Value::Int(_)) || matches!(a.payload(), Some(Payload::Str(_)) | Some(Payload::Bytes(_)))
    });
    pyio_new(vm, args, if is_path { "FileIO" } else { "BufferedReader" })
}
fn writer_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pyio_new(vm, args, "BufferedWriter")
}
fn rw_pair_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pyio_new(vm, args, "BufferedRWPair")
}
fn random_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pyio_new(vm, args, "BufferedRandom")
}
fn newline_decoder_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pyio_new(vm, args, "IncrementalNewlineDecoder")
}

fn text_encoding(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "text_encoding", 1, 2)?;
    if a[0].is_none() {
        return Ok(vm.new_str("utf-8"));
    }
    Ok(a[0].clone())
}

fn open_code(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "open_code", 1)?;
    let mode = vm.new_str("rb");
    crate::io::open(vm, Args::new(&[a[0].clone(), mode]))
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_io");
    let d = m.dict.get().unwrap();
    vm.dict_set_str(&d, "DEFAULT_BUFFER_SIZE", Value::Int(8192));
    let class_of = |vm: &mut Vm, name: &str| -> PyResult<PyRef> {
        match vm.dict_get_str(&d, name) {
            Some(Value::Obj(t)) => Ok(t),
            _ => Err(vm.new_runtime_error(format!("_io.{name} missing"))),
        }
    };
    let unsupported = {
        let bases = vec![vm.exc.os_error.clone(), vm.exc.value_error.clone()];
        let t = new_type(
            Some(&vm.types.type_.clone()),
            Some(&vm.types.dict.clone()),
            "UnsupportedOperation",
            bases,
            Layout::Exception,
            true,
        );
        *t.as_type().unwrap().mro.borrow_mut() = crate::types::compute_mro(&t).unwrap();
        vm.dict_set_str(&t.dict.get().unwrap(), "__module__", vm.new_str("io"));
        t
    };
    vm.io_unsupported = Some(unsupported.clone());
    vm.dict_set_str(&d, "UnsupportedOperation", Value::Obj(unsupported.clone()));
    vm.dict_set_str(&d, "__builtins__", Value::Obj(vm.builtins.clone()));
    let code = iobase_code(vm)?;
    vm.run_code(code, d.clone(), None)?;
    let (iobase, raw) = (class_of(vm, "_IOBase")?, class_of(vm, "_RawIOBase")?);
    let (buffered, textbase) = (class_of(vm, "_BufferedIOBase")?, class_of(vm, "_TextIOBase")?);
    let stringio = heap_class(vm, "StringIO", vec![textbase.clone()]);
    vm.add_methods(&stringio, MEM_METHODS);
    vm.add_getset(&stringio, "closed", mem_closed, None);
    let bytesio = heap_class(vm, "BytesIO", vec![buffered.clone()]);
    vm.add_methods(&bytesio, MEM_METHODS);
    vm.add_methods(
        &bytesio,
        &[("getbuffer", mem_getbuffer, "Get a read-write view over the contents of the BytesIO object.")],
    );
    vm.add_getset(&bytesio, "closed", mem_closed, None);
    vm.add_static(&vm.types.text_io.clone(), "__new__", text_io_new);
    vm.add_static(&vm.types.buffered_reader.clone(), "__new__", reader_new);
    vm.add_static(&vm.types.buffered_writer.clone(), "__new__", writer_new);
    let rw_pair = heap_class(vm, "BufferedRWPair", vec![buffered.clone()]);
    vm.add_static(&rw_pair, "__new__", rw_pair_new);
    let random = heap_class(vm, "BufferedRandom", vec![buffered.clone()]);
    vm.add_static(&random, "__new__", random_new);
    let newline_decoder = heap_class(vm, "IncrementalNewlineDecoder", vec![vm.types.object.clone()]);
    vm.add_static(&newline_decoder, "__new__", newline_decoder_new);
    for (n, v) in [
        ("_IOBase", iobase),
        ("_RawIOBase", raw),
        ("_BufferedIOBase", buffered),
        ("_TextIOBase", textbase),
        ("StringIO", stringio),
        ("BytesIO", bytesio),
        ("UnsupportedOperation", unsupported),
        ("TextIOWrapper", vm.types.text_io.clone()),
        ("BufferedReader", vm.types.buffered_reader.clone()),
        ("BufferedWriter", vm.types.buffered_writer.clone()),
        ("BufferedRWPair", rw_pair),
        ("BufferedRandom", random),
        ("FileIO", vm.types.buffered_reader.clone()),
        ("IncrementalNewlineDecoder", newline_decoder),
        ("BlockingIOError", vm.exc.blocking_io_error.clone()),
    ] {
        vm.dict_set_str(&d, n, Value::Obj(v));
    }
    vm.dict_set_str(&d, "DEFAULT_BUFFER_SIZE", Value::Int(8192));
    let open = vm.builtin("open").unwrap();
    vm.dict_set_str(&d, "open", open);
    let f = vm.new_native_fn("open_code", open_code);
    vm.dict_set_str(&d, "open_code", f);
    let f = vm.new_native_fn("text_encoding", text_encoding);
    vm.dict_set_str(&d, "text_encoding", f);
    Ok(m)
}

#[cfg(test)]
mod tests {
    use bytecode::pyc::{self, Validation};

    /// `iobase_code.bin` is `IOBASE_SRC` as the compiler compiles it now;
    /// `PYRITE_REGEN=1 cargo test -p vm iobase` rewrites it after a compiler change.
    #[test]
    fn iobase_code_is_current() {
        let opts = compiler::Options { optimize: 0 };
        let code = compiler::compile(super::IOBASE_SRC, "<string>", compiler::Mode::Exec, opts).unwrap();
        let hash = pyc::source_hash(super::IOBASE_SRC.as_bytes());
        let data = pyc::write(&code, Validation::Hash { hash, check_source: true });
        if std::env::var_os("PYRITE_REGEN").is_some() {
            std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/src/iobase_code.bin"), &data).unwrap();
            return;
        }
        assert!(data == super::IOBASE_PYC, "src/iobase_code.bin is stale: PYRITE_REGEN=1 cargo test -p vm iobase");
    }
}
