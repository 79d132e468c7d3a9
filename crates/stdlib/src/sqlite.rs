//! Stdlib stage: the `_sqlite3` module over the system libsqlite3 (opened on first import):
//! the exception hierarchy with `sqlite_errorcode`/`sqlite_errorname`, the module constants and
//! functions (`connect`, `complete_statement`, adapters/converters registries), and the
//! `Connection` type with CPython 3.11's transaction semantics (implicit `BEGIN` before DML
//! unless `isolation_level` is None, `commit`/`rollback` only inside a transaction, context
//! manager). Guarantees: no RefCell borrow of a connection is held while Python code runs, and
//! a database handle is closed exactly once (`sqlite3_close_v2`, so statements still owned by
//! cursors are finalised safely later).

use crate::native::{self, new_instance, state};
use crate::sqlite_ffi::*;
use std::cell::RefCell;
use std::ffi::{c_int, CStr, CString};
use std::rc::Rc;
use vm::func::Args;
use vm::types::Layout;
use vm::value::{PyRef, Value};
use vm::{PyResult, Vm};

/// The module's types, exception classes and registries.
#[allow(dead_code)]
pub(crate) struct ModState {
    pub warning: PyRef,
    pub error: PyRef,
    pub interface_error: PyRef,
    pub database_error: PyRef,
    pub data_error: PyRef,
    pub operational_error: PyRef,
    pub integrity_error: PyRef,
    pub internal_error: PyRef,
    pub programming_error: PyRef,
    pub not_supported_error: PyRef,
    pub connection_type: PyRef,
    pub cursor_type: PyRef,
    pub row_type: PyRef,
    pub proto_type: PyRef,
    pub blob_type: PyRef,
    pub adapters: PyRef,
    pub converters: PyRef,
}

vm::gil_local! {
    static STATE: RefCell<Option<Rc<ModState>>> = const { RefCell::new(None) };
    static FLAGS: RefCell<(bool, bool)> = const { RefCell::new((false, false)) };
}

pub(crate) fn st() -> Rc<ModState> {
    STATE.with(|s| s.borrow().clone()).expect("_sqlite3 is initialised")
}

/// Whether `enable_callback_tracebacks(True)` is in effect.
pub(crate) fn tracebacks_enabled() -> bool {
    FLAGS.with(|f| f.borrow().0)
}

/// Whether an adapter was registered for int, float, str or bytearray (CPython's
/// `BaseTypeAdapted`): then every parameter goes through the adapters.
pub(crate) fn base_type_adapted() -> bool {
    FLAGS.with(|f| f.borrow().1)
}

pub(crate) fn programming_error(vm: &Vm, msg: impl Into<Box<str>>) -> PyRef {
    vm.new_exception(&st().programming_error, msg)
}

pub(crate) fn operational_error(vm: &Vm, msg: impl Into<Box<str>>) -> PyRef {
    vm.new_exception(&st().operational_error, msg)
}

/// CPython's `_pysqlite_seterror`: the exception for the database's current error, of the
/// class its primary code maps to, with `sqlite_errorcode` and `sqlite_errorname` set.
pub(crate) fn db_error(vm: &mut Vm, db: *mut Db) -> PyRef {
    // SAFETY: `db` is an open handle (callers check); errmsg returns a NUL-terminated string.
    let (code, ext, msg) = unsafe {
        (
            sqlite3_errcode(db),
            sqlite3_extended_errcode(db),
            CStr::from_ptr(sqlite3_errmsg(db)).to_string_lossy().into_owned(),
        )
    };
    error_for_code(vm, code, ext, msg)
}

