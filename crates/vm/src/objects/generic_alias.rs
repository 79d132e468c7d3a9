//! VM stage: `types.GenericAlias` (`list[int]`), as CPython's genericaliasobject.c:
//! `__origin__`, `__args__`, `__parameters__` (the type variables of the arguments),
//! substitution by subscription (`dict[K, V][str, int]`), the starred form from iterating
//! (`*tuple[int, ...]`), equality and hash, `__mro_entries__`, pickling, the refusal of
//! `isinstance`, and every other attribute read from the origin class. The alias keeps its
//! fields in its instance dict (read only from Python).

use crate::func::Args;
use crate::value::{Object, Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use std::rc::Rc;

/// `cls[args]` for builtin generic classes: a `types.GenericAlias`.
pub(crate) fn class_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "__class_getitem__")?;
    new_alias(vm, &vm.types.generic_alias.clone(), &a[0], &a[1], false)
}

/// A GenericAlias (of class `cls`) of `origin` over `args` (a tuple, or one argument);
/// `starred` for the `*alias` form (`Py_GenericAlias` and `setup_ga`).
fn new_alias(vm: &mut Vm, cls: &PyRef, origin: &Value, args: &Value, starred: bool) -> PyResult<Value> {
    let items = match args.payload() {
        Some(Payload::Tuple(_)) => args.clone(),
        _ => vm.new_tuple(vec![args.clone()]),
    };
    let params = make_parameters(vm, &items)?;
    let d = vm.new_dict();
    vm.dict_set_str(&d, "__origin__", origin.clone());
    vm.dict_set_str(&d, "__args__", items);
    vm.dict_set_str(&d, "__parameters__", params);
    vm.dict_set_str(&d, "__unpacked__", Value::Bool(starred));
    Ok(Value::Obj(Object::with_dict(cls.clone(), Payload::None, d)))
}

/// One of the alias's fields, straight from its dict.
fn field(vm: &Vm, alias: &Value, name: &str) -> Value {
    alias.as_obj().and_then(|o| o.dict.get()).and_then(|d| vm.dict_get_str(&d, name)).unwrap_or(Value::None)
}

fn is_alias(vm: &Vm, v: &Value) -> bool {
    crate::types::is_subtype(&vm.type_of(v), &vm.types.generic_alias)
}

fn tuple_items(v: &Value) -> Vec<Value> {
    match v.payload() {
        Some(Payload::Tuple(t)) => t.to_vec(),
        _ => Vec::new(),
    }
}

/// `_Py_make_parameters`: the type variables among `args` (those with `__typing_subst__`),
/// and those of arguments that have `__parameters__` themselves, in order, once each.
fn make_parameters(vm: &mut Vm, args: &Value) -> PyResult<Value> {
    let mut params: Vec<Value> = Vec::new();
    for t in tuple_items(args) {
        if matches!(t.payload(), Some(Payload::Type(_))) {
            continue;
        }
        let found = if vm.getattr_opt(&t, "__typing_subst__")?.is_some() {
            vec![t]
        } else {
            match vm.getattr_opt(&t, "__parameters__")? {
                Some(sub) if matches!(sub.payload(), Some(Payload::Tuple(_))) => tuple_items(&sub),
                _ => Vec::new(),
            }
        };
        for p in found {
            if !params.iter().any(|q| q.is(&p)) {
                params.push(p);
            }
        }
    }
    Ok(vm.new_tuple(params))
}

/// `_unpack_args`: the subscription's items with every `*tuple[...]` (a starred alias of
/// `tuple` not ending in `...`) spliced in.
fn unpack_args(vm: &mut Vm, item: &Value) -> PyResult<Vec<Value>> {
    let items = match item.payload() {
        Some(Payload::Tuple(t)) => t.to_vec(),
        _ => vec![item.clone()],
    };
    let mut out = Vec::with_capacity(items.len());
    for i in items {
        if !matches!(i.payload(), Some(Payload::Type(_))) {
            if let Some(sub) = vm.getattr_opt(&i, "__typing_unpacked_tuple_args__")? {
                let sub = tuple_items(&sub);
                let ends_in_ellipsis =
                    sub.last().is_some_and(|l| matches!(l, Value::Obj(o) if Rc::ptr_eq(o, &vm.ellipsis)));
                if !sub.is_empty() && !ends_in_ellipsis {
                    out.extend(sub);
                    continue;
                }
            }
        }
        out.push(i);
    }
    Ok(out)
}

