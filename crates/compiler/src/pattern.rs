//! Code-generation stage, pattern matching and `except*` (CPython's compiler_match,
//! compiler_pattern*, compiler_try_star_except). Guarantees: every pattern consumes the subject
//! on top of the stack; captured values are kept on the stack (below anything the pattern still
//! needs) and bound only once the whole pattern has matched, as CPython 3.11 does.

use crate::assemble::Label;
use crate::compile::{cerr, CResult, Compiler, FBlockKind, NameCtx};
use bytecode::opcode::{self as opc, Opcode};
use bytecode::Constant;
use ruff_python_ast::{self as ast, Expr, Pattern};
use ruff_text_size::{Ranged, TextRange};

/// CPython's `pattern_context`.
struct PatternContext {
    /// Names captured so far, in stack order.
    stores: Vec<(String, TextRange)>,
    allow_irrefutable: bool,
    /// `fail_pop[n]` pops n items and then fails.
    fail_pop: Vec<Label>,
    /// Items on top of the stack that are not captures.
    on_top: usize,
}

fn is_wildcard(p: &Pattern) -> bool {
    matches!(p, Pattern::MatchAs(a) if a.pattern.is_none() && a.name.is_none())
}

fn is_star_wildcard(p: &Pattern) -> bool {
    matches!(p, Pattern::MatchStar(s) if s.name.is_none())
}

