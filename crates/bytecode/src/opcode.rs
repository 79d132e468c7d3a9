//! Bytecode stage: the one opcode table. Every instruction pyrite executes is declared here once,
//! with its number, operand kind, stack effect and a stack picture; the enum, decoding,
//! `stack_effect`, the disassembler's names and the .pyc format all read this table.
//!
//! Encoding: a code unit is 16 bits, `opcode | (arg << 8)`, as CPython's `_Py_CODEUNIT`. Operands
//! wider than 8 bits are built with `EXTENDED_ARG` prefixes. Jump operands are *absolute* code-unit
//! indexes (unlike CPython 3.11's relative jumps): the compiler and VM stay simpler and the
//! disassembler prints the same `to N` layout.
//!
//! Stack pictures read `( before -- after )`, top of stack rightmost. `NULL` on the stack is the
//! `None` placed by `LOAD_METHOD` when no self is bound (see `CALL_METHOD`).
//!
//! Changing this table (numbers, operands, semantics) changes the .pyc format: bump
//! `crate::pyc::MAGIC` (a golden test pins the table's fingerprint to the magic).

/// What an instruction's operand means; the disassembler uses it to annotate the operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgKind {
    /// The instruction ignores its operand.
    None,
    /// A plain count or flag set.
    Count,
    /// Index into `co_consts`.
    Const,
    /// Index into `co_names`.
    Name,
    /// Index into `co_varnames` (fast locals).
    Local,
    /// Index into `co_cellvars + co_freevars`.
    Free,
    /// Absolute code-unit index of the jump target.
    Jump,
    /// A `COMPARE_OP` operator (`CMP_OP`).
    Compare,
    /// A `BINARY_OP` operator (`NB_*`).
    BinaryOp,
}

macro_rules! opcodes {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident = $num:literal, $kind:ident, |$a:ident, $j:ident| $effect:expr;
    )*) => {
        /// A bytecode instruction's opcode (the low byte of a code unit).
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum Opcode {
            $( $(#[doc = $doc])* $name = $num, )*
        }

        impl Opcode {
            /// Every opcode, in table order.
            pub const ALL: &'static [Opcode] = &[$(Opcode::$name),*];

            /// Decodes an opcode byte; `None` for a number the table does not define.
            #[inline(always)]
            pub fn from_u8(b: u8) -> Option<Opcode> {
                // One indexed load: the interpreter decodes every instruction through this.
                const TABLE: [Option<Opcode>; 256] = {
                    let mut t = [None; 256];
                    $( t[$num] = Some(Opcode::$name); )*
                    t
                };
                TABLE[b as usize]
            }

            /// Decodes an opcode byte known to be in the table, without checking.
            ///
            /// # Safety
            /// `b` must be the number of an opcode of the table (true of every code unit of a
            /// code object made by our compiler or accepted by `marshal::validate`).
            #[inline(always)]
            pub unsafe fn from_u8_unchecked(b: u8) -> Opcode {
                debug_assert!(Opcode::from_u8(b).is_some(), "unknown opcode {b}");
                // SAFETY: `Opcode` is `repr(u8)` and the caller guarantees `b` names a variant.
                unsafe { std::mem::transmute::<u8, Opcode>(b) }
            }

            /// The CPython-style spelling shown by the disassembler.
            pub fn name(self) -> &'static str {
                match self { $( Opcode::$name => stringify!($name), )* }
            }

            /// What the operand means.
            pub fn arg_kind(self) -> ArgKind {
                match self { $( Opcode::$name => ArgKind::$kind, )* }
            }

            /// Net change of the value-stack depth. For jumps, `jump` selects the effect along
            /// the taken edge; otherwise the fall-through edge.
            #[allow(unused_variables)]
            pub fn stack_effect(self, arg: u32, jump: bool) -> i32 {
                match self {
                    $( Opcode::$name => { let $a = arg as i32; let $j = jump; $effect } )*
                }
            }
        }
    };
}

