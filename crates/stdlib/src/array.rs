//! Stdlib stage: the `array` module — `array.array`, a typed sequence of machine values kept
//! as native-endian bytes, with CPython 3.11's constructor, methods, sequence and slice
//! protocol, comparisons, repr, iteration and pickling (`__reduce_ex__` through
//! `_array_reconstructor`). Values are converted with CPython's messages (see `array_items`);
//! no borrow of an array is held while Python code (`__index__`, `__eq__`) runs.

use crate::array_items::{self as items, TYPECODES};
use crate::native::{self, new_args, new_instance};
use std::cell::RefCell;
use vm::func::{Args, MethodDef};
use vm::types::Layout;
use vm::value::{Payload, PyRef, Value};
use vm::{PyResult, Vm};

pub struct Array {
    pub typecode: u8,
    pub data: Vec<u8>,
}

impl Array {
    fn itemsize(&self) -> usize {
        items::itemsize(self.typecode)
    }
    fn len(&self) -> usize {
        self.data.len() / self.itemsize()
    }
    fn item_bytes(&self, i: usize) -> &[u8] {
        let n = self.itemsize();
        &self.data[i * n..(i + 1) * n]
    }
}

struct ArrayIter {
    array: Option<Value>,
    index: usize,
}

vm::gil_local! {
    static TYPES: RefCell<Option<(PyRef, PyRef)>> = const { RefCell::new(None) };
}

fn array_type() -> PyRef {
    TYPES.with(|t| t.borrow().as_ref().map(|t| t.0.clone())).expect("array module initialised")
}

fn arr<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a RefCell<Array>> {
    native::state::<Array>(v).ok_or_else(|| native::wrong_self(vm, v, "array.array"))
}

/// `array_resize`'s refusal: an array with unreleased buffer exports (memoryviews) cannot
/// change size, so a view never reads past the end.
fn resizable(vm: &Vm, this: &Value) -> PyResult<()> {
    vm::buffer::check_unexported(vm, this, "cannot resize an array that is exporting buffers")
}

fn typecode_of(vm: &Vm, v: &Value) -> PyResult<u8> {
    Ok(arr(vm, v)?.borrow().typecode)
}

fn get(vm: &Vm, this: &Value, i: usize) -> PyResult<Value> {
    let a = arr(vm, this)?.borrow();
    items::unpack(vm, a.typecode, a.item_bytes(i))
}

/// All items as Python values.
fn values(vm: &Vm, this: &Value) -> PyResult<Vec<Value>> {
    let a = arr(vm, this)?.borrow();
    let n = a.itemsize();
    a.data.chunks_exact(n).map(|b| items::unpack(vm, a.typecode, b)).collect()
}

/// Packs every value of `vals` for `tc` (Python code may run; no borrow is held).
fn pack_all(vm: &mut Vm, tc: u8, vals: &[Value]) -> PyResult<Vec<u8>> {
    let mut out = Vec::with_capacity(vals.len() * items::itemsize(tc));
    for v in vals {
        items::pack(vm, tc, v, &mut out)?;
    }
    Ok(out)
}

fn new_array(vm: &Vm, cls: &PyRef, typecode: u8, data: Vec<u8>) -> Value {
    new_instance(vm, cls, Array { typecode, data })
}

/// A new plain `array.array` (slices, sums, products and copies of subclasses are plain arrays).
fn plain_new(vm: &Vm, typecode: u8, data: Vec<u8>) -> Value {
    new_array(vm, &array_type(), typecode, data)
}

fn typecode_arg(vm: &Vm, v: &Value) -> PyResult<u8> {
    let c = match v.as_str() {
        Some(s) if s.char_len() == 1 => s.code_at(0),
        _ => {
            let what = if matches!(v, Value::None) { "None".to_string() } else { vm.type_name(v) };
            return Err(vm.new_type_error(format!("array() argument 1 must be a unicode character, not {what}")));
        }
    };
    match u8::try_from(c) {
        Ok(b) if TYPECODES.as_bytes().contains(&b) => Ok(b),
        _ => Err(vm.new_value_error("bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)")),
    }
}

