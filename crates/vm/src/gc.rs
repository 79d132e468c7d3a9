//! VM stage: the cycle collector. Reference counting frees everything that is not part of a
//! reference cycle; this finds unreachable cycles among container objects (CPython's
//! algorithm: subtract the references containers hold to each other from their reference
//! counts; whatever keeps a positive count is referenced from outside and, with everything it
//! reaches, survives) and breaks them by clearing the garbage containers' contents.
//!
//! Safety rules: a reference is only subtracted when a tracked container really holds it
//! (under-reporting keeps objects alive, never the reverse), and a collection is abandoned if
//! any container is mutably borrowed at that moment. `__del__` methods of collected objects are
//! not called yet.

use crate::value::{Object, Payload, PyRef, Value};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};

crate::gil_local! {
    static TRACKED: RefCell<Vec<Weak<Object>>> = const { RefCell::new(Vec::new()) };
    static LIVE_AFTER_LAST: Cell<usize> = const { Cell::new(0) };
    /// References visited by the last collection: the next one waits proportionally longer,
    /// so a large live heap is not re-scanned every few thousand allocations (no generations
    /// yet).
    static LAST_WORK: Cell<usize> = const { Cell::new(0) };
    /// Registry length at which dead entries are pruned (cheap, no traversal): a dead entry
    /// keeps its 72-byte allocation until then.
    static PRUNE_AT: Cell<usize> = const { Cell::new(4096) };
    static ENABLED: Cell<bool> = const { Cell::new(true) };
    static PENDING: Cell<bool> = const { Cell::new(false) };
    /// The registry length at which `track` next has something to decide (prune, or set
    /// `PENDING`): the smaller of `PRUNE_AT` and the collection threshold, kept current by
    /// `recompute_next_check`, so that the common `track` compares one number.
    static NEXT_CHECK: Cell<usize> = const { Cell::new(4096) };
}

/// Allocations between automatic collections grow with the live heap (amortised O(1)).
const BASE_THRESHOLD: usize = 20_000;

/// How the collector sees into one kind of native state (`Payload::Native` holding a value of
/// the registered type): `traverse` reports the strong references it holds (false when it is
/// borrowed), `clear` takes them out (to be dropped after the collection).
pub type NativeTraverse = fn(&dyn std::any::Any, &mut dyn FnMut(&PyRef)) -> bool;

#[derive(Clone, Copy)]
pub struct NativeGc {
    pub traverse: NativeTraverse,
    pub clear: fn(&dyn std::any::Any) -> Box<dyn std::any::Any>,
}

crate::gil_local! {
    static NATIVE_GC: RefCell<Vec<(std::any::TypeId, NativeGc)>> = const { RefCell::new(Vec::new()) };
}

/// Makes native objects whose state is a `T` take part in cycle collection (register before
/// creating any: objects are tracked when created).
pub fn register_native<T: std::any::Any>(hooks: NativeGc) {
    let id = std::any::TypeId::of::<T>();
    NATIVE_GC.with(|n| {
        let mut n = n.borrow_mut();
        if !n.iter().any(|(t, _)| *t == id) {
            n.push((id, hooks));
        }
    });
}

fn native_gc(b: &dyn std::any::Any) -> Option<NativeGc> {
    let id = b.type_id();
    NATIVE_GC.with(|n| n.borrow().iter().find(|(t, _)| *t == id).map(|(_, h)| *h))
}

/// Whether objects with this payload can take part in cycles and so are tracked.
#[inline]
fn is_container(o: &Object) -> bool {
    if let Payload::Native(b) = &o.payload {
        if native_gc(&**b).is_some() {
            return true;
        }
    }
    matches!(
        o.payload,
        Payload::List(_)
            | Payload::Dict(_)
            | Payload::Set(_)
            | Payload::Cell(_)
            | Payload::Function(_)
            | Payload::Method(..)
            | Payload::Generator(_)
            | Payload::Exception(_)
            | Payload::ClassMethod(_)
            | Payload::StaticMethod(_)
            | Payload::Property(_)
            | Payload::Slots(_)
            | Payload::Instance(_)
            | Payload::Frame(_)
    ) || o.peek_dict(|d| d.is_some())
        // Only an entry holding a frame object can close a cycle through a frame's locals.
        || matches!(&o.payload, Payload::Traceback(tb) if tb.frame.borrow().is_some())
}

