//! VM stage: the runtime types — functions and methods, descriptors (property, classmethod,
//! staticmethod, super), exceptions, generators and iterators, modules, range, slice, None,
//! NotImplemented and Ellipsis — with their attributes and reprs as CPython shows them.

use crate::func::{Args, MethodDef};
use crate::gen::SendResult;
use crate::types;
use crate::value::{Object, Payload, PropertyData, PyRef, RangeData, Value};
use crate::vm::{PyResult, Vm};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};
use std::cell::RefCell;
use std::rc::Rc;

fn func_of(v: &Value) -> Option<&crate::func::Function> {
    match v.payload() {
        Some(Payload::Function(f)) => Some(f),
        _ => None,
    }
}

fn function_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = func_of(&args.args[0]).unwrap();
    let q = f.qualname.borrow().as_str().map(|s| s.as_str().to_string()).unwrap_or_default();
    Ok(vm.new_str(format!("<function {} at {:#x}>", q, args.args[0].id())))
}

/// `types.MethodType(function, instance)` (`method_new`): any callable bound to a non-None
/// instance.
fn method_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    let a = rest.exact(vm, "method", 2)?;
    if !vm.is_callable(&a[0]) {
        return Err(vm.new_type_error("first argument must be callable"));
    }
    if a[1].is_none() {
        return Err(vm.new_type_error("instance must not be None"));
    }
    Ok(Value::Obj(Object::new(vm.types.method.clone(), Payload::Method(a[0].clone(), a[1].clone()))))
}

fn function_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper_unpack(vm, "__get__", 1, 2)?;
    if a[1].is_none() {
        return Ok(a[0].clone());
    }
    Ok(Value::Obj(Object::new(vm.types.method.clone(), Payload::Method(a[0].clone(), a[1].clone()))))
}

macro_rules! func_attr {
    ($get:ident, $set:ident, $field:ident) => {
        fn $get(_vm: &mut Vm, args: Args) -> PyResult<Value> {
            Ok(func_of(&args.args[0]).unwrap().$field.borrow().clone())
        }
        fn $set(_vm: &mut Vm, args: Args) -> PyResult<Value> {
            *func_of(&args.args[0]).unwrap().$field.borrow_mut() = args.args[1].clone();
            Ok(Value::None)
        }
    };
}
func_attr!(func_name_get, func_name_set, name);
func_attr!(func_qualname_get, func_qualname_set, qualname);
func_attr!(func_doc_get, func_doc_set, doc);
func_attr!(func_module_get, func_module_set, module);

fn func_defaults_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = func_of(&args.args[0]).unwrap();
    let d = f.defaults.borrow().clone();
    Ok(match d {
        Some(d) => vm.new_tuple(d.to_vec()),
        None => Value::None,
    })
}

fn func_defaults_set(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = func_of(&args.args[0]).unwrap();
    *f.defaults.borrow_mut() = match args.args[1].payload() {
        Some(Payload::Tuple(t)) => Some(Rc::from(t.to_vec())),
        None if args.args[1].is_none() => None,
        _ => return Err(vm.new_type_error("__defaults__ must be set to a tuple object")),
    };
    Ok(Value::None)
}

fn func_kwdefaults_get(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = func_of(&args.args[0]).unwrap();
    Ok(f.kwdefaults.borrow().clone().map(Value::Obj).unwrap_or(Value::None))
}

fn func_code_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = func_of(&args.args[0]).unwrap();
    Ok(Value::Obj(Object::new(vm.types.code.clone(), Payload::Code(f.code.rc()))))
}

/// `f.__code__ = code`: the number of free variables must match the closure's.
fn func_code_set(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = func_of(&args.args[0]).unwrap();
    let Some(Payload::Code(cd)) = args.args[1].payload() else {
        return Err(vm.new_type_error("__code__ must be set to a code object"));
    };
    let nfree = cd.code.co_freevars.len();
    let nclosure = f.closure.as_ref().map_or(0, |c| c.len());
    if nfree != nclosure {
        let name = f.name.borrow().as_str().map(|s| s.as_str().to_string()).unwrap_or_default();
        return Err(
            vm.new_value_error(format!("{name}() requires a code object with {nclosure} free vars, not {nfree}"))
        );
    }
    f.code.set(cd.clone());
    Ok(Value::None)
}

/// `code.replace(**changes)`: a copy with the named `co_*` fields changed (the scalar and name
/// fields; bytecode, constants and name tuples keep their values).
fn code_replace(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Code(cd)) = args.args[0].payload() else { unreachable!() };
    if args.pos().len() > 1 {
        return Err(vm.new_type_error("replace() takes no positional arguments"));
    }
    let mut co = (*cd.code).clone();
    for (k, v) in args.kwargs() {
        let int = |vm: &mut Vm| -> PyResult<u32> {
            let i = vm.to_i64_index(v)?;
            u32::try_from(i).map_err(|_| vm.new_overflow_error("Python int too large to convert to C int"))
        };
        let text = |vm: &Vm| -> PyResult<Rc<str>> {
            v.as_str().map(|s| Rc::from(s.as_str())).ok_or_else(|| {
                vm.new_type_error(format!("replace() argument '{k}' must be str, not {}", vm.type_name(v)))
            })
        };
        match k {
            "co_flags" => co.co_flags = int(vm)?,
            "co_firstlineno" => co.co_firstlineno = int(vm)?,
            "co_name" => co.co_name = text(vm)?,
            "co_qualname" => co.co_qualname = text(vm)?,
            "co_filename" => co.co_filename = text(vm)?,
            _ => return Err(vm.new_type_error(format!("'{k}' is an invalid keyword argument for replace()"))),
        }
    }
    let data = vm.code_data(Rc::new(co));
    Ok(Value::Obj(Object::new(vm.types.code.clone(), Payload::Code(data))))
}

fn func_globals_get(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Obj(func_of(&args.args[0]).unwrap().globals.clone()))
}

fn func_closure_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = func_of(&args.args[0]).unwrap();
    Ok(match &f.closure {
        Some(c) => vm.new_tuple(c.iter().map(|x| Value::Obj(x.clone())).collect::<Vec<_>>()),
        None => Value::None,
    })
}

fn func_annotations_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = func_of(&args.args[0]).unwrap();
    let mut a = f.annotations.borrow_mut();
    if a.is_none() {
        *a = Some(vm.new_dict());
    }
    Ok(Value::Obj(a.clone().unwrap()))
}

fn func_annotations_set(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = func_of(&args.args[0]).unwrap();
    *f.annotations.borrow_mut() = args.args[1].as_obj().cloned();
    Ok(Value::None)
}

fn func_dict_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let o = args.args[0].as_obj().unwrap();
    if o.dict.get().is_none() {
        o.dict.set(Some(vm.new_dict()));
    }
    Ok(Value::Obj(o.dict.get().unwrap()))
}

fn method_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Method(f, s)) = args.args[0].payload() else { unreachable!() };
    let (f, s) = (f.clone(), s.clone());
    let name = match f.payload() {
        Some(Payload::Function(func)) => {
            func.qualname.borrow().as_str().map(|x| x.as_str().to_string()).unwrap_or_default()
        }
        Some(Payload::BuiltinFunction(b)) => b.name.to_string(),
        _ => "?".into(),
    };
    if let Some(Payload::BuiltinFunction(b)) = f.payload() {
        return Ok(vm.new_str(format!("<built-in method {} of {} object at {:#x}>", b.name, vm.type_name(&s), s.id())));
    }
    let r = vm.repr_string(&s)?;
    Ok(vm.new_str(format!("<bound method {name} of {r}>")))
}

fn method_func_get(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Method(f, _)) = args.args[0].payload() else { unreachable!() };
    Ok(f.clone())
}
/// `method.__doc__` (`method_get_doc`): the function's, so the class's own docstring (in the
/// type's dict) does not shadow it.
fn method_doc_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Method(f, _)) = args.args[0].payload() else { unreachable!() };
    let f = f.clone();
    vm.getattr_str(&f, "__doc__")
}

fn method_self_get(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Method(_, s)) = args.args[0].payload() else { unreachable!() };
    Ok(s.clone())
}

/// `__get__` of method and slot descriptors (`method_get`, `wrapperdescr_get`).
fn descr_get_builtin(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper_unpack(vm, "__get__", 1, 2)?;
    if a[1].is_none() {
        if a.get(2).is_none_or(|t| t.is_none()) {
            return Err(vm.new_type_error("__get__(None, None) is invalid"));
        }
        return Ok(a[0].clone());
    }
    if let Some(Payload::BuiltinFunction(b)) = a[0].payload() {
        if let Some(owner) = b.owner.as_ref().filter(|o| !crate::types::is_subtype(&vm.type_of(&a[1]), o)) {
            return Err(vm.new_type_error(format!(
                "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                b.name,
                owner.as_type().map(|t| t.tp_name().to_string()).unwrap_or_default(),
                vm.type_name(&a[1])
            )));
        }
    }
    vm.descr_get(&a[0], &a[1])
}

fn property_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    let [fget, fset, fdel, doc] = rest.bind(vm, "property", ["fget", "fset", "fdel", "doc"], 0)?;
    let fget = fget.unwrap_or(Value::None);
    let mut doc = doc.unwrap_or(Value::None);
    if doc.is_none() && !fget.is_none() {
        doc = vm.getattr_opt(&fget, "__doc__")?.unwrap_or(Value::None);
    }
    let cls = args.args[0].as_obj().cloned().unwrap();
    let p = Payload::Property(Box::new(PropertyData {
        fget,
        fset: fset.unwrap_or(Value::None),
        fdel: fdel.unwrap_or(Value::None),
        doc: RefCell::new(doc),
        name: RefCell::new(Value::None),
    }));
    Ok(Value::Obj(if cls.as_type().unwrap().is_heap() {
        Object::with_dict(cls, p, vm.new_dict())
    } else {
        Object::new(cls, p)
    }))
}

