//! Stdlib stage: the `pyexpat` module (CPython's Modules/pyexpat.c) over the system libexpat:
//! `ParserCreate`, the `xmlparser` type (`Parse`, `ParseFile`, `SetBase`/`GetBase`,
//! `GetInputContext`, `ExternalEntityParserCreate`, `SetParamEntityParsing`, `UseForeignDTD`,
//! the 22 handler attributes, `buffer_text` coalescing, `ordered_attributes`,
//! `specified_attributes`, `namespace_prefixes`, `intern`, the error and position attributes),
//! `ExpatError` with `code`/`lineno`/`offset` and CPython's message, `ErrorString`, the version
//! and feature constants, and the `pyexpat.errors`/`pyexpat.model` submodules (also in
//! `sys.modules`). Guarantees: the same events, arguments and errors as CPython 3.11 for the
//! same expat; an exception raised by a handler is raised by the `Parse` call that ran it.

use crate::native::{self, new_instance, state};
use crate::pyexpat_handlers::*;
use std::cell::RefCell;
use std::ffi::{c_char, c_int, c_void, CStr, CString};
use vm::func::{Args, NativeFn};
use vm::types::Layout;
use vm::value::{Payload, PyRef, Value};
use vm::{PyResult, Vm};

/// Largest piece handed to XML_Parse at once (CPython's MAX_CHUNK_SIZE).
const MAX_CHUNK: usize = 1 << 20;
/// The read size of `ParseFile` (CPython's BUF_SIZE).
const READ_SIZE: usize = 2048;
/// The default `buffer_size`.
const DEFAULT_BUFFER_SIZE: usize = 8192;

vm::gil_local! {
    static TYPES: RefCell<Option<(PyRef, PyRef)>> = const { RefCell::new(None) };
}

/// (the xmlparser type, ExpatError)
fn types() -> (PyRef, PyRef) {
    TYPES.with(|t| t.borrow().clone()).expect("pyexpat types are created at import")
}

fn parser_state<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a RefCell<Parser>> {
    state::<Parser>(v).ok_or_else(|| native::wrong_self(vm, v, "pyexpat.xmlparser"))
}

fn error_string(code: c_int) -> Option<String> {
    // SAFETY: XML_ErrorString returns a static string or NULL.
    let s = unsafe { XML_ErrorString(code) };
    if s.is_null() {
        None
    } else {
        // SAFETY: non-null static NUL-terminated string.
        Some(unsafe { CStr::from_ptr(s) }.to_string_lossy().into_owned())
    }
}

/// CPython's `set_error`: `ExpatError("<message>: line L, column C")` with `code`, `lineno`
/// and `offset`.
fn expat_error(vm: &mut Vm, p: XmlParser, code: c_int) -> PyRef {
    // SAFETY: `p` is a live parser.
    let (line, col) = unsafe { (XML_GetCurrentLineNumber(p), XML_GetCurrentColumnNumber(p)) };
    let msg: String = error_string(code).unwrap_or_default().chars().take(200).collect();
    let e = vm.new_exception(&types().1, format!("{msg}: line {line}, column {col}"));
    let ev = Value::Obj(e.clone());
    for (name, v) in [("code", code as i64), ("offset", col as i64), ("lineno", line as i64)] {
        if let Err(err) = vm.setattr_str(&ev, name, Value::Int(v)) {
            return err;
        }
    }
    e
}

fn str_or_none(vm: &Vm, v: Option<&Value>, fname: &str, arg: &str) -> PyResult<Option<String>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => match v.as_str() {
            Some(s) => Ok(Some(s.as_str().to_string())),
            None => Err(vm.new_type_error(format!("{fname}() {arg} must be str or None, not {}", vm.type_name(v)))),
        },
    }
}

fn cstring(vm: &Vm, s: &str) -> PyResult<CString> {
    CString::new(s).map_err(|_| vm.new_value_error("embedded null character"))
}

/// A fresh parser state around `p` (NULL: creation failed), wrapped in an xmlparser object whose
/// state cell becomes expat's user data.
fn wrap_parser(vm: &mut Vm, st: Parser) -> Value {
    let p = st.p;
    let obj = new_instance(vm, &types().0, st);
    let cell = state::<Parser>(&obj).expect("a new xmlparser");
    let ud = cell as *const RefCell<Parser> as *mut c_void;
    // SAFETY: `p` is live; the cell lives inside the object's payload for as long as `p`.
    unsafe {
        XML_SetUserData(p, ud);
        XML_SetUnknownEncodingHandler(p, unknown_encoding as *const c_void, ud);
    }
    obj
}

