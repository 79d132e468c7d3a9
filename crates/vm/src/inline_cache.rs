//! VM stage: inline caches for `LOAD_GLOBAL`, `LOAD_ATTR`, `LOAD_METHOD` and `STORE_ATTR`
//! (the idea of CPython 3.11's specialising interpreter, PEP 659, without rewriting the
//! bytecode). Each code object keeps one small cache per entry of `co_names`: where the last
//! lookup of that name found it. A later execution checks a few words — a dict version, a type
//! tag and the type epoch, the key pointer of a dict slot — instead of hashing and probing
//! again. Every check that fails falls back to the generic path (which may refill the cache),
//! so results are always exactly those of the generic lookup.
//!
//! Caching per name rather than per instruction keeps the caches small (a function names far
//! fewer attributes than it has instructions) and loses little: sites of one function that use
//! the same name nearly always see the same kind of object.

use crate::dict;
use crate::frame::Frame;
use crate::shape::{InstanceAttrs, Shape};
use crate::types;
use crate::value::{CodeData, Object, Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use std::cell::Cell;
use std::rc::Rc;

/// Where a global name was found last time.
#[derive(Clone, Copy, Default)]
pub struct GlobalCache {
    kind: GlobalKind,
    /// The entry slot holding the name (in globals or builtins, per `kind`).
    index: u32,
    /// For `InBuiltins`: the globals' key-set version at which the name was absent from them
    /// (dict versions are unique VM-wide, see `DictInner::version`).
    globals_version: u64,
}

#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum GlobalKind {
    #[default]
    Empty,
    InGlobals,
    InBuiltins,
}

/// What an attribute name resolved to on objects of one type, valid while the type epoch
/// (any change to any class dict, or the death of any type) is unchanged.
#[derive(Clone, Copy)]
pub struct AttrCache {
    /// The address of the objects' class. Comparing it needs no access to the class itself;
    /// it cannot name another class while the epoch holds, because a type's deallocation
    /// moves the epoch (value.rs, `Drop for Object`).
    tag: u64,
    epoch: u64,
    /// The class-value epoch (`types::value_epoch`) at the fill: a `ClassValue` entry holds a
    /// value, which a rebinding of plain class data makes stale without moving `epoch`.
    vepoch: u64,
    kind: AttrKind,
    /// `InstanceDict`: the instance-dict slot where the name was last found (a hint).
    index: u32,
    /// `Method`: the function found on the class. Borrowed: the class dict holds it, and any
    /// change to a class dict moves the epoch, so it is alive whenever the check passes (as
    /// CPython's `LOAD_METHOD` caches hold borrowed descriptors).
    descr: *const Object,
    /// `ClassValue` with an inline value (`descr` null): the value itself.
    small: Small,
    /// `InlineValue`: the shape (shape.rs) whose slot `index` holds the name. `Method` and
    /// `ClassValue`: a shape known not to hold the name (so instances of that shape do not
    /// shadow the class attribute). Shapes are never freed, so the address is an identity.
    shape: *const Shape,
}

/// An inline `Value` (no reference to count), storable in a `Copy` cache.
#[derive(Clone, Copy)]
enum Small {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
}

impl Small {
    fn of(v: &Value) -> Option<Small> {
        match v {
            Value::None => Some(Small::None),
            Value::Bool(b) => Some(Small::Bool(*b)),
            Value::Int(i) => Some(Small::Int(*i)),
            Value::Float(f) => Some(Small::Float(*f)),
            Value::Obj(_) => None,
        }
    }

