"""pyrite's `_struct` (what `struct` re-exports): packing values into bytes and back by format
strings, with CPython 3.11's formats (native sizes and alignment for '@', standard sizes for
'=', '<', '>', '!'), range checks and error messages. Floats go through `_pyrite`'s IEEE 754
conversions.
"""

import sys as _sys
from _pyrite import pack_float as _pack_float, unpack_float as _unpack_float, writable_view as _writable_view

__all__ = ["calcsize", "pack", "pack_into", "unpack", "unpack_from", "iter_unpack", "Struct", "error"]


class error(Exception):
    pass


error.__module__ = "struct"

# code -> (native size, standard size, kind)
_CODES = {
    "x": (1, 1, "pad"), "c": (1, 1, "char"), "b": (1, 1, "int"), "B": (1, 1, "uint"),
    "?": (1, 1, "bool"), "h": (2, 2, "int"), "H": (2, 2, "uint"), "i": (4, 4, "int"),
    "I": (4, 4, "uint"), "l": (8, 4, "int"), "L": (8, 4, "uint"), "q": (8, 8, "int"),
    "Q": (8, 8, "uint"), "n": (8, None, "int"), "N": (8, None, "uint"), "e": (2, 2, "float"),
    "f": (4, 4, "float"), "d": (8, 8, "float"), "s": (1, 1, "bytes"), "p": (1, 1, "pascal"),
    "P": (8, None, "uint"),
}
# Formats whose range errors name the C type (CPython's _range_error special cases).
_RANGE_NAMES = {"b": "byte", "B": "ubyte", "h": "short", "H": "ushort"}
# Formats converted through a C long (i64) or unsigned long (u64) before the size check.
_VIA_SIGNED = set("bBhHil") | {"q", "n"}


def _parse(fmt):
    if isinstance(fmt, bytes):
        fmt = fmt.decode("latin-1")
    elif not isinstance(fmt, str):
        raise TypeError(f"Struct() argument 1 must be a str or bytes object, not {type(fmt).__name__}")
    order = "@"
    body = fmt
    if body and body[0] in "@=<>!":
        order, body = body[0], body[1:]
    native = order == "@"
    little = _sys.byteorder == "little" if order in "@=" else order == "<"
    items = []  # (code, count, size, offset)
    offset = 0
    i = 0
    n = len(body)
    while i < n:
        c = body[i]
        if c.isspace():
            i += 1
            continue
        count = None
        if c.isdigit():
            j = i
            while j < n and body[j].isdigit():
                j += 1
            count = int(body[i:j])
            if j >= n:
                raise error("repeat count given without format specifier")
            i = j
            c = body[i]
        if c not in _CODES:
            raise error("bad char in struct format")
        nsize, ssize, kind = _CODES[c]
        if not native and ssize is None:
            raise error("bad char in struct format")
        size = nsize if native else ssize
        if count is None:
            count = 1
        if native and kind not in ("pad", "char", "bytes", "pascal", "bool"):
            offset = (offset + size - 1) // size * size
        if kind in ("bytes", "pascal"):
            items.append((c, count, count, offset))
            offset += count
        else:
            items.append((c, count, size, offset))
            offset += size * count
        i += 1
    return fmt, little, native, items, offset


def _int_value(code, v):
    if not isinstance(v, int):
        index = getattr(type(v), "__index__", None)
        if index is None:
            raise error("required argument is not an integer")
        v = index(v)
    return v


def _pack_item(out, code, size, v, little, native):
    kind = _CODES[code][2]
    if kind == "float":
        t = type(v)
        if not isinstance(v, (int, float)) and not hasattr(t, "__float__") and not hasattr(t, "__index__"):
            raise error("required argument is not a float")
        out += _pack_float(float(v), size, little, not native or code != "f")
        return
    if kind == "bool":
        out += b"\x01" if v else b"\x00"
        return
    if kind == "char":
        if not isinstance(v, (bytes, bytearray)) or len(v) != 1:
            raise error("char format requires a bytes object of length 1")
        out += bytes(v)
        return
    v = _int_value(code, v)
    bits = size * 8
    if code in _VIA_SIGNED:
        if not -2**63 <= v < 2**63:
            raise error("argument out of range")
        if code in ("b", "B", "h", "H", "i") or (code == "l" and not native):
            lo, hi = (0, 2**bits - 1) if kind == "uint" else (-2**(bits - 1), 2**(bits - 1) - 1)
            if not lo <= v <= hi:
                name = _RANGE_NAMES.get(code)
                what = f"{name} format" if name else f"'{code}' format"
                raise error(f"{what} requires {lo} <= number <= {hi}")
    else:
        if not 0 <= v < 2**64:
            raise error("argument out of range")
        if v >= 2**bits:
            raise error(f"'{code}' format requires 0 <= number <= {2**bits - 1}")
    out += v.to_bytes(size, "little" if little else "big", signed=kind == "int")


def _unpack_item(data, pos, code, size, little):
    kind = _CODES[code][2]
    chunk = data[pos:pos + size]
    if kind == "float":
        return _unpack_float(chunk, little)
    if kind == "bool":
        return chunk != b"\x00" * size
    if kind == "char":
        return bytes(chunk)
    return int.from_bytes(chunk, "little" if little else "big", signed=kind == "int")


