//! Stdlib stage: the `itertools` module — every iterator of CPython 3.11's module (`count`,
//! `cycle`, `repeat`, `accumulate`, `chain`, `compress`, `dropwhile`, `filterfalse`, `groupby`,
//! `islice`, `pairwise`, `starmap`, `takewhile`, `tee`, `zip_longest`, `product`,
//! `permutations`, `combinations`, `combinations_with_replacement`) as a lazy native type with
//! CPython's argument handling and messages. While a step runs, the iterator's state is moved
//! out of its cell, so Python code re-entering the same iterator gets an error, never a panic.

use crate::native::{self, new_args, new_instance};
use std::cell::RefCell;
use std::rc::Rc;
use vm::func::{Args, NativeFn};
use vm::objects::int::int_view;
use vm::types::Layout;
use vm::value::{Payload, PyRef, Value};
use vm::{PyResult, Vm};

/// A link of the buffer shared by `tee` iterators: the value after this point, once fetched.
struct TeeLink {
    next: RefCell<Option<(Value, Rc<TeeLink>)>>,
}

/// The state of every itertools iterator.
enum It {
    /// A step is running (the state is moved out meanwhile).
    Running,
    Count {
        cur: Value,
        step: Value,
    },
    Cycle {
        it: Option<Value>,
        saved: Vec<Value>,
        idx: usize,
    },
    Repeat {
        obj: Value,
        left: Option<i64>,
    },
    Accumulate {
        it: Value,
        func: Value,
        total: Option<Value>,
        initial: Option<Value>,
    },
    Chain {
        source: Option<Value>,
        active: Option<Value>,
    },
    Compress {
        data: Value,
        sel: Value,
    },
    DropWhile {
        pred: Value,
        it: Value,
        dropping: bool,
    },
    TakeWhile {
        pred: Value,
        it: Value,
        stopped: bool,
    },
    FilterFalse {
        pred: Value,
        it: Value,
    },
    GroupBy {
        it: Value,
        key: Value,
        tgtkey: Option<Value>,
        currkey: Option<Value>,
        currvalue: Option<Value>,
        gen: u64,
    },
    Grouper {
        parent: Value,
        tgtkey: Value,
        gen: u64,
    },
    ISlice {
        it: Option<Value>,
        next: i64,
        stop: Option<i64>,
        step: i64,
        cnt: i64,
    },
    Pairwise {
        it: Option<Value>,
        old: Option<Value>,
    },
    StarMap {
        func: Value,
        it: Value,
    },
    Tee {
        it: Value,
        pos: Rc<TeeLink>,
    },
    ZipLongest {
        its: Vec<Option<Value>>,
        fill: Value,
        active: usize,
    },
    Product {
        pools: Vec<Vec<Value>>,
        indices: Vec<usize>,
        first: bool,
        done: bool,
    },
    Permutations {
        pool: Vec<Value>,
        r: usize,
        indices: Vec<usize>,
        cycles: Vec<usize>,
        first: bool,
        done: bool,
    },
    Combinations {
        pool: Vec<Value>,
        indices: Vec<usize>,
        first: bool,
        done: bool,
    },
    CombWithRep {
        pool: Vec<Value>,
        indices: Vec<usize>,
        first: bool,
        done: bool,
    },
}

vm::gil_local! {
    static TYPES: RefCell<Vec<(&'static str, PyRef)>> = const { RefCell::new(Vec::new()) };
}

fn type_named(name: &str) -> PyRef {
    TYPES.with(|t| t.borrow().iter().find(|(n, _)| *n == name).map(|(_, t)| t.clone()).expect("itertools type"))
}

fn make(vm: &Vm, cls: &PyRef, st: It) -> Value {
    new_instance(vm, cls, st)
}

fn it_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    match next_value(vm, &this)? {
        Some(v) => Ok(v),
        None => Err(vm.new_stop_iteration(Value::None)),
    }
}

fn next_value(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let Some(cell) = native::state::<It>(this) else {
        return Err(vm.new_type_error(format!("'{}' object is not an itertools iterator", vm.type_name(this))));
    };
    let mut st = cell.replace(It::Running);
    let r = step(vm, &mut st);
    cell.replace(st);
    r
}

