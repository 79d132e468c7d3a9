//! Stdlib stage: the expat side of `pyexpat` — the C interface of the system libexpat
//! (expat.h), the parser state shared with the C callbacks, and the callbacks themselves, which
//! convert expat's arguments as CPython's Modules/pyexpat.c does and call the Python handler set
//! on the parser. Guarantees: a callback never unwinds into C (panics are caught and become a
//! pending `SystemError`); the state cell is never borrowed across a call into Python; when a
//! handler raises, every handler is cleared (as CPython's `flag_error`) and the exception is
//! kept for `Parse` to raise once `XML_Parse` returns.

use std::cell::RefCell;
use std::ffi::{c_char, c_int, c_long, c_uint, c_ulong, c_void, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};
use vm::func::Args;
use vm::value::{PyRef, Value};
use vm::{PyResult, Vm};

// ---------------------------------------------------------------------------------------------
// The C interface (expat.h)
// ---------------------------------------------------------------------------------------------

pub type XmlParser = *mut c_void;

#[repr(C)]
pub struct XmlExpatVersion {
    pub major: c_int,
    pub minor: c_int,
    pub micro: c_int,
}

#[repr(C)]
pub struct XmlFeature {
    pub feature: c_int,
    pub name: *const c_char,
    pub value: c_long,
}

#[repr(C)]
pub struct XmlContent {
    pub type_: c_int,
    pub quant: c_int,
    pub name: *const c_char,
    pub numchildren: c_uint,
    pub children: *mut XmlContent,
}

#[repr(C)]
pub struct XmlEncoding {
    pub map: [c_int; 256],
    pub data: *mut c_void,
    pub convert: *const c_void,
    pub release: *const c_void,
}

// Handler setters take the callback as an untyped pointer (null clears it): every handler
// type is a plain C function pointer, passed the same way.
crate::dynlib! {
    /// libexpat, opened when `pyexpat` is first imported.
    pub(crate) static LIBEXPAT = ["libexpat.so.1", "libexpat.so"];
    pub fn XML_ParserCreate_MM(encoding: *const c_char, memsuite: *const c_void, sep: *const c_char) -> XmlParser;
    pub fn XML_ExternalEntityParserCreate(p: XmlParser, context: *const c_char, encoding: *const c_char) -> XmlParser;
    pub fn XML_ParserFree(p: XmlParser);
    pub fn XML_SetUserData(p: XmlParser, data: *mut c_void);
    pub fn XML_Parse(p: XmlParser, s: *const c_char, len: c_int, is_final: c_int) -> c_int;
    pub fn XML_GetErrorCode(p: XmlParser) -> c_int;
    pub fn XML_ErrorString(code: c_int) -> *const c_char;
    pub fn XML_GetCurrentLineNumber(p: XmlParser) -> c_ulong;
    pub fn XML_GetCurrentColumnNumber(p: XmlParser) -> c_ulong;
    pub fn XML_GetCurrentByteIndex(p: XmlParser) -> c_long;
    pub fn XML_SetReturnNSTriplet(p: XmlParser, do_nst: c_int);
    pub fn XML_SetParamEntityParsing(p: XmlParser, parsing: c_int) -> c_int;
    pub fn XML_UseForeignDTD(p: XmlParser, use_dtd: u8) -> c_int;
    pub fn XML_SetEncoding(p: XmlParser, encoding: *const c_char) -> c_int;
    pub fn XML_ExpatVersion() -> *const c_char;
    pub fn XML_ExpatVersionInfo() -> XmlExpatVersion;
    pub fn XML_GetFeatureList() -> *const XmlFeature;
    pub fn XML_GetSpecifiedAttributeCount(p: XmlParser) -> c_int;
    pub fn XML_GetBase(p: XmlParser) -> *const c_char;
    pub fn XML_SetBase(p: XmlParser, base: *const c_char) -> c_int;
    pub fn XML_GetInputContext(p: XmlParser, offset: *mut c_int, size: *mut c_int) -> *const c_char;
    pub fn XML_FreeContentModel(p: XmlParser, model: *mut XmlContent);
    pub fn XML_SetUnknownEncodingHandler(p: XmlParser, handler: *const c_void, data: *mut c_void);
    fn XML_SetStartElementHandler(p: XmlParser, h: *const c_void);
    fn XML_SetEndElementHandler(p: XmlParser, h: *const c_void);
    fn XML_SetProcessingInstructionHandler(p: XmlParser, h: *const c_void);
    fn XML_SetCharacterDataHandler(p: XmlParser, h: *const c_void);
    fn XML_SetUnparsedEntityDeclHandler(p: XmlParser, h: *const c_void);
    fn XML_SetNotationDeclHandler(p: XmlParser, h: *const c_void);
    fn XML_SetStartNamespaceDeclHandler(p: XmlParser, h: *const c_void);
    fn XML_SetEndNamespaceDeclHandler(p: XmlParser, h: *const c_void);
    fn XML_SetCommentHandler(p: XmlParser, h: *const c_void);
    fn XML_SetStartCdataSectionHandler(p: XmlParser, h: *const c_void);
    fn XML_SetEndCdataSectionHandler(p: XmlParser, h: *const c_void);
    fn XML_SetDefaultHandler(p: XmlParser, h: *const c_void);
    fn XML_SetDefaultHandlerExpand(p: XmlParser, h: *const c_void);
    fn XML_SetNotStandaloneHandler(p: XmlParser, h: *const c_void);
    fn XML_SetExternalEntityRefHandler(p: XmlParser, h: *const c_void);
    fn XML_SetStartDoctypeDeclHandler(p: XmlParser, h: *const c_void);
    fn XML_SetEndDoctypeDeclHandler(p: XmlParser, h: *const c_void);
    fn XML_SetEntityDeclHandler(p: XmlParser, h: *const c_void);
    fn XML_SetXmlDeclHandler(p: XmlParser, h: *const c_void);
    fn XML_SetElementDeclHandler(p: XmlParser, h: *const c_void);
    fn XML_SetAttlistDeclHandler(p: XmlParser, h: *const c_void);
    fn XML_SetSkippedEntityHandler(p: XmlParser, h: *const c_void);
}

