//! Stdlib stage: `_sre`, the regular-expression engine under CPython's `re` package. CPython's
//! own `re/_compiler.py` compiles patterns to SRE code; this module runs that code with
//! `rustpython-sre_engine` and provides the `Pattern` and `Match` objects (match, fullmatch,
//! search, findall, finditer, sub/subn with `re._subx` templates, split; groups by index or
//! name) with CPython's results. Positions are code-point indexes, as in CPython.

use crate::native::{make_type, new_instance, state};
use rustpython_sre_engine::{Request, State};
use std::cell::RefCell;
use std::rc::Rc;
use vm::func::{Args, MethodDef, NativeFn};
use vm::types::Layout;
use vm::value::{Payload, PyRef, Value};
use vm::{PyResult, Vm};

/// CPython 3.11's `_sre.MAGIC`: `re/_compiler.py` refuses any other value.
const MAGIC: i64 = 20220615;

vm::gil_local! {
    static TYPES: RefCell<Option<(PyRef, PyRef)>> = const { RefCell::new(None) };
    /// The last long str/bytes subject converted, by identity, and the engine's view of it:
    /// a scanning loop (`pattern.match(s, pos)` over one long string, as json and tokenizers
    /// do) converts the string once, not on every call. The string is held weakly (its
    /// allocation cannot be reused while the `Weak` lives, so the address stays its identity).
    static LAST_SUBJECT: RefCell<Option<CachedSubject>> = const { RefCell::new(None) };
    static LAST_DRIVE: RefCell<Option<CachedDrive>> = const { RefCell::new(None) };
}

/// A subject string (held weakly: see `LAST_SUBJECT`) and its code points.
type CachedSubject = (std::rc::Weak<vm::value::Object>, Rc<[u32]>);
/// Code points and the engine's view of them.
type CachedDrive = (Rc<[u32]>, Rc<Drive>);

/// Subjects shorter than this are converted on every call (cheap, and caching them would
/// evict a long subject that a loop alternates with).
const CACHE_MIN_LEN: usize = 1024;

fn types() -> (PyRef, PyRef) {
    TYPES.with(|t| t.borrow().clone().expect("_sre initialised"))
}

struct PatternData {
    pattern: Value,
    flags: i64,
    code: Rc<[u32]>,
    groups: usize,
    groupindex: Value,
    indexgroup: Value,
    is_bytes: bool,
}

struct MatchData {
    pattern: Value,
    string: Value,
    text: Rc<[u32]>,
    pos: usize,
    endpos: usize,
    /// (start, end) per group; None when the group did not take part.
    spans: Vec<Option<(usize, usize)>>,
    lastindex: isize,
}

/// The character carrying code point `c` of a str subject (surrogates as their stand-ins).
fn code_char(c: u32) -> char {
    bytecode::surrogate::char_for(c).unwrap_or('\u{fffd}')
}

/// A subject string as code points (str) or bytes, for the engine's `&[u8]`/`&str` drives.
fn subject(vm: &mut Vm, v: &Value, is_bytes: bool) -> PyResult<Rc<[u32]>> {
    // str and bytes are immutable: a long one converted before is reused.
    let immutable_len = match v.payload() {
        Some(Payload::Str(s)) if !is_bytes => Some(s.as_str().len()),
        Some(Payload::Bytes(b)) if is_bytes => Some(b.len()),
        _ => None,
    };
    if let (Some(len), Value::Obj(o)) = (immutable_len, v) {
        if len >= CACHE_MIN_LEN {
            let hit = LAST_SUBJECT
                .with(|c| c.borrow().as_ref().and_then(|(w, t)| (w.as_ptr() == Rc::as_ptr(o)).then(|| t.clone())));
            if let Some(t) = hit {
                return Ok(t);
            }
            let t = convert_subject(vm, v, is_bytes)?;
            LAST_SUBJECT.with(|c| *c.borrow_mut() = Some((Rc::downgrade(o), t.clone())));
            return Ok(t);
        }
    }
    convert_subject(vm, v, is_bytes)
}

