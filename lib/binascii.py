"""pyrite's `binascii`: conversions between binary data and ASCII encodings (hex, base64,
quoted-printable, uuencode) and the CRCs, with CPython 3.11's semantics and messages.
"""

from zlib import crc32 as _zlib_crc32


class Error(ValueError):
    pass


class Incomplete(Exception):
    pass


Error.__module__ = Incomplete.__module__ = "binascii"

_B64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B64_DECODE = [64] * 256
for _i, _c in enumerate(_B64):
    _B64_DECODE[_c] = _i
del _i, _c


def _contiguous(view):
    """The bytes of a view taken as "y*" does: only a C-contiguous one."""
    if not view.c_contiguous:
        raise BufferError("memoryview: underlying buffer is not C-contiguous")
    return view.tobytes()


def _ascii_data(data):
    """The bytes of an a2b_* argument: bytes-like, or a str of ASCII characters."""
    if isinstance(data, str):
        try:
            return data.encode("ascii")
        except UnicodeEncodeError:
            raise ValueError("string argument should contain only ASCII characters") from None
    if isinstance(data, (bytes, bytearray)):
        return bytes(data)
    try:
        view = memoryview(data)
    except TypeError:
        view = None
    # `ascii_buffer_converter` asks for a simple (contiguous) buffer and reports any failure so.
    if view is None or not view.c_contiguous:
        raise TypeError(f"argument should be bytes, buffer or ASCII string, not '{type(data).__name__}'")
    return view.tobytes()


def _binary_data(data):
    if isinstance(data, (bytes, bytearray)):
        return bytes(data)
    if isinstance(data, str):
        raise TypeError(f"a bytes-like object is required, not '{type(data).__name__}'")
    try:
        view = memoryview(data)
    except TypeError:
        raise TypeError(f"a bytes-like object is required, not '{type(data).__name__}'") from None
    return _contiguous(view)


def hexlify(data, sep=None, bytes_per_sep=1):
    data = _binary_data(data)
    if sep is None:
        return data.hex().encode("ascii")
    return data.hex(sep, bytes_per_sep).encode("ascii")


b2a_hex = hexlify


def unhexlify(hexstr):
    data = _ascii_data(hexstr)
    if len(data) % 2:
        raise Error("Odd-length string")
    if data.strip(b"0123456789abcdefABCDEF"):
        raise Error("Non-hexadecimal digit found")
    return bytes.fromhex(data.decode("ascii"))


a2b_hex = unhexlify


def b2a_base64(data, *, newline=True):
    data = _binary_data(data)
    out = bytearray()
    for i in range(0, len(data) - 2, 3):
        n = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2]
        out += bytes((_B64[n >> 18], _B64[(n >> 12) & 63], _B64[(n >> 6) & 63], _B64[n & 63]))
    rest = len(data) % 3
    if rest == 1:
        n = data[-1] << 16
        out += bytes((_B64[n >> 18], _B64[(n >> 12) & 63])) + b"=="
    elif rest == 2:
        n = (data[-2] << 16) | (data[-1] << 8)
        out += bytes((_B64[n >> 18], _B64[(n >> 12) & 63], _B64[(n >> 6) & 63])) + b"="
    if newline:
        out += b"\n"
    return bytes(out)


def a2b_base64(data, *, strict_mode=False):
    data = _ascii_data(data)
    out = bytearray()
    quad_pos = 0
    leftchar = 0
    pads = 0
    padding_started = False
    if strict_mode and data[:1] == b"=":
        raise Error("Leading padding not allowed")
    n = len(data)
    for i in range(n):
        c = data[i]
        if c == 61:  # '='
            padding_started = True
            if quad_pos >= 2:
                pads += 1
                if quad_pos + pads >= 4:
                    # The quad is complete: nothing after it is read.
                    if strict_mode and i + 1 < n:
                        raise Error("Excess data after padding")
                    return bytes(out)
            continue
        v = _B64_DECODE[c]
        if v >= 64:
            if strict_mode:
                raise Error("Only base64 data is allowed")
            continue
        if strict_mode and padding_started:
            raise Error("Discontinuous padding not allowed")
        pads = 0
        if quad_pos == 0:
            quad_pos = 1
            leftchar = v
        elif quad_pos == 1:
            quad_pos = 2
            out.append(((leftchar << 2) | (v >> 4)) & 0xFF)
            leftchar = v & 0x0F
        elif quad_pos == 2:
            quad_pos = 3
            out.append(((leftchar << 4) | (v >> 2)) & 0xFF)
            leftchar = v & 0x03
        else:
            quad_pos = 0
            out.append(((leftchar << 6) | v) & 0xFF)
            leftchar = 0
    if quad_pos == 1:
        raise Error("Invalid base64-encoded string: number of data characters "
                    f"({len(out) // 3 * 4 + 1}) cannot be 1 more than a multiple of 4")
    if quad_pos != 0:
        raise Error("Incorrect padding")
    return bytes(out)


