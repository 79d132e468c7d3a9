# What conversion dunders must return: complex, float, bytes, operator.index.
import operator


def mk(**methods):
    return type("A", (), methods)()


cases = [
    ("complex", lambda: complex(mk(__complex__=lambda s: 1))),
    ("complex ok", lambda: complex(mk(__complex__=lambda s: 2j))),
    ("float", lambda: float(mk(__float__=lambda s: 1))),
    ("float ok", lambda: float(mk(__float__=lambda s: 2.5))),
    ("bytes", lambda: bytes(mk(__bytes__=lambda s: 1))),
    ("bytes ok", lambda: bytes(mk(__bytes__=lambda s: b"xy"))),
    ("bytes of bytes", lambda: bytes(b"ab")),
    ("bytearray ignores __bytes__", lambda: bytearray(mk(__bytes__=lambda s: b"x", __iter__=lambda s: iter([65])))),
    ("index", lambda: operator.index(mk(__index__=lambda s: 1.5))),
    ("index ok", lambda: operator.index(mk(__index__=lambda s: 7))),
    ("index float", lambda: operator.index(1.5)),
    ("index big", lambda: operator.index(2**70)),
    ("int __int__", lambda: int(mk(__int__=lambda s: 1.5))),
]
for name, f in cases:
    try:
        print(name, "->", repr(f()))
    except TypeError as e:
        print(name, "-> TypeError:", e)