/// Registers a new object with the collector if it is a container.
#[inline]
pub fn track(o: &PyRef) {
    if !is_container(o) {
        return;
    }
    let check = TRACKED.with(|t| {
        let mut t = t.borrow_mut();
        t.push(Rc::downgrade(o));
        t.len() >= NEXT_CHECK.with(|c| c.get())
    });
    if check {
        track_slow();
    }
}

/// The rare part of `track`: prune dead entries when the registry doubled, and ask for a
/// collection once enough containers were allocated since the last one.
#[cold]
fn track_slow() {
    TRACKED.with(|t| {
        let mut t = t.borrow_mut();
        if t.len() >= PRUNE_AT.with(|p| p.get()) {
            t.retain(|w| w.strong_count() > 0);
            let live = t.len();
            PRUNE_AT.with(|p| p.set((2 * live).max(4096)));
        }
        if t.len() > collect_threshold() {
            PENDING.with(|p| p.set(true));
            crate::eval::request_safe_point();
        }
    });
    recompute_next_check();
}

/// Registry length above which a collection is due.
fn collect_threshold() -> usize {
    2 * LIVE_AFTER_LAST.with(|l| l.get()) + BASE_THRESHOLD + LAST_WORK.with(|w| w.get()) / 2
}

/// Sets `NEXT_CHECK` from the prune point and (unless a collection is already pending) the
/// collection threshold.
fn recompute_next_check() {
    let prune = PRUNE_AT.with(|p| p.get());
    let next = if PENDING.with(|p| p.get()) { prune } else { prune.min(collect_threshold() + 1) };
    NEXT_CHECK.with(|c| c.set(next));
}

/// True when enough containers were allocated that the interpreter should collect at its next
/// safe point.
#[inline(always)]
pub fn pending() -> bool {
    PENDING.with(|p| p.get())
}

pub fn set_enabled(on: bool) {
    ENABLED.with(|e| e.set(on));
    if on && pending() {
        crate::eval::request_safe_point();
    }
}

pub fn is_enabled() -> bool {
    ENABLED.with(|e| e.get())
}

/// Number of tracked containers (including ones freed but not yet pruned).
/// Every tracked container still alive (`gc.get_objects()`).
pub fn tracked_objects() -> Vec<PyRef> {
    TRACKED.with(|t| t.borrow().iter().filter_map(|w| w.upgrade()).collect())
}

/// The objects `o` refers to, as the collector sees them (`gc.get_referents`).
pub fn referents(o: &Object) -> Vec<PyRef> {
    let mut v = Vec::new();
    traverse(o, &mut |r| v.push(r.clone()));
    v
}

/// Whether the collector tracks `o` (`gc.is_tracked`).
pub fn is_tracked(o: &Object) -> bool {
    is_container(o)
}

pub fn tracked_count() -> usize {
    TRACKED.with(|t| t.borrow().len())
}