pub(crate) fn error_for_code(vm: &mut Vm, code: c_int, ext: c_int, msg: String) -> PyRef {
    let s = st();
    let ty = match code & 0xff {
        SQLITE_OK => return vm.new_exception(&s.error, msg),
        SQLITE_INTERNAL | SQLITE_NOTFOUND => s.internal_error.clone(),
        SQLITE_NOMEM => return vm.new_exception(&vm.exc.memory_error.clone(), ""),
        SQLITE_ERROR | SQLITE_PERM | SQLITE_ABORT | SQLITE_BUSY | SQLITE_LOCKED | SQLITE_READONLY
        | SQLITE_INTERRUPT | SQLITE_IOERR | SQLITE_FULL | SQLITE_CANTOPEN | SQLITE_PROTOCOL | SQLITE_EMPTY
        | SQLITE_SCHEMA => s.operational_error.clone(),
        SQLITE_CORRUPT => s.database_error.clone(),
        SQLITE_TOOBIG => s.data_error.clone(),
        SQLITE_CONSTRAINT | SQLITE_MISMATCH => s.integrity_error.clone(),
        SQLITE_MISUSE | SQLITE_RANGE => s.interface_error.clone(),
        _ => s.database_error.clone(),
    };
    let e = vm.new_exception(&ty, msg);
    let ev = Value::Obj(e.clone());
    let _ = vm.setattr_str(&ev, "sqlite_errorcode", Value::Int(ext as i64));
    let name = vm.new_str(error_name(ext));
    let _ = vm.setattr_str(&ev, "sqlite_errorname", name);
    e
}

/// A C string for SQLite, or CPython's ValueError for an embedded NUL.
pub(crate) fn cstring(vm: &Vm, s: &str) -> PyResult<CString> {
    CString::new(s).map_err(|_| vm.new_value_error("embedded null character"))
}

/// A `str` argument (argument clinic's message otherwise).
pub(crate) fn str_arg(vm: &Vm, v: &Value, what: &str) -> PyResult<String> {
    match v.as_str() {
        Some(s) => Ok(s.as_str().to_string()),
        None => Err(vm.new_type_error(format!("{what} must be str, not {}", vm.type_name(v)))),
    }
}

// ---------------------------------------------------------------------------------------------
// The VM seen from C callbacks
// ---------------------------------------------------------------------------------------------

thread_local! {
    static CURRENT_VM: std::cell::Cell<*mut Vm> = const { std::cell::Cell::new(std::ptr::null_mut()) };
}

/// Runs `f` (a libsqlite3 call that may call back into Python) with `vm` reachable from the
/// callbacks; the previous one is restored afterwards (calls nest).
pub(crate) fn with_vm<R>(vm: &mut Vm, f: impl FnOnce() -> R) -> R {
    let prev = CURRENT_VM.with(|c| c.replace(vm as *mut Vm));
    let r = f();
    CURRENT_VM.with(|c| c.set(prev));
    r
}

/// The VM of the libsqlite3 call this callback runs inside, if any.
pub(crate) fn callback_vm<'a>() -> Option<&'a mut Vm> {
    let p = CURRENT_VM.with(|c| c.get());
    // SAFETY: `with_vm` set the pointer from a live `&mut Vm` whose owner is suspended in the
    // C call that invoked this callback; it is restored before that borrow ends.
    if p.is_null() {
        None
    } else {
        Some(unsafe { &mut *p })
    }
}

// ---------------------------------------------------------------------------------------------
// Connection
// ---------------------------------------------------------------------------------------------

/// Data handed to a C callback that calls a Python callable.
pub(crate) struct Callback {
    pub func: Value,
}

pub(crate) struct Conn {
    pub db: *mut Db,
    pub initialized: bool,
    /// "BEGIN ", "BEGIN DEFERRED", … or None in autocommit mode.
    pub begin: Option<&'static str>,
    pub detect_types: i64,
    /// The creating thread when `check_same_thread` is true.
    pub thread: Option<u64>,
    pub row_factory: Value,
    pub text_factory: Value,
    pub authorizer: Option<Box<Callback>>,
    pub progress: Option<Box<Callback>>,
    pub trace: Option<Box<Callback>>,
}

impl Drop for Conn {
    fn drop(&mut self) {
        if !self.db.is_null() {
            // SAFETY: the handle is open and closed only here or in `close`, which nulls it.
            unsafe { sqlite3_close_v2(self.db) };
        }
    }
}