// ---------------------------------------------------------------------------------------------
// The parser state
// ---------------------------------------------------------------------------------------------

/// The handler attributes, in CPython's `handler_info` order.
pub const HANDLER_NAMES: [&str; 22] = [
    "StartElementHandler",
    "EndElementHandler",
    "ProcessingInstructionHandler",
    "CharacterDataHandler",
    "UnparsedEntityDeclHandler",
    "NotationDeclHandler",
    "StartNamespaceDeclHandler",
    "EndNamespaceDeclHandler",
    "CommentHandler",
    "StartCdataSectionHandler",
    "EndCdataSectionHandler",
    "DefaultHandler",
    "DefaultHandlerExpand",
    "NotStandaloneHandler",
    "ExternalEntityRefHandler",
    "StartDoctypeDeclHandler",
    "EndDoctypeDeclHandler",
    "EntityDeclHandler",
    "XmlDeclHandler",
    "ElementDeclHandler",
    "AttlistDeclHandler",
    "SkippedEntityHandler",
];
pub const N_HANDLERS: usize = HANDLER_NAMES.len();
const START_ELEMENT: usize = 0;
const END_ELEMENT: usize = 1;
const PI: usize = 2;
pub const CHARACTER_DATA: usize = 3;
const UNPARSED_ENTITY_DECL: usize = 4;
const NOTATION_DECL: usize = 5;
const START_NS_DECL: usize = 6;
const END_NS_DECL: usize = 7;
const COMMENT: usize = 8;
const START_CDATA: usize = 9;
const END_CDATA: usize = 10;
const DEFAULT: usize = 11;
const DEFAULT_EXPAND: usize = 12;
const NOT_STANDALONE: usize = 13;
const EXTERNAL_ENTITY_REF: usize = 14;
const START_DOCTYPE: usize = 15;
const END_DOCTYPE: usize = 16;
const ENTITY_DECL: usize = 17;
const XML_DECL: usize = 18;
const ELEMENT_DECL: usize = 19;
const ATTLIST_DECL: usize = 20;
const SKIPPED_ENTITY: usize = 21;

