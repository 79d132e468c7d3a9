//! Symbol-table stage (CPython's symtable.c): walks the AST once to collect every name binding
//! and use per scope, then resolves each name to LOCAL / GLOBAL_EXPLICIT / GLOBAL_IMPLICIT /
//! FREE / CELL. Guarantees: scopes are keyed by the address of their AST node, names are stored
//! mangled (`_Py_Mangle`), and the scope-related SyntaxErrors CPython raises here are reported.

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};
use std::collections::{HashMap, HashSet};

pub const DEF_GLOBAL: u32 = 1;
pub const DEF_LOCAL: u32 = 2;
pub const DEF_PARAM: u32 = 4;
pub const DEF_NONLOCAL: u32 = 8;
pub const USE: u32 = 16;
pub const DEF_FREE_CLASS: u32 = 64;
pub const DEF_IMPORT: u32 = 128;
pub const DEF_ANNOT: u32 = 256;
pub const DEF_COMP_ITER: u32 = 512;
pub const DEF_BOUND: u32 = DEF_LOCAL | DEF_PARAM | DEF_IMPORT;

/// Where a name lives, as CPython's `_Py_SCOPE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameScope {
    Local,
    GlobalExplicit,
    GlobalImplicit,
    Free,
    Cell,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockType {
    Module,
    Function,
    Class,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompKind {
    List,
    Set,
    Dict,
    Generator,
}

#[derive(Clone, Debug)]
pub struct Symbol {
    pub flags: u32,
    pub scope: NameScope,
}

pub type ScopeId = usize;

#[derive(Clone, Debug)]
pub struct Scope {
    pub kind: BlockType,
    /// CPython's `ste_name` (`top`, a function or class name, `lambda`, `listcomp`, ...).
    #[cfg_attr(not(test), allow(dead_code))]
    pub name: String,
    /// Symbols in first-seen order.
    pub symbols: Vec<(String, Symbol)>,
    index: HashMap<String, usize>,
    /// Parameter names in CPython's order.
    pub varnames: Vec<String>,
    pub children: Vec<ScopeId>,
    pub nested: bool,
    pub generator: bool,
    pub coroutine: bool,
    pub comprehension: Option<CompKind>,
    pub varargs: bool,
    pub varkeywords: bool,
    pub needs_class_closure: bool,
    pub returns_value: bool,
    pub child_free: bool,
    pub free: bool,
    /// Class name for mangling inside this scope.
    pub private: Option<String>,
    comp_iter_target: bool,
    comp_iter_expr: u32,
    /// Location of `global`/`nonlocal` directives, for error messages.
    directives: HashMap<String, TextRange>,
}

impl Scope {
    fn new(kind: BlockType, name: &str, nested: bool, private: Option<String>) -> Scope {
        Scope {
            kind,
            name: name.into(),
            symbols: Vec::new(),
            index: HashMap::new(),
            varnames: Vec::new(),
            children: Vec::new(),
            nested,
            generator: false,
            coroutine: false,
            comprehension: None,
            varargs: false,
            varkeywords: false,
            needs_class_closure: false,
            returns_value: false,
            child_free: false,
            free: false,
            private,
            comp_iter_target: false,
            comp_iter_expr: 0,
            directives: HashMap::new(),
        }
    }

    pub fn flags(&self, name: &str) -> u32 {
        self.index.get(name).map_or(0, |&i| self.symbols[i].1.flags)
    }

    pub fn lookup(&self, name: &str) -> Option<&Symbol> {
        self.index.get(name).map(|&i| &self.symbols[i].1)
    }

    /// Scope of a (mangled) name; names never seen are implicit globals, as CPython.
    pub fn scope_of(&self, name: &str) -> NameScope {
        self.lookup(name).map_or(NameScope::GlobalImplicit, |s| s.scope)
    }

    fn set_flags(&mut self, name: &str, f: u32) {
        match self.index.get(name) {
            Some(&i) => self.symbols[i].1.flags |= f,
            None => {
                self.index.insert(name.to_string(), self.symbols.len());
                self.symbols.push((name.to_string(), Symbol { flags: f, scope: NameScope::GlobalImplicit }));
            }
        }
    }
}

#[derive(Debug)]
pub struct SymtableError {
    pub msg: String,
    pub range: TextRange,
}

type SResult<T> = Result<T, SymtableError>;

fn err<T>(msg: impl Into<String>, range: TextRange) -> SResult<T> {
    Err(SymtableError { msg: msg.into(), range })
}

/// The table of all scopes of one compilation.
pub struct SymbolTable {
    pub scopes: Vec<Scope>,
    by_node: HashMap<usize, ScopeId>,
    stack: Vec<ScopeId>,
}

/// CPython's `_Py_Mangle`.
pub fn mangle(private: Option<&str>, name: &str) -> String {
    let Some(p) = private else {
        return name.to_string();
    };
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return name.to_string();
    }
    let stripped = p.trim_start_matches('_');
    if stripped.is_empty() {
        return name.to_string();
    }
    format!("_{stripped}{name}")
}

