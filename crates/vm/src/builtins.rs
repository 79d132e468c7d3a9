//! VM stage: the functions of the `builtins` module, with CPython 3.11's signatures and error
//! messages.

use crate::func::{Args, BuiltinFunction, NativeFn};
use crate::iter::IterState;
use crate::types;
use crate::value::{Object, Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use std::cell::RefCell;
use std::rc::Rc;

impl Vm {
    /// Registers a native function in `builtins`.
    pub fn add_builtin_fn(&self, name: &'static str, func: NativeFn) {
        let f = Object::new(
            self.types.builtin_function.clone(),
            Payload::BuiltinFunction(Box::new(BuiltinFunction {
                name,
                func,
                self_: None,
                owner: None,
                doc: None,
                is_static: false,
                slot: None,
                module: Default::default(),
            })),
        );
        self.dict_set_str(&self.builtins_dict, name, Value::Obj(f));
    }

    /// Stores a native function object for each `(name, function)` in the dict of a module
    /// being built.
    pub fn add_native_fns(&self, dict: &crate::value::PyRef, fns: &[(&'static str, NativeFn)]) {
        for &(name, f) in fns {
            let v = self.new_native_fn(name, f);
            self.dict_set_str(dict, name, v);
        }
    }

    /// A native function object (not registered anywhere).
    pub fn new_native_fn(&self, name: &'static str, func: NativeFn) -> Value {
        self.new_native_fn_doc(name, func, None)
    }

    /// A native function object with its `__doc__`.
    pub fn new_native_fn_doc(&self, name: &'static str, func: NativeFn, doc: Option<&'static str>) -> Value {
        Value::Obj(Object::new(
            self.types.builtin_function.clone(),
            Payload::BuiltinFunction(Box::new(BuiltinFunction {
                name,
                func,
                self_: None,
                owner: None,
                doc,
                is_static: false,
                slot: None,
                module: Default::default(),
            })),
        ))
    }
}

fn b_print(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut sep = " ".to_string();
    let mut end = "\n".to_string();
    let mut file = Value::None;
    let mut flush = false;
    for (k, v) in args.kwargs() {
        match k {
            "sep" | "end" => {
                let s = if v.is_none() {
                    if k == "sep" {
                        " ".to_string()
                    } else {
                        "\n".to_string()
                    }
                } else {
                    v.as_str().map(|s| s.as_str().to_string()).ok_or_else(|| {
                        vm.new_type_error(format!("{k} must be None or a string, not {}", vm.type_name(v)))
                    })?
                };
                if k == "sep" {
                    sep = s
                } else {
                    end = s
                }
            }
            "file" => file = v.clone(),
            "flush" => flush = vm.truthy(v)?,
            _ => return Err(vm.new_type_error(format!("'{k}' is an invalid keyword argument for print()"))),
        }
    }
    if file.is_none() {
        file = vm.sys_attr("stdout").unwrap_or(Value::None);
        if file.is_none() {
            return Ok(Value::None);
        }
    }
    // Our own file objects take the whole line at once; other file-likes get one write()
    // per piece, as CPython's print does.
    if let Some(Payload::File(_)) = file.payload() {
        let mut out = String::new();
        let mut failed = None;
        for (i, a) in args.pos().iter().enumerate() {
            if i > 0 {
                out.push_str(&sep);
            }
            match vm.str(a) {
                Ok(s) => out.push_str(s.as_str().unwrap().as_str()),
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        if failed.is_none() {
            out.push_str(&end);
        }
        // What came before an argument whose str() failed is still written, as CPython
        // writes piece by piece.
        if !out.is_empty() {
            let w = vm.getattr_str(&file, "write")?;
            let s = vm.new_str(out);
            vm.call(&w, Args::new(&[s]))?;
        }
        if let Some(e) = failed {
            return Err(e);
        }
    } else {
        let w = vm.getattr_str(&file, "write")?;
        for (i, a) in args.pos().iter().enumerate() {
            if i > 0 {
                let s = vm.new_str(sep.as_str());
                vm.call(&w, Args::new(&[s]))?;
            }
            let s = vm.str(a)?;
            vm.call(&w, Args::new(&[s]))?;
        }
        let s = vm.new_str(end.as_str());
        vm.call(&w, Args::new(&[s]))?;
    }
    if flush {
        let f = vm.getattr_str(&file, "flush")?;
        vm.call(&f, Args::new(&[]))?;
    }
    Ok(Value::None)
}

fn b_len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "len", 1)?;
    Ok(Value::Int(vm.len(&a[0])? as i64))
}

fn b_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "repr", 1)?;
    vm.repr(&a[0])
}

fn b_ascii(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "ascii", 1)?;
    vm.ascii(&a[0])
}

fn b_format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "format", 1, 2)?;
    if let Some(spec) = a.get(1).filter(|s| s.as_str().is_none()) {
        // Argument Clinic's `_PyArg_BadArgument` (which names None rather than its type).
        let got = if spec.is_none() { "None".to_string() } else { vm.type_name(spec) };
        return Err(vm.new_type_error(format!("format() argument 2 must be str, not {got}")));
    }
    vm.format(&a[0], a.get(1))
}

fn b_isinstance(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "isinstance", 2)?;
    Ok(Value::Bool(vm.isinstance_check(&a[0], &a[1])?))
}

fn b_issubclass(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "issubclass", 2)?;
    Ok(Value::Bool(vm.issubclass_check(&a[0], &a[1])?))
}

