//! VM stage: dict storage. A compact, insertion-ordered hash table in CPython's layout (an
//! index table probed with `perturb`, pointing into a dense entry array). Comparing keys may run
//! Python code (`__eq__`); lookups never hold a borrow across such a call, and restart if the
//! dict changed meanwhile, so a mutating `__eq__` cannot break the table or panic.

use crate::value::{Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};
use std::cell::{Cell, RefCell};

crate::gil_local! {
    static NEXT_VERSION: Cell<u64> = const { Cell::new(1) };
}

/// A dict version never handed out before (see `DictInner::version`).
#[inline]
fn next_version() -> u64 {
    NEXT_VERSION.with(|n| {
        let v = n.get();
        n.set(v + 1);
        v
    })
}

const EMPTY: u32 = u32::MAX;
const DUMMY: u32 = u32::MAX - 1;
/// Dicts up to this many entries are scanned linearly and have no index table.
const SMALL: usize = 8;

#[derive(Clone)]
pub struct Entry {
    pub hash: i64,
    pub key: Value,
    pub value: Value,
}

/// A dict's table. Boxed so that a dict object's payload stays one pointer wide (every
/// object's size is that of the largest payload variant).
#[derive(Clone, Default)]
pub struct DictData(Box<DictInner>);

#[derive(Clone, Default)]
pub struct DictInner {
    indices: Vec<u32>,
    entries: Vec<Option<Entry>>,
    used: usize,
    /// Changes on every insertion of a new key or deletion, so iterators and re-entrant lookups
    /// notice structural changes. Each change takes a fresh number from one VM-wide counter, so
    /// equal versions mean equal key sets even across dicts (a copy shares its original's
    /// version until either changes; 0 means "never held a key"): the `LOAD_GLOBAL` inline
    /// cache relies on this to prove a name is still absent from a module's globals.
    pub version: u64,
    /// The `__dict__` of a type: every change invalidates the type attribute cache.
    pub watched: bool,
}

impl std::ops::Deref for DictData {
    type Target = DictInner;
    fn deref(&self) -> &DictInner {
        &self.0
    }
}

impl std::ops::DerefMut for DictData {
    fn deref_mut(&mut self) -> &mut DictInner {
        &mut self.0
    }
}

/// Which view `dict.keys()`/`values()`/`items()` made.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ViewKind {
    Keys,
    Values,
    Items,
}

/// Key comparison that needs no Python code: identity, str, and numbers. `None` means
/// "ask Python".
#[inline]
pub fn fast_eq(a: &Value, b: &Value) -> Option<bool> {
    if a.is(b) {
        return Some(true);
    }
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x == y),
        (Value::Int(x), Value::Float(y)) | (Value::Float(y), Value::Int(x)) => {
            Some((*x as f64) == *y && (*y as i64) == *x)
        }
        (Value::Float(x), Value::Float(y)) => Some(x == y),
        (Value::Bool(x), Value::Int(y)) | (Value::Int(y), Value::Bool(x)) => Some(*x as i64 == *y),
        (Value::Bool(x), Value::Float(y)) | (Value::Float(y), Value::Bool(x)) => Some(*x as i64 as f64 == *y),
        (Value::Bool(x), Value::Bool(y)) => Some(x == y),
        (Value::None, _) | (_, Value::None) => Some(false),
        (Value::Obj(x), Value::Obj(y)) => match (&x.payload, &y.payload) {
            (Payload::Str(s), Payload::Str(t)) if is_builtin_instance(x) && is_builtin_instance(y) => {
                Some(s.as_str() == t.as_str())
            }
            // Tuples (exact ones: a subclass may define `__eq__`) item by item, as long as
            // every pair compares natively.
            (Payload::Tuple(s), Payload::Tuple(t)) if is_builtin_instance(x) && is_builtin_instance(y) => {
                if s.len() != t.len() {
                    return Some(false);
                }
                for (u, v) in s.iter().zip(t.iter()) {
                    if !fast_eq(u, v)? {
                        return Some(false);
                    }
                }
                Some(true)
            }
            _ => None,
        },
        (Value::Obj(x), _) | (_, Value::Obj(x)) => match &x.payload {
            Payload::Str(_) | Payload::Tuple(_) | Payload::Bytes(_) if x.dict.get().is_none() => Some(false),
            _ => None,
        },
    }
}

/// True for instances of a builtin class, i.e. exactly `str` for a str payload or `tuple` for a
/// tuple payload (subclasses may override `__eq__`).
#[inline]
fn is_builtin_instance(o: &PyRef) -> bool {
    !o.class_is_heap()
}

