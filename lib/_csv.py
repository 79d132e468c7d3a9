"""pyrite's `_csv` (what `csv` builds on): dialects, `reader` and `writer` with the parsing
state machine and quoting rules of CPython 3.11's Modules/_csv.c, and its error messages.
"""

__version__ = "1.0"

QUOTE_MINIMAL, QUOTE_ALL, QUOTE_NONNUMERIC, QUOTE_NONE = range(4)

_dialects = {}
_field_limit = 128 * 1024


class Error(Exception):
    pass


Error.__module__ = "_csv"


class Dialect:
    """CSV dialect

The Dialect type records CSV parsing and generation options.
"""

    __slots__ = ("_delimiter", "_doublequote", "_escapechar", "_lineterminator", "_quotechar",
                 "_quoting", "_skipinitialspace", "_strict")

    def __new__(cls, dialect=None, **kwargs):
        for k in kwargs:
            if k not in ("delimiter", "doublequote", "escapechar", "lineterminator", "quotechar",
                         "quoting", "skipinitialspace", "strict"):
                raise TypeError(f"'{k}' is an invalid keyword argument for this function")
        if dialect is not None:
            if isinstance(dialect, str):
                dialect = get_dialect(dialect)
            if type(dialect) is Dialect and not kwargs:
                return dialect
        self = object.__new__(cls)

        def get(name, default):
            if name in kwargs:
                return kwargs[name]
            if dialect is not None and hasattr(dialect, name):
                return getattr(dialect, name)
            return default

        delimiter = get("delimiter", ",")
        doublequote = get("doublequote", True)
        escapechar = get("escapechar", None)
        lineterminator = get("lineterminator", "\r\n")
        quotechar = get("quotechar", '"')
        quoting = get("quoting", QUOTE_MINIMAL)
        skipinitialspace = get("skipinitialspace", False)
        strict = get("strict", False)

        if not isinstance(delimiter, str):
            raise TypeError(f'"delimiter" must be string, not {type(delimiter).__name__}')
        if len(delimiter) != 1:
            raise TypeError('"delimiter" must be a 1-character string')
        if escapechar is not None:
            if not isinstance(escapechar, str):
                raise TypeError(f'"escapechar" must be string or None, not {type(escapechar).__name__}')
            if len(escapechar) != 1:
                raise TypeError('"escapechar" must be a 1-character string')
        if quotechar is not None:
            if not isinstance(quotechar, str):
                raise TypeError(f'"quotechar" must be string or None, not {type(quotechar).__name__}')
            if len(quotechar) != 1:
                raise TypeError('"quotechar" must be a 1-character string')
        if not isinstance(quoting, int):
            raise TypeError('"quoting" must be an integer')
        if quoting not in (QUOTE_MINIMAL, QUOTE_ALL, QUOTE_NONNUMERIC, QUOTE_NONE):
            raise TypeError("bad \"quoting\" value")
        if lineterminator is None:
            raise TypeError("lineterminator must be set")
        if not isinstance(lineterminator, str):
            raise TypeError(f'"lineterminator" must be a string, not {type(lineterminator).__name__}')
        if quotechar is None and quoting != QUOTE_NONE:
            raise TypeError("quotechar must be set if quoting enabled")
        object.__setattr__(self, "_delimiter", delimiter)
        object.__setattr__(self, "_doublequote", bool(doublequote))
        object.__setattr__(self, "_escapechar", escapechar)
        object.__setattr__(self, "_lineterminator", lineterminator)
        object.__setattr__(self, "_quotechar", quotechar)
        object.__setattr__(self, "_quoting", quoting)
        object.__setattr__(self, "_skipinitialspace", bool(skipinitialspace))
        object.__setattr__(self, "_strict", bool(strict))
        return self

    delimiter = property(lambda self: self._delimiter)
    doublequote = property(lambda self: self._doublequote)
    escapechar = property(lambda self: self._escapechar)
    lineterminator = property(lambda self: self._lineterminator)
    quotechar = property(lambda self: self._quotechar)
    quoting = property(lambda self: self._quoting)
    skipinitialspace = property(lambda self: self._skipinitialspace)
    strict = property(lambda self: self._strict)

    def __setattr__(self, name, value):
        raise AttributeError("attribute is read-only" if hasattr(type(self), name)
                             else f"'_csv.Dialect' object has no attribute '{name}'")

    def __reduce_ex__(self, protocol):
        raise TypeError(f"cannot pickle '{type(self).__module__}.{type(self).__qualname__}' object")


