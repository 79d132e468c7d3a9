//! VM stage: the interpreter loop. Executes a frame's bytecode; calls from Python to Python
//! functions push a new frame on a local stack instead of recursing in Rust, so deep recursion
//! is limited only by `sys.getrecursionlimit()`. Exceptions unwind through the code object's
//! exception table, adding one traceback entry per frame they leave, as CPython 3.11 does.

use crate::frame::{bind_args, frame_with_self, Continuation, Frame};
use crate::func::Args;
use crate::inline_cache::{Cached, Stored};
use crate::iter::IterState;
use crate::ops::direct_native;
use crate::types::{self, Layout};
use crate::value::{Object, Payload, PyRef, Traceback, Value};
use crate::vm::{PyResult, Vm};
use bytecode::Opcode;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};

/// CPython's `eval_breaker`: set by whatever needs the interpreter at its next safe point (a
/// signal, another thread waiting for the GIL, a due collection), so loop back-edges and calls
/// test one flag rather than each condition.
static EVAL_BREAKER: AtomicBool = AtomicBool::new(false);

/// Asks the interpreter to stop at its next safe point (async-signal-safe).
#[inline]
pub fn request_safe_point() {
    EVAL_BREAKER.store(true, Ordering::Relaxed);
}

#[inline(always)]
fn safe_point_requested() -> bool {
    EVAL_BREAKER.load(Ordering::Relaxed)
}

/// How a run of the base frame ended.
pub enum Exit {
    Return(Value),
    Yield(Value),
}

/// What stopped the inner dispatch loop of one frame.
enum Event {
    /// Call into a Python function: run this frame next.
    Call(Box<Frame>),
    /// Resume a generator's frame in place (`Continuation::Resumed`): run it next. The
    /// instruction already checked the recursion limit.
    Resume(Box<Frame>),
    Return(Value),
    Yield(Value),
    /// The exception left the frame (no handler in it).
    Unwound(PyRef),
    /// A trace or profile function was set or cleared: continue in the other instance of the
    /// loop (`run_loop`).
    Flip,
}

/// A safe point after an instruction that may have dropped the last reference to an object:
/// run any `__del__` that became due (finalize.rs).
macro_rules! finalize_point {
    ($vm:expr) => {
        if crate::finalize::pending() {
            $vm.run_finalizers();
        }
    };
}

/// The Python frames one `run_frame` runs above its base frame, innermost last. Boxed so
/// that a frame never moves while `frame_ptr` and raw `f` pointers refer to it.
#[allow(clippy::vec_box)]
type Callees = Vec<Box<Frame>>;

/// How `run_loop` ended: the base frame finished, or tracing was switched on or off and the
/// other instance of the loop takes over the frames in flight.
enum LoopExit {
    Done(PyResult<Exit>, Callees),
    Flip(Callees, Option<PyRef>),
}

impl Vm {
    /// Runs `base` until it returns or yields. `throw` starts by raising that exception at the
    /// current instruction (generator `throw()`).
    pub fn run_frame(&mut self, base: &mut Frame, throw: Option<PyRef>) -> PyResult<Exit> {
        let mut callees: Callees = Vec::new();
        let mut pending = throw;
        let saved_frame = self.frame_ptr;
        let frames_len = self.frames.len();
        self.frames.push(base as *const Frame);
        // A throw into a generator reports 'call' too (TRACE_FUNCTION_THROW_ENTRY).
        if self.use_tracing {
            let fresh = base.pc == 0 && base.lasti == 0;
            if let Err(e) = self.trace_call(base, fresh) {
                pending = Some(e);
            }
        }
        // The plain loop, or the tracing one while a trace or profile function is set; a frame
        // switches between them at its next call, return or loop back-edge.
        let result = loop {
            let exit = if self.use_tracing {
                self.run_loop::<true>(base, callees, pending)
            } else {
                self.run_loop::<false>(base, callees, pending)
            };
            match exit {
                LoopExit::Done(r, c) => {
                    callees = c;
                    break r;
                }
                LoopExit::Flip(c, p) => {
                    callees = c;
                    pending = p;
                }
            }
        };
        self.depth -= callees.len() as u32;
        if self.use_tracing {
            // Tracing is on (perhaps set in this run): a plain loop that called us notices it
            // at its next call or back-edge, before entering another frame untraced.
            request_safe_point();
        }
        if base.has_object() && !matches!(result, Ok(Exit::Yield(_))) {
            self.finish_base_frame_object(base, frames_len);
        }
        self.frame_ptr = saved_frame;
        self.frames.truncate(frames_len);
        // A generator step or a short native callback never called anything: its empty,
        // unallocated frame list needs no out-of-line drop (about 20 instructions a step).
        if callees.capacity() == 0 {
            std::mem::forget(callees);
        }
        result
    }

    /// The base frame of a `run_frame` finished while it has a frame object: that object's
    /// `f_back` becomes the frame below (its locals move over when the frame is freed).
    #[cold]
    fn finish_base_frame_object(&mut self, base: &Frame, frames_len: usize) {
        let Some(o) = base.object() else { return };
        if frames_len > 0 && Rc::strong_count(&o) > 2 {
            // SAFETY: frames listed in `self.frames` are executing, hence alive.
            let caller = self.frame_object(unsafe { &*self.frames[frames_len - 1] });
            crate::frameobject::set_back(&o, Value::Obj(caller));
        }
    }

    /// The interpreter loop over `base` and the Python frames it calls (`callees`), plain
    /// (`TRACE` false) or reporting trace and profile events. `LoopExit::Flip` when
    /// `use_tracing` changed and the other instance must continue.
    // `callees` and `pending` are moved in and out rather than borrowed: as locals of this
    // function they live in its stack frame, while two `&mut` parameters would each hold a
    // callee-saved register for the whole loop and push the current frame pointer out of
    // registers (+8% instructions on fib and loops).
    #[inline(never)]
    fn run_loop<const TRACE: bool>(
        &mut self,
        base: &mut Frame,
        mut callees: Callees,
        mut pending: Option<PyRef>,
    ) -> LoopExit {
        let result = loop {
            if self.use_tracing != TRACE {
                return LoopExit::Flip(callees, pending);
            }
            let event = self.execute::<TRACE>(base, &mut callees, pending.take());
            match event {
                Event::Flip => {}
                Event::Call(frame) => {
                    if safe_point_requested() {
                        if let Err(e) = self.safe_point() {
                            self.free_frame(frame);
                            pending = Some(e);
                            continue;
                        }
                    }
                    if self.depth >= self.recursion_limit {
                        pending = Some(
                            self.new_exception(&self.exc.recursion_error.clone(), "maximum recursion depth exceeded"),
                        );
                        continue;
                    }
                    self.push_callee(&mut callees, frame);
                    // Not only when TRACE: tracing may have started in a nested run (see the
                    // end of `run_frame`) and this loop flips only after the call.
                    if self.use_tracing {
                        let c = callees.last_mut().unwrap();
                        if let Err(e) = self.trace_call(c, true) {
                            pending = Some(e);
                        }
                    }
                }
                Event::Resume(frame) => {
                    self.push_callee(&mut callees, frame);
                    if self.use_tracing {
                        let c = callees.last_mut().unwrap();
                        let fresh = c.pc == 0 && c.lasti == 0;
                        if let Err(e) = self.trace_call(c, fresh) {
                            pending = Some(e);
                        }
                    }
                }
                Event::Return(v) => match callees.pop() {
                    Some(mut done) => {
                        let cont = std::mem::take(&mut done.cont);
                        self.frames.pop();
                        self.free_frame(done);
                        self.depth -= 1;
                        self.frame_ptr = top_frame(base, &mut callees);
                        finalize_point!(self);
                        let v = match cont {
                            Continuation::Plain => v,
                            Continuation::Init(obj) if v.is_none() => obj,
                            Continuation::Init(_) => {
                                let msg = format!("__init__() should return None, not '{}'", self.type_name(&v));
                                pending = Some(self.new_type_error(msg));
                                continue;
                            }
                            Continuation::BinaryOp(a, b, op) if self.is_not_implemented(&v) => {
                                match self.binary_op_reflected(&a, &b, op) {
                                    Ok(r) => r,
                                    Err(e) => {
                                        pending = Some(e);
                                        continue;
                                    }
                                }
                            }
                            Continuation::BinaryOp(..) => v,
                            Continuation::Discard => continue,
                            Continuation::Resumed { gen, outer_exc, exit_pc, send } => {
                                // The generator returned: its caller's FOR_ITER or SEND ends.
                                self.finish_in_place(&gen, outer_exc, None);
                                let caller = callees.last_mut().map(|b| &mut **b).unwrap_or(&mut *base);
                                pop_value(&mut caller.stack);
                                if send {
                                    caller.stack.push(v);
                                }
                                caller.pc = exit_pc as usize;
                                continue;
                            }
                        };
                        let caller = callees.last_mut().map(|b| &mut **b).unwrap_or(&mut *base);
                        caller.stack.push(v);
                    }
                    None => break Ok(Exit::Return(v)),
                },
                Event::Yield(v) => match callees.pop() {
                    // Only a generator frame resumed in place yields above the base frame.
                    Some(done) => {
                        self.suspend_callee(done);
                        let caller = callees.last_mut().map(|b| &mut **b).unwrap_or(&mut *base);
                        caller.stack.push(v);
                    }
                    None => break Ok(Exit::Yield(v)),
                },
                Event::Unwound(exc) => match callees.pop() {
                    Some(mut done) => {
                        let cont = std::mem::take(&mut done.cont);
                        self.frames.pop();
                        self.free_frame(done);
                        self.depth -= 1;
                        pending = match cont {
                            Continuation::Resumed { gen, outer_exc, .. } => {
                                self.finish_in_place(&gen, outer_exc, Some(exc))
                            }
                            _ => Some(exc),
                        };
                    }
                    None => break Err(exc),
                },
            }
        };
        LoopExit::Done(result, callees)
    }

