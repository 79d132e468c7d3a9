//! VM stage: the `_warnings` module, the native half of `warnings` (CPython's
//! Python/_warnings.c). It owns the filter list, the "once" registry and the default action
//! that `warnings.py` re-exports, and implements `warn`/`warn_explicit` with the same filter
//! matching, registries, stack-level walk (skipping importlib's bootstrap frames) and display
//! hand-off (`warnings._showwarnmsg`, or a direct write to `sys.stderr` when `warnings` was
//! never imported). Being native, a warning turned into an error carries no frames of its own
//! in the traceback, as in CPython; the VM's own warnings go through `Vm::warn`.

use crate::func::Args;
use crate::value::{Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};

/// The interpreter-wide warnings state (`_warnings_runtime_state`), made on first use.
#[derive(Default)]
pub struct State {
    filters: Option<Value>,
    once_registry: Option<Value>,
    default_action: Option<Value>,
    /// Bumped by `_filters_mutated()`; a registry remembers the version it was filled under
    /// and is cleared when the filters changed since.
    filters_version: i64,
}

/// What `setup_context` finds for a stack level: where the warning is reported and the
/// module globals whose registry records it.
struct Context {
    filename: Value,
    lineno: i64,
    module: Value,
    registry: Value,
}

impl Vm {
    /// Makes the filters, once-registry and default action if they do not exist yet (the
    /// default filters of a release build, as `init_filters`).
    fn warnings_state_init(&mut self) {
        if self.warnings.filters.is_some() {
            return;
        }
        let filter = |vm: &Vm, action: &str, category: &PyRef, module: Option<&str>| {
            let module = module.map_or(Value::None, |m| Value::Obj(vm.intern(m)));
            vm.new_tuple(vec![
                Value::Obj(vm.intern(action)),
                Value::None,
                Value::Obj(category.clone()),
                module,
                Value::Int(0),
            ])
        };
        let e = &self.exc;
        let filters = vec![
            filter(self, "default", &e.deprecation_warning, Some("__main__")),
            filter(self, "ignore", &e.deprecation_warning, None),
            filter(self, "ignore", &e.pending_deprecation_warning, None),
            filter(self, "ignore", &e.import_warning, None),
            filter(self, "ignore", &e.resource_warning, None),
        ];
        self.warnings.filters = Some(self.new_list(filters));
        self.warnings.once_registry = Some(Value::Obj(self.new_dict()));
        self.warnings.default_action = Some(self.new_str("default"));
        self.warnings.filters_version = 0;
    }

    /// `warnings.<name>` when the `warnings` module is loaded (`get_warnings_attr`); with
    /// `try_import`, imports it first. `Ok(None)` when it is not there.
    fn warnings_attr(&mut self, name: &str, try_import: bool) -> PyResult<Option<Value>> {
        let module = if try_import {
            match self.import_fullname("warnings") {
                Ok(m) => m,
                Err(e) if self.isinstance_exc(&e, &self.exc.import_error.clone()) => return Ok(None),
                Err(e) => return Err(e),
            }
        } else {
            match self.modules_get("warnings") {
                Some(m) => m,
                None => return Ok(None),
            }
        };
        self.getattr_opt(&module, name)
    }

    /// The registry for the "once" action: `warnings.onceregistry` if set, else ours.
    fn once_registry(&mut self) -> PyResult<Value> {
        match self.warnings_attr("onceregistry", false)? {
            Some(r) if matches!(r.payload(), Some(Payload::Dict(_))) => {
                self.warnings.once_registry = Some(r.clone());
                Ok(r)
            }
            Some(r) => {
                Err(self.new_type_error(format!("_warnings.onceregistry must be a dict, not '{}'", self.type_name(&r))))
            }
            None => Ok(self.warnings.once_registry.clone().unwrap_or(Value::None)),
        }
    }

