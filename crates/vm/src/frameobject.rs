//! VM stage: frame objects, the Python-visible face of an execution frame (`sys._getframe()`,
//! `gi_frame`, the frame a trace function receives). An executing frame gets at most one frame
//! object, made the first time one is asked for; while the frame runs the object reads it
//! live (line, locals, `f_back`), and when the frame finishes its locals move into the object
//! (CPython's `take_ownership` in frameobject.c), so the object outlives the frame.

use crate::frame::Frame;
use crate::func::Args;
use crate::value::{CodeData, Object, Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use bytecode::flags::CO_NEWLOCALS;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

pub struct FrameObject {
    /// The executing frame; null once it finished (then `done` holds its state).
    live: Cell<*const Frame>,
    pub code: Rc<CodeData>,
    pub globals: PyRef,
    pub builtins: PyRef,
    /// The state of the frame when it finished.
    done: RefCell<Finished>,
    /// `f_locals` of an optimised frame: one dict, refreshed from the fast locals each time it
    /// is read (`PyFrame_FastToLocals`).
    locals_dict: RefCell<Option<PyRef>>,
    /// `f_back` once the frame finished (or for another thread's frame).
    back: RefCell<Value>,
    /// `f_trace`: the local trace function (None when unset).
    pub f_trace: RefCell<Value>,
    pub trace_lines: Cell<bool>,
    pub trace_opcodes: Cell<bool>,
    /// Set by a 'call' event: the next instruction is the frame's first traced one, so it
    /// reports its line whatever came before (`maybe_call_line_trace`'s `_co_firsttraceable`).
    pub(crate) trace_fresh: Cell<bool>,
    /// `f_lineno` while a trace function handles this frame's 'call' event (the `def` line,
    /// where CPython's RESUME sits), and after a trace function set `f_lineno`.
    pub(crate) lineno_override: Cell<Option<u32>>,
}

#[derive(Default)]
struct Finished {
    lasti: usize,
    fastlocals: Vec<Option<Value>>,
    cells: Vec<PyRef>,
    locals: Option<Value>,
}

impl FrameObject {
    /// The frame, while it exists.
    fn frame(&self) -> Option<&Frame> {
        // SAFETY: `live` is set from a frame that owns this object (`Frame::frame_obj`) and
        // cleared by `detach` before that frame is freed, pooled or dropped; frames do not move
        // while they own an object (boxed, or borrowed by `run_frame` for their whole run).
        unsafe { self.live.get().as_ref() }
    }

    fn lasti(&self) -> usize {
        match self.frame() {
            Some(f) => f.lasti,
            None => self.done.borrow().lasti,
        }
    }

    pub fn lineno(&self) -> Option<u32> {
        if let Some(l) = self.lineno_override.get() {
            return Some(l);
        }
        if self.frame().is_some_and(|f| f.pc == 0) {
            // Not started (a new generator): CPython's RESUME, on the `def` line.
            return Some(self.code.code.co_firstlineno);
        }
        self.code.code.line_at(self.lasti())
    }

    /// Whether a local trace function is set and wants line events.
    #[inline]
    pub(crate) fn traces_lines(&self) -> bool {
        self.trace_lines.get() && !self.f_trace.borrow().is_none()
    }
}

impl Frame {
    /// This frame's object, if one was made.
    #[inline]
    pub(crate) fn object(&self) -> Option<PyRef> {
        let o = self.frame_obj.take();
        self.frame_obj.set(o.clone());
        o
    }

    #[inline]
    pub(crate) fn has_object(&self) -> bool {
        self.peek_object().is_some()
    }

    /// This frame's object, borrowed (for the cycle collector, which must not clone it).
    pub(crate) fn peek_object(&self) -> Option<&PyRef> {
        // SAFETY: the cell is written only by `frame_object` and the detach functions, never
        // while a caller holds this borrow (they are not called during a traversal or a check).
        unsafe { (*self.frame_obj.as_ptr()).as_ref() }
    }
}

pub(crate) fn frame_data(o: &PyRef) -> &FrameObject {
    match &o.payload {
        Payload::Frame(fo) => fo,
        _ => unreachable!("not a frame object"),
    }
}

impl Vm {
    /// The frame object of `f`, made on first request (`_PyFrame_GetFrameObject`).
    pub fn frame_object(&self, f: &Frame) -> PyRef {
        if let Some(o) = f.object() {
            return o;
        }
        let fo = FrameObject {
            live: Cell::new(f as *const Frame),
            code: f.code.clone(),
            globals: f.globals.clone(),
            builtins: f.builtins.clone(),
            done: RefCell::default(),
            locals_dict: RefCell::new(None),
            back: RefCell::new(Value::None),
            f_trace: RefCell::new(Value::None),
            trace_lines: Cell::new(true),
            trace_opcodes: Cell::new(false),
            trace_fresh: Cell::new(false),
            lineno_override: Cell::new(None),
        };
        let o = Object::new(self.types.frame.clone(), Payload::Frame(Box::new(fo)));
        f.frame_obj.set(Some(o.clone()));
        o
    }

    /// A frame object standing for a frame that is not running any more and whose locals are
    /// unknown (a traceback entry's frame).
    pub fn new_frame_object(&self, code: Rc<CodeData>, lasti: usize, globals: PyRef) -> Value {
        let fo = FrameObject {
            live: Cell::new(std::ptr::null()),
            code,
            globals,
            builtins: self.builtins_dict.clone(),
            done: RefCell::new(Finished { lasti, ..Default::default() }),
            locals_dict: RefCell::new(None),
            back: RefCell::new(Value::None),
            f_trace: RefCell::new(Value::None),
            trace_lines: Cell::new(true),
            trace_opcodes: Cell::new(false),
            trace_fresh: Cell::new(false),
            lineno_override: Cell::new(None),
        };
        Value::Obj(Object::new(self.types.frame.clone(), Payload::Frame(Box::new(fo))))
    }

    /// The frame executing just below `f` on this thread (its caller), if `f` is executing.
    fn caller_of(&self, f: *const Frame) -> Option<Option<*const Frame>> {
        let i = self.frames.iter().rposition(|&p| std::ptr::eq(p, f))?;
        Some(i.checked_sub(1).map(|j| self.frames[j]))
    }

    /// `f` finished (or is being recycled): its object, if any other reference keeps it, takes
    /// over the frame's locals and remembers the caller as `f_back`.
    #[cold]
    pub(crate) fn detach_frame_object(&self, f: &mut Frame) {
        let Some(o) = f.frame_obj.take() else { return };
        let fo = frame_data(&o);
        if Rc::strong_count(&o) > 1 {
            // Usually already popped from `frames`: its caller is then the frame on top.
            let caller = self.caller_of(f).unwrap_or_else(|| self.frames.last().copied());
            if let Some(caller) = caller {
                // SAFETY: frames listed in `self.frames` are executing, hence alive.
                let back = self.frame_object(unsafe { &*caller });
                *fo.back.borrow_mut() = Value::Obj(back);
            }
            *fo.done.borrow_mut() = Finished {
                lasti: f.lasti,
                fastlocals: std::mem::take(&mut f.fastlocals),
                cells: std::mem::take(&mut f.cells),
                locals: f.locals.take(),
            };
        }
        fo.live.set(std::ptr::null());
    }

    /// Fills `f_locals` of an optimised frame from its fast locals and cells; returns the
    /// mapping (`PyFrame_FastToLocalsWithError`). Module and class frames return their own.
    pub(crate) fn fast_to_locals(&self, o: &PyRef) -> Value {
        let fo = frame_data(o);
        let (fast, cells, locals): (Vec<Option<Value>>, Vec<PyRef>, Option<Value>) = match fo.frame() {
            Some(f) => (f.fastlocals.clone(), f.cells.clone(), f.locals.clone()),
            None => {
                let d = fo.done.borrow();
                (d.fastlocals.clone(), d.cells.clone(), d.locals.clone())
            }
        };
        let co = &fo.code.code;
        if co.co_flags & CO_NEWLOCALS == 0 || locals.is_some() {
            // Module and class bodies: the locals mapping itself (globals for a finished frame
            // whose mapping is gone).
            return locals.unwrap_or_else(|| Value::Obj(fo.globals.clone()));
        }
        let d = fo.locals_dict.borrow_mut().get_or_insert_with(|| self.new_dict()).clone();
        let cell_names = co.co_cellvars.iter().chain(co.co_freevars.iter());
        let cell_values = cells.iter().map(|c| match &c.payload {
            Payload::Cell(v) => v.borrow().clone(),
            _ => None,
        });
        let pairs = co.co_varnames.iter().zip(fast).chain(cell_names.zip(cell_values));
        for (name, v) in pairs {
            match v {
                Some(v) => self.dict_set_str(&d, name, v),
                None => {
                    let old = match &d.payload {
                        Payload::Dict(dd) => dd.borrow_mut().del_str(name, crate::hash::hash_str(name)),
                        _ => None,
                    };
                    drop(old);
                }
            }
        }
        Value::Obj(d)
    }

    /// Writes `f_locals` back into the fast locals and cells of the executing frame `f`, a
    /// name missing from the dict unsetting its local (`PyFrame_LocalsToFast(frame, 1)`).
    pub(crate) fn locals_to_fast(&self, o: &PyRef, f: &mut Frame) {
        let fo = frame_data(o);
        let Some(d) = fo.locals_dict.borrow().clone() else { return };
        let co = fo.code.code.clone();
        for (i, name) in co.co_varnames.iter().enumerate() {
            if i < f.fastlocals.len() {
                f.fastlocals[i] = self.dict_get_str(&d, name);
            }
        }
        let cell_names = co.co_cellvars.iter().chain(co.co_freevars.iter());
        for (name, cell) in cell_names.zip(f.cells.iter()) {
            if let Payload::Cell(c) = &cell.payload {
                let v = self.dict_get_str(&d, name);
                let same = match (&*c.borrow(), &v) {
                    (Some(a), Some(b)) => a.is(b),
                    (None, None) => true,
                    _ => false,
                };
                if !same {
                    *c.borrow_mut() = v;
                }
            }
        }
    }
}

/// A frame that still has its object is being dropped outside the interpreter loop (a
/// finished generator, a frame run from native code): the object keeps its locals, without an
/// `f_back`.
pub(crate) fn detach_dropped(f: &mut Frame) {
    let Some(o) = f.frame_obj.take() else { return };
    let fo = frame_data(&o);
    if Rc::strong_count(&o) > 1 {
        *fo.done.borrow_mut() = Finished {
            lasti: f.lasti,
            fastlocals: std::mem::take(&mut f.fastlocals),
            cells: std::mem::take(&mut f.cells),
            locals: f.locals.take(),
        };
    }
    fo.live.set(std::ptr::null());
}

/// Sets the `f_back` a frame object reports when its frame is not on this thread's stack.
pub(crate) fn set_back(o: &PyRef, back: Value) {
    let old = std::mem::replace(&mut *frame_data(o).back.borrow_mut(), back);
    drop(old);
}

fn this<'a>(args: &Args<'a>) -> &'a FrameObject {
    match args.args[0].payload() {
        Some(Payload::Frame(fo)) => fo,
        _ => unreachable!("frame descriptor on a non-frame"),
    }
}

