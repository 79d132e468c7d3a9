//! Stdlib stage: the `unicodedata` module — the Unicode 14.0.0 character database of CPython
//! 3.11 (properties, names and aliases, decompositions, normalization) and `ucd_3_2_0`, a
//! `unicodedata.UCD` object answering for Unicode 3.2.0 as a delta over the current data, the
//! way CPython does it. Answers, argument checking and error messages are CPython's; lone
//! surrogates are ordinary code points here.

use crate::native;
use crate::unicodedata_db as db;
use crate::unicodedata_norm::{self as norm, Form, NormData};
use bytecode::surrogate;
use vm::func::{Args, MethodDef, NativeFn};
use vm::types::Layout;
use vm::value::{Payload, PyRef, Value};
use vm::{PyResult, Vm};

/// Which database a call answers for.
#[derive(Clone, Copy)]
struct Ucd {
    old: bool,
}

/// The properties of one code point in one database version.
struct Props {
    category: u8,
    bidirectional: u8,
    combining: u8,
    east_asian_width: u8,
    mirrored: u8,
    decimal: i8,
    digit: i8,
    numeric: u16,
}

fn record(cp: u32) -> &'static db::Record {
    if cp >= 0x110000 {
        return &db::RECORDS[0];
    }
    let block = db::INDEX1[(cp >> db::SHIFT) as usize] as usize;
    &db::RECORDS[db::INDEX2[(block << db::SHIFT) + (cp & ((1 << db::SHIFT) - 1)) as usize] as usize]
}

/// The Unicode 3.2.0 record of `cp` when it differs from the current one.
fn old_record(cp: u32) -> Option<&'static db::OldRecord> {
    let i = db::OLD_RUNS.partition_point(|r| r.1 < cp);
    let run = db::OLD_RUNS.get(i)?;
    (run.0 <= cp).then(|| &db::OLD_RECORDS[run.2 as usize])
}

impl Ucd {
    fn props(self, cp: u32) -> Props {
        if self.old {
            if let Some(o) = old_record(cp) {
                return Props {
                    category: o.0,
                    bidirectional: o.1,
                    combining: o.2,
                    east_asian_width: o.3,
                    mirrored: o.4,
                    decimal: o.5,
                    digit: o.6,
                    numeric: o.7,
                };
            }
        }
        let r = record(cp);
        let (decimal, digit, numeric) = match db::NUMBERS.binary_search_by_key(&cp, |n| n.0) {
            Ok(i) => (db::NUMBERS[i].1, db::NUMBERS[i].2, db::NUMBERS[i].3),
            Err(_) => (-1, -1, 0),
        };
        Props {
            category: r.0,
            bidirectional: r.1,
            combining: r.2,
            east_asian_width: r.3,
            mirrored: r.4,
            decimal,
            digit,
            numeric,
        }
    }

    /// Unassigned in this version (category `Cn`)?
    fn unassigned(self, cp: u32) -> bool {
        self.props(cp).category == 0
    }

    fn prefix(self) -> &'static str {
        if self.old {
            "UCD."
        } else {
            "unicodedata."
        }
    }
}

impl NormData for Ucd {
    fn combining(&self, cp: u32) -> u8 {
        record(cp).2
    }
    fn unassigned(&self, cp: u32) -> bool {
        Ucd::unassigned(*self, cp)
    }
    fn old(&self) -> bool {
        self.old
    }
}

// ---- names ----

const JAMO_L: [&str; 19] =
    ["G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ", "C", "K", "T", "P", "H"];
const JAMO_V: [&str; 21] = [
    "A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE", "YO", "U", "WEO", "WE", "WI", "YU", "EU",
    "YI", "I",
];
const JAMO_T: [&str; 28] = [
    "", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS", "LT", "LP", "LH", "M", "B", "BS", "S",
    "SS", "NG", "J", "C", "K", "T", "P", "H",
];

/// CJK unified ideographs of Unicode 14.0, whose names are made by rule.
fn is_unified_ideograph(cp: u32) -> bool {
    matches!(
        cp,
        0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0x20000..=0x2A6DF
            | 0x2A700..=0x2B738
            | 0x2B740..=0x2B81D
            | 0x2B820..=0x2CEA1
            | 0x2CEB0..=0x2EBE0
            | 0x30000..=0x3134A
    )
}

