//! VM stage: set and frozenset storage, following CPython 3.11's setobject.c table algorithm
//! (linear probes of 9 then perturbation, dummies on delete, the same resize policy), so the
//! same sequence of operations gives the same iteration order as CPython. As in dict.rs, no
//! borrow is held while Python `__eq__` runs, and a table changed meanwhile restarts the probe.

use crate::dict::fast_eq;
use crate::value::{Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use std::cell::RefCell;

const MINSIZE: usize = 8;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

#[derive(Clone)]
pub enum Slot {
    Empty,
    Dummy,
    Active(i64, Value),
}

/// A set's table, boxed so set objects stay small (see `DictData`).
#[derive(Clone)]
pub struct SetData(Box<SetInner>);

impl std::ops::Deref for SetData {
    type Target = SetInner;
    fn deref(&self) -> &SetInner {
        &self.0
    }
}

impl std::ops::DerefMut for SetData {
    fn deref_mut(&mut self) -> &mut SetInner {
        &mut self.0
    }
}

#[derive(Clone)]
pub struct SetInner {
    table: Vec<Slot>,
    fill: usize,
    used: usize,
    finger: usize,
    /// Bumped whenever the table is replaced or a slot changes, to detect mutation during a
    /// re-entrant comparison or an iteration.
    pub version: u64,
}

impl Default for SetData {
    fn default() -> Self {
        SetData::new()
    }
}

enum Probe {
    Found(usize),
    /// Not found; the slot to insert into (first dummy seen, else the empty slot).
    Absent {
        slot: usize,
        reuse_dummy: bool,
    },
    /// Needs a Python comparison of the key at this slot, then continue from the state given.
    Ask {
        slot: usize,
        state: (usize, u64, usize, Option<usize>),
    },
}

impl SetData {
    pub fn new() -> SetData {
        SetData(Box::new(SetInner { table: vec![Slot::Empty; MINSIZE], fill: 0, used: 0, finger: 0, version: 0 }))
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.used
    }

    /// The number of slots in the hash table (`mask + 1`).
    pub fn table_size(&self) -> usize {
        self.table.len()
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// Table size (iteration positions run below this).
    pub fn capacity(&self) -> usize {
        self.table.len()
    }

    pub fn slot(&self, i: usize) -> Option<(&i64, &Value)> {
        match self.table.get(i) {
            Some(Slot::Active(h, v)) => Some((h, v)),
            _ => None,
        }
    }

    /// Active entries in table order (CPython's iteration order).
    pub fn iter(&self) -> impl Iterator<Item = (i64, &Value)> {
        self.table.iter().filter_map(|s| match s {
            Slot::Active(h, v) => Some((*h, v)),
            _ => None,
        })
    }

    pub fn values(&self) -> Vec<Value> {
        self.iter().map(|(_, v)| v.clone()).collect()
    }

    pub fn clear(&mut self) {
        let version = self.version + 1;
        *self = SetData::new();
        self.version = version;
    }

    /// One probe step sequence from `state` = (i, perturb, probes_left, freeslot), stopping at
    /// an answer or at a slot that needs a Python comparison.
    fn probe(&self, key: &Value, hash: i64, state: Option<(usize, u64, usize, Option<usize>)>) -> Probe {
        let mask = self.table.len() - 1;
        let (mut i, mut perturb, mut probes, mut freeslot) = state.unwrap_or_else(|| {
            let i = (hash as u64 as usize) & mask;
            (i, hash as u64, if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 }, None)
        });
        loop {
            match &self.table[i] {
                Slot::Empty => {
                    return match freeslot {
                        Some(f) => Probe::Absent { slot: f, reuse_dummy: true },
                        None => Probe::Absent { slot: i, reuse_dummy: false },
                    }
                }
                Slot::Dummy => {
                    if freeslot.is_none() {
                        freeslot = Some(i);
                    }
                }
                Slot::Active(h, k) if *h == hash => match fast_eq(k, key) {
                    Some(true) => return Probe::Found(i),
                    Some(false) => {}
                    None => {
                        let next = self.advance(i, perturb, probes, hash);
                        return Probe::Ask { slot: i, state: (next.0, next.1, next.2, freeslot) };
                    }
                },
                Slot::Active(..) => {}
            }
            (i, perturb, probes) = self.advance(i, perturb, probes, hash);
        }
    }

    #[inline]
    fn advance(&self, i: usize, mut perturb: u64, probes: usize, _hash: i64) -> (usize, u64, usize) {
        let mask = self.table.len() - 1;
        if probes > 0 {
            return (i + 1, perturb, probes - 1);
        }
        perturb >>= PERTURB_SHIFT;
        let i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
        (i, perturb, if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 })
    }

    fn insert_clean(table: &mut [Slot], hash: i64, key: Value) {
        let mask = table.len() - 1;
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            if matches!(table[i], Slot::Empty) {
                table[i] = Slot::Active(hash, key);
                return;
            }
            if i + LINEAR_PROBES <= mask {
                for j in 1..=LINEAR_PROBES {
                    if matches!(table[i + j], Slot::Empty) {
                        table[i + j] = Slot::Active(hash, key);
                        return;
                    }
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
        }
    }

    /// `set_table_resize`: the smallest power of two above `minused`, entries re-inserted in
    /// old table order.
    fn resize(&mut self, minused: usize) {
        let mut newsize = MINSIZE;
        while newsize <= minused {
            newsize <<= 1;
        }
        let old = std::mem::replace(&mut self.table, vec![Slot::Empty; newsize]);
        self.fill = self.used;
        for s in old {
            if let Slot::Active(h, k) = s {
                Self::insert_clean(&mut self.table, h, k);
            }
        }
        self.version += 1;
    }

    fn insert_at(&mut self, slot: usize, reuse_dummy: bool, hash: i64, key: Value) {
        self.table[slot] = Slot::Active(hash, key);
        self.used += 1;
        self.version += 1;
        if reuse_dummy {
            return;
        }
        self.fill += 1;
        let mask = self.table.len() - 1;
        if self.fill * 5 >= mask * 3 {
            self.resize(if self.used > 50000 { self.used * 2 } else { self.used * 4 });
        }
    }

    /// Adds a key whose equality is native (copying between sets, constant frozensets).
    pub fn insert_native(&mut self, hash: i64, key: Value) {
        match self.probe(&key, hash, None) {
            Probe::Absent { slot, reuse_dummy } => self.insert_at(slot, reuse_dummy, hash, key),
            Probe::Found(_) => {}
            // Keys copied from another set are pairwise unequal already; an undecidable one is
            // simply added at the next free slot as set_merge's insert_clean path would.
            Probe::Ask { .. } => {
                let mut state = None;
                loop {
                    match self.probe(&key, hash, state) {
                        Probe::Absent { slot, reuse_dummy } => return self.insert_at(slot, reuse_dummy, hash, key),
                        Probe::Found(_) => return,
                        Probe::Ask { state: s, .. } => state = Some(s),
                    }
                }
            }
        }
    }

    /// `set_merge`: add every entry of `other`, with CPython's fast paths that decide layout.
    pub fn merge(&mut self, other: &SetData) {
        if (self.fill + other.used) * 5 >= (self.table.len() - 1) * 3 {
            self.resize((self.used + other.used) * 2);
        }
        if self.fill == 0 && self.table.len() == other.table.len() && other.fill == other.used {
            self.table = other.table.clone();
            self.fill = other.fill;
            self.used = other.used;
            self.version += 1;
            return;
        }
        if self.fill == 0 {
            self.fill = other.used;
            self.used = other.used;
            for (h, k) in other.iter() {
                Self::insert_clean(&mut self.table, h, k.clone());
            }
            self.version += 1;
            return;
        }
        for (h, k) in other.iter() {
            self.insert_native(h, k.clone());
        }
    }

    /// The end of `set_difference_update_internal`: a table that is more than a quarter
    /// dummies is rebuilt without them.
    pub fn compact_dummies(&mut self) {
        let mask = self.table.len() - 1;
        if self.fill - self.used <= mask / 4 {
            return;
        }
        self.resize(if self.used > 50000 { self.used * 2 } else { self.used * 4 });
    }

    /// Pre-size before adding `n` entries from a dict (set_update_internal's dict path).
    pub fn reserve_for(&mut self, n: usize) {
        if (self.fill + n) * 5 >= (self.table.len() - 1) * 3 {
            self.resize((self.used + n) * 2);
        }
    }

    /// `set.pop()`: from the finger onwards, as CPython.
    pub fn pop(&mut self) -> Option<Value> {
        if self.used == 0 {
            return None;
        }
        let mask = self.table.len() - 1;
        let mut i = self.finger & mask;
        while !matches!(self.table[i], Slot::Active(..)) {
            i = (i + 1) & mask;
        }
        let Slot::Active(_, k) = std::mem::replace(&mut self.table[i], Slot::Dummy) else { unreachable!() };
        self.used -= 1;
        self.finger = i + 1;
        self.version += 1;
        Some(k)
    }
}

/// Result of a lookup that may need Python comparisons.
enum Lookup {
    Found(usize),
    Absent(usize, bool),
}

fn lookup(vm: &mut Vm, cell: &RefCell<SetData>, key: &Value, hash: i64) -> PyResult<Lookup> {
    'restart: loop {
        let mut state = None;
        loop {
            let (probe, version) = {
                let s = cell.borrow();
                (s.probe(key, hash, state), s.version)
            };
            match probe {
                Probe::Found(i) => return Ok(Lookup::Found(i)),
                Probe::Absent { slot, reuse_dummy } => return Ok(Lookup::Absent(slot, reuse_dummy)),
                Probe::Ask { slot, state: next } => {
                    let other = match cell.borrow().slot(slot) {
                        Some((_, k)) => k.clone(),
                        None => continue 'restart,
                    };
                    let eq = vm.eq(&other, key)?;
                    if cell.borrow().version != version {
                        continue 'restart;
                    }
                    if eq {
                        return Ok(Lookup::Found(slot));
                    }
                    state = Some(next);
                }
            }
        }
    }
}

