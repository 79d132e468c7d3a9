//! Stdlib stage: `sqlite3.Cursor` and `sqlite3.Row` of `_sqlite3`, as CPython 3.11 behaves:
//! `execute`/`executemany`/`executescript`, qmark and named parameter binding (with adapters
//! and CPython's ProgrammingError messages), fetching with converters (`detect_types`),
//! `text_factory` and `row_factory`, `description`, `rowcount` and `lastrowid`. Guarantees: a
//! statement is stepped only while its cursor holds it and finalised exactly once (on drop),
//! and no cursor or connection state is borrowed while Python code (adapters, converters,
//! factories, SQL functions) runs.

use crate::native::{self, new_instance, state};
use crate::sqlite::{check_conn, conn_cell, cstring, db_error, exec_simple, programming_error, st, with_vm};
use crate::sqlite_ffi::*;
use std::cell::RefCell;
use std::ffi::{c_char, c_int, CStr};
use std::rc::Rc;
use vm::func::Args;
use vm::types::Layout;
use vm::value::{Payload, PyRef, Value};
use vm::{PyResult, Vm};

/// A prepared statement, finalised when the last holder lets go.
pub(crate) struct StmtH(pub *mut Stmt);

impl Drop for StmtH {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: the statement was prepared and is finalised only here.
            unsafe { sqlite3_finalize(self.0) };
        }
    }
}

pub(crate) struct Cur {
    initialized: bool,
    conn: Value,
    stmt: Option<Rc<StmtH>>,
    is_dml: bool,
    converters: Vec<Option<Value>>,
    description: Value,
    rowcount: i64,
    lastrowid: Value,
    arraysize: i64,
    row_factory: Value,
    closed: bool,
    locked: bool,
}

fn cur_cell<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a RefCell<Cur>> {
    state::<Cur>(v).ok_or_else(|| native::wrong_self(vm, v, "sqlite3.Cursor"))
}

pub(crate) fn set_row_factory(cur: &Value, rf: Value) {
    if let Some(c) = state::<Cur>(cur) {
        c.borrow_mut().row_factory = rf;
    }
}

/// CPython's `check_cursor`: the connection and its open database.
fn check_cursor(vm: &Vm, this: &Value) -> PyResult<(Value, *mut Db)> {
    let c = cur_cell(vm, this)?.borrow();
    if !c.initialized {
        return Err(programming_error(vm, "Base Cursor.__init__ not called."));
    }
    if c.closed {
        return Err(programming_error(vm, "Cannot operate on a closed cursor."));
    }
    if c.locked {
        return Err(programming_error(vm, "Recursive use of cursors not allowed."));
    }
    let conn = c.conn.clone();
    drop(c);
    let db = check_conn(vm, &conn)?;
    Ok((conn, db))
}

fn cur_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, _) = native::new_args(&args);
    let c = Cur {
        initialized: false,
        conn: Value::None,
        stmt: None,
        is_dml: false,
        converters: Vec::new(),
        description: Value::None,
        rowcount: -1,
        lastrowid: Value::None,
        arraysize: 1,
        row_factory: Value::None,
        closed: false,
        locked: false,
    };
    Ok(new_instance(vm, &cls, c))
}

fn cur_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let a = args.rest();
    a.no_kwargs(vm, "Cursor")?;
    let a = a.range(vm, "Cursor", 1, 1)?;
    let conn_type = st().connection_type.clone();
    if !vm.isinstance(&a[0], &conn_type) {
        return Err(
            vm.new_type_error(format!("Cursor() argument 1 must be sqlite3.Connection, not {}", vm.type_name(&a[0])))
        );
    }
    let mut c = cur_cell(vm, &this)?.borrow_mut();
    c.initialized = true;
    c.conn = a[0].clone();
    c.arraysize = 1;
    c.rowcount = -1;
    c.lastrowid = Value::None;
    c.description = Value::None;
    c.row_factory = Value::None;
    c.closed = false;
    Ok(Value::None)
}

/// Skips blanks and SQL comments (CPython's `lstrip_sql`).
fn lstrip_sql(s: &[u8]) -> &[u8] {
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0c => i += 1,
            b'-' if s.get(i + 1) == Some(&b'-') => {
                while i < s.len() && s[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if s.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < s.len() && !(s[i] == b'*' && s.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                if i >= s.len() {
                    return &[];
                }
                i += 2;
            }
            _ => break,
        }
    }
    &s[i..]
}

fn starts_ci(s: &[u8], p: &str) -> bool {
    s.len() >= p.len() && s[..p.len()].eq_ignore_ascii_case(p.as_bytes())
}

