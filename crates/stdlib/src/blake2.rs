//! Stdlib stage: the `_blake2` module — BLAKE2b and BLAKE2s (RFC 7693) with the full parameter
//! block (key, salt, personalisation, tree hashing: fanout, depth, leaf size, node offset, node
//! depth, inner size, last node), written here from the specification. Guarantees: digests
//! equal CPython's for every parameter combination it accepts; arguments are converted and
//! checked in CPython's order with CPython's messages; the types are their own constructors and
//! carry `MAX_DIGEST_SIZE`, `MAX_KEY_SIZE`, `PERSON_SIZE` and `SALT_SIZE`.

use crate::hashobj::{self, Digest, HashObject, Kind};
use crate::mdhash::{H256, H512};
use crate::native::new_args;
use num_bigint::Sign;
use num_traits::ToPrimitive;
use std::any::Any;
use vm::func::{Args, NativeFn};
use vm::value::{PyRef, Value};
use vm::{PyResult, Vm};

/// The message word order of each round.
const SIGMA: [[usize; 16]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
    [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
    [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
    [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
    [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];

/// What differs between BLAKE2b (64-bit words) and BLAKE2s (32-bit words).
trait Word: Copy + Default + std::ops::BitXor<Output = Self> + 'static {
    const BYTES: usize;
    const ROUNDS: usize;
    /// The G function's rotations.
    const R: [u32; 4];
    const IV: [Self; 8];
    const ONES: Self;
    fn add(self, o: Self) -> Self;
    fn rotr(self, n: u32) -> Self;
    fn from_le(b: &[u8]) -> Self;
    fn put_le(self, out: &mut Vec<u8>);
    /// The low and high words of the byte counter.
    fn counter(t: u128) -> (Self, Self);
}

impl Word for u64 {
    const BYTES: usize = 8;
    const ROUNDS: usize = 12;
    const R: [u32; 4] = [32, 24, 16, 63];
    const IV: [u64; 8] = H512;
    const ONES: u64 = u64::MAX;
    fn add(self, o: u64) -> u64 {
        self.wrapping_add(o)
    }
    fn rotr(self, n: u32) -> u64 {
        self.rotate_right(n)
    }
    fn from_le(b: &[u8]) -> u64 {
        u64::from_le_bytes(b.try_into().unwrap())
    }
    fn put_le(self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn counter(t: u128) -> (u64, u64) {
        (t as u64, (t >> 64) as u64)
    }
}

impl Word for u32 {
    const BYTES: usize = 4;
    const ROUNDS: usize = 10;
    const R: [u32; 4] = [16, 12, 8, 7];
    const IV: [u32; 8] = H256;
    const ONES: u32 = u32::MAX;
    fn add(self, o: u32) -> u32 {
        self.wrapping_add(o)
    }
    fn rotr(self, n: u32) -> u32 {
        self.rotate_right(n)
    }
    fn from_le(b: &[u8]) -> u32 {
        u32::from_le_bytes(b.try_into().unwrap())
    }
    fn put_le(self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn counter(t: u128) -> (u32, u32) {
        (t as u32, (t >> 32) as u32)
    }
}

/// A BLAKE2 state: chaining words, the last (possibly full) block held back until more data
/// arrives or the digest is asked for, the byte counter and the last-node flag.
#[derive(Clone)]
struct Blake2<W: Word> {
    h: [W; 8],
    buf: Vec<u8>,
    t: u128,
    last_node: bool,
    out_len: usize,
}

impl<W: Word> Blake2<W> {
    fn block() -> usize {
        16 * W::BYTES
    }

    /// A state for the parameter block `param` (its words XORed into the IV), keyed by `key`.
    fn new(param: &[u8], key: &[u8], last_node: bool, out_len: usize) -> Blake2<W> {
        let mut h = W::IV;
        for (i, hw) in h.iter_mut().enumerate() {
            *hw = *hw ^ W::from_le(&param[i * W::BYTES..(i + 1) * W::BYTES]);
        }
        let mut s = Blake2 { h, buf: Vec::with_capacity(Self::block()), t: 0, last_node, out_len };
        if !key.is_empty() {
            let mut block = key.to_vec();
            block.resize(Self::block(), 0);
            s.absorb(&block);
        }
        s
    }

    fn compress(&mut self, block: &[u8], last: bool) {
        let m: [W; 16] = std::array::from_fn(|i| W::from_le(&block[i * W::BYTES..(i + 1) * W::BYTES]));
        let mut v = [W::default(); 16];
        v[..8].copy_from_slice(&self.h);
        v[8..].copy_from_slice(&W::IV);
        let (lo, hi) = W::counter(self.t);
        v[12] = v[12] ^ lo;
        v[13] = v[13] ^ hi;
        if last {
            v[14] = v[14] ^ W::ONES;
            if self.last_node {
                v[15] = v[15] ^ W::ONES;
            }
        }
        let [r1, r2, r3, r4] = W::R;
        let mut g = |a: usize, b: usize, c: usize, d: usize, x: W, y: W| {
            v[a] = v[a].add(v[b]).add(x);
            v[d] = (v[d] ^ v[a]).rotr(r1);
            v[c] = v[c].add(v[d]);
            v[b] = (v[b] ^ v[c]).rotr(r2);
            v[a] = v[a].add(v[b]).add(y);
            v[d] = (v[d] ^ v[a]).rotr(r3);
            v[c] = v[c].add(v[d]);
            v[b] = (v[b] ^ v[c]).rotr(r4);
        };
        for r in 0..W::ROUNDS {
            let s = &SIGMA[r % 10];
            g(0, 4, 8, 12, m[s[0]], m[s[1]]);
            g(1, 5, 9, 13, m[s[2]], m[s[3]]);
            g(2, 6, 10, 14, m[s[4]], m[s[5]]);
            g(3, 7, 11, 15, m[s[6]], m[s[7]]);
            g(0, 5, 10, 15, m[s[8]], m[s[9]]);
            g(1, 6, 11, 12, m[s[10]], m[s[11]]);
            g(2, 7, 8, 13, m[s[12]], m[s[13]]);
            g(3, 4, 9, 14, m[s[14]], m[s[15]]);
        }
        for i in 0..8 {
            self.h[i] = self.h[i] ^ v[i] ^ v[i + 8];
        }
    }

    fn absorb(&mut self, mut data: &[u8]) {
        let bl = Self::block();
        while !data.is_empty() {
            if self.buf.len() == bl {
                // More data follows, so the held-back block is not the last one.
                self.t = self.t.wrapping_add(bl as u128);
                let block = std::mem::take(&mut self.buf);
                self.compress(&block, false);
                self.buf = block;
                self.buf.clear();
            }
            let take = (bl - self.buf.len()).min(data.len());
            self.buf.extend_from_slice(&data[..take]);
            data = &data[take..];
        }
    }
}

impl<W: Word> Digest for Blake2<W> {
    fn update(&mut self, data: &[u8]) {
        self.absorb(data);
    }

    fn finish(&self, _len: usize) -> Vec<u8> {
        let mut s = self.clone();
        s.t = s.t.wrapping_add(s.buf.len() as u128);
        let mut block = std::mem::take(&mut s.buf);
        block.resize(Self::block(), 0);
        s.compress(&block, true);
        let mut out = Vec::with_capacity(8 * W::BYTES);
        for w in s.h {
            w.put_le(&mut out);
        }
        out.truncate(s.out_len);
        out
    }

    fn boxed_clone(&self) -> Box<dyn Digest> {
        Box::new(self.clone())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The limits of one variant.
struct Variant {
    kind: Kind,
    max_digest: usize,
    max_key: usize,
    salt: usize,
    person: usize,
    /// Bytes of the node offset field (8 for BLAKE2b, 6 for BLAKE2s).
    offset_bytes: usize,
}

const BLAKE2B: Variant = Variant {
    kind: Kind { name: "blake2b", block_size: 128, xof: false, plain_copy: false },
    max_digest: 64,
    max_key: 64,
    salt: 16,
    person: 16,
    offset_bytes: 8,
};

const BLAKE2S: Variant = Variant {
    kind: Kind { name: "blake2s", block_size: 64, xof: false, plain_copy: false },
    max_digest: 32,
    max_key: 32,
    salt: 8,
    person: 8,
    offset_bytes: 6,
};

/// The parameters of a BLAKE2 computation, once checked.
#[derive(Clone, Default)]
pub struct Params {
    pub digest_size: usize,
    pub key: Vec<u8>,
    pub salt: Vec<u8>,
    pub person: Vec<u8>,
    pub fanout: u8,
    pub depth: u8,
    pub leaf_size: u32,
    pub node_offset: u64,
    pub node_depth: u8,
    pub inner_size: u8,
    pub last_node: bool,
}

/// The parameter block (RFC 7693 section 2.5) of `v` for `p`.
fn param_block(v: &Variant, p: &Params) -> Vec<u8> {
    let mut b = vec![p.digest_size as u8, p.key.len() as u8, p.fanout, p.depth];
    b.extend_from_slice(&p.leaf_size.to_le_bytes());
    b.extend_from_slice(&p.node_offset.to_le_bytes()[..v.offset_bytes]);
    b.push(p.node_depth);
    b.push(p.inner_size);
    if v.offset_bytes == 8 {
        b.extend_from_slice(&[0; 14]);
    }
    let mut salt = p.salt.clone();
    salt.resize(v.salt, 0);
    let mut person = p.person.clone();
    person.resize(v.person, 0);
    b.extend_from_slice(&salt);
    b.extend_from_slice(&person);
    b
}

fn state_for(v: &Variant, p: &Params) -> HashObject {
    let block = param_block(v, p);
    let h: Box<dyn Digest> = if v.offset_bytes == 8 {
        Box::new(Blake2::<u64>::new(&block, &p.key, p.last_node, p.digest_size))
    } else {
        Box::new(Blake2::<u32>::new(&block, &p.key, p.last_node, p.digest_size))
    };
    HashObject::new(v.kind, p.digest_size, h)
}

/// A C `int` argument (`__index__`, OverflowError past 32 bits).
fn c_int(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    let n = vm.to_index(v)?;
    n.to_i32().map(|n| n as i64).ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C int"))
}

/// CPython's unsigned converters: ints only, negative values refused first.
fn c_unsigned(vm: &mut Vm, v: &Value, max: u128, overflow: &str) -> PyResult<u64> {
    let Some(n) = hashobj::int_of(v) else {
        return Err(vm.new_type_error("an integer is required"));
    };
    if n.sign() == Sign::Minus {
        return Err(vm.new_value_error("value must be positive"));
    }
    match n.to_u128() {
        Some(x) if x <= max => Ok(x as u64),
        _ => Err(vm.new_overflow_error(overflow.to_string())),
    }
}

const NAMES: [&str; 13] = [
    "data",
    "digest_size",
    "key",
    "salt",
    "person",
    "fanout",
    "depth",
    "leaf_size",
    "node_offset",
    "node_depth",
    "inner_size",
    "last_node",
    "usedforsecurity",
];

fn blake2_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, rest) = new_args(&args);
    let v = if cls.as_type().is_some_and(|t| &*t.name() == "blake2s") { &BLAKE2S } else { &BLAKE2B };
    let fname = v.kind.name;
    let a = hashobj::parse_args(vm, fname, &rest, &NAMES, 1, 1)?;
    // Conversion, in the order of the signature.
    let digest_size = match &a[1] {
        Some(x) => c_int(vm, x)?,
        None => v.max_digest as i64,
    };
    let bytes = |vm: &Vm, x: &Option<Value>| -> PyResult<Vec<u8>> {
        match x {
            Some(x) => hashobj::buffer_arg(vm, x),
            None => Ok(Vec::new()),
        }
    };
    let key = bytes(vm, &a[2])?;
    let salt = bytes(vm, &a[3])?;
    let person = bytes(vm, &a[4])?;
    let fanout = match &a[5] {
        Some(x) => c_int(vm, x)?,
        None => 1,
    };
    let depth = match &a[6] {
        Some(x) => c_int(vm, x)?,
        None => 1,
    };
    let leaf_size = match &a[7] {
        Some(x) => c_unsigned(vm, x, u64::MAX as u128, "Python int too large to convert to C unsigned long")?,
        None => 0,
    };
    let node_offset = match &a[8] {
        Some(x) => c_unsigned(vm, x, u64::MAX as u128, "int too big to convert")?,
        None => 0,
    };
    let node_depth = match &a[9] {
        Some(x) => c_int(vm, x)?,
        None => 0,
    };
    let inner_size = match &a[10] {
        Some(x) => c_int(vm, x)?,
        None => 0,
    };
    let last_node = match &a[11] {
        Some(x) => vm.truthy(x)?,
        None => false,
    };
    hashobj::used_for_security(vm, &a[12])?;
    // Validation, in CPython's order.
    if digest_size <= 0 || digest_size as usize > v.max_digest {
        return Err(vm.new_value_error(format!("digest_size must be between 1 and {} bytes", v.max_digest)));
    }
    if salt.len() > v.salt {
        return Err(vm.new_value_error(format!("maximum salt length is {} bytes", v.salt)));
    }
    if person.len() > v.person {
        return Err(vm.new_value_error(format!("maximum person length is {} bytes", v.person)));
    }
    if !(0..=255).contains(&fanout) {
        return Err(vm.new_value_error("fanout must be between 0 and 255"));
    }
    if !(1..=255).contains(&depth) {
        return Err(vm.new_value_error("depth must be between 1 and 255"));
    }
    if leaf_size > u32::MAX as u64 {
        return Err(vm.new_overflow_error("leaf_size is too large"));
    }
    if v.offset_bytes < 8 && node_offset >= 1 << (8 * v.offset_bytes) {
        return Err(vm.new_overflow_error("node_offset is too large"));
    }
    if !(0..=255).contains(&node_depth) {
        return Err(vm.new_value_error("node_depth must be between 0 and 255"));
    }
    if inner_size < 0 || inner_size as usize > v.max_digest {
        return Err(vm.new_value_error(format!("inner_size must be between 0 and is {}", v.max_digest)));
    }
    if key.len() > v.max_key {
        return Err(vm.new_value_error(format!("maximum key length is {} bytes", v.max_key)));
    }
    let p = Params {
        digest_size: digest_size as usize,
        key,
        salt,
        person,
        fanout: fanout as u8,
        depth: depth as u8,
        leaf_size: leaf_size as u32,
        node_offset,
        node_depth: node_depth as u8,
        inner_size: inner_size as u8,
        last_node,
    };
    hashobj::make(vm, Some(cls), state_for(v, &p), a[0].as_ref())
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_blake2");
    let d = m.dict.get().unwrap();
    for (v, prefix) in [(&BLAKE2B, "BLAKE2B"), (&BLAKE2S, "BLAKE2S")] {
        let t = hashobj::make_hash_type(vm, "_blake2", v.kind, Some(blake2_new as NativeFn));
        let td = vm.type_dict(&t);
        let consts = [
            ("SALT_SIZE", v.salt),
            ("PERSON_SIZE", v.person),
            ("MAX_KEY_SIZE", v.max_key),
            ("MAX_DIGEST_SIZE", v.max_digest),
        ];
        for (name, n) in consts {
            vm.dict_set_str(&td, name, Value::Int(n as i64));
            vm.dict_set_str(&d, &format!("{prefix}_{name}"), Value::Int(n as i64));
        }
        vm.dict_set_str(&d, v.kind.name, Value::Obj(t));
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hexof(v: &Variant, p: &Params, data: &[u8]) -> String {
        let mut st = state_for(v, p);
        for piece in data.chunks(37) {
            st.h.update(piece);
        }
        hashobj::hex(&st.h.finish(st.digest_size))
    }

    fn plain(size: usize) -> Params {
        Params { digest_size: size, fanout: 1, depth: 1, ..Params::default() }
    }

    fn long() -> Vec<u8> {
        (0..1000u32).map(|i| (i * 7 % 251) as u8).collect()
    }

    #[test]
    fn sigma_rows_are_permutations() {
        for row in SIGMA {
            let mut seen = [false; 16];
            for i in row {
                seen[i] = true;
            }
            assert!(seen.iter().all(|s| *s));
        }
    }

    #[test]
    fn vectors() {
        assert_eq!(hexof(&BLAKE2B, &plain(64), b""), "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce");
        assert_eq!(
            hexof(&BLAKE2S, &plain(32), b"abc"),
            "508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982"
        );
        assert_eq!(hexof(&BLAKE2B, &plain(64), &long()), "b611add97bcaee5ccef087e5afe33b18a680ada1bc8fbd70da5664e54dec31b118fbca4ea5ab704f61802c952d74679bdd9b210b77740955c872c23504c9c5f9");
        assert_eq!(hexof(&BLAKE2B, &plain(64), &long()[..128]), "3c2d4866bfb0691d821b7c8ff0bca5550132168058d777cddf8674b896aa2c34a98f340aa52cab29464bdeb22e0a0c889ccc35456e1ea350ea157ff5b5ebc27d");
        assert_eq!(
            hexof(&BLAKE2S, &plain(32), &long()[..128]),
            "a51b613211b4b3943d6fb6e750e412b8f1fc90f63147dbddfaf563bfb55ed859"
        );
        let tree = Params {
            digest_size: 20,
            key: b"secret key".to_vec(),
            salt: b"salty".to_vec(),
            person: b"me".to_vec(),
            fanout: 2,
            depth: 3,
            leaf_size: 4096,
            node_offset: 5,
            node_depth: 1,
            inner_size: 32,
            last_node: true,
        };
        assert_eq!(hexof(&BLAKE2B, &tree, &long()), "b5eb74371e603b742edbbbb02dfde6693f4f1811");
        assert_eq!(hexof(&BLAKE2S, &tree, &long()), "8fe123485834104bea61e95a938ec14362e90bc2");
        let keyed = Params { key: vec![7; 32], ..plain(32) };
        assert_eq!(hexof(&BLAKE2S, &keyed, b""), "d0e5209ac463a0b2c17e279379a71220496ae04f1e9f0c9d6241b82e84e145b0");
    }
}