fn property_with(vm: &mut Vm, args: Args, which: usize) -> PyResult<Value> {
    let a = args.one(vm, ["getter", "setter", "deleter"][which])?;
    let Some(Payload::Property(pd)) = a[0].payload() else { unreachable!() };
    let PropertyData { fget, fset, fdel, doc, name } = &**pd;
    let mut parts = [fget.clone(), fset.clone(), fdel.clone()];
    parts[which] = a[1].clone();
    let doc = doc.borrow().clone();
    let doc = if which == 0 && doc.is_none() { vm.getattr_opt(&a[1], "__doc__")?.unwrap_or(Value::None) } else { doc };
    let [fget, fset, fdel] = parts;
    let doc = RefCell::new(doc);
    let name = RefCell::new(name.borrow().clone());
    let pd = PropertyData { fget, fset, fdel, doc, name };
    Ok(Value::Obj(Object::new(vm.type_of(&a[0]), Payload::Property(Box::new(pd)))))
}
fn property_getter(vm: &mut Vm, a: Args) -> PyResult<Value> {
    property_with(vm, a, 0)
}
fn property_setter(vm: &mut Vm, a: Args) -> PyResult<Value> {
    property_with(vm, a, 1)
}
fn property_deleter(vm: &mut Vm, a: Args) -> PyResult<Value> {
    property_with(vm, a, 2)
}
fn property_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper_unpack(vm, "__get__", 1, 2)?;
    if a[1].is_none() {
        return Ok(a[0].clone());
    }
    vm.property_get_value(&a[0], &a[1])
}
fn property_fget(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Property(pd)) = args.args[0].payload() else { unreachable!() };
    Ok(pd.fget.clone())
}
fn property_fset(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Property(pd)) = args.args[0].payload() else { unreachable!() };
    Ok(pd.fset.clone())
}
fn property_fdel(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Property(pd)) = args.args[0].payload() else { unreachable!() };
    Ok(pd.fdel.clone())
}
/// `property.__set_name__(owner, name)`: remembers the name for error messages.
fn property_set_name(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__set_name__", 3)?;
    let Some(Payload::Property(pd)) = a[0].payload() else { unreachable!() };
    *pd.name.borrow_mut() = a[2].clone();
    Ok(Value::None)
}
fn property_doc(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Property(pd)) = args.args[0].payload() else { unreachable!() };
    Ok(pd.doc.borrow().clone())
}

fn property_doc_set(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Property(pd)) = args.args[0].payload() else { unreachable!() };
    *pd.doc.borrow_mut() = args.args[1].clone();
    Ok(Value::None)
}

/// `functools_wraps` of funcobject.c: copies the wrapped callable's `__module__`, `__name__`,
/// `__qualname__`, `__doc__` and `__annotations__` (those it has) into the new classmethod's or
/// staticmethod's `__dict__`, so `classmethod(f).__doc__` is `f`'s.
fn wrapper_dict(vm: &mut Vm, wrapped: &Value) -> PyResult<PyRef> {
    let d = vm.new_dict();
    for name in ["__module__", "__name__", "__qualname__", "__doc__", "__annotations__"] {
        if let Some(v) = vm.getattr_opt(wrapped, name)? {
            vm.dict_set_str(&d, name, v);
        }
    }
    Ok(d)
}

fn classmethod_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = Args { args: &args.args[1..], kwnames: args.kwnames }.exact(vm, "classmethod", 1)?;
    let cls = args.args[0].as_obj().cloned().unwrap();
    let d = wrapper_dict(vm, &a[0])?;
    Ok(Value::Obj(Object::with_dict(cls, Payload::ClassMethod(RefCell::new(a[0].clone())), d)))
}
fn staticmethod_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = Args { args: &args.args[1..], kwnames: args.kwnames }.exact(vm, "staticmethod", 1)?;
    let cls = args.args[0].as_obj().cloned().unwrap();
    let d = wrapper_dict(vm, &a[0])?;
    Ok(Value::Obj(Object::with_dict(cls, Payload::StaticMethod(RefCell::new(a[0].clone())), d)))
}
fn wrapped_func(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(match args.args[0].payload() {
        Some(Payload::ClassMethod(f)) | Some(Payload::StaticMethod(f)) => f.borrow().clone(),
        _ => Value::None,
    })
}
fn classmethod_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper_unpack(vm, "__get__", 1, 2)?;
    let Some(Payload::ClassMethod(f)) = a[0].payload() else { unreachable!() };
    let owner = match a.get(2) {
        Some(o) if !o.is_none() => o.clone(),
        _ => Value::Obj(vm.type_of(&a[1])),
    };
    Ok(vm.new_bound_method(f.borrow().clone(), owner))
}
fn staticmethod_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper_unpack(vm, "__get__", 1, 2)?;
    let Some(Payload::StaticMethod(f)) = a[0].payload() else { unreachable!() };
    Ok(f.borrow().clone())
}
fn staticmethod_call(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::StaticMethod(f)) = args.args[0].payload() else { unreachable!() };
    let f = f.borrow().clone();
    vm.call(&f, Args { args: &args.args[1..], kwnames: args.kwnames })
}

/// `super()` / `super(type, obj)`.
fn super_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let pos = &args.args[1..];
    let (this_type, obj) = match pos.len() {
        1 | 2 => (pos[0].clone(), pos.get(1).cloned()),
        0 => return Err(vm.new_runtime_error("super(): no arguments")),
        n => return Err(vm.new_type_error(format!("super() expected at most 2 arguments, got {n}"))),
    };
    let Some(tt) = this_type.as_obj().filter(|o| matches!(o.payload, Payload::Type(_))).cloned() else {
        return Err(vm.new_type_error(format!("super() argument 1 must be a type, not {}", vm.type_name(&this_type))));
    };
    // An unbound super object: no object, its type standing in as `obj_type` (see
    // `super_is_unbound`).
    let Some(obj) = obj else {
        let cls = args.args[0].as_obj().cloned().unwrap_or_else(|| vm.types.super_.clone());
        return Ok(Value::Obj(Object::new(
            cls,
            Payload::Super { this_type: tt.clone(), obj: Value::None, obj_type: tt },
        )));
    };
    let obj_type = match obj.as_obj() {
        Some(o) if matches!(o.payload, Payload::Type(_)) && types::is_subtype(o, &tt) => o.clone(),
        _ => {
            let t = vm.type_of(&obj);
            if !types::is_subtype(&t, &tt) {
                return Err(vm.new_type_error("super(type, obj): obj must be an instance or subtype of type"));
            }
            t
        }
    };
    Ok(Value::Obj(Object::new(vm.types.super_.clone(), Payload::Super { this_type: tt, obj, obj_type })))
}

impl Vm {
    /// Zero-argument `super()`: the `__class__` cell and first argument of the calling frame.
    pub fn super_from_frame(&mut self, frame: &crate::frame::Frame) -> PyResult<Value> {
        let co = &frame.code.code;
        if co.co_argcount == 0 && co.co_flags & bytecode::flags::CO_VARARGS == 0 {
            return Err(self.new_runtime_error("super(): no arguments"));
        }
        let first = match frame.fastlocals.first().cloned().flatten() {
            Some(v) => v,
            None => {
                // The first argument may live in a cell.
                let idx = co.co_cellvars.iter().position(|c| Some(c) == co.co_varnames.first());
                match idx.and_then(|i| match &frame.cells[i].payload {
                    Payload::Cell(c) => c.borrow().clone(),
                    _ => None,
                }) {
                    Some(v) => v,
                    None => return Err(self.new_runtime_error("super(): arg[0] deleted")),
                }
            }
        };
        let ncell = co.co_cellvars.len();
        let pos = co.co_freevars.iter().position(|f| &**f == "__class__");
        let Some(pos) = pos else {
            return Err(self.new_runtime_error("super(): __class__ cell not found"));
        };
        let cls = match &frame.cells[ncell + pos].payload {
            Payload::Cell(c) => c.borrow().clone(),
            _ => None,
        };
        let Some(cls) = cls else {
            return Err(self.new_runtime_error("super(): empty __class__ cell"));
        };
        let st = Value::Obj(self.types.super_.clone());
        super_new(self, Args::new(&[st, cls, first]))
    }
}

fn super_getattribute(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__getattribute__", 1)?;
    vm.super_getattr(&a[0], &a[1])
}

impl Vm {
    /// `super.__getattribute__`: search the MRO of the object's type after `this_type`.
    pub fn super_getattr(&mut self, sup: &Value, name: &Value) -> PyResult<Value> {
        let vm = self;
        let a = [sup.clone(), name.clone()];
        let Some(Payload::Super { this_type, obj, obj_type }) = a[0].payload() else { unreachable!() };
        let name = a[1].as_str().map(|s| s.as_str().to_string()).unwrap_or_default();
        if name != "__class__" && !crate::objects::surface::super_is_unbound(&a[0]) {
            let mro = obj_type.as_type().unwrap().mro.borrow().clone();
            let start = mro.iter().position(|c| Rc::ptr_eq(c, this_type)).map(|i| i + 1).unwrap_or(mro.len());
            let h = crate::hash::hash_str(&name);
            for c in &mro[start..] {
                let d = types::type_dict(c);
                let found = match &d.payload {
                    Payload::Dict(dd) => dd.borrow().get_str(&name, h),
                    _ => None,
                };
                if let Some(v) = found {
                    let obj_is_type =
                        matches!(obj.payload(), Some(Payload::Type(_))) && Rc::ptr_eq(obj.as_obj().unwrap(), obj_type);
                    return match v.payload() {
                        Some(Payload::ClassMethod(f)) => {
                            let f = f.borrow().clone();
                            Ok(vm.new_bound_method(f, Value::Obj(obj_type.clone())))
                        }
                        Some(Payload::StaticMethod(f)) => Ok(f.borrow().clone()),
                        _ if obj_is_type => Ok(v),
                        Some(Payload::BuiltinFunction(b)) if b.is_static => Ok(v),
                        _ => vm.descr_get(&v, obj),
                    };
                }
            }
        }
        vm.generic_getattr(&a[0], &a[1])
    }
}

fn super_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Super { this_type, obj_type, .. }) = args.args[0].payload() else { unreachable!() };
    if crate::objects::surface::super_is_unbound(&args.args[0]) {
        return Ok(vm.new_str(format!("<super: <class '{}'>, NULL>", this_type.as_type().unwrap().name())));
    }
    Ok(vm.new_str(format!(
        "<super: <class '{}'>, <{} object>>",
        this_type.as_type().unwrap().name(),
        obj_type.as_type().unwrap().name()
    )))
}

// ---- exceptions ----

