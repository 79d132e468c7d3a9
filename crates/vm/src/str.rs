//! VM stage: the storage of `str` values. UTF-8 text with its length in code points and a
//! cached hash; indexing is O(1) when the text is ASCII (the common case) and a scan otherwise.
//! Lone surrogates are carried as stand-in characters (`bytecode::surrogate`); a flag bit
//! remembers whether a string has any, so hashing, ordering and encoding stay fast without.

use bytecode::surrogate;
use std::cell::Cell;

/// The top bit of `PyStr::nchars`: the text contains surrogate stand-ins.
const HAS_SURROGATES: usize = 1 << (usize::BITS - 1);

pub struct PyStr {
    s: Box<str>,
    /// Length in code points, with `HAS_SURROGATES` or-ed in.
    nchars: usize,
    /// Cached `hash()`; `i64::MIN` when not computed yet (-1 is never a hash).
    hash: Cell<i64>,
}

impl PyStr {
    pub fn new(s: impl Into<Box<str>>) -> PyStr {
        let s: Box<str> = s.into();
        let nchars = if s.is_ascii() {
            s.len()
        } else {
            let n = s.chars().count();
            if surrogate::has_stand_in(&s) {
                n | HAS_SURROGATES
            } else {
                n
            }
        };
        PyStr { s, nchars, hash: Cell::new(i64::MIN) }
    }

    /// Does the string contain lone surrogates (as stand-ins)?
    #[inline]
    pub fn has_surrogates(&self) -> bool {
        self.nchars & HAS_SURROGATES != 0
    }

    /// The Python code points, surrogates included.
    pub fn code_points(&self) -> impl Iterator<Item = u32> + '_ {
        self.s.chars().map(surrogate::code_of)
    }

    /// The code point at index `i` (0 <= i < char_len), as `ord()` sees it.
    pub fn code_at(&self, i: usize) -> u32 {
        surrogate::code_of(self.char_at(i))
    }

    #[inline]
    pub fn as_str(&self) -> &str {
        &self.s
    }

    /// Length in code points (`len()`).
    #[inline]
    pub fn char_len(&self) -> usize {
        self.nchars & !HAS_SURROGATES
    }

    #[inline]
    pub fn is_ascii(&self) -> bool {
        self.nchars == self.s.len()
    }

    /// Python's ordering of strings: by code point, where a surrogate sorts below U+E000.
    pub fn cmp_code_points(&self, other: &PyStr) -> std::cmp::Ordering {
        if self.has_surrogates() || other.has_surrogates() {
            self.code_points().cmp(other.code_points())
        } else {
            self.s.cmp(&other.s)
        }
    }

    #[inline]
    pub fn hash(&self) -> i64 {
        let h = self.hash.get();
        if h != i64::MIN {
            return h;
        }
        let h = crate::hash::hash_str(&self.s);
        self.hash.set(h);
        h
    }

    /// The code point at index `i` (0 <= i < char_len).
    pub fn char_at(&self, i: usize) -> char {
        if self.is_ascii() {
            self.s.as_bytes()[i] as char
        } else {
            self.s.chars().nth(i).unwrap_or('\0')
        }
    }

    /// Byte offset of code point index `i` (i may equal char_len).
    pub fn byte_offset(&self, i: usize) -> usize {
        if self.is_ascii() {
            i
        } else {
            self.s.char_indices().nth(i).map(|(b, _)| b).unwrap_or(self.s.len())
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
            b0 + self.s[b0..].char_indices().nth(end - start).map(|(b, _)| b).unwrap_or(self.s.len() - b0)
        };
        &self.s[b0..b1]
    }

    /// Code point index of byte offset `b`.
    pub fn char_index(&self, b: usize) -> usize {
        if self.is_ascii() {
            b
        } else {
            self.s[..b].chars().count()
        }
    }
}
