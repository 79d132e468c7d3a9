//! Syntax-error stage: turns ruff's parse errors into CPython 3.11's SyntaxError /
//! IndentationError wording and location. Guarantees: the error reported is the first one
//! CPython would report (tokenizer-level bracket and string errors first, then the earliest
//! parser error), with 1-based character offsets and the offending line as `text`.

use crate::strings311::{self, CTok};
use crate::{CompileError, ErrorKind, Mode};
use ruff_python_ast::token::TokenKind;
use ruff_python_ast::{self as ast, Expr, Mod};
use ruff_python_parser::{LexicalErrorType, ParseErrorType, Parsed};
use ruff_text_size::{Ranged, TextRange, TextSize};

/// Line start offsets (byte) of `src`.
fn line_starts(src: &str) -> Vec<usize> {
    let mut v = vec![0];
    for (i, b) in src.bytes().enumerate() {
        if b == b'\n' {
            v.push(i + 1);
        }
    }
    v
}

struct Loc {
    line: u32,
    col_chars: u32,
    line_start: usize,
}

fn locate(src: &str, starts: &[usize], off: usize) -> Loc {
    let off = off.min(src.len());
    let i = starts.partition_point(|&s| s <= off).max(1) - 1;
    let ls = starts[i];
    let col_chars = src.get(ls..off).map_or((off - ls) as u32, |s| s.chars().count() as u32);
    Loc { line: i as u32 + 1, col_chars, line_start: ls }
}

fn line_text(src: &str, start: usize, with_newline: bool) -> String {
    let end = src[start..].find('\n').map_or(src.len(), |p| start + p + 1);
    let mut t = src[start..end].to_string();
    if !with_newline && t.ends_with('\n') {
        t.pop();
    }
    t
}

/// A SyntaxError covering `range` (offsets become CPython's 1-based character offsets).
pub fn error_at(src: &str, filename: &str, kind: ErrorKind, msg: String, range: TextRange) -> CompileError {
    make(src, filename, kind, msg, range.start().into(), range.end().into(), true)
}

fn make(src: &str, filename: &str, kind: ErrorKind, msg: String, start: usize, end: usize, nl: bool) -> CompileError {
    let starts = line_starts(src);
    let a = locate(src, &starts, start);
    let b = locate(src, &starts, end.max(start));
    CompileError {
        kind,
        msg,
        filename: filename.into(),
        lineno: a.line,
        offset: a.col_chars as i32 + 1,
        end_lineno: b.line,
        end_offset: b.col_chars as i32 + 1,
        text: Some(line_text(src, a.line_start, nl)),
    }
}

/// An error found after parsing (future imports, symbol table, code generation). CPython
/// reads its `text` back from the file named `filename`, so it is `None` for `<string>`.
pub fn late_error(src: &str, filename: &str, msg: String, range: TextRange) -> CompileError {
    let mut e = error_at(src, filename, ErrorKind::SyntaxError, msg, range);
    e.text = program_text(filename, e.lineno);
    e
}

/// Line `lineno` of the file `filename` as CPython's `PyErr_ProgramTextObject` reads it:
/// universal newlines, a line longer than its 1000-byte buffer keeps only its last 999-byte
/// piece, and undecodable text gives `None`.
fn program_text(filename: &str, lineno: u32) -> Option<String> {
    if lineno == 0 {
        return None;
    }
    let bytes = std::fs::read(filename).ok()?;
    // (start, end, ended by a newline) of each line.
    let mut lines: Vec<(usize, usize, bool)> = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' || bytes[i] == b'\r' {
            lines.push((start, i, true));
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    if start < bytes.len() {
        lines.push((start, bytes.len(), false));
    }
    let &(s, e, nl) = lines.get(lineno as usize - 1)?;
    let mut line = bytes[s..e].to_vec();
    if nl {
        line.push(b'\n');
    }
    let piece = line.len().saturating_sub(1) / 999 * 999;
    String::from_utf8(line[piece..].to_vec()).ok()
}

fn opener(k: TokenKind) -> Option<char> {
    match k {
        TokenKind::Lpar => Some('('),
        TokenKind::Lsqb => Some('['),
        TokenKind::Lbrace => Some('{'),
        _ => None,
    }
}

fn closer(k: TokenKind) -> Option<char> {
    match k {
        TokenKind::Rpar => Some(')'),
        TokenKind::Rsqb => Some(']'),
        TokenKind::Rbrace => Some('}'),
        _ => None,
    }
}

