//! Stdlib stage: the `_locale` module over the C library's locale calls (Linux/glibc) —
//! `setlocale` (query and set; `locale.Error` "unsupported locale setting"), `localeconv` (the
//! dict CPython builds, groupings as lists ending at 0 or CHAR_MAX), `nl_langinfo` for CPython's
//! item constants, `strcoll`/`strxfrm` through `wcscoll`/`wcsxfrm`, `getencoding`, the gettext
//! family, and the LC_* / CHAR_MAX / langinfo constants in CPython's module-dict order, with
//! CPython 3.11's argument errors. C strings coming back are decoded as UTF-8 with
//! surrogateescape. `startup` does what CPython's pre-initialisation does to the process locale:
//! LC_CTYPE from the environment, C-locale coercion to C.UTF-8 (PEP 538) and the UTF-8 mode
//! decision (PEP 540).

use crate::native::{self, clinic_int};
use std::cell::RefCell;
use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_int};
use vm::func::{Args, NativeFn};
use vm::value::{PyRef, Value};
use vm::{PyResult, Vm};

vm::gil_local! {
    static ERROR: RefCell<Option<PyRef>> = const { RefCell::new(None) };
}

extern "C" {
    fn wcscoll(s1: *const libc::wchar_t, s2: *const libc::wchar_t) -> c_int;
    fn wcsxfrm(dest: *mut libc::wchar_t, src: *const libc::wchar_t, n: libc::size_t) -> libc::size_t;
    fn gettext(msgid: *const c_char) -> *mut c_char;
    fn dgettext(domain: *const c_char, msgid: *const c_char) -> *mut c_char;
    fn dcgettext(domain: *const c_char, msgid: *const c_char, category: c_int) -> *mut c_char;
    fn textdomain(domain: *const c_char) -> *mut c_char;
    fn bindtextdomain(domain: *const c_char, dirname: *const c_char) -> *mut c_char;
    fn bind_textdomain_codeset(domain: *const c_char, codeset: *const c_char) -> *mut c_char;
}

/// glibc's `_DATE_FMT` (`_NL_ITEM (LC_TIME, 108)`), which the libc crate does not define.
const DATE_FMT: libc::nl_item = (libc::LC_TIME << 16) | 108;

/// CPython's langinfo table: name and item, in the order the module adds them.
const LANGINFO: &[(&str, libc::nl_item)] = &[
    ("DAY_1", libc::DAY_1),
    ("DAY_2", libc::DAY_2),
    ("DAY_3", libc::DAY_3),
    ("DAY_4", libc::DAY_4),
    ("DAY_5", libc::DAY_5),
    ("DAY_6", libc::DAY_6),
    ("DAY_7", libc::DAY_7),
    ("ABDAY_1", libc::ABDAY_1),
    ("ABDAY_2", libc::ABDAY_2),
    ("ABDAY_3", libc::ABDAY_3),
    ("ABDAY_4", libc::ABDAY_4),
    ("ABDAY_5", libc::ABDAY_5),
    ("ABDAY_6", libc::ABDAY_6),
    ("ABDAY_7", libc::ABDAY_7),
    ("MON_1", libc::MON_1),
    ("MON_2", libc::MON_2),
    ("MON_3", libc::MON_3),
    ("MON_4", libc::MON_4),
    ("MON_5", libc::MON_5),
    ("MON_6", libc::MON_6),
    ("MON_7", libc::MON_7),
    ("MON_8", libc::MON_8),
    ("MON_9", libc::MON_9),
    ("MON_10", libc::MON_10),
    ("MON_11", libc::MON_11),
    ("MON_12", libc::MON_12),
    ("ABMON_1", libc::ABMON_1),
    ("ABMON_2", libc::ABMON_2),
    ("ABMON_3", libc::ABMON_3),
    ("ABMON_4", libc::ABMON_4),
    ("ABMON_5", libc::ABMON_5),
    ("ABMON_6", libc::ABMON_6),
    ("ABMON_7", libc::ABMON_7),
    ("ABMON_8", libc::ABMON_8),
    ("ABMON_9", libc::ABMON_9),
    ("ABMON_10", libc::ABMON_10),
    ("ABMON_11", libc::ABMON_11),
    ("ABMON_12", libc::ABMON_12),
    ("RADIXCHAR", libc::RADIXCHAR),
    ("THOUSEP", libc::THOUSEP),
    ("CRNCYSTR", libc::CRNCYSTR),
    ("D_T_FMT", libc::D_T_FMT),
    ("D_FMT", libc::D_FMT),
    ("T_FMT", libc::T_FMT),
    ("AM_STR", libc::AM_STR),
    ("PM_STR", libc::PM_STR),
    ("CODESET", libc::CODESET),
    ("T_FMT_AMPM", libc::T_FMT_AMPM),
    ("ERA", libc::ERA),
    ("ERA_D_FMT", libc::ERA_D_FMT),
    ("ERA_D_T_FMT", libc::ERA_D_T_FMT),
    ("ERA_T_FMT", libc::ERA_T_FMT),
    ("ALT_DIGITS", libc::ALT_DIGITS),
    ("YESEXPR", libc::YESEXPR),
    ("NOEXPR", libc::NOEXPR),
    ("_DATE_FMT", DATE_FMT),
];