pub fn set_cell(o: &PyRef) -> Option<&RefCell<SetData>> {
    match &o.payload {
        Payload::Set(s) => Some(s),
        _ => None,
    }
}

/// The data of a set or frozenset, borrowed for reading.
pub fn with_set_data<R>(o: &PyRef, f: impl FnOnce(&SetData) -> R) -> Option<R> {
    match &o.payload {
        Payload::Set(s) => Some(f(&s.borrow())),
        Payload::FrozenSet(s, _) => Some(f(s)),
        _ => None,
    }
}

pub fn add(vm: &mut Vm, cell: &RefCell<SetData>, key: Value) -> PyResult<()> {
    let hash = vm.hash(&key)?;
    add_hashed(vm, cell, key, hash)
}

pub fn add_hashed(vm: &mut Vm, cell: &RefCell<SetData>, key: Value, hash: i64) -> PyResult<()> {
    if let Lookup::Absent(slot, reuse) = lookup(vm, cell, &key, hash)? {
        cell.borrow_mut().insert_at(slot, reuse, hash, key);
    }
    Ok(())
}

pub fn contains_in(vm: &mut Vm, cell: &RefCell<SetData>, key: &Value) -> PyResult<bool> {
    let hash = vm.hash(key)?;
    contains_hashed(vm, cell, key, hash)
}

