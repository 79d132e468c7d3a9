//! VM stage: the interpreter state. `Vm` owns the builtin types, the interned-name table, the
//! module registry and the per-run settings; every operation that may run Python code takes
//! `&mut Vm`. Errors are Python exception objects (`PyResult<T> = Result<T, PyRef>`).

use crate::dict::DictData;
use crate::exceptions::ExcTypes;
use crate::str::PyStr;
use crate::value::{Object, Payload, PyRef, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// A Python-level result: the error is the exception instance being raised.
pub type PyResult<T> = Result<T, PyRef>;

/// The builtin types the VM needs by name.
pub struct Types {
    pub object: PyRef,
    pub type_: PyRef,
    pub int: PyRef,
    pub bool_: PyRef,
    pub float: PyRef,
    pub complex: PyRef,
    pub str_: PyRef,
    pub bytes: PyRef,
    pub bytearray: PyRef,
    pub tuple: PyRef,
    pub list: PyRef,
    pub dict: PyRef,
    pub set: PyRef,
    pub frozenset: PyRef,
    pub range: PyRef,
    pub slice: PyRef,
    pub none_type: PyRef,
    pub not_implemented_type: PyRef,
    pub ellipsis_type: PyRef,
    pub function: PyRef,
    pub builtin_function: PyRef,
    pub method_descriptor: PyRef,
    pub method: PyRef,
    pub cell: PyRef,
    pub code: PyRef,
    pub module: PyRef,
    pub generator: PyRef,
    pub coroutine: PyRef,
    pub async_generator: PyRef,
    pub async_gen_wrapped: PyRef,
    pub async_gen_awaitable: PyRef,
    pub property: PyRef,
    pub classmethod: PyRef,
    pub staticmethod: PyRef,
    pub super_: PyRef,
    pub traceback: PyRef,
    pub frame: PyRef,
    pub generic_alias: PyRef,
    pub union_type: PyRef,
    pub memoryview: PyRef,
    pub iterator: PyRef,
    pub dict_keys: PyRef,
    pub dict_values: PyRef,
    pub dict_items: PyRef,
    pub mappingproxy: PyRef,
    pub text_io: PyRef,
    pub buffered_reader: PyRef,
    pub buffered_writer: PyRef,
    pub enumerate: PyRef,
    pub zip: PyRef,
    pub map: PyRef,
    pub filter: PyRef,
    pub reversed: PyRef,
    pub simple_namespace: PyRef,
    pub member_descriptor: PyRef,
    /// `getset_descriptor`: a native attribute (`int.real`), a `Payload::Property` whose
    /// getter and setter are native functions.
    pub getset_descriptor: PyRef,
    /// `wrapper_descriptor`: a slot method of a builtin type (`int.__add__`).
    pub wrapper_descriptor: PyRef,
    /// `method-wrapper`: a slot method bound to an object (`(1).__add__`).
    pub method_wrapper: PyRef,
    /// `classmethod_descriptor`: a native class method (`dict.__dict__['fromkeys']`).
    pub classmethod_descriptor: PyRef,
}

/// Settings from the command line and environment.
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub argv: Vec<String>,
    pub dont_write_bytecode: bool,
    pub verbose: u32,
    pub ignore_environment: bool,
    pub isolated: bool,
    pub no_site: bool,
    /// `-s`, `-I` or PYTHONNOUSERSITE: `site` leaves the user site-packages out
    /// (`sys.flags.no_user_site`).
    pub no_user_site: bool,
    pub unbuffered: bool,
    pub optimize: u8,
    pub pycache_prefix: Option<String>,
    /// Extra `sys.path` entries from PYTHONPATH.
    pub pythonpath: Vec<String>,
    /// The directory of the script (or '' for -c / -m / stdin), put first on sys.path after
    /// `site` has run (`Vm::insert_path0`), as CPython's `pymain_run_python` does.
    pub path0: Option<String>,
    pub stdlib_dir: Option<String>,
    pub lib_dir: Option<String>,
    pub executable: String,
    /// `sys.warnoptions`, in CPython's order: "default" for dev mode, then PYTHONWARNINGS,
    /// then `-W` options (later entries take precedence).
    pub warnoptions: Vec<String>,
    /// `-X` options as given ("name" or "name=value"), for `sys._xoptions`.
    pub xoptions: Vec<String>,
    /// `-X dev` or PYTHONDEVMODE.
    pub dev_mode: bool,
    /// `-X faulthandler`, `PYTHONFAULTHANDLER` or dev mode: `faulthandler.enable()` at start-up.
    pub faulthandler: bool,
    /// How many `-b` options: 1 warns (BytesWarning) on str() of bytes and on comparing bytes
    /// with str or int, 2 makes those errors (`sys.flags.bytes_warning`).
    pub bytes_warning: u8,
    /// `-X int_max_str_digits` or PYTHONINTMAXSTRDIGITS (`sys.flags.int_max_str_digits`).
    pub int_max_str_digits: Option<usize>,
    /// The Python UTF-8 mode (`sys.flags.utf8_mode`): `-X utf8`, PYTHONUTF8, or a C/POSIX
    /// LC_CTYPE locale at start-up.
    pub utf8_mode: bool,
}

