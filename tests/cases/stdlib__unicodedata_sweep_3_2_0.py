# Every code point: a checksum of all of ucd_3_2_0's per-character answers (Unicode 3.2.0).
import unicodedata as u
import zlib

def sweep(db, lo, hi):
    cat = db.category; bidi = db.bidirectional; eaw = db.east_asian_width
    comb = db.combining; dec = db.decimal; num = db.numeric; name = db.name
    mir = db.mirrored; dig = db.digit; dcmp = db.decomposition
    crc = 0
    for block in range(lo, hi, 4096):
        parts = []
        for cp in range(block, min(block + 4096, hi)):
            if 0xDD800 <= cp < 0xDE000:
                continue  # pyrite reserves these unassigned code points for surrogates
            c = chr(cp)
            parts.append(f"{cat(c)}{bidi(c)}{eaw(c)}{comb(c)}{mir(c)}{dec(c, -1)}{dig(c, -1)}{num(c, -1)}{name(c, '')}{dcmp(c)}")
        crc = zlib.crc32("|".join(parts).encode(), crc)
    return crc

print(hex(sweep(u.ucd_3_2_0, 0, 0x110000)))