fn convert_subject(vm: &mut Vm, v: &Value, is_bytes: bool) -> PyResult<Rc<[u32]>> {
    match v.payload() {
        Some(Payload::Str(s)) if !is_bytes => Ok(s.code_points().collect()),
        Some(Payload::Bytes(b)) if is_bytes => Ok(b.iter().map(|&c| c as u32).collect()),
        Some(Payload::ByteArray(b)) if is_bytes => Ok(b.borrow().iter().map(|&c| c as u32).collect()),
        Some(Payload::Str(_)) => Err(vm.new_type_error("cannot use a bytes pattern on a string-like object")),
        Some(Payload::Bytes(_)) | Some(Payload::ByteArray(_)) => {
            Err(vm.new_type_error("cannot use a string pattern on a bytes-like object"))
        }
        // Other bytes-like objects (memoryview, mmap.mmap, array.array): their bytes, copied.
        _ => match vm::objects::memoryview::buffer_bytes(v) {
            Some(b) if is_bytes => Ok(b.iter().map(|&c| c as u32).collect()),
            Some(_) => Err(vm.new_type_error("cannot use a string pattern on a bytes-like object")),
            None => Err(vm.new_type_error(format!("expected string or bytes-like object, got '{}'", vm.type_name(v)))),
        },
    }
}

/// A successful match: each group's span (None if it did not take part) and `lastindex`.
type Found = (Vec<Option<(usize, usize)>>, isize);

/// The spans of a finished engine state: group 0 from start/cursor, group g from marks
/// 2(g-1) and 2(g-1)+1.
fn found(st: &State, groups: usize) -> Found {
    let mut spans = vec![Some((st.start, st.cursor.position))];
    for g in 1..=groups {
        let (a, b) = st.marks.get(g - 1);
        spans.push(match (a.into_option(), b.into_option()) {
            (Some(a), Some(b)) if a <= b => Some((a, b)),
            _ => None,
        });
    }
    (spans, st.marks.last_index())
}

fn pattern_of(v: &Value) -> Option<&RefCell<PatternData>> {
    state::<PatternData>(v)
}

/// Runs one match attempt. `mode`: 0 match, 1 fullmatch, 2 search.
fn run(pd: &PatternData, text: &Rc<[u32]>, pos: usize, endpos: usize, mode: u8) -> Option<Found> {
    match &*drive(text) {
        Drive::Latin1(b) => exec(pd, b.as_slice(), pos, endpos, mode),
        Drive::Text(s) => exec(pd, s.as_str(), pos, endpos, mode),
        Drive::Wtf8(w) => exec(pd, &**w, pos, endpos, mode),
    }
}

/// The engine's view of `text`, reused when `text` is the cached long subject.
fn drive(text: &Rc<[u32]>) -> Rc<Drive> {
    if text.len() < CACHE_MIN_LEN {
        return Rc::new(Drive::new(text));
    }
    let hit = LAST_DRIVE.with(|c| c.borrow().as_ref().and_then(|(t, d)| Rc::ptr_eq(t, text).then(|| d.clone())));
    if let Some(d) = hit {
        return d;
    }
    let d = Rc::new(Drive::new(text));
    LAST_DRIVE.with(|c| *c.borrow_mut() = Some((text.clone(), d.clone())));
    d
}

/// The subject as the engine drives over it. Positions are character indices, and only the
/// one-byte drive finds index `n` in O(1) (the `&str` ones walk from the start), so text whose
/// code points all fit a byte goes as bytes; WTF-8 keeps each lone surrogate a code point.
enum Drive {
    Latin1(Vec<u8>),
    Text(String),
    Wtf8(rustpython_wtf8::Wtf8Buf),
}

impl Drive {
    fn new(text: &[u32]) -> Drive {
        let max = text.iter().copied().max().unwrap_or(0);
        if max < 0x100 {
            Drive::Latin1(text.iter().map(|&c| c as u8).collect())
        } else if text.iter().any(|&c| bytecode::surrogate::is_surrogate(c)) {
            Drive::Wtf8(text.iter().map(|&c| rustpython_wtf8::CodePoint::from_u32(c).unwrap()).collect())
        } else {
            Drive::Text(text.iter().map(|&c| code_char(c)).collect())
        }
    }
}

