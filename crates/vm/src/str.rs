//! VM stage: the storage of `str` values. UTF-8 text with its length in code points and a
//! cached hash; indexing is O(1) when the text is ASCII (the common case) and a scan otherwise.
//! Lone surrogates are carried as stand-in characters (`bytecode::surrogate`); a flag bit
//! remembers whether a string has any, so hashing, ordering and encoding stay fast without.
//! Text of up to 15 bytes (names, dict keys, numbers, words) lives inside the object itself,
//! so a short string costs one allocation, not two.

use bytecode::surrogate;
use std::cell::Cell;

/// The top bit of `PyStr::nchars`: the text contains surrogate stand-ins.
const HAS_SURROGATES: usize = 1 << (usize::BITS - 1);
/// The next bit: the text is stored inline (`Text::inline`).
const INLINE: usize = 1 << (usize::BITS - 2);
/// Longest text stored inline; the last byte of the inline buffer holds the length.
const INLINE_CAP: usize = 15;

pub struct PyStr {
    text: Text,
    /// Length in code points, with `HAS_SURROGATES` and `INLINE` or-ed in.
    nchars: usize,
    /// Cached `hash()`; `i64::MIN` when not computed yet (-1 is never a hash).
    hash: Cell<i64>,
}

/// The UTF-8 bytes: inline (`INLINE` set in `nchars`) or a heap `Box<str>` taken apart.
union Text {
    inline: [u8; INLINE_CAP + 1],
    heap: HeapText,
}

#[derive(Clone, Copy)]
struct HeapText {
    ptr: *mut u8,
    len: usize,
}

impl Drop for PyStr {
    fn drop(&mut self) {
        if self.nchars & INLINE == 0 {
            // SAFETY: without INLINE, `heap` holds the parts of a `Box<str>` this value owns.
            unsafe {
                let HeapText { ptr, len } = self.text.heap;
                drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len) as *mut str));
            }
        }
    }
}

impl PyStr {
    /// A str of `s` (short text is copied inline and the box freed).
    pub fn new(s: impl Into<Box<str>>) -> PyStr {
        PyStr::from_text(s.into())
    }

    /// A str of `s`. Short text is copied inline (and a `String`/`Box<str>` argument freed);
    /// longer text keeps the argument's allocation when it has one, so a `&str` of up to 15
    /// bytes is never allocated at all.
    pub fn from_text<S: AsRef<str> + Into<Box<str>>>(s: S) -> PyStr {
        let t = s.as_ref();
        let nchars = if t.is_ascii() {
            t.len()
        } else {
            let n = t.chars().count();
            if surrogate::has_stand_in(t) {
                n | HAS_SURROGATES
            } else {
                n
            }
        };
        if t.len() <= INLINE_CAP {
            let mut inline = [0u8; INLINE_CAP + 1];
            inline[..t.len()].copy_from_slice(t.as_bytes());
            inline[INLINE_CAP] = t.len() as u8;
            return PyStr { text: Text { inline }, nchars: nchars | INLINE, hash: Cell::new(i64::MIN) };
        }
        let b: Box<str> = s.into();
        let len = b.len();
        let ptr = Box::into_raw(b) as *mut u8;
        PyStr { text: Text { heap: HeapText { ptr, len } }, nchars, hash: Cell::new(i64::MIN) }
    }

    #[inline]
    pub fn as_str(&self) -> &str {
        // SAFETY: `INLINE` says which union field is live; both hold valid UTF-8 written by
        // `new` and never changed.
        unsafe {
            let bytes = if self.nchars & INLINE != 0 {
                let b = &self.text.inline;
                b.get_unchecked(..b[INLINE_CAP] as usize)
            } else {
                std::slice::from_raw_parts(self.text.heap.ptr, self.text.heap.len)
            };
            std::str::from_utf8_unchecked(bytes)
        }
    }

    /// Does the string contain lone surrogates (as stand-ins)?
    #[inline]
    pub fn has_surrogates(&self) -> bool {
        self.nchars & HAS_SURROGATES != 0
    }

    /// The Python code points, surrogates included.
    pub fn code_points(&self) -> impl Iterator<Item = u32> + '_ {
        self.as_str().chars().map(surrogate::code_of)
    }

    /// The code point at index `i` (0 <= i < char_len), as `ord()` sees it.
    pub fn code_at(&self, i: usize) -> u32 {
        surrogate::code_of(self.char_at(i))
    }

    /// Length in code points (`len()`).
    #[inline]
    pub fn char_len(&self) -> usize {
        self.nchars & !(HAS_SURROGATES | INLINE)
    }

    #[inline]
    pub fn is_ascii(&self) -> bool {
        (self.nchars & !INLINE) == self.as_str().len()
    }

    /// Python's ordering of strings: by code point, where a surrogate sorts below U+E000.
    pub fn cmp_code_points(&self, other: &PyStr) -> std::cmp::Ordering {
        if self.has_surrogates() || other.has_surrogates() {
            self.code_points().cmp(other.code_points())
        } else {
            self.as_str().cmp(other.as_str())
        }
    }

    #[inline]
    pub fn hash(&self) -> i64 {
        let h = self.hash.get();
        if h != i64::MIN {
            return h;
        }
        let h = crate::hash::hash_str(self.as_str());
        self.hash.set(h);
        h
    }

    /// The code point at index `i` (0 <= i < char_len).
    pub fn char_at(&self, i: usize) -> char {
        if self.is_ascii() {
            self.as_str().as_bytes()[i] as char
        } else {
            self.as_str().chars().nth(i).unwrap_or('\0')
        }
    }

    /// Byte offset of code point index `i` (i may equal char_len).
    pub fn byte_offset(&self, i: usize) -> usize {
        if self.is_ascii() {
            i
        } else {
            self.as_str().char_indices().nth(i).map(|(b, _)| b).unwrap_or(self.as_str().len())
        }
    }

    /// The substring of code points `start..end`.
    pub fn slice(&self, start: usize, end: usize) -> &str {
        if start >= end {
            return "";
        }
        let b0 = self.byte_offset(start);
        let b1 = if self.is_ascii() {
            end
        } else {
            b0 + self.as_str()[b0..].char_indices().nth(end - start).map(|(b, _)| b).unwrap_or(self.as_str().len() - b0)
        };
        &self.as_str()[b0..b1]
    }

    /// Code point index of byte offset `b`.
    pub fn char_index(&self, b: usize) -> usize {
        if self.is_ascii() {
            b
        } else {
            self.as_str()[..b].chars().count()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_and_heap_text_round_trip() {
        // Around the inline limit, in bytes: ASCII, two-byte and four-byte characters.
        for text in ["", "a", "fifteen bytes!!", "sixteen bytes!!!", "é", "ééééééé", "éééééééé", "\u{1F600}x"]
        {
            for s in [PyStr::new(text), PyStr::from_text(text), PyStr::from_text(text.to_string())] {
                assert_eq!(s.as_str(), text);
                assert_eq!(s.char_len(), text.chars().count());
                assert_eq!(s.is_ascii(), text.is_ascii());
                assert!(!s.has_surrogates());
                assert_eq!(s.hash(), crate::hash::hash_str(text));
            }
        }
        let long = "x".repeat(1000);
        assert_eq!(PyStr::from_text(long.as_str()).as_str(), long);
        assert_eq!(std::mem::size_of::<PyStr>(), 32);
    }
}
