# encodings.idna (stringprep over unicodedata.ucd_3_2_0) and friends.
import stringprep
import encodings.idna as idna

for s in ["b\u00fccher.de", "m\u00fcnchen.example", "B\u00dcCHER.DE", "\u4f8b\u3048.\u30c6\u30b9\u30c8",
          "python.org", "xn--bcher-kva.de", "\u0440\u0443\u0441\u0441\u043a\u0438\u0439.\u0440\u0444",
          "stra\u00dfe.de", "\u00e9x\u00e2mple.", "a\u00ad.com"]:
    try:
        enc = s.encode("idna")
        print(ascii(s), enc, ascii(enc.decode("idna")))
    except UnicodeError as e:
        print(ascii(s), type(e).__name__, e)
print(ascii(idna.nameprep("B\u00fcCHER\u00df")), idna.ToASCII("b\u00fccher"), ascii(idna.ToUnicode(b"xn--bcher-kva")))
print(stringprep.in_table_a1("\u0221"), stringprep.in_table_b1("\u00ad"), ascii(stringprep.map_table_b2("\u00df")))
print(stringprep.in_table_c12("\u00a0"), stringprep.in_table_d1("\u05d0"), stringprep.in_table_d2("a"))
for bad in ["a\u0660b\u05d0", "\u05d0a\u05d1", "\ufffd", "x" * 64]:
    try:
        print(bad.encode("idna"))
    except UnicodeError as e:
        print(type(e).__name__)
print("b\u00fccher".encode("punycode"), b"bcher-kva".decode("punycode"))
