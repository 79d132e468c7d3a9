//! Stdlib stage: shared helpers for the native types of this crate — creating a type object,
//! creating an instance whose state is a `RefCell<T>` in `Payload::Native`, and getting that
//! state back. State is never borrowed across a call into Python code: callers clone what they
//! need out of the cell (or swap the state out while they work).

use std::any::Any;
use std::cell::RefCell;
use vm::func::{Args, MethodDef, NativeFn};
use vm::types::{new_type, Layout};
use vm::value::{Object, Payload, PyRef, Value};
use vm::{PyResult, Vm};

/// A new (non-heap, subclassable) type `module.name` deriving from `base` (or `object`).
pub fn make_type(vm: &mut Vm, module: &str, name: &str, base: Option<&PyRef>, layout: Layout) -> PyRef {
    let base = base.cloned().unwrap_or_else(|| vm.types.object.clone());
    let t = new_type(Some(&vm.types.type_), Some(&vm.types.dict), name, vec![base.clone()], layout, false);
    let mro = vm::types::compute_mro(&t).expect("single inheritance always linearises");
    *t.as_type().unwrap().mro.borrow_mut() = mro;
    base.as_type().unwrap().subclasses.borrow_mut().push(std::rc::Rc::downgrade(&t));
    let d = vm.type_dict(&t);
    vm.dict_set_str(&d, "__module__", vm.new_str(module));
    let _ = t.as_type().unwrap().tp_name.set(format!("{module}.{name}").into());
    vm.set_native_type_doc(&t);
    t
}

/// A module's exception class `name` deriving from `base` (`PyErr_NewException`), with its
/// `__module__` set.
pub fn exception_type(vm: &mut Vm, module: &str, name: &str, base: &PyRef) -> PyResult<PyRef> {
    let t = new_type(Some(&vm.types.type_), Some(&vm.types.dict), name, vec![base.clone()], Layout::Exception, true);
    *t.as_type().unwrap().mro.borrow_mut() = vm::types::compute_mro(&t).map_err(|e| vm.new_type_error(e))?;
    base.as_type().unwrap().subclasses.borrow_mut().push(std::rc::Rc::downgrade(&t));
    vm.dict_set_str(&vm.type_dict(&t), "__module__", vm.new_str(module));
    Ok(t)
}

/// Adds methods, a static `__new__` and getters to a type in one go.
pub fn setup(vm: &mut Vm, t: &PyRef, new: Option<NativeFn>, methods: &[MethodDef]) {
    if let Some(n) = new {
        vm.add_static(t, "__new__", n);
    }
    vm.add_methods(t, methods);
}

/// An instance of `cls` carrying `state`, with an instance dict when the class wants one
/// (Python subclasses of native types).
pub fn new_instance<T: Any>(vm: &Vm, cls: &PyRef, state: T) -> Value {
    let payload = Payload::Native(Box::new(RefCell::new(state)));
    let wants_dict = cls.as_type().map(|t| t.instance_dict.get()).unwrap_or(false);
    Value::Obj(if wants_dict {
        Object::with_dict(cls.clone(), payload, vm.new_dict())
    } else {
        Object::new(cls.clone(), payload)
    })
}

/// The native state of `v` if it is a `RefCell<T>`.
pub fn state<T: Any>(v: &Value) -> Option<&RefCell<T>> {
    match v.payload() {
        Some(Payload::Native(b)) => b.downcast_ref::<RefCell<T>>(),
        _ => None,
    }
}

/// The class argument of a static `__new__` and the remaining arguments.
pub fn new_args<'a>(args: &Args<'a>) -> (PyRef, Args<'a>) {
    let cls = args.args[0].as_obj().cloned().expect("__new__ receives the class first");
    (cls, Args { args: &args.args[1..], kwnames: args.kwnames })
}

/// A classmethod wrapping a native function (as `dict.fromkeys`).
pub fn add_classmethod(vm: &Vm, t: &PyRef, name: &'static str, f: NativeFn) {
    vm.add_classmethod_descr(t, name, f);
}

/// `__iter__` that returns self.
pub fn iter_self(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(args.args[0].clone())
}

/// A `TypeError` for a method called on the wrong kind of object.
pub fn wrong_self(vm: &Vm, v: &Value, what: &str) -> vm::PyRef {
    vm.new_type_error(format!("descriptor requires a '{what}' object but received a '{}'", vm.type_name(v)))
}

