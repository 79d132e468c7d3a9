#!/usr/bin/env python3
"""Generates crates/stdlib/src/unicodedata_db.rs from CPython 3.11's own `unicodedata`.

Run with CPython 3.11 (Unicode 14.0.0):  python3 tools/gen_unicodedata.py

Every property is taken from what CPython answers, so pyrite answers the same:

* one record per distinct (category, bidirectional, combining, east_asian_width, mirrored,
  decimal, digit, numeric) tuple; a two-level table maps a code point to its record, split
  at the shift that makes the two arrays smallest (the packing of makeunicodedata.py);
* decompositions as (prefix, code points) entries reached through a second two-level table;
* the canonical composition pairs (primary composites only: a character with a two-character
  canonical decomposition that NFC leaves alone);
* Unicode 3.2.0 (`ucd_3_2_0`) as a delta: sorted runs of code points whose 3.2.0 record
  differs from the current one, plus the NFD corrections 3.2.0 still had;
* the name aliases and named sequences CPython's `lookup` accepts (read from the Unicode
  data files shipped with the unicode_names2 crate and Perl, kept only where CPython agrees).
"""

import glob
import os
import sys
import unicodedata as U

assert U.unidata_version == "14.0.0", "run with CPython 3.11"
OLD = U.ucd_3_2_0
OUT = os.path.join(os.path.dirname(__file__), "..", "crates", "stdlib", "src", "unicodedata_db.rs")
N = 0x110000

CATEGORIES = ["Cn", "Lu", "Ll", "Lt", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Zs", "Zl", "Zp", "Cc", "Cf",
              "Cs", "Co", "Cn", "Lm", "Lo", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk",
              "So"]
CATEGORIES = sorted(set(CATEGORIES), key=CATEGORIES.index)
BIDI = ["", "L", "LRE", "LRO", "R", "AL", "RLE", "RLO", "PDF", "EN", "ES", "ET", "AN", "CS", "NSM",
        "BN", "B", "S", "WS", "ON", "LRI", "RLI", "FSI", "PDI"]
EAW = ["F", "H", "W", "Na", "A", "N"]

numerics = [None]


def numeric_index(v):
    if v is None:
        return 0
    if v not in numerics:
        numerics.append(v)
    return numerics.index(v)


def record_of(db, c):
    return (
        CATEGORIES.index(db.category(c)),
        BIDI.index(db.bidirectional(c)),
        db.combining(c),
        EAW.index(db.east_asian_width(c)),
        db.mirrored(c),
    )


def numbers_of(db, c):
    return (db.decimal(c, -1), db.digit(c, -1), numeric_index(db.numeric(c, None)))


class Table:
    def __init__(self):
        self.items = []
        self.ids = {}

    def id(self, item):
        if item not in self.ids:
            self.ids[item] = len(self.items)
            self.items.append(item)
        return self.ids[item]


records = Table()
old_records = Table()
records.id(record_of(U, chr(0x10FFFF)))  # record 0: unassigned
numbers = []  # (code point, decimal, digit, numeric index)

cur = [0] * N
old_runs = []  # (start, end, record) where 3.2.0 differs
decomp_prefixes = [""]
decomp_data = [0]
decomp_offsets = {(): 0}
decomp = [0] * N
compositions = []
corrections = []
for cp in range(N):
    c = chr(cp)
    rec = record_of(U, c)
    num = numbers_of(U, c)
    cur[cp] = records.id(rec)
    if num != (-1, -1, 0):
        numbers.append((cp,) + num)
    old = record_of(OLD, c) + numbers_of(OLD, c)
    if old != rec + num:
        o = old_records.id(old)
        if old_runs and old_runs[-1][1] == cp - 1 and old_runs[-1][2] == o:
            old_runs[-1][1] = cp
        else:
            old_runs.append([cp, cp, o])
    d = U.decomposition(c)
    if d:
        parts = d.split()
        prefix = ""
        if parts[0].startswith("<"):
            prefix = parts.pop(0)
        if prefix not in decomp_prefixes:
            decomp_prefixes.append(prefix)
        key = (decomp_prefixes.index(prefix),) + tuple(int(p, 16) for p in parts)
        if key not in decomp_offsets:
            decomp_offsets[key] = len(decomp_data)
            decomp_data.append((len(parts) << 8) | key[0])
            decomp_data.extend(key[1:])
        decomp[cp] = decomp_offsets[key]
        if not prefix and len(parts) == 2 and U.normalize("NFC", c) == c:
            compositions.append((int(parts[0], 16), int(parts[1], 16), cp))
    if OLD.category(c) != "Cn" and not (0xAC00 <= cp < 0xAC00 + 11172):
        old_nfd = OLD.normalize("NFD", c)
        if old_nfd != U.normalize("NFD", c):
            # 3.2.0 decomposed this character differently: find the one-character mapping
            # that, decomposed further, gives the old result.
            first = old_nfd[0] if len(old_nfd) == 1 else None
            assert first is not None, hex(cp)
            corrections.append((cp, ord(first)))