/// One `pyexpat.xmlparser`. Lives in a `RefCell` inside the object's payload; expat's user data
/// is the address of that cell (stable for the object's life).
pub struct Parser {
    pub p: XmlParser,
    /// The VM of the innermost running `Parse` of this parser (null when none runs).
    pub vm: *mut Vm,
    pub handlers: [Option<Value>; N_HANDLERS],
    /// The character data buffer when `buffer_text` is on.
    pub buffer: Option<Vec<u8>>,
    pub buffer_size: usize,
    pub ordered_attributes: bool,
    pub specified_attributes: bool,
    pub ns_prefixes: bool,
    pub intern: Option<PyRef>,
    pub in_callback: u32,
    /// An exception raised by a handler (or the unknown-encoding hook), raised by `Parse`.
    pub error: Option<PyRef>,
    /// The parser this external entity parser was created from (kept alive: expat needs the
    /// parent to outlive the child).
    pub parent: Option<Value>,
}

impl Drop for Parser {
    fn drop(&mut self) {
        if !self.p.is_null() {
            // SAFETY: the parser was created by XML_ParserCreate_MM/XML_ExternalEntityParserCreate
            // and is freed exactly once, here; its parent (if any) is still alive (`parent`).
            unsafe { XML_ParserFree(self.p) };
        }
    }
}

/// Installs (or clears) expat's callback for handler `i`.
///
/// # Safety
/// `p` must be a live expat parser whose user data is its `RefCell<Parser>`.
pub unsafe fn set_c_handler(p: XmlParser, i: usize, on: bool) {
    let cb: *const c_void = if on { c_callback(i) } else { std::ptr::null() };
    let t = LIBEXPAT.table();
    let set: unsafe extern "C" fn(XmlParser, *const c_void) = match i {
        START_ELEMENT => t.XML_SetStartElementHandler,
        END_ELEMENT => t.XML_SetEndElementHandler,
        PI => t.XML_SetProcessingInstructionHandler,
        CHARACTER_DATA => t.XML_SetCharacterDataHandler,
        UNPARSED_ENTITY_DECL => t.XML_SetUnparsedEntityDeclHandler,
        NOTATION_DECL => t.XML_SetNotationDeclHandler,
        START_NS_DECL => t.XML_SetStartNamespaceDeclHandler,
        END_NS_DECL => t.XML_SetEndNamespaceDeclHandler,
        COMMENT => t.XML_SetCommentHandler,
        START_CDATA => t.XML_SetStartCdataSectionHandler,
        END_CDATA => t.XML_SetEndCdataSectionHandler,
        DEFAULT => t.XML_SetDefaultHandler,
        DEFAULT_EXPAND => t.XML_SetDefaultHandlerExpand,
        NOT_STANDALONE => t.XML_SetNotStandaloneHandler,
        EXTERNAL_ENTITY_REF => t.XML_SetExternalEntityRefHandler,
        START_DOCTYPE => t.XML_SetStartDoctypeDeclHandler,
        END_DOCTYPE => t.XML_SetEndDoctypeDeclHandler,
        ENTITY_DECL => t.XML_SetEntityDeclHandler,
        XML_DECL => t.XML_SetXmlDeclHandler,
        ELEMENT_DECL => t.XML_SetElementDeclHandler,
        ATTLIST_DECL => t.XML_SetAttlistDeclHandler,
        _ => t.XML_SetSkippedEntityHandler,
    };
    set(p, cb);
}