fn tuple_of(vm: &Vm, pool: &[Value], indices: &[usize]) -> Value {
    vm.new_tuple(indices.iter().map(|&i| pool[i].clone()).collect::<Vec<_>>())
}

fn step(vm: &mut Vm, st: &mut It) -> PyResult<Option<Value>> {
    match st {
        It::Running => Err(vm.new_value_error("generator already executing")),
        It::Count { cur, step } => {
            let out = cur.clone();
            let nxt = match (&*cur, &*step) {
                (Value::Int(a), Value::Int(b)) if a.checked_add(*b).is_some() => Value::Int(a + b),
                _ => vm.binary_op(cur, step, bytecode::opcode::NB_ADD)?,
            };
            *cur = nxt;
            Ok(Some(out))
        }
        It::Cycle { it, saved, idx } => {
            if let Some(i) = it.clone() {
                match vm.next(&i)? {
                    Some(v) => {
                        saved.push(v.clone());
                        return Ok(Some(v));
                    }
                    None => *it = None,
                }
            }
            if saved.is_empty() {
                return Ok(None);
            }
            let v = saved[*idx].clone();
            *idx = (*idx + 1) % saved.len();
            Ok(Some(v))
        }
        It::Repeat { obj, left } => match left {
            None => Ok(Some(obj.clone())),
            Some(0) => Ok(None),
            Some(n) => {
                *n -= 1;
                Ok(Some(obj.clone()))
            }
        },
        It::Accumulate { it, func, total, initial } => {
            if let Some(i) = initial.take() {
                *total = Some(i.clone());
                return Ok(Some(i));
            }
            let Some(v) = vm.next(it)? else { return Ok(None) };
            let t = match total.take() {
                None => v,
                Some(t) if func.is_none() => vm.binary_op(&t, &v, bytecode::opcode::NB_ADD)?,
                Some(t) => vm.call(func, Args::new(&[t, v]))?,
            };
            *total = Some(t.clone());
            Ok(Some(t))
        }
        It::Chain { source, active } => loop {
            if let Some(a) = active.clone() {
                match vm.next(&a)? {
                    Some(v) => return Ok(Some(v)),
                    None => *active = None,
                }
            }
            let Some(src) = source.clone() else { return Ok(None) };
            match vm.next(&src)? {
                Some(iterable) => *active = Some(vm.iter(&iterable)?),
                None => {
                    *source = None;
                    return Ok(None);
                }
            }
        },
        It::Compress { data, sel } => loop {
            let Some(d) = vm.next(data)? else { return Ok(None) };
            let Some(s) = vm.next(sel)? else { return Ok(None) };
            if vm.truthy(&s)? {
                return Ok(Some(d));
            }
        },
        It::DropWhile { pred, it, dropping } => loop {
            let Some(v) = vm.next(it)? else { return Ok(None) };
            if !*dropping {
                return Ok(Some(v));
            }
            let r = vm.call(pred, Args::new(std::slice::from_ref(&v)))?;
            if !vm.truthy(&r)? {
                *dropping = false;
                return Ok(Some(v));
            }
        },
        It::TakeWhile { pred, it, stopped } => {
            if *stopped {
                return Ok(None);
            }
            let Some(v) = vm.next(it)? else { return Ok(None) };
            let r = vm.call(pred, Args::new(std::slice::from_ref(&v)))?;
            if vm.truthy(&r)? {
                return Ok(Some(v));
            }
            *stopped = true;
            Ok(None)
        }
        It::FilterFalse { pred, it } => loop {
            let Some(v) = vm.next(it)? else { return Ok(None) };
            let keep = if pred.is_none() || pred.is(&Value::Obj(vm.types.bool_.clone())) {
                vm.truthy(&v)?
            } else {
                let r = vm.call(pred, Args::new(std::slice::from_ref(&v)))?;
                vm.truthy(&r)?
            };
            if !keep {
                return Ok(Some(v));
            }
        },
        It::GroupBy { .. } => groupby_next(vm, st),
        It::Grouper { parent, tgtkey, gen } => {
            let (parent, tgtkey, gen) = (parent.clone(), tgtkey.clone(), *gen);
            let Some(cell) = native::state::<It>(&parent) else { return Ok(None) };
            let mut pst = cell.replace(It::Running);
            let r = grouper_step(vm, &mut pst, &tgtkey, gen);
            cell.replace(pst);
            r
        }
        It::ISlice { it, next, stop, step, cnt } => {
            let Some(i) = it.clone() else { return Ok(None) };
            while *cnt < *next {
                if vm.next(&i)?.is_none() {
                    *it = None;
                    return Ok(None);
                }
                *cnt += 1;
            }
            if let Some(s) = stop {
                if *cnt >= *s {
                    *it = None;
                    return Ok(None);
                }
            }
            let Some(v) = vm.next(&i)? else {
                *it = None;
                return Ok(None);
            };
            *cnt += 1;
            let old = *next;
            *next = next.saturating_add(*step);
            if let Some(s) = stop {
                if *next < old || *next > *s {
                    *next = *s;
                }
            }
            Ok(Some(v))
        }
        It::Pairwise { it, old } => {
            let Some(i) = it.clone() else { return Ok(None) };
            if old.is_none() {
                match vm.next(&i)? {
                    Some(v) => *old = Some(v),
                    None => {
                        *it = None;
                        return Ok(None);
                    }
                }
            }
            let Some(new) = vm.next(&i)? else {
                *it = None;
                *old = None;
                return Ok(None);
            };
            let prev = old.replace(new.clone()).unwrap();
            Ok(Some(vm.new_tuple(vec![prev, new])))
        }
        It::StarMap { func, it } => {
            let Some(v) = vm.next(it)? else { return Ok(None) };
            let a = match v.payload() {
                Some(Payload::Tuple(t)) => t.to_vec(),
                _ => vm.collect(&v)?,
            };
            Ok(Some(vm.call(func, Args::new(&a))?))
        }
        It::Tee { it, pos } => {
            let known = pos.next.borrow().clone();
            let (v, link) = match known {
                Some(x) => x,
                None => {
                    let Some(v) = vm.next(it)? else { return Ok(None) };
                    // Another tee may have fetched meanwhile (re-entrancy): append after it.
                    let link = Rc::new(TeeLink { next: RefCell::new(None) });
                    *pos.next.borrow_mut() = Some((v.clone(), link.clone()));
                    (v, link)
                }
            };
            *pos = link;
            Ok(Some(v))
        }
        It::ZipLongest { its, fill, active } => {
            if *active == 0 {
                return Ok(None);
            }
            let mut out = Vec::with_capacity(its.len());
            for i in 0..its.len() {
                let Some(it) = its[i].clone() else {
                    out.push(fill.clone());
                    continue;
                };
                match vm.next(&it)? {
                    Some(v) => out.push(v),
                    None => {
                        *active -= 1;
                        if *active == 0 {
                            its.iter_mut().for_each(|x| *x = None);
                            return Ok(None);
                        }
                        its[i] = None;
                        out.push(fill.clone());
                    }
                }
            }
            Ok(Some(vm.new_tuple(out)))
        }
        It::Product { pools, indices, first, done } => {
            if *done {
                return Ok(None);
            }
            if *first {
                *first = false;
            } else {
                let mut i = pools.len();
                loop {
                    if i == 0 {
                        *done = true;
                        return Ok(None);
                    }
                    i -= 1;
                    indices[i] += 1;
                    if indices[i] == pools[i].len() {
                        indices[i] = 0;
                    } else {
                        break;
                    }
                }
            }
            let items: Vec<Value> = pools.iter().zip(indices.iter()).map(|(p, &i)| p[i].clone()).collect();
            Ok(Some(vm.new_tuple(items)))
        }
        It::Permutations { pool, r, indices, cycles, first, done } => {
            if *done {
                return Ok(None);
            }
            let n = pool.len();
            let r = *r;
            if *first {
                *first = false;
                return Ok(Some(tuple_of(vm, pool, &indices[..r])));
            }
            if n == 0 {
                *done = true;
                return Ok(None);
            }
            let mut i = r;
            loop {
                if i == 0 {
                    *done = true;
                    return Ok(None);
                }
                i -= 1;
                cycles[i] -= 1;
                if cycles[i] == 0 {
                    let x = indices.remove(i);
                    indices.push(x);
                    cycles[i] = n - i;
                } else {
                    let j = cycles[i];
                    indices.swap(i, n - j);
                    return Ok(Some(tuple_of(vm, pool, &indices[..r])));
                }
            }
        }
        It::Combinations { pool, indices, first, done } => {
            if *done {
                return Ok(None);
            }
            if *first {
                *first = false;
                return Ok(Some(tuple_of(vm, pool, indices)));
            }
            let (n, r) = (pool.len(), indices.len());
            let mut i = r;
            loop {
                if i == 0 {
                    *done = true;
                    return Ok(None);
                }
                i -= 1;
                if indices[i] != i + n - r {
                    break;
                }
            }
            indices[i] += 1;
            for j in i + 1..r {
                indices[j] = indices[j - 1] + 1;
            }
            Ok(Some(tuple_of(vm, pool, indices)))
        }
        It::CombWithRep { pool, indices, first, done } => {
            if *done {
                return Ok(None);
            }
            if *first {
                *first = false;
                return Ok(Some(tuple_of(vm, pool, indices)));
            }
            let (n, r) = (pool.len(), indices.len());
            let mut i = r;
            loop {
                if i == 0 {
                    *done = true;
                    return Ok(None);
                }
                i -= 1;
                if indices[i] != n - 1 {
                    break;
                }
            }
            let v = indices[i] + 1;
            for x in indices[i..].iter_mut() {
                *x = v;
            }
            Ok(Some(tuple_of(vm, pool, indices)))
        }
    }
}