fn blank_state(p: XmlParser, intern: Option<PyRef>) -> Parser {
    Parser {
        p,
        vm: std::ptr::null_mut(),
        handlers: Default::default(),
        buffer: None,
        buffer_size: DEFAULT_BUFFER_SIZE,
        ordered_attributes: false,
        specified_attributes: false,
        ns_prefixes: false,
        intern,
        in_callback: 0,
        error: None,
        parent: None,
    }
}

fn parser_create(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [encoding, sep, intern] = args.bind(vm, "ParserCreate", ["encoding", "namespace_separator", "intern"], 0)?;
    let encoding = str_or_none(vm, encoding.as_ref(), "ParserCreate", "argument 'encoding'")?;
    let sep = str_or_none(vm, sep.as_ref(), "ParserCreate", "argument 'namespace_separator'")?;
    if sep.as_ref().is_some_and(|s| s.chars().count() > 1) {
        return Err(vm.new_value_error("namespace_separator must be at most one character, omitted, or None"));
    }
    let intern = match intern {
        None => Some(vm.new_dict()),
        Some(Value::None) => None,
        Some(v) if matches!(v.payload(), Some(Payload::Dict(_))) => v.as_obj().cloned(),
        Some(_) => return Err(vm.new_type_error("intern must be a dictionary")),
    };
    let enc = encoding.as_deref().map(|e| cstring(vm, e)).transpose()?;
    let sep = sep.as_deref().map(|s| cstring(vm, s)).transpose()?;
    // SAFETY: the strings outlive the call; a NULL memory suite selects malloc.
    let p = unsafe {
        XML_ParserCreate_MM(
            enc.as_ref().map_or(std::ptr::null(), |e| e.as_ptr()),
            std::ptr::null(),
            sep.as_ref().map_or(std::ptr::null(), |s| s.as_ptr()),
        )
    };
    if p.is_null() {
        return Err(vm.new_exception(&vm.exc.runtime_error.clone(), "XML_ParserCreate failed"));
    }
    Ok(wrap_parser(vm, blank_state(p, intern)))
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/// Runs XML_Parse over `data` (in pieces of at most MAX_CHUNK) with this VM reachable from the
/// callbacks; returns expat's status.
fn run_parse(vm: &mut Vm, cell: &RefCell<Parser>, data: &[u8], is_final: bool) -> c_int {
    let vmp = vm as *mut Vm;
    let (p, prev) = {
        let mut st = cell.borrow_mut();
        (st.p, std::mem::replace(&mut st.vm, vmp))
    };
    let mut rest = data;
    let mut rc;
    loop {
        let (chunk, fin) = if rest.len() > MAX_CHUNK { (&rest[..MAX_CHUNK], false) } else { (rest, is_final) };
        // SAFETY: `p` is live and `chunk` readable for its length; the callbacks reach the VM
        // through `vmp` only while this call runs (nothing else uses `vm` meanwhile).
        rc = unsafe { XML_Parse(p, chunk.as_ptr() as *const c_char, chunk.len() as c_int, fin as c_int) };
        rest = &rest[chunk.len()..];
        if rc == 0 || rest.is_empty() || cell.borrow().error.is_some() {
            break;
        }
    }
    cell.borrow_mut().vm = prev;
    rc
}

/// CPython's `get_parse_result`: a handler's exception, else an ExpatError, else the status
/// after flushing buffered text.
fn parse_result(vm: &mut Vm, cell: &RefCell<Parser>, rc: c_int) -> PyResult<Value> {
    if let Some(e) = cell.borrow_mut().error.take() {
        return Err(e);
    }
    if rc == 0 {
        let p = cell.borrow().p;
        // SAFETY: `p` is live.
        let code = unsafe { XML_GetErrorCode(p) };
        return Err(expat_error(vm, p, code));
    }
    if flush_buffer(vm, cell).is_err() {
        if let Some(e) = cell.borrow_mut().error.take() {
            return Err(e);
        }
    }
    Ok(Value::Int(rc as i64))
}

/// The arguments after `self`.
fn rest<'a>(args: &Args<'a>) -> Args<'a> {
    Args { args: &args.args[1..], kwnames: args.kwnames }
}

