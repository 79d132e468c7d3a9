# unicodedata: properties, names, lookup (aliases, named sequences, Hangul, CJK), errors.
import unicodedata as u

print(u.unidata_version, u.ucd_3_2_0.unidata_version, type(u.ucd_3_2_0).__name__)
for ch in ["A", "a", "\u00e9", "0", "\u0665", "\u00bd", "\u2153", "\u216b", "\U00012432", "\u4e00",
           "\uac00", "\ud55c", "\u0301", "\u200d", "\ud800", "\udfff", "\ue000", "\U0010ffff",
           "\u1f600"[0], "\U0001f600", "\u05d0", "\u0627", "(", "\u3000", "\uff21", "\U0002b739",
           "\u9fff", "\U00030000", "\U0001fae0", "\u0c5d"]:
    out = []
    for db in (u, u.ucd_3_2_0):
        out.append((db.category(ch), db.bidirectional(ch), db.combining(ch), db.east_asian_width(ch),
                    db.mirrored(ch), db.decimal(ch, None), db.digit(ch, None), db.numeric(ch, None),
                    db.name(ch, None), db.decomposition(ch)))
    print(ascii(ch), out)

for name in ["LATIN SMALL LETTER A", "latin small letter a", "SNOWMAN", "snowman",
             "HANGUL SYLLABLE GA", "HANGUL SYLLABLE GAG", "HANGUL SYLLABLE HIH", "HANGUL SYLLABLE",
             "HANGUL SYLLABLE GXX", "hangul syllable ga",
             "CJK UNIFIED IDEOGRAPH-4E00", "CJK UNIFIED IDEOGRAPH-04E00", "CJK UNIFIED IDEOGRAPH-4e00",
             "CJK UNIFIED IDEOGRAPH-2B739", "CJK UNIFIED IDEOGRAPH-9FFF", "CJK UNIFIED IDEOGRAPH-F900",
             "CJK COMPATIBILITY IDEOGRAPH-F900", "LATIN CAPITAL LETTER GHA", "BYTE ORDER MARK",
             "NULL", "LINE FEED", "KEYCAP NUMBER SIGN", "keycap number sign",
             "LATIN CAPITAL LETTER A WITH MACRON AND GRAVE", "NO SUCH THING", "a\x00b", "\xe9",
             "x" * 257, "x" * 256, b"SNOWMAN", bytearray(b"BLACK STAR"), "MELTING FACE",
             "ARABIC LETTER WAW WITH DOT ABOVE"]:
    for db in (u, u.ucd_3_2_0):
        try:
            print(ascii(name)[:40], ascii(db.lookup(name)))
        except (KeyError, TypeError) as e:
            print(ascii(name)[:40], type(e).__name__, ascii(str(e))[:80])

calls = [
    lambda: u.category(1), lambda: u.category("ab"), lambda: u.category(""), lambda: u.category(),
    lambda: u.category("a", "b"), lambda: u.category(chr="a"), lambda: u.name(), lambda: u.name("a", 1, 2),
    lambda: u.name(5), lambda: u.name(c="a"), lambda: u.decimal("x"), lambda: u.digit("x"),
    lambda: u.numeric("x"), lambda: u.name("\x00"), lambda: u.ucd_3_2_0.category(),
    lambda: u.ucd_3_2_0.name("\U0001f600"), lambda: u.lookup(), lambda: u.lookup(1),
    lambda: u.normalize("NFC"), lambda: u.normalize(1, "a"), lambda: u.normalize("NFC", 3),
    lambda: u.normalize("NFX", "a"), lambda: u.is_normalized("NFX", "a"),
    lambda: u.is_normalized("NFC", 1), lambda: u.UCD(), lambda: u.bidirectional([]),
    lambda: u.mirrored(None), lambda: u.east_asian_width(b"a"), lambda: u.decomposition(1.0),
    lambda: u.combining("xy"),
]
for f in calls:
    try:
        print(ascii(f()))
    except Exception as e:
        print(type(e).__name__, e)
print(u.decimal("x", "dflt"), u.digit("\u00b2"), u.numeric("\u00bc"), u.numeric("\u4e07"))
print(u.ucd_3_2_0.decimal("\u0665"), u.ucd_3_2_0.numeric("\U00012432", "none"))
print(isinstance(u.ucd_3_2_0, u.UCD), u.UCD.__name__, u.UCD.__module__)