/// The LC_* categories in the order CPython's module adds them.
const CATEGORIES: [(&str, c_int); 7] = [
    ("LC_CTYPE", libc::LC_CTYPE),
    ("LC_TIME", libc::LC_TIME),
    ("LC_COLLATE", libc::LC_COLLATE),
    ("LC_MONETARY", libc::LC_MONETARY),
    ("LC_MESSAGES", libc::LC_MESSAGES),
    ("LC_NUMERIC", libc::LC_NUMERIC),
    ("LC_ALL", libc::LC_ALL),
];

fn error(vm: &Vm, msg: &str) -> PyRef {
    let t = ERROR.with(|e| e.borrow().clone().expect("_locale module initialised"));
    vm.new_exception(&t, msg)
}

/// `PyUnicode_DecodeLocale` of a C string (UTF-8 with surrogateescape); NULL reads as "".
fn decode(vm: &Vm, p: *const c_char) -> Value {
    if p.is_null() {
        return vm.new_str("");
    }
    // SAFETY: the C library returned a NUL-terminated string that is valid until the next call.
    let b = unsafe { CStr::from_ptr(p) }.to_bytes();
    vm.new_str(vm::codecs::fs_decode(b))
}

/// A clinic `str` argument as a C string (strict UTF-8; "embedded null character").
fn c_str(vm: &mut Vm, v: &Value, what: &str) -> PyResult<CString> {
    let Some(s) = v.as_str().map(|s| s.as_str().to_string()) else {
        return Err(vm.new_type_error(format!("{what} must be str, not {}", vm.type_name(v))));
    };
    let b = if bytecode::surrogate::has_stand_in(&s) {
        vm::codecs::encode_with(vm, &s, vm::codecs::Codec::Utf8, "strict")?
    } else {
        s.into_bytes()
    };
    CString::new(b).map_err(|_| vm.new_value_error("embedded null character"))
}

/// A clinic `str(accept={str, NoneType})` argument.
fn c_str_or_none(vm: &mut Vm, v: &Value, what: &str) -> PyResult<Option<CString>> {
    if v.is_none() {
        return Ok(None);
    }
    if v.as_str().is_none() {
        return Err(vm.new_type_error(format!("{what} must be str or None, not {}", vm.type_name(v))));
    }
    c_str(vm, v, what).map(Some)
}

fn opt_ptr(c: &Option<CString>) -> *const c_char {
    c.as_ref().map_or(std::ptr::null(), |c| c.as_ptr())
}