fn exc_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut cls = args.args[0].as_obj().cloned().unwrap();
    // OSError(errno, ...) picks the subclass for the errno, as CPython's OSError_new.
    // Only `oserror_parse_args`'s 2 to 5 arguments carry an errno.
    if Rc::ptr_eq(&cls, &vm.exc.os_error) && (3..=6).contains(&args.pos().len()) {
        if let Value::Int(errno) = args.pos()[1] {
            let sub = match errno {
                2 => Some(&vm.exc.file_not_found_error),
                1 | 13 => Some(&vm.exc.permission_error),
                17 => Some(&vm.exc.file_exists_error),
                20 => Some(&vm.exc.not_a_directory_error),
                21 => Some(&vm.exc.is_a_directory_error),
                32 | 108 => Some(&vm.exc.broken_pipe_error),
                3 => Some(&vm.exc.process_lookup_error),
                4 => Some(&vm.exc.interrupted_error),
                10 => Some(&vm.exc.child_process_error),
                11 | 114 | 115 => Some(&vm.exc.blocking_io_error),
                103 => Some(&vm.exc.connection_aborted_error),
                104 => Some(&vm.exc.connection_reset_error),
                111 => Some(&vm.exc.connection_refused_error),
                110 => Some(&vm.exc.timeout_error),
                _ => None,
            };
            if let Some(s) = sub {
                cls = s.clone();
            }
        }
    }
    let pos = args.pos()[1..].to_vec();
    let e = vm.new_exception_args(&cls, pos);
    Ok(Value::Obj(e))
}

fn exc_args_tuple(v: &Value) -> Vec<Value> {
    v.as_obj()
        .and_then(|o| o.exc_data())
        .and_then(|d| match d.args.borrow().payload() {
            Some(Payload::Tuple(t)) => Some(t.to_vec()),
            _ => None,
        })
        .unwrap_or_default()
}

fn exc_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = exc_args_tuple(&args.args[0]);
    match a.len() {
        0 => Ok(vm.new_str("")),
        1 => vm.str(&a[0]),
        _ => {
            let t = vm.new_tuple(a);
            vm.str(&t)
        }
    }
}

fn exc_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = exc_args_tuple(&args.args[0]);
    let name = vm.type_of(&args.args[0]).as_type().unwrap().name();
    if a.len() == 1 {
        let r = vm.repr_string(&a[0])?;
        return Ok(vm.new_str(format!("{name}({r})")));
    }
    let t = vm.new_tuple(a);
    let r = vm.repr_string(&t)?;
    Ok(vm.new_str(format!("{name}{r}")))
}

fn key_error_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = exc_args_tuple(&args.args[0]);
    if a.len() == 1 {
        return vm.repr(&a[0]);
    }
    exc_str(vm, args)
}

fn exc_args_get(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(args.args[0].as_obj().unwrap().exc_data().unwrap().args.borrow().clone())
}
/// `BaseException_set_args`: any iterable becomes the tuple; deleting is refused.
fn exc_args_set(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let items = vm.collect(&args.args[1])?;
    *args.args[0].as_obj().unwrap().exc_data().unwrap().args.borrow_mut() = vm.new_tuple(items);
    Ok(Value::None)
}
fn exc_args_del(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(vm.new_type_error("args may not be deleted"))
}
fn exc_tb_get(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(args.args[0]
        .as_obj()
        .unwrap()
        .exc_data()
        .unwrap()
        .traceback
        .borrow()
        .clone()
        .map(Value::Obj)
        .unwrap_or(Value::None))
}
/// `PyException_SetTraceback`'s check, shared by `__traceback__ = tb` and `with_traceback(tb)`:
/// only a traceback object or None is stored.
fn exc_set_traceback(vm: &mut Vm, exc: &Value, tb: &Value) -> PyResult<()> {
    let tb = match tb {
        Value::None => None,
        Value::Obj(t) if matches!(t.payload, Payload::Traceback(_)) => Some(t.clone()),
        _ => return Err(vm.new_type_error("__traceback__ must be a traceback or None")),
    };
    *exc.as_obj().unwrap().exc_data().unwrap().traceback.borrow_mut() = tb;
    Ok(())
}
fn exc_tb_set(vm: &mut Vm, args: Args) -> PyResult<Value> {
    exc_set_traceback(vm, &args.args[0], &args.args[1])?;
    Ok(Value::None)
}
fn exc_tb_del(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(vm.new_type_error("__traceback__ may not be deleted"))
}
/// The value `__cause__`/`__context__` may hold (`BaseException_set_cause`/`_set_context`):
/// None (CPython's NULL) or an exception instance; `what` names the attribute in the error.
fn exc_link_value(vm: &mut Vm, v: &Value, what: &str) -> PyResult<Value> {
    if v.is_none() || v.as_obj().is_some_and(|o| o.exc_data().is_some()) {
        return Ok(v.clone());
    }
    Err(vm.new_type_error(format!("exception {what} must be None or derive from BaseException")))
}
fn exc_cause_get(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(args.args[0].as_obj().unwrap().exc_data().unwrap().cause.borrow().clone())
}
/// `PyException_SetCause`: setting a cause (even None) also sets `__suppress_context__`.
fn exc_cause_set(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = exc_link_value(vm, &args.args[1], "cause")?;
    let d = args.args[0].as_obj().unwrap().exc_data().unwrap();
    *d.cause.borrow_mut() = v;
    d.suppress_context.set(true);
    Ok(Value::None)
}
fn exc_cause_del(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(vm.new_type_error("__cause__ may not be deleted"))
}
fn exc_context_get(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(args.args[0].as_obj().unwrap().exc_data().unwrap().context.borrow().clone())
}
fn exc_context_set(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = exc_link_value(vm, &args.args[1], "context")?;
    *args.args[0].as_obj().unwrap().exc_data().unwrap().context.borrow_mut() = v;
    Ok(Value::None)
}
fn exc_context_del(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(vm.new_type_error("__context__ may not be deleted"))
}
fn exc_suppress_get(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Bool(args.args[0].as_obj().unwrap().exc_data().unwrap().suppress_context.get()))
}
/// A `T_BOOL` member: only a bool is stored.
fn exc_suppress_set(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Value::Bool(b) = args.args[1] else { return Err(vm.new_type_error("attribute value type must be bool")) };
    args.args[0].as_obj().unwrap().exc_data().unwrap().suppress_context.set(b);
    Ok(Value::None)
}
/// `PyMember_SetOne` refuses to delete a numeric (`T_BOOL`) member.
fn exc_suppress_del(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(vm.new_type_error("can't delete numeric/char attribute"))
}
fn exc_with_traceback(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "with_traceback")?;
    exc_set_traceback(vm, &a[0], &a[1])?;
    Ok(a[0].clone())
}
fn exc_add_note(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "add_note")?;
    if a[1].as_str().is_none() {
        return Err(vm.new_type_error(format!("note must be a str, not '{}'", vm.type_name(&a[1]))));
    }
    let notes = match vm.getattr_opt(&a[0], "__notes__")? {
        Some(n) => n,
        None => {
            let l = vm.new_list(vec![]);
            vm.setattr_str(&a[0], "__notes__", l.clone())?;
            l
        }
    };
    match notes.payload() {
        Some(Payload::List(l)) => l.borrow_mut().push(a[1].clone()),
        _ => return Err(vm.new_type_error("Cannot add note: __notes__ is not a list")),
    }
    Ok(Value::None)
}

fn os_error_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = &args.args[0];
    let attr = |vm: &mut Vm, n: &str| vm.getattr_opt(v, n).ok().flatten().unwrap_or(Value::None);
    let (errno, strerror) = (attr(vm, "errno"), attr(vm, "strerror"));
    let (filename, filename2) = (attr(vm, "filename"), attr(vm, "filename2"));
    if !filename.is_none() {
        let (e, s, f) = (vm.str_string(&errno)?, vm.str_string(&strerror)?, vm.repr_string(&filename)?);
        if !filename2.is_none() {
            let f2 = vm.repr_string(&filename2)?;
            return Ok(vm.new_str(format!("[Errno {e}] {s}: {f} -> {f2}")));
        }
        return Ok(vm.new_str(format!("[Errno {e}] {s}: {f}")));
    }
    if !errno.is_none() && !strerror.is_none() {
        let (e, s) = (vm.str_string(&errno)?, vm.str_string(&strerror)?);
        return Ok(vm.new_str(format!("[Errno {e}] {s}")));
    }
    exc_str(vm, args)
}

fn syntax_error_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = &args.args[0];
    let msg = vm.getattr_str(v, "msg")?;
    let msg = vm.str_string(&msg)?;
    let filename = vm.getattr_str(v, "filename")?;
    let lineno = vm.getattr_str(v, "lineno")?;
    let fname = filename.as_str().map(|s| s.as_str().rsplit('/').next().unwrap_or("").to_string());
    let line = match lineno {
        Value::Int(i) => Some(i),
        _ => None,
    };
    Ok(vm.new_str(match (fname, line) {
        (Some(f), Some(l)) => format!("{msg} ({f}, line {l})"),
        (Some(f), None) => format!("{msg} ({f})"),
        (None, Some(l)) => format!("{msg} (line {l})"),
        (None, None) => msg,
    }))
}

/// `BaseExceptionGroup.__new__(cls, message, exceptions)` with CPython's checks and the
/// automatic choice of `ExceptionGroup` when every member is an `Exception`.
fn eg_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = args.args[0].as_obj().cloned().unwrap();
    let pos = &args.pos()[1..];
    let cname = cls.as_type().unwrap().name().to_string();
    // `PyArg_ParseTuple(args, "UO:BaseExceptionGroup.__new__", ...)`; keywords are left to
    // `__init__`.
    if pos.len() != 2 {
        return Err(
            vm.new_type_error(format!("BaseExceptionGroup.__new__() takes exactly 2 arguments ({} given)", pos.len()))
        );
    }
    if pos[0].as_str().is_none() {
        return Err(vm.new_type_error(format!(
            "BaseExceptionGroup.__new__() argument 1 must be str, not {}",
            vm.type_name(&pos[0])
        )));
    }
    let is_seq = matches!(pos[1].payload(), Some(Payload::List(_)) | Some(Payload::Tuple(_)))
        || (vm.lookup_special(&pos[1], "__getitem__").is_some()
            && vm.lookup_special(&pos[1], "__len__").is_some()
            && !matches!(pos[1].payload(), Some(Payload::Dict(_))));
    if !is_seq {
        return Err(vm.new_type_error("second argument (exceptions) must be a sequence"));
    }
    let excs = vm.collect(&pos[1])?;
    if excs.is_empty() {
        return Err(vm.new_value_error("second argument (exceptions) must be a non-empty sequence"));
    }
    let mut all_exception = true;
    for (i, e) in excs.iter().enumerate() {
        match e.as_obj().filter(|o| o.exc_data().is_some()) {
            Some(o) => {
                if !types::is_subtype(&o.class(), &vm.exc.exception) {
                    all_exception = false;
                }
            }
            None => {
                return Err(vm.new_value_error(format!("Item {i} of second argument (exceptions) is not an exception")))
            }
        }
    }
    let mut cls = cls;
    if Rc::ptr_eq(&cls, &vm.exc.base_exception_group) && all_exception {
        cls = vm.exc.exception_group.clone();
    } else if !all_exception && Rc::ptr_eq(&cls, &vm.exc.exception_group) {
        return Err(vm.new_type_error("Cannot nest BaseExceptions in an ExceptionGroup"));
    } else if !all_exception && types::is_subtype(&cls, &vm.exc.exception) {
        // A user-defined group that is also an Exception (not only ExceptionGroup's subclasses).
        return Err(vm.new_type_error(format!("Cannot nest BaseExceptions in '{cname}'")));
    }
    let e = vm.new_exception_args(&cls, vec![pos[0].clone(), pos[1].clone()]);
    e.exc_set_field("message", pos[0].clone());
    e.exc_set_field("exceptions", vm.new_tuple(excs));
    Ok(Value::Obj(e))
}