fn array_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, rest) = new_args(&args);
    if !rest.kwnames.is_empty() && std::rc::Rc::ptr_eq(&cls, &array_type()) {
        return Err(vm.new_type_error("array.array() takes no keyword arguments"));
    }
    let pos = rest.pos();
    if pos.is_empty() || pos.len() > 2 {
        let bound = if pos.is_empty() { "at least 1 argument" } else { "at most 2 arguments" };
        return Err(vm.new_type_error(format!("array() takes {bound} ({} given)", pos.len())));
    }
    let tc = typecode_arg(vm, &pos[0])?;
    let this = new_array(vm, &cls, tc, Vec::new());
    let Some(init) = pos.get(1) else {
        return Ok(this);
    };
    if let Some(s) = init.as_str() {
        if tc != b'u' {
            return Err(
                vm.new_type_error(format!("cannot use a str to initialize an array with typecode '{}'", tc as char))
            );
        }
        let data = s.code_points().flat_map(|c| c.to_ne_bytes()).collect();
        arr(vm, &this)?.borrow_mut().data = data;
        return Ok(this);
    }
    if let Some(other) = native::state::<Array>(init) {
        let otc = other.borrow().typecode;
        if otc == b'u' && tc != b'u' {
            return Err(vm.new_type_error(format!(
                "cannot use a unicode array to initialize an array with typecode '{}'",
                tc as char
            )));
        }
    }
    match init.payload() {
        Some(Payload::Bytes(_) | Payload::ByteArray(_)) => {
            let b = vm::objects::memoryview::buffer_bytes(init).unwrap_or_default();
            frombytes_impl(vm, &this, &b)?;
        }
        Some(Payload::List(_) | Payload::Tuple(_)) => {
            let vals = vm.collect(init)?;
            let data = pack_all(vm, tc, &vals)?;
            arr(vm, &this)?.borrow_mut().data = data;
        }
        _ => extend_iter(vm, &this, init)?,
    }
    Ok(this)
}

/// Appends the items of any iterable one by one (items before a bad one stay, as CPython).
fn extend_iter(vm: &mut Vm, this: &Value, iterable: &Value) -> PyResult<()> {
    let tc = typecode_of(vm, this)?;
    let vals = vm.collect(iterable)?;
    for v in &vals {
        let mut buf = Vec::with_capacity(8);
        items::pack(vm, tc, v, &mut buf)?;
        resizable(vm, this)?;
        arr(vm, this)?.borrow_mut().data.extend_from_slice(&buf);
    }
    Ok(())
}

fn frombytes_impl(vm: &mut Vm, this: &Value, b: &[u8]) -> PyResult<()> {
    let mut a = arr(vm, this)?.borrow_mut();
    if !b.len().is_multiple_of(a.itemsize()) {
        return Err(vm.new_value_error("bytes length not a multiple of item size"));
    }
    if !b.is_empty() {
        resizable(vm, this)?;
    }
    a.data.extend_from_slice(b);
    Ok(())
}

// ---- methods ----

fn append(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "append")?;
    let tc = typecode_of(vm, &a[0])?;
    let mut buf = Vec::with_capacity(8);
    items::pack(vm, tc, &a[1], &mut buf)?;
    resizable(vm, &a[0])?;
    arr(vm, &a[0])?.borrow_mut().data.extend_from_slice(&buf);
    Ok(Value::None)
}

fn extend_impl(vm: &mut Vm, this: &Value, other: &Value) -> PyResult<()> {
    if let Some(o) = native::state::<Array>(other) {
        let (otc, odata) = {
            let o = o.borrow();
            (o.typecode, o.data.clone())
        };
        let mut a = arr(vm, this)?.borrow_mut();
        if otc != a.typecode {
            return Err(vm.new_type_error("can only extend with array of same kind"));
        }
        if !odata.is_empty() {
            resizable(vm, this)?;
        }
        a.data.extend_from_slice(&odata);
        return Ok(());
    }
    extend_iter(vm, this, other)
}

fn extend(vm: &mut Vm, args: Args) -> PyResult<Value> {
    // Argument clinic with the defining class: keywords parsed, one positional-only argument.
    let [bb] = args.rest().clinic(vm, "extend", ["bb"], 1, 1, 1)?;
    extend_impl(vm, &args.args[0], &bb.unwrap())?;
    Ok(Value::None)
}

fn insert(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "insert", 2, 2)?;
    let i = vm.to_i64_index(&a[1])?;
    let tc = typecode_of(vm, &a[0])?;
    let mut buf = Vec::with_capacity(8);
    items::pack(vm, tc, &a[2], &mut buf)?;
    resizable(vm, &a[0])?;
    let mut ar = arr(vm, &a[0])?.borrow_mut();
    let n = ar.len() as i64;
    let i = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
    let at = i * ar.itemsize();
    ar.data.splice(at..at, buf);
    Ok(Value::None)
}

fn pop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "pop", 0, 1)?;
    let i = match a.get(1) {
        Some(v) => vm.to_i64_index(v)?,
        None => -1,
    };
    let n = arr(vm, &a[0])?.borrow().len() as i64;
    if n == 0 {
        return Err(vm.new_index_error("pop from empty array"));
    }
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(vm.new_index_error("pop index out of range"));
    }
    let v = get(vm, &a[0], j as usize)?;
    resizable(vm, &a[0])?;
    let mut ar = arr(vm, &a[0])?.borrow_mut();
    let sz = ar.itemsize();
    ar.data.drain(j as usize * sz..(j as usize + 1) * sz);
    Ok(v)
}

