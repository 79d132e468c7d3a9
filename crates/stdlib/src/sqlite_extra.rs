//! Stdlib stage: the less common `_sqlite3.Connection` services — `getlimit`/`setlimit`,
//! `backup` (with `pages`, `progress`, `name`, `sleep`), `serialize`/`deserialize`, and
//! `blobopen` returning an `sqlite3.Blob` (`read`, `write`, `seek`, `tell`, `len`, `close`,
//! context manager). Guarantees: a backup handle is always finished, and an open blob handle
//! is closed exactly once (by `close`, on drop, or when its connection closes).

use crate::native::{self, new_instance, state};
use crate::sqlite::{check_conn, cstring, db_error, error_for_code, programming_error, st, with_vm};
use crate::sqlite_ffi::*;
use std::cell::RefCell;
use std::ffi::{c_int, c_void};
use vm::func::{Args, MethodDef};
use vm::value::{PyRef, Value};
use vm::{PyResult, Vm};

fn conn_getlimit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "getlimit")?;
    let db = check_conn(vm, &a[0])?;
    let cat = native::clinic_int(vm, &a[1])?;
    // SAFETY: `db` is open; a negative value only queries.
    let v = unsafe { sqlite3_limit(db, cat, -1) };
    if v < 0 {
        return Err(programming_error(vm, "'category' is out of bounds"));
    }
    Ok(Value::Int(v as i64))
}

fn conn_setlimit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "setlimit", 2, 2)?;
    let db = check_conn(vm, &a[0])?;
    let cat = native::clinic_int(vm, &a[1])?;
    let lim = native::clinic_int(vm, &a[2])?;
    // SAFETY: `db` is open.
    let v = unsafe { sqlite3_limit(db, cat, lim) };
    if v < 0 {
        return Err(programming_error(vm, "'category' is out of bounds"));
    }
    Ok(Value::Int(v as i64))
}

fn conn_backup(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let [target, pages, progress, name, sleep] =
        args.rest().clinic(vm, "backup", ["target", "pages", "progress", "name", "sleep"], 0, 1, 1)?;
    let src = check_conn(vm, &this)?;
    let target = target.unwrap();
    if !vm.isinstance(&target, &st().connection_type) {
        return Err(
            vm.new_type_error(format!("backup() argument 1 must be sqlite3.Connection, not {}", vm.type_name(&target)))
        );
    }
    if target.is(&this) {
        return Err(vm.new_value_error("target cannot be the same connection instance"));
    }
    let dst = check_conn(vm, &target)?;
    let mut pages = match pages {
        Some(v) => native::clinic_int(vm, &v)?,
        None => -1,
    };
    if pages == 0 {
        pages = -1;
    }
    let progress = progress.filter(|p| !p.is_none());
    if let Some(p) = &progress {
        if !vm.is_callable(p) {
            return Err(vm.new_type_error("progress argument must be a callable"));
        }
    }
    let name = match name {
        Some(v) => crate::sqlite::str_arg(vm, &v, "backup() argument 'name'")?,
        None => "main".into(),
    };
    let sleep_s = match sleep {
        Some(v) => vm.float_of(&v)?,
        None => 0.25,
    };
    if sleep_s < 0.0 {
        return Err(vm.new_value_error("sleep must be greater-than or equal to zero"));
    }
    let cname = cstring(vm, &name)?;
    // SAFETY: both handles are open.
    if unsafe { sqlite3_get_autocommit(dst) } == 0 {
        return Err(crate::sqlite::operational_error(vm, "target is in transaction"));
    }
    let main = cstring(vm, "main")?;
    // SAFETY: both handles are open; the names are NUL-terminated.
    let b = unsafe { sqlite3_backup_init(dst, main.as_ptr(), src, cname.as_ptr()) };
    if b.is_null() {
        return Err(db_error(vm, dst));
    }
    let mut rc;
    loop {
        // SAFETY: `b` is a live backup handle until finished below.
        rc = with_vm(vm, || unsafe { sqlite3_backup_step(b, pages) });
        if let Some(p) = &progress {
            // SAFETY: as above.
            let (rem, total) = unsafe { (sqlite3_backup_remaining(b), sqlite3_backup_pagecount(b)) };
            let r = vm.call(p, Args::new(&[Value::Int(rc as i64), Value::Int(rem as i64), Value::Int(total as i64)]));
            if let Err(e) = r {
                // SAFETY: as above.
                unsafe { sqlite3_backup_finish(b) };
                return Err(e);
            }
        }
        if rc == SQLITE_BUSY || rc == SQLITE_LOCKED {
            // SAFETY: plain sleep.
            unsafe { sqlite3_sleep((sleep_s * 1000.0) as c_int) };
        }
        if !(rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            break;
        }
    }
    // SAFETY: finishing the live handle exactly once.
    let frc = unsafe { sqlite3_backup_finish(b) };
    if rc != SQLITE_DONE || frc != SQLITE_OK {
        return Err(db_error(vm, dst));
    }
    Ok(Value::None)
}