    /// A generator frame resumed in place (popped from `callees`) yielded: it goes back to its
    /// generator, and the frame below continues.
    #[inline]
    fn suspend_callee(&mut self, mut done: Box<Frame>) {
        self.frames.pop();
        self.depth -= 1;
        let Continuation::Resumed { gen, outer_exc, .. } = std::mem::take(&mut done.cont) else {
            unreachable!("a called frame yielded")
        };
        self.suspend_in_place(done, &gen, outer_exc);
    }

    /// After the top frame left `callees`: the frame below becomes the current one.
    #[inline(always)]
    fn resume_caller(&mut self, base: *mut Frame, callees: &mut Callees) -> *mut Frame {
        let caller = top_frame(base, callees);
        self.frame_ptr = caller;
        caller
    }

    /// Pushes a called (or resumed) frame on the frame stack; returns where it now lives.
    #[inline(always)]
    fn push_callee(&mut self, callees: &mut Callees, frame: Box<Frame>) -> *mut Frame {
        self.depth += 1;
        callees.push(frame);
        let top: *mut Frame = &mut **callees.last_mut().unwrap();
        self.frames.push(top);
        self.frame_ptr = top;
        top
    }

    /// What a safe point does once requested: give the GIL to a waiting thread, collect
    /// cycles, run signal handlers (the main thread only; other threads leave the request up
    /// for it).
    #[cold]
    #[inline(never)]
    fn safe_point(&mut self) -> PyResult<()> {
        EVAL_BREAKER.store(false, Ordering::Relaxed);
        if crate::gil::drop_requested() {
            self.yield_gil();
        }
        if crate::gc::pending() && crate::gc::is_enabled() {
            crate::gc::collect();
        }
        if crate::signals::is_pending() && !crate::gil::is_main_thread() {
            request_safe_point();
        }
        if crate::signals::take_pending() {
            self.run_signal_handlers()?;
        }
        Ok(())
    }

    /// Adds a traceback entry for `f` at its current instruction to `exc`.
    fn add_traceback(&self, exc: &PyRef, f: &Frame) {
        if let Payload::Exception(ed) = &exc.payload {
            let next = ed.traceback.borrow_mut().take();
            let tb = Object::new(
                self.types.traceback.clone(),
                Payload::Traceback(Box::new(Traceback {
                    next: RefCell::new(next),
                    code: f.code.clone(),
                    lasti: f.lasti,
                    lineno: f.lineno().map_or(-1, |l| l as i32),
                    globals: f.globals.clone(),
                    frame: RefCell::new(f.object()),
                })),
            );
            *ed.traceback.borrow_mut() = Some(tb);
        }
    }

    /// Sets `__context__` of a newly raised exception to the one being handled (breaking
    /// cycles, as `_PyErr_SetObject`).
    #[allow(clippy::while_let_loop)]
    pub fn chain_context(&self, exc: &PyRef) {
        let Value::Obj(handled) = &self.exc_info else {
            return;
        };
        if Rc::ptr_eq(handled, exc) {
            return;
        }
        // Avoid creating a cycle: cut the chain where it would come back to `exc`. A chain that
        // already loops (`e.__context__ = e`) is detected as `_PyErr_SetObject` does, with a
        // second pointer moving at half speed, so this never spins.
        let mut o = handled.clone();
        let mut slow = handled.clone();
        let mut advance_slow = false;
        loop {
            let ctx = match o.exc_data() {
                Some(d) => d.context.borrow().clone(),
                None => break,
            };
            match ctx {
                Value::Obj(c) if Rc::ptr_eq(&c, exc) => {
                    *o.exc_data().unwrap().context.borrow_mut() = Value::None;
                    break;
                }
                Value::Obj(c) => o = c,
                _ => break,
            }
            if Rc::ptr_eq(&o, &slow) {
                break;
            }
            if advance_slow {
                let next = slow.exc_data().and_then(|d| d.context.borrow().as_obj().cloned());
                match next {
                    Some(n) => slow = n,
                    None => break,
                }
            }
            advance_slow = !advance_slow;
        }
        if let Some(d) = exc.exc_data() {
            *d.context.borrow_mut() = Value::Obj(handled.clone());
        }
    }

    /// Finds a handler for `exc` in `f`; on success the frame is ready to continue there.
    fn unwind(&self, f: &mut Frame, exc: PyRef) -> Result<(), PyRef> {
        match f.code.code.handler_for(f.lasti as u32).copied() {
            Some(h) => {
                f.stack.truncate(h.depth as usize);
                if h.lasti {
                    f.stack.push(Value::Int(f.lasti as i64));
                }
                f.stack.push(Value::Obj(exc));
                f.pc = h.target as usize;
                Ok(())
            }
            None => Err(exc),
        }
    }

    /// Runs the top frame (the last of `callees`, else `base`) until it produces an event
    /// `run_loop` must handle; a plain Python call or return switches frames inside `step`.
    #[inline(always)]
    fn execute<const TRACE: bool>(
        &mut self,
        base: &mut Frame,
        callees: &mut Callees,
        mut pending: Option<PyRef>,
    ) -> Event {
        let base: *mut Frame = base;
        loop {
            let top = top_frame(base, callees);
            self.frame_ptr = top;
            // SAFETY: frames are boxed (or the caller's `base`) and outlive this call; `step`
            // may push or pop `callees` but never moves a frame.
            let f = unsafe { &mut *top };
            if let Some(exc) = pending.take() {
                // Raised in this frame (or propagated from a callee at this frame's CALL).
                self.add_traceback(&exc, f);
                let exc = if TRACE { self.trace_exception(f, exc) } else { exc };
                match self.unwind(f, exc) {
                    Ok(()) => {}
                    Err(exc) => return self.frame_unwound::<TRACE>(f, exc),
                }
            }
            let r = self.step::<TRACE>(f, base, callees);
            // `step` may have entered or left frames without tracing: the error or event
            // belongs to whichever frame is on top now.
            // SAFETY: as above.
            let f = if TRACE { f } else { unsafe { &mut *top_frame(base, callees) } };
            match r {
                Ok(None) => {}
                Ok(Some(ev)) => {
                    if TRACE {
                        return self.trace_exit_event(f, ev);
                    }
                    return ev;
                }
                Err(Raise::New(exc)) => {
                    self.chain_context(&exc);
                    pending = Some(exc);
                }
                Err(Raise::Propagate(exc)) => {
                    // Raised by native code: chain it to the handled exception as CPython's
                    // _PyErr_SetObject would have, unless a Python frame already did.
                    if exc.exc_data().is_some_and(|d| d.context.borrow().is_none()) {
                        self.chain_context(&exc);
                    }
                    pending = Some(exc);
                }
                Err(Raise::Reraise(exc)) => match self.unwind(f, exc) {
                    Ok(()) => {}
                    Err(exc) => return self.frame_unwound::<TRACE>(f, exc),
                },
            }
        }
    }

    /// An exception leaves `f`: a traced frame reports 'return' with None first
    /// (`TRACE_FUNCTION_UNWIND`).
    #[inline(always)]
    fn frame_unwound<const TRACE: bool>(&mut self, f: &mut Frame, exc: PyRef) -> Event {
        if TRACE {
            if let Err(e) = self.trace_return(f, None) {
                return Event::Unwound(e);
            }
        }
        Event::Unwound(exc)
    }

    /// A traced frame returns or yields: 'return' with the value (`TRACE_FUNCTION_EXIT`); if
    /// the trace function raises, the frame leaves with that exception instead.
    #[cold]
    fn trace_exit_event(&mut self, f: &mut Frame, ev: Event) -> Event {
        let v = match &ev {
            Event::Return(v) | Event::Yield(v) => v,
            _ => return ev,
        };
        match self.trace_return(f, Some(v)) {
            Ok(()) => ev,
            Err(e) => Event::Unwound(e),
        }
    }
}

/// The bounds of a slice object whose parts are all ints or None (so computing its indices
/// runs no Python code), for the list fast paths.
#[inline]
fn simple_slice(k: &Object) -> Option<(&Value, &Value, &Value)> {
    match &k.payload {
        Payload::Slice(parts) => {
            let (a, b, c) = &**parts;
            let simple = |v: &Value| matches!(v, Value::Int(_) | Value::None);
            (simple(a) && simple(b) && simple(c)).then_some((a, b, c))
        }
        _ => None,
    }
}

/// How an instruction failed.
enum Raise {
    /// A new exception: chain `__context__`, add a traceback entry, unwind.
    New(PyRef),
    /// An exception already chained (from a native call that ran Python code, or from
    /// `raise`): add a traceback entry and unwind.
    Propagate(PyRef),
    /// `RERAISE`: unwind without a new traceback entry.
    Reraise(PyRef),
}

impl From<PyRef> for Raise {
    fn from(e: PyRef) -> Raise {
        Raise::New(e)
    }
}

type Step = Result<Option<Event>, Raise>;

/// Whether `prepare_inline_call` may turn a call of `callable` into a frame: a Python
/// function, a class, or a bound method (checked inline, so that calls of builtins skip it).
#[inline(always)]
fn runs_inline(callable: &Value) -> bool {
    matches!(callable, Value::Obj(o) if matches!(o.payload, Payload::Function(_) | Payload::Type(_) | Payload::Method(..)))
}

/// The frame being executed: the last called one, else the base frame of `run_frame`.
#[inline(always)]
fn top_frame(base: *mut Frame, callees: &mut [Box<Frame>]) -> *mut Frame {
    match callees.last_mut() {
        Some(c) => &mut **c,
        None => base,
    }
}

/// `top!` for writing.
#[inline(always)]
fn top_mut(stack: &mut [Value]) -> &mut Value {
    let n = stack.len();
    debug_assert!(n > 0, "value stack underflow (compiler bug)");
    // SAFETY: as for `top!`.
    unsafe { stack.get_unchecked_mut(n - 1) }
}

