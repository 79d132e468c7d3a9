//! Compiler stage: Python source text → `bytecode::CodeObject`. Parsing is ruff's; source
//! decoding, syntax-error wording, the symbol table and code generation are ours.

use bytecode::CodeObject;
use std::rc::Rc;

/// What `compile()` is asked to produce, as CPython's `mode` argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A module: a sequence of statements (`'exec'`).
    Exec,
    /// A single expression whose value is returned (`'eval'`).
    Eval,
    /// One interactive statement; expression statements print their value (`'single'`).
    Single,
}

/// Which exception class a compile error becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    SyntaxError,
    IndentationError,
    TabError,
}

/// A syntax error with the fields of CPython's `SyntaxError` exception.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    pub kind: ErrorKind,
    pub msg: String,
    pub filename: String,
    /// 1-based line.
    pub lineno: u32,
    /// 1-based column in characters (CPython's `offset`); 0 when unknown.
    pub offset: u32,
    pub end_lineno: u32,
    pub end_offset: u32,
    /// The offending source line, with its newline, as CPython's `text`; `None` when unknown.
    pub text: Option<String>,
}

/// Options that change code generation.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// `-O` level: 1 drops asserts and sets `__debug__` false; 2 also drops docstrings.
    pub optimize: u8,
}

/// Decodes a source file's bytes to text: a UTF-8 BOM, a PEP 263 coding cookie in the first two
/// lines, else UTF-8. Errors are the SyntaxErrors CPython reports for bad encodings.
pub fn decode_source(bytes: &[u8], filename: &str) -> Result<String, CompileError> {
    let _ = (bytes, filename);
    Err(not_yet(filename))
}

/// Compiles source text into a code object.
pub fn compile(source: &str, filename: &str, mode: Mode, opts: Options) -> Result<Rc<CodeObject>, CompileError> {
    let _ = (source, mode, opts);
    Err(not_yet(filename))
}

fn not_yet(filename: &str) -> CompileError {
    CompileError {
        kind: ErrorKind::SyntaxError,
        msg: "compiler not built yet".into(),
        filename: filename.into(),
        lineno: 1,
        offset: 0,
        end_lineno: 1,
        end_offset: 0,
        text: None,
    }
}