fn f_back(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let fo = this(&args);
    if let Some(f) = fo.frame() {
        if let Some(caller) = vm.caller_of(f) {
            // SAFETY: frames listed in `vm.frames` are executing, hence alive.
            return Ok(caller.map(|c| Value::Obj(vm.frame_object(unsafe { &*c }))).unwrap_or(Value::None));
        }
    }
    Ok(fo.back.borrow().clone())
}

fn f_code(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Obj(Object::new(vm.types.code.clone(), Payload::Code(this(&args).code.clone()))))
}

fn f_globals(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Obj(this(&args).globals.clone()))
}

fn f_builtins(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Obj(this(&args).builtins.clone()))
}

fn f_lasti(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(this(&args).lasti() as i64 * 2))
}

fn f_lineno(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(this(&args).lineno().map(|l| Value::Int(l as i64)).unwrap_or(Value::None))
}

/// Setting `f_lineno` (a debugger's "jump") is allowed only from a trace function in CPython;
/// pyrite does not move a running frame to another line yet.
fn f_lineno_set(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if !matches!(args.args[1], Value::Int(_)) && !args.args[1].payload().is_some_and(|p| matches!(p, Payload::Int(_))) {
        return Err(vm.new_value_error("lineno must be an integer"));
    }
    // The checks of `frame_setlineno`, in its order: the event being traced (the last one,
    // 'call' before any), then whether the frame has a trace function.
    let msg = match vm.trace.what {
        crate::trace::What::Call => "can't jump from the 'call' trace event of a new frame",
        crate::trace::What::Line => {
            if this(&args).f_trace.borrow().is_none() {
                "f_lineno can only be set by a trace function"
            } else {
                return Err(vm.new_not_implemented_error("pyrite cannot jump to another line (f_lineno) yet"));
            }
        }
        _ => "can only jump from a 'line' trace event",
    };
    Err(vm.new_value_error(msg))
}

