//! Source-decoding stage (CPython's tokenizer encoding detection, PEP 263): bytes → text.
//! Guarantees: a UTF-8 BOM is stripped, a coding cookie on line 1 or 2 selects UTF-8,
//! Latin-1 or ASCII (and their aliases), and failures are CPython's SyntaxError messages.

use crate::{CompileError, ErrorKind};

fn error(filename: &str, msg: String, lineno: u32, offset: i32, text: Option<String>) -> CompileError {
    CompileError {
        kind: ErrorKind::SyntaxError,
        msg,
        filename: filename.into(),
        lineno,
        offset,
        end_lineno: lineno,
        end_offset: offset,
        text,
    }
}

/// The encoding named by a coding cookie in this line, if any
/// (`^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`).
fn cookie(line: &[u8]) -> Option<String> {
    let mut i = 0;
    while i < line.len() && matches!(line[i], b' ' | b'\t' | b'\x0c') {
        i += 1;
    }
    if line.get(i) != Some(&b'#') {
        return None;
    }
    let rest = &line[i..];
    let mut j = 0;
    while j + 6 < rest.len() + 1 {
        if rest[j..].starts_with(b"coding") && j + 6 < rest.len() && matches!(rest[j + 6], b':' | b'=') {
            let mut k = j + 7;
            while k < rest.len() && matches!(rest[k], b' ' | b'\t') {
                k += 1;
            }
            let start = k;
            while k < rest.len() && (rest[k].is_ascii_alphanumeric() || matches!(rest[k], b'-' | b'_' | b'.')) {
                k += 1;
            }
            if k > start {
                return Some(String::from_utf8_lossy(&rest[start..k]).into_owned());
            }
        }
        j += 1;
    }
    None
}

/// Is this line blank or only a comment (so that line 2 may carry the cookie)?
fn blank_or_comment(line: &[u8]) -> bool {
    for &b in line {
        match b {
            b' ' | b'\t' | b'\x0c' => continue,
            b'#' | b'\r' | b'\n' => return true,
            _ => return false,
        }
    }
    true
}

/// CPython's `get_normal_name`.
fn normal_name(s: &str) -> String {
    let lower: String = s.chars().take(12).map(|c| if c == '_' { '-' } else { c.to_ascii_lowercase() }).collect();
    if lower == "utf-8" || lower.starts_with("utf-8-") {
        return "utf-8".into();
    }
    for p in ["latin-1", "iso-8859-1", "iso-latin-1"] {
        if lower == p || lower.starts_with(&format!("{p}-")) {
            return "iso-8859-1".into();
        }
    }
    s.to_string()
}

#[derive(PartialEq)]
enum Enc {
    Utf8,
    Latin1,
    Ascii,
    Cp1252,
}

/// Windows-1252 bytes 0x80..=0x9f (None = undefined, a decode error as in CPython).
const CP1252_HIGH: [Option<char>; 32] = [
    Some('\u{20ac}'),
    None,
    Some('\u{201a}'),
    Some('\u{0192}'),
    Some('\u{201e}'),
    Some('\u{2026}'),
    Some('\u{2020}'),
    Some('\u{2021}'),
    Some('\u{02c6}'),
    Some('\u{2030}'),
    Some('\u{0160}'),
    Some('\u{2039}'),
    Some('\u{0152}'),
    None,
    Some('\u{017d}'),
    None,
    None,
    Some('\u{2018}'),
    Some('\u{2019}'),
    Some('\u{201c}'),
    Some('\u{201d}'),
    Some('\u{2022}'),
    Some('\u{2013}'),
    Some('\u{2014}'),
    Some('\u{02dc}'),
    Some('\u{2122}'),
    Some('\u{0161}'),
    Some('\u{203a}'),
    Some('\u{0153}'),
    None,
    Some('\u{017e}'),
    Some('\u{0178}'),
];

fn lookup(name: &str) -> Option<Enc> {
    let n: String = name.to_ascii_lowercase().replace(['-', ' '], "_");
    match n.as_str() {
        "utf_8" | "utf8" | "u8" | "utf" | "cp65001" | "utf8_ucs2" | "utf8_ucs4" => Some(Enc::Utf8),
        "iso_8859_1" | "iso8859_1" | "latin_1" | "latin1" | "latin" | "l1" | "8859" | "cp819" | "iso_ir_100"
        | "iso_8859_1:1987" | "csisolatin1" | "ibm819" => Some(Enc::Latin1),
        "ascii" | "us_ascii" | "646" | "us" | "ansi_x3.4_1968" | "ansi_x3_4_1968" | "ansi_x3.4_1986" | "cp367"
        | "csascii" | "ibm367" | "iso646_us" | "iso_646.irv:1991" | "iso_ir_6" => Some(Enc::Ascii),
        "cp1252" | "windows_1252" | "1252" => Some(Enc::Cp1252),
        _ => None,
    }
}

fn split_lines(b: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        if c == b'\n' {
            out.push(&b[start..=i]);
            start = i + 1;
        }
    }
    if start < b.len() {
        out.push(&b[start..]);
    }
    out
}