/// Advances a groupby to its next value: `currkey`/`currvalue` (`groupby_step`).
fn groupby_step(vm: &mut Vm, st: &mut It) -> PyResult<bool> {
    let It::GroupBy { it, key, currkey, currvalue, .. } = st else { return Ok(false) };
    let (it, key) = (it.clone(), key.clone());
    let Some(v) = vm.next(&it)? else { return Ok(false) };
    let k = if key.is_none() { v.clone() } else { vm.call(&key, Args::new(std::slice::from_ref(&v)))? };
    *currkey = Some(k);
    *currvalue = Some(v);
    Ok(true)
}

fn groupby_next(vm: &mut Vm, st: &mut It) -> PyResult<Option<Value>> {
    if let It::GroupBy { gen, .. } = st {
        *gen += 1;
    }
    loop {
        let It::GroupBy { tgtkey, currkey, .. } = st else { return Ok(None) };
        match (currkey.clone(), tgtkey.clone()) {
            (None, _) => {}
            (Some(_), None) => break,
            (Some(c), Some(t)) => {
                if !vm.eq(&t, &c)? {
                    break;
                }
            }
        }
        if !groupby_step(vm, st)? {
            return Ok(None);
        }
    }
    let It::GroupBy { tgtkey, currkey, gen, .. } = st else { return Ok(None) };
    let k = currkey.clone().unwrap();
    *tgtkey = Some(k.clone());
    let gen = *gen;
    // The grouper is made by the caller (`groupby_next_m`), which knows `self`.
    Ok(Some(vm.new_tuple(vec![k, Value::Int(gen as i64)])))
}

