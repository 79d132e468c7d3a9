"""pyrite's `_contextvars` (what `contextvars` re-exports): `ContextVar`, `Token`, `Context`
and `copy_context`, with CPython 3.11's semantics and messages. A context is a mapping from
variables to values; `ContextVar.set` changes the current context only, `Context.run` makes
another context current for the duration of a call, `copy_context` snapshots the current one.

Contexts copy their mapping on `copy()` (CPython shares an immutable HAMT: the same results,
copying costs O(n) here instead of O(1)).
"""

__all__ = ("Context", "ContextVar", "Token", "copy_context")


class _Missing:
    __slots__ = ()

    def __repr__(self):
        return "<Token.MISSING>"


_MISSING = _Missing()


class Context:
    __slots__ = ("_vars", "_entered", "_prev")

    def __init__(self):
        self._vars = {}
        self._entered = False
        self._prev = None

    def run(self, callable, /, *args, **kwargs):
        global _current
        if self._entered:
            raise RuntimeError(f"cannot enter context: {self!r} is already entered")
        self._prev = _current
        self._entered = True
        _current = self
        try:
            return callable(*args, **kwargs)
        finally:
            _current = self._prev
            self._prev = None
            self._entered = False

    def copy(self):
        new = Context()
        new._vars = dict(self._vars)
        return new

    def __getitem__(self, var):
        if not isinstance(var, ContextVar):
            raise TypeError(f"a ContextVar key was expected, got {var!r}")
        return self._vars[var]

    def get(self, var, default=None):
        if not isinstance(var, ContextVar):
            raise TypeError(f"a ContextVar key was expected, got {var!r}")
        return self._vars.get(var, default)

    def __contains__(self, var):
        if not isinstance(var, ContextVar):
            raise TypeError(f"a ContextVar key was expected, got {var!r}")
        return var in self._vars

    def __iter__(self):
        return iter(self._vars)

    def __len__(self):
        return len(self._vars)

    def keys(self):
        return self._vars.keys()

    def values(self):
        return self._vars.values()

    def items(self):
        return self._vars.items()

    def __eq__(self, other):
        if not isinstance(other, Context):
            return NotImplemented
        return self._vars == other._vars

    __hash__ = None

    def __init_subclass__(cls, **kwargs):
        raise TypeError("type '_contextvars.Context' is not an acceptable base type")


_current = Context()


def copy_context():
    return _current.copy()


class ContextVar:
    __slots__ = ("_name", "_default", "__weakref__")

    def __init__(self, *args, default=_MISSING):
        if len(args) != 1:
            raise TypeError(f"ContextVar() takes exactly 1 positional argument ({len(args)} given)")
        name = args[0]
        if not isinstance(name, str):
            raise TypeError("context variable name must be a str")
        self._name = name
        self._default = default

    @property
    def name(self):
        return self._name

    def get(self, *args):
        if len(args) > 1:
            raise TypeError(f"get expected at most 1 argument, got {len(args)}")
        try:
            return _current._vars[self]
        except KeyError:
            pass
        if args:
            return args[0]
        if self._default is not _MISSING:
            return self._default
        raise LookupError(self)

    def set(self, value):
        ctx = _current
        old = ctx._vars.get(self, _MISSING)
        ctx._vars[self] = value
        return Token(_Token_key, ctx, self, old)

    def reset(self, token):
        if not isinstance(token, Token):
            raise TypeError(f"expected an instance of Token, got {token!r}")
        if token._used:
            raise RuntimeError(f"{token!r} has already been used once")
        if token._var is not self:
            raise ValueError(f"{token!r} was created by a different ContextVar")
        if token._ctx is not _current:
            raise ValueError(f"{token!r} was created in a different Context")
        token._used = True
        if token._old is _MISSING:
            _current._vars.pop(self, None)
        else:
            _current._vars[self] = token._old

    def __repr__(self):
        default = "" if self._default is _MISSING else f" default={self._default!r}"
        return f"<ContextVar name={self._name!r}{default} at 0x{id(self):x}>"

    def __class_getitem__(cls, item):
        import types
        return types.GenericAlias(cls, item)

    def __init_subclass__(cls, **kwargs):
        raise TypeError("type '_contextvars.ContextVar' is not an acceptable base type")

    def __hash__(self):
        return object.__hash__(self)


_Token_key = object()


class Token:
    __slots__ = ("_ctx", "_var", "_old", "_used")

    MISSING = _MISSING

    def __init__(self, *args):
        if len(args) != 4 or args[0] is not _Token_key:
            raise RuntimeError("Tokens can only be created by ContextVars")
        _, self._ctx, self._var, self._old = args
        self._used = False

    @property
    def var(self):
        return self._var

    @property
    def old_value(self):
        return self._old

    def __repr__(self):
        used = " used" if self._used else ""
        return f"<Token{used} var={self._var!r} at 0x{id(self):x}>"

    def __class_getitem__(cls, item):
        import types
        return types.GenericAlias(cls, item)

    def __init_subclass__(cls, **kwargs):
        raise TypeError("type '_contextvars.Token' is not an acceptable base type")


for _cls in (Context, ContextVar, Token):
    _cls.__module__ = "_contextvars"
del _cls