/// The character name of `cp` in this database, if it has one.
fn char_name(ucd: Ucd, cp: u32) -> Option<String> {
    if ucd.unassigned(cp) || (Ucd { old: false }).unassigned(cp) {
        return None;
    }
    if (norm::S_BASE..norm::S_BASE + norm::S_COUNT).contains(&cp) {
        let s = cp - norm::S_BASE;
        let (l, v, t) = (s / norm::N_COUNT, (s % norm::N_COUNT) / norm::T_COUNT, s % norm::T_COUNT);
        return Some(format!("HANGUL SYLLABLE {}{}{}", JAMO_L[l as usize], JAMO_V[v as usize], JAMO_T[t as usize]));
    }
    if is_unified_ideograph(cp) {
        return Some(format!("CJK UNIFIED IDEOGRAPH-{cp:X}"));
    }
    if surrogate::is_surrogate(cp) {
        return None;
    }
    char::from_u32(cp).and_then(unicode_names2::name).map(|n| n.to_string())
}

/// The longest jamo name in `table` that starts `s`: (index, length).
fn find_syllable(s: &[u8], table: &[&str]) -> Option<(u32, usize)> {
    let mut best: Option<(u32, usize)> = None;
    for (i, j) in table.iter().enumerate() {
        if best.is_some_and(|b| j.len() <= b.1) {
            continue;
        }
        if s.starts_with(j.as_bytes()) {
            best = Some((i as u32, j.len()));
        }
    }
    best
}

/// What `lookup` finds for `name`: one code point, or a named sequence.
enum Found {
    Char(u32),
    Sequence(&'static str),
}

fn lookup_name(ucd: Ucd, name: &[u8]) -> Option<Found> {
    if let Some(rest) = name.strip_prefix(b"HANGUL SYLLABLE ") {
        let (l, n1) = find_syllable(rest, &JAMO_L)?;
        let (v, n2) = find_syllable(&rest[n1..], &JAMO_V)?;
        let (t, n3) = find_syllable(&rest[n1 + n2..], &JAMO_T)?;
        if n1 + n2 + n3 != rest.len() {
            return None;
        }
        return Some(Found::Char(norm::S_BASE + (l * norm::V_COUNT + v) * norm::T_COUNT + t));
    }
    if let Some(hex) = name.strip_prefix(b"CJK UNIFIED IDEOGRAPH-") {
        if hex.len() != 4 && hex.len() != 5 {
            return None;
        }
        let mut v = 0u32;
        for &h in hex {
            v = v * 16
                + match h {
                    b'0'..=b'9' => (h - b'0') as u32,
                    b'A'..=b'F' => (h - b'A' + 10) as u32,
                    _ => return None,
                };
        }
        return is_unified_ideograph(v).then_some(Found::Char(v));
    }
    let text = std::str::from_utf8(name).ok()?;
    let upper = text.to_ascii_uppercase();
    if upper.starts_with("HANGUL SYLLABLE ") || upper.starts_with("CJK UNIFIED IDEOGRAPH-") {
        return None;
    }
    if let Some(c) = unicode_names2::character(text) {
        let cp = c as u32;
        if char_name(ucd, cp).is_some_and(|n| n == upper) {
            return Some(Found::Char(cp));
        }
    }
    if ucd.old {
        return None;
    }
    if let Some(&(_, cp)) = db::ALIASES.iter().find(|a| a.0 == upper) {
        return Some(Found::Char(cp));
    }
    db::NAMED_SEQUENCES.iter().find(|s| s.0 == upper).map(|s| Found::Sequence(s.1))
}

// ---- argument handling ----

/// Splits `self` off for methods of `UCD`.
fn split_self<'a>(vm: &Vm, old: bool, args: Args<'a>) -> PyResult<Args<'a>> {
    if !old {
        return Ok(args);
    }
    match args.args.first() {
        Some(v) if native::state::<Ucd>(v).is_some() => Ok(Args { args: &args.args[1..], kwnames: args.kwnames }),
        Some(v) => Err(native::wrong_self(vm, v, "unicodedata.UCD")),
        None => Err(vm.new_type_error("descriptor needs an argument")),
    }
}

