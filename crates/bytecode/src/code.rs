//! Bytecode stage: the code object the compiler produces and the VM runs. It is plain constant
//! data (no VM objects), so a .pyc loads without the compiler and without a running VM.

use num_bigint::BigInt;
use std::rc::Rc;

/// `co_flags` bits, numbered as CPython's.
pub mod flags {
    pub const CO_OPTIMIZED: u32 = 0x0001;
    pub const CO_NEWLOCALS: u32 = 0x0002;
    pub const CO_VARARGS: u32 = 0x0004;
    pub const CO_VARKEYWORDS: u32 = 0x0008;
    pub const CO_NESTED: u32 = 0x0010;
    pub const CO_GENERATOR: u32 = 0x0020;
    pub const CO_NOFREE: u32 = 0x0040;
    pub const CO_COROUTINE: u32 = 0x0080;
    pub const CO_ITERABLE_COROUTINE: u32 = 0x0100;
    pub const CO_ASYNC_GENERATOR: u32 = 0x0200;
}

/// A compile-time constant (an entry of `co_consts`).
#[derive(Clone, Debug)]
pub enum Constant {
    None,
    Ellipsis,
    Bool(bool),
    Int(i64),
    BigInt(BigInt),
    Float(f64),
    Complex { re: f64, im: f64 },
    Str(Rc<str>),
    Bytes(Rc<[u8]>),
    Tuple(Rc<[Constant]>),
    FrozenSet(Rc<[Constant]>),
    Code(Rc<CodeObject>),
}