impl DictData {
    pub fn new() -> DictData {
        DictData::default()
    }

    pub fn with_capacity(n: usize) -> DictData {
        let mut d = DictData(Box::new(DictInner { entries: Vec::with_capacity(n), ..Default::default() }));
        if n > SMALL {
            d.rebuild_indices(n);
        }
        d
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.used
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// Number of entry slots (including deleted ones): iteration positions run below this.
    #[inline]
    pub fn entries_len(&self) -> usize {
        self.entries.len()
    }

    /// The entry at slot `i`, if live.
    #[inline]
    pub fn entry_at(&self, i: usize) -> Option<&Entry> {
        self.entries.get(i).and_then(|e| e.as_ref())
    }

    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().flatten()
    }

    pub fn keys(&self) -> Vec<Value> {
        self.iter().map(|e| e.key.clone()).collect()
    }

    pub fn values(&self) -> Vec<Value> {
        self.iter().map(|e| e.value.clone()).collect()
    }

    pub fn items(&self) -> Vec<(Value, Value)> {
        self.iter().map(|e| (e.key.clone(), e.value.clone())).collect()
    }

    pub fn clear(&mut self) {
        let (version, watched) = (next_version(), self.watched);
        *self = DictData(Box::new(DictInner { version, watched, ..Default::default() }));
        self.touched();
    }

    /// Reports a change of a watched (type) dict to the type attribute cache.
    #[inline]
    fn touched(&self) {
        if self.watched {
            crate::types::modified();
        }
    }

    fn rebuild_indices(&mut self, min_used: usize) {
        // Compact away deleted entries first: positions are what iteration order follows.
        if self.entries.len() != self.used {
            self.entries.retain(|e| e.is_some());
        }
        if min_used.max(self.entries.len()) <= SMALL {
            self.indices.clear();
            return;
        }
        let mut size = 16usize;
        while size * 2 < min_used.max(self.entries.len()) * 3 {
            size <<= 1;
        }
        let mut indices = vec![EMPTY; size];
        let mask = size - 1;
        for (pos, e) in self.entries.iter().enumerate() {
            let e = e.as_ref().unwrap();
            let mut perturb = e.hash as u64;
            let mut i = (e.hash as u64 as usize) & mask;
            while indices[i] != EMPTY {
                perturb >>= 5;
                i = (i.wrapping_mul(5).wrapping_add(perturb as usize).wrapping_add(1)) & mask;
            }
            indices[i] = pos as u32;
        }
        self.indices = indices;
    }

    /// Probe for `key` using only comparisons that need no Python code. Returns
    /// `Ok(Some(slot))` when found, `Ok(None)` when absent, and `Err(candidates)` listing the
    /// entry slots whose keys need a Python-level `__eq__` (in probe order).
    fn probe_fast(&self, key: &Value, hash: i64) -> Result<Option<usize>, Vec<usize>> {
        let mut slow = Vec::new();
        let mut check = |pos: usize, e: &Entry| -> Option<bool> {
            if e.hash != hash {
                return Some(false);
            }
            match fast_eq(&e.key, key) {
                Some(r) => Some(r),
                None => {
                    slow.push(pos);
                    Some(false)
                }
            }
        };
        if self.indices.is_empty() {
            for (pos, e) in self.entries.iter().enumerate() {
                if let Some(e) = e {
                    if check(pos, e) == Some(true) {
                        return Ok(Some(pos));
                    }
                }
            }
        } else {
            let mask = self.indices.len() - 1;
            let mut perturb = hash as u64;
            let mut i = (hash as u64 as usize) & mask;
            loop {
                let ix = self.indices[i];
                if ix == EMPTY {
                    break;
                }
                if ix != DUMMY {
                    if let Some(e) = &self.entries[ix as usize] {
                        if check(ix as usize, e) == Some(true) {
                            return Ok(Some(ix as usize));
                        }
                    }
                }
                perturb >>= 5;
                i = (i.wrapping_mul(5).wrapping_add(perturb as usize).wrapping_add(1)) & mask;
            }
        }
        if slow.is_empty() {
            Ok(None)
        } else {
            Err(slow)
        }
    }

    /// Lookup for a str key without running Python code (attribute lookup in type and
    /// module dicts). Non-str keys are never equal to it here.
    pub fn get_str(&self, name: &str, hash: i64) -> Option<Value> {
        self.find_str(name, hash).map(|i| self.entries[i].as_ref().unwrap().value.clone())
    }

