//! Stdlib stage: the C interface of libsqlite3 (sqlite3.h) used by `_sqlite3`, opened with
//! `dlopen` when the module is first imported (never linked), plus the result, type and flag
//! constants and the names of the SQLite error codes CPython 3.11 exports.

use std::ffi::{c_char, c_int, c_uint, c_void};

pub type Db = c_void;
pub type Stmt = c_void;
pub type Ctx = c_void;
pub type SValue = c_void;
pub type Backup = c_void;
pub type BlobH = c_void;

pub type XFunc = Option<unsafe extern "C" fn(*mut Ctx, c_int, *mut *mut SValue)>;
pub type XFinal = Option<unsafe extern "C" fn(*mut Ctx)>;
pub type XDestroy = Option<unsafe extern "C" fn(*mut c_void)>;
pub type XCompare = Option<unsafe extern "C" fn(*mut c_void, c_int, *const c_void, c_int, *const c_void) -> c_int>;
pub type XAuth = Option<
    unsafe extern "C" fn(*mut c_void, c_int, *const c_char, *const c_char, *const c_char, *const c_char) -> c_int,
>;
pub type XProgress = Option<unsafe extern "C" fn(*mut c_void) -> c_int>;
pub type XTrace = Option<unsafe extern "C" fn(c_uint, *mut c_void, *mut c_void, *mut c_void) -> c_int>;

