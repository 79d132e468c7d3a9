//! Code-generation stage, core (CPython's compile.c: units, emit helpers, name resolution,
//! closures, code-object construction). Guarantees: each compiler unit becomes one
//! `CodeObject` whose names/varnames/cellvars/freevars/flags follow CPython 3.11's layout;
//! every emitted instruction records the innermost active exception handler.

use crate::assemble::{Instr, InstrList, Kind, Label};
use crate::symtable::{mangle, BlockType, NameScope, ScopeId, SymbolTable, DEF_FREE_CLASS};
use crate::Options;
use bytecode::code::flags::*;
use bytecode::opcode::Opcode;
use bytecode::{CodeObject, Constant, Position};
use ruff_text_size::{TextRange, TextSize};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

/// An error found while generating code (a SyntaxError at `range`).
#[derive(Debug)]
pub struct CodegenError {
    pub msg: String,
    pub range: TextRange,
}

pub type CResult<T = ()> = Result<T, CodegenError>;

pub fn cerr<T>(msg: impl Into<String>, range: TextRange) -> CResult<T> {
    Err(CodegenError { msg: msg.into(), range })
}

/// CPython's `compiler_scope_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitKind {
    Module,
    Class,
    Function,
    AsyncFunction,
    Lambda,
    Comprehension,
}

/// CPython's `fblocktype`: what `return`/`break`/`continue` must unwind.
#[derive(Clone, Debug)]
pub enum FBlockKind {
    WhileLoop,
    ForLoop,
    TryExcept,
    /// The finally body; points into the AST, which outlives the compiler.
    FinallyTry(*const [ruff_python_ast::Stmt]),
    FinallyEnd,
    With,
    AsyncWith,
    HandlerCleanup(Option<String>),
    PopValue,
    ExceptionHandler,
    ExceptionGroupHandler,
    AsyncComprehensionGenerator,
}

#[derive(Clone, Debug)]
pub struct FBlock {
    pub kind: FBlockKind,
    /// Loop start (continue target).
    pub block: Label,
    /// Loop exit (break target).
    pub exit: Option<Label>,
    /// Handler-stack length before this block's handlers were set up.
    pub handler_len: usize,
    /// Position of the statement, for artificial unwinding code.
    pub pos: Position,
}

pub struct Unit {
    pub scope: ScopeId,
    pub kind: UnitKind,
    pub il: InstrList,
    pub consts: Vec<Constant>,
    const_index: HashMap<u64, Vec<u32>>,
    pub names: Vec<Rc<str>>,
    name_index: HashMap<String, u32>,
    pub varnames: Vec<String>,
    var_index: HashMap<String, u32>,
    pub cellvars: Vec<String>,
    pub freevars: Vec<String>,
    pub fblocks: Vec<FBlock>,
    pub handler_stack: Vec<u32>,
    pub pos: Position,
    pub name: String,
    pub qualname: String,
    pub firstlineno: u32,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub private: Option<String>,
}

pub struct Compiler<'s> {
    pub src: &'s str,
    line_starts: Vec<TextSize>,
    pub filename: Rc<str>,
    pub opts: Options,
    pub st: SymbolTable,
    pub units: Vec<Unit>,
    pub future_annotations: bool,
    pub interactive: bool,
    /// Statements nested inside `finally` bodies being unwound (for line numbers).
    pub nest_level: u32,
    /// Start offsets of the leading `from __future__` imports.
    pub future_positions: Vec<TextSize>,
}

fn const_hash(c: &Constant) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    std::mem::discriminant(c).hash(&mut h);
    match c {
        Constant::Bool(b) => b.hash(&mut h),
        Constant::Int(i) => i.hash(&mut h),
        Constant::BigInt(b) => b.hash(&mut h),
        Constant::Float(f) => f.to_bits().hash(&mut h),
        Constant::Complex { re, im } => (re.to_bits(), im.to_bits()).hash(&mut h),
        Constant::Str(s) => s.hash(&mut h),
        Constant::Bytes(b) => b.hash(&mut h),
        Constant::Tuple(t) | Constant::FrozenSet(t) => {
            t.len().hash(&mut h);
            for x in t.iter() {
                const_hash(x).hash(&mut h);
            }
        }
        Constant::Code(c) => (Rc::as_ptr(c) as usize).hash(&mut h),
        Constant::None | Constant::Ellipsis => {}
    }
    h.finish()
}

