//! Stdlib stage: `_lsprof` (CPython's Modules/_lsprof.c), the deterministic profiler behind
//! `cProfile`. `Profiler.enable()` installs a native profile hook on this thread (the VM's
//! `set_profile_hook`, CPython's `_PyEval_SetProfile`): Python calls and returns, and native
//! calls when `builtins` is on, are counted per function and, with `subcalls`, per caller,
//! with total and inline times from the default monotonic clock or a user timer.
//! `getstats()` reports `profiler_entry`/`profiler_subentry` struct sequences whose `code` is
//! the code object, or for a native function CPython's descriptive string
//! (`<built-in method builtins.len>`, `<method 'append' of 'list' objects>`).

use crate::native::{self, new_args, new_instance};
use num_traits::ToPrimitive;
use std::collections::HashMap;
use std::rc::Rc;
use vm::func::{Args, BuiltinFunction, MethodDef};
use vm::trace::What;
use vm::types::Layout;
use vm::value::{CodeData, Object, Payload, PyRef, Value};
use vm::{PyResult, Vm};

/// What identifies a profiled function: a code object, or a native function (CPython keys
/// these on the `PyMethodDef`; here the function pointer, name and owning class).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Code(usize),
    Native(usize, usize, usize),
}

/// Call counts and times (in timer units) of a function, or of one caller's calls of it.
#[derive(Default)]
struct Counts {
    /// Total time, counted once per outermost call.
    tt: i64,
    /// Inline time: not in calls made from it.
    it: i64,
    callcount: i64,
    reccallcount: i64,
    /// Calls in progress (more than one while it recurses).
    recursion_level: i64,
}

impl Counts {
    /// The bookkeeping of `Stop` for a call that took `tt`, `it` of it inline.
    fn stop(&mut self, tt: i64, it: i64) {
        self.recursion_level -= 1;
        if self.recursion_level == 0 {
            self.tt += tt;
        } else {
            self.reccallcount += 1;
        }
        self.it += it;
        self.callcount += 1;
    }
}

/// One function (`ProfilerEntry`).
struct Entry {
    /// The code object, or the descriptive string of a native function.
    user_obj: Value,
    counts: Counts,
    /// Calls made from this function, in first-call order (`ProfilerSubEntry`): the callee's
    /// index in `Profiler::entries` and the counts.
    calls: Vec<(usize, Counts)>,
    /// Callee entry index to its position in `calls`.
    call_index: HashMap<usize, usize>,
}

/// A call in progress (`ProfilerContext`).
struct Context {
    t0: i64,
    /// Time spent in calls made from this one.
    subt: i64,
    entry: usize,
}

/// `ProfilerObject`.
struct Profiler {
    entries: Vec<Entry>,
    index: HashMap<Key, usize>,
    /// The calls in progress, innermost last (`currentProfilerContext` and its `previous`s).
    stack: Vec<Context>,
    subcalls: bool,
    builtins: bool,
    enabled: bool,
    timer: Option<Value>,
    timeunit: f64,
}

impl Default for Profiler {
    fn default() -> Profiler {
        Profiler {
            entries: Vec::new(),
            index: HashMap::new(),
            stack: Vec::new(),
            subcalls: true,
            builtins: true,
            enabled: false,
            timer: None,
            timeunit: 0.0,
        }
    }
}

impl Profiler {
    /// `initContext` once the entry is known; `t0` is set by the caller after this returns.
    fn push(&mut self, entry: usize) {
        self.entries[entry].counts.recursion_level += 1;
        if self.subcalls {
            if let Some(prev) = self.stack.last() {
                let caller = &mut self.entries[prev.entry];
                let next = caller.calls.len();
                let sub = *caller.call_index.entry(entry).or_insert(next);
                if sub == next {
                    caller.calls.push((entry, Counts::default()));
                }
                caller.calls[sub].1.recursion_level += 1;
            }
        }
        self.stack.push(Context { t0: 0, subt: 0, entry });
    }

