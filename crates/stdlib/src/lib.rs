//! Stdlib stage: native modules that are not needed to boot the VM (`math`, `time`, …), one
//! file each. `register` makes them importable.

use vm::Vm;

/// Registers every native module of this crate with the VM's importer.
pub fn register(vm: &mut Vm) {
    let _ = vm;
}
