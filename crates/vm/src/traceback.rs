//! VM stage: printing uncaught exceptions exactly as CPython 3.11's `PyErr_Display` does —
//! chained exceptions, `File "..", line N, in name` entries with the source line, the `~~^^`
//! location markers (anchors found by parsing the failing segment, as traceback.c does),
//! `[Previous line repeated N more times]`, and the SyntaxError layout.

use crate::value::{Payload, PyRef, Value};
use crate::vm::Vm;
use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;
use std::rc::Rc;

const RECURSIVE_CUTOFF: usize = 3;
/// Exception groups print at most this many members and this many levels (traceback.py's
/// `max_group_width` / `max_group_depth`).
const MAX_GROUP_WIDTH: usize = 15;
const MAX_GROUP_DEPTH: usize = 10;

/// Indentation state while printing nested exception groups (`_ExceptionPrintContext`).
struct PrintCtx {
    depth: usize,
    need_close: bool,
    seen: Vec<*const crate::value::Object>,
}

impl PrintCtx {
    /// Appends `text`, every line prefixed by the group indentation and margin.
    fn emit(&self, out: &mut String, text: &str, margin: char) {
        if self.depth == 0 {
            out.push_str(text);
            return;
        }
        let prefix = format!("{}{} ", " ".repeat(2 * self.depth), margin);
        for line in text.split_inclusive('\n') {
            out.push_str(&prefix);
            out.push_str(line);
        }
    }
}