/// Pops the value stack. Reading the slot directly (rather than through `Vec::pop`'s
/// `Option<Value>`) avoids a store-forwarding stall on every instruction.
#[inline(always)]
fn pop_value(stack: &mut Vec<Value>) -> Value {
    let len = stack.len();
    assert!(len > 0, "value stack underflow (compiler bug)");
    // SAFETY: len > 0, so slot len-1 holds an initialised Value; shrinking the length first
    // transfers its ownership to the caller exactly once.
    unsafe {
        stack.set_len(len - 1);
        std::ptr::read(stack.as_ptr().add(len - 1))
    }
}

macro_rules! pop {
    ($f:expr) => {
        pop_value(&mut $f.stack)
    };
}
/// Jumps to `target`; a jump backwards is a loop's back-edge, a safe point for Ctrl-C, thread
/// switches and the cycle collector (`CHECK_EVAL_BREAKER` in CPython's `JUMP_BACKWARD` and
/// `POP_JUMP_BACKWARD_IF_*`).
macro_rules! jump {
    ($self:expr, $f:expr, $target:expr) => {{
        let target = $target as usize;
        if target < $f.pc && safe_point_requested() {
            $f.pc = target;
            $self.safe_point()?;
        }
        $f.pc = target;
    }};
}
/// Finishes an instruction whose result is the bool `r`. When a `POP_JUMP_IF_FALSE`/`_TRUE`
/// follows (`if a < b:`, `if k in d:`), that branch is taken here, without the bool going
/// through the stack (CPython's COMPARE_OP_INT_JUMP and friends); otherwise `r` is pushed.
/// Not while tracing, which reports the jump as an instruction of its own.
macro_rules! branch_or_push {
    ($self:expr, $f:expr, $r:expr) => {{
        let r: bool = $r;
        // SAFETY: the instructions using this never end a code object (they fall through), so
        // a code unit follows them.
        let next = unsafe { *$f.units().get_unchecked($f.pc) };
        let jump_if = match next as u8 {
            _ if TRACE => None,
            x if x == Opcode::POP_JUMP_IF_FALSE as u8 => Some(false),
            x if x == Opcode::POP_JUMP_IF_TRUE as u8 => Some(true),
            _ => None,
        };
        match jump_if {
            Some(when) => {
                $f.lasti = $f.pc;
                $f.pc += 1;
                if r == when {
                    jump!($self, $f, next >> 8);
                }
            }
            None => $f.stack.push(Value::fresh_bool(r)),
        }
    }};
}
/// Starts a Python frame called from `step`: pushed on the frame stack and run by the same
/// loop (CPython's `start_frame`), unless tracing, a pending safe point or the recursion limit
/// needs `run_loop`'s handling of `Event::Call`.
macro_rules! enter_frame {
    ($self:ident, $f:ident, $callees:ident, $frame:expr) => {{
        let frame = $frame;
        if TRACE || safe_point_requested() || $self.depth >= $self.recursion_limit {
            return Ok(Some(Event::Call(frame)));
        }
        let callee = $self.push_callee($callees, frame);
        // SAFETY: the frame is boxed in `callees`, which keeps it in place until it is popped.
        $f = unsafe { &mut *callee };
        continue;
    }};
}
/// Continues a generator's frame resumed in place (`FOR_ITER`/`SEND`) in the same loop,
/// unless tracing needs `run_loop`'s handling of `Event::Resume`.
macro_rules! resume_frame {
    ($self:ident, $f:ident, $callees:ident, $frame:expr) => {{
        let frame = $frame;
        // A pending safe point may be tracing switched on in a nested run (see `run_frame`):
        // `run_loop` then reports the resumption.
        if TRACE || safe_point_requested() {
            return Ok(Some(Event::Resume(frame)));
        }
        let callee = $self.push_callee($callees, frame);
        // SAFETY: as in `enter_frame!`.
        $f = unsafe { &mut *callee };
        continue;
    }};
}
/// The top of the value stack, which the instructions reading it always have (the compiler's
/// stack depth).
macro_rules! top {
    ($f:expr) => {{
        let n = $f.stack.len();
        debug_assert!(n > 0, "value stack underflow (compiler bug)");
        // SAFETY: see above.
        unsafe { $f.stack.get_unchecked(n - 1) }
    }};
}

