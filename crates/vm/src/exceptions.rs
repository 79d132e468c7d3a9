//! VM stage: the builtin exception hierarchy (declared once in a table), exception instance data
//! and the constructors the VM uses to raise errors with CPython's wording.

use crate::types::{new_type, Layout};
use crate::value::{Object, Payload, PyRef, Value};
use crate::vm::Vm;
use std::cell::{Cell, RefCell};

/// Per-instance state of `BaseException`.
pub struct ExceptionData {
    pub args: RefCell<Value>,
    pub traceback: RefCell<Option<PyRef>>,
    pub cause: RefCell<Value>,
    pub context: RefCell<Value>,
    pub suppress_context: Cell<bool>,
    /// The C-level members of builtin exception classes (`OSError.errno`, `StopIteration.value`,
    /// …; objects/exc_state.rs). CPython keeps them in struct fields, outside `__dict__`, so they
    /// never show in `vars(e)` or in pickle state. A name without an entry is CPython's NULL.
    pub fields: RefCell<Vec<(&'static str, Value)>>,
    /// The `__slots__` values of a slotted subclass, by member index (None: unset). CPython
    /// gives them their own storage beside the instance `__dict__` every exception has.
    pub slots: RefCell<Vec<Option<Value>>>,
}

impl ExceptionData {
    pub fn new(args: Value) -> ExceptionData {
        ExceptionData {
            args: RefCell::new(args),
            traceback: RefCell::new(None),
            cause: RefCell::new(Value::None),
            context: RefCell::new(Value::None),
            suppress_context: Cell::new(false),
            fields: RefCell::new(Vec::new()),
            slots: RefCell::new(Vec::new()),
        }
    }

    /// The member `name`, or None when unset (CPython's NULL).
    pub fn field(&self, name: &str) -> Option<Value> {
        self.fields.borrow().iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone())
    }

    /// Sets (`Some`) or clears (`None`) the member `name`; the old value is dropped after the
    /// borrow ends, since its finalizer may run Python code.
    pub fn set_field(&self, name: &'static str, value: Option<Value>) {
        let old = {
            let mut f = self.fields.borrow_mut();
            let pos = f.iter().position(|(n, _)| *n == name);
            match (pos, value) {
                (Some(i), Some(v)) => Some(std::mem::replace(&mut f[i].1, v)),
                (Some(i), None) => Some(f.remove(i).1),
                (None, Some(v)) => {
                    f.push((name, v));
                    None
                }
                (None, None) => None,
            }
        };
        drop(old);
    }
}

macro_rules! exception_table {
    ($root:ident; $( $field:ident : $name:literal < $base:ident $(, $base2:ident)? ; )*) => {
        /// The builtin exception classes.
        pub struct ExcTypes {
            pub base_exception: PyRef,
            $( pub $field: PyRef, )*
        }

        impl ExcTypes {
            /// Creates the hierarchy under `BaseException`, in declaration order.
            pub fn create(type_: &PyRef, dict_t: &PyRef, object: &PyRef) -> ExcTypes {
                let $root = new_type(Some(type_), Some(dict_t), "BaseException", vec![object.clone()], Layout::Exception, false);
                $(
                    let $field = new_type(Some(type_), Some(dict_t), $name, vec![$base.clone() $(, $base2.clone())?], Layout::Exception, false);
                )*
                ExcTypes { base_exception: $root, $( $field, )* }
            }

            /// Every exception class with its name, for the `builtins` module.
            pub fn all(&self) -> Vec<(&'static str, PyRef)> {
                vec![("BaseException", self.base_exception.clone()), $( ($name, self.$field.clone()), )*]
            }
        }
    };
}