opcodes! {
    /// Do nothing. `( -- )`
    NOP = 0, None, |a, j| 0;
    /// Discard the top of stack. `( x -- )`
    POP_TOP = 1, None, |a, j| -1;
    /// Push a copy of the n-th item (1 = top). `( x ... -- x ... x )`
    COPY = 2, Count, |a, j| 1;
    /// Swap the top with the n-th item. `( x ... y -- y ... x )`
    SWAP = 3, Count, |a, j| 0;
    /// Prefix supplying the high bits of the next instruction's operand.
    EXTENDED_ARG = 4, Count, |a, j| 0;

    /// `( -- co_consts[i] )`
    LOAD_CONST = 10, Const, |a, j| 1;
    /// `( -- local )`; raises UnboundLocalError if unbound.
    LOAD_FAST = 11, Local, |a, j| 1;
    /// `( v -- )`
    STORE_FAST = 12, Local, |a, j| -1;
    /// Unbind a local; UnboundLocalError if already unbound. `( -- )`
    DELETE_FAST = 13, Local, |a, j| 0;
    /// Look up in locals, then globals, then builtins. `( -- v )`
    LOAD_NAME = 14, Name, |a, j| 1;
    /// `( v -- )` into the locals mapping.
    STORE_NAME = 15, Name, |a, j| -1;
    /// `( -- )`
    DELETE_NAME = 16, Name, |a, j| 0;
    /// Look up in globals, then builtins. `( -- v )`
    LOAD_GLOBAL = 17, Name, |a, j| 1;
    /// `( v -- )`
    STORE_GLOBAL = 18, Name, |a, j| -1;
    /// `( -- )`
    DELETE_GLOBAL = 19, Name, |a, j| 0;
    /// Contents of cell i (cellvars then freevars). `( -- v )`
    LOAD_DEREF = 20, Free, |a, j| 1;
    /// `( v -- )`
    STORE_DEREF = 21, Free, |a, j| -1;
    /// `( -- )`
    DELETE_DEREF = 22, Free, |a, j| 0;
    /// In a class body: the locals mapping first, then cell i. `( -- v )`
    LOAD_CLASSDEREF = 23, Free, |a, j| 1;
    /// Push the cell object itself (to build a closure tuple). `( -- cell )`
    LOAD_CLOSURE = 24, Free, |a, j| 1;

    /// `( obj -- obj.name )`
    LOAD_ATTR = 30, Name, |a, j| 0;
    /// `( value obj -- )` sets `obj.name = value`.
    STORE_ATTR = 31, Name, |a, j| -2;
    /// `( obj -- )`
    DELETE_ATTR = 32, Name, |a, j| -1;
    /// `( obj -- func obj )` when `name` is a plain function found on the type (an unbound
    /// method), else `( obj -- NULL attr )` where NULL is None. Paired with `CALL_METHOD`.
    LOAD_METHOD = 33, Name, |a, j| 1;

    /// `( container key -- container[key] )`
    BINARY_SUBSCR = 40, None, |a, j| -1;
    /// `( value container key -- )`
    STORE_SUBSCR = 41, None, |a, j| -3;
    /// `( container key -- )`
    DELETE_SUBSCR = 42, None, |a, j| -2;
    /// `( lhs rhs -- lhs op rhs )`; the operand is CPython's `NB_*` number (13+ = in-place).
    BINARY_OP = 43, BinaryOp, |a, j| -1;
    /// `( v -- -v )`
    UNARY_NEGATIVE = 44, None, |a, j| 0;
    /// `( v -- +v )`
    UNARY_POSITIVE = 45, None, |a, j| 0;
    /// `( v -- ~v )`
    UNARY_INVERT = 46, None, |a, j| 0;
    /// `( v -- not v )`
    UNARY_NOT = 47, None, |a, j| 0;
    /// `( lhs rhs -- result )`; operand 0..5 = `<  <=  ==  !=  >  >=`.
    COMPARE_OP = 48, Compare, |a, j| -1;
    /// `( lhs rhs -- bool )`: `is` (operand 0) or `is not` (1).
    IS_OP = 49, Count, |a, j| -1;
    /// `( item container -- bool )`: `in` (operand 0) or `not in` (1).
    CONTAINS_OP = 50, Count, |a, j| -1;

    /// `( v1 .. vn -- tuple )`
    BUILD_TUPLE = 60, Count, |a, j| 1 - a;
    /// `( v1 .. vn -- list )`
    BUILD_LIST = 61, Count, |a, j| 1 - a;
    /// `( v1 .. vn -- set )`
    BUILD_SET = 62, Count, |a, j| 1 - a;
    /// `( k1 v1 .. kn vn -- dict )`
    BUILD_MAP = 63, Count, |a, j| 1 - 2 * a;
    /// `( v1 .. vn keys_tuple -- dict )`
    BUILD_CONST_KEY_MAP = 64, Count, |a, j| -a;
    /// Concatenate n strings. `( s1 .. sn -- str )`
    BUILD_STRING = 65, Count, |a, j| 1 - a;
    /// `( start stop [step] -- slice )`; operand 2 or 3.
    BUILD_SLICE = 66, Count, |a, j| 1 - a;
    /// `( list ... v -- list ... )`: append v to the list n items down (after popping v).
    LIST_APPEND = 67, Count, |a, j| -1;
    /// `( set ... v -- set ... )`
    SET_ADD = 68, Count, |a, j| -1;
    /// `( dict ... k v -- dict ... )`
    MAP_ADD = 69, Count, |a, j| -2;
    /// `( list ... iterable -- list ... )`
    LIST_EXTEND = 70, Count, |a, j| -1;
    /// `( set ... iterable -- set ... )`
    SET_UPDATE = 71, Count, |a, j| -1;
    /// `( dict ... mapping -- dict ... )`
    DICT_UPDATE = 72, Count, |a, j| -1;
    /// As `DICT_UPDATE`, but a repeated key is the TypeError of `f(**a, **b)`; the callable
    /// sits n+2 items down for the message.
    DICT_MERGE = 73, Count, |a, j| -1;
    /// `( list -- tuple )`
    LIST_TO_TUPLE = 74, None, |a, j| 0;
    /// `( seq -- vn .. v1 )`: exactly n items, first item ends on top.
    UNPACK_SEQUENCE = 75, Count, |a, j| a - 1;
    /// Starred unpack: operand = before | (after << 8). `( seq -- after.. list before.. )`
    UNPACK_EX = 76, Count, |a, j| (a & 0xff) + (a >> 8);
    /// f-string field: operand & 3 = conversion (0 none, 1 `!s`, 2 `!r`, 3 `!a`), & 4 = a format
    /// spec is on the stack. `( v [spec] -- str )`
    FORMAT_VALUE = 77, Count, |a, j| if a & 4 != 0 { -1 } else { 0 };

    /// `( iterable -- iter(iterable) )`
    GET_ITER = 80, None, |a, j| 0;
    /// `( it -- it next )`, or when exhausted pop `it` and jump. `( it -- )`
    FOR_ITER = 81, Jump, |a, j| if j { -1 } else { 1 };
    /// Unconditional jump (forward or backward).
    JUMP = 82, Jump, |a, j| 0;
    /// `( v -- )`, jump if v is false.
    POP_JUMP_IF_FALSE = 83, Jump, |a, j| -1;
    /// `( v -- )`, jump if v is true.
    POP_JUMP_IF_TRUE = 84, Jump, |a, j| -1;
    /// `( v -- )`, jump if v is None.
    POP_JUMP_IF_NONE = 85, Jump, |a, j| -1;
    /// `( v -- )`, jump if v is not None.
    POP_JUMP_IF_NOT_NONE = 86, Jump, |a, j| -1;
    /// If v is false jump keeping v, else pop it. `( v -- v | )`
    JUMP_IF_FALSE_OR_POP = 87, Jump, |a, j| if j { 0 } else { -1 };
    /// If v is true jump keeping v, else pop it. `( v -- v | )`
    JUMP_IF_TRUE_OR_POP = 88, Jump, |a, j| if j { 0 } else { -1 };

    /// Build a function from a code object. Operand flags: 0x01 defaults tuple, 0x02 kw-defaults
    /// dict, 0x04 annotations tuple (name, value pairs flattened), 0x08 closure tuple of cells.
    /// `( [defaults] [kwdefaults] [annotations] [closure] code -- function )`
    MAKE_FUNCTION = 90, Count, |a, j| -((a & 1 != 0) as i32 + (a & 2 != 0) as i32 + (a & 4 != 0) as i32 + (a & 8 != 0) as i32);
    /// `( callable a1 .. an -- result )`
    CALL = 91, Count, |a, j| -a;
    /// After `LOAD_METHOD`: `( func self a1 .. an -- result )` calls func(self, a1..an);
    /// `( NULL callable a1 .. an -- result )` calls callable(a1..an).
    CALL_METHOD = 92, Count, |a, j| -a - 1;
    /// Keyword call: the names tuple is on top and names the last len(names) arguments.
    /// `( callable a1 .. an names -- result )`, n counts positional plus keyword values.
    CALL_KW = 93, Count, |a, j| -a - 1;
    /// `( callable args_tuple [kwargs_dict] -- result )`; operand & 1 = kwargs present.
    CALL_FUNCTION_EX = 94, Count, |a, j| if a & 1 != 0 { -2 } else { -1 };
    /// `( v -- )` returns v to the caller.
    RETURN_VALUE = 95, None, |a, j| -1;
    /// Suspend the generator producing v; resumes with the sent value. Operand 1 marks the
    /// yield inside `yield from`/`await` (throw and close are delegated to the receiver).
    /// `( v -- sent )`
    YIELD_VALUE = 96, Count, |a, j| 0;
    /// `( iterable -- iterator )` for `yield from` (coroutines pass through unchanged).
    GET_YIELD_FROM_ITER = 97, None, |a, j| 0;
    /// `( receiver v -- receiver yielded )`: send v (next() if None) to the receiver; when it
    /// finishes, `( receiver v -- result )` and jump.
    SEND = 98, Jump, |a, j| if j { -1 } else { 0 };
    /// Push `builtins.__build_class__`. `( -- f )`
    LOAD_BUILD_CLASS = 99, None, |a, j| 1;
    /// Create `__annotations__` in the locals mapping if missing. `( -- )`
    SETUP_ANNOTATIONS = 100, None, |a, j| 0;
    /// `( level fromlist -- module )`: `__import__(name, globals, locals, fromlist, level)`.
    IMPORT_NAME = 101, Name, |a, j| -1;
    /// `( module -- module attr )`; ImportError `cannot import name` when missing.
    IMPORT_FROM = 102, Name, |a, j| 1;
    /// `( module -- )`: `from module import *` into the locals mapping.
    IMPORT_STAR = 103, None, |a, j| -1;
    /// Interactive mode: print a non-None expression value via `sys.displayhook`. `( v -- )`
    PRINT_EXPR = 104, None, |a, j| -1;

    /// Operand 0: re-raise the exception being handled; 1: `( exc -- )` raise exc;
    /// 2: `( exc cause -- )` raise exc from cause.
    RAISE_VARARGS = 110, Count, |a, j| -a;
    /// `( [lasti] .. exc -- )` re-raise exc without adding a traceback entry; with a non-zero
    /// operand the item that many below (after popping exc) is the offset to report as lasti.
    RERAISE = 111, Count, |a, j| -1;
    /// Enter an except block: `( exc -- prev_exc exc )`, exc becomes the handled exception.
    PUSH_EXC_INFO = 112, None, |a, j| 1;
    /// Leave an except block: `( prev_exc -- )` restores the handled exception.
    POP_EXCEPT = 113, None, |a, j| -1;
    /// `( exc type -- exc bool )`; TypeError if type is not an exception class (or tuple of them).
    CHECK_EXC_MATCH = 114, None, |a, j| 0;
    /// except*: `( exc type -- rest match )`; match is None when nothing matched.
    CHECK_EG_MATCH = 115, None, |a, j| 0;
    /// except*: `( orig list -- exc_or_None )` exception to re-raise after all clauses.
    PREP_RERAISE_STAR = 116, None, |a, j| -1;
    /// `( mgr -- exit enter_result )` for `with`.
    BEFORE_WITH = 117, None, |a, j| 1;
    /// `( exit lasti prev_exc exc -- exit lasti prev_exc exc res )` calls exit(type, exc, tb).
    WITH_EXCEPT_START = 118, None, |a, j| 1;
    /// `( -- AssertionError )`
    LOAD_ASSERTION_ERROR = 119, None, |a, j| 1;

    /// `( v -- awaitable_iter )`; operand 1/2 words the error for `__aenter__`/`__aexit__`.
    GET_AWAITABLE = 120, Count, |a, j| 0;
    /// `( aiterable -- aiterator )`
    GET_AITER = 121, None, |a, j| 0;
    /// `( aiter -- aiter awaitable )`
    GET_ANEXT = 122, None, |a, j| 1;
    /// Handler end of `async for`: `( aiter exc -- )` if exc is StopAsyncIteration, else re-raise.
    END_ASYNC_FOR = 123, None, |a, j| -2;
    /// `( mgr -- aexit aenter_awaitable )`
    BEFORE_ASYNC_WITH = 124, None, |a, j| 1;
    /// In an async generator, wrap a yielded value so it is not mistaken for an await. `( v -- w )`
    ASYNC_GEN_WRAP = 125, None, |a, j| 0;

    /// `( obj -- obj len(obj) )`
    GET_LEN = 130, None, |a, j| 1;
    /// `( subject -- subject bool )` subject is a mapping (`Py_TPFLAGS_MAPPING`).
    MATCH_MAPPING = 131, None, |a, j| 1;
    /// `( subject -- subject bool )` subject is a sequence (`Py_TPFLAGS_SEQUENCE`).
    MATCH_SEQUENCE = 132, None, |a, j| 1;
    /// `( subject keys -- subject keys values_tuple_or_None )`
    MATCH_KEYS = 133, None, |a, j| 1;
    /// Class pattern with n positional sub-patterns: `( subject cls kw_names -- attrs_or_None )`.
    MATCH_CLASS = 134, Count, |a, j| -2;
}