    fn value(self) -> Value {
        match self {
            Small::None => Value::None,
            Small::Bool(b) => Value::Bool(b),
            Small::Int(i) => Value::Int(i),
            Small::Float(f) => Value::Float(f),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum AttrKind {
    Empty,
    /// The class has no attribute of this name: the value lives in the instance's `__dict__`
    /// (for stores: and the class has no `__setattr__`, and `__slots__`, if any, name it).
    InstanceDict,
    /// As `InstanceDict`, for instances that keep their attributes inline: slot `index` of
    /// objects whose shape is `shape`. A store also adds the name to objects whose shape is
    /// `shape`'s parent when the name is `shape`'s last (the assignments of `__init__`).
    InlineValue,
    /// The class defines a plain function (or a binding builtin) of this name, and instances
    /// normally do not shadow it.
    Method,
    /// A plain class attribute (no `__get__`: a number, str, tuple, None, ...) that instances
    /// normally do not shadow: `descr` (borrowed, as for `Method`) or the inline `small`.
    ClassValue,
    /// A `property` of the class (a data descriptor: instances cannot shadow it); `descr` is the
    /// property object, whose getter the interpreter calls.
    Property,
    /// A `__slots__` member descriptor of the class: the value is slot `index` of the
    /// instance's `Payload::Slots` (a data descriptor, so it wins over any instance dict).
    Slot,
}

/// The slot index behind `descr` when it is a member descriptor that applies to instances of
/// `t` (its owner is in `t`'s MRO) and `o` keeps its slots in `Payload::Slots`.
fn slot_member(descr: &Value, t: &PyRef, o: &Object) -> Option<u32> {
    let m = crate::objects::slots::as_member(descr)?;
    let owner = m.owner.upgrade()?;
    (matches!(o.payload, Payload::Slots(_)) && types::is_subtype(t, &owner)).then_some(m.index as u32)
}

impl AttrCache {
    /// An entry for objects of the class tagged `tag` at type epoch `epoch`.
    fn new(tag: u64, epoch: u64, kind: AttrKind, index: u32) -> AttrCache {
        let vepoch = types::value_epoch();
        AttrCache {
            tag,
            epoch,
            vepoch,
            kind,
            index,
            descr: std::ptr::null(),
            small: Small::None,
            shape: std::ptr::null(),
        }
    }

    /// The same entry naming the class-dict object `descr` (`Method`, `ClassValue`, `Property`).
    fn with_descr(self, descr: &PyRef) -> AttrCache {
        AttrCache { descr: Rc::as_ptr(descr), ..self }
    }
}

impl Default for AttrCache {
    fn default() -> Self {
        AttrCache::new(0, 0, AttrKind::Empty, 0)
    }
}

/// The per-code-object cache arrays (one entry per `co_names` entry), allocated when the code
/// first runs (`ensure`): most code objects of an imported module (the methods nobody calls)
/// never do, and the entries are about 270 bytes a name.
pub struct NameCaches {
    nnames: usize,
    arrays: std::cell::UnsafeCell<CacheArrays>,
}

#[derive(Default)]
struct CacheArrays {
    globals: Box<[Cell<GlobalCache>]>,
    loads: Box<[[Cell<AttrCache>; 2]]>,
    stores: Box<[[Cell<AttrCache>; 2]]>,
}

impl NameCaches {
    pub fn new(nnames: usize) -> NameCaches {
        NameCaches { nnames, arrays: Default::default() }
    }

    /// Allocates the arrays if this is the code's first run. Every frame is set up through
    /// `Frame::new`, `alloc_frame` or `alloc_func_frame_moving`, which call this, so the
    /// instructions always find them (an index into the empty arrays would panic, not
    /// misbehave).
    #[inline]
    pub fn ensure(&self) {
        if self.globals().len() != self.nnames {
            self.allocate();
        }
    }

    #[cold]
    #[inline(never)]
    fn allocate(&self) {
        let n = self.nnames;
        let full = CacheArrays {
            globals: (0..n).map(|_| Cell::default()).collect(),
            loads: (0..n).map(|_| [Cell::default(), Cell::default()]).collect(),
            stores: (0..n).map(|_| [Cell::default(), Cell::default()]).collect(),
        };
        // SAFETY: single-threaded, and the arrays are replaced only here, while they are
        // still empty: a reference taken before is to an empty slice, which stays valid.
        unsafe { *self.arrays.get() = full };
    }

    #[inline(always)]
    fn arrays(&self) -> &CacheArrays {
        // SAFETY: see `allocate`, the only writer.
        unsafe { &*self.arrays.get() }
    }

    /// `LOAD_GLOBAL`'s entries.
    #[inline(always)]
    pub fn globals(&self) -> &[Cell<GlobalCache>] {
        &self.arrays().globals
    }

    /// `LOAD_ATTR`/`LOAD_METHOD`'s entries (two ways each).
    #[inline(always)]
    pub fn loads(&self) -> &[[Cell<AttrCache>; 2]] {
        &self.arrays().loads
    }

    /// `STORE_ATTR`'s entries (two ways each).
    #[inline(always)]
    pub fn stores(&self) -> &[[Cell<AttrCache>; 2]] {
        &self.arrays().stores
    }
}

/// A cached attribute store's outcome.
pub enum Stored {
    Done,
    /// Not answerable from the cache: the value goes back for the generic path.
    Generic(Value),
    /// A property's setter, to be called with the object and the value.
    Setter(Value, Value),
}

/// A cached attribute load's outcome.
pub enum Cached {
    /// The attribute's value (from the instance dict).
    Value(Value),
    /// A function defined on the class, to be bound to the object (or called with it).
    Method(Value),
    /// A property's getter, to be called with the object.
    Property(Value),
    /// Not answerable from the cache: take the generic path.
    Miss,
}

/// `co_names[i]` as the str object (interned) whose address the caches compare.
#[inline(always)]
fn name_obj(code: &CodeData, i: usize) -> &PyRef {
    let Value::Obj(o) = &code.names[i] else { unreachable!("co_names holds str objects") };
    o
}

/// A name's text and hash.
#[inline]
fn name_text(name: &PyRef) -> (&str, i64) {
    let Payload::Str(s) = &name.payload else { unreachable!("co_names holds str objects") };
    (s.as_str(), s.hash())
}

/// Whether a cache way holds an entry for class `tag` at type epoch `epoch` (read in place:
/// the entry is large, and most probes only need these two words).
#[inline(always)]
fn way_matches(cell: &Cell<AttrCache>, tag: u64, epoch: u64) -> bool {
    // SAFETY: single-threaded, and the reference ends before this returns (no write can
    // happen meanwhile).
    let c = unsafe { &*cell.as_ptr() };
    c.tag == tag && c.epoch == epoch
}

/// The way of a two-way cache holding an entry for class `tag` at type epoch `epoch`.
#[inline(always)]
fn matching_way(ways: &[Cell<AttrCache>; 2], tag: u64, epoch: u64) -> Option<&Cell<AttrCache>> {
    ways.iter().find(|w| way_matches(w, tag, epoch))
}

fn name_of(code: &CodeData, i: usize) -> (&PyRef, &str, i64) {
    let Value::Obj(o) = &code.names[i] else { unreachable!("co_names holds str objects") };
    let Payload::Str(s) = &o.payload else { unreachable!("co_names holds str objects") };
    (o, s.as_str(), s.hash())
}

/// The cache key of `o`'s class (see `AttrCache::tag`), or `None` for objects whose attribute
/// access is never cached (`Type` and `super` objects have their own lookup rules).
#[inline]
fn cacheable_tag(o: &Object) -> Option<u64> {
    // Weak reference proxies forward attribute access to their referent.
    if matches!(o.payload, Payload::Type(_) | Payload::Super { .. } | Payload::WeakRef(_)) {
        return None;
    }
    Some(o.class_addr() as u64)
}

/// The first way of a two-way cache, read in place when it was filled with `kind` for the
/// class of `o`, an instance with inline attributes of shape `shape` (null for none), at the
/// current epoch.
#[inline(always)]
fn first_way_for<'a>(
    ways: &'a [Cell<AttrCache>; 2],
    o: &Object,
    shape: *const Shape,
    kind: AttrKind,
) -> Option<&'a AttrCache> {
    way_for(&ways[0], o, shape, kind)
}

/// One way's entry, if it answers for `o` (see `first_way_for`; the second way is read
/// out of line, through this directly).
#[inline(always)]
fn way_for<'a>(way: &'a Cell<AttrCache>, o: &Object, shape: *const Shape, kind: AttrKind) -> Option<&'a AttrCache> {
    // SAFETY: single-threaded; the reference is used before anything can write the cell.
    let c = unsafe { &*way.as_ptr() };
    (c.kind == kind && c.shape == shape && c.tag == o.class_addr() as u64 && c.epoch == types::epoch()).then_some(c)
}

