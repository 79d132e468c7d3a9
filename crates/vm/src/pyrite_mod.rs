//! VM stage: the `_pyrite` module — pyrite-specific services for the Python modules in `lib/`:
//! the disassembler behind `lib/dis.py`, the IEEE 754 conversions and the writable-buffer
//! conversion behind `lib/_struct.py`, and
//! the import natives behind `lib/_pyrite_importlib.py` (import_hooks.rs).

use crate::func::Args;
use crate::value::{Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use num_traits::ToPrimitive;

/// `_pyrite.disassemble(code)`: the text `pyrite -m dis` prints for a code object.
fn disassemble(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "disassemble", 1)?;
    let Some(Payload::Code(cd)) = a[0].payload() else {
        return Err(vm.new_type_error(format!("don't know how to disassemble {} objects", vm.type_name(&a[0]))));
    };
    let code = cd.code.clone();
    let vm_cell = std::cell::RefCell::new(&mut *vm);
    let repr = |c: &bytecode::Constant| {
        if let bytecode::Constant::Code(inner) = c {
            return bytecode::dis::code_repr(inner);
        }
        let mut vm = vm_cell.borrow_mut();
        let v = vm.const_value(c);
        vm.repr_string(&v).unwrap_or_else(|_| "?".into())
    };
    let text = bytecode::dis::disassemble(&code, &repr);
    Ok(vm.new_str(text))
}

/// IEEE 754 binary16 bits of `x`, rounded half to even (CPython's `PyFloat_Pack2`); `None` when
/// a finite value is too large.
fn f64_to_half(x: f64) -> Option<u16> {
    let sign = (x.is_sign_negative() as u16) << 15;
    if x.is_nan() {
        return Some(sign | 0x7e00);
    }
    if x.is_infinite() {
        return Some(sign | 0x7c00);
    }
    let a = x.abs();
    if a == 0.0 {
        return Some(sign);
    }
    // a = f * 2**e with 1 <= f < 2.
    let mut e = a.log2().floor() as i32;
    let mut f = a / 2f64.powi(e);
    if f >= 2.0 {
        f /= 2.0;
        e += 1;
    } else if f < 1.0 {
        f *= 2.0;
        e -= 1;
    }
    if e >= 16 {
        return None;
    } else if e < -25 {
        f = 0.0;
        e = 0;
    } else if e < -14 {
        f *= 2f64.powi(14 + e);
        e = 0;
    } else {
        e += 15;
        f -= 1.0;
    }
    f *= 1024.0;
    let mut bits = f as u16;
    let rest = f - bits as f64;
    if rest > 0.5 || (rest == 0.5 && bits % 2 == 1) {
        bits += 1;
        if bits == 1024 {
            bits = 0;
            e += 1;
            if e == 31 {
                return None;
            }
        }
    }
    Some(sign | ((e as u16) << 10) | bits)
}

fn half_to_f64(h: u16) -> f64 {
    let sign = if h >> 15 == 1 { -1.0 } else { 1.0 };
    let e = ((h >> 10) & 0x1f) as i32;
    let f = (h & 0x3ff) as f64;
    sign * match e {
        0 => f / 1024.0 * 2f64.powi(-14),
        0x1f if f == 0.0 => f64::INFINITY,
        0x1f => f64::NAN,
        _ => (1.0 + f / 1024.0) * 2f64.powi(e - 15),
    }
}

