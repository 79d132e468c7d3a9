//! Stdlib stage: system C libraries opened when the module that needs them is first imported
//! (`dlopen`), as CPython loads its extension modules, rather than linked into the binary:
//! every start-up would otherwise pay for loading and relocating them. `dynlib!` declares a
//! library's functions once; the module's `init` calls `load()` (ImportError with the loader's
//! message if the library is missing), and call sites use the functions as ordinary externs.

use std::ffi::{c_void, CStr, CString};

/// Opens the first of `names` that loads; the handle, or the loader's error for the last one.
pub fn open_first(names: &[&str]) -> Result<*mut c_void, String> {
    let mut err = String::from("no library name given");
    for name in names {
        let c = CString::new(*name).expect("library names have no NUL");
        // SAFETY: `c` is NUL-terminated; RTLD_NOW resolves everything up front.
        let h = unsafe { libc::dlopen(c.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL) };
        if !h.is_null() {
            return Ok(h);
        }
        err = last_error();
    }
    Err(err)
}

/// The address of `symbol` in the library `handle`.
///
/// # Safety
/// `handle` must come from `open_first` (dlopen).
pub unsafe fn symbol(handle: *mut c_void, symbol: &str) -> Result<*mut c_void, String> {
    let c = CString::new(symbol).expect("symbol names have no NUL");
    // SAFETY: `handle` came from dlopen (the caller's promise); `c` is NUL-terminated.
    let p = unsafe { libc::dlsym(handle, c.as_ptr()) };
    if p.is_null() {
        Err(last_error())
    } else {
        Ok(p)
    }
}

fn last_error() -> String {
    // SAFETY: dlerror returns NULL or a NUL-terminated message.
    let e = unsafe { libc::dlerror() };
    if e.is_null() {
        "unknown dynamic loader error".to_string()
    } else {
        // SAFETY: checked non-null above.
        unsafe { CStr::from_ptr(e) }.to_string_lossy().into_owned()
    }
}

/// Declares a library loaded on demand and its functions:
///
/// ```ignore
/// dynlib! {
///     /// doc
///     static LIB = ["libfoo.so.1", "libfoo.so"];
///     fn foo_init(x: *mut Foo) -> c_int;
/// }
/// ```
///
/// defines `LIB` with `load()`, and for each function an `unsafe fn` of the same signature
/// that calls through the loaded table (after `LIB.load()` succeeded).
#[macro_export]
macro_rules! dynlib {
    (
        $(#[$attr:meta])*
        $vis:vis static $lib:ident = [$($file:literal),+ $(,)?];
        $(
            $(#[$fattr:meta])*
            $fvis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $(-> $ret:ty)?;
        )*
    ) => {
        $(#[$attr])*
        $vis static $lib: $lib::Library = $lib::Library(std::sync::OnceLock::new());

        #[allow(non_snake_case, dead_code)]
        $vis mod $lib {
            #[allow(unused_imports)]
            use super::*;

            /// The library's function table, filled by `load`.
            #[allow(non_snake_case)]
            pub struct Table {
                $(pub $name: unsafe extern "C" fn($($ty),*) $(-> $ret)?,)*
            }

            pub struct Library(pub std::sync::OnceLock<Result<Table, String>>);

            impl Library {
                /// Opens the library and resolves every function (once).
                pub fn load(&self) -> Result<&Table, String> {
                    self.0
                        .get_or_init(|| {
                            let h = $crate::dynlib::open_first(&[$($file),+])?;
                            Ok(Table {
                                // SAFETY: each symbol is the C function declared with this
                                // signature in the library's header.
                                $($name: unsafe {
                                    std::mem::transmute::<*mut std::ffi::c_void, unsafe extern "C" fn($($ty),*) $(-> $ret)?>(
                                        $crate::dynlib::symbol(h, stringify!($name))?,
                                    )
                                },)*
                            })
                        })
                        .as_ref()
                        .map_err(|e| e.clone())
                }

                #[inline]
                pub fn table(&self) -> &Table {
                    self.0
                        .get()
                        .and_then(|r| r.as_ref().ok())
                        .expect(concat!(stringify!($lib), " is loaded when its module is imported"))
                }
            }
        }

        $(
            $(#[$fattr])*
            #[allow(non_snake_case, dead_code, clippy::too_many_arguments, clippy::missing_safety_doc)]
            #[inline]
            $fvis unsafe fn $name($($arg: $ty),*) $(-> $ret)? {
                // SAFETY: the caller upholds the C function's contract.
                unsafe { ($lib.table().$name)($($arg),*) }
            }
        )*
    };
}
