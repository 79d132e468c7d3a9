//! VM stage: callable objects — Python functions (code + globals + defaults + closure), native
//! functions declared in Rust, and the argument view native code receives (CPython's
//! vectorcall convention: positional values then keyword values, with a tuple of names).

use crate::value::{CodeData, PyRef, Value};
use crate::vm::{PyResult, Vm};
use std::cell::RefCell;
use std::rc::Rc;

/// Arguments to a native function: `args` holds positional values followed by keyword values;
/// `kwnames` names the last `kwnames.len()` of them.
#[derive(Clone, Copy)]
pub struct Args<'a> {
    pub args: &'a [Value],
    pub kwnames: &'a [Value],
}

/// A native function: receives `self` as the first positional argument when bound.
pub type NativeFn = fn(&mut Vm, Args) -> PyResult<Value>;

impl<'a> Args<'a> {
    pub fn new(args: &'a [Value]) -> Args<'a> {
        Args { args, kwnames: &[] }
    }

    /// The positional arguments.
    #[inline]
    pub fn pos(&self) -> &'a [Value] {
        &self.args[..self.args.len() - self.kwnames.len()]
    }

    /// Keyword arguments as (name, value) pairs.
    pub fn kwargs(&self) -> impl Iterator<Item = (&'a str, &'a Value)> {
        let start = self.args.len() - self.kwnames.len();
        self.kwnames.iter().zip(&self.args[start..]).map(|(k, v)| (k.as_str().map(|s| s.as_str()).unwrap_or(""), v))
    }

    pub fn kwarg(&self, name: &str) -> Option<&'a Value> {
        self.kwargs().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    /// No keyword arguments allowed: `TypeError: f() takes no keyword arguments`.
    pub fn no_kwargs(&self, vm: &Vm, fname: &str) -> PyResult<()> {
        if self.kwnames.is_empty() {
            Ok(())
        } else {
            Err(vm.new_type_error(format!("{fname}() takes no keyword arguments")))
        }
    }

    /// Binds arguments to `names` (positional-or-keyword, in order). The first `required` are
    /// mandatory. Messages follow CPython's argument clinic.
    pub fn bind<const N: usize>(
        &self,
        vm: &Vm,
        fname: &str,
        names: [&str; N],
        required: usize,
    ) -> PyResult<[Option<Value>; N]> {
        let pos = self.pos();
        // The common case, positional arguments only and enough of them: nothing to match.
        if self.kwnames.is_empty() && (required..=N).contains(&pos.len()) {
            return Ok(std::array::from_fn(|i| pos.get(i).cloned()));
        }
        if pos.len() > N {
            return Err(vm.new_type_error(if N == required {
                format!("{fname}() takes exactly {N} argument{} ({} given)", if N == 1 { "" } else { "s" }, pos.len())
            } else {
                format!("{fname}() takes at most {N} argument{} ({} given)", if N == 1 { "" } else { "s" }, pos.len())
            }));
        }
        let mut out: [Option<Value>; N] = std::array::from_fn(|i| pos.get(i).cloned());
        for (k, v) in self.kwargs() {
            match names.iter().position(|n| *n == k) {
                Some(i) if out[i].is_none() => out[i] = Some(v.clone()),
                Some(_) => {
                    return Err(vm.new_type_error(format!(
                        "argument for {fname}() given by name ('{k}') and position ({})",
                        names.iter().position(|n| *n == k).unwrap() + 1
                    )))
                }
                // `_PyArg_UnpackKeywords`'s wording (Python functions say "got an unexpected
                // keyword argument" instead).
                None => return Err(vm.new_type_error(format!("'{k}' is an invalid keyword argument for {fname}()"))),
            }
        }
        for (i, o) in out.iter().enumerate().take(required) {
            if o.is_none() {
                return Err(vm.new_type_error(if i < pos.len() || self.kwnames.is_empty() && required == N {
                    format!(
                        "{fname}() takes exactly {required} argument{} ({} given)",
                        if required == 1 { "" } else { "s" },
                        pos.len()
                    )
                } else {
                    format!("{fname}() missing required argument '{}' (pos {})", names[i], i + 1)
                }));
            }
        }
        Ok(out)
    }