/// Index of the first item equal to `x` in `start..stop`.
fn find(vm: &mut Vm, this: &Value, x: &Value, start: usize, stop: usize) -> PyResult<Option<usize>> {
    let mut i = start;
    loop {
        let n = arr(vm, this)?.borrow().len();
        if i >= n.min(stop) {
            return Ok(None);
        }
        let v = get(vm, this, i)?;
        let r = vm.compare(&v, x, 2)?;
        if vm.truthy(&r)? {
            return Ok(Some(i));
        }
        i += 1;
    }
}

fn remove(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "remove")?;
    match find(vm, &a[0], &a[1], 0, usize::MAX)? {
        Some(i) => {
            resizable(vm, &a[0])?;
            let mut ar = arr(vm, &a[0])?.borrow_mut();
            let sz = ar.itemsize();
            if (i + 1) * sz <= ar.data.len() {
                ar.data.drain(i * sz..(i + 1) * sz);
            }
            Ok(Value::None)
        }
        None => Err(vm.new_value_error("array.remove(x): x not in array")),
    }
}

fn clamp_index(vm: &mut Vm, v: Option<&Value>, n: usize, default: usize) -> PyResult<usize> {
    let Some(v) = v else { return Ok(default) };
    let i = vm.to_i64_index(v)?;
    Ok(if i < 0 { (i + n as i64).max(0) as usize } else { i as usize })
}

fn index(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "index", 1, 3)?;
    let n = arr(vm, &a[0])?.borrow().len();
    let start = clamp_index(vm, a.get(2), n, 0)?;
    let stop = clamp_index(vm, a.get(3), n, usize::MAX)?;
    match find(vm, &a[0], &a[1], start, stop)? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => Err(vm.new_value_error("array.index(x): x not in array")),
    }
}

fn count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "count")?;
    let mut c = 0;
    let mut i = 0;
    while let Some(j) = find(vm, &a[0], &a[1], i, usize::MAX)? {
        c += 1;
        i = j + 1;
    }
    Ok(Value::Int(c))
}

fn contains(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__contains__", 2)?;
    Ok(Value::Bool(find(vm, &a[0], &a[1], 0, usize::MAX)?.is_some()))
}

fn reverse(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "reverse")?;
    let mut ar = arr(vm, &a[0])?.borrow_mut();
    let sz = ar.itemsize();
    let rev: Vec<u8> = ar.data.chunks_exact(sz).rev().flatten().copied().collect();
    ar.data = rev;
    Ok(Value::None)
}

fn buffer_info(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "buffer_info")?;
    let ar = arr(vm, &a[0])?.borrow();
    let (addr, n) = (ar.data.as_ptr() as i64, ar.len() as i64);
    drop(ar);
    Ok(vm.new_tuple(vec![Value::Int(addr), Value::Int(n)]))
}

fn byteswap(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.args.len() != 1 {
        return Err(vm.new_type_error(format!("array.byteswap() takes no arguments ({} given)", args.args.len() - 1)));
    }
    let mut ar = arr(vm, &args.args[0])?.borrow_mut();
    let sz = ar.itemsize();
    ar.data.chunks_exact_mut(sz).for_each(|c| c.reverse());
    Ok(Value::None)
}

fn frombytes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "frombytes")?;
    let b = vm::objects::memoryview::bytes_like(vm, &a[1])?;
    // `array_array_frombytes_impl`: a buffer of wider items is refused.
    if vm::objects::memoryview::buffer_itemsize(&a[1]) != Some(1) {
        return Err(vm.new_type_error("a bytes-like object is required"));
    }
    frombytes_impl(vm, &a[0], &b)?;
    Ok(Value::None)
}

fn tobytes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "tobytes")?;
    let data = arr(vm, &a[0])?.borrow().data.clone();
    Ok(vm.new_bytes(data))
}

fn fromlist(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "fromlist")?;
    if !matches!(a[1].payload(), Some(Payload::List(_))) {
        return Err(vm.new_type_error("arg must be list"));
    }
    if vm.len(&a[1])? > 0 {
        resizable(vm, &a[0])?;
    }
    let tc = typecode_of(vm, &a[0])?;
    let vals = vm.collect(&a[1])?;
    let data = pack_all(vm, tc, &vals)?;
    arr(vm, &a[0])?.borrow_mut().data.extend_from_slice(&data);
    Ok(Value::None)
}

fn tolist(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "tolist")?;
    let v = values(vm, &a[0])?;
    Ok(vm.new_list(v))
}

fn fromunicode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "fromunicode")?;
    let Some(s) = a[1].as_str() else {
        return Err(vm.new_type_error(format!("fromunicode() argument must be str, not {}", vm.type_name(&a[1]))));
    };
    let mut ar = arr(vm, &a[0])?.borrow_mut();
    if ar.typecode != b'u' {
        return Err(vm.new_value_error("fromunicode() may only be called on unicode type arrays"));
    }
    if s.char_len() > 0 {
        resizable(vm, &a[0])?;
    }
    ar.data.extend(s.code_points().flat_map(|c| c.to_ne_bytes()));
    Ok(Value::None)
}

