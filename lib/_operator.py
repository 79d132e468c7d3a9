"""pyrite's `_operator`: only what has no pure-Python equivalent in CPython's `operator.py`
(which defines everything else itself and imports this module's names over its own)."""

# `operator.index` must check what `__index__` returns (the pure-Python one does not);
# `operator.length_hint` words its errors as CPython's C one (`PyObject_LengthHint`).
from _pyrite import index, length_hint


def _compare_digest(a, b, /):
    """Return 'a == b', taking time that depends on the length of b only (as hmac needs)."""
    if isinstance(a, str) and isinstance(b, str):
        if not (a.isascii() and b.isascii()):
            raise TypeError("comparing strings with non-ASCII characters is not supported")
        a, b = a.encode("ascii"), b.encode("ascii")
    elif isinstance(a, str) or isinstance(b, str):
        other = b if isinstance(a, str) else a
        if isinstance(other, (bytes, bytearray, memoryview)):
            raise TypeError("a bytes-like object is required, not 'str'")
        raise TypeError("unsupported operand types(s) or combination of types: "
                        f"'{type(a).__name__}' and '{type(b).__name__}'")
    else:
        try:
            a, b = memoryview(a).tobytes(), memoryview(b).tobytes()
        except TypeError:
            raise TypeError("unsupported operand types(s) or combination of types: "
                            f"'{type(a).__name__}' and '{type(b).__name__}'") from None
    result = len(a) ^ len(b)
    left = a if len(a) == len(b) else b
    for x, y in zip(left, b):
        result |= x ^ y
    return result == 0