impl Compiler<'_> {
    pub fn compile_match(&mut self, m: &ast::StmtMatch) -> CResult {
        self.visit_expr(&m.subject)?;
        let end = self.new_label();
        let cases = m.cases.len();
        let has_default = cases > 1 && is_wildcard(&m.cases[cases - 1].pattern);
        let n = cases - usize::from(has_default);
        for (i, case) in m.cases[..n].iter().enumerate() {
            self.set_loc(case.pattern.range());
            if i != n - 1 {
                self.emit_arg(Opcode::COPY, 1);
            }
            let mut pc = PatternContext {
                stores: Vec::new(),
                allow_irrefutable: case.guard.is_some() || i == cases - 1,
                fail_pop: Vec::new(),
                on_top: 0,
            };
            self.pattern(&case.pattern, &mut pc)?;
            let stores = std::mem::take(&mut pc.stores);
            for (name, r) in &stores {
                self.nameop(name, NameCtx::Store, *r)?;
            }
            if let Some(g) = &case.guard {
                self.ensure_fail_pop(&mut pc, 0);
                let l = pc.fail_pop[0];
                self.jump_if(g, l, false)?;
            }
            if i != n - 1 {
                self.emit(Opcode::POP_TOP);
            }
            self.visit_body(&case.body)?;
            self.emit_jump(Opcode::JUMP, end);
            self.set_loc(case.pattern.range());
            self.emit_and_reset_fail_pop(&mut pc);
        }
        if has_default {
            let case = &m.cases[cases - 1];
            self.set_loc(case.pattern.range());
            if cases == 1 {
                self.emit(Opcode::POP_TOP);
            } else {
                self.emit(Opcode::NOP);
            }
            if let Some(g) = &case.guard {
                self.jump_if(g, end, false)?;
            }
            self.visit_body(&case.body)?;
        }
        self.bind(end);
        Ok(())
    }

    fn ensure_fail_pop(&mut self, pc: &mut PatternContext, n: usize) {
        while pc.fail_pop.len() <= n {
            let l = self.new_label();
            pc.fail_pop.push(l);
        }
    }

    fn jump_to_fail_pop(&mut self, pc: &mut PatternContext, op: Opcode) {
        let pops = pc.on_top + pc.stores.len();
        self.ensure_fail_pop(pc, pops);
        self.emit_jump(op, pc.fail_pop[pops]);
    }

    fn emit_and_reset_fail_pop(&mut self, pc: &mut PatternContext) {
        if pc.fail_pop.is_empty() {
            return;
        }
        for i in (1..pc.fail_pop.len()).rev() {
            self.bind(pc.fail_pop[i]);
            self.emit(Opcode::POP_TOP);
        }
        self.bind(pc.fail_pop[0]);
        pc.fail_pop.clear();
    }

    fn rotate(&mut self, mut count: usize) {
        while count > 1 {
            self.emit_arg(Opcode::SWAP, count as u32);
            count -= 1;
        }
    }

    fn store_name(&mut self, name: Option<&ast::Identifier>, pc: &mut PatternContext) -> CResult {
        let Some(n) = name else {
            self.emit(Opcode::POP_TOP);
            return Ok(());
        };
        if n.as_str() == "__debug__" {
            return cerr("cannot assign to __debug__", n.range);
        }
        if pc.stores.iter().any(|(s, _)| s == n.as_str()) {
            return cerr(format!("multiple assignments to name '{n}' in pattern"), n.range);
        }
        let rotations = pc.on_top + pc.stores.len() + 1;
        self.rotate(rotations);
        pc.stores.push((n.to_string(), n.range));
        Ok(())
    }

    fn subpattern(&mut self, p: &Pattern, pc: &mut PatternContext) -> CResult {
        let allow = pc.allow_irrefutable;
        pc.allow_irrefutable = true;
        let r = self.pattern(p, pc);
        pc.allow_irrefutable = allow;
        r
    }

    fn pattern(&mut self, p: &Pattern, pc: &mut PatternContext) -> CResult {
        let saved = self.ur().pos;
        self.set_loc(p.range());
        let r = self.pattern_inner(p, pc);
        self.u().pos = saved;
        r
    }

    fn pattern_inner(&mut self, p: &Pattern, pc: &mut PatternContext) -> CResult {
        match p {
            Pattern::MatchValue(v) => {
                if !matches!(&*v.value, Expr::Attribute(_))
                    && crate::consts::fold(&v.value, 0).is_none()
                    && !is_complex_literal(&v.value)
                {
                    return cerr("patterns may only match literals and attribute lookups", v.value.range());
                }
                self.visit_expr(&v.value)?;
                self.emit_arg(Opcode::COMPARE_OP, 2);
                self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE);
                Ok(())
            }
            Pattern::MatchSingleton(s) => {
                let c = match s.value {
                    ast::Singleton::None => Constant::None,
                    ast::Singleton::True => Constant::Bool(true),
                    ast::Singleton::False => Constant::Bool(false),
                };
                self.load_const(c);
                self.emit_arg(Opcode::IS_OP, 0);
                self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE);
                Ok(())
            }
            Pattern::MatchAs(a) => match &a.pattern {
                None => {
                    if !pc.allow_irrefutable {
                        return match &a.name {
                            Some(n) => {
                                cerr(format!("name capture '{n}' makes remaining patterns unreachable"), p.range())
                            }
                            None => cerr("wildcard makes remaining patterns unreachable", p.range()),
                        };
                    }
                    self.store_name(a.name.as_ref(), pc)
                }
                Some(inner) => {
                    pc.on_top += 1;
                    self.emit_arg(Opcode::COPY, 1);
                    self.pattern(inner, pc)?;
                    pc.on_top -= 1;
                    self.store_name(a.name.as_ref(), pc)
                }
            },
            Pattern::MatchStar(s) => self.store_name(s.name.as_ref(), pc),
            Pattern::MatchSequence(s) => self.pattern_sequence(&s.patterns, pc),
            Pattern::MatchMapping(m) => self.pattern_mapping(m, pc),
            Pattern::MatchClass(c) => self.pattern_class(c, pc),
            Pattern::MatchOr(o) => self.pattern_or(o, pc),
        }
    }

    fn pattern_sequence(&mut self, pats: &[Pattern], pc: &mut PatternContext) -> CResult {
        let size = pats.len();
        let mut star: Option<usize> = None;
        let mut only_wildcard = true;
        let mut star_wildcard = false;
        for (i, p) in pats.iter().enumerate() {
            if matches!(p, Pattern::MatchStar(_)) {
                if star.is_some() {
                    return cerr("multiple starred names in sequence pattern", p.range());
                }
                star_wildcard = is_star_wildcard(p);
                only_wildcard &= star_wildcard;
                star = Some(i);
                continue;
            }
            only_wildcard &= is_wildcard(p);
        }
        pc.on_top += 1;
        self.emit(Opcode::MATCH_SEQUENCE);
        self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE);
        match star {
            None => {
                self.emit(Opcode::GET_LEN);
                self.load_const(Constant::Int(size as i64));
                self.emit_arg(Opcode::COMPARE_OP, 2);
                self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE);
            }
            Some(_) if size > 1 => {
                self.emit(Opcode::GET_LEN);
                self.load_const(Constant::Int(size as i64 - 1));
                self.emit_arg(Opcode::COMPARE_OP, 5);
                self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE);
            }
            Some(_) => {}
        }
        pc.on_top -= 1;
        if only_wildcard {
            self.emit(Opcode::POP_TOP);
        } else if star_wildcard {
            let star = star.unwrap();
            pc.on_top += 1;
            for (i, p) in pats.iter().enumerate() {
                if is_wildcard(p) || i == star {
                    continue;
                }
                self.emit_arg(Opcode::COPY, 1);
                if i < star {
                    self.load_const(Constant::Int(i as i64));
                } else {
                    self.emit(Opcode::GET_LEN);
                    self.load_const(Constant::Int((size - i) as i64));
                    self.emit_arg(Opcode::BINARY_OP, opc::NB_SUBTRACT);
                }
                self.emit(Opcode::BINARY_SUBSCR);
                self.subpattern(p, pc)?;
            }
            pc.on_top -= 1;
            self.emit(Opcode::POP_TOP);
        } else {
            match star {
                Some(i) => {
                    let after = size - i - 1;
                    self.emit_arg(Opcode::UNPACK_EX, i as u32 | ((after as u32) << 8));
                }
                None => self.emit_arg(Opcode::UNPACK_SEQUENCE, size as u32),
            }
            pc.on_top += size;
            for p in pats {
                pc.on_top -= 1;
                self.subpattern(p, pc)?;
            }
        }
        Ok(())
    }

    fn pattern_mapping(&mut self, m: &ast::PatternMatchMapping, pc: &mut PatternContext) -> CResult {
        let size = m.keys.len();
        pc.on_top += 1;
        self.emit(Opcode::MATCH_MAPPING);
        self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE);
        if size == 0 && m.rest.is_none() {
            pc.on_top -= 1;
            self.emit(Opcode::POP_TOP);
            return Ok(());
        }
        if size > 0 {
            self.emit(Opcode::GET_LEN);
            self.load_const(Constant::Int(size as i64));
            self.emit_arg(Opcode::COMPARE_OP, 5);
            self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE);
        }
        let mut seen: Vec<Constant> = Vec::new();
        for k in &m.keys {
            if let Some(c) = crate::consts::fold(k, 0) {
                if seen.contains(&c) {
                    let text = &self.src[k.range()];
                    return cerr(format!("mapping pattern checks duplicate key ({text})"), k.range());
                }
                seen.push(c);
            } else if !matches!(k, Expr::Attribute(_)) && !is_complex_literal(k) {
                return cerr("mapping pattern keys may only match literals and attribute lookups", k.range());
            }
            self.visit_expr(k)?;
        }
        self.emit_arg(Opcode::BUILD_TUPLE, size as u32);
        self.emit(Opcode::MATCH_KEYS);
        pc.on_top += 2;
        self.emit_arg(Opcode::COPY, 1);
        self.load_none();
        self.emit_arg(Opcode::IS_OP, 1);
        self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE);
        self.emit_arg(Opcode::UNPACK_SEQUENCE, size as u32);
        pc.on_top += size;
        pc.on_top -= 1;
        for p in &m.patterns {
            pc.on_top -= 1;
            self.subpattern(p, pc)?;
        }
        pc.on_top -= 2;
        if let Some(rest) = &m.rest {
            // rest = dict(subject) without the matched keys.
            self.emit_arg(Opcode::BUILD_MAP, 0);
            self.emit_arg(Opcode::SWAP, 3);
            self.emit_arg(Opcode::DICT_UPDATE, 2);
            self.emit_arg(Opcode::UNPACK_SEQUENCE, size as u32);
            let mut n = size;
            while n > 0 {
                self.emit_arg(Opcode::COPY, 1 + n as u32);
                n -= 1;
                self.emit_arg(Opcode::SWAP, 2);
                self.emit(Opcode::DELETE_SUBSCR);
            }
            self.store_name(Some(rest), pc)?;
        } else {
            self.emit(Opcode::POP_TOP);
            self.emit(Opcode::POP_TOP);
        }
        Ok(())
    }

    fn pattern_class(&mut self, c: &ast::PatternMatchClass, pc: &mut PatternContext) -> CResult {
        let nargs = c.arguments.patterns.len();
        let kws = &c.arguments.keywords;
        for (i, k) in kws.iter().enumerate() {
            if kws[..i].iter().any(|o| o.attr.as_str() == k.attr.as_str()) {
                return cerr(format!("attribute name repeated in class pattern: {}", k.attr), k.attr.range);
            }
        }
        self.visit_expr(&c.cls)?;
        let names: Vec<Constant> = kws.iter().map(|k| Constant::Str(k.attr.as_str().into())).collect();
        self.load_const(Constant::Tuple(names.into()));
        self.emit_arg(Opcode::MATCH_CLASS, nargs as u32);
        self.emit_arg(Opcode::COPY, 1);
        self.load_none();
        self.emit_arg(Opcode::IS_OP, 1);
        pc.on_top += 1;
        self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE);
        let total = nargs + kws.len();
        self.emit_arg(Opcode::UNPACK_SEQUENCE, total as u32);
        pc.on_top += total;
        pc.on_top -= 1;
        for p in c.arguments.patterns.iter().chain(kws.iter().map(|k| &k.pattern)) {
            pc.on_top -= 1;
            if is_wildcard(p) {
                self.emit(Opcode::POP_TOP);
                continue;
            }
            self.subpattern(p, pc)?;
        }
        Ok(())
    }

    fn pattern_or(&mut self, o: &ast::PatternMatchOr, pc: &mut PatternContext) -> CResult {
        let end = self.new_label();
        let size = o.patterns.len();
        let old_stores = std::mem::take(&mut pc.stores);
        let old_fail_pop = std::mem::take(&mut pc.fail_pop);
        let old_on_top = pc.on_top;
        let old_allow = pc.allow_irrefutable;
        let mut control: Option<Vec<(String, TextRange)>> = None;
        for (i, alt) in o.patterns.iter().enumerate() {
            self.set_loc(alt.range());
            pc.stores = Vec::new();
            pc.allow_irrefutable = i == size - 1 && old_allow;
            pc.fail_pop = Vec::new();
            pc.on_top = 0;
            self.emit_arg(Opcode::COPY, 1);
            self.pattern(alt, pc)?;
            let nstores = pc.stores.len();
            match &control {
                None => control = Some(pc.stores.clone()),
                Some(ctl) if ctl.len() != nstores => {
                    return cerr("alternative patterns bind different names", alt.range())
                }
                Some(ctl) => {
                    for icontrol in (0..nstores).rev() {
                        let name = &ctl[icontrol].0;
                        let Some(istores) = pc.stores.iter().position(|(s, _)| s == name) else {
                            return cerr("alternative patterns bind different names", alt.range());
                        };
                        if icontrol != istores {
                            let rotations = istores + 1;
                            let rotated: Vec<_> = pc.stores.drain(..rotations).collect();
                            let at = icontrol - istores;
                            for (k, item) in rotated.into_iter().enumerate() {
                                pc.stores.insert(at + k, item);
                            }
                            for _ in 0..rotations {
                                self.rotate(icontrol + 1);
                            }
                        }
                    }
                }
            }
            self.emit_jump(Opcode::JUMP, end);
            self.emit_and_reset_fail_pop(pc);
        }
        pc.stores = old_stores;
        pc.fail_pop = old_fail_pop;
        pc.on_top = old_on_top;
        pc.allow_irrefutable = old_allow;
        self.emit(Opcode::POP_TOP);
        self.jump_to_fail_pop(pc, Opcode::JUMP);
        self.bind(end);
        let control = control.unwrap_or_default();
        let nstores = control.len();
        let nrots = nstores + 1 + pc.on_top + pc.stores.len();
        for (name, r) in control {
            self.rotate(nrots);
            if pc.stores.iter().any(|(s, _)| *s == name) {
                return cerr(format!("multiple assignments to name '{name}' in pattern"), r);
            }
            pc.stores.push((name, r));
        }
        self.emit(Opcode::POP_TOP);
        Ok(())
    }

    // ---- except* ----

    pub fn compile_try_star(&mut self, t: &ast::StmtTry) -> CResult {
        if !t.finalbody.is_empty() {
            return self.compile_try_star_finally(t);
        }
        self.compile_try_star_except(t)
    }

    fn compile_try_star_finally(&mut self, t: &ast::StmtTry) -> CResult {
        // Same layout as compile_try_finally, with the except* part inside.
        let end = self.new_label();
        let exit = self.new_label();
        let cleanup = self.new_label();
        let hl = self.handler_len();
        self.setup_block(end, false, 0);
        let body_l = self.new_label();
        let fin_ptr: *const [ast::Stmt] = &t.finalbody[..];
        self.push_fblock(FBlockKind::FinallyTry(fin_ptr), body_l, None, hl);
        self.compile_try_star_except(t)?;
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

    fn compile_try_star_except(&mut self, t: &ast::StmtTry) -> CResult {
        let except = self.new_label();
        let orelse = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        let reraise_star = self.new_label();
        let hl = self.handler_len();
        self.setup_block(except, false, 0);
        let body_l = self.new_label();
        self.push_fblock(FBlockKind::TryExcept, body_l, None, hl);
        self.visit_body(&t.body)?;
        self.pop_fblock();
        self.pop_block();
        self.emit_jump(Opcode::JUMP, orelse);
        self.bind(except);
        let hl = self.handler_len();
        self.setup_block(cleanup, true, 0);
        self.emit(Opcode::PUSH_EXC_INFO);
        self.push_fblock(FBlockKind::ExceptionGroupHandler, except, None, hl);
        let n = t.handlers.len();
        for (i, h) in t.handlers.iter().enumerate() {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            self.set_loc(h.range);
            let next_except = self.new_label();
            if i == 0 {
                self.emit_arg(Opcode::COPY, 1);
                self.emit_arg(Opcode::BUILD_LIST, 0);
                self.emit_arg(Opcode::SWAP, 2);
            }
            if let Some(ty) = &h.type_ {
                let handle_match = self.new_label();
                self.visit_expr(ty)?;
                self.set_loc(h.range);
                self.emit(Opcode::CHECK_EG_MATCH);
                self.emit_arg(Opcode::COPY, 1);
                self.emit_jump(Opcode::POP_JUMP_IF_NOT_NONE, handle_match);
                self.emit(Opcode::POP_TOP);
                self.emit_jump(Opcode::JUMP, next_except);
                self.bind(handle_match);
            }
            let cleanup_end = self.new_label();
            match &h.name {
                Some(name) => self.nameop(name, NameCtx::Store, name.range)?,
                None => self.emit(Opcode::POP_TOP),
            }
            let saved = self.ur().handler_stack.clone();
            let hl2 = self.handler_len();
            self.setup_block(cleanup_end, true, 0);
            let l = self.new_label();
            self.push_fblock(FBlockKind::HandlerCleanup(h.name.as_ref().map(|n| n.to_string())), l, None, hl2);
            self.visit_body(&h.body)?;
            self.pop_fblock();
            self.pop_block();
            if let Some(name) = &h.name {
                self.load_none();
                self.nameop(name, NameCtx::Store, name.range)?;
                self.nameop(name, NameCtx::Del, name.range)?;
            }
            self.emit_jump(Opcode::JUMP, next_except);
            self.u().handler_stack = saved;
            self.bind(cleanup_end);
            if let Some(name) = &h.name {
                self.load_none();
                self.nameop(name, NameCtx::Store, name.range)?;
                self.nameop(name, NameCtx::Del, name.range)?;
            }
            self.emit_arg(Opcode::LIST_APPEND, 3);
            self.emit(Opcode::POP_TOP);
            self.emit_jump(Opcode::JUMP, next_except);
            self.bind(next_except);
            if i == n - 1 {
                self.emit_arg(Opcode::LIST_APPEND, 1);
                self.emit_jump(Opcode::JUMP, reraise_star);
            }
        }
        self.pop_fblock();
        let reraise = self.new_label();
        self.bind(reraise_star);
        self.emit(Opcode::PREP_RERAISE_STAR);
        self.emit_arg(Opcode::COPY, 1);
        self.emit_jump(Opcode::POP_JUMP_IF_NOT_NONE, reraise);
        self.emit(Opcode::POP_TOP);
        let saved = self.ur().handler_stack.clone();
        self.pop_block();
        self.emit(Opcode::POP_EXCEPT);
        self.emit_jump(Opcode::JUMP, end);
        self.u().handler_stack = saved;
        self.bind(reraise);
        self.pop_block();
        self.emit_arg(Opcode::SWAP, 2);
        self.emit(Opcode::POP_EXCEPT);
        self.emit_arg(Opcode::RERAISE, 0);
        self.bind(cleanup);
        self.pop_except_and_reraise();
        self.bind(orelse);
        self.visit_body(&t.orelse)?;
        self.bind(end);
        Ok(())
    }
}

/// `1+2j`, `-1-2j`: complex literals allowed in value patterns.
fn is_complex_literal(e: &Expr) -> bool {
    if let Expr::BinOp(b) = e {
        return crate::consts::fold(&b.left, 0).is_some() && crate::consts::fold(&b.right, 0).is_some();
    }
    false
}