pub(crate) fn conn_cell(v: &Value) -> Option<&RefCell<Conn>> {
    state::<Conn>(v)
}

/// The open database of a connection (CPython's `pysqlite_check_connection`).
pub(crate) fn check_conn(vm: &Vm, v: &Value) -> PyResult<*mut Db> {
    let c = conn_cell(v).ok_or_else(|| native::wrong_self(vm, v, "sqlite3.Connection"))?.borrow();
    if !c.initialized {
        return Err(programming_error(vm, "Base Connection.__init__ not called."));
    }
    if let Some(t) = c.thread {
        let me = vm::gil::current_ident();
        if me != t {
            return Err(programming_error(
                vm,
                format!(
                    "SQLite objects created in a thread can only be used in that same thread. \
                     The object was created in thread id {t} and this is thread id {me}."
                ),
            ));
        }
    }
    if c.db.is_null() {
        return Err(programming_error(vm, "Cannot operate on a closed database."));
    }
    Ok(c.db)
}

fn conn_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, _) = native::new_args(&args);
    let c = Conn {
        db: std::ptr::null_mut(),
        initialized: false,
        begin: Some("BEGIN "),
        detect_types: 0,
        thread: None,
        row_factory: Value::None,
        text_factory: Value::Obj(vm.types.str_.clone()),
        authorizer: None,
        progress: None,
        trace: None,
    };
    Ok(new_instance(vm, &cls, c))
}

const CONNECT_NAMES: [&str; 8] = [
    "database",
    "timeout",
    "detect_types",
    "isolation_level",
    "check_same_thread",
    "factory",
    "cached_statements",
    "uri",
];

fn conn_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let [database, timeout, detect_types, isolation_level, check_same, _factory, _cache, uri] =
        args.rest().bind(vm, "Connection", CONNECT_NAMES, 1)?;
    let path = native::fs_bytes(vm, &database.unwrap())?;
    let timeout = match timeout {
        Some(Value::Float(f)) => f,
        Some(Value::Int(i)) => i as f64,
        Some(v) => match vm.float_of(&v) {
            Ok(f) => f,
            Err(_) => return Err(vm.new_type_error(format!("must be real number, not {}", vm.type_name(&v)))),
        },
        None => 5.0,
    };
    let detect = match detect_types {
        Some(v) => native::clinic_int(vm, &v)? as i64,
        None => 0,
    };
    let check_same = match check_same {
        Some(v) => vm.truthy(&v)?,
        None => true,
    };
    let uri = match uri {
        Some(v) => vm.truthy(&v)?,
        None => false,
    };
    let cpath = CString::new(path).map_err(|_| vm.new_value_error("embedded null byte"))?;
    let mut db: *mut Db = std::ptr::null_mut();
    let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | if uri { SQLITE_OPEN_URI } else { 0 };
    // SAFETY: `cpath` is NUL-terminated, `db` receives the handle.
    let rc = unsafe { sqlite3_open_v2(cpath.as_ptr(), &mut db, flags, std::ptr::null()) };
    if rc != SQLITE_OK {
        let e = if db.is_null() {
            error_for_code(vm, rc, rc, "unable to open database file".into())
        } else {
            db_error(vm, db)
        };
        if !db.is_null() {
            // SAFETY: a handle returned by a failed open must still be closed.
            unsafe { sqlite3_close_v2(db) };
        }
        return Err(e);
    }
    // SAFETY: `db` is open.
    unsafe { sqlite3_busy_timeout(db, (timeout * 1000.0) as c_int) };
    let begin = match isolation_level {
        None => Some("BEGIN "),
        Some(v) => begin_statement(vm, &v)?,
    };
    let cell = conn_cell(&this).ok_or_else(|| native::wrong_self(vm, &this, "sqlite3.Connection"))?;
    let old = {
        let mut c = cell.borrow_mut();
        let old = std::mem::replace(&mut c.db, db);
        c.initialized = true;
        c.begin = begin;
        c.detect_types = detect;
        c.thread = check_same.then(vm::gil::current_ident);
        c.row_factory = Value::None;
        c.text_factory = Value::Obj(vm.types.str_.clone());
        old
    };
    if !old.is_null() {
        // SAFETY: the previous handle of a re-initialised connection, no longer reachable.
        unsafe { sqlite3_close_v2(old) };
    }
    Ok(Value::None)
}