impl Vm {
    /// `isinstance(v, cls)` with tuples and `__instancecheck__`.
    pub fn isinstance_check(&mut self, v: &Value, cls: &Value) -> PyResult<bool> {
        if let Some(Payload::Tuple(t)) = cls.payload() {
            for c in t.iter() {
                if self.isinstance_check(v, c)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        match cls.as_obj() {
            Some(c) if matches!(c.payload, Payload::Type(_)) => {
                if types::is_subtype(&self.type_of(v), c) {
                    return Ok(true);
                }
                let meta = c.class();
                if meta.as_type().map(|t| t.is_heap()).unwrap_or(false) {
                    if let Some(ic) = self.lookup_special(cls, "__instancecheck__") {
                        let r = self.call_unbound(&ic, cls, std::slice::from_ref(v))?;
                        return self.truthy(&r);
                    }
                }
                // A __class__ that differs from type(v) also counts.
                Ok(false)
            }
            _ => {
                if Rc::ptr_eq(&self.type_of(cls), &self.types.union_type) {
                    let items = self.getattr_str(cls, "__args__")?;
                    return self.isinstance_check(v, &items);
                }
                if let Some(ic) = self.lookup_special(cls, "__instancecheck__") {
                    let r = self.call_unbound(&ic, cls, std::slice::from_ref(v))?;
                    return self.truthy(&r);
                }
                Err(self.new_type_error("isinstance() arg 2 must be a type, a tuple of types, or a union"))
            }
        }
    }

    pub fn issubclass_check(&mut self, v: &Value, cls: &Value) -> PyResult<bool> {
        if let Some(Payload::Tuple(t)) = cls.payload() {
            for c in t.iter() {
                if self.issubclass_check(v, c)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        let Some(c) = cls.as_obj().filter(|c| matches!(c.payload, Payload::Type(_))) else {
            if let Some(sc) = self.lookup_special(cls, "__subclasscheck__") {
                let r = self.call_unbound(&sc, cls, std::slice::from_ref(v))?;
                return self.truthy(&r);
            }
            return Err(self.new_type_error("issubclass() arg 2 must be a class, a tuple of classes, or a union"));
        };
        let Some(sub) = v.as_obj().filter(|s| matches!(s.payload, Payload::Type(_))) else {
            return Err(self.new_type_error("issubclass() arg 1 must be a class"));
        };
        if c.class_is_heap() {
            if let Some(sc) = self.lookup_special(cls, "__subclasscheck__") {
                let r = self.call_unbound(&sc, cls, std::slice::from_ref(v))?;
                return self.truthy(&r);
            }
        }
        Ok(types::is_subtype(sub, c))
    }
}

fn b_getattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "getattr", 2, 3)?;
    if a[1].as_str().is_none() {
        return Err(vm.new_type_error(format!("attribute name must be string, not '{}'", vm.type_name(&a[1]))));
    }
    match vm.getattr(&a[0], &a[1]) {
        Ok(v) => Ok(v),
        Err(e) if a.len() == 3 && vm.isinstance_exc(&e, &vm.exc.attribute_error.clone()) => Ok(a[2].clone()),
        Err(e) => Err(e),
    }
}

fn b_setattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "setattr", 3)?;
    if a[1].as_str().is_none() {
        return Err(vm.new_type_error(format!("attribute name must be string, not '{}'", vm.type_name(&a[1]))));
    }
    vm.setattr(&a[0], &a[1], a[2].clone())?;
    Ok(Value::None)
}

fn b_delattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "delattr", 2)?;
    vm.delattr(&a[0], &a[1])?;
    Ok(Value::None)
}

fn b_hasattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "hasattr", 2)?;
    if a[1].as_str().is_none() {
        return Err(vm.new_type_error(format!("attribute name must be string, not '{}'", vm.type_name(&a[1]))));
    }
    match vm.getattr(&a[0], &a[1]) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(e) if vm.isinstance_exc(&e, &vm.exc.attribute_error.clone()) => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

fn b_id(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "id", 1)?;
    Ok(Value::Int(a[0].id()))
}

fn b_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "hash", 1)?;
    Ok(Value::Int(vm.hash(&a[0])?))
}

fn b_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "iter", 1, 2)?;
    if a.len() == 2 {
        return Ok(vm.new_native_iter(
            &vm.types.iterator.clone(),
            IterState::Callable { func: a[0].clone(), sentinel: a[1].clone() },
        ));
    }
    vm.iter(&a[0])
}

fn b_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "next", 1, 2)?;
    if vm.lookup_special(&a[0], "__next__").is_none() && !matches!(a[0].payload(), Some(Payload::Iter(_))) {
        return Err(vm.new_type_error(format!("'{}' object is not an iterator", vm.type_name(&a[0]))));
    }
    let m = vm.lookup_special(&a[0], "__next__");
    let r = match m {
        Some(m) => vm.call_unbound(&m, &a[0], &[]),
        None => match vm.next(&a[0])? {
            Some(v) => Ok(v),
            None => Err(vm.new_stop_iteration(Value::None)),
        },
    };
    match r {
        Err(e) if a.len() == 2 && vm.isinstance_exc(&e, &vm.exc.stop_iteration.clone()) => Ok(a[1].clone()),
        r => r,
    }
}

fn b_abs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "abs", 1)?;
    match &a[0] {
        Value::Int(i) => Ok(match i.checked_abs() {
            Some(v) => Value::Int(v),
            None => vm.new_bigint(BigInt::from(*i).abs()),
        }),
        Value::Float(f) => Ok(Value::Float(f.abs())),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        v => match vm.call_special(v, "__abs__", &[])? {
            Some(r) => Ok(r),
            None => Err(vm.new_type_error(format!("bad operand type for abs(): '{}'", vm.type_name(v)))),
        },
    }
}