fn grouper_step(vm: &mut Vm, pst: &mut It, tgtkey: &Value, gen: u64) -> PyResult<Option<Value>> {
    let It::GroupBy { gen: pgen, currvalue, .. } = pst else { return Ok(None) };
    if *pgen != gen {
        return Ok(None);
    }
    if currvalue.is_none() && !groupby_step(vm, pst)? {
        return Ok(None);
    }
    let It::GroupBy { currkey, currvalue, .. } = pst else { return Ok(None) };
    let ck = currkey.clone().unwrap();
    if !vm.eq(tgtkey, &ck)? {
        return Ok(None);
    }
    Ok(currvalue.take())
}

/// `groupby.__next__`: `(key, grouper)`.
fn groupby_next_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let Some(r) = next_value(vm, &this)? else { return Err(vm.new_stop_iteration(Value::None)) };
    // `r` is (key, generation) from `groupby_next`; build the grouper bound to `this`.
    let Some(Payload::Tuple(t)) = r.payload() else { return Ok(r) };
    let key = t[0].clone();
    let Value::Int(gen) = t[1] else { return Ok(r) };
    let g = make(vm, &type_named("_grouper"), It::Grouper { parent: this, tgtkey: key.clone(), gen: gen as u64 });
    Ok(vm.new_tuple(vec![key, g]))
}