/// The BEGIN statement for an isolation level (CPython's `get_begin_statement`).
fn begin_statement(vm: &Vm, v: &Value) -> PyResult<Option<&'static str>> {
    if v.is_none() {
        return Ok(None);
    }
    let Some(s) = v.as_str() else {
        return Err(vm.new_type_error("isolation_level must be str or None"));
    };
    let s = s.as_str();
    if s.contains('\0') {
        return Err(vm.new_value_error("embedded null character"));
    }
    for (lvl, stmt) in [
        ("", "BEGIN "),
        ("DEFERRED", "BEGIN DEFERRED"),
        ("IMMEDIATE", "BEGIN IMMEDIATE"),
        ("EXCLUSIVE", "BEGIN EXCLUSIVE"),
    ] {
        if s.eq_ignore_ascii_case(lvl) {
            return Ok(Some(stmt));
        }
    }
    Err(vm.new_value_error("isolation_level string must be '', 'DEFERRED', 'IMMEDIATE', or 'EXCLUSIVE'"))
}

/// Runs one SQL statement to completion (COMMIT, ROLLBACK, BEGIN), raising the database error.
pub(crate) fn exec_simple(vm: &mut Vm, db: *mut Db, sql: &str) -> PyResult<()> {
    let c = cstring(vm, sql)?;
    let mut stmt: *mut Stmt = std::ptr::null_mut();
    // SAFETY: `db` is open, `c` NUL-terminated; the statement is finalised before returning.
    let rc = with_vm(vm, || unsafe {
        let mut rc = sqlite3_prepare_v2(db, c.as_ptr(), -1, &mut stmt, std::ptr::null_mut());
        if rc == SQLITE_OK {
            rc = sqlite3_step(stmt);
            let frc = sqlite3_finalize(stmt);
            if rc == SQLITE_DONE || rc == SQLITE_ROW {
                rc = frc;
            }
        }
        rc
    });
    if rc != SQLITE_OK {
        return Err(db_error(vm, db));
    }
    Ok(())
}

fn this_conn<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a RefCell<Conn>> {
    conn_cell(v).ok_or_else(|| native::wrong_self(vm, v, "sqlite3.Connection"))
}

fn conn_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "close")?;
    let cell = this_conn(vm, &a[0])?;
    if !cell.borrow().initialized {
        return Err(programming_error(vm, "Base Connection.__init__ not called."));
    }
    let (db, boxes) = {
        let mut c = cell.borrow_mut();
        let db = std::mem::replace(&mut c.db, std::ptr::null_mut());
        (db, (c.authorizer.take(), c.progress.take(), c.trace.take()))
    };
    if !db.is_null() {
        crate::sqlite_extra::close_blobs(db);
        // SAFETY: the handle was open and is no longer reachable from the connection.
        let rc = with_vm(vm, || unsafe { sqlite3_close_v2(db) });
        if rc != SQLITE_OK {
            return Err(error_for_code(vm, rc, rc, "unable to close database".into()));
        }
    }
    drop(boxes);
    Ok(Value::None)
}

fn conn_commit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "commit")?;
    let db = check_conn(vm, &a[0])?;
    // SAFETY: `db` is open.
    if unsafe { sqlite3_get_autocommit(db) } == 0 {
        exec_simple(vm, db, "COMMIT")?;
    }
    Ok(Value::None)
}

fn conn_rollback(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "rollback")?;
    let db = check_conn(vm, &a[0])?;
    // SAFETY: `db` is open.
    if unsafe { sqlite3_get_autocommit(db) } == 0 {
        exec_simple(vm, db, "ROLLBACK")?;
    }
    Ok(Value::None)
}

