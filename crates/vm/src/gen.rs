//! VM stage: generators and coroutines. A generator owns its suspended frame; `send`, `throw`
//! and `close` resume it on the interpreter loop. `yield from`/`await` delegate through the
//! `SEND` instruction, and `throw`/`close` are forwarded to the delegate as CPython does
//! (`gen_send_ex2`, `_gen_throw`). PEP 479 turns a StopIteration escaping the body into
//! RuntimeError.

use crate::eval::Exit;
use crate::frame::{Continuation, Frame};
use crate::func::{Args, Function};
use crate::value::{Object, Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use bytecode::flags::{CO_ASYNC_GENERATOR, CO_COROUTINE};
use bytecode::Opcode;
use std::cell::{Cell, RefCell};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GenKind {
    Generator,
    Coroutine,
    AsyncGenerator,
}

pub struct GeneratorData {
    pub frame: RefCell<Option<Box<Frame>>>,
    pub running: Cell<bool>,
    pub started: Cell<bool>,
    pub name: RefCell<Value>,
    pub qualname: RefCell<Value>,
    pub kind: GenKind,
    /// The exception being handled inside the generator when it last suspended.
    pub saved_exc: RefCell<Value>,
    /// The code object (`gi_code`), kept after the frame is gone.
    pub code: std::rc::Rc<crate::value::CodeData>,
    /// The async generator hooks have been initialised (an async generator's first step).
    pub hooks_inited: Cell<bool>,
    /// A generator whose code has CO_ITERABLE_COROUTINE (`types.coroutine`): awaitable.
    pub iterable_coroutine: bool,
}

/// State of an async generator's `asend`/`athrow` awaitable.
pub struct AsyncGenAwaitable {
    pub gen: PyRef,
    pub value: Option<Value>,
    pub throw: Option<PyRef>,
    pub done: bool,
}

crate::gil_local! {
    /// `sys.set_asyncgen_hooks`: (firstiter, finalizer), `None` when unset.
    pub static ASYNCGEN_HOOKS: RefCell<(Value, Value)> = const { RefCell::new((Value::None, Value::None)) };
}

pub enum SendResult {
    Yielded(Value),
    Returned(Value),
}

impl Vm {
    /// Wraps the frame of a generator/coroutine function call.
    pub fn new_generator(&mut self, frame: Box<Frame>, func: &Function) -> Value {
        let flags = func.code.code.co_flags;
        let (kind, ty) = if flags & CO_COROUTINE != 0 {
            (GenKind::Coroutine, self.types.coroutine.clone())
        } else if flags & CO_ASYNC_GENERATOR != 0 {
            (GenKind::AsyncGenerator, self.types.async_generator.clone())
        } else {
            (GenKind::Generator, self.types.generator.clone())
        };
        let data = GeneratorData {
            frame: RefCell::new(Some(frame)),
            running: Cell::new(false),
            started: Cell::new(false),
            name: RefCell::new(func.name.borrow().clone()),
            qualname: RefCell::new(func.qualname.borrow().clone()),
            kind,
            saved_exc: RefCell::new(Value::None),
            code: func.code.rc(),
            hooks_inited: Cell::new(false),
            iterable_coroutine: flags & bytecode::flags::CO_ITERABLE_COROUTINE != 0,
        };
        Value::Obj(Object::new(ty, Payload::Generator(Box::new(data))))
    }

    pub(crate) fn gen_data<'a>(&self, g: &'a PyRef) -> &'a GeneratorData {
        match &g.payload {
            Payload::Generator(d) => d,
            _ => unreachable!("gen_data on a non-generator"),
        }
    }

    /// Resumes generator `g` with `value` sent in (or raising `throw` at the suspension point).
    pub fn gen_resume(&mut self, g: &PyRef, value: Value, throw: Option<PyRef>) -> PyResult<SendResult> {
        let gd = self.gen_data(g);
        // Named only in the error messages (computed there: this runs for every item).
        let what = || match gd.kind {
            GenKind::Generator => "generator",
            GenKind::Coroutine => "coroutine",
            GenKind::AsyncGenerator => "async generator",
        };
        if gd.running.get() {
            return Err(self.new_value_error(format!("{} already executing", what())));
        }
        let Some(mut frame) = gd.frame.borrow_mut().take() else {
            if let Some(t) = throw {
                return Err(t);
            }
            if gd.kind == GenKind::Coroutine {
                return Err(self.new_runtime_error("cannot reuse already awaited coroutine"));
            }
            return Ok(SendResult::Returned(Value::None));
        };
        if !gd.started.get() {
            if let Some(exc) = throw {
                // Nothing ran yet: CPython raises the exception at the frame's first instruction
                // (the `def` line's RESUME), so it comes out through the frame, with an entry for
                // it in the traceback (at no instruction of pyrite's, which has no RESUME: the
                // line alone, as `traceback` shows it), and the generator is done.
                let line = i32::try_from(frame.code.code.co_firstlineno).unwrap_or(-1);
                crate::objects::tbobject::push_entry(self, &exc, &frame, usize::MAX, line);
                drop(frame);
                return Err(self.escaped_exception(g, exc));
            }
            if !value.is_none() {
                *gd.frame.borrow_mut() = Some(frame);
                return Err(self.new_type_error(format!("can't send non-None value to a just-started {}", what())));
            }
        } else if throw.is_none() {
            frame.stack.push(value);
        }
        gd.started.set(true);
        gd.running.set(true);
        let outer_exc = self.exc_info.clone();
        let saved = gd.saved_exc.replace(Value::None);
        if !saved.is_none() {
            self.exc_info = saved;
        }
        if self.depth >= self.recursion_limit {
            gd.running.set(false);
            *gd.frame.borrow_mut() = Some(frame);
            return Err(self.new_exception(&self.exc.recursion_error.clone(), "maximum recursion depth exceeded"));
        }
        self.depth += 1;
        self.native_depth += 1;
        let r = self.run_frame(&mut frame, throw);
        self.depth -= 1;
        self.native_depth -= 1;
        gd.running.set(false);
        let inner_exc = std::mem::replace(&mut self.exc_info, outer_exc.clone());
        match r {
            Ok(Exit::Yield(v)) => {
                if !inner_exc.is(&outer_exc) {
                    *gd.saved_exc.borrow_mut() = inner_exc;
                }
                *gd.frame.borrow_mut() = Some(frame);
                Ok(SendResult::Yielded(v))
            }
            Ok(Exit::Return(v)) => Ok(SendResult::Returned(v)),
            Err(e) => Err(self.escaped_exception(g, e)),
        }
    }

    /// The exception a caller sees when `e` escapes generator `g`'s body: PEP 479 turns
    /// StopIteration (and StopAsyncIteration out of an async generator) into RuntimeError,
    /// chained to it, as `gen_send_ex2` does.
    fn escaped_exception(&self, g: &PyRef, e: PyRef) -> PyRef {
        let kind = self.gen_data(g).kind;
        let msg = if self.isinstance_exc(&e, &self.exc.stop_iteration.clone()) {
            match kind {
                GenKind::Generator => "generator raised StopIteration",
                GenKind::Coroutine => "coroutine raised StopIteration",
                GenKind::AsyncGenerator => "async generator raised StopIteration",
            }
        } else if kind == GenKind::AsyncGenerator && self.isinstance_exc(&e, &self.exc.stop_async_iteration.clone()) {
            "async generator raised StopAsyncIteration"
        } else {
            return e;
        };
        let r = self.new_runtime_error(msg);
        let d = r.exc_data().unwrap();
        *d.cause.borrow_mut() = Value::Obj(e.clone());
        *d.context.borrow_mut() = Value::Obj(e);
        d.suppress_context.set(true);
        r
    }

    /// Takes generator (or coroutine) `g`'s frame so that the interpreter can run it on its own
    /// frame stack, on behalf of the `FOR_ITER` (`send` false) or `SEND` of the frame below
    /// it, whose jump target is `exit_pc`. This is `gen_resume` without the nested
    /// `run_frame`: run_frame undoes it when the frame yields (`suspend_in_place`) or leaves
    /// (`finish_in_place`). `Err(value)` hands the value back when the resumption needs the
    /// general path: the generator is running or finished, is an async generator, has not
    /// started and is sent a value, or the recursion limit is reached (gen_resume raises).
    pub(crate) fn resume_in_place(
        &mut self,
        g: &PyRef,
        value: Value,
        exit_pc: u32,
        send: bool,
    ) -> Result<Box<Frame>, Value> {
        let gd = self.gen_data(g);
        if gd.running.get() || gd.kind == GenKind::AsyncGenerator || self.depth >= self.recursion_limit {
            return Err(value);
        }
        let started = gd.started.get();
        if !started && !value.is_none() {
            return Err(value);
        }
        let Some(mut frame) = gd.frame.borrow_mut().take() else {
            return Err(value);
        };
        if started {
            frame.stack.push(value);
        }
        gd.started.set(true);
        gd.running.set(true);
        let saved = gd.saved_exc.replace(Value::None);
        let outer_exc =
            if saved.is_none() { self.exc_info.clone() } else { std::mem::replace(&mut self.exc_info, saved) };
        frame.cont = Continuation::Resumed { gen: g.clone(), outer_exc, exit_pc, send };
        Ok(frame)
    }

    /// A generator frame resumed in place yielded: it goes back to its generator, and the
    /// exception it was handling is kept for its next resumption (as `gen_resume` does).
    pub(crate) fn suspend_in_place(&mut self, frame: Box<Frame>, g: &PyRef, outer_exc: Value) {
        let gd = self.gen_data(g);
        gd.running.set(false);
        let inner_exc = std::mem::replace(&mut self.exc_info, outer_exc);
        if !inner_exc.is(&self.exc_info) {
            *gd.saved_exc.borrow_mut() = inner_exc;
        }
        *gd.frame.borrow_mut() = Some(frame);
    }

    /// A generator frame resumed in place returned or raised: the generator is finished. For
    /// an exception, returns what the caller sees (`escaped_exception`).
    pub(crate) fn finish_in_place(&mut self, g: &PyRef, outer_exc: Value, exc: Option<PyRef>) -> Option<PyRef> {
        self.gen_data(g).running.set(false);
        self.exc_info = outer_exc;
        exc.map(|e| self.escaped_exception(g, e))
    }

    /// `gen.send(value)`.
    pub fn gen_send(&mut self, g: &PyRef, value: Value) -> PyResult<SendResult> {
        self.gen_resume(g, value, None)
    }

    /// The delegate a suspended generator is iterating with `yield from`/`await`, if any.
    pub(crate) fn yield_from_receiver(&self, g: &PyRef) -> Option<Value> {
        let gd = self.gen_data(g);
        let f = gd.frame.borrow();
        let f = f.as_ref()?;
        let unit = *f.code.code.co_code.get(f.lasti)?;
        if unit as u8 == Opcode::YIELD_VALUE as u8 && (unit >> 8) == 1 && gd.started.get() {
            return f.stack.last().cloned();
        }
        None
    }

    /// After a delegate finished with `value` during throw/close, continue the delegating
    /// frame as if its `SEND` had completed (pop receiver, push value, jump past the loop).
    fn finish_delegation(&mut self, g: &PyRef, value: Value) -> PyResult<SendResult> {
        let gd = self.gen_data(g);
        {
            let mut fb = gd.frame.borrow_mut();
            let f = fb.as_mut().unwrap();
            // The SEND of this loop is the instruction before the YIELD_VALUE.
            let instrs = bytecode::opcode::decode(&f.code.code.co_code).unwrap_or_default();
            let send = instrs.iter().rev().find(|i| i.offset < f.lasti && i.op == Opcode::SEND).copied();
            // Pop the receiver; `gen_resume` pushes `value` where SEND would have left it.
            f.stack.pop();
            if let Some(s) = send {
                f.pc = s.arg as usize;
            }
        }
        self.gen_resume(g, value, None)
    }

    /// `gen.throw(exc)`.
    pub fn gen_throw(&mut self, g: &PyRef, exc: PyRef) -> PyResult<SendResult> {
        if let Some(recv) = self.yield_from_receiver(g) {
            let is_close = self.isinstance_exc(&exc, &self.exc.generator_exit.clone());
            let r = if is_close {
                // close() the delegate, then raise GeneratorExit here.
                if let Some(Payload::Generator(_)) = recv.payload() {
                    self.gen_close(recv.as_obj().unwrap())?;
                } else if let Some(c) = self.getattr_opt(&recv, "close")? {
                    self.call(&c, Args::new(&[]))?;
                }
                None
            } else if let Some(Payload::Generator(_)) = recv.payload() {
                let gd = self.gen_data(g);
                gd.running.set(true);
                let r = self.gen_throw(recv.as_obj().unwrap(), exc.clone());
                gd.running.set(false);
                Some(r)
            } else if let Some(t) = self.getattr_opt(&recv, "throw")? {
                Some(match self.call(&t, Args::new(&[Value::Obj(exc.clone())])) {
                    Ok(v) => Ok(SendResult::Yielded(v)),
                    Err(e) if self.isinstance_exc(&e, &self.exc.stop_iteration.clone()) => {
                        let v = self.getattr_str(&Value::Obj(e), "value")?;
                        Ok(SendResult::Returned(v))
                    }
                    Err(e) => Err(e),
                })
            } else {
                None
            };
            match r {
                Some(Ok(SendResult::Yielded(v))) => return Ok(SendResult::Yielded(v)),
                Some(Ok(SendResult::Returned(v))) => return self.finish_delegation(g, v),
                Some(Err(e)) => return self.gen_resume(g, Value::None, Some(e)),
                None => {}
            }
        }
        self.gen_resume(g, Value::None, Some(exc))
    }

    /// `gen.close()`.
    pub fn gen_close(&mut self, g: &PyRef) -> PyResult<()> {
        let gd = self.gen_data(g);
        if gd.frame.borrow().is_none() {
            return Ok(());
        }
        if !gd.started.get() {
            gd.frame.borrow_mut().take();
            return Ok(());
        }
        let exc = self.new_exception_args(&self.exc.generator_exit.clone(), vec![]);
        match self.gen_throw(g, exc) {
            Ok(SendResult::Yielded(_)) => Err(self.new_runtime_error(match gd.kind {
                GenKind::AsyncGenerator => "async generator ignored GeneratorExit",
                _ => "generator ignored GeneratorExit",
            })),
            Ok(SendResult::Returned(_)) => Ok(()),
            Err(e)
                if self.isinstance_exc(&e, &self.exc.generator_exit.clone())
                    || self.isinstance_exc(&e, &self.exc.stop_iteration.clone()) =>
            {
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// `SEND`: one step of `yield from`/`await` on any receiver.
    pub fn send(&mut self, receiver: &Value, v: Value) -> PyResult<SendResult> {
        if let Value::Obj(o) = receiver {
            if let Payload::Generator(_) = &o.payload {
                return self.gen_send(o, v);
            }
        }
        if let Some(Payload::AsyncGenAwaitable(_)) = receiver.payload() {
            return self.agen_awaitable_send(receiver.as_obj().unwrap(), v, None);
        }
        let r = if v.is_none() {
            match self.lookup_special(receiver, "__next__") {
                Some(m) => self.call_unbound(&m, receiver, &[]),
                None => {
                    return Err(self.new_type_error(format!("'{}' object is not an iterator", self.type_name(receiver))))
                }
            }
        } else {
            let send = self.getattr_str(receiver, "send")?;
            self.call(&send, Args::new(&[v]))
        };
        match r {
            Ok(y) => Ok(SendResult::Yielded(y)),
            Err(e) if self.isinstance_exc(&e, &self.exc.stop_iteration.clone()) => {
                let val = self.getattr_str(&Value::Obj(e), "value")?;
                Ok(SendResult::Returned(val))
            }
            Err(e) => Err(e),
        }
    }

    /// A new `__anext__`/`asend`/`athrow` awaitable for async generator `g`; the first one
    /// calls the `firstiter` hook of `sys.set_asyncgen_hooks` (CPython's `async_gen_init_hooks`).
    pub fn agen_awaitable(&mut self, g: &PyRef, value: Option<Value>, throw: Option<PyRef>) -> PyResult<Value> {
        let gd = self.gen_data(g);
        if !gd.hooks_inited.replace(true) {
            let firstiter = ASYNCGEN_HOOKS.with(|h| h.borrow().0.clone());
            if !firstiter.is_none() {
                self.call(&firstiter, Args::new(&[Value::Obj(g.clone())]))?;
            }
        }
        let st = AsyncGenAwaitable { gen: g.clone(), value, throw, done: false };
        Ok(Value::Obj(Object::new(
            self.types.async_gen_awaitable.clone(),
            Payload::AsyncGenAwaitable(Box::new(RefCell::new(st))),
        )))
    }

    /// One step of an async generator awaitable (`async_gen_asend_send` /
    /// `async_gen_athrow_send`): a wrapped yield completes the await with that value
    /// (StopIteration), any other yield is an inner await passed out to the event loop.
    pub fn agen_awaitable_send(&mut self, aw: &PyRef, v: Value, throw: Option<PyRef>) -> PyResult<SendResult> {
        let Payload::AsyncGenAwaitable(st) = &aw.payload else { unreachable!() };
        let (g, first_value, first_throw) = {
            let mut s = st.borrow_mut();
            if s.done {
                return Err(self.new_runtime_error("cannot reuse already awaited __anext__()/asend()"));
            }
            (s.gen.clone(), s.value.take(), s.throw.take())
        };
        let is_close = first_throw.as_ref().is_some_and(|e| self.isinstance_exc(e, &self.exc.generator_exit.clone()));
        let send_value = first_value.unwrap_or(v);
        let r = match throw.or(first_throw) {
            Some(exc) => self.gen_throw(&g, exc),
            None => self.gen_send(&g, send_value),
        };
        let finish = |vm: &mut Vm| {
            if let Payload::AsyncGenAwaitable(st) = &aw.payload {
                st.borrow_mut().done = true;
            }
            let _ = vm;
        };
        match r {
            Ok(SendResult::Yielded(y)) => match y.payload() {
                Some(Payload::AsyncGenWrapped(inner)) => {
                    let inner = inner.clone();
                    finish(self);
                    if is_close {
                        return Err(self.new_runtime_error("async generator ignored GeneratorExit"));
                    }
                    Ok(SendResult::Returned(inner))
                }
                _ => Ok(SendResult::Yielded(y)),
            },
            Ok(SendResult::Returned(_)) => {
                finish(self);
                if is_close {
                    return Ok(SendResult::Returned(Value::None));
                }
                Err(self.new_exception_args(&self.exc.stop_async_iteration.clone(), vec![]))
            }
            Err(e) => {
                finish(self);
                if is_close
                    && (self.isinstance_exc(&e, &self.exc.generator_exit.clone())
                        || self.isinstance_exc(&e, &self.exc.stop_async_iteration.clone()))
                {
                    return Ok(SendResult::Returned(Value::None));
                }
                Err(e)
            }
        }
    }

    /// `GET_YIELD_FROM_ITER`.
    pub fn get_yield_from_iter(&mut self, v: &Value) -> PyResult<Value> {
        if let Some(Payload::Generator(g)) = v.payload() {
            if g.kind != GenKind::AsyncGenerator {
                return Ok(v.clone());
            }
        }
        self.iter(v)
    }

    /// `GET_AWAITABLE`: a coroutine, or the iterator returned by `__await__`.
    pub fn get_awaitable(&mut self, v: &Value, where_: u32) -> PyResult<Value> {
        if let Some(Payload::Generator(g)) = v.payload() {
            if g.kind == GenKind::Coroutine {
                if self.yield_from_receiver(v.as_obj().unwrap()).is_some() {
                    return Err(self.new_runtime_error("coroutine is being awaited already"));
                }
                return Ok(v.clone());
            }
            if g.iterable_coroutine {
                return Ok(v.clone());
            }
        }
        match self.lookup_special(v, "__await__") {
            Some(m) => {
                let it = self.call_unbound(&m, v, &[])?;
                if let Some(Payload::Generator(g)) = it.payload() {
                    if g.kind == GenKind::Coroutine {
                        return Err(self.new_type_error("__await__() returned a coroutine"));
                    }
                }
                if self.lookup_special(&it, "__next__").is_none()
                    && !matches!(it.payload(), Some(Payload::Generator(_)))
                {
                    return Err(self.new_type_error(format!(
                        "__await__() returned non-iterator of type '{}'",
                        self.type_name(&it)
                    )));
                }
                Ok(it)
            }
            None => Err(self.new_type_error(match where_ {
                1 => format!(
                    "'async with' received an object from __aenter__ that does not implement __await__: {}",
                    self.type_name(v)
                ),
                2 => format!(
                    "'async with' received an object from __aexit__ that does not implement __await__: {}",
                    self.type_name(v)
                ),
                _ => format!("object {} can't be used in 'await' expression", self.type_name(v)),
            })),
        }
    }

    pub fn get_aiter(&mut self, v: &Value) -> PyResult<Value> {
        match self.lookup_special(v, "__aiter__") {
            Some(m) => self.call_unbound(&m, v, &[]),
            None => Err(self.new_type_error(format!(
                "'async for' requires an object with __aiter__ method, got {}",
                self.type_name(v)
            ))),
        }
    }

    pub fn get_anext(&mut self, v: &Value) -> PyResult<Value> {
        match self.lookup_special(v, "__anext__") {
            Some(m) => {
                let a = self.call_unbound(&m, v, &[])?;
                self.get_awaitable(&a, 0)
            }
            None => Err(self.new_type_error(format!(
                "'async for' requires an iterator with __anext__ method, got {}",
                self.type_name(v)
            ))),
        }
    }

    pub fn before_async_with(&mut self, mgr: &Value) -> PyResult<(Value, Value)> {
        let enter = self.lookup_special(mgr, "__aenter__").ok_or_else(|| {
            self.new_type_error(format!(
                "'{}' object does not support the asynchronous context manager protocol",
                self.type_name(mgr)
            ))
        })?;
        let exit = self.lookup_special(mgr, "__aexit__").ok_or_else(|| {
            self.new_type_error(format!(
                "'{}' object does not support the asynchronous context manager protocol (missed __aexit__ method)",
                self.type_name(mgr)
            ))
        })?;
        let exit = self.descr_get(&exit, mgr)?;
        let res = self.call_unbound(&enter, mgr, &[])?;
        Ok((exit, res))
    }

    pub fn before_with(&mut self, mgr: &Value) -> PyResult<(Value, Value)> {
        let enter = self.lookup_special(mgr, "__enter__").ok_or_else(|| {
            self.new_type_error(format!(
                "'{}' object does not support the context manager protocol",
                self.type_name(mgr)
            ))
        })?;
        let exit = self.lookup_special(mgr, "__exit__").ok_or_else(|| {
            self.new_type_error(format!(
                "'{}' object does not support the context manager protocol (missed __exit__ method)",
                self.type_name(mgr)
            ))
        })?;
        let exit = self.descr_get(&exit, mgr)?;
        let res = self.call_unbound(&enter, mgr, &[])?;
        Ok((exit, res))
    }
}
