//! CPython 3.11's string-literal stage: the errors its parser raises while it joins adjacent
//! string literals and scans f-strings (non-ASCII bytes, mixed bytes/str, and the f-string
//! rules of 3.11, which PEP 701 parsers no longer have), reported where 3.11 reports them.
//!
//! 3.11 runs this stage as the action of its `strings` rule, after the parser has fetched the
//! token that follows the last literal; an error raised "here" is placed on that token. A
//! NEWLINE token covers a comment before it; the end-of-input token of 'eval'/'single' input
//! (which, unlike 'exec' input, gets no newline added) has no position, so the column is the
//! length of the last line and `end_offset` is -1. Byte columns become character columns by
//! decoding that many bytes of the tokenizer's current buffer, which starts at the first line
//! of a multi-line token still being read.

use crate::{CompileError, ErrorKind};
use ruff_python_ast::token::TokenKind;
use ruff_python_ast::Mod;
use ruff_python_parser::Parsed;
use ruff_text_size::{Ranged, TextRange};

/// A token as CPython's error reporting sees it.
#[derive(Clone, Copy)]
pub enum CTok {
    /// A token with a source range (byte offsets).
    At { start: usize, end: usize },
    /// INDENT, DEDENT and the end marker carry no position: CPython uses the tokenizer's
    /// read position `cur` instead and reports no end.
    Unplaced { cur: usize },
}

/// A string-stage error and where the literals it concerns start.
pub struct StringError {
    pub error: CompileError,
    /// Start of the group of adjacent literals.
    pub group_start: usize,
    /// Start of the token after the group (fetched before the error is raised).
    pub next_start: usize,
}

/// Outcome of scanning one f-string.
enum Scan {
    Error(String),
    /// The expression part (body byte range) is not valid Python: 3.11's sub-parser reports it.
    Expr(usize, usize),
    /// Not an error this stage words.
    Defer,
}

fn line_start_of(src: &str, off: usize) -> usize {
    src[..off.min(src.len())].rfind('\n').map_or(0, |p| p + 1)
}

fn line_end_of(src: &str, off: usize) -> usize {
    src[off.min(src.len())..].find('\n').map_or(src.len(), |p| off + p + 1)
}

fn line_number(src: &str, off: usize) -> u32 {
    src.as_bytes()[..off.min(src.len())].iter().filter(|&&b| b == b'\n').count() as u32 + 1
}

/// CPython's byte→character column conversion: the number of characters that decoding the
/// first `n` bytes of `text` yields (a cut character counts as one; past the end, the
/// terminating NUL counts as one).
fn byte_col_to_chars(text: &str, n: i64) -> i64 {
    if n <= 0 {
        return n;
    }
    let b = text.as_bytes();
    let n = (n as usize).min(b.len() + 1);
    if n == b.len() + 1 {
        return text.chars().count() as i64 + 1;
    }
    String::from_utf8_lossy(&b[..n]).chars().count() as i64
}

