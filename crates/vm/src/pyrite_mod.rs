//! VM stage: the `_pyrite` module — pyrite-specific services for the Python modules in `lib/`
//! (currently the disassembler behind `lib/dis.py`).

use crate::func::Args;
use crate::value::{Payload, PyRef, Value};
use crate::vm::{PyResult, Vm};

/// `_pyrite.disassemble(code)`: the text `pyrite -m dis` prints for a code object.
fn disassemble(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "disassemble", 1)?;
    let Some(Payload::Code(cd)) = a[0].payload() else {
        return Err(vm.new_type_error(format!("don't know how to disassemble {} objects", vm.type_name(&a[0]))));
    };
    let code = cd.code.clone();
    let vm_cell = std::cell::RefCell::new(&mut *vm);
    let repr = |c: &bytecode::Constant| {
        if let bytecode::Constant::Code(inner) = c {
            return bytecode::dis::code_repr(inner);
        }
        let mut vm = vm_cell.borrow_mut();
        let v = vm.const_value(c);
        vm.repr_string(&v).unwrap_or_else(|_| "?".into())
    };
    let text = bytecode::dis::disassemble(&code, &repr);
    Ok(vm.new_str(text))
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("_pyrite");
    let d = m.dict.get().unwrap();
    let f = vm.new_native_fn("disassemble", disassemble);
    vm.dict_set_str(&d, "disassemble", f);
    Ok(m)
}
