//! Bytecode stage: how a Python `str` holding lone surrogates (U+D800..U+DFFF) travels inside
//! Rust text. Guarantees: every surrogate has exactly one stand-in character and back.
//!
//! Python strings are sequences of code points, surrogates included (`"\ud800"`, the
//! `surrogateescape` error handler, `chr(0xdc80)`), but a Rust `str` cannot hold a surrogate.
//! pyrite keeps its strings as UTF-8 and writes surrogate U+D800+k as the stand-in U+DD800+k,
//! in plane 13, which no Unicode version has assigned. By construction every character of
//! U+DD800..U+DDFFF inside a pyrite string *is* a surrogate: the places where code points enter
//! (source literals, `chr`, decoders, `%c`) turn surrogates into stand-ins and refuse a genuine
//! U+DD800..U+DDFFF with a clear error instead of confusing the two. The stand-ins have the
//! same length, indexing and character classes (unassigned: not printable, not alphanumeric, no
//! case) as the surrogates they represent; `ord`, `repr`, hashing, ordering and the codecs map
//! them back.

/// The stand-in for U+D800; U+DFFF's is U+DDFFF.
pub const STAND_IN_BASE: u32 = 0xDD800;

/// Is `u` one of the stand-in code points?
#[inline]
fn is_stand_in(u: u32) -> bool {
    (STAND_IN_BASE..STAND_IN_BASE + 0x800).contains(&u)
}

/// Is `u` a surrogate code point?
#[inline]
pub fn is_surrogate(u: u32) -> bool {
    (0xD800..0xE000).contains(&u)
}

/// The character carrying code point `u` in pyrite's text: itself, or a surrogate's stand-in.
/// `None` when `u` is beyond U+10FFFF or is one of the reserved stand-ins.
pub fn char_for(u: u32) -> Option<char> {
    if is_surrogate(u) {
        return char::from_u32(u - 0xD800 + STAND_IN_BASE);
    }
    if is_stand_in(u) {
        return None;
    }
    char::from_u32(u)
}

/// The Python code point a character of pyrite's text stands for.
#[inline]
pub fn code_of(c: char) -> u32 {
    let u = c as u32;
    if is_stand_in(u) {
        u - STAND_IN_BASE + 0xD800
    } else {
        u
    }
}

/// Does this text contain a stand-in? (Stand-ins are encoded in UTF-8 as F3 9D A0..BF xx.)
pub fn has_stand_in(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&x| x == 0xF3) {
        let at = i + off;
        if b.get(at + 1) == Some(&0x9D) && b.get(at + 2).is_some_and(|&x| x >= 0xA0) {
            return true;
        }
        i = at + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for u in [0xD800, 0xDBFF, 0xDC80, 0xDFFF] {
            let c = char_for(u).unwrap();
            assert_eq!(code_of(c), u);
            assert!(has_stand_in(&c.to_string()));
        }
        assert_eq!(char_for(0x41), Some('A'));
        assert_eq!(char_for(0xDD7FF), char::from_u32(0xDD7FF));
        assert_eq!(char_for(0xDE000), char::from_u32(0xDE000));
        assert_eq!(char_for(0x10FFFF), char::from_u32(0x10FFFF));
        assert_eq!(char_for(0xDD800), None);
        assert_eq!(char_for(0xDDFFF), None);
        assert_eq!(char_for(0x110000), None);
        assert!(!has_stand_in("abc\u{DD7FF}\u{DE000}\u{F3}"));
        assert!(has_stand_in("abc\u{DDFFF}"));
    }
}