pub fn node_key<T>(node: &T) -> usize {
    node as *const T as usize
}

impl SymbolTable {
    pub fn scope_for<T>(&self, node: &T) -> ScopeId {
        self.by_node[&node_key(node)]
    }

    /// Builds the table for a module (or an expression for `eval`).
    pub fn build_module(body: &[Stmt], future_annotations: bool) -> SResult<SymbolTable> {
        let mut st = SymbolTable {
            scopes: vec![Scope::new(BlockType::Module, "top", false, None)],
            by_node: HashMap::new(),
            stack: vec![0],
        };
        let mut b = Builder { st: &mut st, future_annotations };
        for s in body {
            b.visit_stmt(s)?;
        }
        st.analyze()?;
        Ok(st)
    }

    pub fn build_expr(e: &Expr) -> SResult<SymbolTable> {
        let mut st = SymbolTable {
            scopes: vec![Scope::new(BlockType::Module, "top", false, None)],
            by_node: HashMap::new(),
            stack: vec![0],
        };
        let mut b = Builder { st: &mut st, future_annotations: false };
        b.visit_expr(e)?;
        st.analyze()?;
        Ok(st)
    }

    // ---- analysis (CPython's analyze_block) ----

    fn analyze(&mut self) -> SResult<()> {
        let mut free = HashSet::new();
        let mut global = HashSet::new();
        self.analyze_block(0, None, &mut free, &mut global)
    }

    fn analyze_block(
        &mut self,
        id: ScopeId,
        bound: Option<&HashSet<String>>,
        free: &mut HashSet<String>,
        global: &mut HashSet<String>,
    ) -> SResult<()> {
        let mut local = HashSet::new();
        let mut scopes: HashMap<String, NameScope> = HashMap::new();
        let mut newglobal = HashSet::new();
        let mut newfree = HashSet::new();
        let mut newbound = HashSet::new();
        let kind = self.scopes[id].kind;
        if kind == BlockType::Class {
            newglobal.extend(global.iter().cloned());
            if let Some(b) = bound {
                newbound.extend(b.iter().cloned());
            }
        }
        let syms: Vec<(String, u32)> = self.scopes[id].symbols.iter().map(|(n, s)| (n.clone(), s.flags)).collect();
        for (name, flags) in &syms {
            self.analyze_name(id, &mut scopes, name, *flags, bound, &mut local, free, global)?;
        }
        if kind != BlockType::Class {
            if kind == BlockType::Function {
                newbound.extend(local.iter().cloned());
            }
            if let Some(b) = bound {
                newbound.extend(b.iter().cloned());
            }
            newglobal.extend(global.iter().cloned());
        } else {
            newbound.insert("__class__".to_string());
        }
        let mut allfree = HashSet::new();
        let children = self.scopes[id].children.clone();
        for c in children {
            let mut temp_bound = newbound.clone();
            let mut temp_free = newfree.clone();
            let mut temp_global = newglobal.clone();
            let _ = &mut temp_bound;
            self.analyze_block(c, Some(&temp_bound), &mut temp_free, &mut temp_global)?;
            let ch = &self.scopes[c];
            if ch.free || ch.child_free {
                self.scopes[id].child_free = true;
            }
            allfree.extend(temp_free);
        }
        newfree.extend(allfree);
        if kind == BlockType::Function {
            // analyze_cells
            for (name, sc) in scopes.iter_mut() {
                if *sc == NameScope::Local && newfree.contains(name) {
                    *sc = NameScope::Cell;
                    newfree.remove(name);
                }
            }
        } else if kind == BlockType::Class && newfree.remove("__class__") {
            self.scopes[id].needs_class_closure = true;
        }
        // update_symbols
        let is_class = kind == BlockType::Class;
        let scope = &mut self.scopes[id];
        for (name, sym) in scope.symbols.iter_mut() {
            sym.scope = scopes[name];
        }
        for name in newfree.iter() {
            if let Some(&i) = scope.index.get(name) {
                let sym = &mut scope.symbols[i].1;
                if is_class && sym.flags & (DEF_BOUND | DEF_GLOBAL) != 0 {
                    sym.flags |= DEF_FREE_CLASS;
                }
                continue;
            }
            if let Some(b) = bound {
                if !b.contains(name) {
                    continue;
                }
            } else {
                continue;
            }
            scope.index.insert(name.clone(), scope.symbols.len());
            scope.symbols.push((name.clone(), Symbol { flags: 0, scope: NameScope::Free }));
        }
        free.extend(newfree);
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn analyze_name(
        &mut self,
        id: ScopeId,
        scopes: &mut HashMap<String, NameScope>,
        name: &str,
        flags: u32,
        bound: Option<&HashSet<String>>,
        local: &mut HashSet<String>,
        free: &mut HashSet<String>,
        global: &mut HashSet<String>,
    ) -> SResult<()> {
        let ste = &mut self.scopes[id];
        let dir = ste.directives.get(name).copied().unwrap_or_default();
        if flags & DEF_GLOBAL != 0 {
            if flags & DEF_NONLOCAL != 0 {
                return err(format!("name '{name}' is nonlocal and global"), dir);
            }
            scopes.insert(name.into(), NameScope::GlobalExplicit);
            global.insert(name.into());
            return Ok(());
        }
        if flags & DEF_NONLOCAL != 0 {
            let Some(b) = bound else {
                return err("nonlocal declaration not allowed at module level", dir);
            };
            if !b.contains(name) {
                return err(format!("no binding for nonlocal '{name}' found"), dir);
            }
            scopes.insert(name.into(), NameScope::Free);
            ste.free = true;
            free.insert(name.into());
            return Ok(());
        }
        if flags & DEF_BOUND != 0 {
            scopes.insert(name.into(), NameScope::Local);
            local.insert(name.into());
            global.remove(name);
            return Ok(());
        }
        if bound.is_some_and(|b| b.contains(name)) {
            scopes.insert(name.into(), NameScope::Free);
            ste.free = true;
            free.insert(name.into());
            return Ok(());
        }
        if global.contains(name) {
            scopes.insert(name.into(), NameScope::GlobalImplicit);
            return Ok(());
        }
        if ste.nested {
            ste.free = true;
        }
        scopes.insert(name.into(), NameScope::GlobalImplicit);
        Ok(())
    }
}

struct Builder<'t> {
    st: &'t mut SymbolTable,
    future_annotations: bool,
}

