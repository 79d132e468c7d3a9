//! Stdlib stage: the `_md5`, `_sha1`, `_sha256` and `_sha512` modules — MD5 (RFC 1321), SHA-1,
//! SHA-224/256 and SHA-384/512 (FIPS 180-4), the Merkle–Damgård hashes, written here from the
//! specifications. Guarantees: digests equal CPython's builtin modules' for any input, fed in
//! any number of pieces; the module attributes, type names and constructor signatures are
//! CPython 3.11's (`md5(string=b'', *, usedforsecurity=True)`, `_md5.MD5Type`, …).

use crate::hashobj::{self, Digest, HashObject, Kind};
use std::any::Any;
use vm::func::Args;
use vm::value::{PyRef, Value};
use vm::{PyResult, Vm};

/// The compression function of one algorithm and how its message length is padded.
trait Core: Clone + 'static {
    /// Block size in bytes.
    const BLOCK: usize;
    /// Bytes of the message bit length appended in the padding.
    const LEN_BYTES: usize;
    /// Length and output words are big-endian (SHA) rather than little-endian (MD5).
    const BIG_ENDIAN: bool;
    fn compress(&mut self, block: &[u8]);
    /// The chaining state serialised (the digest before truncation).
    fn output(&self) -> Vec<u8>;
}

/// A Merkle–Damgård hash: a core, the partial block not yet compressed and the byte count.
#[derive(Clone)]
struct Md<C: Core> {
    core: C,
    buf: Vec<u8>,
    total: u128,
    out_len: usize,
}

impl<C: Core> Md<C> {
    fn new(core: C, out_len: usize) -> Md<C> {
        Md { core, buf: Vec::with_capacity(C::BLOCK), total: 0, out_len }
    }
}

impl<C: Core> Digest for Md<C> {
    fn update(&mut self, mut data: &[u8]) {
        self.total = self.total.wrapping_add(data.len() as u128);
        if !self.buf.is_empty() {
            let take = (C::BLOCK - self.buf.len()).min(data.len());
            self.buf.extend_from_slice(&data[..take]);
            data = &data[take..];
            if self.buf.len() < C::BLOCK {
                return;
            }
            let block = std::mem::take(&mut self.buf);
            self.core.compress(&block);
            self.buf = block;
            self.buf.clear();
        }
        let mut chunks = data.chunks_exact(C::BLOCK);
        for block in &mut chunks {
            self.core.compress(block);
        }
        self.buf.extend_from_slice(chunks.remainder());
    }

    fn finish(&self, _len: usize) -> Vec<u8> {
        let mut core = self.core.clone();
        let mut tail = self.buf.clone();
        tail.push(0x80);
        while tail.len() % C::BLOCK != C::BLOCK - C::LEN_BYTES {
            tail.push(0);
        }
        let bits = self.total.wrapping_mul(8);
        if C::BIG_ENDIAN {
            tail.extend_from_slice(&bits.to_be_bytes()[16 - C::LEN_BYTES..]);
        } else {
            tail.extend_from_slice(&bits.to_le_bytes()[..C::LEN_BYTES]);
        }
        for block in tail.chunks_exact(C::BLOCK) {
            core.compress(block);
        }
        let mut out = core.output();
        out.truncate(self.out_len);
        out
    }