/// Calls `f` on every strong reference `o` holds to another object. Returns false if some
/// part of `o` is mutably borrowed (the caller must then give up).
fn traverse(o: &Object, f: &mut dyn FnMut(&PyRef)) -> bool {
    let val = |v: &Value, f: &mut dyn FnMut(&PyRef)| {
        if let Value::Obj(r) = v {
            f(r)
        }
    };
    if let Some(c) = o.class.get() {
        f(&c);
    }
    if let Some(d) = o.dict.get() {
        f(&d);
    }
    match &o.payload {
        Payload::Native(b) => {
            if let Some(h) = native_gc(&**b) {
                if !(h.traverse)(&**b, f) {
                    return false;
                }
            }
        }
        Payload::List(l) => match l.try_borrow() {
            Ok(l) => l.iter().for_each(|v| val(v, f)),
            Err(_) => return false,
        },
        Payload::Tuple(t) => t.iter().for_each(|v| val(v, f)),
        Payload::Frame(fo) if !crate::frameobject::traverse(fo, f) => return false,
        Payload::Frame(_) => {}
        Payload::Traceback(tb) => match (tb.next.try_borrow(), tb.frame.try_borrow()) {
            (Ok(n), Ok(fr)) => {
                n.iter().chain(fr.iter()).for_each(&mut *f);
                f(&tb.globals);
            }
            _ => return false,
        },
        Payload::Instance(attrs) => attrs.for_each_value(&mut |v| val(v, f)),
        Payload::Slots(s) => match s.try_borrow() {
            Ok(s) => s.iter().flatten().for_each(|v| val(v, f)),
            Err(_) => return false,
        },
        Payload::Dict(d) => match d.try_borrow() {
            Ok(d) => d.iter().for_each(|e| {
                val(&e.key, f);
                val(&e.value, f);
            }),
            Err(_) => return false,
        },
        Payload::Set(s) => match s.try_borrow() {
            Ok(s) => s.iter().for_each(|(_, v)| val(v, f)),
            Err(_) => return false,
        },
        Payload::Cell(c) => match c.try_borrow() {
            Ok(c) => {
                if let Some(v) = &*c {
                    val(v, f)
                }
            }
            Err(_) => return false,
        },
        Payload::Function(func) => {
            f(&func.globals);
            f(&func.builtins);
            if let Some(c) = &func.closure {
                for x in c.iter() {
                    f(x);
                }
            }
            for cell in [&func.name, &func.qualname, &func.doc, &func.module] {
                match cell.try_borrow() {
                    Ok(v) => val(&v, f),
                    Err(_) => return false,
                }
            }
            match (func.defaults.try_borrow(), func.kwdefaults.try_borrow(), func.annotations.try_borrow()) {
                (Ok(d), Ok(k), Ok(a)) => {
                    if let Some(d) = &*d {
                        d.iter().for_each(|v| val(v, f));
                    }
                    if let Some(k) = &*k {
                        f(k);
                    }
                    if let Some(a) = &*a {
                        f(a);
                    }
                }
                _ => return false,
            }
        }
        Payload::Method(a, b) => {
            val(a, f);
            val(b, f);
        }
        Payload::ClassMethod(c) | Payload::StaticMethod(c) => match c.try_borrow() {
            Ok(v) => val(&v, f),
            Err(_) => return false,
        },
        Payload::Property(p) => {
            for v in [&p.fget, &p.fset, &p.fdel] {
                val(v, f);
            }
            match p.doc.try_borrow() {
                Ok(v) => val(&v, f),
                Err(_) => return false,
            }
        }
        Payload::Exception(e) => {
            match (e.args.try_borrow(), e.cause.try_borrow(), e.context.try_borrow(), e.traceback.try_borrow()) {
                (Ok(a), Ok(c), Ok(x), Ok(t)) => {
                    val(&a, f);
                    val(&c, f);
                    val(&x, f);
                    if let Some(t) = &*t {
                        f(t);
                    }
                }
                _ => return false,
            }
            match (e.fields.try_borrow(), e.slots.try_borrow()) {
                (Ok(fields), Ok(slots)) => {
                    fields.iter().for_each(|(_, v)| val(v, f));
                    slots.iter().flatten().for_each(|v| val(v, f));
                }
                _ => return false,
            }
        }
        Payload::Generator(g) => match g.frame.try_borrow() {
            Ok(fr) => {
                if let Some(fr) = &*fr {
                    fr.stack.iter().for_each(|v| val(v, f));
                    fr.fastlocals.iter().flatten().for_each(|v| val(v, f));
                    for c in fr.cells.iter() {
                        f(c);
                    }
                    f(&fr.globals);
                    f(&fr.builtins);
                    if let Some(l) = &fr.locals {
                        val(l, f);
                    }
                    if let Some(o) = fr.peek_object() {
                        f(o);
                    }
                }
            }
            Err(_) => return false,
        },
        _ => {}
    }
    true
}

