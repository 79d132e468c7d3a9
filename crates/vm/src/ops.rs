//! VM stage: the object protocols (CPython's abstract.c / object.c): attribute access with
//! descriptors, calls, truth, hashing, comparison, binary operators with reflected operands,
//! item access, iteration, repr/str. Builtin fast paths come first; everything else dispatches
//! through special methods looked up on the type, so user classes and builtins share one path.

use crate::dict;
use crate::func::Args;
use crate::shape::{Found, InstanceAttrs};
use crate::types::{self, type_dict};
use crate::value::{Object, Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use bytecode::opcode::*;
use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};
use std::rc::Rc;

/// Special-method names for `BINARY_OP` operands (forward, reflected, in-place).
pub const BINOP_NAMES: [(&str, &str, &str); 13] = [
    ("__add__", "__radd__", "__iadd__"),
    ("__and__", "__rand__", "__iand__"),
    ("__floordiv__", "__rfloordiv__", "__ifloordiv__"),
    ("__lshift__", "__rlshift__", "__ilshift__"),
    ("__matmul__", "__rmatmul__", "__imatmul__"),
    ("__mul__", "__rmul__", "__imul__"),
    ("__mod__", "__rmod__", "__imod__"),
    ("__or__", "__ror__", "__ior__"),
    ("__pow__", "__rpow__", "__ipow__"),
    ("__rshift__", "__rrshift__", "__irshift__"),
    ("__sub__", "__rsub__", "__isub__"),
    ("__truediv__", "__rtruediv__", "__itruediv__"),
    ("__xor__", "__rxor__", "__ixor__"),
];

const CMP_NAMES: [(&str, &str); 6] = [
    ("__lt__", "__gt__"),
    ("__le__", "__ge__"),
    ("__eq__", "__eq__"),
    ("__ne__", "__ne__"),
    ("__gt__", "__lt__"),
    ("__ge__", "__le__"),
];

/// The native code `call` would run for `callable(*positional, **kw)` when none of its checks has
/// anything to do: a module-level builtin (`len`), or a plain builtin method whose first
/// argument is an instance of exactly its class (`str.strip` from `s.strip()`). The
/// interpreter calls it directly, skipping `call`'s dispatch; `None` sends it through `call`.
#[inline(always)]
pub(crate) fn direct_native(callable: &Value, args: &[Value]) -> Option<crate::func::NativeFn> {
    let Value::Obj(o) = callable else { return None };
    let Payload::BuiltinFunction(b) = &o.payload else { return None };
    if b.self_.is_some() {
        return None;
    }
    match &b.owner {
        None => Some(b.func),
        Some(owner) if !b.is_static && b.slot.is_none() => match args.first() {
            Some(Value::Obj(s)) if s.class_is(owner) => Some(b.func),
            _ => None,
        },
        Some(_) => None,
    }
}

impl Vm {
    /// `type(v)`.
    #[inline]
    pub fn type_of(&self, v: &Value) -> PyRef {
        match v {
            Value::None => self.types.none_type.clone(),
            Value::Bool(_) => self.types.bool_.clone(),
            Value::Int(_) => self.types.int.clone(),
            Value::Float(_) => self.types.float.clone(),
            Value::Obj(o) => o.class(),
        }
    }

    /// The type's `tp_name` (what error messages show: `collections.deque` for an extension
    /// type, `list` or the class name otherwise).
    pub fn type_name(&self, v: &Value) -> String {
        self.type_of(v).as_type().map(|t| t.tp_name().to_string()).unwrap_or_default()
    }

    /// The type's `__name__` (`_PyType_Name`, what reprs such as `deque([...])` show).
    pub fn short_type_name(&self, v: &Value) -> String {
        self.type_of(v).as_type().map(|t| t.name().to_string()).unwrap_or_default()
    }

    /// Looks up a special method on the type of `v` (skipping the instance dict).
    #[inline]
    pub fn lookup_special(&self, v: &Value, name: &'static str) -> Option<Value> {
        let t = self.type_of(v);
        types::lookup_static(&t, name)
    }

    /// Calls special method `name` on `v` with `args`; `Ok(None)` if the type lacks it.
    pub fn call_special(&mut self, v: &Value, name: &'static str, args: &[Value]) -> PyResult<Option<Value>> {
        let Some(m) = self.lookup_special(v, name) else {
            return Ok(None);
        };
        Ok(Some(self.call_unbound(&m, v, args)?))
    }

    /// Calls `descr` found on a type as a method of `obj` (binding via `__get__` when needed).
    pub fn call_unbound(&mut self, descr: &Value, obj: &Value, args: &[Value]) -> PyResult<Value> {
        let binds = match descr.payload() {
            Some(Payload::Function(_)) => true,
            Some(Payload::BuiltinFunction(b)) => b.binds(),
            _ => false,
        };
        if binds {
            return self.call_prefixed(descr, obj, args, &[]);
        }
        let bound = self.descr_get(descr, obj)?;
        self.call(&bound, Args::new(args))
    }

    /// Calls `callable` with `first` followed by `rest` (whose last values `kwnames` names).
    /// Most calls made this way (special methods, `__new__`, `__init__`) take at most three
    /// more arguments: no heap vector for them.
    pub fn call_prefixed(
        &mut self,
        callable: &Value,
        first: &Value,
        rest: &[Value],
        kwnames: &[Value],
    ) -> PyResult<Value> {
        if rest.len() < 4 {
            let mut buf = [Value::None, Value::None, Value::None, Value::None];
            buf[0] = first.clone();
            buf[1..=rest.len()].clone_from_slice(rest);
            return self.call(callable, Args { args: &buf[..=rest.len()], kwnames });
        }
        let mut all = Vec::with_capacity(rest.len() + 1);
        all.push(first.clone());
        all.extend_from_slice(rest);
        self.call(callable, Args { args: &all, kwnames })
    }

    /// Binds a class attribute found for instance `obj` (`__get__`), or returns it unchanged.
    /// `property.__get__(obj)` proper: the getter called with `obj`.
    pub fn property_get_value(&mut self, descr: &Value, obj: &Value) -> PyResult<Value> {
        let Some(Payload::Property(pd)) = descr.payload() else { unreachable!("a property") };
        if pd.fget.is_none() {
            return Err(self.new_exception(&self.exc.attribute_error.clone(), "unreadable attribute"));
        }
        let fget = pd.fget.clone();
        self.call(&fget, Args::new(std::slice::from_ref(obj)))
    }

    pub fn descr_get(&mut self, descr: &Value, obj: &Value) -> PyResult<Value> {
        if let Value::Obj(d) = descr {
            match &d.payload {
                Payload::Function(_) => {
                    return Ok(Value::Obj(Object::new(
                        self.types.method.clone(),
                        Payload::Method(descr.clone(), obj.clone()),
                    )))
                }
                Payload::BuiltinFunction(b) if b.binds() => {
                    return Ok(self.new_bound_method(descr.clone(), obj.clone()))
                }
                Payload::StaticMethod(f) => return Ok(f.borrow().clone()),
                Payload::ClassMethod(f) => {
                    let f = f.borrow().clone();
                    let cls = Value::Obj(self.type_of(obj));
                    return Ok(self.new_bound_method(f, cls));
                }
                Payload::Property(_) => {
                    // A native getset or member checks the object's type first (it may have
                    // been copied into an unrelated class).
                    if crate::objects::descr::is_native(self, d) {
                        return crate::objects::descr::native_get_value(self, descr, obj);
                    }
                    // A property subclass may override `__get__`; otherwise the getter runs.
                    if !d.class_is(&self.types.property) {
                        if let Some(get) = self.lookup_special(descr, "__get__") {
                            let builtin = matches!(get.payload(), Some(Payload::BuiltinFunction(b))
                                if b.owner.as_ref().is_some_and(|o| Rc::ptr_eq(o, &self.types.property)));
                            if !builtin {
                                let owner = Value::Obj(self.type_of(obj));
                                return self.call_unbound(&get, descr, &[obj.clone(), owner]);
                            }
                        }
                    }
                    return self.property_get_value(descr, obj);
                }
                Payload::Native(n) if n.is::<crate::objects::slots::MemberDescr>() => {
                    return crate::objects::slots::member_get_value(self, descr, obj);
                }
                _ => {}
            }
            if d.class_is_heap() {
                if let Some(get) = self.lookup_special(descr, "__get__") {
                    let owner = Value::Obj(self.type_of(obj));
                    return self.call_unbound(&get, descr, &[obj.clone(), owner]);
                }
            }
        }
        Ok(descr.clone())
    }

