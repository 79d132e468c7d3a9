//! Stdlib stage: the `_random` module — `Random`, the Mersenne Twister (MT19937) that
//! `random.Random` subclasses in Python. Guarantees: for the same seed, `random()`,
//! `getrandbits(k)` and `getstate()` give CPython 3.11's values bit for bit (seeding goes
//! through `init_by_array` over the 32-bit words of `abs(int)`, or of the hash of any other
//! hashable, or over 624 words of OS entropy for `None`); `setstate` takes back what
//! `getstate` gives and refuses anything else with CPython's errors; instances of Python
//! subclasses carry the generator too.

use crate::hashobj::int_of;
use crate::native::{self, new_args, new_instance, state};
use num_bigint::{BigInt, Sign};
use num_traits::{Signed, ToPrimitive};
use std::io::Read;
use vm::func::Args;
use vm::types::Layout;
use vm::value::{Payload, PyRef, Value};
use vm::{PyResult, Vm};

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// The generator: 624 words of state and the index of the next word to temper.
#[derive(Clone)]
pub struct Mt {
    state: [u32; N],
    index: usize,
}

impl Default for Mt {
    /// The state of an instance whose `__init__` never seeded it: all zero.
    fn default() -> Mt {
        Mt { state: [0; N], index: 0 }
    }
}

impl Mt {
    fn init_genrand(&mut self, s: u32) {
        self.state[0] = s;
        for i in 1..N {
            let prev = self.state[i - 1];
            self.state[i] = 1_812_433_253u32.wrapping_mul(prev ^ (prev >> 30)).wrapping_add(i as u32);
        }
        self.index = N;
    }

    /// Seeds from a key of 32-bit words (Matsumoto and Nishimura's `init_by_array`).
    pub fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let mt = &mut self.state;
        let (mut i, mut j) = (1usize, 0usize);
        let len = key.len().max(1);
        for _ in 0..N.max(key.len()) {
            let prev = mt[i - 1];
            let k = key.get(j).copied().unwrap_or(0);
            mt[i] = (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525)).wrapping_add(k).wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= len {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = mt[i - 1];
            mt[i] = (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000;
    }

    fn twist(&mut self) {
        let mt = &mut self.state;
        for k in 0..N {
            let y = (mt[k] & UPPER_MASK) | (mt[(k + 1) % N] & LOWER_MASK);
            let mag = if y & 1 == 1 { MATRIX_A } else { 0 };
            mt[k] = mt[(k + M) % N] ^ (y >> 1) ^ mag;
        }
        self.index = 0;
    }

    pub fn genrand_uint32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// A float in [0, 1) with 53 random bits.
    pub fn random(&mut self) -> f64 {
        let a = self.genrand_uint32() >> 5;
        let b = self.genrand_uint32() >> 6;
        (a as f64 * 67_108_864.0 + b as f64) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `k` random bits (k > 0) as a non-negative int; the last word drawn supplies the top
    /// bits, keeping its most significant ones.
    pub fn getrandbits(&mut self, k: usize) -> BigInt {
        if k <= 32 {
            return BigInt::from(self.genrand_uint32() >> (32 - k));
        }
        let words = (k - 1) / 32 + 1;
        let mut digits = Vec::with_capacity(words);
        let mut left = k;
        for _ in 0..words {
            let mut r = self.genrand_uint32();
            if left < 32 {
                r >>= 32 - left;
            }
            digits.push(r);
            left = left.saturating_sub(32);
        }
        BigInt::from_slice(Sign::Plus, &digits)
    }
}

/// 624 words from the OS (as CPython's `random_seed_urandom`), or, failing that, from the
/// clock and the process id (`random_seed_time_pid`).
fn entropy_key() -> Vec<u32> {
    let mut bytes = vec![0u8; 4 * N];
    let ok = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes)).is_ok();
    if ok {
        return bytes.chunks_exact(4).map(|c| u32::from_ne_bytes(c.try_into().unwrap())).collect();
    }
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let ns = now.as_nanos() as u64;
    let pid = std::process::id();
    vec![ns as u32, (ns >> 32) as u32, pid, 0, (now.as_micros() as u64) as u32]
}

/// The words of `n` (non-negative), least significant first; zero gives one zero word.
fn key_words(n: &BigInt) -> Vec<u32> {
    let mut words = n.magnitude().to_u32_digits();
    if words.is_empty() {
        words.push(0);
    }
    words
}

/// Seeds `mt` as `Random.seed(arg)` does.
fn seed_from(vm: &mut Vm, mt: &mut Mt, arg: Option<&Value>) -> PyResult<()> {
    let n = match arg {
        None | Some(Value::None) => {
            mt.init_by_array(&entropy_key());
            return Ok(());
        }
        Some(v) => match int_of(v) {
            Some(i) => i.abs(),
            // The hash read as a C size_t.
            None => BigInt::from(vm.hash(v)? as u64),
        },
    };
    mt.init_by_array(&key_words(&n));
    Ok(())
}

fn this<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a std::cell::RefCell<Mt>> {
    state::<Mt>(v).ok_or_else(|| native::wrong_self(vm, v, "_random.Random"))
}

fn random_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, _) = new_args(&args);
    Ok(new_instance(vm, &cls, Mt::default()))
}