/// `instance_value_hit` through the second way.
#[inline(never)]
fn instance_value_second_way(ways: &[Cell<AttrCache>; 2], o: &Object, attrs: &InstanceAttrs) -> Option<Value> {
    let c = way_for(&ways[1], o, attrs.shape_ptr(), AttrKind::InlineValue)?;
    attrs.value_at(c.index as usize)
}

/// `LOAD_ATTR`'s commonest hits, inlined into the interpreter loop: an attribute kept inline
/// in an instance of the shape the first cache way names (CPython's
/// `LOAD_ATTR_INSTANCE_VALUE`), or a slot.
/// `None` sends the instruction to `load_attr_cached`.
#[inline(always)]
pub(crate) fn instance_value_hit(code: &CodeData, i: usize, obj: &Value) -> Option<Value> {
    let Value::Obj(o) = obj else { return None };
    match &o.payload {
        Payload::Instance(attrs) => {
            // Both ways: a site such as `self.v1` in a method that subclasses share sees
            // instances of several classes in turn.
            // (Checked out of line: inlined, it slowed every other instruction.)
            let ways = &code.caches.loads()[i];
            match first_way_for(ways, o, attrs.shape_ptr(), AttrKind::InlineValue) {
                Some(c) => attrs.value_at(c.index as usize),
                None => instance_value_second_way(ways, o, attrs),
            }
        }
        // A `__slots__` member (CPython's `LOAD_ATTR_SLOT`); an unset slot takes the generic
        // path to its AttributeError.
        Payload::Slots(slots) => {
            let c = first_way_for(&code.caches.loads()[i], o, std::ptr::null(), AttrKind::Slot)?;
            slots.try_borrow().ok()?.get(c.index as usize)?.clone()
        }
        _ => None,
    }
}