impl Vm {
    /// Executes instructions until one produces an event; `Ok(None)` never escapes the inner
    /// loop except after a jump target check (kept tight for speed).
    // Not inlined into `run_loop`: on its own, the instruction loop keeps the frame pointer in
    // a register (inlined, the event loop's values pushed it to the stack: +6% instructions
    // on loops).
    #[inline(never)]
    fn step<const TRACE: bool>(&mut self, f: &mut Frame, base: *mut Frame, callees: &mut Callees) -> Step {
        let mut f = f;
        loop {
            // SAFETY: `pc` stays inside the code: every code object the VM runs ends with an
            // instruction that does not fall through (`code_data` checks it) and its jump and
            // handler targets are inside it (our compiler's output, or `marshal::validate`).
            let unit = unsafe { *f.units().get_unchecked(f.pc) };
            let prev = f.lasti;
            f.lasti = f.pc;
            f.pc += 1;
            let mut arg = (unit >> 8) as u32;
            let mut op = unit as u8;
            while op == Opcode::EXTENDED_ARG as u8 {
                // SAFETY: as above; an EXTENDED_ARG is never last (it is not a terminator).
                let next = unsafe { *f.units().get_unchecked(f.pc) };
                f.pc += 1;
                arg = (arg << 8) | (next >> 8) as u32;
                op = next as u8;
            }
            // SAFETY: the VM runs only code objects made by our compiler or accepted by
            // `marshal::validate`, and both admit only opcodes of the table.
            let op = unsafe { Opcode::from_u8_unchecked(op) };
            if TRACE {
                self.trace_instruction(f, prev, op).map_err(Raise::Propagate)?;
            }
            match op {
                Opcode::NOP | Opcode::EXTENDED_ARG => {}
                Opcode::POP_TOP => {
                    pop!(f);
                    finalize_point!(self);
                }
                Opcode::COPY => {
                    let v = f.stack[f.stack.len() - arg as usize].clone();
                    f.stack.push(v);
                }
                Opcode::SWAP => {
                    let n = f.stack.len();
                    f.stack.swap(n - 1, n - arg as usize);
                }
                // SAFETY: see LOAD_FAST below.
                Opcode::LOAD_CONST => f.stack.push(unsafe { f.code.consts.get_unchecked(arg as usize) }.clone()),
                // SAFETY (LOAD_FAST, STORE_FAST, LOAD_CONST): operands index their tables —
                // `marshal::validate` checks it for loaded code, our compiler emits nothing
                // else — and a frame has exactly `co_varnames` fast locals and `co_consts`
                // constants (`alloc_func_frame`, `Frame::new`, `code_data`).
                Opcode::LOAD_FAST => {
                    let Some(v) = (unsafe { f.fastlocals.get_unchecked(arg as usize) }) else {
                        let name = f.code.code.co_varnames[arg as usize].clone();
                        return Err(self.unbound_local(&name).into());
                    };
                    // `self.x`, `a + b`, `n - 1`: the instruction after is done here when it
                    // is an inline-cached attribute of this local, another LOAD_FAST or a
                    // LOAD_CONST, without a dispatch (CPython's LOAD_FAST__LOAD_FAST and
                    // LOAD_FAST__LOAD_CONST superinstructions; the attribute skips the round
                    // trip of the object through the stack). Not while tracing, which
                    // reports each instruction.
                    if !TRACE {
                        // SAFETY: LOAD_FAST never ends a code object (it falls through).
                        let next = unsafe { *f.units().get_unchecked(f.pc) };
                        let arg2 = (next >> 8) as usize;
                        let op2 = next as u8;
                        if op2 == Opcode::LOAD_ATTR as u8 {
                            if let Some(a) = crate::inline_cache::instance_value_hit(&f.code, arg2, v) {
                                f.lasti = f.pc;
                                f.pc += 1;
                                f.stack.push(a);
                                continue;
                            }
                        } else if op2 == Opcode::LOAD_FAST as u8 {
                            let v = v.clone();
                            f.stack.push(v);
                            f.lasti = f.pc;
                            f.pc += 1;
                            match unsafe { f.fastlocals.get_unchecked(arg2) } {
                                Some(v2) => f.stack.push(v2.clone()),
                                None => {
                                    let name = f.code.code.co_varnames[arg2].clone();
                                    return Err(self.unbound_local(&name).into());
                                }
                            }
                            continue;
                        } else if op2 == Opcode::LOAD_CONST as u8 {
                            let v = v.clone();
                            f.stack.push(v);
                            f.lasti = f.pc;
                            f.pc += 1;
                            f.stack.push(unsafe { f.code.consts.get_unchecked(arg2) }.clone());
                            continue;
                        }
                    }
                    let v = v.clone();
                    f.stack.push(v);
                }
                Opcode::STORE_FAST => {
                    let v = pop!(f);
                    // SAFETY: see LOAD_FAST.
                    let old = unsafe { f.fastlocals.get_unchecked_mut(arg as usize) }.replace(v);
                    drop(old);
                    finalize_point!(self);
                }
                Opcode::DELETE_FAST => {
                    if f.fastlocals[arg as usize].take().is_none() {
                        let name = f.code.code.co_varnames[arg as usize].clone();
                        return Err(self.unbound_local(&name).into());
                    }
                    finalize_point!(self);
                }
                Opcode::LOAD_GLOBAL => {
                    let v = match self.load_global_cached(f, arg as usize) {
                        Some(v) => v,
                        None => {
                            let name = f.code.names[arg as usize].clone();
                            self.load_global(f, &name)?
                        }
                    };
                    f.stack.push(v);
                }
                Opcode::STORE_GLOBAL => {
                    let v = pop!(f);
                    let name = f.code.names[arg as usize].clone();
                    crate::dict::set_item(self, &f.globals, name, v).map_err(Raise::Propagate)?;
                    finalize_point!(self);
                }
                Opcode::DELETE_GLOBAL => {
                    let name = f.code.names[arg as usize].clone();
                    if crate::dict::del_item(self, &f.globals, &name).map_err(Raise::Propagate)?.is_none() {
                        return Err(self.new_name_error(name.as_str().unwrap().as_str()).into());
                    }
                    finalize_point!(self);
                }
                Opcode::LOAD_NAME => {
                    // At module level the locals are the globals (an exact dict): the lookup is
                    // LOAD_GLOBAL's, so it uses the same cache.
                    let module_level = matches!(&f.locals, Some(Value::Obj(l)) if Rc::ptr_eq(l, &f.globals))
                        && f.globals.class_is(&self.types.dict);
                    if module_level {
                        if let Some(v) = self.load_global_cached(f, arg as usize) {
                            f.stack.push(v);
                            continue;
                        }
                    }
                    let name = f.code.names[arg as usize].clone();
                    let v = self.load_name(f, &name)?;
                    f.stack.push(v);
                }
                Opcode::STORE_NAME => {
                    let v = pop!(f);
                    let name = f.code.names[arg as usize].clone();
                    let locals = f.locals.clone().unwrap_or_else(|| Value::Obj(f.globals.clone()));
                    match &locals {
                        // An exact dict (module and most class bodies): straight into it.
                        Value::Obj(d) if d.class_is(&self.types.dict) => {
                            let h = name.as_str().map_or(0, |s| s.hash());
                            crate::dict::set_item_hashed(self, d, name, h, v).map_err(Raise::Propagate)?;
                        }
                        _ => self.setitem(&locals, name, v).map_err(Raise::Propagate)?,
                    }
                    finalize_point!(self);
                }
                Opcode::DELETE_NAME => {
                    let name = f.code.names[arg as usize].clone();
                    let locals = f.locals.clone().unwrap_or_else(|| Value::Obj(f.globals.clone()));
                    if let Err(e) = self.delitem(&locals, &name) {
                        if self.isinstance_exc(&e, &self.exc.key_error.clone()) {
                            return Err(self.new_name_error(name.as_str().unwrap().as_str()).into());
                        }
                        return Err(Raise::Propagate(e));
                    }
                    finalize_point!(self);
                }
                Opcode::LOAD_DEREF | Opcode::LOAD_CLASSDEREF => {
                    if op == Opcode::LOAD_CLASSDEREF {
                        let idx = arg as usize - f.code.code.co_cellvars.len();
                        let name = f.code.code.co_freevars[idx].clone();
                        if let Some(locals) = f.locals.clone() {
                            let key = Value::Obj(self.intern(&name));
                            if let Some(v) = self.mapping_get(&locals, &key).map_err(Raise::Propagate)? {
                                f.stack.push(v);
                                continue;
                            }
                        }
                    }
                    let cell = &f.cells[arg as usize];
                    let Payload::Cell(c) = &cell.payload else { unreachable!() };
                    let v = c.borrow().clone();
                    match v {
                        Some(v) => f.stack.push(v),
                        None => return Err(self.unbound_deref(f, arg as usize).into()),
                    }
                }
                Opcode::STORE_DEREF => {
                    let v = pop!(f);
                    let Payload::Cell(c) = &f.cells[arg as usize].payload else { unreachable!() };
                    let old = c.borrow_mut().replace(v);
                    drop(old);
                }
                Opcode::DELETE_DEREF => {
                    let Payload::Cell(c) = &f.cells[arg as usize].payload else { unreachable!() };
                    let old = c.borrow_mut().take();
                    if old.is_none() {
                        return Err(self.unbound_deref(f, arg as usize).into());
                    }
                }
                Opcode::LOAD_CLOSURE => f.stack.push(Value::Obj(f.cells[arg as usize].clone())),
                Opcode::LOAD_ATTR => {
                    if let Some(v) = crate::inline_cache::instance_value_hit(&f.code, arg as usize, top!(f)) {
                        let slot = top_mut(&mut f.stack);
                        drop(std::mem::replace(slot, v));
                        continue;
                    }
                    let obj = pop!(f);
                    let v = match self.load_attr_cached(&f.code, arg as usize, &obj) {
                        Cached::Value(v) => v,
                        Cached::Method(func) => self.new_bound_method(func, obj),
                        // A property getter written in Python runs as a frame.
                        Cached::Property(fget) => {
                            let me = std::slice::from_ref(&obj);
                            if let Some(frame) = self.prepare_inline_call(&fget, me, &[]).map_err(Raise::Propagate)? {
                                enter_frame!(self, f, callees, frame);
                            }
                            self.call(&fget, Args::new(me)).map_err(Raise::Propagate)?
                        }
                        Cached::Miss => {
                            let name = f.code.names[arg as usize].clone();
                            self.getattr(&obj, &name).map_err(Raise::Propagate)?
                        }
                    };
                    f.stack.push(v);
                }
                Opcode::STORE_ATTR => {
                    let obj = pop!(f);
                    let v = pop!(f);
                    let v = match crate::inline_cache::instance_store_hit(&f.code, arg as usize, &obj, v) {
                        Ok(old) => {
                            drop(old);
                            drop(obj);
                            finalize_point!(self);
                            continue;
                        }
                        Err(v) => v,
                    };
                    match self.store_attr_cached(&f.code, arg as usize, &obj, v).map_err(Raise::Propagate)? {
                        Stored::Done => {}
                        // A property setter: a Python one runs as a frame whose result is dropped.
                        Stored::Setter(fset, v) => {
                            let args = [obj, v];
                            let plain = matches!(fset.payload(), Some(Payload::Function(_)));
                            let frame = if plain {
                                self.prepare_inline_call(&fset, &args, &[]).map_err(Raise::Propagate)?
                            } else {
                                None
                            };
                            if let Some(mut frame) = frame {
                                frame.cont = Continuation::Discard;
                                enter_frame!(self, f, callees, frame);
                            }
                            self.call(&fset, Args::new(&args)).map_err(Raise::Propagate)?;
                        }
                        Stored::Generic(v) => {
                            let name = f.code.names[arg as usize].clone();
                            self.setattr(&obj, &name, v).map_err(Raise::Propagate)?;
                            self.fill_store_cache(&f.code, arg as usize, &obj);
                        }
                    }
                    finalize_point!(self);
                }
                Opcode::DELETE_ATTR => {
                    let obj = pop!(f);
                    let name = f.code.names[arg as usize].clone();
                    self.delattr(&obj, &name).map_err(Raise::Propagate)?;
                    finalize_point!(self);
                }
                Opcode::LOAD_METHOD => {
                    if let Some(func) = crate::inline_cache::method_hit(&f.code, arg as usize, top!(f))
                        .or_else(|| crate::inline_cache::builtin_method_hit(&f.code, arg as usize, top!(f)))
                    {
                        // [obj] -> [func, obj]
                        let obj = std::mem::replace(top_mut(&mut f.stack), func);
                        f.stack.push(obj);
                        continue;
                    }
                    let obj = pop!(f);
                    match self.load_attr_cached(&f.code, arg as usize, &obj) {
                        Cached::Value(v) => {
                            f.stack.push(Value::None);
                            f.stack.push(v);
                            continue;
                        }
                        Cached::Method(func) => {
                            f.stack.push(func);
                            f.stack.push(obj);
                            continue;
                        }
                        Cached::Property(fget) => {
                            f.stack.push(Value::None);
                            let me = std::slice::from_ref(&obj);
                            if let Some(frame) = self.prepare_inline_call(&fget, me, &[]).map_err(Raise::Propagate)? {
                                enter_frame!(self, f, callees, frame);
                            }
                            let v = self.call(&fget, Args::new(me)).map_err(Raise::Propagate)?;
                            f.stack.push(v);
                            continue;
                        }
                        Cached::Miss => {}
                    }
                    let name = f.code.names[arg as usize].clone();
                    match self.load_method(&obj, &name).map_err(Raise::Propagate)? {
                        (Some(func), obj) => {
                            f.stack.push(func);
                            f.stack.push(obj);
                        }
                        (None, attr) => {
                            f.stack.push(Value::None);
                            f.stack.push(attr);
                        }
                    }
                }
                Opcode::BINARY_SUBSCR => {
                    // Fast path: exact list or tuple indexed by a small int.
                    let n = f.stack.len();
                    // SAFETY: BINARY_SUBSCR has two operands on the stack (n >= 2).
                    let (container, key) = unsafe { (f.stack.get_unchecked(n - 2), f.stack.get_unchecked(n - 1)) };
                    if let (Value::Obj(o), Value::Int(i)) = (container, key) {
                        // The item is cloned straight from its slot into the container's stack
                        // slot: no `Option<Value>` in between, which the compiler keeps in two
                        // registers, spills and reloads whole (a store-forwarding stall).
                        let in_range = |len: usize| {
                            let j = if *i < 0 { *i + len as i64 } else { *i };
                            (0..len as i64).contains(&j).then_some(j as usize)
                        };
                        let item: *const Value = match &o.payload {
                            Payload::List(l) if o.class_is(&self.types.list) => match l.try_borrow() {
                                Ok(l) => in_range(l.len()).map_or(std::ptr::null(), |j| &l[j] as *const Value),
                                Err(_) => std::ptr::null(),
                            },
                            Payload::Tuple(t) if o.class_is(&self.types.tuple) => {
                                in_range(t.len()).map_or(std::ptr::null(), |j| &t[j] as *const Value)
                            }
                            _ => std::ptr::null(),
                        };
                        if !item.is_null() {
                            // SAFETY: the slot belongs to the list or tuple that `f.stack[n - 2]`
                            // keeps alive, and nothing has run since it was found (the clone runs
                            // no Python code), so it is still that initialised element.
                            let v = unsafe { (*item).clone() };
                            // SAFETY: n >= 2; the top slot holds an int, released without a drop.
                            unsafe {
                                f.stack.set_len(n - 1);
                                *f.stack.get_unchecked_mut(n - 2) = v;
                            }
                            continue;
                        }
                    }
                    // Fast path: an exact list sliced by int/None bounds (no `__index__` to run).
                    if let (Value::Obj(o), Value::Obj(k)) = (container, key) {
                        if let (Payload::List(l), Some(bounds)) = (&o.payload, simple_slice(k)) {
                            if o.class_is(&self.types.list) {
                                let len = l.borrow().len();
                                let (s, e, st) =
                                    self.slice_indices(bounds.0, bounds.1, bounds.2, len).map_err(Raise::Propagate)?;
                                let items = crate::objects::containers::slice_collect(&l.borrow(), s, e, st);
                                let v = self.new_list(items);
                                f.stack.truncate(n - 1);
                                f.stack[n - 2] = v;
                                continue;
                            }
                        }
                    }
                    let key = pop!(f);
                    let container = pop!(f);
                    let v = self.getitem(&container, &key).map_err(Raise::Propagate)?;
                    f.stack.push(v);
                }
                Opcode::STORE_SUBSCR => {
                    let key = pop!(f);
                    let container = pop!(f);
                    let v = pop!(f);
                    // Fast path: exact list, small int index in range.
                    if let (Value::Obj(o), Value::Int(i)) = (&container, &key) {
                        if let Payload::List(l) = &o.payload {
                            if o.class_is(&self.types.list) {
                                let mut l = l.borrow_mut();
                                let j = if *i < 0 { *i + l.len() as i64 } else { *i };
                                if j >= 0 && (j as usize) < l.len() {
                                    let old = std::mem::replace(&mut l[j as usize], v);
                                    drop(l);
                                    drop(old);
                                    finalize_point!(self);
                                    continue;
                                }
                            }
                        }
                    }
                    // Fast path: `lst[a:b] = list_or_tuple` on an exact list, int/None bounds.
                    if let (Value::Obj(o), Value::Obj(k), Value::Obj(src)) = (&container, &key, &v) {
                        if let (Payload::List(l), Some((a, b, Value::None))) = (&o.payload, simple_slice(k)) {
                            let new: Option<Vec<Value>> = match &src.payload {
                                Payload::List(x) if src.class_is(&self.types.list) => Some(x.borrow().clone()),
                                Payload::Tuple(x) if src.class_is(&self.types.tuple) => Some(x.to_vec()),
                                _ => None,
                            };
                            if let (Some(new), true) = (new, o.class_is(&self.types.list)) {
                                let len = l.borrow().len();
                                let (s, e, _) =
                                    self.slice_indices(a, b, &Value::None, len).map_err(Raise::Propagate)?;
                                let (s, e) = (s as usize, e.max(s) as usize);
                                let old: Vec<Value> = l.borrow_mut().splice(s..e, new).collect();
                                drop(old);
                                finalize_point!(self);
                                continue;
                            }
                        }
                    }
                    self.setitem(&container, key, v).map_err(Raise::Propagate)?;
                    finalize_point!(self);
                }
                Opcode::DELETE_SUBSCR => {
                    let key = pop!(f);
                    let container = pop!(f);
                    self.delitem(&container, &key).map_err(Raise::Propagate)?;
                    finalize_point!(self);
                }
                Opcode::BINARY_OP => {
                    // Small-int fast path in place: no call, no Result.
                    let n = f.stack.len();
                    // SAFETY (here and for the floats below): BINARY_OP has two operands on
                    // the stack (the compiler's stack depth), so n >= 2.
                    let (a, b) = unsafe { (f.stack.get_unchecked(n - 2), f.stack.get_unchecked(n - 1)) };
                    if let (Value::Int(x), Value::Int(y)) = (a, b) {
                        let (x, y) = (*x, *y);
                        let r = match bytecode::opcode::base_binary_op(arg) {
                            bytecode::opcode::NB_ADD => x.checked_add(y),
                            bytecode::opcode::NB_SUBTRACT => x.checked_sub(y),
                            bytecode::opcode::NB_MULTIPLY => x.checked_mul(y),
                            // Python's floor division and modulo: the remainder takes the divisor's sign.
                            bytecode::opcode::NB_FLOOR_DIVIDE if y != 0 => x.checked_div(y).map(|q| {
                                let r = x % y;
                                if r != 0 && ((r < 0) != (y < 0)) {
                                    q - 1
                                } else {
                                    q
                                }
                            }),
                            bytecode::opcode::NB_REMAINDER if y != 0 => {
                                x.checked_rem(y).map(|r| if r != 0 && ((r < 0) != (y < 0)) { r + y } else { r })
                            }
                            bytecode::opcode::NB_AND => Some(x & y),
                            bytecode::opcode::NB_OR => Some(x | y),
                            bytecode::opcode::NB_XOR => Some(x ^ y),
                            bytecode::opcode::NB_RSHIFT if (0..64).contains(&y) => Some(x >> y),
                            bytecode::opcode::NB_LSHIFT if (0..63).contains(&y) => {
                                let r = x << y;
                                (r >> y == x).then_some(r)
                            }
                            _ => None,
                        };
                        if let Some(r) = r {
                            // SAFETY: as above; both slots hold ints, which own nothing, so
                            // they are overwritten and released without drops.
                            unsafe {
                                *f.stack.get_unchecked_mut(n - 2) = Value::fresh_int(r);
                                f.stack.set_len(n - 1);
                            }
                            continue;
                        }
                    }
                    // Float arithmetic in place (an int operand converts exactly below 2**53).
                    let pair = match (a, b) {
                        (Value::Float(x), Value::Float(y)) => Some((*x, *y)),
                        (Value::Float(x), Value::Int(y)) if y.unsigned_abs() < 1 << 53 => Some((*x, *y as f64)),
                        (Value::Int(x), Value::Float(y)) if x.unsigned_abs() < 1 << 53 => Some((*x as f64, *y)),
                        _ => None,
                    };
                    if let Some((x, y)) = pair {
                        let r = match bytecode::opcode::base_binary_op(arg) {
                            bytecode::opcode::NB_ADD => Some(x + y),
                            bytecode::opcode::NB_SUBTRACT => Some(x - y),
                            bytecode::opcode::NB_MULTIPLY => Some(x * y),
                            bytecode::opcode::NB_TRUE_DIVIDE if y != 0.0 => Some(x / y),
                            _ => None,
                        };
                        if let Some(r) = r {
                            // SAFETY: as for ints: two numbers, which own nothing.
                            unsafe {
                                *f.stack.get_unchecked_mut(n - 2) = Value::fresh_float(r);
                                f.stack.set_len(n - 1);
                            }
                            continue;
                        }
                    }
                    let b = pop!(f);
                    let a = pop!(f);
                    // `a + b` on an instance of a Python class whose `__add__` is a Python
                    // function that gets the first try: run it as a frame (no nested loop).
                    if let Some(frame) = self.prepare_binary_dunder(&a, &b, arg).map_err(Raise::Propagate)? {
                        enter_frame!(self, f, callees, frame);
                    }
                    let v = self.binary_op(&a, &b, arg).map_err(Raise::Propagate)?;
                    f.stack.push(v);
                }
                Opcode::UNARY_NEGATIVE | Opcode::UNARY_POSITIVE | Opcode::UNARY_INVERT => {
                    let a = pop!(f);
                    let v = self.unary_op(&a, op).map_err(Raise::Propagate)?;
                    f.stack.push(v);
                }
                Opcode::UNARY_NOT => {
                    let a = pop!(f);
                    let t = self.truthy(&a).map_err(Raise::Propagate)?;
                    f.stack.push(Value::Bool(!t));
                }
                Opcode::COMPARE_OP => {
                    let n = f.stack.len();
                    // SAFETY: COMPARE_OP has two operands on the stack (n >= 2).
                    let r = match unsafe { (f.stack.get_unchecked(n - 2), f.stack.get_unchecked(n - 1)) } {
                        (Value::Int(x), Value::Int(y)) => Some(crate::ops::compare_ord(x.cmp(y), arg)),
                        // Partial order: every comparison with a NaN is false except !=.
                        (Value::Float(x), Value::Float(y)) => Some(match x.partial_cmp(y) {
                            Some(o) => crate::ops::compare_ord(o, arg),
                            None => arg == 3, // `!=` (CMP_OPS order)
                        }),
                        _ => None,
                    };
                    if let Some(r) = r {
                        // Two numbers, which own nothing: the slots are released without drops.
                        // SAFETY: n >= 2 (the compiler's stack depth for COMPARE_OP).
                        unsafe { f.stack.set_len(n - 2) };
                        branch_or_push!(self, f, r);
                        continue;
                    }
                    let b = pop!(f);
                    let a = pop!(f);
                    match self.compare(&a, &b, arg).map_err(Raise::Propagate)? {
                        Value::Bool(r) => {
                            drop((a, b));
                            branch_or_push!(self, f, r);
                        }
                        v => f.stack.push(v),
                    }
                }
                Opcode::IS_OP => {
                    let b = pop!(f);
                    let a = pop!(f);
                    let r = a.is(&b) != (arg == 1);
                    drop((a, b));
                    branch_or_push!(self, f, r);
                }
                Opcode::CONTAINS_OP => {
                    let container = pop!(f);
                    let item = pop!(f);
                    let r = self.contains(&container, &item).map_err(Raise::Propagate)? != (arg == 1);
                    drop((container, item));
                    branch_or_push!(self, f, r);
                }
                Opcode::BUILD_TUPLE => {
                    let items = f.stack.split_off(f.stack.len() - arg as usize);
                    f.stack.push(self.new_tuple(items));
                }
                Opcode::BUILD_LIST => {
                    let items = f.stack.split_off(f.stack.len() - arg as usize);
                    f.stack.push(self.new_list(items));
                }
                Opcode::BUILD_SET => {
                    let items = f.stack.split_off(f.stack.len() - arg as usize);
                    let data = crate::set::build(self, items).map_err(Raise::Propagate)?;
                    f.stack.push(Value::Obj(Object::new(self.types.set.clone(), Payload::Set(RefCell::new(data)))));
                }
                Opcode::BUILD_MAP => {
                    let items = f.stack.split_off(f.stack.len() - 2 * arg as usize);
                    let d = self.new_dict();
                    let mut it = items.into_iter();
                    while let (Some(k), Some(v)) = (it.next(), it.next()) {
                        crate::dict::set_item(self, &d, k, v).map_err(Raise::Propagate)?;
                    }
                    f.stack.push(Value::Obj(d));
                }
                Opcode::BUILD_CONST_KEY_MAP => {
                    let keys = pop!(f);
                    let values = f.stack.split_off(f.stack.len() - arg as usize);
                    let d = self.new_dict();
                    let Some(Payload::Tuple(keys)) = keys.payload() else { unreachable!() };
                    for (k, v) in keys.iter().zip(values) {
                        crate::dict::set_item(self, &d, k.clone(), v).map_err(Raise::Propagate)?;
                    }
                    f.stack.push(Value::Obj(d));
                }
                Opcode::BUILD_STRING => {
                    let items = f.stack.split_off(f.stack.len() - arg as usize);
                    let mut s = String::new();
                    for i in &items {
                        s.push_str(i.as_str().map(|p| p.as_str()).unwrap_or(""));
                    }
                    f.stack.push(self.new_str(s));
                }
                Opcode::BUILD_SLICE => {
                    let step = if arg == 3 { pop!(f) } else { Value::None };
                    let stop = pop!(f);
                    let start = pop!(f);
                    f.stack.push(Value::Obj(Object::new(
                        self.types.slice.clone(),
                        Payload::Slice(Box::new((start, stop, step))),
                    )));
                }
                Opcode::LIST_APPEND => {
                    let v = pop!(f);
                    let list = &f.stack[f.stack.len() - arg as usize];
                    if let Some(Payload::List(l)) = list.payload() {
                        l.borrow_mut().push(v);
                    }
                }
                Opcode::SET_ADD => {
                    let v = pop!(f);
                    let set = f.stack[f.stack.len() - arg as usize].clone();
                    if let Some(Payload::Set(s)) = set.payload() {
                        crate::set::add(self, s, v).map_err(Raise::Propagate)?;
                    }
                }
                Opcode::MAP_ADD => {
                    let v = pop!(f);
                    let k = pop!(f);
                    let d = f.stack[f.stack.len() - arg as usize].clone();
                    crate::dict::set_item(self, d.as_obj().unwrap(), k, v).map_err(Raise::Propagate)?;
                }
                Opcode::LIST_EXTEND => {
                    let it = pop!(f);
                    let list = f.stack[f.stack.len() - arg as usize].clone();
                    let items = self.collect_iterable_for_unpack(&it).map_err(Raise::Propagate)?;
                    if let Some(Payload::List(l)) = list.payload() {
                        l.borrow_mut().extend(items);
                    }
                }
                Opcode::SET_UPDATE => {
                    let it = pop!(f);
                    let set = f.stack[f.stack.len() - arg as usize].clone();
                    let items = self.collect(&it).map_err(Raise::Propagate)?;
                    if let Some(Payload::Set(s)) = set.payload() {
                        for v in items {
                            crate::set::add(self, s, v).map_err(Raise::Propagate)?;
                        }
                    }
                }
                Opcode::DICT_UPDATE | Opcode::DICT_MERGE => {
                    let other = pop!(f);
                    let d = f.stack[f.stack.len() - arg as usize].clone();
                    let callable = if op == Opcode::DICT_MERGE {
                        Some(f.stack[f.stack.len() - arg as usize - 2].clone())
                    } else {
                        None
                    };
                    self.dict_merge(d.as_obj().unwrap(), &other, callable.as_ref()).map_err(Raise::Propagate)?;
                }
                Opcode::LIST_TO_TUPLE => {
                    let l = pop!(f);
                    let items = match l.payload() {
                        Some(Payload::List(l)) => l.borrow().clone(),
                        _ => Vec::new(),
                    };
                    f.stack.push(self.new_tuple(items));
                }
                Opcode::UNPACK_SEQUENCE => {
                    let seq = pop!(f);
                    // Fast path: a tuple or list of the right length, pushed straight from its
                    // items (no intermediate vector).
                    if let Value::Obj(o) = &seq {
                        let n = arg as usize;
                        match &o.payload {
                            Payload::Tuple(t) if t.len() == n && self.iterates_as_stored(o) => {
                                f.stack.extend(t.iter().rev().cloned());
                                continue;
                            }
                            Payload::List(l) if l.borrow().len() == n && self.iterates_as_stored(o) => {
                                f.stack.extend(l.borrow().iter().rev().cloned());
                                continue;
                            }
                            _ => {}
                        }
                    }
                    let items = self.unpack_exact(&seq, arg as usize).map_err(Raise::Propagate)?;
                    f.stack.extend(items.into_iter().rev());
                }
                Opcode::UNPACK_EX => {
                    let seq = pop!(f);
                    let before = (arg & 0xff) as usize;
                    let after = (arg >> 8) as usize;
                    let items = self.unpack_ex_items(&seq, before, after).map_err(Raise::Propagate)?;
                    let mid_end = items.len() - after;
                    for v in items[mid_end..].iter().rev() {
                        f.stack.push(v.clone());
                    }
                    f.stack.push(self.new_list(items[before..mid_end].to_vec()));
                    for v in items[..before].iter().rev() {
                        f.stack.push(v.clone());
                    }
                }
                Opcode::FORMAT_VALUE => {
                    let spec = if arg & 4 != 0 { Some(pop!(f)) } else { None };
                    let v = pop!(f);
                    let v = match arg & 3 {
                        1 => self.str(&v).map_err(Raise::Propagate)?,
                        2 => self.repr(&v).map_err(Raise::Propagate)?,
                        3 => self.ascii(&v).map_err(Raise::Propagate)?,
                        _ => v,
                    };
                    let s = self.format(&v, spec.as_ref()).map_err(Raise::Propagate)?;
                    f.stack.push(s);
                }
                Opcode::GET_ITER => {
                    let v = pop!(f);
                    let it = self.iter(&v).map_err(Raise::Propagate)?;
                    f.stack.push(it);
                }
                Opcode::FOR_ITER => {
                    // Fast path: the next int of a range or item of a list, read in place (no
                    // clone of the iterator, no call); the end and every other iterator take the
                    // general path below.
                    if let Some(Value::Obj(o)) = f.stack.last() {
                        if let Payload::Iter(st) = &o.payload {
                            let mut state = st.try_borrow_mut();
                            let item = match state.as_deref_mut() {
                                Ok(IterState::Range { next, stop, step: 1, .. }) if *next < *stop => {
                                    *next += 1;
                                    Some(Value::Int(*next - 1))
                                }
                                Ok(IterState::Seq { seq: Value::Obj(seq), index }) => match &seq.payload {
                                    Payload::List(l) => l.borrow().get(*index).cloned().inspect(|_| *index += 1),
                                    _ => None,
                                },
                                _ => None,
                            };
                            drop(state);
                            if let Some(v) = item {
                                f.stack.push(v);
                                continue;
                            }
                        }
                    }
                    // A generator runs its frame on this loop's frame stack.
                    if let Some(Value::Obj(o)) = f.stack.last() {
                        if matches!(o.payload, Payload::Generator(_)) && o.class_is(&self.types.generator) {
                            if let Ok(frame) = self.resume_in_place(o, Value::None, arg, false) {
                                resume_frame!(self, f, callees, frame);
                            }
                        }
                    }
                    let it = top!(f).clone();
                    match self.next(&it).map_err(Raise::Propagate)? {
                        Some(v) => f.stack.push(v),
                        None => {
                            pop!(f);
                            f.pc = arg as usize;
                        }
                    }
                }
                Opcode::JUMP => jump!(self, f, arg),
                Opcode::POP_JUMP_IF_FALSE | Opcode::POP_JUMP_IF_TRUE => {
                    // A bool (usually just stored by COMPARE_OP) is read in place, field by field:
                    // moving it out whole would be a 16-byte load of two fresh 8-byte stores,
                    // which stalls.
                    let t = if let Value::Bool(b) = *top!(f) {
                        // SAFETY: the top slot holds a bool, which owns nothing to drop.
                        unsafe { f.stack.set_len(f.stack.len() - 1) };
                        b
                    } else {
                        let v = pop!(f);
                        self.truthy(&v).map_err(Raise::Propagate)?
                    };
                    if t == (op == Opcode::POP_JUMP_IF_TRUE) {
                        jump!(self, f, arg);
                    }
                }
                Opcode::POP_JUMP_IF_NONE => {
                    if pop!(f).is_none() {
                        jump!(self, f, arg);
                    }
                }
                Opcode::POP_JUMP_IF_NOT_NONE => {
                    if !pop!(f).is_none() {
                        jump!(self, f, arg);
                    }
                }
                Opcode::JUMP_IF_FALSE_OR_POP | Opcode::JUMP_IF_TRUE_OR_POP => {
                    let t = self.truthy(top!(f)).map_err(Raise::Propagate)?;
                    if t == (op == Opcode::JUMP_IF_TRUE_OR_POP) {
                        jump!(self, f, arg);
                    } else {
                        pop!(f);
                    }
                }
                Opcode::MAKE_FUNCTION => {
                    let func = self.make_function(f, arg).map_err(Raise::Propagate)?;
                    f.stack.push(func);
                }
                Opcode::CALL | Opcode::CALL_METHOD | Opcode::CALL_KW => {
                    let kwnames = if op == Opcode::CALL_KW { Some(pop!(f)) } else { None };
                    let argc = arg as usize;
                    let (callable_idx, args_start) = if op == Opcode::CALL_METHOD {
                        let base = f.stack.len() - argc - 2;
                        if f.stack[base].is_none() {
                            (base + 1, base + 2)
                        } else {
                            (base, base + 1)
                        }
                    } else {
                        let base = f.stack.len() - argc - 1;
                        (base, base + 1)
                    };
                    let kw: &[Value] = match &kwnames {
                        Some(Value::Obj(o)) => match &o.payload {
                            Payload::Tuple(t) => t,
                            _ => &[],
                        },
                        _ => &[],
                    };
                    let callable = f.stack[callable_idx].clone();
                    // Zero-argument super() reads the calling frame.
                    if argc == 0
                        && kw.is_empty()
                        && matches!(&callable, Value::Obj(o) if Rc::ptr_eq(o, &self.types.super_))
                    {
                        let r = self.super_from_frame(f).map_err(Raise::Propagate)?;
                        f.stack.truncate(callable_idx);
                        f.stack.push(r);
                        continue;
                    }
                    let bottom = if op == Opcode::CALL_METHOD { f.stack.len() - argc - 2 } else { callable_idx };
                    // Python function taking exactly these positional arguments: they move
                    // from this stack into the new frame's locals.
                    if let (Value::Obj(o), true) = (&callable, kw.is_empty()) {
                        if let Payload::Function(func) = &o.payload {
                            if let Some(frame) = crate::frame::frame_from_stack(self, func, &mut f.stack, args_start) {
                                // One or two values are left (the callable, and the null of
                                // LOAD_METHOD): popped inline, cheaper than `truncate`.
                                while f.stack.len() > bottom {
                                    drop(pop!(f));
                                }
                                enter_frame!(self, f, callees, frame);
                            }
                        }
                    }
                    // Python function: run it on the frame stack, no Rust recursion.
                    if runs_inline(&callable) {
                        if let Some(frame) =
                            self.prepare_inline_call(&callable, &f.stack[args_start..], kw).map_err(Raise::Propagate)?
                        {
                            f.stack.truncate(bottom);
                            enter_frame!(self, f, callees, frame);
                        }
                    }
                    let r = if TRACE {
                        self.call_profiled(f, &callable, args_start, kw)
                    } else {
                        self.call_from_loop(&callable, Args { args: &f.stack[args_start..], kwnames: kw })
                    };
                    f.stack.truncate(bottom);
                    let r = r.map_err(Raise::Propagate)?;
                    // The result comes back in two registers: store it whole (see `take_by_words`).
                    f.stack.push(Value::take_by_words(r));
                    finalize_point!(self);
                    if !TRACE && self.use_tracing {
                        // The call set a trace or profile function: trace from here on.
                        return Ok(Some(Event::Flip));
                    }
                }
                Opcode::CALL_FUNCTION_EX => {
                    let kwargs = if arg & 1 != 0 { Some(pop!(f)) } else { None };
                    let args = pop!(f);
                    let callable = pop!(f);
                    let r = self.call_ex(&callable, &args, kwargs.as_ref()).map_err(Raise::Propagate)?;
                    f.stack.push(r);
                }
                Opcode::RETURN_VALUE => {
                    let v = pop!(f);
                    // A plain return to a Python caller on this frame stack continues the loop
                    // in the caller (the rest is `run_loop`'s).
                    if !TRACE && matches!(f.cont, Continuation::Plain) {
                        if let Some(done) = callees.pop() {
                            self.frames.pop();
                            self.free_frame(done);
                            self.depth -= 1;
                            // Before any finalizer runs: it sees the caller as the current frame.
                            let caller = self.resume_caller(base, callees);
                            finalize_point!(self);
                            // SAFETY: as in `execute`: the caller's frame is alive and not moved.
                            f = unsafe { &mut *caller };
                            f.stack.push(v);
                            continue;
                        }
                    }
                    return Ok(Some(Event::Return(v)));
                }
                Opcode::YIELD_VALUE => {
                    let v = pop!(f);
                    // A generator resumed in place by a frame of this loop hands the value to
                    // it here (the rest is `run_loop`'s).
                    if !TRACE && matches!(f.cont, Continuation::Resumed { .. }) {
                        if let Some(done) = callees.pop() {
                            self.suspend_callee(done);
                            let caller = self.resume_caller(base, callees);
                            // SAFETY: as in `execute`: the caller's frame is alive and not moved.
                            f = unsafe { &mut *caller };
                            f.stack.push(v);
                            continue;
                        }
                    }
                    return Ok(Some(Event::Yield(v)));
                }
                Opcode::GET_YIELD_FROM_ITER => {
                    let v = pop!(f);
                    let it = self.get_yield_from_iter(&v).map_err(Raise::Propagate)?;
                    f.stack.push(it);
                }
                Opcode::SEND => {
                    let mut v = pop!(f);
                    // A generator or coroutine delegated to runs on this loop's frame stack.
                    if let Some(Value::Obj(o)) = f.stack.last() {
                        if matches!(o.payload, Payload::Generator(_)) {
                            match self.resume_in_place(o, v, arg, true) {
                                Ok(frame) => resume_frame!(self, f, callees, frame),
                                Err(back) => v = back,
                            }
                        }
                    }
                    let receiver = top!(f).clone();
                    match self.send(&receiver, v).map_err(Raise::Propagate)? {
                        crate::gen::SendResult::Yielded(y) => f.stack.push(y),
                        crate::gen::SendResult::Returned(r) => {
                            pop!(f);
                            f.stack.push(r);
                            f.pc = arg as usize;
                        }
                    }
                }
                Opcode::LOAD_BUILD_CLASS => {
                    let v = self.builtin("__build_class__").ok_or_else(|| self.new_name_error("__build_class__"))?;
                    f.stack.push(v);
                }
                Opcode::SETUP_ANNOTATIONS => {
                    let locals = f.locals.clone().unwrap_or_else(|| Value::Obj(f.globals.clone()));
                    let key = Value::Obj(self.intern("__annotations__"));
                    if self.mapping_get(&locals, &key).map_err(Raise::Propagate)?.is_none() {
                        let d = Value::Obj(self.new_dict());
                        self.setitem(&locals, key, d).map_err(Raise::Propagate)?;
                    }
                }
                Opcode::IMPORT_NAME => {
                    let fromlist = pop!(f);
                    let level = pop!(f);
                    let name = f.code.names[arg as usize].clone();
                    let m = self.import_name(f, &name, &fromlist, &level).map_err(Raise::Propagate)?;
                    f.stack.push(m);
                }
                Opcode::IMPORT_FROM => {
                    let module = top!(f).clone();
                    let name = f.code.names[arg as usize].clone();
                    let v = self.import_from(&module, &name).map_err(Raise::Propagate)?;
                    f.stack.push(v);
                }
                Opcode::IMPORT_STAR => {
                    let module = pop!(f);
                    let locals = f.locals.clone().unwrap_or_else(|| Value::Obj(f.globals.clone()));
                    self.import_star(&module, &locals).map_err(Raise::Propagate)?;
                }
                Opcode::PRINT_EXPR => {
                    let v = pop!(f);
                    self.display_hook(&v).map_err(Raise::Propagate)?;
                }
                Opcode::RAISE_VARARGS => {
                    let exc = match arg {
                        0 => match &self.exc_info {
                            Value::Obj(e) => return Err(Raise::Reraise(e.clone())),
                            _ => return Err(self.new_runtime_error("No active exception to reraise").into()),
                        },
                        1 => {
                            let e = pop!(f);
                            self.make_raisable(&e).map_err(Raise::Propagate)?
                        }
                        _ => {
                            let cause = pop!(f);
                            let e = pop!(f);
                            let e = self.make_raisable(&e).map_err(Raise::Propagate)?;
                            self.set_cause(&e, &cause).map_err(Raise::Propagate)?;
                            e
                        }
                    };
                    return Err(Raise::New(exc));
                }
                Opcode::RERAISE => {
                    // The handler search starts from this instruction (as CPython's
                    // exception_unwind does); the saved lasti under the exception only
                    // matters to CPython's frame line numbers, which tracebacks here already
                    // recorded when the exception was first raised.
                    let exc = pop!(f);
                    let Value::Obj(e) = exc else { unreachable!() };
                    return Err(Raise::Reraise(e));
                }
                Opcode::PUSH_EXC_INFO => {
                    let exc = pop!(f);
                    let prev = std::mem::replace(&mut self.exc_info, exc.clone());
                    f.stack.push(prev);
                    f.stack.push(exc);
                }
                Opcode::POP_EXCEPT => {
                    let prev = pop!(f);
                    self.exc_info = prev;
                }
                Opcode::CHECK_EXC_MATCH => {
                    let ty = pop!(f);
                    let exc = top!(f).clone();
                    let r = self.exception_matches(&exc, &ty).map_err(Raise::Propagate)?;
                    f.stack.push(Value::Bool(r));
                }
                Opcode::CHECK_EG_MATCH => {
                    let ty = pop!(f);
                    let exc = pop!(f);
                    let (rest, matched) = self.exception_group_match(&exc, &ty).map_err(Raise::Propagate)?;
                    f.stack.push(rest);
                    f.stack.push(matched);
                }
                Opcode::PREP_RERAISE_STAR => {
                    let list = pop!(f);
                    let orig = pop!(f);
                    let r = self.prep_reraise_star(&orig, &list).map_err(Raise::Propagate)?;
                    f.stack.push(r);
                }
                Opcode::BEFORE_WITH => {
                    let mgr = pop!(f);
                    let (exit, res) = self.before_with(&mgr).map_err(Raise::Propagate)?;
                    f.stack.push(exit);
                    f.stack.push(res);
                }
                Opcode::WITH_EXCEPT_START => {
                    let n = f.stack.len();
                    let exc = f.stack[n - 1].clone();
                    let exit = f.stack[n - 4].clone();
                    let ty = match &exc {
                        Value::Obj(o) => Value::Obj(o.class()),
                        _ => Value::None,
                    };
                    let tb = match &exc {
                        Value::Obj(o) => o
                            .exc_data()
                            .and_then(|d| d.traceback.borrow().clone())
                            .map(Value::Obj)
                            .unwrap_or(Value::None),
                        _ => Value::None,
                    };
                    let r = self.call(&exit, Args::new(&[ty, exc, tb])).map_err(Raise::Propagate)?;
                    f.stack.push(r);
                }
                Opcode::LOAD_ASSERTION_ERROR => f.stack.push(Value::Obj(self.exc.assertion_error.clone())),
                Opcode::GET_AWAITABLE => {
                    let v = pop!(f);
                    let a = self.get_awaitable(&v, arg).map_err(Raise::Propagate)?;
                    f.stack.push(a);
                }
                Opcode::GET_AITER => {
                    let v = pop!(f);
                    let a = self.get_aiter(&v).map_err(Raise::Propagate)?;
                    f.stack.push(a);
                }
                Opcode::GET_ANEXT => {
                    let v = top!(f).clone();
                    let a = self.get_anext(&v).map_err(Raise::Propagate)?;
                    f.stack.push(a);
                }
                Opcode::END_ASYNC_FOR => {
                    let exc = pop!(f);
                    pop!(f);
                    let Value::Obj(e) = exc else { unreachable!() };
                    if !crate::types::is_subtype(&e.class(), &self.exc.stop_async_iteration) {
                        return Err(Raise::Reraise(e));
                    }
                }
                Opcode::BEFORE_ASYNC_WITH => {
                    let mgr = pop!(f);
                    let (exit, res) = self.before_async_with(&mgr).map_err(Raise::Propagate)?;
                    f.stack.push(exit);
                    f.stack.push(res);
                }
                Opcode::ASYNC_GEN_WRAP => {
                    let v = pop!(f);
                    f.stack.push(Value::Obj(Object::new(
                        self.types.async_gen_wrapped.clone(),
                        Payload::AsyncGenWrapped(v),
                    )));
                }
                Opcode::GET_LEN => {
                    let v = top!(f).clone();
                    let n = self.len(&v).map_err(Raise::Propagate)?;
                    f.stack.push(Value::Int(n as i64));
                }
                Opcode::MATCH_MAPPING | Opcode::MATCH_SEQUENCE => {
                    let v = top!(f).clone();
                    let r = if op == Opcode::MATCH_MAPPING {
                        self.is_mapping_for_match(&v)
                    } else {
                        self.is_sequence_for_match(&v)
                    };
                    f.stack.push(Value::Bool(r));
                }
                Opcode::MATCH_KEYS => {
                    let keys = top!(f).clone();
                    let subject = f.stack[f.stack.len() - 2].clone();
                    let r = self.match_keys(&subject, &keys).map_err(Raise::Propagate)?;
                    f.stack.push(r);
                }
                Opcode::MATCH_CLASS => {
                    let names = pop!(f);
                    let cls = pop!(f);
                    let subject = pop!(f);
                    let r = self.match_class(&subject, &cls, arg as usize, &names).map_err(Raise::Propagate)?;
                    f.stack.push(r);
                }
            }
        }
    }

