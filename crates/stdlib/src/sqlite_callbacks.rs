//! Stdlib stage: Python code called from inside libsqlite3 for `_sqlite3` connections — SQL
//! functions (`create_function`), aggregates (`create_aggregate`), collations
//! (`create_collation`), the authorizer, the progress handler and the trace callback — with
//! CPython 3.11's conversions and error texts ("user-defined function raised exception", …;
//! the Python exception goes to `sys.unraisablehook` when `enable_callback_tracebacks(True)`).
//! Guarantees: no Rust panic unwinds into C (each callback catches it and reports an SQL
//! error), and the data handed to SQLite lives until SQLite's destructor or the replacement
//! of the handler frees it.

use crate::native;
use crate::sqlite::{callback_vm, check_conn, conn_cell, str_arg, tracebacks_enabled, Callback};
use crate::sqlite_cursor::{to_sql, Sql};
use crate::sqlite_ffi::*;
use std::ffi::{c_char, c_int, c_uint, c_void, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use vm::func::{Args, MethodDef};
use vm::value::{PyRef, Value};
use vm::{PyResult, Vm};

/// CPython's `print_or_clear_traceback`.
fn report(vm: &mut Vm, func: &Value, e: &PyRef) {
    if tracebacks_enabled() {
        vm.write_unraisable("in", func, e);
    }
}

fn cb_data<'a>(p: *mut c_void) -> &'a Callback {
    // SAFETY: every user-data pointer given to SQLite by this module is a live `Callback`.
    unsafe { &*(p as *const Callback) }
}

unsafe extern "C" fn destroy_cb(p: *mut c_void) {
    if !p.is_null() {
        // SAFETY: `p` came from `Box::into_raw` of a Callback and SQLite destroys it once.
        drop(unsafe { Box::from_raw(p as *mut Callback) });
    }
}

fn result_error(ctx: *mut Ctx, msg: &str) {
    let c = CString::new(msg).unwrap_or_default();
    // SAFETY: `ctx` is the live function context; the message is copied by SQLite.
    unsafe { sqlite3_result_error(ctx, c.as_ptr(), -1) };
}

/// The Python arguments of an SQL function call (CPython's `_pysqlite_build_py_params`).
fn build_args(vm: &mut Vm, argc: c_int, argv: *mut *mut SValue) -> Vec<Value> {
    let mut out = Vec::with_capacity(argc.max(0) as usize);
    for i in 0..argc.max(0) as usize {
        // SAFETY: SQLite passes `argc` live values.
        unsafe {
            let v = *argv.add(i);
            out.push(match sqlite3_value_type(v) {
                SQLITE_INTEGER => Value::Int(sqlite3_value_int64(v)),
                SQLITE_FLOAT => Value::Float(sqlite3_value_double(v)),
                SQLITE_TEXT => {
                    let p = sqlite3_value_text(v);
                    let n = sqlite3_value_bytes(v);
                    let b = if p.is_null() { &[][..] } else { std::slice::from_raw_parts(p, n as usize) };
                    vm.new_str(String::from_utf8_lossy(b).into_owned())
                }
                SQLITE_BLOB => {
                    let p = sqlite3_value_blob(v) as *const u8;
                    let n = sqlite3_value_bytes(v);
                    let b = if p.is_null() { &[][..] } else { std::slice::from_raw_parts(p, n as usize) };
                    vm.new_bytes(b.to_vec())
                }
                _ => Value::None,
            });
        }
    }
    out
}

/// CPython's `_pysqlite_set_result`: false for a value SQLite cannot store.
fn set_result(vm: &mut Vm, ctx: *mut Ctx, v: &Value) -> PyResult<bool> {
    let Some(val) = to_sql(vm, v)? else { return Ok(false) };
    // SAFETY: `ctx` is live; text and blobs are copied (SQLITE_TRANSIENT).
    unsafe {
        match &val {
            Sql::Null => sqlite3_result_null(ctx),
            Sql::Int(n) => sqlite3_result_int64(ctx, *n),
            Sql::Float(f) => sqlite3_result_double(ctx, *f),
            Sql::Text(s) => sqlite3_result_text(ctx, s.as_ptr() as *const c_char, s.len() as c_int, SQLITE_TRANSIENT),
            Sql::Blob(b) => sqlite3_result_blob(ctx, b.as_ptr() as *const c_void, b.len() as c_int, SQLITE_TRANSIENT),
        }
    }
    Ok(true)
}

unsafe extern "C" fn func_cb(ctx: *mut Ctx, argc: c_int, argv: *mut *mut SValue) {
    let r = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: the user data of a function is its Callback.
        let data = cb_data(unsafe { sqlite3_user_data(ctx) });
        let Some(vm) = callback_vm() else { return false };
        let args = build_args(vm, argc, argv);
        let r = vm.call(&data.func, Args::new(&args)).and_then(|v| {
            if set_result(vm, ctx, &v)? {
                Ok(())
            } else {
                let msg = format!("User-defined functions cannot return '{}' values to SQLite", vm.type_name(&v));
                Err(crate::sqlite::programming_error(vm, msg))
            }
        });
        match r {
            Ok(()) => true,
            Err(e) => {
                report(vm, &data.func, &e);
                false
            }
        }
    }));
    if !matches!(r, Ok(true)) {
        result_error(ctx, "user-defined function raised exception");
    }
}