/// `BINARY_OP` operand numbers and symbols, as CPython's `NB_*` (in-place forms add 13).
pub const BINARY_OPS: [&str; 26] = [
    "+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^", "+=", "&=", "//=", "<<=", "@=", "*=", "%=",
    "|=", "**=", ">>=", "-=", "/=", "^=",
];
/// Offset from a binary operator's number to its in-place form.
pub const NB_INPLACE: u32 = 13;

/// The operator of a `BINARY_OP` operand with its in-place form folded onto the plain one
/// (`x += y` computes as `x + y` for immutable operands). A compare and subtract: the
/// interpreter does this on every arithmetic instruction, where `% NB_INPLACE` costs a
/// multiply-and-shift sequence.
#[inline(always)]
pub fn base_binary_op(arg: u32) -> u32 {
    if arg >= NB_INPLACE {
        arg - NB_INPLACE
    } else {
        arg
    }
}
pub const NB_ADD: u32 = 0;
pub const NB_AND: u32 = 1;
pub const NB_FLOOR_DIVIDE: u32 = 2;
pub const NB_LSHIFT: u32 = 3;
pub const NB_MATRIX_MULTIPLY: u32 = 4;
pub const NB_MULTIPLY: u32 = 5;
pub const NB_REMAINDER: u32 = 6;
pub const NB_OR: u32 = 7;
pub const NB_POWER: u32 = 8;
pub const NB_RSHIFT: u32 = 9;
pub const NB_SUBTRACT: u32 = 10;
pub const NB_TRUE_DIVIDE: u32 = 11;
pub const NB_XOR: u32 = 12;

