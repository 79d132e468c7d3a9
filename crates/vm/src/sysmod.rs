//! VM stage: the `sys` module — argv, path, modules, the standard streams, version and
//! implementation facts (cache tag `pyrite-311`), recursion limit, exit and exc_info.

use crate::func::Args;
use crate::io::{new_file, Stream};
use crate::value::{Payload, Value};
use crate::vm::{PyResult, Vm};

fn sys_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "exit", 0, 1)?;
    let e = vm.new_exception_args(&vm.exc.system_exit.clone(), a.to_vec());
    e.exc_set_field("code", a.first().cloned().unwrap_or(Value::None));
    Err(e)
}

fn sys_get_asyncgen_hooks(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "get_asyncgen_hooks", 0)?;
    let (a, b) = crate::gen::ASYNCGEN_HOOKS.with(|h| h.borrow().clone());
    Ok(vm.new_tuple(vec![a, b]))
}

/// `set_asyncgen_hooks(firstiter=..., finalizer=...)`: an omitted hook keeps its value.
fn sys_set_asyncgen_hooks(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [firstiter, finalizer] = args.bind(vm, "set_asyncgen_hooks", ["firstiter", "finalizer"], 0)?;
    for (v, what) in [(&firstiter, "firstiter"), (&finalizer, "finalizer")] {
        if let Some(v) = v {
            if !v.is_none()
                && vm.lookup_special(v, "__call__").is_none()
                && !matches!(
                    v.payload(),
                    Some(Payload::Function(_) | Payload::BuiltinFunction(_) | Payload::Method(..) | Payload::Type(_))
                )
            {
                return Err(vm.new_type_error(format!("callable {what} expected, got {}", vm.type_name(v))));
            }
        }
    }
    crate::gen::ASYNCGEN_HOOKS.with(|h| {
        let mut h = h.borrow_mut();
        if let Some(f) = firstiter {
            h.0 = f;
        }
        if let Some(f) = finalizer {
            h.1 = f;
        }
    });
    Ok(Value::None)
}

fn sys_is_finalizing(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "is_finalizing", 0)?;
    Ok(Value::Bool(false))
}

fn sys_get_int_max_str_digits(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "get_int_max_str_digits", 0)?;
    Ok(Value::Int(vm.int_max_str_digits as i64))
}

/// `sys.set_int_max_str_digits(maxdigits)`: 0 (no limit) or at least 640.
fn sys_set_int_max_str_digits(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [n] = args.bind(vm, "set_int_max_str_digits", ["maxdigits"], 1)?;
    let n = vm.to_i64_index(&n.unwrap())?;
    if n != 0 && n < 640 {
        return Err(vm.new_value_error("maxdigits must be 0 or larger than 640"));
    }
    vm.int_max_str_digits = n as usize;
    Ok(Value::None)
}

fn sys_getrecursionlimit(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(vm.recursion_limit as i64))
}

fn sys_setrecursionlimit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "setrecursionlimit", 1)?;
    let n = vm.to_i64_index(&a[0])?;
    if n < 1 {
        return Err(vm.new_value_error("recursion limit must be greater or equal than 1"));
    }
    if (n as u32) <= vm.depth {
        return Err(vm.new_exception(
            &vm.exc.recursion_error.clone(),
            format!(
                "cannot set the recursion limit to {} at the recursion depth {}: the limit is too low",
                n, vm.depth
            ),
        ));
    }
    vm.recursion_limit = n.min(u32::MAX as i64) as u32;
    Ok(Value::None)
}

fn sys_exc_info(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    let e = vm.exc_info.clone();
    Ok(match &e {
        Value::Obj(o) => {
            let tb = o.exc_data().and_then(|d| d.traceback.borrow().clone()).map(Value::Obj).unwrap_or(Value::None);
            vm.new_tuple(vec![Value::Obj(o.class()), e.clone(), tb])
        }
        _ => vm.new_tuple(vec![Value::None, Value::None, Value::None]),
    })
}

fn sys_exception(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.exc_info.clone())
}