    /// Binds arguments as argument clinic's `_PyArg_UnpackKeywords` does, with its messages
    /// and its order of checks: of `names`, the first `posonly` are positional-only, the first
    /// `required` must be given, and at most `maxpos` may be given by position (the rest are
    /// keyword-only).
    pub fn clinic<const N: usize>(
        &self,
        vm: &Vm,
        fname: &str,
        names: [&str; N],
        posonly: usize,
        required: usize,
        maxpos: usize,
    ) -> PyResult<[Option<Value>; N]> {
        let pos = self.pos();
        let nargs = pos.len();
        if self.kwnames.is_empty() && (required..=maxpos).contains(&nargs) {
            return Ok(std::array::from_fn(|i| pos.get(i).cloned()));
        }
        let s = |n: usize| if n == 1 { "" } else { "s" };
        let total = nargs + self.kwnames.len();
        if total > N {
            let kw = if nargs == 0 { "keyword " } else { "" };
            return Err(vm.new_type_error(format!("{fname}() takes at most {N} {kw}argument{} ({total} given)", s(N))));
        }
        if nargs > maxpos {
            return Err(vm.new_type_error(if maxpos == 0 {
                format!("{fname}() takes no positional arguments")
            } else {
                let which = if required < maxpos { "at most" } else { "exactly" };
                format!("{fname}() takes {which} {maxpos} positional argument{} ({nargs} given)", s(maxpos))
            }));
        }
        let minposonly = posonly.min(required);
        if nargs < minposonly {
            let which = if minposonly < maxpos { "at least" } else { "exactly" };
            return Err(vm.new_type_error(format!(
                "{fname}() takes {which} {minposonly} positional argument{} ({nargs} given)",
                s(minposonly)
            )));
        }
        let mut out: [Option<Value>; N] = std::array::from_fn(|i| pos.get(i).cloned());
        let mut unused = self.kwnames.len();
        for i in nargs.max(posonly)..N {
            out[i] = self.kwarg(names[i]).cloned();
            if out[i].is_some() {
                unused -= 1;
            } else if i < required {
                return Err(vm.new_type_error(format!(
                    "{fname}() missing required argument '{}' (pos {})",
                    names[i],
                    i + 1
                )));
            }
        }
        if unused > 0 {
            for (k, _) in self.kwargs() {
                if let Some(i) = names[posonly..nargs.max(posonly)].iter().position(|n| *n == k) {
                    return Err(vm.new_type_error(format!(
                        "argument for {fname}() given by name ('{k}') and position ({})",
                        posonly + i + 1
                    )));
                }
            }
            for (k, _) in self.kwargs() {
                if !names[posonly..].contains(&k) {
                    return Err(vm.new_type_error(format!("'{k}' is an invalid keyword argument for {fname}()")));
                }
            }
        }
        Ok(out)
    }

    /// Exactly `n` positional arguments and no keywords.
    #[inline]
    pub fn exact(&self, vm: &Vm, fname: &str, n: usize) -> PyResult<&'a [Value]> {
        if self.kwnames.is_empty() && self.args.len() == n {
            return Ok(self.args);
        }
        self.exact_failed(vm, fname, n)
    }

    /// `exact`'s error (with the keyword check first, as CPython makes it).
    #[cold]
    #[inline(never)]
    fn exact_failed(&self, vm: &Vm, fname: &str, n: usize) -> PyResult<&'a [Value]> {
        self.no_kwargs(vm, fname)?;
        let pos = self.pos();
        if pos.len() != n {
            return Err(vm.new_type_error(match n {
                // METH_NOARGS and METH_O wording; argument clinic's `_PyArg_CheckPositional`
                // for two or more.
                0 => format!("{fname}() takes no arguments ({} given)", pos.len()),
                1 => format!("{fname}() takes exactly one argument ({} given)", pos.len()),
                _ => format!("{fname} expected {n} arguments, got {}", pos.len()),
            }));
        }
        Ok(pos)
    }

    /// Exactly `n` positional arguments and no keywords, with `PyArg_ParseTuple`'s wording
    /// (`gethostbyname() takes exactly 1 argument (0 given)`).
    pub fn parse_exact(&self, vm: &Vm, fname: &str, n: usize) -> PyResult<&'a [Value]> {
        self.no_kwargs(vm, fname)?;
        let pos = self.pos();
        if pos.len() != n {
            let plural = if n == 1 { "" } else { "s" };
            return Err(
                vm.new_type_error(format!("{fname}() takes exactly {n} argument{plural} ({} given)", pos.len()))
            );
        }
        Ok(pos)
    }

    /// Between `min` and `max` positional arguments, no keywords, with the messages of
    /// `_PyArg_CheckPositional` (`expected at most N arguments`; no "at least"/"at most" when
    /// `min == max`).
    pub fn range(&self, vm: &Vm, fname: &str, min: usize, max: usize) -> PyResult<&'a [Value]> {
        self.no_kwargs(vm, fname)?;
        let pos = self.pos();
        let (bound, which) = if pos.len() < min {
            (min, "at least ")
        } else if pos.len() > max {
            (max, "at most ")
        } else {
            return Ok(pos);
        };
        let which = if min == max { "" } else { which };
        let plural = if bound == 1 { "" } else { "s" };
        Err(vm.new_type_error(format!("{fname} expected {which}{bound} argument{plural}, got {}", pos.len())))
    }
}