/// `alias[items]` (`_Py_subs_parameters`): each type variable among the arguments replaced
/// by the matching item, and each nested generic subscripted with its share of them.
fn alias_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__getitem__", 1)?;
    let alias = &a[0];
    let params = tuple_items(&field(vm, alias, "__parameters__"));
    if params.is_empty() {
        let r = vm.repr_string(alias)?;
        return Err(vm.new_type_error(format!("{r} is not a generic class")));
    }
    let mut items = unpack_args(vm, &a[1])?;
    for p in &params {
        if let Some(prepare) = vm.getattr_opt(p, "__typing_prepare_subst__")? {
            let t = vm.new_tuple(items);
            let r = vm.call(&prepare, Args::new(&[alias.clone(), t]))?;
            items = tuple_items(&r);
        }
    }
    if items.len() != params.len() {
        let r = vm.repr_string(alias)?;
        let how = if items.len() > params.len() { "many" } else { "few" };
        return Err(vm.new_type_error(format!(
            "Too {how} arguments for {r}; actual {}, expected {}",
            items.len(),
            params.len()
        )));
    }
    let mut new_args = Vec::new();
    for arg in tuple_items(&field(vm, alias, "__args__")) {
        if matches!(arg.payload(), Some(Payload::Type(_))) {
            new_args.push(arg);
            continue;
        }
        let unpack = is_unpacked_typevartuple(vm, &arg)?;
        let v = match vm.getattr_opt(&arg, "__typing_subst__")? {
            Some(subst) => {
                let ix = params.iter().position(|p| p.is(&arg)).unwrap_or(0);
                vm.call(&subst, Args::new(std::slice::from_ref(&items[ix])))?
            }
            None => subs_tvars(vm, &arg, &params, &items)?,
        };
        if unpack {
            new_args.extend(tuple_items(&v));
        } else {
            new_args.push(v);
        }
    }
    let origin = field(vm, alias, "__origin__");
    let t = vm.new_tuple(new_args);
    new_alias(vm, &vm.type_of(alias), &origin, &t, false)
}

/// Whether `arg` is `*Ts` of a TypeVarTuple (`_is_unpacked_typevartuple`).
fn is_unpacked_typevartuple(vm: &mut Vm, arg: &Value) -> PyResult<bool> {
    match vm.getattr_opt(arg, "__typing_is_unpacked_typevartuple__")? {
        Some(v) => vm.truthy(&v),
        None => Ok(false),
    }
}

/// `subs_tvars`: a nested generic argument subscripted with the items its own parameters
/// take.
fn subs_tvars(vm: &mut Vm, obj: &Value, params: &[Value], items: &[Value]) -> PyResult<Value> {
    let sub = match vm.getattr_opt(obj, "__parameters__")? {
        Some(s) => tuple_items(&s),
        None => return Ok(obj.clone()),
    };
    if sub.is_empty() {
        return Ok(obj.clone());
    }
    let mut sub_args = Vec::new();
    for p in &sub {
        let Some(ix) = params.iter().position(|q| q.is(p)) else { continue };
        let item = &items[ix];
        // A TypeVarTuple (an iterable parameter) takes a tuple of items.
        let iterable = crate::types::lookup_static(&vm.type_of(&params[ix]), "__iter__").is_some();
        if iterable && matches!(item.payload(), Some(Payload::Tuple(_))) {
            sub_args.extend(tuple_items(item));
        } else {
            sub_args.push(item.clone());
        }
    }
    let key = vm.new_tuple(sub_args);
    vm.getitem(obj, &key)
}

/// `types.GenericAlias(origin, args)`.
fn alias_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.no_kwargs(vm, "GenericAlias")?;
    let pos = &args.pos()[1..];
    if pos.len() != 2 {
        return Err(vm.new_type_error(format!("GenericAlias expected 2 arguments, got {}", pos.len())));
    }
    let cls = args.args[0].as_obj().cloned().unwrap();
    new_alias(vm, &cls, &pos[0], &pos[1], false)
}

/// `repr` of a type argument inside a GenericAlias (`ga_repr_item`, `typing._type_repr`'s
/// rules).
pub(crate) fn type_arg_repr(vm: &mut Vm, v: &Value) -> PyResult<String> {
    if let Some(Payload::Type(t)) = v.payload() {
        let module =
            vm.type_attr(v.as_obj().unwrap(), "__module__").and_then(|m| m.as_str().map(|s| s.as_str().to_string()));
        let q = t.qualname.borrow().to_string();
        return Ok(match module.as_deref() {
            Some("builtins") | None => q,
            Some(m) => format!("{m}.{q}"),
        });
    }
    if matches!(v, Value::Obj(o) if Rc::ptr_eq(o, &vm.ellipsis)) {
        return Ok("...".into());
    }
    vm.repr_string(v)
}