/// The aggregate instance slot of an aggregate context (null until the first step).
fn agg_slot(ctx: *mut Ctx, create: bool) -> *mut *mut Value {
    let n = if create { std::mem::size_of::<*mut Value>() as c_int } else { 0 };
    // SAFETY: `ctx` is a live aggregate context; SQLite zeroes the allocation.
    unsafe { sqlite3_aggregate_context(ctx, n) as *mut *mut Value }
}

unsafe extern "C" fn step_cb(ctx: *mut Ctx, argc: c_int, argv: *mut *mut SValue) {
    let r = catch_unwind(AssertUnwindSafe(|| -> Result<(), &'static str> {
        // SAFETY: the user data of an aggregate is its Callback (holding the class).
        let data = cb_data(unsafe { sqlite3_user_data(ctx) });
        let Some(vm) = callback_vm() else { return Err("user-defined aggregate's 'step' method raised error") };
        let slot = agg_slot(ctx, true);
        if slot.is_null() {
            return Err("out of memory");
        }
        // SAFETY: `slot` points to SQLite's zeroed pointer-sized allocation for this group.
        if unsafe { *slot }.is_null() {
            match vm.call(&data.func, Args::new(&[])) {
                // SAFETY: as above; the box is freed by `final_cb`.
                Ok(inst) => unsafe { *slot = Box::into_raw(Box::new(inst)) },
                Err(e) => {
                    report(vm, &data.func, &e);
                    return Err("user-defined aggregate's '__init__' method raised error");
                }
            }
        }
        // SAFETY: set above to a live boxed Value.
        let inst = unsafe { (**slot).clone() };
        let args = build_args(vm, argc, argv);
        let r = vm.getattr_str(&inst, "step").and_then(|f| vm.call(&f, Args::new(&args)));
        if let Err(e) = r {
            report(vm, &data.func, &e);
            return Err("user-defined aggregate's 'step' method raised error");
        }
        Ok(())
    }));
    match r {
        Ok(Ok(())) => {}
        Ok(Err(m)) => result_error(ctx, m),
        Err(_) => result_error(ctx, "user-defined aggregate's 'step' method raised error"),
    }
}

unsafe extern "C" fn final_cb(ctx: *mut Ctx) {
    let r = catch_unwind(AssertUnwindSafe(|| -> Result<(), &'static str> {
        // SAFETY: as in `step_cb`.
        let data = cb_data(unsafe { sqlite3_user_data(ctx) });
        let slot = agg_slot(ctx, false);
        // SAFETY: a non-null slot is this group's pointer-sized allocation.
        if slot.is_null() || unsafe { *slot }.is_null() {
            return Ok(());
        }
        // SAFETY: the box was made by `step_cb` and is taken exactly once here.
        let inst = unsafe { Box::from_raw(*slot) };
        // SAFETY: as above.
        unsafe { *slot = std::ptr::null_mut() };
        let Some(vm) = callback_vm() else { return Err("user-defined aggregate's 'finalize' method raised error") };
        let r = vm.getattr_str(&inst, "finalize").and_then(|f| vm.call(&f, Args::new(&[])));
        match r.and_then(|v| set_result(vm, ctx, &v)) {
            Ok(true) => Ok(()),
            Ok(false) => Err("user-defined aggregate's 'finalize' method raised error"),
            Err(e) => {
                report(vm, &data.func, &e);
                Err("user-defined aggregate's 'finalize' method raised error")
            }
        }
    }));
    match r {
        Ok(Ok(())) => {}
        Ok(Err(m)) => result_error(ctx, m),
        Err(_) => result_error(ctx, "user-defined aggregate's 'finalize' method raised error"),
    }
}

