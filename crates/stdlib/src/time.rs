//! Stdlib stage: the `time` module — clocks (`time`, `monotonic`, `perf_counter`,
//! `process_time`, `thread_time` and their `_ns` forms), `sleep`, and calendar conversions
//! through the C library (`localtime`, `gmtime`, `mktime`, `strftime`, `asctime`, `ctime`).
//! `struct_time` is a tuple subclass of 9 fields with `tm_*` attributes (plus `tm_zone` and
//! `tm_gmtoff`), as CPython's structseq.

use std::cell::RefCell;
use vm::func::Args;
use vm::objects::int::int_view;
use vm::types::{new_type, Layout};
use vm::value::{Object, Payload, PyRef, Value};
use vm::{PyResult, Vm};

const FIELDS: [&str; 9] =
    ["tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst"];

extern "C" {
    fn tzset();
}

vm::gil_local! {
    static STRUCT_TIME: RefCell<Option<PyRef>> = const { RefCell::new(None) };
}

fn struct_time_type() -> PyRef {
    STRUCT_TIME.with(|t| t.borrow().clone().expect("time module initialised"))
}

/// `get_clock_info(name)`: how each clock is read, as a `SimpleNamespace`.
fn t_get_clock_info(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "get_clock_info", 1)?;
    let name = a[0].as_str().map(|s| s.as_str().to_string()).unwrap_or_default();
    let (id, cname, monotonic) = match name.as_str() {
        "time" => (libc::CLOCK_REALTIME, "CLOCK_REALTIME", false),
        "monotonic" | "perf_counter" => (libc::CLOCK_MONOTONIC, "CLOCK_MONOTONIC", true),
        "process_time" => (libc::CLOCK_PROCESS_CPUTIME_ID, "CLOCK_PROCESS_CPUTIME_ID", true),
        "thread_time" => (libc::CLOCK_THREAD_CPUTIME_ID, "CLOCK_THREAD_CPUTIME_ID", true),
        _ => return Err(vm.new_value_error("unknown clock")),
    };
    let mut res = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `res` is a valid out-parameter.
    unsafe { libc::clock_getres(id, &mut res) };
    let resolution = res.tv_sec as f64 + res.tv_nsec as f64 * 1e-9;
    let items = [
        ("implementation", vm.new_str(format!("clock_gettime({cname})"))),
        ("monotonic", Value::Bool(monotonic)),
        ("adjustable", Value::Bool(!monotonic)),
        ("resolution", Value::Float(resolution)),
    ];
    Ok(vm::objects::surface::new_namespace(vm, &items))
}

fn clock(id: libc::clockid_t) -> (i64, i64) {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid out-parameter.
    unsafe { libc::clock_gettime(id, &mut ts) };
    (ts.tv_sec, ts.tv_nsec)
}

fn secs(id: libc::clockid_t) -> f64 {
    let (s, ns) = clock(id);
    s as f64 + ns as f64 * 1e-9
}

fn nanos(vm: &Vm, id: libc::clockid_t) -> Value {
    let (s, ns) = clock(id);
    vm.new_bigint(num_bigint::BigInt::from(s) * 1_000_000_000 + ns)
}

macro_rules! clocks {
    ($($f:ident $fns:ident $name:literal $id:expr;)*) => {
        $(
            fn $f(vm: &mut Vm, args: Args) -> PyResult<Value> {
                args.exact(vm, $name, 0)?;
                Ok(Value::Float(secs($id)))
            }
            fn $fns(vm: &mut Vm, args: Args) -> PyResult<Value> {
                args.exact(vm, concat!($name, "_ns"), 0)?;
                Ok(nanos(vm, $id))
            }
        )*
    };
}

clocks! {
    t_time t_time_ns "time" libc::CLOCK_REALTIME;
    t_monotonic t_monotonic_ns "monotonic" libc::CLOCK_MONOTONIC;
    t_perf_counter t_perf_counter_ns "perf_counter" libc::CLOCK_MONOTONIC;
    t_process_time t_process_time_ns "process_time" libc::CLOCK_PROCESS_CPUTIME_ID;
    t_thread_time t_thread_time_ns "thread_time" libc::CLOCK_THREAD_CPUTIME_ID;
}