fn tounicode_impl(vm: &Vm, this: &Value) -> PyResult<String> {
    let ar = arr(vm, this)?.borrow();
    if ar.typecode != b'u' {
        return Err(vm.new_value_error("tounicode() may only be called on unicode type arrays"));
    }
    ar.data.chunks_exact(4).map(|c| items::wchar(vm, u32::from_ne_bytes([c[0], c[1], c[2], c[3]]))).collect()
}

fn tounicode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "tounicode")?;
    let s = tounicode_impl(vm, &a[0])?;
    Ok(vm.new_str(s))
}

fn repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let (tc, n) = {
        let a = arr(vm, &this)?.borrow();
        (a.typecode, a.len())
    };
    let name = vm.short_type_name(&this);
    if n == 0 {
        return Ok(vm.new_str(format!("{name}('{}')", tc as char)));
    }
    let inner = if tc == b'u' {
        let s = vm.new_str(tounicode_impl(vm, &this)?);
        vm.repr_string(&s)?
    } else {
        let l = vm.new_list(values(vm, &this)?);
        vm.repr_string(&l)?
    };
    Ok(vm.new_str(format!("{name}('{}', {inner})", tc as char)))
}

fn len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(arr(vm, &args.args[0])?.borrow().len() as i64))
}

fn itemsize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(arr(vm, &args.args[0])?.borrow().itemsize() as i64))
}

fn typecode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let tc = typecode_of(vm, &args.args[0])?;
    Ok(vm.new_str((tc as char).to_string()))
}

/// A slice argument's (start, stop, step, count) over `n` items, if `key` is a slice.
fn slice_of(vm: &mut Vm, key: &Value, n: usize) -> PyResult<Option<(i64, i64, i64, usize)>> {
    let Some(Payload::Slice(s)) = key.payload() else { return Ok(None) };
    let (start, stop, step) = vm.slice_indices(&s.0, &s.1, &s.2, n)?;
    let count = if step > 0 {
        if stop > start {
            (stop - start + step - 1) / step
        } else {
            0
        }
    } else if start > stop {
        (start - stop - step - 1) / -step
    } else {
        0
    };
    Ok(Some((start, stop, step, count as usize)))
}

fn item_index(vm: &mut Vm, key: &Value, n: usize, msg: &str) -> PyResult<usize> {
    let is_int = matches!(key, Value::Int(_) | Value::Bool(_))
        || matches!(key.payload(), Some(Payload::Int(_)))
        || vm.lookup_special(key, "__index__").is_some();
    if !is_int {
        return Err(vm.new_type_error("array indices must be integers"));
    }
    let i = vm.to_i64_index(key)?;
    let j = if i < 0 { i + n as i64 } else { i };
    if j < 0 || j >= n as i64 {
        return Err(vm.new_index_error(msg.to_string()));
    }
    Ok(j as usize)
}

fn getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__getitem__", 2)?;
    let n = arr(vm, &a[0])?.borrow().len();
    if let Some((start, _, step, count)) = slice_of(vm, &a[1], n)? {
        let ar = arr(vm, &a[0])?.borrow();
        let mut data = Vec::with_capacity(count * ar.itemsize());
        for k in 0..count {
            data.extend_from_slice(ar.item_bytes((start + k as i64 * step) as usize));
        }
        let tc = ar.typecode;
        drop(ar);
        return Ok(plain_new(vm, tc, data));
    }
    let i = item_index(vm, &a[1], n, "array index out of range")?;
    get(vm, &a[0], i)
}

fn setitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__setitem__", 3)?;
    let (tc, n) = {
        let ar = arr(vm, &a[0])?.borrow();
        (ar.typecode, ar.len())
    };
    if let Some((start, stop, step, count)) = slice_of(vm, &a[1], n)? {
        let Some(src) = native::state::<Array>(&a[2]) else {
            return Err(
                vm.new_type_error(format!("can only assign array (not \"{}\") to array slice", vm.type_name(&a[2])))
            );
        };
        let (stc, sdata) = {
            let s = src.borrow();
            (s.typecode, s.data.clone())
        };
        if stc != tc {
            return Err(vm.new_type_error("bad argument type for built-in operation"));
        }
        // CPython checks exports first (issue #4509): any slice assignment that would
        // resize, or that assigns an empty array, is refused while a buffer is exported.
        let needed = sdata.len() / items::itemsize(tc);
        if needed == 0 || needed != count {
            resizable(vm, &a[0])?;
        }
        let mut ar = arr(vm, &a[0])?.borrow_mut();
        let sz = ar.itemsize();
        let m = sdata.len() / sz;
        if step == 1 {
            let stop = stop.max(start) as usize;
            ar.data.splice(start as usize * sz..stop * sz, sdata);
        } else if m == count {
            for k in 0..count {
                let at = (start + k as i64 * step) as usize * sz;
                ar.data[at..at + sz].copy_from_slice(&sdata[k * sz..(k + 1) * sz]);
            }
        } else if m == 0 {
            drop(ar);
            delete_slice(vm, &a[0], start, step, count)?;
        } else {
            return Err(
                vm.new_value_error(format!("attempt to assign array of size {m} to extended slice of size {count}"))
            );
        }
        return Ok(Value::None);
    }
    let i = item_index(vm, &a[1], n, "array assignment index out of range")?;
    let mut buf = Vec::with_capacity(8);
    items::pack(vm, tc, &a[2], &mut buf)?;
    let mut ar = arr(vm, &a[0])?.borrow_mut();
    let sz = ar.itemsize();
    if (i + 1) * sz <= ar.data.len() {
        ar.data[i * sz..(i + 1) * sz].copy_from_slice(&buf);
    }
    Ok(Value::None)
}