/// `COMPARE_OP` operand spellings, as CPython's `cmp_op`.
pub const CMP_OPS: [&str; 6] = ["<", "<=", "==", "!=", ">", ">="];

impl Opcode {
    /// True for instructions whose operand is a jump target.
    pub fn is_jump(self) -> bool {
        self.arg_kind() == ArgKind::Jump
    }

    /// True when control never falls through to the next instruction.
    pub fn is_terminator(self) -> bool {
        matches!(self, Opcode::JUMP | Opcode::RETURN_VALUE | Opcode::RAISE_VARARGS | Opcode::RERAISE)
    }
}

/// Whether the last code unit is an instruction that never falls through (so execution can
/// never run past the end of `code`; the interpreter reads code units without bounds checks).
pub fn ends_with_terminator(code: &[u16]) -> bool {
    code.last().and_then(|&u| Opcode::from_u8((u & 0xff) as u8)).is_some_and(Opcode::is_terminator)
}

/// Code unit encoding: opcode in the low byte, operand in the high byte.
#[inline]
pub fn encode(op: Opcode, arg: u8) -> u16 {
    op as u16 | ((arg as u16) << 8)
}

/// A decoded instruction with its full operand (after `EXTENDED_ARG` prefixes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Instruction {
    /// Index of the first code unit (the first `EXTENDED_ARG` if any).
    pub start: usize,
    /// Index of the code unit holding the opcode itself.
    pub offset: usize,
    pub op: Opcode,
    pub arg: u32,
}