fn t_sleep(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "sleep", 1)?;
    if int_view(&a[0]).is_none()
        && !matches!(a[0], Value::Float(_))
        && a[0].payload().map(|p| !matches!(p, Payload::Float(_))).unwrap_or(true)
    {
        return Err(vm.new_type_error(format!("'{}' object cannot be interpreted as an integer", vm.type_name(&a[0]))));
    }
    let s = vm.float_of(&a[0])?;
    if s.is_nan() {
        return Err(vm.new_value_error("Invalid value NaN (not a number)"));
    }
    if s < 0.0 {
        return Err(vm.new_value_error("sleep length must be non-negative"));
    }
    if s > 0.0 {
        // Other threads run while this one sleeps.
        vm.allow_threads(|| std::thread::sleep(std::time::Duration::from_secs_f64(s)));
    }
    Ok(Value::None)
}

/// The seconds argument of `localtime`/`gmtime`/`ctime` (None means now).
fn time_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<libc::time_t> {
    match v {
        None | Some(Value::None) => Ok(clock(libc::CLOCK_REALTIME).0 as libc::time_t),
        Some(v) => {
            if let Some(iv) = int_view(v) {
                use num_traits::ToPrimitive;
                return iv
                    .to_big()
                    .to_i64()
                    .map(|i| i as libc::time_t)
                    .ok_or_else(|| vm.new_overflow_error("timestamp out of range for platform time_t"));
            }
            let f = vm.float_of(v)?;
            if f.is_nan() {
                return Err(vm.new_value_error("Invalid value NaN (not a number)"));
            }
            if !f.is_finite() || f.abs() > 9.2e18 {
                return Err(vm.new_overflow_error("timestamp out of range for platform time_t"));
            }
            Ok(f.floor() as libc::time_t)
        }
    }
}

fn zeroed_tm() -> libc::tm {
    // SAFETY: `tm` is plain old data; all-zero is a valid value (tm_zone null).
    unsafe { std::mem::zeroed() }
}

fn tm_to_struct(vm: &mut Vm, tm: &libc::tm) -> Value {
    let items: Vec<Value> = vec![
        Value::Int(tm.tm_year as i64 + 1900),
        Value::Int(tm.tm_mon as i64 + 1),
        Value::Int(tm.tm_mday as i64),
        Value::Int(tm.tm_hour as i64),
        Value::Int(tm.tm_min as i64),
        Value::Int(tm.tm_sec as i64),
        Value::Int((tm.tm_wday as i64 + 6) % 7),
        Value::Int(tm.tm_yday as i64 + 1),
        Value::Int(tm.tm_isdst as i64),
    ];
    let zone = if tm.tm_zone.is_null() {
        Value::None
    } else {
        // SAFETY: a non-null tm_zone from the C library is a NUL-terminated string.
        let s = unsafe { std::ffi::CStr::from_ptr(tm.tm_zone) };
        vm.new_str(s.to_string_lossy().into_owned())
    };
    let d = vm.new_dict();
    vm.dict_set_str(&d, "tm_zone", zone);
    vm.dict_set_str(&d, "tm_gmtoff", Value::Int(tm.tm_gmtoff));
    Value::Obj(Object::with_dict(struct_time_type(), Payload::Tuple(items.into()), d))
}

fn localtime_tm(t: libc::time_t) -> libc::tm {
    let mut tm = zeroed_tm();
    // SAFETY: valid pointers to a time_t and an out-parameter.
    unsafe { libc::localtime_r(&t, &mut tm) };
    tm
}

fn t_localtime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "localtime", 0, 1)?;
    let t = time_arg(vm, a.first())?;
    let tm = localtime_tm(t);
    Ok(tm_to_struct(vm, &tm))
}

fn t_gmtime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "gmtime", 0, 1)?;
    let t = time_arg(vm, a.first())?;
    let mut tm = zeroed_tm();
    // SAFETY: valid pointers to a time_t and an out-parameter.
    unsafe { libc::gmtime_r(&t, &mut tm) };
    Ok(tm_to_struct(vm, &tm))
}

