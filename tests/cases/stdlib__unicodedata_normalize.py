# unicodedata.normalize / is_normalized on tricky strings, in both database versions.
import unicodedata as u

samples = [
    "", "abc", "caf\u00e9", "cafe\u0301", "\u1e9b\u0323", "\u0041\u030a", "\u212b", "\u2126",
    "\u00c5\u0327", "a\u0328\u0301\u0307", "a\u0301\u0328", "\u0344", "\u0f73", "\u0f75", "\u0f81",
    "\uac00", "\u1100\u1161", "\u1100\u1161\u11a8", "\uac00\u11a8", "\u1100\u1161\u11a7",
    "\u1100\u0301\u1161", "\ud55c\uad6d\uc5b4", "\u3131\u314f", "\ufb01", "\u2460", "\u00bd",
    "\u1d160", "\U0001d15e\U0001d165", "\U0001d160", "\u0958", "\u0915\u093c", "\u2adc",
    "\u2add\u0338", "\U0002f868", "\U0002f874", "\U0002f91f", "\U0002f95f", "\U0002f9bf",
    "\uf951", "\ufa2e", "\u1b05\u1b35", "\u1b06", "\u0b47\u0b3e", "\u0b4b", "\u09c7\u09be",
    "\u05d0\u05b7", "\ufb2e", "\ufdfa", "\u3300", "\u32ff", "e\u0301\u0301", "\u0065\u0302\u0323",
    "\u1ec7", "\u0071\u0307\u0323", "\u00e0\u0315\u0300", "\ud800", "a\udc00\u0301", "\ud800\u0301",
    "\u0301", "\u0301a", "\u0300\u0301\u0302", "\u1e0b\u0323", "\u1e0d\u0307", "\u0387", "\u037e",
    "\u1fed", "\u1fee", "\u0385", "\u2000", "\u2001", "\u00a0", "\u017f\u0307", "\u1e9b",
    "\uff76\uff9e", "\u30ab\u3099", "\u304b\u3099", "\U0001f1e6", "\u0627\u0653", "\u0622",
    "\u0cc6\u0cc2\u0cd5", "\u0dd9\u0dcf\u0dca", "\U000110a5\U000110ba", "\U00011347\U0001133e",
    "\U00011935\U00011930", "x\u0305\u0305\u0316",
]
for s in samples:
    row = []
    for db in (u, u.ucd_3_2_0):
        for form in ("NFC", "NFD", "NFKC", "NFKD"):
            n = db.normalize(form, s)
            row.append(ascii(n))
            assert db.is_normalized(form, s) == (n == s)
            assert db.is_normalized(form, n) or db is u.ucd_3_2_0
    print(ascii(s), " ".join(row))

# Every character's own normal forms, summarised.
import zlib
crc = 0
for start in range(0, 0x30000, 0x1000):
    chunk = "".join(chr(c) for c in range(start, start + 0x1000) if not 0xD800 <= c < 0xE000)
    parts = [u.normalize(f, chunk) for f in ("NFC", "NFD", "NFKC", "NFKD")]
    parts += [u.ucd_3_2_0.normalize(f, chunk) for f in ("NFC", "NFD", "NFKC", "NFKD")]
    crc = zlib.crc32("|".join(parts).encode("utf-8", "surrogatepass"), crc)
print(hex(crc))
s = "abc"
print(u.normalize("NFC", s) is s, u.is_normalized("NFD", "\u00e9"), u.is_normalized("NFC", "\u00e9"))
