//! Stdlib stage: the item formats of the `array` module — for each typecode of CPython 3.11
//! ('bBuhHiIlLqQfd', machine sizes of x86-64 Linux) its item size, how a Python value is
//! checked and packed into native-endian bytes (with CPython's OverflowError and TypeError
//! messages), how stored bytes read back, and the machine format codes that pickles carry.

use bytecode::surrogate;
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};
use vm::value::Value;
use vm::{PyResult, Vm};

pub const TYPECODES: &str = "bBuhHiIlLqQfd";

/// Size in bytes of one item of `tc` (a valid typecode).
pub fn itemsize(tc: u8) -> usize {
    match tc {
        b'b' | b'B' => 1,
        b'h' | b'H' => 2,
        b'i' | b'I' | b'f' | b'u' => 4,
        _ => 8,
    }
}

pub fn is_integer(tc: u8) -> bool {
    !matches!(tc, b'f' | b'd' | b'u')
}

pub fn is_signed(tc: u8) -> bool {
    matches!(tc, b'b' | b'h' | b'i' | b'l' | b'q')
}

/// The machine format code of `tc` on this (little-endian, LP64) machine.
pub fn mformat_code(tc: u8) -> i64 {
    match tc {
        b'B' => 0,
        b'b' => 1,
        b'H' => 2,
        b'h' => 4,
        b'I' => 6,
        b'i' => 8,
        b'L' | b'Q' => 10,
        b'l' | b'q' => 12,
        b'f' => 14,
        b'd' => 16,
        _ => 20, // 'u': UTF-32 little-endian
    }
}

/// A machine format code's (item size, signed, big-endian, kind), kind being b'i' (integer),
/// b'f' (IEEE 754) or b'u' (UTF-16/32); `None` if the code is not one.
pub fn mformat_descr(code: i64) -> Option<(usize, bool, bool, u8)> {
    Some(match code {
        0 => (1, false, false, b'i'),
        1 => (1, true, false, b'i'),
        2..=13 => {
            let k = code - 2;
            let size = [2, 4, 8][(k / 4) as usize];
            (size, k % 4 >= 2, k % 2 == 1, b'i')
        }
        14 | 15 => (4, false, code == 15, b'f'),
        16 | 17 => (8, false, code == 17, b'f'),
        18 | 19 => (2, false, code == 19, b'u'),
        20 | 21 => (4, false, code == 21, b'u'),
        _ => return None,
    })
}

fn overflow(vm: &Vm, msg: &str) -> vm::PyRef {
    vm.new_overflow_error(msg.to_string())
}

/// The integer value of `v` (through `__index__`).
fn int_value(vm: &mut Vm, v: &Value) -> PyResult<BigInt> {
    match v {
        Value::Int(i) => Ok(BigInt::from(*i)),
        Value::Bool(b) => Ok(BigInt::from(*b as i64)),
        _ => vm.to_index(v),
    }
}

/// Range-checks an integer for typecode `tc` as CPython's setitem functions do.
fn check_int(vm: &Vm, tc: u8, x: &BigInt) -> PyResult<i128> {
    let long = x.to_i64();
    let signed_long = |vm: &Vm| long.ok_or_else(|| overflow(vm, "Python int too large to convert to C long"));
    let range = |vm: &Vm, v: i64, lo: i64, hi: i64, what: &str| -> PyResult<i128> {
        if v < lo {
            Err(overflow(vm, &format!("{what} is less than minimum")))
        } else if v > hi {
            Err(overflow(vm, &format!("{what} is greater than maximum")))
        } else {
            Ok(v as i128)
        }
    };
    match tc {
        b'b' => {
            let v = signed_long(vm)?;
            range(vm, v, -32768, 32767, "signed short integer")?;
            range(vm, v, -128, 127, "signed char")
        }
        b'B' => range(vm, signed_long(vm)?, 0, 255, "unsigned byte integer"),
        b'h' => range(vm, signed_long(vm)?, -32768, 32767, "signed short integer"),
        b'H' => {
            let v = signed_long(vm)?;
            range(vm, v, i32::MIN as i64, i32::MAX as i64, "signed integer")?;
            range(vm, v, 0, 65535, "unsigned short")
        }
        b'i' => range(vm, signed_long(vm)?, i32::MIN as i64, i32::MAX as i64, "signed integer"),
        b'l' => Ok(signed_long(vm)? as i128),
        b'q' => long.map(|v| v as i128).ok_or_else(|| overflow(vm, "int too big to convert")),
        b'I' | b'L' => {
            if x.is_negative() {
                return Err(overflow(vm, "can't convert negative value to unsigned int"));
            }
            let v = x.to_u64().ok_or_else(|| overflow(vm, "Python int too large to convert to C unsigned long"))?;
            if tc == b'I' && v > u32::MAX as u64 {
                return Err(overflow(vm, "unsigned int is greater than maximum"));
            }
            Ok(v as i128)
        }
        _ => {
            if x.is_negative() {
                return Err(overflow(vm, "can't convert negative int to unsigned"));
            }
            x.to_u64().map(|v| v as i128).ok_or_else(|| overflow(vm, "int too big to convert"))
        }
    }
}