fn xp_parse(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cell = parser_state(vm, &args.args[0])?;
    let [data, is_final] = rest(&args).clinic(vm, "Parse", ["data", "isfinal"], 2, 1, 2)?;
    let data = data.unwrap();
    let is_final = match is_final {
        Some(v) => vm.to_i64_index(&v)? != 0,
        None => false,
    };
    let data = if let Some(s) = data.as_str() {
        let p = cell.borrow().p;
        // SAFETY: `p` is live; the encoding name is a static C string.
        unsafe { XML_SetEncoding(p, c"utf-8".as_ptr()) };
        s.as_str().as_bytes().to_vec()
    } else {
        vm::objects::memoryview::bytes_like(vm, &data)?
    };
    let rc = run_parse(vm, cell, &data, is_final);
    parse_result(vm, cell, rc)
}

fn xp_parse_file(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cell = parser_state(vm, &args.args[0])?;
    let [file] = rest(&args).clinic(vm, "ParseFile", ["file"], 1, 1, 1)?;
    let read = match vm.getattr_str(&file.unwrap(), "read") {
        Ok(r) => r,
        Err(e) if vm.isinstance_exc(&e, &vm.exc.attribute_error.clone()) => {
            return Err(vm.new_type_error("argument must have 'read' attribute"))
        }
        Err(e) => return Err(e),
    };
    let mut rc;
    loop {
        let chunk = vm.call(&read, Args::new(&[Value::Int(READ_SIZE as i64)]))?;
        let data = match chunk.payload() {
            Some(Payload::Bytes(b)) => b.to_vec(),
            Some(Payload::ByteArray(b)) => b.borrow().clone(),
            _ => {
                return Err(
                    vm.new_type_error(format!("read() did not return a bytes object (type={})", vm.type_name(&chunk)))
                )
            }
        };
        if data.len() > READ_SIZE {
            return Err(vm.new_value_error(format!(
                "read() returned too much data: {READ_SIZE} bytes requested, {} returned",
                data.len()
            )));
        }
        rc = run_parse(vm, cell, &data, data.is_empty());
        if let Some(e) = cell.borrow_mut().error.take() {
            return Err(e);
        }
        if rc == 0 || data.is_empty() {
            break;
        }
    }
    parse_result(vm, cell, rc)
}

fn xp_set_base(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "SetBase", 2)?;
    let cell = parser_state(vm, &a[0])?;
    let base = a[1]
        .as_str()
        .map(|s| s.as_str().to_string())
        .ok_or_else(|| vm.new_type_error(format!("SetBase() argument must be str, not {}", vm.type_name(&a[1]))))?;
    let base = cstring(vm, &base)?;
    // SAFETY: `p` is live; expat copies the string.
    if unsafe { XML_SetBase(cell.borrow().p, base.as_ptr()) } == 0 {
        return Err(vm.new_exception(&vm.exc.memory_error.clone(), ""));
    }
    Ok(Value::None)
}

fn xp_get_base(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "GetBase", 1)?;
    let cell = parser_state(vm, &a[0])?;
    // SAFETY: `p` is live; the base is NULL or a NUL-terminated string.
    Ok(unsafe { conv(vm, XML_GetBase(cell.borrow().p)) })
}

fn xp_get_input_context(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "GetInputContext", 1)?;
    let cell = parser_state(vm, &a[0])?;
    let st = cell.borrow();
    if st.in_callback == 0 {
        return Ok(Value::None);
    }
    let (mut offset, mut size) = (0, 0);
    // SAFETY: `p` is live and inside a callback; the buffer holds `size` bytes.
    let buf = unsafe { XML_GetInputContext(st.p, &mut offset, &mut size) };
    if buf.is_null() {
        return Ok(Value::None);
    }
    // SAFETY: as above.
    let bytes = unsafe { std::slice::from_raw_parts(buf as *const u8, size.max(0) as usize) };
    Ok(vm.new_bytes(bytes.get(offset.max(0) as usize..).unwrap_or(&[]).to_vec()))
}