fn sys_intern(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "intern", 1)?;
    match a[0].as_str() {
        Some(s) => Ok(Value::Obj(vm.intern(s.as_str()))),
        None => Err(vm.new_type_error(format!("intern() argument must be str, not {}", vm.type_name(&a[0])))),
    }
}

fn sys_getdefaultencoding(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.new_str("utf-8"))
}

/// `sys.excepthook(type, value, traceback)`: prints the traceback report to stderr, as the
/// top level does for an uncaught exception. (The top level does not yet call a replaced hook.)
fn sys_excepthook(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "excepthook", 3)?;
    let base = vm.exc.base_exception.clone();
    match a[1].as_obj() {
        Some(e) if vm.isinstance_exc(e, &base) => {
            let text = vm.format_exception(e);
            vm.flush_std_streams();
            vm.write_stderr(&text);
            Ok(Value::None)
        }
        _ => {
            // PyErr_Display reports a non-exception value on stderr instead of raising.
            let found = vm.type_name(&a[1]);
            vm.flush_std_streams();
            vm.write_stderr(&format!("TypeError: print_exception(): Exception expected for value, {found} found\n"));
            Ok(Value::None)
        }
    }
}

fn sys_displayhook(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "displayhook", 1)?;
    if a[0].is_none() {
        return Ok(Value::None);
    }
    let b = vm.builtins.clone();
    vm.setattr_str(&Value::Obj(b.clone()), "_", Value::None)?;
    let r = vm.repr_string(&a[0])?;
    vm.write_stdout(&format!("{r}\n"))?;
    vm.setattr_str(&Value::Obj(b), "_", a[0].clone())?;
    Ok(Value::None)
}

fn sys_getfilesystemencoding(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.new_str("utf-8"))
}

fn sys_getfilesystemencodeerrors(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.new_str("surrogateescape"))
}

/// The field names of struct sequence `v` (its type's `__match_args__`).
fn struct_seq_fields(vm: &mut Vm, v: &Value) -> PyResult<Vec<Value>> {
    let names = vm.getattr_str(&Value::Obj(vm.type_of(v)), "__match_args__")?;
    vm.collect(&names)
}

/// `structseq_repr`: `sys.NAME(field=repr(value), ...)`.
fn struct_seq_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__repr__", 0)?;
    let v = a[0].clone();
    let names = struct_seq_fields(vm, &v)?;
    let items = match v.payload() {
        Some(Payload::Tuple(t)) => t.to_vec(),
        _ => Vec::new(),
    };
    let mut parts = Vec::with_capacity(items.len());
    for (n, x) in names.iter().zip(&items) {
        let n = vm.str_string(n)?;
        parts.push(format!("{n}={}", vm.repr_string(x)?));
    }
    let t = vm.type_of(&v);
    let tname = t.as_type().map(|td| td.tp_name()).unwrap_or_default();
    Ok(vm.new_str(format!("{tname}({})", parts.join(", "))))
}

/// Setting or deleting an attribute of a struct sequence: its fields are read-only members,
/// and it has no other attributes.
fn struct_seq_setattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.args[0].clone();
    let name = args.args.get(1).cloned().unwrap_or(Value::None);
    let fields = struct_seq_fields(vm, &v)?;
    let n = vm.str_string(&name)?;
    if fields.iter().any(|f| f.as_str().is_some_and(|s| s.as_str() == n)) {
        return Err(vm.new_attribute_error(&v, &n, "readonly attribute".to_string()));
    }
    let t = vm.type_of(&v);
    let tname = t.as_type().map(|td| td.tp_name()).unwrap_or_default();
    Err(vm.new_attribute_error(&v, &n, format!("'{tname}' object has no attribute '{n}'")))
}

/// `__new__` of `sys.flags` and `sys.version_info`, whose types CPython makes uncreatable.
fn struct_seq_no_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = args.args.first().and_then(|c| c.as_obj()).and_then(|c| c.as_type()).map(|t| t.tp_name());
    Err(vm.new_type_error(format!("cannot create '{}' instances", cls.unwrap_or_default())))
}

