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
    let wide = encoding.to_ascii_lowercase().replace('-', "_");
    if wide.starts_with("utf_16")
        || wide.starts_with("utf_32")
        || wide.starts_with("utf16")
        || wide.starts_with("utf32")
    {
        return decode_wide(vm, bytes, &wide);
    }
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

/// UTF-16/UTF-32 encodings (normalised name as `str.encode` spells it): the plain forms write a
/// little-endian BOM first, as CPython does on little-endian machines.
pub fn encode_wide(s: &str, name: &str) -> Vec<u8> {
    let (wide32, le, bom) = match name {
        "utf_16" | "utf16" => (false, true, true),
        "utf_16_le" | "utf_16le" => (false, true, false),
        "utf_16_be" | "utf_16be" => (false, false, false),
        "utf_32" | "utf32" => (true, true, true),
        "utf_32_le" | "utf_32le" => (true, true, false),
        _ => (true, false, false),
    };
    let mut out = Vec::new();
    let push16 = |out: &mut Vec<u8>, u: u16| out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
    if wide32 {
        if bom {
            out.extend_from_slice(&0xfeffu32.to_le_bytes());
        }
        for c in s.chars() {
            let u = c as u32;
            out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
    } else {
        if bom {
            push16(&mut out, 0xfeff);
        }
        let mut buf = [0u16; 2];
        for c in s.chars() {
            for u in c.encode_utf16(&mut buf) {
                push16(&mut out, *u);
            }
        }
    }
    out
}

/// Decodes UTF-16/UTF-32 (a BOM on the plain forms picks the byte order).
pub fn decode_wide(vm: &mut Vm, b: &[u8], name: &str) -> PyResult<String> {
    let wide32 = name.contains("32");
    let mut le = !name.ends_with("be");
    let mut data = b;
    let unit = if wide32 { 4 } else { 2 };
    if !name.ends_with("le") && !name.ends_with("be") && data.len() >= unit {
        if wide32 && data[..4] == [0xff, 0xfe, 0, 0] || !wide32 && data[..2] == [0xff, 0xfe] {
            data = &data[unit..];
            le = true;
        } else if wide32 && data[..4] == [0, 0, 0xfe, 0xff] || !wide32 && data[..2] == [0xfe, 0xff] {
            data = &data[unit..];
            le = false;
        }
    }
    if !data.len().is_multiple_of(unit) {
        let codec = if wide32 { "utf-32" } else { "utf-16" };
        return Err(vm.new_exception(
            &vm.exc.unicode_decode_error.clone(),
            format!(
                "'{codec}-{}' codec can't decode byte {:#04x} in position {}: truncated data",
                if le { "le" } else { "be" },
                data[data.len() - 1],
                data.len() - 1
            ),
        ));
    }
    if wide32 {
        let mut s = String::new();
        for ch in data.chunks(4) {
            let u = if le {
                u32::from_le_bytes([ch[0], ch[1], ch[2], ch[3]])
            } else {
                u32::from_be_bytes([ch[0], ch[1], ch[2], ch[3]])
            };
            s.push(char::from_u32(u).unwrap_or('\u{fffd}'));
        }
        return Ok(s);
    }
    let units: Vec<u16> = data
        .chunks(2)
        .map(|c| if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) })
        .collect();
    Ok(char::decode_utf16(units).map(|r| r.unwrap_or('\u{fffd}')).collect())
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