    /// The entry slot holding the str key `name`, compared natively (no `__eq__` runs).
    pub fn find_str(&self, name: &str, hash: i64) -> Option<usize> {
        // Names are interned, so the same text usually sits at the same address: compare
        // pointers before bytes.
        let matches = |e: &Entry| {
            e.hash == hash
                && e.key.as_str().is_some_and(|s| {
                    let k = s.as_str();
                    std::ptr::eq(k.as_ptr(), name.as_ptr()) && k.len() == name.len() || k == name
                })
        };
        if self.indices.is_empty() {
            return self.entries.iter().position(|e| e.as_ref().is_some_and(matches));
        }
        let mask = self.indices.len() - 1;
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            let ix = self.indices[i];
            if ix == EMPTY {
                return None;
            }
            if ix != DUMMY {
                if let Some(e) = &self.entries[ix as usize] {
                    if matches(e) {
                        return Some(ix as usize);
                    }
                }
            }
            perturb >>= 5;
            i = (i.wrapping_mul(5).wrapping_add(perturb as usize).wrapping_add(1)) & mask;
        }
    }

    /// The value at entry slot `i` if that slot holds exactly the key object `key` (an inline
    /// cache's hint: a dict holds a key once, so a pointer match proves it is the entry).
    #[inline]
    pub fn value_at_if_key(&self, i: usize, key: &PyRef) -> Option<&Value> {
        match self.entries.get(i) {
            Some(Some(e)) if matches!(&e.key, Value::Obj(k) if std::rc::Rc::ptr_eq(k, key)) => Some(&e.value),
            _ => None,
        }
    }

    /// Replaces the value at entry slot `i` if it holds exactly the key object `key`; returns
    /// the old value (for the caller to drop after the borrow), or gives `value` back.
    #[inline]
    pub fn replace_at_if_key(&mut self, i: usize, key: &PyRef, value: Value) -> Result<Value, Value> {
        let watched = self.watched;
        match self.entries.get_mut(i) {
            Some(Some(e)) if matches!(&e.key, Value::Obj(k) if std::rc::Rc::ptr_eq(k, key)) => {
                if watched {
                    crate::types::class_value_rebound(&e.key, &e.value, &value);
                }
                Ok(std::mem::replace(&mut e.value, value))
            }
            _ => Err(value),
        }
    }

    fn insert_new(&mut self, hash: i64, key: Value, value: Value) {
        self.touched();
        self.entries.push(Some(Entry { hash, key, value }));
        self.used += 1;
        self.version = next_version();
        let pos = self.entries.len() - 1;
        if self.indices.is_empty() {
            if self.entries.len() > SMALL {
                self.rebuild_indices(self.entries.len());
            }
            return;
        }
        if self.entries.len() * 3 >= self.indices.len() * 2 {
            self.rebuild_indices(self.used * 3);
            return;
        }
        let mask = self.indices.len() - 1;
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        while self.indices[i] != EMPTY && self.indices[i] != DUMMY {
            perturb >>= 5;
            i = (i.wrapping_mul(5).wrapping_add(perturb as usize).wrapping_add(1)) & mask;
        }
        self.indices[i] = pos as u32;
    }

    fn remove_slot(&mut self, pos: usize) -> Entry {
        self.touched();
        let e = self.entries[pos].take().unwrap();
        if !self.indices.is_empty() {
            // Follow the entry's own probe sequence to its index slot (O(1) on average, where
            // a scan of the whole index table made every deletion O(size)).
            let mask = self.indices.len() - 1;
            let mut perturb = e.hash as u64;
            let mut i = (e.hash as u64 as usize) & mask;
            while self.indices[i] != pos as u32 && self.indices[i] != EMPTY {
                perturb >>= 5;
                i = (i.wrapping_mul(5).wrapping_add(perturb as usize).wrapping_add(1)) & mask;
            }
            if self.indices[i] == pos as u32 {
                self.indices[i] = DUMMY;
            }
        } else {
            self.entries.remove(pos);
        }
        self.used -= 1;
        self.version = next_version();
        e
    }

    /// Insert without any Python-level comparison: for keys known to compare natively (str
    /// names in type/module dicts, fresh dicts of str keys).
    pub fn set_str_key(&mut self, key: Value, hash: i64, value: Value) {
        match self.probe_fast(&key, hash) {
            Ok(Some(pos)) => {
                self.touched();
                self.entries[pos].as_mut().unwrap().value = value
            }
            _ => self.insert_new(hash, key, value),
        }
    }

    /// `set_str_key` returning the replaced value, for the caller to drop after the borrow.
    pub fn set_str_key_take(&mut self, key: Value, value: Value) -> Option<Value> {
        let hash = key.as_str().map(|s| s.hash()).unwrap_or(0);
        match self.probe_fast(&key, hash) {
            Ok(Some(pos)) => {
                self.touched();
                Some(std::mem::replace(&mut self.entries[pos].as_mut().unwrap().value, value))
            }
            _ => {
                self.insert_new(hash, key, value);
                None
            }
        }
    }

    /// Remove a str key without Python comparisons.
    pub fn del_str(&mut self, name: &str, hash: i64) -> Option<Value> {
        let pos = self.entries.iter().position(|e| {
            e.as_ref()
                .map(|e| e.hash == hash && e.key.as_str().map(|s| s.as_str() == name).unwrap_or(false))
                .unwrap_or(false)
        })?;
        Some(self.remove_slot(pos).value)
    }

    /// Pops the last inserted item (`dict.popitem`).
    pub fn pop_last(&mut self) -> Option<Entry> {
        let pos = self.entries.iter().rposition(|e| e.is_some())?;
        Some(self.remove_slot(pos))
    }
}