/// Argument checks for methods of builtin types, which receive `self` as `args[0]`: counts
/// exclude `self`, and each returns the whole positional slice (`self` first). The messages are
/// those of CPython's calling conventions: the descriptor's own checks name the method with its
/// type (`list.copy() takes no arguments (1 given)`, `list.insert() takes no keyword
/// arguments`); argument clinic's count check uses the bare name (`insert expected 2
/// arguments, got 1`).
impl<'a> Args<'a> {
    /// The arguments after `self`.
    #[inline]
    pub fn rest(&self) -> Args<'a> {
        let n = self.args.len().min(1);
        Args { args: &self.args[n..], kwnames: self.kwnames }
    }

    /// How many positional arguments follow `self`.
    #[inline]
    fn given(&self) -> usize {
        self.pos().len().saturating_sub(1)
    }

    /// `self` plus nothing (`METH_NOARGS`).
    pub fn noargs(&self, vm: &Vm, name: &str) -> PyResult<&'a [Value]> {
        self.method_no_kwargs(vm, name)?;
        let pos = self.pos();
        if pos.len() != 1 {
            let q = vm.method_qualname(pos.first(), name);
            return Err(vm.new_type_error(format!("{q}() takes no arguments ({} given)", self.given())));
        }
        Ok(pos)
    }

    /// `self` plus exactly one argument (`METH_O`).
    pub fn one(&self, vm: &Vm, name: &str) -> PyResult<&'a [Value]> {
        self.method_no_kwargs(vm, name)?;
        let pos = self.pos();
        if pos.len() != 2 {
            let q = vm.method_qualname(pos.first(), name);
            return Err(vm.new_type_error(format!("{q}() takes exactly one argument ({} given)", self.given())));
        }
        Ok(pos)
    }

    /// `self` plus `min..=max` positional arguments (argument clinic, positional-only:
    /// `_PyArg_CheckPositional`).
    pub fn posonly(&self, vm: &Vm, name: &str, min: usize, max: usize) -> PyResult<&'a [Value]> {
        self.method_no_kwargs(vm, name)?;
        let pos = self.pos();
        if (min + 1..=max + 1).contains(&pos.len()) {
            return Ok(pos);
        }
        self.rest().range(vm, name, min, max)?;
        Ok(pos)
    }

    /// `self` plus `min..=max` arguments parsed by `PyArg_ParseTuple` (`METH_VARARGS`):
    /// `count() takes at least 1 argument (0 given)`, `str.count() takes no keyword arguments`.
    pub fn varargs(&self, vm: &Vm, name: &str, min: usize, max: usize) -> PyResult<&'a [Value]> {
        self.method_no_kwargs(vm, name)?;
        let pos = self.pos();
        let n = self.given();
        if (min..=max).contains(&n) {
            return Ok(pos);
        }
        let (which, bound) = if min == max {
            ("exactly", min)
        } else if n < min {
            ("at least", min)
        } else {
            ("at most", max)
        };
        let plural = if bound == 1 { "" } else { "s" };
        Err(vm.new_type_error(format!("{name}() takes {which} {bound} argument{plural} ({n} given)")))
    }

    /// `self` plus `n` arguments to a slot wrapper such as `list.__add__` (`check_num_args`:
    /// `expected 1 argument, got 0`; `wrapper __add__() takes no keyword arguments`).
    pub fn wrapper(&self, vm: &Vm, name: &str, n: usize) -> PyResult<&'a [Value]> {
        self.wrapper_no_kwargs(vm, name)?;
        let pos = self.pos();
        if pos.len() != n + 1 {
            let plural = if n == 1 { "" } else { "s" };
            return Err(vm.new_type_error(format!("expected {n} argument{plural}, got {}", self.given())));
        }
        Ok(pos)
    }

    /// `self` plus `min..=max` arguments to a slot wrapper that unpacks them with an unnamed
    /// `PyArg_UnpackTuple` (`__setitem__`, `__pow__`, `__get__`): ` expected 2 arguments, got 1`.
    pub fn wrapper_unpack(&self, vm: &Vm, name: &str, min: usize, max: usize) -> PyResult<&'a [Value]> {
        self.wrapper_no_kwargs(vm, name)?;
        let pos = self.pos();
        if !(min + 1..=max + 1).contains(&pos.len()) {
            self.rest().range(vm, "", min, max)?;
        }
        Ok(pos)
    }

    fn wrapper_no_kwargs(&self, vm: &Vm, name: &str) -> PyResult<()> {
        if self.kwnames.is_empty() {
            return Ok(());
        }
        Err(vm.new_type_error(format!("wrapper {name}() takes no keyword arguments")))
    }

    /// No keyword arguments to a method: `list.insert() takes no keyword arguments`.
    #[inline]
    pub fn method_no_kwargs(&self, vm: &Vm, name: &str) -> PyResult<()> {
        if self.kwnames.is_empty() {
            return Ok(());
        }
        let q = vm.method_qualname(self.pos().first(), name);
        Err(vm.new_type_error(format!("{q}() takes no keyword arguments")))
    }
}

