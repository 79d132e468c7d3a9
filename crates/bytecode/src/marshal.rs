//! Bytecode stage: pyrite's own marshal format for code objects and constants. `loads` never
//! panics and never trusts its input: truncated or malformed data is an `Err`, so a corrupt
//! .pyc is rejected (and recompiled) rather than run.
//!
//! Layout: every value starts with a one-byte tag; integers are LEB128 varints (signed ones
//! zig-zag encoded); strings and byte strings are a varint length then the bytes.

use crate::code::{CodeObject, Constant, ExceptionEntry, Position, Positions};
use crate::opcode::{self, Opcode};
use num_bigint::{BigInt, Sign};
use std::rc::Rc;

const T_NONE: u8 = b'N';
const T_ELLIPSIS: u8 = b'.';
const T_FALSE: u8 = b'F';
const T_TRUE: u8 = b'T';
const T_INT: u8 = b'i';
const T_BIGINT: u8 = b'l';
const T_FLOAT: u8 = b'g';
const T_COMPLEX: u8 = b'y';
const T_STR: u8 = b'u';
const T_BYTES: u8 = b's';
const T_TUPLE: u8 = b'(';
const T_FROZENSET: u8 = b'>';
const T_CODE: u8 = b'c';

/// Why data could not be unmarshalled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarshalError(pub String);

impl std::fmt::Display for MarshalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Serialises a code object.
pub fn dumps_code(code: &CodeObject) -> Vec<u8> {
    let mut w = Writer { out: Vec::new() };
    w.code(code);
    w.out
}

/// Deserialises a code object written by `dumps_code`; the whole input must be consumed.
pub fn loads_code(data: &[u8]) -> Result<Rc<CodeObject>, MarshalError> {
    let mut r = Reader { data, pos: 0, depth: 0, strings: Default::default() };
    let tag = r.byte()?;
    if tag != T_CODE {
        return Err(MarshalError("bad marshal data (not a code object)".into()));
    }
    let code = r.code()?;
    if r.pos != data.len() {
        return Err(MarshalError("bad marshal data (trailing bytes)".into()));
    }
    Ok(code)
}

struct Writer {
    out: Vec<u8>,
}