fn minmax(vm: &mut Vm, args: Args, name: &str, want_max: bool) -> PyResult<Value> {
    let pos = args.pos();
    let mut key = None;
    let mut default = None;
    for (k, v) in args.kwargs() {
        match k {
            "key" => key = Some(v.clone()).filter(|k| !k.is_none()),
            "default" => default = Some(v.clone()),
            _ => return Err(vm.new_type_error(format!("'{k}' is an invalid keyword argument for {name}()"))),
        }
    }
    let items = match pos.len() {
        0 => return Err(vm.new_type_error(format!("{name} expected at least 1 argument, got 0"))),
        1 => vm.collect(&pos[0])?,
        _ => {
            if default.is_some() {
                return Err(vm.new_type_error(format!(
                    "Cannot specify a default for {name}() with multiple positional arguments"
                )));
            }
            pos.to_vec()
        }
    };
    let mut best: Option<(Value, Value)> = None;
    for it in items {
        let k = match &key {
            Some(f) => vm.call(f, Args::new(std::slice::from_ref(&it)))?,
            None => it.clone(),
        };
        best = Some(match best {
            None => (k, it),
            Some((bk, bv)) => {
                let better = if want_max { vm.lt(&bk, &k)? } else { vm.lt(&k, &bk)? };
                if better {
                    (k, it)
                } else {
                    (bk, bv)
                }
            }
        });
    }
    match best {
        Some((_, v)) => Ok(v),
        None => default.ok_or_else(|| vm.new_value_error(format!("{name}() arg is an empty sequence"))),
    }
}

fn b_min(vm: &mut Vm, args: Args) -> PyResult<Value> {
    minmax(vm, args, "min", false)
}
fn b_max(vm: &mut Vm, args: Args) -> PyResult<Value> {
    minmax(vm, args, "max", true)
}

fn b_sum(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [it, start] = args.bind(vm, "sum", ["", "start"], 1)?;
    let mut acc = start.unwrap_or(Value::Int(0));
    if acc.as_str().is_some() {
        return Err(vm.new_type_error("sum() can't sum strings [use ''.join(seq) instead]"));
    }
    if matches!(acc.payload(), Some(Payload::Bytes(_))) {
        return Err(vm.new_type_error("sum() can't sum bytes [use b''.join(seq) instead]"));
    }
    let it = vm.iter(&it.unwrap())?;
    while let Some(v) = vm.next(&it)? {
        // Small ints and floats add natively, as CPython's sum keeps a C long or double
        // (the same results as `+`: an int meeting a float converts to the nearest double).
        let small = |x: &Value| match x {
            Value::Int(i) => Some(*i),
            Value::Bool(b) => Some(*b as i64),
            _ => None,
        };
        acc = match (&acc, &v, small(&acc), small(&v)) {
            (Value::Float(x), Value::Float(y), _, _) => Value::Float(x + y),
            (Value::Float(x), _, _, Some(y)) => Value::Float(x + y as f64),
            (_, Value::Float(y), Some(x), _) => Value::Float(x as f64 + y),
            (_, _, Some(x), Some(y)) if x.checked_add(y).is_some() => Value::Int(x + y),
            _ => vm.binary_op(&acc, &v, bytecode::opcode::NB_ADD)?,
        };
    }
    Ok(acc)
}

fn b_any(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "any", 1)?;
    let it = vm.iter(&a[0])?;
    while let Some(v) = vm.next(&it)? {
        if vm.truthy(&v)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn b_all(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "all", 1)?;
    let it = vm.iter(&a[0])?;
    while let Some(v) = vm.next(&it)? {
        if !vm.truthy(&v)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn b_sorted(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    if pos.len() != 1 {
        return Err(vm.new_type_error(format!("sorted expected 1 argument, got {}", pos.len())));
    }
    let items = vm.sequence_list(&pos[0])?;
    let l = vm.new_list(items);
    let sort = vm.getattr_str(&l, "sort")?;
    let kw: Vec<Value> = args.args[1..].to_vec();
    vm.call(&sort, Args { args: &kw, kwnames: args.kwnames })?;
    Ok(l)
}

/// `reversed.__new__(cls, seq)` (CPython's `reversed_new_impl`): `seq.__reversed__()` when
/// there is one, whatever `cls` is; else an instance of `cls` indexing `seq` backwards.
fn reversed_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = args.args[0].as_obj().cloned().unwrap();
    let a = Args { args: &args.args[1..], kwnames: args.kwnames }.exact(vm, "reversed", 1)?;
    if let Some(r) = vm.call_special(&a[0], "__reversed__", &[])? {
        return Ok(r);
    }
    if vm.lookup_special(&a[0], "__getitem__").is_none()
        || vm.lookup_special(&a[0], "__len__").is_none()
        || matches!(a[0].payload(), Some(Payload::Dict(_)))
    {
        return Err(vm.new_type_error(format!("'{}' object is not reversible", vm.type_name(&a[0]))));
    }
    let n = vm.len(&a[0])? as i64;
    let state = IterState::Reversed { seq: a[0].clone(), index: n - 1 };
    if matches!(a[0].payload(), Some(Payload::List(_))) && Rc::ptr_eq(&cls, &vm.types.reversed) {
        return Ok(vm.new_native_iter(&vm.types.iterator.clone(), state));
    }
    Ok(vm.new_iter_of(&cls, state))
}

fn b_enumerate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = args.args[0].as_obj().cloned().unwrap();
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    let [it, start] = rest.bind(vm, "enumerate", ["iterable", "start"], 1)?;
    let it = vm.iter(&it.unwrap())?;
    let start = match start {
        Some(s) => vm.to_index(&s)?,
        None => BigInt::zero(),
    };
    let (count, big) = match start.to_i64() {
        Some(c) => (c, None),
        None => (0, Some(start)),
    };
    Ok(vm.new_iter_of(&cls, IterState::Enumerate { it, count, big, last: None }))
}