/// A struct_time or 9-sequence back to a C `tm` (`gettmarg`).
fn struct_to_tm(vm: &mut Vm, v: &Value, fname: &str) -> PyResult<libc::tm> {
    let items = match v.payload() {
        Some(Payload::Tuple(t)) => t.to_vec(),
        _ => return Err(vm.new_type_error("Tuple or struct_time argument required")),
    };
    if items.len() != 9 {
        return Err(vm.new_type_error(format!("{fname}(): illegal time tuple argument")));
    }
    let mut n = [0i64; 9];
    for (i, it) in items.iter().enumerate() {
        n[i] = vm.to_i64_index(it)?;
    }
    let mut tm = zeroed_tm();
    tm.tm_year = (n[0] - 1900) as i32;
    tm.tm_mon = (n[1] - 1) as i32;
    tm.tm_mday = n[2] as i32;
    tm.tm_hour = n[3] as i32;
    tm.tm_min = n[4] as i32;
    tm.tm_sec = n[5] as i32;
    tm.tm_wday = ((n[6] + 1) % 7) as i32;
    tm.tm_yday = (n[7] - 1) as i32;
    tm.tm_isdst = n[8] as i32;
    if let Value::Obj(o) = v {
        if let Some(d) = o.dict.get() {
            if let Some(Value::Int(off)) = vm.dict_get_str(&d, "tm_gmtoff") {
                tm.tm_gmtoff = off as _;
            }
        }
    }
    Ok(tm)
}

/// Range checks of `strftime`/`asctime` (`checktm`), with CPython's messages.
fn check_tm(vm: &Vm, tm: &mut libc::tm) -> PyResult<()> {
    if tm.tm_mon == -1 {
        tm.tm_mon = 0;
    } else if !(0..=11).contains(&tm.tm_mon) {
        return Err(vm.new_value_error("month out of range"));
    }
    if tm.tm_mday == 0 {
        tm.tm_mday = 1;
    } else if !(0..=31).contains(&tm.tm_mday) {
        return Err(vm.new_value_error("day of month out of range"));
    }
    if !(0..=23).contains(&tm.tm_hour) {
        return Err(vm.new_value_error("hour out of range"));
    }
    if !(0..=59).contains(&tm.tm_min) {
        return Err(vm.new_value_error("minute out of range"));
    }
    if !(0..=61).contains(&tm.tm_sec) {
        return Err(vm.new_value_error("seconds out of range"));
    }
    if tm.tm_wday < 0 {
        return Err(vm.new_value_error("day of week out of range"));
    }
    if tm.tm_yday == -1 {
        tm.tm_yday = 0;
    } else if !(0..=365).contains(&tm.tm_yday) {
        return Err(vm.new_value_error("day of year out of range"));
    }
    Ok(())
}

fn t_strftime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "strftime", 1, 2)?;
    let Some(fmt) = a[0].as_str().map(|s| s.as_str().to_string()) else {
        return Err(vm.new_type_error(format!("strftime() argument 1 must be str, not {}", vm.type_name(&a[0]))));
    };
    let mut tm = match a.get(1) {
        Some(v) => struct_to_tm(vm, v, "strftime")?,
        None => localtime_tm(clock(libc::CLOCK_REALTIME).0 as libc::time_t),
    };
    check_tm(vm, &mut tm)?;
    tm.tm_isdst = tm.tm_isdst.clamp(-1, 1);
    if fmt.is_empty() {
        return Ok(vm.new_str(""));
    }
    let cfmt = std::ffi::CString::new(fmt.clone()).map_err(|_| vm.new_value_error("embedded null character"))?;
    let mut size = 1024usize;
    loop {
        let mut buf = vec![0u8; size];
        // SAFETY: `buf` has `size` bytes; `cfmt` and `tm` are valid.
        let n = unsafe { libc::strftime(buf.as_mut_ptr() as *mut libc::c_char, size, cfmt.as_ptr(), &tm) };
        if n > 0 || size >= 256 * fmt.len() + 4096 {
            buf.truncate(n);
            return Ok(vm.new_str(String::from_utf8_lossy(&buf).into_owned()));
        }
        size *= 4;
    }
}