fn exec<S: rustpython_sre_engine::string::StrDrive>(
    pd: &PatternData,
    s: S,
    pos: usize,
    endpos: usize,
    mode: u8,
) -> Option<Found> {
    let req = Request::new(s, pos, endpos, &pd.code, mode == 1);
    let mut st = State::default();
    let matched = if mode == 2 { st.search(req) } else { st.py_match(&req) };
    if !matched {
        return None;
    }
    Some(found(&st, pd.groups))
}

fn new_match(vm: &mut Vm, pat: &Value, string: &Value, text: Rc<[u32]>, pos: usize, endpos: usize, m: Found) -> Value {
    let (_, match_t) = types();
    let _ = vm;
    new_instance(
        vm,
        &match_t,
        MatchData { pattern: pat.clone(), string: string.clone(), text, pos, endpos, spans: m.0, lastindex: m.1 },
    )
}

fn pos_args(vm: &mut Vm, args: &Args, name: &str) -> PyResult<(Value, usize, usize)> {
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    let [string, pos, endpos] = rest.bind(vm, name, ["string", "pos", "endpos"], 1)?;
    let string = string.unwrap();
    let pos = match pos {
        Some(p) => vm.to_i64_index(&p)?.max(0) as usize,
        None => 0,
    };
    let endpos = match endpos {
        Some(p) => vm.to_i64_index(&p)?.max(0) as usize,
        None => usize::MAX,
    };
    Ok((string, pos, endpos))
}

fn match_mode(vm: &mut Vm, args: Args, name: &str, mode: u8) -> PyResult<Value> {
    let (string, pos, endpos) = pos_args(vm, &args, name)?;
    let pat = args.args[0].clone();
    let pd = pattern_of(&pat).ok_or_else(|| vm.new_type_error("descriptor requires a 're.Pattern' object"))?;
    let is_bytes = pd.borrow().is_bytes;
    let text = subject(vm, &string, is_bytes)?;
    let endpos = endpos.min(text.len());
    let found = run(&pd.borrow(), &text, pos.min(endpos), endpos, mode);
    Ok(match found {
        Some(m) => new_match(vm, &pat, &string, text, pos, endpos, m),
        None => Value::None,
    })
}

fn p_match(vm: &mut Vm, a: Args) -> PyResult<Value> {
    match_mode(vm, a, "match", 0)
}
fn p_fullmatch(vm: &mut Vm, a: Args) -> PyResult<Value> {
    match_mode(vm, a, "fullmatch", 1)
}
fn p_search(vm: &mut Vm, a: Args) -> PyResult<Value> {
    match_mode(vm, a, "search", 2)
}

/// All non-overlapping matches from `pos` (the `SearchIter` rule: an empty match may not
/// follow another at the same place).
fn all_matches(pd: &PatternData, text: &Rc<[u32]>, pos: usize, endpos: usize) -> Vec<Found> {
    match &*drive(text) {
        Drive::Latin1(b) => matches_in(pd, b.as_slice(), pos, endpos),
        Drive::Text(s) => matches_in(pd, s.as_str(), pos, endpos),
        Drive::Wtf8(w) => matches_in(pd, &**w, pos, endpos),
    }
}

fn matches_in<S: rustpython_sre_engine::string::StrDrive>(
    pd: &PatternData,
    s: S,
    pos: usize,
    endpos: usize,
) -> Vec<Found> {
    let mut out = Vec::new();
    let mut at = pos;
    let mut must_advance = false;
    while at <= endpos {
        let mut req = Request::new(s, at, endpos, &pd.code, false);
        req.must_advance = must_advance;
        let mut st = State::default();
        if !st.search(req) {
            break;
        }
        let (start, end) = (st.start, st.cursor.position);
        out.push(found(&st, pd.groups));
        must_advance = end == start;
        at = end;
    }
    out
}