/// `STORE_ATTR`'s commonest hits, inlined: rebinding an attribute kept inline in an instance
/// of the shape the first store way names (CPython's `STORE_ATTR_INSTANCE_VALUE`); out of
/// line, the second way and `__slots__` members (`STORE_ATTR_SLOT`). Gives the old value back
/// to drop, or `value` itself on a miss.
#[inline(always)]
pub(crate) fn instance_store_hit(code: &CodeData, i: usize, obj: &Value, value: Value) -> Result<Value, Value> {
    let Value::Obj(o) = obj else { return Err(value) };
    let ways = &code.caches.stores()[i];
    match &o.payload {
        Payload::Instance(attrs) => match first_way_for(ways, o, attrs.shape_ptr(), AttrKind::InlineValue) {
            Some(c) => Ok(attrs.replace_at(c.index as usize, value)),
            None => instance_store_second_way(ways, o, attrs, value),
        },
        Payload::Slots(_) => slot_store_hit(ways, o, value),
        _ => Err(value),
    }
}

/// `instance_store_hit` for a `__slots__` member named by either way.
#[inline(never)]
fn slot_store_hit(ways: &[Cell<AttrCache>; 2], o: &Object, value: Value) -> Result<Value, Value> {
    let Payload::Slots(slots) = &o.payload else { return Err(value) };
    let null = std::ptr::null();
    let Some(c) = first_way_for(ways, o, null, AttrKind::Slot).or_else(|| way_for(&ways[1], o, null, AttrKind::Slot))
    else {
        return Err(value);
    };
    let Ok(mut s) = slots.try_borrow_mut() else { return Err(value) };
    match s.get_mut(c.index as usize) {
        // An unset slot gives back None, which the caller drops like any old value.
        Some(slot) => Ok(slot.replace(value).unwrap_or(Value::None)),
        None => Err(value),
    }
}

/// `instance_store_hit` through the second way (out of line, as `instance_value_second_way`).
#[inline(never)]
fn instance_store_second_way(
    ways: &[Cell<AttrCache>; 2],
    o: &Object,
    attrs: &InstanceAttrs,
    value: Value,
) -> Result<Value, Value> {
    match way_for(&ways[1], o, attrs.shape_ptr(), AttrKind::InlineValue) {
        Some(c) => Ok(attrs.replace_at(c.index as usize, value)),
        None => Err(value),
    }
}

/// `LOAD_METHOD`'s commonest hit, inlined: a function of the class, on an instance whose
/// inline attributes (of the shape the first way names) do not shadow it (CPython's
/// `LOAD_METHOD_WITH_VALUES`). Returns the function (a new reference).
#[inline(always)]
pub(crate) fn method_hit(code: &CodeData, i: usize, obj: &Value) -> Option<Value> {
    let Value::Obj(o) = obj else { return None };
    let Payload::Instance(attrs) = &o.payload else { return None };
    let shape = attrs.shape_ptr();
    // A null shape means the attributes live in a `__dict__`, which the entry says nothing of.
    if shape.is_null() {
        return None;
    }
    let c = first_way_for(&code.caches.loads()[i], o, shape, AttrKind::Method)?;
    // SAFETY: as in `load_attr_cached`'s `Method` case: the tag and epoch checks prove the
    // class dict holding the function is unchanged, so it is alive.
    let f = unsafe {
        Rc::increment_strong_count(c.descr);
        Rc::from_raw(c.descr)
    };
    Some(Value::fresh_obj(f))
}

/// `method_hit` for a builtin string or container of exactly its type (`s.strip()`,
/// `items.append(x)`), which has no attributes of its own to shadow the method (CPython's
/// `LOAD_METHOD_NO_DICT`). Out of line: inlined next to `method_hit`, it slowed the
/// interpreter loop's Python method calls.
#[inline(never)]
pub(crate) fn builtin_method_hit(code: &CodeData, i: usize, obj: &Value) -> Option<Value> {
    let Value::Obj(o) = obj else { return None };
    let no_dict = matches!(
        o.payload,
        Payload::Str(_)
            | Payload::List(_)
            | Payload::Dict(_)
            | Payload::Set(_)
            | Payload::FrozenSet(..)
            | Payload::Tuple(_)
            | Payload::Bytes(_)
            | Payload::ByteArray(_)
    );
    if !no_dict || o.class_is_heap() {
        return None;
    }
    let c = first_way_for(&code.caches.loads()[i], o, std::ptr::null(), AttrKind::Method)?;
    // SAFETY: as in `method_hit`.
    let f = unsafe {
        Rc::increment_strong_count(c.descr);
        Rc::from_raw(c.descr)
    };
    Some(Value::fresh_obj(f))
}