    /// The action when no filter matches: `warnings.defaultaction` if set, else ours.
    fn default_action(&mut self) -> PyResult<Value> {
        match self.warnings_attr("defaultaction", false)? {
            Some(a) if a.as_str().is_some() => {
                self.warnings.default_action = Some(a.clone());
                Ok(a)
            }
            Some(a) => {
                Err(self
                    .new_type_error(format!("_warnings.defaultaction must be a string, not '{}'", self.type_name(&a))))
            }
            None => Ok(self.warnings.default_action.clone().unwrap_or(Value::None)),
        }
    }

    /// Whether a filter's message or module pattern matches `arg` (`check_matched`): None
    /// matches everything, an exact str must be equal, anything else is a compiled regex whose
    /// `match` decides.
    fn filter_matches(&mut self, pattern: &Value, arg: &Value) -> PyResult<bool> {
        if pattern.is_none() {
            return Ok(true);
        }
        if pattern.as_obj().is_some_and(|p| p.class_is(&self.types.str_)) {
            let Some(a) = arg.as_str() else {
                return Err(self.new_type_error(format!("Can't compare str and {}", self.type_name(arg))));
            };
            return Ok(pattern.as_str().is_some_and(|p| p.as_str() == a.as_str()));
        }
        let m = self.getattr_str(pattern, "match")?;
        let r = self.call(&m, Args::new(std::slice::from_ref(arg)))?;
        self.truthy(&r)
    }

    /// The action of the first filter matching the warning, and that filter (None when the
    /// default action applies), as `get_filter`.
    fn warning_action(
        &mut self,
        category: &Value,
        text: &Value,
        lineno: i64,
        module: &Value,
    ) -> PyResult<(Value, Value)> {
        if let Some(f) = self.warnings_attr("filters", false)? {
            self.warnings.filters = Some(f);
        }
        let filters = self.warnings.filters.clone().unwrap_or(Value::None);
        let Some(Payload::List(list)) = filters.payload() else {
            return Err(self.new_value_error("_warnings.filters must be a list"));
        };
        // The list may change while a filter's regex runs: index it afresh each time.
        let mut i = 0;
        loop {
            let Some(item) = list.borrow().get(i).cloned() else { break };
            let parts = match item.payload() {
                Some(Payload::Tuple(t)) if t.len() == 5 => t.to_vec(),
                _ => return Err(self.new_value_error(format!("_warnings.filters item {i} isn't a 5-tuple"))),
            };
            let (action, msg, cat, module_pat, ln) = (&parts[0], &parts[1], &parts[2], &parts[3], &parts[4]);
            if action.as_str().is_none() {
                return Err(self.new_type_error(format!("action must be a string, not '{}'", self.type_name(action))));
            }
            let good_msg = self.filter_matches(msg, text)?;
            let good_mod = self.filter_matches(module_pat, module)?;
            let is_subclass = self.issubclass_check(category, cat)?;
            let ln = self.to_i64_index(ln)?;
            if good_msg && is_subclass && good_mod && (ln == 0 || lineno == ln) {
                return Ok((action.clone(), item));
            }
            i += 1;
        }
        Ok((self.default_action()?, Value::None))
    }

    /// Whether `registry` already records `key` (`already_warned`); a registry filled under
    /// other filters is cleared first. With `should_set`, records it.
    fn already_warned(&mut self, registry: &PyRef, key: Value, should_set: bool) -> PyResult<bool> {
        let version = self.warnings.filters_version;
        let current = self.dict_get_str(registry, "version");
        if matches!(current, Some(Value::Int(v)) if v == version) {
            if let Some(seen) = crate::dict::get_item(self, registry, &key)? {
                if self.truthy(&seen)? {
                    return Ok(true);
                }
            }
        } else {
            if let Payload::Dict(d) = &registry.payload {
                d.borrow_mut().clear();
            }
            self.dict_set_str(registry, "version", Value::Int(version));
        }
        if should_set {
            crate::dict::set_item(self, registry, key, Value::Bool(true))?;
        }
        Ok(false)
    }