fn is_number(vm: &Vm, v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_) | Value::Float(_))
        || matches!(v.payload(), Some(Payload::Int(_) | Payload::Float(_) | Payload::Complex(..)))
        || ["__index__", "__int__", "__float__", "__complex__"].iter().any(|m| vm.lookup_special(v, m).is_some())
}

fn count_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, a) = new_args(&args);
    let [start, step] = a.bind(vm, "count", ["start", "step"], 0)?;
    let start = start.unwrap_or(Value::Int(0));
    let step = step.unwrap_or(Value::Int(1));
    if !is_number(vm, &start) || !is_number(vm, &step) {
        return Err(vm.new_type_error("a number is required"));
    }
    Ok(make(vm, &cls, It::Count { cur: start, step }))
}

fn count_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let (cur, step) = match native::state::<It>(this).map(|c| match &*c.borrow() {
        It::Count { cur, step } => Some((cur.clone(), step.clone())),
        _ => None,
    }) {
        Some(Some(x)) => x,
        _ => return Err(native::wrong_self(vm, this, "itertools.count")),
    };
    let name = vm.short_type_name(this);
    let c = vm.repr_string(&cur)?;
    if matches!(step, Value::Int(1)) {
        return Ok(vm.new_str(format!("{name}({c})")));
    }
    let s = vm.repr_string(&step)?;
    Ok(vm.new_str(format!("{name}({c}, {s})")))
}

fn cycle_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, a) = new_args(&args);
    let p = exact_pos(vm, &a, "cycle", 1)?;
    let it = vm.iter(&p[0])?;
    Ok(make(vm, &cls, It::Cycle { it: Some(it), saved: Vec::new(), idx: 0 }))
}

fn repeat_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, a) = new_args(&args);
    let [obj, times] = a.bind(vm, "repeat", ["object", "times"], 1)?;
    let left = match times {
        None => None,
        Some(t) => Some(vm.to_i64_index(&t)?.max(0)),
    };
    Ok(make(vm, &cls, It::Repeat { obj: obj.unwrap(), left }))
}

fn repeat_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let Some(Some((obj, left))) = native::state::<It>(this).map(|c| match &*c.borrow() {
        It::Repeat { obj, left } => Some((obj.clone(), *left)),
        _ => None,
    }) else {
        return Err(native::wrong_self(vm, this, "itertools.repeat"));
    };
    let name = vm.short_type_name(this);
    let o = vm.repr_string(&obj)?;
    Ok(vm.new_str(match left {
        None => format!("{name}({o})"),
        Some(n) => format!("{name}({o}, {n})"),
    }))
}

fn repeat_length_hint(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match native::state::<It>(&args.args[0]).map(|c| match &*c.borrow() {
        It::Repeat { left, .. } => *left,
        _ => None,
    }) {
        Some(Some(n)) => Ok(Value::Int(n)),
        _ => Err(vm.new_type_error("len() of unsized object")),
    }
}

fn accumulate_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, a) = new_args(&args);
    let [iterable, func, initial] = a.bind(vm, "accumulate", ["iterable", "func", "initial"], 1)?;
    let it = vm.iter(&iterable.unwrap())?;
    let initial = initial.filter(|i| !i.is_none());
    Ok(make(vm, &cls, It::Accumulate { it, func: func.unwrap_or(Value::None), total: None, initial }))
}

fn chain_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, a) = new_args(&args);
    a.no_kwargs(vm, "chain")?;
    let t = vm.new_tuple(a.pos().to_vec());
    let source = vm.iter(&t)?;
    Ok(make(vm, &cls, It::Chain { source: Some(source), active: None }))
}