fn name_arg(vm: &Vm, v: &Value, method: &str) -> PyResult<CString> {
    let s = str_arg(vm, v, &format!("{method}() argument 'name'"))?;
    crate::sqlite::cstring(vm, &s)
}

fn narg_arg(vm: &mut Vm, v: &Value) -> PyResult<c_int> {
    native::clinic_int(vm, v)
}

fn conn_create_function(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let [name, narg, func, det] =
        args.rest().clinic(vm, "create_function", ["name", "narg", "func", "deterministic"], 0, 3, 3)?;
    let db = check_conn(vm, &this)?;
    let name = name_arg(vm, &name.unwrap(), "create_function")?;
    let narg = narg_arg(vm, &narg.unwrap())?;
    let func = func.unwrap();
    let det = match det {
        Some(v) => vm.truthy(&v)?,
        None => false,
    };
    let flags = SQLITE_UTF8 | if det { SQLITE_DETERMINISTIC } else { 0 };
    let rc = if func.is_none() {
        // SAFETY: `db` is open; removing the function.
        unsafe {
            sqlite3_create_function_v2(db, name.as_ptr(), narg, flags, std::ptr::null_mut(), None, None, None, None)
        }
    } else {
        let data = Box::into_raw(Box::new(Callback { func })) as *mut c_void;
        // SAFETY: `db` is open; SQLite owns `data` and frees it with `destroy_cb`.
        unsafe {
            sqlite3_create_function_v2(
                db,
                name.as_ptr(),
                narg,
                flags,
                data,
                Some(func_cb),
                None,
                None,
                Some(destroy_cb),
            )
        }
    };
    if rc != SQLITE_OK {
        return Err(crate::sqlite::operational_error(vm, "Error creating function"));
    }
    Ok(Value::None)
}

fn conn_create_aggregate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let [name, narg, cls] =
        args.rest().clinic(vm, "create_aggregate", ["name", "n_arg", "aggregate_class"], 0, 3, 3)?;
    let db = check_conn(vm, &this)?;
    let name = name_arg(vm, &name.unwrap(), "create_aggregate")?;
    let narg = narg_arg(vm, &narg.unwrap())?;
    let cls = cls.unwrap();
    let rc = if cls.is_none() {
        // SAFETY: `db` is open; removing the aggregate.
        unsafe {
            sqlite3_create_function_v2(
                db,
                name.as_ptr(),
                narg,
                SQLITE_UTF8,
                std::ptr::null_mut(),
                None,
                None,
                None,
                None,
            )
        }
    } else {
        let data = Box::into_raw(Box::new(Callback { func: cls })) as *mut c_void;
        // SAFETY: as in `create_function`.
        unsafe {
            sqlite3_create_function_v2(
                db,
                name.as_ptr(),
                narg,
                SQLITE_UTF8,
                data,
                None,
                Some(step_cb),
                Some(final_cb),
                Some(destroy_cb),
            )
        }
    };
    if rc != SQLITE_OK {
        return Err(crate::sqlite::operational_error(vm, "Error creating aggregate"));
    }
    Ok(Value::None)
}