impl Writer {
    fn uvar(&mut self, mut v: u64) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.out.push(b);
                return;
            }
            self.out.push(b | 0x80);
        }
    }
    fn svar(&mut self, v: i64) {
        self.uvar(((v << 1) ^ (v >> 63)) as u64);
    }
    fn bytes(&mut self, b: &[u8]) {
        self.uvar(b.len() as u64);
        self.out.extend_from_slice(b);
    }
    fn strs(&mut self, v: &[Rc<str>]) {
        self.uvar(v.len() as u64);
        for s in v {
            self.bytes(s.as_bytes());
        }
    }
    fn constant(&mut self, c: &Constant) {
        match c {
            Constant::None => self.out.push(T_NONE),
            Constant::Ellipsis => self.out.push(T_ELLIPSIS),
            Constant::Bool(false) => self.out.push(T_FALSE),
            Constant::Bool(true) => self.out.push(T_TRUE),
            Constant::Int(i) => {
                self.out.push(T_INT);
                self.svar(*i);
            }
            Constant::BigInt(b) => {
                self.out.push(T_BIGINT);
                let (sign, mag) = b.to_bytes_le();
                self.out.push(matches!(sign, Sign::Minus) as u8);
                self.bytes(&mag);
            }
            Constant::Float(f) => {
                self.out.push(T_FLOAT);
                self.out.extend_from_slice(&f.to_le_bytes());
            }
            Constant::Complex { re, im } => {
                self.out.push(T_COMPLEX);
                self.out.extend_from_slice(&re.to_le_bytes());
                self.out.extend_from_slice(&im.to_le_bytes());
            }
            Constant::Str(s) => {
                self.out.push(T_STR);
                self.bytes(s.as_bytes());
            }
            Constant::Bytes(b) => {
                self.out.push(T_BYTES);
                self.bytes(b);
            }
            Constant::Tuple(items) | Constant::FrozenSet(items) => {
                self.out.push(if matches!(c, Constant::Tuple(_)) { T_TUPLE } else { T_FROZENSET });
                self.uvar(items.len() as u64);
                for item in items.iter() {
                    self.constant(item);
                }
            }
            Constant::Code(code) => self.code(code),
        }
    }
    fn code(&mut self, c: &CodeObject) {
        self.out.push(T_CODE);
        for v in
            [c.co_argcount, c.co_posonlyargcount, c.co_kwonlyargcount, c.co_stacksize, c.co_flags, c.co_firstlineno]
        {
            self.uvar(v as u64);
        }
        self.uvar(c.co_code.len() as u64);
        for unit in &c.co_code {
            self.out.extend_from_slice(&unit.to_le_bytes());
        }
        self.uvar(c.co_consts.len() as u64);
        for k in &c.co_consts {
            self.constant(k);
        }
        self.strs(&c.co_names);
        self.strs(&c.co_varnames);
        self.strs(&c.co_cellvars);
        self.strs(&c.co_freevars);
        self.bytes(c.co_filename.as_bytes());
        self.bytes(c.co_name.as_bytes());
        self.bytes(c.co_qualname.as_bytes());
        // Positions are delta-encoded against the previous unit: most deltas are 0 or small.
        self.uvar(c.positions.len() as u64);
        let mut prev = Position::default();
        for p in c.positions.iter() {
            self.svar(p.line as i64 - prev.line as i64);
            self.svar(p.end_line as i64 - p.line as i64);
            self.svar(p.col as i64);
            self.svar(p.end_col as i64 - p.col as i64);
            prev = *p;
        }
        self.uvar(c.exception_table.len() as u64);
        for e in &c.exception_table {
            self.uvar(e.start as u64);
            self.uvar(e.end as u64);
            self.uvar(e.target as u64);
            self.uvar(e.depth as u64);
            self.out.push(e.lasti as u8);
        }
    }
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    depth: u32,
    /// The strings read so far, shared: a module's code objects repeat its file name and
    /// many names, which then take one allocation each.
    strings: rustc_hash::FxHashMap<&'a [u8], Rc<str>>,
}