    /// `format_exc_check_arg` sets `.name` only on a NameError proper, not UnboundLocalError.
    fn unbound_local(&self, name: &str) -> PyRef {
        self.new_exception(
            &self.exc.unbound_local_error.clone(),
            format!("cannot access local variable '{name}' where it is not associated with a value"),
        )
    }

    fn unbound_deref(&self, f: &Frame, i: usize) -> PyRef {
        let ncell = f.code.code.co_cellvars.len();
        if i < ncell {
            self.unbound_local(&f.code.code.co_cellvars[i])
        } else {
            let name = &f.code.code.co_freevars[i - ncell];
            let e = self.new_exception(
                &self.exc.name_error.clone(),
                format!(
                    "cannot access free variable '{name}' where it is not associated with a value in enclosing scope"
                ),
            );
            e.exc_set_field("name", self.new_str(&**name));
            e
        }
    }

    fn load_global(&mut self, f: &Frame, name: &Value) -> Result<Value, Raise> {
        let s = name.as_str().unwrap();
        let (n, h) = (s.as_str(), s.hash());
        if let Payload::Dict(d) = &f.globals.payload {
            if let Some(v) = d.borrow().get_str(n, h) {
                return Ok(v);
            }
        }
        if let Payload::Dict(d) = &f.builtins.payload {
            if let Some(v) = d.borrow().get_str(n, h) {
                return Ok(v);
            }
        }
        Err(self.new_name_error(n).into())
    }