/// Prepares one statement (CPython's `pysqlite_statement_create`): the statement (null for
/// empty SQL) and whether it is DML.
fn prepare(vm: &mut Vm, db: *mut Db, sql: &str) -> PyResult<(StmtH, bool)> {
    if sql.contains('\0') {
        return Err(programming_error(vm, "the query contains a null character"));
    }
    // SAFETY: `db` is open.
    let max = unsafe { sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, -1) };
    if sql.len() > max as usize {
        return Err(vm.new_exception(&st().data_error, "query string is too large"));
    }
    let c = cstring(vm, sql)?;
    let mut stmt: *mut Stmt = std::ptr::null_mut();
    let mut tail: *const c_char = std::ptr::null();
    // SAFETY: `c` is NUL-terminated and outlives the call; `stmt`/`tail` receive the results.
    let rc = with_vm(vm, || unsafe { sqlite3_prepare_v2(db, c.as_ptr(), -1, &mut stmt, &mut tail) });
    if rc != SQLITE_OK {
        return Err(db_error(vm, db));
    }
    let h = StmtH(stmt);
    let off = if tail.is_null() { sql.len() } else { tail as usize - c.as_ptr() as usize };
    if !lstrip_sql(&sql.as_bytes()[off.min(sql.len())..]).is_empty() {
        return Err(programming_error(vm, "You can only execute one statement at a time."));
    }
    let head = lstrip_sql(sql.as_bytes());
    let is_dml = ["insert", "update", "delete", "replace"].iter().any(|p| starts_ci(head, p));
    Ok((h, is_dml))
}

/// `Connection.__call__`: compiles a statement only to check it.
pub(crate) fn check_sql(vm: &mut Vm, conn: &Value, sql: &str) -> PyResult<()> {
    let db = check_conn(vm, conn)?;
    prepare(vm, db, sql).map(|_| ())
}

// ---------------------------------------------------------------------------------------------
// Adapting and binding parameters
// ---------------------------------------------------------------------------------------------

/// CPython's `pysqlite_microprotocols_adapt` without the fallback: the registered adapter for
/// `(type(obj), proto)`, then `proto.__adapt__(obj)`, then `obj.__conform__(proto)`.
pub(crate) fn adapt(vm: &mut Vm, obj: &Value, proto: &Value) -> PyResult<Option<Value>> {
    let s = st();
    let key = vm.new_tuple(vec![Value::Obj(vm.type_of(obj)), proto.clone()]);
    if let Some(a) = vm.mapping_get(&Value::Obj(s.adapters.clone()), &key)? {
        return vm.call(&a, Args::new(std::slice::from_ref(obj))).map(Some);
    }
    if let Some(f) = vm.getattr_opt(proto, "__adapt__")? {
        let r = vm.call(&f, Args::new(std::slice::from_ref(obj)))?;
        if !r.is_none() {
            return Ok(Some(r));
        }
    }
    if let Some(f) = vm.getattr_opt(obj, "__conform__")? {
        let r = vm.call(&f, Args::new(std::slice::from_ref(proto)))?;
        if !r.is_none() {
            return Ok(Some(r));
        }
    }
    Ok(None)
}

fn is_exact(vm: &Vm, v: &Value, t: &PyRef) -> bool {
    Rc::ptr_eq(&vm.type_of(v), t)
}

fn need_adapt(vm: &Vm, v: &Value) -> bool {
    if crate::sqlite::base_type_adapted() {
        return true;
    }
    !(matches!(v, Value::Int(_) | Value::Float(_))
        || is_exact(vm, v, &vm.types.int)
        || is_exact(vm, v, &vm.types.float)
        || is_exact(vm, v, &vm.types.str_)
        || is_exact(vm, v, &vm.types.bytearray))
}

