//! Stdlib stage: the `grp` module — `getgrgid`, `getgrnam` and `getgrall` over the C library's
//! group-database calls, returning `grp.struct_group` struct sequences (`gr_mem` a list of
//! str), with CPython's KeyError/TypeError/OverflowError messages.

use crate::native;
use crate::pwd::{c_field, id_arg, name_arg, with_r_buffer, IdError};
use std::cell::RefCell;
use vm::func::{Args, NativeFn};
use vm::value::{PyRef, Value};
use vm::{PyResult, Vm};

vm::gil_local! {
    static STRUCT_GROUP: RefCell<Option<PyRef>> = const { RefCell::new(None) };
}

const FIELDS: [&str; 4] = ["gr_name", "gr_passwd", "gr_gid", "gr_mem"];

const DOC: &str = "grp.struct_group: Results from getgr*() routines.\n\n\
This object may be accessed either as a tuple of\n  \
(gr_name,gr_passwd,gr_gid,gr_mem)\n\
or via the object attributes as named in the above tuple.\n";

fn mkgrent(vm: &Vm, g: &libc::group) -> Value {
    let mut mem = Vec::new();
    let mut p = g.gr_mem;
    // SAFETY: gr_mem is a null-terminated array of NUL-terminated strings.
    while !p.is_null() && unsafe { !(*p).is_null() } {
        mem.push(c_field(vm, unsafe { *p }));
        p = unsafe { p.add(1) };
    }
    let items = vec![c_field(vm, g.gr_name), c_field(vm, g.gr_passwd), Value::Int(g.gr_gid as i64), vm.new_list(mem)];
    let t = STRUCT_GROUP.with(|t| t.borrow().clone().expect("grp module initialised"));
    native::struct_seq_new(&t, items)
}

fn not_found(vm: &Vm, msg: String) -> PyRef {
    vm.new_key_error(vm.new_str(msg))
}

fn grp_getgrgid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.args.is_empty() {
        return Err(vm.new_type_error("getgrgid() missing required argument 'id' (pos 1)"));
    }
    let [id] = args.bind(vm, "getgrgid", ["id"], 1)?;
    let id = id.unwrap();
    let gid = match id_arg(vm, &id, "gid") {
        Ok(g) => g,
        Err(IdError::Overflow(e) | IdError::Raised(e)) => return Err(e),
    };
    let r = with_r_buffer(
        libc::_SC_GETGR_R_SIZE_MAX,
        // SAFETY: all pointers are valid for the call; the buffer outlives its use in `make`.
        |ent, buf, res| unsafe { libc::getgrgid_r(gid, ent, buf.as_mut_ptr(), buf.len(), res) },
        |g| mkgrent(vm, g),
    );
    match r {
        Ok(Some(v)) => Ok(v),
        Ok(None) | Err(_) => {
            let s = vm.str_string(&id)?;
            Err(not_found(vm, format!("getgrgid(): gid not found: {s}")))
        }
    }
}

fn grp_getgrnam(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.args.is_empty() {
        return Err(vm.new_type_error("getgrnam() missing required argument 'name' (pos 1)"));
    }
    let [name] = args.bind(vm, "getgrnam", ["name"], 1)?;
    let name = name.unwrap();
    let c = name_arg(vm, &name, "getgrnam() argument 'name' must be str")?;
    let r = with_r_buffer(
        libc::_SC_GETGR_R_SIZE_MAX,
        // SAFETY: all pointers are valid for the call; the buffer outlives its use in `make`.
        |ent, buf, res| unsafe { libc::getgrnam_r(c.as_ptr(), ent, buf.as_mut_ptr(), buf.len(), res) },
        |g| mkgrent(vm, g),
    );
    match r {
        Ok(Some(v)) => Ok(v),
        Ok(None) | Err(_) => {
            let r = vm.repr_string(&name)?;
            Err(not_found(vm, format!("getgrnam(): name not found: {r}")))
        }
    }
}

fn grp_getgrall(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.exact(vm, "grp.getgrall", 0)?;
    let mut out = Vec::new();
    // SAFETY: setgrent/getgrent/endgrent walk the database; each entry is read before the next
    // call (the GIL keeps other Python threads out).
    unsafe {
        libc::setgrent();
        loop {
            let g = libc::getgrent();
            if g.is_null() {
                break;
            }
            out.push(mkgrent(vm, &*g));
        }
        libc::endgrent();
    }
    Ok(vm.new_list(out))
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("grp");
    let d = m.dict.get().unwrap();
    let t = native::struct_seq_type(vm, "grp", "struct_group", &FIELDS, DOC);
    STRUCT_GROUP.with(|s| *s.borrow_mut() = Some(t.clone()));
    vm.dict_set_str(&d, "struct_group", Value::Obj(t));
    let fns: &[(&'static str, NativeFn)] =
        &[("getgrgid", grp_getgrgid), ("getgrnam", grp_getgrnam), ("getgrall", grp_getgrall)];
    vm.add_native_fns(&d, fns);
    Ok(m)
}