    /// `warn_explicit`: filters the warning, records it in the registries and shows it (or
    /// raises it for the "error" action).
    #[allow(clippy::too_many_arguments)]
    fn warn_explicit(
        &mut self,
        category: Value,
        message: Value,
        filename: Value,
        lineno: i64,
        module: Option<Value>,
        registry: Value,
        sourceline: Option<String>,
        source: Value,
    ) -> PyResult<Value> {
        self.warnings_state_init();
        // A warning emitted late in shutdown, with the module gone: nothing to do.
        if module.as_ref().is_some_and(Value::is_none) {
            return Ok(Value::None);
        }
        let registry = match registry.payload() {
            _ if registry.is_none() => None,
            Some(Payload::Dict(_)) => registry.as_obj().cloned(),
            _ => return Err(self.new_type_error("'registry' must be a dict or None")),
        };
        let module = match module {
            Some(m) => m,
            None => normalize_module(self, &filename),
        };
        let warning = self.exc.warning.clone();
        let (text, category, message) = if self.isinstance(&message, &warning) {
            let text = self.str(&message)?;
            (text, Value::Obj(self.type_of(&message)), message)
        } else {
            let instance = self.call(&category, Args::new(std::slice::from_ref(&message)))?;
            (message, category, instance)
        };
        let key = self.new_tuple(vec![text.clone(), category.clone(), Value::Int(lineno)]);
        if let Some(r) = &registry {
            if self.already_warned(r, key.clone(), false)? {
                return Ok(Value::None);
            }
        }
        let (action, item) = self.warning_action(&category, &text, lineno, &module)?;
        let action_text = action.as_str().map(|s| s.as_str().to_string()).unwrap_or_default();
        match action_text.as_str() {
            "error" => return Err(self.exception_to_raise(&category, message)),
            "ignore" => return Ok(Value::None),
            _ => {}
        }
        if action_text != "always" {
            if let Some(r) = &registry {
                crate::dict::set_item(self, r, key, Value::Bool(true))?;
            }
            // "once" and "module" also record (text, category) without the line: in the
            // module's registry, or for "once" without one, in the once-registry.
            let alt_registry = match action_text.as_str() {
                "once" => match &registry {
                    Some(r) => Some(r.clone()),
                    None => self.once_registry()?.as_obj().cloned(),
                },
                "module" => registry.clone(),
                "default" => None,
                _ => {
                    let (a, i) = (self.repr_string(&action)?, self.repr_string(&item)?);
                    return Err(self.new_runtime_error(format!("Unrecognized action ({a}) in warnings.filters:\n {i}")));
                }
            };
            let seen = match alt_registry {
                Some(r) => {
                    let alt = self.new_tuple(vec![text.clone(), category.clone()]);
                    self.already_warned(&r, alt, true)?
                }
                None => false,
            };
            if seen {
                return Ok(Value::None);
            }
        }
        self.show_warning(category, text, message, filename, lineno, sourceline, source)?;
        Ok(Value::None)
    }

    /// The exception `PyErr_SetObject(category, message)` raises: `message` itself when it is
    /// an instance of the category, else the category called with it.
    fn exception_to_raise(&mut self, category: &Value, message: Value) -> PyRef {
        let made = match category.as_obj() {
            Some(c) if self.isinstance(&message, c) => Ok(message),
            _ => self.call(category, Args::new(std::slice::from_ref(&message))),
        };
        match made {
            Ok(Value::Obj(e)) if e.exc_data().is_some() => e,
            Ok(_) => self.new_type_error("exceptions must derive from BaseException"),
            Err(e) => e,
        }
    }