/// Empties a garbage container so the cycle through it falls apart.
fn clear(o: &Object) {
    let dict = o.dict.set(None);
    let _drop_later: Box<dyn std::any::Any> = match &o.payload {
        Payload::Native(b) => match native_gc(&**b) {
            Some(h) => (h.clear)(&**b),
            None => Box::new(()),
        },
        Payload::List(l) => Box::new(l.try_borrow_mut().map(|mut l| std::mem::take(&mut *l)).ok()),
        Payload::Dict(d) => Box::new(
            d.try_borrow_mut()
                .map(|mut d| {
                    // A class dict changing must invalidate the attribute caches (inline_cache.rs).
                    if d.watched {
                        crate::types::modified();
                    }
                    std::mem::take(&mut *d)
                })
                .ok(),
        ),
        Payload::Set(s) => Box::new(s.try_borrow_mut().map(|mut s| std::mem::take(&mut *s)).ok()),
        Payload::Cell(c) => Box::new(c.try_borrow_mut().map(|mut c| c.take()).ok()),
        Payload::Instance(attrs) => Box::new(attrs.take()),
        Payload::Frame(fo) => crate::frameobject::clear(fo),
        Payload::Traceback(tb) => Box::new((
            tb.next.try_borrow_mut().map(|mut n| n.take()).ok(),
            tb.frame.try_borrow_mut().map(|mut n| n.take()).ok(),
        )),
        Payload::Slots(s) => {
            Box::new(s.try_borrow_mut().map(|mut s| s.iter_mut().map(Option::take).collect::<Vec<_>>()).ok())
        }
        Payload::Exception(e) => {
            let a = e.traceback.try_borrow_mut().map(|mut t| t.take()).ok();
            let b = e.context.try_borrow_mut().map(|mut c| std::mem::replace(&mut *c, Value::None)).ok();
            let c = e.cause.try_borrow_mut().map(|mut c| std::mem::replace(&mut *c, Value::None)).ok();
            let d = e.fields.try_borrow_mut().map(|mut v| std::mem::take(&mut *v)).ok();
            let s = e.slots.try_borrow_mut().map(|mut v| std::mem::take(&mut *v)).ok();
            Box::new((a, b, c, d, s))
        }
        Payload::Generator(g) => Box::new(g.frame.try_borrow_mut().map(|mut f| f.take()).ok()),
        Payload::ClassMethod(c) | Payload::StaticMethod(c) => {
            Box::new(c.try_borrow_mut().map(|mut v| std::mem::replace(&mut *v, Value::None)).ok())
        }
        _ => Box::new(()),
    };
    drop(dict);
}

/// Runs a full collection; returns the number of unreachable containers found.
pub fn collect() -> usize {
    let n = collect_cycles();
    recompute_next_check();
    n
}

fn collect_cycles() -> usize {
    PENDING.with(|p| p.set(false));
    // Strong handles on every live tracked object (each adds exactly 1 to its count).
    let objs: Vec<PyRef> = TRACKED.with(|t| {
        let mut t = t.borrow_mut();
        t.retain(|w| w.strong_count() > 0);
        t.iter().filter_map(|w| w.upgrade()).collect()
    });
    let index: HashMap<*const Object, usize> = objs.iter().enumerate().map(|(i, o)| (Rc::as_ptr(o), i)).collect();
    let mut refs: Vec<isize> = objs.iter().map(|o| Rc::strong_count(o) as isize - 1).collect();
    for o in &objs {
        let ok = traverse(o, &mut |r| {
            if let Some(&i) = index.get(&Rc::as_ptr(r)) {
                refs[i] -= 1;
            }
        });
        if !ok {
            LIVE_AFTER_LAST.with(|l| l.set(objs.len()));
            return 0;
        }
    }
    // Everything reachable from an externally referenced container survives.
    let mut reachable = vec![false; objs.len()];
    let mut stack: Vec<usize> = (0..objs.len()).filter(|&i| refs[i] > 0).collect();
    for &i in &stack {
        reachable[i] = true;
    }
    // Work is measured over survivors: their size is what the next collection re-scans.
    let mut work = 0usize;
    while let Some(i) = stack.pop() {
        let ok = traverse(&objs[i], &mut |r| {
            work += 1;
            if let Some(&j) = index.get(&Rc::as_ptr(r)) {
                if !reachable[j] {
                    reachable[j] = true;
                    stack.push(j);
                }
            }
        });
        if !ok {
            LIVE_AFTER_LAST.with(|l| l.set(objs.len()));
            return 0;
        }
    }
    LAST_WORK.with(|w| w.set(work));
    let garbage: Vec<&PyRef> = objs.iter().zip(&reachable).filter(|(_, r)| !**r).map(|(o, _)| o).collect();
    // PEP 442: objects with `__del__` in the garbage get it called first, on intact state; the
    // cycles are cleared by a later collection (their finalizers will not run twice).
    let mut deferred = false;
    for o in &garbage {
        if crate::finalize::needs_finalizer(o) {
            crate::finalize::queue_unreachable((*o).clone());
            deferred = true;
        }
    }
    if deferred {
        LIVE_AFTER_LAST.with(|l| l.set(objs.len()));
        PENDING.with(|p| p.set(true));
        crate::eval::request_safe_point();
        return 0;
    }
    let n = garbage.len();
    for o in &garbage {
        clear(o);
    }
    drop(garbage);
    let live = objs.len() - n;
    drop(objs);
    TRACKED.with(|t| t.borrow_mut().retain(|w| w.strong_count() > 0));
    LIVE_AFTER_LAST.with(|l| l.set(live));
    n
}