fn xp_external_entity_parser_create(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let parent = args.args[0].clone();
    let cell = parser_state(vm, &parent)?;
    let [context, encoding] = rest(&args).clinic(vm, "ExternalEntityParserCreate", ["context", "encoding"], 2, 1, 2)?;
    let context = str_or_none(vm, context.as_ref(), "ExternalEntityParserCreate", "argument 1")?;
    let encoding = match encoding.as_ref() {
        None => None,
        Some(v) => Some(v.as_str().map(|s| s.as_str().to_string()).ok_or_else(|| {
            vm.new_type_error(format!("ExternalEntityParserCreate() argument 2 must be str, not {}", vm.type_name(v)))
        })?),
    };
    let context = context.as_deref().map(|c| cstring(vm, c)).transpose()?;
    let encoding = encoding.as_deref().map(|e| cstring(vm, e)).transpose()?;
    let (parent_p, handlers, buffer, buffer_size, ordered, specified, ns_prefixes, intern) = {
        let st = cell.borrow();
        (
            st.p,
            st.handlers.clone(),
            st.buffer.as_ref().map(|_| Vec::new()),
            st.buffer_size,
            st.ordered_attributes,
            st.specified_attributes,
            st.ns_prefixes,
            st.intern.clone(),
        )
    };
    // SAFETY: the parent is live; the strings outlive the call.
    let p = unsafe {
        XML_ExternalEntityParserCreate(
            parent_p,
            context.as_ref().map_or(std::ptr::null(), |c| c.as_ptr()),
            encoding.as_ref().map_or(std::ptr::null(), |e| e.as_ptr()),
        )
    };
    if p.is_null() {
        return Err(vm.new_exception(&vm.exc.runtime_error.clone(), "XML_ExternalEntityParserCreate failed"));
    }
    let mut st = blank_state(p, intern);
    st.buffer = buffer;
    st.buffer_size = buffer_size;
    st.ordered_attributes = ordered;
    st.specified_attributes = specified;
    st.ns_prefixes = ns_prefixes;
    st.parent = Some(parent);
    let on: Vec<bool> = handlers.iter().map(|h| h.is_some()).collect();
    st.handlers = handlers;
    let obj = wrap_parser(vm, st);
    for (i, on) in on.into_iter().enumerate() {
        // SAFETY: `p` is live and its user data is the new object's state.
        unsafe { set_c_handler(p, i, on) };
    }
    Ok(obj)
}

fn xp_set_param_entity_parsing(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "SetParamEntityParsing", 2)?;
    let cell = parser_state(vm, &a[0])?;
    let flag = vm.to_i64_index(&a[1])?;
    // SAFETY: `p` is live.
    Ok(Value::Int(unsafe { XML_SetParamEntityParsing(cell.borrow().p, flag as c_int) } as i64))
}

fn xp_use_foreign_dtd(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cell = parser_state(vm, &args.args[0])?;
    let [flag] = rest(&args).clinic(vm, "UseForeignDTD", ["flag"], 1, 0, 1)?;
    let flag = match flag {
        Some(v) => vm.truthy(&v)?,
        None => true,
    };
    let p = cell.borrow().p;
    // SAFETY: `p` is live.
    let rc = unsafe { XML_UseForeignDTD(p, flag as u8) };
    if rc != 0 {
        return Err(expat_error(vm, p, rc));
    }
    Ok(Value::None)
}

// ---------------------------------------------------------------------------------------------
// Attributes
// ---------------------------------------------------------------------------------------------

fn get_handler<const I: usize>(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cell = parser_state(vm, &args.args[0])?;
    let h = cell.borrow().handlers[I].clone();
    Ok(h.unwrap_or(Value::None))
}

/// Takes the exception a flush just flagged (to raise it from a setter).
fn take_error(vm: &Vm, cell: &RefCell<Parser>) -> PyRef {
    cell.borrow_mut()
        .error
        .take()
        .unwrap_or_else(|| vm.new_exception(&vm.exc.system_error.clone(), "error return without exception set"))
}

fn set_handler<const I: usize>(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cell = parser_state(vm, &args.args[0])?;
    let v = args.args[1].clone();
    if I == CHARACTER_DATA && flush_buffer(vm, cell).is_err() {
        return Err(take_error(vm, cell));
    }
    let (p, old, on) = {
        let mut st = cell.borrow_mut();
        let new = (!v.is_none()).then_some(v);
        // Clearing CharacterDataHandler from inside a callback keeps expat's callback (which
        // then finds no Python handler), as CPython's noop handler.
        let on = new.is_some() || (I == CHARACTER_DATA && st.in_callback > 0);
        let old = std::mem::replace(&mut st.handlers[I], new);
        (st.p, old, on)
    };
    // SAFETY: `p` is live and its user data is this state.
    unsafe { set_c_handler(p, I, on) };
    drop(old);
    Ok(Value::None)
}