    /// Hands the warning to `warnings._showwarnmsg` (importing `warnings` when there is a
    /// `source`, whose allocation traceback only the Python side can show), or writes it to
    /// `sys.stderr` directly when `warnings` is not loaded (`call_show_warning`).
    #[allow(clippy::too_many_arguments)]
    fn show_warning(
        &mut self,
        category: Value,
        text: Value,
        message: Value,
        filename: Value,
        lineno: i64,
        sourceline: Option<String>,
        source: Value,
    ) -> PyResult<()> {
        let Some(show) = self.warnings_attr("_showwarnmsg", !source.is_none())? else {
            self.write_warning(&category, &text, &filename, lineno, sourceline);
            return Ok(());
        };
        if !self.is_callable(&show) {
            return Err(self.new_type_error("warnings._showwarnmsg() must be set to a callable"));
        }
        let Some(cls) = self.warnings_attr("WarningMessage", false)? else {
            return Err(self.new_runtime_error("unable to get warnings.WarningMessage"));
        };
        let args = [message, category, filename, Value::Int(lineno), Value::None, Value::None, source];
        let msg = self.call(&cls, Args::new(&args))?;
        self.call(&show, Args::new(&[msg]))?;
        Ok(())
    }

    /// The direct report: "file:line: Category: text" and the source line, to `sys.stderr`
    /// (errors while writing are dropped, as `show_warning` does).
    fn write_warning(&mut self, category: &Value, text: &Value, filename: &Value, lineno: i64, line: Option<String>) {
        let name = self.getattr_str(category, "__name__").and_then(|n| self.str(&n));
        let (Ok(name), Ok(text)) = (name, self.str(text)) else { return };
        let file = filename.as_str().map(|s| s.as_str().to_string()).unwrap_or_default();
        let mut out =
            format!("{file}:{lineno}: {}: {}\n", name.as_str().unwrap().as_str(), text.as_str().unwrap().as_str());
        let line = line.or_else(|| u32::try_from(lineno).ok().and_then(|n| self.source_line(&file, n)));
        if let Some(l) = line {
            let l = l.trim_matches([' ', '\t', '\x0c', '\r', '\n']);
            if !l.is_empty() {
                out.push_str(&format!("  {l}\n"));
            }
        }
        if self.sys_attr("stderr").is_none_or(|e| e.is_none()) {
            eprint!("lost sys.stderr\n{out}");
            return;
        }
        self.write_stderr(&out);
    }

    /// Where a warning `stack_level` frames up is reported (`setup_context`): importlib's
    /// bootstrap frames are skipped unless the walk starts in one. Creates the module's
    /// `__warningregistry__` when missing.
    fn warning_context(&mut self, stack_level: i64) -> PyResult<Context> {
        let n = self.frames.len();
        // Frames from the newest (the caller of `warn`) down.
        let frame_at = |vm: &Vm, i: usize| -> &crate::frame::Frame {
            // SAFETY: `frames` holds exactly the frames of the run_frame calls in progress
            // (pushed and popped as they start and finish), so each is alive.
            unsafe { &*vm.frames[i] }
        };
        let internal = |vm: &Vm, i: usize| is_internal_frame(&frame_at(vm, i).code.code.co_filename);
        let mut at: Option<usize> = n.checked_sub(1);
        let mut level = stack_level;
        if stack_level <= 0 || at.is_some_and(|i| internal(self, i)) {
            while level > 1 && at.is_some() {
                level -= 1;
                at = at.and_then(|i| i.checked_sub(1));
            }
        } else {
            while level > 1 && at.is_some() {
                level -= 1;
                // The next frame down that is not importlib's bootstrap.
                loop {
                    at = at.and_then(|i| i.checked_sub(1));
                    match at {
                        Some(i) if internal(self, i) => continue,
                        _ => break,
                    }
                }
            }
        }
        let (globals, filename, lineno) = match at {
            Some(i) => {
                let f = frame_at(self, i);
                let filename = self.new_str(&*f.code.code.co_filename);
                (f.globals.clone(), filename, f.lineno().map_or(-1, i64::from))
            }
            None => {
                let d = self.sys.dict.get().expect("sys has a dict");
                (d, self.new_str("sys"), 1)
            }
        };
        let registry = match self.dict_get_str(&globals, "__warningregistry__") {
            Some(r) => r,
            None => {
                let r = Value::Obj(self.new_dict());
                self.dict_set_str(&globals, "__warningregistry__", r.clone());
                r
            }
        };
        let module = match self.dict_get_str(&globals, "__name__") {
            Some(m) if m.is_none() || m.as_str().is_some() => m,
            _ => self.new_str("<string>"),
        };
        Ok(Context { filename, lineno, module, registry })
    }