fn slice_value(vm: &Vm, text: &[u32], is_bytes: bool, span: Option<(usize, usize)>, none: Value) -> Value {
    match span {
        None => none,
        Some((a, b)) => {
            if is_bytes {
                vm.new_bytes(text[a..b].iter().map(|&c| c as u8).collect::<Vec<u8>>())
            } else {
                vm.new_str(text[a..b].iter().map(|&c| code_char(c)).collect::<String>())
            }
        }
    }
}

fn p_findall(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (string, pos, endpos) = pos_args(vm, &args, "findall")?;
    let pd = pattern_of(&args.args[0]).unwrap();
    let (is_bytes, groups) = (pd.borrow().is_bytes, pd.borrow().groups);
    let text = subject(vm, &string, is_bytes)?;
    let endpos = endpos.min(text.len());
    let ms = all_matches(&pd.borrow(), &text, pos.min(endpos), endpos);
    let empty = if is_bytes { vm.new_bytes(Vec::new()) } else { vm.new_str("") };
    let items: Vec<Value> = ms
        .into_iter()
        .map(|(spans, _)| match groups {
            0 => slice_value(vm, &text, is_bytes, spans[0], empty.clone()),
            1 => slice_value(vm, &text, is_bytes, spans[1], empty.clone()),
            _ => {
                let t: Vec<Value> =
                    (1..=groups).map(|g| slice_value(vm, &text, is_bytes, spans[g], empty.clone())).collect();
                vm.new_tuple(t)
            }
        })
        .collect();
    Ok(vm.new_list(items))
}

fn p_finditer(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (string, pos, endpos) = pos_args(vm, &args, "finditer")?;
    let pat = args.args[0].clone();
    let pd = pattern_of(&pat).unwrap();
    let is_bytes = pd.borrow().is_bytes;
    let text = subject(vm, &string, is_bytes)?;
    let endpos = endpos.min(text.len());
    let ms = all_matches(&pd.borrow(), &text, pos.min(endpos), endpos);
    let items: Vec<Value> =
        ms.into_iter().map(|m| new_match(vm, &pat, &string, text.clone(), pos, endpos, m)).collect();
    let l = vm.new_list(items);
    vm.iter(&l)
}

fn p_split(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    let [string, maxsplit] = rest.bind(vm, "split", ["string", "maxsplit"], 1)?;
    let string = string.unwrap();
    let max = match maxsplit {
        Some(m) => vm.to_i64_index(&m)?,
        None => 0,
    };
    let pd = pattern_of(&args.args[0]).unwrap();
    let is_bytes = pd.borrow().is_bytes;
    let text = subject(vm, &string, is_bytes)?;
    let ms = all_matches(&pd.borrow(), &text, 0, text.len());
    let mut out = Vec::new();
    let mut last = 0;
    for (n, (spans, _)) in ms.into_iter().enumerate() {
        if max > 0 && n as i64 >= max {
            break;
        }
        let (a, b) = spans[0].unwrap();
        out.push(slice_value(vm, &text, is_bytes, Some((last, a)), Value::None));
        for span in spans.iter().skip(1) {
            out.push(slice_value(vm, &text, is_bytes, *span, Value::None));
        }
        last = b;
    }
    out.push(slice_value(vm, &text, is_bytes, Some((last, text.len())), Value::None));
    Ok(vm.new_list(out))
}