/// Makes struct sequence `v`'s type uncreatable from Python.
fn forbid_new(vm: &mut Vm, v: &Value) {
    let t = vm.type_of(v);
    vm.add_static(&t, "__new__", struct_seq_no_new);
}

/// A read-only record like CPython's struct sequences (`sys.flags`, `sys.float_info`): a
/// tuple of the values with the names as attributes.
fn struct_seq(vm: &mut Vm, type_name: &str, fields: &[(&str, Value)]) -> Value {
    let tuple = vm.types.tuple.clone();
    let t = crate::types::new_type(
        Some(&vm.types.type_.clone()),
        Some(&vm.types.dict.clone()),
        type_name,
        vec![tuple],
        crate::types::Layout::Tuple,
        true,
    );
    *t.as_type().unwrap().mro.borrow_mut() = crate::types::compute_mro(&t).unwrap();
    let _ = t.as_type().unwrap().tp_name.set(format!("sys.{type_name}").into());
    let td = t.dict.get().unwrap();
    vm.dict_set_str(&td, "__module__", vm.new_str("sys"));
    // The struct-sequence surface: field names (`__match_args__`), counts, the
    // `sys.NAME(field=value, ...)` repr and read-only fields.
    let names: Vec<Value> = fields.iter().map(|(n, _)| vm.new_str(*n)).collect();
    vm.dict_set_str(&td, "__match_args__", vm.new_tuple(names));
    for n in ["n_fields", "n_sequence_fields"] {
        vm.dict_set_str(&td, n, Value::Int(fields.len() as i64));
    }
    vm.dict_set_str(&td, "n_unnamed_fields", Value::Int(0));
    vm.add_methods(
        &t,
        &[
            ("__repr__", struct_seq_repr, "Return repr(self)."),
            ("__setattr__", struct_seq_setattr, "Implement setattr(self, name, value)."),
            ("__delattr__", struct_seq_setattr, "Implement delattr(self, name)."),
        ],
    );
    let doc = crate::objects::core::declared_type_doc(vm, &format!("sys.{type_name}"));
    vm.dict_set_str(&t.dict.get().unwrap(), "__doc__", doc);
    let d = vm.new_dict();
    for (n, v) in fields {
        vm.dict_set_str(&d, n, v.clone());
    }
    let items: Vec<Value> = fields.iter().map(|(_, v)| v.clone()).collect();
    Value::Obj(crate::value::Object::with_dict(t, crate::value::Payload::Tuple(items.into()), d))
}

/// `sys.audit(event, *args)`: pyrite has no audit hooks, so this only checks its arguments.
fn sys_audit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.no_kwargs(vm, "audit")?;
    match args.pos().first() {
        None => Err(vm.new_type_error("audit() missing 1 required positional argument: 'event'")),
        Some(e) if e.as_str().is_none() => {
            Err(vm.new_type_error(format!("expected str for argument 'event', not {}", vm.type_name(e))))
        }
        Some(_) => Ok(Value::None),
    }
}

/// An `__index__` value that fits a C long.
fn index_i64(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    use num_traits::ToPrimitive;
    let i = vm.to_index(v)?;
    i.to_i64().ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C long"))
}

/// `sys.getrefcount(obj)`: the object's reference count, including the argument's own
/// reference (values stored inline have no count; CPython's small ints report a large one).
fn sys_getrefcount(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = &args.exact(vm, "getrefcount", 1)?[0];
    Ok(Value::Int(match a {
        Value::Obj(o) => std::rc::Rc::strong_count(o) as i64,
        _ => u32::MAX as i64,
    }))
}

fn sys_getswitchinterval(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "getswitchinterval", 0)?;
    Ok(Value::Float(vm.switch_interval))
}

fn sys_setswitchinterval(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = &args.exact(vm, "setswitchinterval", 1)?[0];
    let v = vm.float_of(a)?;
    if v <= 0.0 {
        return Err(vm.new_value_error("switch interval must be strictly positive"));
    }
    vm.switch_interval = v;
    crate::gil::set_switch_interval(v);
    Ok(Value::None)
}