impl Vm {
    /// `TYPE.NAME` for a method `name` of a builtin type called on `this`: TYPE is the first
    /// builtin class in `type(this).__mro__` that defines `name` (the method descriptor's
    /// owner, as CPython's messages name it).
    pub fn method_qualname(&self, this: Option<&Value>, name: &str) -> String {
        let Some(this) = this else { return name.to_string() };
        // Called on a class (a class method such as `dict.fromkeys`, or a method of the
        // metaclass such as `int.mro`): CPython binds it and names the class.
        if let Some(td) = this.as_obj().and_then(|o| o.as_type()) {
            return format!("{}.{name}", td.name());
        }
        let owner_in = |t: &PyRef| {
            let mro = t.as_type()?.mro.borrow().clone();
            mro.iter().find_map(|c| {
                let ct = c.as_type()?;
                let d = crate::types::type_dict(c);
                (!ct.is_heap() && self.dict_get_str(&d, name).is_some()).then(|| ct.name())
            })
        };
        let t = self.type_of(this);
        let owner = owner_in(&t).or_else(|| t.as_type().map(|td| td.name()));
        match owner {
            Some(o) => format!("{o}.{name}"),
            None => name.to_string(),
        }
    }
}

/// How a CPython slot wrapper (`wrapper_descriptor`, such as `list.__add__`) checks the
/// arguments after `self`: `check_num_args` (`expected 1 argument, got 0`) or an unnamed
/// `PyArg_UnpackTuple` (` expected 2 arguments, got 1`).
#[derive(Clone, Copy)]
pub enum SlotArity {
    Exact(u8),
    Unpack(u8, u8),
    /// `__init__`, `__call__`: the wrapped function checks its arguments itself.
    Any,
}

/// The builtin types whose `*` is `sq_repeat` rather than `nb_multiply`.
const SEQUENCES: &[&str] = &["list", "tuple", "str", "bytes", "bytearray", "deque", "array"];

impl SlotArity {
    /// The arity of the slot wrapper `name` of builtin type `owner`, if it is one.
    pub fn of(owner: &str, name: &str) -> Option<SlotArity> {
        use SlotArity::*;
        // Methods of these types that CPython defines as real methods (`METH_COEXIST`) next to
        // the slot: they check their arguments like any method.
        if matches!((owner, name), ("list" | "dict", "__getitem__") | ("dict" | "set" | "frozenset", "__contains__")) {
            return None;
        }
        Some(match name {
            // `sq_repeat` of the builtin sequences unpacks its one argument.
            "__mul__" | "__rmul__" | "__imul__" if SEQUENCES.contains(&owner) => Unpack(1, 1),
            "__repr__" | "__str__" | "__hash__" | "__len__" | "__iter__" | "__next__" | "__neg__" | "__pos__"
            | "__abs__" | "__invert__" | "__bool__" | "__int__" | "__float__" | "__index__" | "__await__"
            | "__aiter__" | "__anext__" | "__del__" => Exact(0),
            "__add__" | "__radd__" | "__sub__" | "__rsub__" | "__mul__" | "__rmul__" | "__truediv__"
            | "__rtruediv__" | "__floordiv__" | "__rfloordiv__" | "__mod__" | "__rmod__" | "__divmod__"
            | "__rdivmod__" | "__lshift__" | "__rlshift__" | "__rshift__" | "__rrshift__" | "__and__" | "__rand__"
            | "__or__" | "__ror__" | "__xor__" | "__rxor__" | "__matmul__" | "__rmatmul__" | "__iadd__"
            | "__isub__" | "__imul__" | "__itruediv__" | "__ifloordiv__" | "__imod__" | "__ilshift__"
            | "__irshift__" | "__iand__" | "__ior__" | "__ixor__" | "__imatmul__" | "__ipow__" | "__eq__"
            | "__ne__" | "__lt__" | "__le__" | "__gt__" | "__ge__" | "__getitem__" | "__contains__" | "__delitem__"
            | "__getattribute__" | "__getattr__" | "__delattr__" | "__delete__" => Exact(1),
            "__setitem__" | "__setattr__" | "__set__" => Unpack(2, 2),
            "__get__" | "__pow__" | "__rpow__" => Unpack(1, 2),
            "__init__" | "__call__" => Any,
            _ => return None,
        })
    }