    fn load_name(&mut self, f: &Frame, name: &Value) -> Result<Value, Raise> {
        if let Some(locals) = &f.locals {
            let is_plain_dict =
                matches!(locals, Value::Obj(o) if matches!(o.payload, Payload::Dict(_)) && !o.class_is_heap());
            if is_plain_dict {
                let s = name.as_str().unwrap();
                if let Some(Payload::Dict(d)) = locals.payload() {
                    if let Some(v) = d.borrow().get_str(s.as_str(), s.hash()) {
                        return Ok(v);
                    }
                }
            } else if let Some(v) = self.mapping_get(locals, name).map_err(Raise::Propagate)? {
                return Ok(v);
            }
        }
        self.load_global(f, name)
    }

    /// Prepares a frame when `callable` is a plain Python function (or a bound method of one)
    /// that can run inline; `None` for everything else.
    #[inline]
    /// The frame for `type(a).__op__(a, b)` when `binary_op1` would call that Python function
    /// first (`a` of a Python class, `b` of the same class or not of a subclass), with the rest
    /// of the operation left to `Continuation::BinaryOp`. In-place operators are not inlined.
    fn prepare_binary_dunder(&mut self, a: &Value, b: &Value, op: u32) -> PyResult<Option<Box<Frame>>> {
        let Value::Obj(ao) = a else { return Ok(None) };
        if op >= bytecode::opcode::NB_INPLACE || !ao.class().as_type().is_some_and(|t| t.is_heap()) {
            return Ok(None);
        }
        let (ta, tb) = (ao.class(), self.type_of(b));
        if !Rc::ptr_eq(&ta, &tb) && types::is_subtype(&tb, &ta) {
            return Ok(None);
        }
        let (name, _, _) = crate::ops::BINOP_NAMES[op as usize];
        let Some(Value::Obj(fo)) = types::lookup_static(&ta, name) else {
            return Ok(None);
        };
        let Payload::Function(func) = &fo.payload else { return Ok(None) };
        if func.code.code.is_generator_like() {
            return Ok(None);
        }
        let mut frame = match frame_with_self(self, func, a, std::slice::from_ref(b)) {
            Some(frame) => frame,
            None => bind_args(self, func, &[a.clone(), b.clone()], &[])?,
        };
        frame.cont = Continuation::BinaryOp(a.clone(), b.clone(), op);
        Ok(Some(frame))
    }