/// A value SQLite can store.
pub(crate) enum Sql {
    Null,
    Int(i64),
    Float(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// Converts a Python value to an SQLite value: None for an unsupported type; OverflowError for
/// an int out of the 64-bit range.
pub(crate) fn to_sql(vm: &Vm, v: &Value) -> PyResult<Option<Sql>> {
    Ok(Some(match v {
        Value::None => Sql::Null,
        Value::Bool(b) => Sql::Int(*b as i64),
        Value::Int(i) => Sql::Int(*i),
        Value::Float(f) => Sql::Float(*f),
        Value::Obj(o) => match &o.payload {
            Payload::Int(b) => match num_traits::ToPrimitive::to_i64(b) {
                Some(i) => Sql::Int(i),
                None => return Err(vm.new_overflow_error("Python int too large to convert to SQLite INTEGER")),
            },
            Payload::Float(f) => Sql::Float(*f),
            Payload::Str(s) => Sql::Text(s.as_str().to_string()),
            _ => match vm::objects::memoryview::buffer_bytes(v) {
                Some(b) => Sql::Blob(b),
                None => return Ok(None),
            },
        },
    }))
}

fn bind_one(vm: &mut Vm, stmt: *mut Stmt, i: c_int, v: &Value) -> PyResult<bool> {
    let adapted = if need_adapt(vm, v) {
        let proto = Value::Obj(st().proto_type.clone());
        adapt(vm, v, &proto)?.unwrap_or_else(|| v.clone())
    } else {
        v.clone()
    };
    let Some(val) = to_sql(vm, &adapted)? else { return Ok(false) };
    // SAFETY: `stmt` is a live statement; text and blobs are copied (SQLITE_TRANSIENT).
    let rc = unsafe {
        match &val {
            Sql::Null => sqlite3_bind_null(stmt, i),
            Sql::Int(n) => sqlite3_bind_int64(stmt, i, *n),
            Sql::Float(f) => sqlite3_bind_double(stmt, i, *f),
            Sql::Text(s) => {
                if s.len() > c_int::MAX as usize {
                    return Err(vm.new_overflow_error("string longer than INT_MAX bytes"));
                }
                sqlite3_bind_text(stmt, i, s.as_ptr() as *const c_char, s.len() as c_int, SQLITE_TRANSIENT)
            }
            Sql::Blob(b) => {
                if b.len() > c_int::MAX as usize {
                    return Err(vm.new_overflow_error("BLOB longer than INT_MAX bytes"));
                }
                sqlite3_bind_blob(stmt, i, b.as_ptr() as *const _, b.len() as c_int, SQLITE_TRANSIENT)
            }
        }
    };
    Ok(rc == SQLITE_OK)
}

/// CPython's `bind_parameters`: a sequence binds by position, a dict by name.
fn bind_parameters(vm: &mut Vm, stmt: *mut Stmt, params: &Value) -> PyResult<()> {
    // SAFETY: `stmt` is a live statement.
    let needed = unsafe { sqlite3_bind_parameter_count(stmt) };
    let s = st();
    let is_dict = vm.isinstance(params, &vm.types.dict.clone());
    let is_seq = matches!(params.payload(), Some(Payload::Tuple(_) | Payload::List(_)))
        || (!is_dict && vm.lookup_special(params, "__getitem__").is_some() && !params.is_none());
    if is_seq {
        let n = vm.len(params)?;
        if n != needed as usize {
            return Err(vm.new_exception(
                &s.programming_error,
                format!(
                    "Incorrect number of bindings supplied. The current statement uses {needed}, and there are {n} supplied."
                ),
            ));
        }
        for i in 0..n {
            let item = vm.getitem(params, &Value::Int(i as i64))?;
            if !bind_one(vm, stmt, i as c_int + 1, &item)? {
                return Err(vm.new_exception(
                    &s.programming_error,
                    format!("Error binding parameter {}: type '{}' is not supported", i + 1, vm.type_name(&item)),
                ));
            }
        }
        Ok(())
    } else if is_dict {
        for i in 1..=needed {
            // SAFETY: `stmt` is live; the name is NUL-terminated or null.
            let name = unsafe { sqlite3_bind_parameter_name(stmt, i) };
            if name.is_null() {
                return Err(vm.new_exception(
                    &s.programming_error,
                    format!("Binding {i} has no name, but you supplied a dictionary (which has only names)."),
                ));
            }
            // SAFETY: checked non-null above.
            let full = unsafe { CStr::from_ptr(name) }.to_string_lossy().into_owned();
            let key = &full[1..];
            let item = match vm.getitem(params, &vm.new_str(key)) {
                Ok(v) => v,
                Err(e) if vm.isinstance_exc(&e, &vm.exc.lookup_error.clone()) => {
                    return Err(vm.new_exception(
                        &s.programming_error,
                        format!("You did not supply a value for binding parameter :{key}."),
                    ))
                }
                Err(e) => return Err(e),
            };
            if !bind_one(vm, stmt, i, &item)? {
                return Err(vm.new_exception(
                    &s.programming_error,
                    format!("Error binding parameter :{key}: type '{}' is not supported", vm.type_name(&item)),
                ));
            }
        }
        Ok(())
    } else {
        Err(programming_error(vm, "parameters are of unsupported type"))
    }
}

// ---------------------------------------------------------------------------------------------
// Executing
// ---------------------------------------------------------------------------------------------

/// The column name for `description` (CPython's `_pysqlite_build_column_name`).
fn column_name(detect: i64, name: &str) -> String {
    if detect & 2 != 0 {
        if let Some(p) = name.find('[') {
            let mut end = p;
            if p > 0 && name.as_bytes()[p - 1] == b' ' {
                end -= 1;
            }
            return name[..end].to_string();
        }
    }
    name.to_string()
}

fn cstr_opt(p: *const c_char) -> Option<String> {
    if p.is_null() {
        None
    } else {
        // SAFETY: SQLite returns NUL-terminated strings valid until the next call on the statement.
        Some(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
    }
}

fn lookup_converter(vm: &mut Vm, name: &str) -> PyResult<Option<Value>> {
    let key = vm.new_str(name.to_uppercase());
    vm.mapping_get(&Value::Obj(st().converters.clone()), &key)
}

/// The description and converters of a statement's columns.
fn describe(vm: &mut Vm, stmt: *mut Stmt, detect: i64) -> PyResult<(Value, Vec<Option<Value>>)> {
    // SAFETY: `stmt` is live.
    let n = unsafe { sqlite3_column_count(stmt) };
    let mut desc = Vec::new();
    let mut convs = Vec::new();
    for i in 0..n {
        // SAFETY: `i` is a valid column index.
        let name = cstr_opt(unsafe { sqlite3_column_name(stmt, i) }).unwrap_or_default();
        let mut conv = None;
        if detect & 2 != 0 {
            if let Some(p) = name.find('[') {
                let rest = &name[p + 1..];
                if let Some(q) = rest.find(']') {
                    conv = lookup_converter(vm, &rest[..q])?;
                }
            }
        }
        if conv.is_none() && detect & 1 != 0 {
            // SAFETY: as above.
            if let Some(decl) = cstr_opt(unsafe { sqlite3_column_decltype(stmt, i) }) {
                let end = decl.find([' ', '(']).unwrap_or(decl.len());
                conv = lookup_converter(vm, &decl[..end])?;
            }
        }
        convs.push(conv);
        let mut item = vec![vm.new_str(column_name(detect, &name))];
        item.extend(std::iter::repeat_n(Value::None, 6));
        desc.push(vm.new_tuple(item));
    }
    let d = if n > 0 { vm.new_tuple(desc) } else { Value::None };
    Ok((d, convs))
}

fn execute_args<'a>(vm: &Vm, args: &Args<'a>, name: &str, min: usize) -> PyResult<&'a [Value]> {
    args.rest().no_kwargs(vm, name)?;
    args.posonly(vm, name, min, 2)
}

fn cur_execute(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = execute_args(vm, &args, "execute", 1)?;
    query_execute(vm, &a[0], false, &a[1], a.get(2).cloned())
}

fn cur_executemany(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = execute_args(vm, &args, "executemany", 2)?;
    query_execute(vm, &a[0], true, &a[1], Some(a[2].clone()))
}

fn query_execute(vm: &mut Vm, this: &Value, multiple: bool, sql: &Value, params: Option<Value>) -> PyResult<Value> {
    let (conn, db) = check_cursor(vm, this)?;
    let name = if multiple { "executemany" } else { "execute" };
    let sql = match sql.as_str() {
        Some(s) => s.as_str().to_string(),
        None => return Err(vm.new_type_error(format!("{name}() argument 1 must be str, not {}", vm.type_name(sql)))),
    };
    let cell = cur_cell(vm, this)?;
    cell.borrow_mut().locked = true;
    let r = execute_inner(vm, this, &conn, db, multiple, &sql, params);
    let mut c = cell.borrow_mut();
    c.locked = false;
    if r.is_err() {
        c.rowcount = -1;
    }
    r.map(|_| this.clone())
}

fn execute_inner(
    vm: &mut Vm,
    this: &Value,
    conn: &Value,
    db: *mut Db,
    multiple: bool,
    sql: &str,
    params: Option<Value>,
) -> PyResult<()> {
    let cell = cur_cell(vm, this)?;
    let old = {
        let mut c = cell.borrow_mut();
        c.description = Value::None;
        c.rowcount = 0;
        c.stmt.take()
    };
    drop(old);
    let (stmt, is_dml) = prepare(vm, db, sql)?;
    let stmt = Rc::new(stmt);
    let st_ptr = stmt.0;
    // SAFETY: a non-null statement is live.
    if multiple && !st_ptr.is_null() && unsafe { sqlite3_stmt_readonly(st_ptr) } != 0 {
        return Err(programming_error(vm, "executemany() can only execute DML statements."));
    }
    let (begin, detect) = {
        let c = conn_cell(conn).expect("checked").borrow();
        (c.begin, c.detect_types)
    };
    if is_dml {
        if let Some(b) = begin {
            // SAFETY: `db` is open.
            if unsafe { sqlite3_get_autocommit(db) } != 0 {
                exec_simple(vm, db, b)?;
            }
        }
    }
    let iter = match (&params, multiple) {
        (Some(p), true) => Some(vm.iter(p)?),
        _ => None,
    };
    let mut single = if multiple { None } else { Some(params.unwrap_or_else(|| vm.new_tuple(Vec::new()))) };
    let mut first = true;
    loop {
        let p = match &iter {
            Some(it) => match vm.next(it)? {
                Some(p) => p,
                None => break,
            },
            None => match single.take() {
                Some(p) => p,
                None => break,
            },
        };
        if st_ptr.is_null() {
            continue;
        }
        // SAFETY: `st_ptr` is live (held by `stmt`).
        unsafe { sqlite3_reset(st_ptr) };
        bind_parameters(vm, st_ptr, &p)?;
        // SAFETY: as above; callbacks find the VM through `with_vm`.
        let rc = with_vm(vm, || unsafe { sqlite3_step(st_ptr) });
        if rc != SQLITE_DONE && rc != SQLITE_ROW {
            let e = db_error(vm, db);
            // SAFETY: as above.
            unsafe { sqlite3_reset(st_ptr) };
            return Err(e);
        }
        if first {
            first = false;
            let (desc, convs) = describe(vm, st_ptr, detect)?;
            let mut c = cell.borrow_mut();
            c.description = desc;
            c.converters = convs;
        }
        if rc == SQLITE_DONE && is_dml {
            // SAFETY: `db` is open.
            let n = unsafe { sqlite3_changes(db) } as i64;
            cell.borrow_mut().rowcount += n;
        }
        if !multiple {
            // SAFETY: `db` is open.
            let rowid = unsafe { sqlite3_last_insert_rowid(db) };
            cell.borrow_mut().lastrowid = Value::Int(rowid);
        }
        if rc == SQLITE_ROW {
            if multiple {
                return Err(programming_error(vm, "executemany() can only execute DML statements."));
            }
            let mut c = cell.borrow_mut();
            c.stmt = Some(stmt.clone());
            c.is_dml = is_dml;
        } else {
            // SAFETY: as above.
            unsafe { sqlite3_reset(st_ptr) };
        }
    }
    if st_ptr.is_null() && !multiple {
        // SAFETY: `db` is open.
        let rowid = unsafe { sqlite3_last_insert_rowid(db) };
        cell.borrow_mut().lastrowid = Value::Int(rowid);
    }
    if !is_dml {
        cell.borrow_mut().rowcount = -1;
    }
    Ok(())
}

fn cur_executescript(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.one(vm, "executescript")?;
    let this = &a[0];
    let script = match a[1].as_str() {
        Some(s) => s.as_str().to_string(),
        None => {
            return Err(vm.new_type_error(format!("executescript() argument must be str, not {}", vm.type_name(&a[1]))))
        }
    };
    let c = cstring(vm, &script)?;
    let (_conn, db) = check_cursor(vm, this)?;
    // SAFETY: `db` is open.
    let max = unsafe { sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, -1) };
    if script.len() > max as usize {
        return Err(vm.new_exception(&st().data_error, "query string is too large"));
    }
    // SAFETY: `db` is open.
    if unsafe { sqlite3_get_autocommit(db) } == 0 {
        exec_simple(vm, db, "COMMIT")?;
    }
    let mut p: *const c_char = c.as_ptr();
    loop {
        let mut stmt: *mut Stmt = std::ptr::null_mut();
        let mut tail: *const c_char = std::ptr::null();
        // SAFETY: `p` points into `c` (NUL-terminated); the statement is finalised below.
        let rc = with_vm(vm, || unsafe {
            let mut rc = sqlite3_prepare_v2(db, p, -1, &mut stmt, &mut tail);
            if rc == SQLITE_OK && !stmt.is_null() {
                loop {
                    rc = sqlite3_step(stmt);
                    if rc != SQLITE_ROW {
                        break;
                    }
                }
                let frc = sqlite3_finalize(stmt);
                rc = if rc == SQLITE_DONE { frc } else { rc };
            }
            rc
        });
        if rc != SQLITE_OK {
            return Err(db_error(vm, db));
        }
        // SAFETY: `tail` points into `c`, at most at its terminating NUL.
        if tail.is_null() || unsafe { *tail } == 0 {
            break;
        }
        p = tail;
    }
    Ok(this.clone())
}