const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn asctime_of(tm: &libc::tm) -> String {
    format!(
        "{} {} {:2} {:02}:{:02}:{:02} {}",
        DAYS[tm.tm_wday.rem_euclid(7) as usize],
        MONTHS[tm.tm_mon.rem_euclid(12) as usize],
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        tm.tm_year as i64 + 1900
    )
}

fn t_asctime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "asctime", 0, 1)?;
    let mut tm = match a.first() {
        Some(v) => struct_to_tm(vm, v, "asctime")?,
        None => localtime_tm(clock(libc::CLOCK_REALTIME).0 as libc::time_t),
    };
    check_tm(vm, &mut tm)?;
    Ok(vm.new_str(asctime_of(&tm)))
}

fn t_ctime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "ctime", 0, 1)?;
    let t = time_arg(vm, a.first())?;
    Ok(vm.new_str(asctime_of(&localtime_tm(t))))
}

fn t_mktime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "mktime", 1)?;
    let mut tm = struct_to_tm(vm, &a[0], "mktime")?;
    tm.tm_wday = -1;
    // SAFETY: `tm` is a valid, initialised struct.
    let t = unsafe { libc::mktime(&mut tm) };
    if t == -1 && tm.tm_wday == -1 {
        return Err(vm.new_overflow_error("mktime argument out of range"));
    }
    Ok(Value::Float(t as f64))
}

fn st_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    let [seq, _dict] = rest.bind(vm, "struct_time", ["sequence", "dict"], 1)?;
    let seq = seq.unwrap();
    let items = vm.collect(&seq)?;
    if items.len() < 9 {
        return Err(vm.new_type_error(format!(
            "time.struct_time() takes an at least 9-sequence ({}-sequence given)",
            items.len()
        )));
    }
    if items.len() > 11 {
        return Err(vm.new_type_error(format!(
            "time.struct_time() takes an at most 11-sequence ({}-sequence given)",
            items.len()
        )));
    }
    let d = vm.new_dict();
    vm.dict_set_str(&d, "tm_zone", items.get(9).cloned().unwrap_or(Value::None));
    vm.dict_set_str(&d, "tm_gmtoff", items.get(10).cloned().unwrap_or(Value::None));
    let cls = args.args[0].as_obj().cloned().unwrap();
    Ok(Value::Obj(Object::with_dict(cls, Payload::Tuple(items[..9].to_vec().into()), d)))
}

fn st_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = &args.args[0];
    let items = match v.payload() {
        Some(Payload::Tuple(t)) => t.to_vec(),
        _ => Vec::new(),
    };
    let mut parts = Vec::new();
    for (name, it) in FIELDS.iter().zip(items.iter()) {
        parts.push(format!("{name}={}", vm.repr_string(it)?));
    }
    Ok(vm.new_str(format!("time.struct_time({})", parts.join(", "))))
}

fn st_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.args[0].clone();
    let items = match v.payload() {
        Some(Payload::Tuple(t)) => t.to_vec(),
        _ => Vec::new(),
    };
    let t = vm.new_tuple(items);
    let d = Value::Obj(vm.new_dict());
    let inner = vm.new_tuple(vec![t, d]);
    Ok(vm.new_tuple(vec![Value::Obj(struct_time_type()), inner]))
}

macro_rules! field_getters {
    ($($f:ident $i:literal;)*) => {
        $(fn $f(_vm: &mut Vm, args: Args) -> PyResult<Value> {
            Ok(match args.args[0].payload() {
                Some(Payload::Tuple(t)) => t.get($i).cloned().unwrap_or(Value::None),
                _ => Value::None,
            })
        })*
    };
}