fn c_callback(i: usize) -> *const c_void {
    match i {
        START_ELEMENT => start_element as *const c_void,
        END_ELEMENT => end_element as *const c_void,
        PI => processing_instruction as *const c_void,
        CHARACTER_DATA => character_data as *const c_void,
        UNPARSED_ENTITY_DECL => unparsed_entity_decl as *const c_void,
        NOTATION_DECL => notation_decl as *const c_void,
        START_NS_DECL => start_ns_decl as *const c_void,
        END_NS_DECL => end_ns_decl as *const c_void,
        COMMENT => comment as *const c_void,
        START_CDATA => start_cdata as *const c_void,
        END_CDATA => end_cdata as *const c_void,
        DEFAULT => default_handler as *const c_void,
        DEFAULT_EXPAND => default_handler_expand as *const c_void,
        NOT_STANDALONE => not_standalone as *const c_void,
        EXTERNAL_ENTITY_REF => external_entity_ref as *const c_void,
        START_DOCTYPE => start_doctype as *const c_void,
        END_DOCTYPE => end_doctype as *const c_void,
        ENTITY_DECL => entity_decl as *const c_void,
        XML_DECL => xml_decl as *const c_void,
        ELEMENT_DECL => element_decl as *const c_void,
        ATTLIST_DECL => attlist_decl as *const c_void,
        _ => skipped_entity as *const c_void,
    }
}

// ---------------------------------------------------------------------------------------------
// Conversions
// ---------------------------------------------------------------------------------------------

/// A str from expat's UTF-8 (None for NULL).
///
/// # Safety
/// `s` is null or a NUL-terminated string.
pub unsafe fn conv(vm: &Vm, s: *const c_char) -> Value {
    if s.is_null() {
        return Value::None;
    }
    let b = CStr::from_ptr(s).to_bytes();
    vm.new_str(String::from_utf8_lossy(b).into_owned())
}

/// A str from `len` bytes of expat's UTF-8 (None for NULL).
///
/// # Safety
/// `s` is null or points at `len` readable bytes.
unsafe fn conv_len(vm: &Vm, s: *const c_char, len: c_int) -> Value {
    if s.is_null() {
        return Value::None;
    }
    let b = std::slice::from_raw_parts(s as *const u8, len.max(0) as usize);
    vm.new_str(String::from_utf8_lossy(b).into_owned())
}

/// CPython's `string_intern`: the str, or the equal str already in the parser's intern dict.
///
/// # Safety
/// As `conv`.
unsafe fn intern(vm: &mut Vm, cell: &RefCell<Parser>, s: *const c_char) -> PyResult<Value> {
    let v = conv(vm, s);
    if v.is_none() {
        return Ok(v);
    }
    let Some(d) = cell.borrow().intern.clone() else { return Ok(v) };
    if let Some(old) = vm::dict::get_item(vm, &d, &v)? {
        return Ok(old);
    }
    vm::dict::set_item(vm, &d, v.clone(), v.clone())?;
    Ok(v)
}

/// CPython's `conv_content_model`: `(type, quant, name, children)`.
///
/// # Safety
/// `m` points at a valid content model.
unsafe fn content_model(vm: &Vm, m: *const XmlContent) -> Value {
    let m = &*m;
    let mut kids = Vec::with_capacity(m.numchildren as usize);
    for i in 0..m.numchildren as usize {
        kids.push(content_model(vm, m.children.add(i)));
    }
    vm.new_tuple(vec![Value::Int(m.type_ as i64), Value::Int(m.quant as i64), conv(vm, m.name), vm.new_tuple(kids)])
}

// ---------------------------------------------------------------------------------------------
// Dispatch
// ---------------------------------------------------------------------------------------------

/// Runs `f` with the VM and the state of the parser whose user data is `ud`; `default` when no
/// `Parse` is running, an exception is already pending, or `f` panics.
///
/// # Safety
/// `ud` is the address of a live `RefCell<Parser>`.
unsafe fn with_parser<R>(ud: *mut c_void, default: R, f: impl FnOnce(&mut Vm, &RefCell<Parser>) -> R) -> R {
    if ud.is_null() {
        return default;
    }
    let cell = &*(ud as *const RefCell<Parser>);
    let vmp = match cell.try_borrow() {
        Ok(st) if st.error.is_none() => st.vm,
        _ => return default,
    };
    if vmp.is_null() {
        return default;
    }
    match catch_unwind(AssertUnwindSafe(|| f(&mut *vmp, cell))) {
        Ok(r) => r,
        Err(_) => {
            let vm = &*vmp;
            let e = vm.new_exception(&vm.exc.system_error.clone(), "internal error in a pyexpat handler");
            flag_error(cell, e);
            default
        }
    }
}

