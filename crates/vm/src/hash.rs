//! VM stage: `hash()` of builtin values, bit-for-bit CPython 3.11's (Python/pyhash.c,
//! Objects/longobject.c, floatobject.c, tupleobject.c), so dict and set layouts, and hence set
//! iteration order, match CPython's.

use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;
use siphasher::sip::SipHasher13;
use std::cell::Cell;
use std::hash::Hasher;

/// `_PyHASH_MODULUS`: the Mersenne prime 2**61 - 1.
pub const MODULUS: u64 = (1 << 61) - 1;
pub const HASH_BITS: u32 = 61;
pub const HASH_INF: i64 = 314159;
pub const HASH_IMAG: i64 = 1000003;

/// Hash of an int that fits in i64 (`long_hash`).
#[inline]
pub fn hash_i64(v: i64) -> i64 {
    let m = v.unsigned_abs() % MODULUS;
    let h = if v < 0 { -(m as i64) } else { m as i64 };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// Hash of an arbitrary-precision int.
pub fn hash_bigint(v: &BigInt) -> i64 {
    if let Some(i) = v.to_i64() {
        return hash_i64(i);
    }
    // Reduce the magnitude mod 2**61-1 from the most significant 30-bit digit down, exactly as
    // long_hash does digit by digit (the result only depends on the value, so 32-bit chunks work).
    let (sign, digits) = v.to_u32_digits();
    let mut x: u64 = 0;
    for &d in digits.iter().rev() {
        // x = (x * 2**32 + d) mod M, with the rotation trick: multiply by 2**32 is a rotate by 32
        // within 61 bits.
        x = ((x << 32) & MODULUS) | (x >> (HASH_BITS - 32));
        x += d as u64;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let h = if sign == Sign::Minus { -(x as i64) } else { x as i64 };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `_Py_HashDouble` (without the NaN identity part, which the caller handles).
pub fn hash_f64(v: f64) -> Option<i64> {
    if v.is_infinite() {
        return Some(if v > 0.0 { HASH_INF } else { -HASH_INF });
    }
    if v.is_nan() {
        return None;
    }
    let (mut m, mut e) = frexp(v);
    let mut sign = 1i64;
    if m < 0.0 {
        sign = -1;
        m = -m;
    }
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (HASH_BITS - 28));
        m *= 268435456.0; // 2**28
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let e = if e >= 0 { e % HASH_BITS as i32 } else { HASH_BITS as i32 - 1 - ((-1 - e) % HASH_BITS as i32) };
    x = ((x << e) & MODULUS) | (x >> (HASH_BITS as i32 - e));
    let h = x as i64 * sign;
    Some(if h == -1 { -2 } else { h })
}

/// C's `frexp`: v = m * 2**e with 0.5 <= |m| < 1.
pub fn frexp(v: f64) -> (f64, i32) {
    if v == 0.0 || !v.is_finite() {
        return (v, 0);
    }
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale up first.
        let (m, e) = frexp(v * 2f64.powi(64));
        return (m, e - 64);
    }
    let e = exp - 1022;
    let m = f64::from_bits((bits & !(0x7ffu64 << 52)) | (1022u64 << 52));
    (m, e)
}

crate::gil_local! {
    static SIP_KEY: std::cell::Cell<(u64, u64)> = const { std::cell::Cell::new((0, 0)) };
}

/// `sys.flags.hash_randomization`: off only when `PYTHONHASHSEED=0` gave the zero key.
pub fn hash_randomization() -> bool {
    SIP_KEY.with(|k| k.get()) != (0, 0)
}

/// Sets the SipHash key from `PYTHONHASHSEED`: 0 gives the zero key (CPython's "disabled"
/// randomisation, whose hashes tests compare against); another number fills the key with
/// CPython's LCG (`lcg_urandom`); `None` picks a random key.
pub fn init_hash_seed(seed: Option<u32>) {
    let key = match seed {
        Some(0) => (0, 0),
        Some(s) => {
            let mut x = s;
            let mut bytes = [0u8; 16];
            for b in bytes.iter_mut() {
                x = x.wrapping_mul(214013).wrapping_add(2531011);
                *b = ((x >> 16) & 0xff) as u8;
            }
            (u64::from_le_bytes(bytes[..8].try_into().unwrap()), u64::from_le_bytes(bytes[8..].try_into().unwrap()))
        }
        None => {
            let t =
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
            let p = std::process::id() as u128;
            let mix = t ^ (p << 64) ^ (t << 17);
            (mix as u64, (mix >> 64) as u64 ^ 0x9e3779b97f4a7c15)
        }
    };
    SIP_KEY.with(|k| k.set(key));
}

fn sip(bytes: &[u8]) -> i64 {
    let (k0, k1) = SIP_KEY.with(|k| k.get());
    let mut h = SipHasher13::new_with_keys(k0, k1);
    h.write(bytes);
    let v = h.finish() as i64;
    if v == -1 {
        -2
    } else {
        v
    }
}

/// Hash of a str: SipHash-1-3 over CPython's compact layout (1, 2 or 4 bytes per code point,
/// chosen by the widest code point); the empty string hashes to 0.
pub fn hash_str(s: &str) -> i64 {
    if s.is_empty() {
        return 0;
    }
    if s.is_ascii() {
        return sip(s.as_bytes());
    }
    // CPython hashes the PEP 393 buffer: 1, 2 or 4 bytes per code point by the largest one.
    // Surrogate stand-ins hash as the surrogates they carry.
    let code = bytecode::surrogate::code_of;
    let max = s.chars().map(code).max().unwrap_or(0);
    if max < 0x100 {
        let buf: Vec<u8> = s.chars().map(|c| c as u32 as u8).collect();
        sip(&buf)
    } else if max < 0x10000 {
        let mut buf = Vec::with_capacity(s.len() * 2);
        for c in s.chars() {
            buf.extend_from_slice(&(code(c) as u16).to_ne_bytes());
        }
        sip(&buf)
    } else {
        let mut buf = Vec::with_capacity(s.len() * 4);
        for c in s.chars() {
            buf.extend_from_slice(&code(c).to_ne_bytes());
        }
        sip(&buf)
    }
}

crate::gil_local! {
    static NAME_CACHE: [[Cell<(usize, usize, i64)>; NAME_WAYS]; NAME_SETS] =
        const { [const { [const { Cell::new((0, 0, 0)) }; NAME_WAYS] }; NAME_SETS] };
}

/// `static_name_hash`'s cache: 64 sets of 4 ways. The VM uses a few dozen static names in hot
/// paths; a direct-mapped table let two of them evict each other on every use, recomputing
/// SipHash each time.
const NAME_SETS: usize = 64;
const NAME_WAYS: usize = 4;

/// `hash_str` for the VM's own `'static` names (`"__add__"`, …), cached by address and length:
/// special method lookups happen on every operator dispatch.
#[inline]
pub fn static_name_hash(name: &'static str) -> i64 {
    let (ptr, len) = (name.as_ptr() as usize, name.len());
    let mixed = ((ptr ^ len) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let set = (mixed >> 58) as usize;
    NAME_CACHE.with(|c| {
        let ways = &c[set];
        for way in ways {
            let (p, l, h) = way.get();
            if p == ptr && l == len {
                return h;
            }
        }
        let h = hash_str(name);
        // Replace a way chosen by other bits of the mix (no recency bookkeeping on hits).
        ways[(mixed >> 56) as usize % NAME_WAYS].set((ptr, len, h));
        h
    })
}

/// Hash of bytes (same SipHash, empty is 0).
pub fn hash_bytes(b: &[u8]) -> i64 {
    if b.is_empty() {
        0
    } else {
        sip(b)
    }
}

/// Combines item hashes as `tuplehash` (xxHash-based) does.
pub fn hash_tuple(items: impl ExactSizeIterator<Item = i64>) -> i64 {
    const P1: u64 = 11400714785074694791;
    const P2: u64 = 14029467366897019727;
    const P5: u64 = 2870177450012600261;
    let len = items.len() as u64;
    let mut acc = P5;
    for h in items {
        acc = acc.wrapping_add((h as u64).wrapping_mul(P2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(P1);
    }
    acc = acc.wrapping_add(len ^ (P5 ^ 3527539));
    if acc == u64::MAX {
        return 1546275796;
    }
    acc as i64
}

/// `frozenset.__hash__` over the item hashes (order independent), as `frozenset_hash`.
pub fn hash_frozenset(items: impl Iterator<Item = i64>, len: usize) -> i64 {
    fn shuffle(h: u64) -> u64 {
        ((h ^ 89869747) ^ (h << 16)).wrapping_mul(3644798167)
    }
    let mut hash: u64 = 0;
    for h in items {
        hash ^= shuffle(h as u64);
    }
    // CPython walks the whole table, xoring empty and dummy slots too, then xors out an odd
    // count of each: the net effect is exactly the active entries, as here.
    hash ^= ((len as u64).wrapping_add(1)).wrapping_mul(1927868237);
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash.wrapping_mul(69069).wrapping_add(907133923);
    if hash == u64::MAX {
        hash = 590923713;
    }
    hash as i64
}

/// Hash of a complex number (`complex_hash`).
pub fn hash_complex(re: f64, im: f64) -> Option<i64> {
    let hr = hash_f64(re)? as u64;
    let hi = hash_f64(im)? as u64;
    let c = hr.wrapping_add((HASH_IMAG as u64).wrapping_mul(hi)) as i64;
    Some(if c == -1 { -2 } else { c })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints_and_floats_match_cpython() {
        assert_eq!(hash_i64(-1), -2);
        assert_eq!(hash_i64(1 << 61), 1);
        assert_eq!(hash_f64(1.5), Some(1152921504606846977));
        assert_eq!(hash_f64(0.1), Some(230584300921369408));
        assert_eq!(hash_f64(-2.0), Some(-2));
        assert_eq!(hash_bigint(&(BigInt::from(1) << 100usize)), 549755813888);
        assert_eq!(hash_bigint(&-(BigInt::from(1) << 100usize)), -549755813888);
        assert_eq!(hash_tuple([1i64, 2].into_iter()), -3550055125485641917);
        assert_eq!(hash_tuple(std::iter::empty()), 5740354900026072187);
        assert_eq!(hash_frozenset(std::iter::empty(), 0), 133146708735736);
        assert_eq!(hash_frozenset([1i64, 2, 3].into_iter(), 3), -272375401224217160);
        assert_eq!(hash_complex(1.0, 2.0), Some(2000007));
    }

    #[test]
    fn str_hash_with_seed_zero() {
        init_hash_seed(Some(0));
        assert_eq!(hash_str(""), 0);
        assert_eq!(hash_str("a"), 4644417185603328019);
        // Lone surrogates (as stand-ins) hash as CPython's UCS-2/UCS-4 buffers do.
        let sur = |u| bytecode::surrogate::char_for(u).unwrap();
        assert_eq!(hash_str(&sur(0xD800).to_string()), 5926611903945376553);
        assert_eq!(hash_str(&format!("a{}b", sur(0xDC80))), -8433413711979397542);
        assert_eq!(hash_str(&format!("{}\u{10000}", sur(0xD800))), 3890810975481426107);
        assert_eq!(hash_str("é"), 6047309291227476195);
        assert_eq!(hash_str("€"), -5529981157763016009);
        assert_eq!(hash_str("😀"), -3536540696076613844);
        assert_eq!(hash_bytes(b"ab"), 6148830537548944441);
        assert_eq!(hash_str("hello"), -2096571579003691106);
    }
}