field_getters! {
    g_year 0; g_mon 1; g_mday 2; g_hour 3; g_min 4; g_sec 5; g_wday 6; g_yday 7; g_isdst 8;
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("time");
    let d = m.dict.get().unwrap();
    let st = new_type(
        Some(&vm.types.type_),
        Some(&vm.types.dict),
        "struct_time",
        vec![vm.types.tuple.clone()],
        Layout::Tuple,
        false,
    );
    let mro = vm::types::compute_mro(&st).map_err(|e| vm.new_type_error(e))?;
    *st.as_type().unwrap().mro.borrow_mut() = mro;
    let td = vm.type_dict(&st);
    vm.dict_set_str(&td, "__module__", vm.new_str("time"));
    vm.dict_set_str(&td, "n_sequence_fields", Value::Int(9));
    vm.dict_set_str(&td, "n_fields", Value::Int(11));
    vm.dict_set_str(&td, "n_unnamed_fields", Value::Int(0));
    *st.as_type().unwrap().qualname.borrow_mut() = "struct_time".into();
    vm.add_static(&st, "__new__", st_new);
    vm.add_methods(&st, &[("__repr__", st_repr, "Return repr(self)."), ("__reduce__", st_reduce, "")]);
    let getters: [vm::func::NativeFn; 9] = [g_year, g_mon, g_mday, g_hour, g_min, g_sec, g_wday, g_yday, g_isdst];
    for (name, g) in FIELDS.iter().zip(getters) {
        vm.add_getset(&st, name, g, None);
    }
    STRUCT_TIME.with(|t| *t.borrow_mut() = Some(st.clone()));
    vm.dict_set_str(&d, "struct_time", Value::Obj(st));
    // The number of fields of struct_time (with tm_zone and tm_gmtoff), as CPython exports it.
    vm.dict_set_str(&d, "_STRUCT_TM_ITEMS", Value::Int(11));
    let fns: &[(&'static str, vm::func::NativeFn)] = &[
        ("time", t_time),
        ("time_ns", t_time_ns),
        ("monotonic", t_monotonic),
        ("monotonic_ns", t_monotonic_ns),
        ("perf_counter", t_perf_counter),
        ("perf_counter_ns", t_perf_counter_ns),
        ("process_time", t_process_time),
        ("process_time_ns", t_process_time_ns),
        ("thread_time", t_thread_time),
        ("thread_time_ns", t_thread_time_ns),
        ("sleep", t_sleep),
        ("get_clock_info", t_get_clock_info),
        ("localtime", t_localtime),
        ("gmtime", t_gmtime),
        ("strftime", t_strftime),
        ("asctime", t_asctime),
        ("ctime", t_ctime),
        ("mktime", t_mktime),
    ];
    vm.add_native_fns(&d, fns);
    // Time zone constants from January and July of the current year (as CPython's init_timezone).
    // SAFETY: tzset only reads the TZ environment variable.
    unsafe { tzset() };
    let now = clock(libc::CLOCK_REALTIME).0 as libc::time_t;
    let year_start = now - (now % (365 * 86400));
    let jan = localtime_tm(year_start);
    let jul = localtime_tm(year_start + 182 * 86400);
    let zname = |tm: &libc::tm| {
        if tm.tm_zone.is_null() {
            String::new()
        } else {
            // SAFETY: non-null tm_zone is a NUL-terminated C string.
            unsafe { std::ffi::CStr::from_ptr(tm.tm_zone) }.to_string_lossy().into_owned()
        }
    };
    let (janoff, juloff) = (jan.tm_gmtoff, jul.tm_gmtoff);
    let (std_tm, dst_tm, stdoff, dstoff) =
        if janoff < juloff { (&jan, &jul, janoff, juloff) } else { (&jul, &jan, juloff, janoff) };
    let (std_tm, dst_tm, stdoff, dstoff) =
        if janoff == juloff { (&jan, &jan, janoff, janoff) } else { (std_tm, dst_tm, stdoff, dstoff) };
    vm.dict_set_str(&d, "timezone", Value::Int(-stdoff));
    vm.dict_set_str(&d, "altzone", Value::Int(-dstoff));
    vm.dict_set_str(&d, "daylight", Value::Int((janoff != juloff) as i64));
    let names = vec![vm.new_str(zname(std_tm)), vm.new_str(zname(dst_tm))];
    let tzname = vm.new_tuple(names);
    vm.dict_set_str(&d, "tzname", tzname);
    Ok(m)
}