    /// The warning category for `warn(message, category)` (`get_category`).
    fn warning_category(&mut self, message: &Value, category: &Value) -> PyResult<Value> {
        let warning = self.exc.warning.clone();
        let category = if self.isinstance(message, &warning) {
            Value::Obj(self.type_of(message))
        } else if category.is_none() {
            Value::Obj(self.exc.user_warning.clone())
        } else {
            category.clone()
        };
        let ok = matches!(category.payload(), Some(Payload::Type(_)))
            && self.issubclass_check(&category, &Value::Obj(warning)).unwrap_or(false);
        if !ok {
            let msg = format!("category must be a Warning subclass, not '{}'", self.type_name(&category));
            return Err(self.new_type_error(msg));
        }
        Ok(category)
    }

    /// `warnings.warn(message, category, stack_level, source)` as the C API's `PyErr_WarnEx`
    /// family issues it: for the VM's own warnings.
    pub fn warn(&mut self, category: &PyRef, message: &str, stack_level: i64, source: Option<Value>) -> PyResult<()> {
        let message = self.new_str(message);
        self.do_warn(message, Value::Obj(category.clone()), stack_level, source.unwrap_or(Value::None))
    }

    /// The warning for a coroutine that was never awaited (`_PyErr_WarnUnawaitedCoroutine`):
    /// through `warnings._warn_unawaited_coroutine` when it can be imported, which names the
    /// coroutine as the source; otherwise directly. A failure is reported as unraisable.
    pub fn warn_unawaited_coroutine(&mut self, coro: &PyRef, qualname: &str) {
        let mut warned = false;
        let r = match self.warnings_attr("_warn_unawaited_coroutine", true) {
            Ok(Some(f)) => self.call(&f, Args::new(&[Value::Obj(coro.clone())])).map(|_| warned = true),
            Ok(None) => Ok(()),
            Err(e) => Err(e),
        };
        if let Err(e) = r {
            warned |= self.isinstance_exc(&e, &self.exc.runtime_warning.clone());
            self.write_unraisable("in", &Value::Obj(coro.clone()), &e);
        }
        if !warned {
            let msg = format!("coroutine '{qualname}' was never awaited");
            let category = self.exc.runtime_warning.clone();
            if let Err(e) = self.warn(&category, &msg, 1, Some(Value::Obj(coro.clone()))) {
                self.write_unraisable("in", &Value::Obj(coro.clone()), &e);
            }
        }
    }

    fn do_warn(&mut self, message: Value, category: Value, stack_level: i64, source: Value) -> PyResult<()> {
        let cx = self.warning_context(stack_level)?;
        self.warn_explicit(category, message, cx.filename, cx.lineno, Some(cx.module), cx.registry, None, source)?;
        Ok(())
    }
}

/// A frame of importlib's bootstrap, which warnings skip when walking up the stack.
fn is_internal_frame(filename: &str) -> bool {
    filename.contains("importlib") && filename.contains("_bootstrap")
}

/// The module name implied by a file name: "<unknown>" for "", else without a ".py" suffix.
fn normalize_module(vm: &Vm, filename: &Value) -> Value {
    let Some(f) = filename.as_str() else { return filename.clone() };
    match f.as_str() {
        "" => vm.new_str("<unknown>"),
        s => match s.strip_suffix(".py") {
            Some(stem) => vm.new_str(stem),
            None => filename.clone(),
        },
    }
}

