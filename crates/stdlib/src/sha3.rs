//! Stdlib stage: the `_sha3` module — SHA3-224/256/384/512 and SHAKE128/256 (FIPS 202) over
//! Keccak-f[1600], written here from the specification. Guarantees: digests equal CPython's for
//! any input and any split of it; `shake_*.digest(length)` gives any prefix length below 2**29
//! with CPython's errors; the types are their own constructors
//! (`sha3_224(data=b'', /, *, usedforsecurity=True)`) and show `_capacity_bits`, `_rate_bits`
//! and `_suffix` as CPython 3.11's do.

use crate::hashobj::{self, Digest, HashObject, Kind};
use crate::native::{new_args, state};
use std::any::Any;
use vm::func::{Args, NativeFn};
use vm::value::{PyRef, Value};
use vm::{PyResult, Vm};

/// The round constants of the iota step.
const RC: [u64; 24] = [
    0x0000000000000001,
    0x0000000000008082,
    0x800000000000808a,
    0x8000000080008000,
    0x000000000000808b,
    0x0000000080000001,
    0x8000000080008081,
    0x8000000000008009,
    0x000000000000008a,
    0x0000000000000088,
    0x0000000080008009,
    0x000000008000000a,
    0x000000008000808b,
    0x800000000000008b,
    0x8000000000008089,
    0x8000000000008003,
    0x8000000000008002,
    0x8000000000000080,
    0x000000000000800a,
    0x800000008000000a,
    0x8000000080008081,
    0x8000000000008080,
    0x0000000080000001,
    0x8000000080008008,
];

/// The rho step's rotation of lane x + 5y.
const ROT: [u32; 25] = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14];

/// Keccak-f[1600] on the 25 lanes (lane x + 5y).
fn keccak_f(a: &mut [u64; 25]) {
    for rc in RC {
        let mut c = [0u64; 5];
        for (x, cx) in c.iter_mut().enumerate() {
            *cx = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
        }
        for x in 0..5 {
            let d = c[(x + 4) % 5] ^ c[(x + 1) % 5].rotate_left(1);
            for y in 0..5 {
                a[x + 5 * y] ^= d;
            }
        }
        let mut b = [0u64; 25];
        for x in 0..5 {
            for y in 0..5 {
                b[y + 5 * ((2 * x + 3 * y) % 5)] = a[x + 5 * y].rotate_left(ROT[x + 5 * y]);
            }
        }
        for y in 0..5 {
            for x in 0..5 {
                a[x + 5 * y] = b[x + 5 * y] ^ (!b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]);
            }
        }
        a[0] ^= rc;
    }
}

/// A Keccak sponge with `rate` bytes of rate and the domain-separation `suffix`.
#[derive(Clone)]
pub struct Keccak {
    a: [u64; 25],
    rate: usize,
    pos: usize,
    suffix: u8,
}

impl Keccak {
    pub fn new(rate: usize, suffix: u8) -> Keccak {
        Keccak { a: [0; 25], rate, pos: 0, suffix }
    }

    fn xor_byte(&mut self, i: usize, b: u8) {
        self.a[i / 8] ^= (b as u64) << (8 * (i % 8));
    }
}

impl Digest for Keccak {
    fn update(&mut self, data: &[u8]) {
        let mut rest = data;
        while !rest.is_empty() {
            if self.pos == 0 && rest.len() >= self.rate {
                for (i, lane) in rest[..self.rate].chunks_exact(8).enumerate() {
                    self.a[i] ^= u64::from_le_bytes(lane.try_into().unwrap());
                }
                keccak_f(&mut self.a);
                rest = &rest[self.rate..];
                continue;
            }
            let take = (self.rate - self.pos).min(rest.len());
            for (k, b) in rest[..take].iter().enumerate() {
                self.xor_byte(self.pos + k, *b);
            }
            self.pos += take;
            rest = &rest[take..];
            if self.pos == self.rate {
                keccak_f(&mut self.a);
                self.pos = 0;
            }
        }
    }

    fn finish(&self, len: usize) -> Vec<u8> {
        let mut s = self.clone();
        s.xor_byte(s.pos, s.suffix);
        s.xor_byte(s.rate - 1, 0x80);
        keccak_f(&mut s.a);
        let mut out = Vec::with_capacity(len);
        loop {
            for i in 0..s.rate {
                if out.len() == len {
                    return out;
                }
                out.push((s.a[i / 8] >> (8 * (i % 8))) as u8);
            }
            keccak_f(&mut s.a);
        }
    }