exception_table! {
    base_exception;
    base_exception_group: "BaseExceptionGroup" < base_exception;
    generator_exit: "GeneratorExit" < base_exception;
    keyboard_interrupt: "KeyboardInterrupt" < base_exception;
    system_exit: "SystemExit" < base_exception;
    exception: "Exception" < base_exception;
    arithmetic_error: "ArithmeticError" < exception;
    floating_point_error: "FloatingPointError" < arithmetic_error;
    overflow_error: "OverflowError" < arithmetic_error;
    zero_division_error: "ZeroDivisionError" < arithmetic_error;
    assertion_error: "AssertionError" < exception;
    attribute_error: "AttributeError" < exception;
    buffer_error: "BufferError" < exception;
    eof_error: "EOFError" < exception;
    exception_group: "ExceptionGroup" < base_exception_group, exception;
    import_error: "ImportError" < exception;
    module_not_found_error: "ModuleNotFoundError" < import_error;
    lookup_error: "LookupError" < exception;
    index_error: "IndexError" < lookup_error;
    key_error: "KeyError" < lookup_error;
    memory_error: "MemoryError" < exception;
    name_error: "NameError" < exception;
    unbound_local_error: "UnboundLocalError" < name_error;
    os_error: "OSError" < exception;
    blocking_io_error: "BlockingIOError" < os_error;
    child_process_error: "ChildProcessError" < os_error;
    connection_error: "ConnectionError" < os_error;
    broken_pipe_error: "BrokenPipeError" < connection_error;
    connection_aborted_error: "ConnectionAbortedError" < connection_error;
    connection_refused_error: "ConnectionRefusedError" < connection_error;
    connection_reset_error: "ConnectionResetError" < connection_error;
    file_exists_error: "FileExistsError" < os_error;
    file_not_found_error: "FileNotFoundError" < os_error;
    interrupted_error: "InterruptedError" < os_error;
    is_a_directory_error: "IsADirectoryError" < os_error;
    not_a_directory_error: "NotADirectoryError" < os_error;
    permission_error: "PermissionError" < os_error;
    process_lookup_error: "ProcessLookupError" < os_error;
    timeout_error: "TimeoutError" < os_error;
    reference_error: "ReferenceError" < exception;
    runtime_error: "RuntimeError" < exception;
    not_implemented_error: "NotImplementedError" < runtime_error;
    recursion_error: "RecursionError" < runtime_error;
    stop_async_iteration: "StopAsyncIteration" < exception;
    stop_iteration: "StopIteration" < exception;
    syntax_error: "SyntaxError" < exception;
    indentation_error: "IndentationError" < syntax_error;
    tab_error: "TabError" < indentation_error;
    system_error: "SystemError" < exception;
    type_error: "TypeError" < exception;
    value_error: "ValueError" < exception;
    unicode_error: "UnicodeError" < value_error;
    unicode_decode_error: "UnicodeDecodeError" < unicode_error;
    unicode_encode_error: "UnicodeEncodeError" < unicode_error;
    unicode_translate_error: "UnicodeTranslateError" < unicode_error;
    warning: "Warning" < exception;
    bytes_warning: "BytesWarning" < warning;
    deprecation_warning: "DeprecationWarning" < warning;
    encoding_warning: "EncodingWarning" < warning;
    future_warning: "FutureWarning" < warning;
    import_warning: "ImportWarning" < warning;
    pending_deprecation_warning: "PendingDeprecationWarning" < warning;
    resource_warning: "ResourceWarning" < warning;
    runtime_warning: "RuntimeWarning" < warning;
    syntax_warning: "SyntaxWarning" < warning;
    unicode_warning: "UnicodeWarning" < warning;
    user_warning: "UserWarning" < warning;
}

impl Vm {
    /// An exception instance of class `ty` with `args`.
    pub fn new_exception_args(&self, ty: &PyRef, args: Vec<Value>) -> PyRef {
        let args = self.new_tuple(args);
        let dict = self.new_dict();
        Object::with_dict(ty.clone(), Payload::Exception(Box::new(ExceptionData::new(args))), dict)
    }

    /// An exception instance of class `ty` with one str argument.
    pub fn new_exception(&self, ty: &PyRef, msg: impl Into<Box<str>>) -> PyRef {
        let m = self.new_str(msg.into());
        self.new_exception_args(ty, vec![m])
    }