// ---------------------------------------------------------------------------------------------
// Fetching
// ---------------------------------------------------------------------------------------------

enum Raw {
    Null,
    Int(i64),
    Float(f64),
    Text(Vec<u8>),
    Blob(Vec<u8>),
}

fn column_bytes(stmt: *mut Stmt, i: c_int) -> Vec<u8> {
    // SAFETY: `stmt` has a current row; the blob pointer is valid for `bytes` bytes until the
    // next call on the statement.
    unsafe {
        let p = sqlite3_column_blob(stmt, i) as *const u8;
        let n = sqlite3_column_bytes(stmt, i);
        if p.is_null() || n <= 0 {
            Vec::new()
        } else {
            std::slice::from_raw_parts(p, n as usize).to_vec()
        }
    }
}

fn read_raw(stmt: *mut Stmt, i: c_int) -> Raw {
    // SAFETY: `stmt` has a current row and `i` is a valid column.
    unsafe {
        match sqlite3_column_type(stmt, i) {
            SQLITE_NULL => Raw::Null,
            SQLITE_INTEGER => Raw::Int(sqlite3_column_int64(stmt, i)),
            SQLITE_FLOAT => Raw::Float(sqlite3_column_double(stmt, i)),
            SQLITE_TEXT => {
                let p = sqlite3_column_text(stmt, i);
                let n = sqlite3_column_bytes(stmt, i);
                Raw::Text(if p.is_null() { Vec::new() } else { std::slice::from_raw_parts(p, n as usize).to_vec() })
            }
            _ => Raw::Blob(column_bytes(stmt, i)),
        }
    }
}

