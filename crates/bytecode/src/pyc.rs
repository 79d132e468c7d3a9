//! Bytecode stage: .pyc header.