def crc32(data, crc=0):
    return _zlib_crc32(_binary_data(data), crc)


def crc_hqx(data, crc):
    """CRC-CCITT (polynomial 0x1021) as binhex uses it."""
    data = _binary_data(data)
    crc &= 0xFFFF
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc


def b2a_uu(data, *, backtick=False):
    data = _binary_data(data)
    if len(data) > 45:
        raise Error("At most 45 bytes at once")

    def enc(v):
        return 96 if backtick and v == 0 else v + 32

    out = bytearray([enc(len(data))])
    for i in range(0, len(data), 3):
        chunk = data[i:i + 3] + b"\x00" * (3 - len(data[i:i + 3]))
        n = (chunk[0] << 16) | (chunk[1] << 8) | chunk[2]
        out += bytes(enc((n >> s) & 63) for s in (18, 12, 6, 0))
    out += b"\n"
    return bytes(out)


def a2b_uu(data):
    data = _ascii_data(data).rstrip(b"\n\r")
    if not data:
        return b"\x00" * 32
    length = (data[0] - 32) & 63
    out = bytearray()
    bits = 0
    nbits = 0
    for c in data[1:]:
        if len(out) >= length:
            if c not in (32, 96, 10, 13) and (c - 32) & 63:
                raise Error("Trailing garbage")
            continue
        if c == 10 or c == 13:
            break
        if not 32 <= c <= 96:
            raise Error("Illegal char")
        bits = (bits << 6) | ((c - 32) & 63)
        nbits += 6
        if nbits >= 8:
            nbits -= 8
            out.append((bits >> nbits) & 0xFF)
            bits &= (1 << nbits) - 1
    out += b"\x00" * (length - len(out))
    return bytes(out[:length])


_HEX = b"0123456789ABCDEF"


def b2a_qp(data, quotetabs=False, istext=True, header=False):
    data = _binary_data(data)
    crlf = istext and b"\r\n" in data[: data.find(b"\n") + 1] if b"\n" in data else False
    out = bytearray()
    linelen = 0
    n = len(data)
    i = 0

    def quote(b):
        return bytes((61, _HEX[b >> 4], _HEX[b & 15]))

    while i < n:
        c = data[i]
        at_line_end = i + 1 == n or data[i + 1] == 10 or (i + 2 < n + 1 and data[i + 1:i + 3] == b"\r\n")
        needs = (c > 126 or c == 61 or (header and c == 95) or (c == 46 and linelen == 0 and at_line_end)
                 or (not istext and (c == 13 or c == 10))
                 or ((c == 9 or c == 32) and i + 1 == n)
                 or (c < 32 and c not in (13, 10) and (quotetabs or c not in (9, 32)))
                 or ((c == 9 or c == 32) and quotetabs)
                 or (c == 13 and istext and not (i + 1 < n and data[i + 1] == 10))
                 or ((c == 9 or c == 32) and istext and i + 1 < n and data[i + 1] in (10, 13)))
        if istext and (c == 10 or (c == 13 and i + 1 < n and data[i + 1] == 10)):
            if c == 13:
                i += 1
            out += b"\r\n" if crlf else b"\n"
            linelen = 0
            i += 1
            continue
        piece = quote(c) if needs else (b"_" if header and c == 32 else bytes((c,)))
        if linelen + len(piece) > 76 - (0 if i + 1 == n else 1):
            out += b"=\r\n" if crlf else b"=\n"
            linelen = 0
        out += piece
        linelen += len(piece)
        i += 1
    return bytes(out)


def a2b_qp(data, header=False):
    data = _ascii_data(data)
    out = bytearray()
    i = 0
    n = len(data)
    while i < n:
        c = data[i]
        if c == 61:  # '='
            if i + 1 >= n:
                break  # soft line break at the very end
            nxt = data[i + 1]
            if nxt == 10 or nxt == 13:
                i += 2 if nxt == 10 else (3 if data[i + 2:i + 3] == b"\n" else 2)
                continue
            pair = data[i + 1:i + 3]
            if len(pair) == 2 and all(ch in b"0123456789ABCDEFabcdef" for ch in pair):
                out.append(int(pair, 16))
                i += 3
                continue
            out.append(61)
            i += 1
        elif header and c == 95:
            out.append(32)
            i += 1
        else:
            out.append(c)
            i += 1
    return bytes(out)