/// `PyObject_AsFileDescriptor`: an int, or the int `fileno()` returns; negative fds are refused
/// with CPython's ValueError.
pub fn as_fd(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let is_int =
        |v: &Value| matches!(v, Value::Int(_) | Value::Bool(_)) || matches!(v.payload(), Some(Payload::Int(_)));
    let fd = if is_int(v) {
        vm.to_i64_index(v)?
    } else {
        match vm.getattr_opt(v, "fileno")? {
            Some(f) => {
                let r = vm.call(&f, Args::new(&[]))?;
                if !is_int(&r) {
                    return Err(vm.new_type_error("fileno() returned a non-integer"));
                }
                vm.to_i64_index(&r)?
            }
            None => return Err(vm.new_type_error("argument must be an int, or have a fileno() method.")),
        }
    };
    if fd < 0 {
        return Err(vm.new_value_error(format!("file descriptor cannot be a negative integer ({fd})")));
    }
    i32::try_from(fd).map_err(|_| vm.new_overflow_error("fd is greater than maximum"))
}

/// A struct sequence type `module.name` (CPython's structseq): a tuple subclass whose items are
/// also read by the names in `fields` (at most 17), with `n_fields`, `n_sequence_fields`,
/// `n_unnamed_fields`, `__match_args__`, the `name(f=v, ...)` repr and pickling support.
pub fn struct_seq_type(vm: &mut Vm, module: &str, name: &str, fields: &[&'static str], doc: &str) -> PyRef {
    assert!(fields.len() <= SEQ_GETTERS.len());
    let t = make_type(vm, module, name, Some(&vm.types.tuple.clone()), Layout::Tuple);
    let d = vm.type_dict(&t);
    let n = Value::Int(fields.len() as i64);
    vm.dict_set_str(&d, "n_sequence_fields", n.clone());
    vm.dict_set_str(&d, "n_fields", n);
    vm.dict_set_str(&d, "n_unnamed_fields", Value::Int(0));
    let names: Vec<Value> = fields.iter().map(|f| vm.new_str(*f)).collect();
    vm.dict_set_str(&d, "__match_args__", vm.new_tuple(names));
    vm.dict_set_str(&d, "__doc__", vm.new_str(doc));
    vm.add_static(&t, "__new__", seq_new);
    vm.add_methods(&t, &[("__repr__", seq_repr, "Return repr(self)."), ("__reduce__", seq_reduce, "")]);
    for (f, g) in fields.iter().zip(SEQ_GETTERS) {
        vm.add_getset(&t, f, g, None);
    }
    t
}

/// An instance of the struct sequence type `t` holding `items`.
pub fn struct_seq_new(t: &PyRef, items: Vec<Value>) -> Value {
    Value::Obj(Object::new(t.clone(), Payload::Tuple(items.into())))
}

fn seq_items(v: &Value) -> Vec<Value> {
    match v.payload() {
        Some(Payload::Tuple(t)) => t.to_vec(),
        _ => Vec::new(),
    }
}

fn seq_field_names(vm: &mut Vm, t: &PyRef) -> PyResult<Vec<String>> {
    let m = vm.getattr_str(&Value::Obj(t.clone()), "__match_args__")?;
    let names = vm.collect(&m)?;
    names.iter().map(|n| vm.str_string(n)).collect()
}

fn seq_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, rest) = new_args(&args);
    let [seq, _dict] = rest.bind(vm, "structseq", ["sequence", "dict"], 1)?;
    let seq = seq.unwrap();
    let items = match vm.collect(&seq) {
        Ok(items) => items,
        Err(e) if vm.isinstance_exc(&e, &vm.exc.type_error.clone()) => {
            return Err(vm.new_type_error("constructor requires a sequence"))
        }
        Err(e) => return Err(e),
    };
    let n = seq_field_names(vm, &cls)?.len();
    if items.len() != n {
        let name = cls.as_type().map(|t| t.tp_name()).unwrap_or_default();
        return Err(vm.new_type_error(format!("{name}() takes a {n}-sequence ({}-sequence given)", items.len())));
    }
    Ok(struct_seq_new(&cls, items))
}

fn seq_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = vm.type_of(&args.args[0]);
    let names = seq_field_names(vm, &t)?;
    let mut parts = Vec::new();
    for (name, it) in names.iter().zip(seq_items(&args.args[0]).iter()) {
        parts.push(format!("{name}={}", vm.repr_string(it)?));
    }
    let tname = t.as_type().map(|t| t.tp_name()).unwrap_or_default();
    Ok(vm.new_str(format!("{tname}({})", parts.join(", "))))
}