pub fn decode_source(bytes: &[u8], filename: &str) -> Result<String, CompileError> {
    let (bom, body) = match bytes.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let lines = split_lines(body);
    let mut declared = None;
    if let Some(l1) = lines.first() {
        declared = cookie(l1);
        if declared.is_none() && blank_or_comment(l1) {
            if let Some(l2) = lines.get(1) {
                declared = cookie(l2);
            }
        }
    }
    let enc = match &declared {
        None => Enc::Utf8,
        Some(name) => {
            let norm = normal_name(name);
            let Some(e) = lookup(&norm) else {
                return Err(error(filename, format!("unknown encoding: {name}"), 0, 0, None));
            };
            if bom && e != Enc::Utf8 {
                return Err(error(filename, format!("encoding problem: {norm} with BOM"), 0, 0, None));
            }
            e
        }
    };
    match enc {
        Enc::Latin1 => Ok(body.iter().map(|&b| b as char).collect()),
        Enc::Cp1252 => {
            let mut out = String::with_capacity(body.len());
            for (pos, &b) in body.iter().enumerate() {
                let c = if (0x80..0xa0).contains(&b) { CP1252_HIGH[(b - 0x80) as usize] } else { Some(b as char) };
                match c {
                    Some(c) => out.push(c),
                    None => {
                        let msg = format!(
                            "'charmap' codec can't decode byte 0x{b:02x} in position {pos}: character maps to <undefined>"
                        );
                        return Err(error(filename, msg, 0, 0, None));
                    }
                }
            }
            Ok(out)
        }
        Enc::Ascii => {
            if let Some(pos) = body.iter().position(|&b| b >= 0x80) {
                let msg = format!(
                    "'ascii' codec can't decode byte 0x{:02x} in position {}: ordinal not in range(128)",
                    body[pos], pos
                );
                return Err(error(filename, msg, 0, 0, None));
            }
            Ok(String::from_utf8(body.to_vec()).unwrap_or_default())
        }
        Enc::Utf8 => match std::str::from_utf8(body) {
            Ok(s) => Ok(s.to_string()),
            Err(e) => {
                let at = e.valid_up_to();
                let line_start = body[..at].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
                let lineno = body[..at].iter().filter(|&&b| b == b'\n').count() as u32 + 1;
                let byte = body[at];
                let reason = match e.error_len() {
                    None => "unexpected end of data",
                    Some(_) if !(0xc2..=0xf4).contains(&byte) => "invalid start byte",
                    Some(_) => "invalid continuation byte",
                };
                let pos = at - line_start;
                let line_end = body[at..].iter().position(|&b| b == b'\n').map_or(body.len(), |p| at + p + 1);
                let text = String::from_utf8_lossy(&body[line_start..line_end]).into_owned();
                let col = String::from_utf8_lossy(&body[line_start..at]).chars().count() as u32 + 1;
                let msg =
                    format!("(unicode error) 'utf-8' codec can't decode byte 0x{byte:02x} in position {pos}: {reason}");
                Err(error(filename, msg, lineno, col as i32, Some(text)))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_cookies() {
        assert_eq!(decode_source(b"\xef\xbb\xbfx = 1\n", "f").unwrap(), "x = 1\n");
        assert_eq!(
            decode_source(b"# coding: latin-1\nx = '\xe9'\n", "f").unwrap(),
            "# coding: latin-1\nx = '\u{e9}'\n"
        );
        assert_eq!(
            decode_source(b"#!/usr/bin/env python\n# -*- coding: iso-8859-1 -*-\n\xe9\n", "f").unwrap(),
            "#!/usr/bin/env python\n# -*- coding: iso-8859-1 -*-\n\u{e9}\n"
        );
        assert_eq!(decode_source(b"#coding=UTF8\nx=1\n", "f").unwrap(), "#coding=UTF8\nx=1\n");
        // A cookie on line 2 only counts when line 1 is a comment or blank.
        assert!(decode_source(b"x = 1\n# coding: xyz\n", "f").is_ok());
        // Not a comment: ignored.
        assert!(decode_source(b"x=1 # coding: xyz\n", "f").is_ok());
    }

    #[test]
    fn errors() {
        let e = decode_source(b"# -*- coding: xyz -*-\nx=1\n", "f").unwrap_err();
        assert_eq!(e.msg, "unknown encoding: xyz");
        let e = decode_source(b"x = 1\n\xff\n", "f").unwrap_err();
        assert_eq!(e.msg, "(unicode error) 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte");
        assert_eq!(e.lineno, 2);
        let e = decode_source(b"\xef\xbb\xbf# coding: latin-1\nx=1\n", "f").unwrap_err();
        assert_eq!(e.msg, "encoding problem: iso-8859-1 with BOM");
        let e = decode_source(b"#!/usr/bin/python\n# vim: set fileencoding=ascii :\nx=\"\xe9\"\n", "f").unwrap_err();
        assert_eq!(e.msg, "'ascii' codec can't decode byte 0xe9 in position 53: ordinal not in range(128)");
    }
}