fn conn_serialize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let [name] = args.rest().clinic(vm, "serialize", ["name"], 0, 0, 0)?;
    let db = check_conn(vm, &this)?;
    let name = match name {
        Some(v) => crate::sqlite::str_arg(vm, &v, "serialize() argument 'name'")?,
        None => "main".into(),
    };
    let cname = cstring(vm, &name)?;
    let mut size: i64 = 0;
    // SAFETY: `db` is open; the returned buffer is freed below.
    let p = unsafe { sqlite3_serialize(db, cname.as_ptr(), &mut size, 0) };
    if p.is_null() {
        return Err(crate::sqlite::operational_error(vm, format!("unable to serialize '{name}'")));
    }
    // SAFETY: `p` holds `size` bytes, allocated by SQLite.
    let data = unsafe { std::slice::from_raw_parts(p, size as usize) }.to_vec();
    // SAFETY: as above.
    unsafe { sqlite3_free(p as *mut c_void) };
    Ok(vm.new_bytes(data))
}

fn conn_deserialize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let [data, name] = args.rest().clinic(vm, "deserialize", ["data", "name"], 1, 1, 1)?;
    let db = check_conn(vm, &this)?;
    let data = data.unwrap();
    let bytes = vm::objects::memoryview::bytes_like(vm, &data)?;
    let name = match name {
        Some(v) => crate::sqlite::str_arg(vm, &v, "deserialize() argument 'name'")?,
        None => "main".into(),
    };
    let cname = cstring(vm, &name)?;
    // SAFETY: allocating the buffer SQLite takes ownership of (SQLITE_DESERIALIZE_FREEONCLOSE
    // | RESIZEABLE = 1 | 2).
    let rc = unsafe {
        let buf = sqlite3_malloc64(bytes.len().max(1) as u64) as *mut u8;
        if buf.is_null() {
            return Err(vm.new_exception(&vm.exc.memory_error.clone(), ""));
        }
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), buf, bytes.len());
        sqlite3_deserialize(db, cname.as_ptr(), buf, bytes.len() as i64, bytes.len() as i64, 3)
    };
    if rc != SQLITE_OK {
        return Err(db_error(vm, db));
    }
    Ok(Value::None)
}

// ---------------------------------------------------------------------------------------------
// Blob
// ---------------------------------------------------------------------------------------------

struct BlobS {
    h: *mut BlobH,
    db: *mut Db,
    offset: i64,
    conn: Value,
}

impl Drop for BlobS {
    fn drop(&mut self) {
        if !self.h.is_null() {
            unregister(self.h);
            // SAFETY: the handle is open and closed only once.
            unsafe { sqlite3_blob_close(self.h) };
        }
    }
}

vm::gil_local! {
    /// Open blob handles by database, closed when their connection closes.
    static OPEN_BLOBS: RefCell<Vec<(usize, usize)>> = const { RefCell::new(Vec::new()) };
}

fn unregister(h: *mut BlobH) {
    OPEN_BLOBS.with(|b| b.borrow_mut().retain(|(_, x)| *x != h as usize));
}