/// A NUL-terminated wchar_t string in 256-byte-aligned storage: glibc's vectorised wcscmp (what
/// wcscoll uses in the C locale) returns an unnormalised positive value, such as 3 instead of 1,
/// when a string starts in the last 128 bytes of a page; an aligned start never does.
struct Wide {
    chunks: Vec<WideChunk>,
    len: usize,
}

const CHUNK: usize = 64;

#[repr(C, align(256))]
#[derive(Clone, Copy)]
struct WideChunk([libc::wchar_t; CHUNK]);

impl Wide {
    fn zeroed(n: usize) -> Wide {
        Wide { chunks: vec![WideChunk([0; CHUNK]); n.div_ceil(CHUNK).max(1)], len: n }
    }
    fn as_ptr(&self) -> *const libc::wchar_t {
        self.chunks.as_ptr().cast()
    }
    fn as_mut_ptr(&mut self) -> *mut libc::wchar_t {
        self.chunks.as_mut_ptr().cast()
    }
    fn get(&self, i: usize) -> libc::wchar_t {
        self.chunks[i / CHUNK].0[i % CHUNK]
    }
}

/// `PyUnicode_AsWideCharString` without an embedded-NUL allowance: the string plus its
/// terminator (`len` counts the terminator).
fn wide(vm: &Vm, v: &Value, what: &str) -> PyResult<Wide> {
    let Some(s) = v.as_str() else {
        return Err(vm.new_type_error(format!("{what} must be str, not {}", vm.type_name(v))));
    };
    let codes: Vec<u32> = s.as_str().chars().map(bytecode::surrogate::code_of).collect();
    if codes.contains(&0) {
        return Err(vm.new_value_error("embedded null character"));
    }
    let mut w = Wide::zeroed(codes.len() + 1);
    for (i, c) in codes.into_iter().enumerate() {
        w.chunks[i / CHUNK].0[i % CHUNK] = c as libc::wchar_t;
    }
    Ok(w)
}

fn l_setlocale(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.no_kwargs(vm, "_locale.setlocale")?;
    let a = args.range(vm, "setlocale", 1, 2)?;
    let category = clinic_int(vm, &a[0])?;
    let locale = match a.get(1) {
        Some(v) => c_str_or_none(vm, v, "setlocale() argument 2")?,
        None => None,
    };
    // SAFETY: `locale` is NULL or a valid C string; the GIL serialises calls into the C library.
    let r = unsafe { libc::setlocale(category, opt_ptr(&locale)) };
    if r.is_null() {
        return Err(error(vm, if locale.is_some() { "unsupported locale setting" } else { "locale query failed" }));
    }
    Ok(decode(vm, r))
}

/// CPython's `copy_grouping`: [] for "", else the bytes up to and including a 0 or CHAR_MAX.
fn grouping(vm: &Vm, p: *const c_char) -> Value {
    let mut out = Vec::new();
    if !p.is_null() {
        // SAFETY: a NUL-terminated string from localeconv.
        let b = unsafe { CStr::from_ptr(p) }.to_bytes_with_nul();
        if b[0] != 0 {
            for &c in b {
                let c = c as c_char;
                out.push(Value::Int(c as i64));
                if c == 0 || c == c_char::MAX {
                    break;
                }
            }
        }
    }
    vm.new_list(out)
}

