//! VM stage: the operations behind the remaining instructions — building functions, raising
//! and matching exceptions, `**` merging, `match` statement support, and `PRINT_EXPR`.

use crate::frame::Frame;
use crate::func::{Args, Function};
use crate::types;
use crate::value::{Object, Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use std::cell::RefCell;
use std::rc::Rc;

impl Vm {
    /// `MAKE_FUNCTION`.
    pub fn make_function(&mut self, f: &mut Frame, flags: u32) -> PyResult<Value> {
        let code = f.stack.pop().unwrap();
        let closure = if flags & 8 != 0 { f.stack.pop() } else { None };
        let annotations = if flags & 4 != 0 { f.stack.pop() } else { None };
        let kwdefaults = if flags & 2 != 0 { f.stack.pop() } else { None };
        let defaults = if flags & 1 != 0 { f.stack.pop() } else { None };
        let Some(Payload::Code(cd)) = code.payload() else {
            return Err(self.new_type_error("MAKE_FUNCTION expects a code object"));
        };
        let cd = cd.clone();
        let closure = closure.and_then(|c| match c.payload() {
            Some(Payload::Tuple(t)) => Some(t.iter().filter_map(|v| v.as_obj().cloned()).collect::<Vec<_>>().into()),
            _ => None,
        });
        let annotations = match annotations {
            Some(Value::Obj(o)) => {
                let d = self.new_dict();
                if let Payload::Tuple(t) = &o.payload {
                    for pair in t.chunks(2) {
                        if pair.len() == 2 {
                            crate::dict::set_item(self, &d, pair[0].clone(), pair[1].clone())?;
                        }
                    }
                } else if let Payload::Dict(_) = &o.payload {
                    return Ok(self.finish_function(f, cd, defaults, kwdefaults, Some(o), closure));
                }
                Some(d)
            }
            _ => None,
        };
        Ok(self.finish_function(f, cd, defaults, kwdefaults, annotations, closure))
    }

    fn finish_function(
        &mut self,
        f: &Frame,
        cd: Rc<crate::value::CodeData>,
        defaults: Option<Value>,
        kwdefaults: Option<Value>,
        annotations: Option<PyRef>,
        closure: Option<Rc<[PyRef]>>,
    ) -> Value {
        let doc = match cd.consts.first() {
            Some(v) if v.as_str().is_some() && cd.code.co_flags & bytecode::flags::CO_NEWLOCALS != 0 => v.clone(),
            _ => Value::None,
        };
        // `__name__` through its interned str, whose hash is kept: no hashing per function.
        let key = self.intern("__name__");
        let module = match (&f.globals.payload, &key.payload) {
            (Payload::Dict(d), Payload::Str(k)) => d.borrow().get_str(k.as_str(), k.hash()),
            _ => None,
        }
        .unwrap_or(Value::None);
        let func = Function {
            name: RefCell::new(cd.name.clone()),
            qualname: RefCell::new(cd.qualname.clone()),
            code: crate::func::FuncCode::new(cd),
            globals: f.globals.clone(),
            builtins: f.builtins.clone(),
            defaults: RefCell::new(defaults.and_then(|d| match d.payload() {
                Some(Payload::Tuple(t)) => Some(Rc::from(t.to_vec())),
                _ => None,
            })),
            kwdefaults: RefCell::new(kwdefaults.and_then(|d| d.as_obj().cloned())),
            closure,
            doc: RefCell::new(doc),
            module: RefCell::new(module),
            annotations: RefCell::new(annotations),
        };
        Value::Obj(Object::new(self.types.function.clone(), Payload::Function(Box::new(func))))
    }

    /// `DICT_UPDATE`/`DICT_MERGE`: copy a mapping into `d`.
    pub fn dict_merge(&mut self, d: &PyRef, other: &Value, callable: Option<&Value>) -> PyResult<()> {
        let items: Vec<(Value, Value)> = match other.payload() {
            Some(Payload::Dict(od)) => od.borrow().items(),
            _ => {
                let Some(keys_m) = self.getattr_opt(other, "keys")? else {
                    let msg = match callable {
                        Some(c) => format!(
                            "{} argument after ** must be a mapping, not {}",
                            self.func_desc(c),
                            self.type_name(other)
                        ),
                        None => format!("'{}' object is not a mapping", self.type_name(other)),
                    };
                    return Err(self.new_type_error(msg));
                };
                let keys = self.call(&keys_m, Args::new(&[]))?;
                let mut out = Vec::new();
                for k in self.collect(&keys)? {
                    let v = self.getitem(other, &k)?;
                    out.push((k, v));
                }
                out
            }
        };
        for (k, v) in items {
            if let Some(c) = callable {
                if k.as_str().is_none() {
                    return Err(self.new_type_error("keywords must be strings"));
                }
                if crate::dict::contains(self, d, &k)? {
                    let ks = k.as_str().unwrap().as_str().to_string();
                    let msg = format!("{} got multiple values for keyword argument '{}'", self.func_desc(c), ks);
                    return Err(self.new_type_error(msg));
                }
            }
            crate::dict::set_item(self, d, k, v)?;
        }
        Ok(())
    }

    /// `f()` style description of a callable for error messages (`_PyObject_FunctionStr`).
    pub fn func_desc(&mut self, c: &Value) -> String {
        match c.payload() {
            // `_PyObject_FunctionStr`: module-qualified unless the module is builtins.
            Some(Payload::Function(f)) => {
                let q = f.qualname.borrow().as_str().map(|s| s.as_str().to_string()).unwrap_or_default();
                match f.module.borrow().as_str() {
                    Some(m) if m.as_str() != "builtins" => format!("{}.{}()", m.as_str(), q),
                    _ => format!("{q}()"),
                }
            }
            Some(Payload::BuiltinFunction(b)) => format!("{}()", b.name),
            Some(Payload::Type(t)) => format!("{}()", t.name()),
            _ => format!("{} object", self.type_name(c)),
        }
    }

    /// `raise X`: instantiate classes, check the value is an exception.
    pub fn make_raisable(&mut self, e: &Value) -> PyResult<PyRef> {
        if let Value::Obj(o) = e {
            if let Payload::Type(_) = &o.payload {
                if types::is_subtype(o, &self.exc.base_exception) {
                    let inst = self.call(e, Args::new(&[]))?;
                    if let Value::Obj(i) = &inst {
                        if i.exc_data().is_some() {
                            return Ok(i.clone());
                        }
                    }
                    let msg = format!(
                        "calling {} should have returned an instance of BaseException, not {}",
                        self.repr_string(e)?,
                        self.type_name(&inst)
                    );
                    return Err(self.new_type_error(msg));
                }
            } else if o.exc_data().is_some() {
                return Ok(o.clone());
            }
        }
        Err(self.new_type_error("exceptions must derive from BaseException"))
    }

    /// `raise exc from cause`.
    pub fn set_cause(&mut self, exc: &PyRef, cause: &Value) -> PyResult<()> {
        let cause = match cause {
            Value::None => Value::None,
            _ => Value::Obj(
                self.make_raisable(cause)
                    .map_err(|_| self.new_type_error("exception causes must derive from BaseException"))?,
            ),
        };
        let d = exc.exc_data().unwrap();
        *d.cause.borrow_mut() = cause;
        d.suppress_context.set(true);
        Ok(())
    }

    /// `check_except_type_valid`: the classes of an `except` clause, each an exception class.
    fn except_classes(&self, ty: &Value) -> PyResult<Vec<PyRef>> {
        except_items(ty).iter().map(|c| self.except_class(c, None).cloned()).collect()
    }

    /// One class of an `except` clause, checked to be an exception class. A class that `exc`
    /// (the exception being handled) is exactly an instance of needs no check.
    fn except_class<'a>(&self, c: &'a Value, exc: Option<&Value>) -> PyResult<&'a PyRef> {
        match c {
            Value::Obj(o)
                if matches!(o.payload, Payload::Type(_))
                    && (matches!(exc, Some(Value::Obj(e)) if e.class_is(o))
                        || types::is_subtype(o, &self.exc.base_exception)) =>
            {
                Ok(o)
            }
            _ => Err(self.new_type_error("catching classes that do not inherit from BaseException is not allowed")),
        }
    }

    /// `CHECK_EXC_MATCH`: `isinstance(exc, ty)` for an exception class or tuple of them (every
    /// class checked first, as CPython does), without collecting the classes.
    pub fn exception_matches(&mut self, exc: &Value, ty: &Value) -> PyResult<bool> {
        let items = except_items(ty);
        for c in items {
            self.except_class(c, Some(exc))?;
        }
        if let [Value::Obj(c)] = items {
            if matches!(exc, Value::Obj(e) if e.class_is(c)) {
                return Ok(true);
            }
        }
        let t = self.type_of(exc);
        Ok(items.iter().any(|c| matches!(c, Value::Obj(c) if types::is_subtype(&t, c))))
    }

    /// `CHECK_EG_MATCH` for `except*`: split `exc` by `ty` into (rest, match).
    pub fn exception_group_match(&mut self, exc: &Value, ty: &Value) -> PyResult<(Value, Value)> {
        // `check_except_star_type_valid`: exception classes, and no group class among them.
        let classes = self.except_classes(ty)?;
        if classes.iter().any(|c| types::is_subtype(c, &self.exc.base_exception_group)) {
            return Err(self.new_type_error("catching ExceptionGroup with except* is not allowed. Use except instead."));
        }
        if self.exception_matches(exc, ty)? {
            // A naked exception matching: wrap it in an ExceptionGroup as CPython does.
            let is_group = types::is_subtype(&self.type_of(exc), &self.exc.base_exception_group);
            let matched = if is_group {
                exc.clone()
            } else {
                // `_PyExc_CreateExceptionGroup("", (exc,))` (3.11 gives it no traceback).
                let msg = self.new_str("");
                let list = self.new_tuple(vec![exc.clone()]);
                let eg = Value::Obj(self.exc.base_exception_group.clone());
                self.call(&eg, Args::new(&[msg, list]))?
            };
            // `PyErr_SetHandledException(match)`: a bare `raise` in the clause re-raises it.
            self.exc_info = matched.clone();
            return Ok((Value::None, matched));
        }
        if types::is_subtype(&self.type_of(exc), &self.exc.base_exception_group) {
            let split = self.getattr_str(exc, "split")?;
            let r = self.call(&split, Args::new(std::slice::from_ref(ty)))?;
            let parts = self.unpack_exact(&r, 2)?;
            if !parts[0].is_none() {
                self.exc_info = parts[0].clone();
            }
            return Ok((parts[1].clone(), parts[0].clone()));
        }
        Ok((exc.clone(), Value::None))
    }

    /// `PREP_RERAISE_STAR` (`_PyExc_PrepReraiseStar`): what remains to be raised after the
    /// `except*` clauses. Of the exceptions left in `list`, those with `orig`'s traceback, cause
    /// and context are parts of `orig` (re-raised or unhandled) and go back together as one
    /// projection of `orig`; the others were raised by the handlers. Several results are
    /// grouped in a new `BaseExceptionGroup("", ...)`.
    pub fn prep_reraise_star(&mut self, orig: &Value, list: &Value) -> PyResult<Value> {
        let items: Vec<Value> = self.collect(list)?.into_iter().filter(|v| !v.is_none()).collect();
        if items.is_empty() {
            return Ok(Value::None);
        }
        // A naked exception was caught and wrapped: only one clause ran.
        if !types::is_subtype(&self.type_of(orig), &self.exc.base_exception_group) {
            return Ok(items[0].clone());
        }
        let (reraised, mut raised): (Vec<Value>, Vec<Value>) =
            items.into_iter().partition(|e| same_exception_metadata(e, orig));
        let mut leaves = Vec::new();
        for e in &reraised {
            self.collect_leaf_ids(e, &mut leaves)?;
        }
        let projection = crate::objects::runtime::eg_projection(self, orig, &leaves)?;
        if raised.is_empty() {
            return Ok(projection);
        }
        if !projection.is_none() {
            raised.push(projection);
        }
        if raised.len() == 1 {
            return Ok(raised.pop().unwrap());
        }
        let msg = self.new_str("");
        let l = self.new_list(raised);
        let beg = Value::Obj(self.exc.base_exception_group.clone());
        self.call(&beg, Args::new(&[msg, l]))
    }

    /// `collect_exception_group_leaf_ids`: the identities of the non-group exceptions in `exc`.
    fn collect_leaf_ids(&mut self, exc: &Value, out: &mut Vec<*const crate::value::Object>) -> PyResult<()> {
        let Some(o) = exc.as_obj() else { return Ok(()) };
        if !types::is_subtype(&o.class(), &self.exc.base_exception_group) {
            out.push(Rc::as_ptr(o));
            return Ok(());
        }
        let excs = o.exc_field("exceptions");
        for e in self.collect(&excs)? {
            self.collect_leaf_ids(&e, out)?;
        }
        Ok(())
    }

    /// `PRINT_EXPR`: `sys.displayhook(value)`.
    pub fn display_hook(&mut self, v: &Value) -> PyResult<()> {
        if let Some(h) = self.sys_attr("displayhook") {
            self.call(&h, Args::new(std::slice::from_ref(v)))?;
            return Ok(());
        }
        if !v.is_none() {
            let r = self.repr_string(v)?;
            self.write_stdout(&format!("{r}\n"))?;
        }
        Ok(())
    }

    pub fn is_mapping_for_match(&self, v: &Value) -> bool {
        matches!(v.payload(), Some(Payload::Dict(_)) | Some(Payload::MappingProxy(_)))
            || crate::types::collection_flag(&self.type_of(v)) == crate::types::FLAG_MAPPING
    }

    pub fn is_sequence_for_match(&self, v: &Value) -> bool {
        matches!(
            v.payload(),
            Some(Payload::List(_))
                | Some(Payload::Tuple(_))
                | Some(Payload::Range { .. })
                | Some(Payload::MemoryView(_))
        ) || crate::types::collection_flag(&self.type_of(v)) == crate::types::FLAG_SEQUENCE
    }

    /// `MATCH_KEYS`: values of `keys` in the mapping, or None if any is missing.
    pub fn match_keys(&mut self, subject: &Value, keys: &Value) -> PyResult<Value> {
        let keys = self.collect(keys)?;
        let mut out = Vec::with_capacity(keys.len());
        let get = self.getattr_str(subject, "get")?;
        let dummy = Value::Obj(Object::new(self.types.object.clone(), Payload::None));
        for k in keys {
            let v = self.call(&get, Args::new(&[k, dummy.clone()]))?;
            if v.is(&dummy) {
                return Ok(Value::None);
            }
            out.push(v);
        }
        Ok(self.new_tuple(out))
    }

    /// `MATCH_CLASS`: the attributes for a class pattern, or None when it does not match.
    pub fn match_class(&mut self, subject: &Value, cls: &Value, npos: usize, names: &Value) -> PyResult<Value> {
        let Some(t) = cls.as_obj().filter(|o| matches!(o.payload, Payload::Type(_))) else {
            return Err(self.new_type_error("called match pattern must be a class"));
        };
        if !self.isinstance(subject, t) {
            return Ok(Value::None);
        }
        let mut out = Vec::new();
        if npos > 0 {
            let match_args = self.getattr_opt(cls, "__match_args__")?;
            let self_match = matches!(
                t.as_type().unwrap().layout,
                crate::types::Layout::Int
                    | crate::types::Layout::Float
                    | crate::types::Layout::Str
                    | crate::types::Layout::Bytes
                    | crate::types::Layout::Tuple
                    | crate::types::Layout::List
                    | crate::types::Layout::Dict
                    | crate::types::Layout::Set
                    | crate::types::Layout::FrozenSet
                    | crate::types::Layout::ByteArray
            ) || Rc::ptr_eq(t, &self.types.bool_);
            match match_args {
                Some(ma) => {
                    let ma_items = match ma.payload() {
                        Some(Payload::Tuple(tt)) => tt.to_vec(),
                        _ => {
                            return Err(self.new_type_error(format!(
                                "{}.__match_args__ must be a tuple (got {})",
                                t.as_type().unwrap().name(),
                                self.type_name(&ma)
                            )))
                        }
                    };
                    if npos > ma_items.len() {
                        return Err(self.new_type_error(format!(
                            "{}() accepts {} positional sub-pattern{} ({} given)",
                            t.as_type().unwrap().name(),
                            ma_items.len(),
                            if ma_items.len() == 1 { "" } else { "s" },
                            npos
                        )));
                    }
                    for name in &ma_items[..npos] {
                        match self.getattr(subject, name) {
                            Ok(v) => out.push(v),
                            Err(e) if self.isinstance_exc(&e, &self.exc.attribute_error.clone()) => {
                                return Ok(Value::None)
                            }
                            Err(e) => return Err(e),
                        }
                    }
                }
                None if self_match => {
                    if npos > 1 {
                        return Err(self.new_type_error(format!(
                            "{}() accepts 1 positional sub-pattern ({} given)",
                            t.as_type().unwrap().name(),
                            npos
                        )));
                    }
                    out.push(subject.clone());
                }
                None => {
                    return Err(self.new_type_error(format!(
                        "{}() accepts 0 positional sub-patterns ({} given)",
                        t.as_type().unwrap().name(),
                        npos
                    )))
                }
            }
        }
        for name in self.collect(names)? {
            match self.getattr(subject, &name) {
                Ok(v) => out.push(v),
                Err(e) if self.isinstance_exc(&e, &self.exc.attribute_error.clone()) => return Ok(Value::None),
                Err(e) => return Err(e),
            }
        }
        Ok(self.new_tuple(out))
    }
}

/// `is_same_exception_metadata`: the same traceback, cause and context objects.
fn same_exception_metadata(a: &Value, b: &Value) -> bool {
    let (Some(x), Some(y)) = (a.as_obj().and_then(|o| o.exc_data()), b.as_obj().and_then(|o| o.exc_data())) else {
        return false;
    };
    let same_tb = match (&*x.traceback.borrow(), &*y.traceback.borrow()) {
        (Some(p), Some(q)) => Rc::ptr_eq(p, q),
        (None, None) => true,
        _ => false,
    };
    same_tb && x.cause.borrow().is(&y.cause.borrow()) && x.context.borrow().is(&y.context.borrow())
}

/// The classes an `except` clause names: a tuple's items, or the one value.
fn except_items(ty: &Value) -> &[Value] {
    match ty.payload() {
        Some(Payload::Tuple(t)) => t,
        _ => std::slice::from_ref(ty),
    }
}
