//! VM stage: the import system and the bytecode cache. Finds modules on `sys.path` (packages,
//! namespace packages, relative imports), loads native modules, and for source modules keeps
//! the compiled code in `__pycache__/NAME.pyrite-311.pyc`: validated by source mtime and size
//! (or hash, PEP 552), rewritten atomically when stale or unreadable, skipped silently where the
//! directory is not writable, and honouring `-B`, `PYTHONDONTWRITEBYTECODE`,
//! `sys.dont_write_bytecode` and `PYTHONPYCACHEPREFIX`. `-v` traces what happened with the
//! same messages as CPython.

use crate::func::Args;
use crate::value::{CodeData, Object, Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use bytecode::pyc::{self, Validation};
use bytecode::{CodeObject, Constant};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Where a module's code came from.
pub enum Found {
    Source { path: PathBuf, is_package: bool },
    Namespace { dirs: Vec<PathBuf> },
    Native,
}

impl Vm {
    /// Turns a compiled code object into its runtime form (constants become values).
    pub fn code_data(&self, code: Rc<CodeObject>) -> Rc<CodeData> {
        // The interpreter reads code units unchecked (eval.rs, `step`): marshal rejects code
        // that could run off its end, and our compiler never emits it.
        assert!(
            bytecode::opcode::ends_with_terminator(&code.co_code),
            "compiler bug: code object {} can run past its last instruction",
            code.co_qualname
        );
        let consts = code.co_consts.iter().map(|c| self.const_value(c)).collect();
        let names = code.co_names.iter().map(|n| Value::Obj(self.intern(n))).collect();
        let varnames = code.co_varnames.iter().map(|n| Value::Obj(self.intern(n))).collect();
        let name = Value::Obj(self.intern(&code.co_name));
        let qualname = self.new_str(&*code.co_qualname);
        let cell2arg = code.cell2arg();
        let ncells = code.co_cellvars.len() + code.co_freevars.len();
        let caches = crate::inline_cache::NameCaches::new(code.co_names.len());
        let plain = code.co_kwonlyargcount == 0
            && code.co_flags & (bytecode::flags::CO_VARARGS | bytecode::flags::CO_VARKEYWORDS) == 0
            && !code.is_generator_like();
        let plain_argcount = if plain { code.co_argcount } else { u32::MAX };
        let (nlocals, stacksize) = (code.co_varnames.len() as u32, code.co_stacksize);
        Rc::new(CodeData {
            code,
            consts,
            names,
            name,
            qualname,
            varnames,
            cell2arg,
            ncells,
            caches,
            plain_argcount,
            nlocals,
            stacksize,
        })
    }

    pub fn const_value(&self, c: &Constant) -> Value {
        match c {
            Constant::None => Value::None,
            Constant::Ellipsis => Value::Obj(self.ellipsis.clone()),
            Constant::Bool(b) => Value::Bool(*b),
            Constant::Int(i) => Value::Int(*i),
            Constant::BigInt(b) => self.new_bigint(b.clone()),
            Constant::Float(f) => Value::Float(*f),
            Constant::Complex { re, im } => {
                Value::Obj(Object::new(self.types.complex.clone(), Payload::Complex(*re, *im)))
            }
            Constant::Str(s) => Value::Obj(self.intern(s)),
            Constant::Bytes(b) => self.new_bytes(b.to_vec()),
            Constant::Tuple(items) => self.new_tuple(items.iter().map(|i| self.const_value(i)).collect::<Vec<_>>()),
            Constant::FrozenSet(items) => {
                // Constant frozensets hold hashable builtin constants: hashed and compared
                // natively, no Python code runs.
                let mut data = crate::set::SetData::new();
                for i in items.iter() {
                    let v = self.const_value(i);
                    data.insert_native(const_hash(&v), v);
                }
                Value::Obj(Object::new(
                    self.types.frozenset.clone(),
                    Payload::FrozenSet(data, std::cell::Cell::new(None)),
                ))
            }
            Constant::Code(c) => {
                Value::Obj(Object::new(self.types.code.clone(), Payload::Code(self.code_data(c.clone()))))
            }
        }
    }

    /// Compiles source text, turning a compile error into a SyntaxError exception.
    pub fn compile_source(&mut self, text: &str, filename: &str, mode: compiler::Mode) -> PyResult<Rc<CodeData>> {
        let opts = compiler::Options { optimize: self.config.optimize };
        match compiler::compile(text, filename, mode, opts) {
            Ok(code) => {
                // Like linecache, tracebacks show lines only of real files, not `<string>`.
                if !filename.starts_with('<') {
                    self.sources.insert(filename.to_string(), crate::vm::Source::Text(text.into()));
                }
                Ok(self.code_data(code))
            }
            Err(e) => Err(self.syntax_error_from(&e)),
        }
    }

    pub fn syntax_error_from(&self, e: &compiler::CompileError) -> PyRef {
        let ty = match e.kind {
            compiler::ErrorKind::SyntaxError => self.exc.syntax_error.clone(),
            compiler::ErrorKind::IndentationError => self.exc.indentation_error.clone(),
            compiler::ErrorKind::TabError => self.exc.tab_error.clone(),
        };
        let text = e.text.as_ref().map(|t| self.new_str(t.as_str())).unwrap_or(Value::None);
        let details = self.new_tuple(vec![
            self.new_str(e.filename.as_str()),
            Value::Int(e.lineno as i64),
            Value::Int(e.offset as i64),
            text.clone(),
            Value::Int(e.end_lineno as i64),
            Value::Int(e.end_offset as i64),
        ]);
        let msg = self.new_str(e.msg.as_str());
        let exc = self.new_exception_args(&ty, vec![msg.clone(), details]);
        exc.exc_set_field("msg", msg);
        exc.exc_set_field("filename", self.new_str(e.filename.as_str()));
        exc.exc_set_field("lineno", Value::Int(e.lineno as i64));
        exc.exc_set_field("offset", Value::Int(e.offset as i64));
        exc.exc_set_field("text", text);
        exc.exc_set_field("end_lineno", Value::Int(e.end_lineno as i64));
        exc.exc_set_field("end_offset", Value::Int(e.end_offset as i64));
        exc
    }

    /// Runs a module-level code object with `globals` (and `locals`, which defaults to them).
    pub fn run_code(&mut self, code: Rc<CodeData>, globals: PyRef, locals: Option<Value>) -> PyResult<Value> {
        let builtins = match self.dict_get_str(&globals, "__builtins__") {
            Some(Value::Obj(b)) if matches!(b.payload, Payload::Dict(_)) => b,
            Some(Value::Obj(b)) if matches!(b.payload, Payload::Module) => b.dict.get().unwrap(),
            _ => self.builtins_dict.clone(),
        };
        let locals = locals.unwrap_or_else(|| Value::Obj(globals.clone()));
        let frame = self.alloc_frame(code, globals, builtins, Some(locals));
        self.run_nested(frame)
    }

    /// A new module object with its standard attributes.
    pub fn new_module(&self, name: &str) -> PyRef {
        let d = self.new_dict();
        self.dict_set_str(&d, "__name__", self.new_str(name));
        self.dict_set_str(&d, "__doc__", Value::None);
        self.dict_set_str(&d, "__package__", Value::None);
        self.dict_set_str(&d, "__loader__", Value::None);
        self.dict_set_str(&d, "__spec__", Value::None);
        Object::with_dict(self.types.module.clone(), Payload::Module, d)
    }

    /// `IMPORT_NAME`.
    pub fn import_name(
        &mut self,
        f: &crate::frame::Frame,
        name: &Value,
        fromlist: &Value,
        level: &Value,
    ) -> PyResult<Value> {
        let level = match level {
            Value::Int(i) => *i,
            _ => 0,
        };
        // A replaced builtins.__import__ is honoured.
        let imp = self.dict_get_str(&f.builtins, "__import__");
        if let Some(imp) = imp {
            if !matches!(imp.payload(), Some(Payload::BuiltinFunction(b)) if b.name == "__import__") {
                let locals = f.locals.clone().unwrap_or(Value::None);
                return self.call(
                    &imp,
                    Args::new(&[
                        name.clone(),
                        Value::Obj(f.globals.clone()),
                        locals,
                        fromlist.clone(),
                        Value::Int(level),
                    ]),
                );
            }
        }
        let g = f.globals.clone();
        self.import_module_level(name, Some(&g), fromlist, level)
    }

    /// `__import__(name, globals, locals, fromlist, level)`.
    pub fn import_module_level(
        &mut self,
        name: &Value,
        globals: Option<&PyRef>,
        fromlist: &Value,
        level: i64,
    ) -> PyResult<Value> {
        let name_s = name
            .as_str()
            .map(|s| s.as_str().to_string())
            .ok_or_else(|| self.new_type_error("module name must be str, not int"))?;
        if level < 0 {
            return Err(self.new_value_error("level must be >= 0"));
        }
        let fullname = if level > 0 {
            let package = self.resolve_package(globals, level)?;
            if name_s.is_empty() {
                package
            } else {
                format!("{package}.{name_s}")
            }
        } else {
            if name_s.is_empty() {
                return Err(self.new_value_error("Empty module name"));
            }
            name_s.clone()
        };
        let module = self.import_fullname(&fullname)?;
        let has_fromlist = match fromlist.payload() {
            Some(Payload::Tuple(t)) => !t.is_empty(),
            Some(Payload::List(l)) => !l.borrow().is_empty(),
            _ => !fromlist.is_none() && self.truthy(fromlist)?,
        };
        if !has_fromlist {
            if level == 0 || !name_s.is_empty() {
                let first = if level == 0 {
                    name_s.split('.').next().unwrap().to_string()
                } else {
                    let cut = fullname.len() - name_s.len();
                    format!("{}{}", &fullname[..cut], name_s.split('.').next().unwrap())
                };
                return self.modules_get(&first).ok_or_else(|| self.new_key_error(self.new_str(first)));
            }
            return Ok(module);
        }
        // `from pkg import sub`: import submodules that are not attributes yet.
        if self.getattr_opt(&module, "__path__")?.is_some() {
            for item in self.collect(fromlist)? {
                let Some(s) = item.as_str().map(|s| s.as_str().to_string()) else {
                    continue;
                };
                if s == "*" {
                    if let Some(all) = self.getattr_opt(&module, "__all__")? {
                        for a in self.collect(&all)? {
                            if let Some(an) = a.as_str().map(|x| x.as_str().to_string()) {
                                if self.getattr_opt(&module, &an)?.is_none() {
                                    self.try_import_sub(&fullname, &an)?;
                                }
                            }
                        }
                    }
                    continue;
                }
                if self.getattr_opt(&module, &s)?.is_none() {
                    self.try_import_sub(&fullname, &s)?;
                }
            }
        }
        Ok(module)
    }

    fn try_import_sub(&mut self, pkg: &str, name: &str) -> PyResult<()> {
        match self.import_fullname(&format!("{pkg}.{name}")) {
            Ok(_) => Ok(()),
            Err(e) if self.isinstance_exc(&e, &self.exc.module_not_found_error.clone()) => {
                let missing = e.exc_field("name").as_str().map(|s| s.as_str().to_string());
                if missing.as_deref() == Some(&format!("{pkg}.{name}")) {
                    Ok(())
                } else {
                    Err(e)
                }
            }
            Err(e) => Err(e),
        }
    }

    fn resolve_package(&mut self, globals: Option<&PyRef>, level: i64) -> PyResult<String> {
        let g = globals.ok_or_else(|| {
            self.new_exception(&self.exc.import_error.clone(), "attempted relative import with no known parent package")
        })?;
        let package = match self.dict_get_str(g, "__package__") {
            Some(p) if !p.is_none() => p.as_str().map(|s| s.as_str().to_string()),
            _ => {
                let name = self.dict_get_str(g, "__name__").and_then(|n| n.as_str().map(|s| s.as_str().to_string()));
                match name {
                    Some(n) if self.dict_get_str(g, "__path__").is_some() => Some(n),
                    Some(n) => Some(n.rsplit_once('.').map(|(a, _)| a.to_string()).unwrap_or_default()),
                    None => None,
                }
            }
        };
        let package = package.unwrap_or_default();
        if package.is_empty() {
            return Err(self.new_exception(
                &self.exc.import_error.clone(),
                "attempted relative import with no known parent package",
            ));
        }
        let parts: Vec<&str> = package.split('.').collect();
        if (level as usize) > parts.len() {
            return Err(self
                .new_exception(&self.exc.import_error.clone(), "attempted relative import beyond top-level package"));
        }
        Ok(parts[..parts.len() - (level as usize - 1)].join("."))
    }

    pub fn modules_get(&self, name: &str) -> Option<Value> {
        self.dict_get_str(&self.modules, name).filter(|v| !v.is_none())
    }

    /// Imports `a.b.c`, importing `a` and `a.b` first; returns the module `a.b.c`.
    pub fn import_fullname(&mut self, fullname: &str) -> PyResult<Value> {
        match self.dict_get_str(&self.modules, fullname) {
            Some(Value::None) => {
                let msg = format!("import of {fullname} halted; None in sys.modules");
                return Err(self.new_import_error(&self.exc.module_not_found_error.clone(), msg, Some(fullname)));
            }
            // Being run by another thread: wait until it is complete.
            Some(m) => {
                if self.wait_for_import(fullname) {
                    return Ok(self.modules_get(fullname).unwrap_or(m));
                }
                return Ok(m);
            }
            None => {}
        }
        // Another thread is importing it (or failed to): look again once it is done.
        if self.wait_for_import(fullname) {
            return self.import_fullname(fullname);
        }
        let mut path_value = Value::None;
        let (parent, path) = match fullname.rsplit_once('.') {
            Some((parent, _)) => {
                let pm = self.import_fullname(parent)?;
                if let Some(m) = self.modules_get(fullname) {
                    return Ok(m);
                }
                let path = match self.getattr_opt(&pm, "__path__")? {
                    Some(p) => {
                        path_value = p.clone();
                        self.collect(&p)?
                            .iter()
                            .filter_map(|v| v.as_str().map(|s| PathBuf::from(s.as_str())))
                            .collect::<Vec<_>>()
                    }
                    None => {
                        let msg = format!("No module named '{fullname}'; '{parent}' is not a package");
                        return Err(self.new_import_error(
                            &self.exc.module_not_found_error.clone(),
                            msg,
                            Some(fullname),
                        ));
                    }
                };
                (Some((parent.to_string(), pm)), path)
            }
            None => (None, self.sys_path()),
        };
        let short = fullname.rsplit('.').next().unwrap();
        // Finders a program put in front of pyrite's own on sys.meta_path go first.
        if let Some(m) = self.find_via_meta_path(fullname, &path_value, true)? {
            return self.bind_submodule(parent.as_ref().map(|(_, pm)| pm), short, m);
        }
        let found = if parent.is_none() && self.native_modules.contains_key(fullname) {
            Some(Found::Native)
        } else {
            find_in(&path, short)
        };
        let found = match found {
            Some(f) => Some(f),
            // Zip archives on the path, then the finders after pyrite's, when pyrite's search
            // of directories found nothing.
            None => match self.find_in_archives(fullname, &path)? {
                Some(m) => return self.bind_submodule(parent.as_ref().map(|(_, pm)| pm), short, m),
                None => match self.find_via_meta_path(fullname, &path_value, false)? {
                    Some(m) => return self.bind_submodule(parent.as_ref().map(|(_, pm)| pm), short, m),
                    None => None,
                },
            },
        };
        let Some(found) = found else {
            return Err(self.new_import_error(
                &self.exc.module_not_found_error.clone(),
                format!("No module named '{fullname}'"),
                Some(fullname),
            ));
        };
        let guard = crate::gil::begin_import(fullname);
        let module = self.load_module(fullname, found);
        drop(guard);
        self.bind_submodule(parent.as_ref().map(|(_, pm)| pm), short, module?)
    }

    /// Makes a freshly imported submodule an attribute of its package.
    fn bind_submodule(&mut self, parent: Option<&Value>, short: &str, module: Value) -> PyResult<Value> {
        if let Some(pm) = parent {
            let _ = self.setattr_str(pm, short, module.clone());
        }
        Ok(module)
    }

    fn sys_path(&mut self) -> Vec<PathBuf> {
        let p = self.sys_attr("path").unwrap_or(Value::None);
        self.collect(&p)
            .unwrap_or_default()
            .iter()
            .filter_map(|v| v.as_str().map(|s| PathBuf::from(if s.as_str().is_empty() { "." } else { s.as_str() })))
            .collect()
    }

    /// A module's `__spec__` with the attributes code and importlib read
    /// (`importlib.machinery.ModuleSpec` itself is not loaded: the import system is native).
    fn module_spec(
        &self,
        name: &str,
        origin: Value,
        cached: Value,
        parent: &str,
        has_location: bool,
        search: Value,
    ) -> PyRef {
        let spec = self.new_module("ModuleSpec");
        let sd = spec.dict.get().unwrap();
        self.dict_set_str(&sd, "name", self.new_str(name));
        self.dict_set_str(&sd, "origin", origin);
        self.dict_set_str(&sd, "cached", cached);
        self.dict_set_str(&sd, "parent", self.new_str(parent));
        self.dict_set_str(&sd, "has_location", Value::Bool(has_location));
        self.dict_set_str(&sd, "loader", Value::None);
        self.dict_set_str(&sd, "submodule_search_locations", search);
        // What importlib reads on a parent's spec while importing a submodule.
        self.dict_set_str(&sd, "_initializing", Value::Bool(false));
        self.dict_set_str(&sd, "_uninitialized_submodules", self.new_list(Vec::new()));
        spec
    }

    fn load_module(&mut self, fullname: &str, found: Found) -> PyResult<Value> {
        match found {
            Found::Native => {
                let init = self.native_modules[fullname];
                let m = init(self)?;
                // `_io` calls itself `io` (its module definition's name), as in CPython.
                self.stamp_native_module(&m, if fullname == "_io" { "io" } else { fullname });
                // (The `_frozen_importlib` aliases return a Python module that has its own.)
                if let Some(d) = m.dict.get().filter(|d| self.dict_get_str(d, "__spec__").is_none_or(|s| s.is_none())) {
                    let spec =
                        self.module_spec(fullname, self.new_str("built-in"), Value::None, "", false, Value::None);
                    self.dict_set_str(&d, "__spec__", Value::Obj(spec));
                }
                self.dict_set_str(&self.modules.clone(), fullname, Value::Obj(m.clone()));
                if self.config.verbose > 0 {
                    self.write_stderr(&format!("import '{fullname}' # <class '_frozen_importlib.BuiltinImporter'>\n"));
                }
                Ok(Value::Obj(m))
            }
            Found::Namespace { dirs } => {
                let m = self.new_module(fullname);
                let d = m.dict.get().unwrap();
                let path = self.new_list(dirs.iter().map(|p| self.new_str(p.to_string_lossy().as_ref())).collect());
                self.dict_set_str(&d, "__path__", path);
                self.dict_set_str(&d, "__package__", self.new_str(fullname));
                self.dict_set_str(&d, "__file__", Value::None);
                self.dict_set_str(&self.modules.clone(), fullname, Value::Obj(m.clone()));
                Ok(Value::Obj(m))
            }
            Found::Source { path, is_package } => {
                let m = self.new_module(fullname);
                let d = m.dict.get().unwrap();
                let pstr = path.to_string_lossy().to_string();
                self.dict_set_str(&d, "__file__", self.new_str(pstr.as_str()));
                let package = if is_package {
                    let dir = path.parent().unwrap().to_string_lossy().to_string();
                    let l = self.new_list(vec![self.new_str(dir)]);
                    self.dict_set_str(&d, "__path__", l);
                    fullname.to_string()
                } else {
                    fullname.rsplit_once('.').map(|(a, _)| a.to_string()).unwrap_or_default()
                };
                self.dict_set_str(&d, "__package__", self.new_str(package.as_str()));
                let cached =
                    self.new_str(cache_path(&path, self.pycache_prefix().as_deref()).to_string_lossy().as_ref());
                self.dict_set_str(&d, "__cached__", cached.clone());
                let search =
                    if is_package { self.dict_get_str(&d, "__path__").unwrap_or(Value::None) } else { Value::None };
                let origin = self.new_str(pstr.as_str());
                let spec = self.module_spec(fullname, origin, cached, &package, true, search);
                self.dict_set_str(&d, "__spec__", Value::Obj(spec));
                self.dict_set_str(&d, "__builtins__", Value::Obj(self.builtins.clone()));
                let code = self.get_code(fullname, &path)?;
                self.dict_set_str(&self.modules.clone(), fullname, Value::Obj(m.clone()));
                self.initializing.push(fullname.to_string());
                let r = self.run_code(code, d.clone(), None);
                self.initializing.retain(|n| n != fullname);
                if let Err(e) = r {
                    let _ = crate::dict::del_item(self, &self.modules.clone(), &self.new_str(fullname));
                    return Err(e);
                }
                if self.config.verbose > 0 {
                    self.write_stderr(&format!(
                        "import '{fullname}' # <_frozen_importlib_external.SourceFileLoader object at {:#x}>\n",
                        Rc::as_ptr(&m) as usize
                    ));
                }
                // sys.modules may have been replaced by the module itself.
                Ok(self.modules_get(fullname).unwrap_or(Value::Obj(m)))
            }
        }
    }

    pub(crate) fn pycache_prefix(&self) -> Option<String> {
        self.config.pycache_prefix.clone()
    }

    fn dont_write_bytecode(&self) -> bool {
        match self.sys_attr("dont_write_bytecode") {
            Some(Value::Bool(b)) => b,
            _ => self.config.dont_write_bytecode,
        }
    }

    /// The code of a source module: from its .pyc when valid, else compiled (and cached).
    /// The `co_filename` CPython 3.11 gives the standard library modules it freezes into its
    /// binary: "<frozen os>" for `os` loaded from the standard library (tracebacks show that
    /// name and no source line), the path itself for everything else.
    fn code_filename(&self, fullname: &str, path: &Path) -> String {
        const FROZEN: [&str; 17] = [
            "abc",
            "codecs",
            "io",
            "_collections_abc",
            "_sitebuiltins",
            "genericpath",
            "ntpath",
            "posixpath",
            "os",
            "site",
            "stat",
            "importlib.util",
            "importlib.machinery",
            "runpy",
            "importlib._bootstrap",
            "importlib._bootstrap_external",
            "zipimport",
        ];
        let pstr = path.to_string_lossy().to_string();
        let Some(stdlib) = self.config.stdlib_dir.as_deref() else { return pstr };
        let expected = Path::new(stdlib).join(format!("{}.py", fullname.replace('.', "/")));
        if FROZEN.contains(&fullname) && path == expected {
            format!("<frozen {fullname}>")
        } else {
            pstr
        }
    }

    pub fn get_code(&mut self, fullname: &str, path: &Path) -> PyResult<Rc<CodeData>> {
        let pstr = path.to_string_lossy().to_string();
        let code_name = self.code_filename(fullname, path);
        let source = std::fs::read(path).map_err(|e| self.os_error_from(e, Some(&pstr)))?;
        let meta = std::fs::metadata(path).ok();
        let mtime = meta
            .as_ref()
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_secs() as u32)
            .unwrap_or(0);
        let size = source.len() as u32;
        let cpath = cache_path(path, self.pycache_prefix().as_deref());
        let cstr = cpath.to_string_lossy().to_string();
        let verbose = self.config.verbose > 0;
        if let Ok(data) = std::fs::read(&cpath) {
            match pyc::read(&data) {
                Ok((v, code)) => {
                    let fresh = match v {
                        Validation::Timestamp { mtime: m, size: s } => m == mtime && s == size,
                        Validation::Hash { hash, check_source } => !check_source || hash == pyc::source_hash(&source),
                    };
                    if fresh {
                        let code = code.with_filename(&code_name);
                        if verbose {
                            self.write_stderr(&format!("# {cstr} matches {pstr}\n# code object from '{cstr}'\n"));
                        }
                        // Keep the source as it was when compiled for tracebacks (decoded
                        // only if one needs a line).
                        self.sources.insert(pstr.clone(), crate::vm::Source::Bytes(source));
                        return Ok(self.code_data(code));
                    }
                    if verbose {
                        self.write_stderr(&format!("# bytecode is stale for '{fullname}'\n"));
                    }
                }
                Err(_) => {
                    if verbose {
                        self.write_stderr(&format!("# bytecode is stale for '{fullname}'\n"));
                    }
                }
            }
        }
        let text = compiler::decode_source(&source, &pstr).map_err(|e| self.syntax_error_from(&e))?;
        let opts = compiler::Options { optimize: self.config.optimize };
        let code =
            compiler::compile(&text, &code_name, compiler::Mode::Exec, opts).map_err(|e| self.syntax_error_from(&e))?;
        self.sources.insert(pstr.clone(), crate::vm::Source::Text(text.into()));
        if verbose {
            self.write_stderr(&format!("# code object from {pstr}\n"));
        }
        if !self.dont_write_bytecode() {
            let data = pyc::write(&code, Validation::Timestamp { mtime, size });
            if write_atomic(&cpath, &data).is_ok() && verbose {
                self.write_stderr(&format!("# created '{cstr}'\n"));
            }
        }
        Ok(self.code_data(code))
    }

    /// `IMPORT_FROM`: an attribute, or a submodule registered in `sys.modules`.
    pub fn import_from(&mut self, module: &Value, name: &Value) -> PyResult<Value> {
        match self.getattr(module, name) {
            Ok(v) => Ok(v),
            Err(e) if self.isinstance_exc(&e, &self.exc.attribute_error.clone()) => {
                let n = name.as_str().map(|s| s.as_str().to_string()).unwrap_or_default();
                let mname =
                    self.getattr_opt(module, "__name__")?.and_then(|v| v.as_str().map(|s| s.as_str().to_string()));
                if let Some(mn) = &mname {
                    if let Some(m) = self.modules_get(&format!("{mn}.{n}")) {
                        return Ok(m);
                    }
                }
                let mname = mname.unwrap_or_else(|| "<unknown module name>".into());
                let file = self
                    .getattr_opt(module, "__file__")?
                    .filter(|f| !f.is_none())
                    .and_then(|f| f.as_str().map(|s| s.as_str().to_string()));
                let initializing = self.initializing.contains(&mname);
                let path = file.as_ref().map(|f| self.new_str(f.as_str())).unwrap_or(Value::None);
                let msg = match file {
                    Some(f) if initializing => format!("cannot import name '{n}' from partially initialized module '{mname}' (most likely due to a circular import) ({f})"),
                    Some(f) => format!("cannot import name '{n}' from '{mname}' ({f})"),
                    None => format!("cannot import name '{n}' from '{mname}' (unknown location)"),
                };
                let e = self.new_import_error(&self.exc.import_error.clone(), msg, Some(&mname));
                // `PyErr_SetImportError(msg, name, path)` stores a missing path as None.
                e.exc_set_field("path", path);
                Err(e)
            }
            Err(e) => Err(e),
        }
    }

    /// `from module import *`.
    pub fn import_star(&mut self, module: &Value, locals: &Value) -> PyResult<()> {
        let names: Vec<Value> = match self.getattr_opt(module, "__all__")? {
            Some(all) => self.collect(&all)?,
            None => {
                let d = self.getattr_str(module, "__dict__")?;
                let keys = self.collect(&d)?;
                keys.into_iter().filter(|k| k.as_str().map(|s| !s.as_str().starts_with('_')).unwrap_or(false)).collect()
            }
        };
        for n in names {
            let v = self.getattr(module, &n)?;
            self.setitem(locals, n, v)?;
        }
        Ok(())
    }
}