/// CPython's `_pysqlite_fetch_one_row`: the current row as a tuple.
fn fetch_one_row(vm: &mut Vm, this: &Value, stmt: *mut Stmt) -> PyResult<Value> {
    let (conn, convs) = {
        let c = cur_cell(vm, this)?.borrow();
        (c.conn.clone(), c.converters.clone())
    };
    // SAFETY: `stmt` is live with a current row.
    let n = unsafe { sqlite3_column_count(stmt) };
    let mut raws = Vec::with_capacity(n as usize);
    for i in 0..n {
        let conv = convs.get(i as usize).cloned().flatten();
        // SAFETY: as above.
        let is_null = unsafe { sqlite3_column_type(stmt, i) } == SQLITE_NULL;
        if conv.is_some() && !is_null {
            raws.push((Raw::Blob(column_bytes(stmt, i)), conv, i));
        } else {
            raws.push((read_raw(stmt, i), None, i));
        }
    }
    let text_factory = conn_cell(&conn).map(|c| c.borrow().text_factory.clone()).unwrap_or(Value::None);
    let mut items = Vec::with_capacity(raws.len());
    for (raw, conv, i) in raws {
        let v = match (raw, conv) {
            (Raw::Blob(b), Some(f)) => {
                let arg = vm.new_bytes(b);
                vm.call(&f, Args::new(&[arg]))?
            }
            (Raw::Null, _) => Value::None,
            (Raw::Int(n), _) => Value::Int(n),
            (Raw::Float(f), _) => Value::Float(f),
            (Raw::Blob(b), None) => vm.new_bytes(b),
            (Raw::Text(t), _) => {
                if text_factory.is(&Value::Obj(vm.types.str_.clone())) {
                    match String::from_utf8(t) {
                        Ok(s) => vm.new_str(s),
                        Err(e) => {
                            // SAFETY: `stmt` is live.
                            let col = cstr_opt(unsafe { sqlite3_column_name(stmt, i) }).unwrap_or_default();
                            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                            return Err(crate::sqlite::operational_error(
                                vm,
                                format!("Could not decode to UTF-8 column '{col}' with text '{text}'"),
                            ));
                        }
                    }
                } else if text_factory.is(&Value::Obj(vm.types.bytes.clone())) {
                    vm.new_bytes(t)
                } else {
                    let arg = vm.new_bytes(t);
                    vm.call(&text_factory, Args::new(&[arg]))?
                }
            }
        };
        items.push(v);
    }
    Ok(vm.new_tuple(items))
}