impl PartialEq for Constant {
    /// Identity for constant-table de-duplication: same type and same value, floats compared
    /// bitwise (so `0.0` and `-0.0` stay distinct, as in CPython's `_PyCode_ConstantKey`).
    fn eq(&self, other: &Self) -> bool {
        use Constant::*;
        match (self, other) {
            (None, None) | (Ellipsis, Ellipsis) => true,
            (Bool(a), Bool(b)) => a == b,
            (Int(a), Int(b)) => a == b,
            (BigInt(a), BigInt(b)) => a == b,
            (Float(a), Float(b)) => a.to_bits() == b.to_bits(),
            (Complex { re: a, im: b }, Complex { re: c, im: d }) => {
                a.to_bits() == c.to_bits() && b.to_bits() == d.to_bits()
            }
            (Str(a), Str(b)) => a == b,
            (Bytes(a), Bytes(b)) => a == b,
            (Tuple(a), Tuple(b)) | (FrozenSet(a), FrozenSet(b)) => a == b,
            (Code(a), Code(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// Source span of one code unit: 1-based lines, 0-based UTF-8 byte columns (as CPython's
/// `co_positions()`); 0 in every field means "no position".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Position {
    pub line: u32,
    pub end_line: u32,
    pub col: u32,
    pub end_col: u32,
}

/// One entry of the exception table: an exception raised by an instruction in
/// `start..end` (code-unit indexes) unwinds the value stack to `depth`, pushes the offset of the
/// raising instruction if `lasti`, pushes the exception and jumps to `target`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExceptionEntry {
    pub start: u32,
    pub end: u32,
    pub target: u32,
    pub depth: u32,
    pub lasti: bool,
}

/// The positions of a code object's units. The compiler builds them decoded; a .pyc load keeps
/// them as the file encodes them (four zigzag varints per unit: line delta from the previous
/// unit, end line delta, column, end column delta; framing already checked) and decodes them on
/// first use: most loaded code never needs a position, and decoded they take 16 bytes per
/// code unit, eight times the code itself, which made up much of start-up's memory and time.
#[derive(Clone, Debug, Default)]
pub struct Positions {
    decoded: std::cell::OnceCell<Vec<Position>>,
    /// The encoded table and its unit count, when loaded from a .pyc.
    encoded: Option<(Box<[u8]>, usize)>,
}

impl Positions {
    /// A table still encoded; `bytes` must hold exactly `n` positions of well-formed varints
    /// (at most 10 bytes each), as `marshal` checks while skipping over them.
    pub fn encoded(bytes: &[u8], n: usize) -> Positions {
        Positions { decoded: std::cell::OnceCell::new(), encoded: Some((bytes.into(), n)) }
    }

    /// The number of positions, without decoding them.
    pub fn len(&self) -> usize {
        match (&self.encoded, self.decoded.get()) {
            (_, Some(v)) => v.len(),
            (Some((_, n)), None) => *n,
            (None, None) => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn decode(bytes: &[u8], n: usize) -> Vec<Position> {
        let mut at = 0;
        let mut next = || {
            let mut v: u64 = 0;
            let mut shift = 0;
            while let Some(&b) = bytes.get(at) {
                at += 1;
                if shift < 64 {
                    v |= ((b & 0x7f) as u64) << shift;
                }
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            ((v >> 1) as i64) ^ -((v & 1) as i64)
        };
        let mut out = Vec::with_capacity(n);
        let mut prev = Position::default();
        for _ in 0..n {
            let line = (prev.line as i64 + next()) as u32;
            let end_line = (line as i64 + next()) as u32;
            let col = next() as u32;
            let end_col = (col as i64 + next()) as u32;
            prev = Position { line, end_line, col, end_col };
            out.push(prev);
        }
        out
    }
}

impl std::ops::Deref for Positions {
    type Target = [Position];
    fn deref(&self) -> &[Position] {
        self.decoded.get_or_init(|| match &self.encoded {
            Some((bytes, n)) => Positions::decode(bytes, *n),
            None => Vec::new(),
        })
    }
}

impl From<Vec<Position>> for Positions {
    fn from(v: Vec<Position>) -> Positions {
        Positions { decoded: std::cell::OnceCell::from(v), encoded: None }
    }
}

impl PartialEq for Positions {
    fn eq(&self, other: &Positions) -> bool {
        **self == **other
    }
}

/// A compiled code object, with CPython's `co_*` names.
#[derive(Clone, Debug)]
pub struct CodeObject {
    pub co_argcount: u32,
    pub co_posonlyargcount: u32,
    pub co_kwonlyargcount: u32,
    pub co_stacksize: u32,
    pub co_flags: u32,
    pub co_firstlineno: u32,
    /// Code units: `opcode | arg << 8`.
    pub co_code: Vec<u16>,
    pub co_consts: Vec<Constant>,
    pub co_names: Vec<Rc<str>>,
    /// Fast locals: parameters first (positional, keyword-only, *args, **kwargs), then the rest.
    pub co_varnames: Vec<Rc<str>>,
    /// Variables of this scope captured by inner scopes.
    pub co_cellvars: Vec<Rc<str>>,
    /// Variables captured from enclosing scopes.
    pub co_freevars: Vec<Rc<str>>,
    pub co_filename: Rc<str>,
    pub co_name: Rc<str>,
    pub co_qualname: Rc<str>,
    /// One position per code unit.
    pub positions: Positions,
    pub exception_table: Vec<ExceptionEntry>,
}

impl CodeObject {
    /// An empty code object, for building up.
    pub fn new(filename: &str, name: &str, qualname: &str, firstlineno: u32) -> CodeObject {
        CodeObject {
            co_argcount: 0,
            co_posonlyargcount: 0,
            co_kwonlyargcount: 0,
            co_stacksize: 0,
            co_flags: 0,
            co_firstlineno: firstlineno,
            co_code: Vec::new(),
            co_consts: Vec::new(),
            co_names: Vec::new(),
            co_varnames: Vec::new(),
            co_cellvars: Vec::new(),
            co_freevars: Vec::new(),
            co_filename: filename.into(),
            co_name: name.into(),
            co_qualname: qualname.into(),
            positions: Positions::default(),
            exception_table: Vec::new(),
        }
    }

    /// Number of positional parameters plus keyword-only ones plus `*args`/`**kwargs`.
    pub fn total_args(&self) -> usize {
        let mut n = (self.co_argcount + self.co_kwonlyargcount) as usize;
        if self.co_flags & flags::CO_VARARGS != 0 {
            n += 1;
        }
        if self.co_flags & flags::CO_VARKEYWORDS != 0 {
            n += 1;
        }
        n
    }

    /// For each cell variable, the index of the parameter it shadows, if any (CPython's
    /// `cell2arg`): such a parameter's value is moved into its cell when the frame starts.
    pub fn cell2arg(&self) -> Vec<Option<usize>> {
        let nargs = self.total_args();
        self.co_cellvars
            .iter()
            .map(|c| self.co_varnames[..nargs.min(self.co_varnames.len())].iter().position(|v| v == c))
            .collect()
    }

    /// The exception-table entry covering code unit `offset`, if any (innermost first: the
    /// compiler emits entries so that the first match is the innermost handler).
    pub fn handler_for(&self, offset: u32) -> Option<&ExceptionEntry> {
        self.exception_table.iter().find(|e| e.start <= offset && offset < e.end)
    }

    /// The line number of code unit `offset`, or `None` when it has no position.
    pub fn line_at(&self, offset: usize) -> Option<u32> {
        self.positions.get(offset).map(|p| p.line).filter(|&l| l != 0)
    }

    /// A copy with `co_filename` replaced in this and every nested code object (CPython's
    /// `_imp._fix_co_filename`, applied when a .pyc compiled elsewhere is loaded for a source).
    pub fn with_filename(self: &Rc<Self>, filename: &str) -> Rc<CodeObject> {
        if &*self.co_filename == filename {
            return self.clone();
        }
        let mut c = (**self).clone();
        c.co_filename = filename.into();
        for k in c.co_consts.iter_mut() {
            if let Constant::Code(inner) = k {
                *k = Constant::Code(inner.with_filename(filename));
            }
        }
        Rc::new(c)
    }

    pub fn is_generator_like(&self) -> bool {
        self.co_flags & (flags::CO_GENERATOR | flags::CO_COROUTINE | flags::CO_ASYNC_GENERATOR) != 0
    }
}