/// `Connection.cursor(factory=Cursor)`.
fn conn_cursor(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let [factory] = args.rest().bind(vm, "cursor", ["factory"], 0)?;
    new_cursor(vm, &this, factory)
}

pub(crate) fn new_cursor(vm: &mut Vm, this: &Value, factory: Option<Value>) -> PyResult<Value> {
    check_conn(vm, this)?;
    let s = st();
    let factory = factory.unwrap_or_else(|| Value::Obj(s.cursor_type.clone()));
    let cur = vm.call(&factory, Args::new(std::slice::from_ref(this)))?;
    if !vm.isinstance(&cur, &s.cursor_type) {
        return Err(vm.new_type_error(format!("factory must return a cursor, not {}", vm.type_name(&cur))));
    }
    let rf = this_conn(vm, this)?.borrow().row_factory.clone();
    if !rf.is_none() {
        crate::sqlite_cursor::set_row_factory(&cur, rf);
    }
    Ok(cur)
}

fn conn_execute_like(vm: &mut Vm, args: Args, method: &str, nmin: usize, nmax: usize) -> PyResult<Value> {
    let this = args.args[0].clone();
    args.rest().no_kwargs(vm, method)?;
    let rest = args.posonly(vm, method, nmin, nmax)?[1..].to_vec();
    let cur = new_cursor(vm, &this, None)?;
    let m = vm.getattr_str(&cur, method)?;
    vm.call(&m, Args::new(&rest))?;
    Ok(cur)
}

fn conn_execute(vm: &mut Vm, args: Args) -> PyResult<Value> {
    conn_execute_like(vm, args, "execute", 1, 2)
}
fn conn_executemany(vm: &mut Vm, args: Args) -> PyResult<Value> {
    conn_execute_like(vm, args, "executemany", 2, 2)
}
fn conn_executescript(vm: &mut Vm, args: Args) -> PyResult<Value> {
    conn_execute_like(vm, args, "executescript", 1, 1)
}

fn conn_enter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "__enter__")?;
    check_conn(vm, &a[0])?;
    Ok(a[0].clone())
}

fn conn_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "__exit__", 3, 3)?;
    let this = &a[0];
    let db = check_conn(vm, this)?;
    // SAFETY: `db` is open.
    if unsafe { sqlite3_get_autocommit(db) } == 0 {
        if a[1].is_none() && a[2].is_none() && a[3].is_none() {
            if let Err(e) = exec_simple(vm, db, "COMMIT") {
                let _ = exec_simple(vm, db, "ROLLBACK");
                return Err(e);
            }
        } else {
            exec_simple(vm, db, "ROLLBACK")?;
        }
    }
    Ok(Value::Bool(false))
}

fn get_isolation_level(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    check_conn(vm, this)?;
    Ok(match this_conn(vm, this)?.borrow().begin {
        Some(b) => vm.new_str(&b[6..]),
        None => Value::None,
    })
}

fn set_isolation_level(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let v = &args.args[1];
    check_conn(vm, this)?;
    let begin = begin_statement(vm, v)?;
    if begin.is_none() {
        let db = check_conn(vm, this)?;
        // SAFETY: `db` is open.
        if unsafe { sqlite3_get_autocommit(db) } == 0 {
            exec_simple(vm, db, "COMMIT")?;
        }
    }
    this_conn(vm, this)?.borrow_mut().begin = begin;
    Ok(Value::None)
}

fn get_in_transaction(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let db = check_conn(vm, &args.args[0])?;
    // SAFETY: `db` is open.
    Ok(Value::Bool(unsafe { sqlite3_get_autocommit(db) } == 0))
}

fn get_total_changes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let db = check_conn(vm, &args.args[0])?;
    // SAFETY: `db` is open.
    Ok(Value::Int(unsafe { sqlite3_total_changes(db) } as i64))
}

