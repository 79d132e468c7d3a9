//! VM stage: the one place a builtin's docstring and text signature come from. Each builtin
//! function, method, descriptor and type of the `builtins` module is declared once in
//! `builtin_docs_data.rs` with CPython 3.11's internal docstring (`NAME(SIGNATURE)\n--\n\nBODY`,
//! the form Argument Clinic writes), and `__doc__`, `__text_signature__` (hence
//! `inspect.signature`) and `help()` all read that declaration. Guarantees: for every entry,
//! `__doc__` and `__text_signature__` equal CPython's byte for byte; a native function missing
//! from the table falls back to the docstring it was registered with. The same data file
//! declares each builtin type's C layout, which `type.__basicsize__` and friends report.

#[path = "builtin_docs_data.rs"]
mod data;

/// The declared internal docstring of `owner.name` (`builtins.len`, `str.join`, `int.real`),
/// or of a type for `name` None (`int`). Every type's `__new__` shares `object.__new__`'s.
pub fn internal_doc(owner: &str, name: Option<&str>) -> Option<&'static str> {
    // The key `OWNER.NAME` is built on the stack when it fits (this runs at start-up for every
    // builtin type).
    let mut buf = [0u8; 96];
    let long;
    let key: &[u8] = match name {
        None => owner.as_bytes(),
        Some(n) if owner.len() + 1 + n.len() <= buf.len() => {
            let (o, n) = (owner.as_bytes(), n.as_bytes());
            buf[..o.len()].copy_from_slice(o);
            buf[o.len()] = b'.';
            buf[o.len() + 1..o.len() + 1 + n.len()].copy_from_slice(n);
            &buf[..o.len() + 1 + n.len()]
        }
        Some(n) => {
            long = format!("{owner}.{n}");
            long.as_bytes()
        }
    };
    if let Ok(i) = data::DOCS.binary_search_by(|(k, _)| k.as_bytes().cmp(key)) {
        return Some(data::DOCS[i].1);
    }
    match name {
        Some("__new__") if owner != "object" => internal_doc("object", Some("__new__")),
        _ => None,
    }
}

/// The declared docstring of attribute `name` of native class `owner`, looked up along its MRO:
/// where pyrite defines a method on a class whose CPython counterpart inherits it
/// (`TextIOWrapper.readlines` from `_IOBase`), the inherited one's is what CPython shows.
pub fn member_doc(owner: &crate::value::PyRef, name: &str) -> Option<&'static str> {
    let td = owner.as_type().filter(|t| !t.is_heap())?;
    let mro = td.mro.borrow();
    mro.iter().filter_map(|c| c.as_type().filter(|t| !t.is_heap())).find_map(|t| internal_doc(&t.tp_name(), Some(name)))
}

/// CPython's `(__basicsize__, __itemsize__, __dictoffset__, __weakrefoffset__)` of the builtin
/// type named `tp_name`, as declared with the docstrings.
pub fn builtin_layout(tp_name: &str) -> Option<(i64, i64, i64, i64)> {
    let i = data::LAYOUTS.binary_search_by(|(k, ..)| (*k).cmp(tp_name)).ok()?;
    let (_, basic, item, dict, weak) = data::LAYOUTS[i];
    Some((basic, item, dict, weak))
}

/// The `(builtin type, special method)` pairs — `__new__`, `__getattribute__`, comparisons —
/// where CPython has the method in the type's own `__dict__`, as every type whose C definition
/// sets the slot does (`ValueError.__new__`, `dict.__lt__`; `KeyError` inherits `LookupError`'s
/// `__new__`).
pub fn own_slots() -> &'static [(&'static str, &'static str)] {
    data::OWN_SLOTS
}

/// `find_signature` + `skip_signature` of typeobject.c: splits an internal docstring of the
/// builtin `name` into its text signature (`($self, x, /)`) and the docstring proper. A
/// docstring not opening with `name(`, or with a blank line before the `)\n--\n\n` marker,
/// has no signature.
pub fn split_internal_doc<'a>(name: &str, doc: &'a str) -> (Option<&'a str>, &'a str) {
    // A type's docstring names it without its module (`OrderedDict(...)`).
    let name = name.rsplit_once('.').map_or(name, |(_, n)| n);
    if let Some(rest) = doc.strip_prefix(name).filter(|r| r.starts_with('(')) {
        if let Some(end) = rest.find(")\n--\n\n") {
            if !rest[..end].contains("\n\n") {
                return (Some(&rest[..=end]), &rest[end + 6..]);
            }
        }
    }
    (None, doc)
}

/// `_PyType_GetDocFromInternalDoc`: the docstring proper, None when it is empty.
pub fn doc_body<'a>(name: &str, doc: &'a str) -> Option<&'a str> {
    Some(split_internal_doc(name, doc).1).filter(|d| !d.is_empty())
}

/// `_PyType_GetTextSignatureFromInternalDoc`: the text signature, if the docstring has one.
pub fn text_signature<'a>(name: &str, doc: &'a str) -> Option<&'a str> {
    split_internal_doc(name, doc).0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_found() {
        assert!(data::DOCS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(data::LAYOUTS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(data::OWN_SLOTS.windows(2).all(|w| w[0] < w[1]));
        assert!(own_slots().contains(&("ValueError", "__new__")) && !own_slots().contains(&("KeyError", "__new__")));
        assert!(own_slots().contains(&("dict", "__lt__")));
        assert_eq!(builtin_layout("tuple"), Some((24, 8, 0, 0)));
        let len = internal_doc("builtins", Some("len")).unwrap();
        assert_eq!(text_signature("len", len), Some("($module, obj, /)"));
        assert_eq!(doc_body("len", len), Some("Return the number of items in a container."));
        assert!(internal_doc("list", Some("__new__")).is_some());
        assert_eq!(split_internal_doc("f", "f(a)\n\nb)\n--\n\nx"), (None, "f(a)\n\nb)\n--\n\nx"));
    }
}
