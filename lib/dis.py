"""Disassembler of pyrite bytecode (replaces CPython's `dis`, whose opcode tables are
CPython's). The layout follows CPython 3.11's `dis.dis`."""

import collections
import sys
from _pyrite import disassemble as _disassemble

__all__ = ["dis", "disassemble", "code_info", "findlinestarts", "COMPILER_FLAG_NAMES", "pretty_flags", "Positions"]

# Source positions of an instruction (what `inspect` and `traceback` build from co_positions).
Positions = collections.namedtuple(
    "Positions", ["lineno", "end_lineno", "col_offset", "end_col_offset"], defaults=[None] * 4
)

# co_flags bits, as CPython's dis exposes them (inspect builds its CO_* names from this).
COMPILER_FLAG_NAMES = {
    1: "OPTIMIZED",
    2: "NEWLOCALS",
    4: "VARARGS",
    8: "VARKEYWORDS",
    16: "NESTED",
    32: "GENERATOR",
    64: "NOFREE",
    128: "COROUTINE",
    256: "ITERABLE_COROUTINE",
    512: "ASYNC_GENERATOR",
}


def pretty_flags(flags):
    """Return pretty representation of code flags."""
    names = []
    for i in range(32):
        flag = 1 << i
        if flags & flag:
            names.append(COMPILER_FLAG_NAMES.get(flag, hex(flag)))
            flags ^= flag
            if not flags:
                break
    else:
        names.append(hex(flags))
    return ", ".join(names)


def _get_code(x):
    if x is None:
        raise TypeError("dis() without an argument needs a traceback (not supported)")
    for attr in ("__func__", "__code__", "gi_code", "cr_code"):
        if hasattr(x, attr) and not isinstance(x, type(_get_code.__code__)):
            x = getattr(x, attr)
    if isinstance(x, str):
        x = compile(x, "<dis>", "exec")
    return x


def dis(x=None, *, file=None, depth=None, show_caches=False, adaptive=False):
    """Disassemble a function, method, code object, class or source string."""
    if isinstance(x, type):
        for name, value in sorted(vars(x).items()):
            if hasattr(value, "__code__") or hasattr(value, "__func__"):
                print("Disassembly of %s:" % name, file=file)
                dis(value, file=file)
                print(file=file)
        return
    code = _get_code(x)
    print(_disassemble(code), end="", file=file)


disassemble = dis


def code_info(x):
    code = _get_code(x)
    lines = [
        "Name:              %s" % code.co_name,
        "Filename:          %s" % code.co_filename,
        "Argument count:    %s" % code.co_argcount,
        "Positional-only arguments: %s" % code.co_posonlyargcount,
        "Kw-only arguments: %s" % code.co_kwonlyargcount,
        "Number of locals:  %s" % code.co_nlocals,
        "Stack size:        %s" % code.co_stacksize,
    ]
    return "\n".join(lines)


def findlinestarts(code):
    """Yield (offset, lineno) for each instruction of `code` that starts a new source line
    (what `trace` and `inspect` read line numbers from)."""
    lastline = None
    for start, _end, line in code.co_lines():
        if line is not None and line != lastline:
            lastline = line
            yield start, line