impl Vm {
    /// `LOAD_GLOBAL` through the cache; `None` if the name is in neither dict (the caller
    /// raises `NameError` through the generic path).
    // The hit on a global (a module's function, class or constant) is inlined into the
    // interpreter loop; the rest is `load_global_slow`.
    #[inline(always)]
    pub(crate) fn load_global_cached(&self, f: &Frame, i: usize) -> Option<Value> {
        let c = f.code.caches.globals()[i].get();
        if c.kind == GlobalKind::InGlobals {
            if let Payload::Dict(g) = &f.globals.payload {
                if let Ok(g) = g.try_borrow() {
                    if let Some(v) = g.value_at_if_key(c.index as usize, name_obj(&f.code, i)) {
                        return Some(v.clone());
                    }
                }
            }
        }
        self.load_global_slow(f, i)
    }

    /// `load_global_cached` past the inlined hit: a builtin, or a refill.
    #[inline(never)]
    fn load_global_slow(&self, f: &Frame, i: usize) -> Option<Value> {
        let cell = &f.code.caches.globals()[i];
        let c = cell.get();
        let name = name_obj(&f.code, i);
        let Payload::Dict(g) = &f.globals.payload else { return None };
        let Payload::Dict(b) = &f.builtins.payload else { return None };
        let g = g.try_borrow().ok()?;
        match c.kind {
            GlobalKind::InGlobals => {
                if let Some(v) = g.value_at_if_key(c.index as usize, name) {
                    return Some(v.clone());
                }
            }
            GlobalKind::InBuiltins if g.version == c.globals_version => {
                if let Some(v) = b.try_borrow().ok()?.value_at_if_key(c.index as usize, name) {
                    return Some(v.clone());
                }
            }
            _ => {}
        }
        let (n, h) = name_text(name);
        if let Some(ix) = g.find_str(n, h) {
            let v = g.entry_at(ix).map(|e| e.value.clone());
            cell.set(GlobalCache { kind: GlobalKind::InGlobals, index: ix as u32, globals_version: 0 });
            return v;
        }
        let globals_version = g.version;
        let b = b.try_borrow().ok()?;
        let ix = b.find_str(n, h)?;
        cell.set(GlobalCache { kind: GlobalKind::InBuiltins, index: ix as u32, globals_version });
        b.entry_at(ix).map(|e| e.value.clone())
    }

    /// `LOAD_ATTR`/`LOAD_METHOD` of `co_names[i]` on `obj` through the cache, refilling it when
    /// the object's class answers the two cacheable ways.
    #[inline]
    pub(crate) fn load_attr_cached(&self, code: &CodeData, i: usize, obj: &Value) -> Cached {
        let Value::Obj(o) = obj else { return Cached::Miss };
        let Some(tag) = cacheable_tag(o) else { return Cached::Miss };
        let name = name_obj(code, i);
        let epoch = types::epoch();
        // Two ways per name: a site that sees two classes (say a list of shapes of two kinds)
        // keeps both answers.
        let ways = &code.caches.loads()[i];
        let Some(cell) = matching_way(ways, tag, epoch) else {
            // The most recent entry moves to the second way; the fill writes the first.
            ways[1].set(ways[0].get());
            return self.fill_load_cache(o, tag, epoch, &ways[0], name);
        };
        // Read in place (an entry is seven words; a hit needs two or three of them).
        // SAFETY: single-threaded, and every write to `cell` below comes after the last use of
        // `c` (each `cell.set` builds its new entry from `c` first).
        let c = unsafe { &*cell.as_ptr() };
        match c.kind {
            AttrKind::InstanceDict => o.peek_dict(|d| {
                let Some(Payload::Dict(d)) = d.map(|d| &d.payload) else { return Cached::Miss };
                let Ok(d) = d.try_borrow() else { return Cached::Miss };
                if let Some(v) = d.value_at_if_key(c.index as usize, name) {
                    return Cached::Value(v.clone());
                }
                let (n, h) = name_text(name);
                match d.find_str(n, h) {
                    Some(ix) => {
                        cell.set(AttrCache { index: ix as u32, ..*c });
                        Cached::Value(d.entry_at(ix).unwrap().value.clone())
                    }
                    None => Cached::Miss,
                }
            }),
            AttrKind::InlineValue => {
                let Payload::Instance(attrs) = &o.payload else { return Cached::Miss };
                let p = attrs.shape_ptr();
                if p == c.shape {
                    return attrs.value_at(c.index as usize).map_or(Cached::Miss, Cached::Value);
                }
                // Another shape (the same attributes set in another order, or more of them).
                let Some(ix) = attrs.shape().and_then(|s| s.index_of(name)) else { return Cached::Miss };
                cell.set(AttrCache { index: ix as u32, shape: p, ..*c });
                attrs.value_at(ix).map_or(Cached::Miss, Cached::Value)
            }
            AttrKind::Method => {
                if shadowed_cached(o, cell, c, name) {
                    return Cached::Miss;
                }
                // SAFETY: see `AttrCache::descr`: the tag and epoch checks above prove the
                // class dict that holds this object is unchanged, so it is alive.
                let f = unsafe {
                    Rc::increment_strong_count(c.descr);
                    Rc::from_raw(c.descr)
                };
                // Built in one store: the interpreter moves it onto its stack at once.
                Cached::Method(Value::fresh_obj(f))
            }
            AttrKind::ClassValue => {
                if c.vepoch != types::value_epoch() {
                    // The class attribute was rebound (its old object may be gone): refill.
                    return self.fill_load_cache(o, tag, epoch, cell, name);
                }
                if shadowed_cached(o, cell, c, name) {
                    return Cached::Miss;
                }
                if c.descr.is_null() {
                    return Cached::Value(c.small.value());
                }
                // SAFETY: as for `Method`.
                let v = unsafe {
                    Rc::increment_strong_count(c.descr);
                    Rc::from_raw(c.descr)
                };
                Cached::Value(Value::fresh_obj(v))
            }
            AttrKind::Property => {
                // SAFETY: as for `Method` (the property object lives in the class dict).
                let p = unsafe { &*c.descr };
                match &p.payload {
                    Payload::Property(pd) if !pd.fget.is_none() => Cached::Property(pd.fget.clone()),
                    _ => Cached::Miss,
                }
            }
            AttrKind::Slot => {
                if let Payload::Slots(slots) = &o.payload {
                    if let Some(Some(v)) = slots.try_borrow().ok().as_deref().and_then(|s| s.get(c.index as usize)) {
                        return Cached::Value(v.clone());
                    }
                }
                Cached::Miss
            }
            AttrKind::Empty => self.fill_load_cache(o, tag, epoch, cell, name),
        }
    }