macro_rules! position_getter {
    ($name:ident, $f:ident) => {
        fn $name(vm: &mut Vm, args: Args) -> PyResult<Value> {
            let cell = parser_state(vm, &args.args[0])?;
            // SAFETY: the parser is live.
            Ok(Value::Int(unsafe { $f(cell.borrow().p) } as i64))
        }
    };
}
position_getter!(get_error_code, XML_GetErrorCode);
position_getter!(get_line, XML_GetCurrentLineNumber);
position_getter!(get_column, XML_GetCurrentColumnNumber);
position_getter!(get_byte_index, XML_GetCurrentByteIndex);

fn get_buffer_text(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Bool(parser_state(vm, &args.args[0])?.borrow().buffer.is_some()))
}

fn set_buffer_text(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cell = parser_state(vm, &args.args[0])?;
    let on = vm.truthy(&args.args[1])?;
    if on {
        let mut st = cell.borrow_mut();
        if st.buffer.is_none() {
            st.buffer = Some(Vec::new());
        }
    } else if cell.borrow().buffer.is_some() {
        if flush_buffer(vm, cell).is_err() {
            return Err(take_error(vm, cell));
        }
        cell.borrow_mut().buffer = None;
    }
    Ok(Value::None)
}

fn get_buffer_size(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(parser_state(vm, &args.args[0])?.borrow().buffer_size as i64))
}

fn set_buffer_size(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cell = parser_state(vm, &args.args[0])?;
    let v = &args.args[1];
    if !vm.isinstance(v, &vm.types.int.clone()) {
        return Err(vm.new_type_error("buffer_size must be an integer"));
    }
    let n = vm.to_i64_index(v)?;
    if n <= 0 {
        return Err(vm.new_value_error("buffer_size must be greater than zero"));
    }
    if n as usize == cell.borrow().buffer_size {
        return Ok(Value::None);
    }
    if n > i32::MAX as i64 {
        return Err(vm.new_value_error(format!("buffer_size must not be greater than {}", i32::MAX)));
    }
    if cell.borrow().buffer.is_some() {
        if flush_buffer(vm, cell).is_err() {
            return Err(take_error(vm, cell));
        }
        cell.borrow_mut().buffer = Some(Vec::new());
    }
    cell.borrow_mut().buffer_size = n as usize;
    Ok(Value::None)
}

fn get_buffer_used(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let st = parser_state(vm, &args.args[0])?.borrow();
    Ok(Value::Int(st.buffer.as_ref().map_or(0, |b| b.len()) as i64))
}

fn get_ordered(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Bool(parser_state(vm, &args.args[0])?.borrow().ordered_attributes))
}

fn set_ordered(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cell = parser_state(vm, &args.args[0])?;
    let on = vm.truthy(&args.args[1])?;
    cell.borrow_mut().ordered_attributes = on;
    Ok(Value::None)
}

fn get_specified(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Bool(parser_state(vm, &args.args[0])?.borrow().specified_attributes))
}

fn set_specified(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cell = parser_state(vm, &args.args[0])?;
    let on = vm.truthy(&args.args[1])?;
    cell.borrow_mut().specified_attributes = on;
    Ok(Value::None)
}

fn get_ns_prefixes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Bool(parser_state(vm, &args.args[0])?.borrow().ns_prefixes))
}

fn set_ns_prefixes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cell = parser_state(vm, &args.args[0])?;
    let on = vm.truthy(&args.args[1])?;
    let mut st = cell.borrow_mut();
    st.ns_prefixes = on;
    // SAFETY: the parser is live.
    unsafe { XML_SetReturnNSTriplet(st.p, on as c_int) };
    Ok(Value::None)
}

fn get_intern(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let st = parser_state(vm, &args.args[0])?.borrow();
    Ok(st.intern.clone().map_or(Value::None, Value::Obj))
}

fn no_delete(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(vm.new_exception(&vm.exc.runtime_error.clone(), "Cannot delete attribute"))
}

/// A handler attribute: a getset whose deletion raises RuntimeError, as CPython's setter.
fn add_handler_property(vm: &mut Vm, t: &PyRef, name: &'static str, get: NativeFn, set: NativeFn) {
    vm.add_getset_del(t, name, get, set, no_delete);
}

fn no_new(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(vm.new_type_error("cannot create 'pyexpat.xmlparser' instances"))
}

fn error_string_fn(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "ErrorString", 1)?;
    let code = vm.to_i64_index(&a[0])?;
    Ok(error_string(code as c_int).map_or(Value::None, |s| vm.new_str(s)))
}