fn sys_getdlopenflags(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "getdlopenflags", 0)?;
    Ok(Value::Int(vm.dlopen_flags))
}

fn sys_setdlopenflags(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "setdlopenflags", 1)?[0].clone();
    vm.dlopen_flags = index_i64(vm, &a)?;
    Ok(Value::None)
}

fn sys_get_coroutine_origin_tracking_depth(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "get_coroutine_origin_tracking_depth", 0)?;
    Ok(Value::Int(vm.coroutine_origin_depth))
}

/// Stored for `get_coroutine_origin_tracking_depth` (asyncio's debug mode sets it); pyrite
/// records no coroutine origins, so `cr_origin` stays None.
fn sys_set_coroutine_origin_tracking_depth(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [depth] = args.bind(vm, "set_coroutine_origin_tracking_depth", ["depth"], 1)?;
    let depth = index_i64(vm, &depth.unwrap())?;
    if depth < 0 {
        return Err(vm.new_value_error("depth must be >= 0"));
    }
    vm.coroutine_origin_depth = depth;
    Ok(Value::None)
}

/// `sys.call_tracing(func, args)`: `func(*args)` (no tracing to suspend here).
fn sys_call_tracing(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "call_tracing", 2)?;
    let Some(Payload::Tuple(items)) = a[1].payload() else {
        return Err(vm.new_type_error(format!("call_tracing() argument 2 must be tuple, not {}", vm.type_name(&a[1]))));
    };
    let items = items.to_vec();
    vm.call(&a[0], Args::new(&items))
}

fn sys_getallocatedblocks(vm: &mut Vm, args: Args) -> PyResult<Value> {
    // CPython counts pymalloc blocks; pyrite allocates with the system allocator, for which
    // CPython too reports 0.
    args.exact(vm, "getallocatedblocks", 0)?;
    Ok(Value::Int(0))
}

fn sys_clear_type_cache(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "_clear_type_cache", 0)?;
    crate::types::modified();
    Ok(Value::None)
}

/// `sys.breakpointhook(*args, **kws)`: calls the hook named by `PYTHONBREAKPOINT`
/// (`pdb.set_trace` by default; `0` disables it), as CPython's `sys_breakpointhook`.
fn sys_breakpointhook(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let env = if vm.config.ignore_environment { None } else { std::env::var("PYTHONBREAKPOINT").ok() };
    let hookname = match env.as_deref() {
        Some("0") => return Ok(Value::None),
        None | Some("") => "pdb.set_trace".to_string(),
        Some(h) => h.to_string(),
    };
    let (module, attr) = match hookname.rsplit_once('.') {
        Some((m, a)) => (m.to_string(), a.to_string()),
        None => ("builtins".to_string(), hookname.clone()),
    };
    let hook = match vm.import_fullname(&module).and_then(|m| vm.getattr_str(&m, &attr)) {
        Ok(h) => h,
        Err(e)
            if vm.isinstance_exc(&e, &vm.exc.import_error.clone())
                || vm.isinstance_exc(&e, &vm.exc.attribute_error.clone()) =>
        {
            let msg = format!("Ignoring unimportable $PYTHONBREAKPOINT: \"{hookname}\"");
            vm.warn(&vm.exc.runtime_warning.clone(), &msg, 0, None)?;
            return Ok(Value::None);
        }
        Err(e) => return Err(e),
    };
    vm.call(&hook, args)
}

/// `sys.unraisablehook(unraisable)`: the default report of an exception that could not be
/// raised ("Exception ignored in: ..." and the traceback).
fn sys_unraisablehook(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "unraisablehook", 1)?[0].clone();
    let exc_value = vm.getattr_str(&a, "exc_value")?;
    let obj = vm.getattr_str(&a, "object")?;
    let err_msg = vm.getattr_str(&a, "err_msg")?;
    let head = match err_msg.as_str() {
        Some(m) => m.as_str().to_string(),
        None => "Exception ignored in".to_string(),
    };
    let r = if obj.is_none() {
        None
    } else {
        Some(vm.repr_string(&obj).unwrap_or_else(|_| "<object repr() failed>".into()))
    };
    vm.flush_std_streams();
    let text = match exc_value {
        Value::Obj(e) if e.exc_data().is_some() => vm.format_exception(&e),
        _ => String::new(),
    };
    match r {
        Some(r) => vm.write_stderr(&format!("{head}: {r}\n{text}")),
        None => vm.write_stderr(&format!("{head}:\n{text}")),
    }
    Ok(Value::None)
}

