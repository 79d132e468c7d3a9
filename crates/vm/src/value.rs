//! VM stage: the representation of Python values. A `Value` is 16 bytes and cheap to copy:
//! `None`, bools, small ints (i64) and floats live inline; everything else is a reference-counted
//! `Object` whose `payload` says what kind of builtin data it carries and whose class can be any
//! type (so `class C(list)` instances are `Payload::List` objects of class `C`).

use crate::dict::DictData;
use crate::exceptions::ExceptionData;
use crate::func::{BuiltinFunction, Function};
use crate::gen::GeneratorData;
use crate::set::SetData;
use crate::str::PyStr;
use crate::types::TypeData;
use bytecode::CodeObject;
use num_bigint::BigInt;
use std::cell::{Cell, RefCell, UnsafeCell};
use std::rc::Rc;

/// A strong reference to a heap object.
pub type PyRef = Rc<Object>;

/// A Python value.
// `repr(C, u64)`: an 8-byte tag, then every payload at offset 8, so a `Value` is exactly two
// words. With Rust's own layout (a tag byte, a `bool` payload at offset 1) LLVM moves a value
// whose tag is already in a register by copying bytes 1..16 as two overlapping 8-byte moves, and
// the next load of that copy straddles both stores: store forwarding fails and the load waits
// about a dozen cycles. nbody, fannkuch and comprehensions ran 16% faster with this layout.
// `Option<Value>` still fits in 16 bytes (it uses the tag's spare values).
// The tags are spelled out because `Value::from_words` builds values from them.
#[repr(C, u64)]
pub enum Value {
    None = 0,
    Bool(bool) = 1,
    /// An int that fits in i64; larger ints are `Payload::Int` objects (always normalised: a
    /// heap int never holds a value that fits in i64 unless it is an instance of a subclass).
    Int(i64) = 2,
    Float(f64) = 3,
    Obj(PyRef) = 4,
}

impl Clone for Value {
    /// Only `Obj` has a count to bump; the inline variants are plain bits. Written out (rather
    /// than derived) so that it stays small enough to inline everywhere. The copy is made
    /// bitwise for every variant (one 16-byte move, never a tag store and a payload store that
    /// a later 16-byte load of the copy would stall on).
    #[inline(always)]
    fn clone(&self) -> Value {
        if let Value::Obj(o) = self {
            // SAFETY: `o` is a live Rc; the bitwise copy below is the new strong reference
            // this count accounts for.
            unsafe { Rc::increment_strong_count(Rc::as_ptr(o)) };
        }
        // SAFETY: the inline variants own nothing, and for `Obj` the count was bumped above,
        // so a bitwise copy is a complete clone.
        unsafe { std::ptr::read(self) }
    }
}

impl Value {
    /// An inline value assembled in one vector register, so that it is written with a single
    /// 16-byte store. The interpreter's arithmetic and comparison fast paths write their result
    /// into a stack slot that the next instruction moves out whole; written as a tag store and
    /// a payload store, that 16-byte load could not be forwarded from the store buffer and
    /// stalled (see the layout note on `Value`).
    #[inline(always)]
    fn from_words(tag: u64, payload: u64) -> Value {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `Value` is `repr(C, u64)`: 16 bytes, the tag word then the payload word;
        // callers pass a tag and a payload of the same variant.
        unsafe {
            use std::arch::x86_64::{__m128i, _mm_set_epi64x};
            std::mem::transmute::<__m128i, Value>(_mm_set_epi64x(payload as i64, tag as i64))
        }
        #[cfg(not(target_arch = "x86_64"))]
        // SAFETY: as above.
        unsafe {
            std::mem::transmute::<[u64; 2], Value>([tag, payload])
        }
    }

