//! VM stage: `sys.settrace` and `sys.setprofile`. The interpreter loop runs a second,
//! tracing instance of itself (`run_loop::<true>`) only while a trace or profile function is
//! set on this thread, so code runs at full speed otherwise. The events and their order are
//! CPython 3.11's (ceval.c: `call_trace`, `trace_trampoline`, `maybe_call_line_trace`,
//! `call_exc_trace`, `trace_function_entry`/`trace_function_exit`, `C_TRACE`).

use crate::frame::Frame;
use crate::frameobject::frame_data;
use crate::func::Args;
use crate::value::{CodeData, Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use bytecode::Opcode;
use std::rc::Rc;

/// A native profiler's event handler (the `Py_tracefunc` that `_PyEval_SetProfile` installs,
/// as `_lsprof` does): it receives the profiler object, the event, the code of the frame the
/// event happened in and the event's argument (the callable for the 'c_*' events). It runs
/// with tracing suspended, and is spared building frame objects and syncing locals.
pub type ProfileHook = fn(&mut Vm, &Value, What, &Rc<CodeData>, &Value) -> PyResult<()>;

/// One thread's trace and profile functions (swapped with the thread's other state, so each
/// thread has its own, as CPython's `PyThreadState`).
pub struct TraceState {
    /// `sys.settrace`'s function, or None.
    pub trace_func: Value,
    /// `sys.setprofile`'s function, or None; with `profile_hook`, the object passed to it.
    pub profile_func: Value,
    /// A native profile function (`c_profilefunc` other than `profile_trampoline`).
    pub profile_hook: Option<ProfileHook>,
    /// Non-zero while a trace or profile function runs: no events are reported inside one
    /// (`PyThreadState_EnterTracing`).
    pub tracing: u32,
    /// The event whose trace function runs, or ran last (`tracing_what`; 'call' at first).
    pub what: What,
}

impl Default for TraceState {
    fn default() -> TraceState {
        TraceState {
            trace_func: Value::None,
            profile_func: Value::None,
            profile_hook: None,
            tracing: 0,
            what: What::Call,
        }
    }
}

/// The events, named as the trace function receives them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum What {
    Call,
    Exception,
    Line,
    Return,
    CCall,
    CException,
    CReturn,
    Opcode,
}

impl What {
    fn name(self) -> &'static str {
        match self {
            What::Call => "call",
            What::Exception => "exception",
            What::Line => "line",
            What::Return => "return",
            What::CCall => "c_call",
            What::CException => "c_exception",
            What::CReturn => "c_return",
            What::Opcode => "opcode",
        }
    }
}

impl Vm {
    /// Recomputes whether frames should run the tracing loop (`use_tracing` in CPython).
    pub(crate) fn update_use_tracing(&mut self) {
        let t = &self.trace;
        self.use_tracing = t.tracing == 0 && (!t.trace_func.is_none() || !t.profile_func.is_none());
        if self.use_tracing {
            // Frames running the plain loop switch over at their next safe point.
            crate::eval::request_safe_point();
        }
    }

    /// `call_trampoline`: calls `callback(frame, what, arg)` with tracing suspended, the
    /// frame's locals published in `f_locals` before and written back after.
    fn call_trampoline(&mut self, f: &mut Frame, callback: &Value, what: What, arg: Value) -> PyResult<Value> {
        let obj = self.frame_object(f);
        self.fast_to_locals(&obj);
        let args = [Value::Obj(obj.clone()), self.new_str(what.name()), arg];
        let old_what = std::mem::replace(&mut self.trace.what, what);
        self.trace.tracing += 1;
        self.update_use_tracing();
        let r = self.call(callback, Args::new(&args));
        self.trace.what = old_what;
        self.trace.tracing -= 1;
        self.update_use_tracing();
        self.locals_to_fast(&obj, f);
        r
    }

    /// The trace function's side of an event (`trace_trampoline`): the global function for
    /// 'call', the frame's `f_trace` otherwise; a non-None result becomes the frame's `f_trace`;
    /// an exception turns tracing off.
    fn trace_trampoline(&mut self, f: &mut Frame, what: What, arg: Value) -> PyResult<()> {
        let callback = if what == What::Call {
            self.trace.trace_func.clone()
        } else {
            match f.object() {
                Some(o) => frame_data(&o).f_trace.borrow().clone(),
                None => Value::None,
            }
        };
        if callback.is_none() {
            return Ok(());
        }
        match self.call_trampoline(f, &callback, what, arg) {
            Ok(r) => {
                if !r.is_none() {
                    let o = self.frame_object(f);
                    let old = std::mem::replace(&mut *frame_data(&o).f_trace.borrow_mut(), r);
                    drop(old);
                }
                Ok(())
            }
            Err(e) => {
                self.trace.trace_func = Value::None;
                self.update_use_tracing();
                if let Some(o) = f.object() {
                    let old = std::mem::replace(&mut *frame_data(&o).f_trace.borrow_mut(), Value::None);
                    drop(old);
                }
                Err(e)
            }
        }
    }