fn bad(what: &str) -> MarshalError {
    MarshalError(format!("bad marshal data ({what})"))
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, MarshalError> {
        let b = *self.data.get(self.pos).ok_or_else(|| bad("truncated"))?;
        self.pos += 1;
        Ok(b)
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], MarshalError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.data.len()).ok_or_else(|| bad("truncated"))?;
        let s = &self.data[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    /// A varint; most (position deltas, small counts) are one byte, read inline.
    #[inline]
    fn uvar(&mut self) -> Result<u64, MarshalError> {
        match self.data.get(self.pos) {
            Some(&b) if b < 0x80 => {
                self.pos += 1;
                Ok(b as u64)
            }
            _ => self.uvar_long(),
        }
    }

    #[cold]
    fn uvar_long(&mut self) -> Result<u64, MarshalError> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(bad("varint too long"))
    }
    fn u32v(&mut self) -> Result<u32, MarshalError> {
        u32::try_from(self.uvar()?).map_err(|_| bad("number out of range"))
    }
    #[inline]
    fn svar(&mut self) -> Result<i64, MarshalError> {
        Ok(zigzag(self.uvar()?))
    }
    /// A length, checked against the bytes left so a corrupt length cannot allocate wildly.
    fn len(&mut self) -> Result<usize, MarshalError> {
        let n = self.uvar()?;
        if n > (self.data.len() - self.pos) as u64 {
            return Err(bad("length out of range"));
        }
        Ok(n as usize)
    }
    fn string(&mut self) -> Result<Rc<str>, MarshalError> {
        let n = self.len()?;
        let b = self.take(n)?;
        if let Some(s) = self.strings.get(b) {
            return Ok(s.clone());
        }
        let s: Rc<str> = std::str::from_utf8(b).map(Rc::from).map_err(|_| bad("invalid utf-8"))?;
        self.strings.insert(b, s.clone());
        Ok(s)
    }
    fn strs(&mut self) -> Result<Vec<Rc<str>>, MarshalError> {
        let n = self.len()?;
        (0..n).map(|_| self.string()).collect()
    }
    fn f64(&mut self) -> Result<f64, MarshalError> {
        let b = self.take(8)?;
        Ok(f64::from_le_bytes(b.try_into().unwrap()))
    }
    fn constant(&mut self) -> Result<Constant, MarshalError> {
        Ok(match self.byte()? {
            T_NONE => Constant::None,
            T_ELLIPSIS => Constant::Ellipsis,
            T_FALSE => Constant::Bool(false),
            T_TRUE => Constant::Bool(true),
            T_INT => Constant::Int(self.svar()?),
            T_BIGINT => {
                let neg = self.byte()? != 0;
                let n = self.len()?;
                let mag = self.take(n)?;
                Constant::BigInt(BigInt::from_bytes_le(if neg { Sign::Minus } else { Sign::Plus }, mag))
            }
            T_FLOAT => Constant::Float(self.f64()?),
            T_COMPLEX => {
                let re = self.f64()?;
                Constant::Complex { re, im: self.f64()? }
            }
            T_STR => Constant::Str(self.string()?),
            T_BYTES => {
                let n = self.len()?;
                Constant::Bytes(Rc::from(self.take(n)?))
            }
            tag @ (T_TUPLE | T_FROZENSET) => {
                let n = self.len()?;
                let items: Vec<Constant> = (0..n).map(|_| self.constant()).collect::<Result<_, _>>()?;
                if tag == T_TUPLE {
                    Constant::Tuple(items.into())
                } else {
                    Constant::FrozenSet(items.into())
                }
            }
            T_CODE => Constant::Code(self.code()?),
            other => return Err(bad(&format!("unknown tag {other:#x}"))),
        })
    }
    /// Steps over `count` varints, checking that none is longer than ten bytes. Eight bytes at
    /// a time while far from the end: a byte without its high bit ends a varint.
    fn skip_varints(&mut self, count: usize) -> Result<(), MarshalError> {
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let (mut ends, mut run) = (0usize, 0u32);
        while let Some(w) = self.data.get(self.pos..self.pos + 8) {
            let hi = u64::from_le_bytes(w.try_into().unwrap()) & HIGH;
            let terminators = 8 - hi.count_ones() as usize;
            // Only whole words that end before the last varint ends: its tail is not ours.
            if ends + terminators >= count {
                break;
            }
            if terminators == 0 {
                run += 8;
            } else {
                // Continuation bytes at the bottom of the word extend the run from the last word.
                let low = (!hi & HIGH).trailing_zeros() / 8;
                if run + low >= 10 {
                    return Err(bad("varint too long"));
                }
                run = (!hi & HIGH).leading_zeros() / 8;
            }
            if run >= 10 {
                return Err(bad("varint too long"));
            }
            ends += terminators;
            self.pos += 8;
        }
        while ends < count {
            let b = self.byte()?;
            if b & 0x80 == 0 {
                ends += 1;
                run = 0;
            } else {
                run += 1;
                if run >= 10 {
                    return Err(bad("varint too long"));
                }
            }
        }
        Ok(())
    }

    fn code(&mut self) -> Result<Rc<CodeObject>, MarshalError> {
        self.depth += 1;
        if self.depth > 200 {
            return Err(bad("nesting too deep"));
        }
        let mut c = CodeObject::new("", "", "", 0);
        c.co_argcount = self.u32v()?;
        c.co_posonlyargcount = self.u32v()?;
        c.co_kwonlyargcount = self.u32v()?;
        c.co_stacksize = self.u32v()?;
        c.co_flags = self.u32v()?;
        c.co_firstlineno = self.u32v()?;
        let n = self.len()?;
        let raw = self.take(n.checked_mul(2).ok_or_else(|| bad("length"))?)?;
        c.co_code = raw.chunks_exact(2).map(|p| u16::from_le_bytes([p[0], p[1]])).collect();
        let n = self.len()?;
        c.co_consts = (0..n).map(|_| self.constant()).collect::<Result<_, _>>()?;
        c.co_names = self.strs()?;
        c.co_varnames = self.strs()?;
        c.co_cellvars = self.strs()?;
        c.co_freevars = self.strs()?;
        c.co_filename = self.string()?;
        c.co_name = self.string()?;
        c.co_qualname = self.string()?;
        // Positions stay encoded (decoded on first use): only their framing is checked here,
        // four varints of at most ten bytes per unit.
        let n = self.len()?;
        let start = self.pos;
        let want = n.checked_mul(4).ok_or_else(|| bad("length"))?;
        self.skip_varints(want)?;
        c.positions = Positions::encoded(&self.data[start..self.pos], n);
        let n = self.len()?;
        for _ in 0..n {
            let e = ExceptionEntry {
                start: self.u32v()?,
                end: self.u32v()?,
                target: self.u32v()?,
                depth: self.u32v()?,
                lasti: self.byte()? != 0,
            };
            c.exception_table.push(e);
        }
        self.depth -= 1;
        validate(&c)?;
        Ok(Rc::new(c))
    }
}