fn b_zip(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = args.args[0].as_obj().cloned().unwrap();
    let mut strict = false;
    for (k, v) in (Args { args: &args.args[1..], kwnames: args.kwnames }).kwargs() {
        if k == "strict" {
            strict = vm.truthy(v)?;
        } else {
            return Err(vm.new_type_error(format!("'{k}' is an invalid keyword argument for zip()")));
        }
    }
    let pos = Args { args: &args.args[1..], kwnames: args.kwnames }.pos().to_vec();
    let mut its = Vec::new();
    for (i, p) in pos.iter().enumerate() {
        let it = vm.iter(p).map_err(|e| {
            if vm.isinstance_exc(&e, &vm.exc.type_error.clone()) {
                vm.new_type_error(format!("zip argument #{} must support iteration", i + 1))
            } else {
                e
            }
        })?;
        its.push(it);
    }
    Ok(vm.new_iter_of(&cls, IterState::Zip { its, strict, last: None }))
}

fn b_map(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = args.args[0].as_obj().cloned().unwrap();
    let a = Args { args: &args.args[1..], kwnames: args.kwnames };
    if !inits_own_keywords(vm, &cls) {
        a.no_kwargs(vm, "map")?;
    }
    let pos = a.pos();
    if pos.len() < 2 {
        return Err(vm.new_type_error("map() must have at least two arguments."));
    }
    let mut its = Vec::new();
    for p in &pos[1..] {
        its.push(vm.iter(p)?);
    }
    Ok(vm.new_iter_of(&cls, IterState::Map { func: pos[0].clone(), its }))
}

/// Whether `cls` (a subclass of map or filter) defines an `__init__` of its own, which is then
/// handed the keyword arguments `map_new` and `filter_new` otherwise refuse.
fn inits_own_keywords(vm: &Vm, cls: &PyRef) -> bool {
    let mine = types::lookup_static(cls, "__init__");
    let object_init = types::lookup_static(&vm.types.object, "__init__");
    matches!((mine, object_init), (Some(m), Some(o)) if !m.is(&o))
}

fn b_filter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = args.args[0].as_obj().cloned().unwrap();
    let a = Args { args: &args.args[1..], kwnames: args.kwnames };
    if !inits_own_keywords(vm, &cls) {
        a.no_kwargs(vm, "filter")?;
    }
    let a = Args { args: a.pos(), kwnames: &[] }.exact(vm, "filter", 2)?;
    let it = vm.iter(&a[1])?;
    Ok(vm.new_iter_of(&cls, IterState::Filter { func: a[0].clone(), it }))
}

fn b_chr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "chr", 1)?;
    let i = vm.to_index(&a[0])?;
    match i.to_u32().filter(|&u| u < 0x110000) {
        Some(u) => Ok(vm.new_str(vm.char_for_code(u)?.to_string())),
        None => Err(vm.new_value_error("chr() arg not in range(0x110000)")),
    }
}

fn b_ord(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "ord", 1)?;
    match a[0].payload() {
        Some(Payload::Str(s)) => {
            if s.char_len() != 1 {
                return Err(vm.new_type_error(format!(
                    "ord() expected a character, but string of length {} found",
                    s.char_len()
                )));
            }
            Ok(Value::Int(s.code_at(0) as i64))
        }
        Some(Payload::Bytes(b)) => {
            if b.len() != 1 {
                return Err(
                    vm.new_type_error(format!("ord() expected a character, but string of length {} found", b.len()))
                );
            }
            Ok(Value::Int(b[0] as i64))
        }
        _ => Err(vm.new_type_error(format!("ord() expected string of length 1, but {} found", vm.type_name(&a[0])))),
    }
}

fn base_repr(vm: &mut Vm, args: Args, name: &str, base: u32) -> PyResult<Value> {
    let a = args.exact(vm, name, 1)?;
    let i = vm.to_index(&a[0])?;
    Ok(vm.new_str(crate::format::int_to_base(&i, base, true, false)))
}
fn b_hex(vm: &mut Vm, a: Args) -> PyResult<Value> {
    base_repr(vm, a, "hex", 16)
}
fn b_oct(vm: &mut Vm, a: Args) -> PyResult<Value> {
    base_repr(vm, a, "oct", 8)
}
fn b_bin(vm: &mut Vm, a: Args) -> PyResult<Value> {
    base_repr(vm, a, "bin", 2)
}