    /// The profile function's side of an event (`profile_trampoline`): an exception turns
    /// profiling off.
    fn profile_trampoline(&mut self, f: &mut Frame, what: What, arg: Value) -> PyResult<()> {
        let callback = self.trace.profile_func.clone();
        if callback.is_none() {
            return Ok(());
        }
        let r = match self.trace.profile_hook {
            Some(hook) => {
                // `call_trace`: the hook runs with tracing suspended, as a Python one would.
                self.trace.tracing += 1;
                self.update_use_tracing();
                let r = hook(self, &callback, what, &f.code, &arg);
                self.trace.tracing -= 1;
                self.update_use_tracing();
                r
            }
            None => self.call_trampoline(f, &callback, what, arg).map(drop),
        };
        match r {
            Ok(()) => Ok(()),
            Err(e) => {
                self.trace.profile_func = Value::None;
                self.trace.profile_hook = None;
                self.update_use_tracing();
                Err(e)
            }
        }
    }

    /// `_PyEval_SetProfile`: profiles this thread with the native `hook`, which receives
    /// `obj` with every event (`sys.getprofile()` returns `obj`); `None` stops profiling.
    pub fn set_profile_hook(&mut self, hook: Option<(ProfileHook, Value)>) {
        let (hook, obj) = match hook {
            Some((h, o)) => (Some(h), o),
            None => (None, Value::None),
        };
        self.trace.profile_hook = hook;
        let old = std::mem::replace(&mut self.trace.profile_func, obj);
        self.update_use_tracing();
        drop(old);
    }

    /// A frame starts (or a generator resumes): 'call' to the trace function, then to the
    /// profile function (`trace_function_entry`). `fresh` frames report their `def` line, where
    /// CPython's RESUME sits, and their first instruction always reports its line.
    #[cold]
    pub(crate) fn trace_call(&mut self, f: &mut Frame, fresh: bool) -> PyResult<()> {
        if self.trace.tracing != 0 {
            return Ok(());
        }
        let obj = self.frame_object(f);
        let fo = frame_data(&obj);
        if fresh {
            // RESUME's line: the first line, but 0 for module code (`compiler_enter_scope`).
            let co = &f.code.code;
            let module = co.co_flags & bytecode::flags::CO_NEWLOCALS == 0 && &*co.co_name == "<module>";
            fo.lineno_override.set(Some(if module { 0 } else { co.co_firstlineno }));
        }
        let r = self.trace_trampoline(f, What::Call, Value::None);
        let r = r.and_then(|()| self.profile_trampoline(f, What::Call, Value::None));
        fo.lineno_override.set(None);
        fo.trace_fresh.set(fresh);
        r
    }

    /// A frame returns (or yields) `v`; `None` when an exception leaves it
    /// (`trace_function_exit`).
    #[cold]
    pub(crate) fn trace_return(&mut self, f: &mut Frame, v: Option<&Value>) -> PyResult<()> {
        if self.trace.tracing != 0 {
            return Ok(());
        }
        let arg = v.cloned().unwrap_or(Value::None);
        self.trace_trampoline(f, What::Return, arg.clone())?;
        self.profile_trampoline(f, What::Return, arg)
    }

    /// An exception was raised in, or passed into, `f` (`call_exc_trace`): the trace function
    /// sees `(type, value, traceback)`. If it raises, its exception replaces `exc`.
    #[cold]
    pub(crate) fn trace_exception(&mut self, f: &mut Frame, exc: PyRef) -> PyRef {
        if self.trace.tracing != 0 || self.trace.trace_func.is_none() {
            return exc;
        }
        let tb = exc.exc_data().and_then(|d| d.traceback.borrow().clone()).map(Value::Obj).unwrap_or(Value::None);
        let class = exc.class.get().map(Value::Obj).unwrap_or(Value::None);
        let arg = self.new_tuple(vec![class, Value::Obj(exc.clone()), tb]);
        match self.trace_trampoline(f, What::Exception, arg) {
            Ok(()) => exc,
            Err(e) => e,
        }
    }

