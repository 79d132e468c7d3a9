#!/usr/bin/env python3
"""Regenerate crates/vm/src/objects/builtin_docs_data.rs from CPython 3.11.

The docstrings and text signatures of builtin functions, methods, descriptors and types are
text the user sees (`len.__doc__`, `inspect.signature(str.join)`, `help(int)`), so pyrite
must reproduce CPython's byte for byte. This script reads them from the running CPython and
writes them back in CPython's internal form, `NAME(SIGNATURE)\\n--\\n\\nBODY` (the form Argument
Clinic puts in `tp_doc`/`ml_doc`), keyed by `OWNER.NAME` (`builtins.len`, `str.join`,
`int.real`) or by the type's name for a type's own docstring (`int`).

It also records each builtin type's C layout (`__basicsize__`, `__itemsize__`, `__dictoffset__`,
`__weakrefoffset__`, keyed by `tp_name`), from which pyrite derives its classes' layouts as
CPython's `type_new` does.

Usage: python3 tools/gen_builtin_docs.py   (needs CPython 3.11)
"""
import builtins
import os
import sys
import types

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crates", "vm", "src", "objects",
                   "builtin_docs_data.rs")

# The kinds of class attribute whose docstring is declared with the native code (slot
# wrappers are left out: pyrite derives their text from CPython's `slotdefs` rules).
KINDS = {"method_descriptor", "classmethod_descriptor", "builtin_function_or_method", "getset_descriptor",
         "member_descriptor"}

MODULES = ["posix", "sys", "math", "time"]


# Modules whose native types' docstrings are declared too.
TYPE_MODULES = ["itertools", "_collections", "_functools", "_io", "array", "_operator", "_struct", "_bz2", "_lzma"]
HEAPTYPE = 1 << 9
# The special methods whose presence in a builtin type's own dict is recorded (`type` is left
# out: its attribute access is not the generic one).
OWN_SLOTS = ["__new__", "__getattribute__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"]


def tp_name(t):
    """CPython's `tp_name` of a native type, which is how pyrite names its native types."""
    return t.__qualname__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__qualname__}"


def add_type(docs, v):
    """The docstrings of type `v` and of its methods and descriptors, keyed by its `tp_name`."""
    name = tp_name(v)
    docs[name] = internal(v.__name__, v)
    for attr, m in vars(v).items():
        if isinstance(m, staticmethod):
            m = m.__func__
        if type(m).__name__ not in KINDS:
            continue
        d = internal(attr, m)
        # Every type's `__new__` has `object.__new__`'s text: pyrite falls back to it.
        if attr == "__new__" and v is not object and d == internal(attr, object.__new__):
            continue
        docs[f"{name}.{attr}"] = d


def internal(name, obj):
    """CPython's internal docstring of `obj` called `name` ("" when it has none: `__doc__`
    is then None, which the table must say too rather than fall back to pyrite's text)."""
    doc = getattr(obj, "__doc__", None)
    sig = getattr(obj, "__text_signature__", None)
    if not isinstance(doc, str):
        doc = ""
    if sig is None:
        return doc
    return f"{name}{sig}\n--\n\n{doc}"


def rust_str(s):
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("\\u{%x}" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def main():
    assert sys.version_info[:2] == (3, 11), "needs CPython 3.11"
    docs = {}
    for name, v in vars(builtins).items():
        if isinstance(v, types.BuiltinFunctionType):
            # Keyed by the function's module as pyrite records it (`open` is `io.open`).
            docs[f"{v.__module__}.{name}"] = internal(name, v)
        elif isinstance(v, type):
            add_type(docs, v)
    # Struct sequences and other native types not reachable as module attributes.
    import os
    for v in (type(sys.flags), type(sys.version_info), type(sys.float_info), type(sys.int_info), type(sys.hash_info),
              type(sys.thread_info), os.terminal_size, os.stat_result, os.times_result, os.uname_result):
        add_type(docs, v)
    for modname in ["types", *TYPE_MODULES]:
        for v in vars(__import__(modname)).values():
            # `types` also holds classes written in Python: only the native ones.
            if isinstance(v, type) and (modname != "types" or not v.__flags__ & HEAPTYPE):
                add_type(docs, v)
    # Native functions of the commonest extension modules pyrite implements natively.
    for modname in MODULES:
        mod = __import__(modname)
        for name, v in vars(mod).items():
            if isinstance(v, types.BuiltinFunctionType) and v.__module__ == modname:
                docs[f"{modname}.{name}"] = internal(name, v)
    lines = [
        "//! Data: the docstrings of builtin functions, methods, descriptors and types exactly as",
        "//! CPython 3.11 shows them, in CPython's internal form (`NAME(SIGNATURE)\\n--\\n\\nBODY`),",
        "//! sorted by key, and the C layout of each builtin type. Generated by",
        "//! `python3 tools/gen_builtin_docs.py`; do not edit by hand.",
        "",
        "pub static DOCS: &[(&str, &str)] = &[",
    ]
    for k in sorted(docs):
        lines.append(f"    ({rust_str(k)}, {rust_str(docs[k])}),")
    lines.append("];")
    # Special methods a builtin type has in its own `__dict__` (its C type sets the slot), of the
    # kinds whose inherited pyrite implementation behaves the same for it.
    own = sorted({(v.__name__, n) for v in vars(builtins).values() if isinstance(v, type) and v is not type
                  for n in OWN_SLOTS if n in vars(v)})
    lines += ["", "/// `(type, name)`: the special methods of `OWN_SLOTS` a builtin type has in its own",
              "/// `__dict__` (sorted).",
              "pub static OWN_SLOTS: &[(&str, &str)] = &["]
    lines += [f"    ({rust_str(t)}, {rust_str(n)})," for t, n in own]
    lines.append("];")
    lines += ["", "/// `(tp_name, __basicsize__, __itemsize__, __dictoffset__, __weakrefoffset__)`, sorted.",
              "pub static LAYOUTS: &[(&str, i64, i64, i64, i64)] = &["]
    layouts = {}
    for v in [*vars(builtins).values(), *vars(types).values()]:
        if isinstance(v, type) and not v.__flags__ & HEAPTYPE:
            layouts[tp_name(v)] = (v.__basicsize__, v.__itemsize__, v.__dictoffset__, v.__weakrefoffset__)
    for k in sorted(layouts):
        lines.append(f"    ({rust_str(k)}, {', '.join(map(str, layouts[k]))}),")
    lines.append("];")
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{len(docs)} docstrings, {os.path.getsize(OUT)} bytes -> {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