/// Decodes a code-unit array into instructions, folding `EXTENDED_ARG` prefixes. Unknown
/// opcode bytes stop decoding with an error (a .pyc must have been validated before running).
pub fn decode(code: &[u16]) -> Result<Vec<Instruction>, String> {
    let mut out = Vec::with_capacity(code.len());
    let mut ext: u32 = 0;
    let mut start = 0;
    for (i, &unit) in code.iter().enumerate() {
        let op =
            Opcode::from_u8((unit & 0xff) as u8).ok_or_else(|| format!("unknown opcode {} at {}", unit & 0xff, i))?;
        let arg = ext | (unit >> 8) as u32;
        if op == Opcode::EXTENDED_ARG {
            ext = arg << 8;
            continue;
        }
        out.push(Instruction { start, offset: i, op, arg });
        ext = 0;
        start = i + 1;
    }
    Ok(out)
}

/// A fingerprint of the table (numbers, names, operand kinds) so a test can insist that the
/// .pyc magic number changes whenever the table does.
pub fn table_fingerprint() -> u64 {
    // FNV-1a over a canonical rendering of the table.
    let mut h: u64 = 0xcbf29ce484222325;
    for op in Opcode::ALL {
        for b in format!("{}={}:{:?};", op.name(), *op as u8, op.arg_kind()).bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    h
}
