//! VM stage: type objects. A type has a name, bases, its C3 method resolution order, a
//! `__dict__` (a dict object held in the type object's `dict` slot) and the builtin layout its
//! instances carry. Attribute lookup along the MRO lives here.

use crate::dict::DictData;
use crate::value::{Object, Payload, PyRef, SlotCell, Value};
use crate::vm::{PyResult, Vm};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// The builtin data an instance of a type carries (what `object.__new__`-like creation
/// must allocate). A subclass inherits its base's layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    Object,
    Int,
    Float,
    Complex,
    Str,
    Bytes,
    ByteArray,
    Tuple,
    List,
    Dict,
    Set,
    FrozenSet,
    Exception,
    Type,
    Module,
    Property,
    /// Instances cannot be created from Python (`TypeError: cannot create 'X' instances`).
    Native,
}

/// The `__slots__` names of a class and its bases.
pub type SlotNames = Rc<[Rc<str>]>;

pub struct TypeData {
    pub name: RefCell<Rc<str>>,
    pub qualname: RefCell<Rc<str>>,
    pub bases: RefCell<Vec<PyRef>>,
    pub mro: RefCell<Vec<PyRef>>,
    pub layout: Layout,
    /// Created by a class statement (or `type(name, bases, dict)`), as CPython's heap types.
    heap: bool,
    /// Instances of this type get an instance `__dict__` (false for a class whose `__slots__`
    /// chain has no `__dict__`, set when the class is created).
    pub instance_dict: Cell<bool>,
    /// Instances may be weakly referenced (a heap class without `__weakref__` in a `__slots__`
    /// chain cannot).
    pub weakrefable: Cell<bool>,
    /// The slot layout of instances: for each slot index, the class that declared it and its
    /// (mangled) name. Instances of `Layout::Object` classes keep the values in
    /// `Payload::Slots`, exceptions in `ExceptionData::slots`; other layouts keep them in their
    /// (hidden) instance dict.
    pub slot_members: RefCell<Vec<(std::rc::Weak<Object>, Rc<str>)>>,
    /// May be used as a base class (`Py_TPFLAGS_BASETYPE`; see `mark_final_types`).
    pub basetype: Cell<bool>,
    /// A tag no other type ever gets: the type attribute cache's key (addresses are reused).
    pub version: Cell<u64>,
    /// Recent `lookup` results (`None` until the first lookup).
    pub cache: RefCell<Option<Box<[CacheEntry]>>>,
    /// Which attribute hooks the class overrides (`HOOK_*`), with the epoch computed at.
    pub hooks: Cell<(u64, u8)>,
    /// For `C(...)` run inline (`prepare_inline_call`), computed at the epoch it holds:
    /// `__new__` is `object.__new__`, there are no `__abstractmethods__`, and `__init__` is this
    /// Python function (borrowed from a class dict, alive while the epoch holds); null when
    /// instantiation takes the general path.
    pub init_plan: Cell<(u64, *const Object)>,
    /// The `__slots__` names of the class and its bases (`None` inside: instances have a
    /// `__dict__`), with the epoch they were computed at.
    pub all_slots: RefCell<Option<(u64, Option<SlotNames>)>>,
    /// `__slots__` names declared by this class, if any.
    pub slots: RefCell<Option<Vec<Rc<str>>>>,
    /// Direct subclasses, weakly held (`type.__subclasses__()`).
    pub subclasses: RefCell<Vec<std::rc::Weak<Object>>>,
    /// CPython's `tp_name` where it differs from `__name__`: "module.name" for the native
    /// types of extension modules (`_thread.lock`, `collections.deque`), which error messages
    /// show. Unset for builtins and classes.
    pub tp_name: std::cell::OnceCell<Rc<str>>,
    /// This class's own `Py_TPFLAGS_SEQUENCE` / `Py_TPFLAGS_MAPPING` bit (0 when it has none):
    /// set by `_abc` from `__abc_tpflags__` or by registering with such an ABC; read through
    /// `collection_flag`.
    pub collection_flag: Cell<u8>,
}