impl Builder<'_> {
    fn cur(&mut self) -> &mut Scope {
        let id = *self.st.stack.last().unwrap();
        &mut self.st.scopes[id]
    }

    fn cur_ref(&self) -> &Scope {
        &self.st.scopes[*self.st.stack.last().unwrap()]
    }

    fn mangle(&self, name: &str) -> String {
        mangle(self.cur_ref().private.as_deref(), name)
    }

    fn enter(&mut self, kind: BlockType, name: &str, key: usize, private: Option<String>) {
        let parent = *self.st.stack.last().unwrap();
        let p = &self.st.scopes[parent];
        let nested = p.nested || p.kind == BlockType::Function;
        let private = private.or_else(|| p.private.clone());
        let id = self.st.scopes.len();
        self.st.scopes.push(Scope::new(kind, name, nested, private));
        self.st.scopes[parent].children.push(id);
        self.st.by_node.insert(key, id);
        self.st.stack.push(id);
    }

    fn exit(&mut self) {
        self.st.stack.pop();
    }

    fn add_def(&mut self, name: &str, flag: u32, range: TextRange) -> SResult<()> {
        let m = self.mangle(name);
        self.add_def_mangled(&m, flag, range)
    }

    fn add_def_mangled(&mut self, m: &str, mut flag: u32, range: TextRange) -> SResult<()> {
        let cur = self.cur();
        let old = cur.flags(m);
        if flag & DEF_PARAM != 0 && old & DEF_PARAM != 0 {
            return err(format!("duplicate argument '{m}' in function definition"), range);
        }
        if flag & DEF_LOCAL != 0 && cur.comp_iter_target {
            if old & (DEF_GLOBAL | DEF_NONLOCAL) != 0 {
                return err(
                    format!("comprehension inner loop cannot rebind assignment expression target '{m}'"),
                    range,
                );
            }
            flag |= DEF_COMP_ITER;
        }
        cur.set_flags(m, flag);
        if flag & DEF_PARAM != 0 {
            cur.varnames.push(m.to_string());
        } else if flag & DEF_GLOBAL != 0 {
            // A global at any depth is recorded in the module scope as well.
            let top = &mut self.st.scopes[0];
            let f = top.flags(m);
            let _ = f;
            top.set_flags(m, DEF_GLOBAL);
        }
        Ok(())
    }

    fn visit_body(&mut self, body: &[Stmt]) -> SResult<()> {
        for s in body {
            self.visit_stmt(s)?;
        }
        Ok(())
    }

    fn visit_stmt(&mut self, s: &Stmt) -> SResult<()> {
        match s {
            Stmt::FunctionDef(f) => self.visit_funcdef(f),
            Stmt::ClassDef(c) => self.visit_classdef(c),
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.visit_expr(v)?;
                    self.cur().returns_value = true;
                }
                Ok(())
            }
            Stmt::Delete(d) => self.visit_exprs(&d.targets),
            Stmt::Assign(a) => {
                self.visit_exprs(&a.targets)?;
                self.visit_expr(&a.value)
            }
            Stmt::AugAssign(a) => {
                self.visit_expr(&a.target)?;
                self.visit_expr(&a.value)
            }
            Stmt::AnnAssign(a) => self.visit_annassign(a),
            Stmt::For(f) => {
                self.visit_expr(&f.target)?;
                self.visit_expr(&f.iter)?;
                self.visit_body(&f.body)?;
                self.visit_body(&f.orelse)
            }
            Stmt::While(w) => {
                self.visit_expr(&w.test)?;
                self.visit_body(&w.body)?;
                self.visit_body(&w.orelse)
            }
            Stmt::If(i) => {
                self.visit_expr(&i.test)?;
                self.visit_body(&i.body)?;
                for c in &i.elif_else_clauses {
                    if let Some(t) = &c.test {
                        self.visit_expr(t)?;
                    }
                    self.visit_body(&c.body)?;
                }
                Ok(())
            }
            Stmt::With(w) => {
                for it in &w.items {
                    self.visit_expr(&it.context_expr)?;
                    if let Some(v) = &it.optional_vars {
                        self.visit_expr(v)?;
                    }
                }
                self.visit_body(&w.body)
            }
            Stmt::Match(m) => {
                self.visit_expr(&m.subject)?;
                for c in &m.cases {
                    self.visit_pattern(&c.pattern)?;
                    if let Some(g) = &c.guard {
                        self.visit_expr(g)?;
                    }
                    self.visit_body(&c.body)?;
                }
                Ok(())
            }
            Stmt::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.visit_expr(e)?;
                }
                if let Some(c) = &r.cause {
                    self.visit_expr(c)?;
                }
                Ok(())
            }
            Stmt::Try(t) => {
                self.visit_body(&t.body)?;
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(ty) = &h.type_ {
                        self.visit_expr(ty)?;
                    }
                    if let Some(n) = &h.name {
                        self.add_def(n, DEF_LOCAL, n.range)?;
                    }
                    self.visit_body(&h.body)?;
                }
                self.visit_body(&t.orelse)?;
                self.visit_body(&t.finalbody)
            }
            Stmt::Assert(a) => {
                self.visit_expr(&a.test)?;
                if let Some(m) = &a.msg {
                    self.visit_expr(m)?;
                }
                Ok(())
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    self.visit_alias(a, s.range())?;
                }
                Ok(())
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    self.visit_alias(a, s.range())?;
                }
                Ok(())
            }
            Stmt::Global(g) => self.visit_global(&g.names, s.range(), true),
            Stmt::Nonlocal(g) => self.visit_global(&g.names, s.range(), false),
            Stmt::Expr(e) => self.visit_expr(&e.value),
            Stmt::TypeAlias(t) => {
                self.visit_expr(&t.name)?;
                self.visit_expr(&t.value)
            }
            Stmt::Pass(_) | Stmt::Break(_) | Stmt::Continue(_) | Stmt::IpyEscapeCommand(_) => Ok(()),
        }
    }

    fn visit_global(&mut self, names: &[ast::Identifier], range: TextRange, is_global: bool) -> SResult<()> {
        for n in names {
            let m = self.mangle(n);
            let cur = self.cur_ref();
            let f = cur.flags(&m);
            if f & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
                let kw = if is_global { "global" } else { "nonlocal" };
                let msg = if f & DEF_PARAM != 0 {
                    format!("name '{n}' is parameter and {kw}")
                } else if f & USE != 0 {
                    format!("name '{n}' is used prior to {kw} declaration")
                } else if f & DEF_ANNOT != 0 {
                    format!("annotated name '{n}' can't be {kw}")
                } else {
                    format!("name '{n}' is assigned to before {kw} declaration")
                };
                return err(msg, range);
            }
            self.add_def_mangled(&m, if is_global { DEF_GLOBAL } else { DEF_NONLOCAL }, n.range)?;
            self.cur().directives.entry(m).or_insert(range);
        }
        Ok(())
    }

    fn visit_alias(&mut self, a: &ast::Alias, stmt_range: TextRange) -> SResult<()> {
        let store = match &a.asname {
            Some(n) => n.id.to_string(),
            None => a.name.id.split('.').next().unwrap_or("").to_string(),
        };
        if store == "*" {
            if self.cur_ref().kind != BlockType::Module {
                return err("import * only allowed at module level", stmt_range);
            }
            return Ok(());
        }
        self.add_def(&store, DEF_IMPORT, a.range)
    }

    fn visit_annassign(&mut self, a: &ast::StmtAnnAssign) -> SResult<()> {
        if let Expr::Name(n) = &*a.target {
            let m = self.mangle(&n.id);
            let f = self.cur_ref().flags(&m);
            if f & (DEF_GLOBAL | DEF_NONLOCAL) != 0 && a.simple {
                let kw = if f & DEF_GLOBAL != 0 { "global" } else { "nonlocal" };
                return err(format!("annotated name '{}' can't be {kw}", n.id), n.range);
            }
            if a.simple {
                self.add_def_mangled(&m, DEF_ANNOT | DEF_LOCAL, n.range)?;
            } else if a.value.is_some() {
                self.add_def_mangled(&m, DEF_LOCAL, n.range)?;
            }
        } else {
            self.visit_expr(&a.target)?;
        }
        self.visit_annotation(&a.annotation)?;
        if let Some(v) = &a.value {
            self.visit_expr(v)?;
        }
        Ok(())
    }

    fn visit_annotation(&mut self, e: &Expr) -> SResult<()> {
        if self.future_annotations {
            return Ok(());
        }
        self.visit_expr(e)
    }

    fn visit_params_annotations(&mut self, p: &ast::Parameters) -> SResult<()> {
        for a in p.posonlyargs.iter().chain(&p.args) {
            if let Some(an) = &a.parameter.annotation {
                self.visit_annotation(an)?;
            }
        }
        if let Some(v) = &p.vararg {
            if let Some(an) = &v.annotation {
                self.visit_annotation(an)?;
            }
        }
        for a in &p.kwonlyargs {
            if let Some(an) = &a.parameter.annotation {
                self.visit_annotation(an)?;
            }
        }
        if let Some(v) = &p.kwarg {
            if let Some(an) = &v.annotation {
                self.visit_annotation(an)?;
            }
        }
        Ok(())
    }

    fn visit_defaults(&mut self, p: &ast::Parameters) -> SResult<()> {
        for a in p.posonlyargs.iter().chain(&p.args) {
            if let Some(d) = &a.default {
                self.visit_expr(d)?;
            }
        }
        for a in &p.kwonlyargs {
            if let Some(d) = &a.default {
                self.visit_expr(d)?;
            }
        }
        Ok(())
    }

    fn visit_params(&mut self, p: &ast::Parameters) -> SResult<()> {
        for a in p.posonlyargs.iter().chain(&p.args).chain(&p.kwonlyargs) {
            self.add_def(&a.parameter.name, DEF_PARAM, a.parameter.name.range)?;
        }
        // CPython orders *args after keyword-only parameters in co_varnames.
        if let Some(v) = &p.vararg {
            self.add_def(&v.name, DEF_PARAM, v.name.range)?;
            self.cur().varargs = true;
        }
        if let Some(v) = &p.kwarg {
            self.add_def(&v.name, DEF_PARAM, v.name.range)?;
            self.cur().varkeywords = true;
        }
        Ok(())
    }

    fn visit_funcdef(&mut self, f: &ast::StmtFunctionDef) -> SResult<()> {
        self.add_def(&f.name, DEF_LOCAL, f.name.range)?;
        self.visit_defaults(&f.parameters)?;
        self.visit_params_annotations(&f.parameters)?;
        if let Some(r) = &f.returns {
            self.visit_annotation(r)?;
        }
        for d in &f.decorator_list {
            self.visit_expr(&d.expression)?;
        }
        self.enter(BlockType::Function, &f.name, node_key(f), None);
        if f.is_async {
            self.cur().coroutine = true;
        }
        self.visit_params(&f.parameters)?;
        self.visit_body(&f.body)?;
        self.exit();
        Ok(())
    }

    fn visit_classdef(&mut self, c: &ast::StmtClassDef) -> SResult<()> {
        self.add_def(&c.name, DEF_LOCAL, c.name.range)?;
        if let Some(args) = &c.arguments {
            self.visit_exprs(&args.args)?;
            for k in args.keywords.iter() {
                self.visit_expr(&k.value)?;
            }
        }
        for d in &c.decorator_list {
            self.visit_expr(&d.expression)?;
        }
        self.enter(BlockType::Class, &c.name, node_key(c), Some(c.name.to_string()));
        self.visit_body(&c.body)?;
        self.exit();
        Ok(())
    }

    fn visit_exprs(&mut self, es: &[Expr]) -> SResult<()> {
        for e in es {
            self.visit_expr(e)?;
        }
        Ok(())
    }

    fn visit_pattern(&mut self, p: &ast::Pattern) -> SResult<()> {
        use ast::Pattern as P;
        match p {
            P::MatchValue(v) => self.visit_expr(&v.value),
            P::MatchSingleton(_) => Ok(()),
            P::MatchSequence(s) => {
                for p in &s.patterns {
                    self.visit_pattern(p)?;
                }
                Ok(())
            }
            P::MatchMapping(m) => {
                self.visit_exprs(&m.keys)?;
                for p in &m.patterns {
                    self.visit_pattern(p)?;
                }
                if let Some(r) = &m.rest {
                    self.add_def(r, DEF_LOCAL, r.range)?;
                }
                Ok(())
            }
            P::MatchClass(c) => {
                self.visit_expr(&c.cls)?;
                for p in &c.arguments.patterns {
                    self.visit_pattern(p)?;
                }
                for k in &c.arguments.keywords {
                    self.visit_pattern(&k.pattern)?;
                }
                Ok(())
            }
            P::MatchStar(s) => {
                if let Some(n) = &s.name {
                    self.add_def(n, DEF_LOCAL, n.range)?;
                }
                Ok(())
            }
            P::MatchAs(a) => {
                if let Some(p) = &a.pattern {
                    self.visit_pattern(p)?;
                }
                if let Some(n) = &a.name {
                    self.add_def(n, DEF_LOCAL, n.range)?;
                }
                Ok(())
            }
            P::MatchOr(o) => {
                for p in &o.patterns {
                    self.visit_pattern(p)?;
                }
                Ok(())
            }
        }
    }

    fn visit_expr(&mut self, e: &Expr) -> SResult<()> {
        match e {
            Expr::BoolOp(b) => self.visit_exprs(&b.values),
            Expr::Named(n) => self.visit_named(n),
            Expr::BinOp(b) => {
                self.visit_expr(&b.left)?;
                self.visit_expr(&b.right)
            }
            Expr::UnaryOp(u) => self.visit_expr(&u.operand),
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.visit_defaults(p)?;
                }
                self.enter(BlockType::Function, "lambda", node_key(l), None);
                if let Some(p) = &l.parameters {
                    self.visit_params(p)?;
                }
                self.visit_expr(&l.body)?;
                self.exit();
                Ok(())
            }
            Expr::If(i) => {
                self.visit_expr(&i.test)?;
                self.visit_expr(&i.body)?;
                self.visit_expr(&i.orelse)
            }
            Expr::Dict(d) => {
                for it in &d.items {
                    if let Some(k) = &it.key {
                        self.visit_expr(k)?;
                    }
                    self.visit_expr(&it.value)?;
                }
                Ok(())
            }
            Expr::Set(s) => self.visit_exprs(&s.elts),
            Expr::ListComp(c) => self.visit_comp(e, &c.generators, &c.elt, None, CompKind::List),
            Expr::SetComp(c) => self.visit_comp(e, &c.generators, &c.elt, None, CompKind::Set),
            Expr::DictComp(c) => match &c.key {
                Some(k) => self.visit_comp(e, &c.generators, k, Some(&c.value), CompKind::Dict),
                None => self.visit_expr(&c.value),
            },
            Expr::Generator(c) => self.visit_comp(e, &c.generators, &c.elt, None, CompKind::Generator),
            Expr::Await(a) => {
                self.visit_expr(&a.value)?;
                if self.cur_ref().comprehension.is_some() {
                    self.cur().coroutine = true;
                }
                Ok(())
            }
            Expr::Yield(y) => {
                self.check_yield(e.range())?;
                if let Some(v) = &y.value {
                    self.visit_expr(v)?;
                }
                self.cur().generator = true;
                Ok(())
            }
            Expr::YieldFrom(y) => {
                self.check_yield(e.range())?;
                self.visit_expr(&y.value)?;
                self.cur().generator = true;
                Ok(())
            }
            Expr::Compare(c) => {
                self.visit_expr(&c.left)?;
                self.visit_exprs(&c.comparators)
            }
            Expr::Call(c) => {
                self.visit_expr(&c.func)?;
                self.visit_exprs(&c.arguments.args)?;
                for k in c.arguments.keywords.iter() {
                    self.visit_expr(&k.value)?;
                }
                Ok(())
            }
            Expr::FString(f) => {
                for el in f.value.elements() {
                    self.visit_fstring_element(el)?;
                }
                Ok(())
            }
            Expr::TString(_) => Ok(()),
            Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_)
            | Expr::IpyEscapeCommand(_) => Ok(()),
            Expr::Attribute(a) => self.visit_expr(&a.value),
            Expr::Subscript(s) => {
                self.visit_expr(&s.value)?;
                self.visit_expr(&s.slice)
            }
            Expr::Starred(s) => self.visit_expr(&s.value),
            Expr::Name(n) => {
                let flag = if n.ctx == ast::ExprContext::Load { USE } else { DEF_LOCAL };
                self.add_def(&n.id, flag, n.range)?;
                if n.ctx == ast::ExprContext::Load
                    && self.cur_ref().kind == BlockType::Function
                    && n.id.as_str() == "super"
                {
                    self.add_def_mangled("__class__", USE, n.range)?;
                }
                Ok(())
            }
            Expr::List(l) => self.visit_exprs(&l.elts),
            Expr::Tuple(t) => self.visit_exprs(&t.elts),
            Expr::Slice(s) => {
                for x in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                    self.visit_expr(x)?;
                }
                Ok(())
            }
        }
    }

    fn visit_fstring_element(&mut self, el: &ast::InterpolatedStringElement) -> SResult<()> {
        if let ast::InterpolatedStringElement::Interpolation(i) = el {
            self.visit_expr(&i.expression)?;
            if let Some(spec) = &i.format_spec {
                for el in spec.elements.iter() {
                    self.visit_fstring_element(el)?;
                }
            }
        }
        Ok(())
    }

    fn check_yield(&mut self, range: TextRange) -> SResult<()> {
        let cur = self.cur_ref();
        if let Some(k) = cur.comprehension {
            let what = match k {
                CompKind::List => "list comprehension",
                CompKind::Set => "set comprehension",
                CompKind::Dict => "dict comprehension",
                CompKind::Generator => "generator expression",
            };
            return err(format!("'yield' inside {what}"), range);
        }
        if cur.kind != BlockType::Function {
            return err("'yield' outside function", range);
        }
        Ok(())
    }

    fn visit_named(&mut self, n: &ast::ExprNamed) -> SResult<()> {
        if self.cur_ref().comp_iter_expr > 0 {
            return err("assignment expression cannot be used in a comprehension iterable expression", n.range);
        }
        let Expr::Name(target) = &*n.target else {
            return self.visit_expr(&n.value);
        };
        self.visit_expr(&n.value)?;
        if self.cur_ref().comprehension.is_some() {
            self.extend_namedexpr_scope(target)?;
        } else {
            self.visit_expr(&n.target)?;
        }
        Ok(())
    }

    fn extend_namedexpr_scope(&mut self, target: &ast::ExprName) -> SResult<()> {
        let name = target.id.to_string();
        let m = self.mangle(&name);
        for i in (0..self.st.stack.len()).rev() {
            let id = self.st.stack[i];
            let ste = &self.st.scopes[id];
            if ste.comprehension.is_some() {
                if ste.flags(&m) & DEF_COMP_ITER != 0 {
                    return err(
                        format!("assignment expression cannot rebind comprehension iteration variable '{name}'"),
                        target.range,
                    );
                }
                continue;
            }
            match ste.kind {
                BlockType::Function => {
                    let global = ste.flags(&m) & DEF_GLOBAL != 0;
                    if global {
                        self.add_def_mangled(&m, DEF_GLOBAL, target.range)?;
                    } else {
                        self.add_def_mangled(&m, DEF_NONLOCAL, target.range)?;
                    }
                    self.st.scopes[id].set_flags(&m, DEF_LOCAL);
                    return Ok(());
                }
                BlockType::Module => {
                    self.add_def_mangled(&m, DEF_GLOBAL, target.range)?;
                    self.st.scopes[id].set_flags(&m, DEF_GLOBAL);
                    return Ok(());
                }
                BlockType::Class => {
                    return err(
                        "assignment expression within a comprehension cannot be used in a class body",
                        target.range,
                    );
                }
            }
        }
        Ok(())
    }

    fn visit_comp(
        &mut self,
        e: &Expr,
        gens: &[ast::Comprehension],
        elt: &Expr,
        value: Option<&Expr>,
        kind: CompKind,
    ) -> SResult<()> {
        let Some(first) = gens.first() else {
            return Ok(());
        };
        self.cur().comp_iter_expr += 1;
        let r = self.visit_expr(&first.iter);
        self.cur().comp_iter_expr -= 1;
        r?;
        let name = match kind {
            CompKind::List => "listcomp",
            CompKind::Set => "setcomp",
            CompKind::Dict => "dictcomp",
            CompKind::Generator => "genexpr",
        };
        self.enter(BlockType::Function, name, node_key(e), None);
        {
            let c = self.cur();
            c.comprehension = Some(kind);
            if first.is_async {
                c.coroutine = true;
            }
            if kind == CompKind::Generator {
                c.generator = true;
            }
        }
        self.add_def_mangled(".0", DEF_PARAM, first.range)?;
        self.visit_comp_target(&first.target)?;
        self.visit_comp_ifs(&first.ifs)?;
        for g in &gens[1..] {
            self.cur().comp_iter_expr += 1;
            let r = self.visit_expr(&g.iter);
            self.cur().comp_iter_expr -= 1;
            r?;
            self.visit_comp_target(&g.target)?;
            self.visit_comp_ifs(&g.ifs)?;
            if g.is_async {
                self.cur().coroutine = true;
            }
        }
        if let Some(v) = value {
            self.visit_expr(elt)?;
            self.visit_expr(v)?;
        } else {
            self.visit_expr(elt)?;
        }
        self.exit();
        Ok(())
    }

    fn visit_comp_target(&mut self, t: &Expr) -> SResult<()> {
        self.cur().comp_iter_target = true;
        let r = self.visit_expr(t);
        self.cur().comp_iter_target = false;
        r
    }

    fn visit_comp_ifs(&mut self, ifs: &[Expr]) -> SResult<()> {
        self.visit_exprs(ifs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ruff_python_parser::{parse_unchecked, Mode, ParseOptions};

    fn table(src: &str) -> SResult<SymbolTable> {
        let p = parse_unchecked(src, ParseOptions::from(Mode::Module));
        let ast::Mod::Module(m) = p.syntax() else { panic!() };
        SymbolTable::build_module(&m.body, false)
    }

    fn scope_named<'a>(t: &'a SymbolTable, name: &str) -> &'a Scope {
        t.scopes.iter().find(|s| s.name == name).unwrap()
    }

    #[test]
    fn closures_and_cells() {
        let t = table("def f(a):\n    b = 1\n    def g():\n        return a + b + c\n    return g\n").unwrap();
        let f = scope_named(&t, "f");
        assert_eq!(f.scope_of("a"), NameScope::Cell);
        assert_eq!(f.scope_of("b"), NameScope::Cell);
        let g = scope_named(&t, "g");
        assert_eq!(g.scope_of("a"), NameScope::Free);
        assert_eq!(g.scope_of("c"), NameScope::GlobalImplicit);
    }

    #[test]
    fn class_scope_and_super() {
        let t = table("class C:\n    x = 1\n    def m(self):\n        super().m()\n        return x\n").unwrap();
        let c = scope_named(&t, "C");
        assert!(c.needs_class_closure);
        let m = scope_named(&t, "m");
        assert_eq!(m.scope_of("__class__"), NameScope::Free);
        assert_eq!(m.scope_of("x"), NameScope::GlobalImplicit);
    }

    #[test]
    fn walrus_in_comprehension_binds_outside() {
        let t = table("def f(xs):\n    [y := x for x in xs]\n    return y\n").unwrap();
        let f = scope_named(&t, "f");
        assert_eq!(f.scope_of("y"), NameScope::Cell);
        let lc = scope_named(&t, "listcomp");
        assert_eq!(lc.scope_of("y"), NameScope::Free);
        assert_eq!(lc.scope_of("x"), NameScope::Local);
        assert_eq!(lc.varnames, vec![".0".to_string()]);
    }

    #[test]
    fn mangling() {
        assert_eq!(mangle(Some("_Foo"), "__x"), "_Foo__x");
        assert_eq!(mangle(Some("Foo"), "__x__"), "__x__");
        assert_eq!(mangle(Some("___"), "__x"), "__x");
        let t = table("class A:\n    __y = 1\n").unwrap();
        assert!(scope_named(&t, "A").lookup("_A__y").is_some());
    }

    #[test]
    fn errors() {
        let e = table("nonlocal x\n").err().unwrap();
        assert_eq!(e.msg, "nonlocal declaration not allowed at module level");
        let e = table("def f():\n    nonlocal x\n").err().unwrap();
        assert_eq!(e.msg, "no binding for nonlocal 'x' found");
        let e = table("def f(x):\n    global x\n").err().unwrap();
        assert_eq!(e.msg, "name 'x' is parameter and global");
        let e = table("def f(x, x): pass\n").err().unwrap();
        assert_eq!(e.msg, "duplicate argument 'x' in function definition");
        let e = table("[(yield x) for x in y]\n").err().unwrap();
        assert_eq!(e.msg, "'yield' inside list comprehension");
        let e = table("def f():\n    print(x)\n    global x\n").err().unwrap();
        assert_eq!(e.msg, "name 'x' is used prior to global declaration");
    }
}