/// Closes the blob handles of `db` (its connection is closing); their Blob objects then
/// report "Cannot operate on a closed blob."
pub(crate) fn close_blobs(db: *mut Db) {
    let hs: Vec<usize> = OPEN_BLOBS.with(|b| {
        let mut v = b.borrow_mut();
        let hs = v.iter().filter(|(d, _)| *d == db as usize).map(|(_, h)| *h).collect();
        v.retain(|(d, _)| *d != db as usize);
        hs
    });
    for h in hs {
        CLOSED_BY_CONN.with(|c| c.borrow_mut().push(h));
        // SAFETY: the handle was open and is closed once here; its Blob sees it in CLOSED_BY_CONN.
        unsafe { sqlite3_blob_close(h as *mut BlobH) };
    }
}

vm::gil_local! {
    static CLOSED_BY_CONN: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

fn blob_cell<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a RefCell<BlobS>> {
    state::<BlobS>(v).ok_or_else(|| native::wrong_self(vm, v, "sqlite3.Blob"))
}

/// The open handle of a blob (CPython's `check_blob`).
fn check_blob(vm: &Vm, v: &Value) -> PyResult<*mut BlobH> {
    let cell = blob_cell(vm, v)?;
    let h = cell.borrow().h;
    if !h.is_null() && CLOSED_BY_CONN.with(|c| c.borrow().contains(&(h as usize))) {
        CLOSED_BY_CONN.with(|c| c.borrow_mut().retain(|x| *x != h as usize));
        cell.borrow_mut().h = std::ptr::null_mut();
    }
    let conn = cell.borrow().conn.clone();
    check_conn(vm, &conn)?;
    let h = cell.borrow().h;
    if h.is_null() {
        return Err(programming_error(vm, "Cannot operate on a closed blob."));
    }
    Ok(h)
}

fn conn_blobopen(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let [table, column, row, readonly, name] =
        args.rest().clinic(vm, "blobopen", ["table", "column", "row", "readonly", "name"], 3, 3, 3)?;
    let db = check_conn(vm, &this)?;
    let table = crate::sqlite::str_arg(vm, &table.unwrap(), "blobopen() argument 1")?;
    let column = crate::sqlite::str_arg(vm, &column.unwrap(), "blobopen() argument 2")?;
    let row = vm.to_i64_index(&row.unwrap())?;
    let readonly = match readonly {
        Some(v) => vm.truthy(&v)?,
        None => false,
    };
    let name = match name {
        Some(v) => crate::sqlite::str_arg(vm, &v, "blobopen() argument 'name'")?,
        None => "main".into(),
    };
    let (ct, cc, cn) = (cstring(vm, &table)?, cstring(vm, &column)?, cstring(vm, &name)?);
    let mut h: *mut BlobH = std::ptr::null_mut();
    // SAFETY: `db` is open; names are NUL-terminated.
    let rc = unsafe { sqlite3_blob_open(db, cn.as_ptr(), ct.as_ptr(), cc.as_ptr(), row, (!readonly) as c_int, &mut h) };
    if rc == SQLITE_MISUSE {
        return Err(error_for_code(vm, rc, rc, "Blob opening failed".into()));
    }
    if rc != SQLITE_OK {
        return Err(db_error(vm, db));
    }
    OPEN_BLOBS.with(|b| b.borrow_mut().push((db as usize, h as usize)));
    let t = st().blob_type.clone();
    Ok(new_instance(vm, &t, BlobS { h, db, offset: 0, conn: this }))
}

fn blob_len_of(h: *mut BlobH) -> i64 {
    // SAFETY: `h` is open.
    unsafe { sqlite3_blob_bytes(h) as i64 }
}

fn blob_read(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let a = args.posonly(vm, "read", 0, 1)?;
    let h = check_blob(vm, &this)?;
    let cell = blob_cell(vm, &this)?;
    let len = blob_len_of(h);
    let off = cell.borrow().offset;
    let mut n = match a.get(1) {
        Some(v) => native::clinic_int(vm, v)? as i64,
        None => -1,
    };
    if n < 0 || n > len - off {
        n = len - off;
    }
    let mut buf = vec![0u8; n.max(0) as usize];
    if n > 0 {
        // SAFETY: `buf` has room for `n` bytes; the range lies within the blob.
        let rc = unsafe { sqlite3_blob_read(h, buf.as_mut_ptr() as *mut c_void, n as c_int, off as c_int) };
        if rc != SQLITE_OK {
            let db = cell.borrow().db;
            return Err(db_error(vm, db));
        }
        cell.borrow_mut().offset += n;
    }
    Ok(vm.new_bytes(buf))
}

fn blob_write(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "write")?;
    let this = &a[0];
    let data = vm::objects::memoryview::bytes_like(vm, &a[1])?;
    let h = check_blob(vm, this)?;
    let cell = blob_cell(vm, this)?;
    let off = cell.borrow().offset;
    if data.len() as i64 > blob_len_of(h) - off {
        return Err(vm.new_value_error("data longer than blob length"));
    }
    // SAFETY: the range lies within the blob; `data` holds the bytes.
    let rc = unsafe { sqlite3_blob_write(h, data.as_ptr() as *const c_void, data.len() as c_int, off as c_int) };
    if rc != SQLITE_OK {
        let db = cell.borrow().db;
        return Err(db_error(vm, db));
    }
    cell.borrow_mut().offset += data.len() as i64;
    Ok(Value::None)
}