fn sub_impl(vm: &mut Vm, args: Args, name: &str, with_count: bool) -> PyResult<Value> {
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    let [repl, string, count] = rest.bind(vm, name, ["repl", "string", "count"], 2)?;
    let (repl, string) = (repl.unwrap(), string.unwrap());
    let max = match count {
        Some(c) => vm.to_i64_index(&c)?,
        None => 0,
    };
    let pat = args.args[0].clone();
    let pd = pattern_of(&pat).unwrap();
    let is_bytes = pd.borrow().is_bytes;
    let text = subject(vm, &string, is_bytes)?;
    // A literal replacement, or a function of the match (callable repl or `re._subx` template).
    let mut literal: Option<Value> = None;
    let mut func: Option<Value> = None;
    if vm.is_callable(&repl) {
        func = Some(repl.clone());
    } else {
        let has_backslash = match repl.payload() {
            Some(Payload::Str(s)) => s.as_str().contains('\\'),
            Some(Payload::Bytes(b)) => b.contains(&b'\\'),
            _ => false,
        };
        if has_backslash {
            let re = vm.import_fullname("re")?;
            let subx = vm.getattr_str(&re, "_subx")?;
            let f = vm.call(&subx, Args::new(&[pat.clone(), repl.clone()]))?;
            if vm.is_callable(&f) {
                func = Some(f);
            } else {
                literal = Some(f);
            }
        } else {
            literal = Some(repl.clone());
        }
    }
    let ms = all_matches(&pd.borrow(), &text, 0, text.len());
    let mut pieces: Vec<Value> = Vec::new();
    let mut last = 0;
    let mut n = 0i64;
    for m in ms {
        if max > 0 && n >= max {
            break;
        }
        let (a, b) = m.0[0].unwrap();
        pieces.push(slice_value(vm, &text, is_bytes, Some((last, a)), Value::None));
        let piece = match &func {
            Some(f) => {
                let mo = new_match(vm, &pat, &string, text.clone(), 0, text.len(), m);
                let r = vm.call(f, Args::new(&[mo]))?;
                if r.is_none() {
                    if is_bytes {
                        vm.new_bytes(Vec::new())
                    } else {
                        vm.new_str("")
                    }
                } else {
                    r
                }
            }
            None => literal.clone().unwrap(),
        };
        pieces.push(piece);
        last = b;
        n += 1;
    }
    pieces.push(slice_value(vm, &text, is_bytes, Some((last, text.len())), Value::None));
    let joined = if is_bytes {
        let mut out = Vec::new();
        for p in &pieces {
            match p.payload() {
                Some(Payload::Bytes(b)) => out.extend_from_slice(b),
                Some(Payload::ByteArray(b)) => out.extend_from_slice(&b.borrow()),
                _ => return Err(vm.new_type_error(format!("expected a bytes-like object, {} found", vm.type_name(p)))),
            }
        }
        vm.new_bytes(out)
    } else {
        let mut out = String::new();
        for p in &pieces {
            match p.as_str() {
                Some(s) => out.push_str(s.as_str()),
                None => return Err(vm.new_type_error(format!("expected str instance, {} found", vm.type_name(p)))),
            }
        }
        vm.new_str(out)
    };
    Ok(if with_count { vm.new_tuple(vec![joined, Value::Int(n)]) } else { joined })
}

fn p_sub(vm: &mut Vm, a: Args) -> PyResult<Value> {
    sub_impl(vm, a, "sub", false)
}
fn p_subn(vm: &mut Vm, a: Args) -> PyResult<Value> {
    sub_impl(vm, a, "subn", true)
}

macro_rules! pattern_attr {
    ($name:ident, |$vm:ident, $pd:ident| $e:expr) => {
        fn $name($vm: &mut Vm, args: Args) -> PyResult<Value> {
            let $pd = pattern_of(&args.args[0]).unwrap().borrow();
            Ok($e)
        }
    };
}
pattern_attr!(p_pattern, |vm, pd| {
    let _ = vm;
    pd.pattern.clone()
});
pattern_attr!(p_flags, |vm, pd| {
    let _ = vm;
    Value::Int(pd.flags)
});
pattern_attr!(p_groups, |vm, pd| {
    let _ = vm;
    Value::Int(pd.groups as i64)
});
pattern_attr!(p_groupindex, |vm, pd| {
    let _ = vm;
    pd.groupindex.clone()
});

fn p_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (pat, flags) = {
        let pd = pattern_of(&args.args[0]).unwrap().borrow();
        (pd.pattern.clone(), pd.flags)
    };
    let r = vm.repr_string(&pat)?;
    // Flags shown as CPython does, except the implied UNICODE for str patterns.
    let names = [
        (2, "re.IGNORECASE"),
        (4, "re.LOCALE"),
        (8, "re.MULTILINE"),
        (16, "re.DOTALL"),
        (64, "re.VERBOSE"),
        (128, "re.DEBUG"),
        (256, "re.ASCII"),
    ];
    let shown: Vec<&str> = names.iter().filter(|(b, _)| flags & b != 0).map(|(_, n)| *n).collect();
    Ok(vm.new_str(if shown.is_empty() {
        format!("re.compile({r})")
    } else {
        format!("re.compile({r}, {})", shown.join("|"))
    }))
}