fn l_localeconv(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "_locale.localeconv", 0)?;
    let d = vm.new_dict();
    // SAFETY: localeconv returns a static struct valid until the next locale call; the GIL
    // keeps other Python threads from calling in meanwhile.
    let lc = unsafe { &*libc::localeconv() };
    let strings = [
        ("int_curr_symbol", lc.int_curr_symbol),
        ("currency_symbol", lc.currency_symbol),
        ("mon_decimal_point", lc.mon_decimal_point),
        ("mon_thousands_sep", lc.mon_thousands_sep),
    ];
    for (k, p) in strings {
        vm.dict_set_str(&d, k, decode(vm, p));
    }
    vm.dict_set_str(&d, "mon_grouping", grouping(vm, lc.mon_grouping));
    vm.dict_set_str(&d, "positive_sign", decode(vm, lc.positive_sign));
    vm.dict_set_str(&d, "negative_sign", decode(vm, lc.negative_sign));
    let ints = [
        ("int_frac_digits", lc.int_frac_digits),
        ("frac_digits", lc.frac_digits),
        ("p_cs_precedes", lc.p_cs_precedes),
        ("p_sep_by_space", lc.p_sep_by_space),
        ("n_cs_precedes", lc.n_cs_precedes),
        ("n_sep_by_space", lc.n_sep_by_space),
        ("p_sign_posn", lc.p_sign_posn),
        ("n_sign_posn", lc.n_sign_posn),
    ];
    for (k, v) in ints {
        vm.dict_set_str(&d, k, Value::Int(v as i64));
    }
    vm.dict_set_str(&d, "decimal_point", decode(vm, lc.decimal_point));
    vm.dict_set_str(&d, "thousands_sep", decode(vm, lc.thousands_sep));
    vm.dict_set_str(&d, "grouping", grouping(vm, lc.grouping));
    Ok(Value::Obj(d))
}

fn l_strcoll(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.no_kwargs(vm, "_locale.strcoll")?;
    let a = args.exact(vm, "strcoll", 2)?;
    let w1 = wide(vm, &a[0], "strcoll() argument 1")?;
    let w2 = wide(vm, &a[1], "strcoll() argument 2")?;
    // SAFETY: both are NUL-terminated wide strings.
    Ok(Value::Int(unsafe { wcscoll(w1.as_ptr(), w2.as_ptr()) } as i64))
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

fn set_errno(v: i32) {
    // SAFETY: __errno_location returns the calling thread's errno slot.
    unsafe { *libc::__errno_location() = v };
}

fn l_strxfrm(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "_locale.strxfrm", 1)?;
    let s = wide(vm, &a[0], "strxfrm() argument")?;
    let mut n = s.len;
    let mut buf = Wide::zeroed(n);
    set_errno(0);
    // SAFETY: `buf` has room for `n` wide characters; `s` is NUL-terminated.
    let mut n2 = unsafe { wcsxfrm(buf.as_mut_ptr(), s.as_ptr(), n) };
    let e = errno();
    if e != 0 && e != libc::ERANGE {
        return Err(vm.os_error_from(std::io::Error::from_raw_os_error(e), None));
    }
    if n2 >= n {
        n = n2 * 2;
        buf = Wide::zeroed(n);
        set_errno(0);
        // SAFETY: as above, with the larger buffer.
        n2 = unsafe { wcsxfrm(buf.as_mut_ptr(), s.as_ptr(), n) };
        let e = errno();
        if e != 0 {
            return Err(vm.os_error_from(std::io::Error::from_raw_os_error(e), None));
        }
    }
    let mut out = String::with_capacity(n2);
    for w in (0..n2.min(buf.len)).map(|i| buf.get(i)) {
        match bytecode::surrogate::char_for(w as u32) {
            Some(c) if (w as u32) <= 0x10FFFF => out.push(c),
            _ => {
                return Err(vm.new_value_error(format!("character U+{:x} is not in range [U+0000; U+10ffff]", w as u32)))
            }
        }
    }
    Ok(vm.new_str(out))
}

fn l_nl_langinfo(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "_locale.nl_langinfo", 1)?;
    let item = clinic_int(vm, &a[0])?;
    if !LANGINFO.iter().any(|(_, v)| *v == item) {
        return Err(vm.new_value_error("unsupported langinfo constant"));
    }
    // SAFETY: a supported item; glibc may return NULL for ERA, which reads as "".
    let r = unsafe { libc::nl_langinfo(item) };
    Ok(decode(vm, r))
}