    /// `Stop`: the innermost call ends at time `now`, charged to `entry` (normally the
    /// context's own entry; CPython charges whichever entry the returning code has).
    fn stop(&mut self, now: i64, entry: usize) {
        let Some(ctx) = self.stack.pop() else { return };
        let tt = now - ctx.t0;
        let it = tt - ctx.subt;
        if let Some(prev) = self.stack.last_mut() {
            prev.subt += tt;
        }
        self.entries[entry].counts.stop(tt, it);
        if self.subcalls {
            if let Some(prev) = self.stack.last() {
                let caller = &mut self.entries[prev.entry];
                if let Some(&sub) = caller.call_index.get(&entry) {
                    caller.calls[sub].1.stop(tt, it);
                }
            }
        }
    }

    /// `clearEntries`.
    fn clear(&mut self) {
        self.entries.clear();
        self.index.clear();
        self.stack.clear();
    }
}

fn prof_state<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a std::cell::RefCell<Profiler>> {
    native::state::<Profiler>(v).ok_or_else(|| native::wrong_self(vm, v, "_lsprof.Profiler"))
}

/// `_PyTime_GetPerfCounter` in nanoseconds.
fn perf_counter_ns() -> i64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes only the timespec it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec * 1_000_000_000 + ts.tv_nsec
}

/// `call_timer`: the profiler's clock. A user timer's result is nanoseconds-like units when
/// `timeunit` is positive (an int), else seconds (`CallExternalTimer`); a failing timer is
/// reported as unraisable and reads 0.
fn call_timer(vm: &mut Vm, obj: &Value) -> i64 {
    let Some(state) = native::state::<Profiler>(obj) else { return 0 };
    let (timer, unit) = {
        let p = state.borrow();
        (p.timer.clone(), p.timeunit)
    };
    let Some(timer) = timer else { return perf_counter_ns() };
    let r = vm.call(&timer, Args::new(&[])).and_then(|o| timer_value(vm, &o, unit > 0.0));
    match r {
        Ok(t) => t,
        Err(e) => {
            vm.write_unraisable("in", &timer, &e);
            0
        }
    }
}

/// A user timer's result as an integer count (`_PyTime_FromNanosecondsObject` when `units`,
/// `_PyTime_FromSecondsObject` rounding down otherwise).
fn timer_value(vm: &mut Vm, o: &Value, units: bool) -> PyResult<i64> {
    let too_large = "timestamp too large to convert to C _PyTime_t";
    let is_int = matches!(o, Value::Int(_) | Value::Bool(_)) || matches!(o.payload(), Some(Payload::Int(_)));
    if units {
        if !is_int {
            return Err(vm.new_type_error(format!("expect int, got {}", vm.type_name(o))));
        }
        let b = vm.to_index(o)?;
        return b.to_i64().ok_or_else(|| vm.new_overflow_error(too_large));
    }
    native::pytime_from_seconds(vm, o, native::TimeRound::Floor)
}

/// The native function behind a profiled callable and the object it is bound to: a
/// `BuiltinFunction` (bound through `self_`, if at all) or a bound method of one.
fn native_parts(v: &Value) -> Option<(&BuiltinFunction, Option<&Value>)> {
    match v.payload()? {
        Payload::BuiltinFunction(b) => Some((b, b.self_.as_ref())),
        Payload::Method(f, s) => match f.payload()? {
            Payload::BuiltinFunction(b) => Some((b, Some(s))),
            _ => None,
        },
        _ => None,
    }
}