/// How argument clinic names the type of a bad argument (`None` rather than `NoneType`).
fn arg_type_name(vm: &Vm, v: &Value) -> String {
    if matches!(v, Value::None) {
        "None".to_string()
    } else {
        vm.type_name(v)
    }
}

/// The one-character argument `chr`; `argno` says whether the message numbers the argument.
fn char_arg(vm: &Vm, fname: &str, v: &Value, numbered: bool) -> PyResult<u32> {
    let which = if numbered { " argument 1" } else { " argument" };
    match v.as_str() {
        Some(s) if s.char_len() == 1 => Ok(s.code_at(0)),
        _ => {
            Err(vm
                .new_type_error(format!("{fname}(){which} must be a unicode character, not {}", arg_type_name(vm, v))))
        }
    }
}

/// One positional character argument (`METH_O`).
fn one_char(vm: &Vm, ucd: Ucd, fname: &str, args: Args) -> PyResult<u32> {
    let qual = format!("{}{fname}", ucd.prefix());
    let a = args.exact(vm, &qual, 1)?;
    char_arg(vm, fname, &a[0], false)
}

/// A character and an optional default.
fn char_default(vm: &Vm, ucd: Ucd, fname: &str, args: Args) -> PyResult<(u32, Option<Value>)> {
    if !args.kwnames.is_empty() {
        return Err(vm.new_type_error(format!("{}{fname}() takes no keyword arguments", ucd.prefix())));
    }
    let a = args.range(vm, fname, 1, 2)?;
    Ok((char_arg(vm, fname, &a[0], true)?, a.get(1).cloned()))
}

fn name_str(vm: &Vm, names: &[&str], i: u8) -> Value {
    vm.new_str(names.get(i as usize).copied().unwrap_or(""))
}

// ---- the functions, each taking the database it answers for ----

fn category(vm: &mut Vm, ucd: Ucd, args: Args) -> PyResult<Value> {
    let cp = one_char(vm, ucd, "category", args)?;
    Ok(name_str(vm, &db::CATEGORY_NAMES, ucd.props(cp).category))
}

fn bidirectional(vm: &mut Vm, ucd: Ucd, args: Args) -> PyResult<Value> {
    let cp = one_char(vm, ucd, "bidirectional", args)?;
    Ok(name_str(vm, &db::BIDIRECTIONAL_NAMES, ucd.props(cp).bidirectional))
}

fn combining(vm: &mut Vm, ucd: Ucd, args: Args) -> PyResult<Value> {
    let cp = one_char(vm, ucd, "combining", args)?;
    Ok(Value::Int(ucd.props(cp).combining as i64))
}

fn mirrored(vm: &mut Vm, ucd: Ucd, args: Args) -> PyResult<Value> {
    let cp = one_char(vm, ucd, "mirrored", args)?;
    Ok(Value::Int(ucd.props(cp).mirrored as i64))
}

fn east_asian_width(vm: &mut Vm, ucd: Ucd, args: Args) -> PyResult<Value> {
    let cp = one_char(vm, ucd, "east_asian_width", args)?;
    Ok(name_str(vm, &db::EAST_ASIAN_WIDTH_NAMES, ucd.props(cp).east_asian_width))
}

fn decomposition(vm: &mut Vm, ucd: Ucd, args: Args) -> PyResult<Value> {
    let cp = one_char(vm, ucd, "decomposition", args)?;
    if ucd.old && ucd.unassigned(cp) {
        return Ok(vm.new_str(""));
    }
    let (prefix, parts) = norm::decomp_entry(cp);
    let mut s = db::DECOMP_PREFIX.get(prefix).copied().unwrap_or("").to_string();
    for p in parts {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(&format!("{p:04X}"));
    }
    Ok(vm.new_str(s))
}

fn or_default(vm: &Vm, default: Option<Value>, msg: &str) -> PyResult<Value> {
    default.ok_or_else(|| vm.new_value_error(msg.to_string()))
}

fn decimal(vm: &mut Vm, ucd: Ucd, args: Args) -> PyResult<Value> {
    let (cp, default) = char_default(vm, ucd, "decimal", args)?;
    match ucd.props(cp).decimal {
        d if d >= 0 => Ok(Value::Int(d as i64)),
        _ => or_default(vm, default, "not a decimal"),
    }
}