/// `BaseExceptionGroup_init`: no keywords, then `BaseException.__init__` (so a subclass's
/// `super().__init__(...)` decides `args`, while `message`/`exceptions` stay as `__new__` set them).
fn eg_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if !args.kwnames.is_empty() {
        return Err(vm.new_type_error(format!("{}() takes no keyword arguments", vm.type_name(&args.args[0]))));
    }
    let Some(d) = args.args[0].as_obj().and_then(|o| o.exc_data()) else {
        return Err(vm.new_type_error("descriptor '__init__' requires a 'BaseException' object"));
    };
    *d.args.borrow_mut() = vm.new_tuple(args.pos()[1..].to_vec());
    Ok(Value::None)
}

fn eg_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let msg = vm.getattr_str(&args.args[0], "message")?;
    let excs = vm.getattr_str(&args.args[0], "exceptions")?;
    let n = vm.len(&excs)?;
    let m = vm.str_string(&msg)?;
    Ok(vm.new_str(format!("{m} ({n} sub-exception{})", if n == 1 { "" } else { "s" })))
}

fn eg_derive(vm: &mut Vm, args: Args) -> PyResult<Value> {
    // `PyArg_ParseTuple(args, "O", ...)`: a count message without a function name.
    args.method_no_kwargs(vm, "derive")?;
    let a = args.pos();
    if a.len() != 2 {
        return Err(vm.new_type_error(format!("function takes exactly 1 argument ({} given)", a.len() - 1)));
    }
    let msg = vm.getattr_str(&a[0], "message")?;
    let beg = Value::Obj(vm.exc.base_exception_group.clone());
    vm.call(&beg, Args::new(&[msg, a[1].clone()]))
}

/// A `split`/`subgroup` condition, checked once up front (`get_matcher_type`): a predicate
/// (any callable but a class), or an exception class or an exact tuple of them.
enum Matcher {
    Predicate(Value),
    ByType(Value),
    /// `EXCEPTION_GROUP_MATCH_INSTANCE_IDS`: these very exceptions (for `except*`).
    Ids(Vec<*const Object>),
}

fn eg_matcher(vm: &Vm, cond: &Value) -> PyResult<Matcher> {
    let is_exc_class =
        |v: &Value| v.as_obj().is_some_and(|o| o.as_type().is_some() && types::is_subtype(o, &vm.exc.base_exception));
    if cond.as_obj().is_some_and(|o| o.as_type().is_none()) && vm.is_callable(cond) {
        return Ok(Matcher::Predicate(cond.clone()));
    }
    let exact_tuple = cond.as_obj().is_some_and(|o| Rc::ptr_eq(&o.class(), &vm.types.tuple));
    let by_type = match cond.payload() {
        Some(Payload::Tuple(items)) if exact_tuple => items.iter().all(is_exc_class),
        _ => is_exc_class(cond),
    };
    if by_type {
        return Ok(Matcher::ByType(cond.clone()));
    }
    Err(vm.new_type_error("expected a function, exception type or tuple of exception types"))
}

/// Does exception `e` satisfy the condition (`exceptiongroup_split_check_match`)?
fn eg_matches(vm: &mut Vm, m: &Matcher, e: &Value) -> PyResult<bool> {
    match m {
        Matcher::ByType(types) => vm.isinstance_check(e, types),
        Matcher::Predicate(f) => {
            let r = vm.call(f, Args::new(std::slice::from_ref(e)))?;
            vm.truthy(&r)
        }
        Matcher::Ids(ids) => Ok(e.as_obj().is_some_and(|o| ids.contains(&Rc::as_ptr(o)))),
    }
}

/// `exceptiongroup_subset`: `orig.derive(excs)` (None for no exceptions), which must be a
/// group, given `orig`'s traceback, context and cause (so `__suppress_context__` is set, as
/// `PyException_SetCause` does) and a list copy of its notes when they are a sequence.
fn eg_subset(vm: &mut Vm, orig: &Value, excs: Vec<Value>) -> PyResult<Value> {
    if excs.is_empty() {
        return Ok(Value::None);
    }
    let derive = vm.getattr_str(orig, "derive")?;
    let l = vm.new_list(excs);
    let g = vm.call(&derive, Args::new(&[l]))?;
    if !types::is_subtype(&vm.type_of(&g), &vm.exc.base_exception_group) {
        return Err(vm.new_type_error("derive must return an instance of BaseExceptionGroup"));
    }
    let (Some(f), Some(t)) = (orig.as_obj().and_then(|o| o.exc_data()), g.as_obj().and_then(|o| o.exc_data())) else {
        return Ok(g);
    };
    *t.traceback.borrow_mut() = f.traceback.borrow().clone();
    *t.context.borrow_mut() = f.context.borrow().clone();
    *t.cause.borrow_mut() = f.cause.borrow().clone();
    t.suppress_context.set(true);
    if let Some(notes) = vm.getattr_opt(orig, "__notes__")? {
        // split() is no place to report a bad `__notes__`: a non-sequence is dropped.
        if vm.is_sequence_check(&notes) {
            let items = vm.collect(&notes)?;
            let copy = vm.new_list(items);
            vm.setattr_str(&g, "__notes__", copy)?;
        }
    }
    Ok(g)
}

/// `exceptiongroup_split_recursive`: (match, rest), each None or a group; the rest is built
/// only when `construct_rest` (`subgroup` never derives it).
fn eg_split_rec(vm: &mut Vm, exc: &Value, m: &Matcher, construct_rest: bool) -> PyResult<(Value, Value)> {
    if eg_matches(vm, m, exc)? {
        return Ok((exc.clone(), Value::None));
    }
    if !types::is_subtype(&vm.type_of(exc), &vm.exc.base_exception_group) {
        return Ok((Value::None, if construct_rest { exc.clone() } else { Value::None }));
    }
    let excs = vm.getattr_str(exc, "exceptions")?;
    let (mut matched, mut rest) = (Vec::new(), Vec::new());
    for e in vm.collect(&excs)? {
        let (a, b) = eg_split_rec(vm, &e, m, construct_rest)?;
        if !a.is_none() {
            matched.push(a);
        }
        if !b.is_none() {
            rest.push(b);
        }
    }
    let mv = eg_subset(vm, exc, matched)?;
    let rv = if construct_rest { eg_subset(vm, exc, rest)? } else { Value::None };
    Ok((mv, rv))
}

/// `exception_group_projection`: the part of group `eg` made of the leaf exceptions `leaves`
/// (None when none of them is in it).
pub(crate) fn eg_projection(vm: &mut Vm, eg: &Value, leaves: &[*const Object]) -> PyResult<Value> {
    Ok(eg_split_rec(vm, eg, &Matcher::Ids(leaves.to_vec()), false)?.0)
}

fn eg_split(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "split", 1, 1)?;
    let m = eg_matcher(vm, &a[1])?;
    let (mv, rv) = eg_split_rec(vm, &a[0], &m, true)?;
    Ok(vm.new_tuple(vec![mv, rv]))
}

fn eg_subgroup(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "subgroup", 1, 1)?;
    let m = eg_matcher(vm, &a[1])?;
    Ok(eg_split_rec(vm, &a[0], &m, false)?.0)
}

pub const EXC_METHODS: &[MethodDef] = &[
    (
        "__init__",
        crate::objects::exc_state::exc_init_with_attrs,
        "Initialize self.  See help(type(self)) for accurate signature.",
    ),
    ("__str__", exc_str, "Return str(self)."),
    ("__repr__", exc_repr, "Return repr(self)."),
    ("with_traceback", exc_with_traceback, "Set self.__traceback__ to tb and return self."),
    ("add_note", exc_add_note, "Add a note to the exception"),
];

// ---- generators and iterators ----

fn gen_obj(v: &Value) -> PyRef {
    v.as_obj().cloned().unwrap()
}

fn gen_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match vm.gen_send(&gen_obj(&args.args[0]), Value::None)? {
        SendResult::Yielded(v) => Ok(v),
        SendResult::Returned(v) => Err(vm.new_stop_iteration(v)),
    }
}

fn gen_send_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "send")?;
    match vm.gen_send(&gen_obj(&a[0]), a[1].clone())? {
        SendResult::Yielded(v) => Ok(v),
        SendResult::Returned(v) => Err(vm.new_stop_iteration(v)),
    }
}