    /// True if `descr` (found on a type) is a data descriptor (has `__set__` or `__delete__`).
    fn is_data_descr(&self, descr: &Value) -> bool {
        match descr.payload() {
            Some(Payload::Property { .. }) => true,
            Some(Payload::Native(n)) if n.is::<crate::objects::slots::MemberDescr>() => true,
            Some(Payload::Function(_)) | Some(Payload::BuiltinFunction(_)) | None => false,
            Some(_) => {
                let t = self.type_of(descr);
                t.as_type().map(|td| td.is_heap()).unwrap_or(false)
                    && (types::lookup_static(&t, "__set__").is_some()
                        || types::lookup_static(&t, "__delete__").is_some())
            }
        }
    }

    /// `getattr(obj, name)` (`PyObject_GetAttr`).
    pub fn getattr(&mut self, obj: &Value, name: &Value) -> PyResult<Value> {
        match obj.payload() {
            Some(Payload::Super { .. }) => return self.super_getattr(obj, name),
            Some(Payload::WeakRef(_)) if crate::weakproxy::is_proxy(obj) => {
                let o = crate::weakproxy::unwrap(self, obj)?;
                return self.getattr(&o, name);
            }
            _ => {}
        }
        let t = self.type_of(obj);
        let custom = t.as_type().is_some_and(types::may_hook_attrs);
        if custom && types::attr_hooks(&t) & types::HOOK_GETATTRIBUTE != 0 {
            if let Some(ga) = types::lookup_static(&t, "__getattribute__") {
                if types::is_attr_hook(&ga) {
                    let r = self.call_unbound(&ga, obj, std::slice::from_ref(name));
                    return self.maybe_getattr_hook(obj, name, r);
                }
            }
        }
        let r = self.generic_getattr(obj, name);
        if custom {
            return self.maybe_getattr_hook(obj, name, r);
        }
        r
    }

    fn maybe_getattr_hook(&mut self, obj: &Value, name: &Value, r: PyResult<Value>) -> PyResult<Value> {
        match r {
            Err(e) if self.isinstance_exc(&e, &self.exc.attribute_error.clone()) => {
                match self.lookup_special(obj, "__getattr__") {
                    Some(hook) => self.call_unbound(&hook, obj, std::slice::from_ref(name)),
                    None => Err(e),
                }
            }
            r => r,
        }
    }

    /// Attribute lookup without `__getattr__` (`PyObject_GenericGetAttr`, plus type and module
    /// specifics).
    pub fn generic_getattr(&mut self, obj: &Value, name: &Value) -> PyResult<Value> {
        let s = name.as_str().ok_or_else(|| {
            self.new_type_error(format!("attribute name must be string, not '{}'", self.type_name(name)))
        })?;
        let (n, h) = (s.as_str(), s.hash());
        if let Value::Obj(o) = obj {
            if let Payload::Type(_) = &o.payload {
                return self.type_getattr(o, name);
            }
        }
        let t = self.type_of(obj);
        let descr = types::lookup(&t, n, h);
        if let Some(d) = &descr {
            if self.is_data_descr(d) {
                return self.descr_get(d, obj);
            }
        }
        if let Value::Obj(o) = obj {
            if let Some(v) = instance_attr(o, name, n, h) {
                return Ok(v);
            }
        }
        if let Some(d) = descr {
            return self.descr_get(&d, obj);
        }
        // Native objects that keep their attributes in a dict without declaring a `__dict__`
        // descriptor still show it.
        if n == "__dict__" && matches!(obj, Value::Obj(o) if o.dict.get().is_some()) {
            return crate::objects::core::object_dict_get(self, Args::new(std::slice::from_ref(obj)));
        }
        // A bound method forwards other attributes to its function (method_getattro).
        if let Some(Payload::Method(f, _)) = obj.payload() {
            let f = f.clone();
            return self.getattr(&f, name);
        }
        if let Value::Obj(o) = obj {
            // A bound method's other attributes are its function's (`method_getattro`).
            if let Payload::Method(f, _) = &o.payload {
                if Rc::ptr_eq(&o.class(), &self.types.method) {
                    let f = f.clone();
                    return self.getattr(&f, name);
                }
            }
            if let Payload::Module = &o.payload {
                if let Some(ga) = o.dict.get().and_then(|d| self.dict_get_str(&d, "__getattr__")) {
                    return self.call(&ga, Args::new(std::slice::from_ref(name)));
                }
                let mname = o
                    .dict
                    .get()
                    .and_then(|d| self.dict_get_str(&d, "__name__"))
                    .and_then(|v| v.as_str().map(|s| s.as_str().to_string()));
                return Err(match mname {
                    Some(m) => self.new_attribute_error(obj, n, format!("module '{m}' has no attribute '{n}'")),
                    None => self.new_attribute_error(obj, n, format!("module has no attribute '{n}'")),
                });
            }
        }
        Err(self.new_attribute_error(obj, n, format!("'{}' object has no attribute '{}'", self.type_name(obj), n)))
    }

    /// `type.__getattribute__`: metatype data descriptors, then the type's MRO, then the
    /// metatype's other attributes.
    fn type_getattr(&mut self, t: &PyRef, name: &Value) -> PyResult<Value> {
        let s = name.as_str().unwrap();
        let (n, h) = (s.as_str(), s.hash());
        let meta = t.class();
        let meta_attr = types::lookup(&meta, n, h);
        if let Some(d) = &meta_attr {
            if self.is_data_descr(d) {
                return self.descr_get(d, &Value::Obj(t.clone()));
            }
        }
        if let Some(v) = types::lookup(t, n, h) {
            if let Value::Obj(vo) = &v {
                match &vo.payload {
                    Payload::ClassMethod(f) => {
                        let f = f.borrow().clone();
                        return Ok(self.new_bound_method(f, Value::Obj(t.clone())));
                    }
                    Payload::StaticMethod(f) => return Ok(f.borrow().clone()),
                    Payload::Function(_) | Payload::BuiltinFunction(_) | Payload::Property { .. } => return Ok(v),
                    _ => {
                        if vo.class().as_type().map(|x| x.is_heap()).unwrap_or(false) {
                            if let Some(get) = self.lookup_special(&v, "__get__") {
                                return self.call_unbound(&get, &v, &[Value::None, Value::Obj(t.clone())]);
                            }
                        }
                    }
                }
            }
            return Ok(v);
        }
        if let Some(d) = meta_attr {
            return self.descr_get(&d, &Value::Obj(t.clone()));
        }
        let tname = t.as_type().unwrap().name();
        Err(self.new_attribute_error(
            &Value::Obj(t.clone()),
            n,
            format!("type object '{tname}' has no attribute '{n}'"),
        ))
    }

    /// `setattr(obj, name, value)`.
    pub fn setattr(&mut self, obj: &Value, name: &Value, value: Value) -> PyResult<()> {
        if crate::weakproxy::is_proxy(obj) {
            let o = crate::weakproxy::unwrap(self, obj)?;
            return self.setattr(&o, name, value);
        }
        let t = self.type_of(obj);
        if t.as_type().is_some_and(types::may_hook_attrs) && types::attr_hooks(&t) & types::HOOK_SETATTR != 0 {
            if let Some(sa) = types::lookup_static(&t, "__setattr__") {
                if types::is_attr_hook(&sa) {
                    self.call_unbound(&sa, obj, &[name.clone(), value])?;
                    return Ok(());
                }
            }
        }
        self.generic_setattr(obj, name, Some(value))
    }

    pub fn delattr(&mut self, obj: &Value, name: &Value) -> PyResult<()> {
        if crate::weakproxy::is_proxy(obj) {
            let o = crate::weakproxy::unwrap(self, obj)?;
            return self.delattr(&o, name);
        }
        let t = self.type_of(obj);
        if t.as_type().is_some_and(types::may_hook_attrs) && types::attr_hooks(&t) & types::HOOK_DELATTR != 0 {
            if let Some(da) = types::lookup_static(&t, "__delattr__") {
                if types::is_attr_hook(&da) {
                    self.call_unbound(&da, obj, std::slice::from_ref(name))?;
                    return Ok(());
                }
            }
        }
        self.generic_setattr(obj, name, None)
    }