fn f_locals(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let o = args.args[0].as_obj().unwrap().clone();
    Ok(vm.fast_to_locals(&o))
}

fn f_trace(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(this(&args).f_trace.borrow().clone())
}

fn f_trace_set(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.args[1].clone();
    let old = std::mem::replace(&mut *this(&args).f_trace.borrow_mut(), v);
    drop(old);
    Ok(Value::None)
}

fn f_trace_del(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let old = std::mem::replace(&mut *this(&args).f_trace.borrow_mut(), Value::None);
    drop(old);
    Ok(Value::None)
}

fn f_trace_lines(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Bool(this(&args).trace_lines.get()))
}

fn f_trace_opcodes(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Bool(this(&args).trace_opcodes.get()))
}

fn bool_attr(vm: &mut Vm, args: &Args) -> PyResult<bool> {
    match &args.args[1] {
        Value::Bool(b) => Ok(*b),
        _ => Err(vm.new_type_error("attribute value type must be bool")),
    }
}

fn f_trace_lines_set(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bool_attr(vm, &args)?;
    this(&args).trace_lines.set(b);
    Ok(Value::None)
}

fn f_trace_opcodes_set(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bool_attr(vm, &args)?;
    this(&args).trace_opcodes.set(b);
    Ok(Value::None)
}