    pub fn new_type_error(&self, msg: impl Into<Box<str>>) -> PyRef {
        self.new_exception(&self.exc.type_error.clone(), msg)
    }
    pub fn new_value_error(&self, msg: impl Into<Box<str>>) -> PyRef {
        self.new_exception(&self.exc.value_error.clone(), msg)
    }
    pub fn new_index_error(&self, msg: impl Into<Box<str>>) -> PyRef {
        self.new_exception(&self.exc.index_error.clone(), msg)
    }
    pub fn new_overflow_error(&self, msg: impl Into<Box<str>>) -> PyRef {
        self.new_exception(&self.exc.overflow_error.clone(), msg)
    }
    pub fn new_zero_division_error(&self, msg: impl Into<Box<str>>) -> PyRef {
        self.new_exception(&self.exc.zero_division_error.clone(), msg)
    }
    pub fn new_runtime_error(&self, msg: impl Into<Box<str>>) -> PyRef {
        self.new_exception(&self.exc.runtime_error.clone(), msg)
    }
    pub fn new_not_implemented_error(&self, msg: impl Into<Box<str>>) -> PyRef {
        self.new_exception(&self.exc.not_implemented_error.clone(), msg)
    }
    pub fn new_os_error(&self, msg: impl Into<Box<str>>) -> PyRef {
        self.new_os_error_of(&self.exc.os_error.clone(), msg)
    }

    /// An OSError (or subclass) with just a message: `errno`, `strerror`, `filename` and
    /// `filename2` stay unset (None), as `OSError(msg)` leaves them.
    pub fn new_os_error_of(&self, ty: &PyRef, msg: impl Into<Box<str>>) -> PyRef {
        self.new_exception(ty, msg)
    }
    pub fn new_key_error(&self, key: Value) -> PyRef {
        self.new_exception_args(&self.exc.key_error.clone(), vec![key])
    }
    pub fn new_stop_iteration(&self, value: Value) -> PyRef {
        let e = self.new_exception_args(
            &self.exc.stop_iteration.clone(),
            if value.is_none() { vec![] } else { vec![value.clone()] },
        );
        e.exc_set_field("value", value);
        e
    }
    pub fn new_name_error(&self, name: &str) -> PyRef {
        let e = self.new_exception(&self.exc.name_error.clone(), format!("name '{name}' is not defined"));
        e.exc_set_field("name", self.new_str(name));
        e
    }
    pub fn new_attribute_error(&self, obj: &Value, name: &str, msg: String) -> PyRef {
        let e = self.new_exception(&self.exc.attribute_error.clone(), msg);
        e.exc_set_field("name", self.new_str(name));
        e.exc_set_field("obj", obj.clone());
        e
    }
    pub fn new_import_error(&self, ty: &PyRef, msg: String, name: Option<&str>) -> PyRef {
        let e = self.new_exception(ty, msg);
        e.exc_set_field("name", name.map(|n| self.new_str(n)).unwrap_or(Value::None));
        e.exc_set_field("msg", e.payload_args_first());
        e
    }
}

impl Object {
    /// `args[0]` of an exception, or None.
    pub fn payload_args_first(&self) -> Value {
        if let Payload::Exception(ed) = &self.payload {
            if let Some(Payload::Tuple(t)) = ed.args.borrow().payload() {
                return t.first().cloned().unwrap_or(Value::None);
            }
        }
        Value::None
    }

    pub fn exc_data(&self) -> Option<&ExceptionData> {
        match &self.payload {
            Payload::Exception(e) => Some(e),
            _ => None,
        }
    }

    /// Sets the C-level member `name` of an exception (no-op on other objects).
    pub fn exc_set_field(&self, name: &'static str, value: Value) {
        if let Some(d) = self.exc_data() {
            d.set_field(name, Some(value));
        }
    }

    /// The C-level member `name` of an exception, None when unset.
    pub fn exc_field(&self, name: &str) -> Value {
        self.exc_data().and_then(|d| d.field(name)).unwrap_or(Value::None)
    }
}