/// The next row (CPython's `pysqlite_cursor_iternext`), None when exhausted.
fn next_row(vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
    let (_conn, db) = check_cursor(vm, this)?;
    let cell = cur_cell(vm, this)?;
    let Some(stmt) = cell.borrow().stmt.clone() else { return Ok(None) };
    let row = fetch_one_row(vm, this, stmt.0);
    // SAFETY: the statement is live (held by `stmt`).
    let rc = with_vm(vm, || unsafe { sqlite3_step(stmt.0) });
    if rc == SQLITE_DONE {
        let mut c = cell.borrow_mut();
        if c.is_dml {
            // SAFETY: `db` is open.
            c.rowcount = unsafe { sqlite3_changes(db) } as i64;
        }
        // SAFETY: as above.
        unsafe { sqlite3_reset(stmt.0) };
        c.stmt = None;
    } else if rc != SQLITE_ROW {
        let e = db_error(vm, db);
        // SAFETY: as above.
        unsafe { sqlite3_reset(stmt.0) };
        cell.borrow_mut().stmt = None;
        return Err(e);
    }
    let row = row?;
    let rf = cell.borrow().row_factory.clone();
    if rf.is_none() {
        Ok(Some(row))
    } else {
        vm.call(&rf, Args::new(&[this.clone(), row])).map(Some)
    }
}