compositions.sort()
assert len(records.items) < 256 and len(decomp_data) < 65536


def splitbins(t):
    """The (shift, index1, index2) that store `t` in the fewest bytes."""
    best = None
    for shift in range(2, 12):
        size = 1 << shift
        blocks = {}
        index1 = []
        index2 = []
        for i in range(0, len(t), size):
            block = tuple(t[i:i + size])
            if block not in blocks:
                blocks[block] = len(index2) >> shift
                index2.extend(block)
            index1.append(blocks[block])
        w1 = 1 if max(index1) < 256 else 2
        w2 = 1 if max(index2) < 256 else 2
        cost = len(index1) * w1 + len(index2) * w2
        if best is None or cost < best[0]:
            best = (cost, shift, index1, index2)
    return best[1:]


def rust_int_type(values):
    m = max(values)
    return "u8" if m < 256 else "u16" if m < 65536 else "u32"


def emit_array(out, name, values, doc, ty=None):
    ty = ty or rust_int_type(values)
    out.append(f"/// {doc}")
    out.append(f"pub static {name}: [{ty}; {len(values)}] = [")
    line = ""
    for v in values:
        item = f"{v},"
        if len(line) + len(item) > 99:
            out.append(line)
            line = ""
        line += item
    if line:
        out.append(line)
    out.append("];")



def emit_rows(out, rows):
    """Writes `rows` (already formatted items) packed into lines of at most 99 characters."""
    line = ""
    for item in rows:
        item += ","
        if line and len(line) + len(item) > 98:
            out.append(line)
            line = ""
        line += (" " if line else "") + item
    if line:
        out.append(line)


def tup(*xs):
    return "(" + ",".join(str(int(x)) for x in xs) + ")"


def rust_str(s):
    return '"' + "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\' else f"\\u{{{ord(ch):x}}}"
                         for ch in s) + '"'


# Aliases and named sequences that CPython 3.11 accepts.
aliases = []
alias_files = glob.glob(os.path.expanduser(
    "~/.cargo/registry/src/*/unicode_names2-1.3.0/data/NameAliases.txt"))
for line in open(alias_files[0]):
    line = line.split("#")[0].strip()
    if not line:
        continue
    cp, name, _kind = line.split(";")
    try:
        if U.lookup(name) == chr(int(cp, 16)) and U.name(chr(int(cp, 16)), "") != name:
            aliases.append((name, int(cp, 16)))
    except KeyError:
        pass
sequences = []
for line in open("/usr/share/perl/5.36.0/unicore/NamedSequences.txt"):
    line = line.split("#")[0].strip()
    if not line:
        continue
    name, cps = line.split(";")
    seq = "".join(chr(int(p, 16)) for p in cps.split())
    try:
        if U.lookup(name) == seq:
            sequences.append((name, seq))
    except KeyError:
        pass