fn delete_slice(vm: &mut Vm, this: &Value, start: i64, step: i64, count: usize) -> PyResult<()> {
    // Even an empty deletion is refused while exported (`array_ass_subscr`'s early check).
    resizable(vm, this)?;
    let mut ar = arr(vm, this)?.borrow_mut();
    let sz = ar.itemsize();
    let n = ar.len();
    let mut gone = vec![false; n];
    for k in 0..count {
        gone[(start + k as i64 * step) as usize] = true;
    }
    let kept: Vec<u8> =
        ar.data.chunks_exact(sz).zip(&gone).filter(|(_, g)| !**g).flat_map(|(c, _)| c.iter().copied()).collect();
    ar.data = kept;
    Ok(())
}

fn delitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__delitem__", 2)?;
    let n = arr(vm, &a[0])?.borrow().len();
    if let Some((start, _, step, count)) = slice_of(vm, &a[1], n)? {
        delete_slice(vm, &a[0], start, step, count)?;
        return Ok(Value::None);
    }
    let i = item_index(vm, &a[1], n, "array assignment index out of range")?;
    resizable(vm, &a[0])?;
    let mut ar = arr(vm, &a[0])?.borrow_mut();
    let sz = ar.itemsize();
    ar.data.drain(i * sz..(i + 1) * sz);
    Ok(Value::None)
}

fn concat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__add__", 2)?;
    let Some(other) = native::state::<Array>(&a[1]) else {
        return Err(vm.new_type_error(format!("can only append array (not \"{}\") to array", vm.type_name(&a[1]))));
    };
    let (otc, odata) = {
        let o = other.borrow();
        (o.typecode, o.data.clone())
    };
    let (tc, mut data) = {
        let ar = arr(vm, &a[0])?.borrow();
        (ar.typecode, ar.data.clone())
    };
    if otc != tc {
        return Err(vm.new_type_error("bad argument type for built-in operation"));
    }
    data.extend_from_slice(&odata);
    Ok(plain_new(vm, tc, data))
}

fn inplace_concat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__iadd__", 2)?;
    if native::state::<Array>(&a[1]).is_none() {
        return Err(vm.new_type_error(format!("can only extend array with array (not \"{}\")", vm.type_name(&a[1]))));
    }
    extend_impl(vm, &a[0], &a[1])?;
    Ok(a[0].clone())
}

fn repeat_count(vm: &mut Vm, v: &Value) -> PyResult<Option<usize>> {
    let is_int = matches!(v, Value::Int(_) | Value::Bool(_))
        || matches!(v.payload(), Some(Payload::Int(_)))
        || vm.lookup_special(v, "__index__").is_some();
    if !is_int {
        return Ok(None);
    }
    let n = vm.to_i64_index(v)?;
    Ok(Some(n.max(0) as usize))
}

fn repeated(vm: &mut Vm, this: &Value, n: usize) -> PyResult<Vec<u8>> {
    let data = arr(vm, this)?.borrow().data.clone();
    if !data.is_empty() && n > (isize::MAX as usize) / data.len() {
        return Err(vm.new_exception(&vm.exc.memory_error.clone(), ""));
    }
    Ok(data.repeat(n))
}

fn repeat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__mul__", 2)?;
    let Some(n) = repeat_count(vm, &a[1])? else {
        return Err(vm.new_type_error(format!("can't multiply sequence by non-int of type '{}'", vm.type_name(&a[1]))));
    };
    let data = repeated(vm, &a[0], n)?;
    let tc = typecode_of(vm, &a[0])?;
    Ok(plain_new(vm, tc, data))
}

fn inplace_repeat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__imul__", 2)?;
    let Some(n) = repeat_count(vm, &a[1])? else {
        return Err(vm.new_type_error(format!("can't multiply sequence by non-int of type '{}'", vm.type_name(&a[1]))));
    };
    let data = repeated(vm, &a[0], n)?;
    if data.len() != arr(vm, &a[0])?.borrow().data.len() {
        resizable(vm, &a[0])?;
    }
    arr(vm, &a[0])?.borrow_mut().data = data;
    Ok(a[0].clone())
}