/// `sys._getframe(depth=0)`: a snapshot frame object of the frame `depth` calls up the stack
/// (code, line, globals, a copy of the locals) whose `f_back` chain leads to the oldest frame.
/// `sys._current_frames()`: each thread's innermost frame, by thread ident (threads that are
/// waiting for the GIL included).
fn sys_current_frames(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "_current_frames", 0)?;
    let d = vm.new_dict();
    let mut threads = crate::gil::waiting_threads();
    threads.push((crate::gil::current_ident(), vm.frames.clone()));
    for (ident, frames) in threads {
        if frames.is_empty() {
            continue;
        }
        let top = vm.frame_chain_of(&frames, frames.len() - 1)?;
        let key = if let Ok(i) = i64::try_from(ident) { Value::Int(i) } else { vm.new_bigint(ident.into()) };
        crate::dict::set_item(vm, &d, key, top)?;
    }
    Ok(Value::Obj(d))
}

fn sys_getframe(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "_getframe", 0, 1)?;
    let depth = match a.first() {
        Some(d) => vm.to_i64_index(d)?,
        None => 0,
    };
    let n = vm.frames.len() as i64;
    if depth < 0 || depth >= n {
        return Err(vm.new_value_error("call stack is not deep enough"));
    }
    vm.frame_chain((n - 1 - depth) as usize)
}

impl Vm {
    /// The frame object of this thread's executing frame `index` (0 is the oldest).
    pub fn frame_chain(&mut self, index: usize) -> PyResult<Value> {
        // SAFETY: `frames` holds exactly the frames of the run_frame calls in progress on this
        // thread (pushed and popped as they start and finish), so each is alive.
        let f = unsafe { &*self.frames[index] };
        Ok(Value::Obj(self.frame_object(f)))
    }

    /// As `frame_chain`, over another thread's list of executing frames (saved while it waits
    /// for the GIL): their `f_back` links are set here, as they are not on this thread's stack.
    pub(crate) fn frame_chain_of(&mut self, frames: &[*const crate::frame::Frame], index: usize) -> PyResult<Value> {
        let mut back = Value::None;
        for &fp in &frames[..=index] {
            // SAFETY: a waiting thread's frames stay put until it has the GIL again.
            let o = self.frame_object(unsafe { &*fp });
            crate::frameobject::set_back(&o, back);
            back = Value::Obj(o);
        }
        Ok(back)
    }
}

impl Vm {
    /// Publishes `sys.builtin_module_names` once every native module is registered (the
    /// stdlib crate registers its own after boot).
    pub fn publish_builtin_module_names(&mut self) {
        // The `_frozen_importlib` aliases are frozen modules in CPython, not builtin ones.
        let mut names: Vec<String> =
            self.native_modules.keys().filter(|n| !n.starts_with("_frozen_")).cloned().collect();
        names.extend(["sys".to_string(), "builtins".to_string()]);
        names.sort();
        names.dedup();
        let items: Vec<Value> = names.iter().map(|n| self.new_str(n.as_str())).collect();
        let t = self.new_tuple(items);
        self.dict_set_str(&self.sys.dict.get().unwrap(), "builtin_module_names", t);
    }
}