// ---------------------------------------------------------------------------------------------
// The module
// ---------------------------------------------------------------------------------------------

/// The XML_ERROR_* names by code (1-based), as CPython's `error_info_of`.
const ERROR_NAMES: [&str; 43] = [
    "XML_ERROR_NO_MEMORY",
    "XML_ERROR_SYNTAX",
    "XML_ERROR_NO_ELEMENTS",
    "XML_ERROR_INVALID_TOKEN",
    "XML_ERROR_UNCLOSED_TOKEN",
    "XML_ERROR_PARTIAL_CHAR",
    "XML_ERROR_TAG_MISMATCH",
    "XML_ERROR_DUPLICATE_ATTRIBUTE",
    "XML_ERROR_JUNK_AFTER_DOC_ELEMENT",
    "XML_ERROR_PARAM_ENTITY_REF",
    "XML_ERROR_UNDEFINED_ENTITY",
    "XML_ERROR_RECURSIVE_ENTITY_REF",
    "XML_ERROR_ASYNC_ENTITY",
    "XML_ERROR_BAD_CHAR_REF",
    "XML_ERROR_BINARY_ENTITY_REF",
    "XML_ERROR_ATTRIBUTE_EXTERNAL_ENTITY_REF",
    "XML_ERROR_MISPLACED_XML_PI",
    "XML_ERROR_UNKNOWN_ENCODING",
    "XML_ERROR_INCORRECT_ENCODING",
    "XML_ERROR_UNCLOSED_CDATA_SECTION",
    "XML_ERROR_EXTERNAL_ENTITY_HANDLING",
    "XML_ERROR_NOT_STANDALONE",
    "XML_ERROR_UNEXPECTED_STATE",
    "XML_ERROR_ENTITY_DECLARED_IN_PE",
    "XML_ERROR_FEATURE_REQUIRES_XML_DTD",
    "XML_ERROR_CANT_CHANGE_FEATURE_ONCE_PARSING",
    "XML_ERROR_UNBOUND_PREFIX",
    "XML_ERROR_UNDECLARING_PREFIX",
    "XML_ERROR_INCOMPLETE_PE",
    "XML_ERROR_XML_DECL",
    "XML_ERROR_TEXT_DECL",
    "XML_ERROR_PUBLICID",
    "XML_ERROR_SUSPENDED",
    "XML_ERROR_NOT_SUSPENDED",
    "XML_ERROR_ABORTED",
    "XML_ERROR_FINISHED",
    "XML_ERROR_SUSPEND_PE",
    "XML_ERROR_RESERVED_PREFIX_XML",
    "XML_ERROR_RESERVED_PREFIX_XMLNS",
    "XML_ERROR_RESERVED_NAMESPACE_URI",
    "XML_ERROR_INVALID_ARGUMENT",
    "XML_ERROR_NO_BUFFER",
    "XML_ERROR_AMPLIFICATION_LIMIT_BREACH",
];

fn errors_module(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("pyexpat.errors");
    let d = m.dict.get().unwrap();
    vm.dict_set_str(&d, "__doc__", vm.new_str("Constants used to describe error conditions."));
    let codes = vm.new_dict();
    let messages = vm.new_dict();
    for (i, name) in ERROR_NAMES.iter().enumerate() {
        let code = i as c_int + 1;
        let msg = vm.new_str(error_string(code).unwrap_or_else(|| name.to_string()));
        vm.dict_set_str(&d, name, msg.clone());
        vm::dict::set_item(vm, &codes, msg.clone(), Value::Int(code as i64))?;
        vm::dict::set_item(vm, &messages, Value::Int(code as i64), msg)?;
    }
    vm.dict_set_str(&d, "codes", Value::Obj(codes));
    vm.dict_set_str(&d, "messages", Value::Obj(messages));
    Ok(m)
}

fn model_module(vm: &mut Vm) -> PyRef {
    let m = vm.new_module("pyexpat.model");
    let d = m.dict.get().unwrap();
    vm.dict_set_str(&d, "__doc__", vm.new_str("Constants used to interpret content model information."));
    let consts: &[(&str, i64)] = &[
        ("XML_CTYPE_EMPTY", 1),
        ("XML_CTYPE_ANY", 2),
        ("XML_CTYPE_MIXED", 3),
        ("XML_CTYPE_NAME", 4),
        ("XML_CTYPE_CHOICE", 5),
        ("XML_CTYPE_SEQ", 6),
        ("XML_CQUANT_NONE", 0),
        ("XML_CQUANT_OPT", 1),
        ("XML_CQUANT_REP", 2),
        ("XML_CQUANT_PLUS", 3),
    ];
    for (n, v) in consts {
        vm.dict_set_str(&d, n, Value::Int(*v));
    }
    m
}