/// CPython's `flag_error`: keeps the exception, clears every handler (Python and C side) and
/// makes external entity references fail.
pub fn flag_error(cell: &RefCell<Parser>, e: PyRef) {
    let (old, p) = {
        let mut st = cell.borrow_mut();
        if st.error.is_none() {
            st.error = Some(e);
        }
        (std::mem::take(&mut st.handlers), st.p)
    };
    for i in 0..N_HANDLERS {
        // SAFETY: `p` is this state's live parser.
        unsafe { set_c_handler(p, i, false) };
    }
    // SAFETY: as above; the error handler has the ExternalEntityRefHandler signature.
    unsafe { XML_SetExternalEntityRefHandler(p, error_external_entity_ref as *const c_void) };
    drop(old);
}

extern "C" fn error_external_entity_ref(
    _p: XmlParser,
    _context: *const c_char,
    _base: *const c_char,
    _system_id: *const c_char,
    _public_id: *const c_char,
) -> c_int {
    0
}

/// Calls the Python handler `i` (if set) with the arguments `make` builds, after flushing the
/// character data buffer (every handler but CharacterDataHandler does). A raised exception is
/// flagged; the result is `None` then.
fn call_handler(
    vm: &mut Vm,
    cell: &RefCell<Parser>,
    i: usize,
    make: impl FnOnce(&mut Vm, &RefCell<Parser>) -> PyResult<Vec<Value>>,
) -> Option<Value> {
    let h = cell.borrow().handlers[i].clone()?;
    if i != CHARACTER_DATA && flush_buffer(vm, cell).is_err() {
        return None;
    }
    let args = match make(vm, cell) {
        Ok(a) => a,
        Err(e) => {
            flag_error(cell, e);
            return None;
        }
    };
    cell.borrow_mut().in_callback += 1;
    let r = vm.call(&h, Args::new(&args));
    cell.borrow_mut().in_callback -= 1;
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            flag_error(cell, e);
            None
        }
    }
}

/// A handler raised: the exception is kept in the parser state (`Parser::error`).
#[derive(Debug)]
pub struct Flagged;

/// Calls CharacterDataHandler with `data` (no-op without one).
fn call_character(vm: &mut Vm, cell: &RefCell<Parser>, data: &[u8]) -> Result<(), Flagged> {
    let Some(h) = cell.borrow().handlers[CHARACTER_DATA].clone() else { return Ok(()) };
    let s = vm.new_str(String::from_utf8_lossy(data).into_owned());
    cell.borrow_mut().in_callback += 1;
    let r = vm.call(&h, Args::new(&[s]));
    cell.borrow_mut().in_callback -= 1;
    match r {
        Ok(_) => Ok(()),
        Err(e) => {
            flag_error(cell, e);
            Err(Flagged)
        }
    }
}

/// Hands buffered character data to the handler (CPython's `flush_character_buffer`).
pub fn flush_buffer(vm: &mut Vm, cell: &RefCell<Parser>) -> Result<(), Flagged> {
    let data = {
        let mut st = cell.borrow_mut();
        match st.buffer.as_mut() {
            Some(b) if !b.is_empty() => std::mem::take(b),
            _ => return Ok(()),
        }
    };
    call_character(vm, cell, &data)
}

// ---------------------------------------------------------------------------------------------
// The callbacks
// ---------------------------------------------------------------------------------------------