/// Packs `v` as one item of `tc`, appending its native-endian bytes to `out`.
pub fn pack(vm: &mut Vm, tc: u8, v: &Value, out: &mut Vec<u8>) -> PyResult<()> {
    match tc {
        b'f' => {
            let f = vm.float_of(v)?;
            out.extend_from_slice(&(f as f32).to_ne_bytes());
        }
        b'd' => {
            let f = vm.float_of(v)?;
            out.extend_from_slice(&f.to_ne_bytes());
        }
        b'u' => match v.as_str() {
            Some(s) if s.char_len() == 1 => out.extend_from_slice(&s.code_at(0).to_ne_bytes()),
            _ => return Err(vm.new_type_error("array item must be unicode character")),
        },
        _ => {
            let x = int_value(vm, v)?;
            let i = check_int(vm, tc, &x)?;
            let n = itemsize(tc);
            out.extend_from_slice(&(i as u64).to_ne_bytes()[..n]);
        }
    }
    Ok(())
}

/// The `char` a 'u' item holds, or CPython's error for a value that is no code point.
pub fn wchar(vm: &Vm, u: u32) -> PyResult<char> {
    surrogate::char_for(u)
        .ok_or_else(|| vm.new_value_error(format!("character U+{u:x} is not in range [U+0000; U+10ffff]")))
}

/// Reads one item of `tc` from its native-endian bytes.
pub fn unpack(vm: &Vm, tc: u8, b: &[u8]) -> PyResult<Value> {
    let mut buf = [0u8; 8];
    buf[..b.len()].copy_from_slice(b);
    let u = u64::from_ne_bytes(buf);
    Ok(match tc {
        b'b' => Value::Int(b[0] as i8 as i64),
        b'B' => Value::Int(b[0] as i64),
        b'h' => Value::Int(u as u16 as i16 as i64),
        b'H' => Value::Int(u as u16 as i64),
        b'i' => Value::Int(u as u32 as i32 as i64),
        b'I' => Value::Int(u as u32 as i64),
        b'l' | b'q' => Value::Int(u as i64),
        b'L' | b'Q' => match i64::try_from(u) {
            Ok(i) => Value::Int(i),
            Err(_) => vm.new_bigint(BigInt::from(u)),
        },
        b'f' => Value::Float(f32::from_bits(u as u32) as f64),
        b'd' => Value::Float(f64::from_bits(u)),
        _ => {
            let c =
                surrogate::char_for(u as u32).ok_or_else(|| vm.new_value_error("chr() arg not in range(0x110000)"))?;
            vm.new_str(c.to_string())
        }
    })
}

/// Decodes `bytes` in machine format `code` into Python values (for `_array_reconstructor`).
pub fn decode_mformat(vm: &Vm, code: i64, bytes: &[u8]) -> PyResult<Vec<Value>> {
    let (size, signed, big, kind) = mformat_descr(code).unwrap_or((1, false, false, b'i'));
    let mut out = Vec::with_capacity(bytes.len() / size);
    for chunk in bytes.chunks_exact(size) {
        let mut le = chunk.to_vec();
        if big {
            le.reverse();
        }
        let mut buf = [0u8; 8];
        buf[..size].copy_from_slice(&le);
        let raw = u64::from_le_bytes(buf);
        out.push(match kind {
            b'f' if size == 4 => Value::Float(f32::from_bits(raw as u32) as f64),
            b'f' => Value::Float(f64::from_bits(raw)),
            _ => {
                let shift = 64 - 8 * size as u32;
                if signed {
                    Value::Int(((raw << shift) as i64) >> shift)
                } else {
                    match i64::try_from(raw) {
                        Ok(i) => Value::Int(i),
                        Err(_) => vm.new_bigint(BigInt::from(raw)),
                    }
                }
            }
        });
    }
    Ok(out)
}