    /// Computes and stores `td.init_plan` for class `cls` at type epoch `epoch`.
    #[cold]
    fn instantiation_plan(&self, cls: &PyRef, td: &types::TypeData, epoch: u64) -> *const Object {
        let new = types::lookup_static(cls, "__new__");
        let is_object_new = match new.as_ref().and_then(|n| n.payload()) {
            Some(Payload::BuiltinFunction(b)) => {
                b.name == "__new__" && b.owner.as_ref().is_some_and(|w| Rc::ptr_eq(w, &self.types.object))
            }
            _ => false,
        };
        let abstract_methods = types::lookup_static(cls, "__abstractmethods__").is_some();
        let init = types::lookup_static(cls, "__init__");
        let plan = match init {
            Some(Value::Obj(f)) if is_object_new && !abstract_methods => match &f.payload {
                Payload::Function(func) if !func.code.code.is_generator_like() => Rc::as_ptr(&f),
                _ => std::ptr::null(),
            },
            _ => std::ptr::null(),
        };
        td.init_plan.set((epoch, plan));
        plan
    }

    /// `call` for the interpreter's `CALL`: a builtin function, or a builtin method called on
    /// an instance of exactly its class (`len(s)`, `s.strip()`), goes straight into its native
    /// code (CPython's CALL_BUILTIN_FAST / CALL_NO_KW_METHOD_DESCRIPTOR_FAST), skipping
    /// `call`'s dispatch and checks.
    #[inline(never)]
    fn call_from_loop(&mut self, callable: &Value, args: Args) -> PyResult<Value> {
        match direct_native(callable, args.pos()) {
            Some(native) => native(self, args),
            None => self.call(callable, args),
        }
    }