/// The signed value of a zigzag-encoded varint.
#[inline(always)]
fn zigzag(u: u64) -> i64 {
    ((u >> 1) as i64) ^ -((u & 1) as i64)
}

/// Checks the invariants the VM relies on without re-checking: known opcodes, operands in range
/// of their tables, jump and handler targets inside the code, a last instruction that does not
/// fall through, one position per code unit.
pub fn validate(c: &CodeObject) -> Result<(), MarshalError> {
    let n = c.co_code.len();
    if c.positions.len() != n {
        return Err(bad("position table size"));
    }
    if c.co_varnames.len() < c.total_args() {
        return Err(bad("too few varnames"));
    }
    if !opcode::ends_with_terminator(&c.co_code) {
        return Err(bad("code does not end with a return, raise or jump"));
    }
    let ncells = c.co_cellvars.len() + c.co_freevars.len();
    // `opcode::decode` without its vector: this runs for every code object loaded.
    let mut ext: u32 = 0;
    for (offset, &unit) in c.co_code.iter().enumerate() {
        let op = Opcode::from_u8((unit & 0xff) as u8)
            .ok_or_else(|| bad(&format!("unknown opcode {} at {}", unit & 0xff, offset)))?;
        let arg = ext | (unit >> 8) as u32;
        if op == Opcode::EXTENDED_ARG {
            ext = arg << 8;
            continue;
        }
        ext = 0;
        let a = arg as usize;
        let ok = match op.arg_kind() {
            opcode::ArgKind::Const => a < c.co_consts.len(),
            opcode::ArgKind::Name => a < c.co_names.len(),
            opcode::ArgKind::Local => a < c.co_varnames.len(),
            opcode::ArgKind::Free => a < ncells,
            opcode::ArgKind::Jump => a < n,
            opcode::ArgKind::Compare => a < opcode::CMP_OPS.len(),
            opcode::ArgKind::BinaryOp => a < opcode::BINARY_OPS.len(),
            opcode::ArgKind::None | opcode::ArgKind::Count => true,
        };
        if !ok {
            return Err(bad(&format!("operand out of range at {offset}")));
        }
    }
    for e in &c.exception_table {
        if e.start > e.end || e.end as usize > n || e.target as usize >= n || e.depth > c.co_stacksize {
            return Err(bad("exception table entry"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opcode::{encode, Opcode};

    fn sample() -> CodeObject {
        let mut c = CodeObject::new("f.py", "<module>", "<module>", 1);
        c.co_code = vec![encode(Opcode::LOAD_CONST, 0), encode(Opcode::RETURN_VALUE, 0)];
        c.positions = vec![Position { line: 1, end_line: 1, col: 0, end_col: 3 }; 2].into();
        c.co_stacksize = 1;
        c.co_consts = vec![Constant::Tuple(
            vec![
                Constant::Int(-5),
                Constant::BigInt(BigInt::from(1u8) << 100),
                Constant::Float(-0.0),
                Constant::Str("hé".into()),
                Constant::Bytes(b"\x00\xff"[..].into()),
                Constant::None,
            ]
            .into(),
        )];
        c
    }

    #[test]
    fn round_trip() {
        let c = sample();
        let data = dumps_code(&c);
        let back = loads_code(&data).unwrap();
        assert_eq!(back.co_consts, c.co_consts);
        assert_eq!(back.co_code, c.co_code);
        assert_eq!(back.positions, c.positions);
        assert_eq!(dumps_code(&back), data);
    }

    #[test]
    fn every_truncation_is_an_error() {
        let data = dumps_code(&sample());
        for cut in 0..data.len() {
            assert!(loads_code(&data[..cut]).is_err(), "cut at {cut}");
        }
    }

    /// Positions stay encoded on load; the word-at-a-time skip must land exactly where the
    /// byte-by-byte one would, whatever mix of short and long varints the table holds.
    #[test]
    fn encoded_positions_round_trip() {
        let mut c = sample();
        let n = 40;
        c.co_code = vec![encode(Opcode::NOP, 0); n - 1];
        c.co_code.push(encode(Opcode::RETURN_VALUE, 0));
        c.positions = (0..n as u32)
            .map(|i| {
                let line = if i % 7 == 3 { 100_000 + i * 1000 } else { 1 + i / 3 };
                Position { line, end_line: line + i % 2, col: i * (1 + (i % 5) * 40), end_col: i * 300 }
            })
            .collect::<Vec<_>>()
            .into();
        let back = loads_code(&dumps_code(&c)).unwrap();
        assert_eq!(back.positions.len(), n);
        assert_eq!(back.positions, c.positions);
        assert_eq!(back.exception_table.len(), c.exception_table.len());
    }

    #[test]
    fn overlong_position_varint_rejected() {
        let mut r = Reader { data: &[0x80; 12], pos: 0, depth: 0, strings: Default::default() };
        assert!(r.skip_varints(1).is_err());
        let mut data = vec![0u8; 8];
        data.extend([0x80; 9]);
        data.push(0);
        let mut r = Reader { data: &data, pos: 0, depth: 0, strings: Default::default() };
        assert!(r.skip_varints(9).is_ok() && r.pos == data.len());
        data.insert(9, 0x80);
        let mut r = Reader { data: &data, pos: 0, depth: 0, strings: Default::default() };
        assert!(r.skip_varints(9).is_err());
    }

    #[test]
    fn code_running_off_its_end_rejected() {
        let mut c = sample();
        c.co_code[1] = encode(Opcode::NOP, 0);
        assert!(loads_code(&dumps_code(&c)).is_err());
        c.co_code[1] = encode(Opcode::POP_JUMP_IF_TRUE, 0);
        assert!(loads_code(&dumps_code(&c)).is_err());
        c.co_code.clear();
        c.positions = Vec::new().into();
        assert!(loads_code(&dumps_code(&c)).is_err());
    }

    #[test]
    fn bad_operand_rejected() {
        let mut c = sample();
        c.co_code[0] = encode(Opcode::LOAD_CONST, 9);
        assert!(loads_code(&dumps_code(&c)).is_err());
    }
}
