//! VM stage: instance attributes stored inline, described by shared "shapes" (hidden classes,
//! as PyPy's maps and V8's; CPython 3.11 gets the same effect from inline values plus shared
//! dict keys). An instance of a Python class keeps its attribute values in one vector in its
//! own object; the names and their order live once, in a `Shape` shared by every instance that
//! got the same attributes in the same order. A `__dict__` object is built only when something
//! asks for it (`vars(o)`, `o.__dict__`, a deleted attribute, an unusual name); from then on
//! that dict is the storage and the inline values are gone, so the two can never disagree.
//!
//! Guarantees: a shape's keys are distinct exact `str` objects in insertion order, so the
//! materialised dict has the same order as a dict filled by the same assignments; shapes live
//! as long as the thread (the transition tree only grows, within `MAX_KEYS`/`MAX_CHILDREN`),
//! so a shape's address is a stable identity for the inline caches.

use crate::value::{Payload, PyRef, Value};
use std::cell::{RefCell, UnsafeCell};
use std::rc::Rc;

/// More attributes than this and an instance keeps a plain dict (CPython caps shared keys at 30).
const MAX_KEYS: usize = 48;
/// More distinct next names than this from one shape and further instances use a plain dict
/// (attribute names generated at run time must not grow the tree without bound).
const MAX_CHILDREN: usize = 1024;

/// One set of attribute names in insertion order.
pub struct Shape {
    /// The names (interned str objects, kept alive here) and their hashes.
    keys: Box<[(PyRef, i64)]>,
    /// The shape with one name fewer (null for the root): shapes are never freed, so a raw
    /// pointer stays valid.
    parent: *const Shape,
    /// Shapes with one more name, found by that name's address: the child's own `keys` keep
    /// the name alive, so no other object can reuse its address.
    children: RefCell<Vec<Rc<Shape>>>,
}

crate::gil_local! {
    static ROOT: Rc<Shape> =
        Rc::new(Shape { keys: Box::new([]), parent: std::ptr::null(), children: RefCell::new(Vec::new()) });
}

/// The empty shape every new instance starts from.
pub fn root() -> Rc<Shape> {
    ROOT.with(|r| r.clone())
}

impl Shape {
    #[inline]
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The shape this one extends by its last name (null for the root).
    #[inline]
    pub fn parent(&self) -> *const Shape {
        self.parent
    }

    /// The names in insertion order, with their hashes.
    pub fn keys(&self) -> &[(PyRef, i64)] {
        &self.keys
    }

    /// Where `name` (a str object) is stored. Names used in code are interned, so the
    /// address comparison nearly always decides; other str objects compare by value.
    #[inline]
    pub fn index_of(&self, name: &PyRef) -> Option<usize> {
        if let Some(i) = self.keys.iter().position(|(k, _)| Rc::ptr_eq(k, name)) {
            return Some(i);
        }
        let Payload::Str(s) = &name.payload else { return None };
        let (n, h) = (s.as_str(), s.hash());
        self.keys.iter().position(|(k, kh)| *kh == h && matches!(&k.payload, Payload::Str(s) if s.as_str() == n))
    }

    /// The shape with `name` (an interned exact str not in this shape) added, or `None` when
    /// the tree is at its limits.
    pub fn child(&self, name: &PyRef, h: i64) -> Option<Rc<Shape>> {
        let mut children = self.children.borrow_mut();
        if let Some(c) = children.iter().find(|c| c.keys.last().is_some_and(|(k, _)| Rc::ptr_eq(k, name))) {
            return Some(c.clone());
        }
        if self.keys.len() >= MAX_KEYS || children.len() >= MAX_CHILDREN {
            return None;
        }
        let mut keys = Vec::with_capacity(self.keys.len() + 1);
        keys.extend(self.keys.iter().cloned());
        keys.push((name.clone(), h));
        let c = Rc::new(Shape { keys: keys.into_boxed_slice(), parent: self, children: RefCell::new(Vec::new()) });
        children.push(c.clone());
        Some(c)
    }
}