/// Ranges of the string tokens as 3.11 sees them (plain strings and whole top-level f-strings).
fn string_ranges(parsed: &Parsed<Mod>) -> Vec<TextRange> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut fstart = None;
    for t in parsed.tokens().iter() {
        match t.kind() {
            TokenKind::String if depth == 0 => out.push(t.range()),
            TokenKind::FStringStart => {
                if depth == 0 {
                    fstart = Some(t.start());
                }
                depth += 1;
            }
            TokenKind::FStringEnd => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if let Some(s) = fstart.take() {
                        out.push(TextRange::new(s, t.end()));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Start of the tokenizer buffer when it is reading the line that starts at `line_start`: an
/// earlier line when a multi-line string token runs into this one.
fn buffer_start(strings: &[TextRange], mut line_start: usize, src: &str) -> usize {
    while let Some(r) =
        strings.iter().find(|r| usize::from(r.start()) < line_start && usize::from(r.end()) > line_start)
    {
        line_start = line_start_of(src, r.start().into());
    }
    line_start
}

/// `_PyPegen_raise_error` with `tok` as the parser's last token.
pub fn error_at_token(
    src: &str,
    filename: &str,
    parsed: &Parsed<Mod>,
    kind: ErrorKind,
    msg: String,
    tok: CTok,
) -> CompileError {
    error_at_token_while(src, filename, parsed, kind, msg, tok, tok)
}

/// An error placed on `tok` while the tokenizer has just read `current`. Its `text` is the
/// tokenizer's buffer, or (when the error's line lies before the one being read) that line
/// alone, without its newline.
pub fn error_at_token_while(
    src: &str,
    filename: &str,
    parsed: &Parsed<Mod>,
    kind: ErrorKind,
    msg: String,
    tok: CTok,
    current: CTok,
) -> CompileError {
    let strings = string_ranges(parsed);
    let line_pos = match tok {
        CTok::At { start, .. } => start,
        CTok::Unplaced { cur } => cur,
    };
    let cur_pos = match current {
        CTok::At { end, .. } => end,
        CTok::Unplaced { cur } => cur,
    };
    let lineno = line_number(src, line_pos);
    let text = if lineno < line_number(src, cur_pos) {
        let ls = line_start_of(src, line_pos);
        src[ls..line_end_of(src, line_pos)].trim_end_matches('\n').to_string()
    } else {
        // The buffer holds the line(s) of the token just read, up to the end of its last line.
        let buf_start = buffer_start(&strings, line_start_of(src, cur_pos), src);
        src[buf_start..line_end_of(src, cur_pos)].to_string()
    };
    let (col, end_lineno, end_col) = match tok {
        CTok::At { start, end } => {
            let col = (start - line_start_of(src, start)) as i64 + 1;
            let end_col = (end - line_start_of(src, end)) as i64 + 1;
            (col, line_number(src, end), end_col)
        }
        CTok::Unplaced { cur } => ((cur - line_start_of(src, cur)) as i64, line_number(src, cur), -1),
    };
    CompileError {
        kind,
        msg,
        filename: filename.into(),
        lineno,
        offset: byte_col_to_chars(&text, col) as i32,
        end_lineno,
        end_offset: byte_col_to_chars(&text, end_col) as i32,
        text: Some(text),
    }
}

/// The token CPython's parser has just fetched when the token at `idx` is ruff's: a NEWLINE
/// starts at a comment before it; a newline ruff invents at the end of input is CPython's
/// unplaced end marker.
pub fn ctok(src: &str, parsed: &Parsed<Mod>, idx: usize) -> CTok {
    let toks = parsed.tokens();
    let Some(t) = toks.get(idx) else { return CTok::Unplaced { cur: src.len() } };
    match t.kind() {
        TokenKind::Newline | TokenKind::EndOfFile if t.range().is_empty() => CTok::Unplaced { cur: src.len() },
        TokenKind::Newline => {
            let start = match idx.checked_sub(1).map(|i| &toks[i]) {
                Some(c) if c.kind() == TokenKind::Comment => c.start().into(),
                _ => t.start().into(),
            };
            CTok::At { start, end: t.start().into() }
        }
        TokenKind::Indent | TokenKind::Dedent => CTok::Unplaced { cur: t.end().into() },
        _ => CTok::At { start: t.start().into(), end: t.end().into() },
    }
}

/// One literal of a group: its range, flags and the text between its quotes.
struct Literal<'a> {
    range: TextRange,
    bytes: bool,
    raw: bool,
    fmode: bool,
    body: &'a str,
    /// Source offset of `body`.
    body_start: usize,
}

/// Splits a literal's text into flags and body; `None` if it is not a complete literal.
fn literal(src: &str, range: TextRange) -> Option<Literal<'_>> {
    let text = &src[range];
    let prefix = text.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
    let lower = text[..prefix].to_ascii_lowercase();
    let rest = &text[prefix..];
    let q = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let triple = format!("{q}{q}{q}");
    let qlen = if rest.len() >= 6 && rest.starts_with(&triple) { 3 } else { 1 };
    if rest.len() < 2 * qlen || !rest[rest.len() - qlen..].chars().all(|c| c == q) {
        return None;
    }
    Some(Literal {
        range,
        bytes: lower.contains('b'),
        raw: lower.contains('r'),
        fmode: lower.contains('f'),
        body: &rest[qlen..rest.len() - qlen],
        body_start: usize::from(range.start()) + prefix + qlen,
    })
}

/// The first error 3.11's string stage raises in this parse, if it is reached before any
/// other error would stop 3.11. `check_exprs`: whether f-string expression parts may be
/// invalid (only then are they re-parsed).
pub fn first_error(src: &str, filename: &str, parsed: &Parsed<Mod>, check_exprs: bool) -> Option<StringError> {
    let toks = parsed.tokens();
    let trivia = |k: TokenKind| matches!(k, TokenKind::Comment | TokenKind::NonLogicalNewline);
    let mut i = 0;
    while i < toks.len() {
        let k = toks[i].kind();
        if !matches!(k, TokenKind::String | TokenKind::FStringStart) {
            if matches!(k, TokenKind::TStringStart) {
                return None;
            }
            i += 1;
            continue;
        }
        // Collect the group of adjacent literals starting here.
        let mut group: Vec<TextRange> = Vec::new();
        loop {
            match toks.get(i).map(|t| t.kind()) {
                Some(TokenKind::String) => {
                    group.push(toks[i].range());
                    i += 1;
                }
                Some(TokenKind::FStringStart) => {
                    let start = toks[i].start();
                    let mut depth = 0usize;
                    let mut end = None;
                    while i < toks.len() {
                        match toks[i].kind() {
                            TokenKind::FStringStart => depth += 1,
                            TokenKind::FStringEnd => {
                                depth -= 1;
                                if depth == 0 {
                                    end = Some(toks[i].end());
                                    i += 1;
                                    break;
                                }
                            }
                            _ => {}
                        }
                        i += 1;
                    }
                    let end = end?;
                    // Where 3.11's tokenizer ends this f-string must agree with ruff's.
                    if crate::errors::fstring_end_311(src, start.into()) != Ok(end.into()) {
                        return None;
                    }
                    group.push(TextRange::new(start, end));
                }
                Some(k) if trivia(k) => {
                    // Only continue the group when another literal follows the trivia.
                    let mut j = i;
                    while toks.get(j).is_some_and(|t| trivia(t.kind())) {
                        j += 1;
                    }
                    if toks.get(j).is_some_and(|t| matches!(t.kind(), TokenKind::String | TokenKind::FStringStart)) {
                        i = j;
                    } else {
                        break;
                    }
                }
                _ => break,
            }
        }
        let mut next = i;
        while toks.get(next).is_some_and(|t| trivia(t.kind())) {
            next += 1;
        }
        let group_start: usize = group[0].start().into();
        let next_start = toks.get(next).map_or(src.len(), |t| t.start().into());
        let here = |msg: String| StringError {
            error: error_at_token(src, filename, parsed, ErrorKind::SyntaxError, msg, ctok(src, parsed, next)),
            group_start,
            next_start,
        };
        let mut group_bytes = None;
        for r in &group {
            let lit = literal(src, *r)?;
            if lit.bytes && !lit.body.is_ascii() {
                let tok = CTok::At { start: lit.range.start().into(), end: lit.range.end().into() };
                let msg = "bytes can only contain ASCII literal characters".to_string();
                let current = ctok(src, parsed, next);
                let error = error_at_token_while(src, filename, parsed, ErrorKind::SyntaxError, msg, tok, current);
                return Some(StringError { error, group_start, next_start });
            }
            if *group_bytes.get_or_insert(lit.bytes) != lit.bytes {
                return Some(here("cannot mix bytes and nonbytes literals".into()));
            }
            if lit.fmode {
                let mut scanner = Scanner { b: lit.body.as_bytes(), body: lit.body, raw: lit.raw, check_exprs };
                let mut pos = 0;
                match scanner.fstring(&mut pos, 0) {
                    Ok(()) => {}
                    Err(Scan::Error(msg)) => return Some(here(msg)),
                    Err(Scan::Expr(a, b)) => {
                        let error = expression_error(src, filename, lit.body_start, lit.body, a, b)?;
                        return Some(StringError { error, group_start, next_start });
                    }
                    Err(Scan::Defer) => return None,
                }
            }
        }
    }
    None
}

/// An error in an f-string's expression part, as 3.11 reports it: its sub-parser reads the
/// expression in parentheses as a file of its own, so `text` is that line and the columns are
/// byte columns in it (no character conversion); the line counts from the f-string's.
fn expression_error(
    src: &str,
    filename: &str,
    body_start: usize,
    body: &str,
    start: usize,
    end: usize,
) -> Option<CompileError> {
    let sub = format!("({})\n", &body[start..end]);
    let popts = ruff_python_parser::ParseOptions::from(ruff_python_parser::Mode::Expression)
        .with_target_version(ruff_python_ast::PythonVersion::PY311);
    let parsed = ruff_python_parser::parse_unchecked(&sub, popts);
    let mut e = crate::errors::first_parse_error(&sub, filename, &parsed, crate::Mode::Eval)?;
    let to_bytes = |line: u32, col: i32| -> i32 {
        if col <= 0 {
            return col;
        }
        let text = sub.split_inclusive('\n').nth(line as usize - 1).unwrap_or("");
        text.chars().take(col as usize - 1).map(char::len_utf8).sum::<usize>() as i32 + 1
    };
    e.offset = to_bytes(e.lineno, e.offset);
    e.end_offset = to_bytes(e.end_lineno, e.end_offset);
    let brace_line = line_number(src, body_start + start) - 1;
    e.lineno += brace_line;
    e.end_lineno += brace_line;
    e.msg = format!("f-string: {}", e.msg);
    Some(e)
}

/// 3.11's f-string scan over the text between the quotes.
struct Scanner<'a> {
    b: &'a [u8],
    body: &'a str,
    raw: bool,
    check_exprs: bool,
}