impl TypeData {
    #[inline]
    pub fn is_heap(&self) -> bool {
        self.heap
    }

    pub fn name(&self) -> Rc<str> {
        self.name.borrow().clone()
    }

    /// The name error messages show (`tp_name`).
    pub fn tp_name(&self) -> Rc<str> {
        match self.tp_name.get() {
            Some(n) => n.clone(),
            None => self.name(),
        }
    }
}

/// The dict object of a type (every type has one).
#[inline]
pub fn type_dict(t: &PyRef) -> PyRef {
    t.dict.get().expect("type objects always have a __dict__")
}

/// Creates a type object. `metatype` is its class; the MRO is computed from `bases`.
pub fn new_type(
    metatype: Option<&PyRef>,
    dict_type: Option<&PyRef>,
    name: &str,
    bases: Vec<PyRef>,
    layout: Layout,
    heap: bool,
) -> PyRef {
    let instance_dict = heap || bases.iter().any(|b| b.as_type().map(|t| t.instance_dict.get()).unwrap_or(false));
    let data = TypeData {
        name: RefCell::new(name.into()),
        qualname: RefCell::new(name.into()),
        bases: RefCell::new(bases),
        mro: RefCell::new(Vec::new()),
        layout,
        heap,
        instance_dict: Cell::new(instance_dict),
        weakrefable: Cell::new(heap),
        slot_members: RefCell::new(Vec::new()),
        basetype: Cell::new(true),
        version: Cell::new(next_type_tag()),
        cache: RefCell::new(None),
        all_slots: RefCell::new(None),
        hooks: Cell::new((0, 0)),
        init_plan: Cell::new((0, std::ptr::null())),
        slots: RefCell::new(None),
        subclasses: RefCell::new(Vec::new()),
        tp_name: std::cell::OnceCell::new(),
        collection_flag: Cell::new(0),
    };
    let mut dd = DictData::new();
    dd.watched = true;
    let dict = Rc::new(Object {
        class: SlotCell::new(dict_type.cloned()),
        dict: SlotCell::new(None),
        payload: Payload::Dict(RefCell::new(dd)),
    });

    Rc::new(Object {
        class: SlotCell::new(metatype.cloned()),
        dict: SlotCell::new(Some(dict)),
        payload: Payload::Type(Box::new(data)),
    })
}