unsafe extern "C" fn start_element(ud: *mut c_void, name: *const c_char, atts: *mut *const c_char) {
    with_parser(ud, (), |vm, cell| {
        call_handler(vm, cell, START_ELEMENT, |vm, cell| {
            let (p, ordered, specified) = {
                let st = cell.borrow();
                (st.p, st.ordered_attributes, st.specified_attributes)
            };
            let n = if specified {
                XML_GetSpecifiedAttributeCount(p).max(0) as usize
            } else {
                let mut n = 0;
                while !(*atts.add(n)).is_null() {
                    n += 1;
                }
                n
            };
            let name = intern(vm, cell, name)?;
            let attrs = if ordered {
                let mut items = Vec::with_capacity(n);
                for k in (0..n).step_by(2) {
                    items.push(intern(vm, cell, *atts.add(k))?);
                    items.push(conv(vm, *atts.add(k + 1)));
                }
                vm.new_list(items)
            } else {
                let d = vm.new_dict();
                for k in (0..n).step_by(2) {
                    let key = intern(vm, cell, *atts.add(k))?;
                    let value = conv(vm, *atts.add(k + 1));
                    vm::dict::set_item(vm, &d, key, value)?;
                }
                Value::Obj(d)
            };
            Ok(vec![name, attrs])
        });
    })
}

unsafe extern "C" fn end_element(ud: *mut c_void, name: *const c_char) {
    with_parser(ud, (), |vm, cell| {
        call_handler(vm, cell, END_ELEMENT, |vm, cell| Ok(vec![intern(vm, cell, name)?]));
    })
}

unsafe extern "C" fn processing_instruction(ud: *mut c_void, target: *const c_char, data: *const c_char) {
    with_parser(ud, (), |vm, cell| {
        call_handler(vm, cell, PI, |vm, cell| Ok(vec![intern(vm, cell, target)?, conv(vm, data)]));
    })
}

unsafe extern "C" fn character_data(ud: *mut c_void, data: *const c_char, len: c_int) {
    with_parser(ud, (), |vm, cell| {
        let bytes = std::slice::from_raw_parts(data as *const u8, len.max(0) as usize);
        let (used, size) = {
            let st = cell.borrow();
            match &st.buffer {
                None => (None, 0),
                Some(b) => (Some(b.len()), st.buffer_size),
            }
        };
        let Some(used) = used else {
            let _ = call_character(vm, cell, bytes);
            return;
        };
        if used + bytes.len() > size {
            if flush_buffer(vm, cell).is_err() {
                return;
            }
            // The handler may have gone: drop the data then.
            if cell.borrow().handlers[CHARACTER_DATA].is_none() {
                return;
            }
        }
        if bytes.len() > size {
            let _ = call_character(vm, cell, bytes);
            if let Some(b) = cell.borrow_mut().buffer.as_mut() {
                b.clear();
            }
        } else if let Some(b) = cell.borrow_mut().buffer.as_mut() {
            b.extend_from_slice(bytes);
        }
    })
}

unsafe extern "C" fn unparsed_entity_decl(
    ud: *mut c_void,
    entity_name: *const c_char,
    base: *const c_char,
    system_id: *const c_char,
    public_id: *const c_char,
    notation_name: *const c_char,
) {
    with_parser(ud, (), |vm, cell| {
        call_handler(vm, cell, UNPARSED_ENTITY_DECL, |vm, cell| {
            Ok(vec![
                intern(vm, cell, entity_name)?,
                intern(vm, cell, base)?,
                intern(vm, cell, system_id)?,
                intern(vm, cell, public_id)?,
                intern(vm, cell, notation_name)?,
            ])
        });
    })
}

#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn entity_decl(
    ud: *mut c_void,
    entity_name: *const c_char,
    is_parameter_entity: c_int,
    value: *const c_char,
    value_length: c_int,
    base: *const c_char,
    system_id: *const c_char,
    public_id: *const c_char,
    notation_name: *const c_char,
) {
    with_parser(ud, (), |vm, cell| {
        call_handler(vm, cell, ENTITY_DECL, |vm, cell| {
            Ok(vec![
                intern(vm, cell, entity_name)?,
                Value::Int(is_parameter_entity as i64),
                conv_len(vm, value, value_length),
                intern(vm, cell, base)?,
                intern(vm, cell, system_id)?,
                intern(vm, cell, public_id)?,
                intern(vm, cell, notation_name)?,
            ])
        });
    })
}

unsafe extern "C" fn xml_decl(ud: *mut c_void, version: *const c_char, encoding: *const c_char, standalone: c_int) {
    with_parser(ud, (), |vm, cell| {
        call_handler(vm, cell, XML_DECL, |vm, _| {
            Ok(vec![conv(vm, version), conv(vm, encoding), Value::Int(standalone as i64)])
        });
    })
}