unsafe extern "C" fn collation_cb(p: *mut c_void, n1: c_int, s1: *const c_void, n2: c_int, s2: *const c_void) -> c_int {
    let r = catch_unwind(AssertUnwindSafe(|| {
        let data = cb_data(p);
        let vm = callback_vm()?;
        let text = |s: *const c_void, n: c_int| {
            // SAFETY: SQLite passes `n` bytes of UTF-8 at `s`.
            let b =
                if s.is_null() { &[][..] } else { unsafe { std::slice::from_raw_parts(s as *const u8, n as usize) } };
            String::from_utf8_lossy(b).into_owned()
        };
        let a = vm.new_str(text(s1, n1));
        let b = vm.new_str(text(s2, n2));
        match vm.call(&data.func, Args::new(&[a, b])) {
            Ok(Value::Int(i)) => Some(i.signum() as c_int),
            Ok(Value::Bool(b)) => Some(b as c_int),
            Ok(v) => match v.payload() {
                Some(vm::value::Payload::Int(b)) => Some(match b.sign() {
                    num_bigint::Sign::Minus => -1,
                    num_bigint::Sign::NoSign => 0,
                    num_bigint::Sign::Plus => 1,
                }),
                _ => Some(0),
            },
            Err(e) => {
                report(vm, &data.func, &e);
                Some(0)
            }
        }
    }));
    r.ok().flatten().unwrap_or(0)
}

fn conn_create_collation(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.posonly(vm, "create_collation", 2, 2)?;
    let this = &a[0];
    let db = check_conn(vm, this)?;
    let name = match a[1].as_str() {
        Some(s) => crate::sqlite::cstring(vm, s.as_str())?,
        None => {
            return Err(
                vm.new_type_error(format!("create_collation() argument 1 must be str, not {}", vm.type_name(&a[1])))
            )
        }
    };
    let func = a[2].clone();
    let rc = if func.is_none() {
        // SAFETY: `db` is open; removing the collation.
        unsafe { sqlite3_create_collation_v2(db, name.as_ptr(), SQLITE_UTF8, std::ptr::null_mut(), None, None) }
    } else {
        if !vm.is_callable(&func) {
            return Err(vm.new_type_error("parameter must be callable"));
        }
        let data = Box::into_raw(Box::new(Callback { func })) as *mut c_void;
        // SAFETY: `db` is open; SQLite owns `data` and frees it with `destroy_cb`.
        unsafe {
            sqlite3_create_collation_v2(db, name.as_ptr(), SQLITE_UTF8, data, Some(collation_cb), Some(destroy_cb))
        }
    };
    if rc != SQLITE_OK {
        return Err(crate::sqlite::db_error(vm, db));
    }
    Ok(Value::None)
}

