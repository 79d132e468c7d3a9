//! VM stage: execution frames and argument binding. A frame owns its value stack, fast locals
//! and cells; `bind_args` fills the fast locals from a call's arguments with CPython's error
//! messages (`initialize_locals` in ceval.c).

use crate::func::Function;
use crate::value::{CodeData, Object, Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use bytecode::flags::{CO_VARARGS, CO_VARKEYWORDS};
use std::cell::RefCell;
use std::rc::Rc;

pub struct Frame {
    /// Set only through `Frame::new`, `alloc_frame` and `alloc_func_frame`, which keep `units` in step with it.
    pub code: Rc<CodeData>,
    /// `code.code.co_code`, cached: the interpreter reads a code unit per instruction, and this
    /// saves two dependent loads each time. `code` keeps the (immutable) vector alive.
    units: *const [u16],
    /// Index of the next code unit to execute.
    pub pc: usize,
    /// Index of the instruction being executed (for tracebacks and `lasti` handlers).
    pub lasti: usize,
    pub stack: Vec<Value>,
    pub fastlocals: Vec<Option<Value>>,
    /// Cell objects: cellvars then freevars.
    pub cells: Vec<PyRef>,
    pub globals: PyRef,
    pub builtins: PyRef,
    /// The locals mapping for module and class bodies (`None` for optimised function frames).
    pub locals: Option<Value>,
    /// What the caller does with this frame's return value (see `Continuation`).
    pub cont: Continuation,
    /// The frame object, once one was asked for (frameobject.rs); it is detached (given the
    /// frame's locals) when the frame finishes.
    pub(crate) frame_obj: std::cell::Cell<Option<PyRef>>,
}

impl Drop for Frame {
    fn drop(&mut self) {
        if self.frame_obj.get_mut().is_some() {
            crate::frameobject::detach_dropped(self);
        }
    }
}

/// A frame that the interpreter started on behalf of an operation rather than a plain call
/// finishes that operation when it returns (run_frame's `Event::Return`).
#[derive(Default)]
pub enum Continuation {
    /// A call: the return value is the result.
    #[default]
    Plain,
    /// `__init__` run for `C(...)` (`prepare_inline_call`): the result is this new instance,
    /// and `__init__` must have returned None.
    Init(Value),
    /// A property setter run for `STORE_ATTR`: its result is dropped.
    Discard,
    /// A Python `__add__`-style method run for `a <op> b` (`BINARY_OP`): `NotImplemented` goes
    /// on to the reflected method and then the TypeError, as `binary_op1` would.
    BinaryOp(Value, Value, u32),
    /// A generator's (or coroutine's) own frame, resumed in place by the `FOR_ITER` or `SEND`
    /// of the frame below it instead of through a nested `run_frame` (CPython 3.12's
    /// `FOR_ITER_GEN`/`SEND_GEN`). A yield hands the frame back to the generator and pushes the
    /// value for the caller; a return finishes the caller's instruction at `exit_pc`.
    Resumed {
        gen: PyRef,
        /// The exception being handled by the caller (`sys.exc_info()` outside the generator).
        outer_exc: Value,
        /// Where the caller continues once the generator has returned (the jump target of its
        /// instruction).
        exit_pc: u32,
        /// `SEND` (the return value replaces the receiver) rather than `FOR_ITER` (the iterator
        /// is popped and the value dropped).
        send: bool,
    },
}

impl Vm {
    /// A frame from the free list (or a new one): calls reuse the boxes and vectors of frames
    /// that returned, so a call allocates nothing in the steady state.
    pub fn alloc_frame(
        &mut self,
        code: Rc<CodeData>,
        globals: PyRef,
        builtins: PyRef,
        locals: Option<Value>,
    ) -> Box<Frame> {
        code.caches.ensure();
        match self.frame_pool.pop() {
            Some(mut f) => {
                let nlocals = code.nlocals as usize;
                f.stack.reserve(code.stacksize as usize);
                // SAFETY: no arguments are moved.
                unsafe { fill_locals(&mut f.fastlocals, std::ptr::null(), 0, nlocals) };
                f.units = &code.code.co_code[..] as *const [u16];
                f.code = code;
                f.pc = 0;
                f.lasti = 0;
                f.globals = globals;
                f.builtins = builtins;
                f.locals = locals;
                f
            }
            None => Box::new(Frame::new(code, globals, builtins, locals)),
        }
    }

    /// A frame for running `func`'s code with its globals and builtins. The free list's top
    /// frame usually ran the same function (recursion, a call in a loop): the code, globals
    /// and builtins it still holds are then kept as they are, saving three reference-count
    /// increments and three decrements per call.
    #[inline]
    pub fn alloc_func_frame(&mut self, func: &Function, locals: Option<Value>) -> Box<Frame> {
        // SAFETY: no arguments are moved.
        unsafe { self.alloc_func_frame_moving(func, locals, std::ptr::null(), 0) }
    }

    /// `alloc_func_frame` whose first `n` fast locals are the values at `args`, moved (the
    /// caller must forget them); the rest are unset.
    ///
    /// # Safety
    /// `args` points at `n` initialised values, `n` is at most the code's number of locals.
    #[inline]
    pub(crate) unsafe fn alloc_func_frame_moving(
        &mut self,
        func: &Function,
        locals: Option<Value>,
        args: *const Value,
        n: usize,
    ) -> Box<Frame> {
        let code = func.code.current();
        match self.frame_pool.pop() {
            Some(mut f) => {
                f.stack.reserve(code.stacksize as usize);
                fill_locals(&mut f.fastlocals, args, n, code.nlocals as usize);
                if !Rc::ptr_eq(&f.code, code) {
                    code.caches.ensure();
                    f.units = &code.code.co_code[..] as *const [u16];
                    f.code = code.clone();
                }
                if !Rc::ptr_eq(&f.globals, &func.globals) {
                    f.globals = func.globals.clone();
                }
                if !Rc::ptr_eq(&f.builtins, &func.builtins) {
                    f.builtins = func.builtins.clone();
                }
                f.pc = 0;
                f.lasti = 0;
                f.locals = locals;
                f
            }
            None => {
                let mut f = Box::new(Frame::new(code.clone(), func.globals.clone(), func.builtins.clone(), locals));
                f.fastlocals.clear();
                fill_locals(&mut f.fastlocals, args, n, code.nlocals as usize);
                f
            }
        }
    }

    /// Returns a finished frame to the free list, dropping what it still references.
    pub fn free_frame(&mut self, mut f: Box<Frame>) {
        if f.frame_obj.get_mut().is_some() {
            self.detach_frame_object(&mut f);
        }
        f.stack.clear();
        f.fastlocals.clear();
        f.cells.clear();
        f.locals = None;
        // Usually already `Plain` (run_frame takes it): skip the out-of-line drop then.
        if !matches!(f.cont, Continuation::Plain) {
            f.cont = Continuation::Plain;
        }
        if self.frame_pool.len() < 64 {
            self.frame_pool.push(f);
        }
    }
}

/// Makes `locals` (empty) hold `nlocals` locals: the `n` values at `args`, moved, then unset
/// ones, written once each.
///
/// # Safety
/// As `alloc_func_frame_moving`.
#[inline]
unsafe fn fill_locals(locals: &mut Vec<Option<Value>>, args: *const Value, n: usize, nlocals: usize) {
    debug_assert!(locals.is_empty() && n <= nlocals);
    locals.reserve(nlocals);
    let dst = locals.as_mut_ptr();
    let mut i = 0;
    while i < n {
        dst.add(i).write(Some(args.add(i).read()));
        i += 1;
    }
    while i < nlocals {
        dst.add(i).write(None);
        i += 1;
    }
    locals.set_len(nlocals);
}

impl Frame {
    pub fn new(code: Rc<CodeData>, globals: PyRef, builtins: PyRef, locals: Option<Value>) -> Frame {
        code.caches.ensure();
        let nlocals = code.code.co_varnames.len();
        let stack = Vec::with_capacity(code.code.co_stacksize as usize);
        Frame {
            units: &code.code.co_code[..] as *const [u16],
            code,
            pc: 0,
            lasti: 0,
            stack,
            fastlocals: vec![None; nlocals],
            cells: Vec::new(),
            globals,
            builtins,
            locals,
            cont: Continuation::Plain,
            frame_obj: std::cell::Cell::new(None),
        }
    }

    /// Creates the cells for cellvars (moving parameters that are cells into them) and
    /// appends the closure's cells.
    #[inline(always)]
    pub fn init_cells(&mut self, vm: &Vm, closure: Option<&[PyRef]>) {
        // Most functions have neither cells nor a closure: one check, inlined into every call.
        if self.code.ncells == 0 {
            return;
        }
        self.init_cells_slow(vm, closure);
    }

    #[inline(never)]
    fn init_cells_slow(&mut self, vm: &Vm, closure: Option<&[PyRef]>) {
        let ncell = self.code.code.co_cellvars.len();
        for i in 0..ncell {
            let init = match self.code.cell2arg.get(i).copied().flatten() {
                Some(a) => self.fastlocals[a].take(),
                None => None,
            };
            self.cells.push(Object::new(vm.types.cell.clone(), Payload::Cell(RefCell::new(init))));
        }
        if let Some(c) = closure {
            self.cells.extend(c.iter().cloned());
        }
    }

    /// The code units being executed.
    #[inline(always)]
    pub fn units(&self) -> &[u16] {
        // SAFETY: `units` points into `self.code`'s code object, which `self.code` keeps alive
        // and which is never mutated (see the field).
        unsafe { &*self.units }
    }

    /// The line being executed.
    pub fn lineno(&self) -> Option<u32> {
        self.code.code.line_at(self.lasti)
    }
}

/// Whether calling `func` with `n` positional arguments and nothing else fills exactly its
/// parameters (no defaults, `*args`, `**kwargs` or keyword-only ones) and runs its body (not a
/// generator): the calls the direct frame builders handle.
#[inline]
fn takes_exactly(func: &Function, n: usize) -> bool {
    func.code.plain_argcount as usize == n
}

/// The frame for calling `func` with exactly its positional parameters, moved (not copied)
/// from the top of the caller's value stack, `stack[start..]`; `None`, touching nothing, when
/// the call needs `bind_args` (a count mismatch, defaults, `*args`, `**kwargs`, keyword-only
/// parameters) or makes a generator.
#[inline]
pub fn frame_from_stack(vm: &mut Vm, func: &Function, stack: &mut Vec<Value>, start: usize) -> Option<Box<Frame>> {
    let n = stack.len() - start;
    if !takes_exactly(func, n) {
        return frame_with_defaults(vm, func, stack, start);
    }
    // SAFETY: the n arguments are moved out of `stack[start..]` (n <= co_argcount <= the
    // number of locals), then the stack is shortened so nothing is dropped twice.
    let mut frame = unsafe {
        let frame = vm.alloc_func_frame_moving(func, None, stack.as_ptr().add(start), n);
        stack.set_len(start);
        frame
    };
    frame.init_cells(vm, func.closure.as_deref());
    Some(frame)
}

/// `frame_from_stack` for a call that leaves trailing parameters to their defaults (`f(a)`
/// for `def f(a, b=1)`), with no keyword-only parameters, `*args` or `**kwargs`; `None`,
/// touching nothing, for any other call.
#[cold]
fn frame_with_defaults(vm: &mut Vm, func: &Function, stack: &mut Vec<Value>, start: usize) -> Option<Box<Frame>> {
    let n = stack.len() - start;
    let argcount = func.code.plain_argcount as usize;
    // `plain_argcount` is u32::MAX for functions this path does not handle.
    if func.code.plain_argcount == u32::MAX || n >= argcount {
        return None;
    }
    let defaults = func.defaults.borrow().clone()?;
    let missing = argcount - n;
    if missing > defaults.len() {
        return None;
    }
    let mut frame = vm.alloc_func_frame(func, None);
    for (slot, v) in frame.fastlocals.iter_mut().zip(stack.drain(start..)) {
        *slot = Some(v);
    }
    for (slot, d) in frame.fastlocals[n..argcount].iter_mut().zip(&defaults[defaults.len() - missing..]) {
        *slot = Some(d.clone());
    }
    frame.init_cells(vm, func.closure.as_deref());
    Some(frame)
}

/// The frame for calling `func` with `self_` followed by exactly the rest of its positional
/// parameters (a bound method, or `__init__` of a new instance), without gathering the
/// arguments into a vector first; `None` when the call needs `bind_args`.
pub fn frame_with_self(vm: &mut Vm, func: &Function, self_: &Value, args: &[Value]) -> Option<Box<Frame>> {
    if !takes_exactly(func, args.len() + 1) {
        return None;
    }
    let mut frame = vm.alloc_func_frame(func, None);
    frame.fastlocals[0] = Some(self_.clone());
    for (slot, a) in frame.fastlocals[1..].iter_mut().zip(args) {
        *slot = Some(a.clone());
    }
    frame.init_cells(vm, func.closure.as_deref());
    Some(frame)
}

/// Builds a frame for calling `func` with `args` (positional values then keyword values named
/// by `kwnames`).
#[allow(clippy::needless_range_loop)] // parallel indexes into locals, names and defaults
pub fn bind_args(vm: &mut Vm, func: &Function, args: &[Value], kwnames: &[Value]) -> PyResult<Box<Frame>> {
    let code = &func.code;
    let co = &code.code;
    let mut frame = vm.alloc_func_frame(func, None);
    let argcount = co.co_argcount as usize;
    let kwonly = co.co_kwonlyargcount as usize;
    let npos = args.len() - kwnames.len();
    let has_varargs = co.co_flags & CO_VARARGS != 0;
    let has_varkw = co.co_flags & CO_VARKEYWORDS != 0;
    let fl = &mut frame.fastlocals;

    // Fast path: exact positional call, no keywords, no *args.
    if kwnames.is_empty() && npos == argcount && !has_varargs && kwonly == 0 && !has_varkw {
        for (slot, a) in fl.iter_mut().zip(args) {
            *slot = Some(a.clone());
        }
        frame.init_cells(vm, func.closure.as_deref());
        return Ok(frame);
    }

    let n = npos.min(argcount);
    for i in 0..n {
        fl[i] = Some(args[i].clone());
    }
    let mut kwdict = None;
    if has_varkw {
        let d = vm.new_dict();
        let idx = argcount + kwonly + has_varargs as usize;
        fl[idx] = Some(Value::Obj(d.clone()));
        kwdict = Some(d);
    }
    if has_varargs {
        let extra: Vec<Value> = if npos > argcount { args[argcount..npos].to_vec() } else { Vec::new() };
        fl[argcount + kwonly] = Some(vm.new_tuple(extra));
    } else if npos > argcount {
        return Err(too_many_positional(vm, func, npos, kwnames, args));
    }
    // Keyword arguments.
    let posonly = co.co_posonlyargcount as usize;
    let mut posonly_as_kw: Vec<String> = Vec::new();
    for (k, v) in kwnames.iter().zip(&args[npos..]) {
        let kname = match k.as_str() {
            Some(s) => s.as_str(),
            None => return Err(vm.new_type_error("keywords must be strings")),
        };
        let pos = co.co_varnames[posonly..argcount + kwonly].iter().position(|n| &**n == kname).map(|p| p + posonly);
        match pos {
            Some(p) => {
                if fl[p].is_some() {
                    return Err(vm.new_type_error(format!(
                        "{}() got multiple values for argument '{}'",
                        qualname(func),
                        kname
                    )));
                }
                fl[p] = Some(v.clone());
            }
            None => match &kwdict {
                Some(d) => {
                    if co.co_varnames[..posonly].iter().any(|n| &**n == kname) {
                        // Allowed: goes into **kwargs.
                    }
                    crate::dict::set_item(vm, d, k.clone(), v.clone())?;
                }
                None => {
                    if co.co_varnames[..posonly].iter().any(|n| &**n == kname) {
                        posonly_as_kw.push(kname.to_string());
                        continue;
                    }
                    return Err(vm.new_type_error(format!(
                        "{}() got an unexpected keyword argument '{}'",
                        qualname(func),
                        kname
                    )));
                }
            },
        }
    }
    if !posonly_as_kw.is_empty() {
        return Err(vm.new_type_error(format!(
            "{}() got some positional-only arguments passed as keyword arguments: '{}'",
            qualname(func),
            posonly_as_kw.join(", ")
        )));
    }
    // Defaults for missing positional parameters.
    if npos < argcount {
        let defaults = func.defaults.borrow().clone();
        let ndef = defaults.as_ref().map(|d| d.len()).unwrap_or(0);
        let first_default = argcount - ndef;
        let mut missing = Vec::new();
        for i in npos..argcount {
            if fl[i].is_none() {
                if i >= first_default {
                    fl[i] = Some(defaults.as_ref().unwrap()[i - first_default].clone());
                } else {
                    missing.push(co.co_varnames[i].to_string());
                }
            }
        }
        if !missing.is_empty() {
            return Err(missing_args(vm, func, &missing, "positional"));
        }
    }
    if kwonly > 0 {
        let kwdefaults = func.kwdefaults.borrow().clone();
        let mut missing = Vec::new();
        for i in argcount..argcount + kwonly {
            if fl[i].is_none() {
                let name = &co.co_varnames[i];
                let d = kwdefaults.as_ref().and_then(|d| vm.dict_get_str(d, name));
                match d {
                    Some(v) => fl[i] = Some(v),
                    None => missing.push(name.to_string()),
                }
            }
        }
        if !missing.is_empty() {
            return Err(missing_args(vm, func, &missing, "keyword-only"));
        }
    }
    frame.init_cells(vm, func.closure.as_deref());
    Ok(frame)
}

fn qualname(func: &Function) -> String {
    func.qualname.borrow().as_str().map(|s| s.as_str().to_string()).unwrap_or_default()
}

fn missing_args(vm: &Vm, func: &Function, missing: &[String], kind: &str) -> PyRef {
    let names: Vec<String> = missing.iter().map(|m| format!("'{m}'")).collect();
    let list = match names.len() {
        1 => names[0].clone(),
        2 => format!("{} and {}", names[0], names[1]),
        _ => format!("{}, and {}", names[..names.len() - 1].join(", "), names[names.len() - 1]),
    };
    vm.new_type_error(format!(
        "{}() missing {} required {} argument{}: {}",
        qualname(func),
        missing.len(),
        kind,
        if missing.len() == 1 { "" } else { "s" },
        list
    ))
}

fn too_many_positional(vm: &Vm, func: &Function, given: usize, kwnames: &[Value], _args: &[Value]) -> PyRef {
    let co = &func.code.code;
    let argcount = co.co_argcount as usize;
    let ndef = func.defaults.borrow().as_ref().map(|d| d.len()).unwrap_or(0);
    let takes = if ndef > 0 {
        format!("from {} to {} positional arguments", argcount - ndef, argcount)
    } else {
        format!("{} positional argument{}", argcount, if argcount == 1 { "" } else { "s" })
    };
    let kwonly_given = kwnames
        .iter()
        .filter(|k| {
            let k = k.as_str().map(|s| s.as_str()).unwrap_or("");
            co.co_varnames[argcount..argcount + co.co_kwonlyargcount as usize].iter().any(|n| &**n == k)
        })
        .count();
    let given_s = if kwonly_given > 0 {
        format!(
            "{} positional argument{} (and {} keyword-only argument{})",
            given,
            if given == 1 { "" } else { "s" },
            kwonly_given,
            if kwonly_given == 1 { "" } else { "s" }
        )
    } else {
        format!("{}", given)
    };
    let verb = if given == 1 && kwonly_given == 0 { "was" } else { "were" };
    vm.new_type_error(format!("{}() takes {} but {} {} given", qualname(func), takes, given_s, verb))
}