unsafe extern "C" fn element_decl(ud: *mut c_void, name: *const c_char, model: *mut XmlContent) {
    with_parser(ud, (), |vm, cell| {
        call_handler(vm, cell, ELEMENT_DECL, |vm, cell| Ok(vec![intern(vm, cell, name)?, content_model(vm, model)]));
    });
    // Expat hands the model over to the handler, which must free it (also when Python's
    // handler was not called).
    if !ud.is_null() {
        let cell = &*(ud as *const RefCell<Parser>);
        if let Ok(st) = cell.try_borrow() {
            XML_FreeContentModel(st.p, model);
        }
    }
}

unsafe extern "C" fn attlist_decl(
    ud: *mut c_void,
    elname: *const c_char,
    attname: *const c_char,
    att_type: *const c_char,
    dflt: *const c_char,
    isrequired: c_int,
) {
    with_parser(ud, (), |vm, cell| {
        call_handler(vm, cell, ATTLIST_DECL, |vm, cell| {
            Ok(vec![
                intern(vm, cell, elname)?,
                intern(vm, cell, attname)?,
                conv(vm, att_type),
                conv(vm, dflt),
                Value::Int(isrequired as i64),
            ])
        });
    })
}

unsafe extern "C" fn skipped_entity(ud: *mut c_void, entity_name: *const c_char, is_parameter_entity: c_int) {
    with_parser(ud, (), |vm, cell| {
        call_handler(vm, cell, SKIPPED_ENTITY, |vm, cell| {
            Ok(vec![intern(vm, cell, entity_name)?, Value::Int(is_parameter_entity as i64)])
        });
    })
}

unsafe extern "C" fn notation_decl(
    ud: *mut c_void,
    notation_name: *const c_char,
    base: *const c_char,
    system_id: *const c_char,
    public_id: *const c_char,
) {
    with_parser(ud, (), |vm, cell| {
        call_handler(vm, cell, NOTATION_DECL, |vm, cell| {
            Ok(vec![
                intern(vm, cell, notation_name)?,
                intern(vm, cell, base)?,
                intern(vm, cell, system_id)?,
                intern(vm, cell, public_id)?,
            ])
        });
    })
}

unsafe extern "C" fn start_ns_decl(ud: *mut c_void, prefix: *const c_char, uri: *const c_char) {
    with_parser(ud, (), |vm, cell| {
        call_handler(vm, cell, START_NS_DECL, |vm, cell| Ok(vec![intern(vm, cell, prefix)?, intern(vm, cell, uri)?]));
    })
}

unsafe extern "C" fn end_ns_decl(ud: *mut c_void, prefix: *const c_char) {
    with_parser(ud, (), |vm, cell| {
        call_handler(vm, cell, END_NS_DECL, |vm, cell| Ok(vec![intern(vm, cell, prefix)?]));
    })
}

unsafe extern "C" fn comment(ud: *mut c_void, data: *const c_char) {
    with_parser(ud, (), |vm, cell| {
        call_handler(vm, cell, COMMENT, |vm, _| Ok(vec![conv(vm, data)]));
    })
}

unsafe extern "C" fn start_cdata(ud: *mut c_void) {
    with_parser(ud, (), |vm, cell| {
        call_handler(vm, cell, START_CDATA, |_, _| Ok(vec![]));
    })
}

unsafe extern "C" fn end_cdata(ud: *mut c_void) {
    with_parser(ud, (), |vm, cell| {
        call_handler(vm, cell, END_CDATA, |_, _| Ok(vec![]));
    })
}

unsafe extern "C" fn default_handler(ud: *mut c_void, s: *const c_char, len: c_int) {
    with_parser(ud, (), |vm, cell| {
        call_handler(vm, cell, DEFAULT, |vm, _| Ok(vec![conv_len(vm, s, len)]));
    })
}

unsafe extern "C" fn default_handler_expand(ud: *mut c_void, s: *const c_char, len: c_int) {
    with_parser(ud, (), |vm, cell| {
        call_handler(vm, cell, DEFAULT_EXPAND, |vm, _| Ok(vec![conv_len(vm, s, len)]));
    })
}