    /// Checks `args` (`self` first) as the wrapper named `name` does.
    pub fn check(self, vm: &Vm, name: &str, args: &Args) -> PyResult<()> {
        match self {
            SlotArity::Exact(n) => args.wrapper(vm, name, n as usize).map(|_| ()),
            SlotArity::Unpack(lo, hi) => args.wrapper_unpack(vm, name, lo as usize, hi as usize).map(|_| ()),
            SlotArity::Any => Ok(()),
        }
    }
}

/// A native function object (`builtin_function_or_method`), optionally bound to `self_`.
pub struct BuiltinFunction {
    pub name: &'static str,
    pub func: NativeFn,
    pub self_: Option<Value>,
    /// The class this is a method of (for `method_descriptor` reprs and `__qualname__`).
    pub owner: Option<PyRef>,
    pub doc: Option<&'static str>,
    /// A `__new__`-style static method: called with the class first, never bound.
    pub is_static: bool,
    /// For a method that is a slot wrapper in CPython (`list.__add__`): how its arguments are
    /// checked before the native code runs.
    pub slot: Option<SlotArity>,
    /// The name of the module a module-level function belongs to (its `__module__`; its
    /// `__self__` is that module), set when the module is made.
    pub module: std::cell::OnceCell<std::rc::Rc<str>>,
}

impl BuiltinFunction {
    /// Does it bind to an instance when found on its class? Methods of builtin types do
    /// (`method_descriptor`); module-level builtins such as `len` stored in a class do not.
    #[inline]
    pub fn binds(&self) -> bool {
        self.owner.is_some() && !self.is_static && self.self_.is_none()
    }
}

/// A function's code: replaceable through `__code__`, read by reference. A replaced code
/// object stays alive as long as the function, so a `&CodeData` taken before a replacement
/// never dangles.
pub struct FuncCode {
    cur: std::cell::UnsafeCell<Rc<CodeData>>,
    old: RefCell<Vec<Rc<CodeData>>>,
}

impl FuncCode {
    pub fn new(code: Rc<CodeData>) -> FuncCode {
        FuncCode { cur: std::cell::UnsafeCell::new(code), old: RefCell::new(Vec::new()) }
    }

    /// The current code, shared.
    #[inline]
    pub fn rc(&self) -> Rc<CodeData> {
        // SAFETY: single-threaded; the Rc is cloned out while nothing else touches the cell.
        unsafe { (*self.cur.get()).clone() }
    }

    /// The current code, borrowed (valid while the function lives: a replaced code is kept
    /// in `old`).
    #[inline]
    pub fn current(&self) -> &Rc<CodeData> {
        // SAFETY: as in `rc`.
        unsafe { &*self.cur.get() }
    }

    /// `f.__code__ = code`.
    pub fn set(&self, code: Rc<CodeData>) {
        // SAFETY: as in `rc`; the previous code is kept in `old`, so references obtained
        // through `Deref` stay valid.
        let prev = unsafe { std::mem::replace(&mut *self.cur.get(), code) };
        self.old.borrow_mut().push(prev);
    }
}

impl std::ops::Deref for FuncCode {
    type Target = CodeData;
    #[inline]
    fn deref(&self) -> &CodeData {
        // SAFETY: the pointee is owned by `cur` or `old`, both living as long as `self`.
        unsafe { &*self.cur.get() }
    }
}

/// A Python function.
pub struct Function {
    pub code: FuncCode,
    pub globals: PyRef,
    pub builtins: PyRef,
    pub name: RefCell<Value>,
    pub qualname: RefCell<Value>,
    pub defaults: RefCell<Option<Rc<[Value]>>>,
    /// Dict object of keyword-only defaults.
    pub kwdefaults: RefCell<Option<PyRef>>,
    pub closure: Option<Rc<[PyRef]>>,
    pub doc: RefCell<Value>,
    pub module: RefCell<Value>,
    pub annotations: RefCell<Option<PyRef>>,
}

/// Declares one native method of a builtin type: `(name, function, doc)`.
pub type MethodDef = (&'static str, NativeFn, &'static str);