impl Vm {
    /// The text of line `lineno` (1-based) of `filename`, from the sources the VM has loaded or
    /// the file on disk (as `linecache`).
    pub fn source_line(&mut self, filename: &str, lineno: u32) -> Option<String> {
        if !self.sources.contains_key(filename) {
            if filename.starts_with('<') {
                return None;
            }
            let bytes = std::fs::read(filename).ok()?;
            self.sources.insert(filename.to_string(), crate::vm::Source::Bytes(bytes));
        }
        // Bytes kept by a cached import are decoded the first time a line is wanted.
        if let Some(crate::vm::Source::Bytes(bytes)) = self.sources.get(filename) {
            let text = compiler::decode_source(bytes, filename)
                .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned());
            self.sources.insert(filename.to_string(), crate::vm::Source::Text(text.into()));
        }
        let Some(crate::vm::Source::Text(src)) = self.sources.get(filename) else { return None };
        src.split_inclusive('\n')
            .nth(lineno.checked_sub(1)? as usize)
            .map(|l| l.trim_end_matches(['\n', '\r']).to_string())
    }

    /// Renders the full report for an uncaught exception (what goes to stderr).
    /// Runs the `atexit` callbacks, last registered first, as interpreter shutdown does; an
    /// exception in one is reported as unraisable and the rest still run.
    pub fn run_atexit(&mut self) {
        while let Some((func, args, kwargs)) = self.atexit_callbacks.pop() {
            let mut all = args;
            let names: Vec<Value> = kwargs.iter().map(|(k, _)| k.clone()).collect();
            all.extend(kwargs.into_iter().map(|(_, v)| v));
            if let Err(e) = self.call(&func, crate::func::Args { args: &all, kwnames: &names }) {
                self.write_unraisable("in atexit callback", &func, &e);
            }
        }
    }

    /// `_PyErr_WriteUnraisableMsg`: hands the exception to `sys.unraisablehook` when a
    /// program replaced it, else writes "Exception ignored {what}: {obj!r}" and the traceback.
    pub fn write_unraisable(&mut self, what: &str, obj: &Value, e: &PyRef) {
        if let Some(hook) = self.sys_attr("unraisablehook") {
            let is_default = self.sys_attr("__unraisablehook__").is_some_and(|d| d.is(&hook));
            if !is_default {
                let err_msg =
                    if what == "in" { Value::None } else { self.new_str(format!("Exception ignored {what}")) };
                let tb = e.exc_data().and_then(|d| d.traceback.borrow().clone()).map_or(Value::None, Value::Obj);
                let items = [
                    ("exc_type", Value::Obj(e.class())),
                    ("exc_value", Value::Obj(e.clone())),
                    ("exc_traceback", tb),
                    ("err_msg", err_msg),
                    ("object", obj.clone()),
                ];
                let args = crate::objects::surface::new_namespace(self, &items);
                match self.call(&hook, crate::func::Args::new(&[args])) {
                    Ok(_) => return,
                    Err(hook_err) => return self.write_unraisable_default("in sys.unraisablehook", &hook, &hook_err),
                }
            }
        }
        self.write_unraisable_default(what, obj, e)
    }

    fn write_unraisable_default(&mut self, what: &str, obj: &Value, e: &PyRef) {
        let r = self.repr_string(obj).unwrap_or_else(|_| "<object repr() failed>".into());
        self.flush_std_streams();
        let text = self.format_exception(e);
        self.write_stderr(&format!("Exception ignored {what}: {r}\n{text}"));
    }

    pub fn format_exception(&mut self, exc: &PyRef) -> String {
        let mut out = String::new();
        let mut ctx = PrintCtx { depth: 0, need_close: false, seen: Vec::new() };
        self.format_chain(exc, &mut ctx, &mut out);
        out
    }

    /// One exception with its cause/context chain (`TracebackException.format`).
    fn format_chain(&mut self, exc: &PyRef, ctx: &mut PrintCtx, out: &mut String) {
        ctx.seen.push(Rc::as_ptr(exc));
        if let Some(d) = exc.exc_data() {
            let cause = d.cause.borrow().clone();
            let context = d.context.borrow().clone();
            if let Value::Obj(c) = &cause {
                if c.exc_data().is_some() && !ctx.seen.contains(&Rc::as_ptr(c)) {
                    self.format_chain(c, ctx, out);
                    ctx.emit(out, "\nThe above exception was the direct cause of the following exception:\n\n", '|');
                }
            } else if let Value::Obj(c) = &context {
                if !d.suppress_context.get() && c.exc_data().is_some() && !ctx.seen.contains(&Rc::as_ptr(c)) {
                    self.format_chain(c, ctx, out);
                    ctx.emit(out, "\nDuring handling of the above exception, another exception occurred:\n\n", '|');
                }
            }
        }
        let is_group = crate::types::is_subtype(&exc.class(), &self.exc.base_exception_group);
        let subs = if is_group {
            self.getattr_opt(&Value::Obj(exc.clone()), "exceptions").ok().flatten().and_then(|e| self.collect(&e).ok())
        } else {
            None
        };
        let tb = exc.exc_data().and_then(|d| d.traceback.borrow().clone());
        let Some(subs) = subs else {
            if let Some(tb) = tb {
                ctx.emit(out, "Traceback (most recent call last):\n", '|');
                let mut t = String::new();
                self.format_tb(&tb, &mut t);
                ctx.emit(out, &t, '|');
            }
            let only = self.format_exception_only(exc);
            ctx.emit(out, &only, '|');
            return;
        };
        if ctx.depth > MAX_GROUP_DEPTH {
            ctx.emit(out, &format!("... (max_group_depth is {MAX_GROUP_DEPTH})\n"), '|');
            return;
        }
        // An exception group: its own traceback, then each member in a numbered box.
        let toplevel = ctx.depth == 0;
        if toplevel {
            ctx.depth += 1;
        }
        if let Some(tb) = tb {
            ctx.emit(out, "Exception Group Traceback (most recent call last):\n", if toplevel { '+' } else { '|' });
            let mut t = String::new();
            self.format_tb(&tb, &mut t);
            ctx.emit(out, &t, '|');
        }
        let only = self.format_exception_only(exc);
        ctx.emit(out, &only, '|');
        let n = subs.len().min(MAX_GROUP_WIDTH + 1);
        ctx.need_close = false;
        for (i, sub) in subs.iter().take(n).enumerate() {
            let last = i == n - 1;
            if last {
                ctx.need_close = true;
            }
            let truncated = i >= MAX_GROUP_WIDTH;
            let title = if truncated { "...".to_string() } else { (i + 1).to_string() };
            out.push_str(&" ".repeat(2 * ctx.depth));
            out.push_str(if i == 0 { "+-" } else { "  " });
            out.push_str(&format!("+---------------- {title} ----------------\n"));
            ctx.depth += 1;
            if !truncated {
                if let Value::Obj(s) = sub {
                    self.format_chain(s, ctx, out);
                }
            } else {
                let remaining = subs.len() - MAX_GROUP_WIDTH;
                ctx.emit(
                    out,
                    &format!("and {remaining} more exception{}\n", if remaining > 1 { "s" } else { "" }),
                    '|',
                );
            }
            if last && ctx.need_close {
                out.push_str(&" ".repeat(2 * ctx.depth));
                out.push_str("+------------------------------------\n");
                ctx.need_close = false;
            }
            ctx.depth -= 1;
        }
        if toplevel {
            ctx.depth = 0;
        }
    }

    /// The last line(s) of a report: `Type: message`, SyntaxError's location, notes.
    fn format_exception_only(&mut self, exc: &PyRef) -> String {
        let mut out = String::new();
        let t = exc.class();
        let is_syntax = crate::types::is_subtype(&t, &self.exc.syntax_error);
        if is_syntax {
            self.format_syntax_error_location(exc, &mut out);
        }
        let td = t.as_type().unwrap();
        let module = self.type_attr(&t, "__module__").and_then(|m| m.as_str().map(|s| s.as_str().to_string()));
        let qual = td.qualname.borrow().to_string();
        let tname = match module.as_deref() {
            Some("builtins") | Some("__main__") | None => qual,
            Some(m) => format!("{m}.{qual}"),
        };
        let ev = Value::Obj(exc.clone());
        let msg = if is_syntax {
            self.getattr_str(&ev, "msg").ok().and_then(|m| self.str_string(&m).ok()).unwrap_or_default()
        } else {
            match self.str_string(&ev) {
                Ok(s) => s,
                Err(_) => "<exception str() failed>".to_string(),
            }
        };
        if msg.is_empty() {
            out.push_str(&tname);
        } else {
            out.push_str(&format!("{tname}: {msg}"));
        }
        out.push('\n');
        if let Ok(Some(notes)) = self.getattr_opt(&ev, "__notes__") {
            self.format_notes(&notes, &mut out);
        }
        out
    }

    /// `print_exception_notes` (3.11): each note of a sequence on its own line(s), a non-str
    /// note by its `str()`; a `__notes__` that is no sequence shows as its repr, which 3.11
    /// writes without a newline (the next report continues on that line).
    fn format_notes(&mut self, notes: &Value, out: &mut String) {
        if !self.is_sequence_check(notes) {
            out.push_str(&self.repr_string(notes).unwrap_or_else(|_| "<__notes__ repr() failed>".into()));
            return;
        }
        let Ok(items) = self.collect(notes) else { return };
        for n in items {
            out.push_str(&self.str_string(&n).unwrap_or_else(|_| "<note str() failed>".into()));
            out.push('\n');
        }
    }

    /// `PySequence_Check`: a type with an item slot (`__getitem__`) that is no dict; the
    /// mapping-only builtins (`mappingproxy`) have `__getitem__` but no `sq_item`.
    pub(crate) fn is_sequence_check(&self, v: &Value) -> bool {
        let t = self.type_of(v);
        if crate::types::is_subtype(&t, &self.types.dict) || matches!(v.payload(), Some(Payload::MappingProxy(_))) {
            return false;
        }
        self.type_attr(&t, "__getitem__").is_some()
    }

    fn format_syntax_error_location(&mut self, exc: &PyRef, out: &mut String) {
        let ev = Value::Obj(exc.clone());
        let get = |vm: &mut Vm, n: &str| vm.getattr_opt(&ev, n).ok().flatten().unwrap_or(Value::None);
        let filename = get(self, "filename");
        let lineno = get(self, "lineno");
        let text = get(self, "text");
        let offset = get(self, "offset");
        let end_offset = get(self, "end_offset");
        let fname = filename.as_str().map(|s| s.as_str().to_string()).unwrap_or_else(|| "<string>".into());
        if let Value::Int(l) = lineno {
            out.push_str(&format!("  File \"{fname}\", line {l}\n"));
        }
        let Some(text) = text.as_str().map(|s| s.as_str().to_string()) else {
            return;
        };
        let chars: Vec<char> = text.chars().collect();
        let mut offset = match offset {
            Value::Int(o) => o - 1,
            _ => -1,
        };
        let mut end_offset = match end_offset {
            Value::Int(o) => o - 1,
            _ => -1,
        };
        let mut start = 0usize;
        while start < chars.len() && matches!(chars[start], ' ' | '\t' | '\x0c') {
            start += 1;
            offset -= 1;
            end_offset -= 1;
        }
        let mut body: String = chars[start..].iter().collect();
        if body.ends_with('\n') {
            body.pop();
        }
        let len = body.chars().count() as i64;
        if offset > len {
            offset = len;
        }
        out.push_str("    ");
        out.push_str(&body);
        out.push('\n');
        if offset < 0 {
            return;
        }
        if end_offset <= offset || end_offset > len + 1 {
            end_offset = offset + 1;
        }
        out.push_str("    ");
        out.push_str(&" ".repeat(offset as usize));
        out.push_str(&"^".repeat((end_offset - offset).max(1) as usize));
        out.push('\n');
    }

    fn format_tb(&mut self, tb: &PyRef, out: &mut String) {
        let mut entries = Vec::new();
        let mut cur = Some(tb.clone());
        while let Some(t) = cur {
            let Payload::Traceback(tbd) = &t.payload else {
                break;
            };
            entries.push((tbd.code.clone(), tbd.lasti, tbd.line()));
            cur = tbd.next.borrow().clone();
        }
        let limit = 1000;
        let skip = entries.len().saturating_sub(limit);
        let mut last: Option<(Rc<str>, Option<i32>, Rc<str>)> = None;
        let mut cnt = 0usize;
        for (code, lasti, lineno) in entries.into_iter().skip(skip) {
            let key = (code.code.co_filename.clone(), lineno, code.code.co_name.clone());
            if last.as_ref() != Some(&key) {
                if cnt > RECURSIVE_CUTOFF {
                    repeated(out, cnt);
                }
                last = Some(key);
                cnt = 0;
            }
            cnt += 1;
            if cnt <= RECURSIVE_CUTOFF {
                self.format_entry(&code, lasti, lineno, out);
            }
        }
        if cnt > RECURSIVE_CUTOFF {
            repeated(out, cnt);
        }
    }

    fn format_entry(&mut self, code: &Rc<crate::value::CodeData>, lasti: usize, lineno: Option<i32>, out: &mut String) {
        let co = &code.code;
        let line_s = lineno.map(|l| l.to_string()).unwrap_or_else(|| "-1".into());
        out.push_str(&format!("  File \"{}\", line {}, in {}\n", co.co_filename, line_s, co.co_name));
        let Some(lineno) = lineno.and_then(|l| u32::try_from(l).ok()) else { return };
        let Some(line) = self.source_line(&co.co_filename, lineno) else {
            return;
        };
        let stripped = line.trim();
        if stripped.is_empty() {
            return;
        }
        out.push_str("    ");
        out.push_str(stripped);
        out.push('\n');
        let Some(pos) = co.positions.get(lasti).copied() else {
            return;
        };
        if pos.line == 0 || pos.end_line == 0 {
            return;
        }
        let truncation = line.chars().take_while(|c| c.is_whitespace()).count() as i64;
        let start_offset = byte_to_char(&line, pos.col as usize) as i64;
        let mut end_offset = if pos.end_line == pos.line {
            byte_to_char(&line, pos.end_col as usize) as i64
        } else {
            line.trim_end().chars().count() as i64
        };
        if pos.end_line == pos.line && end_offset < start_offset {
            return;
        }
        let mut anchors = None;
        if pos.line == pos.end_line {
            let seg: String =
                line.chars().skip(start_offset as usize).take((end_offset - start_offset) as usize).collect();
            anchors = extract_anchors(&seg).map(|(l, r)| {
                (byte_to_char(&seg, l) as i64 + start_offset, byte_to_char(&seg, r) as i64 + start_offset)
            });
        } else {
            end_offset = line.trim_end().chars().count() as i64;
        }
        let stripped_len = stripped.chars().count() as i64;
        if end_offset - start_offset == stripped_len && anchors.is_none() {
            return;
        }
        out.push_str("    ");
        let (primary, secondary) = if anchors.is_some() { ('~', '^') } else { ('^', '^') };
        let (left_end, right_start) = anchors.unwrap_or((-1, -1));
        let mut p = truncation;
        while {
            p += 1;
            p <= end_offset
        } {
            let c = if p <= start_offset {
                ' '
            } else if anchors.is_some() && left_end < p && p <= right_start {
                secondary
            } else {
                primary
            };
            out.push(c);
        }
        out.push('\n');
    }
}