out = [
    "//! Stdlib stage: the data tables of `unicodedata` (Unicode 14.0.0 and the 3.2.0 delta),",
    "//! generated by `tools/gen_unicodedata.py` from CPython 3.11's own `unicodedata`; do not",
    "//! edit. Guarantees the answers CPython 3.11 gives for every code point.",
    "",
    "#![allow(clippy::unreadable_literal)]",
    "",
    f"pub static CATEGORY_NAMES: [&str; {len(CATEGORIES)}] = [{', '.join(rust_str(x) for x in CATEGORIES)}];",
    f"pub static BIDIRECTIONAL_NAMES: [&str; {len(BIDI)}] = [{', '.join(rust_str(x) for x in BIDI)}];",
    f"pub static EAST_ASIAN_WIDTH_NAMES: [&str; {len(EAW)}] = [{', '.join(rust_str(x) for x in EAW)}];",
    f"pub static DECOMP_PREFIX: [&str; {len(decomp_prefixes)}] = "
    f"[{', '.join(rust_str(x) for x in decomp_prefixes)}];",
    "",
    "/// A property record: (category, bidirectional, combining, east_asian_width, mirrored).",
    "pub type Record = (u8, u8, u8, u8, u8);",
    f"pub static RECORDS: [Record; {len(records.items)}] = [",
]
emit_rows(out, [tup(*rec) for rec in records.items])
out.append("];")
out.append("/// Characters with a numeric value: (code point, decimal or -1, digit or -1, index into")
out.append("/// `NUMERIC_VALUES`), sorted.")
out.append(f"pub static NUMBERS: [(u32, i8, i8, u16); {len(numbers)}] = [")
emit_rows(out, [tup(*n) for n in numbers])
out.append("];")
out.append("/// A Unicode 3.2.0 record: a `Record` followed by decimal, digit and numeric index.")
out.append("pub type OldRecord = (u8, u8, u8, u8, u8, i8, i8, u16);")
out.append(f"pub static OLD_RECORDS: [OldRecord; {len(old_records.items)}] = [")
emit_rows(out, [tup(*rec) for rec in old_records.items])
out.append("];")
out.append(f"/// Numeric values; entry 0 is unused.")
out.append(f"pub static NUMERIC_VALUES: [f64; {len(numerics)}] = [")
out.append("    0.0, " + ", ".join(repr(float(v)) for v in numerics[1:]) + ",")
out.append("];")
shift, i1, i2 = splitbins(cur)
out.append(f"pub const SHIFT: u32 = {shift};")
emit_array(out, "INDEX1", i1, "Block number of each run of `1 << SHIFT` code points.")
emit_array(out, "INDEX2", i2, "Record index of each code point, by block.")
emit_array(out, "DECOMP_DATA", decomp_data,
           "Decomposition entries: `count << 8 | prefix` followed by `count` code points.", "u32")
dshift, d1, d2 = splitbins(decomp)
out.append(f"pub const DECOMP_SHIFT: u32 = {dshift};")
emit_array(out, "DECOMP_INDEX1", d1, "Block number of each run of `1 << DECOMP_SHIFT` code points.")
emit_array(out, "DECOMP_INDEX2", d2, "Offset into `DECOMP_DATA` of each code point, by block.")
out.append("/// Canonical compositions of primary composites: (first, second, composite), sorted.")
out.append(f"pub static COMPOSITIONS: [(u32, u32, u32); {len(compositions)}] = [")
emit_rows(out, [tup(*x) for x in compositions])
out.append("];")
out.append("/// Unicode 3.2.0: runs (first, last, record) where its record differs from 14.0.0's.")
out.append(f"pub static OLD_RUNS: [(u32, u32, u16); {len(old_runs)}] = [")
emit_rows(out, [tup(*x) for x in old_runs])
out.append("];")
out.append("/// Unicode 3.2.0's decomposition of characters later corrected: (character, mapping).")
out.append(f"pub static OLD_CORRECTIONS: [(u32, u32); {len(corrections)}] = [")
emit_rows(out, [tup(*x) for x in corrections])
out.append("];")
out.append("/// Name aliases `lookup` accepts (not `name`): (alias, code point).")
out.append(f"pub static ALIASES: [(&str, u32); {len(aliases)}] = [")
emit_rows(out, [f"({rust_str(n)},{cp})" for n, cp in aliases])
out.append("];")
out.append("/// Named sequences `lookup` accepts: (name, sequence).")
out.append(f"pub static NAMED_SEQUENCES: [(&str, &str); {len(sequences)}] = [")
emit_rows(out, [f"({rust_str(n)},{rust_str(s)})" for n, s in sequences])
out.append("];")
with open(OUT, "w") as f:
    f.write("\n".join(out) + "\n")
print(f"{OUT}: {len(records.items)} records, {len(old_records.items)} old, {len(numbers)} numbers, shift {shift} ({len(i1)}+{len(i2)}), decomp {len(decomp_data)} "
      f"shift {dshift} ({len(d1)}+{len(d2)}), {len(compositions)} compositions, {len(old_runs)} old runs, "
      f"{len(corrections)} corrections, {len(aliases)} aliases, {len(sequences)} sequences",
      file=sys.stderr)
