//! Stdlib stage: native modules that are not needed to boot the VM (`math`, `time`, …), one
//! file each. `register` makes them importable.

use vm::Vm;

pub mod abc;
pub mod array;
pub mod array_items;
pub mod atexit;
pub mod blake2;
pub mod blocks_output;
pub mod bz2;
pub mod cmath;
pub mod collections;
pub mod dynlib;
pub mod errno;
pub mod fcntl;
pub mod functools;
pub mod grp;
pub mod hashobj;
pub mod itertools;
pub mod json;
pub mod json_encode;
pub mod locale;
pub mod lsprof;
pub mod lzma;
pub mod lzma_filters;
pub mod math;
pub mod mdhash;
pub mod mmap;
pub mod multiprocessing;
pub mod native;
pub mod posixsubprocess;
pub mod pwd;
pub mod pyexpat;
pub mod pyexpat_handlers;
pub mod random;
pub mod reduce;
pub mod resource;
pub mod select;
pub mod select_epoll;
pub mod sha3;
pub mod signal;
pub mod socket;
pub mod socket_addr;
#[rustfmt::skip]
pub mod socket_consts;
pub mod socket_msg;
pub mod sqlite;
pub mod sqlite_callbacks;
pub mod sqlite_cursor;
pub mod sqlite_extra;
#[rustfmt::skip]
pub mod sqlite_ffi;
pub mod sre;
pub mod termios;
pub mod thread;
pub mod time;
pub mod tracemalloc;
pub mod unicodedata;
#[rustfmt::skip]
pub mod unicodedata_db;
pub mod unicodedata_norm;
pub mod zlib;

/// Registers every native module of this crate with the VM's importer.
pub fn register(vm: &mut Vm) {
    vm.native_modules.insert("math".into(), math::init);
    vm.native_modules.insert("cmath".into(), cmath::init);
    vm.native_modules.insert("atexit".into(), atexit::init);
    vm.native_modules.insert("_abc".into(), abc::init);
    vm.native_modules.insert("errno".into(), errno::init);
    vm.native_modules.insert("zlib".into(), zlib::init);
    vm.native_modules.insert("_bz2".into(), bz2::init);
    vm.native_modules.insert("_lzma".into(), lzma::init);
    vm.native_modules.insert("_sqlite3".into(), sqlite::init);
    vm.native_modules.insert("_sre".into(), sre::init);
    vm.native_modules.insert("time".into(), time::init);
    vm.native_modules.insert("itertools".into(), itertools::init);
    vm.native_modules.insert("_thread".into(), thread::init);
    vm.native_modules.insert("_multiprocessing".into(), multiprocessing::init);
    vm.native_modules.insert("_posixshmem".into(), multiprocessing::init_posixshmem);
    vm.native_modules.insert("_functools".into(), functools::init);
    vm.native_modules.insert("_collections".into(), collections::init);
    vm.native_modules.insert("_md5".into(), mdhash::init_md5);
    vm.native_modules.insert("_sha1".into(), mdhash::init_sha1);
    vm.native_modules.insert("_sha256".into(), mdhash::init_sha256);
    vm.native_modules.insert("_sha512".into(), mdhash::init_sha512);
    vm.native_modules.insert("_sha3".into(), sha3::init);
    vm.native_modules.insert("_blake2".into(), blake2::init);
    vm.native_modules.insert("_random".into(), random::init);
    vm.native_modules.insert("_signal".into(), signal::init);
    vm.native_modules.insert("select".into(), select::init);
    vm.native_modules.insert("_socket".into(), socket::init);
    vm.native_modules.insert("_posixsubprocess".into(), posixsubprocess::init);
    vm.native_modules.insert("unicodedata".into(), unicodedata::init);
    vm.native_modules.insert("array".into(), array::init);
    vm.native_modules.insert("_json".into(), json::init);
    vm.native_modules.insert("pyexpat".into(), pyexpat::init);
    vm.native_modules.insert("_tracemalloc".into(), tracemalloc::init);
    vm.native_modules.insert("pwd".into(), pwd::init);
    vm.native_modules.insert("grp".into(), grp::init);
    vm.native_modules.insert("fcntl".into(), fcntl::init);
    vm.native_modules.insert("resource".into(), resource::init);
    vm.native_modules.insert("termios".into(), termios::init);
    vm.native_modules.insert("mmap".into(), mmap::init);
    vm.native_modules.insert("_locale".into(), locale::init);
    vm.native_modules.insert("_lsprof".into(), lsprof::init);
    reduce::install(vm);
}