impl<'s> Compiler<'s> {
    pub fn new(src: &'s str, filename: &str, opts: Options, st: SymbolTable) -> Compiler<'s> {
        let idx = ruff_source_file::LineIndex::from_source_text(src);
        Compiler {
            src,
            line_starts: idx.line_starts().to_vec(),
            filename: filename.into(),
            opts,
            st,
            units: Vec::new(),
            future_annotations: false,
            interactive: false,
            nest_level: 0,
            future_positions: Vec::new(),
        }
    }

    /// (1-based line, 0-based byte column) of a source offset.
    pub fn line_col(&self, off: TextSize) -> (u32, u32) {
        let i = self.line_starts.partition_point(|&s| s <= off).max(1) - 1;
        (i as u32 + 1, u32::from(off) - u32::from(self.line_starts[i]))
    }

    pub fn position(&self, r: TextRange) -> Position {
        let (line, col) = self.line_col(r.start());
        let (end_line, end_col) = self.line_col(r.end());
        Position { line, end_line, col, end_col }
    }

    pub fn u(&mut self) -> &mut Unit {
        self.units.last_mut().unwrap()
    }

    pub fn ur(&self) -> &Unit {
        self.units.last().unwrap()
    }

    pub fn set_loc(&mut self, r: TextRange) {
        let p = self.position(r);
        self.u().pos = p;
    }

    /// The position of an instruction the compiler adds on its own (a loop's jump back):
    /// CPython gives it none and then lets it inherit the previous instruction's, if that one
    /// is in the same basic block (`UNSET_LOC` + `propagate_line_numbers`).
    pub fn artificial_loc(&mut self) {
        let p = self.ur().il.position_to_inherit().unwrap_or_default();
        self.u().pos = p;
    }

    // ---- units ----

    pub fn enter_scope(&mut self, name: &str, kind: UnitKind, scope: ScopeId, firstlineno: u32) {
        let ste = &self.st.scopes[scope];
        let mut cellvars: Vec<String> =
            ste.symbols.iter().filter(|(_, s)| s.scope == NameScope::Cell).map(|(n, _)| n.clone()).collect();
        cellvars.sort();
        if ste.needs_class_closure {
            cellvars.insert(0, "__class__".to_string());
        }
        let mut freevars: Vec<String> = ste
            .symbols
            .iter()
            .filter(|(_, s)| s.scope == NameScope::Free || s.flags & DEF_FREE_CLASS != 0)
            .map(|(n, _)| n.clone())
            .collect();
        freevars.sort();
        let varnames: Vec<String> = ste.varnames.clone();
        let var_index = varnames.iter().enumerate().map(|(i, n)| (n.clone(), i as u32)).collect();
        let private = if kind == UnitKind::Class {
            Some(name.to_string())
        } else {
            self.units.last().and_then(|u| u.private.clone())
        };
        let mut unit = Unit {
            scope,
            kind,
            il: InstrList::default(),
            consts: Vec::new(),
            const_index: HashMap::new(),
            names: Vec::new(),
            name_index: HashMap::new(),
            varnames,
            var_index,
            cellvars,
            freevars,
            fblocks: Vec::new(),
            handler_stack: Vec::new(),
            pos: Position { line: firstlineno, end_line: firstlineno, col: 0, end_col: 0 },
            name: name.to_string(),
            qualname: String::new(),
            firstlineno,
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            private,
        };
        unit.qualname = self.qualname_for(&unit);
        self.units.push(unit);
    }

    fn qualname_for(&self, u: &Unit) -> String {
        let Some(parent) = self.units.last() else {
            return u.name.clone();
        };
        if parent.kind == UnitKind::Module {
            return u.name.clone();
        }
        let mut force_global = false;
        if matches!(u.kind, UnitKind::Function | UnitKind::AsyncFunction | UnitKind::Class) {
            let m = mangle(parent.private.as_deref(), &u.name);
            if self.st.scopes[parent.scope].scope_of(&m) == NameScope::GlobalExplicit {
                force_global = true;
            }
        }
        if force_global {
            return u.name.clone();
        }
        let base = if matches!(parent.kind, UnitKind::Function | UnitKind::AsyncFunction | UnitKind::Lambda) {
            format!("{}.<locals>", parent.qualname)
        } else {
            parent.qualname.clone()
        };
        format!("{base}.{}", u.name)
    }

    /// Finishes the current unit into a code object.
    pub fn exit_scope(&mut self) -> Rc<CodeObject> {
        let u = self.units.pop().unwrap();
        let ste = &self.st.scopes[u.scope];
        let asm = u.il.assemble();
        let mut flags = 0;
        if ste.kind == BlockType::Function {
            flags |= CO_NEWLOCALS | CO_OPTIMIZED;
            if ste.nested {
                flags |= CO_NESTED;
            }
            match (ste.generator, ste.coroutine) {
                (true, false) => flags |= CO_GENERATOR,
                (false, true) => flags |= CO_COROUTINE,
                (true, true) => flags |= CO_ASYNC_GENERATOR,
                _ => {}
            }
            if ste.varargs {
                flags |= CO_VARARGS;
            }
            if ste.varkeywords {
                flags |= CO_VARKEYWORDS;
            }
        }
        let mut co = CodeObject::new(&self.filename, &u.name, &u.qualname, u.firstlineno);
        co.co_argcount = u.argcount;
        co.co_posonlyargcount = u.posonlyargcount;
        co.co_kwonlyargcount = u.kwonlyargcount;
        co.co_stacksize = asm.stacksize;
        co.co_flags = flags;
        co.co_code = asm.code;
        co.positions = asm.positions.into();
        co.exception_table = asm.exception_table;
        co.co_consts = u.consts;
        co.co_names = u.names;
        co.co_varnames = u.varnames.iter().map(|s| Rc::from(s.as_str())).collect();
        co.co_cellvars = u.cellvars.iter().map(|s| Rc::from(s.as_str())).collect();
        co.co_freevars = u.freevars.iter().map(|s| Rc::from(s.as_str())).collect();
        Rc::new(co)
    }

    // ---- emitting ----

    pub fn emit_full(&mut self, op: Opcode, arg: u32, target: Option<Label>) {
        let u = self.u();
        let handler = u.handler_stack.last().copied();
        let pos = u.pos;
        u.il.instrs.push(Instr { kind: Kind::Op { op, arg, target }, pos, handler });
    }

    pub fn emit(&mut self, op: Opcode) {
        self.emit_full(op, 0, None);
    }

    pub fn emit_arg(&mut self, op: Opcode, arg: u32) {
        self.emit_full(op, arg, None);
    }

    pub fn emit_jump(&mut self, op: Opcode, target: Label) {
        self.emit_full(op, 0, Some(target));
    }

    pub fn new_label(&mut self) -> Label {
        self.u().il.new_label()
    }

    pub fn bind(&mut self, l: Label) {
        self.u().il.bind(l);
    }

    /// CPython's SETUP_FINALLY / SETUP_CLEANUP / SETUP_WITH: from here until `pop_block`,
    /// exceptions go to `target`. `pop` items above the handler depth are discarded as well
    /// (1 for SETUP_WITH, whose enter-result is consumed by the body).
    pub fn setup_block(&mut self, target: Label, lasti: bool, pop: u32) {
        let u = self.u();
        let h = u.il.new_handler(target, lasti, pop);
        let pos = u.pos;
        let handler = u.handler_stack.last().copied();
        u.il.instrs.push(Instr { kind: Kind::Setup(h), pos, handler });
        u.handler_stack.push(h);
    }

    pub fn pop_block(&mut self) {
        self.u().handler_stack.pop();
    }

    pub fn add_const(&mut self, c: Constant) -> u32 {
        let h = const_hash(&c);
        let u = self.u();
        if let Some(v) = u.const_index.get(&h) {
            for &i in v {
                if u.consts[i as usize] == c {
                    return i;
                }
            }
        }
        let i = u.consts.len() as u32;
        u.consts.push(c);
        u.const_index.entry(h).or_default().push(i);
        i
    }

    pub fn load_const(&mut self, c: Constant) {
        let i = self.add_const(c);
        self.emit_arg(Opcode::LOAD_CONST, i);
    }

    pub fn load_none(&mut self) {
        self.load_const(Constant::None);
    }

    pub fn name_idx(&mut self, name: &str) -> u32 {
        let u = self.u();
        if let Some(&i) = u.name_index.get(name) {
            return i;
        }
        let i = u.names.len() as u32;
        u.names.push(name.into());
        u.name_index.insert(name.to_string(), i);
        i
    }

    pub fn emit_name(&mut self, op: Opcode, name: &str) {
        let i = self.name_idx(name);
        self.emit_arg(op, i);
    }

    pub fn mangle(&self, name: &str) -> String {
        mangle(self.ur().private.as_deref(), name)
    }

    /// Attribute/method names are mangled too.
    pub fn emit_attr(&mut self, op: Opcode, name: &str) {
        let m = self.mangle(name);
        self.emit_name(op, &m);
    }

    fn var_idx(&mut self, name: &str) -> u32 {
        let u = self.u();
        if let Some(&i) = u.var_index.get(name) {
            return i;
        }
        let i = u.varnames.len() as u32;
        u.varnames.push(name.to_string());
        u.var_index.insert(name.to_string(), i);
        i
    }

    fn cell_idx(&self, name: &str, prefer_cell: bool) -> u32 {
        let u = self.ur();
        if prefer_cell {
            if let Some(i) = u.cellvars.iter().position(|c| c == name) {
                return i as u32;
            }
        }
        if let Some(i) = u.freevars.iter().position(|c| c == name) {
            return (u.cellvars.len() + i) as u32;
        }
        u.cellvars.iter().position(|c| c == name).unwrap_or(0) as u32
    }

    /// CPython's `compiler_nameop`.
    pub fn nameop(&mut self, name: &str, ctx: NameCtx, range: TextRange) -> CResult {
        if name == "__debug__" {
            if ctx == NameCtx::Load {
                self.load_const(Constant::Bool(self.opts.optimize == 0));
                return Ok(());
            }
            let what = if ctx == NameCtx::Del { "cannot delete __debug__" } else { "cannot assign to __debug__" };
            return cerr(what, range);
        }
        let m = self.mangle(name);
        let u = self.ur();
        let ste = &self.st.scopes[u.scope];
        let is_fn = ste.kind == BlockType::Function;
        let is_class = ste.kind == BlockType::Class;
        let scope = ste.scope_of(&m);
        enum Ty {
            Fast,
            Deref(bool),
            Global,
            Name,
        }
        let ty = match scope {
            NameScope::Free => Ty::Deref(false),
            NameScope::Cell => Ty::Deref(true),
            NameScope::Local if is_fn => Ty::Fast,
            NameScope::GlobalImplicit if is_fn => Ty::Global,
            NameScope::GlobalExplicit => Ty::Global,
            _ => Ty::Name,
        };
        match ty {
            Ty::Fast => {
                let i = self.var_idx(&m);
                let op = match ctx {
                    NameCtx::Load => Opcode::LOAD_FAST,
                    NameCtx::Store => Opcode::STORE_FAST,
                    NameCtx::Del => Opcode::DELETE_FAST,
                };
                self.emit_arg(op, i);
            }
            Ty::Deref(cell) => {
                let i = self.cell_idx(&m, cell);
                let op = match ctx {
                    NameCtx::Load if is_class => Opcode::LOAD_CLASSDEREF,
                    NameCtx::Load => Opcode::LOAD_DEREF,
                    NameCtx::Store => Opcode::STORE_DEREF,
                    NameCtx::Del => Opcode::DELETE_DEREF,
                };
                self.emit_arg(op, i);
            }
            Ty::Global => {
                let op = match ctx {
                    NameCtx::Load => Opcode::LOAD_GLOBAL,
                    NameCtx::Store => Opcode::STORE_GLOBAL,
                    NameCtx::Del => Opcode::DELETE_GLOBAL,
                };
                self.emit_name(op, &m);
            }
            Ty::Name => {
                let op = match ctx {
                    NameCtx::Load => Opcode::LOAD_NAME,
                    NameCtx::Store => Opcode::STORE_NAME,
                    NameCtx::Del => Opcode::DELETE_NAME,
                };
                self.emit_name(op, &m);
            }
        }
        Ok(())
    }

    /// CPython's `compiler_make_closure`: `( [defaults..] -- function )`.
    pub fn make_closure(&mut self, co: Rc<CodeObject>, mut flags: u32) {
        if !co.co_freevars.is_empty() {
            let frees: Vec<Rc<str>> = co.co_freevars.clone();
            for name in &frees {
                let u = self.ur();
                let is_cell = if u.kind == UnitKind::Class && &**name == "__class__" {
                    true
                } else {
                    self.st.scopes[u.scope].scope_of(name) == NameScope::Cell
                };
                let i = self.cell_idx(name, is_cell);
                self.emit_arg(Opcode::LOAD_CLOSURE, i);
            }
            self.emit_arg(Opcode::BUILD_TUPLE, frees.len() as u32);
            flags |= 0x08;
        }
        self.load_const(Constant::Code(co));
        self.emit_arg(Opcode::MAKE_FUNCTION, flags);
    }

    pub fn push_fblock(&mut self, kind: FBlockKind, block: Label, exit: Option<Label>, handler_len: usize) {
        let pos = self.ur().pos;
        self.u().fblocks.push(FBlock { kind, block, exit, handler_len, pos });
    }

    pub fn pop_fblock(&mut self) -> FBlock {
        self.u().fblocks.pop().unwrap()
    }

    pub fn handler_len(&self) -> usize {
        self.ur().handler_stack.len()
    }

    pub fn scope_kind(&self) -> BlockType {
        self.st.scopes[self.ur().scope].kind
    }

    pub fn is_async_generator_unit(&self) -> bool {
        let ste = &self.st.scopes[self.ur().scope];
        ste.generator && ste.coroutine
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameCtx {
    Load,
    Store,
    Del,
}