Dialect.__module__ = "_csv"


def register_dialect(name, dialect=None, **kwargs):
    if not isinstance(name, str):
        raise TypeError("dialect name must be a string")
    _dialects[name] = Dialect(dialect, **kwargs)


def unregister_dialect(name):
    if name not in _dialects:
        raise Error("unknown dialect")
    del _dialects[name]


def get_dialect(name):
    try:
        return _dialects[name]
    except (KeyError, TypeError):
        raise Error("unknown dialect")


def list_dialects():
    return list(_dialects)


def field_size_limit(*args, **kwargs):
    global _field_limit
    if kwargs:
        if list(kwargs) != ["new_limit"] or args:
            raise TypeError("field_size_limit() takes at most 1 argument")
        args = (kwargs["new_limit"],)
    if len(args) > 1:
        raise TypeError(f"field_size_limit expected at most 1 argument, got {len(args)}")
    old = _field_limit
    if args:
        if not isinstance(args[0], int):
            raise TypeError("limit must be an integer")
        _field_limit = args[0]
    return old


# Parser states (Modules/_csv.c).
(START_RECORD, START_FIELD, ESCAPED_CHAR, IN_FIELD, IN_QUOTED_FIELD, ESCAPE_IN_QUOTED_FIELD,
 QUOTE_IN_QUOTED_FIELD, EAT_CRNL, AFTER_ESCAPED_CRNL) = range(9)


class Reader:
    def __init__(self, iterable, dialect=None, **kwargs):
        self._iter = iter(iterable)
        self.dialect = Dialect(dialect, **kwargs)
        self.line_num = 0
        self._fields = None
        self._field = []
        self._state = START_RECORD
        self._numeric = False

    def __iter__(self):
        return self

    def _save_field(self):
        field = "".join(self._field)
        self._field = []
        if self._numeric:
            self._numeric = False
            field = float(field)
        self._fields.append(field)

    def _add_char(self, c):
        if len(self._field) >= _field_limit:
            raise Error(f"field larger than field limit ({_field_limit})")
        self._field.append(c)

    def _process_char(self, c):
        d = self.dialect
        state = self._state
        if state == START_RECORD:
            if c is None:
                return
            if c == "\n" or c == "\r":
                self._state = EAT_CRNL
                return
            state = self._state = START_FIELD
        if state == START_FIELD:
            if c == "\n" or c == "\r" or c is None:
                self._save_field()
                self._state = START_RECORD if c is None else EAT_CRNL
            elif c == d.quotechar and d.quoting != QUOTE_NONE:
                self._state = IN_QUOTED_FIELD
            elif c == d.escapechar:
                self._state = ESCAPED_CHAR
            elif c == " " and d.skipinitialspace:
                pass
            elif c == d.delimiter:
                self._save_field()
            else:
                if d.quoting == QUOTE_NONNUMERIC:
                    self._numeric = True
                self._add_char(c)
                self._state = IN_FIELD
        elif state == ESCAPED_CHAR:
            if c == "\n" or c == "\r":
                self._add_char(c)
                self._state = AFTER_ESCAPED_CRNL
                return
            if c is None:
                c = "\n"
            self._add_char(c)
            self._state = IN_FIELD
        elif state == AFTER_ESCAPED_CRNL:
            if c is None:
                return
            self._state = IN_FIELD
            self._process_char(c)
        elif state == IN_FIELD:
            if c == "\n" or c == "\r" or c is None:
                self._save_field()
                self._state = START_RECORD if c is None else EAT_CRNL
            elif c == d.escapechar:
                self._state = ESCAPED_CHAR
            elif c == d.delimiter:
                self._save_field()
                self._state = START_FIELD
            else:
                self._add_char(c)
        elif state == IN_QUOTED_FIELD:
            if c is None:
                pass
            elif c == d.escapechar:
                self._state = ESCAPE_IN_QUOTED_FIELD
            elif c == d.quotechar and d.quoting != QUOTE_NONE:
                self._state = QUOTE_IN_QUOTED_FIELD if d.doublequote else IN_FIELD
            else:
                self._add_char(c)
        elif state == ESCAPE_IN_QUOTED_FIELD:
            if c is None:
                c = "\n"
            self._add_char(c)
            self._state = IN_QUOTED_FIELD
        elif state == QUOTE_IN_QUOTED_FIELD:
            if d.quoting != QUOTE_NONE and c == d.quotechar:
                self._add_char(c)
                self._state = IN_QUOTED_FIELD
            elif c == d.delimiter:
                self._save_field()
                self._state = START_FIELD
            elif c == "\n" or c == "\r" or c is None:
                self._save_field()
                self._state = START_RECORD if c is None else EAT_CRNL
            elif not d.strict:
                self._add_char(c)
                self._state = IN_FIELD
            else:
                raise Error(f"'{d.delimiter}' expected after '{d.quotechar}'")
        elif state == EAT_CRNL:
            if c == "\n" or c == "\r":
                pass
            elif c is None:
                self._state = START_RECORD
            else:
                raise Error("new-line character seen in unquoted field - "
                            "do you need to open the file in universal-newline mode?")

    def __next__(self):
        self._fields = []
        self._field = []
        self._state = START_RECORD
        self._numeric = False
        while True:
            try:
                line = next(self._iter)
            except StopIteration:
                if len(self._field) != 0 or self._state == IN_QUOTED_FIELD:
                    if self.dialect.strict:
                        raise Error("unexpected end of data")
                    self._save_field()
                    break
                raise
            if not isinstance(line, str):
                raise Error("iterator should return strings, not %.200s "
                            "(the file should be opened in text mode)" % type(line).__name__)
            self.line_num += 1
            for c in line:
                self._process_char(c)
            self._process_char(None)
            if self._state == START_RECORD:
                break
        fields = self._fields
        self._fields = None
        return fields