fn digit(vm: &mut Vm, ucd: Ucd, args: Args) -> PyResult<Value> {
    let (cp, default) = char_default(vm, ucd, "digit", args)?;
    match ucd.props(cp).digit {
        d if d >= 0 => Ok(Value::Int(d as i64)),
        _ => or_default(vm, default, "not a digit"),
    }
}

fn numeric(vm: &mut Vm, ucd: Ucd, args: Args) -> PyResult<Value> {
    let (cp, default) = char_default(vm, ucd, "numeric", args)?;
    match ucd.props(cp).numeric {
        0 => or_default(vm, default, "not a numeric character"),
        i => Ok(Value::Float(db::NUMERIC_VALUES.get(i as usize).copied().unwrap_or(0.0))),
    }
}

fn name(vm: &mut Vm, ucd: Ucd, args: Args) -> PyResult<Value> {
    let (cp, default) = char_default(vm, ucd, "name", args)?;
    match char_name(ucd, cp) {
        Some(n) => Ok(vm.new_str(n)),
        None => or_default(vm, default, "no such name"),
    }
}

fn lookup(vm: &mut Vm, ucd: Ucd, args: Args) -> PyResult<Value> {
    let qual = format!("{}lookup", ucd.prefix());
    let a = args.exact(vm, &qual, 1)?;
    let bytes: Vec<u8> = match a[0].as_str() {
        Some(s) => {
            if s.has_surrogates() {
                let msg = format!(
                    "'utf-8' codec can't encode character '\\u{:x}' in position {}: surrogates not allowed",
                    s.code_points().find(|&c| surrogate::is_surrogate(c)).unwrap_or(0xD800),
                    s.code_points().position(surrogate::is_surrogate).unwrap_or(0)
                );
                let exc = vm.exc.unicode_encode_error.clone();
                return Err(vm.new_exception(&exc, msg));
            }
            s.as_str().as_bytes().to_vec()
        }
        None if matches!(a[0].payload(), Some(Payload::ByteArray(_))) => {
            return Err(vm.new_type_error(format!(
                "lookup() argument must be read-only bytes-like object, not {}",
                vm.type_name(&a[0])
            )))
        }
        None => vm::objects::memoryview::bytes_like(vm, &a[0])?,
    };
    if bytes.len() > 256 {
        return Err(vm.new_key_error(vm.new_str("name too long")));
    }
    match lookup_name(ucd, &bytes) {
        Some(Found::Char(cp)) => Ok(vm.new_str(surrogate::char_for(cp).unwrap_or('\u{FFFD}').to_string())),
        Some(Found::Sequence(s)) => Ok(vm.new_str(s)),
        None => {
            // The message shows the name as a C string: up to its first NUL.
            let shown = bytes.split(|&b| b == 0).next().unwrap_or(&[]);
            let msg = format!("undefined character name '{}'", String::from_utf8_lossy(shown));
            Err(vm.new_key_error(vm.new_str(msg)))
        }
    }
}

/// The (form, code points) arguments of `normalize` and `is_normalized`.
fn norm_args(vm: &Vm, fname: &str, args: Args) -> PyResult<(Form, Vec<u32>)> {
    if !args.kwnames.is_empty() {
        return Err(vm.new_type_error(format!("{fname}() takes no keyword arguments")));
    }
    let a = args.pos();
    if a.len() != 2 {
        return Err(vm.new_type_error(format!("{fname} expected 2 arguments, got {}", a.len())));
    }
    let mut strs = [None, None];
    for (i, v) in a.iter().enumerate() {
        match v.as_str() {
            Some(s) => strs[i] = Some(s),
            None => {
                return Err(vm.new_type_error(format!(
                    "{fname}() argument {} must be str, not {}",
                    i + 1,
                    arg_type_name(vm, v)
                )))
            }
        }
    }
    let (Some(form), Some(s)) = (strs[0], strs[1]) else {
        return Err(vm.new_type_error(format!("{fname} expected 2 arguments")));
    };
    let form = Form::parse(form.as_str()).ok_or_else(|| vm.new_value_error("invalid normalization form"))?;
    Ok((form, s.code_points().collect()))
}

