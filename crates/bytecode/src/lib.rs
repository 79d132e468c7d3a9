//! Bytecode stage (leaf crate): the opcode table, code objects, our marshal format, the .pyc
//! header (PEP 552) and the disassembler. Depends on nothing else of pyrite's.

pub mod code;
pub mod dis;
pub mod marshal;
pub mod opcode;
pub mod pyc;
pub mod surrogate;

pub use code::{flags, CodeObject, Constant, ExceptionEntry, Position};
pub use opcode::{ArgKind, Instruction, Opcode};