Reader.__module__ = "_csv"


class Writer:
    def __init__(self, fileobj, dialect=None, **kwargs):
        try:
            self._write = fileobj.write
        except AttributeError:
            raise TypeError('argument 1 must have a "write" method') from None
        self.dialect = Dialect(dialect, **kwargs)

    def _join_field(self, field, quoted, parts):
        d = self.dialect
        lineterm = d.lineterminator
        out = []
        for c in field:
            want_escape = False
            if (c == d.delimiter or c == d.escapechar or c == d.quotechar
                    or c in lineterm or c == "\n" or c == "\r"):
                if d.quoting == QUOTE_NONE:
                    want_escape = True
                else:
                    if c == d.quotechar:
                        if d.doublequote:
                            out.append(d.quotechar)
                        else:
                            want_escape = True
                    elif c == d.escapechar:
                        want_escape = True
                    if not want_escape:
                        quoted = True
                if want_escape:
                    if d.escapechar is None:
                        raise Error("need to escape, but no escapechar set")
                    out.append(d.escapechar)
            out.append(c)
        text = "".join(out)
        if quoted:
            text = d.quotechar + text + d.quotechar
        parts.append(text)

    def writerow(self, row):
        d = self.dialect
        try:
            items = iter(row)
        except TypeError:
            raise Error(f"iterable expected, not {type(row).__name__}") from None
        parts = []
        count = 0
        for field in items:
            count += 1
            if d.quoting == QUOTE_NONNUMERIC:
                # PyNumber_Check: anything with __index__, __int__, __float__ or a complex.
                t = type(field)
                quoted = not (isinstance(field, complex) or hasattr(t, "__index__")
                              or hasattr(t, "__int__") or hasattr(t, "__float__"))
            else:
                quoted = d.quoting == QUOTE_ALL
            if field is None:
                text = ""
            elif isinstance(field, str):
                text = field
            else:
                text = str(field)
            self._join_field(text, quoted, parts)
        if count == 0:
            if d.quoting == QUOTE_NONE:
                raise Error("single empty field record must be quoted")
        elif count == 1 and parts[0] == "":
            if d.quoting == QUOTE_NONE:
                raise Error("single empty field record must be quoted")
            parts[0] = d.quotechar * 2
        line = d.delimiter.join(parts) + d.lineterminator
        return self._write(line)

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


Writer.__module__ = "_csv"


def reader(iterable, dialect=None, **kwargs):
    return Reader(iterable, dialect, **kwargs)


def writer(fileobj, dialect=None, **kwargs):
    return Writer(fileobj, dialect, **kwargs)