/// `frame.clear()`: drops a finished frame's locals; an executing frame refuses
/// (`frame_tp_clear` / `frame_clear` in frameobject.c).
fn frame_clear(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let fo = this(&args);
    if let Some(f) = fo.frame() {
        if vm.caller_of(f).is_some() {
            return Err(vm.new_runtime_error("cannot clear an executing frame"));
        }
        return Ok(Value::None);
    }
    let old = std::mem::take(&mut *fo.done.borrow_mut());
    let lasti = old.lasti;
    drop(old);
    fo.done.borrow_mut().lasti = lasti;
    let t = std::mem::replace(&mut *fo.f_trace.borrow_mut(), Value::None);
    drop(t);
    let d = fo.locals_dict.borrow_mut().take();
    drop(d);
    Ok(Value::None)
}

fn frame_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let fo = this(&args);
    let addr = args.args[0].as_obj().map(|o| Rc::as_ptr(o) as usize).unwrap_or(0);
    let file = vm.new_str(&*fo.code.code.co_filename);
    let file = vm.repr_string(&file)?;
    let line = fo.lineno().map(|l| l as i64).unwrap_or(-1);
    Ok(vm.new_str(format!("<frame at {addr:#x}, file {file}, line {line}, code {}>", fo.code.code.co_name)))
}

/// References a frame object holds for the cycle collector (the locals of a finished frame,
/// `f_locals`, `f_trace`, `f_back`).
pub(crate) fn traverse(fo: &FrameObject, f: &mut dyn FnMut(&PyRef)) -> bool {
    let val = |v: &Value, f: &mut dyn FnMut(&PyRef)| {
        if let Value::Obj(r) = v {
            f(r)
        }
    };
    let (Ok(done), Ok(ld), Ok(back), Ok(tr)) =
        (fo.done.try_borrow(), fo.locals_dict.try_borrow(), fo.back.try_borrow(), fo.f_trace.try_borrow())
    else {
        return false;
    };
    done.fastlocals.iter().flatten().for_each(|v| val(v, f));
    done.cells.iter().for_each(&mut *f);
    if let Some(l) = &done.locals {
        val(l, f);
    }
    if let Some(d) = &*ld {
        f(d);
    }
    val(&back, f);
    val(&tr, f);
    true
}

/// Breaks a cycle through a frame object (its finished frame's state and trace function).
pub(crate) fn clear(fo: &FrameObject) -> Box<dyn std::any::Any> {
    let done = fo.done.try_borrow_mut().map(|mut d| std::mem::take(&mut *d)).ok();
    let ld = fo.locals_dict.try_borrow_mut().map(|mut d| d.take()).ok();
    let back = fo.back.try_borrow_mut().map(|mut b| std::mem::replace(&mut *b, Value::None)).ok();
    let tr = fo.f_trace.try_borrow_mut().map(|mut b| std::mem::replace(&mut *b, Value::None)).ok();
    Box::new((done.map(|d| (d.fastlocals, d.cells, d.locals)), ld, back, tr))
}

pub(crate) fn init(vm: &mut Vm) {
    let t = vm.types.frame.clone();
    let getters: &[(&'static str, crate::func::NativeFn)] = &[
        ("f_back", f_back),
        ("f_code", f_code),
        ("f_globals", f_globals),
        ("f_builtins", f_builtins),
        ("f_lasti", f_lasti),
        ("f_locals", f_locals),
    ];
    for &(name, get) in getters {
        vm.add_getset(&t, name, get, None);
    }
    vm.add_getset(&t, "f_lineno", f_lineno, Some(f_lineno_set));
    vm.add_getset_del(&t, "f_trace", f_trace, f_trace_set, f_trace_del);
    vm.add_getset(&t, "f_trace_lines", f_trace_lines, Some(f_trace_lines_set));
    vm.add_getset(&t, "f_trace_opcodes", f_trace_opcodes, Some(f_trace_opcodes_set));
    vm.add_methods(&t, &[("clear", frame_clear, ""), ("__repr__", frame_repr, "")]);
}