unsafe extern "C" fn not_standalone(ud: *mut c_void) -> c_int {
    with_parser(ud, 0, |vm, cell| {
        let Some(r) = call_handler(vm, cell, NOT_STANDALONE, |_, _| Ok(vec![])) else { return 0 };
        int_result(vm, cell, &r)
    })
}

fn int_result(vm: &mut Vm, cell: &RefCell<Parser>, r: &Value) -> c_int {
    match vm.to_i64_index(r) {
        Ok(n) => n as c_int,
        Err(e) => {
            flag_error(cell, e);
            0
        }
    }
}

unsafe extern "C" fn external_entity_ref(
    p: XmlParser,
    context: *const c_char,
    base: *const c_char,
    system_id: *const c_char,
    public_id: *const c_char,
) -> c_int {
    // Expat passes the parser here, not the user data: read it back (XML_GetUserData is a
    // macro reading the first field of the parser struct).
    let ud = *(p as *const *mut c_void);
    with_parser(ud, 0, |vm, cell| {
        let Some(r) = call_handler(vm, cell, EXTERNAL_ENTITY_REF, |vm, cell| {
            Ok(vec![
                conv(vm, context),
                intern(vm, cell, base)?,
                intern(vm, cell, system_id)?,
                intern(vm, cell, public_id)?,
            ])
        }) else {
            return 0;
        };
        int_result(vm, cell, &r)
    })
}

unsafe extern "C" fn start_doctype(
    ud: *mut c_void,
    doctype_name: *const c_char,
    sysid: *const c_char,
    pubid: *const c_char,
    has_internal_subset: c_int,
) {
    with_parser(ud, (), |vm, cell| {
        call_handler(vm, cell, START_DOCTYPE, |vm, cell| {
            Ok(vec![
                intern(vm, cell, doctype_name)?,
                intern(vm, cell, sysid)?,
                intern(vm, cell, pubid)?,
                Value::Int(has_internal_subset as i64),
            ])
        });
    })
}

unsafe extern "C" fn end_doctype(ud: *mut c_void) {
    with_parser(ud, (), |vm, cell| {
        call_handler(vm, cell, END_DOCTYPE, |_, _| Ok(vec![]));
    })
}

/// CPython's `PyUnknownEncodingHandler`: a single-byte encoding known to Python's codecs is
/// described to expat by decoding every byte value (U+FFFD marks an invalid byte).
///
/// # Safety
/// Called by expat with the handler data given to XML_SetUnknownEncodingHandler (the parser's
/// state cell) and a writable `info`.
pub unsafe extern "C" fn unknown_encoding(ud: *mut c_void, name: *const c_char, info: *mut XmlEncoding) -> c_int {
    with_parser(ud, 0, |vm, cell| {
        let run = |vm: &mut Vm| -> PyResult<Option<Vec<char>>> {
            let all: Vec<u8> = (0..=255u8).collect();
            let b = vm.new_bytes(all);
            let decode = vm.getattr_str(&b, "decode")?;
            let args = [conv(vm, name), vm.new_str("replace")];
            let s = vm.call(&decode, Args::new(&args))?;
            let chars: Vec<char> = s.as_str().map(|s| s.as_str().chars().collect()).unwrap_or_default();
            if chars.len() != 256 {
                return Err(vm.new_value_error("multi-byte encodings are not supported"));
            }
            Ok(Some(chars))
        };
        match run(vm) {
            Ok(Some(chars)) => {
                let info = &mut *info;
                for (i, c) in chars.iter().enumerate() {
                    info.map[i] = if *c == '\u{FFFD}' { -1 } else { *c as c_int };
                }
                info.data = std::ptr::null_mut();
                info.convert = std::ptr::null();
                info.release = std::ptr::null();
                1
            }
            Ok(None) => 0,
            Err(e) => {
                let mut st = cell.borrow_mut();
                if st.error.is_none() {
                    st.error = Some(e);
                }
                0
            }
        }
    })
}