/// The exception `throw(typ[, val[, tb]])` raises (`_gen_throw`): `val` itself when it is an
/// instance of the class `typ` (keeping its traceback), else `typ(val)`; an instance `typ` takes
/// no separate value; a given `tb` becomes its `__traceback__`.
fn throw_exception(vm: &mut Vm, a: &[Value]) -> PyResult<PyRef> {
    let (typ, val) = (&a[1], a.get(2).unwrap_or(&Value::None));
    let tb = a.get(3).filter(|t| !t.is_none());
    if let Some(t) = tb {
        if !matches!(t.payload(), Some(Payload::Traceback(_))) {
            return Err(vm.new_type_error("throw() third argument must be a traceback object"));
        }
    }
    let exc = match typ.as_obj().filter(|o| o.as_type().is_some()) {
        Some(cls) if !val.is_none() && vm.isinstance(val, cls) => vm.make_raisable(val)?,
        Some(_) if !val.is_none() => {
            let inst = match val.payload() {
                Some(Payload::Tuple(items)) => vm.call(typ, Args::new(items))?,
                _ => vm.call(typ, Args::new(std::slice::from_ref(val)))?,
            };
            vm.make_raisable(&inst)?
        }
        Some(_) => vm.make_raisable(typ)?,
        None if !val.is_none() => return Err(vm.new_type_error("instance exception may not have a separate value")),
        None => vm.make_raisable(typ)?,
    };
    if let (Some(t), Some(d)) = (tb, exc.exc_data()) {
        *d.traceback.borrow_mut() = t.as_obj().cloned();
    }
    Ok(exc)
}

fn gen_throw_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "throw", 1, 3)?;
    let exc = throw_exception(vm, a)?;
    match vm.gen_throw(&gen_obj(&a[0]), exc)? {
        SendResult::Yielded(v) => Ok(v),
        SendResult::Returned(v) => Err(vm.new_stop_iteration(v)),
    }
}

fn gen_close_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "close")?;
    vm.gen_close(&gen_obj(&args.args[0]))?;
    Ok(Value::None)
}

fn self_iter(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(args.args[0].clone())
}

fn gen_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Generator(g)) = args.args[0].payload() else { unreachable!() };
    let q = g.qualname.borrow().as_str().map(|s| s.as_str().to_string()).unwrap_or_default();
    let kind = vm.type_name(&args.args[0]);
    Ok(vm.new_str(format!("<{} object {} at {:#x}>", kind, q, args.args[0].id())))
}

fn gen_name_get(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Generator(g)) = args.args[0].payload() else { unreachable!() };
    Ok(g.name.borrow().clone())
}
fn gen_qualname_get(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Generator(g)) = args.args[0].payload() else { unreachable!() };
    Ok(g.qualname.borrow().clone())
}
fn gen_running_get(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Generator(g)) = args.args[0].payload() else { unreachable!() };
    Ok(Value::Bool(g.running.get()))
}
fn gen_frame_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Generator(g)) = args.args[0].payload() else { unreachable!() };
    let frame = g.frame.borrow();
    Ok(match &*frame {
        Some(f) => Value::Obj(vm.frame_object(f)),
        // Finished, or running (its frame is on the interpreter's stack, where the generator
        // does not track it).
        None => Value::None,
    })
}

fn agen_aiter(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(args.args[0].clone())
}

fn agen_anext(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.agen_awaitable(&gen_obj(&args.args[0]), None, None)
}

fn agen_asend(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "asend")?;
    vm.agen_awaitable(&gen_obj(&a[0]), Some(a[1].clone()), None)
}

fn agen_athrow(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "athrow", 2, 4)?;
    let exc = if a.len() >= 3 && !a[2].is_none() && matches!(a[1].payload(), Some(Payload::Type(_))) {
        let inst = vm.call(&a[1], Args::new(&a[2..3]))?;
        vm.make_raisable(&inst)?
    } else {
        vm.make_raisable(&a[1])?
    };
    vm.agen_awaitable(&gen_obj(&a[0]), None, Some(exc))
}

fn agen_aclose(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "aclose")?;
    let exit = vm.new_exception_args(&vm.exc.generator_exit.clone(), vec![]);
    vm.agen_awaitable(&gen_obj(&args.args[0]), None, Some(exit))
}

fn agen_aw_result(vm: &mut Vm, r: SendResult) -> PyResult<Value> {
    match r {
        SendResult::Yielded(v) => Ok(v),
        SendResult::Returned(v) => Err(vm.new_stop_iteration(v)),
    }
}

fn agen_aw_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let r = vm.agen_awaitable_send(&gen_obj(&args.args[0]), Value::None, None)?;
    agen_aw_result(vm, r)
}

fn agen_aw_send(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "send")?;
    let r = vm.agen_awaitable_send(&gen_obj(&a[0]), a[1].clone(), None)?;
    agen_aw_result(vm, r)
}

fn agen_aw_throw(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "throw", 1, 3)?;
    let exc = throw_exception(vm, a)?;
    let r = vm.agen_awaitable_send(&gen_obj(&a[0]), Value::None, Some(exc))?;
    agen_aw_result(vm, r)
}

fn agen_aw_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "close")?;
    Ok(Value::None)
}

fn coro_await(vm: &mut Vm, args: Args) -> PyResult<Value> {
    // A coroutine is its own awaitable iterator.
    let _ = vm;
    Ok(args.args[0].clone())
}

fn iter_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    // The native state is advanced directly: `vm.next` on an instance of a subclass calls
    // `__next__`, which would be this function again.
    let item = match args.args[0].payload() {
        Some(Payload::Iter(st)) => vm.native_next(st)?,
        _ => vm.next(&args.args[0])?,
    };
    match item {
        Some(v) => Ok(v),
        None => Err(vm.new_stop_iteration(Value::None)),
    }
}

fn iter_length_hint(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Iter(st)) = args.args[0].payload() else {
        return Ok(Value::Int(0));
    };
    // `iter_len` of the `__getitem__` iterator: the sequence's `len()` (Python code, run with
    // the state released) less the items taken; NotImplemented for a sequence without len.
    let getitem = match &*st.borrow() {
        crate::iter::IterState::GetItem { obj, index } => Some((obj.clone(), *index)),
        _ => None,
    };
    if let Some((obj, index)) = getitem {
        if vm.lookup_special(&obj, "__len__").is_none() {
            return Ok(Value::Obj(vm.not_implemented.clone()));
        }
        let n = vm.len(&obj)? as i64;
        return Ok(Value::Int((n - index).max(0)));
    }
    let n = match &*st.borrow() {
        // list, tuple, str, bytes and bytearray iterators: what remains.
        crate::iter::IterState::Seq { seq, index } => {
            seq.payload().and_then(crate::ops::stored_len).unwrap_or(0).saturating_sub(*index)
        }
        crate::iter::IterState::Range { next, stop, step, .. }
            if ((*step > 0 && next < stop) || (*step < 0 && next > stop)) =>
        {
            (stop - next).unsigned_abs().div_ceil(step.unsigned_abs()) as usize
        }
        crate::iter::IterState::BigRange { next, stop, step, .. } => {
            // `longrangeiter_len`: what remains, which may exceed any machine size.
            let n = range_len(next, stop, step);
            return Ok(vm.new_bigint(n));
        }
        crate::iter::IterState::Reversed { seq, index } if *index >= 0 => {
            let n = match seq.payload() {
                Some(Payload::List(l)) => l.borrow().len(),
                Some(Payload::Tuple(t)) => t.len(),
                _ => usize::MAX,
            };
            if (*index as usize) < n {
                *index as usize + 1
            } else {
                0
            }
        }
        _ => 0,
    };
    let _ = vm;
    Ok(Value::Int(n as i64))
}

// ---- range and slice ----

fn range_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = Args { args: &args.args[1..], kwnames: args.kwnames };
    a.no_kwargs(vm, "range")?;
    let pos = a.pos();
    let ints: Vec<BigInt> = pos.iter().map(|v| vm.to_index(v)).collect::<PyResult<_>>()?;
    let (start, stop, step) = match ints.len() {
        1 => (BigInt::zero(), ints[0].clone(), BigInt::from(1)),
        2 => (ints[0].clone(), ints[1].clone(), BigInt::from(1)),
        3 => (ints[0].clone(), ints[1].clone(), ints[2].clone()),
        0 => return Err(vm.new_type_error("range expected at least 1 argument, got 0")),
        n => return Err(vm.new_type_error(format!("range expected at most 3 arguments, got {n}"))),
    };
    if step.is_zero() {
        return Err(vm.new_value_error("range() arg 3 must not be zero"));
    }
    let len = range_len(&start, &stop, &step);
    Ok(Value::Obj(Object::new(vm.types.range.clone(), Payload::Range(Box::new(RangeData { start, stop, step, len })))))
}

pub fn range_len(start: &BigInt, stop: &BigInt, step: &BigInt) -> BigInt {
    if step.is_positive() {
        if start < stop {
            (stop - start - 1u8).div_floor(step) + 1u8
        } else {
            BigInt::zero()
        }
    } else if start > stop {
        (start - stop - 1u8).div_floor(&-step) + 1u8
    } else {
        BigInt::zero()
    }
}

fn range_parts(v: &Value) -> (&BigInt, &BigInt, &BigInt, &BigInt) {
    match v.payload() {
        Some(Payload::Range(r)) => (&r.start, &r.stop, &r.step, &r.len),
        _ => unreachable!(),
    }
}

fn range_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (a, b, s, _) = range_parts(&args.args[0]);
    Ok(vm.new_str(if *s == BigInt::from(1) { format!("range({a}, {b})") } else { format!("range({a}, {b}, {s})") }))
}

fn range_len_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (_, _, _, l) = range_parts(&args.args[0]);
    l.to_i64().map(Value::Int).ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C ssize_t"))
}

fn range_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (start, _stop, step, len) = {
        let (a, b, c, d) = range_parts(&args.args[0]);
        (a.clone(), b.clone(), c.clone(), d.clone())
    };
    let key = &args.args[1];
    if let Some(Payload::Slice(slice_parts)) = key.payload() {
        let (a, b, c) = &**slice_parts;
        let n = len.to_usize().unwrap_or(usize::MAX);
        let (s, e, st) = vm.slice_indices(a, b, c, n)?;
        let nstart = &start + &step * s;
        let nstop = &start + &step * e;
        let nstep = &step * st;
        let nlen = range_len(&nstart, &nstop, &nstep);
        return Ok(Value::Obj(Object::new(
            vm.types.range.clone(),
            Payload::Range(Box::new(RangeData { start: nstart, stop: nstop, step: nstep, len: nlen })),
        )));
    }
    let i = vm.to_index(key).map_err(|_| {
        vm.new_type_error(format!("range indices must be integers or slices, not {}", vm.type_name(key)))
    })?;
    let i = if i.is_negative() { i + &len } else { i };
    if i.is_negative() || i >= len {
        return Err(vm.new_index_error("range object index out of range"));
    }
    Ok(vm.new_bigint(start + step * i))
}