/// `normalizeUserObj`: the descriptive string a native function is reported under. A bound
/// method shows its type's attribute (`<method 'append' of 'list' objects>`), a module-level
/// function its module (`<built-in method builtins.len>`).
fn native_label(vm: &mut Vm, callable: &Value, f: &BuiltinFunction, bound: Option<&Value>) -> String {
    let name = f.name;
    let this = match (bound, f.module.get()) {
        (Some(s), _) => Some(s.clone()),
        // A module-level function: CPython's `__self__` is its module.
        (None, Some(m)) => vm.modules_get(m),
        // An unbound method descriptor (called without arguments, so never reported by
        // CPython, which binds the descriptor first).
        (None, None) if f.binds() => return vm.repr_string(callable).unwrap_or_default(),
        // A static method: CPython binds its `PyCFunction` to the class.
        (None, None) if f.is_static => None,
        (None, None) => return format!("<{name}>"),
    };
    if let Some(this) = this {
        let t = vm.type_of(&this);
        if let Some(attr) = vm::types::lookup_static(&t, name) {
            if let Ok(r) = vm.repr_string(&attr) {
                return r;
            }
        }
    }
    match f.module.get() {
        Some(m) => format!("<built-in method {m}.{name}>"),
        None => format!("<built-in method {name}>"),
    }
}

/// `ptrace_enter_call`: a call of the function `key` starts.
fn enter_call(vm: &mut Vm, obj: &Value, key: Key, make_user_obj: impl FnOnce(&mut Vm) -> Value) {
    let Some(state) = native::state::<Profiler>(obj) else { return };
    let known = state.borrow().index.get(&key).copied();
    let entry = match known {
        Some(i) => i,
        None => {
            // Built outside the borrow: a native label may run `repr`.
            let user_obj = make_user_obj(vm);
            let mut p = state.borrow_mut();
            let i = p.entries.len();
            p.entries.push(Entry {
                user_obj,
                counts: Counts::default(),
                calls: Vec::new(),
                call_index: HashMap::new(),
            });
            p.index.insert(key, i);
            i
        }
    };
    state.borrow_mut().push(entry);
    let depth = state.borrow().stack.len();
    let t0 = call_timer(vm, obj);
    // A user timer could have cleared the profiler meanwhile.
    let mut p = state.borrow_mut();
    if p.stack.len() == depth {
        if let Some(ctx) = p.stack.last_mut() {
            ctx.t0 = t0;
        }
    }
}

/// `ptrace_leave_call`: a call of the function `key` ends.
fn leave_call(vm: &mut Vm, obj: &Value, key: Key) {
    let Some(state) = native::state::<Profiler>(obj) else { return };
    if state.borrow().stack.is_empty() {
        return;
    }
    let entry = state.borrow().index.get(&key).copied();
    match entry {
        Some(e) => {
            let now = call_timer(vm, obj);
            let mut p = state.borrow_mut();
            if e < p.entries.len() {
                p.stop(now, e);
            }
        }
        None => {
            state.borrow_mut().stack.pop();
        }
    }
}

/// A native function's key.
fn native_key(f: &BuiltinFunction) -> Key {
    let owner = f.owner.as_ref().map_or(0, |o| Rc::as_ptr(o) as *const u8 as usize);
    Key::Native(f.func as usize, f.name.as_ptr() as usize, owner)
}