class Struct:
    __slots__ = ("_format", "_little", "_native", "_items", "_size", "__weakref__")

    def __init__(self, format):
        self._format, self._little, self._native, self._items, self._size = _parse(format)

    @property
    def format(self):
        return self._format

    @property
    def size(self):
        return self._size

    def _nargs(self):
        total = 0
        for code, count, _, _ in self._items:
            if code in "sp":
                total += 1
            elif code != "x":
                total += count
        return total

    def _pack(self, args):
        if len(args) != self._nargs():
            raise error(f"pack expected {self._nargs()} items for packing (got {len(args)})")
        out = bytearray()
        it = iter(args)
        for code, count, size, offset in self._items:
            if len(out) < offset:
                out += b"\x00" * (offset - len(out))
            if code == "x":
                out += b"\x00" * count
            elif code == "s" or code == "p":
                v = next(it)
                if not isinstance(v, (bytes, bytearray)):
                    raise error(f"argument for '{code}' must be a bytes object")
                v = bytes(v)
                if code == "s":
                    out += v[:count].ljust(count, b"\x00")
                elif count > 0:
                    body = v[:count - 1]
                    out += bytes([min(len(body), 255)]) + body.ljust(count - 1, b"\x00")
            else:
                for _ in range(count):
                    _pack_item(out, code, size, next(it), self._little, self._native)
        return bytes(out)

    def pack(self, *args):
        return self._pack(args)

    def pack_into(self, buffer, offset, *args):
        # CPython's order: the writable buffer ("w*"), the offset checks, then packing.
        view = _writable_view(buffer, "")
        n = len(view)
        if offset < 0:
            if offset + self._size > 0:
                raise error(f"no space to pack {self._size} bytes at offset {offset}")
            if offset + n < 0:
                raise error(f"offset {offset} out of range for {n}-byte buffer")
            offset += n
        if n - offset < self._size:
            raise error(f"pack_into requires a buffer of at least {self._size + offset} bytes for packing "
                        f"{self._size} bytes at offset {offset} (actual buffer size is {n})")
        view[offset:offset + self._size] = self._pack(args)

    def _unpack(self, data, start):
        out = []
        for code, count, size, offset in self._items:
            pos = start + offset
            if code == "x":
                continue
            if code == "s":
                out.append(bytes(data[pos:pos + count]))
            elif code == "p":
                if count == 0:
                    out.append(b"")
                else:
                    n = min(data[pos], count - 1)
                    out.append(bytes(data[pos + 1:pos + 1 + n]))
            else:
                for k in range(count):
                    out.append(_unpack_item(data, pos + k * size, code, size, self._little))
        return tuple(out)

    def unpack(self, buffer):
        data = _bytes(buffer)
        if len(data) != self._size:
            raise error(f"unpack requires a buffer of {self._size} bytes")
        return self._unpack(data, 0)

    def unpack_from(self, buffer, offset=0):
        data = _bytes(buffer)
        n = len(data)
        if offset < 0:
            if offset + n < 0:
                raise error(f"offset {offset} out of range for {n}-byte buffer")
            offset += n
        if n - offset < self._size:
            raise error(f"unpack_from requires a buffer of at least {self._size + offset} bytes for unpacking "
                        f"{self._size} bytes at offset {offset} (actual buffer size is {n})")
        return self._unpack(data, offset)

    def iter_unpack(self, buffer):
        data = _bytes(buffer)
        if self._size == 0:
            raise error("cannot iteratively unpack with a struct of length 0")
        if len(data) % self._size:
            raise error(f"iterative unpacking requires a buffer of a multiple of {self._size} bytes")
        return (self._unpack(data, i) for i in range(0, len(data), self._size))

    def __repr__(self):
        return f"<_struct.Struct object at 0x{id(self):x}>"


Struct.__module__ = "_struct"


def _bytes(buffer):
    if isinstance(buffer, (bytes, bytearray)):
        return buffer
    if isinstance(buffer, memoryview):
        if not buffer.c_contiguous:
            raise BufferError("memoryview: underlying buffer is not C-contiguous")
        return buffer.tobytes()
    if isinstance(buffer, str):
        raise TypeError(f"a bytes-like object is required, not '{type(buffer).__name__}'")
    try:
        return memoryview(buffer).tobytes()
    except TypeError:
        raise TypeError(f"a bytes-like object is required, not '{type(buffer).__name__}'") from None


_cache = {}


def _clearcache():
    _cache.clear()


def _struct(fmt):
    s = _cache.get(fmt)
    if s is None:
        if len(_cache) >= 100:
            _cache.clear()
        s = _cache[fmt] = Struct(fmt)
    return s


def calcsize(format):
    return _struct(format).size


def pack(format, /, *args):
    return _struct(format).pack(*args)


def pack_into(format, buffer, offset, /, *args):
    return _struct(format).pack_into(buffer, offset, *args)


def unpack(format, buffer, /):
    return _struct(format).unpack(buffer)


def unpack_from(format, /, buffer, offset=0):
    return _struct(format).unpack_from(buffer, offset)


def iter_unpack(format, buffer, /):
    return _struct(format).iter_unpack(buffer)