fn p_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__eq__", 2)?;
    let (Some(x), Some(y)) = (pattern_of(&a[0]), pattern_of(&a[1])) else { return Ok(vm.not_implemented()) };
    let (px, fx, py, fy) = (x.borrow().pattern.clone(), x.borrow().flags, y.borrow().pattern.clone(), y.borrow().flags);
    Ok(Value::Bool(fx == fy && vm.eq(&px, &py)?))
}

fn p_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (p, f) = {
        let pd = pattern_of(&args.args[0]).unwrap().borrow();
        (pd.pattern.clone(), pd.flags)
    };
    Ok(Value::Int(vm.hash(&p)? ^ f))
}

// ---- Match ----

fn md(v: &Value) -> std::cell::Ref<'_, MatchData> {
    state::<MatchData>(v).expect("a re.Match").borrow()
}

/// A group reference: an index or a group name.
fn group_index(vm: &mut Vm, m: &Value, g: &Value) -> PyResult<usize> {
    let (ngroups, gi) = {
        let d = md(m);
        let pd = pattern_of(&d.pattern).unwrap().borrow();
        (pd.groups, pd.groupindex.clone())
    };
    let idx = match g {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        _ if g.as_str().is_some() => match vm.mapping_get(&gi, g)? {
            Some(Value::Int(i)) => Some(i),
            _ => None,
        },
        _ => None,
    };
    match idx {
        Some(i) if i >= 0 && (i as usize) <= ngroups => Ok(i as usize),
        _ => Err(vm.new_index_error("no such group")),
    }
}

fn group_value(vm: &mut Vm, m: &Value, i: usize, default: Value) -> Value {
    let d = md(m);
    let is_bytes = pattern_of(&d.pattern).unwrap().borrow().is_bytes;
    slice_value(vm, &d.text, is_bytes, d.spans[i], default)
}

fn m_group(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = args.args[0].clone();
    let gs = &args.pos()[1..];
    if gs.is_empty() {
        return Ok(group_value(vm, &m, 0, Value::None));
    }
    let mut out = Vec::new();
    for g in gs {
        let i = group_index(vm, &m, g)?;
        out.push(group_value(vm, &m, i, Value::None));
    }
    Ok(if out.len() == 1 { out.pop().unwrap() } else { vm.new_tuple(out) })
}

fn m_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__getitem__", 2)?;
    let i = group_index(vm, &a[0], &a[1])?;
    Ok(group_value(vm, &a[0], i, Value::None))
}

fn m_groups(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    let [default] = rest.bind(vm, "groups", ["default"], 0)?;
    let default = default.unwrap_or(Value::None);
    let n = md(&args.args[0]).spans.len();
    let out: Vec<Value> = (1..n).map(|i| group_value(vm, &args.args[0], i, default.clone())).collect();
    Ok(vm.new_tuple(out))
}

fn m_groupdict(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    let [default] = rest.bind(vm, "groupdict", ["default"], 0)?;
    let default = default.unwrap_or(Value::None);
    let gi = {
        let d = md(&args.args[0]);
        let gi = pattern_of(&d.pattern).unwrap().borrow().groupindex.clone();
        gi
    };
    let out = vm.new_dict();
    let keys_m = vm.getattr_str(&gi, "items")?;
    let items = vm.call(&keys_m, Args::new(&[]))?;
    for kv in vm.collect(&items)? {
        let kv = vm.unpack_exact(&kv, 2)?;
        let i = vm.to_i64_index(&kv[1])? as usize;
        let v = group_value(vm, &args.args[0], i, default.clone());
        vm.setitem(&Value::Obj(out.clone()), kv[0].clone(), v)?;
    }
    Ok(Value::Obj(out))
}