/// Tokenizer-level bracket errors: unmatched closers, mismatched pairs, unclosed openers.
fn bracket_error(src: &str, filename: &str, parsed: &Parsed<Mod>) -> Option<CompileError> {
    let mut stack: Vec<(char, TextRange)> = Vec::new();
    for t in parsed.tokens().iter() {
        let k = t.kind();
        if let Some(o) = opener(k) {
            stack.push((o, t.range()));
        } else if let Some(c) = closer(k) {
            let s: usize = t.start().into();
            match stack.pop() {
                None => {
                    return Some(make(src, filename, ErrorKind::SyntaxError, format!("unmatched '{c}'"), s, s, false));
                }
                Some((o, r)) => {
                    let want = match o {
                        '(' => ')',
                        '[' => ']',
                        _ => '}',
                    };
                    if want != c {
                        let starts = line_starts(src);
                        let ol = locate(src, &starts, r.start().into()).line;
                        let cl = locate(src, &starts, s).line;
                        let msg = if ol != cl {
                            format!("closing parenthesis '{c}' does not match opening parenthesis '{o}' on line {ol}")
                        } else {
                            format!("closing parenthesis '{c}' does not match opening parenthesis '{o}'")
                        };
                        return Some(make(src, filename, ErrorKind::SyntaxError, msg, s, s, false));
                    }
                }
            }
        }
    }
    if let Some((o, r)) = stack.last() {
        let s: usize = r.start().into();
        let starts = line_starts(src);
        let bracket_line = locate(src, &starts, s).line;
        let last_line = locate(src, &starts, src.trim_end().len()).line;
        let nl = bracket_line == last_line;
        let mut e = make(src, filename, ErrorKind::SyntaxError, format!("'{o}' was never closed"), s, s, nl);
        e.end_offset = 0;
        return Some(e);
    }
    None
}

/// CPython's `_PyPegen_get_expr_name`.
pub fn expr_name(e: &Expr) -> &'static str {
    match e {
        Expr::Attribute(_) => "attribute",
        Expr::Subscript(_) => "subscript",
        Expr::Starred(_) => "starred",
        Expr::Name(_) => "name",
        Expr::List(_) => "list",
        Expr::Tuple(_) => "tuple",
        Expr::Lambda(_) => "lambda",
        Expr::Call(_) => "function call",
        Expr::BoolOp(_) | Expr::BinOp(_) | Expr::UnaryOp(_) => "expression",
        Expr::Generator(_) => "generator expression",
        Expr::Yield(_) | Expr::YieldFrom(_) => "yield expression",
        Expr::Await(_) => "await expression",
        Expr::ListComp(_) => "list comprehension",
        Expr::SetComp(_) => "set comprehension",
        Expr::DictComp(_) => "dict comprehension",
        Expr::Dict(_) => "dict literal",
        Expr::Set(_) => "set display",
        Expr::FString(_) | Expr::TString(_) => "f-string expression",
        Expr::NoneLiteral(_) => "None",
        Expr::BooleanLiteral(b) => {
            if b.value {
                "True"
            } else {
                "False"
            }
        }
        Expr::EllipsisLiteral(_) => "ellipsis",
        Expr::NumberLiteral(_) | Expr::StringLiteral(_) | Expr::BytesLiteral(_) => "literal",
        Expr::Compare(_) => "comparison",
        Expr::If(_) => "conditional expression",
        Expr::Named(_) => "named expression",
        Expr::Slice(_) | Expr::IpyEscapeCommand(_) => "expression",
    }
}

/// The innermost invalid part of an assignment target (CPython's `_PyPegen_get_invalid_target`).
fn invalid_target(e: &Expr) -> Option<&Expr> {
    match e {
        Expr::Name(_) | Expr::Attribute(_) | Expr::Subscript(_) => None,
        Expr::Starred(s) => invalid_target(&s.value),
        Expr::Tuple(t) => t.elts.iter().find_map(invalid_target),
        Expr::List(l) => l.elts.iter().find_map(invalid_target),
        other => Some(other),
    }
}

/// Finds the statement whose target or value contains `range` to phrase target errors.
struct TargetFinder<'a> {
    range: TextRange,
    found: Option<(&'a Expr, TargetCtx)>,
}

#[derive(Clone, Copy, PartialEq)]
enum TargetCtx {
    /// Only target of a single `=`.
    SoleAssign,
    Assign,
    Aug,
    Del,
    For,
    With,
    Named,
}

impl<'a> TargetFinder<'a> {
    fn check(&mut self, e: &'a Expr, ctx: TargetCtx) {
        if self.found.is_none() && e.range().contains_range(self.range) {
            self.found = Some((e, ctx));
        }
    }

    fn stmts(&mut self, body: &'a [ast::Stmt]) {
        use ast::Stmt;
        for s in body {
            if !s.range().contains_range(self.range) {
                continue;
            }
            match s {
                Stmt::Assign(a) => {
                    let ctx = if a.targets.len() == 1 { TargetCtx::SoleAssign } else { TargetCtx::Assign };
                    for t in &a.targets {
                        self.check(t, ctx);
                    }
                    self.exprs(&a.value);
                }
                Stmt::AugAssign(a) => self.check(&a.target, TargetCtx::Aug),
                Stmt::AnnAssign(a) => self.check(&a.target, TargetCtx::Assign),
                Stmt::Delete(d) => {
                    for t in &d.targets {
                        self.check(t, TargetCtx::Del);
                    }
                }
                Stmt::For(f) => {
                    self.check(&f.target, TargetCtx::For);
                    self.stmts(&f.body);
                    self.stmts(&f.orelse);
                }
                Stmt::With(w) => {
                    for it in &w.items {
                        if let Some(v) = &it.optional_vars {
                            self.check(v, TargetCtx::With);
                        }
                    }
                    self.stmts(&w.body);
                }
                Stmt::FunctionDef(f) => self.stmts(&f.body),
                Stmt::ClassDef(c) => self.stmts(&c.body),
                Stmt::While(w) => {
                    self.stmts(&w.body);
                    self.stmts(&w.orelse);
                }
                Stmt::If(i) => {
                    self.exprs(&i.test);
                    self.stmts(&i.body);
                    for c in &i.elif_else_clauses {
                        self.stmts(&c.body);
                    }
                }
                Stmt::Try(t) => {
                    self.stmts(&t.body);
                    for h in &t.handlers {
                        let ast::ExceptHandler::ExceptHandler(h) = h;
                        self.stmts(&h.body);
                    }
                    self.stmts(&t.orelse);
                    self.stmts(&t.finalbody);
                }
                Stmt::Expr(e) => self.exprs(&e.value),
                _ => {}
            }
        }
    }

