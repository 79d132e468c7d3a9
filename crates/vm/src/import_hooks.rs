//! VM stage: pyrite's import system as `importlib` sees it. `sys.meta_path` holds
//! `_pyrite.PyriteFinder`, whose `find_spec` hands over to `lib/_pyrite_importlib.py` (loaded
//! on first use); that module builds real `ModuleSpec`s and loaders on top of the natives
//! here, which find and run modules exactly as the `import` statement does (same search, same
//! `__pycache__` files). So `importlib.import_module`, `importlib.util.find_spec`, `pkgutil`
//! and `runpy` work on modules not imported yet.

use crate::func::Args;
use crate::import::{cache_path, find_in, Found};
use crate::value::{Object, Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use std::path::{Path, PathBuf};

fn str_arg(vm: &Vm, v: &Value, what: &str) -> PyResult<String> {
    v.as_str()
        .map(|s| s.as_str().to_string())
        .ok_or_else(|| vm.new_type_error(format!("{what} must be str, not {}", vm.type_name(v))))
}

/// `_pyrite.find_module(fullname, path)`: where `import` would find `fullname` (searching
/// `path`, or `sys.path` when it is None): None, `("builtin", None, None)`,
/// `("source", file, None or [package dir])` or `("namespace", None, [dirs])`.
fn find_module(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "find_module", 2)?;
    let fullname = str_arg(vm, &a[0], "fullname")?;
    let short = fullname.rsplit('.').next().unwrap_or_default().to_string();
    let top_level = a[1].is_none();
    let dirs: Vec<PathBuf> = if top_level {
        if vm.native_modules.contains_key(&fullname) {
            return Ok(vm.new_tuple(vec![vm.new_str("builtin"), Value::None, Value::None]));
        }
        let p = vm.sys_attr("path").unwrap_or(Value::None);
        vm.collect(&p)?
            .iter()
            .filter_map(|v| v.as_str().map(|s| PathBuf::from(if s.as_str().is_empty() { "." } else { s.as_str() })))
            .collect()
    } else {
        vm.collect(&a[1])?.iter().filter_map(|v| v.as_str().map(|s| PathBuf::from(s.as_str()))).collect()
    };
    let text = |p: &Path| p.to_string_lossy().into_owned();
    Ok(match find_in(&dirs, &short) {
        None => Value::None,
        Some(Found::Native) => vm.new_tuple(vec![vm.new_str("builtin"), Value::None, Value::None]),
        Some(Found::Source { path, is_package }) => {
            let locations = if is_package {
                let dir = path.parent().map(text).unwrap_or_default();
                vm.new_list(vec![vm.new_str(dir)])
            } else {
                Value::None
            };
            vm.new_tuple(vec![vm.new_str("source"), vm.new_str(text(&path)), locations])
        }
        Some(Found::Namespace { dirs }) => {
            let list = dirs.iter().map(|d| vm.new_str(text(d))).collect();
            let list = vm.new_list(list);
            vm.new_tuple(vec![vm.new_str("namespace"), Value::None, list])
        }
    })
}

/// Whether a search path entry is a zip archive or a directory inside one (a package's
/// `__path__` entry `app.pyz/pkg`): a file, or a path that does not exist under a file.
fn in_archive(p: &Path) -> bool {
    if p.is_file() {
        return true;
    }
    !p.exists() && p.ancestors().skip(1).any(|a| a.is_file())
}

/// `_pyrite.find_in_archives(fullname, path)`: the spec zipimport finds in the zip archives on
/// `path` (or `sys.path`), or None.
fn find_in_archives(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "find_in_archives", 2)?;
    let fullname = str_arg(vm, &a[0], "fullname")?;
    let p = if a[1].is_none() { vm.sys_attr("path").unwrap_or(Value::None) } else { a[1].clone() };
    let dirs: Vec<PathBuf> =
        vm.collect(&p)?.iter().filter_map(|v| v.as_str().map(|s| PathBuf::from(s.as_str()))).collect();
    Ok(vm.archive_spec(&fullname, &dirs).unwrap_or(Value::None))
}

/// `_pyrite.get_code(fullname, path)`: the module's code object, from `__pycache__` when the
/// cached file is valid (compiled and written there otherwise).
fn get_code(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "get_code", 2)?;
    let fullname = str_arg(vm, &a[0], "fullname")?;
    let path = str_arg(vm, &a[1], "path")?;
    let code = vm.get_code(&fullname, Path::new(&path))?;
    Ok(Value::Obj(Object::new(vm.types.code.clone(), Payload::Code(code))))
}