/// The attribute storage of an instance of a Python class (`Payload::Instance`).
pub struct InstanceAttrs(UnsafeCell<Inline>);

struct Inline {
    /// `None` once the attributes moved into the object's `__dict__`.
    shape: Option<Rc<Shape>>,
    /// One value per name of `shape`, in the same order.
    values: Vec<Value>,
}

/// An attribute lookup in inline storage.
pub enum Found {
    Value(Value),
    Absent,
    /// The attributes live in the object's `__dict__` (look there).
    InDict,
}

// Every method below touches the cell only for the duration of the call and runs no Python
// code meanwhile (cloning or moving a `Value` cannot run code; replaced values are handed back
// to the caller to drop afterwards), so no reference into the cell outlives a re-entrant call.
impl InstanceAttrs {
    pub fn new() -> InstanceAttrs {
        InstanceAttrs(UnsafeCell::new(Inline { shape: Some(root()), values: Vec::new() }))
    }

    #[inline]
    fn inline(&self) -> &Inline {
        // SAFETY: see the comment on this impl.
        unsafe { &*self.0.get() }
    }

    #[inline]
    #[allow(clippy::mut_from_ref)]
    fn inline_mut(&self) -> &mut Inline {
        // SAFETY: see the comment on this impl; callers never hold two of these at once.
        unsafe { &mut *self.0.get() }
    }

    /// The current shape's address (its identity for the inline caches), null when the
    /// attributes live in the `__dict__`.
    #[inline]
    pub fn shape_ptr(&self) -> *const Shape {
        self.inline().shape.as_ref().map_or(std::ptr::null(), Rc::as_ptr)
    }

    /// The current shape, `None` when the attributes live in the `__dict__`.
    pub fn shape(&self) -> Option<Rc<Shape>> {
        self.inline().shape.clone()
    }

    /// The value at `index` of the current shape.
    #[inline]
    pub fn value_at(&self, index: usize) -> Option<Value> {
        self.inline().values.get(index).cloned()
    }

    pub fn find(&self, name: &PyRef) -> Found {
        let inline = self.inline();
        match &inline.shape {
            None => Found::InDict,
            Some(s) => match s.index_of(name) {
                Some(i) => Found::Value(inline.values[i].clone()),
                None => Found::Absent,
            },
        }
    }

    /// Whether inline storage holds `n` (false when the attributes live in the `__dict__`).
    #[inline]
    pub fn has(&self, name: &PyRef) -> bool {
        self.inline().shape.as_ref().is_some_and(|s| s.index_of(name).is_some())
    }

    /// Replaces the value at `index`, returning the old one for the caller to drop.
    #[inline]
    pub fn replace_at(&self, index: usize, v: Value) -> Value {
        std::mem::replace(&mut self.inline_mut().values[index], v)
    }

    /// Adds the value of the last name of `next`, a child of the current shape.
    #[inline]
    pub fn push(&self, next: Rc<Shape>, v: Value) {
        let inline = self.inline_mut();
        debug_assert_eq!(next.len(), inline.values.len() + 1);
        inline.values.push(v);
        inline.shape = Some(next);
    }

    /// Moves the attributes out (for the `__dict__` that replaces them, or for the cycle
    /// collector breaking a cycle); the object is in dict mode afterwards.
    pub fn take(&self) -> Option<(Rc<Shape>, Vec<Value>)> {
        let inline = self.inline_mut();
        let shape = inline.shape.take()?;
        Some((shape, std::mem::take(&mut inline.values)))
    }

    /// Calls `f` on each value (the cycle collector's traversal; `f` runs no Python code).
    pub fn for_each_value(&self, f: &mut dyn FnMut(&Value)) {
        self.inline().values.iter().for_each(f)
    }

    /// Whether the object has no inline attributes.
    pub fn is_empty(&self) -> bool {
        self.inline().values.is_empty()
    }
}

impl Default for InstanceAttrs {
    fn default() -> Self {
        InstanceAttrs::new()
    }
}
