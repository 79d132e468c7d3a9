//! Compiler stage: Python source text → `bytecode::CodeObject`. Parsing is ruff's; source
//! decoding, syntax-error wording, the symbol table and code generation are ours.
//! Pipeline: `encoding` (bytes → text) → ruff parser → `errors` (CPython wording of parse
//! errors) → `future` → `symtable` → `compile`/`stmt`/`expr`/`pattern` (instruction lists) →
//! `assemble` (code units, positions, exception table, stack depth).

mod assemble;
mod ast_export;
mod compile;
mod consts;
mod encoding;
mod errors;
mod expr;
mod future;
mod literals;
mod pattern;
mod stmt;
mod strings311;
mod symtable;
mod unparse;

#[cfg(test)]
mod tests;

pub use ast_export::{parse_ast, AstMode, AstNode, AstPos, AstValue};
use bytecode::CodeObject;
use ruff_python_ast::{Mod, PythonVersion};
use ruff_python_parser::{parse_unchecked, ParseOptions};
use ruff_text_size::TextRange;
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
    pub offset: i32,
    pub end_lineno: u32,
    /// As `offset`; CPython 3.11 reports -1 when the error sits at the end of the input.
    pub end_offset: i32,
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
    encoding::decode_source(bytes, filename)
}

/// Compiles source text into a code object.
pub fn compile(source: &str, filename: &str, mode: Mode, opts: Options) -> Result<Rc<CodeObject>, CompileError> {
    // CPython's tokenizer ends module input ('exec', and every file) with a newline; 'eval'
    // and 'single' input is read as given, which moves errors at its end.
    let with_newline;
    let source = if mode == Mode::Exec && !source.ends_with('\n') {
        with_newline = format!("{source}\n");
        with_newline.as_str()
    } else {
        source
    };
    let pmode = match mode {
        Mode::Exec | Mode::Single => ruff_python_parser::Mode::Module,
        Mode::Eval => ruff_python_parser::Mode::Expression,
    };
    let popts = ParseOptions::from(pmode).with_target_version(PythonVersion::PY311);
    let parsed = parse_unchecked(source, popts);
    if let Some(e) = errors::first_parse_error(source, filename, &parsed, mode) {
        return Err(e);
    }
    let err_at = |msg: String, range: TextRange| errors::error_at(source, filename, ErrorKind::SyntaxError, msg, range);
    // Errors found after parsing show the line as read back from the file, as CPython does.
    let late_err = |msg: String, range: TextRange| errors::late_error(source, filename, msg, range);
    let mut tree = parsed.into_syntax();
    literals::fix_module(&mut tree, source).map_err(|(msg, r)| err_at(msg, r))?;
    match &tree {
        Mod::Module(m) => {
            let fut = future::parse_future(&m.body).map_err(|(msg, r)| late_err(msg, r))?;
            let st =
                symtable::SymbolTable::build_module(&m.body, fut.annotations).map_err(|e| late_err(e.msg, e.range))?;
            let mut c = compile::Compiler::new(source, filename, opts, st);
            c.future_annotations = fut.annotations;
            c.future_positions = future::leading_future_positions(&m.body);
            c.interactive = mode == Mode::Single;
            c.enter_scope("<module>", compile::UnitKind::Module, 0, 1);
            c.compile_module_body(&m.body).map_err(|e| late_err(e.msg, e.range))?;
            c.finish_function_body();
            Ok(c.exit_scope())
        }
        Mod::Expression(e) => {
            let st = symtable::SymbolTable::build_expr(&e.body).map_err(|e| late_err(e.msg, e.range))?;
            let mut c = compile::Compiler::new(source, filename, opts, st);
            c.enter_scope("<module>", compile::UnitKind::Module, 0, 1);
            c.visit_expr(&e.body).map_err(|e| late_err(e.msg, e.range))?;
            c.emit(bytecode::opcode::Opcode::RETURN_VALUE);
            Ok(c.exit_scope())
        }
    }
}