pub fn init(vm: &mut Vm) {
    let sys = vm.sys.clone();
    let d = sys.dict.get().unwrap();
    let set = |vm: &Vm, n: &str, v: Value| vm.dict_set_str(&d, n, v);
    set(vm, "__name__", vm.new_str("sys"));
    set(vm, "__doc__", Value::None);
    set(vm, "__package__", vm.new_str(""));
    set(vm, "__loader__", Value::None);
    set(vm, "__spec__", Value::None);
    let argv: Vec<Value> = vm.config.argv.iter().map(|a| vm.new_str(a.as_str())).collect();
    set(vm, "argv", vm.new_list(argv));
    set(vm, "orig_argv", vm.new_list(vec![]));
    let mut path: Vec<Value> = Vec::new();
    for p in &vm.config.pythonpath {
        path.push(vm.new_str(p.as_str()));
    }
    if let Some(l) = &vm.config.lib_dir {
        path.push(vm.new_str(l.as_str()));
    }
    if let Some(s) = &vm.config.stdlib_dir {
        path.push(vm.new_str(s.as_str()));
    }
    set(vm, "path", vm.new_list(path));
    set(vm, "modules", Value::Obj(vm.modules.clone()));
    set(vm, "executable", vm.new_str(vm.config.executable.as_str()));
    set(vm, "_base_executable", vm.new_str(vm.config.executable.as_str()));
    set(vm, "platform", vm.new_str("linux"));
    set(vm, "byteorder", vm.new_str(if cfg!(target_endian = "little") { "little" } else { "big" }));
    set(vm, "maxsize", Value::Int(i64::MAX));
    set(vm, "maxunicode", Value::Int(0x10ffff));
    // In CPython's layout, "VERSION (BUILD, DATE, TIME) [COMPILER]", which platform.py parses
    // (`platform.python_version()` and friends raise ValueError on anything else).
    set(
        vm,
        "version",
        vm.new_str(format!("3.11.7 (main, Jan  1 2026, 00:00:00) [pyrite {}]", env!("CARGO_PKG_VERSION"))),
    );
    set(vm, "hexversion", Value::Int(0x030b07f0));
    // A struct sequence, as CPython's (`sys.version_info.major`).
    let vi = struct_seq(
        vm,
        "version_info",
        &[
            ("major", Value::Int(3)),
            ("minor", Value::Int(11)),
            ("micro", Value::Int(7)),
            ("releaselevel", vm.new_str("final")),
            ("serial", Value::Int(0)),
        ],
    );
    forbid_new(vm, &vi);
    set(vm, "version_info", vi);
    set(vm, "api_version", Value::Int(1013));
    set(vm, "dont_write_bytecode", Value::Bool(vm.config.dont_write_bytecode));
    set(vm, "pycache_prefix", vm.config.pycache_prefix.as_ref().map(|p| vm.new_str(p.as_str())).unwrap_or(Value::None));
    // The prefix is that of the Python whose standard library pyrite uses (`PREFIX/lib/
    // python3.11`), so `sysconfig` finds that installation's paths.
    let prefix = vm
        .config
        .stdlib_dir
        .as_deref()
        .map(std::path::Path::new)
        .and_then(|p| p.parent()?.parent())
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|| "/usr/local".into());
    for n in ["prefix", "exec_prefix", "base_prefix", "base_exec_prefix"] {
        set(vm, n, vm.new_str(prefix.as_str()));
    }
    set(vm, "_stdlib_dir", vm.config.stdlib_dir.as_ref().map_or(Value::None, |p| vm.new_str(p.as_str())));
    set(vm, "_home", Value::None);
    set(vm, "_framework", vm.new_str(""));
    let git = vm.new_tuple(vec![vm.new_str("pyrite"), vm.new_str(""), vm.new_str("")]);
    set(vm, "_git", git);
    set(vm, "platlibdir", vm.new_str("lib"));
    set(vm, "float_repr_style", vm.new_str("short"));
    let version = vm.new_tuple(vec![Value::Int(3), Value::Int(11), Value::Int(7), vm.new_str("final"), Value::Int(0)]);
    let items = [
        ("name", vm.new_str("pyrite")),
        ("cache_tag", vm.new_str(bytecode::pyc::CACHE_TAG)),
        ("version", version),
        ("hexversion", Value::Int(0x030b07f0)),
        // The platform triplet of the CPython whose library we use: `sysconfig` names its
        // `_sysconfigdata_*` module after it.
        ("_multiarch", vm.new_str(format!("{}-linux-gnu", std::env::consts::ARCH))),
    ];
    let ns = crate::objects::surface::new_namespace(vm, &items);
    set(vm, "implementation", ns);
    let unbuffered = vm.config.unbuffered;
    let stdin = new_file(vm, Stream::Stdin, vm.new_str("<stdin>"), "r", false);
    let stdout = new_file(vm, Stream::Stdout, vm.new_str("<stdout>"), "w", unbuffered);
    let stderr = new_file(vm, Stream::Stderr, vm.new_str("<stderr>"), "w", true);
    for (n, v) in [("stdin", stdin), ("stdout", stdout), ("stderr", stderr)] {
        set(vm, n, v.clone());
        set(vm, &format!("__{n}__"), v);
    }
    let fns: &[(&'static str, crate::func::NativeFn)] = &[
        ("exit", sys_exit),
        ("getrecursionlimit", sys_getrecursionlimit),
        ("get_int_max_str_digits", sys_get_int_max_str_digits),
        ("set_int_max_str_digits", sys_set_int_max_str_digits),
        ("get_asyncgen_hooks", sys_get_asyncgen_hooks),
        ("set_asyncgen_hooks", sys_set_asyncgen_hooks),
        ("is_finalizing", sys_is_finalizing),
        ("setrecursionlimit", sys_setrecursionlimit),
        ("exc_info", sys_exc_info),
        ("exception", sys_exception),
        ("getsizeof", crate::objects::surface::getsizeof),
        ("intern", sys_intern),
        ("audit", sys_audit),
        ("getdefaultencoding", sys_getdefaultencoding),
        ("displayhook", sys_displayhook),
        ("excepthook", sys_excepthook),
        ("_getframe", sys_getframe),
        ("_current_frames", sys_current_frames),
        ("getfilesystemencoding", sys_getfilesystemencoding),
        ("getfilesystemencodeerrors", sys_getfilesystemencodeerrors),
        ("settrace", crate::trace::sys_settrace),
        ("setprofile", crate::trace::sys_setprofile),
        ("gettrace", crate::trace::sys_gettrace),
        ("getprofile", crate::trace::sys_getprofile),
        ("getrefcount", sys_getrefcount),
        ("getswitchinterval", sys_getswitchinterval),
        ("setswitchinterval", sys_setswitchinterval),
        ("getdlopenflags", sys_getdlopenflags),
        ("setdlopenflags", sys_setdlopenflags),
        ("get_coroutine_origin_tracking_depth", sys_get_coroutine_origin_tracking_depth),
        ("set_coroutine_origin_tracking_depth", sys_set_coroutine_origin_tracking_depth),
        ("call_tracing", sys_call_tracing),
        ("getallocatedblocks", sys_getallocatedblocks),
        ("_clear_type_cache", sys_clear_type_cache),
        ("breakpointhook", sys_breakpointhook),
        ("unraisablehook", sys_unraisablehook),
    ];
    for (n, f) in fns {
        let v = vm.new_native_fn(n, *f);
        set(vm, n, v.clone());
        if matches!(*n, "displayhook" | "excepthook" | "breakpointhook" | "unraisablehook") {
            set(vm, &format!("__{n}__"), v);
        }
    }
    let c = vm.config.clone();
    let flags = struct_seq(
        vm,
        "flags",
        &[
            ("debug", Value::Int(0)),
            ("inspect", Value::Int(0)),
            ("interactive", Value::Int(0)),
            ("optimize", Value::Int(c.optimize as i64)),
            ("dont_write_bytecode", Value::Int(c.dont_write_bytecode as i64)),
            ("no_user_site", Value::Int(c.no_user_site as i64)),
            ("no_site", Value::Int(c.no_site as i64)),
            ("ignore_environment", Value::Int(c.ignore_environment as i64)),
            ("verbose", Value::Int(c.verbose as i64)),
            ("bytes_warning", Value::Int(c.bytes_warning as i64)),
            ("quiet", Value::Int(0)),
            ("hash_randomization", Value::Int(crate::hash::hash_randomization() as i64)),
            ("isolated", Value::Int(c.isolated as i64)),
            ("dev_mode", Value::Bool(c.dev_mode)),
            ("utf8_mode", Value::Int(c.utf8_mode as i64)),
            ("warn_default_encoding", Value::Int(0)),
            ("safe_path", Value::Bool(false)),
            ("int_max_str_digits", Value::Int(c.int_max_str_digits.map_or(-1, |n| n as i64))),
        ],
    );
    forbid_new(vm, &flags);
    vm.dict_set_str(&d, "flags", flags);
    let fi = struct_seq(
        vm,
        "float_info",
        &[
            ("max", Value::Float(f64::MAX)),
            ("max_exp", Value::Int(1024)),
            ("max_10_exp", Value::Int(308)),
            ("min", Value::Float(f64::MIN_POSITIVE)),
            ("min_exp", Value::Int(-1021)),
            ("min_10_exp", Value::Int(-307)),
            ("dig", Value::Int(15)),
            ("mant_dig", Value::Int(53)),
            ("epsilon", Value::Float(f64::EPSILON)),
            ("radix", Value::Int(2)),
            ("rounds", Value::Int(1)),
        ],
    );
    vm.dict_set_str(&d, "float_info", fi);
    let hi = struct_seq(
        vm,
        "hash_info",
        &[
            ("width", Value::Int(64)),
            ("modulus", Value::Int(crate::hash::MODULUS as i64)),
            ("inf", Value::Int(crate::hash::HASH_INF)),
            ("nan", Value::Int(0)),
            ("imag", Value::Int(crate::hash::HASH_IMAG)),
            ("algorithm", vm.new_str("siphash13")),
            ("hash_bits", Value::Int(64)),
            ("seed_bits", Value::Int(128)),
            ("cutoff", Value::Int(0)),
        ],
    );
    vm.dict_set_str(&d, "hash_info", hi);
    let ti = struct_seq(
        vm,
        "thread_info",
        &[("name", vm.new_str("pthread")), ("lock", vm.new_str("semaphore")), ("version", Value::None)],
    );
    vm.dict_set_str(&d, "thread_info", ti);
    let ii = struct_seq(
        vm,
        "int_info",
        &[
            ("bits_per_digit", Value::Int(30)),
            ("sizeof_digit", Value::Int(4)),
            ("default_max_str_digits", Value::Int(4300)),
            ("str_digits_check_threshold", Value::Int(640)),
        ],
    );
    vm.dict_set_str(&d, "int_info", ii);
    let warnoptions = c.warnoptions.iter().map(|w| vm.new_str(w.as_str())).collect();
    vm.dict_set_str(&d, "warnoptions", vm.new_list(warnoptions));
    // `-X name=value` maps name to the str value, a bare `-X name` to True.
    let xoptions = vm.new_dict();
    for x in &c.xoptions {
        let (k, v) = match x.split_once('=') {
            Some((k, v)) => (k, vm.new_str(v)),
            None => (x.as_str(), Value::Bool(true)),
        };
        vm.dict_set_str(&xoptions, k, v);
    }
    vm.dict_set_str(&d, "_xoptions", Value::Obj(xoptions));
    if let Some(n) = c.int_max_str_digits {
        vm.int_max_str_digits = n;
    }
    let finder = crate::import_hooks::finder_type(vm);
    vm.dict_set_str(&d, "meta_path", vm.new_list(vec![Value::Obj(finder)]));
    let hook = crate::import_hooks::path_hook_fn(vm);
    vm.dict_set_str(&d, "path_hooks", vm.new_list(vec![hook]));
    vm.dict_set_str(&d, "path_importer_cache", Value::Obj(vm.new_dict()));
    vm.dict_set_str(&d, "abiflags", vm.new_str(""));
    vm.dict_set_str(&d, "copyright", vm.new_str("Copyright (c) pyrite developers."));
    vm.dict_set_str(&vm.modules.clone(), "sys", Value::Obj(sys.clone()));
}