fn range_contains(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (start, stop, step, _) = range_parts(&args.args[0]);
    if let Some(v) = crate::objects::int::int_view(&args.args[1]) {
        let v = v.to_big();
        let inside = if step.is_positive() { v >= *start && v < *stop } else { v <= *start && v > *stop };
        return Ok(Value::Bool(inside && (&v - start).mod_floor(step).is_zero()));
    }
    let it = vm.iter(&args.args[0])?;
    while let Some(x) = vm.next(&it)? {
        if vm.eq(&x, &args.args[1])? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn range_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (start, stop, step, _) = range_parts(&args.args[0]);
    let st = crate::iter::range_iter_state(start, stop, step);
    Ok(vm.new_native_iter(&vm.types.iterator.clone(), st))
}

fn range_reversed(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.noargs(vm, "__reversed__")?;
    let (start, stop, step, len) = range_parts(&args.args[0]);
    let st = crate::iter::range_reversed_state(start, stop, step, len);
    Ok(vm.new_native_iter(&vm.types.iterator.clone(), st))
}

fn range_attr(vm: &mut Vm, args: Args, which: usize) -> PyResult<Value> {
    let (a, b, c, _) = range_parts(&args.args[0]);
    let v = [a, b, c][which].clone();
    Ok(vm.new_bigint(v))
}
fn range_start(vm: &mut Vm, a: Args) -> PyResult<Value> {
    range_attr(vm, a, 0)
}
fn range_stop(vm: &mut Vm, a: Args) -> PyResult<Value> {
    range_attr(vm, a, 1)
}
fn range_step(vm: &mut Vm, a: Args) -> PyResult<Value> {
    range_attr(vm, a, 2)
}

fn range_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if !matches!(args.args[1].payload(), Some(Payload::Range { .. })) {
        return Ok(vm.not_implemented());
    }
    let (a1, _, s1, l1) = range_parts(&args.args[0]);
    let (a2, _, s2, l2) = range_parts(&args.args[1]);
    Ok(Value::Bool(l1 == l2 && (l1.is_zero() || (a1 == a2 && (*l1 == BigInt::from(1) || s1 == s2)))))
}

fn range_index(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.one(vm, "index")?;
    let (start, _, step, _) = range_parts(&args.args[0]);
    let (start, step) = (start.clone(), step.clone());
    let c = range_contains(vm, args)?;
    if let (Value::Bool(true), Some(v)) = (c, crate::objects::int::int_view(&args.args[1])) {
        return Ok(vm.new_bigint((v.to_big() - start) / step));
    }
    let r = vm.repr_string(&args.args[1])?;
    Err(vm.new_value_error(format!("{r} is not in range")))
}

fn range_count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.one(vm, "count")?;
    let c = range_contains(vm, args)?;
    Ok(Value::Int(matches!(c, Value::Bool(true)) as i64))
}

fn slice_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = Args { args: &args.args[1..], kwnames: args.kwnames }.range(vm, "slice", 1, 3)?;
    let (s, e, st) = match a.len() {
        1 => (Value::None, a[0].clone(), Value::None),
        2 => (a[0].clone(), a[1].clone(), Value::None),
        _ => (a[0].clone(), a[1].clone(), a[2].clone()),
    };
    Ok(Value::Obj(Object::new(vm.types.slice.clone(), Payload::Slice(Box::new((s, e, st))))))
}

fn slice_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Slice(slice_parts)) = args.args[0].payload() else { unreachable!() };
    let (a, b, c) = &**slice_parts;
    let (a, b, c) = (vm.repr_string(a)?, vm.repr_string(b)?, vm.repr_string(c)?);
    Ok(vm.new_str(format!("slice({a}, {b}, {c})")))
}

fn slice_attr(_vm: &mut Vm, args: Args, i: usize) -> PyResult<Value> {
    let Some(Payload::Slice(slice_parts)) = args.args[0].payload() else { unreachable!() };
    let (a, b, c) = &**slice_parts;
    Ok([a, b, c][i].clone())
}
fn slice_start(vm: &mut Vm, a: Args) -> PyResult<Value> {
    slice_attr(vm, a, 0)
}
fn slice_stop(vm: &mut Vm, a: Args) -> PyResult<Value> {
    slice_attr(vm, a, 1)
}
fn slice_step(vm: &mut Vm, a: Args) -> PyResult<Value> {
    slice_attr(vm, a, 2)
}
fn slice_indices_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "indices")?;
    let Some(Payload::Slice(slice_parts)) = a[0].payload() else { unreachable!() };
    let (s, e, st) = &**slice_parts;
    let n = vm.to_i64_index(&a[1])?;
    if n < 0 {
        return Err(vm.new_value_error("length should not be negative"));
    }
    let (x, y, z) = vm.slice_indices(s, e, st, n as usize)?;
    Ok(vm.new_tuple(vec![Value::Int(x), Value::Int(y), Value::Int(z)]))
}

/// `slice_richcompare`: slices compare as their `(start, stop, step)` tuples.
fn slice_compare(vm: &mut Vm, args: Args, op: u32) -> PyResult<Value> {
    let (Some(Payload::Slice(a)), Some(Payload::Slice(b))) = (args.args[0].payload(), args.args[1].payload()) else {
        return Ok(vm.not_implemented());
    };
    let ta = vm.new_tuple(vec![a.0.clone(), a.1.clone(), a.2.clone()]);
    let tb = vm.new_tuple(vec![b.0.clone(), b.1.clone(), b.2.clone()]);
    vm.compare(&ta, &tb, op)
}
fn slice_lt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    slice_compare(vm, a, 0)
}
fn slice_le(vm: &mut Vm, a: Args) -> PyResult<Value> {
    slice_compare(vm, a, 1)
}
fn slice_eq(vm: &mut Vm, a: Args) -> PyResult<Value> {
    slice_compare(vm, a, 2)
}
fn slice_ne(vm: &mut Vm, a: Args) -> PyResult<Value> {
    slice_compare(vm, a, 3)
}
fn slice_gt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    slice_compare(vm, a, 4)
}
fn slice_ge(vm: &mut Vm, a: Args) -> PyResult<Value> {
    slice_compare(vm, a, 5)
}

// ---- singletons, modules, cells, code ----

fn none_repr(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.new_str("None"))
}
fn none_bool(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Bool(false))
}
fn none_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.args.len() > 1 {
        return Err(vm.new_type_error("NoneType takes no arguments"));
    }
    Ok(Value::None)
}
fn notimpl_repr(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.new_str("NotImplemented"))
}
fn ellipsis_repr(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.new_str("Ellipsis"))
}

fn module_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let o = args.args[0].as_obj().unwrap();
    let d = o.dict.get().unwrap();
    let name = vm.dict_get_str(&d, "__name__").map(|n| vm.str_string(&n)).transpose()?.unwrap_or_else(|| "?".into());
    let file = vm.dict_get_str(&d, "__file__").filter(|f| !f.is_none());
    let text = match file {
        Some(f) => format!("<module '{}' from '{}'>", name, vm.str_string(&f)?),
        None if vm.native_modules.contains_key(&name) || name == "sys" || name == "builtins" => {
            format!("<module '{name}' (built-in)>")
        }
        None => format!("<module '{name}'>"),
    };
    Ok(vm.new_str(text))
}

fn module_dir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let o = args.args[0].as_obj().unwrap();
    let d = o.dict.get().unwrap();
    let keys = crate::dict::dict_cell(&d).borrow().keys();
    let mut names: Vec<String> = keys.iter().filter_map(|k| k.as_str().map(|s| s.as_str().to_string())).collect();
    names.sort();
    let items = names.into_iter().map(|n| vm.new_str(n)).collect();
    Ok(vm.new_list(items))
}

fn module_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = Args { args: &args.args[1..], kwnames: args.kwnames }.range(vm, "module", 1, 2)?;
    let d = vm.new_dict();
    vm.dict_set_str(&d, "__name__", a[0].clone());
    vm.dict_set_str(&d, "__doc__", a.get(1).cloned().unwrap_or(Value::None));
    vm.dict_set_str(&d, "__package__", Value::None);
    vm.dict_set_str(&d, "__loader__", Value::None);
    vm.dict_set_str(&d, "__spec__", Value::None);
    Ok(Value::Obj(Object::with_dict(vm.types.module.clone(), Payload::Module, d)))
}

fn cell_contents(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Cell(c)) = args.args[0].payload() else { unreachable!() };
    let v = c.borrow().clone();
    v.ok_or_else(|| vm.new_value_error("Cell is empty"))
}

fn code_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Code(c)) = args.args[0].payload() else { unreachable!() };
    Ok(vm.new_str(format!(
        "<code object {} at {:#x}, file \"{}\", line {}>",
        c.code.co_name,
        args.args[0].id(),
        c.code.co_filename,
        c.code.co_firstlineno
    )))
}

macro_rules! code_attr {
    ($fn:ident, |$vm:ident, $c:ident| $body:expr) => {
        fn $fn($vm: &mut Vm, args: Args) -> PyResult<Value> {
            let Some(Payload::Code(cd)) = args.args[0].payload() else { unreachable!() };
            let $c = &cd.code;
            Ok($body)
        }
    };
}
code_attr!(co_name, |vm, c| vm.new_str(&*c.co_name));
code_attr!(co_qualname, |vm, c| vm.new_str(&*c.co_qualname));
code_attr!(co_filename, |vm, c| vm.new_str(&*c.co_filename));
code_attr!(co_firstlineno, |vm, c| {
    let _ = vm;
    Value::Int(c.co_firstlineno as i64)
});
code_attr!(co_argcount, |vm, c| {
    let _ = vm;
    Value::Int(c.co_argcount as i64)
});
code_attr!(co_posonlyargcount, |vm, c| {
    let _ = vm;
    Value::Int(c.co_posonlyargcount as i64)
});
code_attr!(co_kwonlyargcount, |vm, c| {
    let _ = vm;
    Value::Int(c.co_kwonlyargcount as i64)
});
code_attr!(co_nlocals, |vm, c| {
    let _ = vm;
    Value::Int(c.co_varnames.len() as i64)
});
code_attr!(co_stacksize, |vm, c| {
    let _ = vm;
    Value::Int(c.co_stacksize as i64)
});
code_attr!(co_flags, |vm, c| {
    let _ = vm;
    Value::Int(c.co_flags as i64)
});
code_attr!(co_varnames, |vm, c| {
    let v: Vec<Value> = c.co_varnames.iter().map(|s| vm.new_str(&**s)).collect();
    vm.new_tuple(v)
});
code_attr!(co_cellvars, |vm, c| {
    let v: Vec<Value> = c.co_cellvars.iter().map(|s| vm.new_str(&**s)).collect();
    vm.new_tuple(v)
});
code_attr!(co_freevars, |vm, c| {
    let v: Vec<Value> = c.co_freevars.iter().map(|s| vm.new_str(&**s)).collect();
    vm.new_tuple(v)
});
code_attr!(co_names, |vm, c| {
    let v: Vec<Value> = c.co_names.iter().map(|s| vm.new_str(&**s)).collect();
    vm.new_tuple(v)
});
code_attr!(co_code, |vm, c| {
    let b: Vec<u8> = c.co_code.iter().flat_map(|u| u.to_le_bytes()).collect();
    vm.new_bytes(b)
});