/// `profiler_callback`: the VM's profile events.
fn profiler_callback(vm: &mut Vm, obj: &Value, what: What, code: &Rc<CodeData>, arg: &Value) -> PyResult<()> {
    match what {
        What::Call => {
            let key = Key::Code(Rc::as_ptr(code) as usize);
            enter_call(vm, obj, key, |vm| Value::Obj(Object::new(vm.types.code.clone(), Payload::Code(code.clone()))));
        }
        What::Return => leave_call(vm, obj, Key::Code(Rc::as_ptr(code) as usize)),
        What::CCall | What::CReturn | What::CException => {
            let builtins = native::state::<Profiler>(obj).is_some_and(|s| s.borrow().builtins);
            if let (true, Some((f, bound))) = (builtins, native_parts(arg)) {
                let key = native_key(f);
                if what == What::CCall {
                    enter_call(vm, obj, key, |vm| {
                        let label = native_label(vm, arg, f, bound);
                        vm.new_str(label)
                    });
                } else {
                    leave_call(vm, obj, key);
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// An `i` flag argument: 0 turns the option off, a positive value on, a negative one leaves
/// it (`setSubcalls`/`setBuiltins`).
fn set_flag(vm: &mut Vm, v: Option<Value>, flag: &mut bool) -> PyResult<()> {
    if let Some(v) = v {
        let n = native::clinic_int(vm, &v)?;
        if n == 0 {
            *flag = false;
        } else if n > 0 {
            *flag = true;
        }
    }
    Ok(())
}

fn profiler_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, _) = new_args(&args);
    Ok(new_instance(vm, &cls, Profiler::default()))
}

/// `Profiler(timer=None, timeunit=0.0, subcalls=True, builtins=True)` (`profiler_init`).
fn profiler_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, rest) = (&args.args[0], args.rest());
    let [timer, timeunit, subcalls, builtins] =
        rest.bind(vm, "Profiler", ["timer", "timeunit", "subcalls", "builtins"], 0)?;
    let timeunit = match timeunit {
        Some(u) => vm.float_of(&u)?,
        None => 0.0,
    };
    let (mut sub, mut blt) = (true, true);
    set_flag(vm, subcalls, &mut sub)?;
    set_flag(vm, builtins, &mut blt)?;
    let mut p = prof_state(vm, this)?.borrow_mut();
    p.subcalls = sub;
    p.builtins = blt;
    p.timeunit = timeunit;
    let old = std::mem::replace(&mut p.timer, timer.filter(|t| !t.is_none()));
    drop(p);
    drop(old);
    Ok(Value::None)
}

/// `enable(subcalls=-1, builtins=-1)`: starts profiling this thread.
fn profiler_enable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, rest) = (&args.args[0], args.rest());
    let [subcalls, builtins] = rest.bind(vm, "enable", ["subcalls", "builtins"], 0)?;
    let (mut sub, mut blt) = {
        let p = prof_state(vm, this)?.borrow();
        (p.subcalls, p.builtins)
    };
    set_flag(vm, subcalls, &mut sub)?;
    set_flag(vm, builtins, &mut blt)?;
    {
        let mut p = prof_state(vm, this)?.borrow_mut();
        p.subcalls = sub;
        p.builtins = blt;
    }
    vm.set_profile_hook(Some((profiler_callback, this.clone())));
    prof_state(vm, this)?.borrow_mut().enabled = true;
    Ok(Value::None)
}

/// `disable()`: stops profiling this thread (whatever profile function was set, as CPython
/// 3.11) and ends the calls still in progress (`flush_unmatched`).
fn profiler_disable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "disable")?;
    let this = a[0].clone();
    let state = prof_state(vm, &this)?;
    vm.set_profile_hook(None);
    state.borrow_mut().enabled = false;
    while !state.borrow().stack.is_empty() {
        let now = call_timer(vm, &this);
        let mut p = state.borrow_mut();
        if let Some(entry) = p.stack.last().map(|c| c.entry) {
            p.stop(now, entry);
        }
    }
    Ok(Value::None)
}

/// `clear()`: forgets what was collected, keeping the settings.
fn profiler_clear(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "clear")?;
    prof_state(vm, &a[0])?.borrow_mut().clear();
    Ok(Value::None)
}

