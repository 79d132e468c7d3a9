//! Bytecode stage: the .pyc file layout (PEP 552). A 16-byte header (magic, flags, then either
//! source mtime + size or a source hash) followed by the marshalled code object. Reading checks
//! everything and reports why a file is unusable; it never panics on foreign or corrupt input.

use crate::code::CodeObject;
use crate::marshal;
use std::rc::Rc;

/// pyrite's own magic number: a 16-bit version then `\r\n`, like CPython's (3495 for 3.11),
/// but in a range CPython never uses so neither implementation mistakes the other's files.
/// Bump `MAGIC_NUMBER` whenever the opcode table or the marshal format changes.
pub const MAGIC_NUMBER: u16 = 20002;
pub const MAGIC: [u8; 4] = [(MAGIC_NUMBER & 0xff) as u8, (MAGIC_NUMBER >> 8) as u8, b'\r', b'\n'];
/// The opcode table this magic number was assigned for (see `opcode::table_fingerprint`).
pub const OPCODE_FINGERPRINT: u64 = 0xddfa2aafec9ed26f;

/// `sys.implementation.cache_tag`: names the files in `__pycache__`.
pub const CACHE_TAG: &str = "pyrite-311";

pub const FLAG_HASH_BASED: u32 = 0b01;
pub const FLAG_CHECK_SOURCE: u32 = 0b10;

/// How a .pyc says it relates to its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validation {
    /// Valid while the source's mtime (seconds, truncated to 32 bits) and size match.
    Timestamp { mtime: u32, size: u32 },
    /// Valid while the source hashes to this value; `check_source` false means "unchecked"
    /// (trusted without reading the source), as PEP 552.
    Hash { hash: u64, check_source: bool },
}

/// Why a .pyc cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PycError {
    BadMagic,
    Truncated,
    BadFlags,
    Corrupt(String),
}

/// Hash of source bytes for hash-based .pyc files (FNV-1a 64: our format only needs change
/// detection, not CPython's keyed SipHash).
pub fn source_hash(source: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in source {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Serialises a header plus code object.
pub fn write(code: &CodeObject, validation: Validation) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(&MAGIC);
    match validation {
        Validation::Timestamp { mtime, size } => {
            out.extend_from_slice(&0u32.to_le_bytes());
            out.extend_from_slice(&mtime.to_le_bytes());
            out.extend_from_slice(&size.to_le_bytes());
        }
        Validation::Hash { hash, check_source } => {
            let flags = FLAG_HASH_BASED | if check_source { FLAG_CHECK_SOURCE } else { 0 };
            out.extend_from_slice(&flags.to_le_bytes());
            out.extend_from_slice(&hash.to_le_bytes());
        }
    }
    out.extend_from_slice(&marshal::dumps_code(code));
    out
}

/// Reads just the header.
pub fn read_header(data: &[u8]) -> Result<Validation, PycError> {
    if data.len() < 4 || data[..4] != MAGIC {
        return Err(if data.len() < 4 { PycError::Truncated } else { PycError::BadMagic });
    }
    if data.len() < 16 {
        return Err(PycError::Truncated);
    }
    let word = |i: usize| u32::from_le_bytes(data[i..i + 4].try_into().unwrap());
    let flags = word(4);
    match flags {
        0 => Ok(Validation::Timestamp { mtime: word(8), size: word(12) }),
        f if f & !(FLAG_HASH_BASED | FLAG_CHECK_SOURCE) == 0 && f & FLAG_HASH_BASED != 0 => Ok(Validation::Hash {
            hash: u64::from_le_bytes(data[8..16].try_into().unwrap()),
            check_source: f & FLAG_CHECK_SOURCE != 0,
        }),
        _ => Err(PycError::BadFlags),
    }
}

/// Reads a whole .pyc: header and code object.
pub fn read(data: &[u8]) -> Result<(Validation, Rc<CodeObject>), PycError> {
    let v = read_header(data)?;
    let code = marshal::loads_code(&data[16..]).map_err(|e| PycError::Corrupt(e.0))?;
    Ok((v, code))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opcode::{encode, table_fingerprint, Opcode};

    /// The opcode table is part of the .pyc format: if this fails, you changed the table. Bump
    /// `MAGIC_NUMBER` and then set `OPCODE_FINGERPRINT` to the value printed here.
    #[test]
    fn magic_tracks_opcode_table() {
        let fp = table_fingerprint();
        assert!(
            OPCODE_FINGERPRINT == fp,
            "opcode table changed: bump MAGIC_NUMBER and set OPCODE_FINGERPRINT = {fp:#x}"
        );
    }

    #[test]
    fn header_round_trip_and_rejections() {
        let mut c = CodeObject::new("m.py", "<module>", "<module>", 1);
        c.co_code = vec![encode(Opcode::RETURN_VALUE, 0)];
        c.positions = vec![Default::default()].into();
        let ts = Validation::Timestamp { mtime: 1234, size: 56 };
        let data = write(&c, ts);
        assert_eq!(read(&data).unwrap().0, ts);
        let hv = Validation::Hash { hash: source_hash(b"x = 1\n"), check_source: true };
        assert_eq!(read(&write(&c, hv)).unwrap().0, hv);
        let mut bad = data.clone();
        bad[0] ^= 1;
        assert_eq!(read(&bad).unwrap_err(), PycError::BadMagic);
        assert_eq!(read(&data[..10]).unwrap_err(), PycError::Truncated);
        let mut flags = data.clone();
        flags[4] = 4;
        assert_eq!(read(&flags).unwrap_err(), PycError::BadFlags);
        assert!(matches!(read(&data[..data.len() - 1]), Err(PycError::Corrupt(_))));
        // CPython 3.11's own magic is foreign to us.
        let mut cpy = data;
        cpy[..4].copy_from_slice(&[0xa7, 0x0d, b'\r', b'\n']);
        assert_eq!(read(&cpy).unwrap_err(), PycError::BadMagic);
    }
}