    /// Whether the property-like `d`, found on class `t`, runs its functions unchanged for every
    /// instance of `t`: an exact `property`, or a native getset or member of a class `t`
    /// derives from (its type check always passes there), so a cache may call them directly.
    fn plain_getter(&self, d: &Object, t: &PyRef) -> bool {
        if d.class_is(&self.types.property) {
            return true;
        }
        crate::objects::descr::is_native(self, d) && crate::objects::descr::applies_to(d, t)
    }

    /// Classifies `o.<n>` the way `generic_getattr` would resolve it and caches the two
    /// common outcomes.
    #[cold]
    fn fill_load_cache(&self, o: &PyRef, tag: u64, epoch: u64, cell: &Cell<AttrCache>, name: &PyRef) -> Cached {
        let (n, h) = name_text(name);
        let t = o.class();
        let Some(td) = t.as_type() else { return Cached::Miss };
        if types::may_hook_attrs(td) && types::attr_hooks(&t) & types::HOOK_GETATTRIBUTE != 0 {
            return Cached::Miss;
        }
        match types::lookup(&t, n, h) {
            None if let Payload::Instance(attrs) = &o.payload
                && let Some(shape) = attrs.shape() =>
            {
                let ix = shape.index_of(name);
                let Some(ix) = ix else { return Cached::Miss };
                let entry = AttrCache {
                    shape: Rc::as_ptr(&shape),
                    ..AttrCache::new(tag, epoch, AttrKind::InlineValue, ix as u32)
                };
                cell.set(entry);
                attrs.value_at(ix).map_or(Cached::Miss, Cached::Value)
            }
            None => o.peek_dict(|d| {
                let Some(Payload::Dict(d)) = d.map(|d| &d.payload) else { return Cached::Miss };
                let Ok(d) = d.try_borrow() else { return Cached::Miss };
                match d.find_str(n, h) {
                    Some(ix) => {
                        cell.set(AttrCache::new(tag, epoch, AttrKind::InstanceDict, ix as u32));
                        Cached::Value(d.entry_at(ix).unwrap().value.clone())
                    }
                    None => Cached::Miss,
                }
            }),
            Some(d) if let Some(index) = slot_member(&d, &t, o) => {
                let Payload::Slots(slots) = &o.payload else { return Cached::Miss };
                let v = slots.try_borrow().ok().and_then(|s| s.get(index as usize).cloned().flatten());
                let Some(v) = v else { return Cached::Miss };
                cell.set(AttrCache::new(tag, epoch, AttrKind::Slot, index));
                Cached::Value(v)
            }
            Some(Value::Obj(d)) if matches!(&d.payload, Payload::Property(pd) if !pd.fget.is_none()) => {
                // Only exact `property` objects (a subclass may override `__get__`), and not on
                // classes with `__getattr__` (an AttributeError from the getter goes there).
                let getattr_hook = types::lookup_static(&t, "__getattr__");
                if !self.plain_getter(&d, &t) || getattr_hook.is_some() {
                    return Cached::Miss;
                }
                let Payload::Property(pd) = &d.payload else { unreachable!() };
                let fget = pd.fget.clone();
                cell.set(AttrCache::new(tag, epoch, AttrKind::Property, 0).with_descr(&d));
                Cached::Property(fget)
            }
            Some(v) if is_plain_class_value(&v) => {
                if shadowed(o, name) {
                    return Cached::Miss;
                }
                let entry = AttrCache { shape: inline_shape(o), ..AttrCache::new(tag, epoch, AttrKind::ClassValue, 0) };
                cell.set(match (&v, Small::of(&v)) {
                    (Value::Obj(d), _) => entry.with_descr(d),
                    (_, small) => AttrCache { small: small.unwrap_or(Small::None), ..entry },
                });
                Cached::Value(v)
            }
            Some(Value::Obj(d)) => {
                let binds = match &d.payload {
                    Payload::Function(_) => true,
                    Payload::BuiltinFunction(b) => b.binds(),
                    _ => false,
                };
                if !binds || shadowed(o, name) {
                    return Cached::Miss;
                }
                let entry = AttrCache { shape: inline_shape(o), ..AttrCache::new(tag, epoch, AttrKind::Method, 0) };
                cell.set(entry.with_descr(&d));
                Cached::Method(Value::Obj(d))
            }
            Some(_) => Cached::Miss,
        }
    }