fn span_of(vm: &mut Vm, args: &Args) -> PyResult<(i64, i64)> {
    let g = args.pos().get(1).cloned().unwrap_or(Value::Int(0));
    let i = group_index(vm, &args.args[0], &g)?;
    Ok(match md(&args.args[0]).spans[i] {
        Some((a, b)) => (a as i64, b as i64),
        None => (-1, -1),
    })
}
fn m_start(vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(Value::Int(span_of(vm, &a)?.0))
}
fn m_end(vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(Value::Int(span_of(vm, &a)?.1))
}
fn m_span(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (s, e) = span_of(vm, &a)?;
    Ok(vm.new_tuple(vec![Value::Int(s), Value::Int(e)]))
}

fn m_expand(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "expand", 2)?;
    let re = vm.import_fullname("re")?;
    let expand = vm.getattr_str(&re, "_expand")?;
    let pat = md(&a[0]).pattern.clone();
    vm.call(&expand, Args::new(&[pat, a[0].clone(), a[1].clone()]))
}

fn m_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (s, e) = match md(&args.args[0]).spans[0] {
        Some((a, b)) => (a, b),
        None => (0, 0),
    };
    let g = group_value(vm, &args.args[0], 0, Value::None);
    let r = vm.repr_string(&g)?;
    Ok(vm.new_str(format!("<re.Match object; span=({s}, {e}), match={r}>")))
}

macro_rules! match_attr {
    ($name:ident, |$vm:ident, $d:ident| $e:expr) => {
        fn $name($vm: &mut Vm, args: Args) -> PyResult<Value> {
            let $d = md(&args.args[0]);
            Ok($e)
        }
    };
}
match_attr!(m_string, |vm, d| {
    let _ = vm;
    d.string.clone()
});
match_attr!(m_re, |vm, d| {
    let _ = vm;
    d.pattern.clone()
});
match_attr!(m_pos, |vm, d| {
    let _ = vm;
    Value::Int(d.pos as i64)
});
match_attr!(m_endpos, |vm, d| {
    let _ = vm;
    Value::Int(d.endpos as i64)
});
match_attr!(m_lastindex, |vm, d| {
    let _ = vm;
    if d.lastindex >= 0 {
        Value::Int(d.lastindex as i64)
    } else {
        Value::None
    }
});

fn m_lastgroup(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (li, ig) = {
        let d = md(&args.args[0]);
        let ig = pattern_of(&d.pattern).unwrap().borrow().indexgroup.clone();
        (d.lastindex, ig)
    };
    if li < 0 || ig.is_none() {
        return Ok(Value::None);
    }
    match vm.getitem(&ig, &Value::Int(li as i64)) {
        Ok(v) => Ok(v),
        Err(_) => Ok(Value::None),
    }
}

fn m_regs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let spans = md(&args.args[0]).spans.clone();
    let items = spans
        .iter()
        .map(|s| {
            let (a, b) = s.map(|(a, b)| (a as i64, b as i64)).unwrap_or((-1, -1));
            vm.new_tuple(vec![Value::Int(a), Value::Int(b)])
        })
        .collect::<Vec<_>>();
    Ok(vm.new_tuple(items))
}

fn m_bool(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Bool(true))
}

// ---- module functions ----

fn sre_compile(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let rest = Args { args: args.args, kwnames: args.kwnames };
    let [pattern, flags, code, groups, groupindex, indexgroup] =
        rest.bind(vm, "compile", ["pattern", "flags", "code", "groups", "groupindex", "indexgroup"], 6)?;
    let pattern = pattern.unwrap();
    let flags = vm.to_i64_index(&flags.unwrap())?;
    let mut codes = Vec::new();
    for c in vm.collect(&code.unwrap())? {
        let v = vm.to_index(&c)?;
        codes.push(
            num_traits::ToPrimitive::to_u32(&v)
                .ok_or_else(|| vm.new_overflow_error("regular expression code size limit exceeded"))?,
        );
    }
    let groups = vm.to_i64_index(&groups.unwrap())? as usize;
    let is_bytes = matches!(pattern.payload(), Some(Payload::Bytes(_)) | Some(Payload::ByteArray(_)));
    let (pattern_t, _) = types();
    Ok(new_instance(
        vm,
        &pattern_t,
        PatternData {
            pattern,
            flags,
            code: codes.into(),
            groups,
            groupindex: groupindex.unwrap(),
            indexgroup: indexgroup.unwrap(),
            is_bytes,
        },
    ))
}