fn repeated(out: &mut String, cnt: usize) {
    let n = cnt - RECURSIVE_CUTOFF;
    out.push_str(&format!("  [Previous line repeated {} more time{}]\n", n, if n > 1 { "s" } else { "" }));
}

fn byte_to_char(s: &str, b: usize) -> usize {
    let b = b.min(s.len());
    let mut b2 = b;
    while !s.is_char_boundary(b2) {
        b2 -= 1;
    }
    s[..b2].chars().count()
}

/// `extract_anchors_from_line`: for a binary operation the operator's span, for a subscript
/// the `[...]` span, as byte offsets into `segment`.
fn extract_anchors(segment: &str) -> Option<(usize, usize)> {
    let parsed = ruff_python_parser::parse_module(segment).ok()?;
    let module = parsed.syntax();
    if module.body.len() != 1 {
        return None;
    }
    let Stmt::Expr(e) = &module.body[0] else {
        return None;
    };
    let bytes = segment.as_bytes();
    let ws = |b: u8| b == b' ' || b == b'\t' || b == b'\x0c' || b == b'\n' || b == b'\r';
    match &*e.value {
        Expr::BinOp(b) => {
            let l_end = usize::from(b.left.range().end());
            let r_start = usize::from(b.right.range().start());
            let mut i = l_end;
            let mut found = None;
            while i < r_start {
                if ws(bytes[i]) {
                    i += 1;
                    continue;
                }
                let mut right = i + 1;
                if i + 1 < r_start && !ws(bytes[i + 1]) {
                    right += 1;
                }
                found = Some((i, right));
                if i + 1 < r_start && bytes[i] == b')' {
                    i += 1;
                    continue;
                }
                break;
            }
            found
        }
        Expr::Subscript(s) => {
            let mut left = usize::from(s.value.range().end());
            let mut right = usize::from(s.slice.range().end()) + 1;
            let n = bytes.len();
            while left < n && bytes[left] != b'[' {
                left += 1;
            }
            while right < n && bytes[right] != b']' {
                right += 1;
            }
            if right < n {
                right += 1;
            }
            Some((left, right))
        }
        _ => None,
    }
}