/// Membership of a key whose hash is known (`set_contains_entry`).
pub fn contains_hashed(vm: &mut Vm, cell: &RefCell<SetData>, key: &Value, hash: i64) -> PyResult<bool> {
    Ok(matches!(lookup(vm, cell, key, hash)?, Lookup::Found(_)))
}

/// Membership in a frozenset (immutable: no restart needed, but comparisons may still run code).
pub fn frozen_contains(vm: &mut Vm, data: &SetData, key: &Value) -> PyResult<bool> {
    let hash = vm.hash(key)?;
    frozen_contains_hashed(vm, data, key, hash)
}

/// `frozen_contains` for a key whose hash is known.
pub fn frozen_contains_hashed(vm: &mut Vm, data: &SetData, key: &Value, hash: i64) -> PyResult<bool> {
    let mut state = None;
    loop {
        match data.probe(key, hash, state) {
            Probe::Found(_) => return Ok(true),
            Probe::Absent { .. } => return Ok(false),
            Probe::Ask { slot, state: next } => {
                let other = data.slot(slot).map(|(_, k)| k.clone()).unwrap();
                if vm.eq(&other, key)? {
                    return Ok(true);
                }
                state = Some(next);
            }
        }
    }
}

/// Removes `key`; returns whether it was present.
pub fn discard(vm: &mut Vm, cell: &RefCell<SetData>, key: &Value) -> PyResult<bool> {
    let hash = vm.hash(key)?;
    discard_hashed(vm, cell, key, hash)
}

/// `discard` of a key whose hash is known (`set_discard_entry`).
pub fn discard_hashed(vm: &mut Vm, cell: &RefCell<SetData>, key: &Value, hash: i64) -> PyResult<bool> {
    if let Lookup::Found(i) = lookup(vm, cell, key, hash)? {
        let mut s = cell.borrow_mut();
        let old = std::mem::replace(&mut s.table[i], Slot::Dummy);
        s.used -= 1;
        s.version += 1;
        drop(s);
        drop(old);
        return Ok(true);
    }
    Ok(false)
}

/// Builds set data from a sequence of values, adding one at a time (BUILD_SET, `set(list)`).
pub fn build(vm: &mut Vm, items: impl IntoIterator<Item = Value>) -> PyResult<SetData> {
    let cell = RefCell::new(SetData::new());
    for v in items {
        add(vm, &cell, v)?;
    }
    Ok(cell.into_inner())
}