fn string_of(cps: &[u32]) -> String {
    cps.iter().map(|&c| surrogate::char_for(c).unwrap_or('\u{FFFD}')).collect()
}

fn normalize(vm: &mut Vm, ucd: Ucd, args: Args) -> PyResult<Value> {
    let (form, cps) = norm_args(vm, "normalize", args)?;
    if cps.iter().all(|&c| c < 0x80) {
        return Ok(args.pos()[1].clone());
    }
    let out = norm::normalize(form, &cps, &ucd);
    if out == cps {
        return Ok(args.pos()[1].clone());
    }
    Ok(vm.new_str(string_of(&out)))
}

fn is_normalized(vm: &mut Vm, ucd: Ucd, args: Args) -> PyResult<Value> {
    let (form, cps) = norm_args(vm, "is_normalized", args)?;
    if cps.iter().all(|&c| c < 0x80) {
        return Ok(Value::Bool(true));
    }
    Ok(Value::Bool(norm::normalize(form, &cps, &ucd) == cps))
}

/// Declares, for each function, the module-level version and the `UCD` method.
macro_rules! both {
    ($($name:ident => $doc:expr),* $(,)?) => {
        mod module_fns {
            use super::*;
            $(pub fn $name(vm: &mut Vm, args: Args) -> PyResult<Value> {
                super::$name(vm, Ucd { old: false }, args)
            })*
        }
        mod ucd_methods {
            use super::*;
            $(pub fn $name(vm: &mut Vm, args: Args) -> PyResult<Value> {
                let rest = split_self(vm, true, args)?;
                super::$name(vm, Ucd { old: true }, rest)
            })*
        }
        const MODULE_FNS: &[(&str, NativeFn, &str)] = &[$((stringify!($name), module_fns::$name, $doc)),*];
        const UCD_METHODS: &[MethodDef] = &[$((stringify!($name), ucd_methods::$name, $doc)),*];
    };
}

both! {
    decimal => "Converts a Unicode character into its equivalent decimal value.",
    digit => "Converts a Unicode character into its equivalent digit value.",
    numeric => "Converts a Unicode character into its equivalent numeric value.",
    category => "Returns the general category assigned to the character chr as string.",
    bidirectional => "Returns the bidirectional class assigned to the character chr as string.",
    combining => "Returns the canonical combining class assigned to the character chr as integer.",
    mirrored => "Returns the mirrored property assigned to the character chr as integer.",
    east_asian_width => "Returns the east asian width assigned to the character chr as string.",
    decomposition => "Returns the character decomposition mapping assigned to the character chr as string.",
    is_normalized => "Return whether the Unicode string unistr is in the normal form 'form'.",
    normalize => "Return the normal form 'form' for the Unicode string unistr.",
    name => "Returns the name assigned to the character chr as a string.",
    lookup => "Look up character by name.",
}

fn ucd_new(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(vm.new_type_error("cannot create 'unicodedata.UCD' instances"))
}

fn ucd_version(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match args.args.first().and_then(native::state::<Ucd>) {
        Some(u) if u.borrow().old => Ok(vm.new_str("3.2.0")),
        Some(_) => Ok(vm.new_str("14.0.0")),
        None => Err(vm.new_type_error("descriptor 'unidata_version' for 'unicodedata.UCD' objects doesn't apply")),
    }
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("unicodedata");
    let d = m.dict.get().unwrap();
    for (name, f, _doc) in MODULE_FNS {
        let fv = vm.new_native_fn(name, *f);
        vm.dict_set_str(&d, name, fv);
    }
    let ucd = native::make_type(vm, "unicodedata", "UCD", None, Layout::Native);
    native::setup(vm, &ucd, Some(ucd_new), UCD_METHODS);
    vm.add_getset(&ucd, "unidata_version", ucd_version, None);
    let old = native::new_instance(vm, &ucd, Ucd { old: true });
    vm.dict_set_str(&d, "UCD", Value::Obj(ucd));
    vm.dict_set_str(&d, "ucd_3_2_0", old);
    vm.dict_set_str(&d, "unidata_version", vm.new_str("14.0.0"));
    Ok(m)
}
