//! VM stage: the text encodings built into the VM (UTF-8, ASCII, Latin-1) with CPython's
//! error handlers `strict`, `ignore`, `replace` and its `UnicodeDecodeError` wording.

use crate::vm::{PyResult, Vm};

/// Normalises an encoding name as `encodings.normalize_encoding` + the aliases we know.
pub fn normalize(enc: &str) -> Option<&'static str> {
    let e = enc.to_ascii_lowercase().replace(['-', ' '], "_");
    Some(match e.as_str() {
        "utf_8" | "utf8" | "u8" | "utf" | "cp65001" => "utf-8",
        "ascii" | "us_ascii" | "646" => "ascii",
        "latin_1" | "latin1" | "iso_8859_1" | "iso8859_1" | "8859" | "cp819" | "l1" | "latin" => "latin-1",
        _ => return None,
    })
}

pub fn decode(vm: &mut Vm, bytes: &[u8], encoding: &str, errors: &str) -> PyResult<String> {
    let enc = normalize(encoding)
        .ok_or_else(|| vm.new_exception(&vm.exc.lookup_error.clone(), format!("unknown encoding: {encoding}")))?;
    match enc {
        "latin-1" => Ok(bytes.iter().map(|&b| b as char).collect()),
        "ascii" => {
            let mut out = String::with_capacity(bytes.len());
            for (i, &b) in bytes.iter().enumerate() {
                if b < 0x80 {
                    out.push(b as char);
                } else {
                    match errors {
                        "ignore" => {}
                        "replace" => out.push('\u{fffd}'),
                        _ => {
                            return Err(vm.new_exception(
                                &vm.exc.unicode_decode_error.clone(),
                                format!(
                                "'ascii' codec can't decode byte {b:#04x} in position {i}: ordinal not in range(128)"
                            ),
                            ))
                        }
                    }
                }
            }
            Ok(out)
        }
        _ => {
            let mut out = String::with_capacity(bytes.len());
            let mut rest = bytes;
            let mut pos = 0;
            loop {
                match std::str::from_utf8(rest) {
                    Ok(s) => {
                        out.push_str(s);
                        return Ok(out);
                    }
                    Err(e) => {
                        let good = e.valid_up_to();
                        out.push_str(std::str::from_utf8(&rest[..good]).unwrap());
                        let bad_len = e.error_len().unwrap_or(rest.len() - good);
                        match errors {
                            "ignore" => {}
                            "replace" => out.push('\u{fffd}'),
                            _ => {
                                let b = rest[good];
                                let reason = if e.error_len().is_none() {
                                    "unexpected end of data"
                                } else if (0x80..0xc2).contains(&b) || b > 0xf4 {
                                    "invalid start byte"
                                } else {
                                    "invalid continuation byte"
                                };
                                let at = pos + good;
                                let span = if e.error_len().is_none() && bad_len > 1 {
                                    format!("in position {}-{}", at, at + bad_len - 1)
                                } else {
                                    format!("in position {at}")
                                };
                                return Err(vm.new_exception(
                                    &vm.exc.unicode_decode_error.clone(),
                                    format!("'utf-8' codec can't decode byte {b:#04x} {span}: {reason}"),
                                ));
                            }
                        }
                        pos += good + bad_len;
                        rest = &rest[good + bad_len..];
                    }
                }
            }
        }
    }
}

pub fn encode(vm: &mut Vm, s: &str, encoding: &str, errors: &str) -> PyResult<Vec<u8>> {
    let enc = normalize(encoding)
        .ok_or_else(|| vm.new_exception(&vm.exc.lookup_error.clone(), format!("unknown encoding: {encoding}")))?;
    let limit = match enc {
        "utf-8" => return Ok(s.as_bytes().to_vec()),
        "ascii" => 0x80,
        _ => 0x100,
    };
    let mut out = Vec::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        let u = c as u32;
        if u < limit {
            out.push(u as u8);
        } else {
            match errors {
                "ignore" => {}
                "replace" => out.push(b'?'),
                "backslashreplace" => {
                    let esc = if u <= 0xff {
                        format!("\\x{u:02x}")
                    } else if u <= 0xffff {
                        format!("\\u{u:04x}")
                    } else {
                        format!("\\U{u:08x}")
                    };
                    out.extend_from_slice(esc.as_bytes());
                }
                "xmlcharrefreplace" => out.extend_from_slice(format!("&#{u};").as_bytes()),
                _ => {
                    let name = if enc == "ascii" { "ascii" } else { "latin-1" };
                    return Err(vm.new_exception(
                        &vm.exc.unicode_encode_error.clone(),
                        format!("'{name}' codec can't encode character '\\u{u:04x}' in position {i}: ordinal not in range({limit})"),
                    ));
                }
            }
        }
    }
    Ok(out)
}