    /// `v` reassembled in one vector register, so that it is written with one 16-byte store:
    /// for a value returned by an out-of-line call (in two registers) on its way to the value
    /// stack, where the next instruction moves it out whole (see `from_words`).
    #[inline(always)]
    pub fn take_by_words(v: Value) -> Value {
        // SAFETY: `Value` is two words (`repr(C, u64)`); ownership passes from `v` to the
        // rebuilt value, word for word.
        let [tag, payload] = unsafe { std::mem::transmute::<Value, [u64; 2]>(v) };
        Value::from_words(tag, payload)
    }

    /// `Value::Int(i)`, for a result written to memory and soon moved (see `from_words`).
    #[inline(always)]
    pub fn fresh_int(i: i64) -> Value {
        Value::from_words(2, i as u64)
    }

    /// `Value::Float(x)`, as `fresh_int`.
    #[inline(always)]
    pub fn fresh_float(x: f64) -> Value {
        Value::from_words(3, x.to_bits())
    }

    /// `Value::Obj(o)`, as `fresh_int`.
    #[inline(always)]
    pub fn fresh_obj(o: PyRef) -> Value {
        Value::take_by_words(Value::Obj(o))
    }

    /// `Value::Bool(b)`, as `fresh_int` (the bool is the payload word's first byte).
    #[inline(always)]
    pub fn fresh_bool(b: bool) -> Value {
        Value::from_words(1, b as u64)
    }
}

/// A single-threaded cell holding a cloneable value that is read by cloning it out, so no
/// borrow ever outlives the call (re-entrant code cannot observe a borrowed state).
pub struct SlotCell<T: Clone>(UnsafeCell<T>);

impl<T: Clone> SlotCell<T> {
    pub fn new(v: T) -> Self {
        SlotCell(UnsafeCell::new(v))
    }
    #[inline]
    pub fn get(&self) -> T {
        // SAFETY: Object is !Sync (Rc), and no reference into the cell is ever handed out: the
        // value is cloned while no other access can run (Clone of our T types has no side effect
        // that could reach this cell).
        unsafe { (*self.0.get()).clone() }
    }
    #[inline]
    pub fn set(&self, v: T) -> T {
        // SAFETY: as in `get`; the old value is returned and dropped by the caller after the
        // write completes, so a destructor re-entering this cell sees the new value.
        unsafe { std::mem::replace(&mut *self.0.get(), v) }
    }
    /// Direct access when the owner is held exclusively (its destructor).
    #[inline]
    pub fn get_mut(&mut self) -> &mut T {
        self.0.get_mut()
    }
}

impl Drop for Object {
    fn drop(&mut self) {
        // Instances of Python classes may need `__del__` (see finalize.rs).
        crate::finalize::on_drop(self);
        // The attribute caches key entries by class address: a type's death moves the type
        // epoch, so no entry can match another class later allocated at the same address.
        if let Payload::Type(_) = self.payload {
            crate::types::modified();
        }
        // Weak references to this object die with it (their callbacks are queued).
        crate::weakref::on_drop(self);
        // Lists and tuples release their items last to first, as CPython's deallocators do
        // (observable through `__del__` order).
        match &mut self.payload {
            Payload::List(l) => drop_reversed(std::mem::take(l.get_mut())),
            Payload::Tuple(t) => drop_reversed(std::mem::take(t).into_vec()),
            _ => {}
        }
    }
}

/// Drops the items of `v` from the last to the first.
pub fn drop_reversed(mut v: Vec<Value>) {
    while let Some(x) = v.pop() {
        drop(x);
    }
}

/// A heap object: its class, an optional instance `__dict__`, and builtin data.
pub struct Object {
    /// The object's type; `None` only for the instant `type` itself is being created.
    pub class: SlotCell<Option<PyRef>>,
    /// The instance dictionary (a dict object), for objects that have one.
    pub dict: SlotCell<Option<PyRef>>,
    pub payload: Payload,
}

