//! VM stage: the builtin types' Python-visible behaviour, one file per family.

pub mod builtin_docs;
pub mod builtin_func;
pub mod bytesmethods;
pub mod complex;
pub mod containers;
pub mod core;
pub mod descr;
pub mod exc_state;
pub mod generic_alias;
pub mod int;
pub mod iter_reduce;
pub mod memoryview;
pub mod numbers;
pub mod runtime;
pub mod setops;
pub mod slots;
pub mod strtype;
pub mod surface;
pub mod tbobject;