/// `_pyrite.pack_float(x, size, little, checked)`: the 2-, 4- or 8-byte IEEE encoding of `x`;
/// `checked` raises CPython's OverflowError when a finite value does not fit (standard sizes).
fn pack_float(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "pack_float", 4)?;
    let x = vm.float_of(&a[0])?;
    let size = vm.to_i64_index(&a[1])?;
    let little = vm.truthy(&a[2])?;
    let checked = vm.truthy(&a[3])?;
    let too_large = |vm: &Vm, fmt: char| vm.new_overflow_error(format!("float too large to pack with {fmt} format"));
    let bytes: Vec<u8> = match size {
        2 => {
            let h = f64_to_half(x).ok_or_else(|| too_large(vm, 'e'))?;
            if little {
                h.to_le_bytes().to_vec()
            } else {
                h.to_be_bytes().to_vec()
            }
        }
        4 => {
            let f = x as f32;
            if checked && f.is_infinite() && x.is_finite() {
                return Err(too_large(vm, 'f'));
            }
            if little {
                f.to_le_bytes().to_vec()
            } else {
                f.to_be_bytes().to_vec()
            }
        }
        _ => {
            if little {
                x.to_le_bytes().to_vec()
            } else {
                x.to_be_bytes().to_vec()
            }
        }
    };
    Ok(vm.new_bytes(bytes))
}

/// `_pyrite.unpack_float(data, little)`: the float of a 2-, 4- or 8-byte IEEE encoding.
fn unpack_float(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "unpack_float", 2)?;
    let b = crate::objects::memoryview::buffer_bytes(&a[0]).unwrap_or_default();
    let little = vm.truthy(&a[1])?;
    let x = match b.len() {
        2 => {
            let arr = [b[0], b[1]];
            half_to_f64(if little { u16::from_le_bytes(arr) } else { u16::from_be_bytes(arr) })
        }
        4 => {
            let arr = [b[0], b[1], b[2], b[3]];
            (if little { f32::from_le_bytes(arr) } else { f32::from_be_bytes(arr) }) as f64
        }
        8 => {
            let mut arr = [0u8; 8];
            arr.copy_from_slice(&b);
            if little {
                f64::from_le_bytes(arr)
            } else {
                f64::from_be_bytes(arr)
            }
        }
        _ => return Err(vm.new_value_error("unpack_float needs 2, 4 or 8 bytes")),
    };
    Ok(Value::Float(x))
}

/// `operator.index(a)` (`PyNumber_Index`): `a.__index__()`, which must return an int.
fn index(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "index", 1)?;
    let i = vm.to_index(&a[0])?;
    Ok(vm.new_bigint(i))
}

/// `operator.length_hint(obj, default=0, /)` (`operator_length_hint_impl`): `PyObject_LengthHint`.
fn length_hint(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "length_hint", 1, 2)?;
    let default = match a.get(1) {
        // The `Py_ssize_t` converter: `__index__`, then a machine-size check with its own words.
        Some(d) => vm
            .to_index(d)?
            .to_i64()
            .ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C ssize_t"))?,
        None => 0,
    };
    Ok(Value::Int(vm.length_hint(&a[0], default)?))
}

/// `_pyrite.writable_view(obj, what)`: the "w*" argument conversion (`lib/_struct.py`'s
/// `pack_into`, `readinto` of the buffered streams): a byte view of a writable buffer.
fn writable_view(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "writable_view", 2)?;
    let what = vm.str_string(&a[1])?;
    crate::objects::memoryview::writable_bytes_view(vm, &a[0], &what)
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_pyrite");
    let d = m.dict.get().unwrap();
    let fns: &[(&'static str, crate::func::NativeFn)] = &[
        ("disassemble", disassemble),
        ("pack_float", pack_float),
        ("unpack_float", unpack_float),
        ("index", index),
        ("length_hint", length_hint),
        ("writable_view", writable_view),
    ];
    vm.add_native_fns(&d, fns);
    crate::import_hooks::add_natives(vm, &d);
    if let Some(meta) = vm.sys_attr("meta_path") {
        // The finder sys.meta_path started with (created with `sys`).
        let finder = vm
            .collect(&meta)?
            .into_iter()
            .find(|f| f.as_obj().and_then(|t| t.as_type()).is_some_and(|t| &*t.name() == "PyriteFinder"));
        if let Some(f) = finder {
            vm.dict_set_str(&d, "PyriteFinder", f);
        }
    }
    Ok(m)
}