    fn exprs(&mut self, e: &'a Expr) {
        if let Expr::Named(n) = e {
            self.check(&n.target, TargetCtx::Named);
        }
    }
}

fn target_error(parsed: &Parsed<Mod>, range: TextRange, aug: bool, del: bool) -> Option<(String, TextRange)> {
    let Mod::Module(m) = parsed.syntax() else {
        return None;
    };
    let mut f = TargetFinder { range, found: None };
    f.stmts(&m.body);
    let (target, ctx) = f.found?;
    if aug || ctx == TargetCtx::Aug {
        return Some((
            format!("'{}' is an illegal expression for augmented assignment", expr_name(target)),
            target.range(),
        ));
    }
    let bad = invalid_target(target)?;
    let name = expr_name(bad);
    if del || ctx == TargetCtx::Del {
        return Some((format!("cannot delete {name}"), bad.range()));
    }
    let singleton = matches!(bad, Expr::NoneLiteral(_) | Expr::BooleanLiteral(_) | Expr::Generator(_));
    if ctx == TargetCtx::SoleAssign && std::ptr::eq(bad, target) && !singleton {
        return Some((format!("cannot assign to {name} here. Maybe you meant '==' instead of '='?"), bad.range()));
    }
    if ctx == TargetCtx::Named {
        return Some((format!("cannot use assignment expressions with {name}"), bad.range()));
    }
    Some((format!("cannot assign to {name}"), bad.range()))
}

/// Keyword that opens the compound statement on the line before `off`, for
/// "expected an indented block after ..." messages.
fn block_opener(src: &str, starts: &[usize], line: u32) -> Option<(String, u32)> {
    let mut l = line as usize - 1;
    while l > 0 {
        l -= 1;
        let text = line_text(src, starts[l], false);
        let t = text.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let word: String = t.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let word = if word == "async" {
            t[5..].trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()
        } else {
            word
        };
        let what = match word.as_str() {
            "def" => "function definition".to_string(),
            "class" => "class definition".to_string(),
            "except" if t[6..].trim_start().starts_with('*') => "'except*' statement".to_string(),
            "if" | "elif" | "else" | "for" | "while" | "with" | "try" | "except" | "finally" | "match" | "case" => {
                format!("'{word}' statement")
            }
            _ => return None,
        };
        return Some((what, l as u32 + 1));
    }
    None
}

fn token_end_at(parsed: &Parsed<Mod>, off: TextSize) -> TextSize {
    for t in parsed.tokens().iter() {
        if t.start() >= off && !t.kind().is_trivia() {
            return t.end();
        }
    }
    off
}

/// The first error CPython would report for this parse, or None when it parsed cleanly.
pub fn first_parse_error(src: &str, filename: &str, parsed: &Parsed<Mod>, _mode: Mode) -> Option<CompileError> {
    let errs = parsed.errors();
    let unsupported = parsed.unsupported_syntax_errors();
    let clean = errs.is_empty() && unsupported.is_empty();
    // 3.11 rejects some literals ruff accepts, and words the ones both reject its own way.
    let string_err = strings311::first_error(src, filename, parsed, !clean);
    if clean {
        return string_err.map(|s| s.error);
    }
    let starts = line_starts(src);
    // Lexical errors that CPython's tokenizer raises before parsing reaches them.
    let mut first: Option<&ruff_python_parser::ParseError> = None;
    for e in errs {
        if first.is_none_or(|f| e.location.start() < f.location.start()) {
            first = Some(e);
        }
    }
    let unsup_first = unsupported.iter().min_by_key(|u| u.range.start());
    if let Some(s) = string_err {
        // The string stage runs once the parser reaches the literals and has fetched the
        // token after them: errors before that point come first.
        let first_at = |x: Option<usize>| x.is_none_or(|x| s.group_start <= x);
        // A tokenizer error in the token after the literals is raised while fetching it.
        let lexical_first = first.is_some_and(|e| {
            let at: usize = e.location.start().into();
            matches!(e.error, ParseErrorType::Lexical(_)) && at >= s.next_start && !src[s.next_start..at].contains('\n')
        });
        if first_at(first.map(|e| e.location.start().into()))
            && first_at(unsup_first.map(|u| u.range.start().into()))
            && !lexical_first
        {
            return Some(s.error);
        }
    }
    if let Some(e) = first {
        if let Some(u) = unsup_first {
            if u.range.start() < e.location.start() {
                return Some(unsupported_error(src, filename, &starts, parsed, u));
            }
        }
        // Strings and indentation are tokenizer errors: they win over bracket errors.
        if let Some(err) = lexical(src, filename, &starts, e) {
            return Some(err);
        }
        if let Some(b) = bracket_error(src, filename, parsed) {
            let last_sig = src.trim_end().len();
            let err_line = locate(src, &starts, e.location.start().into()).line;
            if !b.msg.ends_with("was never closed")
                || usize::from(e.location.start()) >= last_sig
                || err_line > b.lineno
            {
                return Some(b);
            }
        }
        return Some(parse_error(src, filename, &starts, parsed, e));
    }
    let u = unsup_first?;
    Some(unsupported_error(src, filename, &starts, parsed, u))
}