fn get_row_factory(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(this_conn(vm, &args.args[0])?.borrow().row_factory.clone())
}
fn set_row_factory(vm: &mut Vm, args: Args) -> PyResult<Value> {
    this_conn(vm, &args.args[0])?.borrow_mut().row_factory = args.args[1].clone();
    Ok(Value::None)
}
fn get_text_factory(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(this_conn(vm, &args.args[0])?.borrow().text_factory.clone())
}
fn set_text_factory(vm: &mut Vm, args: Args) -> PyResult<Value> {
    this_conn(vm, &args.args[0])?.borrow_mut().text_factory = args.args[1].clone();
    Ok(Value::None)
}

fn conn_interrupt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "interrupt")?;
    let db = check_conn(vm, &a[0])?;
    // SAFETY: `db` is open.
    unsafe { sqlite3_interrupt(db) };
    Ok(Value::None)
}

fn conn_iterdump(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.noargs(vm, "iterdump")?;
    check_conn(vm, &a[0])?;
    let m = vm.import_fullname("sqlite3.dump")?;
    let f = vm.getattr_str(&m, "_iterdump")?;
    vm.call(&f, Args::new(&a[..1]))
}

fn conn_call(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    args.rest().no_kwargs(vm, "Connection")?;
    let a = args.posonly(vm, "__call__", 1, 1)?;
    check_conn(vm, &this)?;
    let sql = str_arg(vm, &a[1], "argument")?;
    crate::sqlite_cursor::check_sql(vm, &this, &sql)?;
    Ok(Value::None)
}

const CONN_METHODS: &[vm::func::MethodDef] = &[
    ("__init__", conn_init, ""),
    ("cursor", conn_cursor, "Return a cursor for the connection."),
    ("close", conn_close, "Closes the connection."),
    ("commit", conn_commit, "Commit the current transaction."),
    ("rollback", conn_rollback, "Roll back the current transaction."),
    ("execute", conn_execute, "Executes an SQL statement."),
    ("executemany", conn_executemany, "Repeatedly executes an SQL statement."),
    ("executescript", conn_executescript, "Executes multiple SQL statements at once."),
    ("__enter__", conn_enter, "Called when the connection is used as a context manager."),
    ("__exit__", conn_exit, "Called when the connection is used as a context manager."),
    ("interrupt", conn_interrupt, "Abort any pending database operation."),
    ("iterdump", conn_iterdump, "Returns iterator to the dump of the database in an SQL text format."),
    ("__call__", conn_call, ""),
];

// ---------------------------------------------------------------------------------------------
// Module functions
// ---------------------------------------------------------------------------------------------

fn connect(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let factory = match args.kwarg("factory") {
        Some(f) => Some(f.clone()),
        None => args.pos().get(5).cloned(),
    };
    let factory = factory.unwrap_or_else(|| Value::Obj(st().connection_type.clone()));
    vm.call(&factory, args)
}

fn complete_statement(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [s] = args.bind(vm, "complete_statement", ["statement"], 1)?;
    let s = s.unwrap();
    let text = str_arg(vm, &s, "complete_statement() argument 'statement'")?;
    let c = cstring(vm, &text)?;
    // SAFETY: `c` is NUL-terminated.
    Ok(Value::Bool(unsafe { sqlite3_complete(c.as_ptr()) } != 0))
}

fn enable_callback_tracebacks(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [flag] = args.bind(vm, "enable_callback_tracebacks", ["enable"], 1)?;
    let f = native::clinic_int(vm, &flag.unwrap())? != 0;
    FLAGS.with(|x| x.borrow_mut().0 = f);
    Ok(Value::None)
}

fn enable_shared_cache(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [_flag] = args.bind(vm, "enable_shared_cache", ["do_enable"], 1)?;
    Ok(Value::None)
}