    /// Before each instruction of a traced frame (`maybe_call_line_trace`): 'line' when the
    /// instruction starts a new line or is the target of a backward jump (not into a
    /// `yield from` loop), then 'opcode' if the frame asked for them. `prev` is the instruction
    /// executed before in this frame.
    #[inline]
    pub(crate) fn trace_instruction(&mut self, f: &mut Frame, prev: usize, op: Opcode) -> PyResult<()> {
        if !f.has_object() || self.trace.tracing != 0 || self.trace.trace_func.is_none() {
            return Ok(());
        }
        self.trace_instruction_slow(f, prev, op)
    }

    #[cold]
    #[inline(never)]
    fn trace_instruction_slow(&mut self, f: &mut Frame, prev: usize, op: Opcode) -> PyResult<()> {
        let obj = f.object().expect("checked by trace_instruction");
        let fo = frame_data(&obj);
        let fresh = fo.trace_fresh.replace(false);
        let mut traced = Ok(());
        if fo.traces_lines() {
            let co = &f.code.code;
            if let Some(line) = co.line_at(f.lasti) {
                let lastline = if fresh { None } else { co.line_at(prev) };
                let backward = !fresh && f.lasti < prev && op != Opcode::SEND;
                if lastline != Some(line) || backward {
                    traced = self.trace_trampoline(f, What::Line, Value::None);
                }
            }
        }
        if traced.is_ok() && fo.trace_opcodes.get() && !fo.f_trace.borrow().is_none() {
            traced = self.trace_trampoline(f, What::Opcode, Value::None);
        }
        traced
    }

    /// Calls native `callable` with the arguments `f.stack[args_start..]` (the last
    /// `kw.len()` of them keywords) for the frame `f`, with 'c_call', then 'c_return' or
    /// 'c_exception' to the profile function around it when one is set and the callable is a
    /// builtin function or method (`trace_call_function` and `C_TRACE`). The events carry the
    /// callable; a method descriptor (`list.append`, also as called through LOAD_METHOD) is
    /// reported bound to its first argument, as CPython binds it before calling.
    pub(crate) fn call_profiled(
        &mut self,
        f: &mut Frame,
        callable: &Value,
        args_start: usize,
        kw: &[Value],
    ) -> PyResult<Value> {
        let npos = f.stack.len() - args_start - kw.len();
        // Slot wrappers (`dict.__init__`, `int.__add__`) are not CPython functions: unreported.
        let reported = match callable.payload() {
            Some(Payload::BuiltinFunction(b)) if b.slot.is_some() => None,
            Some(Payload::BuiltinFunction(b)) if b.binds() => {
                (npos > 0).then(|| self.new_bound_method(callable.clone(), f.stack[args_start].clone()))
            }
            Some(Payload::BuiltinFunction(_)) => Some(callable.clone()),
            Some(Payload::Method(m, _)) => match m.payload() {
                Some(Payload::BuiltinFunction(b)) => b.slot.is_none().then(|| callable.clone()),
                _ => None,
            },
            _ => None,
        };
        let Some(reported) = reported.filter(|_| !self.trace.profile_func.is_none() && self.trace.tracing == 0) else {
            return self.call(callable, Args { args: &f.stack[args_start..], kwnames: kw });
        };
        let args: Vec<Value> = f.stack[args_start..].to_vec();
        self.profile_trampoline(f, What::CCall, reported.clone())?;
        match self.call(callable, Args { args: &args, kwnames: kw }) {
            Ok(v) => {
                self.profile_trampoline(f, What::CReturn, reported)?;
                Ok(v)
            }
            Err(e) => {
                self.profile_trampoline(f, What::CException, reported)?;
                Err(e)
            }
        }
    }
}

/// `sys.settrace(function)`.
pub(crate) fn sys_settrace(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = &args.exact(vm, "settrace", 1)?[0];
    vm.trace.trace_func = a.clone();
    vm.update_use_tracing();
    Ok(Value::None)
}

/// `sys.setprofile(function)`.
pub(crate) fn sys_setprofile(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = &args.exact(vm, "setprofile", 1)?[0];
    vm.trace.profile_hook = None;
    vm.trace.profile_func = a.clone();
    vm.update_use_tracing();
    Ok(Value::None)
}

pub(crate) fn sys_gettrace(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "gettrace", 0)?;
    Ok(vm.trace.trace_func.clone())
}

pub(crate) fn sys_getprofile(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "getprofile", 0)?;
    Ok(vm.trace.profile_func.clone())
}