fn const_hash(v: &Value) -> i64 {
    match v {
        Value::Int(i) => crate::hash::hash_i64(*i),
        Value::Bool(b) => *b as i64,
        Value::Float(f) => crate::hash::hash_f64(*f).unwrap_or(0),
        Value::Obj(o) => match &o.payload {
            Payload::Str(s) => s.hash(),
            Payload::Bytes(b) => crate::hash::hash_bytes(b),
            Payload::Int(i) => crate::hash::hash_bigint(i),
            Payload::Tuple(t) => crate::hash::hash_tuple(t.iter().map(const_hash).collect::<Vec<_>>().into_iter()),
            _ => 0,
        },
        Value::None => 0,
    }
}

/// Looks for `name` in the directories of `path`: a package, a module, then (only if nothing
/// else matched anywhere) a namespace package.
pub(crate) fn find_in(path: &[PathBuf], name: &str) -> Option<Found> {
    let mut namespace = Vec::new();
    for dir in path {
        let pkg = dir.join(name);
        let init = pkg.join("__init__.py");
        if init.is_file() {
            return Some(Found::Source { path: init, is_package: true });
        }
        let file = dir.join(format!("{name}.py"));
        if file.is_file() {
            return Some(Found::Source { path: file, is_package: false });
        }
        if pkg.is_dir() {
            namespace.push(pkg);
        }
    }
    if namespace.is_empty() {
        None
    } else {
        Some(Found::Namespace { dirs: namespace })
    }
}

/// `__pycache__/NAME.pyrite-311.pyc` beside `source`, or under `PYTHONPYCACHEPREFIX`.
pub fn cache_path(source: &Path, prefix: Option<&str>) -> PathBuf {
    let stem = source.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let file = format!("{stem}.{}.pyc", pyc::CACHE_TAG);
    match prefix {
        Some(p) => {
            let abs = std::fs::canonicalize(source.parent().unwrap_or(Path::new(".")))
                .unwrap_or_else(|_| source.parent().unwrap_or(Path::new(".")).to_path_buf());
            let rel = abs.strip_prefix("/").unwrap_or(&abs).to_path_buf();
            PathBuf::from(p).join(rel).join(file)
        }
        None => source.parent().unwrap_or(Path::new(".")).join("__pycache__").join(file),
    }
}

/// Writes via a temporary file and rename, so readers never see a partial file.
pub fn write_atomic(path: &Path, data: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension(format!("pyc.{}", std::process::id()));
    let r = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(data)?;
        f.sync_all().ok();
        std::fs::rename(&tmp, path)
    })();
    if r.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    r
}