    /// `STORE_ATTR` of `co_names[i]` through the cache (one read of the entry per store).
    #[inline]
    pub(crate) fn store_attr_cached(
        &mut self,
        code: &CodeData,
        i: usize,
        obj: &Value,
        value: Value,
    ) -> PyResult<Stored> {
        let Value::Obj(o) = obj else { return Ok(Stored::Generic(value)) };
        let Some(tag) = cacheable_tag(o) else { return Ok(Stored::Generic(value)) };
        // Two ways, as for loads: a setter's `self._w = v` sees instances of a class and of
        // its subclasses.
        let epoch = types::epoch();
        let Some(cell) = matching_way(&code.caches.stores()[i], tag, epoch) else {
            return Ok(Stored::Generic(value));
        };
        let c = cell.get();
        match c.kind {
            AttrKind::Property => {
                // SAFETY: as for `Method` loads (the property object lives in the class dict).
                match &unsafe { &*c.descr }.payload {
                    Payload::Property(pd) if !pd.fset.is_none() => Ok(Stored::Setter(pd.fset.clone(), value)),
                    _ => Ok(Stored::Generic(value)),
                }
            }
            AttrKind::Slot => {
                let Payload::Slots(slots) = &o.payload else { return Ok(Stored::Generic(value)) };
                let old = match slots.try_borrow_mut() {
                    Ok(mut s) => match s.get_mut(c.index as usize) {
                        Some(slot) => slot.replace(value),
                        None => return Ok(Stored::Generic(value)),
                    },
                    Err(_) => return Ok(Stored::Generic(value)),
                };
                drop(old);
                Ok(Stored::Done)
            }
            AttrKind::InlineValue => {
                let Payload::Instance(attrs) = &o.payload else { return Ok(Stored::Generic(value)) };
                let p = attrs.shape_ptr();
                if p == c.shape {
                    drop(attrs.replace_at(c.index as usize, value));
                    return Ok(Stored::Done);
                }
                // SAFETY: shapes are never freed (shape.rs).
                let shape = unsafe { &*c.shape };
                if !p.is_null() && p == shape.parent() && c.index as usize + 1 == shape.len() {
                    // SAFETY: as above; the count taken here is the reference the object keeps.
                    let next = unsafe {
                        Rc::increment_strong_count(c.shape);
                        Rc::from_raw(c.shape)
                    };
                    attrs.push(next, value);
                    return Ok(Stored::Done);
                }
                Ok(Stored::Generic(value))
            }
            AttrKind::InstanceDict => {
                let Some(d) = o.dict.get() else { return Ok(Stored::Generic(value)) };
                let (name, n, h) = name_of(code, i);
                let Payload::Dict(dd) = &d.payload else { return Ok(Stored::Generic(value)) };
                let replaced = match dd.try_borrow_mut() {
                    Ok(mut data) => data.replace_at_if_key(c.index as usize, name, value),
                    Err(_) => return Ok(Stored::Generic(value)),
                };
                match replaced {
                    Ok(old) => drop(old),
                    Err(value) => {
                        // A new key (the usual case in `__init__`), or the slot moved.
                        dict::set_item_hashed(self, &d, code.names[i].clone(), h, value)?;
                        if let Some(ix) = dd.borrow().find_str(n, h) {
                            cell.set(AttrCache { index: ix as u32, ..c });
                        }
                    }
                }
                Ok(Stored::Done)
            }
            _ => Ok(Stored::Generic(value)),
        }
    }