    /// `object.__setattr__` / `__delattr__` (value `None` deletes).
    pub fn generic_setattr(&mut self, obj: &Value, name: &Value, mut value: Option<Value>) -> PyResult<()> {
        let s = name.as_str().ok_or_else(|| {
            self.new_type_error(format!("attribute name must be string, not '{}'", self.type_name(name)))
        })?;
        let n = s.as_str();
        let t = self.type_of(obj);
        if let Some(d) = types::lookup(&t, n, s.hash()) {
            if matches!(&d, Value::Obj(o) if crate::objects::descr::is_native(self, o)) {
                return crate::objects::descr::native_set_value(self, &d, obj, value);
            }
            if let Some(Payload::Property(pd)) = d.payload() {
                let f = if value.is_some() { pd.fset.clone() } else { pd.fdel.clone() };
                if f.is_none() {
                    let tn = self.type_name(obj);
                    let what = if value.is_some() { "setter" } else { "deleter" };
                    let msg = match pd.name.borrow().as_str() {
                        Some(pname) => format!(
                            "property {} of '{tn}' object has no {what}",
                            crate::objects::strtype::str_repr(pname.as_str())
                        ),
                        None => format!("property of '{tn}' object has no {what}"),
                    };
                    return Err(self.new_attribute_error(obj, n, msg));
                }
                let mut a = vec![obj.clone()];
                a.extend(value);
                self.call(&f, Args::new(&a))?;
                return Ok(());
            }
            if crate::objects::slots::as_member(&d).is_some() {
                return crate::objects::slots::member_set_value(self, &d, obj, value);
            }
            if self.is_data_descr(&d) {
                let (m, mut a) =
                    if value.is_some() { ("__set__", vec![obj.clone()]) } else { ("__delete__", vec![obj.clone()]) };
                a.extend(value.clone());
                if let Some(setter) = self.lookup_special(&d, m) {
                    self.call_unbound(&setter, &d, &a)?;
                    return Ok(());
                }
            }
        }
        if let Value::Obj(o) = obj {
            if let Payload::Type(td) = &o.payload {
                if !td.is_heap() {
                    return Err(
                        self.new_type_error(format!("cannot set '{n}' attribute of immutable type '{}'", td.name()))
                    );
                }
            }
            // Slotted instances accept only their slot names.
            if let Some(slots) = self.slot_names(&t) {
                if !slots.iter().any(|s| **s == *n) {
                    return Err(self.new_attribute_error(
                        obj,
                        n,
                        format!("'{}' object has no attribute '{}'", self.type_name(obj), n),
                    ));
                }
            }
            if let Payload::Instance(attrs) = &o.payload {
                match self.set_inline_attr(attrs, name, value) {
                    InlineStore::Done => return Ok(()),
                    InlineStore::Missing => {
                        let tn = self.type_name(obj);
                        return Err(self.new_attribute_error(obj, n, format!("'{tn}' object has no attribute '{n}'")));
                    }
                    InlineStore::UseDict(v) => value = v,
                }
            }
            // Functions get their __dict__ on first assignment.
            if o.dict.get().is_none() && matches!(o.payload, Payload::Function(_)) && value.is_some() {
                o.dict.set(Some(self.new_dict()));
            }
            if let Some(dict) = self.instance_dict(o) {
                match value {
                    Some(v) => dict::set_item(self, &dict, name.clone(), v)?,
                    None => {
                        if dict::del_item(self, &dict, name)?.is_none() {
                            return Err(self.new_attribute_error(
                                obj,
                                n,
                                format!("'{}' object has no attribute '{}'", self.type_name(obj), n),
                            ));
                        }
                    }
                }
                return Ok(());
            }
        }
        let tn = self.type_name(obj);
        Err(self.new_attribute_error(
            obj,
            n,
            if types::lookup(&t, n, s.hash()).is_some() {
                format!("'{tn}' object attribute '{n}' is read-only")
            } else {
                format!("'{tn}' object has no attribute '{n}'")
            },
        ))
    }

    /// `LOAD_METHOD`: `(Some(func), self)` when the attribute is a plain function on the type
    /// (no bound-method allocation), else `(None, attr)`.
    pub fn load_method(&mut self, obj: &Value, name: &Value) -> PyResult<(Option<Value>, Value)> {
        let t = self.type_of(obj);
        let plain =
            !matches!(obj.payload(), Some(Payload::Type(_)) | Some(Payload::Module) | Some(Payload::Super { .. }));
        let custom_ga = t.as_type().is_some_and(types::may_hook_attrs)
            && types::lookup_static(&t, "__getattribute__").is_some_and(|g| types::is_attr_hook(&g));
        if plain && !custom_ga {
            let s = name.as_str().unwrap();
            if let Some(d) = types::lookup(&t, s.as_str(), s.hash()) {
                let is_func = match d.payload() {
                    Some(Payload::Function(_)) => true,
                    Some(Payload::BuiltinFunction(b)) => b.binds(),
                    _ => false,
                };
                if is_func {
                    let shadowed = match obj {
                        Value::Obj(o) => instance_attr(o, name, s.as_str(), s.hash()).is_some(),
                        _ => false,
                    };
                    if !shadowed {
                        return Ok((Some(d), obj.clone()));
                    }
                }
            }
        }
        Ok((None, self.getattr(obj, name)?))
    }

    /// The `__dict__` of `o`: for an instance with inline attributes (shape.rs), a dict built
    /// from them, which from then on is their only storage. `None` for objects without one.
    pub fn instance_dict(&self, o: &PyRef) -> Option<PyRef> {
        if let Payload::Instance(attrs) = &o.payload {
            if let Some((shape, values)) = attrs.take() {
                let mut d = dict::DictData::with_capacity(values.len());
                for ((k, h), v) in shape.keys().iter().zip(values) {
                    d.set_str_key(Value::Obj(k.clone()), *h, v);
                }
                let dict = Object::new(self.types.dict.clone(), Payload::Dict(std::cell::RefCell::new(d)));
                drop(o.dict.set(Some(dict.clone())));
                return Some(dict);
            }
        }
        o.dict.get()
    }

    /// `generic_setattr` on inline attributes: replaces or adds the value in place, or says
    /// the dict must take over (a deletion, a name that is not an exact str, a full shape tree).
    fn set_inline_attr(&mut self, attrs: &InstanceAttrs, name: &Value, value: Option<Value>) -> InlineStore {
        let Some(shape) = attrs.shape() else { return InlineStore::UseDict(value) };
        let Value::Obj(key) = name else { unreachable!("checked to be a str") };
        let Payload::Str(s) = &key.payload else { unreachable!("checked to be a str") };
        let (n, h) = (s.as_str(), s.hash());
        match (shape.index_of(key), value) {
            (Some(i), Some(v)) => {
                drop(attrs.replace_at(i, v));
                InlineStore::Done
            }
            (None, None) => InlineStore::Missing,
            (None, Some(v)) if key.class_is(&self.types.str_) => {
                // Names are interned (as `PyObject_SetAttr` does), so shapes compare them by address.
                let key = self.intern(n);
                match shape.child(&key, h) {
                    Some(next) => {
                        attrs.push(next, v);
                        InlineStore::Done
                    }
                    None => InlineStore::UseDict(Some(v)),
                }
            }
            (_, value) => InlineStore::UseDict(value),
        }
    }

    pub fn getattr_str(&mut self, obj: &Value, name: &str) -> PyResult<Value> {
        let n = Value::Obj(self.intern(name));
        self.getattr(obj, &n)
    }