/// Builtin data carried by an object.
pub enum Payload {
    /// No builtin data: plain `object()` instances, user instances, singletons.
    None,
    /// An instance of a class with `__slots__`: one value per slot (`None` while unset), read
    /// and written by the class's member descriptors (objects/slots.rs).
    Slots(RefCell<Box<[Option<Value>]>>),
    /// An instance of a Python class whose attributes are stored inline (shape.rs) until its
    /// `__dict__` is asked for.
    Instance(crate::shape::InstanceAttrs),
    Int(BigInt),
    Float(f64),
    Complex(f64, f64),
    Str(PyStr),
    Bytes(Box<[u8]>),
    ByteArray(RefCell<Vec<u8>>),
    MemoryView(Box<crate::objects::memoryview::MemoryView>),
    Tuple(Box<[Value]>),
    List(RefCell<Vec<Value>>),
    Dict(RefCell<DictData>),
    Set(RefCell<SetData>),
    FrozenSet(SetData, Cell<Option<i64>>),
    Range(Box<RangeData>),
    Slice(Box<(Value, Value, Value)>),
    Cell(RefCell<Option<Value>>),
    Code(Rc<CodeData>),
    Function(Box<Function>),
    BuiltinFunction(Box<BuiltinFunction>),
    /// A bound method: (function, self).
    Method(Value, Value),
    Type(Box<TypeData>),
    Module,
    Exception(Box<ExceptionData>),
    Traceback(Box<Traceback>),
    /// A frame object (frameobject.rs).
    Frame(Box<crate::frameobject::FrameObject>),
    Generator(Box<GeneratorData>),
    Property(Box<PropertyData>),
    ClassMethod(RefCell<Value>),
    StaticMethod(RefCell<Value>),
    Super {
        this_type: PyRef,
        obj: Value,
        obj_type: PyRef,
    },
    /// Any iterator implemented natively.
    Iter(Box<RefCell<crate::iter::IterState>>),
    /// A `dict.keys()`/`values()`/`items()` view over a dict object.
    DictView(crate::dict::ViewKind, PyRef),
    /// `type.__dict__`: a read-only view of a mapping.
    MappingProxy(Value),
    /// An open file.
    File(Box<RefCell<crate::io::FileData>>),
    /// `weakref.ref(obj, callback)`: does not keep `obj` alive. (Callbacks are kept but not
    /// yet called when the referent dies.)
    WeakRef(Box<WeakRefData>),
    /// Wraps a value yielded by an async generator (CPython's `_PyAsyncGenWrappedValue`).
    AsyncGenWrapped(Value),
    /// The awaitable returned by an async generator's `__anext__`/`asend`/`athrow`.
    AsyncGenAwaitable(Box<RefCell<crate::gen::AsyncGenAwaitable>>),
    /// The state of an instance of a native type defined outside this crate (the stdlib
    /// crate's `deque`, `itertools.count`, …): the defining module downcasts it, usually to a
    /// `RefCell` of its own struct. Opaque to the cycle collector.
    Native(Box<dyn std::any::Any>),
}

/// `range(start, stop, step)` with its length precomputed.
pub struct RangeData {
    pub start: BigInt,
    pub stop: BigInt,
    pub step: BigInt,
    pub len: BigInt,
}

/// A `property`: getter, setter, deleter and docstring.
pub struct PropertyData {
    pub fget: Value,
    pub fset: Value,
    pub fdel: Value,
    /// Writable like CPython's `prop_doc` member (pathlib assigns `property.__doc__`).
    pub doc: RefCell<Value>,
    /// The attribute name given by `__set_name__` (None until then), for error messages.
    pub name: RefCell<Value>,
}

/// A weak reference's target, callback and cached hash.
pub struct WeakRefData {
    pub target: std::rc::Weak<Object>,
    pub callback: Value,
    pub hash: Cell<Option<i64>>,
}