fn getcodesize(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(4))
}

fn char_arg(vm: &mut Vm, args: &Args, name: &str) -> PyResult<u32> {
    let a = args.exact(vm, name, 1)?;
    Ok(vm.to_i64_index(&a[0])? as u32)
}

fn ascii_iscased(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let c = char_arg(vm, &args, "ascii_iscased")?;
    Ok(Value::Bool(c < 128 && (c as u8).is_ascii_alphabetic()))
}
fn unicode_iscased(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let c = char_arg(vm, &args, "unicode_iscased")?;
    let ch = char::from_u32(c).unwrap_or('\0');
    Ok(Value::Bool(ch.to_lowercase().ne(std::iter::once(ch)) || ch.to_uppercase().ne(std::iter::once(ch))))
}
fn ascii_tolower(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let c = char_arg(vm, &args, "ascii_tolower")?;
    Ok(Value::Int(rustpython_sre_engine::string::lower_ascii(c) as i64))
}
fn unicode_tolower(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let c = char_arg(vm, &args, "unicode_tolower")?;
    Ok(Value::Int(rustpython_sre_engine::string::lower_unicode(c) as i64))
}

const PATTERN_METHODS: &[MethodDef] = &[
    ("match", p_match, ""),
    ("fullmatch", p_fullmatch, ""),
    ("search", p_search, ""),
    ("findall", p_findall, ""),
    ("finditer", p_finditer, ""),
    ("split", p_split, ""),
    ("sub", p_sub, ""),
    ("subn", p_subn, ""),
    ("__repr__", p_repr, ""),
    ("__eq__", p_eq, ""),
    ("__hash__", p_hash, ""),
];

const MATCH_METHODS: &[MethodDef] = &[
    ("group", m_group, ""),
    ("__getitem__", m_getitem, ""),
    ("groups", m_groups, ""),
    ("groupdict", m_groupdict, ""),
    ("start", m_start, ""),
    ("end", m_end, ""),
    ("span", m_span, ""),
    ("expand", m_expand, ""),
    ("__repr__", m_repr, ""),
    ("__bool__", m_bool, ""),
];

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_sre");
    let d = m.dict.get().unwrap();
    let pattern_t = make_type(vm, "re", "Pattern", None, Layout::Native);
    vm.add_methods(&pattern_t, PATTERN_METHODS);
    for (n, f) in
        [("pattern", p_pattern as NativeFn), ("flags", p_flags), ("groups", p_groups), ("groupindex", p_groupindex)]
    {
        vm.add_getset(&pattern_t, n, f, None);
    }
    let match_t = make_type(vm, "re", "Match", None, Layout::Native);
    vm.add_methods(&match_t, MATCH_METHODS);
    for (n, f) in [
        ("string", m_string as NativeFn),
        ("re", m_re),
        ("pos", m_pos),
        ("endpos", m_endpos),
        ("lastindex", m_lastindex),
        ("lastgroup", m_lastgroup),
        ("regs", m_regs),
    ] {
        vm.add_getset(&match_t, n, f, None);
    }
    TYPES.with(|t| *t.borrow_mut() = Some((pattern_t, match_t)));
    vm.dict_set_str(&d, "MAGIC", Value::Int(MAGIC));
    vm.dict_set_str(&d, "CODESIZE", Value::Int(4));
    vm.dict_set_str(&d, "MAXREPEAT", Value::Int(u32::MAX as i64));
    vm.dict_set_str(&d, "MAXGROUPS", Value::Int((u32::MAX / 2) as i64));
    let fns: &[(&'static str, NativeFn)] = &[
        ("compile", sre_compile),
        ("getcodesize", getcodesize),
        ("ascii_iscased", ascii_iscased),
        ("unicode_iscased", unicode_iscased),
        ("ascii_tolower", ascii_tolower),
        ("unicode_tolower", unicode_tolower),
    ];
    vm.add_native_fns(&d, fns);
    Ok(m)
}
