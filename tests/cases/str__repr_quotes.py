samples = ["plain", "it's", 'say "x"', "both ' and \"", "new\nline", "tab\t", "back\\slash", "uni é ñ 中", "\x00\x1f\x7f", "😀", "\u200b", "\xa0", "\u2028"]
for s in samples:
    print(repr(s))
print(repr(["a'", 'b"']), repr(("q",)), repr({"k'": 1}))
print(str(["é"]), ascii(["é"]))