fn seq_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = vm.type_of(&args.args[0]);
    let items = vm.new_tuple(seq_items(&args.args[0]));
    let inner = vm.new_tuple(vec![items, Value::Obj(vm.new_dict())]);
    Ok(vm.new_tuple(vec![Value::Obj(t), inner]))
}

macro_rules! seq_getters {
    ($($f:ident $i:literal),*) => {
        $(fn $f(_vm: &mut Vm, args: Args) -> PyResult<Value> {
            Ok(match args.args[0].payload() {
                Some(Payload::Tuple(t)) => t.get($i).cloned().unwrap_or(Value::None),
                _ => Value::None,
            })
        })*
        const SEQ_GETTERS: [NativeFn; 17] = [$($f),*];
    };
}

seq_getters!(sg0 0, sg1 1, sg2 2, sg3 3, sg4 4, sg5 5, sg6 6, sg7 7, sg8 8, sg9 9, sg10 10, sg11 11, sg12 12, sg13 13, sg14 14, sg15 15, sg16 16);

/// An argument-clinic `int` parameter: `__index__`, then the C int range check with
/// CPython's OverflowError message.
pub fn clinic_int(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    if let Value::Int(i) = v {
        if let Ok(i) = i32::try_from(*i) {
            return Ok(i);
        }
    }
    let b = vm.to_index(v)?;
    num_traits::ToPrimitive::to_i32(&b).ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C int"))
}

/// `PyUnicode_FSConverter` (`os.fsencode` for one argument): str (surrogateescape), bytes or
/// os.PathLike.
pub fn fs_bytes(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    match v.payload() {
        Some(Payload::Str(s)) => vm::codecs::fs_encode(vm, s.as_str()),
        Some(Payload::Bytes(b)) => Ok(b.to_vec()),
        _ => match vm.lookup_special(v, "__fspath__") {
            Some(f) => {
                let r = vm.call_unbound(&f, v, &[])?;
                match r.payload() {
                    Some(Payload::Str(_)) | Some(Payload::Bytes(_)) => fs_bytes(vm, &r),
                    _ => Err(vm.new_type_error(format!(
                        "expected {}.__fspath__() to return str or bytes, not {}",
                        vm.type_name(v),
                        vm.type_name(&r)
                    ))),
                }
            }
            None => {
                Err(vm.new_type_error(format!("expected str, bytes or os.PathLike object, not {}", vm.type_name(v))))
            }
        },
    }
}

/// How `pytime_from_seconds` rounds (`_PyTime_round_t`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TimeRound {
    /// `_PyTime_ROUND_FLOOR`.
    Floor,
    /// `_PyTime_ROUND_TIMEOUT`: away from zero, so a short wait still waits.
    Timeout,
}

/// `_PyTime_FromSecondsObject`: an int or float number of seconds as nanoseconds, with
/// CPython's errors (ValueError for NaN, OverflowError out of range, and the TypeError of
/// `__index__` for anything else).
pub fn pytime_from_seconds(vm: &mut Vm, v: &Value, round: TimeRound) -> PyResult<i64> {
    let float = match v {
        Value::Float(x) => Some(*x),
        _ => match v.payload() {
            Some(Payload::Float(f)) => Some(*f),
            _ => None,
        },
    };
    if let Some(x) = float {
        if x.is_nan() {
            return Err(vm.new_value_error("Invalid value NaN (not a number)"));
        }
        let ns = x * 1e9;
        let ns = match round {
            TimeRound::Floor => ns.floor(),
            TimeRound::Timeout if ns >= 0.0 => ns.ceil(),
            TimeRound::Timeout => ns.floor(),
        };
        if !(-9.223372036854776e18..9.223372036854776e18).contains(&ns) {
            return Err(vm.new_overflow_error("timestamp out of range for platform time_t"));
        }
        return Ok(ns as i64);
    }
    let secs = match v {
        Value::Int(i) => num_bigint::BigInt::from(*i),
        _ => vm.to_index(v)?,
    };
    num_traits::ToPrimitive::to_i64(&(secs * num_bigint::BigInt::from(1_000_000_000)))
        .ok_or_else(|| vm.new_overflow_error("timestamp too large to convert to C _PyTime_t"))
}
