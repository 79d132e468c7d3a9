//! VM stage: the `traceback` type's Python surface, as CPython's Python/traceback.c — the
//! constructor `types.TracebackType(tb_next, tb_frame, tb_lasti, tb_lineno)` (`tb_new`), the
//! `tb_next` getset that refuses loops and deletion, and the `tb_frame`/`tb_lasti`/`tb_lineno`
//! readers. Tracebacks made by the interpreter itself come from eval.rs (`add_traceback`).

use crate::func::Args;
use crate::value::{Object, Payload, PyRef, Traceback, Value};
use crate::vm::{PyResult, Vm};
use std::cell::RefCell;
use std::rc::Rc;

/// The traceback behind `args.args[0]` (every function here is a method of the type).
fn this<'a>(args: &Args<'a>) -> &'a Traceback {
    match args.args[0].payload() {
        Some(Payload::Traceback(tb)) => tb,
        _ => unreachable!("traceback descriptors check their instance"),
    }
}

/// `TracebackType.__new__` (`tb_new_impl`): a new entry on top of `tb_next` for `tb_frame`
/// at `tb_lasti` (a byte offset; pyrite counts code units, so it keeps half of it and a
/// negative one as "no instruction") and line `tb_lineno` (-1: computed from `tb_lasti` when
/// read).
fn tb_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let rest = args.rest();
    let [next, frame, lasti, lineno] =
        rest.clinic(vm, "TracebackType", ["tb_next", "tb_frame", "tb_lasti", "tb_lineno"], 0, 4, 4)?;
    let (next, frame, lasti, lineno) = (next.unwrap(), frame.unwrap(), lasti.unwrap(), lineno.unwrap());
    let Some(Payload::Frame(fo)) = frame.payload() else {
        return Err(vm.new_type_error(format!(
            "TracebackType() argument 'tb_frame' must be frame, not {}",
            vm.type_name(&frame)
        )));
    };
    let lasti = clinic_c_int(vm, &lasti)?;
    let lineno = clinic_c_int(vm, &lineno)?;
    let next = match next {
        Value::None => None,
        Value::Obj(o) if matches!(o.payload, Payload::Traceback(_)) => Some(o),
        v => return Err(vm.new_type_error(format!("expected traceback object or None, got '{}'", vm.type_name(&v)))),
    };
    let tb = Traceback {
        next: RefCell::new(next),
        code: fo.code.clone(),
        lasti: usize::try_from(lasti).map_or(usize::MAX, |b| b / 2),
        lineno,
        globals: fo.globals.clone(),
        frame: RefCell::new(frame.as_obj().cloned()),
    };
    Ok(Value::Obj(Object::new(vm.types.traceback.clone(), Payload::Traceback(Box::new(tb)))))
}

/// Puts an entry for `frame` at code unit `lasti` and line `lineno` on top of `exc`'s
/// traceback, as the interpreter does when an exception passes through a frame
/// (`PyTraceBack_Here`).
pub fn push_entry(vm: &Vm, exc: &PyRef, frame: &crate::frame::Frame, lasti: usize, lineno: i32) {
    let Payload::Exception(ed) = &exc.payload else { return };
    let next = ed.traceback.borrow_mut().take();
    let tb = Traceback {
        next: RefCell::new(next),
        code: frame.code.clone(),
        lasti,
        lineno,
        globals: frame.globals.clone(),
        frame: RefCell::new(frame.object()),
    };
    *ed.traceback.borrow_mut() = Some(Object::new(vm.types.traceback.clone(), Payload::Traceback(Box::new(tb))));
}

/// A clinic `int` parameter (`_PyLong_AsInt`): `__index__`, then the C int range.
fn clinic_c_int(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    use num_traits::ToPrimitive;
    let i = vm.to_index(v)?;
    i.to_i32().ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C int"))
}

fn tb_next(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(this(&args).next.borrow().clone().map(Value::Obj).unwrap_or(Value::None))
}

/// `tb.tb_next = other` (`tb_next_set`): a traceback or None, never making a loop.
fn tb_next_set(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let tb = this(&args);
    let new = match &args.args[1] {
        Value::None => None,
        Value::Obj(o) if matches!(o.payload, Payload::Traceback(_)) => {
            // Walk the new chain: it must not reach this traceback.
            let mut cur = Some(o.clone());
            while let Some(c) = cur {
                if args.args[0].as_obj().is_some_and(|me| Rc::ptr_eq(me, &c)) {
                    return Err(vm.new_value_error("traceback loop detected"));
                }
                cur = match &c.payload {
                    Payload::Traceback(t) => t.next.borrow().clone(),
                    _ => None,
                };
            }
            Some(o.clone())
        }
        v => return Err(vm.new_type_error(format!("expected traceback object, got '{}'", vm.type_name(v)))),
    };
    let old = tb.next.replace(new);
    drop(old);
    Ok(Value::None)
}

fn tb_next_del(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(vm.new_type_error("can't delete tb_next attribute"))
}

/// `tb_lineno_get`: the line given or recorded, else computed from `tb_lasti`, else None.
fn tb_lineno(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(this(&args).line().map_or(Value::None, |l| Value::Int(l as i64)))
}

/// `tb_lasti` in bytes (two per code unit); -1 for a constructed entry given a negative one.
fn tb_lasti(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let lasti = this(&args).lasti;
    Ok(Value::Int(if lasti == usize::MAX { -1 } else { lasti as i64 * 2 }))
}

/// `tb_frame`: the frame object of the traceback entry's frame if it had one when the entry
/// was made, else a stand-in with the entry's code, line and globals (pyrite makes frame
/// objects only on request, so the locals of such a frame are not kept).
fn tb_frame(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let tb = this(&args);
    if let Some(f) = &*tb.frame.borrow() {
        return Ok(Value::Obj(f.clone()));
    }
    Ok(vm.new_frame_object(tb.code.clone(), tb.lasti, tb.globals.clone()))
}

pub fn init(vm: &mut Vm) {
    let tb = vm.types.traceback.clone();
    vm.add_static(&tb, "__new__", tb_new);
    vm.add_getset_del(&tb, "tb_next", tb_next, tb_next_set, tb_next_del);
    vm.add_member(&tb, "tb_frame", tb_frame, None);
    vm.add_getset(&tb, "tb_lineno", tb_lineno, None);
    vm.add_member(&tb, "tb_lasti", tb_lasti, None);
}