fn register_adapter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "register_adapter", 2, 2)?;
    let t = &a[0];
    for base in [&vm.types.int, &vm.types.float, &vm.types.str_, &vm.types.bytearray] {
        if t.is(&Value::Obj(base.clone())) {
            FLAGS.with(|x| x.borrow_mut().1 = true);
        }
    }
    let s = st();
    let key = vm.new_tuple(vec![t.clone(), Value::Obj(s.proto_type.clone())]);
    vm.setitem(&Value::Obj(s.adapters.clone()), key, a[1].clone())?;
    Ok(Value::None)
}

fn register_converter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "register_converter", 2, 2)?;
    let name = match a[0].as_str() {
        Some(s) => s.as_str().to_string(),
        None => {
            return Err(
                vm.new_type_error(format!("register_converter() argument 1 must be str, not {}", vm.type_name(&a[0])))
            )
        }
    };
    let key = vm.new_str(name.to_uppercase());
    vm.setitem(&Value::Obj(st().converters.clone()), key, a[1].clone())?;
    Ok(Value::None)
}

fn module_adapt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.range(vm, "adapt", 1, 3)?;
    let proto = a.get(1).cloned().unwrap_or_else(|| Value::Obj(st().proto_type.clone()));
    match crate::sqlite_cursor::adapt(vm, &a[0], &proto)? {
        Some(v) => Ok(v),
        None => match a.get(2) {
            Some(alt) => Ok(alt.clone()),
            None => Err(programming_error(vm, "can't adapt")),
        },
    }
}

fn proto_init(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::None)
}

macro_rules! exc_getters {
    ($($f:ident $field:ident $name:literal),*) => {
        $(fn $f(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
            Ok(Value::Obj(st().$field.clone()))
        })*
        /// The exception classes as (read-only) attributes of connections.
        const EXC_GETTERS: &[(&str, vm::func::NativeFn)] = &[$(($name, $f)),*];
    };
}

exc_getters!(
    eg_warning warning "Warning",
    eg_error error "Error",
    eg_interface interface_error "InterfaceError",
    eg_database database_error "DatabaseError",
    eg_data data_error "DataError",
    eg_operational operational_error "OperationalError",
    eg_integrity integrity_error "IntegrityError",
    eg_internal internal_error "InternalError",
    eg_programming programming_error "ProgrammingError",
    eg_not_supported not_supported_error "NotSupportedError"
);