fn l_gettext(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "_locale.gettext", 1)?;
    let msg = c_str(vm, &a[0], "gettext() argument")?;
    // SAFETY: a valid C string.
    Ok(decode(vm, unsafe { gettext(msg.as_ptr()) }))
}

fn l_dgettext(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.no_kwargs(vm, "_locale.dgettext")?;
    let a = args.exact(vm, "dgettext", 2)?;
    let domain = c_str_or_none(vm, &a[0], "dgettext() argument 1")?;
    let msg = c_str(vm, &a[1], "dgettext() argument 2")?;
    // SAFETY: valid C strings (the domain may be NULL).
    Ok(decode(vm, unsafe { dgettext(opt_ptr(&domain), msg.as_ptr()) }))
}

fn l_dcgettext(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.no_kwargs(vm, "_locale.dcgettext")?;
    let a = args.exact(vm, "dcgettext", 3)?;
    let domain = c_str_or_none(vm, &a[0], "dcgettext() argument 1")?;
    let msg = c_str(vm, &a[1], "dcgettext() argument 2")?;
    let category = clinic_int(vm, &a[2])?;
    // SAFETY: valid C strings (the domain may be NULL).
    Ok(decode(vm, unsafe { dcgettext(opt_ptr(&domain), msg.as_ptr(), category) }))
}

fn l_textdomain(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "_locale.textdomain", 1)?;
    let domain = c_str_or_none(vm, &a[0], "textdomain() argument")?;
    // SAFETY: NULL or a valid C string.
    let r = unsafe { textdomain(opt_ptr(&domain)) };
    if r.is_null() {
        return Err(vm.os_error_from(std::io::Error::last_os_error(), None));
    }
    Ok(decode(vm, r))
}

fn l_bindtextdomain(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.no_kwargs(vm, "_locale.bindtextdomain")?;
    let a = args.exact(vm, "bindtextdomain", 2)?;
    let domain = c_str(vm, &a[0], "bindtextdomain() argument 1")?;
    if domain.as_bytes().is_empty() {
        return Err(error(vm, "domain must be a non-empty string"));
    }
    let dir = if a[1].is_none() {
        None
    } else {
        let b = native::fs_bytes(vm, &a[1])?;
        Some(CString::new(b).map_err(|_| vm.new_value_error("embedded null byte"))?)
    };
    // SAFETY: valid C strings (the directory may be NULL).
    let r = unsafe { bindtextdomain(domain.as_ptr(), opt_ptr(&dir)) };
    if r.is_null() {
        return Err(vm.os_error_from(std::io::Error::last_os_error(), None));
    }
    Ok(decode(vm, r))
}

fn l_bind_textdomain_codeset(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.no_kwargs(vm, "_locale.bind_textdomain_codeset")?;
    let a = args.exact(vm, "bind_textdomain_codeset", 2)?;
    let domain = c_str(vm, &a[0], "bind_textdomain_codeset() argument 1")?;
    let codeset = c_str_or_none(vm, &a[1], "bind_textdomain_codeset() argument 2")?;
    // SAFETY: valid C strings (the codeset may be NULL).
    let r = unsafe { bind_textdomain_codeset(domain.as_ptr(), opt_ptr(&codeset)) };
    Ok(if r.is_null() { Value::None } else { decode(vm, r) })
}

/// `_Py_GetLocaleEncoding`: the LC_CTYPE codeset ("UTF-8" when the C library has none).
fn l_getencoding(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "_locale.getencoding", 0)?;
    // SAFETY: CODESET is a valid item.
    let r = unsafe { libc::nl_langinfo(libc::CODESET) };
    // SAFETY: a non-NULL result is a NUL-terminated string.
    if r.is_null() || unsafe { *r } == 0 {
        return Ok(vm.new_str("UTF-8"));
    }
    Ok(decode(vm, r))
}