    fn prepare_inline_call(
        &mut self,
        callable: &Value,
        args: &[Value],
        kwnames: &[Value],
    ) -> PyResult<Option<Box<Frame>>> {
        let Value::Obj(o) = callable else {
            return Ok(None);
        };
        match &o.payload {
            Payload::Function(func) if !func.code.code.is_generator_like() => {
                Ok(Some(bind_args(self, func, args, kwnames)?))
            }
            // `C(...)` for a class with `object.__new__` and a Python `__init__` (type_call's
            // work, minus a nested interpreter loop): the instance is made here and `__init__`
            // runs as an ordinary frame whose result the caller gets replaced by the instance.
            Payload::Type(td) if td.is_heap() && td.layout == Layout::Object && o.class_is(&self.types.type_) => {
                let epoch = types::epoch();
                let (at, plan) = td.init_plan.get();
                let init_ptr = if at == epoch { plan } else { self.instantiation_plan(o, td, epoch) };
                if init_ptr.is_null() {
                    return Ok(None);
                }
                // SAFETY: see `TypeData::init_plan`: the epoch check proves the class dict that
                // holds the function is unchanged.
                let init = unsafe { &*init_ptr };
                let Payload::Function(func) = &init.payload else { return Ok(None) };
                let obj = self.alloc_plain_instance(o, td);
                let direct = if kwnames.is_empty() { frame_with_self(self, func, &obj, args) } else { None };
                let mut frame = match direct {
                    Some(frame) => frame,
                    None => {
                        let mut all = Vec::with_capacity(args.len() + 1);
                        all.push(obj.clone());
                        all.extend_from_slice(args);
                        bind_args(self, func, &all, kwnames)?
                    }
                };
                frame.cont = Continuation::Init(obj);
                Ok(Some(frame))
            }
            Payload::Method(Value::Obj(fo), self_) => match &fo.payload {
                Payload::Function(func) if !func.code.code.is_generator_like() => {
                    if kwnames.is_empty() {
                        if let Some(frame) = frame_with_self(self, func, self_, args) {
                            return Ok(Some(frame));
                        }
                    }
                    let mut all = Vec::with_capacity(args.len() + 1);
                    all.push(self_.clone());
                    all.extend_from_slice(args);
                    Ok(Some(bind_args(self, func, &all, kwnames)?))
                }
                _ => Ok(None),
            },
            _ => Ok(None),
        }
    }
}