/// `getstats()`: a list of `profiler_entry` for every function called at least once.
fn profiler_getstats(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "getstats")?;
    let m = vm.modules_get("_lsprof").ok_or_else(|| vm.new_runtime_error("_lsprof module missing"))?;
    let entry_t = vm.getattr_str(&m, "profiler_entry")?;
    let sub_t = vm.getattr_str(&m, "profiler_subentry")?;
    let (Some(entry_t), Some(sub_t)) = (entry_t.as_obj().cloned(), sub_t.as_obj().cloned()) else {
        return Err(vm.new_type_error("_lsprof.profiler_entry is not a type"));
    };
    let p = prof_state(vm, &a[0])?.borrow();
    let factor = if p.timer.is_none() || p.timeunit == 0.0 { 1e-9 } else { p.timeunit };
    let mut out = Vec::new();
    for e in p.entries.iter().filter(|e| e.counts.callcount != 0) {
        let calls = if e.calls.is_empty() {
            Value::None
        } else {
            let subs = e
                .calls
                .iter()
                .map(|(callee, c)| {
                    native::struct_seq_new(
                        &sub_t,
                        vec![
                            p.entries[*callee].user_obj.clone(),
                            Value::Int(c.callcount),
                            Value::Int(c.reccallcount),
                            Value::Float(factor * c.tt as f64),
                            Value::Float(factor * c.it as f64),
                        ],
                    )
                })
                .collect();
            vm.new_list(subs)
        };
        out.push(native::struct_seq_new(
            &entry_t,
            vec![
                e.user_obj.clone(),
                Value::Int(e.counts.callcount),
                Value::Int(e.counts.reccallcount),
                Value::Float(factor * e.counts.tt as f64),
                Value::Float(factor * e.counts.it as f64),
                calls,
            ],
        ));
    }
    drop(p);
    Ok(vm.new_list(out))
}

const GETSTATS_DOC: &str = "list of profiler_entry objects.

getstats() -> list of profiler_entry objects

Return all information collected by the profiler.
Each profiler_entry is a tuple-like object with the
following attributes:

    code          code object
    callcount     how many times this was called
    reccallcount  how many times called recursively
    totaltime     total time in this entry
    inlinetime    inline time in this entry (not in subcalls)
    calls         details of the calls

The calls attribute is either None or a list of
profiler_subentry objects:

    code          called code object
    callcount     how many times this is called
    reccallcount  how many times this is called recursively
    totaltime     total time spent in this call
    inlinetime    inline time (not in further subcalls)";

const PROFILER_METHODS: &[MethodDef] = &[
    ("__init__", profiler_init, "Initialize self.  See help(type(self)) for accurate signature."),
    ("getstats", profiler_getstats, GETSTATS_DOC),
    ("enable", profiler_enable, "enable(subcalls=True, builtins=True)\n\nStart collecting profiling information.\nIf 'subcalls' is True, also records for each function\nstatistics separated according to its current caller.\nIf 'builtins' is True, records the time spent in\nbuilt-in functions separately from their caller.\n"),
    ("disable", profiler_disable, "disable()\n\nStop collecting profiling information.\n"),
    ("clear", profiler_clear, "clear()\n\nClear all profiling information collected so far.\n"),
];

const PROFILER_DOC: &str = "Profiler(timer=None, timeunit=None, subcalls=True, builtins=True)

    Builds a profiler object using the specified timer function.
    The default timer is a fast built-in one based on real time.
    For custom timer functions returning integers, timeunit can
    be a float specifying a scale (i.e. how long each integer unit
    is, in seconds).
";

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_lsprof");
    let d = m.dict.get().unwrap();
    vm.dict_set_str(&d, "__doc__", vm.new_str("Fast profiler"));
    let t = native::make_type(vm, "_lsprof", "Profiler", None, Layout::Native);
    native::setup(vm, &t, Some(profiler_new), PROFILER_METHODS);
    vm.dict_set_str(&vm.type_dict(&t), "__doc__", vm.new_str(PROFILER_DOC));
    vm.dict_set_str(&d, "Profiler", Value::Obj(t));
    let fields = ["code", "callcount", "reccallcount", "totaltime", "inlinetime", "calls"];
    let t = native::struct_seq_type(vm, "_lsprof", "profiler_entry", &fields, "");
    vm.dict_set_str(&d, "profiler_entry", Value::Obj(t));
    let t = native::struct_seq_type(vm, "_lsprof", "profiler_subentry", &fields[..5], "");
    vm.dict_set_str(&d, "profiler_subentry", Value::Obj(t));
    Ok(m)
}
