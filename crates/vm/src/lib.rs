//! VM stage: pyrite's virtual machine — the object model, builtin types, the interpreter loop,
//! the import system with its `.pyc` cache, and the modules needed to boot (`builtins`, `sys`,
//! the standard streams). It runs `bytecode::CodeObject`s produced by the `compiler` crate.

pub mod ast_objects;
pub mod boot;
pub mod buffer;
pub mod builtins;
pub mod codecs;
pub mod dict;
pub mod escape_codecs;
pub mod eval;
pub mod exceptions;
pub mod faulthandler;
pub mod finalize;
pub mod format;
pub mod frame;
pub mod frameobject;
pub mod func;
pub mod gc;
pub mod gcmod;
pub mod gen;
pub mod gil;
pub mod hash;
pub mod impmod;
pub mod import;
pub mod import_hooks;
pub mod inline_cache;
pub mod io;
pub mod iomod;
pub mod iter;
pub mod marshalmod;
pub mod misc;
pub mod objects;
pub mod ops;
pub mod posix;
pub mod posix_fd;
pub mod posix_fork;
pub mod pyrite_mod;
pub mod set;
pub mod shape;
pub mod signals;
pub mod sitebuiltins;
pub mod str;
pub mod strmethods;
pub mod sysmod;
pub mod trace;
pub mod traceback;
pub mod types;
mod unicode_tables;
pub mod value;
pub mod vm;
pub mod warnings;
pub mod weakproxy;
pub mod weakref;

pub use value::{PyRef, Value};
pub use vm::{Config, PyResult, Vm};