const MAX_NESTING: usize = 200;

impl Scanner<'_> {
    fn err<T>(msg: impl Into<String>) -> Result<T, Scan> {
        Err(Scan::Error(msg.into()))
    }

    /// Literal parts and replacement fields up to the end (level 0) or the `}` closing a
    /// format spec (deeper levels).
    fn fstring(&mut self, pos: &mut usize, level: usize) -> Result<(), Scan> {
        let end = self.b.len();
        loop {
            if self.literal(pos, level)? {
                // A doubled brace: the literal goes on after it.
                continue;
            }
            if *pos >= end || self.b[*pos] == b'}' {
                break;
            }
            self.field(pos, level)?;
        }
        if level > 0 && (*pos >= end || self.b[*pos] != b'}') {
            return Self::err("f-string: expecting '}'");
        }
        Ok(())
    }

    /// Skips literal text; stops at a `{` that opens a field or a `}` that ends a spec.
    /// Returns true after a doubled brace (level 0 only).
    fn literal(&mut self, pos: &mut usize, level: usize) -> Result<bool, Scan> {
        let b = self.b;
        let end = b.len();
        let mut s = *pos;
        while s < end {
            let mut ch = b[s];
            s += 1;
            if !self.raw && ch == b'\\' && s < end {
                ch = b[s];
                s += 1;
                if ch == b'N' {
                    if s < end && b[s] == b'{' {
                        s += 1;
                        while s < end {
                            s += 1;
                            if b[s - 1] == b'}' {
                                break;
                            }
                        }
                        continue;
                    }
                    // A malformed `\N` escape: a decoding error, not ours to word.
                    return Err(Scan::Defer);
                }
            }
            if ch == b'{' || ch == b'}' {
                if level == 0 {
                    if s < end && b[s] == ch {
                        *pos = s + 1;
                        return Ok(true);
                    }
                    if ch == b'}' {
                        return Self::err("f-string: single '}' is not allowed");
                    }
                }
                s -= 1;
                break;
            }
        }
        *pos = s;
        Ok(false)
    }

    /// A replacement field starting at its `{`.
    fn field(&mut self, pos: &mut usize, level: usize) -> Result<(), Scan> {
        let b = self.b;
        let end = b.len();
        if level >= 2 {
            return Self::err("f-string: expressions nested too deeply");
        }
        *pos += 1;
        let expr_start = *pos;
        let mut quote = 0u8;
        let mut triple = false;
        let mut open: Vec<u8> = Vec::new();
        while *pos < end {
            let ch = b[*pos];
            if ch == b'\\' {
                return Self::err("f-string expression part cannot include a backslash");
            }
            if quote != 0 {
                if ch == quote {
                    if !triple {
                        quote = 0;
                    } else if *pos + 2 < end && b[*pos + 1] == ch && b[*pos + 2] == ch {
                        *pos += 2;
                        quote = 0;
                    }
                }
            } else if ch == b'\'' || ch == b'"' {
                triple = *pos + 2 < end && b[*pos + 1] == ch && b[*pos + 2] == ch;
                if triple {
                    *pos += 2;
                }
                quote = ch;
            } else if matches!(ch, b'[' | b'{' | b'(') {
                if open.len() >= MAX_NESTING {
                    return Self::err("f-string: too many nested parenthesis");
                }
                open.push(ch);
            } else if ch == b'#' {
                return Self::err("f-string expression part cannot include '#'");
            } else if open.is_empty() && matches!(ch, b'!' | b':' | b'}' | b'=' | b'>' | b'<') {
                if *pos + 1 < end {
                    let next = b[*pos + 1];
                    // Two-character operators do not end the expression.
                    if next == b'=' && matches!(ch, b'!' | b'=' | b'<' | b'>') {
                        *pos += 2;
                        continue;
                    }
                    if matches!(ch, b'<' | b'>') {
                        *pos += 1;
                        continue;
                    }
                }
                break;
            } else if matches!(ch, b']' | b'}' | b')') {
                let Some(o) = open.pop() else {
                    return Self::err(format!("f-string: unmatched '{}'", ch as char));
                };
                if !matches!((o, ch), (b'(', b')') | (b'[', b']') | (b'{', b'}')) {
                    return Self::err(format!(
                        "f-string: closing parenthesis '{}' does not match opening parenthesis '{}'",
                        ch as char, o as char
                    ));
                }
            }
            *pos += 1;
        }
        let expr_end = *pos;
        if quote != 0 {
            return Self::err("f-string: unterminated string");
        }
        if let Some(&o) = open.last() {
            return Self::err(format!("f-string: unmatched '{}'", o as char));
        }
        if *pos >= end {
            return Self::err("f-string: expecting '}'");
        }
        self.expression(expr_start, expr_end)?;
        if b[*pos] == b'=' {
            *pos += 1;
            while *pos < end && matches!(b[*pos], b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c') {
                *pos += 1;
            }
        }
        if *pos < end && b[*pos] == b'!' {
            *pos += 1;
            if *pos >= end {
                return Self::err("f-string: expecting '}'");
            }
            let conv = b[*pos];
            *pos += 1;
            if !matches!(conv, b's' | b'r' | b'a') {
                return Self::err("f-string: invalid conversion character: expected 's', 'r', or 'a'");
            }
        }
        if *pos >= end {
            return Self::err("f-string: expecting '}'");
        }
        if b[*pos] == b':' {
            *pos += 1;
            if *pos >= end {
                return Self::err("f-string: expecting '}'");
            }
            self.fstring(pos, level + 1)?;
        }
        if *pos >= end || b[*pos] != b'}' {
            return Self::err("f-string: expecting '}'");
        }
        *pos += 1;
        Ok(())
    }

    /// The expression part: it must not be blank, and must parse (in parentheses).
    fn expression(&self, start: usize, end: usize) -> Result<(), Scan> {
        let text = &self.body[start..end];
        if text.bytes().all(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\x0c')) {
            return match self.b[end] {
                c @ (b'!' | b':' | b'=') => Self::err(format!("f-string: expression required before '{}'", c as char)),
                _ => Self::err("f-string: empty expression not allowed"),
            };
        }
        if self.check_exprs && ruff_python_parser::parse_expression(&format!("({text})")).is_err() {
            return Err(Scan::Expr(start, end));
        }
        Ok(())
    }
}
