//! Bytecode stage: disassembler.