fn new_exc_type(vm: &mut Vm, name: &str, base: &PyRef) -> PyResult<PyRef> {
    let t = native::exception_type(vm, "sqlite3", name, base)?;
    let _ = t.as_type().unwrap().tp_name.set(format!("sqlite3.{name}").into());
    Ok(t)
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    if let Err(e) = LIBSQLITE.load() {
        return Err(vm.new_import_error(&vm.exc.import_error.clone(), e, Some("_sqlite3")));
    }
    let m = vm.new_module("_sqlite3");
    let d = m.dict.get().unwrap();
    let exc = vm.exc.exception.clone();
    let warning = new_exc_type(vm, "Warning", &exc)?;
    let error = new_exc_type(vm, "Error", &exc)?;
    let interface_error = new_exc_type(vm, "InterfaceError", &error)?;
    let database_error = new_exc_type(vm, "DatabaseError", &error)?;
    let data_error = new_exc_type(vm, "DataError", &database_error)?;
    let operational_error = new_exc_type(vm, "OperationalError", &database_error)?;
    let integrity_error = new_exc_type(vm, "IntegrityError", &database_error)?;
    let internal_error = new_exc_type(vm, "InternalError", &database_error)?;
    let programming_error = new_exc_type(vm, "ProgrammingError", &database_error)?;
    let not_supported_error = new_exc_type(vm, "NotSupportedError", &database_error)?;

    let conn = native::make_type(vm, "sqlite3", "Connection", None, Layout::Native);
    native::setup(vm, &conn, Some(conn_new), CONN_METHODS);
    vm.add_methods(&conn, crate::sqlite_callbacks::CONN_CALLBACK_METHODS);
    vm.add_methods(&conn, crate::sqlite_extra::CONN_EXTRA_METHODS);
    vm.add_getset(&conn, "isolation_level", get_isolation_level, Some(set_isolation_level));
    vm.add_getset(&conn, "in_transaction", get_in_transaction, None);
    vm.add_getset(&conn, "total_changes", get_total_changes, None);
    vm.add_getset(&conn, "row_factory", get_row_factory, Some(set_row_factory));
    vm.add_getset(&conn, "text_factory", get_text_factory, Some(set_text_factory));
    for (n, t) in [
        ("Warning", &warning),
        ("Error", &error),
        ("InterfaceError", &interface_error),
        ("DatabaseError", &database_error),
        ("DataError", &data_error),
        ("OperationalError", &operational_error),
        ("IntegrityError", &integrity_error),
        ("InternalError", &internal_error),
        ("ProgrammingError", &programming_error),
        ("NotSupportedError", &not_supported_error),
    ] {
        vm.dict_set_str(&d, n, Value::Obj(t.clone()));
    }
    for (n, g) in EXC_GETTERS {
        vm.add_getset(&conn, n, *g, None);
    }

    let cursor_type = crate::sqlite_cursor::cursor_type(vm);
    let row_type = crate::sqlite_cursor::row_type(vm);
    let proto = native::make_type(vm, "sqlite3", "PrepareProtocol", None, Layout::Native);
    vm.add_methods(&proto, &[("__init__", proto_init, "")]);
    let blob_type = crate::sqlite_extra::blob_type(vm);
    let adapters = vm.new_dict();
    let converters = vm.new_dict();
    let s = ModState {
        warning,
        error,
        interface_error,
        database_error,
        data_error,
        operational_error,
        integrity_error,
        internal_error,
        programming_error,
        not_supported_error,
        connection_type: conn.clone(),
        cursor_type: cursor_type.clone(),
        row_type: row_type.clone(),
        proto_type: proto.clone(),
        blob_type: blob_type.clone(),
        adapters: adapters.clone(),
        converters: converters.clone(),
    };
    STATE.with(|x| *x.borrow_mut() = Some(Rc::new(s)));
    FLAGS.with(|x| *x.borrow_mut() = (false, false));

    vm.dict_set_str(&d, "Connection", Value::Obj(conn));
    vm.dict_set_str(&d, "Cursor", Value::Obj(cursor_type));
    vm.dict_set_str(&d, "Row", Value::Obj(row_type));
    vm.dict_set_str(&d, "PrepareProtocol", Value::Obj(proto));
    vm.dict_set_str(&d, "Blob", Value::Obj(blob_type));
    vm.dict_set_str(&d, "adapters", Value::Obj(adapters));
    vm.dict_set_str(&d, "converters", Value::Obj(converters));
    let fns: &[(&'static str, vm::func::NativeFn)] = &[
        ("connect", connect),
        ("complete_statement", complete_statement),
        ("enable_callback_tracebacks", enable_callback_tracebacks),
        ("enable_shared_cache", enable_shared_cache),
        ("register_adapter", register_adapter),
        ("register_converter", register_converter),
        ("adapt", module_adapt),
    ];
    for (name, f) in fns {
        let fv = vm.new_native_fn(name, *f);
        vm.dict_set_str(&d, name, fv);
    }
    for (name, v) in ERROR_CODES.iter().chain(OTHER_CONSTS.iter()) {
        vm.dict_set_str(&d, name, Value::Int(*v as i64));
    }
    vm.dict_set_str(&d, "PARSE_DECLTYPES", Value::Int(1));
    vm.dict_set_str(&d, "PARSE_COLNAMES", Value::Int(2));
    vm.dict_set_str(&d, "version", vm.new_str("2.6.0"));
    vm.dict_set_str(&d, "threadsafety", Value::Int(3));
    // SAFETY: sqlite3_libversion returns a static NUL-terminated string.
    let ver = unsafe { CStr::from_ptr(sqlite3_libversion()) }.to_string_lossy().into_owned();
    vm.dict_set_str(&d, "sqlite_version", vm.new_str(ver));
    Ok(m)
}