/// `_warnings.warn(message, category=None, stacklevel=1, source=None)`.
fn warnings_warn(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [message, category, stacklevel, source] =
        args.clinic(vm, "warn", ["message", "category", "stacklevel", "source"], 0, 1, 4)?;
    let message = message.unwrap_or(Value::None);
    let category = vm.warning_category(&message, &category.unwrap_or(Value::None))?;
    let stack_level = match stacklevel {
        Some(s) => vm.to_i64_index(&s)?,
        None => 1,
    };
    vm.do_warn(message, category, stack_level, source.unwrap_or(Value::None))?;
    Ok(Value::None)
}

/// `_warnings.warn_explicit(message, category, filename, lineno, module=None, registry=None,
/// module_globals=None, source=None)`.
fn warnings_warn_explicit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let names = ["message", "category", "filename", "lineno", "module", "registry", "module_globals", "source"];
    let [message, category, filename, lineno, module, registry, module_globals, source] =
        args.bind(vm, "warn_explicit", names, 4)?;
    let filename = filename.unwrap_or(Value::None);
    if filename.as_str().is_none() {
        let msg = format!("warn_explicit() argument 3 must be str, not {}", vm.type_name(&filename));
        return Err(vm.new_type_error(msg));
    }
    let lineno = vm.to_i64_index(&lineno.unwrap_or(Value::None))?;
    let mut sourceline = None;
    if let Some(g) = module_globals.filter(|g| !g.is_none()) {
        let Some(globals) = g.as_obj().filter(|d| matches!(d.payload, Payload::Dict(_))) else {
            return Err(vm.new_type_error(format!("module_globals must be a dict, not '{}'", vm.type_name(&g))));
        };
        sourceline = loader_source_line(vm, globals, lineno)?;
    }
    vm.warn_explicit(
        category.unwrap_or(Value::None),
        message.unwrap_or(Value::None),
        filename,
        lineno,
        module,
        registry.unwrap_or(Value::None),
        sourceline,
        source.unwrap_or(Value::None),
    )
}

/// Line `lineno` of the module's source as its `__loader__.get_source` gives it
/// (`get_source_line`); None when the loader cannot tell.
fn loader_source_line(vm: &mut Vm, globals: &PyRef, lineno: i64) -> PyResult<Option<String>> {
    let (Some(loader), Some(name)) = (vm.dict_get_str(globals, "__loader__"), vm.dict_get_str(globals, "__name__"))
    else {
        return Ok(None);
    };
    let Some(get_source) = vm.getattr_opt(&loader, "get_source")? else { return Ok(None) };
    let source = vm.call(&get_source, Args::new(&[name]))?;
    let Some(text) = source.as_str() else { return Ok(None) };
    let line = usize::try_from(lineno - 1).ok().and_then(|i| text.as_str().lines().nth(i)).map(str::to_string);
    Ok(line)
}

/// `_warnings._filters_mutated()`: the filters changed, so every registry is stale.
fn warnings_filters_mutated(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    vm.warnings.filters_version += 1;
    Ok(Value::None)
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    vm.warnings_state_init();
    let m = vm.new_module("_warnings");
    let d = m.dict.get().unwrap();
    vm.dict_set_str(
        &d,
        "__doc__",
        vm.new_str("_warnings provides basic warning filtering support.\nIt is a helper module to speed up interpreter start-up."),
    );
    vm.add_native_fns(
        &d,
        &[
            ("warn", warnings_warn),
            ("warn_explicit", warnings_warn_explicit),
            ("_filters_mutated", warnings_filters_mutated),
        ],
    );
    let state = &vm.warnings;
    let (filters, once, action) =
        (state.filters.clone().unwrap(), state.once_registry.clone().unwrap(), state.default_action.clone().unwrap());
    vm.dict_set_str(&d, "filters", filters);
    vm.dict_set_str(&d, "_onceregistry", once);
    vm.dict_set_str(&d, "_defaultaction", action);
    Ok(m)
}