    fn boxed_clone(&self) -> Box<dyn Digest> {
        Box::new(self.clone())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// (kind, digest size, rate in bytes, suffix) of each type.
const VARIANTS: [(Kind, usize, usize, u8); 6] = [
    (sha3_kind("sha3_224", 144, false), 28, 144, 0x06),
    (sha3_kind("sha3_256", 136, false), 32, 136, 0x06),
    (sha3_kind("sha3_384", 104, false), 48, 104, 0x06),
    (sha3_kind("sha3_512", 72, false), 64, 72, 0x06),
    (sha3_kind("shake_128", 168, true), 0, 168, 0x1f),
    (sha3_kind("shake_256", 136, true), 0, 136, 0x1f),
];

const fn sha3_kind(name: &'static str, rate: usize, xof: bool) -> Kind {
    Kind { name, block_size: rate, xof, plain_copy: false }
}

/// A fresh state of the variant called `name`.
pub fn new_state(name: &str) -> Option<HashObject> {
    VARIANTS
        .iter()
        .find(|v| v.0.name == name)
        .map(|&(kind, size, rate, suffix)| HashObject::new(kind, size, Box::new(Keccak::new(rate, suffix))))
}

fn sha3_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, rest) = new_args(&args);
    let name = cls.as_type().map(|t| t.name()).unwrap_or_else(|| "sha3_224".into());
    let Some(obj) = new_state(&name) else {
        return Err(vm.new_type_error(format!("cannot create '{name}' instances")));
    };
    let a = hashobj::parse_args(vm, &name, &rest, &["data", "usedforsecurity"], 1, 1)?;
    hashobj::used_for_security(vm, &a[1])?;
    hashobj::make(vm, Some(cls), obj, a[0].as_ref())
}

fn sponge(vm: &Vm, v: &Value) -> PyResult<(usize, u8)> {
    let cell = state::<HashObject>(v).ok_or_else(|| crate::native::wrong_self(vm, v, "_sha3.sha3_224"))?;
    let o = cell.borrow();
    let k = o.h.as_any().downcast_ref::<Keccak>().ok_or_else(|| vm.new_type_error("not a SHA-3 object"))?;
    Ok((k.rate, k.suffix))
}

fn get_capacity_bits(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (rate, _) = sponge(vm, &args.args[0])?;
    Ok(Value::Int(1600 - 8 * rate as i64))
}

fn get_rate_bits(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (rate, _) = sponge(vm, &args.args[0])?;
    Ok(Value::Int(8 * rate as i64))
}

fn get_suffix(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (_, suffix) = sponge(vm, &args.args[0])?;
    Ok(vm.new_bytes(vec![suffix]))
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_sha3");
    let d = m.dict.get().unwrap();
    for (kind, ..) in VARIANTS {
        let t = hashobj::make_hash_type(vm, "_sha3", kind, Some(sha3_new as NativeFn));
        vm.add_getset(&t, "_capacity_bits", get_capacity_bits, None);
        vm.add_getset(&t, "_rate_bits", get_rate_bits, None);
        vm.add_getset(&t, "_suffix", get_suffix, None);
        vm.dict_set_str(&d, kind.name, Value::Obj(t));
    }
    vm.dict_set_str(&d, "implementation", vm.new_str("tiny_sha3"));
    vm.dict_set_str(&d, "keccakopt", Value::Int(0));
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hexof(name: &str, data: &[u8], len: usize) -> String {
        let mut st = new_state(name).unwrap();
        // Uneven pieces, crossing the rate boundary.
        for piece in data.chunks(61) {
            st.h.update(piece);
        }
        let len = if st.kind.xof { len } else { st.digest_size };
        hashobj::hex(&st.h.finish(len))
    }

    fn long() -> Vec<u8> {
        (0..1000u32).map(|i| (i * 7 % 251) as u8).collect()
    }

    #[test]
    fn block_sizes_match_rates() {
        for (kind, _, rate, _) in VARIANTS {
            assert_eq!(kind.block_size, rate, "{}", kind.name);
        }
    }

    #[test]
    fn vectors() {
        assert_eq!(hexof("sha3_224", b"abc", 0), "e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf");
        assert_eq!(hexof("sha3_256", b"", 0), "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
        assert_eq!(hexof("sha3_256", &long(), 0), "5fb531fe026618353eb601c3b227d68d6f935b8fb59177a76ad484ada72b7e32");
        assert_eq!(
            hexof("sha3_384", &long(), 0),
            "4a399833cf8524e10a3097c193b22edc5fa474435ba525169af5322d608986a2e3ced0ec121211971a74294a573ba777"
        );
        assert_eq!(hexof("sha3_512", &long(), 0), "459d9fbc2ed3407fa9a30834aa10d1554dfb51e98fe77434c58f52ae0bba671f9606a5f4829ee599433d3fff0257bc9aeaeaeee7cd2eed0a1024cd3b04e2e517");
        assert_eq!(hexof("shake_128", &long(), 300), "5c309506792c1ac87cd838b0f16ee986e27fa28e6d936d8fd9004c33084bb616b90c12e42cd9e8f584c8be3b16a1b58212c6cdca5f063f19a076ce391062568747dbb1b0c1dbf41659b8ef1ced99fa99cc7883ee4aaaa509b5e0a078c9466fa27a11d55793dcd1d8a90eb4dd0ba8afcff315314f58efa129e8b36ee4e080b317f083f07ab8913ed2f4a2fb9426b3004c0a907a9f8c778546616ad8e757c293a6667ec87dcb4788f72a3cbcadb1aeccae711b80c130927e361cf040e2b3aaa7d9186bf7e718eb9d87a4219413bbf6de782101ca92ce808a626dd745132ffe4eeabf0b0c14c275c91835a95bff8e8b309ee68db6c7f8952721d3c2caa608278415b9bff1bf387ba716441cd6b3d74a7c0bffe597937c4b2f3cf1423934bfc7ba6ec6b127c28405ea0e5160eca7");
        assert_eq!(hexof("shake_256", b"abc", 7), "483366601360a8");
    }
}