fn cur_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match next_row(vm, &args.args[0])? {
        Some(r) => Ok(r),
        None => Err(vm.new_stop_iteration(Value::None)),
    }
}

fn cur_fetchone(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "fetchone")?;
    Ok(next_row(vm, &a[0])?.unwrap_or(Value::None))
}

fn cur_fetchmany(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let [size] = args.rest().bind(vm, "fetchmany", ["size"], 0)?;
    let n = match size {
        Some(v) => native::clinic_int(vm, &v)? as i64,
        None => cur_cell(vm, &this)?.borrow().arraysize,
    };
    let mut out = Vec::new();
    while (out.len() as i64) < n {
        match next_row(vm, &this)? {
            Some(r) => out.push(r),
            None => break,
        }
    }
    Ok(vm.new_list(out))
}

fn cur_fetchall(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "fetchall")?;
    let mut out = Vec::new();
    while let Some(r) = next_row(vm, &a[0])? {
        out.push(r);
    }
    Ok(vm.new_list(out))
}

fn cur_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "close")?;
    let cell = cur_cell(vm, &a[0])?;
    let conn = {
        let c = cell.borrow();
        if !c.initialized {
            return Err(programming_error(vm, "Base Cursor.__init__ not called."));
        }
        c.conn.clone()
    };
    check_conn(vm, &conn)?;
    let old = {
        let mut c = cell.borrow_mut();
        c.closed = true;
        c.stmt.take()
    };
    drop(old);
    Ok(Value::None)
}

fn cur_noop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let _ = args.posonly(vm, "setinputsizes", 0, 2)?;
    Ok(Value::None)
}

fn get_connection(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(cur_cell(vm, &args.args[0])?.borrow().conn.clone())
}
fn get_description(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(cur_cell(vm, &args.args[0])?.borrow().description.clone())
}
fn get_rowcount(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(cur_cell(vm, &args.args[0])?.borrow().rowcount))
}
fn get_lastrowid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(cur_cell(vm, &args.args[0])?.borrow().lastrowid.clone())
}
fn get_arraysize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(cur_cell(vm, &args.args[0])?.borrow().arraysize))
}
fn set_arraysize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let n = native::clinic_int(vm, &args.args[1])?;
    cur_cell(vm, &args.args[0])?.borrow_mut().arraysize = n as i64;
    Ok(Value::None)
}
fn get_cur_row_factory(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(cur_cell(vm, &args.args[0])?.borrow().row_factory.clone())
}
fn set_cur_row_factory(vm: &mut Vm, args: Args) -> PyResult<Value> {
    cur_cell(vm, &args.args[0])?.borrow_mut().row_factory = args.args[1].clone();
    Ok(Value::None)
}

pub(crate) fn cursor_type(vm: &mut Vm) -> PyRef {
    let t = native::make_type(vm, "sqlite3", "Cursor", None, Layout::Native);
    native::setup(
        vm,
        &t,
        Some(cur_new),
        &[
            ("__init__", cur_init, ""),
            ("execute", cur_execute, "Executes an SQL statement."),
            ("executemany", cur_executemany, "Repeatedly executes an SQL statement."),
            ("executescript", cur_executescript, "Executes multiple SQL statements at once."),
            ("fetchone", cur_fetchone, "Fetches one row from the resultset."),
            ("fetchmany", cur_fetchmany, "Fetches several rows from the resultset."),
            ("fetchall", cur_fetchall, "Fetches all rows from the resultset."),
            ("close", cur_close, "Closes the cursor."),
            ("setinputsizes", cur_noop, "Required by DB-API. Does nothing in sqlite3."),
            ("setoutputsize", cur_noop, "Required by DB-API. Does nothing in sqlite3."),
            ("__iter__", native::iter_self, "Implement iter(self)."),
            ("__next__", cur_next, "Implement next(self)."),
        ],
    );
    vm.add_getset(&t, "connection", get_connection, None);
    vm.add_getset(&t, "description", get_description, None);
    vm.add_getset(&t, "rowcount", get_rowcount, None);
    vm.add_getset(&t, "lastrowid", get_lastrowid, None);
    vm.add_getset(&t, "arraysize", get_arraysize, Some(set_arraysize));
    vm.add_getset(&t, "row_factory", get_cur_row_factory, Some(set_cur_row_factory));
    t
}

// ---------------------------------------------------------------------------------------------
// Row
// ---------------------------------------------------------------------------------------------

struct RowData {
    description: Value,
    data: Value,
}

fn row_state<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a RefCell<RowData>> {
    state::<RowData>(v).ok_or_else(|| native::wrong_self(vm, v, "sqlite3.Row"))
}