fn b_divmod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "divmod", 2)?;
    // Two machine-word ints (datetime's arithmetic is made of these): floor division and
    // the remainder with the divisor's sign, without the `__divmod__` dispatch.
    if let (Value::Int(x), Value::Int(y)) = (&a[0], &a[1]) {
        if let (Some(q), Some(r)) = (x.checked_div_euclid(*y), x.checked_rem_euclid(*y)) {
            // Euclidean division keeps the remainder non-negative; Python's follows the
            // divisor's sign, which differs only for a negative divisor and a remainder.
            let (q, r) = if *y < 0 && r != 0 { (q - 1, r + y) } else { (q, r) };
            return Ok(vm.new_tuple(vec![Value::Int(q), Value::Int(r)]));
        }
    }
    match vm.binary_op1(&a[0], &a[1], "__divmod__", "__rdivmod__")? {
        Some(r) => Ok(r),
        None => Err(vm.new_type_error(format!(
            "unsupported operand type(s) for divmod(): '{}' and '{}'",
            vm.type_name(&a[0]),
            vm.type_name(&a[1])
        ))),
    }
}

fn b_pow(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [base, exp, m] = args.bind(vm, "pow", ["base", "exp", "mod"], 2)?;
    let (base, exp) = (base.unwrap(), exp.unwrap());
    match m.filter(|m| !m.is_none()) {
        None => vm.binary_op(&base, &exp, bytecode::opcode::NB_POWER),
        Some(m) => {
            let (Some(b), Some(e), Some(md)) = (
                crate::objects::int::int_view(&base),
                crate::objects::int::int_view(&exp),
                crate::objects::int::int_view(&m),
            ) else {
                return Err(vm.new_type_error("pow() 3rd argument not allowed unless all arguments are integers"));
            };
            let (b, e, md) = (b.to_big(), e.to_big(), md.to_big());
            if md.is_zero() {
                return Err(vm.new_value_error("pow() 3rd argument cannot be 0"));
            }
            let mut b = b;
            let mut e = e;
            if e.is_negative() {
                // Modular inverse.
                let inv = mod_inverse(&b, &md)
                    .ok_or_else(|| vm.new_value_error("base is not invertible for the given modulus"))?;
                b = inv;
                e = -e;
            }
            let mut r = b.modpow(&e, &md.abs());
            if md.is_negative() && !r.is_zero() {
                r += &md;
            }
            Ok(vm.new_bigint(r))
        }
    }
}

fn mod_inverse(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    let m = m.abs();
    let (mut old_r, mut r) = (((a % &m) + &m) % &m, m.clone());
    let (mut old_s, mut s) = (BigInt::from(1), BigInt::zero());
    while !r.is_zero() {
        let q = &old_r / &r;
        let t = &old_r - &q * &r;
        old_r = std::mem::replace(&mut r, t);
        let t = &old_s - &q * &s;
        old_s = std::mem::replace(&mut s, t);
    }
    if old_r != BigInt::from(1) {
        return None;
    }
    Some(((old_s % &m) + &m) % &m)
}

fn b_round(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [number, ndigits] = args.bind(vm, "round", ["number", "ndigits"], 1)?;
    let number = number.unwrap();
    let m = vm
        .lookup_special(&number, "__round__")
        .ok_or_else(|| vm.new_type_error(format!("type {} doesn't define __round__ method", vm.type_name(&number))))?;
    match ndigits {
        Some(n) if !n.is_none() => vm.call_unbound(&m, &number, &[n]),
        _ => vm.call_unbound(&m, &number, &[]),
    }
}

fn b_callable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "callable", 1)?;
    Ok(Value::Bool(vm.is_callable(&a[0])))
}

impl Vm {
    /// `callable(v)` (`PyCallable_Check`).
    pub fn is_callable(&self, v: &Value) -> bool {
        match v.payload() {
            Some(Payload::Function(_))
            | Some(Payload::BuiltinFunction(_))
            | Some(Payload::Method(..))
            | Some(Payload::Type(_)) => true,
            _ => self.lookup_special(v, "__call__").is_some(),
        }
    }
}

fn b_globals(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "globals", 0)?;
    vm.current_globals().map(Value::Obj).ok_or_else(|| vm.new_runtime_error("globals(): no current frame"))
}

fn b_dir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "dir", 0, 1)?;
    if a.is_empty() {
        let l = vm.current_locals().unwrap_or(Value::None);
        let keys = vm.collect(&l)?;
        let l = vm.new_list(keys);
        let sort = vm.getattr_str(&l, "sort")?;
        vm.call(&sort, Args::new(&[]))?;
        return Ok(l);
    }
    // A class's names come from its metaclass's `__dir__` (`type.__dir__`, or e.g. enum's).
    let r = match vm.call_special(&a[0], "__dir__", &[])? {
        Some(r) => r,
        None => vm.new_list(vec![]),
    };
    let items = vm.collect(&r)?;
    let l = vm.new_list(items);
    let sort = vm.getattr_str(&l, "sort")?;
    vm.call(&sort, Args::new(&[]))?;
    Ok(l)
}

fn b_vars(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "vars", 0, 1)?;
    if a.is_empty() {
        return b_globals(vm, args);
    }
    match vm.getattr_opt(&a[0], "__dict__")? {
        Some(d) => Ok(d),
        None => Err(vm.new_type_error("vars() argument must have __dict__ attribute")),
    }
}

fn b_input(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "input", 0, 1)?;
    if let Some(p) = a.first() {
        let s = vm.str_string(p)?;
        vm.write_stdout(&s)?;
        vm.flush_stdout()?;
    }
    let mut line = String::new();
    // Other threads run while this one waits for a line.
    let n = vm.allow_threads(|| std::io::stdin().read_line(&mut line)).map_err(|e| vm.new_os_error(e.to_string()))?;
    if n == 0 {
        return Err(vm.new_exception(&vm.exc.eof_error.clone(), "EOF when reading a line"));
    }
    if line.ends_with('\n') {
        line.pop();
        if line.ends_with('\r') {
            line.pop();
        }
    }
    Ok(vm.new_str(line))
}