/// One (getter, setter) pair per handler attribute, in `HANDLER_NAMES` order.
const HANDLER_ACCESSORS: [(NativeFn, NativeFn); N_HANDLERS] = [
    (get_handler::<0>, set_handler::<0>),
    (get_handler::<1>, set_handler::<1>),
    (get_handler::<2>, set_handler::<2>),
    (get_handler::<3>, set_handler::<3>),
    (get_handler::<4>, set_handler::<4>),
    (get_handler::<5>, set_handler::<5>),
    (get_handler::<6>, set_handler::<6>),
    (get_handler::<7>, set_handler::<7>),
    (get_handler::<8>, set_handler::<8>),
    (get_handler::<9>, set_handler::<9>),
    (get_handler::<10>, set_handler::<10>),
    (get_handler::<11>, set_handler::<11>),
    (get_handler::<12>, set_handler::<12>),
    (get_handler::<13>, set_handler::<13>),
    (get_handler::<14>, set_handler::<14>),
    (get_handler::<15>, set_handler::<15>),
    (get_handler::<16>, set_handler::<16>),
    (get_handler::<17>, set_handler::<17>),
    (get_handler::<18>, set_handler::<18>),
    (get_handler::<19>, set_handler::<19>),
    (get_handler::<20>, set_handler::<20>),
    (get_handler::<21>, set_handler::<21>),
];

/// What the cycle collector sees of a parser: its handlers (often bound methods of an object
/// that holds the parser: ElementTree's and plistlib's parsers), the intern dict and the parent.
fn gc_traverse(b: &dyn std::any::Any, f: &mut dyn FnMut(&PyRef)) -> bool {
    let Some(cell) = b.downcast_ref::<RefCell<Parser>>() else { return true };
    let Ok(st) = cell.try_borrow() else { return false };
    for h in st.handlers.iter().flatten().chain(st.parent.iter()) {
        if let Value::Obj(o) = h {
            f(o);
        }
    }
    if let Some(d) = &st.intern {
        f(d);
    }
    if let Some(e) = &st.error {
        f(e);
    }
    true
}

