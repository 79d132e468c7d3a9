//! VM stage: `__del__` finalizers. Guarantees: an instance of a class with `__del__` gets it
//! called exactly once (PEP 442) after its last reference goes, at the next safe point of the
//! interpreter (right after the instruction that dropped it), with exceptions reported as
//! unraisable ("Exception ignored in: ..."), never propagated.
//!
//! The last reference can go anywhere (inside a container's borrow, in the middle of a native
//! operation) where Python code must not run. So `Object`'s destructor moves the dying object's
//! class, dict and payload into a fresh object — the same Python object as far as `__del__`
//! can tell, except for `id()` and weak references, which are already dead — and queues it;
//! the interpreter runs the queue at its next safe point.

use crate::func::Args;
use crate::value::{Object, Payload, PyRef, SlotCell, Value};
use crate::vm::Vm;
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::rc::Rc;

crate::gil_local! {
    static QUEUE: RefCell<Vec<PyRef>> = const { RefCell::new(Vec::new()) };
    /// Suspended generators and coroutines that lost their last reference: closed (their
    /// `finally` blocks run) at the next safe point, as `_PyGen_Finalize` does.
    static CLOSE_QUEUE: RefCell<Vec<PyRef>> = const { RefCell::new(Vec::new()) };
    /// Coroutines that died without ever being awaited: each gets its RuntimeWarning.
    static UNAWAITED: RefCell<Vec<PyRef>> = const { RefCell::new(Vec::new()) };
    /// Weak reference callbacks of dead referents, with their reference (weakref.rs).
    static CALLBACKS: RefCell<Vec<(Value, PyRef)>> = const { RefCell::new(Vec::new()) };
    static PENDING: Cell<bool> = const { Cell::new(false) };
    /// Revived objects whose `__del__` ran (or is running): they are not queued again.
    static FINALIZED: RefCell<Option<HashSet<usize>>> = const { RefCell::new(None) };
}

/// Are finalizers waiting to run?
#[inline(always)]
pub fn pending() -> bool {
    PENDING.with(|p| p.get())
}

/// `__del__` of a heap class, through the type attribute cache (whose lookups never panic on
/// a borrowed dict: a destructor can run while a type dict is being written).
fn find_del(cls: &PyRef) -> Option<Value> {
    crate::types::lookup_static(cls, "__del__")
}

/// From `Object`'s destructor: if the object needs `__del__`, revive its contents into a new
/// object and queue it.
/// A generator or coroutine paused inside its code: closing it would run code.
fn is_suspended_generator(o: &Object) -> bool {
    match &o.payload {
        Payload::Generator(g) => {
            g.kind != crate::gen::GenKind::AsyncGenerator
                && g.started.get()
                && !g.running.get()
                && g.frame.try_borrow().is_ok_and(|f| f.is_some())
        }
        _ => false,
    }
}

/// A coroutine that was created and never started (`_PyErr_WarnUnawaitedCoroutine`'s case).
fn is_unawaited_coroutine(o: &Object) -> bool {
    match &o.payload {
        Payload::Generator(g) => {
            g.kind == crate::gen::GenKind::Coroutine
                && !g.started.get()
                && g.frame.try_borrow().is_ok_and(|f| f.is_some())
        }
        _ => false,
    }
}

pub(crate) fn on_drop(o: &mut Object) {
    if let Payload::Generator(_) = &o.payload {
        let unawaited = is_unawaited_coroutine(o);
        if unawaited || is_suspended_generator(o) {
            let revived = Rc::new(Object {
                class: SlotCell::new(o.class.get_mut().take()),
                dict: SlotCell::new(o.dict.get_mut().take()),
                payload: std::mem::replace(&mut o.payload, Payload::None),
            });
            let queue = if unawaited { &UNAWAITED } else { &CLOSE_QUEUE };
            let _ = queue.try_with(|q| q.borrow_mut().push(revived));
            let _ = PENDING.try_with(|p| p.set(true));
        }
        return;
    }
    let key = o as *const Object as usize;
    let Some(cls) = o.class.get_mut().as_ref() else { return };
    let Some(td) = cls.as_type() else { return };
    if !td.is_heap() {
        return;
    }
    if crate::types::attr_hooks(cls) & crate::types::HOOK_DEL == 0 {
        return;
    }
    let already = FINALIZED.try_with(|f| f.borrow_mut().as_mut().is_some_and(|set| set.remove(&key))).unwrap_or(true);
    if already {
        return;
    }
    let revived = Rc::new(Object {
        class: SlotCell::new(o.class.get_mut().take()),
        dict: SlotCell::new(o.dict.get_mut().take()),
        payload: std::mem::replace(&mut o.payload, Payload::None),
    });
    let _ = QUEUE.try_with(|q| q.borrow_mut().push(revived));
    let _ = PENDING.try_with(|p| p.set(true));
}

