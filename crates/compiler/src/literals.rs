//! Literal stage, between parsing and code generation: gives string literals the exact value
//! CPython's tokenizer gives them. Guarantees: lone surrogates written as escapes (`"\ud800"`,
//! `"\U0000dc80"`) reach the code object as pyrite's surrogate stand-ins
//! (`bytecode::surrogate`), and a literal holding one of the reserved stand-in code points is a
//! SyntaxError instead of silently turning into a surrogate.
//!
//! The parser decodes every other escape correctly but replaces a surrogate escape with U+FFFD,
//! so only literals whose parsed value contains U+FFFD are decoded again here, from the source.

use bytecode::surrogate;
use ruff_python_ast::visitor::transformer::Transformer;
use ruff_python_ast::{self as ast, StringFlags};
use ruff_text_size::{Ranged, TextRange};
use std::cell::RefCell;

/// Fixes up the string literals of a parsed module or expression in place; the error is a
/// message and where it points.
pub fn fix_module(m: &mut ast::Mod, source: &str) -> Result<(), (String, TextRange)> {
    let fixer = Fixer { source, error: RefCell::new(None) };
    match m {
        ast::Mod::Module(m) => fixer.visit_body(&mut m.body),
        ast::Mod::Expression(e) => fixer.visit_expr(&mut e.body),
    }
    match fixer.error.into_inner() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

struct Fixer<'s> {
    source: &'s str,
    error: RefCell<Option<(String, TextRange)>>,
}

impl Fixer<'_> {
    /// The value of a literal body `text` (the part between the quotes, or a literal part of an
    /// f-string), re-decoded when the parser had to drop a surrogate.
    fn fix(&self, value: &mut Box<str>, body: TextRange, raw: bool, fstring: bool) {
        // Stand-ins in the parser's own value are the reserved code points, written literally or
        // as `\U000dd800`-style escapes.
        if surrogate::has_stand_in(value) {
            self.error.borrow_mut().get_or_insert((
                "pyrite cannot represent code points U+DD800..U+DDFFF (reserved to carry lone surrogates)".into(),
                body,
            ));
            return;
        }
        if !raw && value.contains('\u{FFFD}') {
            if let Some(v) = decode_escapes(&self.source[body], fstring) {
                *value = v.into_boxed_str();
            }
        }
    }
}

impl Transformer for Fixer<'_> {
    fn visit_string_literal(&self, lit: &mut ast::StringLiteral) {
        let body = TextRange::new(lit.range.start() + lit.flags.opener_len(), lit.range.end() - lit.flags.closer_len());
        let raw = lit.flags.prefix().is_raw();
        self.fix(&mut lit.value, body, raw, false);
    }

    fn visit_f_string(&self, f: &mut ast::FString) {
        let raw = f.flags.prefix().is_raw();
        for el in f.elements.iter_mut() {
            self.fix_element(el, raw);
        }
    }
}

impl Fixer<'_> {
    fn fix_element(&self, el: &mut ast::InterpolatedStringElement, raw: bool) {
        match el {
            ast::InterpolatedStringElement::Literal(l) => {
                let r = l.range();
                self.fix(&mut l.value, r, raw, true);
            }
            ast::InterpolatedStringElement::Interpolation(i) => {
                self.visit_expr(&mut i.expression);
                if let Some(spec) = &mut i.format_spec {
                    for e in spec.elements.iter_mut() {
                        self.fix_element(e, raw);
                    }
                }
            }
        }
    }
}

/// Decodes the escapes of a (non-raw) string literal body as CPython's
/// `_PyUnicode_DecodeUnicodeEscapeInternal` does; f-string literal parts also fold `{{`/`}}`.
/// `None` for a malformed escape (the parser has already reported those).
fn decode_escapes(text: &str, fstring: bool) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if fstring && (c == '{' || c == '}') && chars.peek() == Some(&c) {
            chars.next();
            out.push(c);
            continue;
        }
        if c == '\r' {
            // Newlines inside the source read as `\n`, as the tokenizer's do.
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
            continue;
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            out.push('\\');
            break;
        };
        match e {
            '\n' => {}
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
            }
            '\\' | '\'' | '"' => out.push(e),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            '0'..='7' => {
                let mut v = e.to_digit(8)?;
                for _ in 0..2 {
                    match chars.peek().and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(v)?);
            }
            'x' | 'u' | 'U' => {
                let n = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let mut v = 0u32;
                for _ in 0..n {
                    v = v * 16 + chars.next()?.to_digit(16)?;
                }
                out.push(surrogate::char_for(v)?);
            }
            'N' => {
                if chars.next()? != '{' {
                    return None;
                }
                let name: String = chars.by_ref().take_while(|&c| c != '}').collect();
                out.push(unicode_names2::character(&name)?);
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        let sur = |u| surrogate::char_for(u).unwrap();
        assert_eq!(decode_escapes(r"a\ud800b", false).unwrap(), format!("a{}b", sur(0xD800)));
        assert_eq!(decode_escapes(r"\U0000dfff\x41\101\N{BULLET}\q", false).unwrap(), format!("{}AA•\\q", sur(0xDFFF)));
        assert_eq!(decode_escapes("{{\\ud83d}}", true).unwrap(), format!("{{{}}}", sur(0xD83D)));
        assert_eq!(decode_escapes("x\\\ny", false).unwrap(), "xy");
    }
}