/// Rich comparison, as CPython's `array_richcompare`: the first differing items decide.
fn richcmp(vm: &mut Vm, args: Args, op: u32) -> PyResult<Value> {
    let a = args.exact(vm, "__eq__", 2)?;
    if native::state::<Array>(&a[1]).is_none() {
        return Ok(vm.not_implemented());
    }
    let (n, m) = (arr(vm, &a[0])?.borrow().len(), arr(vm, &a[1])?.borrow().len());
    if n != m && (op == 2 || op == 3) {
        return Ok(Value::Bool(op == 3));
    }
    let mut i = 0;
    loop {
        let (n, m) = (arr(vm, &a[0])?.borrow().len(), arr(vm, &a[1])?.borrow().len());
        if i >= n || i >= m {
            let ord = n.cmp(&m);
            return Ok(Value::Bool(vm::ops::compare_ord(ord, op)));
        }
        let (x, y) = (get(vm, &a[0], i)?, get(vm, &a[1], i)?);
        let r = vm.compare(&x, &y, 2)?;
        if !vm.truthy(&r)? {
            return match op {
                2 => Ok(Value::Bool(false)),
                3 => Ok(Value::Bool(true)),
                _ => vm.compare(&x, &y, op),
            };
        }
        i += 1;
    }
}

fn lt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    richcmp(vm, a, 0)
}
fn le(vm: &mut Vm, a: Args) -> PyResult<Value> {
    richcmp(vm, a, 1)
}
fn eq(vm: &mut Vm, a: Args) -> PyResult<Value> {
    richcmp(vm, a, 2)
}
fn ne(vm: &mut Vm, a: Args) -> PyResult<Value> {
    richcmp(vm, a, 3)
}
fn gt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    richcmp(vm, a, 4)
}
fn ge(vm: &mut Vm, a: Args) -> PyResult<Value> {
    richcmp(vm, a, 5)
}

fn copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let (tc, data) = {
        let ar = arr(vm, this)?.borrow();
        (ar.typecode, ar.data.clone())
    };
    Ok(plain_new(vm, tc, data))
}

fn sizeof(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let n = arr(vm, &args.args[0])?.borrow().data.capacity();
    Ok(Value::Int(64 + n as i64))
}

/// `__reduce_ex__(protocol)`: a list for protocols 0-2, the machine format for 3 and up.
fn reduce_ex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__reduce_ex__", 2)?;
    let this = a[0].clone();
    let protocol = vm.to_i64_index(&a[1])?;
    let cls = Value::Obj(vm.type_of(&this));
    let dict = match this.as_obj().and_then(|o| o.dict.get()) {
        Some(d) if matches!(&d.payload, Payload::Dict(dd) if !dd.borrow().is_empty()) => Value::Obj(d),
        _ => Value::None,
    };
    let (tc, data) = {
        let ar = arr(vm, &this)?.borrow();
        (ar.typecode, ar.data.clone())
    };
    let tcv = vm.new_str((tc as char).to_string());
    if protocol < 3 {
        let list = vm.new_list(values(vm, &this)?);
        let targs = vm.new_tuple(vec![tcv, list]);
        return Ok(vm.new_tuple(vec![cls, targs, dict]));
    }
    let module = vm.import_fullname("array")?;
    let recon = vm.getattr_str(&module, "_array_reconstructor")?;
    let targs = vm.new_tuple(vec![cls, tcv, Value::Int(items::mformat_code(tc)), vm.new_bytes(data)]);
    Ok(vm.new_tuple(vec![recon, targs, dict]))
}

