# binascii (lib/binascii.py): hex with separators, base64 (strict and lenient), uuencode, CRCs, errors; the base64 module on top.
import binascii, base64
print(binascii.hexlify(b'ab', '-'), binascii.b2a_hex(b'abcd', b':', -3), binascii.unhexlify('6162'), binascii.hexlify(b'\x00\xff'))
for bad in ['616', '6g', '61 62']:
    try: binascii.unhexlify(bad)
    except Exception as e: print(type(e).__name__, e)
for bad in [b'YQ', b'YQ=', b'Y', b'YQ==YQ==', b'!YQ==', b'YWJj', b'YW=Jj', 'YWI=']:
    try: print(binascii.a2b_base64(bad))
    except Exception as e: print(type(e).__name__, e)
for bad in [b'YQ', b'YQ==x', b'=YQ==', b'Y!Q==', b'YQ=a=', b'YWJj==']:
    try: print(binascii.a2b_base64(bad, strict_mode=True))
    except Exception as e: print(type(e).__name__, e)
for d in [b'', b'h', b'hi', b'hi!', bytes(range(256))]:
    enc = binascii.b2a_base64(d)
    print(enc[:20], binascii.a2b_base64(enc) == d)
print(binascii.b2a_base64(b'hi', newline=False), binascii.crc_hqx(b'abc', 0), binascii.crc_hqx(b'123456789', 0xFFFF), binascii.crc32(b'abc'), binascii.crc32(b'abc', 5))
print(binascii.b2a_uu(b'hi'), binascii.a2b_uu(b'\":&D\n'), binascii.b2a_uu(b''), binascii.b2a_uu(b'\x00', backtick=True))
for d in [b'hello', b'The quick brown fox jumps over the lazy dog' * 2]:
    print(binascii.a2b_uu(binascii.b2a_uu(d[:45])) == d[:45])
print(binascii.Error.__mro__[1], binascii.Incomplete.__mro__[1])
print(base64.b64encode(b'hello'), base64.b64decode('aGVsbG8='), base64.urlsafe_b64encode(b'\xfb\xff'), base64.b32encode(b'ab'), base64.b32decode(b'MFRA===='))
print(base64.b16encode(b'\xab'), base64.b16decode('AB'), base64.a85encode(b'hello'), base64.a85decode(b'BOu!rDZ'), base64.b85encode(b'hi'), base64.b85decode(b'XlV'))
print(base64.encodebytes(b'x' * 60), base64.standard_b64decode(b'eA=='))
try:
    base64.b64decode('abc', validate=True)
except binascii.Error as e:
    print("Error:", e)