/// The process-locale part of CPython's pre-initialisation, run once before the VM starts:
/// LC_CTYPE from the environment; the UTF-8 mode (`-X utf8[=0|1]`, else PYTHONUTF8 unless the
/// environment is ignored, else on when that LC_CTYPE is "C" or "POSIX"); and, when LC_CTYPE is
/// "C" and LC_ALL is not set (and PYTHONCOERCECLOCALE is not "0"), coercion to the first of
/// C.UTF-8 / C.utf8 / UTF-8 that exists, exporting it as LC_CTYPE and then setting every
/// category from the environment (as CPython's `_coerce_default_locale_settings`). Returns the
/// UTF-8 mode.
pub fn startup(xoptions: &[String], ignore_environment: bool) -> bool {
    // SAFETY: called before any other thread exists; the arguments are valid C strings.
    let current = unsafe {
        libc::setlocale(libc::LC_CTYPE, c"".as_ptr());
        let p = libc::setlocale(libc::LC_CTYPE, std::ptr::null());
        if p.is_null() {
            String::new()
        } else {
            CStr::from_ptr(p).to_string_lossy().into_owned()
        }
    };
    let env = |name: &str| if ignore_environment { None } else { std::env::var(name).ok().filter(|v| !v.is_empty()) };
    let from_x = xoptions.iter().rev().find_map(|x| match x.as_str() {
        "utf8" => Some(true),
        s => s.strip_prefix("utf8=").map(|v| v != "0"),
    });
    let utf8 = from_x.or_else(|| env("PYTHONUTF8").map(|v| v != "0")).unwrap_or(current == "C" || current == "POSIX");
    let lc_all_set = std::env::var_os("LC_ALL").is_some_and(|v| !v.is_empty());
    if current == "C" && !lc_all_set && env("PYTHONCOERCECLOCALE").as_deref() != Some("0") {
        for target in [c"C.UTF-8", c"C.utf8", c"UTF-8"] {
            // SAFETY: valid C strings; still single-threaded.
            if unsafe { !libc::setlocale(libc::LC_CTYPE, target.as_ptr()).is_null() } {
                // As CPython, every category is then (re)set from the environment.
                // SAFETY: as above.
                unsafe { libc::setlocale(libc::LC_ALL, c"".as_ptr()) };
                std::env::set_var("LC_CTYPE", target.to_str().unwrap_or_default());
                // SAFETY: as above.
                unsafe { libc::setlocale(libc::LC_ALL, c"".as_ptr()) };
                break;
            }
        }
    }
    utf8
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_locale");
    let d = m.dict.get().unwrap();
    vm.dict_set_str(&d, "__doc__", vm.new_str("Support for POSIX locales."));
    let fns: &[(&'static str, NativeFn)] = &[
        ("setlocale", l_setlocale),
        ("localeconv", l_localeconv),
        ("strcoll", l_strcoll),
        ("strxfrm", l_strxfrm),
        ("nl_langinfo", l_nl_langinfo),
        ("gettext", l_gettext),
        ("dgettext", l_dgettext),
        ("dcgettext", l_dcgettext),
        ("textdomain", l_textdomain),
        ("bindtextdomain", l_bindtextdomain),
        ("bind_textdomain_codeset", l_bind_textdomain_codeset),
        ("getencoding", l_getencoding),
    ];
    vm.add_native_fns(&d, fns);
    for (n, v) in CATEGORIES {
        vm.dict_set_str(&d, n, Value::Int(v as i64));
    }
    vm.dict_set_str(&d, "CHAR_MAX", Value::Int(c_char::MAX as i64));
    let error = native::exception_type(vm, "locale", "Error", &vm.exc.exception.clone())?;
    ERROR.with(|e| *e.borrow_mut() = Some(error.clone()));
    vm.dict_set_str(&d, "Error", Value::Obj(error));
    for (n, v) in LANGINFO.iter() {
        vm.dict_set_str(&d, n, Value::Int(*v as i64));
    }
    Ok(m)
}
