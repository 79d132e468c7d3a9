//! Stdlib stage: the `_random` module that `random.py` builds on — `Random`, a Mersenne
//! Twister (MT19937) seeded as CPython 3.11 seeds it (`init_by_array` over the 32-bit words of
//! `abs(seed)`), so `random.seed(n)` yields CPython's exact sequence of `random()` and
//! `getrandbits(k)` values, and `getstate`/`setstate` exchange CPython's 625-int tuple.

use crate::native::{self, new_args, new_instance};
use num_bigint::{BigInt, Sign};
use vm::func::{Args, MethodDef};
use vm::types::Layout;
use vm::value::{PyRef, Value};
use vm::{PyResult, Vm};

const N: usize = 624;
const M: usize = 397;

struct Mt {
    state: [u32; N],
    index: usize,
}

impl Mt {
    fn new() -> Mt {
        Mt { state: [0; N], index: N + 1 }
    }

    fn init_genrand(&mut self, s: u32) {
        self.state[0] = s;
        for i in 1..N {
            let p = self.state[i - 1];
            self.state[i] = 1812433253u32.wrapping_mul(p ^ (p >> 30)).wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19650218);
        let (mut i, mut j) = (1usize, 0usize);
        let mt = &mut self.state;
        for _ in 0..N.max(key.len()) {
            let p = mt[i - 1];
            mt[i] = (mt[i] ^ (p ^ (p >> 30)).wrapping_mul(1664525)).wrapping_add(key[j]).wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let p = mt[i - 1];
            mt[i] = (mt[i] ^ (p ^ (p >> 30)).wrapping_mul(1566083941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000;
    }

    fn next_u32(&mut self) -> u32 {
        const UPPER: u32 = 0x8000_0000;
        const LOWER: u32 = 0x7fff_ffff;
        const MATRIX_A: u32 = 0x9908_b0df;
        if self.index >= N {
            if self.index == N + 1 {
                self.init_genrand(5489);
            }
            let mt = &mut self.state;
            for kk in 0..N {
                let y = (mt[kk] & UPPER) | (mt[(kk + 1) % N] & LOWER);
                let mag = if y & 1 == 1 { MATRIX_A } else { 0 };
                mt[kk] = mt[(kk + M) % N] ^ (y >> 1) ^ mag;
            }
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    fn random(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)
    }
}

fn mt<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a std::cell::RefCell<Mt>> {
    native::state::<Mt>(v).ok_or_else(|| native::wrong_self(vm, v, "_random.Random"))
}

/// Seeds from `arg`: None → 624 words of OS randomness; int → its absolute value's 32-bit
/// words, least significant first; anything else → `abs(hash(arg))`.
fn seed_from(vm: &mut Vm, this: &Value, arg: Option<&Value>) -> PyResult<()> {
    let key: Vec<u32> = match arg {
        None | Some(Value::None) => {
            use std::io::Read;
            let mut buf = vec![0u8; N * 4];
            std::fs::File::open("/dev/urandom")
                .and_then(|mut f| f.read_exact(&mut buf))
                .map_err(|e| vm.os_error_from(e, None))?;
            buf.chunks(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
        }
        Some(v) => {
            let n: BigInt = if matches!(v, Value::Int(_) | Value::Bool(_))
                || matches!(v.payload(), Some(vm::value::Payload::Int(_)))
            {
                vm.to_index(v)?
            } else {
                BigInt::from(vm.hash(v)?)
            };
            let (_, words) = n.to_u32_digits();
            if words.is_empty() {
                vec![0]
            } else {
                words
            }
        }
    };
    mt(vm, this)?.borrow_mut().init_by_array(&key);
    Ok(())
}

fn random_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, rest) = new_args(&args);
    let obj = new_instance(vm, &cls, Mt::new());
    let pos = rest.pos();
    if pos.len() > 1 {
        return Err(vm.new_type_error(format!("Random() expected at most 1 argument, got {}", pos.len())));
    }
    seed_from(vm, &obj, pos.first())?;
    Ok(obj)
}

fn r_seed(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "seed", 1, 2)?;
    seed_from(vm, &a[0], a.get(1))?;
    Ok(Value::None)
}

fn r_random(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "random", 1)?;
    let x = mt(vm, &a[0])?.borrow_mut().random();
    Ok(Value::Float(x))
}

fn r_getrandbits(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "getrandbits", 2)?;
    let k = vm.to_i64_index(&a[1])?;
    if k < 0 {
        return Err(vm.new_value_error("number of bits must be non-negative"));
    }
    let cell = mt(vm, &a[0])?;
    let mut g = cell.borrow_mut();
    if k <= 32 {
        let v = if k == 0 { 0 } else { g.next_u32() >> (32 - k) };
        return Ok(Value::Int(v as i64));
    }
    let mut words = Vec::with_capacity((k as usize).div_ceil(32));
    let mut left = k;
    while left > 0 {
        let mut r = g.next_u32();
        if left < 32 {
            r >>= 32 - left;
        }
        words.push(r);
        left -= 32;
    }
    drop(g);
    Ok(vm.new_bigint(BigInt::from_slice(Sign::Plus, &words)))
}

fn r_getstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "getstate", 1)?;
    let g = mt(vm, &a[0])?.borrow();
    let mut items: Vec<Value> = g.state.iter().map(|w| Value::Int(*w as i64)).collect();
    items.push(Value::Int(g.index as i64));
    drop(g);
    Ok(vm.new_tuple(items))
}

fn r_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "setstate", 2)?;
    let items = match a[1].payload() {
        Some(vm::value::Payload::Tuple(t)) => t.to_vec(),
        _ => return Err(vm.new_type_error("state vector must be a tuple")),
    };
    if items.len() != N + 1 {
        return Err(vm.new_value_error("state vector is the wrong size"));
    }
    let mut state = [0u32; N];
    for (s, v) in state.iter_mut().zip(items.iter()) {
        let x = vm.to_index(v)?;
        *s = u32::try_from(&x)
            .map_err(|_| vm.new_overflow_error("Python int too large to convert to C unsigned long"))?;
    }
    let index = vm.to_i64_index(&items[N])?;
    if !(0..=N as i64).contains(&index) {
        return Err(vm.new_value_error("invalid state"));
    }
    let mut g = mt(vm, &a[0])?.borrow_mut();
    g.state = state;
    g.index = index as usize;
    Ok(Value::None)
}

const METHODS: &[MethodDef] = &[
    ("seed", r_seed, "seed([n]) -> None."),
    ("random", r_random, "random() -> x in the interval [0, 1)."),
    ("getrandbits", r_getrandbits, "getrandbits(k) -> x.  Generates an int with k random bits."),
    ("getstate", r_getstate, "getstate() -> tuple containing the current state."),
    ("setstate", r_setstate, "setstate(state) -> None.  Restores generator state."),
];

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_random");
    let d = m.dict.get().unwrap();
    let t = native::make_type(vm, "_random", "Random", None, Layout::Native);
    native::setup(vm, &t, Some(random_new), METHODS);
    vm.dict_set_str(&d, "Random", Value::Obj(t));
    Ok(m)
}