/// Does an unreachable object found by the cycle collector still need its `__del__`?
pub fn needs_finalizer(o: &PyRef) -> bool {
    if is_suspended_generator(o) {
        return true;
    }
    let Some(cls) = o.class.get() else { return false };
    if !cls.as_type().is_some_and(|t| t.is_heap()) || find_del(&cls).is_none() {
        return false;
    }
    let key = Rc::as_ptr(o) as usize;
    !FINALIZED.with(|f| f.borrow().as_ref().is_some_and(|set| set.contains(&key)))
}

/// Queues an object of an unreachable cycle for its `__del__` (the cycle is kept intact).
pub fn queue_unreachable(o: PyRef) {
    if is_suspended_generator(&o) {
        // Closing finishes it: the next collection finds it (and its cycle) plain garbage.
        CLOSE_QUEUE.with(|q| q.borrow_mut().push(o));
        PENDING.with(|p| p.set(true));
        return;
    }
    FINALIZED.with(|f| {
        f.borrow_mut().get_or_insert_with(HashSet::new).insert(Rc::as_ptr(&o) as usize);
    });
    QUEUE.with(|q| q.borrow_mut().push(o));
    PENDING.with(|p| p.set(true));
}

/// The oldest entry of a finalization queue (first in, first out: objects released together
/// finalize in the order they died).
fn pop_front<T: 'static>(queue: &'static crate::gil::GilStatic<RefCell<Vec<T>>>) -> Option<T> {
    queue.with(|q| {
        let mut q = q.borrow_mut();
        (!q.is_empty()).then(|| q.remove(0))
    })
}

/// Queues `callback(weakref)` for the next safe point (the referent just died).
pub(crate) fn queue_weakref_callback(callback: Value, weakref: PyRef) {
    let _ = CALLBACKS.try_with(|c| c.borrow_mut().push((callback, weakref)));
    let _ = PENDING.try_with(|p| p.set(true));
}

impl Vm {
    /// Runs queued `__del__` methods and weak reference callbacks (and any their running
    /// queues).
    pub fn run_finalizers(&mut self) {
        loop {
            self.run_del_queue();
            if let Some(coro) = pop_front(&UNAWAITED) {
                let qualname = self.gen_data(&coro).qualname.borrow().clone();
                let name = qualname.as_str().map_or(String::new(), |s| s.as_str().to_string());
                self.warn_unawaited_coroutine(&coro, &name);
                let frame = self.gen_data(&coro).frame.borrow_mut().take();
                drop(frame);
                continue;
            }
            if let Some(g) = pop_front(&CLOSE_QUEUE) {
                if let Err(e) = self.gen_close(&g) {
                    self.write_unraisable("in", &Value::Obj(g.clone()), &e);
                }
                // Whatever close() did, the generator is finished now (one that yielded
                // again is discarded without running more code, as CPython does).
                let frame = self.gen_data(&g).frame.borrow_mut().take();
                drop(frame);
                continue;
            }
            let Some((callback, weakref)) = pop_front(&CALLBACKS) else {
                break;
            };
            if let Err(e) = self.call(&callback, Args::new(&[Value::Obj(weakref)])) {
                self.write_unraisable("in", &callback, &e);
            }
        }
        PENDING.with(|p| p.set(false));
    }

    /// Runs queued `__del__` methods.
    fn run_del_queue(&mut self) {
        loop {
            // First in, first out: objects released together finalize in the order they died.
            let Some(obj) = pop_front(&QUEUE) else {
                break;
            };
            FINALIZED.with(|f| {
                f.borrow_mut().get_or_insert_with(HashSet::new).insert(Rc::as_ptr(&obj) as usize);
            });
            let Some(del) = find_del(&obj.class()) else { continue };
            let v = Value::Obj(obj);
            if let Err(e) = self.call_unbound(&del, &v, &[]) {
                self.write_unraisable("in", &del, &e);
            }
        }
    }

    /// Interpreter shutdown: clears `__main__`'s namespace as CPython's module finalization
    /// does (names with one leading underscore first, then the rest, in order; `__builtins__`
    /// kept), then runs the finalizers that released.
    pub fn finalize_main(&mut self) {
        let Some(main) = self.modules_get("__main__") else { return };
        let Some(d) = main.as_obj().and_then(|m| m.dict.get()) else { return };
        let keys = crate::dict::dict_cell(&d).borrow().keys();
        let names: Vec<(Value, String)> =
            keys.into_iter().filter_map(|k| k.as_str().map(|s| s.as_str().to_string()).map(|s| (k, s))).collect();
        let single_underscore = |n: &str| n.starts_with('_') && !n.starts_with("__");
        for pass in [true, false] {
            for (k, n) in &names {
                if n == "__builtins__" || single_underscore(n) != pass {
                    continue;
                }
                let old = crate::dict::dict_cell(&d).borrow_mut().set_str_key_take(k.clone(), Value::None);
                drop(old);
                if pending() {
                    self.run_finalizers();
                }
            }
        }
    }
}