/// `_pyrite.exec_source(module, fullname, path)`: runs the module's code in its namespace,
/// as the `import` statement does once the module is in `sys.modules`.
fn exec_source(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "exec_source", 3)?;
    let fullname = str_arg(vm, &a[1], "fullname")?;
    let path = str_arg(vm, &a[2], "path")?;
    let Some(d) = a[0].as_obj().and_then(|m| m.dict.get()) else {
        return Err(vm.new_type_error("exec_source() needs a module"));
    };
    if vm.dict_get_str(&d, "__builtins__").is_none() {
        vm.dict_set_str(&d, "__builtins__", Value::Obj(vm.builtins.clone()));
    }
    let code = vm.get_code(&fullname, Path::new(&path))?;
    vm.initializing.push(fullname.clone());
    let r = vm.run_code(code, d, None);
    vm.initializing.retain(|n| *n != fullname);
    r.map(|_| Value::None)
}

/// `_pyrite.create_builtin(name)`: a new instance of a native module (BuiltinImporter's
/// `create_module`).
fn create_builtin(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "create_builtin", 1)?;
    let name = str_arg(vm, &a[0], "name")?;
    let Some(init) = vm.native_modules.get(&name).copied() else {
        let msg = format!("no built-in module named {name}");
        return Err(vm.new_import_error(&vm.exc.import_error.clone(), msg, Some(&name)));
    };
    let m = init(vm)?;
    vm.stamp_native_module(&m, if name == "_io" { "io" } else { &name });
    Ok(Value::Obj(m))
}

/// `_pyrite.cache_path(source)`: where pyrite keeps the bytecode of `source`.
fn cache_path_of(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "cache_path", 1)?;
    let path = str_arg(vm, &a[0], "path")?;
    let prefix = vm.pycache_prefix();
    Ok(vm.new_str(cache_path(Path::new(&path), prefix.as_deref()).to_string_lossy().as_ref()))
}

/// `PyriteFinder.find_spec(fullname, path=None, target=None)`: delegates to
/// `_pyrite_importlib.find_spec`, importing that module the first time.
fn finder_find_spec(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = vm.import_fullname("_pyrite_importlib")?;
    let f = vm.getattr_str(&m, "find_spec")?;
    vm.call(&f, args)
}

/// `PyriteFinder.find_distributions(context)`: what importlib.metadata asks every meta path
/// finder for (installed packages' metadata), answered by the standard library's own path
/// search through `_pyrite_importlib.find_distributions`.
fn finder_find_distributions(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = vm.import_fullname("_pyrite_importlib")?;
    let f = vm.getattr_str(&m, "find_distributions")?;
    vm.call(&f, args)
}

/// `PyriteFinder.invalidate_caches()`: nothing is cached between searches.
fn finder_invalidate_caches(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::None)
}