fn alias_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let alias = &args.args[0];
    let origin = field(vm, alias, "__origin__");
    let o = type_arg_repr(vm, &origin)?;
    let mut parts = Vec::new();
    for i in tuple_items(&field(vm, alias, "__args__")) {
        parts.push(type_arg_repr(vm, &i)?);
    }
    let inner = if parts.is_empty() { "()".to_string() } else { parts.join(", ") };
    let star = if field(vm, alias, "__unpacked__").is(&Value::Bool(true)) { "*" } else { "" };
    Ok(vm.new_str(format!("{star}{o}[{inner}]")))
}

/// `ga_call`: the origin called, then told its alias (`__orig_class__`) if it accepts it.
fn alias_call(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let alias = args.args[0].clone();
    let origin = field(vm, &alias, "__origin__");
    let obj = vm.call(&origin, Args { args: &args.args[1..], kwnames: args.kwnames })?;
    let name = vm.new_str("__orig_class__");
    if let Err(e) = vm.setattr(&obj, &name, alias) {
        let (ae, te) = (vm.exc.attribute_error.clone(), vm.exc.type_error.clone());
        if !vm.isinstance_exc(&e, &ae) && !vm.isinstance_exc(&e, &te) {
            return Err(e);
        }
    }
    Ok(obj)
}

fn alias_mro_entries(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "__mro_entries__")?;
    let origin = field(vm, &a[0], "__origin__");
    Ok(vm.new_tuple(vec![origin]))
}

/// `ga_richcompare`: equal aliases have the same starring, origin and arguments.
fn alias_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__eq__", 1)?;
    if !is_alias(vm, &a[1]) {
        return Ok(vm.not_implemented());
    }
    if !field(vm, &a[0], "__unpacked__").is(&field(vm, &a[1], "__unpacked__")) {
        return Ok(Value::Bool(false));
    }
    let (o1, o2) = (field(vm, &a[0], "__origin__"), field(vm, &a[1], "__origin__"));
    if !vm.eq(&o1, &o2)? {
        return Ok(Value::Bool(false));
    }
    let (a1, a2) = (field(vm, &a[0], "__args__"), field(vm, &a[1], "__args__"));
    Ok(Value::Bool(vm.eq(&a1, &a2)?))
}

fn alias_ne(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(match alias_eq(vm, args)? {
        Value::Bool(b) => Value::Bool(!b),
        other => other,
    })
}

fn alias_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let alias = &args.args[0];
    let (o, a) = (field(vm, alias, "__origin__"), field(vm, alias, "__args__"));
    let h = vm.hash(&o)? ^ vm.hash(&a)?;
    Ok(Value::Int(if h == -1 { -2 } else { h }))
}

/// The attributes the alias answers itself (`attr_exceptions`); any other is the origin's.
const OWN_ATTRS: &[&str] = &[
    "__class__",
    "__origin__",
    "__args__",
    "__unpacked__",
    "__parameters__",
    "__typing_unpacked_tuple_args__",
    "__mro_entries__",
    "__reduce_ex__",
    "__reduce__",
    "__copy__",
    "__deepcopy__",
];

/// `ga_getattro`.
fn alias_getattribute(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.wrapper(vm, "__getattribute__", 1)?;
    if let Some(n) = a[1].as_str() {
        if !OWN_ATTRS.contains(&n.as_str()) {
            let origin = field(vm, &a[0], "__origin__");
            return vm.getattr(&origin, &a[1]);
        }
    }
    vm.generic_getattr(&a[0], &a[1])
}

/// Setting or deleting any attribute fails: the fields are read-only members, and the alias
/// has no other storage.
fn alias_setattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.pos();
    let name = a.get(1).and_then(|n| n.as_str()).map(|s| s.as_str().to_string()).unwrap_or_default();
    let msg = if ["__origin__", "__args__", "__parameters__", "__unpacked__"].contains(&name.as_str()) {
        "readonly attribute".to_string()
    } else {
        format!("'{}' object has no attribute '{name}'", vm.type_name(&a[0]))
    };
    Err(vm.new_attribute_error(&a[0], &name, msg))
}

