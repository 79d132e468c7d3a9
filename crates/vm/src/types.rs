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

pub struct TypeData {
    pub name: RefCell<Rc<str>>,
    pub qualname: RefCell<Rc<str>>,
    pub bases: RefCell<Vec<PyRef>>,
    pub mro: RefCell<Vec<PyRef>>,
    pub layout: Layout,
    /// Created by a class statement (or `type(name, bases, dict)`), as CPython's heap types.
    heap: bool,
    /// Instances of this type get an instance `__dict__`.
    pub instance_dict: bool,
    /// May be used as a base class.
    pub basetype: bool,
    /// Bumped when this type's or a base's dict changes (for caches).
    pub version: Cell<u64>,
    /// `__slots__` names declared by this class, if any.
    pub slots: RefCell<Option<Vec<Rc<str>>>>,
    /// Direct subclasses, weakly held (`type.__subclasses__()`).
    pub subclasses: RefCell<Vec<std::rc::Weak<Object>>>,
}

impl TypeData {
    #[inline]
    pub fn is_heap(&self) -> bool {
        self.heap
    }

    pub fn name(&self) -> Rc<str> {
        self.name.borrow().clone()
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
    let instance_dict = heap || bases.iter().any(|b| b.as_type().map(|t| t.instance_dict).unwrap_or(false));
    let data = TypeData {
        name: RefCell::new(name.into()),
        qualname: RefCell::new(name.into()),
        bases: RefCell::new(bases),
        mro: RefCell::new(Vec::new()),
        layout,
        heap,
        instance_dict,
        basetype: true,
        version: Cell::new(0),
        slots: RefCell::new(None),
        subclasses: RefCell::new(Vec::new()),
    };
    let dict = Rc::new(Object {
        class: SlotCell::new(dict_type.cloned()),
        dict: SlotCell::new(None),
        payload: Payload::Dict(RefCell::new(DictData::new())),
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

/// Looks `name` up along the MRO of type `t` without running Python code.
#[inline]
pub fn lookup(t: &PyRef, name: &str, hash: i64) -> Option<Value> {
    let td = t.as_type()?;
    let mro = td.mro.borrow();
    for c in mro.iter() {
        let d = type_dict(c);
        if let Payload::Dict(dd) = &d.payload {
            if let Some(v) = dd.borrow().get_str(name, hash) {
                return Some(v);
            }
        }
    }
    None
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