fn chain_from_iterable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "from_iterable", 2)?;
    let cls = a[0].as_obj().cloned().unwrap();
    let source = vm.iter(&a[1])?;
    Ok(make(vm, &cls, It::Chain { source: Some(source), active: None }))
}

fn compress_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, a) = new_args(&args);
    let [data, sel] = a.bind(vm, "compress", ["data", "selectors"], 2)?;
    let data = vm.iter(&data.unwrap())?;
    let sel = vm.iter(&sel.unwrap())?;
    Ok(make(vm, &cls, It::Compress { data, sel }))
}

/// Exactly `n` positional arguments, no keywords (`_PyArg_CheckPositional` wording).
fn exact_pos<'a>(vm: &Vm, a: &Args<'a>, name: &str, n: usize) -> PyResult<&'a [Value]> {
    a.no_kwargs(vm, name)?;
    let p = a.pos();
    if p.len() != n {
        return Err(vm.new_type_error(format!(
            "{name} expected {n} argument{}, got {}",
            if n == 1 { "" } else { "s" },
            p.len()
        )));
    }
    Ok(p)
}

fn two_pos(vm: &mut Vm, a: &Args, name: &str) -> PyResult<(Value, Value)> {
    let p = exact_pos(vm, a, name, 2)?;
    Ok((p[0].clone(), p[1].clone()))
}

fn dropwhile_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, a) = new_args(&args);
    let (pred, seq) = two_pos(vm, &a, "dropwhile")?;
    let it = vm.iter(&seq)?;
    Ok(make(vm, &cls, It::DropWhile { pred, it, dropping: true }))
}

fn takewhile_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, a) = new_args(&args);
    let (pred, seq) = two_pos(vm, &a, "takewhile")?;
    let it = vm.iter(&seq)?;
    Ok(make(vm, &cls, It::TakeWhile { pred, it, stopped: false }))
}

fn filterfalse_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, a) = new_args(&args);
    let (pred, seq) = two_pos(vm, &a, "filterfalse")?;
    let it = vm.iter(&seq)?;
    Ok(make(vm, &cls, It::FilterFalse { pred, it }))
}

fn starmap_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, a) = new_args(&args);
    let (func, seq) = two_pos(vm, &a, "starmap")?;
    let it = vm.iter(&seq)?;
    Ok(make(vm, &cls, It::StarMap { func, it }))
}

fn groupby_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, a) = new_args(&args);
    let [iterable, key] = a.bind(vm, "groupby", ["iterable", "key"], 1)?;
    let it = vm.iter(&iterable.unwrap())?;
    Ok(make(
        vm,
        &cls,
        It::GroupBy { it, key: key.unwrap_or(Value::None), tgtkey: None, currkey: None, currvalue: None, gen: 0 },
    ))
}

fn islice_index(vm: &mut Vm, v: &Value, msg: &str) -> PyResult<Option<i64>> {
    if v.is_none() {
        return Ok(None);
    }
    let bad = || vm.new_value_error(msg.to_string());
    if int_view(v).is_none() && vm.lookup_special(v, "__index__").is_none() {
        return Err(bad());
    }
    match vm.to_i64_index(v) {
        Ok(i) if i >= 0 => Ok(Some(i)),
        Ok(_) => Err(vm.new_value_error(msg.to_string())),
        Err(_) => Err(vm.new_value_error(msg.to_string())),
    }
}

fn islice_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, a) = new_args(&args);
    a.no_kwargs(vm, "islice")?;
    let p = a.range(vm, "islice", 2, 4)?;
    let stop_msg = "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    let idx_msg = "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    let (start, stop, step) = if p.len() == 2 {
        (0, islice_index(vm, &p[1], stop_msg)?, 1)
    } else {
        let start = islice_index(vm, &p[1], idx_msg)?.unwrap_or(0);
        let stop = islice_index(vm, &p[2], stop_msg)?;
        let step = match p.get(3) {
            None => 1,
            Some(s) if s.is_none() => 1,
            Some(s) => {
                let st = if int_view(s).is_some() || vm.lookup_special(s, "__index__").is_some() {
                    vm.to_i64_index(s).unwrap_or(0)
                } else {
                    0
                };
                if st < 1 {
                    return Err(vm.new_value_error("Step for islice() must be a positive integer or None."));
                }
                st
            }
        };
        (start, stop, step)
    };
    let it = vm.iter(&p[0])?;
    Ok(make(vm, &cls, It::ISlice { it: Some(it), next: start, stop, step, cnt: 0 }))
}