/// Finds the slot of `key`, running Python `__eq__` where needed. Restarts when the dict is
/// mutated by that code (as CPython's lookdict does).
fn find_slot(vm: &mut Vm, cell: &RefCell<DictData>, key: &Value, hash: i64) -> PyResult<Option<usize>> {
    'restart: loop {
        let (candidates, version) = {
            let d = cell.borrow();
            match d.probe_fast(key, hash) {
                Ok(r) => return Ok(r),
                Err(c) => (c, d.version),
            }
        };
        for pos in candidates {
            let other = match cell.borrow().entry_at(pos) {
                Some(e) => e.key.clone(),
                None => continue 'restart,
            };
            let eq = vm.eq(&other, key)?;
            if cell.borrow().version != version {
                continue 'restart;
            }
            if eq {
                return Ok(Some(pos));
            }
        }
        return Ok(None);
    }
}

/// The dict data of a dict (or dict subclass) object.
#[inline]
pub fn dict_cell(o: &PyRef) -> &RefCell<DictData> {
    match &o.payload {
        Payload::Dict(d) => d,
        _ => panic!("dict_cell on a non-dict object (caller must check the payload)"),
    }
}

pub fn get_item(vm: &mut Vm, dict: &PyRef, key: &Value) -> PyResult<Option<Value>> {
    let hash = vm.hash(key)?;
    get_item_hashed(vm, dict, key, hash)
}

pub fn get_item_hashed(vm: &mut Vm, dict: &PyRef, key: &Value, hash: i64) -> PyResult<Option<Value>> {
    let cell = dict_cell(dict);
    Ok(find_slot(vm, cell, key, hash)?.and_then(|pos| cell.borrow().entry_at(pos).map(|e| e.value.clone())))
}

pub fn set_item(vm: &mut Vm, dict: &PyRef, key: Value, value: Value) -> PyResult<()> {
    let hash = vm.hash(&key)?;
    set_item_hashed(vm, dict, key, hash, value)
}

pub fn set_item_hashed(vm: &mut Vm, dict: &PyRef, key: Value, hash: i64, value: Value) -> PyResult<()> {
    let cell = dict_cell(dict);
    let old = match find_slot(vm, cell, &key, hash)? {
        Some(pos) => {
            let mut d = cell.borrow_mut();
            let watched = d.watched;
            match d.entries[pos].as_mut() {
                Some(e) => {
                    if watched {
                        crate::types::class_value_rebound(&e.key, &e.value, &value);
                    }
                    Some(std::mem::replace(&mut e.value, value))
                }
                None => {
                    d.touched();
                    d.insert_new(hash, key, value);
                    None
                }
            }
        }
        None => {
            cell.borrow_mut().insert_new(hash, key, value);
            None
        }
    };
    drop(old); // after the borrow ends: a __del__ may touch this dict
    Ok(())
}

/// Removes `key`, returning its value, or `None` if absent.
pub fn del_item(vm: &mut Vm, dict: &PyRef, key: &Value) -> PyResult<Option<Value>> {
    let hash = vm.hash(key)?;
    let cell = dict_cell(dict);
    match find_slot(vm, cell, key, hash)? {
        Some(pos) => {
            let e = cell.borrow_mut().remove_slot(pos);
            Ok(Some(e.value))
        }
        None => Ok(None),
    }
}

pub fn contains(vm: &mut Vm, dict: &PyRef, key: &Value) -> PyResult<bool> {
    let hash = vm.hash(key)?;
    Ok(find_slot(vm, dict_cell(dict), key, hash)?.is_some())
}