/// A runtime code object: the compiled `CodeObject` plus its constants and names turned into
/// Python values once, so the interpreter never converts them on the hot path.
pub struct CodeData {
    pub code: Rc<CodeObject>,
    pub consts: Vec<Value>,
    /// `co_names` as interned str values.
    pub names: Vec<Value>,
    /// `co_name` interned and `co_qualname` as one str: every function made from this code
    /// starts with these (`MAKE_FUNCTION` runs for each lambda, closure and comprehension).
    pub name: Value,
    pub qualname: Value,
    /// `co_varnames` as interned str values (used to bind keyword arguments).
    pub varnames: Vec<Value>,
    pub cell2arg: Vec<Option<usize>>,
    pub ncells: usize,
    /// Inline caches of the name-using instructions (see inline_cache.rs).
    pub caches: crate::inline_cache::NameCaches,
    /// `co_argcount` when a call with exactly that many positional arguments fills every
    /// parameter and runs the body (no keyword-only parameters, `*args`, `**kwargs`, nor a
    /// generator); `u32::MAX` otherwise. Read by every direct call, so kept here rather than
    /// behind another pointer in the code object.
    pub plain_argcount: u32,
    /// `len(co_varnames)` and `co_stacksize`, for the same reason (frame set-up).
    pub nlocals: u32,
    pub stacksize: u32,
}

/// One traceback entry (CPython's traceback object): where the exception passed through.
pub struct Traceback {
    /// `tb_next`: assignable from Python (unittest trims frames that way).
    pub next: RefCell<Option<PyRef>>,
    pub code: Rc<CodeData>,
    /// Code-unit index of the instruction that was executing.
    pub lasti: usize,
    /// `tb_lineno` as CPython stores it: a C int, -1 when it is to be computed from `lasti`
    /// (a `TracebackType(...)` may give any other negative line, which reads back as given).
    pub lineno: i32,
    /// The frame's globals (for `tb_frame.f_globals`).
    pub globals: PyRef,
    /// The frame's object, if it had one when the entry was made (`tb_frame`).
    pub frame: RefCell<Option<PyRef>>,
}

impl Traceback {
    /// The entry's line (`tb_lineno_get`): the stored one, else the line of instruction
    /// `lasti` (the first line of the code when there is none), None if that has no line.
    pub fn line(&self) -> Option<i32> {
        if self.lineno != -1 {
            return Some(self.lineno);
        }
        let co = &self.code.code;
        let line = if self.lasti == usize::MAX { Some(co.co_firstlineno) } else { co.line_at(self.lasti) };
        line.and_then(|l| i32::try_from(l).ok())
    }
}

impl Value {
    #[inline]
    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    #[inline]
    pub fn as_obj(&self) -> Option<&PyRef> {
        match self {
            Value::Obj(o) => Some(o),
            _ => None,
        }
    }

    #[inline]
    pub fn payload(&self) -> Option<&Payload> {
        match self {
            Value::Obj(o) => Some(&o.payload),
            _ => None,
        }
    }