/// An `atexit` registration: the function, its positional and its keyword (name, value) arguments.
pub type AtExitCall = (Value, Vec<Value>, Vec<(Value, Value)>);

/// A module's source as kept for tracebacks (see `Vm::sources`).
pub enum Source {
    Text(Rc<str>),
    Bytes(Vec<u8>),
}

pub struct Vm {
    pub types: Types,
    pub exc: ExcTypes,
    pub not_implemented: PyRef,
    pub ellipsis: PyRef,
    pub builtins: PyRef,
    pub builtins_dict: PyRef,
    pub sys: PyRef,
    /// `sys.modules`.
    pub modules: PyRef,
    /// Keyed with FxHash: every name of every loaded code object is looked up here, and
    /// SipHash (std's default) made that a visible part of start-up.
    interned: RefCell<rustc_hash::FxHashMap<Rc<str>, PyRef>>,
    pub config: Config,
    /// Current Python call depth (for RecursionError).
    pub depth: u32,
    pub recursion_limit: u32,
    /// `sys.getswitchinterval()`: how long a thread waits for the GIL before asking for it
    /// (gil.rs keeps the working copy).
    pub switch_interval: f64,
    /// `sys.getdlopenflags()` (pyrite loads no extension modules).
    pub dlopen_flags: i64,
    /// `sys.get_coroutine_origin_tracking_depth()`.
    pub coroutine_origin_depth: i64,
    /// `sys.get_int_max_str_digits()`: the longest decimal (non power-of-two base) string an int
    /// converts to or from; 0 means no limit.
    pub int_max_str_digits: usize,
    /// Depth of native re-entry into the interpreter (sort keys, `__eq__` called from Rust…),
    /// bounded separately so the Rust stack cannot overflow.
    pub native_depth: u32,
    /// The exception currently being handled (`sys.exc_info()`), or None.
    pub exc_info: Value,
    /// Objects whose repr is in progress (`Py_ReprEnter`), to print `[...]` for cycles.
    pub repr_stack: Vec<usize>,
    /// Native modules that can be imported, by name (filled by the stdlib crate at start-up).
    pub native_modules: HashMap<String, fn(&mut Vm) -> PyResult<PyRef>>,
    /// Loaded source texts by filename, for tracebacks (as CPython's linecache).
    /// Source of loaded modules for traceback lines: the text, or (for modules loaded from
    /// `__pycache__`) the file's bytes as read, decoded only if a traceback needs a line.
    pub sources: HashMap<String, Source>,
    pub interactive_names: HashMap<String, Value>,
    /// The frame executing right now (for `globals()`, zero-argument `super()`); set by the
    /// interpreter loop, valid only while that frame runs.
    pub(crate) frame_ptr: *mut crate::frame::Frame,
    /// Every frame being executed, oldest first (for `sys._getframe` and `f_back`).
    pub(crate) frames: Vec<*const crate::frame::Frame>,
    /// This thread's trace and profile functions (trace.rs).
    pub trace: crate::trace::TraceState,
    /// Whether frames run the tracing instance of the interpreter loop (`use_tracing`): a
    /// trace or profile function is set and none is running.
    pub(crate) use_tracing: bool,
    /// Finished frames kept for reuse (see `alloc_frame`).
    // Boxed: a frame's address must not move while `frame_ptr` may point at it.
    #[allow(clippy::vec_box)]
    pub(crate) frame_pool: Vec<Box<crate::frame::Frame>>,
    /// Modules whose body is running (for the circular-import wording of ImportError).
    pub initializing: Vec<String>,
    /// Per-kind iterator types (`list_iterator`, `dict_keyiterator`, …) by name.
    pub iter_types: HashMap<&'static str, PyRef>,
    /// `io.UnsupportedOperation`, once `_io` is imported.
    pub io_unsupported: Option<PyRef>,
    /// `_codecs` search functions and lookup cache (also registered error handlers).
    pub codec_search: Vec<Value>,
    pub codec_cache: HashMap<String, Value>,
    /// `atexit.register`ed calls, in registration order.
    pub atexit_callbacks: Vec<AtExitCall>,
    /// The Python-level handler of each signal number (`None`: never set from Python).
    pub signal_handlers: Vec<Value>,
    /// The `_warnings` state: filters, "once" registry, default action (warnings.rs).
    pub(crate) warnings: crate::warnings::State,
}