/// `__typing_unpacked_tuple_args__`: the arguments of `*tuple[...]`, else None.
fn alias_unpacked_tuple_args(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let alias = &args.args[0];
    let origin = field(vm, alias, "__origin__");
    let tuple = matches!(&origin, Value::Obj(o) if Rc::ptr_eq(o, &vm.types.tuple));
    if tuple && field(vm, alias, "__unpacked__").is(&Value::Bool(true)) {
        return Ok(field(vm, alias, "__args__"));
    }
    Ok(Value::None)
}

/// `iter(alias)`: yields the starred alias once (`*tuple[int, ...]`).
fn alias_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let alias = &args.args[0];
    let (origin, items) = (field(vm, alias, "__origin__"), field(vm, alias, "__args__"));
    let starred = new_alias(vm, &vm.types.generic_alias.clone(), &origin, &items, true)?;
    let one = vm.new_tuple(vec![starred]);
    vm.iter(&one)
}

/// `ga_reduce`: `(GenericAlias, (origin, args))`, or `next(iter(alias))` for a starred one.
fn alias_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let alias = &args.args[0];
    let (origin, items) = (field(vm, alias, "__origin__"), field(vm, alias, "__args__"));
    if field(vm, alias, "__unpacked__").is(&Value::Bool(true)) {
        let plain = new_alias(vm, &vm.types.generic_alias.clone(), &origin, &items, false)?;
        let it = vm.iter(&plain)?;
        let next = vm.dict_get_str(&vm.builtins_dict.clone(), "next").unwrap_or(Value::None);
        let inner = vm.new_tuple(vec![it]);
        return Ok(vm.new_tuple(vec![next, inner]));
    }
    let inner = vm.new_tuple(vec![origin, items]);
    Ok(vm.new_tuple(vec![Value::Obj(vm.type_of(alias)), inner]))
}

/// `ga_dir`: the origin's attributes and the alias's own.
fn alias_dir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__dir__")?;
    let origin = field(vm, &a[0], "__origin__");
    let dir = vm.dict_get_str(&vm.builtins_dict.clone(), "dir").unwrap_or(Value::None);
    let names = vm.call(&dir, Args::new(std::slice::from_ref(&origin)))?;
    let mut items = vm.collect(&names)?;
    for n in OWN_ATTRS {
        if !items.iter().any(|i| i.as_str().is_some_and(|s| s.as_str() == *n)) {
            items.push(vm.new_str(*n));
        }
    }
    Ok(vm.new_list(items))
}

fn alias_instancecheck(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(vm.new_type_error("isinstance() argument 2 cannot be a parameterized generic"))
}

fn alias_subclasscheck(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(vm.new_type_error("issubclass() argument 2 cannot be a parameterized generic"))
}

pub fn init(vm: &mut Vm) {
    let ga = vm.types.generic_alias.clone();
    // Named as an extension type, so that its `__getattribute__` and `__setattr__` run
    // (`types::may_hook_attrs`).
    let _ = ga.as_type().unwrap().tp_name.set("types.GenericAlias".into());
    vm.add_static(&ga, "__new__", alias_new);
    vm.add_methods(
        &ga,
        &[
            ("__repr__", alias_repr, "Return repr(self)."),
            ("__call__", alias_call, "Call self as a function."),
            ("__getitem__", alias_getitem, "Return self[key]."),
            ("__mro_entries__", alias_mro_entries, ""),
            ("__eq__", alias_eq, "Return self==value."),
            ("__ne__", alias_ne, "Return self!=value."),
            ("__hash__", alias_hash, "Return hash(self)."),
            ("__getattribute__", alias_getattribute, "Return getattr(self, name)."),
            ("__setattr__", alias_setattr, "Implement setattr(self, name, value)."),
            ("__delattr__", alias_setattr, "Implement delattr(self, name)."),
            ("__iter__", alias_iter, "Implement iter(self)."),
            ("__reduce__", alias_reduce, ""),
            ("__dir__", alias_dir, ""),
            ("__instancecheck__", alias_instancecheck, ""),
            ("__subclasscheck__", alias_subclasscheck, ""),
            ("__or__", crate::objects::runtime::type_or, "Return self|value."),
            ("__ror__", crate::objects::runtime::type_or, "Return value|self."),
        ],
    );
    vm.add_getset(&ga, "__typing_unpacked_tuple_args__", alias_unpacked_tuple_args, None);
}