fn pairwise_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, a) = new_args(&args);
    let p = exact_pos(vm, &a, "pairwise", 1)?;
    let it = vm.iter(&p[0])?;
    Ok(make(vm, &cls, It::Pairwise { it: Some(it), old: None }))
}

fn zip_longest_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, a) = new_args(&args);
    let mut fill = Value::None;
    for (k, v) in a.kwargs() {
        if k == "fillvalue" {
            fill = v.clone();
        } else {
            return Err(vm.new_type_error("zip_longest() got an unexpected keyword argument"));
        }
    }
    let mut its = Vec::new();
    for x in a.pos() {
        its.push(Some(vm.iter(x)?));
    }
    let active = its.len();
    Ok(make(vm, &cls, It::ZipLongest { its, fill, active }))
}

fn product_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, a) = new_args(&args);
    let mut repeat = 1i64;
    for (k, v) in a.kwargs() {
        if k == "repeat" {
            repeat = vm.to_i64_index(v)?;
        } else {
            return Err(vm.new_type_error(format!("'{k}' is an invalid keyword argument for product()")));
        }
    }
    if repeat < 0 {
        return Err(vm.new_value_error("repeat argument cannot be negative"));
    }
    let mut base = Vec::new();
    for x in a.pos() {
        base.push(vm.collect(x)?);
    }
    let mut pools = Vec::new();
    for _ in 0..repeat {
        pools.extend(base.iter().cloned());
    }
    let done = pools.iter().any(|p| p.is_empty());
    let indices = vec![0; pools.len()];
    Ok(make(vm, &cls, It::Product { pools, indices, first: true, done }))
}

fn r_arg(vm: &mut Vm, v: &Value) -> PyResult<usize> {
    if int_view(v).is_none() {
        return Err(vm.new_type_error("Expected int as r".to_string()));
    }
    let r = vm.to_i64_index(v)?;
    if r < 0 {
        return Err(vm.new_value_error("r must be non-negative"));
    }
    Ok(r as usize)
}

fn permutations_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, a) = new_args(&args);
    let [iterable, r] = a.bind(vm, "permutations", ["iterable", "r"], 1)?;
    let pool = vm.collect(&iterable.unwrap())?;
    let n = pool.len();
    let r = match r.filter(|r| !r.is_none()) {
        None => n,
        Some(r) => r_arg(vm, &r)?,
    };
    let done = r > n;
    let indices: Vec<usize> = (0..n).collect();
    let cycles: Vec<usize> = if done { Vec::new() } else { (0..r).map(|i| n - i).collect() };
    Ok(make(vm, &cls, It::Permutations { pool, r, indices, cycles, first: true, done }))
}

fn combinations_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, a) = new_args(&args);
    let [iterable, r] = a.bind(vm, "combinations", ["iterable", "r"], 2)?;
    let pool = vm.collect(&iterable.unwrap())?;
    let r = r_arg(vm, &r.unwrap())?;
    let done = r > pool.len();
    let indices: Vec<usize> = (0..r).collect();
    Ok(make(vm, &cls, It::Combinations { pool, indices, first: true, done }))
}

fn cwr_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, a) = new_args(&args);
    let [iterable, r] = a.bind(vm, "combinations_with_replacement", ["iterable", "r"], 2)?;
    let pool = vm.collect(&iterable.unwrap())?;
    let r = r_arg(vm, &r.unwrap())?;
    let done = pool.is_empty() && r > 0;
    Ok(make(vm, &cls, It::CombWithRep { pool, indices: vec![0; r], first: true, done }))
}