impl Vm {
    /// A new interpreter with the builtin types, `builtins` and `sys` ready.
    pub fn new(config: Config) -> Vm {
        crate::boot::boot(config)
    }

    pub(crate) fn from_parts(types: Types, exc: ExcTypes, config: Config) -> Vm {
        let dict_t = types.dict.clone();
        let new_dict = || Object::new(dict_t.clone(), Payload::Dict(RefCell::new(DictData::new())));
        let not_implemented = Object::new(types.not_implemented_type.clone(), Payload::None);
        let ellipsis = Object::new(types.ellipsis_type.clone(), Payload::None);
        let builtins_dict = new_dict();
        let builtins = Object::with_dict(types.module.clone(), Payload::Module, builtins_dict.clone());
        let sys = Object::with_dict(types.module.clone(), Payload::Module, new_dict());
        let modules = new_dict();
        Vm {
            types,
            exc,
            not_implemented,
            ellipsis,
            builtins,
            builtins_dict,
            sys,
            modules,
            interned: RefCell::new(rustc_hash::FxHashMap::default()),
            config,
            depth: 0,
            recursion_limit: 1000,
            switch_interval: 0.005,
            dlopen_flags: 2,
            coroutine_origin_depth: 0,
            int_max_str_digits: 4300,
            native_depth: 0,
            exc_info: Value::None,
            repr_stack: Vec::new(),
            native_modules: HashMap::new(),
            sources: HashMap::new(),
            interactive_names: HashMap::new(),
            frame_ptr: std::ptr::null_mut(),
            frames: Vec::new(),
            trace: Default::default(),
            use_tracing: false,
            frame_pool: Vec::new(),
            initializing: Vec::new(),
            iter_types: HashMap::new(),
            io_unsupported: None,
            codec_search: Vec::new(),
            codec_cache: HashMap::new(),
            atexit_callbacks: Vec::new(),
            signal_handlers: vec![Value::None; crate::signals::NSIG],
            warnings: Default::default(),
        }
    }

    /// An interned str object: the same object for the same text, hash cached.
    pub fn intern(&self, s: &str) -> PyRef {
        if let Some(o) = self.interned.borrow().get(s) {
            return o.clone();
        }
        let o = Object::new(self.types.str_.clone(), Payload::Str(PyStr::new(s)));
        self.interned.borrow_mut().insert(s.into(), o.clone());
        o
    }