crate::gil_local! {
    /// `_pyrite.PyriteFinder`, to tell pyrite's own entry of `sys.meta_path` from others.
    static FINDER: std::cell::RefCell<Option<PyRef>> = const { std::cell::RefCell::new(None) };
    /// Set while zipimport searches archives (its own imports must not search them again).
    static SEARCHING_ARCHIVES: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl Vm {
    /// The `import` statement's view of `sys.meta_path`: asks the finders before pyrite's own
    /// (`before`) or after it for `fullname`, and loads the first spec found with importlib
    /// (`_bootstrap._load`). With only pyrite's finder there (the usual case) this costs a
    /// list check.
    pub(crate) fn find_via_meta_path(&mut self, fullname: &str, path: &Value, before: bool) -> PyResult<Option<Value>> {
        let Some(meta) = self.sys_attr("meta_path") else { return Ok(None) };
        let finders = match meta.payload() {
            Some(Payload::List(l)) => l.borrow().clone(),
            _ => self.collect(&meta)?,
        };
        let ours = FINDER.with(|f| f.borrow().clone());
        let is_ours = |f: &Value| ours.as_ref().is_some_and(|o| f.as_obj().is_some_and(|t| std::rc::Rc::ptr_eq(t, o)));
        let Some(pos) = finders.iter().position(is_ours) else {
            // Pyrite's finder was removed: every finder counts as "before".
            return if before { self.load_from_finders(fullname, path, &finders) } else { Ok(None) };
        };
        let others = if before { &finders[..pos] } else { &finders[pos + 1..] };
        if others.is_empty() {
            return Ok(None);
        }
        self.load_from_finders(fullname, path, others)
    }

    /// A module in a zip archive on the search path (`dirs`: a package's path or `sys.path`): found
    /// by `_pyrite_importlib` with CPython's `zipimport`, loaded with importlib. Only tried when
    /// some entry is (inside) a file, so a failed import from plain directories stays cheap.
    pub(crate) fn find_in_archives(&mut self, fullname: &str, dirs: &[PathBuf]) -> PyResult<Option<Value>> {
        let Some(spec) = self.archive_spec(fullname, dirs) else { return Ok(None) };
        let bootstrap = self.import_fullname("importlib._bootstrap")?;
        let load = self.getattr_str(&bootstrap, "_load")?;
        self.call(&load, Args::new(&[spec])).map(Some)
    }

    /// The spec `zipimport` finds for `fullname` in the archives among `dirs`. Failing to search
    /// (zipimport cannot be imported yet: an archive on sys.path while `abc` or `os` are still
    /// being imported) counts as not found, and an archive search never nests.
    fn archive_spec(&mut self, fullname: &str, dirs: &[PathBuf]) -> Option<Value> {
        let files: Vec<Value> =
            dirs.iter().filter(|d| in_archive(d)).map(|d| self.new_str(d.to_string_lossy().as_ref())).collect();
        if files.is_empty() || SEARCHING_ARCHIVES.with(|s| s.replace(true)) {
            return None;
        }
        let found = (|| {
            let m = self.import_fullname("_pyrite_importlib")?;
            let f = self.getattr_str(&m, "_find_in_archives")?;
            let name = self.new_str(fullname);
            let files = self.new_list(files);
            self.call(&f, Args::new(&[name, files, Value::None]))
        })();
        SEARCHING_ARCHIVES.with(|s| s.set(false));
        found.ok().filter(|s| !s.is_none())
    }

    fn load_from_finders(&mut self, fullname: &str, path: &Value, finders: &[Value]) -> PyResult<Option<Value>> {
        let name = self.new_str(fullname);
        for finder in finders {
            let Some(find_spec) = self.getattr_opt(finder, "find_spec")? else { continue };
            let spec = self.call(&find_spec, Args::new(&[name.clone(), path.clone(), Value::None]))?;
            if spec.is_none() {
                continue;
            }
            let bootstrap = self.import_fullname("importlib._bootstrap")?;
            let load = self.getattr_str(&bootstrap, "_load")?;
            return self.call(&load, Args::new(&[spec])).map(Some);
        }
        Ok(None)
    }
}

/// `_pyrite.path_hook(path)` (the one entry of `sys.path_hooks`): the path-entry finder
/// `_pyrite_importlib.FileFinder` for a directory, as importlib's FileFinder hook; ImportError
/// for anything else.
fn path_hook(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = vm.import_fullname("_pyrite_importlib")?;
    let f = vm.getattr_str(&m, "path_hook")?;
    vm.call(&f, args)
}

/// The native `path_hook` for `sys.path_hooks`.
pub fn path_hook_fn(vm: &Vm) -> Value {
    vm.new_native_fn("path_hook", path_hook)
}

/// `_frozen_importlib` / `_frozen_importlib_external` (what CPython freezes into the binary and
/// `zipimport` imports by these names): importlib's own `_bootstrap` modules, set up by
/// importing `importlib`. While `importlib` itself runs, the import fails, so that
/// `importlib/__init__.py` takes its path that loads and sets up `_bootstrap` from source.
fn frozen_alias(vm: &mut Vm, which: &str) -> PyResult<PyRef> {
    if vm.initializing.iter().any(|n| n == "importlib") {
        let msg = format!("No module named '_frozen_{which}'");
        return Err(vm.new_import_error(&vm.exc.module_not_found_error.clone(), msg, Some("_frozen_importlib")));
    }
    vm.import_fullname("importlib")?;
    match vm.import_fullname(&format!("importlib._{which}"))? {
        Value::Obj(m) => Ok(m),
        _ => Err(vm.new_import_error(&vm.exc.import_error.clone(), "importlib is broken".to_string(), None)),
    }
}

pub fn frozen_importlib(vm: &mut Vm) -> PyResult<PyRef> {
    frozen_alias(vm, "bootstrap")
}

pub fn frozen_importlib_external(vm: &mut Vm) -> PyResult<PyRef> {
    frozen_alias(vm, "bootstrap_external")
}

/// Adds the natives `_pyrite_importlib` uses to the `_pyrite` module.
pub fn add_natives(vm: &mut Vm, d: &PyRef) {
    let fns: &[(&'static str, crate::func::NativeFn)] = &[
        ("find_module", find_module),
        ("get_code", get_code),
        ("exec_source", exec_source),
        ("create_builtin", create_builtin),
        ("cache_path", cache_path_of),
        ("find_in_archives", find_in_archives),
    ];
    vm.add_native_fns(d, fns);
}

/// The `_pyrite.PyriteFinder` class, the one entry of `sys.meta_path` at start-up.
pub fn finder_type(vm: &mut Vm) -> PyRef {
    let object = vm.types.object.clone();
    let t = crate::types::new_type(
        Some(&vm.types.type_.clone()),
        Some(&vm.types.dict.clone()),
        "PyriteFinder",
        vec![object],
        crate::types::Layout::Object,
        false,
    );
    *t.as_type().unwrap().mro.borrow_mut() = crate::types::compute_mro(&t).expect("single base");
    vm.add_static(&t, "find_spec", finder_find_spec);
    vm.add_static(&t, "invalidate_caches", finder_invalidate_caches);
    vm.add_static(&t, "find_distributions", finder_find_distributions);
    let td = vm.type_dict(&t);
    vm.dict_set_str(&td, "__module__", vm.new_str("_pyrite"));
    vm.dict_set_str(&td, "__doc__", vm.new_str("Finds modules for importlib the way pyrite's import statement does."));
    FINDER.with(|f| *f.borrow_mut() = Some(t.clone()));
    t
}