fn tee_fn(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.no_kwargs(vm, "tee")?;
    let p = args.range(vm, "tee", 1, 2)?;
    let n = match p.get(1) {
        Some(v) => vm.to_i64_index(v)?,
        None => 2,
    };
    if n < 0 {
        return Err(vm.new_value_error("n must be >= 0"));
    }
    let tee_t = type_named("_tee");
    // Tee-ing a tee shares its buffer from its current position (as CPython's __copy__).
    let (it, pos) = match native::state::<It>(&p[0]).map(|c| match &*c.borrow() {
        It::Tee { it, pos } => Some((it.clone(), pos.clone())),
        _ => None,
    }) {
        Some(Some(x)) => x,
        _ => (vm.iter(&p[0])?, Rc::new(TeeLink { next: RefCell::new(None) })),
    };
    let items: Vec<Value> = (0..n).map(|_| make(vm, &tee_t, It::Tee { it: it.clone(), pos: pos.clone() })).collect();
    Ok(vm.new_tuple(items))
}

fn tee_copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let Some(Some((it, pos))) = native::state::<It>(this).map(|c| match &*c.borrow() {
        It::Tee { it, pos } => Some((it.clone(), pos.clone())),
        _ => None,
    }) else {
        return Err(native::wrong_self(vm, this, "itertools._tee"));
    };
    Ok(make(vm, &type_named("_tee"), It::Tee { it, pos }))
}

fn tee_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (_cls, a) = new_args(&args);
    let p = a.exact(vm, "_tee", 1)?;
    let t = tee_fn(vm, Args::new(&[p[0].clone(), Value::Int(1)]))?;
    Ok(match t.payload() {
        Some(Payload::Tuple(items)) => items[0].clone(),
        _ => t,
    })
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("itertools");
    let d = m.dict.get().unwrap();
    let types: &[(&'static str, Option<NativeFn>)] = &[
        ("count", Some(count_new)),
        ("cycle", Some(cycle_new)),
        ("repeat", Some(repeat_new)),
        ("accumulate", Some(accumulate_new)),
        ("chain", Some(chain_new)),
        ("compress", Some(compress_new)),
        ("dropwhile", Some(dropwhile_new)),
        ("filterfalse", Some(filterfalse_new)),
        ("groupby", Some(groupby_new)),
        ("_grouper", None),
        ("islice", Some(islice_new)),
        ("pairwise", Some(pairwise_new)),
        ("starmap", Some(starmap_new)),
        ("takewhile", Some(takewhile_new)),
        ("_tee", Some(tee_new)),
        ("zip_longest", Some(zip_longest_new)),
        ("product", Some(product_new)),
        ("permutations", Some(permutations_new)),
        ("combinations", Some(combinations_new)),
        ("combinations_with_replacement", Some(cwr_new)),
    ];
    let mut made = Vec::new();
    for (name, new) in types {
        let t = native::make_type(vm, "itertools", name, None, Layout::Native);
        let next: NativeFn = if *name == "groupby" { groupby_next_m } else { it_next };
        native::setup(
            vm,
            &t,
            *new,
            &[("__iter__", native::iter_self, "Implement iter(self)."), ("__next__", next, "Implement next(self).")],
        );
        match *name {
            "count" => vm.add_methods(&t, &[("__repr__", count_repr, "Return repr(self).")]),
            "repeat" => vm.add_methods(
                &t,
                &[
                    ("__repr__", repeat_repr, "Return repr(self)."),
                    ("__length_hint__", repeat_length_hint, "Private method returning an estimate of len(list(it))."),
                ],
            ),
            "chain" => native::add_classmethod(vm, &t, "from_iterable", chain_from_iterable),
            "_tee" => vm.add_methods(&t, &[("__copy__", tee_copy, "Returns an independent iterator.")]),
            _ => {}
        }
        vm.dict_set_str(&d, name, Value::Obj(t.clone()));
        made.push((*name, t));
    }
    TYPES.with(|t| *t.borrow_mut() = made);
    let tee = vm.new_native_fn("tee", tee_fn);
    vm.dict_set_str(&d, "tee", tee);
    Ok(m)
}