/// C3 linearisation of `t`'s bases (`mro_internal`); `Err` carries CPython's message.
pub fn compute_mro(t: &PyRef) -> Result<Vec<PyRef>, String> {
    let td = t.as_type().unwrap();
    let bases = td.bases.borrow().clone();
    let mut seqs: Vec<Vec<PyRef>> = Vec::new();
    for b in &bases {
        seqs.push(b.as_type().unwrap().mro.borrow().clone());
    }
    seqs.push(bases.clone());
    let mut result = vec![t.clone()];
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Ok(result);
        }
        let mut chosen = None;
        for s in &seqs {
            let cand = &s[0];
            if !seqs.iter().any(|s2| s2[1..].iter().any(|x| Rc::ptr_eq(x, cand))) {
                chosen = Some(cand.clone());
                break;
            }
        }
        match chosen {
            Some(c) => {
                for s in seqs.iter_mut() {
                    if Rc::ptr_eq(&s[0], &c) {
                        s.remove(0);
                    }
                }
                result.push(c);
            }
            None => {
                // CPython lists the heads that could not be ordered, in base order.
                let mut names: Vec<String> = Vec::new();
                for s in &seqs {
                    let n = s[0].as_type().unwrap().name().to_string();
                    if !names.contains(&n) {
                        names.push(n);
                    }
                }
                return Err(format!(
                    "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                    names.join(", ")
                ));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The type attribute cache (CPython's method cache, `_PyType_Lookup`)
// ---------------------------------------------------------------------------------------------

crate::gil_local! {
    static NEXT_TAG: Cell<u64> = const { Cell::new(1) };
    /// Bumped by any change to any type's `__dict__` or MRO: cached lookups of an older epoch
    /// are stale. (Type changes are rare after start-up; one counter keeps this simple and
    /// covers every way a base class can change under its subclasses.)
    static EPOCH: Cell<u64> = const { Cell::new(1) };
    /// Bumped with `EPOCH`, and also when a class attribute that is plain data is rebound to
    /// other plain data (`Counter.count += 1`): caches of class attribute *values* check this,
    /// caches of where a name resolves (instance attributes, methods, properties) check only
    /// `EPOCH`, so a class-level counter does not flush them.
    static VALUES: Cell<u64> = const { Cell::new(1) };
}

/// Entries of each type's lookup cache: 16 sets of 4 (a name may sit in any slot of its set),
/// so a few hot names that hash alike do not evict each other.
const CACHE_SIZE: usize = 64;
const CACHE_WAYS: usize = 4;

fn next_type_tag() -> u64 {
    NEXT_TAG.with(|t| {
        let v = t.get();
        t.set(v + 1);
        v
    })
}

/// A `__getattribute__` other than a builtin one.
pub const HOOK_GETATTRIBUTE: u8 = 1;
/// A `__setattr__` other than a builtin one.
pub const HOOK_SETATTR: u8 = 2;
/// A `__delattr__` other than a builtin one.
pub const HOOK_DELATTR: u8 = 4;
/// A `__del__` (instances need finalizing: finalize.rs); checked for every dying instance.
pub const HOOK_DEL: u8 = 8;

/// The attribute hooks (`HOOK_*`) type `t` overrides with Python code (and whether it has a
/// `__del__`), computed once per epoch: attribute access and deallocation check a bit instead
/// of looking the hooks up every time.
pub fn attr_hooks(t: &PyRef) -> u8 {
    let Some(td) = t.as_type() else { return 0 };
    let epoch = epoch();
    let (e, bits) = td.hooks.get();
    if e == epoch {
        return bits;
    }
    let python_level = |name: &'static str| lookup_static(t, name).is_some_and(|v| is_attr_hook(&v));
    let mut bits = 0;
    if python_level("__getattribute__") {
        bits |= HOOK_GETATTRIBUTE;
    }
    if python_level("__setattr__") {
        bits |= HOOK_SETATTR;
    }
    if python_level("__delattr__") {
        bits |= HOOK_DELATTR;
    }
    if lookup_static(t, "__del__").is_some() {
        bits |= HOOK_DEL;
    }
    td.hooks.set((epoch, bits));
    bits
}

/// Whether `f`, found as a class's `__getattribute__`/`__setattr__`/`__delattr__`, replaces
/// the generic behaviour: Python code does, and so does an extension type's own slot
/// (`_thread._local`'s); the builtin types' own functions are the generic behaviour.
pub fn is_attr_hook(f: &Value) -> bool {
    match f.payload() {
        Some(Payload::BuiltinFunction(b)) => {
            b.owner.as_ref().and_then(|o| o.as_type()).is_some_and(|td| td.tp_name.get().is_some())
        }
        _ => true,
    }
}

/// Whether instances of the type may have attribute hooks at all (`attr_hooks`): classes, and
/// extension types (the builtin types never do).
#[inline]
pub fn may_hook_attrs(td: &TypeData) -> bool {
    td.is_heap() || td.tp_name.get().is_some()
}

/// The current type epoch (see `modified`).
#[inline]
pub fn epoch() -> u64 {
    EPOCH.with(|e| e.get())
}

/// Invalidates every cached type attribute lookup.
#[inline]
pub fn modified() {
    EPOCH.with(|e| e.set(e.get() + 1));
    VALUES.with(|e| e.set(e.get() + 1));
}

/// The current class-value epoch (see `VALUES`).
#[inline]
pub fn value_epoch() -> u64 {
    VALUES.with(|e| e.get())
}

/// A class dict (a watched dict) rebinds existing key `key` from `old` to `new`. Plain data
/// to plain data under an ordinary name changes no attribute's kind — no descriptor, hook or
/// special method appears or goes — so only cached class values are dropped; anything else
/// invalidates every cached lookup.
pub fn class_value_rebound(key: &Value, old: &Value, new: &Value) {
    let ordinary = key.as_str().is_some_and(|k| !k.as_str().starts_with("__"));
    if ordinary && is_plain_data(old) && is_plain_data(new) {
        VALUES.with(|e| e.set(e.get() + 1));
    } else {
        modified();
    }
}

/// Values of builtin types with no `__get__`/`__set__` (exact int, float, str, bytes, and the
/// inline ones).
fn is_plain_data(v: &Value) -> bool {
    match v {
        Value::Obj(o) => {
            matches!(o.payload, Payload::Int(_) | Payload::Float(_) | Payload::Str(_) | Payload::Bytes(_))
                && !o.class_is_heap()
        }
        _ => true,
    }
}

/// One cached `lookup` result. Objects are held weakly: the cache must not keep anything alive
/// (a hit is only possible while the type's dict, which holds them strongly, is unchanged).
pub struct CacheEntry {
    epoch: u64,
    hash: i64,
    name: Box<str>,
    /// The address of the `'static` text the entry was filled for by `lookup_static` (0
    /// otherwise): a later `lookup_static` of the same static name matches by address and
    /// length, without comparing the text.
    static_ptr: usize,
    value: Cached,
}

enum Cached {
    Missing,
    Inline(Value),
    Obj(std::rc::Weak<Object>),
}

/// Looks `name` up along the MRO of type `t` without running Python code, through the type's
/// cache.
#[inline]
pub fn lookup(t: &PyRef, name: &str, hash: i64) -> Option<Value> {
    lookup_in_cache(t, name, hash, 0)
}

/// `lookup` for the VM's own `'static` names (`"__add__"`, `"__init__"`, …), which operator
/// dispatch, instance creation and deallocation look up all the time: a cache entry made for
/// the same static text is recognised by its address, without a string comparison.
#[inline]
pub fn lookup_static(t: &PyRef, name: &'static str) -> Option<Value> {
    lookup_in_cache(t, name, crate::hash::static_name_hash(name), name.as_ptr() as usize)
}

/// The cache probe and fill behind `lookup` and `lookup_static` (`static_ptr` is the address
/// of a `'static` name, or 0).
#[inline]
fn lookup_in_cache(t: &PyRef, name: &str, hash: i64, static_ptr: usize) -> Option<Value> {
    let td = t.as_type()?;
    // The cache holds values: it follows the value epoch, except for dunder names, which a
    // rebinding of plain class data never concerns (`class_value_rebound`): those entries
    // survive `Counter.count += 1`, so `C(...)` keeps finding `__new__`/`__init__` cached.
    let epoch = if name.starts_with("__") { self::epoch() } else { value_epoch() };
    let mixed = (hash as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let set = (mixed >> 60) as usize * CACHE_WAYS;
    if let Ok(cache) = td.cache.try_borrow() {
        if let Some(c) = cache.as_ref() {
            for e in &c[set..set + CACHE_WAYS] {
                // Equal static addresses and lengths mean the same static text.
                let same_static = static_ptr != 0 && e.static_ptr == static_ptr && e.name.len() == name.len();
                if e.epoch == epoch && e.hash == hash && (same_static || &*e.name == name) {
                    match &e.value {
                        Cached::Missing => return None,
                        Cached::Inline(v) => return Some(v.clone()),
                        Cached::Obj(w) => {
                            if let Some(o) = w.upgrade() {
                                return Some(Value::Obj(o));
                            }
                        }
                    }
                }
            }
        }
    }
    let r = lookup_uncached(td, name, hash);
    // A type whose MRO is not set yet (still being built) is not cached.
    if !td.mro.borrow().is_empty() {
        let value = match &r {
            None => Cached::Missing,
            Some(Value::Obj(o)) => Cached::Obj(Rc::downgrade(o)),
            Some(v) => Cached::Inline(v.clone()),
        };
        let entry = CacheEntry { epoch, hash, name: name.into(), static_ptr, value };
        let Ok(mut cache) = td.cache.try_borrow_mut() else { return r };
        let c = cache.get_or_insert_with(|| {
            (0..CACHE_SIZE)
                .map(|_| CacheEntry { epoch: 0, hash: 0, name: "".into(), static_ptr: 0, value: Cached::Missing })
                .collect()
        });
        // A stale slot of the set if there is one, else one picked by other bits of the hash.
        let ways = &c[set..set + CACHE_WAYS];
        let at = set + ways.iter().position(|e| e.epoch != epoch).unwrap_or((mixed >> 56) as usize % CACHE_WAYS);
        c[at] = entry;
    }
    r
}

fn lookup_uncached(td: &TypeData, name: &str, hash: i64) -> Option<Value> {
    let Ok(mro) = td.mro.try_borrow() else { return None };
    for c in mro.iter() {
        let d = type_dict(c);
        if let Payload::Dict(dd) = &d.payload {
            // A dict being written is skipped rather than panicking (only possible from a
            // destructor that runs in the middle of the write).
            if let Some(v) = dd.try_borrow().ok().and_then(|dd| dd.get_str(name, hash)) {
                return Some(v);
            }
        }
    }
    None
}

/// CPython's `Py_TPFLAGS_SEQUENCE` (structural pattern matching treats instances as sequences).
pub const FLAG_SEQUENCE: u8 = 1 << 5;
/// CPython's `Py_TPFLAGS_MAPPING`.
pub const FLAG_MAPPING: u8 = 1 << 6;

/// The collection bit `match` uses for instances of `t`: CPython copies it to a new class from
/// its base, so the first class along the MRO that has one decides.
pub fn collection_flag(t: &PyRef) -> u8 {
    let Some(td) = t.as_type() else { return 0 };
    if td.collection_flag.get() != 0 {
        return td.collection_flag.get();
    }
    td.mro.borrow().iter().find_map(|c| c.as_type().map(|d| d.collection_flag.get()).filter(|&f| f != 0)).unwrap_or(0)
}

/// `issubclass` by MRO (no `__subclasscheck__`).
#[inline]
pub fn is_subtype(t: &PyRef, base: &PyRef) -> bool {
    if Rc::ptr_eq(t, base) {
        return true;
    }
    match t.as_type() {
        Some(td) => td.mro.borrow().iter().any(|c| Rc::ptr_eq(c, base)),
        None => false,
    }
}

/// Finds the most derived metaclass among `meta` and the classes of `bases`
/// (`_PyType_CalculateMetaclass`).
pub fn calculate_metaclass(vm: &mut Vm, meta: &PyRef, bases: &[PyRef]) -> PyResult<PyRef> {
    let mut winner = meta.clone();
    for b in bases {
        let bt = b.class();
        if is_subtype(&winner, &bt) {
            continue;
        }
        if is_subtype(&bt, &winner) {
            winner = bt;
            continue;
        }
        return Err(vm.new_type_error(
            "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
        ));
    }
    Ok(winner)
}

/// The layout a new class gets from its bases; TypeError when two builtin layouts conflict.
pub fn best_layout(vm: &mut Vm, bases: &[PyRef]) -> PyResult<Layout> {
    let mut layout = Layout::Object;
    for b in bases {
        let l = b.as_type().unwrap().layout;
        if l == Layout::Object {
            continue;
        }
        if layout == Layout::Object {
            layout = l;
        } else if layout != l {
            return Err(vm.new_type_error("multiple bases have instance lay-out conflict"));
        }
    }
    Ok(layout)
}