crate::dynlib! {
    /// libsqlite3, opened when `_sqlite3` is first imported.
    pub static LIBSQLITE = ["libsqlite3.so.0", "libsqlite3.so"];
    pub(crate) fn sqlite3_libversion() -> *const c_char;
    pub(crate) fn sqlite3_complete(sql: *const c_char) -> c_int;
    pub(crate) fn sqlite3_open_v2(name: *const c_char, db: *mut *mut Db, flags: c_int, vfs: *const c_char) -> c_int;
    pub(crate) fn sqlite3_close_v2(db: *mut Db) -> c_int;
    pub(crate) fn sqlite3_prepare_v2(db: *mut Db, sql: *const c_char, n: c_int, stmt: *mut *mut Stmt, tail: *mut *const c_char) -> c_int;
    pub(crate) fn sqlite3_step(stmt: *mut Stmt) -> c_int;
    pub(crate) fn sqlite3_reset(stmt: *mut Stmt) -> c_int;
    pub(crate) fn sqlite3_finalize(stmt: *mut Stmt) -> c_int;
    pub(crate) fn sqlite3_stmt_readonly(stmt: *mut Stmt) -> c_int;
    pub(crate) fn sqlite3_expanded_sql(stmt: *mut Stmt) -> *mut c_char;
    pub(crate) fn sqlite3_free(p: *mut c_void);
    pub(crate) fn sqlite3_malloc64(n: u64) -> *mut c_void;
    pub(crate) fn sqlite3_bind_parameter_count(stmt: *mut Stmt) -> c_int;
    pub(crate) fn sqlite3_bind_parameter_name(stmt: *mut Stmt, i: c_int) -> *const c_char;
    pub(crate) fn sqlite3_bind_null(stmt: *mut Stmt, i: c_int) -> c_int;
    pub(crate) fn sqlite3_bind_int64(stmt: *mut Stmt, i: c_int, v: i64) -> c_int;
    pub(crate) fn sqlite3_bind_double(stmt: *mut Stmt, i: c_int, v: f64) -> c_int;
    pub(crate) fn sqlite3_bind_text(stmt: *mut Stmt, i: c_int, p: *const c_char, n: c_int, d: isize) -> c_int;
    pub(crate) fn sqlite3_bind_blob(stmt: *mut Stmt, i: c_int, p: *const c_void, n: c_int, d: isize) -> c_int;
    pub(crate) fn sqlite3_column_count(stmt: *mut Stmt) -> c_int;
    pub(crate) fn sqlite3_column_type(stmt: *mut Stmt, i: c_int) -> c_int;
    pub(crate) fn sqlite3_column_int64(stmt: *mut Stmt, i: c_int) -> i64;
    pub(crate) fn sqlite3_column_double(stmt: *mut Stmt, i: c_int) -> f64;
    pub(crate) fn sqlite3_column_text(stmt: *mut Stmt, i: c_int) -> *const u8;
    pub(crate) fn sqlite3_column_blob(stmt: *mut Stmt, i: c_int) -> *const c_void;
    pub(crate) fn sqlite3_column_bytes(stmt: *mut Stmt, i: c_int) -> c_int;
    pub(crate) fn sqlite3_column_name(stmt: *mut Stmt, i: c_int) -> *const c_char;
    pub(crate) fn sqlite3_column_decltype(stmt: *mut Stmt, i: c_int) -> *const c_char;
    pub(crate) fn sqlite3_changes(db: *mut Db) -> c_int;
    pub(crate) fn sqlite3_total_changes(db: *mut Db) -> c_int;
    pub(crate) fn sqlite3_last_insert_rowid(db: *mut Db) -> i64;
    pub(crate) fn sqlite3_errmsg(db: *mut Db) -> *const c_char;
    pub(crate) fn sqlite3_errcode(db: *mut Db) -> c_int;
    pub(crate) fn sqlite3_extended_errcode(db: *mut Db) -> c_int;
    pub(crate) fn sqlite3_get_autocommit(db: *mut Db) -> c_int;
    pub(crate) fn sqlite3_busy_timeout(db: *mut Db, ms: c_int) -> c_int;
    pub(crate) fn sqlite3_interrupt(db: *mut Db);
    pub(crate) fn sqlite3_limit(db: *mut Db, id: c_int, v: c_int) -> c_int;
    pub(crate) fn sqlite3_create_function_v2(db: *mut Db, name: *const c_char, narg: c_int, flags: c_int, app: *mut c_void, func: XFunc, step: XFunc, fin: XFinal, destroy: XDestroy) -> c_int;
    pub(crate) fn sqlite3_create_collation_v2(db: *mut Db, name: *const c_char, rep: c_int, arg: *mut c_void, cmp: XCompare, destroy: XDestroy) -> c_int;
    pub(crate) fn sqlite3_set_authorizer(db: *mut Db, cb: XAuth, arg: *mut c_void) -> c_int;
    pub(crate) fn sqlite3_progress_handler(db: *mut Db, n: c_int, cb: XProgress, arg: *mut c_void);
    pub(crate) fn sqlite3_trace_v2(db: *mut Db, mask: c_uint, cb: XTrace, arg: *mut c_void) -> c_int;
    pub(crate) fn sqlite3_user_data(ctx: *mut Ctx) -> *mut c_void;
    pub(crate) fn sqlite3_aggregate_context(ctx: *mut Ctx, n: c_int) -> *mut c_void;
    pub(crate) fn sqlite3_result_null(ctx: *mut Ctx);
    pub(crate) fn sqlite3_result_int64(ctx: *mut Ctx, v: i64);
    pub(crate) fn sqlite3_result_double(ctx: *mut Ctx, v: f64);
    pub(crate) fn sqlite3_result_text(ctx: *mut Ctx, p: *const c_char, n: c_int, d: isize);
    pub(crate) fn sqlite3_result_blob(ctx: *mut Ctx, p: *const c_void, n: c_int, d: isize);
    pub(crate) fn sqlite3_result_error(ctx: *mut Ctx, msg: *const c_char, n: c_int);
    pub(crate) fn sqlite3_value_type(v: *mut SValue) -> c_int;
    pub(crate) fn sqlite3_value_int64(v: *mut SValue) -> i64;
    pub(crate) fn sqlite3_value_double(v: *mut SValue) -> f64;
    pub(crate) fn sqlite3_value_text(v: *mut SValue) -> *const u8;
    pub(crate) fn sqlite3_value_blob(v: *mut SValue) -> *const c_void;
    pub(crate) fn sqlite3_value_bytes(v: *mut SValue) -> c_int;
    pub(crate) fn sqlite3_backup_init(dest: *mut Db, dname: *const c_char, src: *mut Db, sname: *const c_char) -> *mut Backup;
    pub(crate) fn sqlite3_backup_step(b: *mut Backup, n: c_int) -> c_int;
    pub(crate) fn sqlite3_backup_finish(b: *mut Backup) -> c_int;
    pub(crate) fn sqlite3_backup_remaining(b: *mut Backup) -> c_int;
    pub(crate) fn sqlite3_backup_pagecount(b: *mut Backup) -> c_int;
    pub(crate) fn sqlite3_sleep(ms: c_int) -> c_int;
    pub(crate) fn sqlite3_blob_open(db: *mut Db, dbname: *const c_char, table: *const c_char, col: *const c_char, row: i64, flags: c_int, out: *mut *mut BlobH) -> c_int;
    pub(crate) fn sqlite3_blob_close(b: *mut BlobH) -> c_int;
    pub(crate) fn sqlite3_blob_bytes(b: *mut BlobH) -> c_int;
    pub(crate) fn sqlite3_blob_read(b: *mut BlobH, buf: *mut c_void, n: c_int, off: c_int) -> c_int;
    pub(crate) fn sqlite3_blob_write(b: *mut BlobH, buf: *const c_void, n: c_int, off: c_int) -> c_int;
    pub(crate) fn sqlite3_serialize(db: *mut Db, schema: *const c_char, size: *mut i64, flags: c_uint) -> *mut u8;
    pub(crate) fn sqlite3_deserialize(db: *mut Db, schema: *const c_char, data: *mut u8, sz: i64, buf: i64, flags: c_uint) -> c_int;
}