    /// After a generic `STORE_ATTR` succeeded: caches it if `generic_setattr` would store this
    /// name on objects of this class straight into the instance dict.
    #[cold]
    pub(crate) fn fill_store_cache(&mut self, code: &CodeData, i: usize, obj: &Value) {
        let Value::Obj(o) = obj else { return };
        let Some(tag) = cacheable_tag(o) else { return };
        let t = o.class();
        let Some(td) = t.as_type() else { return };
        if types::may_hook_attrs(td) && types::attr_hooks(&t) & types::HOOK_SETATTR != 0 {
            return;
        }
        let (_, n, h) = name_of(code, i);
        if let Some(d) = types::lookup(&t, n, h) {
            // An exact property with a setter: later stores call the setter directly.
            if let Value::Obj(p) = &d {
                if matches!(&p.payload, Payload::Property(pd) if !pd.fset.is_none()) && self.plain_getter(p, &t) {
                    let epoch = types::epoch();
                    let c = AttrCache::new(tag, epoch, AttrKind::Property, 0).with_descr(p);
                    fill_store_way(code, i, c);
                    return;
                }
            }
            // A slot's member descriptor is cached; any other class attribute is not.
            if let Some(index) = slot_member(&d, &t, o) {
                fill_store_way(code, i, AttrCache::new(tag, types::epoch(), AttrKind::Slot, index));
            }
            return;
        }
        // Slotted instances accept only their slot names (kept in the instance dict here).
        if self.slot_names(&t).is_some_and(|slots| !slots.iter().any(|s| &**s == n)) {
            return;
        }
        if let Payload::Instance(attrs) = &o.payload {
            if let Some(shape) = attrs.shape() {
                let name = name_obj(code, i);
                let Some(ix) = shape.index_of(name) else { return };
                let entry = AttrCache::new(tag, types::epoch(), AttrKind::InlineValue, ix as u32);
                fill_store_way(code, i, AttrCache { shape: Rc::as_ptr(&shape), ..entry });
                return;
            }
        }
        let Some(d) = o.dict.get() else { return };
        let Payload::Dict(dd) = &d.payload else { return };
        let Some(ix) = dd.borrow().find_str(n, h) else { return };
        let epoch = types::epoch();
        fill_store_way(code, i, AttrCache::new(tag, epoch, AttrKind::InstanceDict, ix as u32));
    }
}

/// Writes a new store-cache entry into the first way of `co_names[i]`, the previous first
/// entry moving to the second.
fn fill_store_way(code: &CodeData, i: usize, entry: AttrCache) {
    let ways = &code.caches.stores()[i];
    ways[1].set(ways[0].get());
    ways[0].set(entry);
}

/// A class attribute that `generic_getattr` returns as it is (no descriptor protocol): inline
/// values, and objects of builtin classes that are not descriptors or functions.
fn is_plain_class_value(v: &Value) -> bool {
    let Value::Obj(o) = v else { return true };
    let builtin_class = o.class().as_type().is_some_and(|t| !t.is_heap());
    builtin_class
        && matches!(
            o.payload,
            Payload::Str(_)
                | Payload::Int(_)
                | Payload::Float(_)
                | Payload::Complex(..)
                | Payload::Bytes(_)
                | Payload::Tuple(_)
                | Payload::List(_)
                | Payload::Dict(_)
                | Payload::Set(_)
                | Payload::FrozenSet(..)
        )
}

/// Whether `o` itself holds `n` (which would shadow a method or value of its class).
#[inline]
fn shadowed(o: &Object, name: &PyRef) -> bool {
    if let Payload::Instance(attrs) = &o.payload {
        if !attrs.shape_ptr().is_null() {
            return attrs.has(name);
        }
    }
    o.peek_dict(|d| match d.map(|d| &d.payload) {
        Some(Payload::Dict(d)) => d.try_borrow().map_or(true, |d| {
            let (n, h) = name_text(name);
            !d.is_empty() && d.find_str(n, h).is_some()
        }),
        _ => false,
    })
}

/// `shadowed` for a cache hit: an instance whose shape is the entry's (known not to hold the
/// name) answers with one comparison; another shape without the name becomes the entry's.
#[inline]
fn shadowed_cached(o: &Object, cell: &Cell<AttrCache>, c: &AttrCache, name: &PyRef) -> bool {
    let p = inline_shape(o);
    if p.is_null() {
        return shadowed(o, name);
    }
    if p == c.shape {
        return false;
    }
    if shadowed(o, name) {
        return true;
    }
    cell.set(AttrCache { shape: p, ..*c });
    false
}

/// The shape of an instance with inline attributes (null for any other object).
#[inline]
fn inline_shape(o: &Object) -> *const Shape {
    match &o.payload {
        Payload::Instance(attrs) => attrs.shape_ptr(),
        _ => std::ptr::null(),
    }
}