/// `Random.__init__`: keywords are refused unless a subclass brought its own `__init__`.
fn random_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this_v = args.args[0].clone();
    this(vm, &this_v)?;
    if !args.kwnames.is_empty() {
        return Err(vm.new_type_error("Random() takes no keyword arguments"));
    }
    let pos = &args.pos()[1..];
    if pos.len() > 1 {
        return Err(vm.new_type_error("Random() requires 0 or 1 argument"));
    }
    let mut mt = this(vm, &this_v)?.borrow().clone();
    seed_from(vm, &mut mt, pos.first())?;
    *this(vm, &this_v)?.borrow_mut() = mt;
    Ok(Value::None)
}

fn random_seed(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this_v = args.args[0].clone();
    this(vm, &this_v)?;
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    if !rest.kwnames.is_empty() {
        return Err(vm.new_type_error("Random.seed() takes no keyword arguments"));
    }
    let a = rest.range(vm, "seed", 0, 1)?;
    let mut mt = Mt::default();
    seed_from(vm, &mut mt, a.first())?;
    *this(vm, &this_v)?.borrow_mut() = mt;
    Ok(Value::None)
}

fn random_random(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    rest.exact(vm, "Random.random", 0)?;
    Ok(Value::Float(this(vm, &args.args[0])?.borrow_mut().random()))
}

fn random_getrandbits(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    let a = rest.exact(vm, "Random.getrandbits", 1)?;
    let k = vm.to_index(&a[0])?;
    let k = k.to_i32().ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C int"))?;
    if k < 0 {
        return Err(vm.new_value_error("number of bits must be non-negative"));
    }
    if k == 0 {
        return Ok(Value::Int(0));
    }
    let bits = this(vm, &args.args[0])?.borrow_mut().getrandbits(k as usize);
    Ok(vm.new_bigint(bits))
}

fn random_getstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    rest.exact(vm, "Random.getstate", 0)?;
    let mt = this(vm, &args.args[0])?.borrow().clone();
    let mut items: Vec<Value> = mt.state.iter().map(|w| Value::Int(*w as i64)).collect();
    items.push(Value::Int(mt.index as i64));
    Ok(vm.new_tuple(items))
}

fn random_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let rest = Args { args: &args.args[1..], kwnames: args.kwnames };
    let a = rest.exact(vm, "Random.setstate", 1)?;
    this(vm, &args.args[0])?;
    let items: Vec<Value> = match a[0].payload() {
        Some(Payload::Tuple(t)) => t.to_vec(),
        _ => return Err(vm.new_type_error("state vector must be a tuple")),
    };
    if items.len() != N + 1 {
        return Err(vm.new_value_error("state vector is the wrong size"));
    }
    let mut mt = Mt::default();
    for (slot, item) in mt.state.iter_mut().zip(&items) {
        // PyLong_AsUnsignedLong, then truncated to 32 bits.
        let Some(n) = int_of(item) else {
            return Err(vm.new_type_error("an integer is required"));
        };
        if n.sign() == Sign::Minus {
            return Err(vm.new_overflow_error("can't convert negative value to unsigned int"));
        }
        let n =
            n.to_u64().ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C unsigned long"))?;
        *slot = n as u32;
    }
    let index = vm.to_index(&items[N])?;
    let index = index.to_i64().ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C long"))?;
    if !(0..=N as i64).contains(&index) {
        return Err(vm.new_value_error("invalid state"));
    }
    mt.index = index as usize;
    *this(vm, &args.args[0])?.borrow_mut() = mt;
    Ok(Value::None)
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_random");
    let t = native::make_type(vm, "_random", "Random", None, Layout::Native);
    native::setup(
        vm,
        &t,
        Some(random_new),
        &[
            ("__init__", random_init, "Initialize self.  See help(type(self)) for accurate signature."),
            ("random", random_random, "random() -> x in the interval [0, 1)."),
            ("seed", random_seed, "seed([n]) -> None.\n\nDefaults to use urandom and falls back to a combination\nof the current time and the process identifier."),
            ("getstate", random_getstate, "getstate() -> tuple containing the current state."),
            ("setstate", random_setstate, "setstate(state) -> None.  Restores generator state."),
            ("getrandbits", random_getrandbits, "getrandbits(k) -> x.  Generates an int with k random bits."),
        ],
    );
    vm.dict_set_str(
        &vm.type_dict(&t),
        "__doc__",
        vm.new_str("Random() -> create a random number generator with its own internal state."),
    );
    vm.dict_set_str(&m.dict.get().unwrap(), "Random", Value::Obj(t));
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeded(n: u64) -> Mt {
        let mut mt = Mt::default();
        mt.init_by_array(&key_words(&BigInt::from(n)));
        mt
    }

    #[test]
    fn matches_cpython() {
        assert_eq!(seeded(1).random(), 0.13436424411240122);
        assert_eq!(seeded(0).random(), 0.8444218515250481);
        let mut big = Mt::default();
        big.init_by_array(&key_words(&(BigInt::from(1) << 100)));
        assert_eq!(big.random(), 0.7586581712996778);
        assert_eq!(seeded(3).getrandbits(100).to_string(), "201574606653700240791155982333");
        assert_eq!(seeded(3).getrandbits(7).to_string(), "30");
    }
}