fn tuple_items(v: &Value) -> Vec<Value> {
    match v.payload() {
        Some(Payload::Tuple(t)) => t.to_vec(),
        _ => Vec::new(),
    }
}

fn row_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, rest) = native::new_args(&args);
    rest.no_kwargs(vm, "Row")?;
    let a = rest.range(vm, "Row", 2, 2)?;
    if !vm.isinstance(&a[0], &st().cursor_type) {
        return Err(vm.new_type_error(format!("Row() argument 1 must be sqlite3.Cursor, not {}", vm.type_name(&a[0]))));
    }
    if !vm.isinstance(&a[1], &vm.types.tuple.clone()) {
        return Err(vm.new_type_error(format!("Row() argument 2 must be tuple, not {}", vm.type_name(&a[1]))));
    }
    let description = cur_cell(vm, &a[0])?.borrow().description.clone();
    Ok(new_instance(vm, &cls, RowData { description, data: a[1].clone() }))
}

fn row_names(vm: &Vm, r: &RowData) -> Vec<String> {
    let _ = vm;
    tuple_items(&r.description)
        .iter()
        .map(|d| tuple_items(d).first().and_then(|n| n.as_str().map(|s| s.as_str().to_string())).unwrap_or_default())
        .collect()
}

fn row_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__getitem__", 2)?;
    let (desc_names, data) = {
        let r = row_state(vm, &a[0])?.borrow();
        (row_names(vm, &r), r.data.clone())
    };
    let key = &a[1];
    if let Some(s) = key.as_str() {
        let k = s.as_str();
        for (i, n) in desc_names.iter().enumerate() {
            if n.eq_ignore_ascii_case(k) {
                return Ok(tuple_items(&data).get(i).cloned().unwrap_or(Value::None));
            }
        }
        return Err(vm.new_index_error("No item with that key"));
    }
    if matches!(key.payload(), Some(Payload::Slice(_))) {
        return vm.getitem(&data, key);
    }
    if vm.lookup_special(key, "__index__").is_some() || matches!(key, Value::Int(_) | Value::Bool(_)) {
        let items = tuple_items(&data);
        let mut i = vm.to_i64_index(key)?;
        if i < 0 {
            i += items.len() as i64;
        }
        return items
            .get(i as usize)
            .cloned()
            .filter(|_| i >= 0)
            .ok_or_else(|| vm.new_index_error("tuple index out of range"));
    }
    Err(vm.new_index_error("Index must be int or string"))
}

fn row_keys(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "keys")?;
    let names = row_names(vm, &row_state(vm, &a[0])?.borrow());
    let items = names.into_iter().map(|n| vm.new_str(n)).collect();
    Ok(vm.new_list(items))
}

fn row_len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__len__")?;
    Ok(Value::Int(tuple_items(&row_state(vm, &a[0])?.borrow().data).len() as i64))
}

fn row_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__iter__")?;
    let data = row_state(vm, &a[0])?.borrow().data.clone();
    vm.iter(&data)
}

fn row_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "__eq__", 2)?;
    let Some(other) = state::<RowData>(&a[1]) else { return Ok(vm.not_implemented()) };
    let (d1, x1) = {
        let r = row_state(vm, &a[0])?.borrow();
        (r.description.clone(), r.data.clone())
    };
    let (d2, x2) = {
        let r = other.borrow();
        (r.description.clone(), r.data.clone())
    };
    Ok(Value::Bool(vm.eq(&d1, &d2)? && vm.eq(&x1, &x2)?))
}

fn row_ne(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let r = row_eq(vm, args)?;
    Ok(match r {
        Value::Bool(b) => Value::Bool(!b),
        other => other,
    })
}

fn row_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__hash__")?;
    let (d, x) = {
        let r = row_state(vm, &a[0])?.borrow();
        (r.description.clone(), r.data.clone())
    };
    let h = vm.hash(&d)? ^ vm.hash(&x)?;
    Ok(Value::Int(if h == -1 { -2 } else { h }))
}

pub(crate) fn row_type(vm: &mut Vm) -> PyRef {
    let t = native::make_type(vm, "sqlite3", "Row", None, Layout::Native);
    native::setup(
        vm,
        &t,
        Some(row_new),
        &[
            ("__getitem__", row_getitem, "Return self[key]."),
            ("keys", row_keys, "Returns the keys of the row."),
            ("__len__", row_len, "Return len(self)."),
            ("__iter__", row_iter, "Implement iter(self)."),
            ("__eq__", row_eq, "Return self==value."),
            ("__ne__", row_ne, "Return self!=value."),
            ("__hash__", row_hash, "Return hash(self)."),
        ],
    );
    t
}