fn b_exec_eval(vm: &mut Vm, args: Args, is_eval: bool) -> PyResult<Value> {
    let name = if is_eval { "eval" } else { "exec" };
    let [src, globals, locals] = args.bind(vm, name, ["source", "globals", "locals"], 1)?;
    let src = src.unwrap();
    let globals = globals.filter(|g| !g.is_none());
    let globals = match globals {
        Some(g) => match g.as_obj() {
            Some(o) if matches!(o.payload, Payload::Dict(_)) => o.clone(),
            _ => return Err(vm.new_type_error(format!("{name}() globals must be a dict, not {}", vm.type_name(&g)))),
        },
        None => vm.current_globals().unwrap_or_else(|| vm.new_dict()),
    };
    if vm.dict_get_str(&globals, "__builtins__").is_none() {
        vm.dict_set_str(&globals, "__builtins__", Value::Obj(vm.builtins.clone()));
    }
    let locals = locals.filter(|l| !l.is_none()).unwrap_or_else(|| Value::Obj(globals.clone()));
    let code = match src.payload() {
        Some(Payload::Code(c)) => {
            // A code object with free variables needs a closure, which eval() cannot give.
            let nfree = c.code.co_freevars.len();
            if nfree > 0 {
                return Err(vm.new_type_error(if is_eval {
                    "code object passed to eval() may not contain free variables".to_string()
                } else {
                    format!("code object requires a closure of exactly length {nfree}")
                }));
            }
            c.clone()
        }
        Some(Payload::Str(s)) => {
            let text =
                if is_eval { s.as_str().trim_start_matches([' ', '\t']).to_string() } else { s.as_str().to_string() };
            let mode = if is_eval { compiler::Mode::Eval } else { compiler::Mode::Exec };
            vm.compile_source(&text, "<string>", mode)?
        }
        Some(Payload::Bytes(b)) => {
            let text = String::from_utf8_lossy(b).into_owned();
            let mode = if is_eval { compiler::Mode::Eval } else { compiler::Mode::Exec };
            vm.compile_source(&text, "<string>", mode)?
        }
        _ => return Err(vm.new_type_error(format!("{name}() arg 1 must be a string, bytes or code object"))),
    };
    let r = vm.run_code(code, globals, Some(locals))?;
    Ok(if is_eval { r } else { Value::None })
}

fn b_exec(vm: &mut Vm, args: Args) -> PyResult<Value> {
    b_exec_eval(vm, args, false)
}
fn b_eval(vm: &mut Vm, args: Args) -> PyResult<Value> {
    b_exec_eval(vm, args, true)
}

fn b_compile(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [src, filename, mode, flags, _dont_inherit, _optimize, _feature_version] = args.bind(
        vm,
        "compile",
        ["source", "filename", "mode", "flags", "dont_inherit", "optimize", "_feature_version"],
        3,
    )?;
    let src = src.unwrap();
    let filename = vm.str_string(&filename.unwrap())?;
    let mode = mode.unwrap();
    let Some(mode) = mode.as_str().map(|s| s.as_str().to_string()) else {
        return Err(vm.new_type_error(format!(
            "compile() argument 'mode' must be str, not {}",
            vm.type_of(&mode).as_type().map(|t| t.name().to_string()).unwrap_or_default()
        )));
    };
    let flags = match flags {
        Some(f) => vm.to_i64_index(&f)?,
        None => 0,
    };
    let only_ast = flags & crate::ast_objects::PY_CF_ONLY_AST != 0;
    let ast_mode = match mode.as_str() {
        "exec" => compiler::AstMode::Exec,
        "eval" => compiler::AstMode::Eval,
        "single" => compiler::AstMode::Single,
        "func_type" if only_ast => compiler::AstMode::FuncType,
        "func_type" => return Err(vm.new_value_error("compile() mode 'func_type' requires flag PyCF_ONLY_AST")),
        _ if only_ast => {
            return Err(vm.new_value_error("compile() mode must be 'exec', 'eval', 'single' or 'func_type'"))
        }
        _ => return Err(vm.new_value_error("compile() mode must be 'exec', 'eval' or 'single'")),
    };
    let text = match src.payload() {
        Some(Payload::Str(s)) => s.as_str().to_string(),
        Some(Payload::Bytes(b)) => compiler::decode_source(b, &filename).map_err(|e| vm.syntax_error_from(&e))?,
        _ if vm.is_ast_object(&src) => {
            return if only_ast { Ok(src) } else { vm.compile_ast_object(&src, &filename, &mode) };
        }
        _ => return Err(vm.new_type_error("compile() arg 1 must be a string, bytes or AST object")),
    };
    if only_ast {
        return vm.parse_to_ast(&text, &filename, ast_mode);
    }
    // (The compiler ends 'exec' input with a newline, as CPython's tokenizer does.)
    let mode = match ast_mode {
        compiler::AstMode::Eval => compiler::Mode::Eval,
        compiler::AstMode::Single => compiler::Mode::Single,
        _ => compiler::Mode::Exec,
    };
    let code = vm.compile_source(&text, &filename, mode)?;
    Ok(Value::Obj(Object::new(vm.types.code.clone(), Payload::Code(code))))
}