fn opt_str(vm: &Vm, p: *const c_char) -> Value {
    if p.is_null() {
        Value::None
    } else {
        // SAFETY: SQLite passes NUL-terminated strings.
        vm.new_str(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
    }
}

unsafe extern "C" fn authorizer_cb(
    p: *mut c_void,
    action: c_int,
    a1: *const c_char,
    a2: *const c_char,
    a3: *const c_char,
    a4: *const c_char,
) -> c_int {
    let r = catch_unwind(AssertUnwindSafe(|| {
        let data = cb_data(p);
        let vm = callback_vm()?;
        let args = [Value::Int(action as i64), opt_str(vm, a1), opt_str(vm, a2), opt_str(vm, a3), opt_str(vm, a4)];
        match vm.call(&data.func, Args::new(&args)) {
            Ok(Value::Int(i)) => Some(i as c_int),
            Ok(Value::Bool(b)) => Some(b as c_int),
            Ok(_) => Some(SQLITE_DENY),
            Err(e) => {
                report(vm, &data.func, &e);
                Some(SQLITE_DENY)
            }
        }
    }));
    r.ok().flatten().unwrap_or(SQLITE_DENY)
}

unsafe extern "C" fn progress_cb(p: *mut c_void) -> c_int {
    let r = catch_unwind(AssertUnwindSafe(|| {
        let data = cb_data(p);
        let vm = callback_vm()?;
        match vm.call(&data.func, Args::new(&[])).and_then(|v| vm.truthy(&v)) {
            Ok(b) => Some(b as c_int),
            Err(e) => {
                report(vm, &data.func, &e);
                Some(-1)
            }
        }
    }));
    r.ok().flatten().unwrap_or(-1)
}

unsafe extern "C" fn trace_cb(kind: c_uint, p: *mut c_void, stmt: *mut c_void, sql: *mut c_void) -> c_int {
    if kind != SQLITE_TRACE_STMT {
        return 0;
    }
    let _ = catch_unwind(AssertUnwindSafe(|| {
        let data = cb_data(p);
        let vm = callback_vm()?;
        // SAFETY: `stmt` is the statement being run; the expanded text is freed below.
        let exp = unsafe { sqlite3_expanded_sql(stmt) };
        let text = if exp.is_null() {
            opt_str(vm, sql as *const c_char)
        } else {
            let t = opt_str(vm, exp);
            // SAFETY: allocated by sqlite3_expanded_sql.
            unsafe { sqlite3_free(exp as *mut c_void) };
            t
        };
        if let Err(e) = vm.call(&data.func, Args::new(&[text])) {
            report(vm, &data.func, &e);
        }
        Some(())
    }));
    0
}

fn conn_set_authorizer(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let [cb] = args.rest().bind(vm, "set_authorizer", ["authorizer_callback"], 1)?;
    let db = check_conn(vm, &this)?;
    let cb = cb.unwrap();
    let cell = conn_cell(&this).expect("checked");
    if cb.is_none() {
        // SAFETY: `db` is open.
        unsafe { sqlite3_set_authorizer(db, None, std::ptr::null_mut()) };
        cell.borrow_mut().authorizer = None;
    } else {
        let b = Box::new(Callback { func: cb });
        // SAFETY: the box is kept in the connection until replaced (after SQLite lets go).
        let rc = unsafe { sqlite3_set_authorizer(db, Some(authorizer_cb), &*b as *const Callback as *mut c_void) };
        if rc != SQLITE_OK {
            return Err(crate::sqlite::operational_error(vm, "Error setting authorizer callback"));
        }
        cell.borrow_mut().authorizer = Some(b);
    }
    Ok(Value::None)
}

fn conn_set_progress_handler(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let [cb, n] = args.rest().bind(vm, "set_progress_handler", ["progress_handler", "n"], 2)?;
    let db = check_conn(vm, &this)?;
    let n = native::clinic_int(vm, &n.unwrap())?;
    let cb = cb.unwrap();
    let cell = conn_cell(&this).expect("checked");
    if cb.is_none() {
        // SAFETY: `db` is open.
        unsafe { sqlite3_progress_handler(db, 0, None, std::ptr::null_mut()) };
        cell.borrow_mut().progress = None;
    } else {
        let b = Box::new(Callback { func: cb });
        // SAFETY: as in `set_authorizer`.
        unsafe { sqlite3_progress_handler(db, n, Some(progress_cb), &*b as *const Callback as *mut c_void) };
        cell.borrow_mut().progress = Some(b);
    }
    Ok(Value::None)
}

fn conn_set_trace_callback(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let [cb] = args.rest().bind(vm, "set_trace_callback", ["trace_callback"], 1)?;
    let db = check_conn(vm, &this)?;
    let cb = cb.unwrap();
    let cell = conn_cell(&this).expect("checked");
    if cb.is_none() {
        // SAFETY: `db` is open.
        unsafe { sqlite3_trace_v2(db, 0, None, std::ptr::null_mut()) };
        cell.borrow_mut().trace = None;
    } else {
        let b = Box::new(Callback { func: cb });
        // SAFETY: as in `set_authorizer`.
        unsafe { sqlite3_trace_v2(db, SQLITE_TRACE_STMT, Some(trace_cb), &*b as *const Callback as *mut c_void) };
        cell.borrow_mut().trace = Some(b);
    }
    Ok(Value::None)
}

pub(crate) const CONN_CALLBACK_METHODS: &[MethodDef] = &[
    ("create_function", conn_create_function, "Creates a new function."),
    ("create_aggregate", conn_create_aggregate, "Creates a new aggregate."),
    ("create_collation", conn_create_collation, "Creates a collation function."),
    ("set_authorizer", conn_set_authorizer, "Sets authorizer callback."),
    ("set_progress_handler", conn_set_progress_handler, "Sets progress handler callback."),
    ("set_trace_callback", conn_set_trace_callback, "Sets a trace callback called for each SQL statement."),
];
