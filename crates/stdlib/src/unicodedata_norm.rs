//! Stdlib stage: Unicode normalization for `unicodedata.normalize` — full (compatibility)
//! decomposition with Hangul by rule, canonical ordering by combining class, and canonical
//! composition of primary composites (the exclusion table is folded into the composition
//! pairs), as UAX #15 and CPython 3.11 define them. Works on code points, so lone surrogates
//! pass through unchanged; never panics.

use crate::unicodedata_db::{COMPOSITIONS, DECOMP_DATA, DECOMP_INDEX1, DECOMP_INDEX2, DECOMP_SHIFT, OLD_CORRECTIONS};

pub const S_BASE: u32 = 0xAC00;
pub const L_BASE: u32 = 0x1100;
pub const V_BASE: u32 = 0x1161;
pub const T_BASE: u32 = 0x11A7;
pub const L_COUNT: u32 = 19;
pub const V_COUNT: u32 = 21;
pub const T_COUNT: u32 = 28;
pub const N_COUNT: u32 = V_COUNT * T_COUNT;
pub const S_COUNT: u32 = L_COUNT * N_COUNT;

/// The decomposition of `cp`: (prefix index, code points); an empty slice when it has none.
pub fn decomp_entry(cp: u32) -> (usize, &'static [u32]) {
    if cp >= 0x110000 {
        return (0, &[]);
    }
    let block = DECOMP_INDEX1[(cp >> DECOMP_SHIFT) as usize] as usize;
    let at = DECOMP_INDEX2[(block << DECOMP_SHIFT) + (cp & ((1 << DECOMP_SHIFT) - 1)) as usize] as usize;
    let head = DECOMP_DATA[at];
    let count = (head >> 8) as usize;
    (head as usize & 0xFF, &DECOMP_DATA[at + 1..at + 1 + count])
}

/// The normalization forms, as `normalize` names them.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Nfc,
    Nfkc,
    Nfd,
    Nfkd,
}

impl Form {
    pub fn parse(s: &str) -> Option<Form> {
        Some(match s {
            "NFC" => Form::Nfc,
            "NFKC" => Form::Nfkc,
            "NFD" => Form::Nfd,
            "NFKD" => Form::Nfkd,
            _ => return None,
        })
    }
}

/// What normalization needs to know about the database version: the combining class of a code
/// point (always the current one, as CPython), and for Unicode 3.2.0 which characters were
/// unassigned then.
pub trait NormData {
    fn combining(&self, cp: u32) -> u8;
    /// Was `cp` unassigned in the version asked for (only ever true for 3.2.0)?
    fn unassigned(&self, cp: u32) -> bool;
    fn old(&self) -> bool;
}

fn decompose_one(cp: u32, compat: bool, data: &dyn NormData, out: &mut Vec<u32>) {
    if (S_BASE..S_BASE + S_COUNT).contains(&cp) {
        let s = cp - S_BASE;
        out.push(L_BASE + s / N_COUNT);
        out.push(V_BASE + (s % N_COUNT) / T_COUNT);
        if !s.is_multiple_of(T_COUNT) {
            out.push(T_BASE + s % T_COUNT);
        }
        return;
    }
    if data.old() {
        if let Ok(i) = OLD_CORRECTIONS.binary_search_by_key(&cp, |e| e.0) {
            decompose_one(OLD_CORRECTIONS[i].1, compat, data, out);
            return;
        }
        if data.unassigned(cp) {
            out.push(cp);
            return;
        }
    }
    let (prefix, parts) = decomp_entry(cp);
    if parts.is_empty() || (prefix != 0 && !compat) {
        out.push(cp);
        return;
    }
    for &p in parts {
        decompose_one(p, compat, data, out);
    }
}

/// Full decomposition followed by the canonical ordering of combining marks.
pub fn decompose(cps: &[u32], compat: bool, data: &dyn NormData) -> Vec<u32> {
    let mut out = Vec::with_capacity(cps.len());
    for &cp in cps {
        decompose_one(cp, compat, data, &mut out);
    }
    // Canonical ordering: a stable sort of every run of non-starters by combining class.
    let mut i = 0;
    while i < out.len() {
        if data.combining(out[i]) == 0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < out.len() && data.combining(out[i]) != 0 {
            i += 1;
        }
        if i - start > 1 {
            out[start..i].sort_by_key(|&c| data.combining(c));
        }
    }
    out
}

/// The primary composite of `a` followed by `b`, Hangul included.
fn compose_pair(a: u32, b: u32) -> Option<u32> {
    if (L_BASE..L_BASE + L_COUNT).contains(&a) && (V_BASE..V_BASE + V_COUNT).contains(&b) {
        return Some(S_BASE + ((a - L_BASE) * V_COUNT + (b - V_BASE)) * T_COUNT);
    }
    if (S_BASE..S_BASE + S_COUNT).contains(&a)
        && (a - S_BASE).is_multiple_of(T_COUNT)
        && (T_BASE + 1..T_BASE + T_COUNT).contains(&b)
    {
        return Some(a + (b - T_BASE));
    }
    COMPOSITIONS.binary_search_by(|e| (e.0, e.1).cmp(&(a, b))).ok().map(|i| COMPOSITIONS[i].2)
}

/// Canonical composition of a decomposed, canonically ordered sequence.
pub fn compose(cps: Vec<u32>, data: &dyn NormData) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::with_capacity(cps.len());
    let mut starter: Option<usize> = None;
    let mut last_class: u16 = 0;
    for cp in cps {
        let class = data.combining(cp) as u16;
        if let Some(s) = starter {
            // Unblocked: nothing between the starter and `cp`, or everything between has a
            // lower (non-zero) combining class.
            let unblocked = out.len() == s + 1 || (last_class != 0 && last_class < class);
            if unblocked {
                if let Some(c) = compose_pair(out[s], cp) {
                    out[s] = c;
                    continue;
                }
            }
        }
        if class == 0 {
            starter = Some(out.len());
            last_class = 0;
        } else {
            last_class = class;
        }
        out.push(cp);
    }
    out
}

/// `normalize(form, s)` over code points.
pub fn normalize(form: Form, cps: &[u32], data: &dyn NormData) -> Vec<u32> {
    let compat = matches!(form, Form::Nfkc | Form::Nfkd);
    let d = decompose(cps, compat, data);
    match form {
        Form::Nfc | Form::Nfkc => compose(d, data),
        Form::Nfd | Form::Nfkd => d,
    }
}