    fn boxed_clone(&self) -> Box<dyn Digest> {
        Box::new(self.clone())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn words_le(block: &[u8]) -> [u32; 16] {
    std::array::from_fn(|i| u32::from_le_bytes(block[4 * i..4 * i + 4].try_into().unwrap()))
}

fn words_be(block: &[u8]) -> [u32; 16] {
    std::array::from_fn(|i| u32::from_be_bytes(block[4 * i..4 * i + 4].try_into().unwrap()))
}

// ---------------------------------------------------------------------------------------------
// MD5
// ---------------------------------------------------------------------------------------------

/// floor(|sin(i + 1)| * 2**32).
const MD5_K: [u32; 64] = [
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501, 0x698098d8,
    0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
    0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87,
    0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
    0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039,
    0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
    0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
    0xeb86d391,
];

/// Left-rotation amounts of the four rounds.
const MD5_S: [[u32; 4]; 4] = [[7, 12, 17, 22], [5, 9, 14, 20], [4, 11, 16, 23], [6, 10, 15, 21]];

#[derive(Clone)]
struct Md5([u32; 4]);

impl Core for Md5 {
    const BLOCK: usize = 64;
    const LEN_BYTES: usize = 8;
    const BIG_ENDIAN: bool = false;

    fn compress(&mut self, block: &[u8]) {
        let m = words_le(block);
        let [mut a, mut b, mut c, mut d] = self.0;
        // One step: the round function `f` of (b, c, d), then the rotation and shift of words.
        macro_rules! step {
            ($i:expr, $f:expr, $g:expr, $s:expr) => {{
                let sum = a.wrapping_add($f).wrapping_add(MD5_K[$i]).wrapping_add(m[$g]);
                let rotated = b.wrapping_add(sum.rotate_left($s));
                a = d;
                d = c;
                c = b;
                b = rotated;
            }};
        }
        for i in 0..16 {
            step!(i, (b & c) | (!b & d), i, MD5_S[0][i % 4]);
        }
        for i in 16..32 {
            step!(i, (d & b) | (!d & c), (5 * i + 1) % 16, MD5_S[1][i % 4]);
        }
        for i in 32..48 {
            step!(i, b ^ c ^ d, (3 * i + 5) % 16, MD5_S[2][i % 4]);
        }
        for i in 48..64 {
            step!(i, c ^ (b | !d), (7 * i) % 16, MD5_S[3][i % 4]);
        }
        for (s, v) in self.0.iter_mut().zip([a, b, c, d]) {
            *s = s.wrapping_add(v);
        }
    }

    fn output(&self) -> Vec<u8> {
        self.0.iter().flat_map(|w| w.to_le_bytes()).collect()
    }
}

// ---------------------------------------------------------------------------------------------
// SHA-1
// ---------------------------------------------------------------------------------------------

#[derive(Clone)]
struct Sha1([u32; 5]);

impl Core for Sha1 {
    const BLOCK: usize = 64;
    const LEN_BYTES: usize = 8;
    const BIG_ENDIAN: bool = true;

    fn compress(&mut self, block: &[u8]) {
        let first = words_be(block);
        let mut w = [0u32; 80];
        w[..16].copy_from_slice(&first);
        for t in 16..80 {
            w[t] = (w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = self.0;
        for (t, wt) in w.iter().enumerate() {
            let (f, k) = match t / 20 {
                0 => ((b & c) | (!b & d), 0x5a827999),
                1 => (b ^ c ^ d, 0x6ed9eba1),
                2 => ((b & c) | (b & d) | (c & d), 0x8f1bbcdc),
                _ => (b ^ c ^ d, 0xca62c1d6u32),
            };
            let temp = a.rotate_left(5).wrapping_add(f).wrapping_add(e).wrapping_add(k).wrapping_add(*wt);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = temp;
        }
        for (s, v) in self.0.iter_mut().zip([a, b, c, d, e]) {
            *s = s.wrapping_add(v);
        }
    }

    fn output(&self) -> Vec<u8> {
        self.0.iter().flat_map(|w| w.to_be_bytes()).collect()
    }
}

// ---------------------------------------------------------------------------------------------
// SHA-224 / SHA-256
// ---------------------------------------------------------------------------------------------

/// The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
const K256: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
    0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
    0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
    0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2,
];

/// The first 32 bits of the fractional parts of the square roots of the first 8 primes (also
/// BLAKE2s's IV).
pub const H256: [u32; 8] =
    [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/// The low 32 bits of SHA-384's initial words.
const H224: [u32; 8] = [0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4];

#[derive(Clone)]
struct Sha256([u32; 8]);

impl Core for Sha256 {
    const BLOCK: usize = 64;
    const LEN_BYTES: usize = 8;
    const BIG_ENDIAN: bool = true;

    fn compress(&mut self, block: &[u8]) {
        let first = words_be(block);
        let mut w = [0u32; 64];
        w[..16].copy_from_slice(&first);
        for t in 16..64 {
            let s0 = w[t - 15].rotate_right(7) ^ w[t - 15].rotate_right(18) ^ (w[t - 15] >> 3);
            let s1 = w[t - 2].rotate_right(17) ^ w[t - 2].rotate_right(19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16].wrapping_add(s0).wrapping_add(w[t - 7]).wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = self.0;
        for t in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = h.wrapping_add(s1).wrapping_add(ch).wrapping_add(K256[t]).wrapping_add(w[t]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            h = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (s, v) in self.0.iter_mut().zip([a, b, c, d, e, f, g, h]) {
            *s = s.wrapping_add(v);
        }
    }

    fn output(&self) -> Vec<u8> {
        self.0.iter().flat_map(|w| w.to_be_bytes()).collect()
    }
}

// ---------------------------------------------------------------------------------------------
// SHA-384 / SHA-512
// ---------------------------------------------------------------------------------------------

/// The first 64 bits of the fractional parts of the cube roots of the first 80 primes.
const K512: [u64; 80] = [
    0x428a2f98d728ae22,
    0x7137449123ef65cd,
    0xb5c0fbcfec4d3b2f,
    0xe9b5dba58189dbbc,
    0x3956c25bf348b538,
    0x59f111f1b605d019,
    0x923f82a4af194f9b,
    0xab1c5ed5da6d8118,
    0xd807aa98a3030242,
    0x12835b0145706fbe,
    0x243185be4ee4b28c,
    0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f,
    0x80deb1fe3b1696b1,
    0x9bdc06a725c71235,
    0xc19bf174cf692694,
    0xe49b69c19ef14ad2,
    0xefbe4786384f25e3,
    0x0fc19dc68b8cd5b5,
    0x240ca1cc77ac9c65,
    0x2de92c6f592b0275,
    0x4a7484aa6ea6e483,
    0x5cb0a9dcbd41fbd4,
    0x76f988da831153b5,
    0x983e5152ee66dfab,
    0xa831c66d2db43210,
    0xb00327c898fb213f,
    0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2,
    0xd5a79147930aa725,
    0x06ca6351e003826f,
    0x142929670a0e6e70,
    0x27b70a8546d22ffc,
    0x2e1b21385c26c926,
    0x4d2c6dfc5ac42aed,
    0x53380d139d95b3df,
    0x650a73548baf63de,
    0x766a0abb3c77b2a8,
    0x81c2c92e47edaee6,
    0x92722c851482353b,
    0xa2bfe8a14cf10364,
    0xa81a664bbc423001,
    0xc24b8b70d0f89791,
    0xc76c51a30654be30,
    0xd192e819d6ef5218,
    0xd69906245565a910,
    0xf40e35855771202a,
    0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8,
    0x1e376c085141ab53,
    0x2748774cdf8eeb99,
    0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63,
    0x4ed8aa4ae3418acb,
    0x5b9cca4f7763e373,
    0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc,
    0x78a5636f43172f60,
    0x84c87814a1f0ab72,
    0x8cc702081a6439ec,
    0x90befffa23631e28,
    0xa4506cebde82bde9,
    0xbef9a3f7b2c67915,
    0xc67178f2e372532b,
    0xca273eceea26619c,
    0xd186b8c721c0c207,
    0xeada7dd6cde0eb1e,
    0xf57d4f7fee6ed178,
    0x06f067aa72176fba,
    0x0a637dc5a2c898a6,
    0x113f9804bef90dae,
    0x1b710b35131c471b,
    0x28db77f523047d84,
    0x32caab7b40c72493,
    0x3c9ebe0a15c9bebc,
    0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6,
    0x597f299cfc657e2a,
    0x5fcb6fab3ad6faec,
    0x6c44198c4a475817,
];

/// The first 64 bits of the fractional parts of the square roots of the first 8 primes (also
/// BLAKE2b's IV).
pub const H512: [u64; 8] = [
    0x6a09e667f3bcc908,
    0xbb67ae8584caa73b,
    0x3c6ef372fe94f82b,
    0xa54ff53a5f1d36f1,
    0x510e527fade682d1,
    0x9b05688c2b3e6c1f,
    0x1f83d9abfb41bd6b,
    0x5be0cd19137e2179,
];

/// The same for the 9th to 16th primes.
const H384: [u64; 8] = [
    0xcbbb9d5dc1059ed8,
    0x629a292a367cd507,
    0x9159015a3070dd17,
    0x152fecd8f70e5939,
    0x67332667ffc00b31,
    0x8eb44a8768581511,
    0xdb0c2e0d64f98fa7,
    0x47b5481dbefa4fa4,
];

#[derive(Clone)]
struct Sha512([u64; 8]);

impl Core for Sha512 {
    const BLOCK: usize = 128;
    const LEN_BYTES: usize = 16;
    const BIG_ENDIAN: bool = true;

    fn compress(&mut self, block: &[u8]) {
        let mut w = [0u64; 80];
        for (i, word) in w.iter_mut().take(16).enumerate() {
            *word = u64::from_be_bytes(block[8 * i..8 * i + 8].try_into().unwrap());
        }
        for t in 16..80 {
            let s0 = w[t - 15].rotate_right(1) ^ w[t - 15].rotate_right(8) ^ (w[t - 15] >> 7);
            let s1 = w[t - 2].rotate_right(19) ^ w[t - 2].rotate_right(61) ^ (w[t - 2] >> 6);
            w[t] = w[t - 16].wrapping_add(s0).wrapping_add(w[t - 7]).wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = self.0;
        for t in 0..80 {
            let s1 = e.rotate_right(14) ^ e.rotate_right(18) ^ e.rotate_right(41);
            let ch = (e & f) ^ (!e & g);
            let t1 = h.wrapping_add(s1).wrapping_add(ch).wrapping_add(K512[t]).wrapping_add(w[t]);
            let s0 = a.rotate_right(28) ^ a.rotate_right(34) ^ a.rotate_right(39);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            h = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (s, v) in self.0.iter_mut().zip([a, b, c, d, e, f, g, h]) {
            *s = s.wrapping_add(v);
        }
    }

    fn output(&self) -> Vec<u8> {
        self.0.iter().flat_map(|w| w.to_be_bytes()).collect()
    }
}

// ---------------------------------------------------------------------------------------------
// The modules
// ---------------------------------------------------------------------------------------------

const fn kind(name: &'static str, block_size: usize) -> Kind {
    Kind { name, block_size, xof: false, plain_copy: true }
}

const MD5: Kind = kind("md5", 64);
const SHA1: Kind = kind("sha1", 64);
const SHA224: Kind = kind("sha224", 64);
const SHA256: Kind = kind("sha256", 64);
const SHA384: Kind = kind("sha384", 128);
const SHA512: Kind = kind("sha512", 128);

fn md5_state() -> HashObject {
    HashObject::new(MD5, 16, Box::new(Md::new(Md5([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476]), 16)))
}
fn sha1_state() -> HashObject {
    HashObject::new(SHA1, 20, Box::new(Md::new(Sha1([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0]), 20)))
}
fn sha224_state() -> HashObject {
    HashObject::new(SHA224, 28, Box::new(Md::new(Sha256(H224), 28)))
}
fn sha256_state() -> HashObject {
    HashObject::new(SHA256, 32, Box::new(Md::new(Sha256(H256), 32)))
}
fn sha384_state() -> HashObject {
    HashObject::new(SHA384, 48, Box::new(Md::new(Sha512(H384), 48)))
}
fn sha512_state() -> HashObject {
    HashObject::new(SHA512, 64, Box::new(Md::new(Sha512(H512), 64)))
}

fn md5_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    hashobj::simple_new(vm, args, md5_state())
}
fn sha1_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    hashobj::simple_new(vm, args, sha1_state())
}
fn sha224_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    hashobj::simple_new(vm, args, sha224_state())
}
fn sha256_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    hashobj::simple_new(vm, args, sha256_state())
}
fn sha384_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    hashobj::simple_new(vm, args, sha384_state())
}
fn sha512_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    hashobj::simple_new(vm, args, sha512_state())
}

/// SHA-512 of `data` (for `random.seed(str)` and the like inside Rust).
pub fn sha512_digest(data: &[u8]) -> Vec<u8> {
    let mut h = Md::new(Sha512(H512), 64);
    h.update(data);
    h.finish(64)
}

pub fn init_md5(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_md5");
    let t = hashobj::make_hash_type(vm, "_md5", MD5, None);
    vm.dict_set_str(&m.dict.get().unwrap(), "MD5Type", Value::Obj(t));
    hashobj::add_functions(vm, &m, &[("md5", md5_new)]);
    Ok(m)
}

pub fn init_sha1(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_sha1");
    let t = hashobj::make_hash_type(vm, "_sha1", SHA1, None);
    vm.dict_set_str(&m.dict.get().unwrap(), "SHA1Type", Value::Obj(t));
    hashobj::add_functions(vm, &m, &[("sha1", sha1_new)]);
    Ok(m)
}

pub fn init_sha256(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_sha256");
    let d = m.dict.get().unwrap();
    let t224 = hashobj::make_hash_type(vm, "_sha256", SHA224, None);
    let t256 = hashobj::make_hash_type(vm, "_sha256", SHA256, None);
    vm.dict_set_str(&d, "SHA224Type", Value::Obj(t224));
    vm.dict_set_str(&d, "SHA256Type", Value::Obj(t256));
    hashobj::add_functions(vm, &m, &[("sha224", sha224_new), ("sha256", sha256_new)]);
    Ok(m)
}

pub fn init_sha512(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_sha512");
    let d = m.dict.get().unwrap();
    hashobj::make_hash_type(vm, "_sha512", SHA384, None);
    let t512 = hashobj::make_hash_type(vm, "_sha512", SHA512, None);
    // CPython 3.11's module exports the sha512 type under the name SHA384Type (and no
    // SHA512Type); the same here.
    vm.dict_set_str(&d, "SHA384Type", Value::Obj(t512));
    hashobj::add_functions(vm, &m, &[("sha384", sha384_new), ("sha512", sha512_new)]);
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(mut st: HashObject, data: &[u8]) -> String {
        st.h.update(data);
        hashobj::hex(&st.h.finish(st.digest_size))
    }

    /// Feeds `data` in uneven pieces: the result must not depend on how it is split.
    fn run_pieces(mut st: HashObject, data: &[u8]) -> String {
        let mut rest = data;
        let mut n = 1;
        while !rest.is_empty() {
            let k = n.min(rest.len());
            st.h.update(&rest[..k]);
            rest = &rest[k..];
            n = n * 3 + 1;
        }
        hashobj::hex(&st.h.finish(st.digest_size))
    }

    fn long() -> Vec<u8> {
        (0..1000u32).map(|i| (i * 7 % 251) as u8).collect()
    }

    #[test]
    fn md5_vectors() {
        assert_eq!(run(md5_state(), b""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(run(md5_state(), b"abc"), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(run_pieces(md5_state(), &long()), "4b2f37fc49a134b17c7275fd04a1b7ac");
    }

    #[test]
    fn sha1_vectors() {
        assert_eq!(run(sha1_state(), b""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(run(sha1_state(), b"abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(run_pieces(sha1_state(), &long()), "33f233c97a803d84a0db9f3dbc05b63ff2045d92");
    }

    #[test]
    fn sha2_vectors() {
        assert_eq!(run(sha224_state(), b"abc"), "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7");
        assert_eq!(run(sha256_state(), b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(
            run_pieces(sha256_state(), &long()),
            "59425e4412e296fc74736673ce067027f384203f59c0d2c3e6be7b13347b3ffc"
        );
        assert_eq!(
            run_pieces(sha384_state(), &long()),
            "f1417a0e1c0e48cb613e3d98e2ecc4326a79f5fcb5d1bfb0f4b2461ebe45971161f3e0e6e4cfbdec32e6273a0bd56cf6"
        );
        assert_eq!(
            run_pieces(sha512_state(), &long()),
            "7e658e1b50b8375e8ffe4c26591de6ea5c387436a5169172ea07649fc85e7bc9\
             89471fad8307cb20b5bf2785bbfad2ef47945e5558c3be23aa8a08d7bae3e7d0"
        );
    }
}