fn co_consts(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Code(cd)) = args.args[0].payload() else { unreachable!() };
    Ok(vm.new_tuple(cd.consts.clone()))
}

fn co_positions(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::Code(cd)) = args.args[0].payload() else { unreachable!() };
    let items: Vec<Value> = cd
        .code
        .positions
        .iter()
        .map(|p| {
            let f = |x: u32, zero_none: bool| {
                if zero_none && x == 0 {
                    Value::None
                } else {
                    Value::Int(x as i64)
                }
            };
            vm.new_tuple(vec![f(p.line, true), f(p.end_line, true), f(p.col, p.line == 0), f(p.end_col, p.line == 0)])
        })
        .collect();
    let l = vm.new_list(items);
    vm.iter(&l)
}

fn mappingproxy_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::MappingProxy(m)) = args.args[0].payload() else { unreachable!() };
    let m = m.clone();
    vm.getitem(&m, &args.args[1])
}
fn mappingproxy_forward(vm: &mut Vm, args: Args, name: &str) -> PyResult<Value> {
    let Some(Payload::MappingProxy(m)) = args.args[0].payload() else { unreachable!() };
    let m = m.clone();
    let f = vm.getattr_str(&m, name)?;
    vm.call(&f, Args { args: &args.args[1..], kwnames: args.kwnames })
}
fn mappingproxy_keys(vm: &mut Vm, a: Args) -> PyResult<Value> {
    mappingproxy_forward(vm, a, "keys")
}
fn mappingproxy_items(vm: &mut Vm, a: Args) -> PyResult<Value> {
    mappingproxy_forward(vm, a, "items")
}
fn mappingproxy_values(vm: &mut Vm, a: Args) -> PyResult<Value> {
    mappingproxy_forward(vm, a, "values")
}
fn mappingproxy_get(vm: &mut Vm, a: Args) -> PyResult<Value> {
    mappingproxy_forward(vm, a, "get")
}
fn mappingproxy_iter(vm: &mut Vm, a: Args) -> PyResult<Value> {
    mappingproxy_forward(vm, a, "__iter__")
}
fn mappingproxy_len(vm: &mut Vm, a: Args) -> PyResult<Value> {
    mappingproxy_forward(vm, a, "__len__")
}
fn mappingproxy_contains(vm: &mut Vm, a: Args) -> PyResult<Value> {
    mappingproxy_forward(vm, a, "__contains__")
}
fn mappingproxy_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = Args { args: &args.args[1..], kwnames: args.kwnames }.exact(vm, "mappingproxy", 1)?;
    if vm.lookup_special(&a[0], "__getitem__").is_none()
        || matches!(a[0].payload(), Some(Payload::List(_)) | Some(Payload::Tuple(_)))
    {
        return Err(
            vm.new_type_error(format!("mappingproxy() argument must be a mapping, not {}", vm.type_name(&a[0])))
        );
    }
    Ok(Value::Obj(Object::new(vm.types.mappingproxy.clone(), Payload::MappingProxy(a[0].clone()))))
}

fn mappingproxy_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Payload::MappingProxy(m)) = args.args[0].payload() else { unreachable!() };
    let m = m.clone();
    let r = vm.repr_string(&m)?;
    Ok(vm.new_str(format!("mappingproxy({r})")))
}

/// `X | Y` of types: a `types.UnionType` with the flattened, de-duplicated arguments.
pub(crate) fn type_or(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__or__", 1)?;
    let ok = |vm: &Vm, v: &Value| {
        v.is_none()
            || matches!(v.payload(), Some(Payload::Type(_)))
            || vm
                .type_of(v)
                .as_type()
                .map(|t| t.name())
                .is_some_and(|n| &*n == "types.UnionType" || &*n == "types.GenericAlias")
    };
    if !ok(vm, &a[0]) || !ok(vm, &a[1]) {
        return Ok(vm.not_implemented());
    }
    let mut items: Vec<Value> = Vec::new();
    for v in [&a[0], &a[1]] {
        let parts = if Rc::ptr_eq(&vm.type_of(v), &vm.types.union_type) {
            let args = vm.getattr_str(v, "__args__")?;
            vm.collect(&args)?
        } else if v.is_none() {
            vec![Value::Obj(vm.types.none_type.clone())]
        } else {
            vec![v.clone()]
        };
        for p in parts {
            let mut dup = false;
            for i in &items {
                if vm.eq(i, &p)? {
                    dup = true;
                }
            }
            if !dup {
                items.push(p);
            }
        }
    }
    if items.len() == 1 {
        return Ok(items.pop().unwrap());
    }
    let d = vm.new_dict();
    vm.dict_set_str(&d, "__args__", vm.new_tuple(items));
    vm.dict_set_str(&d, "__parameters__", vm.new_tuple(vec![]));
    Ok(Value::Obj(Object::with_dict(vm.types.union_type.clone(), Payload::None, d)))
}

fn union_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let items = vm.getattr_str(&args.args[0], "__args__")?;
    let mut parts = Vec::new();
    for i in vm.collect(&items)? {
        if matches!(&i, Value::Obj(o) if Rc::ptr_eq(o, &vm.types.none_type)) {
            parts.push("None".to_string());
        } else {
            parts.push(crate::objects::generic_alias::type_arg_repr(vm, &i)?);
        }
    }
    Ok(vm.new_str(parts.join(" | ")))
}

fn union_instancecheck(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "__instancecheck__")?;
    let items = vm.getattr_str(&a[0], "__args__")?;
    let parts = vm.collect(&items)?;
    let t = vm.new_tuple(parts);
    Ok(Value::Bool(vm.isinstance_check(&a[1], &t)?))
}

fn union_subclasscheck(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "__subclasscheck__")?;
    let items = vm.getattr_str(&a[0], "__args__")?;
    let parts = vm.collect(&items)?;
    let t = vm.new_tuple(parts);
    Ok(Value::Bool(vm.issubclass_check(&a[1], &t)?))
}

fn union_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__eq__", 1)?;
    if !Rc::ptr_eq(&vm.type_of(&a[1]), &vm.types.union_type) {
        return Ok(vm.not_implemented());
    }
    let x = vm.getattr_str(&a[0], "__args__")?;
    let y = vm.getattr_str(&a[1], "__args__")?;
    let (x, y) = (vm.collect(&x)?, vm.collect(&y)?);
    Ok(Value::Bool(x.len() == y.len() && x.iter().all(|v| y.iter().any(|w| v.is(w)))))
}

fn union_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = vm.getattr_str(&args.args[0], "__args__")?;
    let mut h: i64 = 0;
    for v in vm.collect(&x)? {
        h ^= vm.hash(&v)?;
    }
    Ok(Value::Int(h))
}