    #[inline]
    pub fn new_str<S: AsRef<str> + Into<Box<str>>>(&self, s: S) -> Value {
        Value::Obj(Object::new(self.types.str_.clone(), Payload::Str(PyStr::from_text(s))))
    }

    /// The character that carries code point `u` (< 0x110000) in a str: surrogates become their
    /// stand-ins (`bytecode::surrogate`); the reserved stand-in range itself cannot be held.
    pub fn char_for_code(&self, u: u32) -> PyResult<char> {
        bytecode::surrogate::char_for(u).ok_or_else(|| {
            self.new_not_implemented_error(format!(
                "code point U+{u:04X} is not supported: pyrite reserves U+DD800..U+DDFFF to carry lone surrogates"
            ))
        })
    }

    pub fn new_tuple(&self, items: impl Into<Box<[Value]>>) -> Value {
        Value::Obj(Object::new(self.types.tuple.clone(), Payload::Tuple(items.into())))
    }

    pub fn new_list(&self, items: Vec<Value>) -> Value {
        Value::Obj(Object::new(self.types.list.clone(), Payload::List(RefCell::new(items))))
    }

    pub fn new_dict(&self) -> PyRef {
        Object::new(self.types.dict.clone(), Payload::Dict(RefCell::new(DictData::new())))
    }

    pub fn new_bytes(&self, b: impl Into<Box<[u8]>>) -> Value {
        Value::Obj(Object::new(self.types.bytes.clone(), Payload::Bytes(b.into())))
    }

    pub fn new_bigint(&self, i: num_bigint::BigInt) -> Value {
        use num_traits::ToPrimitive;
        match i.to_i64() {
            Some(v) => Value::Int(v),
            None => Value::Obj(Object::new(self.types.int.clone(), Payload::Int(i))),
        }
    }

    pub fn not_implemented(&self) -> Value {
        Value::Obj(self.not_implemented.clone())
    }

    pub fn is_not_implemented(&self, v: &Value) -> bool {
        matches!(v, Value::Obj(o) if Rc::ptr_eq(o, &self.not_implemented))
    }

    /// Sets a str-keyed item in a dict object without running Python code.
    pub fn dict_set_str(&self, dict: &PyRef, name: &str, value: Value) {
        let key = self.intern(name);
        let hash = match &key.payload {
            Payload::Str(s) => s.hash(),
            _ => unreachable!(),
        };
        if let Payload::Dict(d) = &dict.payload {
            let old = {
                let mut dd = d.borrow_mut();
                let old = dd.get_str(name, hash);
                dd.set_str_key(Value::Obj(key), hash, value);
                old
            };
            drop(old);
        }
    }

    /// Reads a str-keyed item of a dict object without running Python code.
    pub fn dict_get_str(&self, dict: &PyRef, name: &str) -> Option<Value> {
        match &dict.payload {
            Payload::Dict(d) => d.borrow().get_str(name, crate::hash::hash_str(name)),
            _ => None,
        }
    }

    /// A module attribute or `builtins` entry by name (for the VM's own use).
    pub fn builtin(&self, name: &str) -> Option<Value> {
        self.dict_get_str(&self.builtins_dict, name)
    }

    /// The globals dict of the executing Python frame.
    pub fn current_globals(&self) -> Option<PyRef> {
        // SAFETY: `frame_ptr` is set by `run_frame` to the frame it is executing and restored
        // when that run ends, so it is either null or points at a live frame.
        unsafe { self.frame_ptr.as_ref() }.map(|f| f.globals.clone())
    }

    /// Code, line, lasti and globals of the executing Python frame.
    #[allow(clippy::type_complexity)]
    pub fn current_frame_info(&self) -> Option<(Rc<crate::value::CodeData>, Option<u32>, usize, PyRef)> {
        // SAFETY: as in `current_globals`.
        unsafe { self.frame_ptr.as_ref() }.map(|f| (f.code.clone(), f.lineno(), f.lasti, f.globals.clone()))
    }

    pub fn sys_attr(&self, name: &str) -> Option<Value> {
        self.sys.dict.get().and_then(|d| self.dict_get_str(&d, name))
    }
}