    /// `getattr(obj, name, None)`-like: `Ok(None)` on AttributeError.
    pub fn getattr_opt(&mut self, obj: &Value, name: &str) -> PyResult<Option<Value>> {
        match self.getattr_str(obj, name) {
            Ok(v) => Ok(Some(v)),
            Err(e) if self.isinstance_exc(&e, &self.exc.attribute_error.clone()) => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub fn setattr_str(&mut self, obj: &Value, name: &str, v: Value) -> PyResult<()> {
        let n = Value::Obj(self.intern(name));
        self.setattr(obj, &n, v)
    }

    /// Calls any callable.
    pub fn call(&mut self, callable: &Value, args: Args) -> PyResult<Value> {
        let Value::Obj(o) = callable else {
            return Err(self.new_type_error(format!("'{}' object is not callable", self.type_name(callable))));
        };
        match &o.payload {
            Payload::Function(func) => {
                let frame = crate::frame::bind_args(self, func, args.args, args.kwnames)?;
                if func.code.code.is_generator_like() {
                    return Ok(self.new_generator(frame, func));
                }
                self.run_nested(frame)
            }
            Payload::BuiltinFunction(b) => match &b.self_ {
                None if !b.is_static && b.owner.is_some() => {
                    // An unbound method descriptor: check `self` before native code sees it
                    // (the usual case, an instance of exactly the owner, costs one compare).
                    let owner = b.owner.as_ref().unwrap();
                    let oname = || owner.as_type().map(|t| t.name().to_string()).unwrap_or_default();
                    match args.pos().first() {
                        Some(Value::Obj(so)) if so.class_is(owner) => {}
                        // Slot wrappers (`wrapper_descriptor`) word these two differently.
                        None if b.slot.is_some() => {
                            let msg = format!("descriptor '{}' of '{}' object needs an argument", b.name, oname());
                            return Err(self.new_type_error(msg));
                        }
                        None => {
                            let msg = format!("unbound method {}.{}() needs an argument", oname(), b.name);
                            return Err(self.new_type_error(msg));
                        }
                        Some(s) if !types::is_subtype(&self.type_of(s), owner) => {
                            let msg = if b.slot.is_some() {
                                format!(
                                    "descriptor '{}' requires a '{}' object but received a '{}'",
                                    b.name,
                                    oname(),
                                    self.type_name(s)
                                )
                            } else {
                                format!(
                                    "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                                    b.name,
                                    oname(),
                                    self.type_name(s)
                                )
                            };
                            return Err(self.new_type_error(msg));
                        }
                        Some(_) => {}
                    }
                    if let Some(slot) = b.slot {
                        slot.check(self, b.name, &args)?;
                    }
                    (b.func)(self, args)
                }
                None if b.is_static && b.name == "__new__" => {
                    self.check_new_args(b, args.pos().first())?;
                    (b.func)(self, args)
                }
                None => (b.func)(self, args),
                Some(s) => {
                    let mut all = Vec::with_capacity(args.args.len() + 1);
                    all.push(s.clone());
                    all.extend_from_slice(args.args);
                    (b.func)(self, Args { args: &all, kwnames: args.kwnames })
                }
            },
            Payload::Method(f, s) => {
                let mut all = Vec::with_capacity(args.args.len() + 1);
                all.push(s.clone());
                all.extend_from_slice(args.args);
                let f = f.clone();
                self.call(&f, Args { args: &all, kwnames: args.kwnames })
            }
            Payload::Type(_) => self.call_type(o, args),
            _ => match self.lookup_special(callable, "__call__") {
                Some(c) => {
                    // A `__call__` that is itself a callable instance recurses natively
                    // (`A.__call__ = A()`): bounded as `_Py_EnterRecursiveCall` bounds it.
                    if self.depth + self.native_depth >= self.recursion_limit {
                        let t = self.exc.recursion_error.clone();
                        return Err(
                            self.new_exception(&t, "maximum recursion depth exceeded while calling a Python object")
                        );
                    }
                    let mut all = Vec::with_capacity(args.args.len() + 1);
                    all.push(callable.clone());
                    all.extend_from_slice(args.args);
                    self.native_depth += 1;
                    let r = self.call(&c, Args { args: &all, kwnames: args.kwnames });
                    self.native_depth -= 1;
                    r
                }
                None => Err(self.new_type_error(format!("'{}' object is not callable", self.type_name(callable)))),
            },
        }
    }

    /// The checks of CPython's `tp_new_wrapper` on the class passed to a builtin `X.__new__`.
    fn check_new_args(&self, b: &crate::func::BuiltinFunction, first: Option<&Value>) -> PyResult<()> {
        let Some(owner) = &b.owner else { return Ok(()) };
        if matches!(first, Some(Value::Obj(o)) if Rc::ptr_eq(o, owner)) {
            return Ok(());
        }
        let oname = owner.as_type().map(|t| t.name()).unwrap_or_default();
        let msg = match first {
            None => format!("{oname}.__new__(): not enough arguments"),
            Some(v) => match v.as_obj().filter(|o| o.as_type().is_some()) {
                None => format!("{oname}.__new__(X): X is not a type object ({})", self.type_name(v)),
                Some(sub) if !types::is_subtype(sub, owner) => {
                    let sname = sub.as_type().map(|t| t.name()).unwrap_or_default();
                    format!("{oname}.__new__({sname}): {sname} is not a subtype of {oname}")
                }
                Some(_) => return Ok(()),
            },
        };
        Err(self.new_type_error(msg))
    }

    /// Runs a fresh frame to completion from native code (bounded native re-entry).
    pub fn run_nested(&mut self, mut frame: Box<crate::frame::Frame>) -> PyResult<Value> {
        if self.depth >= self.recursion_limit || self.native_depth > 20_000 {
            return Err(self.new_exception(&self.exc.recursion_error.clone(), "maximum recursion depth exceeded"));
        }
        self.depth += 1;
        self.native_depth += 1;
        let r = self.run_frame(&mut frame, None);
        self.free_frame(frame);
        self.depth -= 1;
        self.native_depth -= 1;
        match r? {
            crate::eval::Exit::Return(v) => Ok(v),
            crate::eval::Exit::Yield(_) => Err(self.new_runtime_error("yield from a non-generator frame")),
        }
    }

    /// Calling a type: `type(x)`, or `cls.__new__` then `__init__` (`type_call`).
    fn call_type(&mut self, t: &PyRef, args: Args) -> PyResult<Value> {
        let meta = t.class();
        if !Rc::ptr_eq(&meta, &self.types.type_) {
            if let Some(c) = types::lookup_static(&meta, "__call__") {
                if !matches!(c.payload(), Some(Payload::BuiltinFunction(b)) if b.name == "__call__") {
                    let mut all = vec![Value::Obj(t.clone())];
                    all.extend_from_slice(args.args);
                    return self.call(&c, Args { args: &all, kwnames: args.kwnames });
                }
            }
        }
        self.type_call(t, args)
    }

    /// `type.__call__(cls, *args, **kwargs)`.
    pub fn type_call(&mut self, t: &PyRef, args: Args) -> PyResult<Value> {
        if Rc::ptr_eq(t, &self.types.type_) && args.args.len() == 1 && args.kwnames.is_empty() {
            return Ok(Value::Obj(self.type_of(&args.args[0])));
        }
        // `str(x)` is `PyObject_Str(x)` and `int(x)` is `PyNumber_Long(x)` (their `__new__` with
        // one argument), without binding or an `__init__` lookup.
        if args.args.len() == 1 && args.kwnames.is_empty() {
            if Rc::ptr_eq(t, &self.types.str_) {
                return self.str(&args.args[0]);
            }
            if Rc::ptr_eq(t, &self.types.int) {
                return crate::objects::numbers::int_from_value(self, &args.args[0]);
            }
        }
        let new = types::lookup_static(t, "__new__")
            .ok_or_else(|| self.new_type_error(format!("cannot create '{}' instances", t.as_type().unwrap().name())))?;
        let new = match new.payload() {
            Some(Payload::StaticMethod(f)) => f.borrow().clone(),
            _ => new,
        };
        let obj = self.call_prefixed(&new, &Value::Obj(t.clone()), args.args, args.kwnames)?;
        if Rc::ptr_eq(t, &self.types.type_) {
            return Ok(obj);
        }
        let ot = self.type_of(&obj);
        if !types::is_subtype(&ot, t) {
            return Ok(obj);
        }
        if let Some(init) = types::lookup_static(&ot, "__init__") {
            let r = self.call_unbound_kw(&init, &obj, args)?;
            if !r.is_none() {
                return Err(self.new_type_error(format!("__init__() should return None, not '{}'", self.type_name(&r))));
            }
        }
        Ok(obj)
    }

    /// Like `call_unbound` but passing keyword arguments through.
    pub fn call_unbound_kw(&mut self, descr: &Value, obj: &Value, args: Args) -> PyResult<Value> {
        match descr.payload() {
            Some(Payload::Function(_)) => self.call_prefixed(descr, obj, args.args, args.kwnames),
            Some(Payload::BuiltinFunction(b)) if b.binds() => self.call_prefixed(descr, obj, args.args, args.kwnames),
            _ => {
                let bound = self.descr_get(descr, obj)?;
                self.call(&bound, args)
            }
        }
    }

    /// `f(*args, **kwargs)`.
    pub fn call_ex(&mut self, callable: &Value, args: &Value, kwargs: Option<&Value>) -> PyResult<Value> {
        let mut all = match args.payload() {
            Some(Payload::Tuple(t)) => t.to_vec(),
            _ => self.sequence_list(args)?,
        };
        let mut names = Vec::new();
        if let Some(kw) = kwargs {
            if let Some(Payload::Dict(d)) = kw.payload() {
                for (k, v) in d.borrow().items() {
                    names.push(k);
                    all.push(v);
                }
            }
        }
        self.call(callable, Args { args: &all, kwnames: &names })
    }

    /// `bool(v)`.
    #[inline]
    pub fn truthy(&mut self, v: &Value) -> PyResult<bool> {
        match v {
            Value::None => Ok(false),
            Value::Bool(b) => Ok(*b),
            Value::Int(i) => Ok(*i != 0),
            Value::Float(f) => Ok(*f != 0.0),
            Value::Obj(o) => {
                if !o.class_is_heap() {
                    match &o.payload {
                        Payload::Str(s) => return Ok(s.char_len() != 0),
                        Payload::List(l) => return Ok(!l.borrow().is_empty()),
                        Payload::Tuple(t) => return Ok(!t.is_empty()),
                        Payload::Dict(d) => return Ok(!d.borrow().is_empty()),
                        Payload::Int(i) => return Ok(!i.is_zero()),
                        _ => {}
                    }
                }
                if let Some(r) = self.call_special(v, "__bool__", &[])? {
                    return match r {
                        Value::Bool(b) => Ok(b),
                        _ => Err(self
                            .new_type_error(format!("__bool__ should return bool, returned {}", self.type_name(&r)))),
                    };
                }
                if let Some(r) = self.call_special(v, "__len__", &[])? {
                    return Ok(self.index_to_len(&r)? != 0);
                }
                Ok(true)
            }
        }
    }

    fn index_to_len(&mut self, r: &Value) -> PyResult<usize> {
        match r {
            Value::Int(i) if *i >= 0 => Ok(*i as usize),
            Value::Int(_) => Err(self.new_value_error("__len__() should return >= 0")),
            Value::Bool(b) => Ok(*b as usize),
            _ => {
                match r.payload() {
                    Some(Payload::Int(b)) => {
                        if b.sign() == num_bigint::Sign::Minus {
                            Err(self.new_value_error("__len__() should return >= 0"))
                        } else {
                            Err(self.new_overflow_error("cannot fit 'int' into an index-sized integer"))
                        }
                    }
                    _ => Err(self
                        .new_type_error(format!("'{}' object cannot be interpreted as an integer", self.type_name(r)))),
                }
            }
        }
    }

    /// `len(v)`.
    pub fn len(&mut self, v: &Value) -> PyResult<usize> {
        // A subclass (of list, str, ...) may override `__len__`: only exact types read the payload.
        if let Some(n) = v.as_obj().filter(|o| !o.class_is_heap()).and_then(|o| stored_len(&o.payload)) {
            return Ok(n);
        }
        match self.call_special(v, "__len__", &[])? {
            Some(r) => self.index_to_len(&r),
            None => Err(self.new_type_error(format!("object of type '{}' has no len()", self.type_name(v)))),
        }
    }

    /// `hash(v)`.
    pub fn hash(&mut self, v: &Value) -> PyResult<i64> {
        match v {
            Value::None => Ok(crate::hash::hash_i64(0xdead_beef) ^ 0x5a5a),
            Value::Bool(b) => Ok(*b as i64),
            Value::Int(i) => Ok(crate::hash::hash_i64(*i)),
            Value::Float(f) => Ok(crate::hash::hash_f64(*f).unwrap_or_else(|| v.id() >> 4)),
            Value::Obj(o) => {
                let exact = !o.class_is_heap();
                match &o.payload {
                    Payload::Str(s) if exact => return Ok(s.hash()),
                    Payload::Int(i) if exact => return Ok(crate::hash::hash_bigint(i)),
                    Payload::Tuple(items) if exact => {
                        let mut hs = Vec::with_capacity(items.len());
                        for it in items.iter() {
                            hs.push(self.hash(it)?);
                        }
                        return Ok(crate::hash::hash_tuple(hs.into_iter()));
                    }
                    _ => {}
                }
                match self.lookup_special(v, "__hash__") {
                    Some(h) if !h.is_none() => {
                        let r = self.call_unbound(&h, v, &[])?;
                        match r {
                            Value::Int(i) => Ok(if i == -1 { -2 } else { i }),
                            Value::Bool(b) => Ok(b as i64),
                            _ => match r.payload() {
                                Some(Payload::Int(b)) => Ok(crate::hash::hash_bigint(b)),
                                _ => Err(self.new_type_error("__hash__ method should return an integer")),
                            },
                        }
                    }
                    _ => Err(self.new_type_error(format!("unhashable type: '{}'", self.type_name(v)))),
                }
            }
        }
    }

    /// `a == b` as a bool (`PyObject_RichCompareBool`: identity implies equality).
    pub fn eq(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        if self.config.bytes_warning > 0 {
            self.warn_bytes_compare(a, b)?;
        }
        if let Some(r) = dict::fast_eq(a, b) {
            return Ok(r);
        }
        let r = self.compare(a, b, 2)?;
        self.truthy(&r)
    }

    /// Rich comparison (`PyObject_RichCompare`): reflected method first for a proper subclass
    /// operand, `NotImplemented` handling, identity fallback for `==`/`!=`.
    pub fn compare(&mut self, a: &Value, b: &Value, op: u32) -> PyResult<Value> {
        match (a, b) {
            (Value::Int(x), Value::Int(y)) => return Ok(Value::Bool(cmp_ord(x.cmp(y), op))),
            (Value::Float(x), Value::Float(y)) => {
                return Ok(Value::Bool(match x.partial_cmp(y) {
                    Some(o) => cmp_ord(o, op),
                    None => op == 3,
                }))
            }
            _ => {}
        }
        if let (Some(x), Some(y)) = (a.as_str(), b.as_str()) {
            if !self.type_of(a).as_type().unwrap().is_heap() && !self.type_of(b).as_type().unwrap().is_heap() {
                return Ok(Value::Bool(cmp_ord(x.cmp_code_points(y), op)));
            }
        }
        if self.config.bytes_warning > 0 && (op == 2 || op == 3) {
            self.warn_bytes_compare(a, b)?;
        }
        // Containers compare their items through here: a self-containing list or dict would
        // recurse without end (`Py_EnterRecursiveCall(" in comparison")`).
        if self.depth + self.native_depth >= self.recursion_limit {
            let t = self.exc.recursion_error.clone();
            return Err(self.new_exception(&t, "maximum recursion depth exceeded in comparison"));
        }
        self.native_depth += 1;
        let r = self.compare_slots(a, b, op);
        self.native_depth -= 1;
        r
    }

    /// The slot part of `compare`: the operands' comparison methods in CPython's order, then
    /// identity for `==`/`!=`.
    fn compare_slots(&mut self, a: &Value, b: &Value, op: u32) -> PyResult<Value> {
        let (name, rname) = CMP_NAMES[op as usize];
        let ta = self.type_of(a);
        let tb = self.type_of(b);
        let mut checked_reflected = false;
        if !Rc::ptr_eq(&ta, &tb) && types::is_subtype(&tb, &ta) {
            if let Some(m) = self.lookup_special(b, rname) {
                checked_reflected = true;
                let r = self.call_unbound(&m, b, std::slice::from_ref(a))?;
                if !self.is_not_implemented(&r) {
                    return Ok(r);
                }
            }
        }
        if let Some(m) = self.lookup_special(a, name) {
            let r = self.call_unbound(&m, a, std::slice::from_ref(b))?;
            if !self.is_not_implemented(&r) {
                return Ok(r);
            }
        }
        if !checked_reflected {
            if let Some(m) = self.lookup_special(b, rname) {
                let r = self.call_unbound(&m, b, std::slice::from_ref(a))?;
                if !self.is_not_implemented(&r) {
                    return Ok(r);
                }
            }
        }
        match op {
            2 => Ok(Value::Bool(a.is(b))),
            3 => Ok(Value::Bool(!a.is(b))),
            _ => Err(self.new_type_error(format!(
                "'{}' not supported between instances of '{}' and '{}'",
                CMP_OPS[op as usize],
                self.type_name(a),
                self.type_name(b)
            ))),
        }
    }

    /// `a < b` as bool (sorting, min/max).
    pub fn lt(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            return Ok(x < y);
        }
        let r = self.compare(a, b, 0)?;
        self.truthy(&r)
    }

    /// `BINARY_OP`.
    pub fn binary_op(&mut self, a: &Value, b: &Value, op: u32) -> PyResult<Value> {
        if let Some(r) = crate::objects::int::fast_binop(self, a, b, op % NB_INPLACE)? {
            return Ok(r);
        }
        let base = op % NB_INPLACE;
        // `"format" % args` on an exact str: str's own `__mod__`, without looking it up —
        // unless `args` is an instance of a str subclass, whose `__rmod__` goes first.
        if base == NB_REMAINDER {
            if let Value::Obj(o) = a {
                if let Payload::Str(fmt) = &o.payload {
                    let b_subclass = matches!(b, Value::Obj(p) if matches!(p.payload, Payload::Str(_)) && !p.class_is(&self.types.str_));
                    if o.class_is(&self.types.str_) && !b_subclass {
                        return crate::format::percent_format(self, fmt.as_str(), b);
                    }
                }
            }
        }
        // Concatenation of two exact strs or tuples (`+=` too: they are immutable), or of two
        // exact lists (not `+=`, which extends in place): their own `__add__`, not looked up.
        if base == NB_ADD {
            if let (Value::Obj(x), Value::Obj(y)) = (a, b) {
                if x.class_is(&self.types.str_) && y.class_is(&self.types.str_) {
                    return crate::strmethods::concat(self, a, b);
                }
                let tuples = x.class_is(&self.types.tuple) && y.class_is(&self.types.tuple);
                let lists = op == NB_ADD && x.class_is(&self.types.list) && y.class_is(&self.types.list);
                if tuples || lists {
                    if let Some(r) = crate::objects::containers::concat_same(self, a, b) {
                        return Ok(r);
                    }
                }
            }
        }
        // Set algebra on exact sets and frozensets (not in place: `s |= t` updates `s`).
        if op < NB_INPLACE {
            if let Some(r) = crate::objects::setops::exact_binary(self, a, b, op) {
                return r;
            }
        }
        let (name, rname, _) = BINOP_NAMES[base as usize];
        if op >= NB_INPLACE {
            let (_, _, iname) = BINOP_NAMES[(op - NB_INPLACE) as usize];
            if let Some(m) = self.lookup_special(a, iname) {
                // A list's `+=`/`*=` is a sequence slot: the operands' number slots come
                // first (`binary_iop1`), so `l += obj` reaches `obj.__radd__`.
                if self.is_sequence_slot(&m) {
                    if let Some(r) = self.binary_op_nb(a, b, name, rname, false)? {
                        return Ok(r);
                    }
                }
                let r = self.call_unbound(&m, a, std::slice::from_ref(b))?;
                if !self.is_not_implemented(&r) {
                    return Ok(r);
                }
            }
        }
        match self.binary_op1(a, b, name, rname)? {
            Some(r) => Ok(r),
            None => Err(self.binop_type_error(a, b, op)),
        }
    }

    /// The rest of `binary_op1` after `type(a).__op__(a, b)` returned NotImplemented: the
    /// reflected method of a different `type(b)`, then the TypeError.
    pub fn binary_op_reflected(&mut self, a: &Value, b: &Value, op: u32) -> PyResult<Value> {
        let (_, rname, _) = BINOP_NAMES[(op % NB_INPLACE) as usize];
        if !Rc::ptr_eq(&self.type_of(a), &self.type_of(b)) {
            if let Some(r) = self.lookup_special(b, rname) {
                let res = self.call_unbound(&r, b, std::slice::from_ref(a))?;
                if !self.is_not_implemented(&res) {
                    return Ok(res);
                }
            }
        }
        Err(self.binop_type_error(a, b, op))
    }

    /// CPython's TypeError for an operator no operand supports.
    fn binop_type_error(&mut self, a: &Value, b: &Value, op: u32) -> PyRef {
        let base = op % NB_INPLACE;
        let sym = BINARY_OPS[op as usize];
        if base == NB_MULTIPLY {
            let is_seq = |v: &Value| {
                matches!(
                    v.payload(),
                    Some(Payload::Str(_))
                        | Some(Payload::List(_))
                        | Some(Payload::Tuple(_))
                        | Some(Payload::Bytes(_))
                        | Some(Payload::ByteArray(_))
                )
            };
            if is_seq(a) || is_seq(b) {
                let other = if is_seq(a) { b } else { a };
                return self
                    .new_type_error(format!("can't multiply sequence by non-int of type '{}'", self.type_name(other)));
            }
        }
        let sym = if base == NB_POWER {
            if op >= NB_INPLACE {
                "**="
            } else {
                "** or pow()"
            }
        } else {
            sym
        };
        self.new_type_error(format!(
            "unsupported operand type(s) for {}: '{}' and '{}'",
            sym,
            self.type_name(a),
            self.type_name(b)
        ))
    }

    /// `binary_op1`: forward and reflected special methods; `None` when both decline.
    pub fn binary_op1(
        &mut self,
        a: &Value,
        b: &Value,
        name: &'static str,
        rname: &'static str,
    ) -> PyResult<Option<Value>> {
        self.binary_op_nb(a, b, name, rname, true)
    }

    /// Whether `m` is a builtin sequence's `__add__`/`__mul__` (or in-place form): CPython's
    /// `sq_concat`/`sq_repeat` slots, which are tried only after both operands' number slots
    /// declined (so `[1] + obj` reaches `obj.__radd__`).
    fn is_sequence_slot(&self, m: &Value) -> bool {
        let Some(Payload::BuiltinFunction(b)) = m.payload() else { return false };
        if !matches!(b.name, "__add__" | "__mul__" | "__iadd__" | "__imul__") {
            return false;
        }
        let t = &self.types;
        b.owner
            .as_ref()
            .is_some_and(|o| [&t.list, &t.tuple, &t.str_, &t.bytes, &t.bytearray].into_iter().any(|s| Rc::ptr_eq(o, s)))
    }

    /// The number-slot part of `binary_op1`; a sequence's forward method (`is_sequence_slot`)
    /// runs last, and only if `seq_last`.
    fn binary_op_nb(
        &mut self,
        a: &Value,
        b: &Value,
        name: &'static str,
        rname: &'static str,
        seq_last: bool,
    ) -> PyResult<Option<Value>> {
        let ta = self.type_of(a);
        let tb = self.type_of(b);
        let same = Rc::ptr_eq(&ta, &tb);
        let mut fwd = self.lookup_special(a, name);
        let mut seq = None;
        if fwd.as_ref().is_some_and(|f| self.is_sequence_slot(f)) {
            seq = fwd.take();
        }
        let mut rev = if same { None } else { self.lookup_special(b, rname) };
        if let Some(r) = &rev {
            if types::is_subtype(&tb, &ta) && fwd.as_ref().map(|f| !f.is(r)).unwrap_or(true) {
                let res = self.call_unbound(r, b, std::slice::from_ref(a))?;
                if !self.is_not_implemented(&res) {
                    return Ok(Some(res));
                }
                rev = None;
            }
        }
        if let Some(f) = fwd {
            let res = self.call_unbound(&f, a, std::slice::from_ref(b))?;
            if !self.is_not_implemented(&res) {
                return Ok(Some(res));
            }
        }
        if let Some(r) = rev {
            let res = self.call_unbound(&r, b, std::slice::from_ref(a))?;
            if !self.is_not_implemented(&res) {
                return Ok(Some(res));
            }
        }
        if let Some(f) = seq.filter(|_| seq_last) {
            let res = self.call_unbound(&f, a, std::slice::from_ref(b))?;
            if !self.is_not_implemented(&res) {
                return Ok(Some(res));
            }
        }
        Ok(None)
    }

    pub fn unary_op(&mut self, a: &Value, op: Opcode) -> PyResult<Value> {
        match (a, op) {
            (Value::Int(i), Opcode::UNARY_NEGATIVE) => {
                return Ok(match i.checked_neg() {
                    Some(v) => Value::Int(v),
                    None => self.new_bigint(-BigInt::from(*i)),
                })
            }
            (Value::Int(i), Opcode::UNARY_INVERT) => return Ok(Value::Int(!i)),
            (Value::Int(_), Opcode::UNARY_POSITIVE) => return Ok(a.clone()),
            (Value::Float(x), Opcode::UNARY_NEGATIVE) => return Ok(Value::Float(-x)),
            (Value::Float(_), Opcode::UNARY_POSITIVE) => return Ok(a.clone()),
            (Value::Bool(b), _) => return self.unary_op(&Value::Int(*b as i64), op),
            _ => {}
        }
        let (name, sym) = match op {
            Opcode::UNARY_NEGATIVE => ("__neg__", "-"),
            Opcode::UNARY_POSITIVE => ("__pos__", "+"),
            _ => ("__invert__", "~"),
        };
        match self.call_special(a, name, &[])? {
            Some(r) => Ok(r),
            None => Err(self.new_type_error(format!("bad operand type for unary {}: '{}'", sym, self.type_name(a)))),
        }
    }

    /// `item in container`.
    pub fn contains(&mut self, container: &Value, item: &Value) -> PyResult<bool> {
        if let Value::Obj(o) = container {
            match &o.payload {
                Payload::Dict(_) if !o.class_is_heap() => return dict::contains(self, o, item),
                Payload::Set(s) if !o.class_is_heap() => return crate::set::contains_in(self, s, item),
                Payload::FrozenSet(s, _) if !o.class_is_heap() => return crate::set::frozen_contains(self, s, item),
                Payload::Str(s) if !o.class_is_heap() => {
                    return match item.as_str() {
                        Some(i) => Ok(s.as_str().contains(i.as_str())),
                        None => Err(self.new_type_error(format!(
                            "'in <string>' requires string as left operand, not {}",
                            self.type_name(item)
                        ))),
                    }
                }
                _ => {}
            }
        }
        if let Some(r) = self.call_special(container, "__contains__", std::slice::from_ref(item))? {
            return self.truthy(&r);
        }
        if self.lookup_special(container, "__iter__").is_none()
            && self.lookup_special(container, "__getitem__").is_none()
        {
            return Err(
                self.new_type_error(format!("argument of type '{}' is not iterable", self.type_name(container)))
            );
        }
        let it = self.iter(container)?;
        while let Some(v) = self.next(&it)? {
            if self.eq(&v, item)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `container[key]`.
    pub fn getitem(&mut self, container: &Value, key: &Value) -> PyResult<Value> {
        if let (Value::Obj(o), Value::Int(i)) = (container, key) {
            match &o.payload {
                // Exact types only: a subclass may override __getitem__.
                Payload::List(l) if o.class_is(&self.types.list) => {
                    let l = l.borrow();
                    let idx = if *i < 0 { *i + l.len() as i64 } else { *i };
                    return match l.get(idx as usize) {
                        Some(v) if idx >= 0 => Ok(v.clone()),
                        _ => Err(self.new_index_error("list index out of range")),
                    };
                }
                Payload::Tuple(t) if o.class_is(&self.types.tuple) => {
                    let idx = if *i < 0 { *i + t.len() as i64 } else { *i };
                    return match t.get(idx as usize) {
                        Some(v) if idx >= 0 => Ok(v.clone()),
                        _ => Err(self.new_index_error("tuple index out of range")),
                    };
                }
                _ => {}
            }
        }
        if let Value::Obj(o) = container {
            if let Payload::Dict(_) = &o.payload {
                if !o.class_is_heap() {
                    return match dict::get_item(self, o, key)? {
                        Some(v) => Ok(v),
                        None => Err(self.new_key_error(key.clone())),
                    };
                }
            }
        }
        if let Some(r) = self.call_special(container, "__getitem__", std::slice::from_ref(key))? {
            return Ok(r);
        }
        if let Value::Obj(o) = container {
            if let Payload::Type(_) = &o.payload {
                // `type[int]` is special-cased (type has no `__class_getitem__`, so that other
                // classes do not inherit one through their metaclass), as PyObject_GetItem does.
                if Rc::ptr_eq(o, &self.types.type_) {
                    let args = [container.clone(), key.clone()];
                    return crate::objects::generic_alias::class_getitem(self, Args::new(&args));
                }
                if let Some(cg) = self.getattr_opt(container, "__class_getitem__")? {
                    return self.call(&cg, Args::new(std::slice::from_ref(key)));
                }
                return Err(self.new_type_error(format!("type '{}' is not subscriptable", o.as_type().unwrap().name())));
            }
        }
        Err(self.new_type_error(format!("'{}' object is not subscriptable", self.type_name(container))))
    }

    pub fn setitem(&mut self, container: &Value, key: Value, value: Value) -> PyResult<()> {
        if let Value::Obj(o) = container {
            if let Payload::Dict(_) = &o.payload {
                if !o.class_is_heap() {
                    return dict::set_item(self, o, key, value);
                }
            }
        }
        match self.call_special(container, "__setitem__", &[key, value])? {
            Some(_) => Ok(()),
            None => {
                Err(self
                    .new_type_error(format!("'{}' object does not support item assignment", self.type_name(container))))
            }
        }
    }

    pub fn delitem(&mut self, container: &Value, key: &Value) -> PyResult<()> {
        if let Value::Obj(o) = container {
            if let Payload::Dict(_) = &o.payload {
                if !o.class_is_heap() {
                    return match dict::del_item(self, o, key)? {
                        Some(_) => Ok(()),
                        None => Err(self.new_key_error(key.clone())),
                    };
                }
            }
        }
        match self.call_special(container, "__delitem__", std::slice::from_ref(key))? {
            Some(_) => Ok(()),
            None => {
                Err(self
                    .new_type_error(format!("'{}' object does not support item deletion", self.type_name(container))))
            }
        }
    }

    /// Reads a mapping item, `None` when missing (KeyError swallowed) — for locals mappings.
    pub fn mapping_get(&mut self, mapping: &Value, key: &Value) -> PyResult<Option<Value>> {
        if let Value::Obj(o) = mapping {
            if let Payload::Dict(_) = &o.payload {
                if !o.class_is_heap() {
                    return dict::get_item(self, o, key);
                }
            }
        }
        match self.getitem(mapping, key) {
            Ok(v) => Ok(Some(v)),
            Err(e) if self.isinstance_exc(&e, &self.exc.key_error.clone()) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `repr(v)` as a str value.
    pub fn repr(&mut self, v: &Value) -> PyResult<Value> {
        match v {
            Value::None => return Ok(Value::Obj(self.intern("None"))),
            Value::Bool(b) => return Ok(Value::Obj(self.intern(if *b { "True" } else { "False" }))),
            Value::Int(i) => return Ok(self.new_str(i.to_string())),
            Value::Float(f) => return Ok(self.new_str(crate::format::float_repr(*f))),
            _ => {}
        }
        // `Py_EnterRecursiveCall(" while getting the repr of an object")`: nested containers,
        // and a `__repr__` that calls back into repr natively (`C.__repr__ = C.__str__`).
        if self.depth + self.native_depth >= self.recursion_limit || self.native_depth > 20_000 {
            return Err(self.new_exception(
                &self.exc.recursion_error.clone(),
                "maximum recursion depth exceeded while getting the repr of an object",
            ));
        }
        self.native_depth += 1;
        let r = self.call_special(v, "__repr__", &[]);
        self.native_depth -= 1;
        let r = match r? {
            Some(r) => r,
            None => return Ok(self.new_str(format!("<{} object>", self.type_name(v)))),
        };
        if r.as_str().is_none() {
            return Err(self.new_type_error(format!("__repr__ returned non-string (type {})", self.type_name(&r))));
        }
        Ok(r)
    }

    pub fn repr_string(&mut self, v: &Value) -> PyResult<String> {
        let r = self.repr(v)?;
        Ok(r.as_str().unwrap().as_str().to_string())
    }

    /// `str(v)` as a str value.
    pub fn str(&mut self, v: &Value) -> PyResult<Value> {
        match v {
            Value::Obj(o) if matches!(o.payload, Payload::Str(_)) && !o.class_is_heap() => return Ok(v.clone()),
            Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_) => return self.repr(v),
            _ => {}
        }
        if self.config.bytes_warning > 0 {
            self.warn_str_of_bytes(v)?;
        }
        if self.depth + self.native_depth >= self.recursion_limit {
            let t = self.exc.recursion_error.clone();
            return Err(self.new_exception(&t, "maximum recursion depth exceeded while getting the str of an object"));
        }
        self.native_depth += 1;
        let r = self.call_special(v, "__str__", &[]);
        self.native_depth -= 1;
        let r = match r? {
            Some(r) => r,
            None => return self.repr(v),
        };
        if r.as_str().is_none() {
            return Err(self.new_type_error(format!("__str__ returned non-string (type {})", self.type_name(&r))));
        }
        Ok(r)
    }

    /// `-b`: str() of a bytes or bytearray (whose class keeps the default `__str__`) warns, as
    /// CPython's `bytes_str`/`bytearray_str` do.
    #[cold]
    fn warn_str_of_bytes(&mut self, v: &Value) -> PyResult<()> {
        let what = match v.payload() {
            Some(Payload::Bytes(_)) => "bytes",
            Some(Payload::ByteArray(_)) => "bytearray",
            _ => return Ok(()),
        };
        let t = self.type_of(v);
        if types::lookup_static(&t, "__str__")
            .is_some_and(|f| !matches!(f.payload(), Some(Payload::BuiltinFunction(_))))
        {
            return Ok(());
        }
        let category = self.exc.bytes_warning.clone();
        self.warn(&category, &format!("str() on a {what} instance"), 1, None)
    }

    /// `-b`: `bytes == str`, `bytes == int` (and `!=`) warn, as CPython's `bytes_richcompare`
    /// (bytearray only against str).
    #[cold]
    pub(crate) fn warn_bytes_compare(&mut self, a: &Value, b: &Value) -> PyResult<()> {
        let kind = |v: &Value| match v.payload() {
            Some(Payload::Bytes(_)) => Some("bytes"),
            Some(Payload::ByteArray(_)) => Some("bytearray"),
            _ => None,
        };
        let is_str = |v: &Value| v.as_str().is_some();
        let is_int =
            |v: &Value| matches!(v, Value::Int(_) | Value::Bool(_)) || matches!(v.payload(), Some(Payload::Int(_)));
        let msg = match (kind(a), kind(b)) {
            (Some(k), None) if is_str(b) => format!("Comparison between {k} and string"),
            (None, Some(k)) if is_str(a) => format!("Comparison between {k} and string"),
            (Some("bytes"), None) if is_int(b) => "Comparison between bytes and int".to_string(),
            (None, Some("bytes")) if is_int(a) => "Comparison between bytes and int".to_string(),
            _ => return Ok(()),
        };
        let category = self.exc.bytes_warning.clone();
        self.warn(&category, &msg, 1, None)
    }

    pub fn str_string(&mut self, v: &Value) -> PyResult<String> {
        let r = self.str(v)?;
        Ok(r.as_str().unwrap().as_str().to_string())
    }

    /// `ascii(v)`.
    pub fn ascii(&mut self, v: &Value) -> PyResult<Value> {
        let r = self.repr_string(v)?;
        Ok(self.new_str(crate::objects::strtype::ascii_escape(&r)))
    }

    /// `format(v, spec)`.
    pub fn format(&mut self, v: &Value, spec: Option<&Value>) -> PyResult<Value> {
        let empty = spec.map(|s| s.as_str().map(|x| x.char_len() == 0).unwrap_or(false)).unwrap_or(true);
        if empty {
            if let Some(s) = v.as_str() {
                if !self.type_of(v).as_type().unwrap().is_heap() {
                    let _ = s;
                    return Ok(v.clone());
                }
            }
            if matches!(v, Value::Int(_) | Value::Float(_)) {
                return self.str(v);
            }
        }
        // int, float, bool and str themselves (not subclasses, which may override
        // `__format__`): their `__format__` is `format_spec`, called without the method lookup.
        if let Some(sp) = spec.and_then(|s| s.as_str()) {
            let builtin = match v {
                Value::Int(_) | Value::Float(_) | Value::Bool(_) => true,
                Value::Obj(o) => {
                    matches!(o.payload, Payload::Int(_) | Payload::Float(_) | Payload::Str(_))
                        && !o.class().as_type().is_some_and(|t| t.is_heap())
                }
                _ => false,
            };
            if builtin {
                return crate::format::format_spec(self, v, sp.as_str());
            }
        }
        let spec_v = spec.cloned().unwrap_or_else(|| self.new_str(""));
        match self.call_special(v, "__format__", &[spec_v])? {
            Some(r) if r.as_str().is_some() => Ok(r),
            Some(r) => Err(self.new_type_error(format!("__format__ must return a str, not {}", self.type_name(&r)))),
            None => self.str(v),
        }
    }

    /// `isinstance(exc, cls)` for exception objects raised by the VM (MRO check only).
    pub fn isinstance_exc(&self, exc: &PyRef, cls: &PyRef) -> bool {
        types::is_subtype(&exc.class(), cls)
    }

    /// `isinstance(v, cls)` by MRO (no `__instancecheck__`).
    pub fn isinstance(&self, v: &Value, cls: &PyRef) -> bool {
        types::is_subtype(&self.type_of(v), cls)
    }

    /// Looks up a class attribute by name (for the VM's own uses, e.g. `__name__`).
    pub fn type_attr(&self, t: &PyRef, name: &'static str) -> Option<Value> {
        types::lookup_static(t, name)
    }

    /// The `__dict__` dict object of a type.
    pub fn type_dict(&self, t: &PyRef) -> PyRef {
        type_dict(t)
    }

    /// `__index__` conversion to a big int.
    pub fn to_index(&mut self, v: &Value) -> PyResult<BigInt> {
        match v {
            Value::Int(i) => Ok(BigInt::from(*i)),
            Value::Bool(b) => Ok(BigInt::from(*b as i64)),
            Value::Obj(o) => match &o.payload {
                Payload::Int(i) => Ok(i.clone()),
                _ => match self.call_special(v, "__index__", &[])? {
                    Some(r)
                        if matches!(r, Value::Int(_) | Value::Bool(_))
                            || matches!(r.payload(), Some(Payload::Int(_))) =>
                    {
                        self.to_index(&r)
                    }
                    Some(r) => {
                        Err(self.new_type_error(format!("__index__ returned non-int (type {})", self.type_name(&r))))
                    }
                    None => Err(self
                        .new_type_error(format!("'{}' object cannot be interpreted as an integer", self.type_name(v)))),
                },
            },
            _ => {
                Err(self.new_type_error(format!("'{}' object cannot be interpreted as an integer", self.type_name(v))))
            }
        }
    }

    /// `__index__` conversion to i64 (OverflowError when it does not fit).
    pub fn to_i64_index(&mut self, v: &Value) -> PyResult<i64> {
        if let Value::Int(i) = v {
            return Ok(*i);
        }
        let b = self.to_index(v)?;
        b.to_i64().ok_or_else(|| {
            self.new_overflow_error(format!("cannot fit '{}' into an index-sized integer", self.type_name(v)))
        })
    }

    pub fn isinstance_str(&self, v: &Value) -> bool {
        v.as_str().is_some()
    }

    /// `float(v)` for arithmetic on int/float/`__float__` objects.
    pub fn float_of(&mut self, v: &Value) -> PyResult<f64> {
        match v {
            Value::Float(f) => Ok(*f),
            Value::Int(i) => Ok(*i as f64),
            Value::Bool(b) => Ok(*b as i64 as f64),
            Value::Obj(o) => match &o.payload {
                Payload::Float(f) => Ok(*f),
                Payload::Int(i) => crate::objects::int::bigint_to_f64(self, i),
                _ => match self.call_special(v, "__float__", &[])? {
                    Some(Value::Float(f)) => Ok(f),
                    Some(r) => match r.payload() {
                        Some(Payload::Float(f)) => Ok(*f),
                        _ => Err(self.new_type_error(format!(
                            "{}.__float__ returned non-float (type {})",
                            self.type_name(v),
                            self.type_name(&r)
                        ))),
                    },
                    None => match self.call_special(v, "__index__", &[])? {
                        Some(r) => self.float_of(&r),
                        None => Err(self.new_type_error(format!("must be real number, not {}", self.type_name(v)))),
                    },
                },
            },
            Value::None => Err(self.new_type_error("must be real number, not NoneType")),
        }
    }
}

#[inline]
fn cmp_ord(o: std::cmp::Ordering, op: u32) -> bool {
    use std::cmp::Ordering::*;
    match op {
        0 => o == Less,
        1 => o != Greater,
        2 => o == Equal,
        3 => o != Equal,
        4 => o == Greater,
        _ => o != Less,
    }
}

/// Exposed for sorting and builtins.
pub fn compare_ord(o: std::cmp::Ordering, op: u32) -> bool {
    cmp_ord(o, op)
}

/// What `set_inline_attr` did.
enum InlineStore {
    Done,
    /// A deletion of a name the object does not have.
    Missing,
    /// The object's `__dict__` must do the store (it is built on demand by `instance_dict`).
    UseDict(Option<Value>),
}

/// The value of `o.<name>` in its own attributes (inline or in its `__dict__`), if it has one.
#[inline]
pub fn instance_attr(o: &Object, name: &Value, n: &str, h: i64) -> Option<Value> {
    if let (Payload::Instance(attrs), Value::Obj(key)) = (&o.payload, name) {
        match attrs.find(key) {
            Found::Value(v) => return Some(v),
            Found::Absent => return None,
            Found::InDict => {}
        }
    }
    o.peek_dict(|d| match d.map(|d| &d.payload) {
        Some(Payload::Dict(dd)) => dd.borrow().get_str(n, h),
        _ => None,
    })
}

/// The length a builtin container's payload holds (what its native `__len__` returns), if `p`
/// is one.
#[inline]
pub fn stored_len(p: &Payload) -> Option<usize> {
    Some(match p {
        Payload::Str(s) => s.char_len(),
        Payload::List(l) => l.borrow().len(),
        Payload::Tuple(t) => t.len(),
        Payload::Dict(d) => d.borrow().len(),
        Payload::Set(s) => s.borrow().len(),
        Payload::FrozenSet(s, _) => s.len(),
        Payload::Bytes(b) => b.len(),
        Payload::ByteArray(b) => b.borrow().len(),
        _ => return None,
    })
}