/// `_array_reconstructor(arraytype, typecode, mformat_code, items)`.
fn array_reconstructor(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "_array_reconstructor", 4)?;
    let Some(cls) = a[0].as_obj().filter(|o| matches!(o.payload, Payload::Type(_))).cloned() else {
        return Err(vm.new_type_error(format!("first argument must be a type object, not {}", vm.type_name(&a[0]))));
    };
    if !vm::types::is_subtype(&cls, &array_type()) {
        let name = cls.as_type().map(|t| t.name().to_string()).unwrap_or_default();
        return Err(vm.new_type_error(format!("{name} is not a subtype of array.array")));
    }
    let tc = match a[1].as_str() {
        Some(s) if s.char_len() == 1 && s.code_at(0) < 128 && TYPECODES.as_bytes().contains(&(s.code_at(0) as u8)) => {
            s.code_at(0) as u8
        }
        Some(_) => return Err(vm.new_value_error("second argument must be a valid type code")),
        None => {
            return Err(vm.new_type_error(format!(
                "array_reconstructor() argument 2 must be a unicode character, not {}",
                vm.type_name(&a[1])
            )))
        }
    };
    let code = vm.to_i64_index(&a[2])?;
    let Some((size, signed, _, kind)) = items::mformat_descr(code) else {
        return Err(vm.new_value_error("third argument must be a valid machine format code."));
    };
    let Some(Payload::Bytes(bytes)) = a[3].payload() else {
        return Err(vm.new_type_error(format!("fourth argument should be bytes, not {}", vm.type_name(&a[3]))));
    };
    if code == items::mformat_code(tc) {
        if !bytes.len().is_multiple_of(items::itemsize(tc)) {
            return Err(vm.new_value_error("bytes length not a multiple of item size"));
        }
        return Ok(new_array(vm, &cls, tc, bytes.to_vec()));
    }
    // CPython's table gives the UTF-16 and UTF-32 codes twice their unit size here.
    let unit = if kind == b'u' { 2 * size } else { size };
    if !bytes.len().is_multiple_of(unit) {
        return Err(vm.new_value_error("string length not a multiple of item size"));
    }
    let (tc, vals) = match kind {
        b'u' => {
            let s = decode_utf(vm, code, bytes)?;
            if tc != b'u' {
                return Err(vm.new_type_error(format!(
                    "cannot use a str to initialize an array with typecode '{}'",
                    tc as char
                )));
            }
            let data = s.into_iter().flat_map(|c| c.to_ne_bytes()).collect();
            return Ok(new_array(vm, &cls, b'u', data));
        }
        b'f' => (tc, items::decode_mformat(vm, code, bytes)?),
        _ => {
            // The last integer typecode of the same size and signedness, as CPython picks.
            let pick = TYPECODES
                .bytes()
                .rev()
                .find(|&t| items::is_integer(t) && items::itemsize(t) == size && items::is_signed(t) == signed)
                .unwrap_or(tc);
            (pick, items::decode_mformat(vm, code, bytes)?)
        }
    };
    let data = pack_all(vm, tc, &vals)?;
    Ok(new_array(vm, &cls, tc, data))
}

/// Decodes UTF-16 or UTF-32 data of machine format `code` into code points (strict).
fn decode_utf(vm: &Vm, code: i64, bytes: &[u8]) -> PyResult<Vec<u32>> {
    let big = code == 19 || code == 21;
    let codec = match code {
        18 => "utf-16-le",
        19 => "utf-16-be",
        20 => "utf-32-le",
        _ => "utf-32-be",
    };
    let fail = |vm: &Vm, start: usize, end: usize, reason: &str| {
        let exc = vm.exc.unicode_decode_error.clone();
        vm.new_exception(&exc, format!("'{codec}' codec can't decode bytes in position {start}-{}: {reason}", end - 1))
    };
    let mut out = Vec::new();
    if code >= 20 {
        for (k, c) in bytes.chunks_exact(4).enumerate() {
            let b = [c[0], c[1], c[2], c[3]];
            let u = if big { u32::from_be_bytes(b) } else { u32::from_le_bytes(b) };
            if u > 0x10FFFF || bytecode::surrogate::is_surrogate(u) {
                return Err(fail(vm, 4 * k, 4 * k + 4, "code point not in range(0x110000)"));
            }
            out.push(u);
        }
        return Ok(out);
    }
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| if big { u16::from_be_bytes([c[0], c[1]]) } else { u16::from_le_bytes([c[0], c[1]]) })
        .collect();
    let mut at = 0;
    for r in char::decode_utf16(units.iter().copied()) {
        match r {
            Ok(c) => {
                at += c.len_utf16() * 2;
                out.push(c as u32);
            }
            Err(_) => return Err(fail(vm, at, at + 2, "illegal encoding")),
        }
    }
    Ok(out)
}

fn iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    arr(vm, &this)?;
    let t = TYPES.with(|t| t.borrow().as_ref().map(|t| t.1.clone())).expect("array module initialised");
    Ok(new_instance(vm, &t, ArrayIter { array: Some(this), index: 0 }))
}

fn iter_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let Some(it) = native::state::<ArrayIter>(this) else {
        return Err(native::wrong_self(vm, this, "array.arrayiterator"));
    };
    let (array, index) = {
        let it = it.borrow();
        (it.array.clone(), it.index)
    };
    if let Some(a) = array {
        if index < arr(vm, &a)?.borrow().len() {
            let v = get(vm, &a, index)?;
            it.borrow_mut().index += 1;
            return Ok(v);
        }
        it.borrow_mut().array = None;
    }
    Err(vm.new_stop_iteration(Value::None))
}

