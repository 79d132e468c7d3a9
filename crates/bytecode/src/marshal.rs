//! Bytecode stage: our marshal format.
