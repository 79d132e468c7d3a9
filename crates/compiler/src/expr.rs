//! Code-generation stage, expressions (CPython's compiler_visit_expr and friends): loads,
//! stores and deletes, operators, conditional jumps, calls, displays, comprehensions,
//! f-strings, yield/await. Guarantees: each expression leaves exactly one value on the stack
//! (stores and deletes leave none) and sub-expressions are evaluated in CPython's order.

use crate::compile::{cerr, CResult, Compiler, FBlockKind, NameCtx, UnitKind};
use crate::consts;
use crate::symtable::BlockType;
use bytecode::opcode::{self as opc, Opcode};
use bytecode::Constant;
use ruff_python_ast::{self as ast, BoolOp, CmpOp, Expr, ExprContext, Operator, UnaryOp};
use ruff_text_size::{Ranged, TextRange};

/// Stack use above which CPython builds collections incrementally.
const STACK_USE_GUIDELINE: usize = 30;

pub fn binop_num(op: Operator) -> u32 {
    match op {
        Operator::Add => opc::NB_ADD,
        Operator::Sub => opc::NB_SUBTRACT,
        Operator::Mult => opc::NB_MULTIPLY,
        Operator::MatMult => opc::NB_MATRIX_MULTIPLY,
        Operator::Div => opc::NB_TRUE_DIVIDE,
        Operator::Mod => opc::NB_REMAINDER,
        Operator::Pow => opc::NB_POWER,
        Operator::LShift => opc::NB_LSHIFT,
        Operator::RShift => opc::NB_RSHIFT,
        Operator::BitOr => opc::NB_OR,
        Operator::BitXor => opc::NB_XOR,
        Operator::BitAnd => opc::NB_AND,
        Operator::FloorDiv => opc::NB_FLOOR_DIVIDE,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Coll {
    List,
    Tuple,
    Set,
}

impl Compiler<'_> {
    pub fn visit_expr(&mut self, e: &Expr) -> CResult {
        let saved = self.ur().pos;
        self.set_loc(e.range());
        let r = self.visit_expr_inner(e);
        self.u().pos = saved;
        r
    }

    fn visit_expr_inner(&mut self, e: &Expr) -> CResult {
        if let Some(c) = consts::fold(e, self.opts.optimize) {
            self.load_const(c);
            return Ok(());
        }
        match e {
            Expr::BoolOp(b) => {
                let end = self.new_label();
                let op = if b.op == BoolOp::And { Opcode::JUMP_IF_FALSE_OR_POP } else { Opcode::JUMP_IF_TRUE_OR_POP };
                let n = b.values.len();
                for (i, v) in b.values.iter().enumerate() {
                    self.visit_expr(v)?;
                    if i + 1 < n {
                        self.emit_jump(op, end);
                    }
                }
                self.bind(end);
                Ok(())
            }
            Expr::Named(n) => {
                self.visit_expr(&n.value)?;
                self.emit_arg(Opcode::COPY, 1);
                self.visit_store(&n.target)
            }
            Expr::BinOp(b) => {
                self.visit_expr(&b.left)?;
                self.visit_expr(&b.right)?;
                self.emit_arg(Opcode::BINARY_OP, binop_num(b.op));
                Ok(())
            }
            Expr::UnaryOp(u) => {
                self.visit_expr(&u.operand)?;
                self.emit(match u.op {
                    UnaryOp::Invert => Opcode::UNARY_INVERT,
                    UnaryOp::Not => Opcode::UNARY_NOT,
                    UnaryOp::UAdd => Opcode::UNARY_POSITIVE,
                    UnaryOp::USub => Opcode::UNARY_NEGATIVE,
                });
                Ok(())
            }
            Expr::Lambda(l) => self.compile_lambda(l),
            Expr::If(i) => {
                let end = self.new_label();
                let next = self.new_label();
                self.jump_if(&i.test, next, false)?;
                self.visit_expr(&i.body)?;
                // CPython's ADDOP_JUMP_NOLINE: the jump over the else part takes the body's line.
                let saved = self.ur().pos;
                self.artificial_loc();
                self.emit_jump(Opcode::JUMP, end);
                self.u().pos = saved;
                self.bind(next);
                self.visit_expr(&i.orelse)?;
                self.bind(end);
                Ok(())
            }
            Expr::Dict(d) => self.compile_dict(d),
            Expr::Set(s) => self.starunpack(&s.elts, Coll::Set),
            Expr::ListComp(c) => self.compile_comprehension(e, &c.generators, &c.elt, None, "<listcomp>"),
            Expr::SetComp(c) => self.compile_comprehension(e, &c.generators, &c.elt, None, "<setcomp>"),
            Expr::DictComp(c) => match &c.key {
                Some(k) => self.compile_comprehension(e, &c.generators, k, Some(&c.value), "<dictcomp>"),
                None => cerr("invalid syntax", e.range()),
            },
            Expr::Generator(c) => self.compile_comprehension(e, &c.generators, &c.elt, None, "<genexpr>"),
            Expr::Await(a) => {
                if self.scope_kind() != BlockType::Function {
                    return cerr("'await' outside function", e.range());
                }
                if !matches!(self.ur().kind, UnitKind::AsyncFunction | UnitKind::Comprehension) {
                    return cerr("'await' outside async function", e.range());
                }
                self.visit_expr(&a.value)?;
                self.emit_arg(Opcode::GET_AWAITABLE, 0);
                self.load_none();
                self.yield_from_loop();
                Ok(())
            }
            Expr::Yield(y) => {
                if self.scope_kind() != BlockType::Function {
                    return cerr("'yield' outside function", e.range());
                }
                match &y.value {
                    Some(v) => self.visit_expr(v)?,
                    None => self.load_none(),
                }
                self.emit_yield();
                Ok(())
            }
            Expr::YieldFrom(y) => {
                if self.scope_kind() != BlockType::Function {
                    return cerr("'yield' outside function", e.range());
                }
                if self.ur().kind == UnitKind::AsyncFunction {
                    return cerr("'yield from' inside async function", e.range());
                }
                self.visit_expr(&y.value)?;
                self.emit(Opcode::GET_YIELD_FROM_ITER);
                self.load_none();
                self.yield_from_loop();
                Ok(())
            }
            Expr::Compare(c) => self.compile_compare(c),
            Expr::Call(c) => self.compile_call(c),
            Expr::FString(f) => self.compile_fstring(f),
            Expr::TString(_) => cerr("invalid syntax", e.range()),
            Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_) => unreachable!("folded above"),
            Expr::Attribute(a) => match a.ctx {
                ExprContext::Load => {
                    self.visit_expr(&a.value)?;
                    self.set_loc(a.range);
                    self.emit_attr(Opcode::LOAD_ATTR, &a.attr);
                    Ok(())
                }
                ExprContext::Store => self.visit_store(e),
                ExprContext::Del => self.visit_del(e),
                ExprContext::Invalid => cerr("invalid syntax", e.range()),
            },
            Expr::Subscript(s) => match s.ctx {
                ExprContext::Load => {
                    self.visit_expr(&s.value)?;
                    self.visit_expr(&s.slice)?;
                    self.set_loc(s.range);
                    self.emit(Opcode::BINARY_SUBSCR);
                    Ok(())
                }
                ExprContext::Store => self.visit_store(e),
                ExprContext::Del => self.visit_del(e),
                ExprContext::Invalid => cerr("invalid syntax", e.range()),
            },
            Expr::Starred(s) => match s.ctx {
                ExprContext::Store => cerr("starred assignment target must be in a list or tuple", e.range()),
                _ => cerr("can't use starred expression here", e.range()),
            },
            Expr::Name(n) => match n.ctx {
                ExprContext::Store => self.nameop(&n.id, NameCtx::Store, n.range),
                ExprContext::Del => self.nameop(&n.id, NameCtx::Del, n.range),
                _ => self.nameop(&n.id, NameCtx::Load, n.range),
            },
            Expr::List(l) => match l.ctx {
                ExprContext::Store => self.visit_store(e),
                ExprContext::Del => self.visit_del(e),
                _ => self.starunpack(&l.elts, Coll::List),
            },
            Expr::Tuple(t) => match t.ctx {
                ExprContext::Store => self.visit_store(e),
                ExprContext::Del => self.visit_del(e),
                _ => self.starunpack(&t.elts, Coll::Tuple),
            },
            Expr::Slice(s) => {
                let mut n = 2;
                for part in [&s.lower, &s.upper] {
                    match part {
                        Some(x) => self.visit_expr(x)?,
                        None => self.load_none(),
                    }
                }
                if let Some(st) = &s.step {
                    self.visit_expr(st)?;
                    n = 3;
                }
                self.emit_arg(Opcode::BUILD_SLICE, n);
                Ok(())
            }
            Expr::IpyEscapeCommand(_) => cerr("invalid syntax", e.range()),
        }
    }

    pub fn emit_yield(&mut self) {
        if self.is_async_generator_unit() {
            self.emit(Opcode::ASYNC_GEN_WRAP);
        }
        self.emit_arg(Opcode::YIELD_VALUE, 0);
    }

    // ---- stores and deletes ----

    pub fn visit_store(&mut self, e: &Expr) -> CResult {
        let saved = self.ur().pos;
        self.set_loc(e.range());
        let r = self.visit_store_inner(e);
        self.u().pos = saved;
        r
    }

    fn visit_store_inner(&mut self, e: &Expr) -> CResult {
        match e {
            Expr::Name(n) => self.nameop(&n.id, NameCtx::Store, n.range),
            Expr::Attribute(a) => {
                self.visit_expr(&a.value)?;
                self.set_loc(a.range);
                self.emit_attr(Opcode::STORE_ATTR, &a.attr);
                Ok(())
            }
            Expr::Subscript(s) => {
                self.visit_expr(&s.value)?;
                self.visit_expr(&s.slice)?;
                self.set_loc(s.range);
                self.emit(Opcode::STORE_SUBSCR);
                Ok(())
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                self.unpack_helper(elts, e.range())?;
                for x in elts {
                    match x {
                        Expr::Starred(s) => self.visit_store(&s.value)?,
                        _ => self.visit_store(x)?,
                    }
                }
                Ok(())
            }
            Expr::Starred(_) => cerr("starred assignment target must be in a list or tuple", e.range()),
            _ => cerr("cannot assign to expression", e.range()),
        }
    }

    fn unpack_helper(&mut self, elts: &[Expr], r: TextRange) -> CResult {
        let mut seen_star = false;
        for (i, x) in elts.iter().enumerate() {
            if matches!(x, Expr::Starred(_)) {
                if seen_star {
                    return cerr("multiple starred expressions in assignment", r);
                }
                let after = elts.len() - i - 1;
                if i >= 1 << 8 || after >= (i32::MAX >> 8) as usize {
                    return cerr("too many expressions in star-unpacking assignment", r);
                }
                self.emit_arg(Opcode::UNPACK_EX, i as u32 | ((after as u32) << 8));
                seen_star = true;
            }
        }
        if !seen_star {
            self.emit_arg(Opcode::UNPACK_SEQUENCE, elts.len() as u32);
        }
        Ok(())
    }

    pub fn visit_del(&mut self, e: &Expr) -> CResult {
        self.set_loc(e.range());
        match e {
            Expr::Name(n) => self.nameop(&n.id, NameCtx::Del, n.range),
            Expr::Attribute(a) => {
                self.visit_expr(&a.value)?;
                self.set_loc(a.range);
                self.emit_attr(Opcode::DELETE_ATTR, &a.attr);
                Ok(())
            }
            Expr::Subscript(s) => {
                self.visit_expr(&s.value)?;
                self.visit_expr(&s.slice)?;
                self.set_loc(s.range);
                self.emit(Opcode::DELETE_SUBSCR);
                Ok(())
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                for x in elts {
                    self.visit_del(x)?;
                }
                Ok(())
            }
            _ => cerr("cannot delete expression", e.range()),
        }
    }

    // ---- conditions ----

    /// CPython's `compiler_jump_if`: jump to `target` when `e` is truthy == `cond`.
    pub fn jump_if(&mut self, e: &Expr, target: crate::assemble::Label, cond: bool) -> CResult {
        if let Some(c) = consts::fold(e, self.opts.optimize) {
            if consts::truthy(&c) == cond {
                self.set_loc(e.range());
                self.emit_jump(Opcode::JUMP, target);
            }
            return Ok(());
        }
        match e {
            Expr::UnaryOp(u) if u.op == UnaryOp::Not => return self.jump_if(&u.operand, target, !cond),
            Expr::BoolOp(b) => {
                let is_or = b.op == BoolOp::Or;
                let next2 = if is_or == cond { target } else { self.new_label() };
                let n = b.values.len();
                for v in &b.values[..n - 1] {
                    self.jump_if(v, next2, is_or)?;
                }
                self.jump_if(&b.values[n - 1], target, cond)?;
                if next2 != target {
                    self.bind(next2);
                }
                return Ok(());
            }
            Expr::If(i) => {
                let end = self.new_label();
                let next2 = self.new_label();
                self.jump_if(&i.test, next2, false)?;
                self.jump_if(&i.body, target, cond)?;
                self.emit_jump(Opcode::JUMP, end);
                self.bind(next2);
                self.jump_if(&i.orelse, target, cond)?;
                self.bind(end);
                return Ok(());
            }
            Expr::Compare(c) if c.ops.len() > 1 => {
                let saved = self.ur().pos;
                self.set_loc(e.range());
                let cleanup = self.new_label();
                self.visit_expr(&c.left)?;
                let n = c.ops.len() - 1;
                for i in 0..n {
                    self.visit_expr(&c.comparators[i])?;
                    self.emit_arg(Opcode::SWAP, 2);
                    self.emit_arg(Opcode::COPY, 2);
                    self.emit_compare(c.ops[i]);
                    self.emit_jump(Opcode::POP_JUMP_IF_FALSE, cleanup);
                }
                self.visit_expr(&c.comparators[n])?;
                self.emit_compare(c.ops[n]);
                self.emit_jump(if cond { Opcode::POP_JUMP_IF_TRUE } else { Opcode::POP_JUMP_IF_FALSE }, target);
                let end = self.new_label();
                self.emit_jump(Opcode::JUMP, end);
                self.bind(cleanup);
                self.emit(Opcode::POP_TOP);
                if !cond {
                    self.emit_jump(Opcode::JUMP, target);
                }
                self.bind(end);
                self.u().pos = saved;
                return Ok(());
            }
            _ => {}
        }
        self.visit_expr(e)?;
        // The jump keeps the enclosing location (the statement's), as CPython 3.11's, except
        // after a plain comparison, whose location then stays for what follows (its
        // `compiler_jump_if` leaves it set): a trace function sees those lines.
        if let Expr::Compare(_) = e {
            self.set_loc(e.range());
        }
        self.emit_jump(if cond { Opcode::POP_JUMP_IF_TRUE } else { Opcode::POP_JUMP_IF_FALSE }, target);
        Ok(())
    }

    fn emit_compare(&mut self, op: CmpOp) {
        let (o, a) = match op {
            CmpOp::Eq => (Opcode::COMPARE_OP, 2),
            CmpOp::NotEq => (Opcode::COMPARE_OP, 3),
            CmpOp::Lt => (Opcode::COMPARE_OP, 0),
            CmpOp::LtE => (Opcode::COMPARE_OP, 1),
            CmpOp::Gt => (Opcode::COMPARE_OP, 4),
            CmpOp::GtE => (Opcode::COMPARE_OP, 5),
            CmpOp::Is => (Opcode::IS_OP, 0),
            CmpOp::IsNot => (Opcode::IS_OP, 1),
            CmpOp::In => (Opcode::CONTAINS_OP, 0),
            CmpOp::NotIn => (Opcode::CONTAINS_OP, 1),
        };
        self.emit_arg(o, a);
    }

    fn compile_compare(&mut self, c: &ast::ExprCompare) -> CResult {
        self.visit_expr(&c.left)?;
        let n = c.ops.len() - 1;
        if n == 0 {
            self.visit_expr(&c.comparators[0])?;
            self.set_loc(c.range);
            self.emit_compare(c.ops[0]);
            return Ok(());
        }
        let cleanup = self.new_label();
        for i in 0..n {
            self.visit_expr(&c.comparators[i])?;
            self.set_loc(c.range);
            self.emit_arg(Opcode::SWAP, 2);
            self.emit_arg(Opcode::COPY, 2);
            self.emit_compare(c.ops[i]);
            self.emit_jump(Opcode::JUMP_IF_FALSE_OR_POP, cleanup);
        }
        self.visit_expr(&c.comparators[n])?;
        self.set_loc(c.range);
        self.emit_compare(c.ops[n]);
        let end = self.new_label();
        self.emit_jump(Opcode::JUMP, end);
        self.bind(cleanup);
        self.emit_arg(Opcode::SWAP, 2);
        self.emit(Opcode::POP_TOP);
        self.bind(end);
        Ok(())
    }

    // ---- displays ----

    /// CPython's `starunpack_helper`.
    fn starunpack(&mut self, elts: &[Expr], kind: Coll) -> CResult {
        let n = elts.len();
        let all_const: Option<Vec<Constant>> = if n > 2 || (kind == Coll::Tuple && n > 0) {
            elts.iter()
                .map(|x| if matches!(x, Expr::Starred(_)) { None } else { consts::fold(x, self.opts.optimize) })
                .collect()
        } else {
            None
        };
        if let Some(cs) = all_const {
            if n > 2 {
                match kind {
                    Coll::Tuple => self.load_const(Constant::Tuple(cs.into())),
                    Coll::List => {
                        self.emit_arg(Opcode::BUILD_LIST, 0);
                        self.load_const(Constant::Tuple(cs.into()));
                        self.emit_arg(Opcode::LIST_EXTEND, 1);
                    }
                    Coll::Set => {
                        self.emit_arg(Opcode::BUILD_SET, 0);
                        self.load_const(Constant::FrozenSet(dedup_set(cs).into()));
                        self.emit_arg(Opcode::SET_UPDATE, 1);
                    }
                }
                return Ok(());
            }
        }
        let seen_star = elts.iter().any(|x| matches!(x, Expr::Starred(_)));
        let big = n > STACK_USE_GUIDELINE;
        let (build, add, extend) = match kind {
            Coll::List | Coll::Tuple => (Opcode::BUILD_LIST, Opcode::LIST_APPEND, Opcode::LIST_EXTEND),
            Coll::Set => (Opcode::BUILD_SET, Opcode::SET_ADD, Opcode::SET_UPDATE),
        };
        if !seen_star && !big {
            for x in elts {
                self.visit_expr(x)?;
            }
            let op = match kind {
                Coll::List => Opcode::BUILD_LIST,
                Coll::Tuple => Opcode::BUILD_TUPLE,
                Coll::Set => Opcode::BUILD_SET,
            };
            self.emit_arg(op, n as u32);
            return Ok(());
        }
        let mut built = false;
        if big {
            self.emit_arg(build, 0);
            built = true;
        }
        for (i, x) in elts.iter().enumerate() {
            if let Expr::Starred(s) = x {
                if !built {
                    self.emit_arg(build, i as u32);
                    built = true;
                }
                self.visit_expr(&s.value)?;
                self.emit_arg(extend, 1);
            } else {
                self.visit_expr(x)?;
                if built {
                    self.emit_arg(add, 1);
                }
            }
        }
        if kind == Coll::Tuple {
            self.emit(Opcode::LIST_TO_TUPLE);
        }
        Ok(())
    }

    fn subdict(&mut self, items: &[ast::DictItem]) -> CResult {
        let n = items.len();
        let keys: Option<Vec<Constant>> = if n > 1 {
            items.iter().map(|it| it.key.as_ref().and_then(|k| consts::fold(k, self.opts.optimize))).collect()
        } else {
            None
        };
        if let Some(keys) = keys {
            for it in items {
                self.visit_expr(&it.value)?;
            }
            self.load_const(Constant::Tuple(keys.into()));
            self.emit_arg(Opcode::BUILD_CONST_KEY_MAP, n as u32);
        } else {
            for it in items {
                self.visit_expr(it.key.as_ref().unwrap())?;
                self.visit_expr(&it.value)?;
            }
            self.emit_arg(Opcode::BUILD_MAP, n as u32);
        }
        Ok(())
    }

    fn compile_dict(&mut self, d: &ast::ExprDict) -> CResult {
        let mut have_dict = false;
        let mut start = 0;
        let items = &d.items;
        for (i, it) in items.iter().enumerate() {
            if it.key.is_none() {
                if i > start {
                    self.subdict(&items[start..i])?;
                    if have_dict {
                        self.emit_arg(Opcode::DICT_UPDATE, 1);
                    }
                    have_dict = true;
                }
                if !have_dict {
                    self.emit_arg(Opcode::BUILD_MAP, 0);
                    have_dict = true;
                }
                self.visit_expr(&it.value)?;
                self.emit_arg(Opcode::DICT_UPDATE, 1);
                start = i + 1;
            } else if (i + 1 - start) * 2 > STACK_USE_GUIDELINE {
                self.subdict(&items[start..=i])?;
                if have_dict {
                    self.emit_arg(Opcode::DICT_UPDATE, 1);
                }
                have_dict = true;
                start = i + 1;
            }
        }
        if items.len() > start {
            self.subdict(&items[start..])?;
            if have_dict {
                self.emit_arg(Opcode::DICT_UPDATE, 1);
            }
            have_dict = true;
        }
        if !have_dict {
            self.emit_arg(Opcode::BUILD_MAP, 0);
        }
        Ok(())
    }

    // ---- calls ----

    fn compile_call(&mut self, c: &ast::ExprCall) -> CResult {
        let args = &c.arguments.args;
        let kws = &c.arguments.keywords;
        self.validate_keywords(kws)?;
        if let Expr::Attribute(a) = &*c.func {
            let simple = kws.is_empty()
                && !args.iter().any(|x| matches!(x, Expr::Starred(_)))
                && args.len() < STACK_USE_GUIDELINE
                && a.ctx == ExprContext::Load;
            if simple {
                self.visit_expr(&a.value)?;
                self.set_loc(a.range);
                self.emit_attr(Opcode::LOAD_METHOD, &a.attr);
                for x in args.iter() {
                    self.visit_expr(x)?;
                }
                self.set_loc(c.range());
                self.emit_arg(Opcode::CALL_METHOD, args.len() as u32);
                return Ok(());
            }
        }
        self.visit_expr(&c.func)?;
        self.set_loc(c.range());
        self.call_helper(0, args, kws)
    }

    fn validate_keywords(&self, kws: &[ast::Keyword]) -> CResult {
        for (i, k) in kws.iter().enumerate() {
            let Some(name) = &k.arg else { continue };
            for other in &kws[i + 1..] {
                if other.arg.as_ref().is_some_and(|o| o.as_str() == name.as_str()) {
                    return cerr(format!("keyword argument repeated: {name}"), other.range);
                }
            }
        }
        Ok(())
    }

    /// CPython's `compiler_call_helper`; `n` arguments are already on the stack.
    pub fn call_helper(&mut self, n: usize, args: &[Expr], kws: &[ast::Keyword]) -> CResult {
        let pos = self.ur().pos;
        let ex_call = n + args.len() + kws.len() * 2 > STACK_USE_GUIDELINE
            || args.iter().any(|x| matches!(x, Expr::Starred(_)))
            || kws.iter().any(|k| k.arg.is_none());
        if !ex_call {
            for x in args {
                self.visit_expr(x)?;
            }
            if kws.is_empty() {
                self.u().pos = pos;
                self.emit_arg(Opcode::CALL, (n + args.len()) as u32);
                return Ok(());
            }
            let mut names = Vec::new();
            for k in kws {
                self.visit_expr(&k.value)?;
                names.push(Constant::Str(k.arg.as_ref().unwrap().as_str().into()));
            }
            self.u().pos = pos;
            self.load_const(Constant::Tuple(names.into()));
            self.emit_arg(Opcode::CALL_KW, (n + args.len() + kws.len()) as u32);
            return Ok(());
        }
        // Positional arguments as one tuple.
        self.emit_arg(Opcode::BUILD_LIST, n as u32);
        for x in args {
            if let Expr::Starred(s) = x {
                self.visit_expr(&s.value)?;
                self.emit_arg(Opcode::LIST_EXTEND, 1);
            } else {
                self.visit_expr(x)?;
                self.emit_arg(Opcode::LIST_APPEND, 1);
            }
        }
        self.emit(Opcode::LIST_TO_TUPLE);
        // Keyword arguments as one fresh dict.
        if !kws.is_empty() {
            let mut have_dict = false;
            let mut seen = 0usize;
            for (i, k) in kws.iter().enumerate() {
                if k.arg.is_none() {
                    if seen > 0 {
                        self.subkwargs(&kws[i - seen..i])?;
                        if have_dict {
                            self.emit_arg(Opcode::DICT_MERGE, 1);
                        }
                        have_dict = true;
                        seen = 0;
                    }
                    if !have_dict {
                        self.emit_arg(Opcode::BUILD_MAP, 0);
                        have_dict = true;
                    }
                    self.visit_expr(&k.value)?;
                    self.emit_arg(Opcode::DICT_MERGE, 1);
                } else {
                    seen += 1;
                }
            }
            if seen > 0 {
                self.subkwargs(&kws[kws.len() - seen..])?;
                if have_dict {
                    self.emit_arg(Opcode::DICT_MERGE, 1);
                }
            }
        }
        self.u().pos = pos;
        self.emit_arg(Opcode::CALL_FUNCTION_EX, u32::from(!kws.is_empty()));
        Ok(())
    }

    fn subkwargs(&mut self, kws: &[ast::Keyword]) -> CResult {
        let n = kws.len();
        if n > 1 {
            let mut keys = Vec::new();
            for k in kws {
                self.visit_expr(&k.value)?;
                keys.push(Constant::Str(k.arg.as_ref().unwrap().as_str().into()));
            }
            self.load_const(Constant::Tuple(keys.into()));
            self.emit_arg(Opcode::BUILD_CONST_KEY_MAP, n as u32);
        } else {
            for k in kws {
                self.load_const(Constant::Str(k.arg.as_ref().unwrap().as_str().into()));
                self.visit_expr(&k.value)?;
            }
            self.emit_arg(Opcode::BUILD_MAP, n as u32);
        }
        Ok(())
    }

    // ---- comprehensions ----

    fn compile_comprehension(
        &mut self,
        e: &Expr,
        gens: &[ast::Comprehension],
        elt: &Expr,
        val: Option<&Expr>,
        name: &str,
    ) -> CResult {
        let scope = self.st.scope_for(e);
        let is_async_gen = self.st.scopes[scope].coroutine;
        let is_genexp = name == "<genexpr>";
        let outer_kind = self.ur().kind;
        if is_async_gen && !is_genexp && !matches!(outer_kind, UnitKind::AsyncFunction | UnitKind::Comprehension) {
            return cerr("asynchronous comprehension outside of an asynchronous function", e.range());
        }
        let line = self.line_col(e.range().start()).0;
        self.enter_scope(name, UnitKind::Comprehension, scope, line);
        self.set_loc(e.range());
        self.u().argcount = 1;
        match name {
            "<listcomp>" => self.emit_arg(Opcode::BUILD_LIST, 0),
            "<setcomp>" => self.emit_arg(Opcode::BUILD_SET, 0),
            "<dictcomp>" => self.emit_arg(Opcode::BUILD_MAP, 0),
            _ => {}
        }
        self.comprehension_generator(gens, 0, 0, elt, val, name)?;
        if !is_genexp {
            self.emit(Opcode::RETURN_VALUE);
        } else {
            self.finish_function_body();
        }
        let co = self.exit_scope();
        self.set_loc(e.range());
        self.make_closure(co, 0);
        self.visit_expr(&gens[0].iter)?;
        self.set_loc(e.range());
        self.emit(if gens[0].is_async { Opcode::GET_AITER } else { Opcode::GET_ITER });
        self.emit_arg(Opcode::CALL, 1);
        if is_async_gen && !is_genexp {
            self.emit_arg(Opcode::GET_AWAITABLE, 0);
            self.load_none();
            self.yield_from_loop();
        }
        Ok(())
    }

    fn comprehension_generator(
        &mut self,
        gens: &[ast::Comprehension],
        idx: usize,
        depth: u32,
        elt: &Expr,
        val: Option<&Expr>,
        kind: &str,
    ) -> CResult {
        let g = &gens[idx];
        let start = self.new_label();
        let if_cleanup = self.new_label();
        let anchor = self.new_label();
        if idx == 0 {
            self.emit_arg(Opcode::LOAD_FAST, 0);
        } else {
            self.visit_expr(&g.iter)?;
            self.emit(if g.is_async { Opcode::GET_AITER } else { Opcode::GET_ITER });
        }
        let depth = depth + 1;
        self.bind(start);
        if g.is_async {
            let hl = self.handler_len();
            self.push_fblock(FBlockKind::AsyncComprehensionGenerator, start, None, hl);
            self.setup_block(anchor, false, 0);
            self.emit(Opcode::GET_ANEXT);
            self.load_none();
            self.yield_from_loop();
            self.pop_block();
        } else {
            self.emit_jump(Opcode::FOR_ITER, anchor);
        }
        self.visit_store(&g.target)?;
        for cond in &g.ifs {
            self.jump_if(cond, if_cleanup, false)?;
        }
        if idx + 1 < gens.len() {
            self.comprehension_generator(gens, idx + 1, depth, elt, val, kind)?;
        } else {
            match kind {
                "<genexpr>" => {
                    self.visit_expr(elt)?;
                    self.emit_yield();
                    self.emit(Opcode::POP_TOP);
                }
                "<listcomp>" => {
                    self.visit_expr(elt)?;
                    self.emit_arg(Opcode::LIST_APPEND, depth + 1);
                }
                "<setcomp>" => {
                    self.visit_expr(elt)?;
                    self.emit_arg(Opcode::SET_ADD, depth + 1);
                }
                _ => {
                    self.visit_expr(elt)?;
                    self.visit_expr(val.unwrap())?;
                    self.emit_arg(Opcode::MAP_ADD, depth + 1);
                }
            }
        }
        self.bind(if_cleanup);
        self.emit_jump(Opcode::JUMP, start);
        self.bind(anchor);
        if g.is_async {
            self.pop_fblock();
            self.emit(Opcode::END_ASYNC_FOR);
        }
        Ok(())
    }

    // ---- f-strings ----

    fn compile_fstring(&mut self, f: &ast::ExprFString) -> CResult {
        let mut parts: Vec<Part> = Vec::new();
        for p in f.value.iter() {
            match p {
                ast::FStringPart::Literal(l) => push_lit(&mut parts, &l.value),
                ast::FStringPart::FString(fs) => collect_elements(&mut parts, &fs.elements),
            }
        }
        self.emit_parts(&parts)
    }

    fn emit_parts(&mut self, parts: &[Part]) -> CResult {
        if parts.is_empty() {
            self.load_const(Constant::Str("".into()));
            return Ok(());
        }
        let big = parts.len() > STACK_USE_GUIDELINE;
        if big {
            self.load_const(Constant::Str("".into()));
            self.emit_name(Opcode::LOAD_METHOD, "join");
            self.emit_arg(Opcode::BUILD_LIST, 0);
        }
        for p in parts {
            match p {
                Part::Lit(s) => self.load_const(Constant::Str(s.as_str().into())),
                Part::Field(i) => self.formatted_value(i)?,
            }
            if big {
                self.emit_arg(Opcode::LIST_APPEND, 1);
            }
        }
        if big {
            self.emit_arg(Opcode::CALL_METHOD, 1);
        } else if parts.len() != 1 {
            self.emit_arg(Opcode::BUILD_STRING, parts.len() as u32);
        }
        Ok(())
    }

    fn formatted_value(&mut self, i: &ast::InterpolatedElement) -> CResult {
        self.visit_expr(&i.expression)?;
        let mut conv = match i.conversion {
            ast::ConversionFlag::None => 0,
            ast::ConversionFlag::Str => 1,
            ast::ConversionFlag::Repr => 2,
            ast::ConversionFlag::Ascii => 3,
        };
        if i.debug_text.is_some() && conv == 0 && i.format_spec.is_none() {
            conv = 2;
        }
        if let Some(spec) = &i.format_spec {
            let mut parts = Vec::new();
            collect_elements(&mut parts, &spec.elements);
            self.emit_parts(&parts)?;
            conv |= 4;
        }
        self.emit_arg(Opcode::FORMAT_VALUE, conv);
        Ok(())
    }
}

pub(crate) enum Part<'a> {
    Lit(String),
    Field(&'a ast::InterpolatedElement),
}

fn push_lit(parts: &mut Vec<Part>, s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(Part::Lit(prev)) = parts.last_mut() {
        prev.push_str(s);
    } else {
        parts.push(Part::Lit(s.to_string()));
    }
}

fn collect_elements<'a>(parts: &mut Vec<Part<'a>>, els: &'a ast::InterpolatedStringElements) {
    for el in els.iter() {
        match el {
            ast::InterpolatedStringElement::Literal(l) => push_lit(parts, &l.value),
            ast::InterpolatedStringElement::Interpolation(i) => {
                if let Some(d) = &i.debug_text {
                    let text = format!("{}{}{}", d.leading(), d.expression(), d.trailing());
                    push_lit(parts, &text);
                }
                parts.push(Part::Field(i));
            }
        }
    }
}

fn dedup_set(cs: Vec<Constant>) -> Vec<Constant> {
    let mut out: Vec<Constant> = Vec::new();
    for c in cs {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}