pub const SQLITE_OK: c_int = 0;
pub const SQLITE_ERROR: c_int = 1;
pub const SQLITE_INTERNAL: c_int = 2;
pub const SQLITE_PERM: c_int = 3;
pub const SQLITE_ABORT: c_int = 4;
pub const SQLITE_BUSY: c_int = 5;
pub const SQLITE_LOCKED: c_int = 6;
pub const SQLITE_NOMEM: c_int = 7;
pub const SQLITE_READONLY: c_int = 8;
pub const SQLITE_INTERRUPT: c_int = 9;
pub const SQLITE_IOERR: c_int = 10;
pub const SQLITE_CORRUPT: c_int = 11;
pub const SQLITE_NOTFOUND: c_int = 12;
pub const SQLITE_FULL: c_int = 13;
pub const SQLITE_CANTOPEN: c_int = 14;
pub const SQLITE_PROTOCOL: c_int = 15;
pub const SQLITE_EMPTY: c_int = 16;
pub const SQLITE_SCHEMA: c_int = 17;
pub const SQLITE_TOOBIG: c_int = 18;
pub const SQLITE_CONSTRAINT: c_int = 19;
pub const SQLITE_MISMATCH: c_int = 20;
pub const SQLITE_MISUSE: c_int = 21;
pub const SQLITE_RANGE: c_int = 25;
pub const SQLITE_ROW: c_int = 100;
pub const SQLITE_DONE: c_int = 101;
pub const SQLITE_DENY: c_int = 1;

pub const SQLITE_INTEGER: c_int = 1;
pub const SQLITE_FLOAT: c_int = 2;
pub const SQLITE_TEXT: c_int = 3;
pub const SQLITE_BLOB: c_int = 4;
pub const SQLITE_NULL: c_int = 5;

pub const SQLITE_UTF8: c_int = 1;
pub const SQLITE_DETERMINISTIC: c_int = 0x800;
pub const SQLITE_TRANSIENT: isize = -1;
pub const SQLITE_TRACE_STMT: c_uint = 1;
pub const SQLITE_LIMIT_SQL_LENGTH: c_int = 1;

pub const SQLITE_OPEN_READWRITE: c_int = 0x2;
pub const SQLITE_OPEN_CREATE: c_int = 0x4;
pub const SQLITE_OPEN_URI: c_int = 0x40;
pub const SQLITE_OPEN_READONLY: c_int = 0x1;

/// The name of an (extended) error code as `sqlite_errorname` gives it, "unknown" otherwise.
pub fn error_name(code: c_int) -> &'static str {
    ERROR_CODES.iter().find(|(_, c)| *c == code).map(|(n, _)| *n).unwrap_or("unknown")
}