pub fn init(vm: &mut Vm) {
    let t = vm.types.function.clone();
    vm.add_methods(
        &t,
        &[
            ("__repr__", function_repr, ""),
            ("__get__", function_get, "Return an attribute of instance, which is of type owner."),
        ],
    );
    vm.add_getset(&t, "__name__", func_name_get, Some(func_name_set));
    vm.add_getset(&t, "__qualname__", func_qualname_get, Some(func_qualname_set));
    vm.add_member(&t, "__doc__", func_doc_get, Some(func_doc_set));
    vm.add_member(&t, "__module__", func_module_get, Some(func_module_set));
    vm.add_getset(&t, "__defaults__", func_defaults_get, Some(func_defaults_set));
    vm.add_getset(&t, "__kwdefaults__", func_kwdefaults_get, None);
    vm.add_getset(&t, "__code__", func_code_get, Some(func_code_set));
    vm.add_member(&t, "__globals__", func_globals_get, None);
    vm.add_member(&t, "__closure__", func_closure_get, None);
    vm.add_getset(&t, "__annotations__", func_annotations_get, Some(func_annotations_set));
    // `PyObject_GenericGetDict`/`PyObject_GenericSetDict`: replaceable, not deletable.
    vm.add_getset_del(
        &t,
        "__dict__",
        func_dict_get,
        crate::objects::core::object_dict_set,
        crate::objects::core::generic_dict_del,
    );

    let t = vm.types.method.clone();
    vm.add_static(&t, "__new__", method_new);
    vm.add_methods(&t, &[("__repr__", method_repr, "")]);
    vm.add_member(&t, "__func__", method_func_get, None);
    vm.add_member(&t, "__self__", method_self_get, None);
    vm.add_getset(&t, "__doc__", method_doc_get, None);

    crate::objects::builtin_func::init(vm);
    for t in [vm.types.method_descriptor.clone(), vm.types.wrapper_descriptor.clone()] {
        vm.add_methods(
            &t,
            &[("__get__", descr_get_builtin, "Return an attribute of instance, which is of type owner.")],
        );
    }

    let t = vm.types.property.clone();
    vm.add_static(&t, "__new__", property_new);
    vm.add_methods(
        &t,
        &[
            ("getter", property_getter, ""),
            ("setter", property_setter, ""),
            ("deleter", property_deleter, ""),
            ("__get__", property_get, ""),
            ("__set_name__", property_set_name, ""),
        ],
    );
    vm.add_member(&t, "fget", property_fget, None);
    vm.add_member(&t, "fset", property_fset, None);
    vm.add_member(&t, "fdel", property_fdel, None);
    vm.add_member(&t, "__doc__", property_doc, Some(property_doc_set));
    let t = vm.types.classmethod.clone();
    vm.add_static(&t, "__new__", classmethod_new);
    vm.add_methods(&t, &[("__get__", classmethod_get, "")]);
    vm.add_member(&t, "__func__", wrapped_func, None);
    vm.add_member(&t, "__wrapped__", wrapped_func, None);
    let t = vm.types.staticmethod.clone();
    vm.add_static(&t, "__new__", staticmethod_new);
    vm.add_methods(&t, &[("__get__", staticmethod_get, ""), ("__call__", staticmethod_call, "")]);
    vm.add_member(&t, "__func__", wrapped_func, None);
    vm.add_member(&t, "__wrapped__", wrapped_func, None);
    let t = vm.types.super_.clone();
    vm.add_static(&t, "__new__", super_new);
    vm.add_methods(&t, &[("__getattribute__", super_getattribute, ""), ("__repr__", super_repr, "")]);

    let be = vm.exc.base_exception.clone();
    vm.add_static(&be, "__new__", exc_new);
    vm.add_methods(&be, EXC_METHODS);
    vm.add_getset_del(&be, "args", exc_args_get, exc_args_set, exc_args_del);
    vm.add_getset_del(&be, "__traceback__", exc_tb_get, exc_tb_set, exc_tb_del);
    vm.add_getset_del(&be, "__cause__", exc_cause_get, exc_cause_set, exc_cause_del);
    vm.add_getset_del(&be, "__context__", exc_context_get, exc_context_set, exc_context_del);
    vm.add_member_del(&be, "__suppress_context__", exc_suppress_get, exc_suppress_set, exc_suppress_del);
    vm.add_methods(&vm.exc.key_error.clone(), &[("__str__", key_error_str, "")]);
    let beg = vm.exc.base_exception_group.clone();
    vm.add_static(&beg, "__new__", eg_new);
    vm.add_methods(
        &beg,
        &[
            ("__init__", eg_init, ""),
            ("__str__", eg_str, ""),
            ("derive", eg_derive, ""),
            ("split", eg_split, ""),
            ("subgroup", eg_subgroup, ""),
        ],
    );
    vm.add_classmethod_descr(&beg, "__class_getitem__", crate::objects::generic_alias::class_getitem);
    vm.add_methods(&vm.exc.os_error.clone(), &[("__str__", os_error_str, "")]);
    crate::frameobject::init(vm);
    vm.add_methods(&vm.exc.syntax_error.clone(), &[("__str__", syntax_error_str, "")]);
    crate::codecs::init_exceptions(vm);
    crate::objects::exc_state::init(vm);
    crate::objects::tbobject::init(vm);

    for t in [vm.types.generator.clone(), vm.types.coroutine.clone(), vm.types.async_generator.clone()] {
        vm.add_methods(
            &t,
            &[
                ("send", gen_send_m, ""),
                ("throw", gen_throw_m, ""),
                ("close", gen_close_m, ""),
                ("__repr__", gen_repr, ""),
            ],
        );
        vm.add_getset(&t, "__name__", gen_name_get, None);
        vm.add_getset(&t, "__qualname__", gen_qualname_get, None);
    }
    let g = vm.types.generator.clone();
    vm.add_methods(&g, &[("__next__", gen_next, ""), ("__iter__", self_iter, "")]);
    vm.add_getset(&g, "gi_running", gen_running_get, None);
    vm.add_getset(&g, "gi_frame", gen_frame_get, None);
    let c = vm.types.coroutine.clone();
    vm.add_methods(&c, &[("__await__", coro_await, ""), ("__next__", gen_next, "")]);
    vm.add_getset(&c, "cr_running", gen_running_get, None);
    vm.add_getset(&c, "cr_frame", gen_frame_get, None);

    let ag = vm.types.async_generator.clone();
    vm.add_methods(
        &ag,
        &[
            ("__aiter__", agen_aiter, ""),
            ("__anext__", agen_anext, ""),
            ("asend", agen_asend, ""),
            ("athrow", agen_athrow, ""),
            ("aclose", agen_aclose, ""),
        ],
    );
    vm.add_getset(&ag, "ag_running", gen_running_get, None);
    let aw = vm.types.async_gen_awaitable.clone();
    vm.add_methods(
        &aw,
        &[
            ("__await__", self_iter, ""),
            ("__iter__", self_iter, ""),
            ("__next__", agen_aw_next, ""),
            ("send", agen_aw_send, ""),
            ("throw", agen_aw_throw, ""),
            ("close", agen_aw_close, ""),
        ],
    );
    for name in crate::iter::ITER_TYPE_NAMES {
        let object = vm.types.object.clone();
        let t = crate::types::new_type(
            Some(&vm.types.type_.clone()),
            Some(&vm.types.dict.clone()),
            name,
            vec![object],
            crate::types::Layout::Native,
            false,
        );
        *t.as_type().unwrap().mro.borrow_mut() = crate::types::compute_mro(&t).unwrap();
        // CPython's builtin iterator types cannot be subclassed.
        t.as_type().unwrap().basetype.set(false);
        vm.set_native_type_doc(&t);
        vm.add_methods(
            &t,
            &[("__next__", iter_next, ""), ("__iter__", self_iter, ""), ("__length_hint__", iter_length_hint, "")],
        );
        vm.iter_types.insert(name, t);
    }
    let it = vm.types.iterator.clone();
    vm.add_methods(
        &it,
        &[("__next__", iter_next, ""), ("__iter__", self_iter, ""), ("__length_hint__", iter_length_hint, "")],
    );
    for t in [
        vm.types.enumerate.clone(),
        vm.types.zip.clone(),
        vm.types.map.clone(),
        vm.types.filter.clone(),
        vm.types.reversed.clone(),
    ] {
        vm.add_methods(&t, &[("__next__", iter_next, ""), ("__iter__", self_iter, "")]);
    }

    let r = vm.types.range.clone();
    vm.add_static(&r, "__new__", range_new);
    vm.add_methods(
        &r,
        &[
            ("__repr__", range_repr, ""),
            ("__len__", range_len_m, ""),
            ("__getitem__", range_getitem, ""),
            ("__contains__", range_contains, ""),
            ("__iter__", range_iter, ""),
            ("__reversed__", range_reversed, ""),
            ("__eq__", range_eq, ""),
            ("index", range_index, ""),
            ("count", range_count, ""),
        ],
    );
    vm.add_member(&r, "start", range_start, None);
    vm.add_member(&r, "stop", range_stop, None);
    vm.add_member(&r, "step", range_step, None);
    let s = vm.types.slice.clone();
    vm.add_static(&s, "__new__", slice_new);
    vm.add_methods(
        &s,
        &[
            ("__repr__", slice_repr, ""),
            ("indices", slice_indices_m, ""),
            ("__lt__", slice_lt, ""),
            ("__le__", slice_le, ""),
            ("__eq__", slice_eq, ""),
            ("__ne__", slice_ne, ""),
            ("__gt__", slice_gt, ""),
            ("__ge__", slice_ge, ""),
        ],
    );
    vm.add_member(&s, "start", slice_start, None);
    vm.add_member(&s, "stop", slice_stop, None);
    vm.add_member(&s, "step", slice_step, None);

    let n = vm.types.none_type.clone();
    vm.add_methods(&n, &[("__repr__", none_repr, ""), ("__bool__", none_bool, "")]);
    vm.add_static(&n, "__new__", none_new);
    vm.add_methods(&vm.types.not_implemented_type.clone(), &[("__repr__", notimpl_repr, "")]);
    vm.add_methods(&vm.types.ellipsis_type.clone(), &[("__repr__", ellipsis_repr, "")]);
    let m = vm.types.module.clone();
    vm.add_methods(&m, &[("__repr__", module_repr, ""), ("__dir__", module_dir, "")]);
    vm.add_static(&m, "__new__", module_new);
    vm.add_getset(&vm.types.cell.clone(), "cell_contents", cell_contents, None);
    let c = vm.types.code.clone();
    vm.add_methods(
        &c,
        &[
            ("__repr__", code_repr, ""),
            ("co_positions", co_positions, ""),
            ("replace", code_replace, "Return a copy of the code object with new values for the specified fields."),
        ],
    );
    for (name, f) in [
        ("co_name", co_name as crate::func::NativeFn),
        ("co_qualname", co_qualname),
        ("co_filename", co_filename),
        ("co_firstlineno", co_firstlineno),
        ("co_argcount", co_argcount),
        ("co_posonlyargcount", co_posonlyargcount),
        ("co_kwonlyargcount", co_kwonlyargcount),
        ("co_nlocals", co_nlocals),
        ("co_stacksize", co_stacksize),
        ("co_flags", co_flags),
        ("co_varnames", co_varnames),
        ("co_cellvars", co_cellvars),
        ("co_freevars", co_freevars),
        ("co_names", co_names),
        ("co_consts", co_consts),
        ("co_code", co_code),
    ] {
        vm.add_getset(&c, name, f, None);
    }
    let mp = vm.types.mappingproxy.clone();
    vm.add_static(&mp, "__new__", mappingproxy_new);
    vm.add_methods(
        &mp,
        &[
            ("__getitem__", mappingproxy_getitem, ""),
            ("keys", mappingproxy_keys, ""),
            ("items", mappingproxy_items, ""),
            ("values", mappingproxy_values, ""),
            ("get", mappingproxy_get, ""),
            ("__iter__", mappingproxy_iter, ""),
            ("__len__", mappingproxy_len, ""),
            ("__contains__", mappingproxy_contains, ""),
            ("__repr__", mappingproxy_repr, ""),
            ("__str__", crate::objects::surface::mappingproxy_str, "Return str(self)."),
        ],
    );
    let ut = vm.types.union_type.clone();
    vm.add_methods(
        &ut,
        &[
            ("__repr__", union_repr, ""),
            ("__instancecheck__", union_instancecheck, ""),
            ("__subclasscheck__", union_subclasscheck, ""),
            ("__eq__", union_eq, ""),
            ("__hash__", union_hash, ""),
            ("__or__", type_or, ""),
            ("__ror__", type_or, ""),
        ],
    );
    vm.add_methods(&vm.types.type_.clone(), &[("__or__", type_or, ""), ("__ror__", type_or, "")]);
    crate::objects::generic_alias::init(vm);
    for t in [
        vm.types.list.clone(),
        vm.types.dict.clone(),
        vm.types.tuple.clone(),
        vm.types.set.clone(),
        vm.types.frozenset.clone(),
        vm.types.enumerate.clone(),
        vm.types.dict_keys.clone(),
        vm.types.dict_items.clone(),
        vm.types.dict_values.clone(),
    ] {
        vm.add_classmethod_descr(&t, "__class_getitem__", crate::objects::generic_alias::class_getitem);
    }
}
