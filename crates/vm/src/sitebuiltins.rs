//! VM stage: the start-up import of `site` (which adds site-packages to `sys.path` and installs
//! `exit`, `quit`, `help`, `copyright`, `credits` and `license` from `_sitebuiltins`), the
//! insertion of `sys.path[0]` after it, and the async iteration builtins `aiter` and `anext`.

use crate::func::Args;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

impl Vm {
    /// The start-up import of `site` (CPython's `init_import_site`), unless `-S`: the real
    /// `site.py` of the standard library, which adds site-packages (and the user site unless
    /// `-s`/`-I`/PYTHONNOUSERSITE) to `sys.path`, runs their `.pth` files, and installs `exit`,
    /// `quit`, `help`, `copyright`, `credits` and `license`. Runs before `sys.path[0]` is
    /// inserted (see `insert_path0`), so `site` never makes '' absolute. Without a standard
    /// library there is no `site` to import and start-up goes on as with `-S`.
    pub fn init_import_site(&mut self) -> PyResult<()> {
        let b = self.builtins_dict.clone();
        self.dict_set_str(&b, "__package__", self.new_str(""));
        // CPython's are `BuiltinImporter` and its spec, from the frozen importlib pyrite does
        // not have; builtin modules here have no loader.
        for k in ["__loader__", "__spec__"] {
            if self.dict_get_str(&b, k).is_none() {
                self.dict_set_str(&b, k, Value::None);
            }
        }
        if self.config.no_site || self.config.stdlib_dir.is_none() {
            return Ok(());
        }
        self.import_fullname("site").map(drop)
    }

    /// `sys.path[0]`: the script's directory, or '' for `-c`, `-m` and stdin (none under `-I`),
    /// put first once `site` has run, as CPython's `pymain_run_python` does.
    pub fn insert_path0(&mut self) -> PyResult<()> {
        let Some(p0) = self.config.path0.clone() else { return Ok(()) };
        let path = self.sys_attr("path").ok_or_else(|| self.new_runtime_error("lost sys.path"))?;
        let insert = self.getattr_str(&path, "insert")?;
        self.call(&insert, Args::new(&[Value::Int(0), self.new_str(p0)])).map(drop)
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