/// Syntax newer than 3.11 that the parser accepted, reported as CPython 3.11 reports it: its
/// tokenizer ends an f-string at the first closing quote and its parser knows no `type` or
/// `[T]` parameter lists.
fn unsupported_error(
    src: &str,
    filename: &str,
    starts: &[usize],
    parsed: &Parsed<Mod>,
    u: &ruff_python_parser::UnsupportedSyntaxError,
) -> CompileError {
    use ruff_python_parser::UnsupportedSyntaxErrorKind as K;
    let syn = |msg: &str, r: TextRange| error_at(src, filename, ErrorKind::SyntaxError, msg.into(), r);
    let at = |off: usize| TextRange::empty(TextSize::from(off as u32));
    match &u.kind {
        K::Pep701FString(kind) => {
            let start = outermost_fstring(parsed, u.range.start());
            // (The parser crate does not export the kind's type; its Debug name is the variant.)
            match (format!("{kind:?}").as_str(), fstring_end_311(src, start)) {
                (_, Err(())) => {
                    let line = locate(src, starts, start).line;
                    let msg = format!("unterminated string literal (detected at line {line})");
                    return make(src, filename, ErrorKind::SyntaxError, msg, start, start, false);
                }
                ("Backslash", Ok(end)) => return syn("f-string expression part cannot include a backslash", at(end)),
                ("Comment", Ok(end)) => return syn("f-string expression part cannot include '#'", at(end)),
                ("NestedQuote", Ok(end)) => {
                    // The f-string 3.11 sees is cut short: the innermost open bracket names the error.
                    let mut open = Vec::new();
                    for c in src[start..end].chars() {
                        match c {
                            '{' | '[' | '(' => open.push(c),
                            '}' | ']' | ')' => {
                                open.pop();
                            }
                            _ => {}
                        }
                    }
                    let next = TextRange::at(TextSize::from(end as u32), TextSize::from(1));
                    match open.last() {
                        Some('{') if open.len() == 1 => return syn("f-string: expecting '}'", next),
                        Some(&c @ ('[' | '(')) => return syn(&format!("f-string: unmatched '{c}'"), next),
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        K::TypeParameterList => {
            // `def f[T]` → "expected '('" at the bracket; `class C[T]` → invalid syntax there.
            if let Some(t) =
                parsed.tokens().iter().find(|t| t.start() >= u.range.start() && t.kind() == TokenKind::Lsqb)
            {
                let is_def = parsed
                    .tokens()
                    .iter()
                    .rev()
                    .find(|t| {
                        t.end() <= t.start().max(u.range.start())
                            && matches!(t.kind(), TokenKind::Def | TokenKind::Class)
                    })
                    .is_some_and(|d| d.kind() == TokenKind::Def);
                return syn(if is_def { "expected '('" } else { "invalid syntax" }, t.range());
            }
        }
        K::TypeAliasStatement => {
            // CPython reads `type` as a name, so the statement breaks at the name after it.
            if let Some(t) = parsed.tokens().iter().find(|t| t.start() > u.range.start() && !t.kind().is_trivia()) {
                return syn("invalid syntax", t.range());
            }
        }
        _ => {}
    }
    syn("invalid syntax", u.range)
}

/// Start offset of the outermost f-string around `off`.
fn outermost_fstring(parsed: &Parsed<Mod>, off: TextSize) -> usize {
    let mut stack: Vec<TextSize> = Vec::new();
    for t in parsed.tokens().iter() {
        if t.start() > off {
            break;
        }
        match t.kind() {
            TokenKind::FStringStart => stack.push(t.start()),
            TokenKind::FStringEnd => {
                stack.pop();
            }
            _ => {}
        }
    }
    stack.first().map(|&s| usize::from(s)).unwrap_or(usize::from(off))
}

/// Where CPython 3.11's tokenizer ends the string literal starting at `start` (prefix
/// included): at the first unescaped closing quote. `Err` when a single-quoted one meets the
/// end of the line first.
pub(crate) fn fstring_end_311(src: &str, start: usize) -> Result<usize, ()> {
    let b = src.as_bytes();
    let mut i = start;
    while i < b.len() && b[i].is_ascii_alphabetic() {
        i += 1;
    }
    let Some(&q) = b.get(i) else { return Err(()) };
    let triple = b.get(i..i + 3) == Some(&[q, q, q][..]);
    i += if triple { 3 } else { 1 };
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'\n' if !triple => return Err(()),
            c if c == q && (!triple || b.get(i..i + 3) == Some(&[q, q, q][..])) => {
                return Ok(i + if triple { 3 } else { 1 });
            }
            _ => i += 1,
        }
    }
    Err(())
}

fn lexical(src: &str, filename: &str, starts: &[usize], e: &ruff_python_parser::ParseError) -> Option<CompileError> {
    let s: usize = e.location.start().into();
    let last_line = locate(src, starts, src.len().saturating_sub(1)).line;
    let unterminated = |triple: bool| {
        let line = locate(src, starts, s).line;
        let detected = if triple { last_line } else { line };
        let kind = if triple { "unterminated triple-quoted string literal" } else { "unterminated string literal" };
        make(src, filename, ErrorKind::SyntaxError, format!("{kind} (detected at line {detected})"), s, s, false)
    };
    use ruff_python_parser::InterpolatedStringErrorType as F;
    match &e.error {
        ParseErrorType::Lexical(LexicalErrorType::UnclosedStringError) => {
            let rest = src[s..].trim_start_matches(|c: char| c.is_ascii_alphabetic());
            Some(unterminated(rest.starts_with("\"\"\"") || rest.starts_with("'''")))
        }
        ParseErrorType::Lexical(LexicalErrorType::FStringError(F::UnterminatedString))
        | ParseErrorType::FStringError(F::UnterminatedString) => Some(unterminated(false)),
        ParseErrorType::Lexical(LexicalErrorType::FStringError(F::UnterminatedTripleQuotedString))
        | ParseErrorType::FStringError(F::UnterminatedTripleQuotedString) => Some(unterminated(true)),
        ParseErrorType::Lexical(LexicalErrorType::IndentationError) if tab_error(src, starts, s) => {
            let l = locate(src, starts, s);
            let mut err = error_at(
                src,
                filename,
                ErrorKind::TabError,
                "inconsistent use of tabs and spaces in indentation".into(),
                TextRange::empty(TextSize::from(l.line_start as u32)),
            );
            err.end_offset = 0;
            Some(err)
        }
        ParseErrorType::Lexical(LexicalErrorType::IndentationError) => {
            let l = locate(src, starts, s);
            let text = line_text(src, l.line_start, true);
            let width = text.trim_end_matches('\n').chars().count() as u32;
            let mut err = make(
                src,
                filename,
                ErrorKind::IndentationError,
                "unindent does not match any outer indentation level".into(),
                s,
                s,
                true,
            );
            err.offset = width as i32 + 1;
            err.end_offset = 0;
            Some(err)
        }
        ParseErrorType::Lexical(LexicalErrorType::StringError) => {
            let l = locate(src, starts, s);
            let text = line_text(src, l.line_start, false);
            if text.contains('"') || text.contains('\'') {
                Some(unterminated(text.contains("\"\"\"") || text.contains("'''")))
            } else {
                None
            }
        }
        _ => None,
    }
}

fn parse_error(
    src: &str,
    filename: &str,
    starts: &[usize],
    parsed: &Parsed<Mod>,
    e: &ruff_python_parser::ParseError,
) -> CompileError {
    let r = e.location;
    let s: usize = r.start().into();
    let syn = |msg: &str, range: TextRange| error_at(src, filename, ErrorKind::SyntaxError, msg.to_string(), range);
    let at_point = |msg: &str| {
        let mut err = syn(msg, TextRange::empty(r.start()));
        err.end_offset = err.offset;
        err
    };
    match &e.error {
        ParseErrorType::ExpectedToken { expected: TokenKind::Colon, found: TokenKind::Equal } => {
            // `if x[0] = 1:`: CPython's invalid_named_expression rule, judged on the
            // expression between the header keyword and the `=`.
            let line_start = locate(src, starts, s).line_start;
            let head = &src[line_start..s];
            let kw_len = ["if ", "elif ", "while "].iter().find(|k| head.trim_start().starts_with(*k)).map(|k| k.len());
            if let Some(kw_len) = kw_len {
                let indent = head.len() - head.trim_start().len();
                let expr_start = line_start + indent + kw_len;
                if let Ok(p) = ruff_python_parser::parse_expression(&src[expr_start..s]) {
                    let target = &p.syntax().body;
                    let off = TextSize::from(expr_start as u32);
                    let range = TextRange::new(target.range().start() + off, target.range().end() + off);
                    return match &**target {
                        Expr::Name(_) => {
                            // The range runs from the name to the end of the value after `=`.
                            let line_end = src[s..].find('\n').map_or(src.len(), |q| s + q);
                            let rhs = src[s + 1..line_end].trim_end();
                            let rhs = rhs.strip_suffix(':').unwrap_or(rhs).trim_end();
                            let end = TextSize::from((s + 1 + rhs.len()) as u32);
                            syn(
                                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                                TextRange::new(range.start(), end),
                            )
                        }
                        Expr::List(_)
                        | Expr::Tuple(_)
                        | Expr::Generator(_)
                        | Expr::NoneLiteral(_)
                        | Expr::BooleanLiteral(_) => syn("invalid syntax", TextRange::empty(r.start())),
                        other => syn(
                            &format!(
                                "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                                expr_name(other)
                            ),
                            range,
                        ),
                    };
                }
            }
            let prev_end = parsed
                .tokens()
                .iter()
                .rfind(|t| t.end() <= r.start() && !t.kind().is_trivia() && t.kind() != TokenKind::Newline)
                .map_or(r.start(), |t| t.end());
            let mut err = syn("expected ':'", TextRange::empty(prev_end));
            err.end_offset = err.offset;
            err
        }
        ParseErrorType::ExpectedToken { expected: TokenKind::Colon, .. } => {
            // CPython points just after the previous token.
            let prev_end = parsed
                .tokens()
                .iter()
                .rfind(|t| t.end() <= r.start() && !t.kind().is_trivia() && t.kind() != TokenKind::Newline)
                .map_or(r.start(), |t| t.end());
            let mut err = syn("expected ':'", TextRange::empty(prev_end));
            err.end_offset = err.offset;
            err
        }
        ParseErrorType::ExpectedToken { expected: TokenKind::Indent, .. } => {
            let l = locate(src, starts, s);
            let msg = match block_opener(src, starts, l.line) {
                Some((what, line)) => {
                    format!("expected an indented block after {what} on line {line}")
                }
                None => "expected an indented block".into(),
            };
            let end = token_end_at(parsed, r.start());
            let mut err = error_at(src, filename, ErrorKind::IndentationError, msg, TextRange::new(r.start(), end));
            if err.end_lineno != err.lineno {
                err.end_offset = err.offset;
                err.end_lineno = err.lineno;
            }
            err
        }
        ParseErrorType::OtherError(m) if m.starts_with("Expected an indented block") => {
            let l = locate(src, starts, s);
            let msg = match block_opener(src, starts, l.line) {
                Some((what, line)) => {
                    format!("expected an indented block after {what} on line {line}")
                }
                None => "expected an indented block".into(),
            };
            let end = token_end_at(parsed, r.start());
            error_at(src, filename, ErrorKind::IndentationError, msg, TextRange::new(r.start(), end))
        }
        ParseErrorType::OtherError(m) if m.starts_with("Expected `except` or `finally`") => {
            let prev_end = prev_token_end(parsed, r.start());
            let mut err = syn("expected 'except' or 'finally' block", TextRange::empty(prev_end));
            err.end_offset = 0;
            err
        }
        // `print x` / `exec x`: a statement in 'exec' input, an expression in 'eval' input.
        ParseErrorType::SimpleStatementsOnSameLine | ParseErrorType::UnexpectedExpressionToken => {
            legacy_call(src, filename, parsed, r).unwrap_or_else(|| invalid_syntax(src, filename, parsed, r))
        }
        ParseErrorType::UnexpectedIndentation => unexpected_indent(src, filename, parsed, s),
        ParseErrorType::InvalidAssignmentTarget
        | ParseErrorType::InvalidAnnotatedAssignmentTarget
        | ParseErrorType::InvalidNamedAssignmentTarget
        | ParseErrorType::InvalidAugmentedAssignmentTarget
        | ParseErrorType::InvalidDeleteTarget => {
            let aug = matches!(e.error, ParseErrorType::InvalidAugmentedAssignmentTarget);
            let del = matches!(e.error, ParseErrorType::InvalidDeleteTarget);
            match target_error(parsed, r, aug, del) {
                Some((msg, range)) => syn(&msg, range),
                // ruff's recovery may drop a bad walrus target from the tree: judge its text.
                None if matches!(e.error, ParseErrorType::InvalidNamedAssignmentTarget) => {
                    match ruff_python_parser::parse_expression(&src[r]) {
                        Ok(p) => {
                            syn(&format!("cannot use assignment expressions with {}", expr_name(&p.syntax().body)), r)
                        }
                        Err(_) => syn("invalid syntax", r),
                    }
                }
                None => syn("invalid syntax", r),
            }
        }
        ParseErrorType::PositionalAfterKeywordArgument => syn("positional argument follows keyword argument", r),
        ParseErrorType::PositionalAfterKeywordUnpacking => {
            syn("positional argument follows keyword argument unpacking", r)
        }
        ParseErrorType::InvalidArgumentUnpackingOrder => {
            let mut rr = r;
            if src[r].starts_with('*') {
                rr = TextRange::at(r.start(), TextSize::from(1));
            }
            syn("iterable argument unpacking follows keyword argument unpacking", rr)
        }
        ParseErrorType::UnparenthesizedGeneratorExpression => syn("Generator expression must be parenthesized", r),
        ParseErrorType::NonDefaultParamAfterDefaultParam => syn("non-default argument follows default argument", r),
        ParseErrorType::ExpectedKeywordParam => {
            let star = parsed
                .tokens()
                .iter()
                .rfind(|t| t.end() <= r.start() && t.kind() == TokenKind::Star)
                .map_or(r, |t| t.range());
            syn("named arguments must follow bare *", star)
        }
        ParseErrorType::ExpectedToken { found, .. }
            if is_augassign(*found)
                && !parsed.tokens().iter().any(|t| {
                    t.start() >= TextSize::from(locate(src, starts, s).line_start as u32)
                        && t.end() <= r.start()
                        && (is_augassign(t.kind()) || t.kind() == TokenKind::Equal)
                }) =>
        {
            let line_start = TextSize::from(locate(src, starts, s).line_start as u32);
            let first = parsed.tokens().iter().find(|t| {
                t.start() >= line_start
                    && !t.kind().is_trivia()
                    && !matches!(t.kind(), TokenKind::Indent | TokenKind::Dedent)
            });
            let start = first.map_or(r.start(), |t| t.start());
            let end = prev_token_end(parsed, r.start());
            syn("'tuple' is an illegal expression for augmented assignment", TextRange::new(start, end))
        }
        ParseErrorType::ParamAfterVarKeywordParam => syn("arguments cannot follow var-keyword argument", r),
        ParseErrorType::VarParameterWithDefault => syn("var-positional argument cannot have default value", r),
        ParseErrorType::ExpectedToken { expected: TokenKind::Else, .. } => {
            let toks: Vec<_> =
                parsed.tokens().iter().filter(|t| !t.kind().is_trivia() && t.end() <= r.start()).collect();
            let start = toks
                .iter()
                .rposition(|t| t.kind() == TokenKind::If)
                .and_then(|i| if i > 0 { Some(toks[i - 1].start()) } else { None })
                .unwrap_or(r.start());
            syn("expected 'else' after 'if' expression", TextRange::new(start, r.start()))
        }
        ParseErrorType::FStringError(fe) | ParseErrorType::Lexical(LexicalErrorType::FStringError(fe)) => {
            use ruff_python_parser::InterpolatedStringErrorType as F;
            let msg = match fe {
                F::UnclosedLbrace => "f-string: expecting '}'",
                F::InvalidConversionFlag => "f-string: invalid conversion character: expected 's', 'r', or 'a'",
                F::SingleRbrace => "f-string: single '}' is not allowed",
                F::LambdaWithoutParentheses => "f-string: lambda expressions are not allowed without parentheses",
                _ => "invalid syntax",
            };
            at_point(msg)
        }
        ParseErrorType::ExpectedToken { expected: TokenKind::Comma, found }
        | ParseErrorType::ExpectedToken { expected: TokenKind::Rpar, found }
        | ParseErrorType::ExpectedToken { expected: TokenKind::Rsqb, found }
        | ParseErrorType::ExpectedToken { expected: TokenKind::Rbrace, found }
            if is_atom(*found) =>
        {
            forgot_comma(src, filename, parsed, r).unwrap_or_else(|| invalid_syntax(src, filename, parsed, r))
        }
        _ => invalid_syntax(src, filename, parsed, r),
    }
}

/// "invalid syntax. Perhaps you forgot a comma?" spans the expression before and after.
fn forgot_comma(src: &str, filename: &str, parsed: &Parsed<Mod>, r: TextRange) -> Option<CompileError> {
    let toks: Vec<_> = parsed.tokens().iter().filter(|t| !t.kind().is_trivia()).collect();
    let i = toks.iter().position(|t| t.start() >= r.start())?;
    if i == 0 {
        return None;
    }
    let prev = toks[i - 1];
    if !(is_atom(prev.kind()) || closer(prev.kind()).is_some()) {
        return None;
    }
    let next = toks[i];
    Some(error_at(
        src,
        filename,
        ErrorKind::SyntaxError,
        "invalid syntax. Perhaps you forgot a comma?".into(),
        TextRange::new(prev.start(), next.end()),
    ))
}

/// "Missing parentheses in call to 'print'": the name before the error is `print` or `exec`
/// (CPython's `invalid_legacy_expression`, spanning the name and the expressions after it).
fn legacy_call(src: &str, filename: &str, parsed: &Parsed<Mod>, r: TextRange) -> Option<CompileError> {
    let toks: Vec<_> = parsed.tokens().iter().filter(|t| !t.kind().is_trivia()).collect();
    let i = toks.iter().position(|t| t.start() >= r.start()).unwrap_or(0);
    let p = toks.get(i.checked_sub(1)?)?;
    let name = &src[p.range()];
    if p.kind() != TokenKind::Name || !matches!(name, "print" | "exec") {
        return None;
    }
    let s: usize = r.start().into();
    let line_end = src[s..].find('\n').map_or(src.len(), |q| s + q);
    let msg = format!("Missing parentheses in call to '{name}'. Did you mean {name}(...)?");
    let range = TextRange::new(p.start(), TextSize::from(line_end as u32));
    Some(error_at(src, filename, ErrorKind::SyntaxError, msg, range))
}

/// "unexpected indent" on the INDENT token at the line holding `off`: CPython places it after
/// the indentation and gives it no end.
fn unexpected_indent(src: &str, filename: &str, parsed: &Parsed<Mod>, off: usize) -> CompileError {
    let starts = line_starts(src);
    let l = locate(src, &starts, off);
    if tab_error(src, &starts, off) {
        let range = TextRange::empty(TextSize::from(l.line_start as u32));
        let mut err = error_at(
            src,
            filename,
            ErrorKind::TabError,
            "inconsistent use of tabs and spaces in indentation".into(),
            range,
        );
        err.end_offset = 0;
        return err;
    }
    let indent = src[l.line_start..].bytes().take_while(|b| matches!(b, b' ' | b'\t' | b'\x0c')).count();
    let cur = CTok::Unplaced { cur: l.line_start + indent };
    strings311::error_at_token(src, filename, parsed, ErrorKind::IndentationError, "unexpected indent".into(), cur)
}

fn invalid_syntax(src: &str, filename: &str, parsed: &Parsed<Mod>, r: TextRange) -> CompileError {
    // CPython points at the offending token.
    let idx = parsed.tokens().iter().position(|t| t.start() >= r.start() && !t.kind().is_trivia());
    let tok = idx.map(|i| &parsed.tokens()[i]);
    if let Some(t) = tok.filter(|t| t.kind() == TokenKind::Indent) {
        return unexpected_indent(src, filename, parsed, t.start().into());
    }
    let range = match tok {
        Some(t) if matches!(t.kind(), TokenKind::Newline | TokenKind::EndOfFile) && t.range().is_empty() => {
            // The end of 'eval'/'single' input, which has no newline: the end marker has no
            // position, and CPython reports it as column 0 (offset and end) of the last line.
            let cur = CTok::Unplaced { cur: src.len() };
            let mut err =
                strings311::error_at_token(src, filename, parsed, ErrorKind::SyntaxError, "invalid syntax".into(), cur);
            err.offset = 0;
            err.end_offset = 0;
            return err;
        }
        Some(t) if t.kind() == TokenKind::Newline => {
            // A NEWLINE token starts at a comment before it.
            let cur = strings311::ctok(src, parsed, idx.unwrap_or(0));
            return strings311::error_at_token(
                src,
                filename,
                parsed,
                ErrorKind::SyntaxError,
                "invalid syntax".into(),
                cur,
            );
        }
        Some(t) if matches!(t.kind(), TokenKind::EndOfFile | TokenKind::Dedent) => TextRange::empty(t.start()),
        Some(t) => t.range(),
        None => TextRange::empty(r.start()),
    };
    let mut err = error_at(src, filename, ErrorKind::SyntaxError, "invalid syntax".into(), range);
    if range.is_empty() {
        err.end_offset = err.offset;
    }
    err
}

fn is_atom(k: TokenKind) -> bool {
    matches!(
        k,
        TokenKind::Name
            | TokenKind::Int
            | TokenKind::Float
            | TokenKind::Complex
            | TokenKind::String
            | TokenKind::FStringStart
            | TokenKind::True
            | TokenKind::False
            | TokenKind::None
    )
}

fn prev_token_end(parsed: &Parsed<Mod>, off: TextSize) -> TextSize {
    parsed
        .tokens()
        .iter()
        .rfind(|t| {
            t.end() <= off
                && !t.kind().is_trivia()
                && !matches!(t.kind(), TokenKind::Newline | TokenKind::Dedent | TokenKind::Indent)
        })
        .map_or(off, |t| t.end())
}

/// CPython's tokenizer compares indentation with tabs as 8 and as 1 column: a difference is
/// a TabError.
fn tab_error(src: &str, starts: &[usize], off: usize) -> bool {
    let l = locate(src, starts, off);
    let indent_of = |line: &str| -> (usize, usize) {
        let mut a = 0;
        let mut b = 0;
        for c in line.chars() {
            match c {
                ' ' => {
                    a += 1;
                    b += 1;
                }
                '\t' => {
                    a = (a / 8 + 1) * 8;
                    b += 1;
                }
                _ => break,
            }
        }
        (a, b)
    };
    let cur = indent_of(&line_text(src, l.line_start, false));
    for &ls in &starts[..(l.line as usize - 1)] {
        let t = line_text(src, ls, false);
        if t.trim().is_empty() || t.trim_start().starts_with('#') {
            continue;
        }
        let p = indent_of(&t);
        if (p.0 < cur.0) != (p.1 < cur.1) || (p.0 == cur.0) != (p.1 == cur.1) {
            return true;
        }
    }
    false
}

fn is_augassign(k: TokenKind) -> bool {
    matches!(
        k,
        TokenKind::PlusEqual
            | TokenKind::MinusEqual
            | TokenKind::StarEqual
            | TokenKind::SlashEqual
            | TokenKind::DoubleSlashEqual
            | TokenKind::PercentEqual
            | TokenKind::DoubleStarEqual
            | TokenKind::AtEqual
            | TokenKind::AmperEqual
            | TokenKind::VbarEqual
            | TokenKind::CircumflexEqual
            | TokenKind::LeftShiftEqual
            | TokenKind::RightShiftEqual
    )
}