const ARRAY_METHODS: &[MethodDef] = &[
    ("append", append, "Append new value v to the end of the array."),
    ("buffer_info", buffer_info, "Return a tuple (address, length) giving the current memory address and the length in items of the buffer used to hold array's contents."),
    ("byteswap", byteswap, "Byteswap all items of the array."),
    ("count", count, "Return number of occurrences of v in the array."),
    ("extend", extend, "Append items to the end of the array."),
    ("frombytes", frombytes, "Appends items from the string, interpreting it as an array of machine values, as if it had been read from a file using the fromfile() method."),
    ("fromlist", fromlist, "Append items to array from list."),
    ("fromunicode", fromunicode, "Extends this array with data from the unicode string ustr."),
    ("index", index, "Return index of first occurrence of v in the array."),
    ("insert", insert, "Insert a new item v into the array before position i."),
    ("pop", pop, "Return the i-th element and delete it from the array."),
    ("remove", remove, "Remove the first occurrence of v in the array."),
    ("reverse", reverse, "Reverse the order of the items in the array."),
    ("tobytes", tobytes, "Convert the array to an array of machine values and return the bytes representation."),
    ("tolist", tolist, "Convert array to an ordinary list with the same items."),
    ("tounicode", tounicode, "Extends this array with data from the unicode string ustr."),
    ("__copy__", copy, "Return a copy of the array."),
    ("__deepcopy__", copy, "Return a copy of the array."),
    ("__reduce_ex__", reduce_ex, "Return state information for pickling."),
    ("__sizeof__", sizeof, "Size of the array in memory, in bytes."),
    ("__len__", len, "Return len(self)."),
    ("__getitem__", getitem, "Return self[key]."),
    ("__setitem__", setitem, "Set self[key] to value."),
    ("__delitem__", delitem, "Delete self[key]."),
    ("__contains__", contains, "Return key in self."),
    ("__repr__", repr, "Return repr(self)."),
    ("__lt__", lt, "Return self<value."),
    ("__le__", le, "Return self<=value."),
    ("__eq__", eq, "Return self==value."),
    ("__ne__", ne, "Return self!=value."),
    ("__gt__", gt, "Return self>value."),
    ("__ge__", ge, "Return self>=value."),
    ("__add__", concat, "Return self+value."),
    ("__iadd__", inplace_concat, "Implement self+=value."),
    ("__mul__", repeat, "Return self*value."),
    ("__rmul__", repeat, "Return value*self."),
    ("__imul__", inplace_repeat, "Implement self*=value."),
    ("__iter__", iter, "Implement iter(self)."),
];

/// `array_buffer_getbuf`: an array exports its items' machine bytes, writable, with the
/// typecode as the struct format ('w' for 'u', as CPython with a 4-byte wchar_t).
fn describe_buffer(v: &Value) -> Option<Result<vm::buffer::Layout, &'static str>> {
    let a = native::state::<Array>(v)?.try_borrow().ok()?;
    let format = match a.typecode {
        b'b' => "b",
        b'B' => "B",
        b'u' => "w",
        b'h' => "h",
        b'H' => "H",
        b'i' => "i",
        b'I' => "I",
        b'l' => "l",
        b'L' => "L",
        b'q' => "q",
        b'Q' => "Q",
        b'f' => "f",
        _ => "d",
    };
    Some(Ok(vm::buffer::Layout { len: a.data.len(), format, itemsize: a.itemsize(), readonly: false }))
}

fn read_buffer(v: &Value, f: &mut dyn FnMut(&[u8])) {
    if let Some(a) = native::state::<Array>(v).and_then(|a| a.try_borrow().ok()) {
        f(&a.data);
    }
}

fn write_buffer(v: &Value, f: &mut dyn FnMut(&mut [u8])) {
    if let Some(mut a) = native::state::<Array>(v).and_then(|a| a.try_borrow_mut().ok()) {
        f(&mut a.data);
    }
}

static EXPORTER: vm::buffer::NativeExporter =
    vm::buffer::NativeExporter { describe: describe_buffer, read: read_buffer, write: write_buffer };

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    vm::buffer::register(&EXPORTER);
    let m = vm.new_module("array");
    let d = m.dict.get().unwrap();
    let t = native::make_type(vm, "array", "array", None, Layout::Native);
    // `case [...]` patterns match arrays (Py_TPFLAGS_SEQUENCE in CPython).
    t.as_type().unwrap().collection_flag.set(vm::types::FLAG_SEQUENCE);
    native::setup(vm, &t, Some(array_new), ARRAY_METHODS);
    vm.add_getset(&t, "typecode", typecode, None);
    vm.add_getset(&t, "itemsize", itemsize, None);
    let td = vm.type_dict(&t);
    vm.dict_set_str(&td, "__hash__", Value::None);
    let it = native::make_type(vm, "array", "arrayiterator", None, Layout::Native);
    native::setup(
        vm,
        &it,
        None,
        &[("__iter__", native::iter_self, "Implement iter(self)."), ("__next__", iter_next, "Implement next(self).")],
    );
    TYPES.with(|slot| *slot.borrow_mut() = Some((t.clone(), it)));
    vm.dict_set_str(&d, "array", Value::Obj(t.clone()));
    vm.dict_set_str(&d, "ArrayType", Value::Obj(t));
    vm.dict_set_str(&d, "typecodes", vm.new_str(TYPECODES));
    // A module-level function that pickle finds again as `array._array_reconstructor` (its
    // `__module__` is filled in when the module is made, like every native module function's).
    let f = vm.new_native_fn("_array_reconstructor", array_reconstructor);
    vm.dict_set_str(&d, "_array_reconstructor", f);
    Ok(m)
}