    /// `a is b`.
    #[inline]
    pub fn is(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::None, Value::None) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (Value::Obj(a), Value::Obj(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// The str data if this is a str (or str subclass) object.
    #[inline]
    pub fn as_str(&self) -> Option<&PyStr> {
        match self {
            Value::Obj(o) => match &o.payload {
                Payload::Str(s) => Some(s),
                _ => None,
            },
            _ => None,
        }
    }

    /// A stable identity number for `id()` and default hashing.
    pub fn id(&self) -> i64 {
        match self {
            Value::Obj(o) => Rc::as_ptr(o) as usize as i64,
            // Inline values have no address; derive a stable number from the bits so that
            // equal-by-identity values share an id, as `is` says they are the same object.
            Value::None => 0x1000,
            Value::Bool(b) => 0x2000 + *b as i64,
            Value::Int(i) => (i.wrapping_mul(2) | 1) ^ 0x4000_0000_0000,
            Value::Float(f) => (f.to_bits() as i64) | 1,
        }
    }
}

impl Object {
    pub fn new(class: PyRef, payload: Payload) -> PyRef {
        let o = Rc::new(Object { class: SlotCell::new(Some(class)), dict: SlotCell::new(None), payload });
        crate::gc::track(&o);
        o
    }

    pub fn with_dict(class: PyRef, payload: Payload, dict: PyRef) -> PyRef {
        let o = Rc::new(Object { class: SlotCell::new(Some(class)), dict: SlotCell::new(Some(dict)), payload });
        crate::gc::track(&o);
        o
    }

    /// Is this object's class exactly `t`? (No reference-count traffic.)
    #[inline]
    pub fn class_is(&self, t: &PyRef) -> bool {
        // SAFETY: a shared read of the class slot; nothing can write it during this comparison
        // (single-threaded, no code runs in between).
        unsafe { (*self.class.0.get()).as_ref().is_some_and(|c| Rc::ptr_eq(c, t)) }
    }

    /// The address of the object's class, read without touching the class or its count.
    #[inline]
    pub fn class_addr(&self) -> usize {
        // SAFETY: a shared read of the class slot, as in `class_is`.
        unsafe { (*self.class.0.get()).as_ref().map_or(0, |c| Rc::as_ptr(c) as usize) }
    }

    /// Whether the object's class is a Python-level (heap) class, read without touching the
    /// reference count (false only for builtin classes).
    #[inline]
    pub fn class_is_heap(&self) -> bool {
        // SAFETY: a shared read of the class slot, as in `class_is`.
        unsafe { (*self.class.0.get()).as_ref().and_then(|c| c.as_type()).is_some_and(|t| t.is_heap()) }
    }

    /// Runs `f` on the instance dict without cloning the reference to it. `f` must not run
    /// Python code or drop values (nothing may replace the dict slot while it runs).
    #[inline]
    pub fn peek_dict<R>(&self, f: impl FnOnce(Option<&PyRef>) -> R) -> R {
        // SAFETY: single-threaded, and `f` cannot reach this object's dict slot (see above).
        unsafe { f((*self.dict.0.get()).as_ref()) }
    }

    #[inline]
    pub fn class(&self) -> PyRef {
        self.class.get().expect("every object has a class after start-up")
    }

    /// The type data if this object is a type.
    #[inline]
    pub fn as_type(&self) -> Option<&TypeData> {
        match &self.payload {
            Payload::Type(t) => Some(t),
            _ => None,
        }
    }
}

impl From<PyRef> for Value {
    fn from(o: PyRef) -> Value {
        Value::Obj(o)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}
impl From<usize> for Value {
    fn from(i: usize) -> Value {
        Value::Int(i as i64)
    }
}
impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::Float(f)
    }
}

#[cfg(test)]
mod size_tests {
    use super::*;

    /// The word-built constructors make exactly the values their variants make.
    #[test]
    fn fresh_values_are_the_variants() {
        assert!(matches!(Value::fresh_int(-7), Value::Int(-7)));
        assert!(matches!(Value::fresh_int(i64::MAX), Value::Int(i64::MAX)));
        assert!(matches!(Value::fresh_float(2.5), Value::Float(x) if x == 2.5));
        assert!(matches!(Value::fresh_bool(true), Value::Bool(true)));
        assert!(matches!(Value::fresh_bool(false), Value::Bool(false)));
        let o = Rc::new(Object { class: SlotCell::new(None), dict: SlotCell::new(None), payload: Payload::None });
        assert!(matches!(Value::fresh_obj(o.clone()), Value::Obj(p) if Rc::ptr_eq(&p, &o)));
        assert_eq!(Rc::strong_count(&o), 1);
        assert_eq!(std::mem::size_of::<Option<Value>>(), 16);
    }

    #[test]
    fn value_and_object_stay_small() {
        assert_eq!(std::mem::size_of::<Value>(), 16);
        eprintln!(
            "Object = {} bytes, Payload = {} bytes",
            std::mem::size_of::<Object>(),
            std::mem::size_of::<Payload>()
        );
        assert!(std::mem::size_of::<Payload>() <= 48, "Payload grew: {}", std::mem::size_of::<Payload>());
    }
}