pub const ERROR_CODES: &[(&str, i32)] = &[
    ("SQLITE_OK", 0),
    ("SQLITE_ERROR", 1),
    ("SQLITE_INTERNAL", 2),
    ("SQLITE_PERM", 3),
    ("SQLITE_ABORT", 4),
    ("SQLITE_BUSY", 5),
    ("SQLITE_LOCKED", 6),
    ("SQLITE_NOMEM", 7),
    ("SQLITE_READONLY", 8),
    ("SQLITE_INTERRUPT", 9),
    ("SQLITE_IOERR", 10),
    ("SQLITE_CORRUPT", 11),
    ("SQLITE_NOTFOUND", 12),
    ("SQLITE_FULL", 13),
    ("SQLITE_CANTOPEN", 14),
    ("SQLITE_PROTOCOL", 15),
    ("SQLITE_EMPTY", 16),
    ("SQLITE_SCHEMA", 17),
    ("SQLITE_TOOBIG", 18),
    ("SQLITE_CONSTRAINT", 19),
    ("SQLITE_MISMATCH", 20),
    ("SQLITE_MISUSE", 21),
    ("SQLITE_NOLFS", 22),
    ("SQLITE_AUTH", 23),
    ("SQLITE_FORMAT", 24),
    ("SQLITE_RANGE", 25),
    ("SQLITE_NOTADB", 26),
    ("SQLITE_NOTICE", 27),
    ("SQLITE_WARNING", 28),
    ("SQLITE_ROW", 100),
    ("SQLITE_DONE", 101),
    ("SQLITE_OK_LOAD_PERMANENTLY", 256),
    ("SQLITE_ERROR_MISSING_COLLSEQ", 257),
    ("SQLITE_BUSY_RECOVERY", 261),
    ("SQLITE_LOCKED_SHAREDCACHE", 262),
    ("SQLITE_READONLY_RECOVERY", 264),
    ("SQLITE_IOERR_READ", 266),
    ("SQLITE_CORRUPT_VTAB", 267),
    ("SQLITE_CANTOPEN_NOTEMPDIR", 270),
    ("SQLITE_CONSTRAINT_CHECK", 275),
    ("SQLITE_AUTH_USER", 279),
    ("SQLITE_NOTICE_RECOVER_WAL", 283),
    ("SQLITE_WARNING_AUTOINDEX", 284),
    ("SQLITE_OK_SYMLINK", 512),
    ("SQLITE_ERROR_RETRY", 513),
    ("SQLITE_ABORT_ROLLBACK", 516),
    ("SQLITE_BUSY_SNAPSHOT", 517),
    ("SQLITE_LOCKED_VTAB", 518),
    ("SQLITE_READONLY_CANTLOCK", 520),
    ("SQLITE_IOERR_SHORT_READ", 522),
    ("SQLITE_CORRUPT_SEQUENCE", 523),
    ("SQLITE_CANTOPEN_ISDIR", 526),
    ("SQLITE_CONSTRAINT_COMMITHOOK", 531),
    ("SQLITE_NOTICE_RECOVER_ROLLBACK", 539),
    ("SQLITE_ERROR_SNAPSHOT", 769),
    ("SQLITE_BUSY_TIMEOUT", 773),
    ("SQLITE_READONLY_ROLLBACK", 776),
    ("SQLITE_IOERR_WRITE", 778),
    ("SQLITE_CORRUPT_INDEX", 779),
    ("SQLITE_CANTOPEN_FULLPATH", 782),
    ("SQLITE_CONSTRAINT_FOREIGNKEY", 787),
    ("SQLITE_READONLY_DBMOVED", 1032),
    ("SQLITE_IOERR_FSYNC", 1034),
    ("SQLITE_CANTOPEN_CONVPATH", 1038),
    ("SQLITE_CONSTRAINT_FUNCTION", 1043),
    ("SQLITE_READONLY_CANTINIT", 1288),
    ("SQLITE_IOERR_DIR_FSYNC", 1290),
    ("SQLITE_CANTOPEN_DIRTYWAL", 1294),
    ("SQLITE_CONSTRAINT_NOTNULL", 1299),
    ("SQLITE_READONLY_DIRECTORY", 1544),
    ("SQLITE_IOERR_TRUNCATE", 1546),
    ("SQLITE_CANTOPEN_SYMLINK", 1550),
    ("SQLITE_CONSTRAINT_PRIMARYKEY", 1555),
    ("SQLITE_IOERR_FSTAT", 1802),
    ("SQLITE_CONSTRAINT_TRIGGER", 1811),
    ("SQLITE_IOERR_UNLOCK", 2058),
    ("SQLITE_CONSTRAINT_UNIQUE", 2067),
    ("SQLITE_IOERR_RDLOCK", 2314),
    ("SQLITE_CONSTRAINT_VTAB", 2323),
    ("SQLITE_IOERR_DELETE", 2570),
    ("SQLITE_CONSTRAINT_ROWID", 2579),
    ("SQLITE_IOERR_BLOCKED", 2826),
    ("SQLITE_CONSTRAINT_PINNED", 2835),
    ("SQLITE_IOERR_NOMEM", 3082),
    ("SQLITE_IOERR_ACCESS", 3338),
    ("SQLITE_IOERR_CHECKRESERVEDLOCK", 3594),
    ("SQLITE_IOERR_LOCK", 3850),
    ("SQLITE_IOERR_CLOSE", 4106),
    ("SQLITE_IOERR_DIR_CLOSE", 4362),
    ("SQLITE_IOERR_SHMOPEN", 4618),
    ("SQLITE_IOERR_SHMSIZE", 4874),
    ("SQLITE_IOERR_SHMLOCK", 5130),
    ("SQLITE_IOERR_SHMMAP", 5386),
    ("SQLITE_IOERR_SEEK", 5642),
    ("SQLITE_IOERR_DELETE_NOENT", 5898),
    ("SQLITE_IOERR_MMAP", 6154),
    ("SQLITE_IOERR_GETTEMPPATH", 6410),
    ("SQLITE_IOERR_CONVPATH", 6666),
    ("SQLITE_IOERR_VNODE", 6922),
    ("SQLITE_IOERR_AUTH", 7178),
    ("SQLITE_IOERR_BEGIN_ATOMIC", 7434),
    ("SQLITE_IOERR_COMMIT_ATOMIC", 7690),
    ("SQLITE_IOERR_ROLLBACK_ATOMIC", 7946),
    ("SQLITE_IOERR_DATA", 8202),
    ("SQLITE_IOERR_CORRUPTFS", 8458),
];
pub const OTHER_CONSTS: &[(&str, i32)] = &[
    ("SQLITE_ALTER_TABLE", 26),
    ("SQLITE_ANALYZE", 28),
    ("SQLITE_ATTACH", 24),
    ("SQLITE_CREATE_INDEX", 1),
    ("SQLITE_CREATE_TABLE", 2),
    ("SQLITE_CREATE_TEMP_INDEX", 3),
    ("SQLITE_CREATE_TEMP_TABLE", 4),
    ("SQLITE_CREATE_TEMP_TRIGGER", 5),
    ("SQLITE_CREATE_TEMP_VIEW", 6),
    ("SQLITE_CREATE_TRIGGER", 7),
    ("SQLITE_CREATE_VIEW", 8),
    ("SQLITE_CREATE_VTABLE", 29),
    ("SQLITE_DELETE", 9),
    ("SQLITE_DENY", 1),
    ("SQLITE_DETACH", 25),
    ("SQLITE_DROP_INDEX", 10),
    ("SQLITE_DROP_TABLE", 11),
    ("SQLITE_DROP_TEMP_INDEX", 12),
    ("SQLITE_DROP_TEMP_TABLE", 13),
    ("SQLITE_DROP_TEMP_TRIGGER", 14),
    ("SQLITE_DROP_TEMP_VIEW", 15),
    ("SQLITE_DROP_TRIGGER", 16),
    ("SQLITE_DROP_VIEW", 17),
    ("SQLITE_DROP_VTABLE", 30),
    ("SQLITE_FUNCTION", 31),
    ("SQLITE_IGNORE", 2),
    ("SQLITE_INSERT", 18),
    ("SQLITE_LIMIT_ATTACHED", 7),
    ("SQLITE_LIMIT_COLUMN", 2),
    ("SQLITE_LIMIT_COMPOUND_SELECT", 4),
    ("SQLITE_LIMIT_EXPR_DEPTH", 3),
    ("SQLITE_LIMIT_FUNCTION_ARG", 6),
    ("SQLITE_LIMIT_LENGTH", 0),
    ("SQLITE_LIMIT_LIKE_PATTERN_LENGTH", 8),
    ("SQLITE_LIMIT_SQL_LENGTH", 1),
    ("SQLITE_LIMIT_TRIGGER_DEPTH", 10),
    ("SQLITE_LIMIT_VARIABLE_NUMBER", 9),
    ("SQLITE_LIMIT_VDBE_OP", 5),
    ("SQLITE_LIMIT_WORKER_THREADS", 11),
    ("SQLITE_PRAGMA", 19),
    ("SQLITE_READ", 20),
    ("SQLITE_RECURSIVE", 33),
    ("SQLITE_REINDEX", 27),
    ("SQLITE_SAVEPOINT", 32),
    ("SQLITE_SELECT", 21),
    ("SQLITE_TRANSACTION", 22),
    ("SQLITE_UPDATE", 23),
];
