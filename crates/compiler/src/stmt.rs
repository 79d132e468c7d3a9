//! Code-generation stage, statements (CPython's compiler_visit_stmt and friends): modules,
//! function and class definitions, control flow, exception handling with handler blocks,
//! `with`, imports and assignments. Guarantees: `return`/`break`/`continue` unwind every
//! enclosing block exactly as CPython 3.11's `compiler_unwind_fblock`.

use crate::compile::{cerr, CResult, Compiler, FBlockKind, NameCtx, UnitKind};
use crate::symtable::BlockType;
use bytecode::opcode::{self as opc, Opcode};
use bytecode::{CodeObject, Constant};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};
use std::rc::Rc;

pub fn docstring(body: &[Stmt]) -> Option<&ast::ExprStringLiteral> {
    if let Some(Stmt::Expr(e)) = body.first() {
        if let Expr::StringLiteral(s) = &*e.value {
            return Some(s);
        }
    }
    None
}

/// CPython's `find_ann`: does this body contain an annotated assignment (not inside nested
/// function or class definitions)?
pub fn find_ann(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::AnnAssign(_) => true,
        Stmt::For(f) => find_ann(&f.body) || find_ann(&f.orelse),
        Stmt::While(w) => find_ann(&w.body) || find_ann(&w.orelse),
        Stmt::If(i) => find_ann(&i.body) || i.elif_else_clauses.iter().any(|c| find_ann(&c.body)),
        Stmt::With(w) => find_ann(&w.body),
        Stmt::Try(t) => {
            find_ann(&t.body)
                || find_ann(&t.orelse)
                || find_ann(&t.finalbody)
                || t.handlers.iter().any(|h| {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    find_ann(&h.body)
                })
        }
        Stmt::Match(m) => m.cases.iter().any(|c| find_ann(&c.body)),
        _ => false,
    })
}

