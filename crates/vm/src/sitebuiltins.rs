//! VM stage: the builtins that CPython's `site` adds (`exit`, `quit`, `help`, `copyright`,
//! `credits`, `license`, made from `_sitebuiltins` as site.py makes them) and the async
//! iteration builtins `aiter` and `anext`.

use crate::func::Args;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

const CREDITS: &str = "    Thanks to CWI, CNRI, BeOpen.com, Zope Corporation and a cast of thousands\n    for supporting Python development.  See www.python.org for more information.";

/// site.py's `setquit`, `setcopyright` and `sethelper` (skipped under `-S`).
fn install_site(vm: &mut Vm) -> PyResult<()> {
    let m = vm.import_fullname("_sitebuiltins")?;
    let b = vm.builtins_dict.clone();
    let quitter = vm.getattr_str(&m, "Quitter")?;
    for name in ["exit", "quit"] {
        let q = vm.call(&quitter, Args::new(&[vm.new_str(name), vm.new_str("Ctrl-D (i.e. EOF)")]))?;
        vm.dict_set_str(&b, name, q);
    }
    // `_Printer(name, data, files, dirs)` instances, with the state its `__init__` would set
    // filled in here: that `__init__` imports `os`, which would double the start-up time.
    let printer = vm.getattr_str(&m, "_Printer")?;
    let sys = vm.import_fullname("sys")?;
    let copyright = vm.getattr_str(&sys, "copyright")?;
    let here = vm.config.stdlib_dir.clone().unwrap_or_default();
    let license_files: Vec<String> = [format!("{here}/.."), here.clone(), ".".to_string()]
        .iter()
        .flat_map(|d| ["LICENSE.txt", "LICENSE"].map(|f| format!("{d}/{f}")))
        .collect();
    let entries = [
        ("copyright", copyright, Vec::new()),
        ("credits", vm.new_str(CREDITS), Vec::new()),
        ("license", vm.new_str("See https://www.python.org/psf/license/"), license_files),
    ];
    let new = vm.getattr_str(&printer, "__new__")?;
    for (name, data, files) in entries {
        let p = vm.call(&new, Args::new(std::slice::from_ref(&printer)))?;
        let files = files.into_iter().map(|f| vm.new_str(f)).collect();
        let files = vm.new_list(files);
        for (attr, v) in [
            ("_Printer__name", vm.new_str(name)),
            ("_Printer__data", data),
            ("_Printer__lines", Value::None),
            ("_Printer__filenames", files),
        ] {
            vm.setattr_str(&p, attr, v)?;
        }
        vm.dict_set_str(&b, name, p);
    }
    let helper = vm.getattr_str(&m, "_Helper")?;
    let h = vm.call(&helper, Args::new(&[]))?;
    vm.dict_set_str(&b, "help", h);
    Ok(())
}

impl Vm {
    /// Start-up work of `site` that pyrite does natively: the interactive helpers above.
    pub fn install_site_builtins(&mut self) {
        let b = self.builtins_dict.clone();
        self.dict_set_str(&b, "__package__", self.new_str(""));
        // CPython's are `BuiltinImporter` and its spec, from the frozen importlib pyrite does
        // not have; builtin modules here have no loader.
        for k in ["__loader__", "__spec__"] {
            if self.dict_get_str(&b, k).is_none() {
                self.dict_set_str(&b, k, Value::None);
            }
        }
        if self.config.no_site {
            return;
        }
        // Without the standard library the helpers are simply absent (as with `-S`).
        let _ = install_site(self);
    }
}

/// `aiter(async_iterable)`.
pub fn b_aiter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "aiter", 1)?;
    let Some(f) = vm.lookup_special(&a[0], "__aiter__") else {
        return Err(vm.new_type_error(format!("'{}' object is not an async iterable", vm.type_name(&a[0]))));
    };
    let it = vm.call_unbound(&f, &a[0], &[])?;
    if vm.lookup_special(&it, "__anext__").is_none() {
        return Err(
            vm.new_type_error(format!("aiter() returned not an async iterator of type '{}'", vm.type_name(&it)))
        );
    }
    Ok(it)
}

const ANEXT_DEFAULT_SRC: &str = "async def anext_awaitable(awaitable, default):\n    try:\n        return await awaitable\n    except StopAsyncIteration:\n        return default\n";

crate::gil_local! {
    static ANEXT_DEFAULT: std::cell::RefCell<Option<Value>> = const { std::cell::RefCell::new(None) };
}

/// `anext(async_iterator[, default])`: the iterator's `__anext__()` awaitable; with a default,
/// an awaitable that gives `default` instead of raising StopAsyncIteration.
pub fn b_anext(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "anext", 1, 2)?;
    let Some(f) = vm.lookup_special(&a[0], "__anext__") else {
        return Err(vm.new_type_error(format!("'{}' object is not an async iterator", vm.type_name(&a[0]))));
    };
    let awaitable = vm.call_unbound(&f, &a[0], &[])?;
    let Some(default) = a.get(1) else { return Ok(awaitable) };
    if vm.lookup_special(&awaitable, "__await__").is_none() {
        return Err(vm.new_type_error(format!(
            "'async_iterator' object is not an awaitable: __anext__ returned '{}'",
            vm.type_name(&awaitable)
        )));
    }
    let helper = match ANEXT_DEFAULT.with(|h| h.borrow().clone()) {
        Some(h) => h,
        None => {
            let ns = vm.new_dict();
            vm.dict_set_str(&ns, "__builtins__", Value::Obj(vm.builtins.clone()));
            vm.dict_set_str(&ns, "__name__", vm.new_str("builtins"));
            let code = vm.compile_source(ANEXT_DEFAULT_SRC, "<anext>", compiler::Mode::Exec)?;
            vm.run_code(code, ns.clone(), None)?;
            let h = vm.dict_get_str(&ns, "anext_awaitable").unwrap_or(Value::None);
            ANEXT_DEFAULT.with(|c| *c.borrow_mut() = Some(h.clone()));
            h
        }
    };
    vm.call(&helper, Args::new(&[awaitable, default.clone()]))
}