fn blob_seek(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let a = args.posonly(vm, "seek", 1, 2)?;
    let h = check_blob(vm, &this)?;
    let off = native::clinic_int(vm, &a[1])? as i64;
    let whence = match a.get(2) {
        Some(v) => native::clinic_int(vm, v)?,
        None => 0,
    };
    let cell = blob_cell(vm, &this)?;
    let len = blob_len_of(h);
    let base = match whence {
        0 => 0,
        1 => cell.borrow().offset,
        2 => len,
        _ => return Err(vm.new_value_error("'origin' should be os.SEEK_SET, os.SEEK_CUR, or os.SEEK_END")),
    };
    let pos = base + off;
    if pos < 0 || pos > len {
        return Err(vm.new_value_error("offset out of blob range"));
    }
    cell.borrow_mut().offset = pos;
    Ok(Value::None)
}

fn blob_tell(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "tell")?;
    check_blob(vm, &a[0])?;
    Ok(Value::Int(blob_cell(vm, &a[0])?.borrow().offset))
}

fn blob_len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__len__")?;
    let h = check_blob(vm, &a[0])?;
    Ok(Value::Int(blob_len_of(h)))
}

fn blob_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "close")?;
    let cell = blob_cell(vm, &a[0])?;
    let conn = cell.borrow().conn.clone();
    check_conn(vm, &conn)?;
    let h = std::mem::replace(&mut cell.borrow_mut().h, std::ptr::null_mut());
    if !h.is_null() {
        unregister(h);
        // SAFETY: the handle was open; it is no longer reachable from the Blob.
        unsafe { sqlite3_blob_close(h) };
    }
    Ok(Value::None)
}

fn blob_enter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__enter__")?;
    check_blob(vm, &a[0])?;
    Ok(a[0].clone())
}

fn blob_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "__exit__", 3, 3)?;
    check_blob(vm, &a[0])?;
    blob_close(vm, Args::new(&a[..1]))?;
    Ok(Value::Bool(false))
}

fn blob_no_new(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(vm.new_type_error("cannot create 'sqlite3.Blob' instances"))
}

pub(crate) fn blob_type(vm: &mut Vm) -> PyRef {
    let t = crate::bz2::final_type(vm, "sqlite3", "Blob");
    native::setup(
        vm,
        &t,
        Some(blob_no_new),
        &[
            ("read", blob_read, "Read data at the current offset position."),
            ("write", blob_write, "Write data at the current offset."),
            ("seek", blob_seek, "Set the current access position to offset."),
            ("tell", blob_tell, "Return the current access position for the blob."),
            ("close", blob_close, "Close the blob."),
            ("__len__", blob_len, "Return len(self)."),
            ("__enter__", blob_enter, "Blob context manager enter."),
            ("__exit__", blob_exit, "Blob context manager exit."),
        ],
    );
    t
}

pub(crate) const CONN_EXTRA_METHODS: &[MethodDef] = &[
    ("getlimit", conn_getlimit, "Get connection run-time limits."),
    ("setlimit", conn_setlimit, "Set connection run-time limits."),
    ("backup", conn_backup, "Makes a backup of the database."),
    ("serialize", conn_serialize, "Serialize a database into a byte string."),
    ("deserialize", conn_deserialize, "Load a serialized database."),
    ("blobopen", conn_blobopen, "Open and return a BLOB object."),
];