/// CPython's `xmlparse_clear`: drops the handlers and the intern dict (the expat parser and
/// its parent stay until the object is freed).
fn gc_clear(b: &dyn std::any::Any) -> Box<dyn std::any::Any> {
    let Some(cell) = b.downcast_ref::<RefCell<Parser>>() else { return Box::new(()) };
    let Ok(mut st) = cell.try_borrow_mut() else { return Box::new(()) };
    Box::new((std::mem::take(&mut st.handlers), st.intern.take(), st.error.take()))
}

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    if let Err(e) = crate::pyexpat_handlers::LIBEXPAT.load() {
        return Err(vm.new_import_error(&vm.exc.import_error.clone(), e, Some("pyexpat")));
    }
    vm::gc::register_native::<RefCell<Parser>>(vm::gc::NativeGc { traverse: gc_traverse, clear: gc_clear });
    let m = vm.new_module("pyexpat");
    let d = m.dict.get().unwrap();
    vm.dict_set_str(&d, "__doc__", vm.new_str("Python wrapper for Expat parser."));

    let error = native::exception_type(vm, "xml.parsers.expat", "ExpatError", &vm.exc.exception.clone())?;

    let xp = native::make_type(vm, "pyexpat", "xmlparser", None, Layout::Native);
    vm.dict_set_str(&vm.type_dict(&xp), "__doc__", vm.new_str("XML parser"));
    native::setup(
        vm,
        &xp,
        Some(no_new),
        &[
            ("Parse", xp_parse, ""),
            ("ParseFile", xp_parse_file, ""),
            ("SetBase", xp_set_base, ""),
            ("GetBase", xp_get_base, ""),
            ("GetInputContext", xp_get_input_context, ""),
            ("ExternalEntityParserCreate", xp_external_entity_parser_create, ""),
            ("SetParamEntityParsing", xp_set_param_entity_parsing, ""),
            ("UseForeignDTD", xp_use_foreign_dtd, ""),
        ],
    );
    for (name, (get, set)) in HANDLER_NAMES.iter().zip(HANDLER_ACCESSORS) {
        add_handler_property(vm, &xp, name, get, set);
    }
    vm.add_getset(&xp, "ErrorCode", get_error_code, None);
    vm.add_getset(&xp, "ErrorLineNumber", get_line, None);
    vm.add_getset(&xp, "ErrorColumnNumber", get_column, None);
    vm.add_getset(&xp, "ErrorByteIndex", get_byte_index, None);
    vm.add_getset(&xp, "CurrentLineNumber", get_line, None);
    vm.add_getset(&xp, "CurrentColumnNumber", get_column, None);
    vm.add_getset(&xp, "CurrentByteIndex", get_byte_index, None);
    vm.add_getset(&xp, "buffer_text", get_buffer_text, Some(set_buffer_text));
    vm.add_getset(&xp, "buffer_size", get_buffer_size, Some(set_buffer_size));
    vm.add_getset(&xp, "buffer_used", get_buffer_used, None);
    vm.add_getset(&xp, "ordered_attributes", get_ordered, Some(set_ordered));
    vm.add_getset(&xp, "specified_attributes", get_specified, Some(set_specified));
    vm.add_getset(&xp, "namespace_prefixes", get_ns_prefixes, Some(set_ns_prefixes));
    vm.add_getset(&xp, "intern", get_intern, None);
    TYPES.with(|t| *t.borrow_mut() = Some((xp.clone(), error.clone())));

    vm.dict_set_str(&d, "XMLParserType", Value::Obj(xp));
    vm.dict_set_str(&d, "ExpatError", Value::Obj(error.clone()));
    vm.dict_set_str(&d, "error", Value::Obj(error));
    let fns: &[(&'static str, NativeFn)] = &[("ErrorString", error_string_fn)];
    vm.add_native_fns(&d, fns);
    let create = vm::value::Object::new(
        vm.types.builtin_function.clone(),
        Payload::BuiltinFunction(Box::new(vm::func::BuiltinFunction {
            name: "ParserCreate",
            func: parser_create,
            self_: None,
            owner: None,
            doc: Some("Return a new XML parser object."),
            is_static: false,
            slot: None,
            module: Default::default(),
        })),
    );
    vm.dict_set_str(&d, "ParserCreate", Value::Obj(create));

    // SAFETY: static strings and a static, terminated feature list from libexpat.
    let (version, info, features) = unsafe {
        let v = CStr::from_ptr(XML_ExpatVersion()).to_string_lossy().into_owned();
        let info = XML_ExpatVersionInfo();
        let mut feats = Vec::new();
        let mut f = XML_GetFeatureList();
        while !f.is_null() && (*f).feature != 0 {
            feats.push((CStr::from_ptr((*f).name).to_string_lossy().into_owned(), (*f).value));
            f = f.add(1);
        }
        (v, info, feats)
    };
    vm.dict_set_str(&d, "EXPAT_VERSION", vm.new_str(version));
    let vi =
        vm.new_tuple(vec![Value::Int(info.major as i64), Value::Int(info.minor as i64), Value::Int(info.micro as i64)]);
    vm.dict_set_str(&d, "version_info", vi);
    vm.dict_set_str(&d, "native_encoding", vm.new_str("UTF-8"));
    let feats: Vec<Value> =
        features.into_iter().map(|(n, v)| vm.new_tuple(vec![vm.new_str(n), Value::Int(v)])).collect();
    vm.dict_set_str(&d, "features", vm.new_list(feats));
    vm.dict_set_str(&d, "XML_PARAM_ENTITY_PARSING_NEVER", Value::Int(0));
    vm.dict_set_str(&d, "XML_PARAM_ENTITY_PARSING_UNLESS_STANDALONE", Value::Int(1));
    vm.dict_set_str(&d, "XML_PARAM_ENTITY_PARSING_ALWAYS", Value::Int(2));

    let errors = errors_module(vm)?;
    let model = model_module(vm);
    let modules = vm.modules.clone();
    vm.dict_set_str(&modules, "pyexpat.errors", Value::Obj(errors.clone()));
    vm.dict_set_str(&modules, "pyexpat.model", Value::Obj(model.clone()));
    vm.dict_set_str(&d, "errors", Value::Obj(errors));
    vm.dict_set_str(&d, "model", Value::Obj(model));
    Ok(m)
}