fn b_import(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [name, globals, _locals, fromlist, level] =
        args.bind(vm, "__import__", ["name", "globals", "locals", "fromlist", "level"], 1)?;
    let name = name.unwrap();
    let level = level.map(|l| vm.to_i64_index(&l)).transpose()?.unwrap_or(0);
    let globals = globals.and_then(|g| g.as_obj().cloned());
    vm.import_module_level(&name, globals.as_ref(), &fromlist.unwrap_or(Value::None), level)
}

/// `locals()`: the locals mapping of module and class bodies; in a function, a new dict of
/// its bound local and free variables (a snapshot, as in CPython 3.11).
fn b_locals(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "locals", 0)?;
    vm.current_locals().ok_or_else(|| vm.new_runtime_error("locals(): no current frame"))
}

impl Vm {
    pub fn current_locals(&mut self) -> Option<Value> {
        // SAFETY: as in `current_globals`: null or the executing frame.
        let f = unsafe { self.frame_ptr.as_ref() }?;
        if let Some(l) = &f.locals {
            return Some(l.clone());
        }
        let code = f.code.clone();
        let mut pairs: Vec<(Value, Value)> = Vec::new();
        for (i, v) in f.fastlocals.iter().enumerate() {
            if let Some(v) = v {
                pairs.push((code.varnames[i].clone(), v.clone()));
            }
        }
        let names: Vec<std::rc::Rc<str>> =
            code.code.co_cellvars.iter().chain(code.code.co_freevars.iter()).cloned().collect();
        for (i, cell) in f.cells.iter().enumerate() {
            if let (Payload::Cell(c), Some(n)) = (&cell.payload, names.get(i)) {
                if let Some(v) = c.borrow().clone() {
                    pairs.push((Value::Obj(self.intern(n)), v));
                }
            }
        }
        let d = self.new_dict();
        for (k, v) in pairs {
            let name = k.as_str().map(|s| s.as_str().to_string()).unwrap_or_default();
            self.dict_set_str(&d, &name, v);
        }
        Some(Value::Obj(d))
    }
}

fn b_open(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::io::open(vm, args)
}

fn b_super(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let st = Value::Obj(vm.types.super_.clone());
    let mut all = vec![st.clone()];
    all.extend_from_slice(args.args);
    vm.call(&st, Args { args: &all[1..], kwnames: args.kwnames })
}

/// `breakpoint(*args, **kws)`: whatever `sys.breakpointhook` does.
fn b_breakpoint(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match vm.sys_attr("breakpointhook") {
        Some(hook) => vm.call(&hook, args),
        None => Err(vm.new_runtime_error("lost sys.breakpointhook")),
    }
}

fn list_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = args.args[0].as_obj().cloned().unwrap();
    let td = cls.as_type().unwrap();
    let obj = if td.instance_dict.get() {
        Object::with_dict(cls.clone(), Payload::List(RefCell::new(Vec::new())), vm.new_dict())
    } else {
        Object::new(cls.clone(), Payload::List(RefCell::new(Vec::new())))
    };
    Ok(Value::Obj(obj))
}

fn list_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = Args { args: &args.args[1..], kwnames: args.kwnames };
    if !a.kwnames.is_empty() {
        return Err(vm.new_type_error("list() takes no keyword arguments"));
    }
    let pos = a.range(vm, "list", 0, 1)?;
    let items = match pos.first() {
        Some(v) => vm.sequence_list(v)?,
        None => Vec::new(),
    };
    if let Some(Payload::List(l)) = args.args[0].payload() {
        *l.borrow_mut() = items;
    }
    Ok(Value::None)
}

fn tuple_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = args.args[0].as_obj().cloned().unwrap();
    let a = Args { args: &args.args[1..], kwnames: args.kwnames };
    if !a.kwnames.is_empty() {
        return Err(vm.new_type_error("tuple() takes no keyword arguments"));
    }
    let pos = a.range(vm, "tuple", 0, 1)?;
    if let Some(v) = pos.first() {
        if std::rc::Rc::ptr_eq(&cls, &vm.types.tuple)
            && matches!(v.payload(), Some(Payload::Tuple(_)))
            && !vm.type_of(v).as_type().unwrap().is_heap()
        {
            return Ok(v.clone());
        }
    }
    let items = match pos.first() {
        Some(v) => vm.sequence_list(v)?,
        None => Vec::new(),
    };
    let td = cls.as_type().unwrap();
    Ok(Value::Obj(if td.instance_dict.get() {
        Object::with_dict(cls.clone(), Payload::Tuple(items.into()), vm.new_dict())
    } else {
        Object::new(cls.clone(), Payload::Tuple(items.into()))
    }))
}

fn dict_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = args.args[0].as_obj().cloned().unwrap();
    let td = cls.as_type().unwrap();
    let p = Payload::Dict(RefCell::new(crate::dict::DictData::new()));
    Ok(Value::Obj(if td.instance_dict.get() {
        Object::with_dict(cls.clone(), p, vm.new_dict())
    } else {
        Object::new(cls.clone(), p)
    }))
}

fn dict_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let given = args.pos().len().saturating_sub(1);
    if given > 1 {
        return Err(vm.new_type_error(format!("dict expected at most 1 argument, got {given}")));
    }
    let upd = vm.getattr_str(&Value::Obj(vm.types.dict.clone()), "update")?;
    vm.call(&upd, args)?;
    Ok(Value::None)
}

fn dict_fromkeys(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "fromkeys", 1, 2)?;
    let d = vm.call(&a[0], Args::new(&[]))?;
    let v = a.get(2).cloned().unwrap_or(Value::None);
    for k in vm.collect(&a[1])? {
        vm.setitem(&d, k, v.clone())?;
    }
    Ok(d)
}