impl Compiler<'_> {
    /// Module body (CPython's `compiler_body`).
    pub fn compile_module_body(&mut self, body: &[Stmt]) -> CResult {
        if find_ann(body) {
            self.emit(Opcode::SETUP_ANNOTATIONS);
        }
        let mut start = 0;
        if !self.interactive {
            if let Some(d) = docstring(body) {
                if self.opts.optimize < 2 {
                    self.set_loc(body[0].range());
                    self.visit_expr(&Expr::StringLiteral(d.clone()))?;
                    self.nameop("__doc__", NameCtx::Store, d.range)?;
                    start = 1;
                }
            }
        }
        for s in &body[start..] {
            self.visit_stmt(s)?;
        }
        Ok(())
    }

    pub fn visit_body(&mut self, body: &[Stmt]) -> CResult {
        for s in body {
            self.visit_stmt(s)?;
        }
        Ok(())
    }

    pub fn visit_stmt(&mut self, s: &Stmt) -> CResult {
        self.set_loc(s.range());
        match s {
            Stmt::FunctionDef(f) => self.compile_function(f),
            Stmt::ClassDef(c) => self.compile_class(c),
            Stmt::Return(r) => self.compile_return(r),
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.visit_del(t)?;
                }
                Ok(())
            }
            Stmt::Assign(a) => {
                self.visit_expr(&a.value)?;
                let n = a.targets.len();
                for (i, t) in a.targets.iter().enumerate() {
                    if i + 1 < n {
                        self.emit_arg(Opcode::COPY, 1);
                    }
                    self.visit_store(t)?;
                }
                Ok(())
            }
            Stmt::AugAssign(a) => self.compile_augassign(a),
            Stmt::AnnAssign(a) => self.compile_annassign(a),
            Stmt::For(f) => {
                if f.is_async {
                    self.compile_async_for(f)
                } else {
                    self.compile_for(f)
                }
            }
            Stmt::While(w) => self.compile_while(w),
            Stmt::If(i) => self.compile_if(i),
            Stmt::With(w) => {
                if w.is_async {
                    self.compile_async_with(w, 0)
                } else {
                    self.compile_with(w, 0)
                }
            }
            Stmt::Match(m) => self.compile_match(m),
            Stmt::Raise(r) => {
                let mut n = 0;
                if let Some(e) = &r.exc {
                    self.visit_expr(e)?;
                    n = 1;
                    if let Some(c) = &r.cause {
                        self.visit_expr(c)?;
                        n = 2;
                    }
                }
                self.set_loc(s.range());
                self.emit_arg(Opcode::RAISE_VARARGS, n);
                Ok(())
            }
            Stmt::Try(t) => {
                // CPython's SETUP_FINALLY turns into a NOP that keeps the `try` line, so a
                // trace function sees that line before the body's (unless they share it).
                let try_line = self.ur().pos.line;
                if t.body.first().is_some_and(|b| self.position(b.range()).line != try_line) {
                    self.emit(Opcode::NOP);
                }
                if t.is_star {
                    self.compile_try_star(t)
                } else if !t.finalbody.is_empty() {
                    self.compile_try_finally(t)
                } else {
                    self.compile_try_except(t)
                }
            }
            Stmt::Assert(a) => self.compile_assert(a),
            Stmt::Import(i) => self.compile_import(i),
            Stmt::ImportFrom(i) => self.compile_import_from(i),
            Stmt::Global(_) | Stmt::Nonlocal(_) => Ok(()),
            Stmt::Expr(e) => self.compile_stmt_expr(&e.value),
            Stmt::Pass(_) => {
                self.emit(Opcode::NOP);
                Ok(())
            }
            Stmt::Break(_) => self.compile_break(s.range()),
            Stmt::Continue(_) => self.compile_continue(s.range()),
            Stmt::TypeAlias(_) | Stmt::IpyEscapeCommand(_) => cerr("invalid syntax", s.range()),
        }
    }

    fn compile_stmt_expr(&mut self, e: &Expr) -> CResult {
        if self.interactive && self.units.len() == 1 {
            self.visit_expr(e)?;
            self.emit(Opcode::PRINT_EXPR);
            return Ok(());
        }
        if crate::consts::is_constant_expr(e) {
            self.emit(Opcode::NOP);
            return Ok(());
        }
        self.visit_expr(e)?;
        self.emit(Opcode::POP_TOP);
        Ok(())
    }

    // ---- definitions ----

    fn apply_decorators_start(&mut self, decos: &[ast::Decorator]) -> CResult {
        for d in decos {
            self.visit_expr(&d.expression)?;
        }
        Ok(())
    }

    /// Calls the decorators, innermost first, each at its own location; then the statement's
    /// location again for the store (CPython's `compiler_apply_decorators`).
    fn apply_decorators_end(&mut self, decos: &[ast::Decorator]) {
        let saved = self.ur().pos;
        for d in decos.iter().rev() {
            self.set_loc(d.expression.range());
            self.emit_arg(Opcode::CALL, 1);
        }
        self.u().pos = saved;
    }

    /// The range of a decorated `def` or `class` statement as CPython locates it: from its
    /// keyword (`async`, `def`, `class`), not its first decorator.
    fn def_range(&self, decos: &[ast::Decorator], name: TextRange, full: TextRange, keyword: &str) -> TextRange {
        let Some(last) = decos.last() else { return full };
        let floor = usize::from(last.range.end());
        let before = self.src[..usize::from(name.start())].trim_end();
        let Some(rest) = before.strip_suffix(keyword) else { return full };
        let mut start = rest.len();
        if keyword == "def" {
            if let Some(r) = rest.trim_end().strip_suffix("async") {
                if r.len() >= floor {
                    start = r.len();
                }
            }
        }
        if start < floor {
            return full;
        }
        TextRange::new(ruff_text_size::TextSize::from(start as u32), full.end())
    }

    fn first_line(&self, decos: &[ast::Decorator], r: TextRange) -> u32 {
        match decos.first() {
            Some(d) => self.line_col(d.expression.range().start()).0,
            None => self.line_col(r.start()).0,
        }
    }

    /// Defaults tuple and kw-defaults dict (CPython's `compiler_default_arguments`).
    pub fn default_arguments(&mut self, p: &ast::Parameters) -> CResult<u32> {
        let mut flags = 0;
        let defaults: Vec<&Expr> = p.posonlyargs.iter().chain(&p.args).filter_map(|a| a.default.as_deref()).collect();
        if !defaults.is_empty() {
            for d in &defaults {
                self.visit_expr(d)?;
            }
            self.emit_arg(Opcode::BUILD_TUPLE, defaults.len() as u32);
            flags |= 0x01;
        }
        let mut n = 0;
        for a in &p.kwonlyargs {
            if let Some(d) = &a.default {
                let m = self.mangle(&a.parameter.name);
                self.load_const(Constant::Str(m.as_str().into()));
                self.visit_expr(d)?;
                n += 1;
            }
        }
        if n > 0 {
            self.emit_arg(Opcode::BUILD_MAP, n);
            flags |= 0x02;
        }
        Ok(flags)
    }

    fn visit_annotation_value(&mut self, e: &Expr) -> CResult {
        if self.future_annotations {
            let s = crate::unparse::unparse(e, self.src);
            self.load_const(Constant::Str(s.as_str().into()));
            Ok(())
        } else {
            self.visit_expr(e)
        }
    }

    /// CPython's `compiler_visit_annotations`: flattened (name, value) tuple.
    fn annotations(&mut self, p: &ast::Parameters, returns: Option<&Expr>) -> CResult<u32> {
        let mut n = 0;
        let one = |c: &mut Self, name: &str, ann: Option<&Expr>| -> CResult<u32> {
            if let Some(a) = ann {
                let m = c.mangle(name);
                c.load_const(Constant::Str(m.as_str().into()));
                c.visit_annotation_value(a)?;
                return Ok(1);
            }
            Ok(0)
        };
        for a in p.args.iter().chain(&p.posonlyargs) {
            n += one(self, &a.parameter.name, a.parameter.annotation.as_deref())?;
        }
        if let Some(v) = &p.vararg {
            match v.annotation.as_deref() {
                // `*args: *Ts` stores the single unpacked item (PEP 646).
                Some(Expr::Starred(st)) if !self.future_annotations => {
                    let m = self.mangle(&v.name);
                    self.load_const(Constant::Str(m.as_str().into()));
                    self.visit_expr(&st.value)?;
                    self.emit_arg(Opcode::UNPACK_SEQUENCE, 1);
                    n += 1;
                }
                ann => n += one(self, &v.name, ann)?,
            }
        }
        for a in &p.kwonlyargs {
            n += one(self, &a.parameter.name, a.parameter.annotation.as_deref())?;
        }
        if let Some(v) = &p.kwarg {
            n += one(self, &v.name, v.annotation.as_deref())?;
        }
        if let Some(r) = returns {
            self.load_const(Constant::Str("return".into()));
            self.visit_annotation_value(r)?;
            n += 1;
        }
        if n > 0 {
            self.emit_arg(Opcode::BUILD_TUPLE, 2 * n);
            return Ok(0x04);
        }
        Ok(0)
    }

    fn set_arg_counts(&mut self, p: &ast::Parameters) {
        let u = self.u();
        u.posonlyargcount = p.posonlyargs.len() as u32;
        u.argcount = (p.posonlyargs.len() + p.args.len()) as u32;
        u.kwonlyargcount = p.kwonlyargs.len() as u32;
    }

    fn compile_function(&mut self, f: &ast::StmtFunctionDef) -> CResult {
        self.apply_decorators_start(&f.decorator_list)?;
        let firstlineno = self.first_line(&f.decorator_list, f.range);
        let mut flags = self.default_arguments(&f.parameters)?;
        flags |= self.annotations(&f.parameters, f.returns.as_deref())?;
        let scope = self.st.scope_for(f);
        let kind = if f.is_async { UnitKind::AsyncFunction } else { UnitKind::Function };
        self.enter_scope(&f.name, kind, scope, firstlineno);
        let doc = if self.opts.optimize < 2 { docstring(&f.body) } else { None };
        match doc {
            Some(d) => {
                let s = crate::consts::string_value(&d.value);
                self.add_const(Constant::Str(s.as_str().into()))
            }
            None => self.add_const(Constant::None),
        };
        self.set_arg_counts(&f.parameters);
        let start = usize::from(doc.is_some());
        for s in &f.body[start..] {
            self.visit_stmt(s)?;
        }
        self.finish_function_body();
        let co = self.exit_scope();
        self.set_loc(self.def_range(&f.decorator_list, f.name.range, f.range, "def"));
        self.make_closure(co, flags);
        self.apply_decorators_end(&f.decorator_list);
        self.nameop(&f.name, NameCtx::Store, f.name.range)
    }

    /// Implicit `return None` at the end of a body (dropped if unreachable). It has no line
    /// of its own: as CPython's `duplicate_exits_without_lineno` arranges, each jump to it gets
    /// a copy carrying the jump's position, and falling into it takes the position of the
    /// instruction before (what a trace function's 'return' event and `f_lineno` report).
    pub fn finish_function_body(&mut self) {
        let here = self.ur().il.instrs.len();
        let jumps = self.ur().il.jumps_to(here);
        if self.ur().il.fallthrough_position().is_some() {
            self.u().pos = self.ur().il.position_or_earlier(here - 1);
        }
        self.load_none();
        self.emit(Opcode::RETURN_VALUE);
        for j in jumps {
            let copy = self.new_label();
            self.bind(copy);
            self.u().il.retarget(j, copy);
            self.u().pos = self.ur().il.position_or_earlier(j);
            self.load_none();
            self.emit(Opcode::RETURN_VALUE);
        }
    }

    fn compile_class(&mut self, c: &ast::StmtClassDef) -> CResult {
        self.apply_decorators_start(&c.decorator_list)?;
        let firstlineno = self.first_line(&c.decorator_list, c.range);
        let scope = self.st.scope_for(c);
        self.enter_scope(&c.name, UnitKind::Class, scope, firstlineno);
        self.set_loc(c.range);
        self.emit_name(Opcode::LOAD_NAME, "__name__");
        self.emit_name(Opcode::STORE_NAME, "__module__");
        let q = self.ur().qualname.clone();
        self.load_const(Constant::Str(q.as_str().into()));
        self.emit_name(Opcode::STORE_NAME, "__qualname__");
        if find_ann(&c.body) {
            self.emit(Opcode::SETUP_ANNOTATIONS);
        }
        let mut start = 0;
        if let Some(d) = docstring(&c.body) {
            if self.opts.optimize < 2 {
                self.set_loc(c.body[0].range());
                self.visit_expr(&Expr::StringLiteral(d.clone()))?;
                self.emit_name(Opcode::STORE_NAME, "__doc__");
                start = 1;
            }
        }
        for s in &c.body[start..] {
            self.visit_stmt(s)?;
        }
        if self.st.scopes[scope].needs_class_closure {
            self.emit_arg(Opcode::LOAD_CLOSURE, 0);
            self.emit_arg(Opcode::COPY, 1);
            self.emit_name(Opcode::STORE_NAME, "__classcell__");
        } else {
            self.load_none();
        }
        self.emit(Opcode::RETURN_VALUE);
        let co = self.exit_scope();
        self.set_loc(self.def_range(&c.decorator_list, c.name.range, c.range, "class"));
        self.emit(Opcode::LOAD_BUILD_CLASS);
        self.make_closure(co, 0);
        self.load_const(Constant::Str(c.name.as_str().into()));
        let (args, kws): (&[Expr], &[ast::Keyword]) = match &c.arguments {
            Some(a) => (&a.args, &a.keywords),
            None => (&[], &[]),
        };
        self.call_helper(2, args, kws)?;
        self.apply_decorators_end(&c.decorator_list);
        self.nameop(&c.name, NameCtx::Store, c.name.range)
    }

    /// Compiles a lambda body into a code object (CPython's `compiler_lambda`).
    pub fn compile_lambda(&mut self, l: &ast::ExprLambda) -> CResult {
        let empty = ast::Parameters::default();
        let params = l.parameters.as_deref().unwrap_or(&empty);
        let flags = self.default_arguments(params)?;
        let scope = self.st.scope_for(l);
        let line = self.line_col(l.range.start()).0;
        self.enter_scope("<lambda>", UnitKind::Lambda, scope, line);
        self.add_const(Constant::None);
        self.set_arg_counts(params);
        self.visit_expr(&l.body)?;
        if self.st.scopes[scope].generator {
            self.emit(Opcode::POP_TOP);
            self.load_none();
        }
        self.emit(Opcode::RETURN_VALUE);
        let co: Rc<CodeObject> = self.exit_scope();
        self.make_closure(co, flags);
        Ok(())
    }

    // ---- control flow ----

    fn compile_if(&mut self, i: &ast::StmtIf) -> CResult {
        let end = self.new_label();
        let mut next = self.new_label();
        self.jump_if(&i.test, next, false)?;
        self.visit_body(&i.body)?;
        for c in &i.elif_else_clauses {
            // CPython's ADDOP_JUMP_NOLINE: the jump over the rest takes the line of what it
            // follows (if anything in its block), so it reports no line of its own.
            self.artificial_loc();
            self.emit_jump(Opcode::JUMP, end);
            self.bind(next);
            next = self.new_label();
            match &c.test {
                Some(t) => {
                    self.set_loc(c.range);
                    self.jump_if(t, next, false)?;
                    self.visit_body(&c.body)?;
                }
                None => self.visit_body(&c.body)?,
            }
        }
        self.bind(next);
        self.bind(end);
        Ok(())
    }

    /// `while` as CPython 3.11 lays it out: the test before the loop and again at the bottom
    /// (with the `while` line), so an iteration takes one conditional jump back.
    fn compile_while(&mut self, w: &ast::StmtWhile) -> CResult {
        let start = self.new_label();
        let body = self.new_label();
        let anchor = self.new_label();
        let end = self.new_label();
        self.bind(start);
        let hl = self.handler_len();
        self.push_fblock(FBlockKind::WhileLoop, start, Some(end), hl);
        if crate::consts::fold(&w.test, self.opts.optimize).is_some_and(|c| crate::consts::truthy(&c)) {
            // `while True:` tests nothing, but its line is still reported once on entry.
            self.set_loc(w.test.range());
            self.emit(Opcode::NOP);
        }
        self.jump_if(&w.test, anchor, false)?;
        self.bind(body);
        self.visit_body(&w.body)?;
        self.set_loc(w.range);
        self.jump_if(&w.test, body, true)?;
        self.pop_fblock();
        self.bind(anchor);
        self.visit_body(&w.orelse)?;
        self.bind(end);
        Ok(())
    }

    fn compile_for(&mut self, f: &ast::StmtFor) -> CResult {
        let start = self.new_label();
        let cleanup = self.new_label();
        let end = self.new_label();
        self.visit_expr(&f.iter)?;
        self.set_loc(f.range);
        self.emit(Opcode::GET_ITER);
        self.bind(start);
        let hl = self.handler_len();
        self.push_fblock(FBlockKind::ForLoop, start, Some(end), hl);
        self.emit_jump(Opcode::FOR_ITER, cleanup);
        self.visit_store(&f.target)?;
        self.visit_body(&f.body)?;
        self.artificial_loc();
        self.emit_jump(Opcode::JUMP, start);
        // What follows the loop without a line of its own (an implicit `return None`) is
        // reached from FOR_ITER's exit: the `for` line, as CPython's predecessor rule gives.
        self.set_loc(f.range);
        self.bind(cleanup);
        self.pop_fblock();
        self.visit_body(&f.orelse)?;
        self.bind(end);
        Ok(())
    }

    fn check_async(&self, what: &str, r: TextRange) -> CResult {
        if self.ur().kind != UnitKind::AsyncFunction {
            return cerr(format!("'{what}' outside async function"), r);
        }
        Ok(())
    }

    fn compile_async_for(&mut self, f: &ast::StmtFor) -> CResult {
        self.check_async("async for", f.range)?;
        let start = self.new_label();
        let except = self.new_label();
        let end = self.new_label();
        self.visit_expr(&f.iter)?;
        self.set_loc(f.range);
        self.emit(Opcode::GET_AITER);
        self.bind(start);
        let hl = self.handler_len();
        self.push_fblock(FBlockKind::ForLoop, start, Some(end), hl);
        self.setup_block(except, false, 0);
        self.emit(Opcode::GET_ANEXT);
        self.load_none();
        self.yield_from_loop();
        self.pop_block();
        self.visit_store(&f.target)?;
        self.visit_body(&f.body)?;
        self.artificial_loc();
        self.emit_jump(Opcode::JUMP, start);
        self.set_loc(f.range);
        self.pop_fblock();
        self.bind(except);
        self.set_loc(f.iter.range());
        self.emit(Opcode::END_ASYNC_FOR);
        self.visit_body(&f.orelse)?;
        self.bind(end);
        Ok(())
    }

    /// `L: SEND end; YIELD_VALUE 1; JUMP L; end:` (CPython's ADD_YIELD_FROM).
    pub fn yield_from_loop(&mut self) {
        let send = self.new_label();
        let exit = self.new_label();
        self.bind(send);
        self.emit_jump(Opcode::SEND, exit);
        self.emit_arg(Opcode::YIELD_VALUE, 1);
        self.emit_jump(Opcode::JUMP, send);
        self.bind(exit);
    }

    fn compile_break(&mut self, r: TextRange) -> CResult {
        let saved = self.ur().handler_stack.clone();
        let Some(idx) = self.unwind_fblock_stack(false, true, r)? else {
            return cerr("'break' outside loop", r);
        };
        let lp = self.ur().fblocks[idx].clone();
        self.unwind_fblock(&lp, false)?;
        self.emit_jump(Opcode::JUMP, lp.exit.unwrap());
        self.u().handler_stack = saved;
        Ok(())
    }

    fn compile_continue(&mut self, r: TextRange) -> CResult {
        let saved = self.ur().handler_stack.clone();
        let Some(idx) = self.unwind_fblock_stack(false, true, r)? else {
            return cerr("'continue' not properly in loop", r);
        };
        let lp = self.ur().fblocks[idx].clone();
        self.emit_jump(Opcode::JUMP, lp.block);
        self.u().handler_stack = saved;
        Ok(())
    }

    fn compile_return(&mut self, r: &ast::StmtReturn) -> CResult {
        if self.scope_kind() != BlockType::Function {
            return cerr("'return' outside function", r.range);
        }
        if r.value.is_some() && self.is_async_generator_unit() {
            return cerr("'return' with value in async generator", r.range);
        }
        let folded = r.value.as_deref().and_then(|v| crate::consts::fold(v, self.opts.optimize));
        let preserve_tos = r.value.is_some() && folded.is_none();
        if preserve_tos {
            self.visit_expr(r.value.as_ref().unwrap())?;
        }
        self.set_loc(r.range);
        let saved = self.ur().handler_stack.clone();
        self.unwind_fblock_stack(preserve_tos, false, r.range)?;
        self.set_loc(r.range);
        match folded {
            Some(c) => self.load_const(c),
            None if r.value.is_none() => self.load_none(),
            None => {}
        }
        self.emit(Opcode::RETURN_VALUE);
        self.u().handler_stack = saved;
        Ok(())
    }

    /// Unwinds blocks from the innermost outwards. With `to_loop`, stops at the innermost loop
    /// and returns its index (None when there is no loop).
    fn unwind_fblock_stack(&mut self, preserve_tos: bool, to_loop: bool, r: TextRange) -> CResult<Option<usize>> {
        let n = self.ur().fblocks.len();
        for i in (0..n).rev() {
            let fb = self.ur().fblocks[i].clone();
            if matches!(fb.kind, FBlockKind::ExceptionGroupHandler) {
                return cerr("'break', 'continue' and 'return' cannot appear in an except* block", r);
            }
            if to_loop && matches!(fb.kind, FBlockKind::WhileLoop | FBlockKind::ForLoop) {
                return Ok(Some(i));
            }
            // Compile the unwinding code with the blocks outside this one active.
            let saved = std::mem::take(&mut self.u().fblocks);
            self.u().fblocks = saved[..i].to_vec();
            let res = self.unwind_fblock(&fb, preserve_tos);
            self.u().fblocks = saved;
            res?;
        }
        Ok(None)
    }

    fn unwind_fblock(&mut self, fb: &crate::compile::FBlock, preserve_tos: bool) -> CResult {
        match &fb.kind {
            FBlockKind::WhileLoop
            | FBlockKind::ExceptionHandler
            | FBlockKind::ExceptionGroupHandler
            | FBlockKind::AsyncComprehensionGenerator => {}
            FBlockKind::ForLoop => {
                if preserve_tos {
                    self.emit_arg(Opcode::SWAP, 2);
                }
                self.emit(Opcode::POP_TOP);
            }
            FBlockKind::TryExcept => self.u().handler_stack.truncate(fb.handler_len),
            FBlockKind::FinallyTry(body) => {
                self.u().handler_stack.truncate(fb.handler_len);
                // SAFETY: the pointer was taken from the AST being compiled, which outlives
                // the compiler (see `FBlockKind::FinallyTry`).
                let body: &[Stmt] = unsafe { &**body };
                let hl = self.handler_len();
                if preserve_tos {
                    let l = self.new_label();
                    self.push_fblock(FBlockKind::PopValue, l, None, hl);
                }
                self.nest_level += 1;
                let r = self.visit_body(body);
                self.nest_level -= 1;
                r?;
                if preserve_tos {
                    self.pop_fblock();
                }
            }
            FBlockKind::FinallyEnd => {
                if preserve_tos {
                    self.emit_arg(Opcode::SWAP, 2);
                }
                self.emit(Opcode::POP_TOP);
                if preserve_tos {
                    self.emit_arg(Opcode::SWAP, 2);
                }
                self.u().handler_stack.truncate(fb.handler_len);
                self.emit(Opcode::POP_EXCEPT);
            }
            FBlockKind::With | FBlockKind::AsyncWith => {
                self.u().pos = fb.pos;
                self.u().handler_stack.truncate(fb.handler_len);
                if preserve_tos {
                    self.emit_arg(Opcode::SWAP, 2);
                }
                self.call_exit_with_nones();
                if matches!(fb.kind, FBlockKind::AsyncWith) {
                    self.emit_arg(Opcode::GET_AWAITABLE, 2);
                    self.load_none();
                    self.yield_from_loop();
                }
                self.emit(Opcode::POP_TOP);
            }
            FBlockKind::HandlerCleanup(name) => {
                self.u().handler_stack.truncate(fb.handler_len);
                if preserve_tos {
                    self.emit_arg(Opcode::SWAP, 2);
                }
                self.emit(Opcode::POP_EXCEPT);
                if let Some(n) = name {
                    self.load_none();
                    self.nameop(n, NameCtx::Store, TextRange::default())?;
                    self.nameop(n, NameCtx::Del, TextRange::default())?;
                }
            }
            FBlockKind::PopValue => {
                if preserve_tos {
                    self.emit_arg(Opcode::SWAP, 2);
                }
                self.emit(Opcode::POP_TOP);
            }
        }
        Ok(())
    }

    fn call_exit_with_nones(&mut self) {
        self.load_none();
        self.load_none();
        self.load_none();
        self.emit_arg(Opcode::CALL, 3);
    }

    // ---- exceptions ----

    /// `COPY 3; POP_EXCEPT; RERAISE 1` (CPython's POP_EXCEPT_AND_RERAISE).
    pub fn pop_except_and_reraise(&mut self) {
        self.emit_arg(Opcode::COPY, 3);
        self.emit(Opcode::POP_EXCEPT);
        self.emit_arg(Opcode::RERAISE, 1);
    }

    fn compile_try_except(&mut self, t: &ast::StmtTry) -> CResult {
        let end = self.new_label();
        let except = self.new_label();
        let cleanup = self.new_label();
        let hl = self.handler_len();
        self.setup_block(except, false, 0);
        let body_l = self.new_label();
        self.push_fblock(FBlockKind::TryExcept, body_l, None, hl);
        self.visit_body(&t.body)?;
        self.pop_fblock();
        self.pop_block();
        self.visit_body(&t.orelse)?;
        self.emit_jump(Opcode::JUMP, end);
        self.bind(except);
        let hl = self.handler_len();
        self.setup_block(cleanup, true, 0);
        self.emit(Opcode::PUSH_EXC_INFO);
        self.push_fblock(FBlockKind::ExceptionHandler, except, None, hl);
        let n = t.handlers.len();
        for (i, h) in t.handlers.iter().enumerate() {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            self.set_loc(h.range);
            let next = self.new_label();
            if h.type_.is_none() && i + 1 < n {
                return cerr("default 'except:' must be last", h.range);
            }
            if let Some(ty) = &h.type_ {
                self.visit_expr(ty)?;
                self.set_loc(h.range);
                self.emit(Opcode::CHECK_EXC_MATCH);
                self.emit_jump(Opcode::POP_JUMP_IF_FALSE, next);
            }
            self.compile_handler_body(h, end, hl)?;
            self.bind(next);
        }
        self.pop_fblock();
        self.emit_arg(Opcode::RERAISE, 0);
        self.pop_block();
        self.bind(cleanup);
        self.pop_except_and_reraise();
        self.bind(end);
        Ok(())
    }

    /// The body of one except clause; the exception is on the stack above prev_exc and the
    /// except block's cleanup handler (set up at handler-stack length `hl`) is active.
    pub fn compile_handler_body(
        &mut self,
        h: &ast::ExceptHandlerExceptHandler,
        end: crate::assemble::Label,
        hl: usize,
    ) -> CResult {
        let saved = self.ur().handler_stack.clone();
        if let Some(name) = &h.name {
            let cleanup_end = self.new_label();
            self.nameop(name, NameCtx::Store, name.range)?;
            self.setup_block(cleanup_end, true, 0);
            let l = self.new_label();
            self.push_fblock(FBlockKind::HandlerCleanup(Some(name.to_string())), l, None, hl);
            self.visit_body(&h.body)?;
            self.pop_fblock();
            self.u().handler_stack.truncate(hl);
            self.emit(Opcode::POP_EXCEPT);
            self.load_none();
            self.nameop(name, NameCtx::Store, name.range)?;
            self.nameop(name, NameCtx::Del, name.range)?;
            self.emit_jump(Opcode::JUMP, end);
            self.u().handler_stack = saved;
            self.bind(cleanup_end);
            self.load_none();
            self.nameop(name, NameCtx::Store, name.range)?;
            self.nameop(name, NameCtx::Del, name.range)?;
            self.emit_arg(Opcode::RERAISE, 1);
        } else {
            self.emit(Opcode::POP_TOP);
            let l = self.new_label();
            self.push_fblock(FBlockKind::HandlerCleanup(None), l, None, hl);
            self.visit_body(&h.body)?;
            self.pop_fblock();
            self.u().handler_stack.truncate(hl);
            self.emit(Opcode::POP_EXCEPT);
            self.emit_jump(Opcode::JUMP, end);
            self.u().handler_stack = saved;
        }
        Ok(())
    }

    fn compile_try_finally(&mut self, t: &ast::StmtTry) -> CResult {
        let end = self.new_label();
        let exit = self.new_label();
        let cleanup = self.new_label();
        let hl = self.handler_len();
        self.setup_block(end, false, 0);
        let body_l = self.new_label();
        let fin_ptr: *const [Stmt] = &t.finalbody[..];
        self.push_fblock(FBlockKind::FinallyTry(fin_ptr), body_l, None, hl);
        if !t.handlers.is_empty() {
            self.compile_try_except(t)?;
        } else {
            self.visit_body(&t.body)?;
        }
        self.pop_block();
        self.pop_fblock();
        self.visit_body(&t.finalbody)?;
        self.emit_jump(Opcode::JUMP, exit);
        self.bind(end);
        let hl = self.handler_len();
        self.setup_block(cleanup, true, 0);
        self.emit(Opcode::PUSH_EXC_INFO);
        self.push_fblock(FBlockKind::FinallyEnd, end, None, hl);
        self.visit_body(&t.finalbody)?;
        self.pop_fblock();
        self.emit_arg(Opcode::RERAISE, 0);
        self.pop_block();
        self.bind(cleanup);
        self.pop_except_and_reraise();
        self.bind(exit);
        Ok(())
    }

    fn compile_assert(&mut self, a: &ast::StmtAssert) -> CResult {
        if self.opts.optimize > 0 {
            return Ok(());
        }
        let end = self.new_label();
        self.jump_if(&a.test, end, true)?;
        self.set_loc(a.range);
        self.emit(Opcode::LOAD_ASSERTION_ERROR);
        if let Some(m) = &a.msg {
            self.visit_expr(m)?;
            self.set_loc(a.range);
            self.emit_arg(Opcode::CALL, 1);
        }
        self.emit_arg(Opcode::RAISE_VARARGS, 1);
        self.bind(end);
        Ok(())
    }

    // ---- with ----

    fn compile_with(&mut self, w: &ast::StmtWith, pos: usize) -> CResult {
        let item = &w.items[pos];
        let final_l = self.new_label();
        let exit = self.new_label();
        self.visit_expr(&item.context_expr)?;
        self.set_loc(w.range);
        self.emit(Opcode::BEFORE_WITH);
        let hl = self.handler_len();
        self.setup_block(final_l, true, 1);
        let block = self.new_label();
        self.push_fblock(FBlockKind::With, block, Some(final_l), hl);
        match &item.optional_vars {
            Some(v) => self.visit_store(v)?,
            None => self.emit(Opcode::POP_TOP),
        }
        if pos + 1 == w.items.len() {
            self.visit_body(&w.body)?;
        } else {
            self.compile_with(w, pos + 1)?;
        }
        self.pop_fblock();
        self.pop_block();
        self.set_loc(w.range);
        self.call_exit_with_nones();
        self.emit(Opcode::POP_TOP);
        self.emit_jump(Opcode::JUMP, exit);
        self.bind(final_l);
        self.with_except_start(false);
        self.bind(exit);
        Ok(())
    }

    fn with_except_start(&mut self, is_async: bool) {
        let cleanup = self.new_label();
        let suppress = self.new_label();
        self.setup_block(cleanup, true, 0);
        self.emit(Opcode::PUSH_EXC_INFO);
        self.emit(Opcode::WITH_EXCEPT_START);
        if is_async {
            self.emit_arg(Opcode::GET_AWAITABLE, 2);
            self.load_none();
            self.yield_from_loop();
        }
        self.emit_jump(Opcode::POP_JUMP_IF_TRUE, suppress);
        self.emit_arg(Opcode::RERAISE, 2);
        let h = self.u().handler_stack.pop();
        self.bind(cleanup);
        self.pop_except_and_reraise();
        self.bind(suppress);
        if let Some(h) = h {
            self.u().handler_stack.push(h);
        }
        self.emit(Opcode::POP_TOP);
        self.pop_block();
        self.emit(Opcode::POP_EXCEPT);
        self.emit(Opcode::POP_TOP);
        self.emit(Opcode::POP_TOP);
    }

    fn compile_async_with(&mut self, w: &ast::StmtWith, pos: usize) -> CResult {
        self.check_async("async with", w.range)?;
        let item = &w.items[pos];
        let final_l = self.new_label();
        let exit = self.new_label();
        self.visit_expr(&item.context_expr)?;
        self.set_loc(w.range);
        self.emit(Opcode::BEFORE_ASYNC_WITH);
        self.emit_arg(Opcode::GET_AWAITABLE, 1);
        self.load_none();
        self.yield_from_loop();
        let hl = self.handler_len();
        self.setup_block(final_l, true, 1);
        let block = self.new_label();
        self.push_fblock(FBlockKind::AsyncWith, block, Some(final_l), hl);
        match &item.optional_vars {
            Some(v) => self.visit_store(v)?,
            None => self.emit(Opcode::POP_TOP),
        }
        if pos + 1 == w.items.len() {
            self.visit_body(&w.body)?;
        } else {
            self.compile_async_with(w, pos + 1)?;
        }
        self.pop_fblock();
        self.pop_block();
        self.set_loc(w.range);
        self.call_exit_with_nones();
        self.emit_arg(Opcode::GET_AWAITABLE, 2);
        self.load_none();
        self.yield_from_loop();
        self.emit(Opcode::POP_TOP);
        self.emit_jump(Opcode::JUMP, exit);
        self.bind(final_l);
        self.with_except_start(true);
        self.bind(exit);
        Ok(())
    }

    // ---- imports ----

    fn compile_import(&mut self, i: &ast::StmtImport) -> CResult {
        for a in &i.names {
            self.set_loc(i.range); // CPython positions every import instruction at the whole statement
            self.load_const(Constant::Int(0));
            self.load_none();
            self.emit_name(Opcode::IMPORT_NAME, &a.name);
            match &a.asname {
                Some(asname) => {
                    let parts: Vec<&str> = a.name.split('.').collect();
                    if parts.len() > 1 {
                        for (k, attr) in parts[1..].iter().enumerate() {
                            self.emit_name(Opcode::IMPORT_FROM, attr);
                            if k + 2 < parts.len() {
                                self.emit_arg(Opcode::SWAP, 2);
                                self.emit(Opcode::POP_TOP);
                            }
                        }
                        self.nameop(asname, NameCtx::Store, i.range)?;
                        self.emit(Opcode::POP_TOP);
                    } else {
                        self.nameop(asname, NameCtx::Store, i.range)?;
                    }
                }
                None => {
                    let first = a.name.split('.').next().unwrap_or("");
                    self.nameop(first, NameCtx::Store, i.range)?;
                }
            }
        }
        Ok(())
    }

    fn compile_import_from(&mut self, i: &ast::StmtImportFrom) -> CResult {
        let module = i.module.as_ref().map(|m| m.as_str()).unwrap_or("");
        if module == "__future__" && !self.future_ok(i) {
            return cerr("from __future__ imports must occur at the beginning of the file", i.range);
        }
        self.load_const(Constant::Int(i.level as i64));
        let names: Vec<Constant> = i.names.iter().map(|a| Constant::Str(a.name.as_str().into())).collect();
        self.load_const(Constant::Tuple(names.into()));
        self.emit_name(Opcode::IMPORT_NAME, module);
        for (k, a) in i.names.iter().enumerate() {
            if k == 0 && a.name.as_str() == "*" {
                self.emit(Opcode::IMPORT_STAR);
                return Ok(());
            }
            self.set_loc(i.range); // CPython positions every import instruction at the whole statement
            self.emit_name(Opcode::IMPORT_FROM, &a.name);
            let store = a.asname.as_ref().unwrap_or(&a.name);
            self.nameop(store, NameCtx::Store, i.range)?;
        }
        self.set_loc(i.range);
        self.emit(Opcode::POP_TOP);
        Ok(())
    }

    // ---- assignments ----

    fn compile_augassign(&mut self, a: &ast::StmtAugAssign) -> CResult {
        let op = crate::expr::binop_num(a.op) + opc::NB_INPLACE;
        match &*a.target {
            Expr::Attribute(at) => {
                self.visit_expr(&at.value)?;
                self.set_loc(a.range);
                self.emit_arg(Opcode::COPY, 1);
                self.emit_attr(Opcode::LOAD_ATTR, &at.attr);
                self.visit_expr(&a.value)?;
                self.set_loc(a.range);
                self.emit_arg(Opcode::BINARY_OP, op);
                self.emit_arg(Opcode::SWAP, 2);
                self.emit_attr(Opcode::STORE_ATTR, &at.attr);
            }
            Expr::Subscript(s) => {
                self.visit_expr(&s.value)?;
                self.visit_expr(&s.slice)?;
                self.set_loc(a.range);
                self.emit_arg(Opcode::COPY, 2);
                self.emit_arg(Opcode::COPY, 2);
                self.emit(Opcode::BINARY_SUBSCR);
                self.visit_expr(&a.value)?;
                self.set_loc(a.range);
                self.emit_arg(Opcode::BINARY_OP, op);
                self.emit_arg(Opcode::SWAP, 3);
                self.emit_arg(Opcode::SWAP, 2);
                self.emit(Opcode::STORE_SUBSCR);
            }
            Expr::Name(n) => {
                self.nameop(&n.id, NameCtx::Load, n.range)?;
                self.visit_expr(&a.value)?;
                self.set_loc(a.range);
                self.emit_arg(Opcode::BINARY_OP, op);
                self.nameop(&n.id, NameCtx::Store, n.range)?;
            }
            other => return cerr("'expression' is an illegal expression for augmented assignment", other.range()),
        }
        Ok(())
    }

    fn compile_annassign(&mut self, a: &ast::StmtAnnAssign) -> CResult {
        if let Some(v) = &a.value {
            self.visit_expr(v)?;
            self.visit_store(&a.target)?;
        }
        let module_or_class = matches!(self.ur().kind, UnitKind::Module | UnitKind::Class);
        match &*a.target {
            Expr::Name(n) => {
                if a.simple && module_or_class {
                    self.set_loc(a.range);
                    self.visit_annotation_value(&a.annotation)?;
                    self.emit_name(Opcode::LOAD_NAME, "__annotations__");
                    let m = self.mangle(&n.id);
                    self.load_const(Constant::Str(m.as_str().into()));
                    self.emit(Opcode::STORE_SUBSCR);
                }
            }
            Expr::Attribute(at) => {
                if a.value.is_none() {
                    self.visit_expr(&at.value)?;
                    self.emit(Opcode::POP_TOP);
                }
            }
            Expr::Subscript(s) => {
                if a.value.is_none() {
                    self.visit_expr(&s.value)?;
                    self.emit(Opcode::POP_TOP);
                    self.visit_expr(&s.slice)?;
                    self.emit(Opcode::POP_TOP);
                }
            }
            other => return cerr("invalid node type for annotated assignment", other.range()),
        }
        if !a.simple && !self.future_annotations && module_or_class {
            self.visit_expr(&a.annotation)?;
            self.emit(Opcode::POP_TOP);
        }
        Ok(())
    }
}