fn set_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = args.args[0].as_obj().cloned().unwrap();
    let a = Args { args: &args.args[1..], kwnames: args.kwnames };
    let frozen = types::is_subtype(&cls, &vm.types.frozenset);
    let name = if frozen { "frozenset" } else { "set" };
    if !a.kwnames.is_empty() {
        return Err(vm.new_type_error(format!("{name}() takes no keyword arguments")));
    }
    let pos = a.range(vm, name, 0, 1)?;
    // A set is filled by __init__ (so subclasses can change that); a frozenset here.
    let data = match pos.first() {
        Some(v) if frozen => set_data_from(vm, v)?,
        _ => crate::set::SetData::new(),
    };
    let td = cls.as_type().unwrap();
    let p =
        if frozen { Payload::FrozenSet(data, std::cell::Cell::new(None)) } else { Payload::Set(RefCell::new(data)) };
    Ok(Value::Obj(if td.instance_dict.get() {
        Object::with_dict(cls.clone(), p, vm.new_dict())
    } else {
        Object::new(cls.clone(), p)
    }))
}

/// Builds set data as `set(iterable)` does (`set_update_internal`): sets merge, dicts pre-size.
pub fn set_data_from(vm: &mut Vm, v: &Value) -> PyResult<crate::set::SetData> {
    if let Some(o) = v.as_obj() {
        let mut d = crate::set::SetData::new();
        if crate::set::with_set_data(o, |src| d.merge(src)).is_some() {
            return Ok(d);
        }
        if let Payload::Dict(dd) = &o.payload {
            let items = dd.borrow().iter().map(|e| (e.hash, e.key.clone())).collect::<Vec<_>>();
            d.reserve_for(items.len());
            let cell = RefCell::new(d);
            for (h, k) in items {
                crate::set::add_hashed(vm, &cell, k, h)?;
            }
            return Ok(cell.into_inner());
        }
    }
    let items = vm.collect(v)?;
    crate::set::build(vm, items)
}

fn set_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if !args.kwnames.is_empty() {
        return Err(vm.new_type_error("set() takes no keyword arguments"));
    }
    args.rest().range(vm, "set", 0, 1)?;
    if let Some(Payload::Set(s)) = args.args[0].payload() {
        if let Some(v) = args.args.get(1) {
            if !args.args[0].is(v) {
                let data = set_data_from(vm, v)?;
                *s.borrow_mut() = data;
            }
        }
    }
    Ok(Value::None)
}

pub fn init(vm: &mut Vm) {
    let fns: &[(&'static str, NativeFn)] = &[
        ("print", b_print),
        ("len", b_len),
        ("repr", b_repr),
        ("ascii", b_ascii),
        ("format", b_format),
        ("isinstance", b_isinstance),
        ("issubclass", b_issubclass),
        ("getattr", b_getattr),
        ("setattr", b_setattr),
        ("delattr", b_delattr),
        ("hasattr", b_hasattr),
        ("id", b_id),
        ("hash", b_hash),
        ("iter", b_iter),
        ("next", b_next),
        ("abs", b_abs),
        ("min", b_min),
        ("max", b_max),
        ("sum", b_sum),
        ("any", b_any),
        ("all", b_all),
        ("sorted", b_sorted),
        ("chr", b_chr),
        ("ord", b_ord),
        ("hex", b_hex),
        ("oct", b_oct),
        ("bin", b_bin),
        ("divmod", b_divmod),
        ("pow", b_pow),
        ("round", b_round),
        ("callable", b_callable),
        ("globals", b_globals),
        ("locals", b_locals),
        ("dir", b_dir),
        ("vars", b_vars),
        ("aiter", crate::sitebuiltins::b_aiter),
        ("anext", crate::sitebuiltins::b_anext),
        ("input", b_input),
        ("exec", b_exec),
        ("eval", b_eval),
        ("compile", b_compile),
        ("__import__", b_import),
        ("open", b_open),
        ("breakpoint", b_breakpoint),
    ];
    for (n, f) in fns {
        vm.add_builtin_fn(n, *f);
    }
    let _ = b_super;
    let t = vm.types.list.clone();
    vm.add_static(&t, "__new__", list_new);
    vm.add_methods(&t, &[("__init__", list_init, "Initialize self.  See help(type(self)) for accurate signature.")]);
    let t = vm.types.tuple.clone();
    vm.add_static(&t, "__new__", tuple_new);
    let t = vm.types.dict.clone();
    vm.add_static(&t, "__new__", dict_new);
    vm.add_methods(&t, &[("__init__", dict_init, "Initialize self.  See help(type(self)) for accurate signature.")]);
    vm.add_classmethod_descr(&t, "fromkeys", dict_fromkeys);
    for t in [vm.types.set.clone(), vm.types.frozenset.clone()] {
        vm.add_static(&t, "__new__", set_new);
    }
    vm.add_methods(
        &vm.types.set.clone(),
        &[("__init__", set_init, "Initialize self.  See help(type(self)) for accurate signature.")],
    );
    // reversed/enumerate/zip/map/filter are types whose __new__ builds the iterator.
    vm.add_static(&vm.types.enumerate.clone(), "__new__", b_enumerate);
    vm.add_static(&vm.types.zip.clone(), "__new__", b_zip);
    vm.add_static(&vm.types.map.clone(), "__new__", b_map);
    vm.add_static(&vm.types.filter.clone(), "__new__", b_filter);
    vm.add_static(&vm.types.reversed.clone(), "__new__", reversed_new);
}
